"""SVG snapshots of the describe view (a user, a group, an application) and the x-ray tree.

Deterministic as the other snapshots: the simulator's stable data, client credentials (no
sign-on step), workers awaited, notifications cleared, a relative profiles path.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import FrozenClock, sim_config, wait_until, write_config

SIZE = (100, 30)


@pytest.fixture
def build(make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sim):
    monkeypatch.chdir(tmp_path)
    config = Path("cfg") / "config.yaml"
    write_config(config, sim_config(sim))

    def app():
        return make(config_path=config, clock=FrozenClock())

    return app


async def settle(pilot) -> None:
    app = pilot.app
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()
    app.clear_notifications()
    await pilot.pause()


def describe(tab: str, row: int, *keys: str):
    """Open Administrators' ``tab``, describe its row ``row``, then press ``keys``."""

    async def run_before(pilot) -> None:
        app = pilot.app
        await wait_until(pilot, lambda: type(app.screen).__name__ == "EnvironmentsScreen"
                         and app.screen.current_pane().done)
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "EnvironmentScreen")
        app.screen.show_tab(tab)
        await wait_until(pilot, lambda: app.screen.current_pane().done)
        await pilot.press(*["down"] * row, "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "DescribeScreen")
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)

    return run_before


def test_describe_user(snap_compare, build) -> None:
    assert snap_compare(build(), terminal_size=SIZE, run_before=describe("users", 0))


def test_describe_user_roles(snap_compare, build) -> None:
    assert snap_compare(build(), terminal_size=SIZE,
                        run_before=describe("users", 0, "right_square_bracket",
                                            "right_square_bracket"))


def test_describe_group_members(snap_compare, build) -> None:
    assert snap_compare(build(), terminal_size=SIZE,
                        run_before=describe("groups", 0, "right_square_bracket"))


def test_describe_application_grants(snap_compare, build) -> None:
    # Customer Web [prod]: grants of openid and custom resources, two sign-on policies.
    assert snap_compare(build(), terminal_size=SIZE,
                        run_before=describe("applications", 4, "right_square_bracket"))


def test_describe_application_80x24(snap_compare, build) -> None:
    assert snap_compare(build(), terminal_size=(80, 24), run_before=describe("applications", 4))


def test_xray_application(snap_compare, build) -> None:
    async def run_before(pilot) -> None:
        await describe("applications", 4)(pilot)
        await pilot.press("x")
        await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == "XrayScreen")
        tree = pilot.app.screen.query_one("#xray-tree")
        for heading in list(tree.root.children):
            heading.expand()
        await settle(pilot)
        for heading in list(tree.root.children):
            for child in list(heading.children)[:2]:
                child.expand()
        await settle(pilot)

    assert snap_compare(build(), terminal_size=SIZE, run_before=run_before)
