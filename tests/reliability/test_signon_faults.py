"""Sign-on faults the auth tests do not already cover, against the simulator.

Covered elsewhere (tests/auth): port busy, wrong state, access_denied, browser never returns,
expired device code, repeated slow_down (the provider's slow client answers slow_down twice),
token endpoint 503 retried once / then a clear error (client credentials), the whole sign-on
host unreachable, a wrong environment ID at discovery (three grants, CLI and TUI).
Here: discovery alone failing while the token endpoint works, a wrong environment ID when
discovery can't tell, token endpoint 5xx/HTML through `pingtui auth login` and during device
polling, and a local clock several minutes off.
"""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from rel_helpers import profile_yaml, write

from pingtui.api.client import PingOneClient
from pingtui.api.resources import list_pages
from pingtui.auth import errors
from pingtui.auth.session import Session
from pingtui.demo import DemoTenant, demo_profile
from pingtui.sim import Fault, Simulator

WRONG_ENV = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def sim():
    with Simulator(page_size=10, device_interval=0.05, auto_approve_after=0.0,
                   token_lifetime=300) as server:
        yield server


def _profile(sim: Simulator, grant: str = "client_credentials"):
    return DemoTenant(profile=demo_profile(sim), simulator=sim).profile_for(grant)


async def _fast_sleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(0)


# --------------------------------------------------------------------------- discovery


@pytest.mark.parametrize("fault", [
    Fault("reset", count=None),
    Fault("disconnect", count=None),
    Fault.server_error(503, count=None),
    Fault("html", status=502, count=None),
    Fault("malformed", count=None),
    Fault("slow", delay=3, count=None),
], ids=["reset", "disconnect", "503", "html", "malformed", "slow"])
async def test_discovery_unreachable_falls_back_to_built_endpoints(
        sim: Simulator, auth_isolation: Path, fault: Fault) -> None:
    fault.path = f"/{sim.admin_environment_id}/as/.well-known/"
    sim.faults.add(fault)
    async with httpx.AsyncClient(timeout=1.0) as http, \
            Session(_profile(sim), http=http, sleep=_fast_sleep) as session:
        token = await session.access_token()
        assert token and not session.endpoints.discovered
        async with PingOneClient(sim.api_base_url, session) as api:
            pages = [p async for p in list_pages(api, "environments")]
    assert fault.hits >= 1 and pages[-1].fetched == 29


async def test_wrong_environment_id_is_named_even_when_discovery_can_not_tell(
        sim: Simulator, auth_isolation: Path) -> None:
    sim.faults.add(Fault("reset", path=f"/{WRONG_ENV}/as/.well-known/", count=None))
    profile = _profile(sim)
    profile.pingone.environment_id = WRONG_ENV
    async with Session(profile, sleep=_fast_sleep) as session:
        with pytest.raises(errors.WrongEnvironment) as caught:
            await session.access_token()
    assert WRONG_ENV in caught.value.message
    assert "environment ID is probably wrong" in caught.value.message
    assert "--environment-id" in caught.value.hint


# --------------------------------------------------------------------------- token endpoint


@pytest.mark.parametrize("fault, words", [
    (Fault.server_error(503, count=None), "HTTP 503"),
    (Fault.server_error(500, count=None), "HTTP 500"),
    (Fault("html", status=502, count=None), "HTTP 502"),
    (Fault("reset", count=None), "Could not reach the sign-on service"),
], ids=["503", "500", "html-502", "reset"])
def test_token_endpoint_failure_through_auth_login_exits_3_in_two_lines(
        run_cli, tmp_path: Path, sim: Simulator, auth_isolation: Path, fault: Fault,
        words: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import pingtui.auth.oauth as oauth_mod

    monkeypatch.setattr(oauth_mod, "_RETRY_DELAY", 0.01)
    fault.path, fault.method = f"/{sim.admin_environment_id}/as/token", "POST"
    sim.faults.add(fault)
    config = write(tmp_path / "config.yaml", profile_yaml(sim, "client_credentials"))
    result = run_cli("--config", str(config), "auth", "login")
    assert result.code == 3, result
    lines = result.err.splitlines()
    first = next(i for i, line in enumerate(lines)
                 if line.startswith("pingtui: ") and not line.startswith("pingtui: warning"))
    error = lines[first:]
    assert 1 <= len(error) <= 2, result.err  # what failed, what to do
    assert words in error[0] and "Traceback" not in result.err
    assert "try again" in result.err.lower() or "check the network" in result.err.lower()
    assert fault.hits >= 1


async def test_token_endpoint_5xx_while_polling_a_device_code_ends_the_sign_on(
        sim: Simulator, auth_isolation: Path) -> None:
    fault = sim.faults.add(Fault.server_error(
        503, path=f"/{sim.admin_environment_id}/as/token", method="POST", count=None))
    sim.auth.auto_approve_after = None  # nobody approves: only the fault can end the wait
    async with Session(_profile(sim, "device_code"), sleep=_fast_sleep) as session:
        with pytest.raises(errors.SignOnFailed) as caught:
            await session.login()
    assert "HTTP 503" in caught.value.message and "try again" in caught.value.hint
    assert fault.hits == 2  # one poll, retried once


# --------------------------------------------------------------------------- clocks


class SkewedClock:
    """The local clock, ``offset`` seconds off the server's; ``advance`` moves it on."""

    def __init__(self, offset: float) -> None:
        self.offset = offset

    def __call__(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@pytest.mark.parametrize("offset", [-7 * 60, 7 * 60, 6 * 3600])
async def test_a_clock_minutes_off_keeps_client_credentials_tokens_working(
        sim: Simulator, auth_isolation: Path, offset: float) -> None:
    clock = SkewedClock(offset)
    async with Session(_profile(sim), clock=clock) as session:
        first = await session.access_token()
        for _ in range(5):
            assert await session.access_token() == first  # not "expired" on arrival
        async with PingOneClient(sim.api_base_url, session) as api:
            pages = [p async for p in list_pages(api, "environments")]
        assert pages[-1].fetched == 29 and sim.token_requests == 1
        clock.advance(300)  # the lifetime, by the local clock: fetch a new one
        assert await session.access_token() != first
    assert sim.token_requests == 2


@pytest.mark.parametrize("offset", [-7 * 60, 7 * 60])
async def test_a_clock_minutes_off_refreshes_a_signed_on_session_at_the_right_time(
        sim: Simulator, auth_isolation: Path, offset: float) -> None:
    clock = SkewedClock(offset)
    async with Session(_profile(sim, "device_code"), clock=clock,
                       sleep=_fast_sleep) as session:
        status = await session.login()
        assert status.signed_in
        first = await session.access_token()
        assert await session.access_token() == first
        requests = sim.token_requests
        clock.advance(250)  # within the skew margin of the 300 s lifetime: refresh first
        fresh = await session.access_token()
        assert fresh != first and sim.token_requests == requests + 1
        async with PingOneClient(sim.api_base_url, session) as api:
            body = await api.get_json("/environments", {"limit": 1})
        assert body.get("count") == 29
        assert (await session.status()).signed_in
