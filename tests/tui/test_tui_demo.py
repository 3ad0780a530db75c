"""``pingtui --demo``: welcome → device-code sign-on → environments, on the embedded simulator."""

from __future__ import annotations

from tui_helpers import screen_text, wait_until


def _screen(app) -> str:
    return type(app.screen).__name__


async def test_demo_welcome_sign_on_and_browse(make, config_path) -> None:
    from pingtui.demo import start_demo

    app = make(demo=True, demo_factory=lambda: start_demo(auto_approve_after=3600,
                                                          device_interval=0.05))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert _screen(app) == "WelcomeScreen"
        assert "simulated PingOne tenant" in screen_text(app)
        await pilot.press("enter")  # Sign on with a device code
        await wait_until(pilot, lambda: any(w.code for w in app.screen.query("#user-code")))
        code = app.screen.query_one("#user-code").code
        assert app.demo_tenant.simulator.approve_device(code)
        await wait_until(pilot, lambda: _screen(app) == "EnvironmentsScreen"
                         and app.screen.current_pane().done)
        assert app.profile_label == "demo (demo)"
        assert app.screen.current_pane().table.total_rows > 0
        base_url = app.demo_tenant.simulator.base_url
    assert not config_path.exists()  # the demo touches no user config
    import httpx
    import pytest

    async with httpx.AsyncClient() as http:  # the simulator stopped with the app
        with pytest.raises(httpx.ConnectError):
            await http.get(base_url, timeout=2)


async def test_demo_browser_grant_uses_its_own_client(make) -> None:
    from pingtui.demo import start_demo

    app = make(demo=True, demo_factory=lambda: start_demo(auto_approve_after=3600))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # Sign on in the browser
        await wait_until(pilot, lambda: _screen(app) == "SignOnScreen")
        sign_on = app.screen
        assert sign_on.grant == "authorization_code"
        assert app.tenant.with_grant("device_code").profile.pingone.authentication.client_id \
            == app.demo_tenant.simulator.device_client_id
        await pilot.press("escape")
