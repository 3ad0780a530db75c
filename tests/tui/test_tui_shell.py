"""Start-up routing, the error screen, help, keymap and the command palette."""

from __future__ import annotations

from pathlib import Path

from textual import events
from tui_helpers import TWO_PROFILES, screen_text, sim_config, wait_until, write_config


async def test_no_config_shows_welcome_with_setup_and_demo(make) -> None:
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"
        text = screen_text(app)
        assert "Set up a profile" in _options(app)
        assert "Try the demo" in _options(app)
        assert "Import from Ping CLI" not in _options(app)
        assert "no profile yet" in text


async def test_welcome_offers_pingcli_import_when_its_config_exists(make, tmp_path: Path,
                                                                   config_path: Path) -> None:
    pingcli = write_config(tmp_path / "pingcli" / "config.yaml", """\
activeProfile: default
default:
  description: My tenant
  service:
    pingOne:
      regionCode: EU
      authentication:
        type: device_code
        environmentID: 3b1b2f7e-1a2b-4c3d-9e8f-0a1b2c3d4e5f
        deviceCode: {clientID: dev-client}
""")
    app = make(pingcli_path=pingcli)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Import from Ping CLI" in _options(app)
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: config_path.exists()
                         and "dev-client" in config_path.read_text())
        await wait_until(pilot, lambda: app.profile_label == "default")
    assert "activeProfile: default" in config_path.read_text()


async def test_broken_config_shows_file_line_and_what_to_do(make, config_path: Path) -> None:
    write_config(config_path, "activeProfile: x\nprofiles:\n  work:\n    pingone: [\n")
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "ErrorScreen"
        text = screen_text(app)
        assert f"{config_path}:" in text
        assert "not valid YAML" in text
        assert "did not change the file" in text
        # Fixed on disk, r reads it again and the app goes on.
        write_config(config_path, "")
        await pilot.press("r")
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"
    assert config_path.read_text() == ""


async def test_invalid_value_names_the_line(make, config_path: Path) -> None:
    write_config(config_path, "profiles:\n  work:\n    pingone:\n      environmentID: nope\n")
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert f"{config_path}:4:" in screen_text(app)


async def test_help_lists_every_key_with_its_id(make) -> None:
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        from tui_helpers import terminal_lines

        shown = "\n".join(terminal_lines(app))  # what the help shows, ids whole
        for ident in ("welcome.quit", "app.help", "app.jump", "welcome.demo"):
            assert ident in shown, ident
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"


async def test_profile_keymap_rebinds_by_id(make, config_path: Path) -> None:
    write_config(config_path, "profiles:\n  k:\n    keymap:\n      app.help: f1\n"
                 "activeProfile: k\n")
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # An incomplete profile goes to the wizard; the keymap applies everywhere.
        assert type(app.screen).__name__ == "InitWizardScreen"
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


async def test_palette_offers_profile_switch(make, config_path: Path) -> None:
    write_config(config_path, TWO_PROFILES.replace("activeProfile: work", ""))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        from pingtui.tui.palette import PingTUICommands

        app.config = __import__("pingtui.config", fromlist=["load_config"]).load_config(
            config_path)
        provider = PingTUICommands(app.screen)
        names = [name for name, _, _ in provider._commands()]
        assert "Switch profile: work" in names and "Switch profile: ci" in names
        # At the top (no environment open) the palette goes where `:` goes: the
        # organization's kinds; an environment's kinds once one is open (tests/catalog).
        assert {"Go to environments", "Go to organizations", "Go to licenses",
                "Go to roles"} <= set(names) and "Go to users" not in names


def _options(app) -> str:
    from textual.widgets import OptionList

    options = app.screen.query_one(OptionList)
    return "\n".join(str(options.get_option_at_index(i).prompt)
                     for i in range(options.option_count))


async def test_over_ssh_without_display_device_code_comes_first(make, config_path: Path,
                                                              sim) -> None:
    from tui_helpers import sim_config

    write_config(config_path, sim_config(sim, "authorization_code"))
    app = make(env={"SSH_CONNECTION": "10.0.0.1 5000 10.0.0.2 22"})
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "SignOnScreen")
        assert app.screen.grant == "device_code"
        await pilot.press("escape")


async def test_header_warns_when_tokens_sit_in_a_file(make, config_path: Path, sim) -> None:
    from tui_helpers import sim_config

    write_config(config_path, sim_config(sim, storage="file"))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.identity_label.startswith("client "))
        header = str(app.screen.query_one("StatusBar").render())
        assert "profile work  ⚠ tokens stored in a file" in header
        assert "signed on as client" in header


async def test_incomplete_profile_goes_to_the_wizard_then_browses(make, config_path: Path,
                                                                   sim) -> None:
    from tui_helpers import sim_config

    # storage: file, so the client secret stays in the file when the wizard saves.
    text = sim_config(sim, storage="file").replace(
        f"      environmentID: {sim.admin_environment_id}\n", "")
    write_config(config_path, text)
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "InitWizardScreen")
        await pilot.press("ctrl+n", "ctrl+n", *sim.admin_environment_id, "ctrl+n", "ctrl+n")
        await pilot.press("enter")  # Save
        await wait_until(pilot, lambda: type(app.screen).__name__ == "EnvironmentsScreen"
                         and app.screen.current_pane().done)
        assert app.screen.current_pane().table.total_rows > 0


