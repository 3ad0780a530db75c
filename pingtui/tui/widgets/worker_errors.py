"""A widget's own failed worker: the one test every data widget makes on ``Worker.StateChanged``.

Workers run with ``exit_on_error=False``: their failures arrive as state changes, which bubble.
A widget acts only on its own worker's failure, and stops the event so that the screen does
not report it a second time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from textual.dom import DOMNode

RETRY_HINT = "Press r to try again; run with --debug for details."
"""The hint of an unexpected failure in a listing (``r`` reloads it)."""


def own_failure(event: Worker.StateChanged, node: DOMNode) -> BaseException | None:
    """The error of ``node``'s own worker when ``event`` says it failed (the event is then
    stopped), else None."""
    if event.worker.node is not node or event.state != WorkerState.ERROR:
        return None
    event.stop()
    return event.worker.error or RuntimeError("the worker failed")
