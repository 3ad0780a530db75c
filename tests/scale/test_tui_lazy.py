"""The TUI at a million users: the first page at once, more pages as the user scrolls, a bound
on the rows held, and `/` offering PingOne's search while the collection is partly loaded.

The session simulator answers 100 users a page, so "a page" here is 100 rows; the pane asks
for the next page when the cursor or the view comes within 200 rows of the loaded end.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from waiting import wait_until

from pingtui.tui.widgets.resource_pane import ResourcePane


@pytest.fixture
def app_on(scale_sim, tmp_path: Path):  # type: ignore[no-untyped-def]
    """An app signed on to the session simulator whose profile holds ``maxRows`` rows."""
    from sim_profiles import profile_yaml

    from pingtui.tui.app import make_app

    def build(max_rows: int = 50_000):  # type: ignore[no-untyped-def]
        path = tmp_path / "config.yaml"
        path.write_text(profile_yaml(scale_sim, storage="file").replace(
            "    description:", f"    maxRows: {max_rows}\n    description:", 1))
        path.chmod(0o600)
        return make_app(config_path=path, env={})

    return build


def _users_pane(app) -> ResourcePane:  # type: ignore[no-untyped-def]
    return next(p for p in app.screen.query(ResourcePane) if p.kind == "users")


def _status(pane: ResourcePane) -> str:
    return str(pane.query_one(".pane-status").render())


async def _open_users(pilot, app, environment_id: str) -> ResourcePane:  # type: ignore[no-untyped-def]
    from pingtui.tui.screens.environment import EnvironmentScreen

    await wait_until(pilot, lambda: any(p.done for p in app.screen.query(ResourcePane)),
                     what="the environments listed")
    app.push_screen(EnvironmentScreen({"id": environment_id, "name": "Load Testing"},
                                      tab="users"))
    await wait_until(pilot, lambda: any(p.kind == "users" for p in app.screen.query(
        ResourcePane)), what="the users tab")
    pane = _users_pane(app)
    await wait_until(pilot, lambda: pane.partial, what="the first pages shown, the load waiting")
    return pane


async def test_the_first_pages_show_and_nothing_more_is_fetched(app_on, scale_sim,
                                                                 load_testing):
    app = app_on()
    path = f"/v1/environments/{load_testing}/users"
    async with app.run_test(size=(120, 30)) as pilot:
        before = scale_sim.count(path)
        pane = await _open_users(pilot, app, load_testing)
        asked = scale_sim.count(path) - before
        assert asked <= 4  # a screenful, then pages: enough to fill the screen and scroll a little
        users = [p for _m, p in scale_sim.requests if p.startswith(path)][-asked:]
        assert "limit=100" in users[0] and "limit=1000" in users[1]  # FIRST_PAGE, then pages
        # This simulator's pages hold 100: the listing's first page repeats the screenful.
        assert pane.table.total_rows == 100 * (asked - 1)
        assert f"{pane.table.total_rows} of 1,000,000 loaded" in _status(pane)
        assert "ada.lovelace0" in pane.table.cells(0)
        for _ in range(5):  # the app goes on running: the load stays parked
            await pilot.pause()
        assert scale_sim.count(path) - before == asked and pane.partial


async def test_a_hidden_tab_asks_for_its_next_page_only_once_shown(app_on, scale_sim,
                                                                   load_testing):
    """A table not on screen cannot say what the user sees: the hidden users tab holds its
    first page (a screenful), and its next pages come when `]` shows it."""
    from pingtui.tui.screens.environment import EnvironmentScreen

    app = app_on()
    path = f"/v1/environments/{load_testing}/users"
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: any(p.done for p in app.screen.query(ResourcePane)),
                         what="the environments listed")
        before = scale_sim.count(path)
        app.push_screen(EnvironmentScreen({"id": load_testing, "name": "Load Testing"}))
        await wait_until(pilot, lambda: any(p.kind == "users" and p.partial
                                            for p in app.screen.query(ResourcePane)),
                         what="the hidden users tab's first page")
        pane = _users_pane(app)
        for _ in range(5):  # the app goes on running: the load stays parked
            await pilot.pause()
        assert scale_sim.count(path) - before == 1 and pane.table.total_rows == 100
        assert not pane.display
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: scale_sim.count(path) - before > 1,
                         what="the next page, once shown")
        await wait_until(pilot, lambda: pane.table.total_rows > 100, what="its rows")


async def test_scrolling_to_the_end_loads_the_next_pages(app_on, scale_sim, load_testing):
    app = app_on()
    path = f"/v1/environments/{load_testing}/users"
    async with app.run_test(size=(120, 30)) as pilot:
        pane = await _open_users(pilot, app, load_testing)
        loaded, asked = pane.table.total_rows, scale_sim.count(path)
        pane.table.focus()
        await pilot.press("end")  # the cursor on the last loaded row
        await wait_until(pilot, lambda: pane.table.total_rows > loaded and pane.partial,
                         what="more users loaded")
        assert 1 <= scale_sim.count(path) - asked <= 3
        assert pane.table.total_rows < 1_000
        assert f"{pane.table.total_rows:,} of 1,000,000 loaded" in _status(pane)


async def test_the_table_stops_at_its_bound_and_says_how_to_search(app_on, scale_sim,
                                                                    load_testing):
    app = app_on(max_rows=450)
    path = f"/v1/environments/{load_testing}/users"
    async with app.run_test(size=(120, 30)) as pilot:
        pane = await _open_users(pilot, app, load_testing)
        pane.table.focus()
        while not pane.bounded:
            await pilot.press("end")
            rows = pane.table.total_rows
            await wait_until(pilot, lambda rows=rows: pane.bounded or (pane.partial and
                                                             pane.table.total_rows > rows),
                             what="the next pages or the bound")
        assert pane.table.total_rows == 450 and pane.done
        assert scale_sim.count(path) >= 5
        line = str(pane.query_one(".pane-bound").render())
        assert line.startswith("The first 450 of 1,000,000 users (at most 450 rows")
        assert "/ then Enter searches PingOne (username, email" in line
        assert "450 of 1,000,000 loaded" in _status(pane)
        asked = scale_sim.count(path)
        await pilot.press("end", "end")
        await pilot.pause()
        assert scale_sim.count(path) == asked  # nothing past the bound


async def test_slash_filters_the_loaded_rows_and_enter_searches_pingone(app_on, scale_sim,
                                                                         load_testing):
    app = app_on()
    async with app.run_test(size=(120, 30)) as pilot:
        pane = await _open_users(pilot, app, load_testing)
        await pilot.press("slash")
        line = pane.query_one("FilterInput")
        assert "Enter searches PingOne's 1,000,000 users" in str(line.placeholder)
        await pilot.press(*"zoe.garcia2")
        assert pane.table.row_count < pane.table.total_rows  # the loaded rows, filtered
        scale_sim.reset_counters()
        await pilot.press("enter")
        await wait_until(pilot, lambda: pane.searched == "zoe.garcia2" and pane.done,
                         what="the server search")
        searches = [p for _m, p in scale_sim.requests if "/users?" in p]
        assert any("username+sw+%22zoe.garcia2%22" in p.replace("%20", "+") for p in searches)
        usernames = [pane.table.cells(i)[1] for i in range(pane.table.row_count)]
        assert usernames and all(u.startswith("zoe.garcia2") for u in usernames)
        expected = scale_sim.data.children(18, "users").select(pane.server_filter, "")
        assert pane.table.row_count == len(expected) > 100  # every zoe.garcia2… of them
        assert "PingOne searched for 'zoe.garcia2'" in _status(pane)
        await pilot.press("escape")  # back to the whole collection
        await wait_until(pilot, lambda: pane.searched is None and pane.partial,
                         what="the whole collection again")
        assert "of 1,000,000 loaded" in _status(pane)


async def test_small_collections_load_whole_and_filter_locally(app_on, scale_sim):
    app = app_on()
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: any(p.done for p in app.screen.query(ResourcePane)),
                         what="the environments listed")
        pane = app.screen.query_one(ResourcePane)
        assert pane.table.total_rows == 29 and not pane.partial and not pane.bounded
        assert not pane.server_searchable
        scale_sim.reset_counters()
        await pilot.press("slash", *"Load", "enter")
        await pilot.pause()
        assert pane.table.row_count == 1 and pane.searched is None
        assert scale_sim.count("/v1/environments") == 0


def _collectable(obj: object) -> bool:
    """In the collector's generations, not in the frozen one (tui/gc_pauses.py)."""
    import gc

    return any(o is obj for o in gc.get_objects())


async def test_a_big_table_freezes_its_rows_and_leaving_it_thaws_them(app_on, load_testing,
                                                                       monkeypatch):
    """Every ROWS_PER_FREEZE rows (here 150) the rows go out of the collector's sight, so its
    full collections stop going through them; leaving the screen gives them back to it."""
    from pingtui.tui.widgets import resource_pane

    monkeypatch.setattr(resource_pane, "ROWS_PER_FREEZE", 150)
    app = app_on()
    async with app.run_test(size=(120, 30)) as pilot:
        pane = await _open_users(pilot, app, load_testing)
        row = pane.table.model.objs[0]
        await wait_until(pilot, lambda: not _collectable(row), what="the rows frozen")
        del pane
        await pilot.press("escape")
        await wait_until(pilot, lambda: _collectable(row), what="the rows thawed")
