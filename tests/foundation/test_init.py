"""`pingtui init` with flags: a complete profile, or a clear refusal and nothing written."""

from __future__ import annotations

import yaml

ENV_ID = "3b1b2f7e-1a2b-4c3d-9e8f-0a1b2c3d4e5f"


def test_init_writes_a_complete_profile(run_cli, config_file) -> None:
    result = run_cli("init", "-P", "eu", "--grant-type", "device_code", "--region", "eu",
                     "--environment-id", ENV_ID, "--client-id", "abc", "--scopes", "openid",
                     "profile", "--description", "Europe")
    assert result.code == 0, result
    assert "Created profile 'eu'" in result.err
    data = yaml.safe_load(config_file.read_text())
    assert data["activeProfile"] == "eu"
    assert data["profiles"]["eu"] == {
        "description": "Europe",
        "pingone": {
            "region": "EU",
            "environmentID": ENV_ID,
            "authentication": {"grantType": "device_code", "clientID": "abc",
                               "scopes": ["openid", "profile"], "storage": "keyring"},
        },
    }


def test_init_updates_only_what_it_is_given(run_cli, config_file) -> None:
    run_cli("init", "-P", "p", "--grant-type", "authorization_code", "--root-domain",
            "pingone.eu", "--environment-id", ENV_ID, "--client-id", "one")
    assert run_cli("init", "-P", "p", "--client-id", "two", "--redirect-port", "8000").code == 0
    pingone = yaml.safe_load(config_file.read_text())["profiles"]["p"]["pingone"]
    assert pingone["rootDomain"] == "pingone.eu" and "region" not in pingone
    assert pingone["authentication"]["clientID"] == "two"
    assert pingone["authentication"]["redirectURIPort"] == 8000


def test_init_custom_domain_and_base_urls(run_cli, config_file) -> None:
    result = run_cli("init", "-P", "c", "--grant-type", "device_code", "--custom-domain",
                     "login.example.com", "--environment-id", ENV_ID, "--client-id", "x",
                     "--api-base-url", "http://127.0.0.1:9999/v1")
    assert result.code == 0, result
    from pingtui.config import load_config

    endpoints = load_config(config_file).profiles["c"].pingone.endpoints()
    assert endpoints.issuer == "https://login.example.com/as"
    assert endpoints.api_base_url == "http://127.0.0.1:9999/v1"


def test_incomplete_or_invalid_init_writes_nothing(run_cli, config_file) -> None:
    cases = [
        (("--grant-type", "device_code", "--client-id", "x"), "missing --environment-id"),
        (("--environment-id", "nope", "--client-id", "x"), "is not a UUID"),
        (("--environment-id", ENV_ID, "--client-id", "x", "--api-base-url",
          "http://api.example.com/v1"), "plain http is only allowed"),
        (("--environment-id", ENV_ID, "--client-id", "x", "--custom-domain", "not a domain"),
         "is not a domain name"),
    ]
    for argv, message in cases:
        result = run_cli("init", "-P", "p", *argv)
        assert result.code == 2, result
        assert message in result.err
        assert not config_file.exists()


def test_init_without_flags_and_terminal_explains(run_cli, config_file) -> None:
    result = run_cli("init")
    assert result.code == 2 and "needs flags" in result.err


def test_secret_from_stdin_stays_out_of_yaml_unless_file_storage(run_cli, config_file) -> None:
    secret = "stdin-secret-0123456789"
    base = ("init", "-P", "ci", "--grant-type", "client_credentials", "--environment-id",
            ENV_ID, "--client-id", "cid", "--client-secret-stdin")
    result = run_cli(*base, "--storage", "keyring", stdin=secret + "\n")
    assert secret not in result.err
    assert not config_file.exists() or secret not in config_file.read_text()
    assert run_cli(*base, "--storage", "file", stdin=secret + "\n").code == 0
    assert secret in config_file.read_text()
    empty = run_cli(*base, "--storage", "file", stdin="")
    assert empty.code == 2 and "standard input was empty" in empty.err
