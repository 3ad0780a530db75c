"""``?``: every key of the screen below — footer keys and hidden ones — with its binding id."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

HABITS = (
    "k9s habits: ':' jump to a resource · '/' filter · esc back · d detail · y YAML · "
    "c copy · r refresh · ctrl+p commands. Rebind any key by its id in the profile's "
    "'keymap:' (for example  browser.refresh: ctrl+r)."
)


_SORT_ID = re.compile(r"^(?P<stem>.+)\.sort_(?P<n>\d+)$")


def _screen_keys(screen: Screen[object]) -> dict[str, Binding]:
    """The screen's own bindings by key (its classes' BINDINGS, nearest class first)."""
    keys: dict[str, Binding] = {}
    for cls in type(screen).__mro__:
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding):
                for key in binding.key.split(","):
                    keys.setdefault(key.strip(), binding)
    return keys


def binding_rows(screen: Screen[object]) -> list[tuple[str, str, str]]:
    """(key, what it does, id) for every key that works on ``screen``, app keys included;
    each key once, the sort keys 1-6 as one row."""
    app = screen.app
    own = _screen_keys(screen)
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.system and not binding.description:
            continue
        if (not binding.id or binding.id.startswith("table.")) and key in own:
            # The table takes the key first (Enter selects the row) and the screen acts on
            # it: say what it does here ("Detail", "Open"), not "Select".
            binding = own[key]
        # The key itself, not the footer's key_display ("[ ]", "1-6"): each row one key.
        label = app.get_key_display(replace(binding, key=key, key_display=None))
        description = binding.description or binding.action
        ident = (label, description)
        if ident in seen:
            continue
        seen.add(ident)
        rows.append((label, description, binding.id or ""))
    rows = _merge_sort_keys(rows)

    def group(row: tuple[str, str, str]) -> int:
        # This screen's own keys first, then app-wide ones, then moving around.
        ident = row[2]
        if not ident:
            return 3
        return {"app": 1, "table": 2}.get(ident.split(".")[0], 0)

    rows.sort(key=lambda row: (group(row), row[2], row[0]))
    return rows


def _merge_sort_keys(rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """``1`` … ``6`` "sort by column N" as one row: ``1-6``, ids ``<screen>.sort_1…6``."""
    sorts: dict[str, list[tuple[int, str]]] = {}
    rest = []
    for row in rows:
        match = _SORT_ID.match(row[2])
        if match and row[0].isdigit():
            sorts.setdefault(match["stem"], []).append((int(match["n"]), row[0]))
        else:
            rest.append(row)
    for stem, keys in sorts.items():
        keys.sort()
        (first, low), (last, high) = keys[0], keys[-1]
        span = low if len(keys) == 1 else f"{low}-{high}"
        ids = f"{stem}.sort_{first}" + (f"…{last}" if len(keys) > 1 else "")
        rest.append((span, f"Sort by column {span}", ids))
    return rest


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
            with VerticalScroll(id="help-keys"):
                yield Static(self._table(), id="help-table")
            yield Static(HABITS, id="help-habits", markup=False)

    def _table(self) -> Table:
        # A Rich table, not a DataTable: at 60 columns the ACTION column wraps and the ids
        # (what a keymap names) stay whole; a DataTable cut them ("browser.server_filte").
        table = Table(box=None, padding=(0, 1), header_style="bold")
        table.add_column("KEY", no_wrap=True, style="bold")
        table.add_column("ACTION", overflow="fold")
        table.add_column("ID", no_wrap=True, style="dim")
        for key, description, ident in self.rows:
            table.add_row(Text(key), Text(description), Text(ident))
        return table

    def on_mount(self) -> None:
        self.query_one("#help-keys").focus()
