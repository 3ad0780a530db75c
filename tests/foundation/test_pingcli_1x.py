"""Ping CLI 0.x and 1.x: `profiles import-pingcli` reads both layouts (one real-shaped file
each, tests/data/pingcli/), and 1.x's environment variables drive pingtui as 0.x's do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pingtui.config import Config, load_config, resolve_profile

DATA = Path(__file__).resolve().parent.parent / "data" / "pingcli"
ENV_ID = "3b1b2f7e-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
CI_ENV = "11111111-2222-4333-8444-555555555555"


def _import(layout: str, run_cli, config_file: Path, home: Path):
    target = home / ".pingcli" / "config.yaml"
    target.parent.mkdir(parents=True)
    shutil.copy(DATA / f"config-{layout}.yaml", target)
    before = target.read_bytes()
    result = run_cli("profiles", "import-pingcli")
    assert result.code == 0, result
    assert target.read_bytes() == before  # read-only
    return result, load_config(config_file)


def test_import_the_1x_layout(run_cli, config_file: Path, isolated_user: Path) -> None:
    from pingtui.auth.store import TokenStore

    result, config = _import("1.x", run_cli, config_file, isolated_user)
    assert "Imported 3 of 4 profiles" in result.err
    assert "skipped   platform-only: no PingOne settings" in result.err
    assert config.active_profile == "work"
    work = config.profiles["work"].pingone
    assert (work.root_domain, work.region, work.environment_id) == ("pingone.eu", None, ENV_ID)
    assert work.authentication.grant_type == "device_code"
    assert work.authentication.client_id == "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
    assert work.authentication.scopes == ["openid", "profile"]
    assert work.authentication.storage == "keyring"  # secure_local
    assert work.endpoints().issuer == f"https://auth.pingone.eu/{ENV_ID}/as"
    assert work.endpoints().api_base_url == "https://api.pingone.eu/v1"
    ci = config.profiles["ci"].pingone
    assert ci.authentication.grant_type == "client_credentials"  # `type: worker`
    assert ci.authentication.storage == "none"
    assert ci.custom_domain == "auth.example.com" and ci.environment_id == CI_ENV
    assert ci.endpoints().issuer == "https://auth.example.com/as"
    assert ci.endpoints().api_base_url == "https://api.pingone.com.au/v1"
    assert ci.authentication.scopes == ["p1:read:env"]
    assert "one-x-client-secret" not in config_file.read_text()  # to the store, not the YAML
    assert TokenStore("none").load("ci").client_secret == "one-x-client-secret-0123456789"
    browser = config.profiles["browser"].pingone
    assert browser.authentication.storage == "file"  # file_system
    assert browser.authentication.redirect_port == 7466 and browser.root_domain == "pingone.ca"


def test_import_the_0x_layout(run_cli, config_file: Path, isolated_user: Path,
                              memory_keyring) -> None:
    from pingtui.auth.store import TokenStore

    result, config = _import("0.x", run_cli, config_file, isolated_user)
    assert "Imported 2 of 2 profiles" in result.err
    default = config.profiles["default"].pingone
    assert (default.region, default.environment_id) == ("EU", ENV_ID)
    assert default.authentication.grant_type == "client_credentials"
    assert default.authentication.client_id == "0c8d1c5e-7b4a-4c2e-9f3d-2a1b0c9d8e7f"
    assert TokenStore("keyring").load("default").client_secret == \
        "zero-x-worker-secret-0123456789"
    browser = config.profiles["browser"].pingone
    assert browser.authentication.grant_type == "authorization_code"
    assert browser.authentication.redirect_port == 7465 and browser.region == "NA"


@pytest.fixture
def memory_keyring():
    import keyring

    from auth.keyrings import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())


# --------------------------------------------------------------------------- variables


def _resolved(env: dict[str, str], config: Config | None = None):
    return resolve_profile(config or Config(path=Path("/nonexistent/config.yaml")), None, env)


def test_1x_canonical_variables_alone_describe_a_profile() -> None:
    profile = _resolved({
        "PINGCLI_SERVICE_PINGONE_AUTHENTICATION_GRANTTYPE": "client_credentials",
        "PINGCLI_SERVICE_PINGONE_ENDPOINT_ROOTDOMAIN": "pingone.eu",
        "PINGCLI_SERVICE_PINGONE_ENDPOINT_ENVIRONMENTID": ENV_ID,
        "PINGCLI_SERVICE_PINGONE_AUTHENTICATION_CLIENTCREDENTIALS_CLIENTID": "cc-client",
        "PINGCLI_SERVICE_PINGONE_AUTHENTICATION_CLIENTCREDENTIALS_CLIENTSECRET": "s3cret-1x-abc",
        "PINGCLI_SERVICE_PINGONE_AUTHENTICATION_CLIENTCREDENTIALS_SCOPES": "p1:read:env",
        "PINGCLI_AUTH_STORAGE_TYPE": "none",
    })
    p = profile.pingone
    assert profile.name == "env" and profile.is_complete
    assert (p.root_domain, p.environment_id) == ("pingone.eu", ENV_ID)
    assert p.authentication.grant_type == "client_credentials"
    assert (p.authentication.client_id, p.authentication.client_secret) == ("cc-client",
                                                                           "s3cret-1x-abc")
    assert p.authentication.secret_from.endswith("CLIENTCREDENTIALS_CLIENTSECRET")
    assert p.authentication.scopes == ["p1:read:env"] and p.authentication.storage == "none"
    assert p.endpoints().issuer == f"https://auth.pingone.eu/{ENV_ID}/as"


@pytest.mark.parametrize("prefix", ["", "PINGCLI_"])
def test_1x_short_variables_with_and_without_the_prefix(prefix: str) -> None:
    profile = _resolved({
        f"{prefix}PINGONE_AUTH_GRANT_TYPE": "device_code",
        f"{prefix}PINGONE_ROOT_DOMAIN": "pingone.asia",
        f"{prefix}PINGONE_CUSTOM_DOMAIN": "login.example.com",
        f"{prefix}PINGONE_ENVIRONMENT_ID": ENV_ID,
        f"{prefix}PINGONE_DEVICE_CODE_CLIENT_ID": "dc-client",
        f"{prefix}PINGONE_AUTHORIZATION_CODE_CLIENT_ID": "ac-client",  # another grant's
        f"{prefix}PINGONE_DEVICE_CODE_SCOPES": "openid,profile",
        "PINGCLI_LOGIN_STORAGE_TYPE": "file_system",
    })
    p = profile.pingone
    assert p.authentication.grant_type == "device_code"
    assert p.authentication.client_id == "dc-client"  # the grant's own client
    assert p.authentication.scopes == ["openid", "profile"]
    assert p.authentication.storage == "file"
    assert p.endpoints().issuer == "https://login.example.com/as"
    assert p.endpoints().api_base_url == "https://api.pingone.asia/v1"


def test_1x_variables_override_a_profile_from_the_file(tmp_path: Path) -> None:
    from pingtui.config import parse_config

    config = parse_config(tmp_path / "c.yaml", f"""\
activeProfile: work
profiles:
  work:
    pingone:
      region: NA
      environmentID: {CI_ENV}
      authentication: {{grantType: authorization_code, clientID: file-client}}
""")
    profile = _resolved({"PINGONE_ROOT_DOMAIN": "pingone.sg",
                         "PINGONE_AUTHORIZATION_CODE_CLIENT_ID": "env-client"}, config)
    p = profile.pingone
    assert (p.root_domain, p.region) == ("pingone.sg", None)
    assert p.authentication.client_id == "env-client" and p.environment_id == CI_ENV


@pytest.mark.parametrize("name, value, words", [
    ("PINGCLI_AUTH_STORAGE_TYPE", "cloud_vault", "is not a storage kind"),
    ("PINGONE_ROOT_DOMAIN", "not a domain", "is not a domain name"),
    ("PINGCLI_SERVICE_PINGONE_ENDPOINT_ENVIRONMENTID", "nope", "is not a UUID"),
])
def test_a_bad_1x_variable_is_named(name: str, value: str, words: str) -> None:
    from pingtui.errors import ConfigError

    with pytest.raises(ConfigError) as caught:
        _resolved({name: value})
    assert caught.value.message.startswith(f"${name}: '{value}'") and words in \
        caught.value.message
