"""The TUI's log view: `:activities` in an environment, follow (pilot), filters, FAILED rows,
the detail with navigable actor/resources/correlation ID; snapshots at 80×24 and 100×30."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sim_profiles import profile_yaml
from waiting import wait_until

import pingtui.api.activities as activities_api
from pingtui.tui.widgets.activity_log import ActivityLog

FIXED = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def build(sim, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)  # a relative profiles path: nothing machine-specific shows
    config = Path("cfg") / "config.yaml"
    config.parent.mkdir()
    config.write_text(profile_yaml(sim), encoding="utf-8")

    def app():
        from pingtui.tui.app import make_app

        return make_app(config_path=config, env={}, pingcli_path=Path("no-pingcli.yaml"))

    return app


@pytest.fixture
def frozen(sim, monkeypatch: pytest.MonkeyPatch, local_plus2) -> None:
    """A fixed clock for the log and the view, a seeded history, UTC+2 as local time."""
    sim.activities.reset(clock=lambda: FIXED, history=60, record_requests=False)
    monkeypatch.setattr(activities_api, "utc_now", lambda: FIXED)


async def _environments(pilot) -> None:
    await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == "EnvironmentsScreen"
                     and pilot.app.screen.current_pane().done, what="environments listed")


async def _open_log(pilot, env_id: str, **options) -> ActivityLog:
    from pingtui.tui.screens.activities import ActivitiesScreen

    await _environments(pilot)
    pilot.app.push_screen(ActivitiesScreen(env_id, environment_name="Administrators",
                                           **options))
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ActivitiesScreen)
                     and pilot.app.screen.query(ActivityLog))
    log = pilot.app.screen.query_one(ActivityLog)
    await wait_until(pilot, lambda: not log.is_loading and log.generation > 0, what="loaded")
    return log


def _cells(log: ActivityLog, row: int) -> list[str]:
    return [c.plain for c in log.table.get_row_at(row)]


async def test_jump_to_activities_inside_an_environment(build, sim, env_id) -> None:
    made = sim.activities.record(env_id, "USER.ACCESS_DENIED", status="FAILED",
                                 user={"id": "u1", "name": "[b]ada[/b]"})
    app = build()
    async with app.run_test(size=(80, 24)) as pilot:
        await _environments(pilot)
        await pilot.press("enter")  # into Administrators
        await wait_until(pilot, lambda: type(app.screen).__name__ == "EnvironmentScreen")
        app.jump_to("activities")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ActivitiesScreen"
                         and app.screen.query(ActivityLog))
        log = app.screen.query_one(ActivityLog)
        await wait_until(pilot, lambda: not log.is_loading and log.activities, what="rows")
        assert log.activities[-1]["id"] == made["id"]
        row = _cells(log, len(log.activities) - 1)
        assert row[1:4] == ["USER.ACCESS_DENIED", "FAILED", "[b]ada[/b]"]  # literal, no markup
        result_cell = log.table.get_row_at(len(log.activities) - 1)[2]
        assert any(span.style for span in result_cell.spans)  # FAILED stands out


async def test_follow_shows_activities_recorded_after_it_opened(build, sim, env_id,
                                                              monkeypatch) -> None:
    monkeypatch.setattr(ActivityLog, "follow_interval", 0.2)
    first = sim.activities.record(env_id, "USER.CREATED")
    app = build()
    async with app.run_test(size=(80, 24)) as pilot:
        log = await _open_log(pilot, env_id)
        assert [a["id"] for a in log.activities] == [first["id"]]
        await pilot.press("f")
        assert log.following
        later = sim.activities.record(env_id, "USER.UPDATED")
        await wait_until(pilot, lambda: len(log.activities) == 2, what="the new activity")
        assert log.activities[-1]["id"] == later["id"]
        assert log.table.cursor_row == 1  # at the newest: the view follows
        # Scrolled up: the view stays put and says how many arrived below.
        await pilot.press("up")
        assert log.table.cursor_row == 0
        more = [sim.activities.record(env_id, "USER.DELETED") for _ in range(3)]
        await wait_until(pilot, lambda: len(log.activities) == 5, what="three more")
        assert log.table.cursor_row == 0 and log.new_below == 3
        status = str(app.screen.query_one(".activity-status").render())
        assert "▼ 3 new (End)" in status
        await pilot.press("end")
        assert log.table.cursor_row == 4 and log.new_below == 0
        assert [a["id"] for a in log.activities[2:]] == [m["id"] for m in more]
        ids = [a["id"] for a in log.activities]
        assert len(ids) == len(set(ids))  # the overlap never doubles a row
        await pilot.press("f")
        assert not log.following


async def test_follow_through_faults_shows_every_activity_once(build, sim, env_id,
                                                             monkeypatch) -> None:
    """The TUI's share of the long run: activities keep coming, the audit API fails now and
    then (429 with Retry-After, 503, a reset); every one is on screen once, in time order."""
    from pingtui.sim import Fault

    monkeypatch.setattr(ActivityLog, "follow_interval", 0.2)
    path = f"/v1/environments/{env_id}/activities"
    app = build()
    async with app.run_test(size=(80, 24)) as pilot:
        log = await _open_log(pilot, env_id)
        await pilot.press("f")
        for round_, fault in enumerate([Fault.rate_limited(retry_after="1", path=path),
                                        Fault.server_error(503, path=path),
                                        Fault("reset", path=path)]):
            for _ in range(3):
                sim.activities.record(env_id, "USER.UPDATED")
            sim.faults.add(fault)
            await wait_until(pilot, lambda f=fault: f.hits == 1, what="the fault")
            expected = 3 * (round_ + 1)
            await wait_until(pilot, lambda n=expected: len(log.activities) == n,
                             what=f"{expected} rows")
        ids = [a["id"] for a in log.activities]
        assert ids == [a["id"] for a in sim.activities.activities(env_id)]
        assert log.following and log.trouble is None  # recovered: the status is clean again


async def test_filters_narrow_the_log(build, sim, env_id) -> None:
    log_ = sim.activities
    denied = log_.record(env_id, "USER.ACCESS_DENIED", status="FAILED",
                         user={"id": "11111111-1111-4111-8111-111111111111", "name": "ada"})
    log_.record(env_id, "USER.UPDATED", user={"id": "x", "name": "bob"})
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        log = await _open_log(pilot, env_id)
        assert len(log.activities) == 2
        log.query_one("#activity-result").value = "FAILED"
        await wait_until(pilot, lambda: not log.is_loading and len(log.activities) == 1)
        assert log.activities[0]["id"] == denied["id"]
        log.query_one("#activity-result").value = ""
        log.query_one("#activity-actor").focus()
        await pilot.press(*"bob", "enter")
        await wait_until(pilot, lambda: not log.is_loading and len(log.activities) == 1)
        assert log.activities[0]["actors"]["user"]["name"] == "bob"


async def test_a_bad_filter_shows_pingones_message(build, sim, env_id) -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        log = await _open_log(pilot, env_id)
        log.query_one("#activity-action").focus()
        await pilot.press(*'x" or name eq "y', "enter")
        await wait_until(pilot, lambda: log.trouble is not None, what="the error")
        assert "filtering activities on 'name' is not supported" in log.trouble


async def test_detail_navigates_to_actor_resource_and_correlation(build, sim, env_id) -> None:
    user = sim.data.children(0, "users")[3]
    group = sim.data.children(0, "groups")[1]
    made = sim.activities.record(
        env_id, "GROUP_MEMBER.ADDED", user={"id": user["id"], "name": user["username"]},
        resources=[{"type": "GROUP", "id": group["id"], "name": group["name"]}],
        correlation_id="corr-77")
    twin = sim.activities.record(env_id, "USER.UPDATED", correlation_id="corr-77",
                                 at=datetime.now(timezone.utc) - timedelta(days=3))
    sim.activities.record(env_id, "USER.UPDATED")
    app = build()
    async with app.run_test(size=(80, 24)) as pilot:
        log = await _open_log(pilot, env_id)
        log.table.move_cursor(row=log.activities.index(made))
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ActivityDetailScreen")
        detail = app.screen
        await pilot.press("enter")  # the first link: the actor
        await wait_until(pilot, lambda: type(app.screen).__name__ == "DescribeScreen")
        assert app.screen.kind == "users" and app.screen.obj["id"] == user["id"]
        crumbs = str(app.screen.query_one("#describe-crumbs").render())
        assert crumbs == f"Administrators › Audit log › Activity GROUP_MEMBER.ADDED › " \
                         f"{user['username']}"
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is detail)
        await pilot.press("down", "enter")  # the group
        await wait_until(pilot, lambda: type(app.screen).__name__ == "DescribeScreen")
        assert app.screen.kind == "groups" and app.screen.obj["id"] == group["id"]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is detail)
        await pilot.press("down", "enter")  # the correlation ID: its activities, 7 days
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ActivitiesScreen"
                         and app.screen is not detail)
        narrowed = app.screen.query_one(ActivityLog)
        await wait_until(pilot, lambda: not narrowed.is_loading and narrowed.activities)
        assert [a["id"] for a in narrowed.activities] == [twin["id"], made["id"]]


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for widget in pilot.app.screen.query("Input"):
        widget.cursor_blink = False
    pilot.app.clear_notifications()
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
def test_snapshot_log_view(snap_compare, build, sim, env_id, frozen, size) -> None:
    async def run_before(pilot) -> None:
        await _open_log(pilot, env_id)
        await _settle(pilot)

    assert snap_compare(build(), terminal_size=size, run_before=run_before)


def test_snapshot_activity_detail(snap_compare, build, sim, env_id, frozen) -> None:
    async def run_before(pilot) -> None:
        log = await _open_log(pilot, env_id)
        failed = next(i for i, a in enumerate(log.activities)
                      if a["result"]["status"] == "FAILED")
        log.table.move_cursor(row=failed)
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(pilot.app.screen).__name__ ==
                         "ActivityDetailScreen")
        await _settle(pilot)

    assert snap_compare(build(), terminal_size=(80, 24), run_before=run_before)


async def test_the_detail_help_says_what_enter_does(build, sim, env_id) -> None:
    made = sim.activities.record(env_id, "USER.UPDATED")
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        log = await _open_log(pilot, env_id)
        log.table.move_cursor(row=log.activities.index(made))
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ActivityDetailScreen")
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        keys = {key: what for key, what, _id in app.screen.rows}
        enter = keys.get("⏎", keys.get("enter", ""))  # the key as the help shows it
        assert "Open the actor" in enter, str(sorted(keys.items()))
