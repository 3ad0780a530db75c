"""Each TLS and proxy failure, as the user reads it: the exact lines and the exit code.

A listing with client credentials signs on first, so a failure on the way reaches the user as a
failed sign-on (exit 3, as for any connection the sign-on could not make); the API client's
own path says the same words with exit 1. Nothing is retried that can't get better (a
certificate, a refusal), and a proxy's password never shows.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sim_profiles import profile_yaml

from net.conftest import BLOCKED_HOST, CA, PROXY_PASSWORD, PROXY_USER, SIM_HOST, Proxy
from pingtui.api import errors as api_errors
from pingtui.api.client import PingOneClient
from pingtui.network import Network
from pingtui.sim import Simulator
from pingtui.sim.tls import LOOPBACK_NAMES

CA_HINT = ("If your network inspects TLS, set SSL_CERT_FILE or the profile's caBundle to your "
           "company's CA (pingtui init -P work --ca-bundle PATH).")


@pytest.fixture(scope="session")
def no_root_sim(test_ca: CA) -> Iterator[Simulator]:
    """A server that sends its certificate without the root (an unknown issuer)."""
    with Simulator(tls=test_ca.authority.server_context(LOOPBACK_NAMES, with_root=False),
                   size=3) as sim:
        yield sim


def _host(sim: Simulator) -> str:
    return httpx.URL(sim.base_url).netloc.decode()


def _configure(config_file: Path, sim: Simulator, **pingone: str) -> None:
    text = profile_yaml(sim)
    for key, value in pingone.items():
        text = text.replace("      authentication:", f"      {key}: {value}\n      authentication:")
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text(text)


def _errors(err: str) -> list[str]:
    """stderr without the config warnings (the test profile keeps its secret in the file)."""
    return [line for line in err.splitlines() if not line.startswith("pingtui: warning:")]


def test_untrusted_certificate(tls_sim: Simulator, config_file: Path, run_cli) -> None:
    _configure(config_file, tls_sim)
    result = run_cli("environments", "list")
    assert result.code == 3, result
    assert _errors(result.err) == [
        (f"pingtui: The certificate of {_host(tls_sim)} is not trusted (self-signed "
         "certificate in chain)."), CA_HINT]
    assert result.out == ""


def test_untrusted_certificate_of_an_unknown_issuer(no_root_sim: Simulator, config_file: Path,
                                                    run_cli) -> None:
    _configure(config_file, no_root_sim)
    result = run_cli("environments", "list")
    assert result.code == 3, result
    assert _errors(result.err) == [
        (f"pingtui: The certificate of {_host(no_root_sim)} is not trusted (issued by an "
         "unknown CA)."), CA_HINT]


async def test_the_api_client_says_the_same_and_does_not_retry(tls_sim: Simulator) -> None:
    class NoToken(httpx.Auth):
        pass

    async with PingOneClient(tls_sim.api_base_url, NoToken(),
                             network=Network(profile="work")) as client:
        with pytest.raises(api_errors.Unreachable) as caught:
            await client.get_json("/environments")
        assert client.requests == 1  # a certificate does not get better by asking again
    assert caught.value.exit_code == 1
    assert caught.value.message == (f"The certificate of {_host(tls_sim)} is not trusted "
                                    "(self-signed certificate in chain).")
    assert caught.value.hint == CA_HINT


def test_host_name_mismatch(wrong_host_sim: Simulator, test_ca: CA, config_file: Path,
                            run_cli) -> None:
    _configure(config_file, wrong_host_sim, caBundle=str(test_ca.file))
    result = run_cli("environments", "list")
    host = _host(wrong_host_sim)
    assert result.code == 3, result
    assert _errors(result.err) == [
        f"pingtui: The certificate of {host} is for another host name (host-name mismatch).",
        ("Check the profile's region, custom domain and base URLs; if a proxy inspects TLS, "
         f"its certificate for {host} must name that host — tell your network admin.")]


def test_expired_certificate(expired_sim: Simulator, test_ca: CA, config_file: Path,
                             run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(test_ca.file))
    _configure(config_file, expired_sim)
    result = run_cli("environments", "list")
    assert result.code == 3, result
    assert _errors(result.err) == [
        f"pingtui: The certificate of {_host(expired_sim)} has expired.",
        ("Check this computer's date and time; if they are right, the server (or your "
         "network's TLS-inspecting proxy) must renew its certificate — tell its admin.")]


def test_proxy_wants_a_password(named_sim: Simulator, test_ca: CA, auth_proxy: Proxy,
                                config_file: Path, run_cli,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", auth_proxy.url)
    _configure(config_file, named_sim, caBundle=str(test_ca.file))
    result = run_cli("environments", "list")
    assert result.code == 3, result
    assert _errors(result.err) == [
        (f"pingtui: The proxy {auth_proxy.url} refused to connect to {_host(named_sim)} (407 "
         "Proxy Authentication Required)."),
        ("The proxy wants a user name and password: put them in HTTPS_PROXY "
         "(http://USER:PASSWORD@HOST:PORT), or ask your network admin to let pingtui through.")]


def test_proxy_refuses_the_password(named_sim: Simulator, test_ca: CA, auth_proxy: Proxy,
                                    config_file: Path, run_cli,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", auth_proxy.url_with(PROXY_USER, "wrong-password-77"))
    _configure(config_file, named_sim, caBundle=str(test_ca.file))
    result = run_cli("environments", "list", "--debug")
    assert result.code == 3, result
    assert (f"pingtui: The proxy {auth_proxy.url} refused to connect to {_host(named_sim)} "
            "(407 Proxy Authentication Required).") in result.err.splitlines()
    assert ("The proxy did not accept the user name and password in HTTPS_PROXY; check them "
            "with your network admin.") in result.err.splitlines()
    assert "wrong-password-77" not in result.err + result.out  # --debug logs included


def test_proxy_with_the_password_carries_the_listing(named_sim: Simulator, test_ca: CA,
                                                     auth_proxy: Proxy, config_file: Path,
                                                     run_cli,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", auth_proxy.url_with(PROXY_USER, PROXY_PASSWORD))
    _configure(config_file, named_sim, caBundle=str(test_ca.file))
    result = run_cli("environments", "list", "-o", "json", "--debug")
    assert result.code == 0, result
    assert f"CONNECT {_host(named_sim)}" in auth_proxy.lines()
    assert PROXY_PASSWORD not in result.err


def test_proxy_refuses_the_connection(named_sim: Simulator, test_ca: CA, proxy: Proxy,
                                      config_file: Path, run_cli,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    port = httpx.URL(named_sim.base_url).port
    blocked = f"https://{BLOCKED_HOST}:{port}"
    _configure(config_file, named_sim, caBundle=str(test_ca.file))
    config_file.write_text(config_file.read_text().replace(named_sim.base_url, blocked))
    result = run_cli("environments", "list")
    assert result.code == 3, result
    assert _errors(result.err) == [
        (f"pingtui: The proxy {proxy.url} refused the connection to {BLOCKED_HOST}:{port} (403 "
         "Forbidden)."),
        (f"Ask your network admin to allow {BLOCKED_HOST}:{port} through the proxy, or add it "
         "to NO_PROXY if it is reachable directly.")]
    assert f"CONNECT {BLOCKED_HOST}:{port}" in proxy.lines()


def test_proxy_is_down(named_sim: Simulator, test_ca: CA, dead_proxy_port: int,
                       config_file: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{dead_proxy_port}")
    _configure(config_file, named_sim, caBundle=str(test_ca.file))
    result = run_cli("environments", "list")
    assert result.code == 3, result
    assert _errors(result.err) == [
        (f"pingtui: Could not connect to the proxy http://127.0.0.1:{dead_proxy_port} "
         "(connection refused)."),
        ("Check the proxy setting (HTTPS_PROXY; pingtui auth status shows it), or whether the "
         "proxy is running.")]


def test_the_profiles_proxy_is_named_in_the_hint(named_sim: Simulator, test_ca: CA,
                                                 dead_proxy_port: int, config_file: Path,
                                                 run_cli) -> None:
    _configure(config_file, named_sim, caBundle=str(test_ca.file),
               proxy=f"http://127.0.0.1:{dead_proxy_port}")
    result = run_cli("environments", "list")
    assert result.code == 3, result
    assert _errors(result.err)[1] == (
        "Check the proxy setting (the profile's proxy; pingtui auth status shows it), or "
        "whether the proxy is running.")


def test_a_missing_ca_bundle_is_named(tls_sim: Simulator, tmp_path: Path, config_file: Path,
                                      run_cli) -> None:
    missing = tmp_path / "nowhere" / "corp.pem"
    _configure(config_file, tls_sim, caBundle=str(missing))
    result = run_cli("environments", "list")
    assert result.code == 1, result
    assert _errors(result.err) == [
        f"pingtui: The profile's caBundle names {missing}, which is not an existing file.",
        "Point it at your company's CA certificates (PEM), or remove it."]


def test_verification_cannot_be_turned_off(tls_sim: Simulator, config_file: Path, run_cli,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The switches other tools honour change nothing: there is no way to skip verification."""
    for name, value in (("PYTHONHTTPSVERIFY", "0"), ("CURL_CA_BUNDLE", ""),
                        ("REQUESTS_CA_BUNDLE", ""), ("PINGTUI_INSECURE", "1")):
        monkeypatch.setenv(name, value)
    _configure(config_file, tls_sim)
    result = run_cli("environments", "list")
    assert result.code == 3 and "is not trusted" in result.err, result
    context = Network().context_for(tls_sim.base_url)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


