"""`:` jump (issue 17 item 8): an unknown target says so and suggests the nearest; every
listed target works; the demo offers no `profiles`."""

from __future__ import annotations

from pathlib import Path

from test_tui_usability import NO_RETRY, _browser_ready, _environment_ready, _screen
from tui_helpers import sim_config, wait_until, write_config

# ---------------------------------------------------------------- 8: `:` jump


async def _jump(pilot, text: str) -> None:
    app = pilot.app
    await pilot.press("colon")
    await wait_until(pilot, lambda: _screen(app) == "JumpScreen")
    await pilot.press(*text, "enter")
    await pilot.pause()


async def test_jump_to_nothing_says_so_and_suggests_the_nearest(make, config_path: Path,
                                                                 sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _browser_ready(pilot)
        await _jump(pilot, "xyz")
        assert _screen(app) == "JumpScreen"  # stays, to fix the typing
        message = app.screen.query_one("#jump-message")
        assert message.display and "nothing called 'xyz'" in str(message.render())
        await pilot.press("ctrl+u", *"enviroments", "enter")
        await pilot.pause()
        if _screen(app) == "JumpScreen":  # no completion matched the typo: the nearest
            assert "environments" in str(app.screen.query_one("#jump-message").render())


async def test_every_listed_jump_target_works(make, config_path: Path, sim) -> None:
    """Each target the prompt lists (inside an environment, the most there are) leads
    somewhere, without a warning or an error."""
    write_config(config_path, sim_config(sim))
    app = make(client_options=NO_RETRY)
    async with app.run_test(size=(100, 30)) as pilot:
        await _environment_ready(pilot)
        env = app.screen
        await pilot.press("colon")
        await wait_until(pilot, lambda: _screen(app) == "JumpScreen")
        targets = app.screen.shown
        await pilot.press("escape")
        assert {"users", "kinds", "help", "profiles"} <= set(targets), targets
        failures = []
        from pingtui.tui.screens.environment import EnvironmentScreen
        from pingtui.tui.screens.environments import EnvironmentsScreen

        for target in targets:
            if env not in app.screen_stack:  # the jump left the environment: open it again
                app.replace_root(EnvironmentsScreen())
                env = EnvironmentScreen(env.environment)
                app.push_screen(env)
                await pilot.pause()
            while app.screen is not env:
                app.pop_screen()
                await pilot.pause()
            before, screen = len(app.notes), app.screen
            app.jump_to(target)  # what the prompt does with the listed target
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            told = [n for n in app.notes[before:] if "first" in n or "rror" in n
                    or "not" in n.lower()]
            moved = app.screen is not screen or (
                isinstance(screen, EnvironmentScreen) and screen.current_pane().kind == target)
            if not moved or told:
                failures.append((target, _screen(app), told))
        assert not failures, failures


async def test_demo_lists_no_profiles_target(make) -> None:
    """The demo's profile is transient: `profiles` would only say so, so it is not offered."""
    app = make(demo=True, demo_factory=lambda: None)  # the welcome needs no simulator
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("colon")
        await wait_until(pilot, lambda: _screen(app) == "JumpScreen")
        assert "profiles" not in app.screen.shown and "help" in app.screen.shown
        await pilot.press("escape", "P")  # hidden everywhere, the key too
        await pilot.pause()
        assert _screen(app) == "WelcomeScreen"
        assert not [n for n in app.notes if "profile" in n.lower()]
