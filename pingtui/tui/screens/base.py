"""What every pingtui screen shares: the status bar on top, the footer of its keys below."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer

from pingtui.tui.shell import Shell, shell_of
from pingtui.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from textual.app import ComposeResult

ResultT = TypeVar("ResultT")


class PingScreen(Screen[ResultT]):
    """A full screen with the shell around it; ``esc`` goes back when there is a back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="screen.back"),
    ]

    @property
    def pingtui(self) -> Shell:
        """The app as its shell (tenant, config, notify_error, …): see ``tui/shell.py``."""
        return shell_of(self.app)

    def compose_shell(self) -> ComposeResult:
        yield StatusBar()
        # Compact: every key of a listing screen fits in 80 columns.
        yield Footer(compact=True)

    @property
    def has_back(self) -> bool:
        """Whether there is a screen of pingtui's to go back to: not on the base screen (blank
        or the welcome) nor on the first screen above it. Counted from this screen, so a
        dialog on top does not make the key appear."""
        stack = self.app.screen_stack
        return self in stack and stack.index(self) > 1

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self.has_back
        return True

    def action_back(self) -> None:
        if self.has_back:
            self.dismiss()
