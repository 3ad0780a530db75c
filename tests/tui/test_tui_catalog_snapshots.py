"""Snapshots of the catalog's screens: the kinds overview, the jump prompt with completions,
three kinds' generic tables at 100×30 and one at 80×24 (the simulator's stable data)."""

from __future__ import annotations

import test_tui_snapshots as snapshots
from tui_helpers import wait_until

# The snapshot suite's fixtures (a profiles file on the simulator, the fake sign-on) and steps.
build, fake, rel_config = snapshots.build, snapshots.fake, snapshots.rel_config
SIZE, screen_is, settle, signed_on = (snapshots.SIZE, snapshots.screen_is, snapshots.settle,
                                      snapshots.signed_on)

SMALL = (80, 24)


async def _environment(pilot, fake) -> None:
    await signed_on(pilot, fake)
    await pilot.press("enter")  # Administrators, the first row
    await wait_until(pilot, screen_is(pilot, "EnvironmentScreen"))


async def _jump(pilot, name: str) -> None:
    await pilot.press("colon")
    await wait_until(pilot, screen_is(pilot, "JumpScreen"))
    await pilot.press(*name, "enter")


async def _listing(pilot, name: str) -> None:
    await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == "KindScreen"
                     and pilot.app.screen.current_pane().kind == name
                     and pilot.app.screen.current_pane().done)
    await settle(pilot)


def test_kinds_overview(snap_compare, build, fake) -> None:
    async def run_before(pilot) -> None:
        await _environment(pilot, fake)
        await pilot.press("ctrl+a")
        await wait_until(pilot, screen_is(pilot, "KindsScreen"))
        await wait_until(pilot, lambda: pilot.app.screen.elapsed is not None)
        await settle(pilot)

    assert snap_compare(build(signed=True), terminal_size=SIZE, run_before=run_before)


def test_jump_completions_in_an_environment(snap_compare, build, fake) -> None:
    async def run_before(pilot) -> None:
        await _environment(pilot, fake)
        await pilot.press("colon")
        await wait_until(pilot, screen_is(pilot, "JumpScreen"))
        await pilot.press(*"key")
        await wait_until(pilot, lambda: pilot.app.screen.shown[:2] == [
            "keys", "key-rotation-policies"])
        await settle(pilot)

    assert snap_compare(build(signed=True), terminal_size=SIZE, run_before=run_before)


def test_certificates(snap_compare, build, fake) -> None:
    async def run_before(pilot) -> None:
        await _environment(pilot, fake)
        await _jump(pilot, "certs")
        await _listing(pilot, "certificates")

    assert snap_compare(build(signed=True), terminal_size=SIZE, run_before=run_before)


def test_identity_providers(snap_compare, build, fake) -> None:
    async def run_before(pilot) -> None:
        await _environment(pilot, fake)
        await _jump(pilot, "idps")
        await _listing(pilot, "identity-providers")

    assert snap_compare(build(signed=True), terminal_size=SIZE, run_before=run_before)


def test_sign_on_policy_actions(snap_compare, build, fake) -> None:
    async def run_before(pilot) -> None:
        await _environment(pilot, fake)
        await _jump(pilot, "sops")
        await _listing(pilot, "sign-on-policies")
        await pilot.press("down", "enter")  # Multi_Factor: its actions
        await _listing(pilot, "sign-on-policy-actions")

    assert snap_compare(build(signed=True), terminal_size=SIZE, run_before=run_before)


def test_resources_80x24(snap_compare, build, fake) -> None:
    async def run_before(pilot) -> None:
        await _environment(pilot, fake)
        await _jump(pilot, "resources")
        await _listing(pilot, "resources")

    assert snap_compare(build(signed=True), terminal_size=SMALL, run_before=run_before)
