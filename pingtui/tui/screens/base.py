"""What every pingtui screen shares: the status bar on top, the footer of its keys below."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer

from pingtui.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from pingtui.tui.app import PingTUI

ResultT = TypeVar("ResultT")


class PingScreen(Screen[ResultT]):
    """A full screen with the shell around it; ``esc`` goes back when there is a back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="screen.back"),
    ]

    @property
    def pingtui(self) -> PingTUI:
        from pingtui.tui.app import PingTUI

        assert isinstance(self.app, PingTUI)
        return self.app

    def compose_shell(self) -> ComposeResult:
        yield StatusBar()
        # Compact: every key of a listing screen fits in 80 columns.
        yield Footer(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            # The first real screen has nothing to go back to: hide the key there.
            return len(self.app.screen_stack) > 2
        return True

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.dismiss()
