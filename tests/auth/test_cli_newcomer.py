"""What a newcomer meets first in `pingtui auth ...` (issue 10), against the OpenID Provider:
a logout PingOne did not confirm, hints that fit the grant, who is signed on, where a client
secret comes from."""

from __future__ import annotations

from pathlib import Path

import pytest

from auth.conftest import WORKER_SECRET, Provider
from auth.test_cli import _config
from pingtui.auth.store import StoredEntry, TokenStore


@pytest.fixture
def config(tmp_path: Path, oidc: Provider) -> Path:
    return _config(
        tmp_path / "config.yaml", oidc,
        cc={"grantType": "client_credentials", "clientID": "pingtui-worker", "storage": "file"},
        dev={"grantType": "device_code", "clientID": "pingtui-device", "storage": "file"},
    )


def test_logout_that_pingone_did_not_revoke_exits_1_and_still_signs_out(
        config: Path, oidc: Provider, run_cli) -> None:
    TokenStore("file").save("cc", StoredEntry(client_secret=WORKER_SECRET))
    assert run_cli("--config", str(config), "auth", "token", "-P", "cc").code == 0
    assert TokenStore("file").load("cc").tokens is not None
    oidc.fail_next("/revoke", 10)
    try:
        logout = run_cli("--config", str(config), "auth", "logout", "-P", "cc")
    finally:
        oidc.fail_next("/revoke", 0)
    assert logout.code == 1, logout
    first = logout.err.splitlines()[0]
    assert first.startswith("pingtui: signed out locally, but PingOne did not revoke the "
                            "token: ") and "503" in first
    assert TokenStore("file").load("cc").tokens is None  # the local sign-out happened
    assert TokenStore("file").load("cc").client_secret == WORKER_SECRET
    again = run_cli("--config", str(config), "auth", "logout", "-P", "cc")
    assert again.code == 0 and "nothing to revoke" in again.err


# --------------------------------------------------------------------------- hints (item 5)


def test_status_of_a_client_credentials_profile_without_secret_names_the_secret(
        config: Path, run_cli) -> None:
    status = run_cli("--config", str(config), "auth", "status", "-P", "cc")
    assert status.code == 3
    assert "has no client secret" in status.out
    assert "--client-secret-stdin" in status.err and "PINGCLI_PINGONE_WORKER_CLIENT_SECRET" \
        in status.err
    assert "auth login" not in status.err  # there is no sign-on step for this grant


def test_status_of_a_device_profile_not_signed_on_names_the_sign_on(config: Path,
                                                                    run_cli) -> None:
    status = run_cli("--config", str(config), "auth", "status", "-P", "dev")
    assert status.code == 3 and "pingtui auth login -P dev" in status.err


# --------------------------------------------------------------------------- who (item 6)

ADA = "6a223acb-5d0e-4c5b-9d1e-2f3a4b5c6d7e"  # tests/oidc/server.mjs: username ada.admin
GRACE = "7b334bdc-6e1f-4d6c-8e2f-3a4b5c6d7e8f"  # no username: name Grace Hopper


async def _sign_on(profile, login: str, fast_clock):
    from auth.browser import ScriptedBrowser
    from auth.test_grants import _device_login
    from pingtui.auth.session import Session

    async with Session(profile, sleep=fast_clock.sleep) as session:
        return await _device_login(session, ScriptedBrowser(login=login))


@pytest.mark.parametrize("login, shown", [(ADA, "ada.admin"), (GRACE, "Grace Hopper")])
async def test_the_signed_on_admin_is_named_not_numbered(make_profile, fast_clock, login: str,
                                                         shown: str) -> None:
    from pingtui.config import Authentication

    # pingtui's own default scopes, as `pingtui init` writes them
    profile = make_profile("device_code", scopes=Authentication().scopes, storage="file")
    status = await _sign_on(profile, login, fast_clock)
    assert status.signed_in and status.subject == shown
    from pingtui.auth.session import Session

    async with Session(profile) as again:  # a later `auth status`: userinfo asked again
        assert (await again.status()).subject == shown


async def test_an_app_that_may_not_have_profile_scopes_still_signs_on(make_profile, fast_clock,
                                                                       caplog) -> None:
    from pingtui.config import Authentication

    profile = make_profile("device_code", client_id="pingtui-device-openid",
                           scopes=Authentication().scopes)
    with caplog.at_level("WARNING", logger="pingtui"):
        status = await _sign_on(profile, ADA, fast_clock)
    assert status.signed_in and status.subject == ADA  # the ID, as the last resort
    assert "openid" in status.scopes and "profile" not in status.scopes
    assert any("refused the scopes 'profile email'" in r.getMessage() for r in caplog.records)


