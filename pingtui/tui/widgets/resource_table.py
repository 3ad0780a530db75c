"""A virtual table for resource listings that stays fast at 100,000 rows.

Built on Textual's line API: ``render_line`` draws only the lines on screen, so the cost of a
frame does not depend on the number of rows. What the rows are — cells, sort, `/` filter,
cursor — is a ``TableModel`` (``table_model.py``, no textual, unit-tested on its own); this
widget lays out the columns, draws the lines, scrolls, computes pending cells in short slices
while the app is idle (so the first frame of a 100,000-row listing does not wait for 100,000
rows of ``Column.value`` calls) and posts the row messages.

Why not the stock ``DataTable``: it builds a ``Text`` and a row object per cell up front and
measures every cell, which takes seconds at 100k rows; see ``bench/README.md`` for figures.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
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

from pingtui.output import Column
from pingtui.tui.widgets.table_model import TableModel

_GAP = 2  # spaces between columns (as in the CLI's table)
_MARGIN = 1  # space before the first column
_MIN_ELASTIC = 10  # the elastic column never gets narrower than this
_MIN_FIXED = 12  # a fixed column is cut no narrower than this (or its header) when space is short
_HEADER_HEIGHT = 1

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
        self.model = TableModel(columns)
        """The rows: cells, sort, filter, cursor (textual-free)."""
        self.columns: tuple[Column, ...] = self.model.columns
        self._background: Timer | None = None
        self._last_highlighted: int | None = None
        self._widths: tuple[int, ...] = ()
        self._layout_for = -1
        self._line_cache: LRUCache[tuple[int, bool], Strip] = LRUCache(1024)
        self._base_style: Style | None = None
        """``rich_style``, kept until the styles change: Textual works it out from every
        ancestor on each read (~30 us), and each line drawn read it twice."""
        self._dropped: list[tuple[list[Any], ...]] = []
        """Rows ``clear`` dropped, freed after the next rows are painted."""

    # ------------------------------------------------------------------ public API

    @property
    def row_count(self) -> int:
        """Rows shown (after the filter)."""
        return self.model.row_count

    @property
    def total_rows(self) -> int:
        """Rows loaded."""
        return self.model.total_rows

    @property
    def cells_pending(self) -> int:
        """Rows whose cells are still to be computed (in the background, or when needed)."""
        return self.model.cells_pending

    @property
    def cursor_row(self) -> int:
        """Index of the cursor among the shown rows."""
        return self.model.cursor

    @property
    def filter_text(self) -> str:
        return self.model.filter_text

    @property
    def sort_column(self) -> int | None:
        return self.model.sort_column

    @property
    def sort_reverse(self) -> bool:
        return self.model.sort_reverse

    @property
    def selected(self) -> Mapping[str, Any] | None:
        """The object under the cursor."""
        return self.model.selected

    def visible_objects(self) -> list[Mapping[str, Any]]:
        """The shown objects, in the shown order."""
        return self.model.visible_objects()

    def cells(self, position: int) -> tuple[str, ...]:
        """The cell texts of the shown row at ``position``."""
        return self.model.cells(position)

    def add_rows(self, objs: Sequence[Mapping[str, Any]]) -> None:
        """Append rows (a page as it arrives); the current sort and filter apply to them."""
        if self._dropped:  # the rows clear() dropped go once these are on screen
            self.call_after_refresh(self._dropped.clear)
        if not objs:
            return
        self.model.add_rows(objs)
        self._start_background()
        self._data_changed()

    def clear(self) -> None:
        """Drop every row; the sort column and filter stay for the next rows.

        The rows are freed after the next rows (a page, even an empty one) are painted: freeing
        50,000 took ~100 ms, most of a server search's time when it came before the request.
        """
        self._dropped[:] = [self.model.clear()]  # an earlier drop not freed yet goes now
        self._stop_background()
        self._last_highlighted = None
        self._line_cache.clear()
        self._data_changed(scroll_home=True)

    def set_filter(self, text: str) -> None:
        """Show only rows whose cell texts contain ``text`` (case-insensitive)."""
        if self.model.set_filter(text):
            self._data_changed(scroll_home=False)

    def sort_by(self, column_index: int, reverse: bool | None = None) -> None:
        """Sort by a column (stable); ``reverse=None`` toggles when it is already the sort."""
        self.model.sort_by(column_index, reverse)
        self._data_changed()

    def move_cursor(self, position: int) -> None:
        """Put the cursor on the shown row at ``position`` (clamped) and scroll to it."""
        old = self.model.move_cursor(position)
        if old != self.model.cursor:
            self._refresh_row(old)
            self._refresh_row(self.model.cursor)
        self._scroll_to_cursor()
        self._post_highlighted()

    # ------------------------------------------------------------------ internals

    def _start_background(self) -> None:
        if self._background is None and self.model.cells_pending and self.is_attached:
            self._background = self.set_interval(0.002, self._background_step)

    def _stop_background(self) -> None:
        if self._background is not None:
            self._background.stop()
            self._background = None

    def _background_step(self) -> None:
        """A slice of ~8 ms of cell computing, so keys and frames go on in between."""
        deadline = perf_counter() + 0.008
        model = self.model
        while model.cells_pending and perf_counter() < deadline:
            model.compute_cells(500)
        if not model.cells_pending:
            self._stop_background()

    def on_mount(self) -> None:
        self._start_background()

    def _data_changed(self, scroll_home: bool = False) -> None:
        self._update_virtual_size()
        if scroll_home:
            self.scroll_to(y=0, animate=False, immediate=True)
        elif self.scroll_y > self.max_scroll_y:
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)
        if self.model.view:
            self._scroll_to_cursor()
        self.refresh()
        self._post_highlighted()

    def _update_virtual_size(self) -> None:
        self._layout()
        width = _MARGIN + sum(self._widths) + _GAP * max(len(self._widths) - 1, 0)
        self.virtual_size = Size(width, self.model.row_count + _HEADER_HEIGHT)

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
        cursor = self.model.cursor
        if cursor < top:
            self.scroll_to(y=cursor, animate=False, immediate=True)
        elif cursor >= top + page:
            self.scroll_to(y=cursor - page + 1, animate=False, immediate=True)

    def _refresh_row(self, position: int) -> None:
        self.refresh_line(position + _HEADER_HEIGHT)

    def _post_highlighted(self) -> None:
        index = self.model.current_index()
        if index is None or index == self._last_highlighted:
            return
        self._last_highlighted = index
        self.post_message(self.Highlighted(self.model.objs[index], self))

    # ------------------------------------------------------------------ rendering

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line_cache.clear()  # the lines hold the old styles
        self._base_style = None

    @property
    def base_style(self) -> Style:
        """The table's own style (``rich_style``), as the lines are drawn with it."""
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style

    def on_resize(self, event: events.Resize) -> None:
        self._update_virtual_size()
        self._scroll_to_cursor()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        base = self.base_style
        self._layout()
        if y < _HEADER_HEIGHT:
            strip = self._header_strip()
        else:
            position = scroll_y + y - _HEADER_HEIGHT
            view = self.model.view
            if position < len(view):
                strip = self._row_strip(view[position], position == self.model.cursor)
            elif position == 0:
                strip = self._empty_strip()
            else:
                return Strip.blank(width, base)
        shown = self.scrollable_content_region.width or width  # left of the scrollbar
        if strip.cell_length > scroll_x + shown > scroll_x + 1 and any(
                segment.text.strip() for segment in
                strip.crop(scroll_x + shown - 1, strip.cell_length)):
            # More columns to the right: end the view with "…" (as a cut cell does), not with
            # half a value ("2024-08-2" at 60 columns reads as a date).
            cut = strip.crop_extend(scroll_x, scroll_x + shown - 1, base)
            last = list(cut)[-1].style if cut.cell_length else base
            more = Strip([Segment("…", last)], 1)
            rest = [Strip.blank(width - shown, base)] if width > shown else []
            return Strip.join([cut, more, *rest])
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
                     else self.base_style)
            marks = self._marks(self.model.objs[index]) if self._marks and not cursor \
                else None
            cells = self.model.row_cells(index)
            strip = (self._marked_line(cells, style, marks) if marks
                     else self._line(cells, style))
            self._line_cache[key] = strip
        return strip

    def _header_strip(self) -> Strip:
        headers = []
        for i, column in enumerate(self.columns):
            if i == self.model.sort_column:
                arrow = " ▼" if self.model.sort_reverse else " ▲"
                header = column.header
                if i < len(self._widths) and cell_len(header) + 2 > self._widths[i]:
                    header = _fit(header, self._widths[i] - 2)  # cut the name, keep the arrow
                headers.append(header + arrow)
            else:
                headers.append(column.header)
        style = self.get_component_rich_style("resource-table--header")
        return self._line(headers, style)

    def _empty_strip(self) -> Strip:
        if self.model.objs and self.model.filter_text:
            text = f"No rows match “{self.model.filter_text}”."
        else:
            text = "No rows."
        style = self.get_component_rich_style("resource-table--empty")
        line = " " * _MARGIN + text
        return Strip([Segment(line, style)], cell_len(line))

    # ------------------------------------------------------------------ keys and mouse

    def action_cursor_up(self) -> None:
        self.move_cursor(self.model.cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.model.cursor + 1)

    def action_cursor_page_up(self) -> None:
        self.move_cursor(self.model.cursor - self._page_height())

    def action_cursor_page_down(self) -> None:
        self.move_cursor(self.model.cursor + self._page_height())

    def action_cursor_first(self) -> None:
        self.move_cursor(0)

    def action_cursor_last(self) -> None:
        self.move_cursor(self.model.row_count - 1)

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
        if position < self.model.row_count:
            self.move_cursor(position)
            if event.chain >= 2:
                self.action_select_cursor()
