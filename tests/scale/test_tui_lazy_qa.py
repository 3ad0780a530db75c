"""QA round: `e` on a million-user tab said "it is still loading … Press r to load it all, then
export" — r starts the lazy load over, it never loads it all. The warning now says what is
loaded and how to get the rest (pilot)."""

from __future__ import annotations

from test_tui_lazy import _open_users, app_on  # noqa: F401 (fixture)


async def test_export_of_a_partly_loaded_tab_says_how_to_get_the_rest(
        app_on, scale_sim, load_testing) -> None:  # noqa: F811
    app = app_on()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_users(pilot, app, load_testing)
        await pilot.press("e")
        await pilot.pause()
        assert type(app.screen).__name__ == "EnvironmentScreen"  # no export dialog
        said = [str(n.message) for n in app._notifications]
        assert any("of 1,000,000 users are loaded" in m and "/ then Enter" in m
                   and f"pingtui users list -e {load_testing} -o csv" in m for m in said), said
        assert not any("Press r" in m for m in said), said
