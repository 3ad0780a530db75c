"""Profile manager and the guided set-up: what they write, and what esc leaves alone."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import (
    TWO_PROFILES,
    VALID_ENV_ID,
    screen_text,
    sim_config,
    wait_until,
    write_config,
)


def _screen(app) -> str:
    return type(app.screen).__name__


async def _open_profiles(pilot) -> None:
    app = pilot.app
    # Signed on already, so that no sign-on screen comes up over the profiles.
    await wait_until(pilot, lambda: _screen(app) == "EnvironmentsScreen"
                     and app.screen.current_pane().done)
    await pilot.press("P")
    await wait_until(pilot, lambda: _screen(app) == "ProfilesScreen"
                     and any(t.row_count for t in app.screen.query("DataTable")))


async def test_profiles_list_marks_active_and_masks_secrets(make, config_path: Path,
                                                           sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_profiles(pilot)
        table = app.screen.query_one("DataTable")
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows[0][:3] == ["●", "work", "client_credentials"]
        assert rows[1][:3] == ["", "ci", "client_credentials"]
        assert rows[1][6] == "********"
        assert "s3cr3t-value" not in " ".join(" ".join(r) for r in rows)
        assert "s3cr3t-value" not in screen_text(app)
        assert rows[0][8] == "The [prod] tenant"  # description shown as typed


async def test_make_active_rename_and_delete_with_confirm(make, config_path: Path,
                                                          sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_profiles(pilot)
        await pilot.press("down", "u")
        await wait_until(pilot, lambda: "activeProfile: ci" in config_path.read_text())
        await pilot.press("up", "n")
        await pilot.pause()
        assert _screen(app) == "PromptScreen"
        await pilot.press("ctrl+u", *"bad name", "enter")
        assert _screen(app) == "PromptScreen"  # refused as typed: not a valid name
        await pilot.press("ctrl+u", *"prod", "enter")
        await wait_until(pilot, lambda: "  prod:" in config_path.read_text())
        assert "  work:" not in config_path.read_text()
        # Delete asks first; "n" keeps it.
        table = app.screen.query_one("DataTable")
        await wait_until(pilot, lambda: table.row_count == 2)
        table.move_cursor(row=0)
        await pilot.press("x")
        await pilot.pause()
        assert _screen(app) == "ConfirmScreen"
        await pilot.press("n")
        await pilot.pause()
        assert "  prod:" in config_path.read_text()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await wait_until(pilot, lambda: "  prod:" not in config_path.read_text())


async def test_active_profile_cannot_be_deleted(make, config_path: Path, sim) -> None:
    write_config(config_path, sim_config(sim))
    before = config_path.read_text()
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_profiles(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert _screen(app) == "ProfilesScreen"
        assert any("can't be deleted" in note for note in app.notes)
    assert config_path.read_text() == before


async def test_sign_out_per_profile(make, config_path: Path, sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_profiles(pilot)
        await pilot.press("o")
        await wait_until(pilot, lambda: "Signed out of work" in
                         "".join(app.notes))
        assert app.identity_label == ""


async def _wizard(pilot, make) -> None:
    app = pilot.app
    await pilot.pause()
    await pilot.press("enter")  # Welcome: Set up a profile
    await wait_until(pilot, lambda: _screen(app) == "InitWizardScreen")


async def test_wizard_writes_a_complete_profile(make, config_path: Path) -> None:
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _wizard(pilot, make)
        await pilot.press("ctrl+u", *"work", "tab", "down", "enter")  # device code
        assert "over SSH" in screen_text(app)
        await pilot.press("ctrl+n")  # -> tenant
        await pilot.press("down", "enter", "ctrl+n")  # EU
        await pilot.press(*"not-a-uuid")
        assert "is not a UUID" in screen_text(app)  # checked as typed
        await pilot.press("ctrl+n")
        assert "The environment ID is not a UUID" in screen_text(app)  # Next refuses
        await pilot.press("ctrl+u", *VALID_ENV_ID, "tab", *"dev-client")
        assert "looks like an environment ID" in screen_text(app)
        assert not app.screen.query_one("#client-secret").display  # device code: no secret
        await pilot.press("ctrl+n", "ctrl+n")  # storage (keyring) -> review
        review = screen_text(app)
        assert "Device Code" in review and "region EU" in review and VALID_ENV_ID in review
        assert not config_path.exists()  # nothing written before Save
        await pilot.press("ctrl+b")
        assert app.screen.step == 3
        await pilot.press("ctrl+n", "enter")
        await wait_until(pilot, lambda: config_path.exists())
    text = config_path.read_text()
    assert "activeProfile: work" in text
    assert "grantType: device_code" in text and "region: EU" in text
    assert "clientID: dev-client" in text


async def test_wizard_client_credentials_secret_is_masked_and_file_only(
        make, config_path: Path) -> None:
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _wizard(pilot, make)
        await pilot.press("tab", "down", "down", "enter", "ctrl+n", "ctrl+n")
        await pilot.press(*VALID_ENV_ID, "tab", *"cc-client", "tab", *"top-secret")
        secret = app.screen.query_one("#client-secret")
        assert secret.display and secret.password
        await pilot.press("ctrl+n")
        await pilot.press("down", "enter", "ctrl+n")  # storage: file
        assert "********" in screen_text(app)
        assert "top-secret" not in screen_text(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: config_path.exists())
    assert "clientSecret: top-secret" in config_path.read_text()
    assert "storage: file" in config_path.read_text()


async def test_wizard_esc_cancels_without_writing(make, config_path: Path) -> None:
    write_config(config_path, TWO_PROFILES)
    before = config_path.read_text()
    app = make(start="init", profile_name="work")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: _screen(app) == "InitWizardScreen")
        assert app.screen.query_one("#name").disabled  # editing: the name stays
        await pilot.press("ctrl+n", "ctrl+n")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.return_value is not None)
    assert app.return_value == 130
    assert config_path.read_text() == before


async def test_wizard_save_and_test_sign_on(make, config_path: Path, sim) -> None:
    write_config(config_path, sim_config(sim, "device_code"))
    app = make(start="init", profile_name="work")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: _screen(app) == "InitWizardScreen")
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n")
        assert "Review" in screen_text(app)
        await pilot.press("tab", "enter")  # Save and test sign-on
        await wait_until(pilot, lambda: any(w.code for w in app.screen.query("#user-code")))
        assert sim.approve_device(app.screen.query_one("#user-code").code)
        await wait_until(pilot, lambda: app.return_value is not None)
    assert app.return_value == 0
    assert f"authBaseURL: {sim.base_url}" in config_path.read_text()  # kept on edit


async def test_add_and_edit_open_the_wizard(make, config_path: Path, sim) -> None:
    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_profiles(pilot)
        await pilot.press("a")
        await wait_until(pilot, lambda: _screen(app) == "InitWizardScreen")
        name = app.screen.query_one("#name")
        assert not name.disabled and name.value == "default"  # a new profile's name
        await pilot.press("escape")
        await wait_until(pilot, lambda: _screen(app) == "ProfilesScreen")
        await pilot.press("e")
        await wait_until(pilot, lambda: _screen(app) == "InitWizardScreen")
        assert app.screen.query_one("#name").disabled  # editing keeps the name
        assert app.screen.query_one("#name").value == "work"
        await pilot.press("ctrl+n", "ctrl+n")
        assert app.screen.query_one("#environment-id").value == sim.admin_environment_id
        await pilot.press("escape")
        await wait_until(pilot, lambda: _screen(app) == "ProfilesScreen")


async def test_sign_out_that_pingone_did_not_revoke_says_so(make, config_path: Path,
                                                            sim) -> None:
    from pingtui.sim.faults import Fault

    write_config(config_path, sim_config(sim))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_profiles(pilot)
        await wait_until(pilot, lambda: bool(app.identity_label))  # signed on: tokens to revoke
        sim.faults.add(Fault("status", status=503, path=f"/{sim.admin_environment_id}/as/revoke",
                             count=None))
        try:
            await pilot.press("o")
            await wait_until(pilot, lambda: "did not revoke" in "".join(app.notes))
        finally:
            sim.faults.clear()
        assert "Signed out of work locally, but PingOne did not revoke the token" in \
            "".join(app.notes)
        assert app.identity_label == ""
