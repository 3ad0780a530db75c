"""--auth-base-url as the auth host or the full issuer (custom domain too), --api-base-url with
or without /v1: unit cases, then for real against the simulator (the OpenID Provider case is in
tests/auth/test_cli_newcomer.py)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from pingtui.pingone import canonical_uuid, endpoints_for, is_uuid

ENV = "3b1b2f7e-1a2b-4c3d-9e8f-0a1b2c3d4e5f"


@pytest.mark.parametrize("given, issuer", [
    ("https://auth.pingone.eu", f"https://auth.pingone.eu/{ENV}/as"),
    ("https://auth.pingone.eu/", f"https://auth.pingone.eu/{ENV}/as"),
    (f"https://auth.pingone.eu/{ENV}/as", f"https://auth.pingone.eu/{ENV}/as"),
    (f"https://auth.pingone.eu/{ENV}/as/", f"https://auth.pingone.eu/{ENV}/as"),
    (f"https://auth.pingone.eu/{ENV}/as/.well-known/openid-configuration",
     f"https://auth.pingone.eu/{ENV}/as"),
    ("https://login.example.com/as", "https://login.example.com/as"),
    ("https://gw.corp.example/pingone", f"https://gw.corp.example/pingone/{ENV}/as"),
])
def test_auth_base_url_is_the_host_or_the_issuer(given: str, issuer: str) -> None:
    assert endpoints_for(environment_id=ENV, auth_base_url=given).issuer == issuer


@pytest.mark.parametrize("given, api", [
    ("https://api.pingone.eu", "https://api.pingone.eu/v1"),
    ("https://api.pingone.eu/v1", "https://api.pingone.eu/v1"),
    ("https://api.pingone.eu/v1/", "https://api.pingone.eu/v1"),
    ("https://gw.corp.example/pingone/", "https://gw.corp.example/pingone/v1"),
])
def test_api_base_url_with_or_without_v1(given: str, api: str) -> None:
    assert endpoints_for(environment_id=ENV, api_base_url=given).api_base_url == api


def test_init_takes_environment_and_region_from_a_pasted_issuer(run_cli, config_file) -> None:
    from pingtui.config import load_config

    result = run_cli("init", "-P", "eu", "--grant-type", "device_code", "--client-id", "dc",
                     "--auth-base-url", f"https://auth.pingone.eu/{ENV}/as")
    assert result.code == 0, result
    p = load_config(config_file).profiles["eu"].pingone
    assert p.environment_id == ENV and p.region == "EU"
    assert p.endpoints().issuer == f"https://auth.pingone.eu/{ENV}/as"
    assert p.endpoints().api_base_url == "https://api.pingone.eu/v1"  # the sign-on's region


def test_init_refuses_an_issuer_of_another_environment(run_cli, config_file) -> None:
    other = "11111111-2222-4333-8444-555555555555"
    result = run_cli("init", "-P", "x", "--client-id", "dc", "--environment-id", other,
                     "--auth-base-url", f"https://auth.pingone.eu/{ENV}/as")
    assert result.code == 2 and f"issuer of environment {ENV}" in result.err
    assert not config_file.exists()


def test_an_api_base_url_without_v1_lists_for_real(tmp_path: Path, run_cli) -> None:
    from sim_profiles import profile_yaml

    from pingtui.sim import Simulator

    with Simulator(page_size=10) as sim:
        config = tmp_path / "config.yaml"
        config.write_text(profile_yaml(sim).replace(f"apiBaseURL: {sim.api_base_url}",
                                                    f"apiBaseURL: {sim.base_url}"))
        assert sim.base_url + "/v1" == sim.api_base_url.rstrip("/")
        result = run_cli("--config", str(config), "environments", "list", "-o", "json")
    assert result.code == 0, result
    assert "Administrators" in result.out


@pytest.mark.parametrize("given, canonical", [
    (ENV, ENV),
    (ENV.upper(), ENV),
    ("{" + ENV + "}", ENV),
    (ENV.replace("-", ""), ENV),
    (f"urn:uuid:{ENV}", ENV),
    ("nope", None),
    (ENV[:-1], None),
    (ENV[:-1] + "g", None),
    ("", None),
])
def test_an_id_is_read_in_the_forms_uuid_reads(given: str, canonical: str | None) -> None:
    assert canonical_uuid(given) == canonical
    if canonical is not None:  # the forms the uuid module reads, read the same
        assert str(uuid.UUID(given)) == canonical
    assert is_uuid(given) is (canonical is not None and len(given) == 36)