async def test_explicit_scopes_an_app_refuses_are_an_error_when_nothing_can_be_dropped(
        make_profile, fast_clock) -> None:
    from pingtui.auth import errors

    profile = make_profile("device_code", client_id="pingtui-device-openid",
                           scopes=["openid", "p1:read:env"])
    with pytest.raises(errors.SignOnFailed) as caught:
        await _sign_on(profile, ADA, fast_clock)
    assert caught.value.error == "invalid_scope"


@pytest.mark.parametrize("missing, flag", [("clientID", "--client-id"),
                                           ("environmentID", "--environment-id")])
def test_an_incomplete_profile_names_the_flag_that_completes_it(tmp_path: Path, run_cli,
                                                                missing: str, flag: str) -> None:
    lines = ["profiles:", "  half:", "    pingone:",
             "      environmentID: 6f0b0d5e-5c1a-4b55-9c77-0d7a1e3c2b10",
             "      authentication:", "        grantType: device_code",
             "        clientID: pingtui-device"]
    path = tmp_path / "config.yaml"
    path.write_text("\n".join(line for line in lines if missing not in line) + "\n")
    status = run_cli("--config", str(path), "auth", "status", "-P", "half")
    assert status.code == 1 and "pingtui init" in status.err and flag in status.err, status


# --------------------------------------------------------------------------- secret from env (2)

ENV_ID = "6f0b0d5e-5c1a-4b55-9c77-0d7a1e3c2b10"  # the provider's


@pytest.mark.parametrize("variable", [
    "PINGCLI_PINGONE_WORKER_CLIENT_SECRET",
    "PINGCLI_SERVICE_PINGONE_AUTHENTICATION_CLIENTCREDENTIALS_CLIENTSECRET",
    "PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET",
])
def test_a_pipeline_profile_whose_secret_lives_in_the_environment(
        tmp_path: Path, oidc: Provider, run_cli, monkeypatch, variable: str) -> None:
    path = tmp_path / "config.yaml"
    init = run_cli("--config", str(path), "init", "-P", "ci", "--grant-type",
                   "client_credentials", "--environment-id", ENV_ID, "--client-id",
                   "pingtui-worker", "--auth-base-url", oidc.base, "--api-base-url",
                   f"{oidc.base}/v1", "--storage", "none")
    assert init.code == 0, init
    assert "$PINGCLI_PINGONE_WORKER_CLIENT_SECRET" in init.err  # where it must come from
    assert "clientSecret" not in path.read_text()
    none = run_cli("--config", str(path), "auth", "status", "-P", "ci")
    assert none.code == 3 and "Secret:     none" in none.out, none
    monkeypatch.setenv(variable, WORKER_SECRET)
    found = run_cli("--config", str(path), "auth", "status", "-P", "ci")
    assert found.code == 0, found
    assert f"Secret:     environment (${variable})" in found.out
    assert WORKER_SECRET not in found.out + found.err
    data = run_cli("--config", str(path), "auth", "status", "-P", "ci", "-o", "json")
    assert '"secret_source": "environment"' in data.out and WORKER_SECRET not in data.out


def test_a_stored_secret_is_reported_as_store(config: Path, run_cli) -> None:
    TokenStore("file").save("cc", StoredEntry(client_secret=WORKER_SECRET))
    status = run_cli("--config", str(config), "auth", "status", "-P", "cc")
    assert status.code == 0 and "Secret:     store (a private file (0600))" in status.out


# --------------------------------------------------------------------------- base URLs (3)


def test_the_issuer_from_discovery_signs_on_for_real(tmp_path: Path, oidc, run_cli) -> None:
    config = tmp_path / "config.yaml"
    init = run_cli("--config", str(config), "init", "-P", "cc", "--grant-type",
                   "client_credentials", "--client-id", "pingtui-worker", "--storage", "none",
                   "--auth-base-url", oidc.issuer, "--api-base-url", oidc.base,
                   "--client-secret-stdin", stdin=WORKER_SECRET + "\n")
    assert init.code == 0, init
    status = run_cli("--config", str(config), "auth", "status", "-P", "cc", "-o", "json")
    assert status.code == 0, status
    assert f'"issuer": "{oidc.issuer}"' in status.out
    assert f'"api_base_url": "{oidc.base}/v1"' in status.out
