"""What every pingtui screen shares: the status bar on top, the footer of its keys below."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

from pingtui.tui.shell import shell_of
from pingtui.tui.widgets.footer import KeysFooter
from pingtui.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from pingtui.tui.shell import Shell

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

    async def read_latest(self, kind: str, obj: Mapping[str, Any], *,
                          environment_id: str | None = None, parent_id: str | None = None,
                          parent_kind: str | None = None) -> dict[str, Any] | None:
        """``obj`` as the API has it now (read-one), for a screen that showed a listing's row;
        None when no profile is open any more. Call it from the screen's worker."""
        from pingtui.api.resources import get_one

        tenant = self.pingtui.tenant
        if tenant is None:  # the profile was closed while this screen was open
            return None
        client = await tenant.client()
        return await get_one(client, kind, str(obj["id"]), environment_id=environment_id,
                             parent_id=parent_id, parent_kind=parent_kind)

    def compose_shell(self) -> ComposeResult:
        yield StatusBar()
        # Compact: every key of a listing screen fits in 80 columns.
        yield KeysFooter()

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
