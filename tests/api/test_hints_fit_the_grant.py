"""Hints that fit the grant (issue 10, item 5): a client-credentials profile whose token request
is refused is told to check its client ID and secret, never to "auth login" (it has no sign-on
step); a device-code profile is told to sign on. On the simulator, its token endpoint refusing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sim_profiles import profile_yaml

from pingtui.sim import Simulator
from pingtui.sim.faults import Fault


@pytest.fixture
def sim():
    with Simulator(page_size=10) as simulator:
        yield simulator


def test_a_refused_client_credentials_token_names_the_secret(sim: Simulator, tmp_path: Path,
                                                             run_cli) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(profile_yaml(sim))
    sim.faults.add(Fault("status", status=400, path=f"/{sim.admin_environment_id}/as/token",
                         count=None))
    result = run_cli("--config", str(config), "auth", "token")
    assert result.code == 3, result
    assert "auth login" not in result.err
    assert "pingtui auth status -P work" in result.err and "--client-secret-stdin" in result.err
