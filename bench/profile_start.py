"""Where the cold start goes: pyinstrument from interpreter start to pingtui's first frame.

    python bench/profile_start.py [pingtui args...]      (default: --demo)
    python bench/profile_start.py --minimal               (the baseline app)

Run it on a terminal (or under bench/cold_start.py's pty): it profiles ``pingtui.cli.main``,
stops at the first frame Textual writes, writes the profile to $TMPDIR/pingtui-profile-start.txt and
exits. Needs ``pip install pyinstrument`` (a dev tool, not a dependency).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

OUT = Path(tempfile.gettempdir()) / "pingtui-profile-start.txt"


def main() -> None:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    from textual.app import App

    original = App._display

    def display(app: App, screen: object, renderable: object) -> None:
        original(app, screen, renderable)  # type: ignore[arg-type]
        if renderable is not None:
            profiler.stop()
            OUT.write_text(profiler.output_text(unicode=True, show_all=bool(os.environ.get("PROFILE_ALL"))))
            os._exit(0)

    App._display = display  # type: ignore[method-assign]
    if sys.argv[1:] == ["--minimal"]:  # the baseline, profiled the same way
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from minimal_app import Minimal

        Minimal().run()
        return
    from pingtui.cli import main as cli_main

    cli_main(sys.argv[1:] or ["--demo"])


if __name__ == "__main__":
    main()
