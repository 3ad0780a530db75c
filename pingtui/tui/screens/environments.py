"""The environment browser: every environment of the tenant, streamed in page by page.

Enter opens one (its populations, users, groups and applications); ``d`` shows its JSON/YAML.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType

from pingtui.tui.screens.listing import ListingScreen, listing_bindings
from pingtui.tui.widgets.resource_pane import ResourcePane

if TYPE_CHECKING:
    from pingtui.tui.screens.environment import EnvironmentScreen


class EnvironmentsScreen(ListingScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="browser.open", show=True),
        *listing_bindings("browser"),
    ]
    _pending: EnvironmentScreen | None = None
    """The environment being opened, its first page on the way."""

    def compose(self) -> ComposeResult:
        yield from self.compose_shell()
        yield ResourcePane("environments", id="environments",
                           hint="Enter opens · / filters · f server filter · ? all keys")

    def on_mount(self) -> None:
        self.pingtui.environment_label = ""
        self.pingtui.environment_production = False
        self.current_pane().table.focus()

    def on_screen_resume(self) -> None:
        self.pingtui.environment_label = ""
        self.pingtui.environment_production = False

    def action_open(self) -> None:
        self.open_selected()

    def open_selected(self, tab: str | None = None) -> None:
        obj = self.current_pane().selected()
        if obj is None:
            self.notify("Pick an environment first (↑/↓), then Enter.", severity="warning")
            return
        self.open_environment(obj, tab)

    def open_environment(self, env: Mapping[str, Any], tab: str | None = None) -> None:
        """Enter on an environment: its screen, shown once its tab's first page is in (at most
        PAINT_HOLD later), so that its first frame has the rows."""
        from pingtui.tui.screens.environment import EnvironmentScreen

        if self.app.screen is not self:
            return
        pending = self._pending
        if pending is not None and pending.environment_id == env.get("id"):
            return  # Enter reached both the table and this screen's key: on its way already
        self._pending = EnvironmentScreen(env, tab=tab)
        self._show_when_ready(self._pending)

    @work(exclusive=True, group="open-environment", exit_on_error=False)
    async def _show_when_ready(self, screen: EnvironmentScreen) -> None:
        from pingtui.tui.screens.environment import PAINT_HOLD

        try:
            await screen.first_page_in(PAINT_HOLD)
        finally:
            if self._pending is screen:
                self._pending = None
        if self.app.screen is self:  # the user went elsewhere meanwhile (a help screen)
            self.app.push_screen(screen)

    def on_resource_table_selected(self, message: Any) -> None:
        message.stop()
        self.open_environment(message.obj)
