"""Fixtures: the simulator (10 items a page), its token, and a client with recorded backoff."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from api_helpers import ClientCredentialsAuth, Sleeps, make_client

from pingtui.api.client import PingOneClient
from pingtui.sim import Simulator


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(page_size=10) as simulator:
        yield simulator


@pytest.fixture
def auth(sim: Simulator) -> ClientCredentialsAuth:
    return ClientCredentialsAuth(sim)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
async def client(sim: Simulator, auth: ClientCredentialsAuth, sleeps: Sleeps
                 ) -> AsyncIterator[PingOneClient]:
    async with make_client(sim.api_base_url, auth, sleeps) as api:
        yield api
