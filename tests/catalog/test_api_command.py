"""`pingtui api PATH`: any path, query fields, --paginate, the token only to the API origin,
and methods that change the tenant never sent by accident."""

from __future__ import annotations

import json

import pytest

from pingtui.sim import Simulator


def test_get_a_path_with_or_without_v1(cli, catalog_sim: Simulator):
    env = catalog_sim.admin_environment_id
    plain = cli("api", f"environments/{env}")
    with_v1 = cli("api", f"/v1/environments/{env}")
    assert plain.code == with_v1.code == 0, (plain, with_v1)
    assert json.loads(plain.out)["name"] == json.loads(with_v1.out)["name"] == "Administrators"


def test_fields_are_query_parameters_and_paginate_merges_the_pages(cli, catalog_sim):
    catalog_sim.reset_counters()
    one = json.loads(cli("api", "/environments", "-F", "limit=5").out)
    assert len(one["_embedded"]["environments"]) == 5 and "next" in one["_links"]
    merged = json.loads(cli("api", "/environments", "-F", "limit=5", "--paginate").out)
    names = [e["name"] for e in merged["_embedded"]["environments"]]
    assert len(names) == len(set(names)) == 29 and merged["size"] == 29
    assert "next" not in merged["_links"]
    assert catalog_sim.count("/v1/environments?") == 1 + 6


def test_any_output_format(cli):
    result = cli("api", "/roles", "-o", "yaml")
    assert result.code == 0 and "name: Organization Admin" in result.out


def test_an_api_error_is_an_error(cli):
    result = cli("api", "/environments/00000000-0000-4000-8000-000000000000")
    assert result.code == 1 and "not found" in result.err.lower()
    assert "Traceback" not in result.err


def test_the_token_goes_only_to_the_api_origin(cli, catalog_sim):
    catalog_sim.reset_counters()
    result = cli("api", "https://attacker.example/v1/environments")
    assert result.code == 1, result
    assert "did not send your token" in result.err


def test_a_bad_field_is_a_usage_error(cli):
    result = cli("api", "/roles", "-F", "limit")
    assert result.code == 2 and "KEY=VALUE" in result.err


def test_a_change_without_a_terminal_needs_yes(cli, catalog_sim, tmp_path):
    body = tmp_path / "body.json"
    body.write_text('{"name": "x"}')
    catalog_sim.reset_counters()
    refused = cli("api", "/environments", "-X", "POST", "--input", str(body))
    assert refused.code == 2 and "--yes" in refused.err
    assert catalog_sim.count("/v1/environments", method="POST") == 0
    sent = cli("api", "/environments", "-X", "POST", "--input", str(body), "--yes")
    # The simulator is read-only: the POST reached it and was refused as PingOne would.
    assert sent.code == 1 and catalog_sim.count("/v1/environments", method="POST") == 1


@pytest.mark.parametrize(("answer", "code", "posts"), [("n\n", 130, 0), ("y\n", 1, 1)])
def test_a_change_on_a_terminal_asks(cli, catalog_sim, tmp_path, answer, code, posts):
    body = tmp_path / "body.json"
    body.write_text('{"name": "x"}')
    catalog_sim.reset_counters()
    result = cli("api", "/environments", "-X", "POST", "--input", str(body), stdin=answer,
                 tty=True)
    assert result.code == code, result
    assert "Send POST /environments on 127.0.0.1? This changes the tenant." in result.err
    assert catalog_sim.count("/v1/environments", method="POST") == posts


def test_input_needs_a_method_and_json(cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("not json")
    assert cli("api", "/roles", "--input", str(bad)).code == 2
    assert "not JSON" in cli("api", "/roles", "-X", "PUT", "--input", str(bad), "--yes").err


def test_a_refusal_exits_4_like_every_command(cli, catalog_sim):
    envs = catalog_sim.data.environments
    pci = next(envs[i]["id"] for i in range(len(envs)) if envs[i]["name"] == "Payments PCI")
    result = cli("api", f"/environments/{pci}/users")
    assert result.code == 4, result
    assert "identity:read:users" in result.err and "Traceback" not in result.err
