"""Through a real forwarding proxy (proxy.py, its own process): a listing and the sign-ons.

The simulator is reached as https://sim.pingtui.test:PORT, a name only the proxy resolves, so
a request that got an answer went through it — and the proxy's log shows the CONNECT. NO_PROXY
sends a host direct; this machine (the simulator on 127.0.0.1, the loopback redirect listener)
never goes through a proxy, whatever the environment says.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest
from auth.conftest import FastClock
from sim_profiles import profile_yaml

from net.conftest import CA, PROXY_PASSWORD, PROXY_USER, SIM_HOST, Proxy
from pingtui.auth.session import Session
from pingtui.config import Authentication, PingOneSettings, Profile
from pingtui.network import Network
from pingtui.proxies import PROFILE_SOURCE
from pingtui.sim import Simulator

ALL_PROXY_VARIABLES = ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "https_proxy", "http_proxy",
                       "all_proxy")


def _netloc(sim: Simulator) -> str:
    return httpx.URL(sim.base_url).netloc.decode()


def _configure(config_file: Path, sim: Simulator, grant: str = "client_credentials",
               **pingone: str) -> None:
    text = profile_yaml(sim, grant)
    for key, value in pingone.items():
        text = text.replace("      authentication:", f"      {key}: {value}\n      authentication:")
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text(text)


def _profile(sim: Simulator, grant: str, ca: CA, **settings: str) -> Profile:
    client = {"device_code": sim.device_client_id,
              "authorization_code": sim.auth_code_client_id}[grant]
    return Profile(name="work", pingone=PingOneSettings(
        environment_id=sim.admin_environment_id, auth_base_url=sim.base_url,
        api_base_url=sim.api_base_url, ca_bundle=str(ca.file),
        authentication=Authentication(grant_type=grant, client_id=client, storage="none",
                                      scopes=["openid"]), **settings))


def test_listing_through_the_proxy(named_sim: Simulator, test_ca: CA, proxy: Proxy,
                                   config_file: Path, run_cli,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    _configure(config_file, named_sim, caBundle=str(test_ca.file))
    result = run_cli("environments", "list", "-o", "json")
    assert result.code == 0, result
    assert len(json.loads(result.out)) == 3
    # Sign-on and API on one host: kept-alive tunnels, each opened by a CONNECT.
    assert proxy.lines() and set(proxy.lines()) == {f"CONNECT {_netloc(named_sim)}"}


def test_the_profiles_proxy_setting(named_sim: Simulator, test_ca: CA, proxy: Proxy,
                                    config_file: Path, run_cli) -> None:
    _configure(config_file, named_sim, caBundle=str(test_ca.file), proxy=proxy.url)
    result = run_cli("environments", "list", "-o", "json")
    assert result.code == 0, result
    assert f"CONNECT {_netloc(named_sim)}" in proxy.lines()
    status = run_cli("auth", "status")
    assert f"Proxy:      {proxy.url} ({PROFILE_SOURCE})" in status.out.splitlines(), status


def test_auth_status_shows_the_proxy_without_its_password(
        named_sim: Simulator, test_ca: CA, auth_proxy: Proxy, config_file: Path, run_cli,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", auth_proxy.url_with(PROXY_USER, PROXY_PASSWORD))
    _configure(config_file, named_sim, caBundle=str(test_ca.file))
    for output in ("table", "json", "yaml"):
        result = run_cli("auth", "status", "-o", output, "--debug")
        assert result.code == 0, result
        assert PROXY_PASSWORD not in result.out + result.err
        assert PROXY_USER not in result.out
        assert f"{auth_proxy.url} (HTTPS_PROXY)" in result.out
    table = run_cli("auth", "status").out.splitlines()
    assert f"Trust:      the OS trust store + caBundle {test_ca.file}" in table


async def test_device_code_sign_on_through_the_proxy(
        named_sim: Simulator, test_ca: CA, proxy: Proxy,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    async with Session(_profile(named_sim, "device_code", test_ca),
                       sleep=FastClock().sleep) as session:
        status = await session.login()
    assert status.signed_in and status.grant_type == "device_code"
    assert status.proxy == f"{proxy.url} (HTTPS_PROXY)"
    assert f"CONNECT {_netloc(named_sim)}" in proxy.lines()


async def test_authorization_code_through_the_proxy_redirect_stays_on_this_machine(
        named_sim: Simulator, test_ca: CA, proxy: Proxy,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every proxy variable set, NO_PROXY empty: sign-on goes through the proxy, and the
    browser's redirect to http://127.0.0.1:PORT/callback reaches the listener directly."""
    for name in ALL_PROXY_VARIABLES:
        monkeypatch.setenv(name, proxy.url)
    profile = _profile(named_sim, "authorization_code", test_ca)
    redirect = f"http://127.0.0.1:{profile.pingone.authentication.redirect_port}/callback"
    assert Network().proxy_for(redirect) is None
    landings: list[asyncio.Task[httpx.Response]] = []

    async def browse(url: str) -> httpx.Response:
        # The person's browser, on a network that reaches the simulator by address.
        local = httpx.URL(url.replace(f"{SIM_HOST}:", "127.0.0.1:"))
        async with httpx.AsyncClient(verify=test_ca.context, trust_env=False) as browser:
            assert (await browser.get(local)).status_code == 200
            approved = await browser.post(local.copy_with(query=None),
                                          data={**dict(local.params), "decision": "approve"})
            assert approved.status_code == 302
            location = approved.headers["location"]
            assert location.startswith(redirect + "?")
            return await browser.get(location)

    def opener(url: str) -> bool:
        landings.append(asyncio.get_running_loop().create_task(browse(url)))
        return True

    async with Session(profile, opener=opener) as session:
        status = await session.login()
    (landing,) = await asyncio.gather(*landings)
    assert status.signed_in and landing.status_code == 200
    assert f"CONNECT {_netloc(named_sim)}" in proxy.lines()
    assert not [line for line in proxy.lines() if "127.0.0.1" in line]


def test_no_proxy_sends_a_host_direct(named_sim: Simulator, test_ca: CA, proxy: Proxy,
                                      config_file: Path, run_cli, test_dns: None,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "localhost,.pingtui.test")
    _configure(config_file, named_sim, caBundle=str(test_ca.file))
    result = run_cli("environments", "list", "-o", "json")
    assert result.code == 0, result
    assert len(json.loads(result.out)) == 3
    assert proxy.lines() == []  # direct (this process resolved the name: test_dns)
    assert "Proxy:      none (direct)" in run_cli("auth", "status").out.splitlines()


def test_this_machine_is_never_proxied(tls_sim: Simulator, test_ca: CA, proxy: Proxy,
                                       config_file: Path, run_cli,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ALL_PROXY_VARIABLES:
        monkeypatch.setenv(name, proxy.url)
    _configure(config_file, tls_sim, caBundle=str(test_ca.file))  # https://127.0.0.1
    assert run_cli("environments", "list").code == 0
    demo = run_cli("--demo", "environments", "list", "-o", "json")  # http://127.0.0.1
    assert demo.code == 0, demo
    assert proxy.lines() == []
