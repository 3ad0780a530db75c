"""The rows of a ResourceTable without the widget: objects, their cells, sort, filter, cursor.

No textual here (an import-linter contract says so), so the listing logic is unit-tested on
its own and the widget only draws it (``resource_table.py``).

Each row's cells are computed once (``output.cell_text`` of ``Column.value(obj)``, control
characters replaced) and kept as a tuple of ``str`` beside one lower-case search string, so the
``/`` filter is a plain substring scan over a list of strings, and narrowing a filter (typing
one more character) scans only the rows still shown. Cells are computed lazily: the widget
asks for the rows it draws and computes the rest in slices while idle (or at once when a
filter or sort needs them).

Row order is a list of row indices (``range`` while unsorted and unfiltered, so no memory); the
sort key of the current sort column is cached so pages arriving during a sorted listing cost a
merge, not a full re-sort with key computation.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from itertools import compress, repeat
from operator import contains
from typing import Any

from pingtui.output import Column, cell_text

# C0/C1 control characters (ESC in particular) must never reach the terminal from API data.
_CONTROL = {c: "\ufffd" for c in [*range(0x20), *range(0x7F, 0xA0)]}


def clean(value: Any) -> str:
    """``output.cell_text`` with control characters replaced; API strings kept, not copied."""
    if type(value) is str and value.isprintable() and "  " not in value and (
            not value or (value[0] != " " and value[-1] != " ")):
        # Printable means the only whitespace is the ASCII space: cell_text would not change
        # it, and returning the object the row already holds saves a second copy in memory.
        return value
    text = cell_text(value)
    if not text.isprintable():
        text = text.translate(_CONTROL)
    return text


def _is_number(text: str) -> bool:
    # ASCII only: str.isdigit() is also true for '¹' or '٣', which float() refuses.
    digits = text[1:] if text[:1] == "-" else text
    return (digits.isascii() and digits[:1].isdigit()
            and digits.replace(".", "", 1).isdigit())


def fold(text: str) -> str:
    """``text`` as it sorts: case and accents ignored ("São Paulo" before "Sydney"; casefold
    alone keeps 'ã' after 'y'). ASCII, the common case, skips the Unicode work. NFD, not NFKD:
    only accents come off; compatibility forms such as '¹' stay what they are."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def sort_key(text: str) -> tuple[int, Any]:
    """From a cell's text: numbers (by value) before text (case-insensitive) before empty.

    ISO 8601 dates, as PingOne sends them, sort correctly as text.
    """
    if not text:
        return (2, "")
    if _is_number(text):
        return (0, float(text))
    return (1, fold(text))


def _plain_keys(texts: Sequence[str]) -> list[Any] | None:
    """Plain case-folded strings when no text is empty or a number (3x faster to sort than
    tuples), else None: the caller uses ``sort_key`` tuples."""
    folded = [fold(t) for t in texts]
    for text in folded:
        if not text or (text[0] in "-0123456789" and _is_number(text)):
            return None
    return folded


def _is_tuple_key(keys: list[Any]) -> bool:
    return bool(keys) and type(keys[0]) is tuple


