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
