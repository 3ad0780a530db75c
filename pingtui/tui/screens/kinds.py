"""``:kinds`` / ``ctrl+a`` (k9s's aliases view): every kind, what it is, and how many there are.

Inside an environment each kind that lives directly in it (or in the organization) shows how
many objects it holds. The counts are fetched lazily, after the first paint, a few at a time
(``CONCURRENCY`` requests in flight) and as cheaply as each collection allows: ``limit=1`` and
the answer's ``count`` where it pages, its one answer where it does not. A count that can't be
read (403 for a role the admin lacks) shows why in a word, never fails the screen. Child kinds
(a resource's scopes) have no count of their own: they say what they live under. Enter opens
the kind where you are.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from pingtui.tui.screens.base import PingScreen

if TYPE_CHECKING:
    from collections.abc import Mapping

    from pingtui.api.catalog import Kind

CONCURRENCY = 4
"""Count requests in flight at once: quick on a real tenant, gentle on its rate limits."""
PENDING = "…"
FLUSH_EVERY = 0.1
"""Seconds between redraws of the counts that arrived meanwhile."""
KIND_WIDTH, COUNT_WIDTH = 28, 22
SCROLLBAR = 2
"""The vertical scroll bar's width (fifty kinds don't fit a screen's height)."""


class KindsScreen(PingScreen[str | None]):
    """Dismisses with the name of the kind to open (or None)."""

    DEFAULT_CSS = """
    KindsScreen > #kinds-table { height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="kinds.open"),
        Binding("r", "refresh", "Refresh counts", id="kinds.refresh"),
        Binding("escape", "close", "Back", id="kinds.close"),
    ]

    @dataclass
    class Counted(Message):
        kind: str
        text: str

    @dataclass
    class AllCounted(Message):
        seconds: float
        requests: int

    def __init__(self, environment: Mapping[str, Any] | None = None, *,
                 concurrency: int | None = None) -> None:
        super().__init__()
        self.environment = environment
        self.environment_id = str(environment.get("id", "")) if environment else None
        self.concurrency = concurrency or CONCURRENCY
        self.counts: dict[str, str] = {}
        self._pending: dict[str, str] = {}
        self._flush_scheduled = False
        self._drawn_width = 0
        self.elapsed: float | None = None
        """Seconds from the first count request to the last answer (None while counting)."""
        self.requests = 0
        """API requests the counts took (retries included)."""

    def kinds(self) -> list[Kind]:
        from pingtui.api.catalog import CATALOG

        return list(CATALOG)

    def countable(self, kind: Kind) -> bool:
        """Counted here: the kinds of this environment (inside one) and of the organization."""
        if kind.parent_kinds or kind.viewer:  # the audit log counts nothing without a window
            return False
        return not kind.in_environment or self.environment_id is not None

    def _placeholder(self, kind: Kind) -> str:
        from pingtui.api.catalog import CATALOG

        if kind.parent_kinds:
            return "per " + CATALOG.kinds[kind.parent_kinds[0]].singular
        if kind.viewer:
            return "Enter opens it"
        return PENDING if self.countable(kind) else "per environment"

    def compose(self) -> ComposeResult:
        yield from self.compose_shell()
        where = f" in {self.environment.get('name') or self.environment_id}" \
            if self.environment else ""
        yield Static(Text(f"Kinds{where}"), classes="screen-title", id="kinds-title")
        yield Static(Text("Enter opens a kind · r counts again · esc back"),
                     classes="screen-note", id="kinds-status")
        table: DataTable[Text] = DataTable(id="kinds-table", cursor_type="row",
                                           zebra_stripes=True)
        yield table

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self._fill(table)
        table.focus()
        self.count_all()

    def on_resize(self) -> None:
        table = self.query_one(DataTable)
        if self._description_width(table) != self._drawn_width:
            self._fill(table)

    def _description_width(self, table: DataTable[Text]) -> int:
        """What is left of the table's width after KIND and COUNT (cell padding and the
        scroll bar counted): the descriptions are cut to it, so the table never scrolls
        sideways and End can't hide the KIND column."""
        width = table.size.width or self.app.size.width
        padding = 2 * table.cell_padding * 3
        return max(10, width - KIND_WIDTH - COUNT_WIDTH - padding - SCROLLBAR)

    def _fill(self, table: DataTable[Text]) -> None:
        """The columns and rows, descriptions cut with '…' to the width there is."""
        row = table.cursor_row
        width = self._drawn_width = self._description_width(table)
        table.clear(columns=True)
        table.add_column("KIND", key="kind", width=KIND_WIDTH)
        table.add_column("COUNT", key="count", width=COUNT_WIDTH)
        table.add_column("DESCRIPTION", key="description", width=width)
        for kind in self.kinds():
            count = self.counts.get(kind.name)
            description = Text(kind.description)
            description.truncate(width, overflow="ellipsis")
            table.add_row(Text(kind.name), Text(count) if count is not None else
                          Text(self._placeholder(kind), style="dim"), description,
                          key=kind.name)
        if row:
            table.move_cursor(row=row)

    # ------------------------------------------------------------------ counting

    @work(exclusive=True, group="counts", exit_on_error=False)
    async def count_all(self) -> None:
        from pingtui.api.resources import count_items

        tenant = self.pingtui.tenant
        if tenant is None:
            return
        client = await tenant.client()
        wanted = [k for k in self.kinds() if self.countable(k)]
        gate = asyncio.Semaphore(self.concurrency)
        before = client.requests
        started = time.monotonic()

        async def one(kind: Kind) -> None:
            async with gate:
                try:
                    n = await count_items(client, kind.name, self.environment_id
                                          if kind.in_environment else None)
                    text = f"{n:,}"
                except Exception as exc:  # noqa: BLE001 - one kind's failure is one cell
                    text = _why(exc)
            self.post_message(self.Counted(kind.name, text))

        await asyncio.gather(*(one(k) for k in wanted))
        self.post_message(self.AllCounted(time.monotonic() - started, client.requests - before))

    def on_kinds_screen_counted(self, message: KindsScreen.Counted) -> None:
        # Drawn in batches: a repaint per count would keep the loop from the next answers.
        self._pending[message.kind] = message.text
        if not self._flush_scheduled:
            self._flush_scheduled = True
            self.set_timer(FLUSH_EVERY, self._flush)

    def _flush(self) -> None:
        self._flush_scheduled = False
        table = self.query_one(DataTable)
        pending, self._pending = self._pending, {}
        for kind, text in pending.items():
            self.counts[kind] = text
            table.update_cell(kind, "count", Text(text))

    def on_kinds_screen_all_counted(self, message: KindsScreen.AllCounted) -> None:
        self._flush()
        self.elapsed, self.requests = message.seconds, message.requests
        # The time stays off the screen (it differs run to run); bench/kinds_counts.py shows it.
        self.query_one("#kinds-status", Static).update(Text(
            f"{len(self.counts)} kinds counted with {message.requests} requests · "
            "Enter opens a kind · r counts again · esc back"))

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """A failure of this screen's own worker (not signed on, no access): said once."""
        if event.worker.node is not self or event.worker.group != "counts" \
                or event.state != WorkerState.ERROR:
            return
        event.stop()
        error = event.worker.error or RuntimeError("the worker failed")
        self.pingtui.notify_error(error, title="Kinds")

    # ------------------------------------------------------------------ keys

    def action_refresh(self) -> None:
        self.counts.clear()
        self.elapsed = None
        table = self.query_one(DataTable)
        for kind in self.kinds():
            table.update_cell(kind.name, "count", Text(self._placeholder(kind), style="dim"))
        self.count_all()

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            self.dismiss(key)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.dismiss(event.row_key.value)

    def action_close(self) -> None:
        self.dismiss(None)


def _why(exc: BaseException) -> str:
    """A failed count in a word or two (the cell is narrow; the listing says the rest)."""
    status = getattr(exc, "status", None)
    if status == 403:
        return "no access"
    if status == 404:
        return "not available"
    return "error" if status is None else f"error {status}"
