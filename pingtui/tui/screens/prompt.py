"""A one-line question (a path, a SCIM filter, a new name); dismisses with the text or None."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class PromptScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel"),
    ]

    def __init__(self, question: str, *, value: str = "", placeholder: str = "",
                 note: str = "", check: Callable[[str], str | None] | None = None,
                 password: bool = False) -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.placeholder = placeholder
        self.note = note
        self.check = check
        self.password = password

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box", classes="dialog"):
            yield Static(Text(self.question), classes="dialog-title")
            yield Input(self.value, placeholder=self.placeholder, password=self.password,
                        id="prompt-input")
            yield Static(Text(self.note), id="prompt-note", classes="dialog-note")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed, "#prompt-input")
    def _changed(self, event: Input.Changed) -> None:
        if self.check:
            problem = self.check(event.value) if event.value else None
            self.query_one("#prompt-note", Static).update(Text(problem or self.note))
            self.set_class(bool(problem), "-invalid")

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if self.check and event.value and self.check(event.value):
            self.app.bell()
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
