"""Helpers of the activities suite: an API client on the simulator and a fake clock."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

from pingtui.api.client import PingOneClient
from pingtui.api.retry import RetryPolicy
from pingtui.sim import Simulator


def api_client(sim: Simulator) -> PingOneClient:
    """pingtui's client with pingtui's session (client credentials), no waiting on retries."""
    from pingtui.auth.session import Session
    from pingtui.demo import DemoTenant, demo_profile

    profile = DemoTenant(demo_profile(sim), sim).profile_for("client_credentials")
    return PingOneClient(sim.api_base_url, Session(profile),
                         retry=RetryPolicy(max_retries=2, base=0.01, cap=0.02, jitter=0.0))


WALL_START = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)


class Stop(Exception):
    """Ends a scripted tail."""


class FakeTime:
    """The tail's monotonic clock and sleep: sleeping advances time at once.

    ``script[n]`` runs during the n-th sleep (before request n+1); after ``polls`` requests the
    next sleep raises ``stop`` (Stop, or CancelledError to play Ctrl+C).
    """

    def __init__(self, polls: int, script: dict[int, Callable[[], Any]] | None = None,
                 stop: type[BaseException] = Stop) -> None:
        self.t = 1000.0
        self.polls = polls
        self.script = script or {}
        self.stop = stop
        self.sleeps: list[float] = []
        self.request_times: list[float] = []

    def monotonic(self) -> float:
        return self.t

    def now(self) -> datetime:
        """A wall clock that moves with the fake time (for the tail's windows and the
        simulator's log alike)."""
        return WALL_START + timedelta(seconds=self.t - 1000.0)

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.t += seconds
        done = len(self.sleeps)  # the tail sleeps once before every request but the first
        if done >= self.polls:
            raise self.stop()
        action = self.script.get(done)
        if action is not None:
            action()
        await asyncio.sleep(0)

    def watch(self, client: PingOneClient) -> None:
        """Note the (fake) time of every request the client sends."""

        async def hook(request: Any) -> None:
            if "/activities" in request.url.path:
                self.request_times.append(self.t)

        client.http.event_hooks["request"].append(hook)