def test_proxy_cannot_reach_the_host(named_sim: Simulator, test_ca: CA, proxy: Proxy,
                                     dead_proxy_port: int, config_file: Path, run_cli,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    nowhere = f"{SIM_HOST}:{dead_proxy_port}"  # the proxy resolves it; nothing listens
    _configure(config_file, named_sim, caBundle=str(test_ca.file))
    config_file.write_text(config_file.read_text().replace(_host(named_sim), nowhere))
    result = run_cli("environments", "list")
    assert result.code == 3, result
    assert _errors(result.err) == [
        f"pingtui: The proxy {proxy.url} could not reach {nowhere} (502 Bad Gateway).",
        ("Check the host name (the profile's region or domain); the proxy may not reach the "
         "internet right now.")]


def test_https_to_a_port_that_speaks_plain_http(config_file: Path, run_cli) -> None:
    with Simulator(size=3) as plain:  # http://127.0.0.1:PORT, asked for https://
        https = plain.base_url.replace("http://", "https://")
        config_file.parent.mkdir(parents=True, exist_ok=True)
        config_file.write_text(profile_yaml(plain).replace(plain.base_url, https))
        result = run_cli("environments", "list")
    assert result.code == 3, result
    assert _errors(result.err) == [
        (f"pingtui: The secure (TLS) connection to {_host(plain)} failed (wrong version "
         "number)."),
        "Check the URL's port and any proxy in the way (pingtui auth status shows it)."]


def test_ssl_cert_file_naming_nothing_is_said(tls_sim: Simulator, tmp_path: Path,
                                              config_file: Path, run_cli,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "gone.pem"
    monkeypatch.setenv("SSL_CERT_FILE", str(missing))
    _configure(config_file, tls_sim)
    result = run_cli("environments", "list")
    assert result.code == 1, result
    assert _errors(result.err) == [
        f"pingtui: SSL_CERT_FILE names {missing}, which is not an existing file.",
        "Point it at your company's CA certificates (PEM), or unset it."]


def test_certificate_not_valid_yet(not_yet_valid_sim: Simulator, test_ca: CA,
                                   config_file: Path, run_cli) -> None:
    _configure(config_file, not_yet_valid_sim, caBundle=str(test_ca.file))
    result = run_cli("environments", "list")
    assert result.code == 3, result
    assert _errors(result.err) == [
        f"pingtui: The certificate of {_host(not_yet_valid_sim)} is not valid yet.",
        "Check this computer's date and time (the certificate starts later than now)."]


def test_the_tunnel_closes_in_the_handshake(named_sim: Simulator, test_ca: CA, proxy: Proxy,
                                            closing_port: int, config_file: Path, run_cli,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    closing = f"{SIM_HOST}:{closing_port}"
    _configure(config_file, named_sim, caBundle=str(test_ca.file))
    config_file.write_text(config_file.read_text().replace(_host(named_sim), closing))
    result = run_cli("environments", "list")
    assert result.code == 3, result
    assert _errors(result.err) == [
        (f"pingtui: The proxy {proxy.url} closed the connection to {closing} during the TLS "
         "handshake."),
        "The proxy may block or fail to inspect this host; ask your network admin."]
    assert f"CONNECT {closing}" in proxy.lines()
