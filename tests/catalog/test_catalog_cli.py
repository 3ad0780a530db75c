"""Every kind of the catalog on the command line, against one simulator: list (-o json) and
get by ID, `pingtui kinds`, names for IDs, nearest names for an unknown kind."""

from __future__ import annotations

import json

import pytest
from scopes import ENVIRONMENT, listed, scope_args

from pingtui.api.catalog import CATALOG

GENERIC = [k for k in CATALOG if k.cli is None]  # activities has its own commands (issue 14)


@pytest.mark.parametrize("kind", GENERIC, ids=lambda k: k.name)
def test_every_kind_lists_and_gets_from_the_simulator(cli, kind):
    args = scope_args(cli, kind)
    items = listed(cli, kind, args)
    assert items and all(isinstance(i, dict) and i.get("id") for i in items)
    got = cli(kind.name, "get", items[0]["id"], *args, "-o", "json")
    assert got.code == 0, got
    assert json.loads(got.out)["id"] == items[0]["id"]


def test_the_table_shows_the_catalog_columns(cli):
    kind = CATALOG.kinds["sign-on-policies"]
    result = cli(kind.name, "list", "-e", ENVIRONMENT)
    assert result.code == 0, result
    header, *rows = result.out.splitlines()
    assert header.split()[:3] == ["ID", "NAME", "DEFAULT"]
    assert any("Single_Factor" in row for row in rows)
    assert result.err.strip() == f"Fetched {len(rows)} items"


def test_a_parent_option_takes_a_name(cli):
    by_name = listed(cli, CATALOG.kinds["scopes"], ["-e", ENVIRONMENT, "--resource", "openid"])
    assert {s["name"] for s in by_name} >= {"openid", "profile", "email"}
    resources = listed(cli, CATALOG.kinds["resources"], ["-e", ENVIRONMENT])
    openid = next(r for r in resources if r["name"] == "openid")
    assert {s["resource"]["id"] for s in by_name} == {openid["id"]}


def test_an_unknown_parent_name_says_what_to_do(cli):
    result = cli("scopes", "list", "-e", ENVIRONMENT, "--resource", "No Such API")
    assert result.code == 1
    assert "There is no resource named 'No Such API' in Administrators." in result.err
    assert "pingtui resources list" in result.err and "Traceback" not in result.err


def test_get_takes_a_name_and_prints_yaml(cli):
    result = cli("sign-on-policies", "get", "Multi_Factor", "-e", ENVIRONMENT)
    assert result.code == 0, result
    assert "name: Multi_Factor" in result.out.splitlines()


def test_the_organization_parent_defaults_to_the_only_one(cli):
    licenses = listed(cli, CATALOG.kinds["licenses"], [])
    assert {"ACTIVE", "EXPIRED"} <= {lic["status"] for lic in licenses}


def test_a_filter_where_the_server_takes_none_is_applied_here(cli):
    items = listed(cli, CATALOG.kinds["certificates"],
                   ["-e", ENVIRONMENT, "--filter", 'usageType eq "SSL/TLS"'])
    assert items and {c["usageType"] for c in items} == {"SSL/TLS"}


def test_the_limit_stops_the_listing(cli):
    assert len(listed(cli, CATALOG.kinds["notification-templates"],
                      ["-e", ENVIRONMENT, "--limit", "2"])) == 2


def test_every_output_format(cli):
    for fmt, check in (("csv", lambda out: out.splitlines()[0].startswith("ID,NAME,TYPE")),
                       ("yaml", lambda out: "- id: " in out),
                       ("table", lambda out: out.startswith("ID "))):
        result = cli("gateways", "list", "-e", ENVIRONMENT, "-o", fmt)
        assert result.code == 0 and check(result.out), (fmt, result)


def test_kinds_lists_every_kind(cli):
    result = cli("kinds", "-o", "json")
    assert result.code == 0, result
    kinds = json.loads(result.out)
    assert [k["name"] for k in kinds] == CATALOG.names and len(kinds) >= 40
    scopes = next(k for k in kinds if k["name"] == "scopes")
    assert scopes["parent"] == "resources" and scopes["parents"][0]["option"] == "--resource"
    assert scopes["path"] == "/environments/{environment}/resources/{parent}/scopes"
    table = cli("kinds")
    assert table.code == 0 and table.out.split()[:5] == ["NAME", "ALIASES", "PARENT", "PATH",
                                                        "TITLE"]


def test_an_unknown_kind_names_the_nearest(cli):
    with pytest.raises(SystemExit) as exited:
        cli("sign-on-polices", "list", "-e", ENVIRONMENT)
    assert exited.value.code == 2


def test_an_unknown_kind_message(capsys, cli):
    with pytest.raises(SystemExit):
        cli("certficates", "list")
    err = capsys.readouterr().err
    assert "'certficates' is not a command or a resource kind. Did you mean: certificates" in err


def test_a_word_like_no_kind_suggests_none(capsys, cli):
    with pytest.raises(SystemExit):
        cli("nonsense")
    err = capsys.readouterr().err
    assert "'nonsense' is not a command or a resource kind. Run 'pingtui kinds'" in err
    assert "Did you mean" not in err


def test_aliases_are_commands(cli):
    assert listed(cli, CATALOG.kinds["identity-providers"], ["-e", ENVIRONMENT]) == \
        json.loads(cli("idps", "list", "-e", ENVIRONMENT, "-o", "json").out)


def test_the_demo_serves_the_new_kinds(run_cli):
    """`--demo` (its own simulator, no profile) lists a kind the first five never had."""
    result = run_cli("--demo", "gateway-instances", "list", "-e", ENVIRONMENT,
                     "--gateway", "Corporate LDAP", "-o", "json")
    assert result.code == 0, result
    assert {i["hostname"] for i in json.loads(result.out)} >= {"gw1.corp.example"}
