"""(h) The TUI at a million users: the Load Testing environment's users tab, headless.

    python bench/tui_scale.py [--users 1000000] [--max-rows 50000] [--runs 3]

The simulator runs in its own process (sim_server.py, 1,000 users a page, as PingOne's limit)
with N users in Load Testing; the app runs here, in a headless pilot (120x40), signed on with
client credentials. Figures:

- first rows: from opening the environment on its users tab (what Enter on it in the list
  does) to the first frame that shows a user (paint_probe.py), beside one page request (1,000
  users, pages the simulator had not built yet) made by page_timer.py, a plain sync httpx
  client with a token and a warm connection in its own process, timed between two openings;
  and beside the same tab of a 42-user environment (what opening the screen costs whatever
  the size); every figure a median of ``--runs``, the openings and requests interleaved;
- requests to the users collection in the first 10 s without a key pressed;
- resident memory with 50,000 rows loaded (``end`` pressed until the table is at its bound),
  and before the tab was opened;
- the server search: ``/`` + a username prefix + Enter to the frame showing the result,
  beside the same filtered request made by page_timer.py.
- the floor under "first rows": a screen of Textual's own widgets (Header, a 100-row DataTable,
  Footer; no pingtui code, no request) pushed in the same app, to its first frame.
``--latency S``: the simulator answers every API request S seconds late (PingOne's round trip);
the page request baseline pays it too. ``--first-rows-only``: the openings alone (no idle, fill
or search).
Prints one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from bench.common import BENCH, PYTHON, child_env, median, rss_bytes
from bench.listing import SimProcess, sim_profile
from bench.paint_probe import PaintProbe

SEARCH = "ada.lovelace12"


def stock_screen() -> Any:
    """Textual's own widgets, no pingtui code: what opening any screen with a table costs."""
    from textual.screen import Screen
    from textual.widgets import DataTable, Footer, Header

    class StockScreen(Screen[None]):
        def compose(self) -> Any:
            yield Header()
            table: DataTable[str] = DataTable()
            table.add_columns("USERNAME", "EMAIL", "POPULATION", "CREATED")
            for i in range(100):
                table.add_row(f"stock.user{i}", f"stock.user{i}@example.com", "Default",
                              "2026-12-01")
            yield table
            yield Footer()

    return StockScreen()


class PageTimer:
    """page_timer.py in its own process: one users request of Load Testing, timed, at a time."""

    def __init__(self, info: dict[str, Any]) -> None:
        url = f"{info['api_base_url']}/environments/{info['load_testing_id']}/users"
        self.proc = subprocess.Popen(
            [PYTHON, str(BENCH / "page_timer.py"), info["issuer"] + "/token",
             info["client_id"], info["client_secret"], url],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=child_env())
        assert self.proc.stdout is not None
        if self.proc.stdout.readline().strip() != "ready":
            raise RuntimeError("page_timer.py did not start")

    def time(self, **params: Any) -> float:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(params) + "\n")
        self.proc.stdin.flush()
        return float(self.proc.stdout.readline())

    def page(self, index: int) -> float:
        """1,000 users from the ``index``-th, a page the simulator had not built."""
        from pingtui.sim.api import _cursor  # the simulator's own cursor format (bench only)

        return self.time(limit=1000, cursor=_cursor(500_000 + index * 7_000))

    def search(self, text: str) -> float:
        from pingtui.api.resources import RESOURCES
        from pingtui.api.search import search_filter

        return self.time(limit=1000, filter=search_filter(RESOURCES["users"], text))

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


async def warm(info: dict[str, Any]) -> str:
    """One request into each environment opened: the simulator seeds an environment's audit
    log on its first listing (a cost of the simulator, not of PingOne or of pingtui). Returns
    the first username of the small (Administrators) environment."""
    async with httpx.AsyncClient() as http:
        token = (await http.post(info["issuer"] + "/token",
                                 data={"grant_type": "client_credentials"},
                                 auth=(info["client_id"], info["client_secret"]))).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        await http.get(f"{info['api_base_url']}/environments/{info['load_testing_id']}/users",
                       params={"limit": 1}, headers=headers)
        small = (await http.get(
            f"{info['api_base_url']}/environments/{info['admin_environment_id']}/users",
            params={"limit": 1}, headers=headers)).json()
        return str(small["_embedded"]["users"][0]["username"])


