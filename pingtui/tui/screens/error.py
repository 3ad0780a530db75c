"""A fatal error (a broken profiles file): what failed, where, and what to do. Nothing to browse."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from pingtui.errors import PingTUIError
from pingtui.tui.screens.base import PingScreen


class ErrorScreen(PingScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", "Read the file again", id="error.retry"),
        Binding("q", "app.quit", "Quit", id="error.quit"),
    ]

    def __init__(self, error: PingTUIError, *, title: str) -> None:
        super().__init__()
        self.error = error
        self.title_text = title

    def compose(self) -> ComposeResult:
        yield from self.compose_shell()
        with Vertical(id="error-box"):
            yield Static(Text(self.title_text), id="error-title")
            # The message names the file, line and column ("config.yaml:3:5: ...").
            yield Static(Text(self.error.message), id="error-message")
            if self.error.hint:
                yield Static(Text(self.error.hint), id="error-hint")
            yield Static(Text("pingtui did not change the file. Fix it and press r, or quit "
                              "with q."), id="error-footnote")

    def action_retry(self) -> None:
        self.pingtui.load_and_route()
