"""The simulator under test, and a plain httpx client that talks to it (no pingtui client)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from pingtui.sim import Simulator


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator() as simulator:
        yield simulator


def client_token(sim: Simulator) -> str:
    response = httpx.post(f"{sim.issuer}/token", data={"grant_type": "client_credentials"},
                          auth=(sim.client_credentials_client_id, sim.client_secret))
    response.raise_for_status()
    return response.json()["access_token"]


@pytest.fixture
def api(sim: Simulator) -> Iterator[httpx.Client]:
    """A plain httpx client on the simulator's /v1 with a valid bearer token."""
    headers = {"Authorization": f"Bearer {client_token(sim)}"}
    with httpx.Client(base_url=sim.api_base_url, headers=headers) as client:
        yield client
