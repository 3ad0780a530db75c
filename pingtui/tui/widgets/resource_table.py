"""A virtual table for resource listings that stays fast at 100,000 rows.

Built on Textual's line API: ``render_line`` draws only the lines on screen, so the cost of a
frame does not depend on the number of rows. Each row's cells are computed once, when the row is
added (``output.cell_text`` of ``Column.value(obj)``), and kept as a tuple of ``str`` beside one
lower-case search string, so the ``/`` filter is a plain substring scan over a list of strings
and narrowing a filter (typing one more character) scans only the rows still shown.

Why not the stock ``DataTable``: it builds a ``Text`` and a row object per cell up front and
measures every cell, which takes seconds at 100k rows; see ``bench/README.md`` for figures.

Cells are computed lazily: rows on screen at once, the rest in short slices while the app is
idle (or at once when a filter or sort needs them), so the first frame of a 100,000-row listing
does not wait for 100,000 rows of ``Column.value`` calls.

Row order is a list of row indices (``range`` while unsorted and unfiltered, so no memory); the
sort key of the current sort column is cached so pages arriving during a sorted listing cost a
merge, not a full re-sort with key computation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import contains
from time import perf_counter
from typing import Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from pingtui.output import Column, cell_text

_GAP = 2  # spaces between columns (as in the CLI's table)
_MARGIN = 1  # space before the first column
_MIN_ELASTIC = 10  # the elastic column never gets narrower than this
_MIN_FIXED = 12  # a fixed column is cut no narrower than this (or its header) when space is short
_HEADER_HEIGHT = 1

# C0/C1 control characters (ESC in particular) must never reach the terminal from API data.
_CONTROL = {c: "\ufffd" for c in [*range(0x20), *range(0x7F, 0xA0)]}


def _clean(value: Any) -> str:
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


def _fit(text: str, width: int) -> str:
    """Exactly ``width`` cells: padded, or cut with an ellipsis."""
    if text.isascii():
        if len(text) <= width:
            return text + " " * (width - len(text))
        return text[: width - 1] + "…" if width > 0 else ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…" if width > 0 else ""


def _shrink_to_fit(columns: Sequence[Column], available: int) -> dict[int, int]:
    """Fixed widths by column index, the widest cut first until every column shows.

    At 80 columns a 36-cell ID and a 30-cell name would push type, region and date off
    screen; cutting the widest ones (down to a floor) keeps every column in view, and the full
    values stay one keypress away (detail, copy).
    """
    widths = {i: c.width for i, c in enumerate(columns) if c.width is not None}
    floors = {i: max(cell_len(columns[i].header), _MIN_FIXED) for i in widths}
    elastic = len(columns) - len(widths)
    excess = (_MARGIN + sum(widths.values()) + _GAP * max(len(columns) - 1, 0)
              + _MIN_ELASTIC * elastic - available)
    while excess > 0:
        widest = max((i for i in widths if widths[i] > floors[i]), key=widths.__getitem__,
                     default=None)
        if widest is None:
            break  # nothing left to cut: the table scrolls sideways
        widths[widest] -= 1
        excess -= 1
    return widths


def _is_number(text: str) -> bool:
    # ASCII only: str.isdigit() is also true for '¹' or '٣', which float() refuses.
    digits = text[1:] if text[:1] == "-" else text
    return (digits.isascii() and digits[:1].isdigit()
            and digits.replace(".", "", 1).isdigit())


def _sort_key(text: str) -> tuple[int, Any]:
    """From a cell's text: numbers (by value) before text (case-insensitive) before empty.

    ISO 8601 dates, as PingOne sends them, sort correctly as text.
    """
    if not text:
        return (2, "")
    if _is_number(text):
        return (0, float(text))
    return (1, text.casefold())


def _plain_keys(texts: Sequence[str]) -> list[Any] | None:
    """Plain case-folded strings when no text is empty or a number (3x faster to sort than
    tuples), else None: the caller uses ``_sort_key`` tuples."""
    folded = [t.casefold() for t in texts]
    for text in folded:
        if not text or (text[0] in "-0123456789" and _is_number(text)):
            return None
    return folded


def _is_tuple_key(keys: list[Any]) -> bool:
    return bool(keys) and type(keys[0]) is tuple


@dataclass
class _RowMessage(Message):
    """A message about one row's object (``@on(..., "#id")`` selects by the table)."""

    obj: Mapping[str, Any]
    table: ResourceTable

    @property
    def control(self) -> ResourceTable:
        return self.table


