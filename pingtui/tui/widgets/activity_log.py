"""The audit log as a widget: a time window, filters, a table, and follow — reusable anywhere.

``ActivityLog(environment_id, actor_id=…, resource_id=…, correlation_id=…)``: the activities
screen shows it whole; a describe view embeds it fixed to a user (``actor_id``) or an
application (``resource_id`` and its client as actor). The table is chronological like a log
(newest at the bottom, the cursor starting there); ``f`` follows with
``api.activities.ActivityTail`` (one request per interval, overlapping windows, each activity
once). New rows appear at the bottom; when the cursor is on the last row the view follows them,
otherwise it stays where it is and the status line counts the new ones until you go down.

Workers belong to this widget (group ``activities-load`` / ``activities-follow``): leaving
the screen cancels them. API text is shown as ``Text`` (never markup).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Select, Static
from textual.worker import Worker, WorkerState

from pingtui.errors import PingTUIError
from pingtui.output import cell_text, printable
from pingtui.tui.shell import shell_of

PRESETS: tuple[tuple[str, timedelta], ...] = (
    ("15m", timedelta(minutes=15)), ("1h", timedelta(hours=1)),
    ("24h", timedelta(hours=24)), ("7d", timedelta(days=7)))
MAX_ROWS = 2000
"""Rows loaded for a window (the newest); a wider look is `activities list`."""
RESULT_CHOICES = (("any result", ""), ("SUCCESS", "SUCCESS"), ("FAILED", "FAILED"))


def _time(value: Any) -> str:
    from pingtui.api.activities import parse_time

    moment = parse_time(value) if isinstance(value, str) and value else None
    # Local wall-clock time; the date only as month-day (the window is at most 7 days).
    return moment.astimezone().strftime("%m-%d %H:%M:%S") if moment else printable(str(value))


@dataclass(frozen=True)
class _Col:
    key: str
    label: str
    width: int
    value: Callable[[Mapping[str, Any]], Any]


def _columns() -> tuple[_Col, ...]:
    from pingtui.api.activities import COLUMNS, actor_text, description_text, resources_text

    action, result = COLUMNS[1].value, COLUMNS[2].value
    return (_Col("time", "TIME", 14, lambda a: _time(a.get("recordedAt"))),
            _Col("action", "ACTION", 24, action),
            _Col("result", "RESULT", 7, result),
            _Col("actor", "ACTOR", 13, actor_text),
            _Col("resources", "RESOURCES", 12, resources_text),
            _Col("description", "DESCRIPTION", 40, description_text))


class LogTable(DataTable[Any]):
    """The log's table: End goes to the newest row and Home to the oldest (DataTable's own
    End/Home scroll sideways; a log reader means the rows)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("end", "scroll_bottom", "Newest", show=False, id="activities.newest"),
        Binding("home", "scroll_top", "Oldest", show=False, id="activities.oldest"),
    ]


