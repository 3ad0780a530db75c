"""Test doubles for the API tests: auths and a sleep that records instead of waiting.

``ClientCredentialsAuth`` is a deliberately tiny ``httpx.Auth`` written here (bearer, one
refetch on 401) so the client is tested against any auth, not only pingtui's Session; the
Session is used where the test is about the whole path (tests/api/test_listing.py).
"""

from __future__ import annotations

import httpx

from pingtui.api.client import PingOneClient
from pingtui.api.retry import RetryPolicy
from pingtui.sim import Simulator


class ClientCredentialsAuth(httpx.Auth):
    def __init__(self, sim: Simulator) -> None:
        self.sim = sim
        self.token: str | None = None
        self.fetches = 0

    def fetch(self) -> str:
        self.fetches += 1
        response = httpx.post(f"{self.sim.issuer}/token",
                              data={"grant_type": "client_credentials"},
                              auth=(self.sim.client_credentials_client_id,
                                    self.sim.client_secret))
        response.raise_for_status()
        self.token = response.json()["access_token"]
        return self.token

    def auth_flow(self, request: httpx.Request):  # type: ignore[override]
        request.headers["Authorization"] = f"Bearer {self.token or self.fetch()}"
        response = yield request
        if response.status_code == 401:
            request.headers["Authorization"] = f"Bearer {self.fetch()}"
            yield request


class StaticAuth(httpx.Auth):
    """A bearer token that never refreshes."""

    def __init__(self, token: str) -> None:
        self.token = token

    def auth_flow(self, request: httpx.Request):  # type: ignore[override]
        request.headers["Authorization"] = f"Bearer {self.token}"
        yield request


class Sleeps:
    """An injected sleep: records the delays the client chose, waits for none of them."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def make_client(base_url: str, auth: httpx.Auth, sleeps: Sleeps, **options: object
                ) -> PingOneClient:
    options.setdefault("retry", RetryPolicy(max_retries=3, base=0.5, cap=4.0, jitter=0.0))
    return PingOneClient(base_url, auth, sleep=sleeps, **options)  # type: ignore[arg-type]
