"""``:`` — k9s's command prompt: type a resource (``users``, ``envs``…) and go there."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

TARGETS: dict[str, tuple[str, ...]] = {
    "environments": ("environments", "envs", "env", "environment"),
    "populations": ("populations", "pops", "pop", "population"),
    "users": ("users", "user", "u"),
    "groups": ("groups", "group", "grp"),
    "applications": ("applications", "apps", "app", "application"),
    "profiles": ("profiles", "profile", "ctx", "contexts"),
    "help": ("help", "?"),
}


def match_targets(text: str) -> list[str]:
    text = text.strip().lower().lstrip(":")
    if not text:
        return list(TARGETS)
    exact = [t for t, aliases in TARGETS.items() if text in aliases]
    prefix = [t for t, aliases in TARGETS.items()
              if t not in exact and any(a.startswith(text) for a in aliases)]
    return exact + prefix


class JumpScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="jump.cancel"),
        Binding("down", "move(1)", "Next", id="jump.next", show=False),
        Binding("up", "move(-1)", "Previous", id="jump.previous", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="jump-box", classes="dialog"):
            yield Static("Go to (Enter):", classes="dialog-title")
            yield Input(placeholder="environments, users, groups, apps, pops, profiles",
                        id="jump-input")
            yield OptionList(*[Option(t, id=t) for t in TARGETS], id="jump-options")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.query_one(OptionList).highlighted = 0

    @on(Input.Changed, "#jump-input")
    def _changed(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(t, id=t) for t in match_targets(event.value)])
        if options.option_count:
            options.highlighted = 0

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + delta))

    @on(Input.Submitted, "#jump-input")
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not options.option_count:
            self.app.bell()
            return
        self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected, "#jump-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
