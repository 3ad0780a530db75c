"""The top bar: profile, environment, who is signed on, and a warning when tokens sit in a file."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static


class StatusBar(Horizontal):
    """Reads the app's ``profile_label`` & co. and redraws when they change."""

    DEFAULT_CSS = """
    StatusBar {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    StatusBar > #status-title { width: auto; text-style: bold; color: $accent; }
    StatusBar > #status-context { width: 1fr; padding: 0 1; }
    StatusBar > #status-warning { width: auto; color: $warning; text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        yield Static("pingtui", id="status-title")
        yield Static(id="status-context", markup=False)
        yield Static(id="status-warning", markup=False)

    def on_mount(self) -> None:
        for name in ("profile_label", "environment_label", "identity_label", "storage_warning"):
            self.watch(self.app, name, self._redraw, init=False)
        self._redraw()

    def _redraw(self, _value: object = None) -> None:
        app = self.app
        parts: list[tuple[str, str]] = []
        # Labels come from config and the API: Text keeps "[prod]" literal.
        if profile := getattr(app, "profile_label", ""):
            parts.append(("profile ", profile))
        if environment := getattr(app, "environment_label", ""):
            parts.append(("env ", environment))
        identity = getattr(app, "identity_label", "")
        if profile:
            parts.append(("", f"signed on as {identity}" if identity else "not signed on"))
        text = Text(no_wrap=True, overflow="ellipsis")
        for i, (label, value) in enumerate(parts):
            if i:
                text.append("  │  ", style="dim")
            text.append(label, style="dim")
            text.append(value)
        self.query_one("#status-context", Static).update(text)
        warning = "⚠ tokens stored in a file" if getattr(app, "storage_warning", False) else ""
        self.query_one("#status-warning", Static).update(warning)
