"""SVG snapshots of a million-user tab: partly loaded, and at its bound with `/` open.

The session simulator's stable data (100 users a page), client credentials, a frozen clock, a
relative profiles path; the shown pane's load is parked by design (it waits for the user to
scroll), so the other panes' loads are awaited, not every worker.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from waiting import wait_until

from pingtui.tui.widgets.resource_pane import ResourcePane


@pytest.fixture
def build(scale_sim, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from sim_profiles import profile_yaml

    from pingtui.tui.app import make_app

    monkeypatch.chdir(tmp_path)

    def app(max_rows: int = 50_000):  # type: ignore[no-untyped-def]
        config = Path("cfg") / "config.yaml"
        config.parent.mkdir(exist_ok=True)
        config.write_text(profile_yaml(scale_sim, storage="file").replace(
            "    description:", f"    maxRows: {max_rows}\n    description:", 1))
        config.chmod(0o600)
        return make_app(config_path=config, env={}, clock=lambda: 1000.0)

    return app


def users_tab(load_testing: str, *keys: str, bounded: bool = False):  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        from pingtui.tui.screens.environment import EnvironmentScreen

        app = pilot.app
        await wait_until(pilot, lambda: any(p.done for p in app.screen.query(ResourcePane)))
        app.push_screen(EnvironmentScreen({"id": load_testing, "name": "Load Testing"},
                                          tab="users"))
        await wait_until(pilot, lambda: len(app.screen.query(ResourcePane)) == 4)
        panes = list(app.screen.query(ResourcePane))
        users = next(p for p in panes if p.kind == "users")
        await wait_until(pilot, lambda: users.partial or users.bounded)
        while bounded and not users.bounded:
            users.table.focus()
            await pilot.press("end")
            rows = users.table.total_rows
            await wait_until(pilot, lambda rows=rows: users.bounded or users.table.total_rows > rows)
        await wait_until(pilot, lambda: all(p.done for p in panes if p is not users))
        await pilot.press(*keys)
        for widget in app.screen.query("Input"):
            widget.cursor_blink = False  # type: ignore[attr-defined]
        app.clear_notifications()
        await pilot.pause()
        await pilot.pause()

    return run_before


def test_a_million_users_partly_loaded(snap_compare, build, load_testing) -> None:
    assert snap_compare(build(), terminal_size=(100, 30), run_before=users_tab(load_testing))


def test_a_million_users_at_the_bound_with_the_search_offered(snap_compare, build,
                                                              load_testing) -> None:
    assert snap_compare(build(max_rows=300), terminal_size=(80, 24),
                        run_before=users_tab(load_testing, "slash", bounded=True))