class ActivityLog(Vertical):
    DEFAULT_CSS = """
    ActivityLog { height: 1fr; }
    ActivityLog > #activity-controls { height: 1; }
    ActivityLog > #activity-controls > Select { width: 14; }
    ActivityLog > #activity-controls > Input { width: 1fr; }
    ActivityLog > .activity-status { height: 1; padding: 0 1; color: $text-muted; }
    ActivityLog > .activity-status.-error { color: $text-error; }
    ActivityLog > .activity-status.-new { color: $text-warning; }
    ActivityLog > DataTable { height: 1fr; }
    ActivityLog > .activity-preview { height: 1; padding: 0 1; background: $boost; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "follow", "Follow", id="activities.follow"),
        Binding("w", "next_window", "Window", id="activities.window"),
        Binding("r", "refresh", "Refresh", id="activities.refresh"),
    ]

    follow_interval: ClassVar[float] = 5.0
    """Seconds between the follow's requests (the CLI's default; tests shorten it)."""

    @dataclass
    class Loaded(Message):
        generation: int
        activities: list[dict[str, Any]]
        until: datetime
        truncated: bool

    @dataclass
    class Arrived(Message):
        generation: int
        activities: list[dict[str, Any]]

    @dataclass
    class Trouble(Message):
        generation: int
        text: str

    @dataclass
    class Opened(Message):
        """Enter on a row: the app shows the activity's detail (``PingTUI``'s handler)."""

        activity: dict[str, Any]
        environment_id: str

    def __init__(self, environment_id: str, *, actor_id: str | None = None,
                 resource_id: str | None = None, correlation_id: str | None = None,
                 involving_id: str | None = None,
                 window: str = "24h", follow: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.environment_id = environment_id
        self.actor_id = actor_id
        self.resource_id = resource_id
        self.correlation_id = correlation_id
        self.involving_id = involving_id
        """Everything about one object: as the actor (user or client) or as a resource."""
        self.window = window if window in dict(PRESETS) else "24h"
        self.following = follow
        self.generation = 0
        self.activities: list[dict[str, Any]] = []
        self.new_below = 0
        """Activities that arrived below the view while the cursor was elsewhere."""
        self.until: datetime | None = None
        self.truncated = False
        self.is_loading = False
        self.trouble: str | None = None
        self._columns = _columns()

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="activity-controls"):
            yield Select([(label, label) for label, _ in PRESETS], value=self.window,
                         allow_blank=False, compact=True, id="activity-window")
            yield Input(placeholder="action type", compact=True, id="activity-action")
            if self.actor_id is None:
                yield Input(placeholder="actor: ID or username", compact=True,
                            id="activity-actor")
            yield Select(RESULT_CHOICES, value="", allow_blank=False, compact=True,
                         id="activity-result")
        yield Static("", classes="activity-status", markup=False)
        table = LogTable(cursor_type="row", id="activity-table")
        for col in self._columns:
            table.add_column(col.label, width=col.width, key=col.key)
        yield table
        # The highlighted activity in full: at 80 columns the description is off to the right.
        yield Static("", classes="activity-preview", markup=False)

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one("#activity-table", DataTable)

    def on_mount(self) -> None:
        self.reload()

    # ------------------------------------------------------------------ the query

    def activity_query(self) -> Any:
        """The ActivityQuery for the fixed constraints and what the filter fields say."""
        from pingtui.api.activities import ActivityQuery

        action = self.query_one("#activity-action", Input).value.strip()
        actor_input = self.query_one_optional("#activity-actor", Input)
        actor = self.actor_id or (actor_input.value.strip() if actor_input else "") or None
        result = self.query_one("#activity-result", Select).value
        return ActivityQuery(actions=(action,) if action else (), actor=actor,
                             resource=self.resource_id, correlation_id=self.correlation_id,
                             involving=self.involving_id,
                             result=str(result) if isinstance(result, str) and result else None)

    def describe(self) -> str:
        """What the view is narrowed to, for titles."""
        parts = []
        if self.actor_id:
            parts.append(f"actor {self.actor_id}")
        if self.resource_id:
            parts.append(f"resource {self.resource_id}")
        if self.correlation_id:
            parts.append(f"correlation ID {self.correlation_id}")
        if self.involving_id:
            parts.append(f"about {self.involving_id}")
        return ", ".join(parts)

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        tenant = shell_of(self.app).tenant
        if tenant is None:
            return
        self.generation += 1
        self.workers.cancel_group(self, "activities-follow")
        self.is_loading, self.trouble, self.new_below = True, None, 0
        self.activities = []
        self.table.clear()
        self._preview(-1)
        self._status()
        self._load(tenant, self.generation, self.activity_query(), dict(PRESETS)[self.window])

    @work(exclusive=True, group="activities-load", exit_on_error=False)
    async def _load(self, tenant: Any, generation: int, query: Any, span: timedelta) -> None:
        from pingtui.api.activities import list_pages, utc_now

        client = await tenant.client()
        until = utc_now()
        newest_first: list[dict[str, Any]] = []
        truncated = False
        async for page in list_pages(client, self.environment_id, query, since=until - span,
                                     until=until, limit=MAX_ROWS + 1):
            newest_first.extend(page.items)
        if len(newest_first) > MAX_ROWS:
            newest_first, truncated = newest_first[:MAX_ROWS], True
        self.post_message(self.Loaded(generation, newest_first[::-1], until, truncated))

    def on_activity_log_loaded(self, message: ActivityLog.Loaded) -> None:
        message.stop()
        if message.generation != self.generation:
            return
        self.is_loading, self.until, self.truncated = False, message.until, message.truncated
        self._add(message.activities)
        if self.activities:
            self.table.move_cursor(row=len(self.activities) - 1, animate=False)
        self._status()
        if self.following:
            self._start_follow()

    def _add(self, activities: list[dict[str, Any]]) -> None:
        table = self.table
        error_style = self._failed_style()
        for activity in activities:
            cells = []
            for col in self._columns:
                text = Text(printable(cell_text(col.value(activity))), no_wrap=True)
                text.truncate(col.width, overflow="ellipsis")  # cut, and showing it
                if col.key == "result" and text.plain == "FAILED":
                    text.stylize(error_style)
                cells.append(text)
            key = str(activity.get("id") or len(self.activities))
            if key in table.rows:  # the same ID twice: keep the first row
                continue
            table.add_row(*cells, key=key)
            self.activities.append(activity)

    def _failed_style(self) -> Style:
        """FAILED in the theme's error colour, bold (no hard-coded colour)."""
        from textual.color import Color, ColorParseError

        try:
            color = Color.parse(self.app.get_css_variables().get("text-error", "red"))
        except ColorParseError:
            return Style(bold=True, reverse=True)
        return Style(color=color.rich_color, bold=True)

    # ------------------------------------------------------------------ follow

    def action_follow(self) -> None:
        self.following = not self.following
        if self.following and not self.is_loading:
            self._start_follow()
        elif not self.following:
            self.workers.cancel_group(self, "activities-follow")
        self._status()

    def _start_follow(self) -> None:
        tenant = shell_of(self.app).tenant
        if tenant is None or self.until is None:
            return
        self._follow(tenant, self.generation, self.activity_query(), self.until,
                     list(self.activities[-200:]))

    @work(exclusive=True, group="activities-follow", exit_on_error=False)
    async def _follow(self, tenant: Any, generation: int, query: Any, since: datetime,
                      shown: list[dict[str, Any]]) -> None:
        import asyncio

        from pingtui.api.activities import DEFAULT_OVERLAP, ActivityTail, Arrived

        client = await tenant.client()
        # The load has just read up to `since`: the follow's first request waits an interval
        # too, so the log's requests never come closer than that.
        await asyncio.sleep(self.follow_interval)
        # The first window reaches back over the loaded rows' overlap: what was recorded
        # while they loaded is caught, what they show is not repeated.
        tail = ActivityTail(client, self.environment_id, query,
                            since=since - DEFAULT_OVERLAP, interval=self.follow_interval,
                            seen_before=shown)
        async for event in tail.events():
            if isinstance(event, Arrived):
                self.post_message(self.Arrived(generation, event.activities))
            else:
                self.post_message(self.Trouble(generation, event.message))

    def on_activity_log_arrived(self, message: ActivityLog.Arrived) -> None:
        message.stop()
        if message.generation != self.generation or not self.following:
            return
        table = self.table
        at_end = not self.activities or table.cursor_row >= len(self.activities) - 1
        before = len(self.activities)
        self._add(message.activities)
        added = len(self.activities) - before
        self.trouble = None
        if at_end and self.activities:
            table.move_cursor(row=len(self.activities) - 1, animate=False)
        else:
            self.new_below += added
        self._status()

    def on_activity_log_trouble(self, message: ActivityLog.Trouble) -> None:
        message.stop()
        if message.generation == self.generation:
            self.trouble = message.text
            self._status()

    @on(DataTable.RowHighlighted, "#activity-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._preview(event.cursor_row)
        if self.new_below and event.cursor_row >= len(self.activities) - 1:
            self.new_below = 0
            self._status()

    @on(DataTable.RowSelected, "#activity-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = event.cursor_row
        if 0 <= row < len(self.activities):
            self.post_message(self.Opened(self.activities[row], self.environment_id))

    # ------------------------------------------------------------------ the controls

    def _preview(self, row: int) -> None:
        from pingtui.api.activities import actor_text, description_text, resources_text

        preview = self.query_one(".activity-preview", Static)
        if not 0 <= row < len(self.activities):
            preview.update("")
            return
        activity = self.activities[row]
        line, actor, resources = (description_text(activity), actor_text(activity),
                                  resources_text(activity))
        if actor:
            line += f" — by {actor}"
        if resources and resources != actor:
            line += f" on {resources}"
        preview.update(Text(printable(line), no_wrap=True, overflow="ellipsis"))

    def action_next_window(self) -> None:
        names = [label for label, _ in PRESETS]
        self.query_one("#activity-window", Select).value = \
            names[(names.index(self.window) + 1) % len(names)]

    def action_refresh(self) -> None:
        self.reload()

    @on(Select.Changed, "#activity-window")
    def _window_changed(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str) and event.value != self.window:
            self.window = event.value
            self.reload()

    @on(Select.Changed, "#activity-result")
    def _result_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self.is_mounted and self.generation:
            self.reload()

    @on(Input.Submitted)
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.reload()
        self.table.focus()

    # ------------------------------------------------------------------ errors and status

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.node is not self or event.state != WorkerState.ERROR:
            return
        event.stop()
        error = event.worker.error
        from pingtui.errors import as_user_error

        failure = error if isinstance(error, PingTUIError) else as_user_error(
            error or RuntimeError("the worker failed"),
            "Press r to try again; run with --debug for details.")
        self.is_loading = False
        if event.worker.group == "activities-follow":
            self.following = False
        self.trouble = failure.message + (f" {failure.hint}" if failure.hint else "")
        self._status()

    def _status(self) -> None:
        status = self.query_one(".activity-status", Static)
        parts: list[str] = []
        if self.is_loading:
            parts.append(f"Loading the last {self.window}…")
        else:
            n = len(self.activities)
            parts.append(f"{n} activit{'y' if n == 1 else 'ies'} in the last {self.window}"
                         + (f" (the newest {MAX_ROWS})" if self.truncated else ""))
        if self.following:
            parts.append(f"following every {self.follow_interval:g} s")
        if self.new_below:
            parts.append(f"▼ {self.new_below} new (End)")
        if self.trouble:
            parts.append(self.trouble)
        elif not self.following:
            parts.append("f follow · w window · Enter detail")
        status.update(Text("  ·  ".join(parts)))
        status.set_class(self.trouble is not None, "-error")
        status.set_class(bool(self.new_below) and self.trouble is None, "-new")
