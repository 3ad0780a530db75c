"""When the garbage collector runs, and what it has to go through.

CPython's full collections go through every container object alive (the start-up's modules,
classes and stylesheet; the rows of every open table) and pause the UI while they do: 20-240 ms
here as a million-user tab fills (bench/tui_scale.py). One is due whenever enough objects have
survived since the last; opening a screen makes many, so it often fell in an opening.

So what lives long is frozen (``gc.freeze``: out of the collector's sight; reference counting
still frees it): start-up's objects after the first paint, and a big table's rows every
``ROWS_PER_FREEZE`` of them. A frozen object that later dies in a cycle (a screen's widgets)
waits for ``gc.unfreeze``, which leaving a listing screen, leaving a screen whose table was
frozen, and the app's exit do.
"""

from __future__ import annotations

import gc
from typing import Any
from weakref import WeakSet

ROWS_PER_FREEZE = 10_000
"""A table freezes its rows each time it has this many more (50,000 rows: five freezes)."""

_collection_pending: WeakSet[Any] = WeakSet()
"""Apps with a collection scheduled (one app at a time in pingtui; many, one after another, in
the tests)."""


def freeze_start_up() -> None:
    """Take what start-up made out of the collector's sight (after the first paint).

    It lives as long as the app; start-up makes few cycles. Measured over a whole
    bench/tui_scale.py run: 19 full collections took 1.86 s frozen, against 2.27-2.48 s.
    """
    gc.freeze()


def freeze_rows() -> None:
    """Freeze what is alive now, a big table's rows with it, after a full collection of what
    is not frozen yet (so that no garbage is frozen: only the rows added since the last
    freeze are gone through). Filling a million-user tab to 50,000 rows, all full collections
    (these five and CPython's own) took 0.25-0.27 s, the longest 33-34 ms, against 0.55-0.60 s
    and 103-112 ms without."""
    gc.collect()
    gc.freeze()


def collect_soon(app: Any) -> None:
    """Thaw and run a full collection once the screen below is painted: the user has just
    left a listing screen (or a screen with a frozen table), so it falls while they read the
    screen below, not in the next screen's opening, and what that screen froze can go.

    A full collection restarts CPython's count toward the next one. The screen left, still
    being taken down at this point, goes with a later one. The million-user tab's first rows
    came 20-60 ms sooner (bench/tui_scale.py, three interleaved runs each: 79/68/66 ms against
    140/87/91 ms). Not on leaving every screen: a collection costs what is still alive, and
    going back from a describe view to a 50,000-row tab took 150-170 ms each time. Calls
    before it runs share it.
    """
    if app not in _collection_pending:
        _collection_pending.add(app)
        app.call_after_refresh(_thaw_and_collect, app)


def _thaw_and_collect(app: Any) -> None:
    _collection_pending.discard(app)
    gc.unfreeze()
    gc.collect()


def thaw() -> None:
    """The app is leaving: what it froze is the collector's again (tests run many apps in
    one process)."""
    gc.unfreeze()
