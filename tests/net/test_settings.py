"""The network settings: which proxy a URL gets, init --ca-bundle/--proxy, the profiles file."""

from __future__ import annotations

from pathlib import Path

import pytest

from net.conftest import CA
from pingtui.config import load_config
from pingtui.proxies import PROFILE_SOURCE, ProxyChoice, bypassed, check_proxy_url, proxy_for

PROXY = "http://proxy.corp:3128"


@pytest.mark.parametrize("url, env, expected", [
    ("https://auth.pingone.eu/x", {"HTTPS_PROXY": PROXY}, (PROXY, "HTTPS_PROXY")),
    ("https://auth.pingone.eu/x", {"https_proxy": PROXY, "HTTPS_PROXY": "http://other:1"},
     (PROXY, "https_proxy")),  # the lower-case name first, as curl and urllib
    ("https://auth.pingone.eu/x", {"HTTP_PROXY": PROXY}, None),  # http's proxy is not https's
    ("https://auth.pingone.eu/x", {"ALL_PROXY": PROXY}, (PROXY, "ALL_PROXY")),
    ("https://auth.pingone.eu/x", {"HTTPS_PROXY": "proxy.corp:3128"}, (PROXY, "HTTPS_PROXY")),
    ("https://auth.pingone.eu/x", {}, None),
    # This machine: never, whatever is set.
    ("http://127.0.0.1:7464/callback", {"HTTP_PROXY": PROXY, "ALL_PROXY": PROXY}, None),
    ("https://127.0.0.1:8443/v1", {"HTTPS_PROXY": PROXY}, None),
    ("http://127.3.4.5:80/", {"ALL_PROXY": PROXY}, None),
    ("http://localhost:9/", {"ALL_PROXY": PROXY}, None),
    ("http://[::1]:9/", {"ALL_PROXY": PROXY}, None),
])
def test_proxy_from_the_environment(url: str, env: dict[str, str],
                                    expected: tuple[str, str] | None) -> None:
    choice = proxy_for(url, env=env)
    assert (None if choice is None else (choice.url, choice.source)) == expected


@pytest.mark.parametrize("host, port, no_proxy, direct", [
    ("auth.pingone.eu", 443, "*", True),
    ("auth.pingone.eu", 443, "pingone.eu", True),        # a domain covers its subdomains
    ("auth.pingone.eu", 443, ".pingone.eu", True),
    ("auth.pingone.eu", 443, "*.pingone.eu", True),
    ("pingone.eu", 443, ".pingone.eu", True),
    ("auth.pingone.eu", 443, "one.eu", False),           # not a suffix of the name's labels
    ("auth.pingone.eu", 443, "auth.pingone.eu:443", True),
    ("auth.pingone.eu", 443, "auth.pingone.eu:8443", False),
    ("10.1.2.3", 443, "10.0.0.0/8", True),
    ("10.1.2.3", 443, "10.1.2.3", True),
    ("192.168.1.2", 443, "10.0.0.0/8, 192.168.0.0/16", True),
    ("172.16.0.1", 443, "10.0.0.0/8", False),
    ("2001:db8::1", 443, "2001:db8::/32", True),
    ("API.PingOne.EU", 443, "pingone.eu", True),
    ("auth.pingone.eu", 443, "", False),
])
def test_no_proxy(host: str, port: int, no_proxy: str, direct: bool) -> None:
    assert bypassed(host, port, no_proxy) is direct


def test_the_profiles_proxy_wins_and_no_proxy_still_applies() -> None:
    env = {"HTTPS_PROXY": "http://env-proxy:8080", "NO_PROXY": "internal.example"}
    assert proxy_for("https://auth.pingone.eu/x", configured=PROXY, env=env) == \
        ProxyChoice(PROXY, PROFILE_SOURCE)
    assert proxy_for("https://login.internal.example/as", configured=PROXY, env=env) is None


def test_a_proxy_url_is_shown_without_credentials() -> None:
    choice = ProxyChoice("http://alice:s%40cret-pass@proxy.corp:3128", "HTTPS_PROXY")
    assert choice.shown == PROXY and choice.has_credentials


@pytest.mark.parametrize("value, problem", [
    ("http://proxy.corp:3128", None),
    ("proxy.corp:3128", None),
    ("https://proxy.corp", None),
    ("socks5://proxy.corp:1080", "uses socks5://"),
    ("http://proxy.corp:99999", "is not a proxy URL"),
    ("http://proxy.corp:3128/path", "must be only a scheme, host and port"),
    ("http://alice:pw@proxy.corp:3128", "holds a user name or password"),
])
def test_the_profiles_proxy_is_checked(value: str, problem: str | None) -> None:
    found = check_proxy_url(value, credentials=False)
    assert (found is None) if problem is None else (problem in (found or ""))


def test_init_writes_ca_bundle_and_proxy(test_ca: CA, config_file: Path, run_cli,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(test_ca.file.parent)
    result = run_cli("init", "--grant-type", "device_code", "--region", "EU",
                     "--environment-id", "3b1b2f7e-1a2b-4c3d-9e8f-0a1b2c3d4e5f",
                     "--client-id", "app", "--ca-bundle", test_ca.file.name, "--proxy", PROXY)
    assert result.code == 0, result
    settings = load_config(config_file).profiles["default"].pingone
    assert settings is not None
    assert settings.ca_bundle == str(test_ca.file)  # made absolute
    assert settings.proxy == PROXY
    text = config_file.read_text()
    assert f"caBundle: {test_ca.file}" in text and f"proxy: {PROXY}" in text
    # "" removes them; the rest of the profile stays.
    assert run_cli("init", "--ca-bundle", "", "--proxy", "").code == 0
    settings = load_config(config_file).profiles["default"].pingone
    assert settings is not None and settings.ca_bundle is None and settings.proxy is None
    assert settings.authentication.client_id == "app"


def test_init_refuses_a_bundle_that_is_not_pem(tmp_path: Path, config_file: Path,
                                               run_cli) -> None:
    junk = tmp_path / "corp.pem"
    junk.write_text("not a certificate\n")
    result = run_cli("init", "--region", "EU", "--ca-bundle", str(junk))
    assert result.code == 2
    assert result.err.splitlines()[0].startswith(
        f"pingtui: --ca-bundle {junk} holds no usable CA certificate")
    missing = run_cli("init", "--region", "EU", "--ca-bundle", str(tmp_path / "no.pem"))
    assert missing.code == 2 and "which is not an existing file" in missing.err
    assert not config_file.exists()


def test_init_refuses_a_proxy_password_without_repeating_it(config_file: Path,
                                                            run_cli) -> None:
    result = run_cli("init", "--region", "EU", "--proxy", "http://alice:hunter2-pw@proxy:3128")
    assert result.code == 2
    assert "holds a user name or password" in result.err
    assert "hunter2-pw" not in result.err
    assert not config_file.exists()


def test_a_password_in_the_files_proxy_is_refused_without_repeating_it(
        config_file: Path, run_cli) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text("""\
activeProfile: work
profiles:
  work:
    pingone:
      region: EU
      environmentID: 3b1b2f7e-1a2b-4c3d-9e8f-0a1b2c3d4e5f
      proxy: http://alice:hunter2-pw@proxy:3128
      authentication: {grantType: device_code, clientID: app, storage: none}
""")
    result = run_cli("auth", "status")
    assert result.code == 1
    assert "pingone.proxy (the proxy URL) holds a user name or password" in result.err
    assert "hunter2-pw" not in result.err
