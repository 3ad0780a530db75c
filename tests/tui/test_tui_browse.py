"""Sign-on → environments → one environment → detail → back, and the failure paths.

Real auth and api layers against the embedded simulator on 127.0.0.1 (faults injected there).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from tui_helpers import VALID_ENV_ID, FrozenClock, screen_text, sim_config, wait_until, write_config

from pingtui.sim.faults import Fault

NO_RETRY = {"max_retries": 0}


def _screen(app) -> str:
    return type(app.screen).__name__


def _notes(app) -> str:
    return "\n".join(app.notes)


async def _browser_ready(pilot) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: _screen(app) == "EnvironmentsScreen"
                     and app.screen.current_pane().done)


async def _device_code(pilot) -> str:
    app = pilot.app
    await wait_until(pilot, lambda: any(w.code for w in app.screen.query("#user-code")))
    return app.screen.query_one("#user-code").code


async def test_device_code_sign_on_then_browse(make, config_path: Path, sim) -> None:
    write_config(config_path, sim_config(sim, "device_code"))
    clock = FrozenClock()
    app = make(clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        code = await _device_code(pilot)
        text = screen_text(app)
        assert " ".join(code) in text  # the plain code under the big one
        assert f"{sim.base_url}/" in text  # the verification URL
        assert "expires in 10:00" in text
        qr = app.screen.query_one("#device-qr").data
        assert qr.startswith(sim.base_url) and code in qr  # verification_uri_complete
        clock.now += 61
        await wait_until(pilot, lambda: "expires in 8:59" in screen_text(app))
        await pilot.press("c")
        assert app.clipboard == qr
        assert sim.approve_device(code)
        await _browser_ready(pilot)
        assert app.identity_label  # the signed-on user shows in the header
        assert "not signed on" not in str(app.screen.query_one("StatusBar").render())


async def test_browse_into_environment_detail_and_back(make, config_path: Path, sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _browser_ready(pilot)
        pane = app.screen.current_pane()
        names = [o["name"] for o in pane.visible_objects()]
        assert names[:2] == ["Administrators", "[prod] Customer Identity"]  # as typed
        assert "a[/]b Lab" in names
        assert f"{len(names)} environments" in screen_text(app)
        await wait_until(pilot, lambda: app.identity_label.startswith("client "))
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: _screen(app) == "EnvironmentScreen")
        env_screen = app.screen
        from pingtui.tui.widgets.resource_pane import ResourcePane

        panes = list(env_screen.query(ResourcePane))
        assert [p.kind for p in panes] == ["populations", "users", "groups", "applications"]
        await wait_until(pilot, lambda: all(p.done for p in panes))  # loaded in parallel
        assert all(p.table.total_rows > 0 for p in panes)
        assert app.environment_label == "[prod] Customer Identity"
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: env_screen.current_pane().kind == "users")
        user = env_screen.current_pane().selected()
        await pilot.press("enter")
        await wait_until(pilot, lambda: _screen(app) == "DescribeScreen")
        await app.workers.wait_for_complete()
        await pilot.press("c")
        assert app.clipboard == user["id"]
        await pilot.press("y")
        assert f"id: {user['id']}" in app.clipboard
        await pilot.press("escape")
        assert _screen(app) == "EnvironmentScreen"
        await pilot.press("escape")
        assert _screen(app) == "EnvironmentsScreen"
        assert app.environment_label == ""


async def test_hidden_tabs_mount_after_the_first_page_and_pane_keys_wait_for_them(
        make, config_path: Path, sim) -> None:
    """The shown tab's pane is built with the screen; the three hidden ones once its first
    page is on screen (they made the first frame a quarter slower). A tab shown before its
    pane is in (`]` typed ahead) takes no pane key (filter, detail, ...) instead of failing
    on a missing table; tab keys still work."""
    from pingtui.tui.screens.environment import EnvironmentScreen
    from pingtui.tui.widgets.resource_pane import ResourcePane
    from pingtui.tui.widgets.tab_bar import TabBar

    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _browser_ready(pilot)
        environment = app.screen.current_pane().selected()
        await app.push_screen(EnvironmentScreen(environment, tab="users"))
        env_screen = app.screen
        tabs = env_screen.query_one(TabBar)
        while not tabs.is_mounted:  # what `]` needs; not a pilot pause: that would paint
            await asyncio.sleep(0)
        assert [p.kind for p in env_screen.query(ResourcePane)] == ["users"]
        assert env_screen.check_action("filter", ())
        env_screen.action_tab(1)  # `]`: the groups tab, its pane not built yet
        assert not env_screen.pane_ready()
        assert not env_screen.check_action("filter", ())
        assert not env_screen.check_action("detail", ())
        assert env_screen.check_action("tab", (1,))
        await wait_until(pilot, lambda: len(env_screen.query(ResourcePane)) == 4
                         and env_screen.pane_ready())
        assert env_screen.check_action("filter", ())
        panes = list(env_screen.query(ResourcePane))
        assert [p.kind for p in panes] == ["populations", "users", "groups", "applications"]
        await wait_until(pilot, lambda: all(p.done for p in panes))
        assert all(p.table.total_rows > 0 for p in panes)


async def test_the_tab_bar_is_one_widget_and_a_click_on_a_label_shows_its_tab(
        make, config_path: Path, sim) -> None:
    """The environment's tab bar draws every label and the underline itself (Textual's tab
    bar is a dozen widgets: they made the first frame 20 ms later); a click on a label shows
    that tab's pane with its table focused, a hovered label is lit, and `]` moves the
    underline."""
    from rich.style import Style
    from tui_helpers import terminal_lines

    from pingtui.tui.widgets.tab_bar import TabBar

    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _browser_ready(pilot)
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: _screen(app) == "EnvironmentScreen"
                         and app.screen.current_pane().done)
        bar = app.screen.query_one(TabBar)
        assert not bar.children
        row = bar.region.y

        def underlined() -> str:  # the label over the bar's lit part
            lines = terminal_lines(app)
            start = lines[row + 1].index("╸") + 1
            return lines[row][start:lines[row + 1].index("╺")]

        assert terminal_lines(app)[row].startswith(" Populations  Users  Groups  Applications ")
        assert underlined() == "Populations"
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: underlined() == "Users", what="the bar to move")
        assert app.screen.current_pane().kind == "users"

        groups = terminal_lines(app)[row].index("Groups")
        await pilot.hover(TabBar, offset=(groups, 0))
        lit = bar.get_component_rich_style("tab-bar--hover").color

        def groups_style() -> Style:
            strip = app.screen._compositor.render_strips()[row]
            x = 0
            for segment in strip:
                if x <= groups < x + len(segment.text):
                    return segment.style or Style()
                x += len(segment.text)
            raise AssertionError("no segment")

        await wait_until(pilot, lambda: groups_style().color == lit, what="hover")
        assert bar.get_component_rich_style("tab-bar--tab").color != lit
        await pilot.click(TabBar, offset=(groups, 0))
        await wait_until(pilot, lambda: app.screen.current_pane().kind == "groups"
                         and app.focused is app.screen.current_pane().table, what="groups")
        assert underlined() == "Groups"
        shown = [p.kind for p in app.screen.query("ResourcePane") if p.display]
        assert shown == ["groups"]


async def test_a_pane_asks_for_its_first_page_when_it_is_built_not_when_mounted(
        make, config_path: Path, sim) -> None:
    """The request is on the wire before the pane is mounted (an environment builds its shown
    tab's pane with itself, before it is shown); the pane mounted later shows that same page
    without asking again."""
    from pingtui.tui.widgets.resource_pane import ResourcePane

    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _browser_ready(pilot)
        users = f"/v1/environments/{sim.admin_environment_id}/users"
        sim.reset_counters()
        pane = ResourcePane("users", environment_id=sim.admin_environment_id)
        await wait_until(pilot, lambda: sim.count(users) == 1, what="the users request")
        assert not pane.is_mounted
        await app.screen.mount(pane)
        await wait_until(pilot, lambda: pane.done, what="the pane's load")
        assert pane.table.total_rows > 0 and sim.count(users) == 1


async def test_an_environment_is_shown_once_its_first_page_is_in_with_the_rows(
        make, config_path: Path, sim, monkeypatch) -> None:
    """Enter on an environment: the list stays while its first tab's first page is on its way
    (up to PAINT_HOLD), and the environment's first frame shows those rows, not an empty table
    that they fill a frame later. One request, one screen, for one Enter."""
    from textual.app import App

    from pingtui.tui.screens import environment

    monkeypatch.setattr(environment, "PAINT_HOLD", 30.0)
    frames: list[int] = []  # the shown table's rows in each frame of the environment screen
    display = App._display

    def recorded(app: App, screen, renderable) -> None:
        display(app, screen, renderable)
        if renderable is not None and isinstance(screen, environment.EnvironmentScreen):
            frames.append(screen.current_pane().table.row_count)

    monkeypatch.setattr(App, "_display", recorded)
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _browser_ready(pilot)
        env_id = app.screen.current_pane().selected()["id"]
        populations = f"/v1/environments/{env_id}/populations"  # the first tab's
        slow = sim.faults.add(Fault("slow", path=populations, delay=0.5))
        sim.reset_counters()
        await pilot.press("enter")
        await wait_until(pilot, lambda: slow.triggered.is_set())
        assert _screen(app) == "EnvironmentsScreen"  # still the list: the page is on its way
        await wait_until(pilot, lambda: bool(frames), what="the environment's first frame")
        assert frames[0] > 0
        assert sim.count(populations) == 1
        assert [type(s).__name__ for s in app.screen_stack].count("EnvironmentScreen") == 1
        sim.faults.clear()


@pytest.mark.parametrize("wait", [60.0, 0.05], ids=["until-a-key", "until-the-timeout"])
async def test_hidden_tabs_wait_for_the_shown_tabs_first_page_until_one_is_shown(
        make, config_path: Path, sim, monkeypatch, wait: float) -> None:
    """While the users page is on its way, the three other tabs are neither built nor asked
    for; `]` to one of them builds and loads them at once. And they wait at most
    HIDDEN_WAIT for a page that does not come."""
    from pingtui.tui.screens import environment
    from pingtui.tui.widgets.resource_pane import ResourcePane

    monkeypatch.setattr(environment, "HIDDEN_WAIT", wait)
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _browser_ready(pilot)
        env_id = app.screen.current_pane().selected()["id"]
        slow = sim.faults.add(Fault("slow", path=f"/v1/environments/{env_id}/users", delay=30))
        app.screen.open_selected(tab="users")
        await wait_until(pilot, lambda: slow.triggered.is_set())
        # Shown without its first page, once it waited environment.PAINT_HOLD for it.
        await wait_until(pilot, lambda: _screen(app) == "EnvironmentScreen")
        env_screen = app.screen
        if wait > 1:
            for _ in range(5):
                await pilot.pause()
            assert [p.kind for p in env_screen.query(ResourcePane)] == ["users"]
            await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: len(env_screen.query(ResourcePane)) == 4)
        groups = env_screen.query_one("#pane-groups", ResourcePane)
        await wait_until(pilot, lambda: groups.done)
        assert groups.table.total_rows > 0
        assert not env_screen.query_one("#pane-users", ResourcePane).done  # still waiting
        sim.faults.clear()


async def test_leaving_a_screen_cancels_its_loads(make, config_path: Path, sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _browser_ready(pilot)
        slow = sim.faults.add(Fault("slow", path="/v1/environments/", delay=30, count=None))
        await pilot.press("enter")
        await wait_until(pilot, lambda: _screen(app) == "EnvironmentScreen")

        def running_loads() -> list:
            return [w for w in app.workers if w.group == "load" and not w.is_finished]

        await wait_until(pilot, lambda: bool(running_loads()), what="the shown tab's load")
        loads = running_loads()
        await wait_until(pilot, lambda: slow.triggered.is_set())
        await pilot.press("escape")
        await wait_until(pilot, lambda: all(w.is_cancelled or w.is_finished for w in loads))
        assert all(w.is_cancelled for w in loads)
        sim.faults.clear()


async def test_filter_sort_and_server_filter(make, config_path: Path, sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _browser_ready(pilot)
        pane = app.screen.current_pane()
        total = pane.table.total_rows
        await pilot.press("slash", *"a[/]b")
        assert [o["name"] for o in pane.visible_objects()] == ["a[/]b Lab"]
        assert "1 shown by the filter" in screen_text(app)
        await pilot.press("escape")
        assert len(pane.visible_objects()) == total
        await pilot.press("2")  # sort by NAME; again: reversed
        first = pane.visible_objects()[0]["name"]
        await pilot.press("2")
        assert pane.visible_objects()[-1]["name"] == first
        await pilot.press("f")
        await wait_until(pilot, lambda: _screen(app) == "PromptScreen")
        await pilot.press(*'name sw "Work"', "enter")
        await wait_until(pilot, lambda: pane.server_filter and pane.done)
        assert [o["name"] for o in pane.visible_objects()] == ["Workforce"]
        assert 'server filter: name sw "Work"' in screen_text(app)


async def test_export_writes_csv_and_json(make, config_path: Path, sim, tmp_path: Path) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _browser_ready(pilot)
        await pilot.press("slash", *"lab", "enter")
        for target in (tmp_path / "out" / "envs.csv", tmp_path / "out" / "envs.json"):
            await pilot.press("e")
            await wait_until(pilot, lambda: _screen(app) == "ExportScreen")
            app.screen.query_one("#export-path").value = str(target)
            await pilot.press("enter")
            await wait_until(pilot, lambda: _screen(app) == "EnvironmentsScreen")
    lines = (tmp_path / "out" / "envs.csv").read_text().splitlines()
    assert lines[0].startswith("ID,NAME,TYPE,REGION,CREATED")
    assert len(lines) == 2 and "a[/]b Lab" in lines[1]  # the filtered rows only
    import json

    assert [o["name"] for o in json.loads((tmp_path / "out" / "envs.json").read_text())] == \
        ["a[/]b Lab"]


async def test_403_is_a_notification_and_r_retries(make, config_path: Path, sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make(client_options=NO_RETRY)
    async with app.run_test(size=(100, 30)) as pilot:
        await _browser_ready(pilot)
        sim.faults.add(Fault("status", status=403, path="/v1/environments"))
        await pilot.press("r")
        pane = app.screen.current_pane()
        await wait_until(pilot, lambda: pane.error is not None)
        assert _screen(app) == "EnvironmentsScreen"  # not a crash, not a sign-on
        assert "403" in _notes(app) or "permission" in _notes(app).lower()
        assert "r retries" in screen_text(app)
        await pilot.press("r")
        await wait_until(pilot, lambda: pane.done and pane.error is None)
        assert pane.table.total_rows > 0


async def test_network_down_says_so(make, config_path: Path, sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make(client_options=NO_RETRY)
    async with app.run_test(size=(100, 30)) as pilot:
        await _browser_ready(pilot)
        sim.faults.add(Fault("disconnect", path="/v1/environments", count=None))
        await pilot.press("r")
        pane = app.screen.current_pane()
        await wait_until(pilot, lambda: pane.error is not None)
        assert _notes(app)
        assert _screen(app) == "EnvironmentsScreen"


async def test_wrong_environment_id_fails_sign_on_with_retry(make, config_path: Path,
                                                             sim) -> None:
    write_config(config_path, sim_config(sim, "device_code", environment_id=VALID_ENV_ID))
    app = make(client_options=NO_RETRY)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: getattr(app.screen, "failed", False))
        assert _screen(app) == "SignOnScreen"
        text = screen_text(app)
        assert "Sign-on failed" in text
        assert "r retries" in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: _screen(app) == "EnvironmentsScreen")


@pytest.mark.parametrize("expires", [1])
async def test_expired_device_code_offers_a_new_one(make, config_path: Path, expires) -> None:
    from pingtui.sim.server import Simulator

    with Simulator(device_interval=0.05, device_expires_in=expires) as sim:
        write_config(config_path, sim_config(sim, "device_code"))
        app = make()
        async with app.run_test(size=(100, 30)) as pilot:
            first = await _device_code(pilot)
            await wait_until(pilot, lambda: getattr(app.screen, "failed", False))
            assert "expired" in screen_text(app).lower()
            await pilot.press("r")
            second = await _device_code(pilot)
            assert second != first


async def test_esc_cancels_sign_on_and_its_worker(make, config_path: Path, sim) -> None:
    write_config(config_path, sim_config(sim, "device_code"))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        code = await _device_code(pilot)
        worker = next(w for w in app.workers if w.group == "sign-on")
        await pilot.press("escape")
        await wait_until(pilot, lambda: worker.is_cancelled or worker.is_finished)
        assert worker.is_cancelled
        assert _screen(app) == "EnvironmentsScreen"
        assert sim.approve_device(code)  # approving now signs nobody on
        await pilot.pause()
        assert app.identity_label == ""


async def test_api_text_is_never_markup(make, config_path: Path, sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _browser_ready(pilot)
        pane = app.screen.current_pane()
        await pilot.press("slash", *"a[/]b", "enter")
        assert [o["name"] for o in pane.visible_objects()] == ["a[/]b Lab"]
        await pilot.press("d")
        await wait_until(pilot, lambda: _screen(app) == "DescribeScreen")
        await app.workers.wait_for_complete()
        text = screen_text(app)
        assert "a[/]b Lab" in text
        await pilot.press("escape", "enter")
        await wait_until(pilot, lambda: _screen(app) == "EnvironmentScreen")
        assert app.environment_label == "a[/]b Lab"
        assert "a[/]b Lab" in str(app.screen.query_one("StatusBar").render())
        assert "a[/]b Lab" in screen_text(app)


async def test_no_color_is_respected(make, config_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.no_color


async def test_colon_jumps_to_a_resource(make, config_path: Path, sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _browser_ready(pilot)
        await pilot.press("colon")
        await wait_until(pilot, lambda: _screen(app) == "JumpScreen")
        await pilot.press(*"grou", "enter")  # from the list: the highlighted environment
        await wait_until(pilot, lambda: _screen(app) == "EnvironmentScreen")
        assert app.screen.current_pane().kind == "groups"
        await pilot.press("colon", *"apps", "enter")  # inside one: switches the tab
        await wait_until(pilot, lambda: app.screen.current_pane().kind == "applications")
        await pilot.press("colon", *"envs", "enter")  # back out to the list
        await wait_until(pilot, lambda: _screen(app) == "EnvironmentsScreen")
        await pilot.press("colon", *"webhooks", "enter")  # not a tab: over its environment
        await wait_until(pilot, lambda: _screen(app) == "KindScreen")
        await pilot.press("escape")
        await wait_until(pilot, lambda: _screen(app) == "EnvironmentScreen")
        await pilot.press("colon", *"envs", "enter")
        await wait_until(pilot, lambda: _screen(app) == "EnvironmentsScreen")
        await pilot.press("colon", *"nonsense", "enter")
        assert _screen(app) == "JumpScreen"  # nothing matches: it stays, esc leaves
        await pilot.press("escape")
        assert _screen(app) == "EnvironmentsScreen"


async def test_palette_switches_profile(make, config_path: Path, sim) -> None:
    text = sim_config(sim)
    write_config(config_path, text + text.split("profiles:\n", 1)[1].replace("  work:",
                                                                          "  second:", 1))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _browser_ready(pilot)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: _screen(app) == "CommandPalette")
        await pilot.press(*"switch profile: second")
        await wait_until(pilot, lambda: "second" in str(
            app.screen.query_one("CommandList").get_option_at_index(0).prompt)
            if app.screen.query("CommandList") and
            app.screen.query_one("CommandList").option_count else False)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.profile_label == "second")
        await _browser_ready(pilot)


async def test_esc_clears_an_f_server_filter_before_going_back(make, config_path: Path,
                                                               sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _browser_ready(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: _screen(app) == "EnvironmentScreen"
                         and app.screen.current_pane().done)
        pane = app.screen.current_pane()
        total = pane.table.total_rows
        await pilot.press("f")
        await wait_until(pilot, lambda: _screen(app) == "PromptScreen")
        await pilot.press(*'username sw "[z"', "enter")
        await wait_until(pilot, lambda: pane.server_filter and pane.done)
        assert pane.table.total_rows == 0
        assert 'server filter: username sw "[z" (esc: all)' in screen_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: pane.server_filter is None and pane.done)
        assert _screen(app) == "EnvironmentScreen" and pane.table.total_rows == total
        await pilot.press("escape")
        await wait_until(pilot, lambda: _screen(app) == "EnvironmentsScreen")
