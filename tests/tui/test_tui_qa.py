"""Defects found by driving the demo the way an admin does (QA round): each test failed before
its fix. Real auth and api layers against the simulator (pilot)."""

from __future__ import annotations

from pathlib import Path

from test_tui_relations import _describe_first, _environment_tab, _screen, _settled
from textual.widgets import OptionList
from tui_helpers import sim_config, wait_until, write_config


def _listed(app, kind: str) -> bool:
    """A ``KindScreen`` of ``kind`` with its rows loaded (False while it is still composing)."""
    panes = app.screen.query("ResourcePane") if _screen(app) == "KindScreen" else []
    return any(pane.kind == kind and pane.done for pane in panes)


def _overview(app) -> list[str]:
    fields = app.screen.query_one("#describe-fields", OptionList)
    return [str(fields.get_option_at_index(i).prompt) for i in range(fields.option_count)]


async def test_a_population_describes_default_once(make, config_path: Path, sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _describe_first(pilot, "populations")
        labels = [line.split()[0] for line in _overview(app)]
        assert labels.count("Default") == 1, labels


async def test_a_long_reference_label_keeps_a_gap_before_its_name(make, config_path: Path,
                                                                 sim) -> None:
    """A sign-on policy action's ``Registration population`` is longer than the label column:
    it read ``Registration populationDefault  ›``."""
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _environment_tab(pilot, "users")
        app.jump_to("sign-on-policies")
        await wait_until(pilot, lambda: _listed(app, "sign-on-policies"))
        first = app.screen.current_pane().visible_objects()[0]
        assert first["name"] == "Single_Factor"
        await pilot.press("enter")  # its actions
        await wait_until(pilot, lambda: _listed(app, "sign-on-policy-actions"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: _screen(app) == "DescribeScreen")
        await _settled(pilot)
        line = next(line for line in _overview(app) if line.startswith("Registration"))
        assert line.startswith("Registration population  "), line


async def test_a_long_status_line_is_cut_with_an_ellipsis(make, config_path: Path, sim) -> None:
    """The count line over a table read ``… · f server filter · ? all`` at 100 columns."""
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_until(pilot, lambda: _screen(app) == "EnvironmentsScreen"
                         and app.screen.current_pane().done)
        await pilot.pause()
        status = app.screen.current_pane().query_one(".pane-status")
        line = "".join(segment.text for segment in status.render_line(0)).rstrip()
        assert line.startswith(f"{sim.data.size:,} environments"), line
        assert line.endswith("…"), line


async def test_the_export_dialog_counts_in_words(make, config_path: Path, sim) -> None:
    """It read ``Export 1 environments``."""
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: _screen(app) == "EnvironmentsScreen"
                         and app.screen.current_pane().done)
        await pilot.press("slash", *"lab", "enter", "e")
        await wait_until(pilot, lambda: _screen(app) == "ExportScreen")
        title = str(app.screen.query_one(".dialog-title").render())
        assert title.startswith("Export 1 environment (as shown"), title


async def test_an_environment_describes_created_once(make, config_path: Path, sim) -> None:
    """Its CREATED column (the date) and its createdAt (in full) were both shown."""
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: _screen(app) == "EnvironmentsScreen"
                         and app.screen.current_pane().done)
        await pilot.press("d")
        await wait_until(pilot, lambda: _screen(app) == "DescribeScreen")
        await _settled(pilot)
        labels = [line.split()[0] for line in _overview(app)]
        assert labels.count("Created") == 1 and labels[-1] == "Updated", labels


async def test_enter_on_a_describe_view_needs_no_down_first(make, config_path: Path,
                                                           sim) -> None:
    """A population described from its tab: Down then Enter used to be needed to open the
    first reference; now the first row is highlighted, and Enter on a reference opens it."""
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _describe_first(pilot, "populations")
        fields = app.screen.query_one("#describe-fields", OptionList)
        assert fields.has_focus and fields.highlighted == 0
        key = next(iter(app.screen._targets))  # the password policy reference
        described = app.screen
        for _ in range(fields.get_option_index(key)):
            await pilot.press("down")
        await pilot.press("enter")
        await wait_until(pilot, lambda: _screen(app) == "DescribeScreen"
                         and app.screen is not described)


async def test_the_describe_help_says_what_enter_does(make, config_path: Path, sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _describe_first(pilot, "populations")
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: _screen(app) == "HelpScreen")
        keys = {key: what for key, what, _id in app.screen.rows}
        enter = keys.get("⏎", keys.get("enter", ""))  # the key as the help shows it
        assert "Open the reference" in enter, str(sorted(keys.items()))


async def test_a_population_opened_by_reference_names_itself_on_its_users_tab(
        make, config_path: Path, sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _describe_first(pilot, "users")
        user = app.screen
        key = next(k for k, t in user._targets.items() if t.kind == "populations")
        fields = user.query_one("#describe-fields", OptionList)
        fields.highlighted = fields.get_option_index(key)
        await pilot.press("enter")
        await wait_until(pilot, lambda: _screen(app) == "DescribeScreen"
                         and app.screen is not user)
        await _settled(pilot)
        name = app.screen.obj["name"]
        pane = next(p for p in app.screen.query("ResourcePane") if p.kind == "users")
        assert pane.scope_label == f"users of {name}"
