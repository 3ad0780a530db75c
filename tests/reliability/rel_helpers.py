"""Shared helpers of the reliability suite: a fast API client, demo tenants with faults, waits.

The API client's knobs (``RetryPolicy``, ``timeout``, ``sleep``) are set by swapping
``pingtui.api.client.PingOneClient`` for a subclass with short defaults: the CLI and the TUI
both import the class from that module when they need it, so the whole product path runs
unchanged, only without multi-second backoffs. The sleep records every delay the client chose
(so a test can check that Retry-After was honoured) and waits a token time instead.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest
from sim_profiles import profile_yaml  # noqa: F401  (re-exported for the reliability tests)
from waiting import wait_until  # noqa: F401  (re-exported for the reliability tests)

import pingtui.api.client as client_mod
import pingtui.demo
from pingtui.api.retry import RetryPolicy
from pingtui.demo import DemoTenant, start_demo
from pingtui.sim import Fault, Simulator

FAST_TIMEOUT = 1.0
"""Seconds the fast client waits for an answer (a 'slow' fault waits longer than this)."""

# Every token the simulator issues is a JWT with this header: {"alg": "RS256", "typ": "JWT",
# "kid": "simulator"}; its base64url form starts every simulator access and ID token.
SIM_JWT_PREFIX = "eyJhbGciOiAiUlMyNTYiLCAidHlwIjogIkpXVCIsICJraWQiOiAic2ltdWxhdG9yIn0"
JWT_RE = re.compile(r"eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}")


class RecordedSleeps:
    """The client's sleep: records the wanted delay, waits only a moment."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        await asyncio.sleep(0.001)


def install_fast_client(monkeypatch: pytest.MonkeyPatch, *, max_retries: int = 3,
                        timeout: float = FAST_TIMEOUT, deadline: float = 20.0
                        ) -> RecordedSleeps:
    """Make every PingOneClient of this test retry fast (backoff recorded, not waited)."""
    sleeps = RecordedSleeps()
    original = client_mod.PingOneClient

    class FastClient(original):  # type: ignore[misc, valid-type]
        def __init__(self, api_base_url: str, auth: Any, **options: Any) -> None:
            options.setdefault("retry", RetryPolicy(max_retries=max_retries, base=0.5, cap=4.0,
                                                    jitter=0.0))
            options.setdefault("timeout", timeout)
            options.setdefault("deadline", deadline)
            options.setdefault("sleep", sleeps)
            super().__init__(api_base_url, auth, **options)

    monkeypatch.setattr(client_mod, "PingOneClient", FastClient)
    return sleeps


class DemoRecorder:
    """``--demo`` runs on a simulator with small pages; the faults given are in force."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, page_size: int = 10) -> None:
        self.started: list[DemoTenant] = []
        self.faults: list[Fault] = []
        self.page_size = page_size
        monkeypatch.setattr(pingtui.demo, "start_demo", self._start)

    def _start(self, **options: Any) -> DemoTenant:
        options.setdefault("page_size", self.page_size)
        demo = start_demo(**options)
        for fault in self.faults:
            demo.simulator.faults.add(fault)
        self.started.append(demo)
        return demo

    @property
    def sim(self) -> Simulator:
        return self.started[-1].simulator


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_lines(err: str) -> list[str]:
    """The lines of stderr that are not debug/progress output."""
    return [line for line in err.splitlines() if line.strip()]


class MemoryKeyring:
    """A working keyring kept in a dict (never the user's)."""

    def __new__(cls):  # built lazily so that importing this module does not import keyring
        from keyring.backend import KeyringBackend
        from keyring.errors import PasswordDeleteError

        class _Memory(KeyringBackend):
            priority = 1  # type: ignore[assignment]

            def __init__(self) -> None:
                super().__init__()
                self.entries: dict[tuple[str, str], str] = {}

            def get_password(self, service: str, username: str) -> str | None:
                return self.entries.get((service, username))

            def set_password(self, service: str, username: str, password: str) -> None:
                self.entries[(service, username)] = password

            def delete_password(self, service: str, username: str) -> None:
                if self.entries.pop((service, username), None) is None:
                    raise PasswordDeleteError("not found")

        return _Memory()
