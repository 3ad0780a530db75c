"""What `pingtui auth status` and `pingtui init` say about where tokens go (issue 17).

Against the embedded simulator; the test session's keyring refuses every call, as on a server
without a Secret Service.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sim_profiles import profile_yaml

from pingtui.auth.store import NO_KEYRING_NOTE
from pingtui.sim import Simulator


@pytest.fixture(scope="module")
def sim():
    with Simulator() as server:
        yield server


def test_status_says_why_a_keyring_profile_uses_a_file(sim: Simulator, tmp_path: Path,
                                                       run_cli) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(profile_yaml(sim, "device_code", storage="keyring"))
    result = run_cli("--config", str(config), "auth", "status")
    assert result.code == 3  # not signed on
    storage = rf"^Storage: +file — {re.escape(NO_KEYRING_NOTE)}$"
    assert re.search(storage, result.out, re.MULTILINE), result.out


def test_status_shows_the_client_id_once(sim: Simulator, tmp_path: Path, run_cli) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(profile_yaml(sim, "client_credentials", storage="file"))
    result = run_cli("--config", str(config), "auth", "status")
    assert result.code == 0, result
    assert result.out.count(sim.client_credentials_client_id) == 1, result.out
    assert "Client ID:" in result.out and "\nClient:" not in result.out
    assert re.search(r"^Storage: +file$", result.out, re.MULTILINE)  # asked for a file


def test_init_says_there_is_no_keyring_when_saving(tmp_path: Path, run_cli) -> None:
    config = tmp_path / "config.yaml"
    result = run_cli("--config", str(config), "init", "--grant-type", "device_code",
                     "--region", "EU", "--environment-id",
                     "3b1b2f7e-1a2b-4c3d-9e8f-0a1b2c3d4e5f", "--client-id", "dev",
                     "--storage", "keyring")
    assert result.code == 0, result
    assert NO_KEYRING_NOTE in result.err
    assert "storage: keyring" in config.read_text()
