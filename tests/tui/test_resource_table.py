"""ResourceTable: the virtual table every listing uses (pilot tests, no timing assertions)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual.app import App, ComposeResult

from pingtui.output import Column, cell_text, field
from pingtui.tui.widgets.resource_table import ResourceTable

COLUMNS = (
    Column("NAME", field("name"), 20),
    Column("SIZE", field("size"), 6),
    Column("CREATED", field("createdAt"), 22),
    Column("ID", field("id")),
)


def env(i: int, name: str | None = None, size: Any = None, created: str | None = None) -> dict:
    return {"id": f"id-{i:06d}", "name": name if name is not None else f"env {i}",
            "size": i if size is None else size,
            "createdAt": created or f"2024-01-{(i % 28) + 1:02d}T00:00:00Z"}


class TableApp(App[None]):
    def __init__(self, rows: list[dict] | None = None) -> None:
        super().__init__()
        self.rows = rows or []
        self.messages: list[Any] = []

    def compose(self) -> ComposeResult:
        yield ResourceTable(COLUMNS, id="table")

    def on_mount(self) -> None:
        table = self.query_one(ResourceTable)
        table.add_rows(self.rows)
        table.focus()

    def on_resource_table_selected(self, message: ResourceTable.Selected) -> None:
        self.messages.append(message)

    def on_resource_table_highlighted(self, message: ResourceTable.Highlighted) -> None:
        self.messages.append(message)


def screen_text(app: App[Any]) -> str:
    """Every line the table shows, as plain text."""
    table = app.query_one(ResourceTable)
    return "\n".join(
        "".join(segment.text for segment in table.render_line(y))
        for y in range(table.size.height)
    )


def names(table: ResourceTable) -> list[str]:
    return [str(obj["name"]) for obj in table.visible_objects()]


async def test_rows_render_under_a_fixed_header() -> None:
    app = TableApp([env(i) for i in range(50)])
    async with app.run_test(size=(100, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(ResourceTable)
        text = screen_text(app)
        lines = text.splitlines()
        assert lines[0].split() == ["NAME", "SIZE", "CREATED", "ID"]
        assert "env 0" in lines[1] and "id-000000" in lines[1]
        assert table.row_count == table.total_rows == 50
        await pilot.press("end")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert lines[0].split()[0] == "NAME"  # the header stays while scrolled
        assert any("env 49" in line for line in lines)
        assert "env 0 " not in screen_text(app)


async def test_only_visible_lines_are_rendered() -> None:
    app = TableApp([env(i) for i in range(5000)])
    async with app.run_test(size=(100, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(ResourceTable)
        assert table.virtual_size.height == 5001
        assert len(table._line_cache) < 50  # rows far below the screen were never drawn


async def test_markup_like_strings_show_as_typed() -> None:
    rows = [env(0, name="[prod]"), env(1, name="a[/]b"), env(2, name="[b]x[/b][@click=q]")]
    app = TableApp(rows)
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[prod]" in text
        assert "a[/]b" in text
        assert "[b]x[/b][@click=q]" in text


async def test_control_characters_never_reach_the_terminal() -> None:
    app = TableApp([env(0, name="evil\x1b[2Jname\tx\ny")])
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "\x1b" not in text
        assert "evil\ufffd[2Jname x y" in text


async def test_filter_is_case_insensitive_and_incremental() -> None:
    rows = [env(i) for i in range(100)] + [env(100, name="Production EU"),
                                           env(101, name="production us")]
    app = TableApp(rows)
    async with app.run_test(size=(100, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(ResourceTable)
        table.set_filter("PROD")
        assert names(table) == ["Production EU", "production us"]
        table.set_filter("produ")  # shorter: scans everything again
        assert table.row_count == 2
        table.set_filter("production e")  # longer: narrows what is shown
        assert names(table) == ["Production EU"]
        table.set_filter("id-00004")  # matches another column
        assert table.row_count == 10
        table.set_filter("nothing like it")
        assert table.row_count == 0
        assert table.selected is None
        await pilot.pause()
        assert "No rows match" in screen_text(app)
        table.set_filter("")
        assert table.row_count == table.total_rows == 102


async def test_typing_and_erasing_a_filter_always_shows_exactly_the_matches() -> None:
    import random

    rng = random.Random(6)
    rows = [env(i, name=rng.choice(["Prod", "prod EU", "Dev", "staging", "[x]"]) + str(i))
            for i in range(3000)]
    app = TableApp(rows)
    async with app.run_test(size=(100, 12)) as pilot:
        table = app.query_one(ResourceTable)

        texts = {o["id"]: "\n".join(cell_text(c.value(o)) for c in COLUMNS).lower()
                 for o in rows}

        def expected(text: str, order: list[Mapping[str, Any]]) -> list[str]:
            return [str(o["name"]) for o in order if text.lower() in texts[o["id"]]]

        for sort in (None, 0):
            if sort is not None:
                table.sort_by(sort, reverse=True)
            order = table.visible_objects()
            typed = ""
            for _ in range(60):
                if typed and rng.random() < 0.4:
                    typed = typed[:-1]
                else:
                    typed += rng.choice("prod eu12[x]")
                table.set_filter(typed)
                assert names(table) == expected(typed, order), typed
            table.set_filter("")
        await pilot.pause()


async def test_added_rows_follow_filter_and_sort() -> None:
    app = TableApp([env(i) for i in range(10)])
    async with app.run_test(size=(100, 20)) as pilot:
        table = app.query_one(ResourceTable)
        table.set_filter("env 1")
        table.add_rows([env(i) for i in range(10, 13)])
        assert names(table) == ["env 1", "env 10", "env 11", "env 12"]
        table.sort_by(1, reverse=True)
        table.add_rows([env(13), env(14, name="env 1x", size=-1)])
        assert names(table) == ["env 13", "env 12", "env 11", "env 10", "env 1", "env 1x"]
        assert table.total_rows == 15
        await pilot.pause()


async def test_sort_numbers_dates_toggle_and_stability() -> None:
    rows = [env(1, name="b", size=10, created="2024-03-01T00:00:00Z"),
            env(2, name="A", size=9, created="2023-12-31T00:00:00Z"),
            env(3, name="c", size=100, created="2024-03-01T00:00:00Z"),
            env(4, name="a", size="", created="2025-01-01T00:00:00Z")]
    app = TableApp(rows)
    async with app.run_test(size=(100, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(ResourceTable)
        table.sort_by(1)
        assert names(table) == ["A", "b", "c", "a"]  # 9 < 10 < 100, empty last
        table.sort_by(1)  # toggles
        assert names(table)[:3] == ["c", "b", "A"]
        table.sort_by(0)
        assert names(table) == ["A", "a", "b", "c"]  # case-insensitive, stable
        table.sort_by(0, reverse=True)
        assert names(table) == ["c", "b", "A", "a"]  # ties keep arrival order reversed too
        table.sort_by(2, reverse=False)
        assert names(table) == ["A", "b", "c", "a"]
        await pilot.pause()
        header = screen_text(app).splitlines()[0]
        assert "CREATED ▲" in header
        table.sort_by(2)
        await pilot.pause()
        assert "CREATED ▼" in screen_text(app).splitlines()[0]


async def test_rows_added_to_a_text_sort_may_bring_numbers_and_blanks() -> None:
    app = TableApp([env(1, name="b"), env(2, name="a")])
    async with app.run_test(size=(100, 12)) as pilot:
        table = app.query_one(ResourceTable)
        table.sort_by(0)
        table.add_rows([env(3, name="c")])
        assert names(table) == ["a", "b", "c"]
        table.add_rows([env(4, name=""), env(5, name="10"), env(6, name="9")])
        assert names(table) == ["9", "10", "a", "b", "c", ""]
        table.sort_by(0)
        assert names(table) == ["c", "b", "a", "10", "9", ""]
        await pilot.pause()


async def test_cells_are_computed_in_the_background() -> None:
    app = TableApp()
    async with app.run_test(size=(100, 12)) as pilot:
        table = app.query_one(ResourceTable)
        table.add_rows([env(i) for i in range(20_000)])
        assert table.cells_pending > 0  # the first frame does not wait for them
        await pilot.pause()
        assert "env 0" in screen_text(app)
        for _ in range(200):
            if not table.cells_pending:
                break
            await pilot.pause(0.05)
        assert table.cells_pending == 0
        assert table.cells(5) == ("env 5", "5", "2024-01-06T00:00:00Z", "id-000005")


async def test_cursor_keys_and_messages() -> None:
    app = TableApp([env(i) for i in range(100)])
    async with app.run_test(size=(100, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(ResourceTable)
        assert table.selected is not None and table.selected["name"] == "env 0"
        await pilot.press("down", "down")
        assert table.selected["name"] == "env 2"
        await pilot.press("pagedown")
        assert table.cursor_row > 2
        await pilot.press("end")
        assert table.selected["name"] == "env 99"
        assert table.scroll_y > 0
        await pilot.press("home")
        assert table.selected["name"] == "env 0"
        assert table.scroll_y == 0
        await pilot.press("up")  # stays on the first row
        assert table.cursor_row == 0
        await pilot.press("down", "enter")
        await pilot.pause()
        selected = [m for m in app.messages if isinstance(m, ResourceTable.Selected)]
        assert [m.obj["name"] for m in selected] == ["env 1"]
        assert selected[0].table is table and selected[0].control is table
        highlighted = [m.obj["name"] for m in app.messages
                       if isinstance(m, ResourceTable.Highlighted)]
        assert highlighted[:3] == ["env 0", "env 1", "env 2"]
        assert highlighted[-1] == "env 1"


async def test_cursor_row_is_drawn_with_the_cursor_style() -> None:
    app = TableApp([env(i) for i in range(5)])
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(ResourceTable)
        await pilot.press("down")
        cursor = table.get_component_rich_style("resource-table--cursor")
        row1 = table.render_line(2)
        row0 = table.render_line(1)
        assert any(seg.style == cursor for seg in row1)
        assert not any(seg.style == cursor for seg in row0)


async def test_row_styles_follow_focus_and_theme() -> None:
    from textual.widgets import Input

    class WithInput(TableApp):
        def compose(self) -> ComposeResult:
            yield from super().compose()
            yield Input()

    app = WithInput([env(i) for i in range(5)])
    async with app.run_test(size=(100, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(ResourceTable)
        focused = table.render_line(1)
        app.query_one(Input).focus()
        await pilot.pause()
        blurred = table.render_line(1)
        row, blank = table.render_line(2), table.render_line(10)  # a row, below the rows
        assert next(iter(focused)).style != next(iter(blurred)).style
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        assert next(iter(table.render_line(1))).style != next(iter(blurred)).style
        # The table's own style is kept between frames, until the styles change.
        assert next(iter(table.render_line(2))).style != next(iter(row)).style
        assert next(iter(table.render_line(10))).style != next(iter(blank)).style


async def test_cursor_stays_on_object_through_filter_and_sort() -> None:
    app = TableApp([env(i) for i in range(30)])
    async with app.run_test(size=(100, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(ResourceTable)
        table.move_cursor(12)
        assert table.selected["name"] == "env 12"
        table.sort_by(1, reverse=True)
        assert table.selected["name"] == "env 12"
        table.set_filter("env 1")
        assert table.selected["name"] == "env 12"
        table.clear()
        assert table.total_rows == 0 and table.selected is None
        table.set_filter("")
        table.add_rows([env(5), env(6)])
        assert names(table) == ["env 6", "env 5"]  # the sort survives clear()


async def test_mouse_click_header_sorts_and_double_click_selects() -> None:
    app = TableApp([env(3, name="c"), env(1, name="a"), env(2, name="b")])
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(ResourceTable)
        await pilot.click(ResourceTable, offset=(3, 0))
        assert table.sort_column == 0
        assert names(table) == ["a", "b", "c"]
        await pilot.click(ResourceTable, offset=(3, 2), times=2)
        await pilot.pause()
        assert table.selected["name"] == "b"
        assert [m.obj["name"] for m in app.messages
                if isinstance(m, ResourceTable.Selected)] == ["b"]


async def test_empty_table_says_so() -> None:
    app = TableApp([])
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        assert "No rows." in screen_text(app)
        await pilot.press("down", "end", "enter")
        assert app.messages == []


async def test_elastic_last_column_takes_the_rest() -> None:
    app = TableApp([env(0, name="x" * 40)])
    async with app.run_test(size=(80, 8)) as pilot:
        await pilot.pause()
        table = app.query_one(ResourceTable)
        width = table.scrollable_content_region.width
        assert table.virtual_size.width == width
        row = screen_text(app).splitlines()[1]
        assert "x" * 19 + "…" in row  # NAME is 20 wide: cut with an ellipsis


async def test_100k_rows_load_and_filter() -> None:
    rows: list[Mapping[str, Any]] = [env(i) for i in range(100_000)]
    app = TableApp()
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one(ResourceTable)
        for start in range(0, len(rows), 1000):  # pages as they arrive
            table.add_rows(rows[start:start + 1000])
        await pilot.pause()
        assert table.total_rows == table.row_count == 100_000
        assert "env 0" in screen_text(app)
        table.set_filter("env 9999")
        assert table.row_count == 11  # env 9999 and env 99990..99999
        table.set_filter("")
        table.sort_by(1, reverse=True)
        assert table.selected is not None
        await pilot.press("home")
        assert table.selected["name"] == "env 99999"
        await pilot.press("end")
        await pilot.pause()
        assert "env 0" in screen_text(app)


def test_sort_keys_of_digit_like_unicode_are_text() -> None:
    from pingtui.tui.widgets.table_model import sort_key as _sort_key

    assert _sort_key("¹") == (1, "¹") and _sort_key("٣٤") == (1, "٣٤")
    assert _sort_key("-12.5") == (0, -12.5) and _sort_key("") == (2, "")


def test_narrow_terminals_cut_the_widest_columns_first() -> None:
    from pingtui.api.resources import RESOURCES
    from pingtui.tui.widgets.resource_table import _shrink_to_fit

    columns = RESOURCES["environments"].columns
    wide = _shrink_to_fit(columns, 200)
    assert wide == {i: c.width for i, c in enumerate(columns) if c.width is not None}
    narrow = _shrink_to_fit(columns, 80)
    headers = [c.header for c in columns]
    assert narrow[headers.index("ID")] < 36 and narrow[headers.index("NAME")] < 30
    assert narrow[headers.index("REGION")] == 6  # already small: untouched
    # everything, the elastic DESCRIPTION's minimum included, fits in 80 cells
    assert 1 + sum(narrow.values()) + 2 * (len(columns) - 1) + 10 <= 80


async def test_cleared_rows_are_freed_after_the_next_rows_are_painted() -> None:
    """Freeing 50,000 rows took ~100 ms: clear() keeps them until the next page (even an empty
    one) is on screen, so a server search shows its answer first."""
    import weakref

    class Row(dict):  # a dict that a weak reference can follow
        pass

    old = Row(env(1))
    app = TableApp([old])
    async with app.run_test(size=(80, 10)) as pilot:
        table = app.query_one(ResourceTable)
        dropped = weakref.ref(old)
        del old
        app.rows, app.messages = [], []  # the test app's own references to it
        table.clear()
        await pilot.pause()
        assert dropped() is not None  # nothing new shown yet: still held
        table.add_rows([])  # the search answered: no match
        await pilot.pause()
        await pilot.pause()
        assert dropped() is None
        assert "No rows." in screen_text(app)