async def drive(info: dict[str, Any], cfg: Path, sim: SimProcess, timer: PageTimer,
                max_rows: int, idle: float, runs: int,
                first_rows_only: bool = False) -> dict[str, Any]:
    from pingtui.tui.app import make_app
    from pingtui.tui.screens.environments import EnvironmentsScreen
    from pingtui.tui.widgets.resource_pane import ResourcePane

    probe = PaintProbe().install()
    state = tempfile.mkdtemp(prefix="pingtui-bench-state-")
    app = make_app(config_path=cfg, env={"PINGTUI_STATE_DIR": state})
    path = f"/v1/environments/{info['load_testing_id']}/users"
    out: dict[str, Any] = {}

    async def until(predicate: Any, what: str, timeout: float = 600.0) -> None:
        deadline = time.perf_counter() + timeout
        while not predicate():
            if time.perf_counter() > deadline:
                raise TimeoutError(what)
            await pilot.pause(0.005)

    async with app.run_test(size=(120, 40)) as pilot:
        await until(lambda: any(p.done for p in app.screen.query(ResourcePane)), "environments")
        out["rss_before"] = rss_bytes()
        first_admin = await warm(info)

        browser = app.screen
        assert isinstance(browser, EnvironmentsScreen)

        def small() -> None:  # 42 users: what opening the screen costs anyway
            browser.open_environment({"id": info["admin_environment_id"],
                                      "name": "Administrators"}, tab="users")

        def big() -> None:  # as Enter on it in the list, with `users` as the tab
            browser.open_environment({"id": info["load_testing_id"], "name": "Load Testing"},
                                     tab="users")

        def stock() -> None:
            app.push_screen(stock_screen())

        async def opened(open_screen: Callable[[], None], marker: str) -> float:
            """Open a screen, to its first frame showing ``marker``; the time it took."""
            start = time.perf_counter()
            open_screen()
            return await probe.wait_frame(start, marker)

        async def close() -> None:
            # Once every tab is in (the million users: their first page, the rest waits for a
            # scroll), so that nothing is left running behind the next opening.
            await until(lambda: all(p.done or p.partial for p in app.screen.query(ResourcePane)),
                        "tabs")
            app.pop_screen()
            await pilot.pause(0.2)

        # Medians of `runs` openings each, interleaved: the VM's speed drifts between runs.
        floors, smalls, bigs, pages = [], [], [], []
        for i in range(runs):
            floors.append(await opened(stock, "stock.user0"))
            app.pop_screen()
            await pilot.pause(0.2)
            smalls.append(await opened(small, first_admin))
            await close()
            sim.command("reset")  # pages the simulator has not built yet
            bigs.append(await opened(big, "ada.lovelace0"))
            await close()
            pages.append(timer.page(i))  # the app idle meanwhile
        out.update(stock_screen=median(floors), first_rows_small=median(smalls),
                   first_rows=median(bigs), first_rows_samples=bigs,
                   page_request=median(pages), page_samples=pages)
        if first_rows_only:
            return out
        # Then the idle, the scroll to the bound and the search, in one more opening.
        sim.command("reset")
        start = time.perf_counter()
        await opened(big, "ada.lovelace0")
        await asyncio.sleep(max(idle - (time.perf_counter() - start), 0))  # no key pressed
        out["requests_idle"] = sim.command(f"count {path}")["count"]
        pane = next(p for p in app.screen.query(ResourcePane) if p.kind == "users")
        out["rows_idle"] = pane.table.total_rows
        pane.table.focus()
        start = time.perf_counter()
        while not pane.bounded:  # the user holds `end`: each press nears the loaded end
            rows = pane.table.total_rows
            await pilot.press("end")
            await until(lambda rows=rows: pane.bounded or pane.table.total_rows > rows, "more rows")
        out["fill_seconds"] = time.perf_counter() - start
        await pilot.pause()
        out["rows_bounded"] = pane.table.total_rows
        out["requests_bounded"] = sim.command(f"count {path}")["count"]
        out["rss_bounded"] = rss_bytes()
        await pilot.press("slash", *SEARCH)
        start = time.perf_counter()
        # To the frame that shows the result (its status line), not to when the pilot's press
        # returns: that waits for the app to go idle, some 200 ms later.
        pressing = asyncio.ensure_future(pilot.press("enter"))
        out["search"] = await probe.wait_frame(start, f"users  ·  PingOne searched for '{SEARCH}'")
        await pressing
        await until(lambda: pane.searched == SEARCH and pane.done, "search")
        out["search_rows"] = pane.table.total_rows
        timer.search(f"{SEARCH}{runs}")  # a search not cached
        out["search_request"] = median([timer.search(f"{SEARCH}{i}") for i in range(runs)])
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--max-rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--idle", type=float, default=10.0)
    parser.add_argument("--latency", type=float, default=0.0,
                        help="seconds the simulator adds to every API answer (PingOne's round "
                             "trip); the page request baseline pays it too")
    parser.add_argument("--first-rows-only", action="store_true",
                        help="only the openings: no idle, no fill to the bound, no search")
    args = parser.parse_args()
    sim = SimProcess("--size", "29", "--scale-users", str(args.users),
                     *(["--latency", str(args.latency)] if args.latency else []))
    workdir = Path(tempfile.mkdtemp(prefix="pingtui-bench-tui-"))
    try:
        info = sim.info
        cfg = sim_profile(info, workdir, max_rows=args.max_rows)
        timer = PageTimer(info)
        try:
            result = asyncio.run(drive(info, cfg, sim, timer, args.max_rows, args.idle,
                                       args.runs, args.first_rows_only))
        finally:
            timer.close()
    finally:
        sim.close()
    result.update(users=args.users, max_rows=args.max_rows, idle=args.idle,
                  latency=args.latency)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
