"""Sign-on → environments → one environment → detail → back, and the failure paths."""

from __future__ import annotations

from pathlib import Path

from conftest import TWO_PROFILES, FrozenClock, screen_text, wait_until, write_config

from pingtui.errors import PingTUIError


def _screen(app) -> str:
    return type(app.screen).__name__


async def _signed_on_browser(pilot, fake) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: _screen(app) == "SignOnScreen"
                     and app.screen.query_one("#user-code").code)
    fake.approved.set()
    await wait_until(pilot, lambda: _screen(app) == "EnvironmentsScreen")
    await wait_until(pilot, lambda: app.screen.current_pane().done)


async def test_device_code_sign_on_shows_code_url_qr_countdown(make, config_path: Path,
                                                               fake) -> None:
    write_config(config_path, TWO_PROFILES)
    clock = FrozenClock()
    app = make(session_factory=fake.factory, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: _screen(app) == "SignOnScreen"
                         and app.screen.query_one("#user-code").code)
        text = screen_text(app)
        assert "W D J B - M J H T" in text
        assert "http://127.0.0.1:9/device" in text
        assert "expires in 10:00" in text
        assert app.screen.query_one("#device-qr").data.endswith("user_code=WDJB-MJHT")
        clock.now += 61
        await wait_until(pilot, lambda: "expires in 8:59" in screen_text(app))
        await pilot.press("c")
        assert app.clipboard == "http://127.0.0.1:9/device?user_code=WDJB-MJHT"
        fake.approved.set()
        await wait_until(pilot, lambda: _screen(app) == "EnvironmentsScreen")
        assert app.identity_label == "ada@example.com"


async def test_browse_into_environment_detail_and_back(make, config_path: Path, fake) -> None:
    write_config(config_path, TWO_PROFILES)
    app = make(session_factory=fake.factory)
    async with app.run_test(size=(100, 30)) as pilot:
        await _signed_on_browser(pilot, fake)
        pane = app.screen.current_pane()
        names = [o["name"] for o in pane.visible_objects()]
        assert names == ["[prod]", "Administrators", "Dev"]  # shown as typed, not markup
        assert "3 environments" in screen_text(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: _screen(app) == "EnvironmentScreen")
        env_screen = app.screen
        from pingtui.tui.widgets.resource_pane import ResourcePane

        await wait_until(pilot, lambda: all(p.done for p in env_screen.query(ResourcePane)))
        assert app.environment_label == "[prod]"
        assert [p.table.total_rows for p in env_screen.query(ResourcePane)] == [2, 3, 2, 2]
        await pilot.press("right")
        await wait_until(pilot, lambda: env_screen.current_pane().kind == "users")
        await pilot.press("d")
        await wait_until(pilot, lambda: _screen(app) == "DetailScreen")
        await wait_until(pilot, lambda: app.screen.obj.get("readOne"))
        await pilot.press("c")
        assert app.clipboard == "u-0"
        await pilot.press("y")
        assert "username: user0" in app.clipboard
        await pilot.press("escape")
        assert _screen(app) == "EnvironmentScreen"
        await pilot.press("escape")
        assert _screen(app) == "EnvironmentsScreen"
        assert app.environment_label == ""


async def test_filter_sort_and_server_filter(make, config_path: Path, fake) -> None:
    write_config(config_path, TWO_PROFILES)
    app = make(session_factory=fake.factory)
    async with app.run_test(size=(100, 30)) as pilot:
        await _signed_on_browser(pilot, fake)
        pane = app.screen.current_pane()
        await pilot.press("slash", *"admin")
        assert [o["name"] for o in pane.visible_objects()] == ["Administrators"]
        assert "1 shown by the filter" in screen_text(app)
        await pilot.press("escape")
        assert len(pane.visible_objects()) == 3
        await pilot.press("2")  # sort by NAME, then again: reversed
        assert [o["name"] for o in pane.visible_objects()] == ["[prod]", "Administrators",
                                                                "Dev"]
        await pilot.press("2")
        assert [o["name"] for o in pane.visible_objects()] == ["Dev", "Administrators",
                                                                "[prod]"]
        await pilot.press("f")
        await pilot.pause()
        assert _screen(app) == "PromptScreen"
        await pilot.press(*'name sw "De"', "enter")
        await wait_until(pilot, lambda: pane.done and pane.server_filter)
        assert [o["name"] for o in pane.visible_objects()] == ["Dev"]
        assert 'server filter: name sw "De"' in screen_text(app)


async def test_export_writes_csv_of_visible_rows(make, config_path: Path, fake,
                                                 tmp_path: Path) -> None:
    write_config(config_path, TWO_PROFILES)
    app = make(session_factory=fake.factory)
    target = tmp_path / "out" / "envs.csv"
    async with app.run_test(size=(100, 30)) as pilot:
        await _signed_on_browser(pilot, fake)
        await pilot.press("e")
        await pilot.pause()
        assert _screen(app) == "ExportScreen"
        app.screen.query_one("#export-path").value = str(target)
        await pilot.press("enter")
        await wait_until(pilot, lambda: _screen(app) == "EnvironmentsScreen")
    lines = target.read_text().splitlines()
    assert lines[0].startswith("ID,NAME,TYPE")
    assert len(lines) == 4 and "[prod]" in lines[1]


async def test_api_refusal_is_a_notification_not_a_crash(make, config_path: Path,
                                                          fake) -> None:
    write_config(config_path, TWO_PROFILES)
    app = make(session_factory=fake.factory)
    async with app.run_test(size=(100, 30)) as pilot:
        await _signed_on_browser(pilot, fake)
        fake.fault = PingTUIError("PingOne refused: [403] INSUFFICIENT_PERMISSIONS.",
                                  "Ask an admin for the Environment Admin role.")
        await pilot.press("r")
        pane = app.screen.current_pane()
        await wait_until(pilot, lambda: pane.error is not None)
        assert any("INSUFFICIENT_PERMISSIONS" in n.message for n in app._notifications)
        assert "[403] INSUFFICIENT_PERMISSIONS" in screen_text(app)  # markup-free
        fake.fault = None
        await pilot.press("r")
        await wait_until(pilot, lambda: pane.done and pane.error is None)
        assert pane.table.total_rows == 3


async def test_sign_on_failure_says_what_and_retries(make, config_path: Path, fake) -> None:
    write_config(config_path, TWO_PROFILES)
    fake.login_error = PingTUIError("The device code expired before it was approved.",
                                    "Press r for a new code.")
    app = make(session_factory=fake.factory)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: _screen(app) == "SignOnScreen"
                         and app.screen.query_one("#user-code").code)
        fake.approved.set()
        await wait_until(pilot, lambda: app.screen.failed)
        assert "The device code expired" in screen_text(app)
        fake.login_error = None
        await pilot.press("r")
        await wait_until(pilot, lambda: _screen(app) == "EnvironmentsScreen")


async def test_esc_cancels_sign_on_and_its_worker(make, config_path: Path, fake) -> None:
    write_config(config_path, TWO_PROFILES)
    app = make(session_factory=fake.factory)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: _screen(app) == "SignOnScreen"
                         and app.screen.query_one("#user-code").code)
        sign_on = app.screen
        worker = next(w for w in app.workers if w.group == "sign-on")
        await pilot.press("escape")
        await wait_until(pilot, lambda: worker.is_cancelled or worker.is_finished)
        assert app.screen is not sign_on
        assert not fake.signed_on