class TableModel:
    """Rows of API objects: what is shown (after the filter), in which order, and the cursor.

    Every change keeps the cursor on the same object when it is still shown (else the first
    row). Positions are among the shown rows; indices are into the loaded objects.
    """

    def __init__(self, columns: Sequence[Column]) -> None:
        self.columns: tuple[Column, ...] = tuple(columns)
        self._getters = tuple(column.value for column in self.columns)
        self.objs: list[Mapping[str, Any]] = []
        """Every loaded object, in arrival order."""
        # Cells and search strings of the first len(_cells) rows (the rest are computed lazily).
        self._cells: list[tuple[str, ...]] = []
        self._search: list[str] = []
        # Row order after sorting (indices into objs); None while unsorted.
        self._order: list[int] | None = None
        self._sort_column: int | None = None
        self._sort_reverse = False
        self._sort_keys: list[Any] = []  # str, or (rank, value) tuples
        self.view: Sequence[int] = range(0)
        """What is shown, in order (indices into objs); a range while unfiltered, unsorted."""
        self._filter = ""
        self._typed: list[tuple[str, Sequence[int]]] = []  # (filter, view) while typing on
        self.cursor = 0
        """Position of the cursor among the shown rows."""

    # ------------------------------------------------------------------ reading

    @property
    def row_count(self) -> int:
        """Rows shown (after the filter)."""
        return len(self.view)

    @property
    def total_rows(self) -> int:
        """Rows loaded."""
        return len(self.objs)

    @property
    def cells_pending(self) -> int:
        """Rows whose cells are still to be computed."""
        return len(self.objs) - len(self._cells)

    @property
    def filter_text(self) -> str:
        return self._filter

    @property
    def sort_column(self) -> int | None:
        return self._sort_column

    @property
    def sort_reverse(self) -> bool:
        return self._sort_reverse

    @property
    def selected(self) -> Mapping[str, Any] | None:
        """The object under the cursor."""
        if not self.view:
            return None
        return self.objs[self.view[self.cursor]]

    def current_index(self) -> int | None:
        """The index (into objs) of the object under the cursor."""
        return self.view[self.cursor] if self.view else None

    def visible_objects(self) -> list[Mapping[str, Any]]:
        """The shown objects, in the shown order."""
        objs = self.objs
        return [objs[i] for i in self.view]

    def cells(self, position: int) -> tuple[str, ...]:
        """The cell texts of the shown row at ``position``."""
        return self.row_cells(self.view[position])

    def row_cells(self, index: int) -> tuple[str, ...]:
        """The cell texts of the loaded row at ``index`` (computed now if not yet)."""
        if index < len(self._cells):
            return self._cells[index]
        return tuple([clean(get(self.objs[index])) for get in self._getters])

    # ------------------------------------------------------------------ changing

    def compute_cells(self, limit: int | None = None) -> None:
        """Compute cells and search strings of rows not done yet (up to ``limit`` rows)."""
        start = len(self._cells)
        end = len(self.objs) if limit is None else min(len(self.objs), start + limit)
        if start >= end:
            return
        getters = self._getters
        new = [tuple([clean(get(obj)) for get in getters]) for obj in self.objs[start:end]]
        self._cells.extend(new)
        self._search.extend(["\n".join(cells).lower() for cells in new])

    def add_rows(self, objs: Sequence[Mapping[str, Any]]) -> None:
        """Append rows (a page as it arrives); the current sort and filter apply to them.

        Without a sort or filter their cells are left to compute later (``cells_pending``).
        """
        if not objs:
            return
        keep = self.current_index()
        start = len(self.objs)
        self._typed.clear()
        self.objs.extend(objs)
        end = len(self.objs)
        if self._order is not None or self._filter:
            self.compute_cells()  # sort keys and the filter need every row's cells
        if self._order is not None:
            assert self._sort_column is not None
            column, cells = self._sort_column, self._cells
            texts = [cells[i][column] for i in range(start, end)]
            plain = None if _is_tuple_key(self._sort_keys) else _plain_keys(texts)
            if plain is not None:
                self._sort_keys.extend(plain)
            elif self._sort_keys and not _is_tuple_key(self._sort_keys):
                self._sort_keys = [sort_key(c[column]) for c in cells]  # now mixed: tuples
            else:
                self._sort_keys.extend([sort_key(text) for text in texts])
            # Timsort merges the sorted run and the new run: near O(n), keys are cached.
            self._order = self._sorted([*self._order, *range(start, end)])
            self.view = self._filtered(self._order)
        elif self._filter:
            needle, search = self._filter, self._search
            assert isinstance(self.view, list)
            self.view.extend([i for i in range(start, end) if needle in search[i]])
        else:
            self.view = range(end)
        self._restore_cursor(keep)

    def clear(self) -> tuple[list[Any], ...]:
        """Drop every row; the sort column and filter stay for the next rows. Returns what was
        dropped, for the caller to free when it suits (50,000 rows take ~100 ms to free)."""
        dropped = (self.objs, self._cells, self._search, self._sort_keys)
        self.objs, self._cells, self._search, self._sort_keys = [], [], [], []
        self._typed.clear()
        if self._order is not None:
            self._order = []
        self.view = [] if self._filter else range(0)
        self.cursor = 0
        return dropped

    def set_filter(self, text: str) -> bool:
        """Show only rows whose cell texts contain ``text`` (case-insensitive); False when
        that is the filter already (nothing changed)."""
        needle = text.lower()
        if needle == self._filter:
            return False
        keep = self.current_index()
        self.compute_cells()
        old, view = self._filter, self.view
        # The views of the filters typed on the way here: a backspace goes back to one.
        typed = self._typed
        while typed and not needle.startswith(typed[-1][0]):
            typed.pop()
        if typed and typed[-1][0] == needle:
            self.view = typed.pop()[1]
        elif old and old in needle and len(view) * 8 < len(self.objs):
            # Narrowing a short list: only the rows shown now can still match.
            search = self._search
            self.view = [i for i in view if needle in search[i]]
        else:
            self._filter = needle
            self.view = self._filtered(self._base_order())
        if old and needle.startswith(old) and len(needle) > len(old):
            typed.append((old, view))
        self._filter = needle
        self._restore_cursor(keep)
        return True

    def sort_by(self, column_index: int, reverse: bool | None = None) -> None:
        """Sort by a column (stable); ``reverse=None`` toggles when it is already the sort."""
        if not 0 <= column_index < len(self.columns):
            raise IndexError(f"no column {column_index}")
        if reverse is None:
            reverse = not self._sort_reverse if self._sort_column == column_index else False
        keep = self.current_index()
        if self._sort_column != column_index or self._order is None:
            self.compute_cells()
            texts = [cells[column_index] for cells in self._cells]
            self._sort_keys = _plain_keys(texts) or [sort_key(text) for text in texts]
        self._sort_column, self._sort_reverse = column_index, reverse
        self._typed.clear()
        # Sorting the arrival order each time keeps ties in arrival order in both directions.
        self._order = self._sorted(list(range(len(self.objs))))
        self.view = self._filtered(self._order)
        self._restore_cursor(keep)

    def move_cursor(self, position: int) -> int:
        """Put the cursor on the shown row at ``position`` (clamped); returns the old one."""
        count = len(self.view)
        old = self.cursor
        self.cursor = max(0, min(position, count - 1)) if count else 0
        return old

    # ------------------------------------------------------------------ internals

    def _sorted(self, order: list[int]) -> list[int]:
        keys = self._sort_keys
        order.sort(key=keys.__getitem__, reverse=self._sort_reverse)
        if self._sort_reverse and _is_tuple_key(keys) and order and keys[order[0]][0] == 2:
            # Empty cells go last in both directions.
            k = next((n for n, i in enumerate(order) if keys[i][0] != 2), len(order))
            order = order[k:] + order[:k]
        return order

    def _base_order(self) -> Sequence[int]:
        return self._order if self._order is not None else range(len(self.objs))

    def _filtered(self, order: Sequence[int]) -> Sequence[int]:
        needle = self._filter
        if not needle:
            return order
        # Scan in arrival order (the strings lie in memory in that order: 3-4x faster than
        # jumping around in sort order), then pick the matches out in display order.
        match = bytes(map(contains, self._search, repeat(needle)))
        if isinstance(order, range):
            return list(compress(order, match))
        return list(compress(order, map(match.__getitem__, order)))

    def _restore_cursor(self, index: int | None) -> None:
        """Keep the cursor on the same object if it is still shown, else the first row."""
        view = self.view
        position = 0
        if index is not None and view:
            if isinstance(view, range):
                position = index if index < len(view) else 0
            elif self.cursor < len(view) and view[self.cursor] == index:
                position = self.cursor
            else:
                try:
                    position = view.index(index)
                except ValueError:
                    position = 0
        self.cursor = position
