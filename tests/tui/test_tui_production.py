"""PRODUCTION environments are marked wherever their name appears — the environments table,
the header, the environment's title, the breadcrumb — and the mark stays legible in every
theme."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.color import Color
from tui_helpers import screen_text, sim_config, wait_until, write_config


def _luminance(color: Color) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def test_the_production_colour_is_legible_in_every_theme() -> None:
    app = App()
    checked = 0
    for name in app.available_themes:
        if name.startswith("ansi"):
            continue  # the terminal's own palette: the mark is bold (and the badge reversed)
        app.theme = name
        variables = app.get_css_variables()
        surface = Color.parse(variables["surface"])
        text = surface + Color.parse(variables["text-error"])  # blended, as drawn
        lighter, darker = sorted((_luminance(text), _luminance(surface)), reverse=True)
        contrast = (lighter + 0.05) / (darker + 0.05)
        assert contrast >= 3.0, (name, round(contrast, 2))  # WCAG AA for bold text
        checked += 1
    assert checked >= 15


async def test_production_is_marked_in_the_table_header_and_title(make, config_path: Path,
                                                                  sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "EnvironmentsScreen"
                         and app.screen.current_pane().done)
        table = app.screen.current_pane().table
        marks = table._marks
        assert marks is not None
        envs = {o["name"]: o for o in app.screen.current_pane().visible_objects()}
        assert set(marks(envs["Administrators"]).values()) == {"resource-table--production"}
        assert marks(envs["[staging] Customer Identity"]) == {}
        assert "PRODUCTION" not in str(app.screen.query_one("StatusBar").render())

        await pilot.press("enter")  # Administrators: PRODUCTION
        await wait_until(pilot, lambda: type(app.screen).__name__ == "EnvironmentScreen")
        assert "env Administrators  PRODUCTION" in str(app.screen.query_one("StatusBar").render())
        assert "Administrators   PRODUCTION" in screen_text(app)  # the title
        await pilot.press("escape", "down", "down", "enter")  # [staging]: a sandbox
        await wait_until(pilot, lambda: type(app.screen).__name__ == "EnvironmentScreen"
                         and app.screen.label == "[staging] Customer Identity")
        assert "PRODUCTION" not in str(app.screen.query_one("StatusBar").render())
        assert "PRODUCTION" not in screen_text(app)
