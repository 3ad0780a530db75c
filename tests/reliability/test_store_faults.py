"""Token store faults the auth tests do not already cover, through the CLI and the simulator.

Covered elsewhere (tests/auth/test_store.py): keyring missing, raising, hanging (store and
event loop), unwritable file store, corrupt token files that are not a token set at all.
Here: token files that parse but hold fields of the wrong type (hand-edited, truncated by
another tool), end to end: a clear "not signed on" with the command to run, never an
"unexpected error"; and signing on again replaces the damaged entry.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rel_helpers import profile_yaml, write

from pingtui.sim import Simulator

DAMAGED = [
    {"access_token": "abcdefgh-1", "expires_at": "soon", "obtained_at": 0},
    {"access_token": "abcdefgh-2", "expires_at": 5, "obtained_at": None},
    {"access_token": "abcdefgh-3", "expires_at": [1], "obtained_at": 0},
    {"access_token": "abcdefgh-4", "expires_at": 9e99, "obtained_at": 0, "scope": 7},
    {"access_token": "abcdefgh-5", "expires_at": 9e99, "obtained_at": 0, "refresh_token": 7},
    {"access_token": "abcdefgh-6", "expires_at": 9e99, "obtained_at": 0, "subject": {"a": 1}},
    {"access_token": "abcdefgh-7", "expires_at": True, "obtained_at": 0},
]


@pytest.fixture
def sim():
    with Simulator(page_size=10, device_interval=0.05) as server:
        yield server


@pytest.mark.parametrize("tokens", DAMAGED, ids=[f"damaged-{i}" for i in range(len(DAMAGED))])
def test_damaged_token_file_means_signed_out_with_a_clear_message(
        run_cli, tmp_path: Path, sim: Simulator, auth_isolation: Path, tokens: dict) -> None:
    config = write(tmp_path / "config.yaml", profile_yaml(sim, "device_code", storage="file"))
    path = write(auth_isolation / "tokens" / "work.json",
                 json.dumps({"version": 1, "tokens": tokens, "client_secret": None}))
    for command in (["auth", "status"], ["auth", "token"], ["environments", "list"]):
        result = run_cli("--config", str(config), *command)
        assert result.code == 3, (command, result)
        assert "unexpected error" not in result.err.lower() and "Traceback" not in result.err
        assert "pingtui auth login -P work" in result.err  # sign-on is offered again
        assert str(path) in result.err  # the warning names the damaged file
    assert "abcdefgh" not in result.out + result.err


def test_sign_on_again_replaces_a_damaged_entry(run_cli, tmp_path: Path, sim: Simulator,
                                                auth_isolation: Path) -> None:
    config = write(tmp_path / "config.yaml",
                   profile_yaml(sim, "client_credentials", storage="file"))
    path = write(auth_isolation / "tokens" / "work.json",
                 json.dumps({"version": 1, "tokens": DAMAGED[0], "client_secret": None}))
    login = run_cli("--config", str(config), "auth", "login")
    assert login.code == 0, login
    stored = json.loads(path.read_text())
    assert isinstance(stored["tokens"]["expires_at"], float)
    status = run_cli("--config", str(config), "auth", "status")
    assert status.code == 0 and "unreadable" not in status.err, status
