"""(d) Big table: one candidate widget, N rows, in a fresh headless app. Prints one JSON line.

    python bench/big_table.py --candidate resource_table|datatable|fastdatatable --rows 100000

Measured (all times to the end of the first frame that shows the change, serialised as for a
terminal — see paint_probe.py):
- first_paint: the rows are parsed objects in memory ("data ready") -> the frame with row 1.
  The widget's own work is included: computing cells from Column.value, building Text, etc.
- rss_raw / rss_table: resident memory of the parsed objects, and what the table added.
- keystrokes: ``/`` filter typing a name one character at a time, then erasing it.
- sorts: sort by a text column, reverse it, sort by a second column.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import rss_bytes
from bench.data import user_columns, users
from pingtui.output import cell_text

TYPED = "ada.turing1"  # what the user types after `/` (matches 58 of 100,000 users)


def build_rows(count: int, traced: bool) -> tuple[list[dict[str, Any]], int, int]:
    """The parsed objects; their RSS delta and (if traced) their tracemalloc size."""
    gc.collect()
    before_rss = rss_bytes()
    before_traced = tracemalloc.get_traced_memory()[0] if traced else 0
    rows: list[dict[str, Any]] = []
    for start in range(0, count, 1000):  # page by page, as the client parses them
        rows.extend(users(min(1000, count - start)) if start == 0 else
                    _page(start, min(1000, count - start)))
    gc.collect()
    raw_traced = tracemalloc.get_traced_memory()[0] - before_traced if traced else 0
    return rows, rss_bytes() - before_rss, raw_traced


def _page(start: int, size: int) -> list[dict[str, Any]]:
    from bench.data import user

    return json.loads(json.dumps([user(n) for n in range(start, start + size)]))


class Candidate:
    """How one widget is filled, filtered and sorted."""

    name = ""

    def __init__(self, columns: tuple, size: tuple[int, int]) -> None:
        self.columns = columns
        self.size = size

    def app(self) -> Any:
        raise NotImplementedError

    async def fill(self, app: Any, rows: list[dict[str, Any]]) -> None:
        raise NotImplementedError

    async def filter(self, app: Any, text: str) -> None:
        raise NotImplementedError

    async def sort(self, app: Any, column: int, reverse: bool) -> None:
        raise NotImplementedError

    def pending(self, app: Any) -> int:
        """Rows the widget still prepares after the first frame (0: none)."""
        return 0


class ResourceTableCandidate(Candidate):
    name = "resource_table"

    def app(self) -> Any:
        from textual.app import App, ComposeResult

        from pingtui.tui.widgets.resource_table import ResourceTable

        columns = self.columns

        class Bench(App[None]):
            def compose(self) -> ComposeResult:
                yield ResourceTable(columns)

        return Bench()

    def table(self, app: Any) -> Any:
        from pingtui.tui.widgets.resource_table import ResourceTable

        return app.query_one(ResourceTable)

    async def fill(self, app: Any, rows: list[dict[str, Any]]) -> None:
        self.table(app).add_rows(rows)

    def pending(self, app: Any) -> int:
        return self.table(app).cells_pending

    async def filter(self, app: Any, text: str) -> None:
        self.table(app).set_filter(text)

    async def sort(self, app: Any, column: int, reverse: bool) -> None:
        self.table(app).sort_by(column, reverse=reverse)


class DataTableCandidate(Candidate):
    """Textual's stock DataTable, cells as rich Text (str cells would be parsed as markup)."""

    name = "datatable"

    def app(self) -> Any:
        from textual.app import App, ComposeResult
        from textual.widgets import DataTable

        columns = self.columns

        class Bench(App[None]):
            def compose(self) -> ComposeResult:
                table: DataTable[Any] = DataTable(cursor_type="row")
                for column in columns:
                    table.add_column(column.header, width=column.width, key=column.header)
                yield table

        return Bench()

    def _rows(self, rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        from rich.text import Text

        getters = [c.value for c in self.columns]
        return [tuple(Text(cell_text(get(obj))) for get in getters) for obj in rows]

    async def fill(self, app: Any, rows: list[dict[str, Any]]) -> None:
        from textual.widgets import DataTable

        self.rows = rows
        app.query_one(DataTable).add_rows(self._rows(rows))

    async def filter(self, app: Any, text: str) -> None:
        # No filter in DataTable: clear and add the matching rows (what an app would do).
        from textual.widgets import DataTable

        needle = text.lower()
        getters = [c.value for c in self.columns]
        keep = [obj for obj in self.rows
                if needle in "\n".join(cell_text(get(obj)) for get in getters).lower()]
        table = app.query_one(DataTable)
        table.clear()
        table.add_rows(self._rows(keep))

    async def sort(self, app: Any, column: int, reverse: bool) -> None:
        from textual.widgets import DataTable

        app.query_one(DataTable).sort(self.columns[column].header, reverse=reverse,
                                      key=lambda text: text.plain.casefold())


class FastDataTableCandidate(Candidate):
    """textual-fastdatatable (Arrow backend); filtering means a new backend and a new table."""

    name = "fastdatatable"

    def app(self) -> Any:
        from textual.app import App, ComposeResult

        class Bench(App[None]):
            def compose(self) -> ComposeResult:
                return iter(())

        return Bench()

    def _table(self, records: list[tuple[str, ...]]) -> Any:
        from textual_fastdatatable import ArrowBackend, DataTable

        labels = [c.header for c in self.columns]
        backend = ArrowBackend.from_records(records, column_names=labels)
        return DataTable(backend=backend, column_labels=labels, cursor_type="row",
                         render_markup=False,
                         column_widths=[c.width for c in self.columns])

    async def fill(self, app: Any, rows: list[dict[str, Any]]) -> None:
        getters = [c.value for c in self.columns]
        self.records = [tuple(cell_text(get(obj)) for get in getters) for obj in rows]
        self.search = ["\n".join(r).lower() for r in self.records]
        await app.mount(self._table(self.records))

    async def filter(self, app: Any, text: str) -> None:
        needle = text.lower()
        keep = [r for r, s in zip(self.records, self.search) if needle in s]
        from textual_fastdatatable import DataTable

        await app.query_one(DataTable).remove()
        await app.mount(self._table(keep))

    async def sort(self, app: Any, column: int, reverse: bool) -> None:
        from textual_fastdatatable import DataTable

        label = self.columns[column].header
        app.query_one(DataTable).sort([(label, "descending" if reverse else "ascending")])


CANDIDATES = {c.name: c for c in (ResourceTableCandidate, DataTableCandidate,
                                  FastDataTableCandidate)}


async def measure(candidate: Candidate, rows: list[dict[str, Any]], keystrokes: int,
                  sorts: bool) -> dict[str, Any]:
    from bench.paint_probe import PaintProbe

    probe = PaintProbe().install()
    app = candidate.app()
    # The start of the first cell: a narrow terminal may cut the rest of it with an ellipsis.
    first_cell = cell_text(candidate.columns[0].value(rows[0]))[:12]
    result: dict[str, Any] = {}
    async with app.run_test(size=candidate.size) as pilot:
        await pilot.pause()
        gc.collect()
        rss0 = rss_bytes()
        t0 = time.perf_counter()
        await candidate.fill(app, rows)
        result["first_paint"] = await probe.wait_frame(t0, marker=first_cell)
        while candidate.pending(app):
            await pilot.pause(0.005)
        result["all_ready"] = time.perf_counter() - t0
        await pilot.pause()
        gc.collect()
        result["rss_table"] = rss_bytes() - rss0

        typed = [TYPED[: i + 1] for i in range(len(TYPED))]
        sequence = (typed + typed[-2::-1] + [""])[:keystrokes]
        latencies = []
        for text in sequence:
            await pilot.pause()
            t = time.perf_counter()
            await candidate.filter(app, text)
            latencies.append(await probe.wait_frame(t))
        result["keystrokes"] = latencies
        result["typed"] = sequence

        sort_times = []
        if sorts:
            for column, reverse in ((0, False), (0, True), (2, False)):
                await pilot.pause()
                t = time.perf_counter()
                await candidate.sort(app, column, reverse)
                sort_times.append(await probe.wait_frame(t))
        result["sorts"] = sort_times

        # The same typing on the sorted table (matches are picked out in display order).
        sorted_latencies = []
        if sorts:
            for text in sequence:
                await pilot.pause()
                t = time.perf_counter()
                await candidate.filter(app, text)
                sorted_latencies.append(await probe.wait_frame(t))
        result["keystrokes_sorted"] = sorted_latencies
    return result


async def measure_traced(candidate: Candidate, rows: list[dict[str, Any]]) -> int:
    """tracemalloc bytes the table holds beyond the objects: painted, all cells computed,
    sorted and filtered."""
    app = candidate.app()
    async with app.run_test(size=candidate.size) as pilot:
        await pilot.pause()
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        await candidate.fill(app, rows)
        await pilot.pause()
        while candidate.pending(app):
            await pilot.pause(0.01)
        # The heaviest state: every cell, a sort (its keys and order) and a filter (its view).
        await candidate.sort(app, 2, False)
        await candidate.filter(app, "a")
        await pilot.pause()
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - before


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidate", choices=sorted(CANDIDATES), default="resource_table")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keystrokes", type=int, default=2 * len(TYPED))
    parser.add_argument("--no-sort", action="store_true")
    parser.add_argument("--traced", action="store_true",
                        help="measure memory with tracemalloc instead of timing")
    args = parser.parse_args()

    candidate = CANDIDATES[args.candidate](user_columns(), (120, 40))
    if args.traced:
        tracemalloc.start()
    rows, rss_raw, raw_traced = build_rows(args.rows, args.traced)
    out: dict[str, Any] = {"candidate": args.candidate, "rows": len(rows), "rss_raw": rss_raw,
                           "json_bytes": sum(len(json.dumps(r)) for r in rows[:1000])
                           * len(rows) / min(len(rows), 1000)}
    if args.traced:
        out["raw_traced"] = raw_traced
        out["table_traced"] = asyncio.run(measure_traced(candidate, rows))
    else:
        out.update(asyncio.run(measure(candidate, rows, args.keystrokes, not args.no_sort)))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
