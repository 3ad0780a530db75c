"""Real TLS: the three grants against the OpenID Provider and a listing against the simulator,
both serving a certificate from a test CA that is trusted one of three ways:

- ``ssl_cert_file``: ``SSL_CERT_FILE`` names the CA file;
- ``ca_bundle``: the profile's ``caBundle`` names it (nothing in the environment);
- ``os_store``: the CA is installed in a private OS-style store — a directory of certificates
  named by subject hash, the layout of /etc/ssl/certs — that OpenSSL reads as its default
  location (``SSL_CERT_DIR``), which is what ``truststore`` trusts on Linux. Writing to the real
  /etc/ssl/certs would need root and change the machine for everyone, so it is not done.

And the store's fallback: without truststore, certifi's bundle plus SSL_CERT_FILE.
"""

from __future__ import annotations

import asyncio
import json
import ssl
import sys
from pathlib import Path

import httpx
import pytest
from auth.browser import ScriptedBrowser
from auth.conftest import WORKER_SECRET, FastClock, Provider
from sim_profiles import profile_yaml

from net.conftest import CA
from pingtui.auth.flows import DeviceCodeIssued
from pingtui.auth.session import Session
from pingtui.sim import Simulator
from pingtui.tls import Trust, tls_context, truststore_available

TRUST_WAYS = ("ssl_cert_file", "ca_bundle", "os_store")


@pytest.fixture(params=TRUST_WAYS)
def ca_bundle(request: pytest.FixtureRequest, test_ca: CA,
              monkeypatch: pytest.MonkeyPatch) -> str | None:
    """Trust the test CA one way; the profile's caBundle (None when it's the environment)."""
    if request.param == "ssl_cert_file":
        monkeypatch.setenv("SSL_CERT_FILE", str(test_ca.file))
        return None
    if request.param == "os_store":
        assert truststore_available(), "the OS store is read through truststore"
        monkeypatch.setenv("SSL_CERT_DIR", str(test_ca.store))
        return None
    return str(test_ca.file)


def _browser(test_ca: CA, **options: str) -> ScriptedBrowser:
    # The person's browser trusts the CA too, and is not behind pingtui's settings.
    return ScriptedBrowser(verify=test_ca.context, trust_env=False, **options)


async def test_authorization_code_over_tls(ca_bundle: str | None, make_tls_profile,
                                           oidc_tls: Provider, test_ca: CA) -> None:
    browser = _browser(test_ca, login="alice")
    profile = make_tls_profile("authorization_code", ca_bundle=ca_bundle)
    async with Session(profile, opener=browser.opener) as session:
        status = await session.login()
        (landing,) = await browser.finished()
        assert status.signed_in and status.subject == "alice"
        # Discovery answered over https (the built endpoints would look the same otherwise).
        assert session.endpoints.discovered and session.endpoints.token.startswith("https://")
    assert oidc_tls.issuer.startswith("https://127.0.0.1:")
    assert landing.status_code == 200  # the loopback listener's page, plain http on 127.0.0.1


async def test_device_code_over_tls(ca_bundle: str | None, make_tls_profile,
                                    test_ca: CA) -> None:
    fast_clock = FastClock()  # polls without the provider's 1 s wait
    browser = _browser(test_ca, login="bob")
    approvals: list[asyncio.Task[httpx.Response]] = []

    def on_event(event: object) -> None:
        if isinstance(event, DeviceCodeIssued):
            approvals.append(asyncio.get_running_loop().create_task(
                browser.device(event.verification_uri_complete)))

    profile = make_tls_profile("device_code", ca_bundle=ca_bundle)
    async with Session(profile, sleep=fast_clock.sleep) as session:
        try:
            status = await session.login(on_event)
        finally:
            await asyncio.gather(*approvals, return_exceptions=True)
    assert status.signed_in and status.subject == "bob"
    assert [task.result().status_code for task in approvals] == [200]


async def test_client_credentials_over_tls(ca_bundle: str | None, make_tls_profile) -> None:
    profile = make_tls_profile("client_credentials", secret=WORKER_SECRET, ca_bundle=ca_bundle)
    async with Session(profile) as session:
        status = await session.status()
    assert status.signed_in and status.subject == "pingtui-worker"
    assert status.ca_bundle == ca_bundle
    if ca_bundle:
        assert f"caBundle {ca_bundle}" in status.trust


def _sim_config(config_file: Path, sim: Simulator, ca_bundle: str | None = None,
                grant: str = "client_credentials") -> None:
    text = profile_yaml(sim, grant)
    if ca_bundle:
        text = text.replace("      authentication:",
                            f"      caBundle: {ca_bundle}\n      authentication:")
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text(text)


def test_listing_over_tls(ca_bundle: str | None, tls_sim: Simulator, config_file: Path,
                          run_cli) -> None:
    _sim_config(config_file, tls_sim, ca_bundle)
    result = run_cli("environments", "list", "-o", "json")
    assert result.code == 0, result
    assert len(json.loads(result.out)) == 29
    assert result.err.splitlines()[-1] == "Fetched 29 items"
    assert tls_sim.base_url.startswith("https://")


def test_one_tls_context_per_process_and_trust(test_ca: CA,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    url = "https://auth.pingone.eu/x/as"
    assert tls_context(url) is tls_context("https://api.pingone.eu/v1")  # one, shared
    with_bundle = tls_context(url, str(test_ca.file))
    assert with_bundle is tls_context(url, str(test_ca.file)) and with_bundle is not \
        tls_context(url)
    for context in (tls_context(url), with_bundle):
        assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    plain = tls_context("http://127.0.0.1:1/x/as")  # the simulator: no CAs loaded at all
    assert plain.verify_mode == ssl.CERT_REQUIRED and not plain.get_ca_certs()
    monkeypatch.setenv("SSL_CERT_FILE", str(test_ca.file))
    assert Trust.of(None).describe() == f"the OS trust store + SSL_CERT_FILE={test_ca.file}"


def test_without_truststore_certifi_and_ssl_cert_file_serve(
        test_ca: CA, tls_sim: Simulator, config_file: Path, run_cli,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Where truststore can't be imported: certifi's CAs, SSL_CERT_FILE added to them."""
    from pingtui import tls

    monkeypatch.setitem(sys.modules, "truststore", None)  # import truststore -> ImportError
    tls.truststore_available.cache_clear()
    tls._verified_context.cache_clear()
    try:
        assert not tls.truststore_available()
        _sim_config(config_file, tls_sim)
        untrusted = run_cli("environments", "list")
        assert untrusted.code == 3 and "is not trusted" in untrusted.err, untrusted
        monkeypatch.setenv("SSL_CERT_FILE", str(test_ca.file))
        result = run_cli("environments", "list", "-o", "json")
        assert result.code == 0, result
        assert len(json.loads(result.out)) == 29
        assert "certifi's CA bundle (truststore unavailable)" in Trust.of(None).describe()
    finally:
        tls.truststore_available.cache_clear()
        tls._verified_context.cache_clear()
