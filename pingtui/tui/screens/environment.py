"""One environment: tabs Populations / Users / Groups / Applications, all loading at once.

Each tab is a ResourcePane with its own worker, so the four collections load in parallel and
are all cancelled when this screen is left. ``d``/Enter on a row shows its detail.

The shown tab's pane comes first: the hidden tabs' panes are mounted once its first page is on
screen (or after ``HIDDEN_WAIT``, or at once when one of them is shown). Built with the screen,
they made its first frame a quarter slower; mounted right after that frame, they took the CPU
just as the first page arrived.

The screen asks for that first page as it is built, and the browser shows it once the page is
in, or after ``PAINT_HOLD`` (``EnvironmentsScreen.open_environment``): so its first frame has
the rows. Shown at once, it painted an empty table; the rows, in a few ms later, then waited
for Textual's next frame (60 a second), and came 40-50 ms after the key on loopback, when one
page request takes 30-40 ms.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.widgets import Static

from pingtui.api.catalog import CATALOG, TAB_KINDS
from pingtui.tui.screens.listing import ListingScreen, listing_bindings
from pingtui.tui.widgets.resource_pane import ResourcePane, first_page_shown
from pingtui.tui.widgets.tab_bar import TabBar, TabLabel

TABS = TAB_KINDS  # the catalog's tab kinds: populations, users, groups, applications
HIDDEN_WAIT = 1.0
"""Seconds the hidden tabs wait for the shown tab's first page before loading anyway."""
PAINT_HOLD = 0.02
"""Seconds an environment waits for its shown tab's first page before it is shown (about a
frame). A page in by then (PingOne on loopback, or very near) shows with the screen's first
frame. Past it, the screen is built and painted while the page is on its way ("Fetching…"):
building it takes 20-30 ms, which a longer wait would add to every slower answer (waiting 0.1 s,
the first rows came 89-96 ms after the key at 50 ms a request, instead of 73-75 ms)."""


class EnvironmentScreen(ListingScreen):
    AUTO_FOCUS = "ResourceTable"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "detail", "Detail", id="environment.open", show=False),
        # Not left/right: the table scrolls sideways with those.
        Binding("right_square_bracket", "tab(1)", "Tab", id="environment.next_tab",
                key_display="[ ]"),
        Binding("left_square_bracket", "tab(-1)", "Previous tab",
                id="environment.previous_tab", show=False),
        Binding("i", "environment_detail", "Environment",
                id="environment.describe_environment", show=False),
        # Enter already opens the detail here (the status line says so): room for "? Help".
        *listing_bindings("environment", detail_in_footer=False),
    ]

    def __init__(self, environment: Mapping[str, Any], *, tab: str | None = None) -> None:
        super().__init__()
        self.environment = environment
        self.environment_id = str(environment.get("id", ""))
        self.initial_tab = tab if tab in TABS else TABS[0]
        self._shown_pane = self._pane(self.initial_tab)

    async def first_page_in(self, timeout: float) -> None:
        """Until the shown tab's first page is in (asked for when this screen was built), at
        most ``timeout`` seconds."""
        await self._shown_pane.first_page_in(timeout)

    @property
    def label(self) -> str:
        return str(self.environment.get("name") or self.environment_id)

    def compose(self) -> ComposeResult:
        yield from self.compose_shell()
        # API text (the environment's name) is data: Text, not markup.
        title = Text.assemble(("Environment ", "dim"), self.label)
        if self.environment.get("type") == "PRODUCTION":  # production at a glance
            title.append("  ")
            title.append(" PRODUCTION ", style="bold reverse")
        title.append_text(Text.assemble(("  ", ""), (self.environment_id, "dim")))
        yield Static(title, classes="screen-title")
        yield TabBar([TabLabel(kind, CATALOG.kinds[kind].title) for kind in TABS],
                     active=self.initial_tab, id="environment-tabs")
        with Vertical(id="environment-panes"):
            yield self._shown_pane  # the others: _mount_hidden_tabs

    def _pane(self, kind: str) -> ResourcePane:
        return ResourcePane(kind, environment_id=self.environment_id, id=f"pane-{kind}",
                            hint="[ ] switch tabs · Enter detail · esc back")

    def on_mount(self) -> None:
        self.pingtui.environment_label = self.label
        self.pingtui.environment_production = self.environment.get("type") == "PRODUCTION"
        self._focus_table()  # not there if esc came first (the screen is already going)
        self._mount_hidden_tabs()

    @work(group="hidden-tabs", exit_on_error=False)
    async def _mount_hidden_tabs(self) -> None:
        try:
            await asyncio.wait_for(first_page_shown(self).wait(), HIDDEN_WAIT)
        except asyncio.TimeoutError:
            pass
        shown_meanwhile = not self.pane_ready()
        shown = self.query_one(f"#pane-{self.initial_tab}", ResourcePane)
        index = TABS.index(self.initial_tab)
        before = [self._pane(kind) for kind in TABS[:index]]
        after = [self._pane(kind) for kind in TABS[index + 1:]]
        for pane in (*before, *after):  # a tab shown meanwhile shows its pane at once
            pane.display = pane.kind == self._active_tab()
        panes = self.query_one("#environment-panes")  # in tab order
        if before:
            await panes.mount_all(before, before=shown)
        if after:
            await panes.mount_all(after, after=shown)
        if shown_meanwhile:  # its table takes the focus, as when a tab is shown
            self._focus_table()

    def on_screen_resume(self) -> None:
        self.pingtui.environment_label = self.label
        self.pingtui.environment_production = self.environment.get("type") == "PRODUCTION"

    def location(self) -> list[Any]:
        from pingtui.tui.screens.describe import Crumb

        return [Crumb(self.label, self.environment.get("type") == "PRODUCTION")]

    def _active_tab(self) -> str:
        return self.query_one(TabBar).active

    def current_pane(self) -> ResourcePane:
        return self.query_one(f"#pane-{self._active_tab()}", ResourcePane)

    def pane_ready(self) -> bool:
        # A hidden tab shown before _mount_hidden_tabs has mounted its pane, or before that pane
        # has composed its table (mounting starts it, is_mounted says it is done).
        try:
            return self.current_pane().is_mounted
        except NoMatches:
            return False

    def _focus_table(self) -> None:
        if self.pane_ready():
            self.current_pane().table.focus()

    def show_tab(self, kind: str) -> None:
        if kind in TABS:
            self.query_one(TabBar).active = kind  # on_tab_bar_changed shows its pane

    def on_tab_bar_changed(self, event: TabBar.Changed) -> None:
        for pane in self.query(ResourcePane):
            pane.display = pane.kind == event.tab
        if not self.pane_ready():
            first_page_shown(self).set()  # the user wants that tab now: no more waiting
        self._focus_table()

    def action_tab(self, delta: int) -> None:
        self.show_tab(TABS[(TABS.index(self._active_tab()) + delta) % len(TABS)])

    def action_environment_detail(self) -> None:
        from pingtui.tui.screens.detail import DetailScreen

        self.app.push_screen(DetailScreen("environments", self.environment))

    def on_resource_table_selected(self, message: Any) -> None:
        message.stop()
        if self.app.screen is not self or not self.pane_ready():
            return
        pane = self.current_pane()
        obj = message.obj
        if message.table is not pane.table:
            # Enter right after `]`: focus follows the tab a refresh later, so the key reached
            # the tab just left. Act on the visible tab's own row (none yet: do nothing).
            obj = pane.selected()
        if obj is not None:
            self.open_detail(obj)
