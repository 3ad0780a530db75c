"""Fixtures of the scale tests: one simulator for the session with the 1,000,000-user
"Load Testing" environment, and a profiles file that signs on to it (client credentials)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pingtui.sim import Simulator

PAGE = 100  # items a page: a few hundred users are several pages


@pytest.fixture(scope="session")
def scale_sim() -> Iterator[Simulator]:
    with Simulator(scale_users=1_000_000, page_size=PAGE, device_interval=0.05) as sim:
        yield sim


@pytest.fixture
def scale_cli(scale_sim: Simulator, tmp_path: Path, run_cli):  # type: ignore[no-untyped-def]
    """run_cli on a profile signed on to the session simulator; faults cleared afterwards."""
    from sim_profiles import profile_yaml

    path = tmp_path / "config.yaml"
    path.write_text(profile_yaml(scale_sim, storage="file"))
    path.chmod(0o600)

    def invoke(*argv: str):  # type: ignore[no-untyped-def]
        return run_cli("--config", str(path), *argv)

    yield invoke
    scale_sim.faults.clear()


@pytest.fixture(scope="session")
def load_testing(scale_sim: Simulator) -> str:
    """The ID of the Load Testing environment."""
    from pingtui.sim.data import ENVIRONMENTS

    index = [name for name, *_ in ENVIRONMENTS].index("Load Testing")
    return scale_sim.data.environment_id(index)
