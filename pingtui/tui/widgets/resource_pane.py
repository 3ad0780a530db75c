"""One resource listing: a ResourceTable filled page by page, its count line and its `/` filter.

The environments browser and each tab of an environment are a ``ResourcePane``. The pane owns
its loading worker (group ``load``), so the worker is cancelled when the pane's screen goes
away, and a reload cancels the previous one. Pages arrive as messages; a generation number
drops pages of a load that was replaced while its message was in flight.

Large collections load as the user scrolls. When PingOne's ``count`` says a collection holds
more than ``LAZY_AFTER`` items (a customer-identity environment's million users), the worker
shows the first page at once and fetches the next one only when the cursor or the scroll
position comes within ``NEAR_END`` rows of the end of what is loaded; it stops at
``max_rows`` (50,000 by default; ``maxRows`` in the profile), where a line under the table
says so and offers a server-side search. While a collection is only partly loaded, Enter in
the `/` line searches PingOne for the typed text (``api.search``: username/e-mail/name ``sw``
for users, ``name sw`` elsewhere) instead of only filtering the loaded rows. Smaller
collections load whole, as before: sort and filter are instant.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncGenerator, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar
from weakref import WeakKeyDictionary

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Static
from textual.worker import Worker

from pingtui.api.head_start import HeadStart
from pingtui.errors import AuthError, PingTUIError, as_user_error
from pingtui.tui.gc_pauses import ROWS_PER_FREEZE, collect_soon, freeze_rows
from pingtui.tui.names import resolver_of
from pingtui.tui.shell import shell_of
from pingtui.tui.widgets.worker_errors import RETRY_HINT, own_failure

if TYPE_CHECKING:
    from pingtui.api.paging import Page
    from pingtui.output import Column
    from pingtui.tui.tenant import Tenant
    from pingtui.tui.widgets.resource_table import ResourceTable


class FilterInput(Input):
    """The `/` filter line under a table."""


LAZY_AFTER = 10_000
"""A collection whose count is above this loads page by page as the user scrolls."""
MAX_ROWS = 50_000
"""The most rows a table holds by default (``maxRows`` in the profile, $PINGTUI_MAX_ROWS)."""
FIRST_PAGE = 100
"""Items asked for first, shown at once (a screenful and some); then pages of the collection's
size (a thousand users) follow from the start without repeating them (``list_pages``)."""
NEAR_END = 200
"""Rows from the end of the loaded ones at which the next page is fetched."""
_FIRST_PAGE: WeakKeyDictionary[Any, asyncio.Event] = WeakKeyDictionary()


def first_page_shown(screen: Any) -> asyncio.Event:
    """Set once a pane of ``screen`` has its first page on screen (or failed). An environment
    mounts its hidden tabs' panes after it, so that the page the user looks at does not share
    the network, the server and the CPU with three other collections."""
    event = _FIRST_PAGE.get(screen)
    if event is None:
        event = _FIRST_PAGE[screen] = asyncio.Event()
    return event


def _n(count: int) -> str:
    return f"{count:,}"


class ResourcePane(Vertical):
    DEFAULT_CSS = """
    ResourcePane { height: 1fr; }
    ResourcePane > .pane-bound { height: auto; padding: 0 1; color: $text-warning;
                                 display: none; }
    ResourcePane > .pane-bound.-shown { display: block; }
    ResourcePane > .pane-status { height: 1; padding: 0 1; color: $text-muted;
                                  text-wrap: nowrap; text-overflow: ellipsis; }
    ResourcePane > .pane-status.-error { color: $text-error; }
    ResourcePane > ResourceTable { height: 1fr; }
    ResourcePane > FilterInput { dock: bottom; display: none; border: none; height: 1;
                                 padding: 0 1; background: $boost; }
    ResourcePane > FilterInput.-shown { display: block; }
    /* Input:focus gives a tall border, and (0,1,1) beats the rule above: with height 1 the
       two border rows left no row for the text while typing. */
    ResourcePane > FilterInput:focus { border: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close_filter", "Clear filter", id="table.clear_filter"),
    ]

    loaded: reactive[int] = reactive(0, init=False)

    @dataclass
    class PageLoaded(Message):
        generation: int
        items: list[dict[str, Any]]
        total: int | None
        fetched: int

    @dataclass
    class LoadFinished(Message):
        generation: int

    @dataclass
    class Waiting(Message):
        """A large collection's load paused: more pages come as the user scrolls."""

        generation: int

    @dataclass
    class Bounded(Message):
        """The load stopped at the table's bound (``max_rows``) with more on the server."""

        generation: int

    @dataclass
    class AuthNeeded(Message):
        """The API said we are not (or no longer) signed on."""

        pane: ResourcePane
        error: PingTUIError

    def __init__(self, kind: str, *, environment_id: str | None = None,
                 id: str | None = None, hint: str = "", parent_id: str | None = None,
                 parent_kind: str | None = None, server_filter: str | None = None,
                 scope_label: str = "") -> None:
        super().__init__(id=id)
        self.hint = hint
        self.kind = kind
        self.environment_id = environment_id
        self.parent_id = parent_id
        """The parent object of a child kind (a user's role assignments: the user's ID)."""
        self.parent_kind = parent_kind
        self.server_filter: str | None = server_filter
        self.base_filter = server_filter
        """The filter the pane was opened with (a related tab's scope): esc never clears it."""
        self.scope_label = scope_label
        """Says what ``server_filter`` means ("members of Administrators"), instead of it."""
        self.generation = 0
        self.total: int | None = None
        self.done = False
        self.error: PingTUIError | None = None
        self.sign_on_offered = False
        """A sign-on was just offered for this pane: another 401 is shown, not re-offered."""
        self.partial = False
        """A large collection, loaded only in part so far (more come as the user scrolls)."""
        self.bounded = False
        """The load stopped at ``max_rows``; the rest is reachable by a server search."""
        self.searched: str | None = None
        """The text of the server search shown (``/`` then Enter while partly loaded)."""
        self._more = asyncio.Event()
        """Set when the user nears the end of a partly loaded collection: fetch a page."""
        self._before_search: str | None = None
        """The server filter to go back to when esc ends a server search."""
        self._next_freeze = ROWS_PER_FREEZE
        """Rows at which the table's rows are next frozen (tui/gc_pauses.py)."""
        self._froze = False
        self._filter_line: FilterInput | None = None
        """The `/` line, once a `/` made it."""
        self._opening = self._head_start()
        """The first load, its first page asked for now: the request is on the wire while the
        screen composes (10–20 ms), and the page is usually in for the screen's first frame."""

    @property
    def max_rows(self) -> int:
        """The most rows this table holds: the profile's ``maxRows``, else $PINGTUI_MAX_ROWS,
        else 50,000."""
        tenant = shell_of(self.app).tenant if self.is_attached else None
        extra = tenant.profile.extra if tenant is not None else {}
        for value in (extra.get("maxRows"), os.environ.get("PINGTUI_MAX_ROWS")):
            try:
                if value is not None and int(value) > 0:
                    return int(value)
            except (TypeError, ValueError):
                continue
        return MAX_ROWS

    @property
    def columns(self) -> Sequence[Column]:
        from pingtui.api.references import resolved_columns
        from pingtui.api.resources import RESOURCES

        tenant = shell_of(self.app).tenant if self.is_attached else None
        if tenant is None:
            return RESOURCES[self.kind].columns
        # Reference columns show names, read from the tenant's lookups (see load()).
        return resolved_columns(RESOURCES[self.kind], resolver_of(tenant), self.environment_id)

    @property
    def title(self) -> str:
        from pingtui.api.resources import RESOURCES

        return getattr(RESOURCES[self.kind], "title", self.kind.title())

    @property
    def table(self) -> ResourceTable:
        from pingtui.tui.widgets.resource_table import ResourceTable

        return self.query_one(ResourceTable)

    def compose(self) -> ComposeResult:
        from pingtui.tui.widgets.resource_table import ResourceTable

        yield Static("", classes="pane-status", markup=False)
        yield ResourceTable(self.columns, id=f"{self.kind}-table", marks=self._marks())
        yield Static("", classes="pane-bound", markup=False)
        # The `/` line is mounted by the first `/` (open_filter): a hidden Input made every
        # screen with a table ~5 ms slower to show.

    def _marks(self) -> Callable[[Mapping[str, Any]], dict[int, str]] | None:
        """Which cells of a row to mark: a PRODUCTION environment's name and type, names of
        PRODUCTION environments, and references whose name was not found (dimmed IDs)."""
        from pingtui.api.references import NameColumn

        columns = list(self.columns)
        named = [(i, c) for i, c in enumerate(columns) if isinstance(c, NameColumn) and c.names]
        production_cells = [i for i, c in enumerate(columns) if c.header in ("NAME", "TYPE")] \
            if self.kind == "environments" else []
        if not named and not production_cells:
            return None

        def marks(obj: Mapping[str, Any]) -> dict[int, str]:
            found: dict[int, str] = {}
            if production_cells and obj.get("type") == "PRODUCTION":
                found.update((i, "resource-table--production") for i in production_cells)
            for i, column in named:
                names = column.names(obj) if column.names else []
                if any(not n.resolved for n in names):
                    found[i] = "resource-table--unresolved"
                elif any(n.production for n in names):
                    found[i] = "resource-table--production"
            return found

        return marks

    def on_mount(self) -> None:
        # Scrolling (mouse wheel, scrollbar) nears the end without moving the cursor.
        self.watch(self.table, "scroll_y", self._maybe_more, init=False)
        self.reload()

    def on_unmount(self) -> None:
        if self._froze:  # its rows and this pane wait for a thaw (any screen: a describe tab)
            collect_soon(self.app)

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        """Fetch the collection again (with the server-side filter, if any)."""
        tenant = shell_of(self.app).tenant
        if tenant is None:
            return
        self.generation += 1
        self.total, self.done, self.error, self.loaded = None, False, None, 0
        self.partial = self.bounded = False
        self._more = asyncio.Event()
        self._next_freeze = ROWS_PER_FREEZE
        self.query_one(".pane-bound", Static).remove_class("-shown")
        # No loading overlay: the table stays focusable and keyboard-usable while pages stream
        # in, and the status line says "Fetching… fetched N of M".
        self.table.clear()
        self._status()
        opening, self._opening = self._opening, None
        self.load(opening or self._pages(tenant, self.server_filter), self.generation)

    async def first_page_in(self, timeout: float) -> None:
        """Until the first page asked for at construction is in, at most ``timeout`` seconds."""
        if self._opening is not None:
            await self._opening.ready(timeout)

    def _head_start(self) -> HeadStart[Page] | None:
        tenant = shell_of(self.app).tenant  # the running app's (a widget is built in it)
        return HeadStart(self._pages(tenant, self.server_filter)) if tenant is not None \
            else None

    async def _pages(self, tenant: Tenant, scim: str | None) -> AsyncGenerator[Page, None]:
        """The collection's pages, the names their rows show looked up."""
        from pingtui.api.resources import RESOURCES, list_pages

        client = await tenant.client()
        names = resolver_of(tenant)
        names.prefetch(RESOURCES[self.kind], self.environment_id, client)
        pages = list_pages(client, self.kind, environment_id=self.environment_id,
                           filter=scim, parent_id=self.parent_id, parent_kind=self.parent_kind,
                           first_page=FIRST_PAGE)
        try:
            async for page in pages:
                # One lookup per referenced collection (cached), before the rows show names.
                await names.prepare_for(RESOURCES[self.kind], page.items, self.environment_id,
                                        client)
                yield page
        finally:
            await pages.aclose()  # type: ignore[attr-defined]

    @work(exclusive=True, group="load", exit_on_error=False)
    async def load(self, pages: HeadStart[Page] | AsyncGenerator[Page, None],
                   generation: int) -> None:
        bound, more = self.max_rows, self._more
        lazy = False
        try:
            async for page in pages:
                items = list(page.items)
                fetched = page.fetched
                if fetched > bound:  # the bound cuts this page
                    items = items[:len(items) - (fetched - bound)]
                    fetched = bound
                self.post_message(self.PageLoaded(generation, items, page.total, fetched))
                more_there = page.total is None or page.total > fetched
                if fetched >= bound and more_there:
                    self.post_message(self.Bounded(generation))
                    return
                lazy = lazy or (page.total is not None and page.total > LAZY_AFTER)
                if lazy and more_there:
                    # Wait for the user to scroll near the end (the Waiting handler, which
                    # runs after this, sets the event at once if they are there already).
                    more.clear()
                    self.post_message(self.Waiting(generation))
                    await more.wait()
        finally:
            await pages.aclose()
        self.post_message(self.LoadFinished(generation))

    def on_resource_pane_page_loaded(self, message: ResourcePane.PageLoaded) -> None:
        message.stop()
        if message.generation != self.generation:
            return  # a page of a load that was replaced
        table = self.table
        table.add_rows(message.items)
        self.total = message.total
        self.loaded = message.fetched
        self._status()
        self._maybe_more()
        shown = first_page_shown(self.screen)
        if not shown.is_set():  # after the frame with these rows
            self.call_after_refresh(shown.set)
        if table.total_rows >= self._next_freeze:  # a big table: its rows out of the GC's way
            self._next_freeze = table.total_rows + ROWS_PER_FREEZE
            self._froze = True
            self.call_after_refresh(freeze_rows)

    def on_resource_pane_waiting(self, message: ResourcePane.Waiting) -> None:
        message.stop()
        if message.generation == self.generation:
            self.partial = True
            self._status()
            self._maybe_more()

    def on_resource_pane_bounded(self, message: ResourcePane.Bounded) -> None:
        message.stop()
        if message.generation != self.generation:
            return
        self.partial = False
        self.bounded = True
        self.done = True
        line = self.query_one(".pane-bound", Static)
        total = _n(self.total) if self.total is not None else "more"
        line.update(Text(f"The first {_n(self.max_rows)} of {total} {self.title.lower()} "
                         f"(at most {_n(self.max_rows)} rows: maxRows). {self._search_hint()}"))
        line.add_class("-shown")
        self._status()
        self.post_message(self.LoadFinished(message.generation))

    def _search_hint(self) -> str:
        from pingtui.api.resources import RESOURCES
        from pingtui.api.search import search_attributes

        attributes = search_attributes(RESOURCES[self.kind])
        if not attributes:
            return "f filters on the server."
        return f"/ then Enter searches PingOne ({', '.join(attributes)} sw the text)."

    def on_resource_table_highlighted(self) -> None:
        self._maybe_more()  # not stopped: the screen reads the highlighted row too

    def near_end(self) -> bool:
        """The cursor or the last row on screen is within NEAR_END rows of the loaded end."""
        table = self.table
        seen = max(table.cursor_row + 1, round(table.scroll_y) + table.size.height)
        return table.row_count - seen < max(NEAR_END, 2 * table.size.height)

    def on_resize(self) -> None:
        self._maybe_more()  # laid out (shown) at last, or taller

    def _maybe_more(self) -> None:
        # A filter on a partly loaded table does not pull pages (every page might match
        # nothing): Enter searches the server instead. Nor does a table not laid out yet (a
        # hidden tab, a screen before its first frame): it cannot say what the user sees, and
        # the next page's answer, parsed on this loop, would hold that first frame up.
        if self.partial and not self._more.is_set() and not self.table.filter_text \
                and self.table.size.height and self.near_end():
            self.partial = False
            self._more.set()
            self._status()
    def on_resource_pane_load_finished(self, message: ResourcePane.LoadFinished) -> None:
        # Not stopped: the screen learns that the API answered (and asks who we are).
        if message.generation != self.generation:
            return
        self.done = True
        self._status()
        tenant = shell_of(self.app).tenant
        if tenant is not None and not (self.server_filter or self.searched or self.partial
                                       or self.bounded):
            # The whole collection is here: other panes name its objects without a lookup
            # (the Populations tab gives the Users tab its population names).
            resolver_of(tenant).learn(self.kind, self.environment_id, self.parent_id,
                                      self.table.model.objs)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if (error := own_failure(event, self)) is None:
            return
        first_page_shown(self.screen).set()  # the hidden tabs wait for nothing any more
        self.error = as_user_error(error, RETRY_HINT)
        self._status()
        if isinstance(error, AuthError):
            self.post_message(self.AuthNeeded(self, self.error))
        else:
            shell_of(self.app).notify_error(self.error, title=self.title)

    def rescope(self, label: str) -> None:
        """Say what the scope filter means in new words (the object's name, once read)."""
        self.scope_label = label
        self._status()

    def _status(self) -> None:
        from pingtui.api.resources import RESOURCES

        status = self.query_one(".pane-status", Static)
        table = self.table
        shown = table.row_count
        loaded = table.total_rows
        parts: list[str] = []
        if self.error is not None:
            again = "r signs on" if isinstance(self.error, AuthError) else "r retries"
            parts.append(f"{self.error.message}  ({again})")
        elif self.partial or self.bounded:
            parts.append(f"{_n(loaded)} of {_n(self.total or loaded)} loaded")
            if self.partial:
                parts.append("more as you scroll")
        elif not self.done and self.total is not None and self.total > LAZY_AFTER:
            parts.append(f"Fetching… {_n(loaded)} of {_n(self.total)} loaded")
        elif not self.done:
            of = f" of {_n(self.total)}" if self.total is not None else ""
            parts.append(f"Fetching… fetched {_n(loaded)}{of}")
        else:
            parts.append(f"{_n(loaded)} {self.title.lower()}" if loaded != 1
                         else f"1 {RESOURCES[self.kind].singular}")
        if shown != loaded:
            parts.append(f"{_n(shown)} shown by the filter")
        if self.searched is not None:
            parts.append(f"PingOne searched for '{self.searched}' (esc: all)")
        elif self.filtered_by_user:
            parts.append(f"server filter: {self.server_filter} (esc: all)")
        elif self.server_filter:
            parts.append(self.scope_label or f"server filter: {self.server_filter}")
        if self.hint and self.error is None:
            parts.append(self.hint)
        status.update(Text("  ·  ".join(parts)))
        status.set_class(self.error is not None, "-error")

    # ------------------------------------------------------------------ the `/` filter

    @property
    def filtered_by_user(self) -> bool:
        """An `f` server filter is on (not the one the pane was opened with)."""
        return bool(self.server_filter) and self.server_filter != self.base_filter

    @property
    def server_searchable(self) -> bool:
        """Enter in the `/` line searches PingOne: only part of the collection is loaded."""
        from pingtui.api.resources import RESOURCES
        from pingtui.api.search import search_attributes

        return (self.partial or self.bounded or (not self.done and self.total is not None
                                                 and self.total > LAZY_AFTER)) \
            and bool(search_attributes(RESOURCES[self.kind]))

    @property
    def filter_open(self) -> bool:
        """The `/` line is shown or holds a filter."""
        line = self._filter_line
        return line is not None and (line.has_class("-shown") or bool(line.value))

    def open_filter(self) -> None:
        line = self._filter_line
        if line is None:
            line = self._filter_line = FilterInput()
            self.mount(line)
        line.placeholder = (
            f"filter the {_n(self.table.total_rows)} loaded rows · Enter searches PingOne's "
            f"{_n(self.total or 0)} {self.title.lower()}" if self.server_searchable
            else "filter the loaded rows (Enter keeps it, esc clears)")
        line.add_class("-shown")
        # At once, not by `focus()` (a queued callback): keys typed right after `/` are already
        # queued and would reach the table (`d` opening a detail) instead of the filter.
        self.screen.set_focus(line)

    @on(Input.Changed, "FilterInput")
    def _filter_typed(self, event: Input.Changed) -> None:
        event.stop()
        self.table.set_filter(event.value)
        self._status()

    @on(Input.Submitted, "FilterInput")
    def _filter_kept(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip() and self.server_searchable:
            self.search_server(event.value)
            return
        if not event.value:
            event.input.remove_class("-shown")
        self.table.focus()
        self.screen.refresh_bindings()  # esc's "Clear filter" follows whether one is kept

    def search_server(self, text: str) -> None:
        """Reload with PingOne filtering on ``text`` (the kind's search attributes, ``sw``)."""
        from pingtui.api.resources import RESOURCES
        from pingtui.api.search import search_filter

        scim = search_filter(RESOURCES[self.kind], text)
        if scim is None:
            return
        self._clear_filter_line()
        if self.searched is None:
            self._before_search = self.server_filter
        self.searched = text.strip()
        self.server_filter = scim
        self.table.focus()
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_filter":
            return self.filter_open or self.searched is not None or self.filtered_by_user
        return True

    def _clear_filter_line(self) -> None:
        if self._filter_line is not None:
            self._filter_line.value = ""
            self._filter_line.remove_class("-shown")
        self.table.set_filter("")

    def action_close_filter(self) -> None:
        idle = not self.filter_open
        searched = self.searched is not None and idle
        # Like `/`: esc clears an `f` server filter first; only the next esc goes back.
        unfiltered = not searched and idle and self.filtered_by_user
        self._clear_filter_line()
        self.table.focus()
        # The table had focus already: no focus change to redraw the footer's keys, and
        # "esc Clear filter" would stay with no filter left to clear.
        self.screen.refresh_bindings()
        if searched:  # esc after a server search: the whole collection again
            self.searched = None
            self.server_filter = self._before_search
            self.reload()
            return
        if unfiltered:
            self.server_filter = self.base_filter
            self.reload()
            return
        self._status()

    # ------------------------------------------------------------------ helpers

    def selected(self) -> Mapping[str, Any] | None:
        return self.table.selected

    def visible_objects(self) -> list[Mapping[str, Any]]:
        return self.table.visible_objects()
