"""When the garbage collector runs: not in the middle of opening a screen.

CPython's full collections go through every container object alive (the start-up's modules,
classes and stylesheet; the rows of every open table) and pause the UI while they do: 20-240 ms
here as a million-user tab fills (bench/tui_scale.py). One is due whenever enough objects have
survived since the last; opening a screen makes many, so it often fell in an opening.
"""

from __future__ import annotations

import gc


def freeze_start_up() -> None:
    """Take what start-up made out of the collector's sight, once per process.

    It lives as long as the app. Frozen objects are still freed by reference counting; only
    their cycles stay (start-up makes few). Once: tests run many apps in one process, and a
    later app's objects must stay collectable. Measured over a whole bench/tui_scale.py run: 19
    full collections took 1.86 s frozen, against 2.27-2.48 s unfrozen.
    """
    if not gc.get_freeze_count():
        gc.freeze()


def collect_left_screen() -> None:
    """Run a full collection when the user has just left a listing screen and the screen below
    is painted, rather than let the one that falls due land in the next screen's opening.

    A full collection restarts CPython's count toward the next one. The screen left, still
    being taken down at this point, goes with a later one. The million-user tab's first rows
    came 20-60 ms sooner (bench/tui_scale.py, three interleaved runs each: 79/68/66 ms against
    140/87/91 ms). Only listing screens call it: a collection costs what is still alive, and
    going back from a describe view to a 50,000-row tab took 150-170 ms each time.
    """
    gc.collect()
