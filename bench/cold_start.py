"""(a) Cold start: process start -> first frame on a real (pseudo) terminal.

    python bench/cold_start.py --runs 5            # pingtui --demo vs a minimal Textual app
    python bench/cold_start.py --importtime        # what the start path imports, by cost

Each command runs as a fresh process on a pty of 100x30 (TERM=xterm-256color), exactly as a
user starts it; the harness reads the terminal output and stops the clock at the first frame:
the first write, after the alternate screen is entered, that carries the app's text (the
minimal app's "Hello"; for pingtui the text of its first screen, found in a calibration run).
No hook in the product: the figure includes interpreter start, imports, the app's set-up and
the first paint, for both. The process is then killed.
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BENCH, PYTHON, ROOT, child_env

MINIMAL = [PYTHON, str(BENCH / "minimal_app.py")]
PINGTUI = [PYTHON, "-m", "pingtui", "--demo"]
ALT_SCREEN = b"\x1b[?1049h"
ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b\][^\x07]*\x07")


def plain(data: bytes) -> str:
    return ANSI.sub(b"", data).decode("utf-8", "replace")


def first_frame(argv: list[str], marker: str | None, *, timeout: float = 30.0,
                env: dict[str, str] | None = None, keep: float = 0.0) -> tuple[float, bytes]:
    """Seconds from spawning ``argv`` on a pty to the first frame with ``marker`` (None: any
    text after the alternate screen), and the bytes read (``keep`` s more, for calibration)."""
    master, slave = pty.openpty()
    fcntl_size = struct.pack("HHHH", 30, 100, 0, 0)
    import fcntl

    fcntl.ioctl(slave, termios.TIOCSWINSZ, fcntl_size)
    environment = child_env(TERM="xterm-256color", COLUMNS="100", LINES="30",
                            **(env or {}))
    environment.pop("TEXTUAL", None)
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, cwd=ROOT,
                            env=environment, start_new_session=True, close_fds=True)
    os.close(slave)
    data = b""
    found: float | None = None
    try:
        while True:
            now = time.perf_counter()
            if now - start > timeout:
                raise TimeoutError(f"no first frame from {' '.join(argv)} in {timeout}s:\n"
                                   f"{plain(data)[-2000:]}")
            if found is not None and now - start > found + keep:
                break
            ready, _, _ = select.select([master], [], [], 0.01)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
            if found is None:
                at = data.find(ALT_SCREEN)
                if at >= 0:
                    text = plain(data[at:])
                    if (marker in text) if marker else text.strip():
                        found = time.perf_counter() - start
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        os.close(master)
    assert found is not None
    return found, data


def measure(runs: int, marker: str | None) -> dict[str, Any]:
    # Warm the OS file cache and .pyc files once, untimed (a "cold" start is a new process,
    # not a cold disk: that would measure the disk).
    first_frame(MINIMAL, "Hello")
    first_frame(PINGTUI, marker)
    ours, base = [], []
    for _ in range(runs):  # alternate, so drift on a shared machine hits both
        base.append(first_frame(MINIMAL, "Hello")[0])
        ours.append(first_frame(PINGTUI, marker)[0])
    return {"pingtui": ours, "minimal": base, "marker": marker}


def calibrate() -> str:
    """The first line of text pingtui --demo paints (used as its first-frame marker)."""
    _, data = first_frame(PINGTUI, None, keep=1.5)
    text = plain(data[data.find(ALT_SCREEN):])
    for line in text.splitlines():
        words = re.findall(r"[A-Za-z][A-Za-z-]{3,}", line)
        if words:
            return words[0]
    raise RuntimeError("pingtui --demo painted no text")


def importtime(argv: list[str], marker: str | None, top: int = 25) -> dict[str, Any]:
    """python -X importtime of the start path up to the first frame: the costliest modules."""
    _, data = first_frame([argv[0], "-X", "importtime", *argv[1:]], marker, keep=0.0)
    rows = []
    for line in data.decode("utf-8", "replace").splitlines():
        match = re.search(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)", line)
        if match:
            rows.append((int(match.group(2)), int(match.group(1)),
                         len(match.group(3)) // 2, match.group(4)))
    names = {name for *_, name in rows}
    top_level = sorted((r for r in rows if r[2] == 0), reverse=True)[:top]
    heavy = ["yaml", "keyring", "segno", "platformdirs", "filelock", "pingtui.sim",
             "http.server", "httpx", "pingtui.api", "pingtui.auth", "textual.widgets._data_table",
             "pingtui.tui.widgets.resource_table"]
    return {
        "modules": len(names),
        "total_us": sum(r[1] for r in rows),
        "top": [{"module": name, "cumulative_us": cum, "self_us": own}
                for cum, own, _, name in top_level],
        "loaded": {name: any(n == name or n.startswith(name + ".") for n in names)
                   for name in heavy},
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--importtime", action="store_true")
    parser.add_argument("--marker", default=None,
                        help="text of pingtui's first frame (default: found by calibration)")
    args = parser.parse_args()
    marker = args.marker or calibrate()
    if args.importtime:
        result = {"pingtui": importtime(PINGTUI, marker),
                  "minimal": importtime(MINIMAL, "Hello")}
    else:
        result = measure(args.runs, marker)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
