"""The TUI as a user meets it (issue 17): what shows while typing, which row a key acts on.

Pilot tests against the embedded simulator; each one failed before its fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import sim_config, terminal_lines, wait_until, write_config

from pingtui.sim.faults import Fault

NO_RETRY = {"max_retries": 0}


def _screen(app) -> str:
    return type(app.screen).__name__


async def _browser_ready(pilot) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: _screen(app) == "EnvironmentsScreen"
                     and app.screen.current_pane().done)


async def _environment_ready(pilot) -> None:
    app = pilot.app
    await _browser_ready(pilot)
    await pilot.press("down", "enter")  # [prod] Customer Identity: every tab has rows
    await wait_until(pilot, lambda: _screen(app) == "EnvironmentScreen")
    from pingtui.tui.widgets.resource_pane import ResourcePane

    panes = list(app.screen.query(ResourcePane))
    await wait_until(pilot, lambda: all(p.done or p.error for p in panes))


async def press_at_once(pilot, *keys: tuple[str, str]) -> None:
    """Keys that arrive together, as from a fast typist or a terminal's paste: no idle wait
    between them (``pilot.press`` lets the app settle after each key)."""
    from textual import events

    for key, char in keys:
        event = events.Key(key, char)
        event.set_sender(pilot.app)
        pilot.app.post_message(event)
    await pilot.pause()


# ---------------------------------------------------------------- 1: the `/` filter line


@pytest.mark.parametrize("size", [(100, 30), (80, 24), (60, 20)])
async def test_filter_text_shows_while_typing(make, config_path: Path, sim, size) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=size) as pilot:
        await _browser_ready(pilot)
        await pilot.press("slash", *"[prod")
        await pilot.pause()
        line = app.screen.query_one("FilterInput")
        assert line.has_focus
        assert line.content_region.height == 1  # a text row, not two border rows
        lines = terminal_lines(app)
        assert any("[prod" in row for row in lines[-3:]), lines[-3:]
        assert not any("▔▔▔" in row or "▁▁▁" in row for row in lines)


async def test_keys_typed_right_after_slash_reach_the_filter(make, config_path: Path,
                                                             sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _browser_ready(pilot)
        await press_at_once(pilot, ("slash", "/"), *[(c, c) for c in "lab"])
        line = app.screen.query_one("FilterInput")
        assert line.value == "lab"
        assert [o["name"] for o in app.screen.current_pane().visible_objects()] == ["a[/]b Lab"]


# ---------------------------------------------------------------- 2: keys after a tab switch





async def test_enter_right_after_a_tab_switch_opens_the_visible_tabs_row(
        make, config_path: Path, sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _environment_ready(pilot)
        env = app.screen
        await pilot.press("left_square_bracket")  # populations -> applications (wraps)
        await wait_until(pilot, lambda: env.current_pane().kind == "applications")
        await pilot.pause()
        population = env.query_one("#pane-populations").selected()
        await press_at_once(pilot, ("right_square_bracket", "]"), ("enter", "\r"))
        await wait_until(pilot, lambda: _screen(app) == "DescribeScreen")
        detail = app.screen
        assert detail.kind == "populations"
        assert detail.obj["id"] == population["id"]
        await app.workers.wait_for_complete()
        assert not [n for n in app.notes if "Not found" in n]


@pytest.mark.parametrize("key", ["enter", "d", "c", "y", "e"])
async def test_keys_on_a_tab_without_rows_do_nothing(make, config_path: Path, sim,
                                                     key) -> None:
    write_config(config_path, sim_config(sim))
    app = make(client_options=NO_RETRY)
    async with app.run_test(size=(100, 30)) as pilot:
        await _browser_ready(pilot)
        sim.faults.add(Fault("status", status=503, path="/v1/environments/", count=None))
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: _screen(app) == "EnvironmentScreen")
        env = app.screen
        from pingtui.tui.widgets.resource_pane import ResourcePane

        panes = list(env.query(ResourcePane))
        await wait_until(pilot, lambda: all(p.error for p in panes))
        sim.faults.clear()
        # Only the users tab gets its rows back.
        env.query_one("#pane-users", ResourcePane).reload()
        await wait_until(pilot, lambda: env.query_one("#pane-users", ResourcePane).done)
        await pilot.press("right_square_bracket")  # users (rows)
        await wait_until(pilot, lambda: env.current_pane().kind == "users")
        await pilot.pause()
        clipboard = app.clipboard
        char = {"enter": "\r"}.get(key, key)
        await press_at_once(pilot, ("right_square_bracket", "]"), (key, char))  # groups: none
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert _screen(app) == "EnvironmentScreen"
        assert app.clipboard == clipboard


# ---------------------------------------------------------------- 3, 4, 6, 13: the wizard


def _wizard_ready(pilot):
    return wait_until(pilot, lambda: _screen(pilot.app) == "InitWizardScreen")


async def test_wizard_esc_asks_before_discarding_and_says_nothing_was_saved(
        make, config_path: Path) -> None:
    app = make(start="init")
    async with app.run_test(size=(100, 30)) as pilot:
        await _wizard_ready(pilot)
        await pilot.press("ctrl+u", *"work", "ctrl+n", "ctrl+n")  # -> application
        await pilot.press(*"3b1b2f7e")
        await pilot.press("escape")
        await wait_until(pilot, lambda: _screen(app) == "ConfirmScreen")
        assert "Nothing has been saved" in screen_text_of(app)
        assert "y discard · n or esc: no" in screen_text_of(app)  # a modal has no footer
        await pilot.press("n")  # keep going: every answer is still there
        await _wizard_ready(pilot)
        assert app.screen.query_one("#environment-id").value == "3b1b2f7e"
        assert app.screen.query_one("#name").value == "work"
        await pilot.press("escape", "y")
        await wait_until(pilot, lambda: app.return_value is not None)
    assert app.return_value == 130
    assert not config_path.exists()
    assert app.exit_lines == ["Nothing was saved: the set-up was cancelled."]


async def test_wizard_without_answers_leaves_at_once(make, config_path: Path) -> None:
    app = make(start="init")
    async with app.run_test(size=(100, 30)) as pilot:
        await _wizard_ready(pilot)
        await pilot.press("ctrl+n", "ctrl+n", "escape")  # moved on, typed nothing
        await wait_until(pilot, lambda: app.return_value is not None)
    assert app.return_value == 130
    assert "Nothing was saved" in app.exit_lines[0]


async def test_failed_test_sign_on_goes_back_to_the_step_that_fixes_it(
        make, config_path: Path, sim) -> None:
    from tui_helpers import VALID_ENV_ID

    # A profile whose environment ID the tenant does not know.
    write_config(config_path, sim_config(sim, "device_code", environment_id=VALID_ENV_ID))
    app = make(start="init", profile_name="work", client_options=NO_RETRY)
    async with app.run_test(size=(100, 30)) as pilot:
        await _wizard_ready(pilot)
        wizard = app.screen
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n")  # -> review
        await pilot.press("tab", "enter")  # Save and test sign-on
        await wait_until(pilot, lambda: getattr(app.screen, "failed", False))
        assert "esc goes back" in screen_text_of(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is wizard)
        assert app.return_value is None  # the app goes on
        assert wizard.step == 2  # the step with the environment ID
        text = screen_text_of(app)
        assert f"Saved to {config_path}" in text and "test sign-on failed" in text
        assert wizard.query_one("#environment-id").value == VALID_ENV_ID  # the saved profile
        assert wizard.query_one("#environment-id").has_focus
        await pilot.press("ctrl+u", *sim.admin_environment_id, "ctrl+n", "ctrl+n")
        assert wizard.step == 4
        await pilot.press("enter")  # Save
        await wait_until(pilot, lambda: app.return_value is not None)
    assert app.return_value == 0
    assert f"environmentID: {sim.admin_environment_id}" in config_path.read_text()
    assert app.exit_lines == [f"Saved profile work to {config_path}."]


async def test_failed_test_then_esc_keeps_the_profile_saved(make, config_path: Path,
                                                           sim) -> None:
    from tui_helpers import VALID_ENV_ID

    write_config(config_path, sim_config(sim, "device_code", environment_id=VALID_ENV_ID))
    app = make(start="init", profile_name="work", client_options=NO_RETRY)
    async with app.run_test(size=(100, 30)) as pilot:
        await _wizard_ready(pilot)
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n", "tab", "enter")
        await wait_until(pilot, lambda: getattr(app.screen, "failed", False))
        await pilot.press("escape")
        await _wizard_ready(pilot)
        await pilot.press("escape")  # nothing changed since the save: no question
        await wait_until(pilot, lambda: app.return_value is not None)
    assert app.return_value == 0
    assert app.exit_lines == [f"Saved profile work to {config_path}."]


async def test_wizard_says_when_there_is_no_keyring(make, config_path: Path) -> None:
    from tui_helpers import VALID_ENV_ID

    from pingtui.auth.store import NO_KEYRING_NOTE

    app = make(start="init")  # the test session's keyring refuses, like a server's
    async with app.run_test(size=(100, 30)) as pilot:
        await _wizard_ready(pilot)
        await pilot.press("ctrl+u", *"work", "tab", "down", "enter", "ctrl+n", "ctrl+n")
        await pilot.press(*VALID_ENV_ID, "tab", *"dev-client", "ctrl+n")
        assert "keyring" in screen_text_of(app)  # the recommended choice, kept
        await pilot.press("ctrl+n", "enter")  # review -> Save
        await wait_until(pilot, lambda: app.return_value is not None)
    assert "storage: keyring" in config_path.read_text()
    assert any(NO_KEYRING_NOTE in note for note in app.notes)
    assert app.exit_lines == [f"Saved profile work to {config_path}. {NO_KEYRING_NOTE}"]


@pytest.mark.parametrize(("step_keys", "typed", "expected"), [
    ([], "", "A profile name is required: letters, digits, '-' and '_'"),
    ([], "bad name!", "letters, digits, '-' and '_' only"),
    (["ctrl+n", "ctrl+n"], "", "The environment ID is required"),
])
async def test_wizard_problems_say_what_to_do(make, config_path: Path, step_keys, typed,
                                              expected) -> None:
    app = make(start="init")
    async with app.run_test(size=(100, 30)) as pilot:
        await _wizard_ready(pilot)
        await pilot.press(*step_keys, "ctrl+u", *typed, "ctrl+n")
        text = screen_text_of(app)
        assert expected in text, text
        assert "not a UUID" not in text


def screen_text_of(app) -> str:
    from tui_helpers import screen_text

    return screen_text(app)


# ---------------------------------------------------------------- 7: keys, ids and help


def _classes_with_bindings():
    import importlib
    import inspect
    import pkgutil

    from textual.dom import DOMNode

    import pingtui.tui

    for info in pkgutil.walk_packages(pingtui.tui.__path__, "pingtui.tui."):
        module = importlib.import_module(info.name)
        for cls in vars(module).values():
            if inspect.isclass(cls) and issubclass(cls, DOMNode) and \
                    cls.__module__ == module.__name__ and "BINDINGS" in cls.__dict__:
                yield cls


def test_every_binding_id_is_unique_app_wide() -> None:
    from textual.binding import Binding

    owners: dict[str, list[str]] = {}
    count = 0
    for cls in _classes_with_bindings():
        for binding in cls.__dict__["BINDINGS"]:
            assert isinstance(binding, Binding), (cls, binding)  # tuples have no id
            assert binding.id, (cls.__name__, binding.key)  # every key is rebindable
            owners.setdefault(binding.id, []).append(f"{cls.__name__}:{binding.key}")
            count += 1
    assert count > 40
    shared = {ident: where for ident, where in owners.items() if len(where) > 1}
    assert not shared, shared  # a keymap entry must rebind one key, not two


async def _help_on_environment(pilot):
    app = pilot.app
    await _environment_ready(pilot)
    await pilot.press("question_mark")
    await wait_until(pilot, lambda: _screen(app) == "HelpScreen")
    await pilot.pause()
    return app.screen.rows


async def test_help_lists_every_key_of_the_screen_once(make, config_path: Path, sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        rows = await _help_on_environment(pilot)
    keys = [key for key, _what, _ident in rows]
    ids = [ident for _key, _what, ident in rows if ident]
    assert len(keys) == len(set(keys)), keys
    assert len(ids) == len(set(ids)), ids
    by_key = {key: (what, ident) for key, what, ident in rows}
    assert by_key["⏎"] == ("Detail", "environment.open")  # what Enter does here
    assert by_key["i"][1] == "environment.describe_environment"
    assert by_key["d"][1] == "environment.detail"
    for key in ("q", "P", "^p", "?", ":", "esc", "/", "]", "["):
        assert key in by_key, key
    sorts = [row for row in rows if ".sort_" in row[2]]
    assert sorts == [("1-6", "Sort by column 1-6", "environment.sort_1…6")]


async def test_help_ids_are_whole_at_60_columns(make, config_path: Path, sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(60, 20)) as pilot:
        rows = await _help_on_environment(pilot)
        help_keys = app.screen.query_one("#help-keys")
        shown: list[str] = []
        for _ in range(20):  # scroll through the list, reading what the terminal shows
            shown += terminal_lines(app)
            if help_keys.scroll_y >= help_keys.max_scroll_y:
                break
            await pilot.press("pagedown")
            await pilot.pause()
    text = "\n".join(shown)
    for _key, _what, ident in rows:
        assert ident in text, ident



# ---------------------------------------------------------------- 11: the export dialog


async def test_export_format_is_reachable_without_destroying_the_name(
        make, config_path: Path, sim, tmp_path: Path, monkeypatch) -> None:
    import json

    monkeypatch.chdir(tmp_path)  # the dialog's default path is relative
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _browser_ready(pilot)
        await pilot.press("e")
        await wait_until(pilot, lambda: _screen(app) == "ExportScreen")
        path = app.screen.query_one("#export-path")
        assert "ctrl+t switches CSV/JSON" in screen_text_of(app)  # says how
        await pilot.press("space", "j")  # keys meant for the format choice
        assert path.value == "environments.csv j"  # edited, not wiped
        await pilot.press("backspace", "backspace", "ctrl+t")
        assert app.screen.query_one("#fmt-json").value
        assert path.value == "environments.json"  # the suffix follows the format
        await pilot.press("ctrl+t")
        assert app.screen.query_one("#fmt-csv").value and path.value == "environments.csv"
        await pilot.press("ctrl+t", "enter")
        await wait_until(pilot, lambda: _screen(app) == "EnvironmentsScreen")
    data = json.loads((tmp_path / "environments.json").read_text())
    assert data and all("id" in obj for obj in data)  # the full objects


# ---------------------------------------------------------------- 13: small ones


async def test_footer_drops_clear_filter_once_the_filter_is_gone(make, config_path: Path,
                                                                sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _browser_ready(pilot)
        assert "Clear filter" not in terminal_lines(app)[-1]
        await pilot.press("slash", "a", "enter")
        await pilot.pause()
        assert "Clear filter" in terminal_lines(app)[-1]  # a filter is kept: esc clears it
        await pilot.press("escape")
        await pilot.pause()
        assert "Clear filter" not in terminal_lines(app)[-1]
        await pilot.press("slash", "enter")  # opened and left empty
        await pilot.pause()
        assert "Clear filter" not in terminal_lines(app)[-1]


# ---------------------------------------------------------------- 12: at 60×20

SMALL = (60, 20)


async def test_60x20_table_marks_what_is_cut(make, config_path: Path, sim) -> None:
    import re

    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=SMALL) as pilot:
        await _browser_ready(pilot)
        await pilot.press("4")  # sort by REGION, a column cut to its floor at 60 columns
        await pilot.pause()
        lines = terminal_lines(app)
        header = next(line for line in lines if line.lstrip().startswith("ID"))
        assert "▲" in header, header  # the sort arrow stays when the header is cut
        rows = [line for line in lines if re.match(r"^ [0-9a-f]{8}", line)]
        assert rows
        for row in rows:  # a value cut by the window's edge ends with "…", never half a date
            assert not re.search(r"\d{4}-\d{2}-\d\s*\S?\s*$", row.rstrip("▁▂▃▄▅▆▇█ ")), row
        assert any("…" in row[-6:] for row in rows), rows


async def test_60x20_footer_ends_with_the_palette_key(make, config_path: Path, sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=SMALL) as pilot:
        await _environment_ready(pilot)  # the longest footer: it scrolls under ^p palette
        await pilot.pause()
        footer = terminal_lines(app)[-1]
        assert footer.endswith("^p palette") or footer.rstrip().endswith("palette"), footer
        assert footer.rstrip()[-1] == "e", footer  # no stray character after it


@pytest.mark.parametrize("demo", [False, True])
async def test_60x20_welcome_scrolls_above_the_footer(make, config_path: Path, demo) -> None:
    app = make(demo=demo, demo_factory=lambda: None)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert _screen(app) == "WelcomeScreen"
        footer = terminal_lines(app)[-1]
        assert footer.rstrip().endswith("^p palette"), footer  # no scrollbar over it
