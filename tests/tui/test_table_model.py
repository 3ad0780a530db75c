"""TableModel: the rows of a ResourceTable without the widget (no app, no textual)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pingtui.output import Column, cell_text, field
from pingtui.tui.widgets.table_model import TableModel, clean, sort_key

COLUMNS = (Column("NAME", field("name"), 20), Column("SIZE", field("size"), 6),
           Column("ID", field("id")))


def row(i: int, name: str | None = None, size: Any = None) -> dict[str, Any]:
    return {"id": f"id-{i:04d}", "name": f"env {i}" if name is None else name,
            "size": i if size is None else size}


def names(model: TableModel) -> list[str]:
    return [str(o["name"]) for o in model.visible_objects()]


def test_the_model_loads_without_textual() -> None:
    code = ("import sys, pingtui.tui.widgets.table_model\n"
            "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"


def test_rows_are_shown_in_arrival_order_and_cells_come_lazily() -> None:
    model = TableModel(COLUMNS)
    model.add_rows([row(i) for i in range(5)])
    assert model.total_rows == model.row_count == 5 and model.cells_pending == 5
    assert model.cells(2) == ("env 2", "2", "id-0002")  # computed on demand
    model.compute_cells(3)
    assert model.cells_pending == 2
    model.compute_cells()
    assert model.cells_pending == 0 and names(model) == [f"env {i}" for i in range(5)]


def test_filter_is_case_insensitive_over_every_cell_and_reports_a_change() -> None:
    model = TableModel(COLUMNS)
    model.add_rows([row(1, "Production EU"), row(2, "dev"), row(3, "production us")])
    assert model.set_filter("PROD") is True
    assert names(model) == ["Production EU", "production us"]
    assert model.set_filter("prod") is False  # the same filter: nothing to redraw
    model.set_filter("id-0002")
    assert names(model) == ["dev"]
    model.set_filter("nothing")
    assert model.row_count == 0 and model.selected is None and model.current_index() is None
    model.set_filter("")
    assert model.row_count == 3


def test_sort_numbers_text_blanks_toggle_and_stability() -> None:
    model = TableModel(COLUMNS)
    model.add_rows([row(1, "b", 10), row(2, "A", 9), row(3, "c", 100), row(4, "a", "")])
    model.sort_by(1)
    assert names(model) == ["A", "b", "c", "a"]  # 9 < 10 < 100, empty last
    assert (model.sort_column, model.sort_reverse) == (1, False)
    model.sort_by(1)  # again: reversed, the empty cell still last
    assert names(model) == ["c", "b", "A", "a"] and model.sort_reverse
    model.sort_by(0)
    assert names(model) == ["A", "a", "b", "c"]  # case-insensitive, ties in arrival order
    model.sort_by(0, reverse=True)
    assert names(model) == ["c", "b", "A", "a"]


def test_text_sorts_without_regard_to_case_or_accents() -> None:
    model = TableModel(COLUMNS)
    model.add_rows([row(1, "Sydney Retail", 1), row(2, "São Paulo QA", 2),
                    row(3, "sao tome", 3), row(4, "Ängelholm", 4), row(5, "zurich", 5)])
    model.sort_by(0)  # NAME
    assert names(model) == ["Ängelholm", "São Paulo QA", "sao tome", "Sydney Retail", "zurich"]
    assert sort_key("São Paulo") == (1, "sao paulo")


def test_pages_added_later_follow_the_sort_and_the_filter() -> None:
    model = TableModel(COLUMNS)
    model.add_rows([row(i) for i in range(10)])
    model.set_filter("env 1")
    model.add_rows([row(i) for i in range(10, 13)])
    assert names(model) == ["env 1", "env 10", "env 11", "env 12"]
    model.sort_by(1, reverse=True)
    model.add_rows([row(13), row(14, "env 1x", -1)])
    assert names(model) == ["env 13", "env 12", "env 11", "env 10", "env 1", "env 1x"]
    model.set_filter("")
    model.sort_by(0)
    model.add_rows([row(15, ""), row(16, "10")])  # a text sort meets a number and a blank
    assert names(model)[0] == "10" and names(model)[-1] == "" and model.total_rows == 17


def test_the_cursor_stays_on_its_object_and_is_clamped() -> None:
    model = TableModel(COLUMNS)
    model.add_rows([row(i) for i in range(20)])
    assert model.move_cursor(5) == 0  # returns where it was
    assert model.selected is not None and model.selected["name"] == "env 5"
    model.sort_by(1, reverse=True)
    assert model.selected["name"] == "env 5" and model.cursor == 14
    model.set_filter("env 5")
    assert model.selected["name"] == "env 5" and model.cursor == 0
    model.set_filter("env 1")  # env 5 is not shown: the first row
    assert model.cursor == 0 and model.selected["name"] == "env 19"
    model.move_cursor(1000)
    assert model.cursor == model.row_count - 1
    model.move_cursor(-3)
    assert model.cursor == 0


def test_clear_keeps_the_sort_and_filter_for_the_next_rows() -> None:
    model = TableModel(COLUMNS)
    model.add_rows([row(i) for i in range(5)])
    model.sort_by(1, reverse=True)
    model.set_filter("env")
    model.clear()
    assert model.total_rows == model.row_count == 0 and model.cursor == 0
    model.add_rows([row(1), row(3), row(2)])
    assert names(model) == ["env 3", "env 2", "env 1"] and model.filter_text == "env"


def test_cells_never_carry_control_characters() -> None:
    assert clean("evil\x1b[2Jname\tx\ny") == "evil\ufffd[2Jname x y"
    assert clean("[prod]") == "[prod]" and clean(None) == cell_text(None)
    assert sort_key("¹")[0] == 1 and sort_key("-12.5") == (0, -12.5)  # '¹' is text
    assert sort_key("") == (2, "")


WORDS = st.sampled_from(["prod", "Prod EU", "dev", "[x]", "stag", "", "10", "9"])


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(WORDS, st.integers(-5, 50)), max_size=60),
       typing=st.lists(st.one_of(st.sampled_from(list("prod eu1[x]")), st.none()),
                       max_size=25),
       sort=st.one_of(st.none(), st.tuples(st.integers(0, 2), st.booleans())))
def test_typing_and_erasing_always_shows_exactly_the_matches(rows, typing, sort) -> None:
    """Whatever the narrowing and backspace shortcuts do, the view is what a full scan gives."""
    model = TableModel(COLUMNS)
    objs = [row(i, name, size) for i, (name, size) in enumerate(rows)]
    model.add_rows(objs[: len(objs) // 2])
    if sort is not None:
        model.sort_by(*sort)
    model.add_rows(objs[len(objs) // 2:])
    order = model.visible_objects()
    text = {o["id"]: "\n".join(cell_text(c.value(o)) for c in COLUMNS).lower() for o in objs}
    typed = ""
    for key in typing:
        typed = typed[:-1] if key is None else typed + key
        model.set_filter(typed)
        assert [o["id"] for o in model.visible_objects()] == \
            [o["id"] for o in order if typed.lower() in text[o["id"]]]
