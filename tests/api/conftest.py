"""Fixtures: the simulator (10 items a page), its token, a client with recorded backoff, and
the demo tenants the CLI starts."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from api_helpers import ClientCredentialsAuth, Sleeps, make_client

import pingtui.demo
from pingtui.api.client import PingOneClient
from pingtui.demo import DemoTenant, start_demo
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


@pytest.fixture
def demos(monkeypatch: pytest.MonkeyPatch) -> list[DemoTenant]:
    """The demo tenants the CLI starts, with 10 items a page so that listings page."""
    started: list[DemoTenant] = []

    def recording_start_demo(**options: object) -> DemoTenant:
        demo = start_demo(page_size=10, **options)  # type: ignore[arg-type]
        started.append(demo)
        return demo

    monkeypatch.setattr(pingtui.demo, "start_demo", recording_start_demo)
    return started