async def test_the_footer_draws_the_screens_keys_follows_them_and_presses_a_clicked_one(
        make, config_path: Path, sim) -> None:
    """One widget draws every key (Textual's footer mounts one per key, again on each bindings
    signal, after the screen's first frame); a kept filter brings "Clear filter"; a click on
    a key presses it; keys that do not fit are left out whole, not cut mid-word."""
    from tui_helpers import sim_config, terminal_lines

    from pingtui.tui.widgets.footer import KeysFooter

    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: any(p.done for p in app.screen.query("ResourcePane")))
        await pilot.pause()
        footer = app.screen.query_one(KeysFooter)
        bottom = terminal_lines(app)[-1]
        assert "/ Filter" in bottom and "? Help" in bottom and bottom.rstrip().endswith("palette")
        assert "Clear filter" not in bottom and not footer.children
        await pilot.press("slash", "a", "enter")  # a filter kept: esc now clears it
        await wait_until(pilot, lambda: "Clear filter" in terminal_lines(app)[-1], what="new key")
        assert not footer.children
        bottom = terminal_lines(app)[-1]
        await pilot.click(KeysFooter, offset=(bottom.index("? Help"), 0))
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HelpScreen",
                         what="the help screen")
        await pilot.press("escape")
        await pilot.resize_terminal(60, 20)  # no room for every key: whole keys only
        await wait_until(pilot, lambda: len(terminal_lines(app)[-1]) == 60, what="60 columns")
        left, palette = terminal_lines(app)[-1].split("▏")
        shown = [k for k in footer.keys.left if f"{k.display} {k.description}" in left]
        assert palette == "^p palette" and 0 < len(shown) < len(footer.keys.left)
        assert left.rstrip().endswith(shown[-1].description), left  # the last one whole


async def test_the_app_freezes_what_start_up_made_and_thaws_it_at_exit(make) -> None:
    """After the first paint, start-up's objects are out of the collector's sight (a full
    collection of them stalled a screen's opening by ~40 ms); at exit the app gives back what
    it froze (tests run many apps in one process: a later one's objects must be collectable)."""
    import gc

    def collectable(obj: object) -> bool:  # in generations 0-2, not in the frozen one
        return any(o is obj for o in gc.get_objects())

    gc.unfreeze()  # whatever an earlier test left frozen: this test sees its own app do it
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: gc.get_freeze_count() > 0, what="a frozen start-up")
        assert not collectable(app)
    assert gc.get_freeze_count() == 0
    assert collectable(app)


async def test_leaving_a_listing_screen_runs_a_collection_a_describe_view_does_not(
        make, config_path: Path, sim) -> None:
    """esc from an environment: a full collection runs then, while the user reads the list,
    not later in the middle of the next screen's opening. esc from a describe view runs none
    (it would go through every row of the tab below). The automatic collector is off here,
    so a full collection can only be pingtui's."""
    import gc

    full: list[str] = []

    def record(phase: str, info: dict) -> None:
        if phase == "stop" and info["generation"] == 2:
            full.append(type(app.screen).__name__)

    write_config(config_path, sim_config(sim))
    app = make()
    gc.disable()
    gc.callbacks.append(record)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: type(app.screen).__name__ == "EnvironmentsScreen"
                             and app.screen.current_pane().done)
            await pilot.press("enter")
            await wait_until(pilot, lambda: type(app.screen).__name__ == "EnvironmentScreen"
                             and app.screen.current_pane().done)
            await pilot.press("enter")
            await wait_until(pilot, lambda: type(app.screen).__name__ == "DescribeScreen")
            await app.workers.wait_for_complete()
            await pilot.press("escape")
            await wait_until(pilot, lambda: type(app.screen).__name__ == "EnvironmentScreen")
            for _ in range(5):
                await pilot.pause()
            assert full == []  # opening, describing and coming back ran none
            await pilot.press("escape")
            await wait_until(pilot, lambda: bool(full), what="a full collection after esc")
            assert full == ["EnvironmentsScreen"]
    finally:
        gc.callbacks.remove(record)
        gc.enable()


async def test_a_new_listing_screen_is_not_restyled_whole_when_first_shown(
        make, config_path: Path, sim, monkeypatch) -> None:
    """Textual restyles a screen whole each time it is resumed; the first time, a listing
    screen was styled as it was composed a moment before (that second pass was 12-15 ms of an
    environment's first frame). Covered and shown again, it is restyled as Textual wants."""
    from textual.app import App

    from pingtui.tui.screens.environment import EnvironmentScreen
    from pingtui.tui.widgets.resource_pane import ResourcePane

    restyled: list[object] = []
    update_styles = App.update_styles

    def record(self, node, animate=True):  # type: ignore[no-untyped-def]
        restyled.append(node)
        return update_styles(self, node, animate)

    monkeypatch.setattr(App, "update_styles", record)
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: any(p.done for p in app.screen.query(ResourcePane)))
        environment = app.screen.current_pane().selected()
        app.push_screen(EnvironmentScreen(environment, tab="users"))
        await wait_until(pilot, lambda: isinstance(app.screen, EnvironmentScreen)
                         and any(p.done for p in app.screen.query(ResourcePane)))
        screen = app.screen
        assert screen not in restyled
        app.push_screen(EnvironmentScreen(environment, tab="groups"))
        await wait_until(pilot, lambda: app.screen is not screen)
        app.pop_screen()
        await wait_until(pilot, lambda: app.screen is screen)
        screen.post_message(events.ScreenResume())  # resumed again: Textual's own pass
        await wait_until(pilot, lambda: screen in restyled, what="a restyle on the next resume")
