"""(h) The TUI at a million users: the Load Testing environment's users tab, headless.

    python bench/tui_scale.py [--users 1000000] [--max-rows 50000] [--runs 3]

The simulator runs in its own process (sim_server.py, 1,000 users a page, as PingOne's limit)
with N users in Load Testing; the app runs here, in a headless pilot (120x40), signed on with
client credentials. Figures:

- first rows: from pushing the environment screen on its users tab to the first frame that
  shows a user (paint_probe.py), beside one page request (1,000 users, a warm httpx client
  with a token, pages the simulator had not built yet) and beside the same tab of a 42-user
  environment (what opening the screen costs whatever the size); every figure a median of
  ``--runs``, the openings interleaved;
- requests to the users collection in the first 10 s without a key pressed;
- resident memory with 50,000 rows loaded (``end`` pressed until the table is at its bound),
  and before the tab was opened;
- the server search: ``/`` + a username prefix + Enter to the frame showing the result,
  beside the same filtered request made by httpx.
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
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from bench.common import median, rss_bytes
from bench.listing import SimProcess, sim_profile
from bench.paint_probe import PaintProbe

if TYPE_CHECKING:
    from textual.screen import Screen

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


async def page_requests(info: dict[str, Any], runs: int) -> tuple[list[float], list[float]]:
    """One 1,000-user page on a warm client (pages not built before), and the search."""
    from pingtui.sim.api import _cursor  # the simulator's own cursor format (bench only)

    async with httpx.AsyncClient() as http:
        token = (await http.post(info["issuer"] + "/token",
                                 data={"grant_type": "client_credentials"},
                                 auth=(info["client_id"], info["client_secret"]))).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        url = f"{info['api_base_url']}/environments/{info['load_testing_id']}/users"
        await http.get(url, params={"limit": 1}, headers=headers)  # connect, untimed
        pages, searches = [], []
        for i in range(runs):
            start = time.perf_counter()
            r = await http.get(url, params={"limit": 1000, "cursor": _cursor(500_000 + i * 7_000)},
                               headers=headers)
            r.json()
            pages.append(time.perf_counter() - start)
        from pingtui.api.resources import RESOURCES
        from pingtui.api.search import search_filter

        scim = search_filter(RESOURCES["users"], f"{SEARCH}{runs}")  # a search not cached
        for i in range(runs):
            scim = search_filter(RESOURCES["users"], f"{SEARCH}{i}")
            start = time.perf_counter()
            r = await http.get(url, params={"limit": 1000, "filter": scim}, headers=headers)
            r.json()
            searches.append(time.perf_counter() - start)
    return pages, searches


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


async def drive(info: dict[str, Any], cfg: Path, sim: SimProcess, max_rows: int,
                idle: float, runs: int, first_rows_only: bool = False) -> dict[str, Any]:
    from pingtui.tui.app import make_app
    from pingtui.tui.screens.environment import EnvironmentScreen
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

        def small() -> Screen[Any]:  # 42 users: what opening the screen costs anyway
            return EnvironmentScreen({"id": info["admin_environment_id"],
                                      "name": "Administrators"}, tab="users")

        def big() -> Screen[Any]:
            return EnvironmentScreen({"id": info["load_testing_id"], "name": "Load Testing"},
                                     tab="users")

        async def opened(screen: Callable[[], Screen[Any]], marker: str) -> float:
            """Push a screen, to its first frame showing ``marker``; the time it took."""
            start = time.perf_counter()
            app.push_screen(screen())
            return await probe.wait_frame(start, marker)

        async def close() -> None:
            # Once every tab is in (the million users: their first page, the rest waits for a
            # scroll), so that nothing is left running behind the next opening.
            await until(lambda: all(p.done or p.partial for p in app.screen.query(ResourcePane)),
                        "tabs")
            app.pop_screen()
            await pilot.pause(0.2)

        # Medians of `runs` openings each, interleaved: the VM's speed drifts between runs.
        floors, smalls, bigs = [], [], []
        for _ in range(runs):
            floors.append(await opened(stock_screen, "stock.user0"))
            app.pop_screen()
            await pilot.pause(0.2)
            smalls.append(await opened(small, first_admin))
            await close()
            sim.command("reset")  # pages the simulator has not built yet
            bigs.append(await opened(big, "ada.lovelace0"))
            await close()
        out.update(stock_screen=median(floors), first_rows_small=median(smalls),
                   first_rows=median(bigs), first_rows_samples=bigs)
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
        result = asyncio.run(drive(info, cfg, sim, args.max_rows, args.idle, args.runs,
                                   args.first_rows_only))
        pages, searches = asyncio.run(page_requests(info, args.runs))
    finally:
        sim.close()
    result.update(page_request=median(pages), page_samples=pages,
                  search_request=median(searches), users=args.users,
                  max_rows=args.max_rows, idle=args.idle, latency=args.latency)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
