"""The environment browser: every environment of the tenant, streamed in page by page.

Enter opens one (its populations, users, groups and applications); ``d`` shows its JSON/YAML.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType

from pingtui.tui.screens.listing import ListingScreen, listing_bindings
from pingtui.tui.widgets.resource_pane import ResourcePane


class EnvironmentsScreen(ListingScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="browser.open", show=True),
        *listing_bindings("browser"),
    ]

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
        from pingtui.tui.screens.environment import EnvironmentScreen

        if self.app.screen is self:  # Enter may reach both the table and this screen's key
            self.app.push_screen(EnvironmentScreen(env, tab=tab))

    def on_resource_table_selected(self, message: Any) -> None:
        message.stop()
        self.open_environment(message.obj)