class ResourceTable(ScrollView, can_focus=True):
    """Rows of API objects under a fixed header; cursor, sort, `/` filter."""

    ALLOW_SELECT = False  # rows are picked with the cursor; no text selection

    DEFAULT_CSS = """
    ResourceTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        &:focus {
            background-tint: $foreground 5%;
            & > .resource-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .resource-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .resource-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .resource-table--empty {
            color: $text-muted;
            text-style: italic;
        }
        /* A PRODUCTION environment's cells; a reference whose name was not found (its ID). */
        & > .resource-table--production {
            color: $text-error;
            text-style: bold;
        }
        & > .resource-table--unresolved {
            color: $text-muted;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "resource-table--header",
        "resource-table--cursor",
        "resource-table--empty",
        "resource-table--production",
        "resource-table--unresolved",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Up", show=False, id="table.cursor_up"),
        Binding("down", "cursor_down", "Down", show=False, id="table.cursor_down"),
        Binding("pageup", "cursor_page_up", "Page up", show=False, id="table.page_up"),
        Binding("pagedown", "cursor_page_down", "Page down", show=False, id="table.page_down"),
        Binding("home", "cursor_first", "First", show=False, id="table.home"),
        Binding("end", "cursor_last", "Last", show=False, id="table.end"),
        Binding("enter", "select_cursor", "Select", show=False, id="table.select"),
    ]

    class Selected(_RowMessage):
        """Enter (or a double click) on a row."""

    class Highlighted(_RowMessage):
        """The cursor moved to another object."""

    def __init__(self, columns: Sequence[Column], *, name: str | None = None,
                 id: str | None = None, classes: str | None = None,
                 marks: Callable[[Mapping[str, Any]], Mapping[int, str]] | None = None
                 ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._marks = marks
        """Cells to style by row: column index -> a component class (production, unresolved).
        Asked when a row is drawn (then cached with the line), not for every row loaded."""
        self.columns: tuple[Column, ...] = tuple(columns)
        self._getters = tuple(column.value for column in self.columns)
        self._objs: list[Mapping[str, Any]] = []
        # Cells and search strings of the first len(_cells) rows (the rest are computed lazily).
        self._cells: list[tuple[str, ...]] = []
        self._search: list[str] = []
        self._background: Timer | None = None
        # Row order after sorting (indices into _objs); None while unsorted.
        self._order: list[int] | None = None
        self._sort_column: int | None = None
        self._sort_reverse = False
        self._sort_keys: list[Any] = []  # str, or (rank, value) tuples
        # What is shown, in order; a range (no memory) while unfiltered and unsorted.
        self._view: Sequence[int] = range(0)
        self._filter = ""
        self._typed: list[tuple[str, Sequence[int]]] = []  # (filter, view) while typing on
        self._cursor = 0
        self._last_highlighted: int | None = None
        self._widths: tuple[int, ...] = ()
        self._layout_for = -1
        self._line_cache: LRUCache[tuple[int, bool], Strip] = LRUCache(1024)

    # ------------------------------------------------------------------ public API

    @property
    def row_count(self) -> int:
        """Rows shown (after the filter)."""
        return len(self._view)

    @property
    def total_rows(self) -> int:
        """Rows loaded."""
        return len(self._objs)

    @property
    def cells_pending(self) -> int:
        """Rows whose cells are still to be computed (in the background, or when needed)."""
        return len(self._objs) - len(self._cells)

    @property
    def cursor_row(self) -> int:
        """Index of the cursor among the shown rows."""
        return self._cursor

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
        if not self._view:
            return None
        return self._objs[self._view[self._cursor]]

    def visible_objects(self) -> list[Mapping[str, Any]]:
        """The shown objects, in the shown order."""
        objs = self._objs
        return [objs[i] for i in self._view]

    def cells(self, position: int) -> tuple[str, ...]:
        """The cell texts of the shown row at ``position``."""
        return self._row_cells(self._view[position])

    def add_rows(self, objs: Sequence[Mapping[str, Any]]) -> None:
        """Append rows (a page as it arrives); the current sort and filter apply to them."""
        if not objs:
            return
        keep = self._current_index()
        start = len(self._objs)
        self._typed.clear()
        self._objs.extend(objs)
        end = len(self._objs)
        if self._order is not None or self._filter:
            self._compute_cells()  # sort keys and the filter need every row's cells
        else:
            self._start_background()
        if self._order is not None:
            assert self._sort_column is not None
            column, cells = self._sort_column, self._cells
            texts = [cells[i][column] for i in range(start, end)]
            plain = None if _is_tuple_key(self._sort_keys) else _plain_keys(texts)
            if plain is not None:
                self._sort_keys.extend(plain)
            elif self._sort_keys and not _is_tuple_key(self._sort_keys):
                self._sort_keys = [_sort_key(c[column]) for c in cells]  # now mixed: tuples
            else:
                self._sort_keys.extend([_sort_key(text) for text in texts])
            # Timsort merges the sorted run and the new run: near O(n), keys are cached.
            self._order = self._sorted([*self._order, *range(start, end)])
            self._view = self._filtered(self._order)
        elif self._filter:
            needle, search = self._filter, self._search
            assert isinstance(self._view, list)
            self._view.extend([i for i in range(start, end) if needle in search[i]])
        else:
            self._view = range(end)
        self._restore_cursor(keep)
        self._data_changed()

    def clear(self) -> None:
        """Drop every row; the sort column and filter stay for the next rows."""
        self._objs, self._cells, self._search, self._sort_keys = [], [], [], []
        self._typed.clear()
        self._stop_background()
        if self._order is not None:
            self._order = []
        self._view = [] if self._filter else range(0)
        self._cursor = 0
        self._last_highlighted = None
        self._line_cache.clear()
        self._data_changed(scroll_home=True)

    def set_filter(self, text: str) -> None:
        """Show only rows whose cell texts contain ``text`` (case-insensitive)."""
        needle = text.lower()
        if needle == self._filter:
            return
        keep = self._current_index()
        self._compute_cells()
        old, view = self._filter, self._view
        # The views of the filters typed on the way here: a backspace goes back to one.
        typed = self._typed
        while typed and not needle.startswith(typed[-1][0]):
            typed.pop()
        if typed and typed[-1][0] == needle:
            self._view = typed.pop()[1]
        elif old and old in needle and len(view) * 8 < len(self._objs):
            # Narrowing a short list: only the rows shown now can still match.
            search = self._search
            self._view = [i for i in view if needle in search[i]]
        else:
            self._filter = needle
            self._view = self._filtered(self._base_order())
        if old and needle.startswith(old) and len(needle) > len(old):
            typed.append((old, view))
        self._filter = needle
        self._restore_cursor(keep)
        self._data_changed(scroll_home=False)

    def sort_by(self, column_index: int, reverse: bool | None = None) -> None:
        """Sort by a column (stable); ``reverse=None`` toggles when it is already the sort."""
        if not 0 <= column_index < len(self.columns):
            raise IndexError(f"no column {column_index}")
        if reverse is None:
            reverse = not self._sort_reverse if self._sort_column == column_index else False
        keep = self._current_index()
        if self._sort_column != column_index or self._order is None:
            self._compute_cells()
            texts = [cells[column_index] for cells in self._cells]
            self._sort_keys = _plain_keys(texts) or [_sort_key(text) for text in texts]
        self._sort_column, self._sort_reverse = column_index, reverse
        self._typed.clear()
        # Sorting the arrival order each time keeps ties in arrival order in both directions.
        self._order = self._sorted(list(range(len(self._objs))))
        self._view = self._filtered(self._order)
        self._restore_cursor(keep)
        self._data_changed()

    def move_cursor(self, position: int) -> None:
        """Put the cursor on the shown row at ``position`` (clamped) and scroll to it."""
        count = len(self._view)
        position = max(0, min(position, count - 1)) if count else 0
        if position != self._cursor:
            old = self._cursor
            self._cursor = position
            self._refresh_row(old)
            self._refresh_row(position)
        self._scroll_to_cursor()
        self._post_highlighted()

    # ------------------------------------------------------------------ internals

    def _compute_cells(self, limit: int | None = None) -> None:
        """Compute cells and search strings of rows not done yet (up to ``limit`` rows)."""
        start = len(self._cells)
        end = len(self._objs) if limit is None else min(len(self._objs), start + limit)
        if start >= end:
            return
        getters = self._getters
        new = [tuple([_clean(get(obj)) for get in getters]) for obj in self._objs[start:end]]
        self._cells.extend(new)
        self._search.extend(["\n".join(cells).lower() for cells in new])

    def _row_cells(self, index: int) -> tuple[str, ...]:
        if index < len(self._cells):
            return self._cells[index]
        return tuple([_clean(get(self._objs[index])) for get in self._getters])

    def _start_background(self) -> None:
        if self._background is None and len(self._cells) < len(self._objs) and self.is_attached:
            self._background = self.set_interval(0.002, self._background_step)

    def _stop_background(self) -> None:
        if self._background is not None:
            self._background.stop()
            self._background = None

    def _background_step(self) -> None:
        """A slice of ~8 ms of cell computing, so keys and frames go on in between."""
        deadline = perf_counter() + 0.008
        while len(self._cells) < len(self._objs) and perf_counter() < deadline:
            self._compute_cells(500)
        if len(self._cells) >= len(self._objs):
            self._stop_background()

    def on_mount(self) -> None:
        self._start_background()

    def _sorted(self, order: list[int]) -> list[int]:
        keys = self._sort_keys
        order.sort(key=keys.__getitem__, reverse=self._sort_reverse)
        if self._sort_reverse and _is_tuple_key(keys) and order and keys[order[0]][0] == 2:
            # Empty cells go last in both directions.
            k = next((n for n, i in enumerate(order) if keys[i][0] != 2), len(order))
            order = order[k:] + order[:k]
        return order

    def _base_order(self) -> Sequence[int]:
        return self._order if self._order is not None else range(len(self._objs))

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

    def _current_index(self) -> int | None:
        return self._view[self._cursor] if self._view else None

    def _restore_cursor(self, index: int | None) -> None:
        """Keep the cursor on the same object if it is still shown, else the first row."""
        view = self._view
        position = 0
        if index is not None and view:
            if isinstance(view, range):
                position = index if index < len(view) else 0
            else:
                if self._cursor < len(view) and view[self._cursor] == index:
                    position = self._cursor
                else:
                    try:
                        position = view.index(index)  # type: ignore[union-attr]
                    except ValueError:
                        position = 0
        self._cursor = position

    def _data_changed(self, scroll_home: bool = False) -> None:
        self._update_virtual_size()
        if scroll_home:
            self.scroll_to(y=0, animate=False, immediate=True)
        elif self.scroll_y > self.max_scroll_y:
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)
        if self._view:
            self._scroll_to_cursor()
        self.refresh()
        self._post_highlighted()

    def _update_virtual_size(self) -> None:
        self._layout()
        width = _MARGIN + sum(self._widths) + _GAP * max(len(self._widths) - 1, 0)
        self.virtual_size = Size(width, len(self._view) + _HEADER_HEIGHT)

    def _layout(self) -> None:
        """Column widths for the current width; None-width columns share what is left."""
        available = self.scrollable_content_region.width or self.size.width
        if available == self._layout_for and self._widths:
            return
        self._layout_for = available
        fixed = _shrink_to_fit(self.columns, available)
        elastic = sum(1 for c in self.columns if c.width is None)
        used = _MARGIN + sum(fixed.values()) + _GAP * max(len(self.columns) - 1, 0)
        rest = max(available - used, _MIN_ELASTIC * elastic)
        share = rest // elastic if elastic else 0
        self._widths = tuple(
            fixed[i] if i in fixed else max(share, _MIN_ELASTIC, cell_len(column.header) + 2)
            for i, column in enumerate(self.columns))
        self._line_cache.clear()

    def _page_height(self) -> int:
        height = self.scrollable_content_region.height or self.size.height
        return max(height - _HEADER_HEIGHT, 1)

    def _scroll_to_cursor(self) -> None:
        page = self._page_height()
        top = round(self.scroll_y)
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, immediate=True)
        elif self._cursor >= top + page:
            self.scroll_to(y=self._cursor - page + 1, animate=False, immediate=True)

    def _refresh_row(self, position: int) -> None:
        self.refresh_line(position + _HEADER_HEIGHT)

    def _post_highlighted(self) -> None:
        index = self._current_index()
        if index is None or index == self._last_highlighted:
            return
        self._last_highlighted = index
        self.post_message(self.Highlighted(self._objs[index], self))

    # ------------------------------------------------------------------ rendering

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line_cache.clear()

    def on_resize(self, event: events.Resize) -> None:
        self._update_virtual_size()
        self._scroll_to_cursor()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        base = self.rich_style
        self._layout()
        if y < _HEADER_HEIGHT:
            strip = self._header_strip()
        else:
            position = scroll_y + y - _HEADER_HEIGHT
            if position < len(self._view):
                strip = self._row_strip(self._view[position], position == self._cursor)
            elif position == 0:
                strip = self._empty_strip()
            else:
                return Strip.blank(width, base)
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _line(self, texts: Sequence[str], style: Style) -> Strip:
        parts = [_fit(text, width) for text, width in zip(texts, self._widths)]
        line = " " * _MARGIN + (" " * _GAP).join(parts)
        return Strip([Segment(line, style)], cell_len(line) if not line.isascii() else len(line))

    def _marked_line(self, texts: Sequence[str], style: Style,
                     marks: Mapping[int, str]) -> Strip:
        """A row with some cells in a component style (one segment per cell)."""
        segments = [Segment(" " * _MARGIN, style)]
        for i, (text, width) in enumerate(zip(texts, self._widths)):
            if i:
                segments.append(Segment(" " * _GAP, style))
            mark = marks.get(i)
            cell_style = style + self.get_component_rich_style(mark, partial=True) if mark \
                else style
            segments.append(Segment(_fit(text, width), cell_style))
        return Strip(segments)

    def _row_strip(self, index: int, cursor: bool) -> Strip:
        key = (index, cursor)
        strip = self._line_cache.get(key)
        if strip is None:
            style = (self.get_component_rich_style("resource-table--cursor") if cursor
                     else self.rich_style)
            marks = self._marks(self._objs[index]) if self._marks and not cursor else None
            if marks:
                strip = self._marked_line(self._row_cells(index), style, marks)
            else:
                strip = self._line(self._row_cells(index), style)
            self._line_cache[key] = strip
        return strip

    def _header_strip(self) -> Strip:
        headers = []
        for i, column in enumerate(self.columns):
            if i == self._sort_column:
                headers.append(f"{column.header} {'▼' if self._sort_reverse else '▲'}")
            else:
                headers.append(column.header)
        style = self.get_component_rich_style("resource-table--header")
        return self._line(headers, style)

    def _empty_strip(self) -> Strip:
        if self._objs and self._filter:
            text = f"No rows match “{self._filter}”."
        else:
            text = "No rows."
        style = self.get_component_rich_style("resource-table--empty")
        line = " " * _MARGIN + text
        return Strip([Segment(line, style)], cell_len(line))

    # ------------------------------------------------------------------ keys and mouse

    def action_cursor_up(self) -> None:
        self.move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self._cursor + 1)

    def action_cursor_page_up(self) -> None:
        self.move_cursor(self._cursor - self._page_height())

    def action_cursor_page_down(self) -> None:
        self.move_cursor(self._cursor + self._page_height())

    def action_cursor_first(self) -> None:
        self.move_cursor(0)

    def action_cursor_last(self) -> None:
        self.move_cursor(len(self._view) - 1)

    def action_select_cursor(self) -> None:
        obj = self.selected
        if obj is not None:
            self.post_message(self.Selected(obj, self))

    def _column_at(self, x: int) -> int | None:
        left = _MARGIN
        for i, width in enumerate(self._widths):
            if left <= x < left + width + _GAP:
                return i
            left += width + _GAP
        return None

    def on_click(self, event: events.Click) -> None:
        region = self.scrollable_content_region
        x, y = event.screen_x - region.x, event.screen_y - region.y
        if not (0 <= y < region.height and 0 <= x < region.width):
            return  # on a scrollbar
        if y < _HEADER_HEIGHT:
            column = self._column_at(x + round(self.scroll_x))
            if column is not None:
                self.sort_by(column)
            return
        position = round(self.scroll_y) + y - _HEADER_HEIGHT
        if position < len(self._view):
            self.move_cursor(position)
            if event.chain >= 2:
                self.action_select_cursor()
