"""``?``: every key of the screen below — footer keys and hidden ones — with its binding id."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

HABITS = (
    "k9s habits: ':' jump to a resource · '/' filter · esc back · d detail · y YAML · "
    "c copy · r refresh · ctrl+p commands. Rebind any key by its id in the profile's "
    "'keymap:' (for example  browser.refresh: ctrl+r)."
)


def binding_rows(screen: Screen[object]) -> list[tuple[str, str, str]]:
    """(key, what it does, id) for every binding active on ``screen``, app keys included."""
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.system and not binding.description:
            continue
        label = screen.app.get_key_display(binding)
        description = binding.description or binding.action
        ident = (label, description)
        if ident in seen:
            continue
        seen.add(ident)
        rows.append((label, description, binding.id or ""))
    def group(row: tuple[str, str, str]) -> int:
        # This screen's own keys first, then app-wide ones, then moving around.
        ident = row[2]
        if not ident:
            return 3
        return {"app": 1, "table": 2}.get(ident.split(".")[0], 0)

    rows.sort(key=lambda row: (group(row), row[2], row[0]))
    return rows


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"  # this screen's rules, parsed when it is first shown
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, below: Screen[object]) -> None:
        super().__init__()
        # Read now, while ``below`` is still the active screen: its check_action answers
        # (hidden / greyed keys) depend on what is on top of it.
        self.rows = binding_rows(below)
        self.below_name = below.__class__.__name__.removesuffix("Screen")

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(Text(f"Keys — {self.below_name}"), id="help-title")
            table: DataTable[Text] = DataTable(id="help-table", cursor_type="row",
                                               zebra_stripes=True)
            yield table
            yield Static(HABITS, id="help-habits", markup=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("KEY", "ACTION", "ID")
        for key, description, ident in self.rows:
            table.add_row(Text(key), Text(description), Text(ident))
        table.focus()
