"""Demo mode: a transient profile on the simulator; the real device-code sign-on approves
itself; nothing of the user's (config, keyring, files) is touched."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from pingtui.api.client import PingOneClient
from pingtui.api.resources import list_pages
from pingtui.auth.session import Session
from pingtui.demo import start_demo


def test_demo_profile_is_transient_and_points_at_the_simulator():
    with start_demo() as demo:
        sim, profile = demo.simulator, demo.profile
        assert profile.name == "demo"
        settings = profile.pingone
        assert settings is not None
        assert settings.authentication.grant_type == "device_code"
        assert settings.authentication.storage == "none"
        assert settings.authentication.client_id == sim.device_client_id
        endpoints = settings.endpoints()
        assert endpoints.issuer == sim.issuer and endpoints.api_base_url == sim.api_base_url
        assert httpx.get(endpoints.discovery).json()["issuer"] == sim.issuer
        secret = demo.profile_for("client_credentials").pingone.authentication.client_secret
        assert secret == sim.client_secret and settings.authentication.client_secret is None
    with pytest.raises(httpx.ConnectError):  # stopped on leaving the block
        httpx.get(sim.issuer + "/.well-known/openid-configuration")


async def test_device_code_sign_on_approves_itself_and_lists():
    events: list[object] = []
    slept: list[float] = []

    async def no_wait(seconds: float) -> None:  # the poll interval, without waiting it out
        slept.append(seconds)

    with start_demo(auto_approve_after=0) as demo:
        async with Session(demo.profile, sleep=no_wait) as session:
            status = await session.login(events.append)
            assert status.signed_in
            async with PingOneClient(demo.simulator.api_base_url, session) as client:
                pages = [p async for p in list_pages(client, "environments")]
    assert pages[-1].fetched == 29
    issued = [e for e in events if type(e).__name__ == "DeviceCodeIssued"]
    assert issued and issued[0].verification_uri_complete.startswith(demo.simulator.base_url)


def test_demo_listing_touches_no_user_files(run_cli, isolated_user: Path):
    before = sorted(isolated_user.rglob("*"))
    result = run_cli("--demo", "environments", "list", "-o", "json")
    assert result.code == 0, result
    assert sorted(isolated_user.rglob("*")) == before
