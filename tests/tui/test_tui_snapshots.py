"""SVG snapshots of every screen (100×30; the browser also at 80×24).

Deterministic on purpose: the simulator's data (stable IDs and dates), a fixed user code for
the sign-on screen (FakeSignOn), a frozen clock for the countdown, no cursor blink,
notifications cleared, and a relative profiles path (the working directory is the test's tmp
dir) so no hostname, user, port or temp path shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input
from tui_helpers import (
    TWO_PROFILES,
    VALID_ENV_ID,
    FakeSignOn,
    FrozenClock,
    sim_config,
    wait_until,
    write_config,
)

from pingtui.errors import PingTUIError

SIZE = (100, 30)


@pytest.fixture
def rel_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return Path("cfg") / "config.yaml"


@pytest.fixture
def fake() -> FakeSignOn:
    return FakeSignOn()


@pytest.fixture
def build(make, rel_config: Path, fake, sim):
    """``build(config)``: a profiles file's text, None for none, or ``signed=True`` for the
    simulator with client credentials (browsing without a sign-on step)."""

    def app(config: str | None = TWO_PROFILES, *, signed: bool = False, **kwargs):
        if signed:
            config = sim_config(sim)
        else:
            kwargs.setdefault("session_factory", fake.factory)
        if config is not None:
            write_config(rel_config, config)
        kwargs.setdefault("clock", FrozenClock())
        return make(config_path=rel_config, **kwargs)

    return app


async def settle(pilot, *, workers: bool = True) -> None:
    app = pilot.app
    await pilot.pause()
    if workers:  # not on the sign-on screen: its worker waits for the user by design
        await app.workers.wait_for_complete()
    await pilot.pause()
    for widget in app.screen.query(Input):
        widget.cursor_blink = False
    app.clear_notifications()
    await pilot.pause()


def screen_is(pilot, name: str):
    return lambda: type(pilot.app.screen).__name__ == name


def code_shown(pilot):
    return lambda: any(w.code for w in pilot.app.screen.query("#user-code"))


async def signed_on(pilot, fake=None) -> None:
    await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == "EnvironmentsScreen"
                     and pilot.app.screen.current_pane().done)


def test_welcome(snap_compare, build) -> None:
    assert snap_compare(build(None), terminal_size=SIZE, run_before=settle)


def test_welcome_demo(snap_compare, build) -> None:
    app = build(None, demo=True, demo_factory=lambda: None)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_error_broken_config(snap_compare, build) -> None:
    app = build("activeProfile: work\nprofiles:\n  work:\n    pingone: [\n")
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_help(snap_compare, build) -> None:
    assert snap_compare(build(None), press=["question_mark"], terminal_size=SIZE,
                        run_before=settle)


def test_profiles(snap_compare, build, fake) -> None:
    async def run_before(pilot) -> None:
        await signed_on(pilot, fake)
        await pilot.press("P")
        await wait_until(pilot, lambda: any(t.row_count for t in
                                            pilot.app.screen.query("DataTable")))
        await settle(pilot)

    assert snap_compare(build(signed=True), terminal_size=SIZE, run_before=run_before)


def test_wizard_grant_step(snap_compare, build) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("enter")
        await wait_until(pilot, screen_is(pilot, "InitWizardScreen"))
        await settle(pilot)

    assert snap_compare(build(None), terminal_size=SIZE, run_before=run_before)


def test_wizard_environment_id_checked_as_typed(snap_compare, build) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("enter")
        await wait_until(pilot, screen_is(pilot, "InitWizardScreen"))
        await pilot.press("ctrl+n", "ctrl+n", *"3b1b2f7e-nope")
        await settle(pilot)

    assert snap_compare(build(None), terminal_size=SIZE, run_before=run_before)


def test_wizard_review(snap_compare, build) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("enter")
        await wait_until(pilot, screen_is(pilot, "InitWizardScreen"))
        await pilot.press("ctrl+n", "ctrl+n", *VALID_ENV_ID, "tab", *"my-client",
                          "ctrl+n", "ctrl+n")
        await settle(pilot)

    assert snap_compare(build(None), terminal_size=SIZE, run_before=run_before)


async def _device_code_shown(pilot) -> None:
    await wait_until(pilot, code_shown(pilot))
    await settle(pilot, workers=False)


def test_sign_on_device_code(snap_compare, build) -> None:
    assert snap_compare(build(), terminal_size=SIZE, run_before=_device_code_shown)


def test_sign_on_device_code_80x24(snap_compare, build) -> None:
    assert snap_compare(build(), terminal_size=(80, 24), run_before=_device_code_shown)


def test_sign_on_browser_no_display(snap_compare, build) -> None:
    config = TWO_PROFILES.replace("grantType: device_code", "grantType: authorization_code")

    async def run_before(pilot) -> None:
        await wait_until(pilot, lambda: bool(getattr(pilot.app.screen, "url", "")))
        await settle(pilot, workers=False)

    assert snap_compare(build(config, ssh=False), terminal_size=SIZE, run_before=run_before)


def test_sign_on_failed(snap_compare, build, fake) -> None:
    fake.error = PingTUIError("The device code expired before it was approved.",
                                    "Press r for a new code, and approve it within 10 minutes.")

    async def run_before(pilot) -> None:
        await wait_until(pilot, code_shown(pilot))
        fake.approved.set()
        await wait_until(pilot, lambda: getattr(pilot.app.screen, "failed", False))
        await settle(pilot, workers=False)

    assert snap_compare(build(), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
def test_environments(snap_compare, build, fake, size) -> None:
    async def run_before(pilot) -> None:
        await signed_on(pilot, fake)
        await settle(pilot)

    assert snap_compare(build(signed=True), terminal_size=size, run_before=run_before)


def test_environments_filtered(snap_compare, build, fake) -> None:
    async def run_before(pilot) -> None:
        await signed_on(pilot, fake)
        await pilot.press("slash", *"admin")
        await settle(pilot)

    assert snap_compare(build(signed=True), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
def test_environments_filter_while_typing(snap_compare, build, fake, size) -> None:
    """The `/` line with its text and cursor before Enter (it showed two border rows)."""

    async def run_before(pilot) -> None:
        await signed_on(pilot, fake)
        await pilot.press("slash", *"[prod")
        await settle(pilot)

    assert snap_compare(build(signed=True), terminal_size=size, run_before=run_before)


def test_environment_tabs(snap_compare, build, fake) -> None:
    async def run_before(pilot) -> None:
        await signed_on(pilot, fake)
        await pilot.press("enter", "right_square_bracket")
        await wait_until(pilot, screen_is(pilot, "EnvironmentScreen"))
        await settle(pilot)

    assert snap_compare(build(signed=True), terminal_size=SIZE, run_before=run_before)


def test_detail(snap_compare, build, fake) -> None:
    async def run_before(pilot) -> None:
        await signed_on(pilot, fake)
        await pilot.press("d")  # describe; j: its raw JSON/YAML
        await wait_until(pilot, screen_is(pilot, "DescribeScreen"))
        await pilot.press("j")
        await wait_until(pilot, screen_is(pilot, "DetailScreen"))
        await settle(pilot)

    assert snap_compare(build(signed=True), terminal_size=SIZE, run_before=run_before)


def test_export_dialog(snap_compare, build, fake) -> None:
    async def run_before(pilot) -> None:
        await signed_on(pilot, fake)
        await pilot.press("e")
        await wait_until(pilot, screen_is(pilot, "ExportScreen"))
        await settle(pilot)

    assert snap_compare(build(signed=True), terminal_size=SIZE, run_before=run_before)


def test_jump(snap_compare, build, fake) -> None:
    async def run_before(pilot) -> None:
        await signed_on(pilot, fake)
        await pilot.press("colon", "u")
        await wait_until(pilot, screen_is(pilot, "JumpScreen"))
        await settle(pilot)

    assert snap_compare(build(signed=True), terminal_size=SIZE, run_before=run_before)
