"""Temporary stand-ins for layers other engineers are still writing (test code only).

Installed by conftest.py only when the real module is missing, so the TUI's own tests run
against the documented contracts meanwhile and against the real modules as soon as they land.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


def missing(name: str) -> bool:
    if name in sys.modules:
        return False
    try:
        return importlib.util.find_spec(name) is None
    except (ModuleNotFoundError, ValueError):
        return True


def resource_table_module() -> types.ModuleType:
    from rich.text import Text
    from textual.binding import Binding
    from textual.message import Message
    from textual.widgets import DataTable

    from pingtui.output import cell_text

    class ResourceTable(DataTable):
        BINDINGS = [Binding("enter", "select_obj", "Select", show=False)]

        @dataclass
        class Selected(Message):
            obj: Mapping[str, Any]

        @dataclass
        class Highlighted(Message):
            obj: Mapping[str, Any]

        def __init__(self, columns: Sequence[Any], *, id: str | None = None) -> None:
            super().__init__(id=id, cursor_type="row", zebra_stripes=True)
            self._cols = list(columns)
            self._all: list[Mapping[str, Any]] = []
            self._filter = ""
            self._sort: tuple[int, bool] | None = None

        def on_mount(self) -> None:
            self.add_columns(*[c.header for c in self._cols])

        def _cells(self, obj: Mapping[str, Any]) -> list[str]:
            return [cell_text(c.value(obj)) for c in self._cols]

        def _visible(self) -> list[Mapping[str, Any]]:
            rows = [o for o in self._all
                    if not self._filter or any(self._filter.lower() in c.lower()
                                                for c in self._cells(o))]
            if self._sort:
                i, rev = self._sort
                rows.sort(key=lambda o: self._cells(o)[i].lower(), reverse=rev)
            return rows

        def _redraw(self) -> None:
            super().clear()
            for obj in self._visible():
                self.add_row(*[Text(c) for c in self._cells(obj)])

        def add_rows(self, objs: Sequence[Mapping[str, Any]]) -> None:  # type: ignore[override]
            self._all.extend(objs)
            self._redraw()

        def clear(self, columns: bool = False) -> Any:  # type: ignore[override]
            self._all = []
            return super().clear()

        def set_filter(self, text: str) -> None:
            self._filter = text
            self._redraw()

        def sort_by(self, column_index: int, reverse: bool | None = None) -> None:
            if reverse is None:
                reverse = bool(self._sort and self._sort[0] == column_index
                               and not self._sort[1])
            self._sort = (column_index, reverse)
            self._redraw()

        @property
        def total_rows(self) -> int:
            return len(self._all)

        @property
        def selected(self) -> Mapping[str, Any] | None:
            rows = self._visible()
            return rows[self.cursor_row] if rows and 0 <= self.cursor_row < len(rows) else None

        def visible_objects(self) -> list[Mapping[str, Any]]:
            return self._visible()

        def action_select_obj(self) -> None:
            if (obj := self.selected) is not None:
                self.post_message(self.Selected(obj))

    module = types.ModuleType("pingtui.tui.widgets.resource_table")
    module.ResourceTable = ResourceTable  # type: ignore[attr-defined]
    return module


def install() -> None:
    if missing("pingtui.tui.widgets.resource_table"):
        sys.modules["pingtui.tui.widgets.resource_table"] = resource_table_module()

