"""Fixtures of the activities suite: ONE simulator for the session, its audit log reset (no
seeded history, no recorded requests unless a test asks) before every test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sim_profiles import profile_yaml

from pingtui.sim import Simulator


@pytest.fixture(scope="session")
def session_sim() -> Iterator[Simulator]:
    with Simulator(device_interval=0.05) as simulator:
        yield simulator


@pytest.fixture
def sim(session_sim: Simulator) -> Iterator[Simulator]:
    from pingtui.sim.activities import utc_now

    session_sim.faults.clear()
    session_sim.activities.reset(clock=utc_now, history=0, record_requests=False)
    yield session_sim
    session_sim.faults.clear()
    session_sim.activities.reset(clock=utc_now, history=0, record_requests=False)


@pytest.fixture
def env_id(sim: Simulator) -> str:
    return sim.admin_environment_id


@pytest.fixture
def profiles(sim: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A profiles file (client credentials against the simulator) the CLI reads."""
    path = tmp_path / "cfg" / "config.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(profile_yaml(sim, storage="file"), encoding="utf-8")
    monkeypatch.setenv("PINGTUI_CONFIG", str(path))
    monkeypatch.setenv("COLUMNS", "200")  # the table's last column is not cut short
    return path


@pytest.fixture
def local_plus2(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC+02:00 (no DST) for this test: local-time rendering is checked."""
    import time

    monkeypatch.setenv("TZ", "EET-2")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
