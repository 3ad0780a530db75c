"""The top bar: profile, environment, who is signed on, and a warning when tokens sit in a file."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from pingtui.output import printable
from pingtui.tui.shell import shell_of


class StatusBar(Static):
    """Reads the shell's ``profile_label`` & co. and redraws when they change."""

    DEFAULT_CSS = """
    StatusBar {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self) -> None:
        super().__init__(markup=False)

    def on_mount(self) -> None:
        for name in ("profile_label", "environment_label", "identity_label", "storage_warning",
                     "environment_production"):
            self.watch(self.app, name, self._redraw, init=False)
        self._redraw()

    def _redraw(self, _value: object = None) -> None:
        app = shell_of(self.app)
        # Labels come from config and the API: Text keeps "[prod]" literal.
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("pingtui", style="bold")
        profile = app.profile_label
        parts: list[tuple[str, str]] = []
        if profile:
            parts.append(("profile ", profile))
        warn = app.storage_warning
        if environment := app.environment_label:
            parts.append(("env ", environment))
        if profile:
            identity = app.identity_label
            parts.append(("", f"signed on as {identity}" if identity else "not signed on"))
        for index, (label, value) in enumerate(parts):
            text.append("  │  ", style="dim")
            text.append(label, style="dim")
            text.append(printable(value))  # API/config text: no terminal escapes
            if label == "env " and app.environment_production:
                # Reverse video: legible in every theme, and seen at a glance.
                text.append(" ")
                text.append(" PRODUCTION ", style="bold reverse")
            if index == 0 and warn:
                # Beside the profile it is about, before the (long) identity can push it off.
                text.append("  ")
                text.append("⚠ tokens stored in a file", style="bold reverse")
        self.update(text)
