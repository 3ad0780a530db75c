"""Every relationship on the command line, from the simulator, with references shown by name;
json stays PingOne's objects; names cost one lookup per referenced collection, not per row.

Expected values come from the simulator's own data (the server side), the names from the
client's lookups: the two are written apart, so agreeing means something.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from pingtui.sim import Fault, Simulator
from pingtui.sim.relations import USER_ROLES

ENV = "Administrators"


def rows(result: Any) -> list[dict[str, str]]:
    assert result.code == 0, result
    return list(csv.DictReader(io.StringIO(result.out)))


def user(sim: Simulator, i: int, env: int = 0) -> dict[str, Any]:
    return sim.data.children(env, "users")[i]


def names_by_id(sim: Simulator, env: int, kind: str) -> dict[str, str]:
    items = sim.data.children(env, kind)
    return {items[i]["id"]: items[i].get("name") for i in range(len(items))}


def test_group_memberships_of_a_user_by_name(rel_cli, rel_sim):
    ada = user(rel_sim, 0)
    got = rows(rel_cli("group-memberships", "list", "-e", ENV, "--user", ada["username"],
                       "-o", "csv"))
    groups = rel_sim.data.children(0, "groups")
    expected = [(groups[g]["name"], kind) for g, kind in rel_sim.platform.relations.memberships(0, 0)]
    assert [(r["GROUP"], r["TYPE"]) for r in got] == expected
    assert ("Help Desk", "INDIRECT") in expected  # through [prod] On-call, nested in it
    assert len(expected) >= 4  # the demo's first admin is in several groups


def test_group_nestings_of_a_group(rel_cli):
    got = rows(rel_cli("group-nestings", "list", "-e", ENV, "--group", "Beta Testers",
                       "-o", "csv"))
    assert [r["GROUP"] for r in got] == ["Engineering"]


def test_role_assignments_of_a_user_name_role_scope_and_environment(rel_cli, rel_sim):
    ada = user(rel_sim, 0)
    got = rows(rel_cli("role-assignments", "list", "-e", ENV, "--user", ada["id"], "-o", "csv"))
    assert [r["ROLE"] for r in got] == [role for role, _ in USER_ROLES[0]]
    by_scope = {r["SCOPE TYPE"]: r for r in got}
    assert by_scope["ORGANIZATION"]["SCOPE"] == "Example Corp"
    env1 = rel_sim.data.environments[1]["name"]
    assert any(r["SCOPE"] == env1 and r["ENVIRONMENT"] == env1 for r in got
               if r["SCOPE TYPE"] == "ENVIRONMENT")
    population = rel_sim.data.children(1, "populations")[0]["name"]  # in another environment
    assert by_scope["POPULATION"]["SCOPE"] == population
    assert by_scope["POPULATION"]["ENVIRONMENT"] == env1
    assert by_scope["APPLICATION"]["SCOPE"] == rel_sim.data.children(1, "applications")[4]["name"]
    assert not any(len(r["ROLE"]) == 36 and r["ROLE"].count("-") == 4 for r in got)  # no IDs


@pytest.mark.parametrize(("option", "name", "roles"), [
    ("--group", "Administrators", {"Environment Admin"}),
    ("--application", "pingtui worker", {"Environment Admin", "Identity Data Read Only",
                                         "Configuration Read Only"}),
])
def test_role_assignments_of_groups_and_applications(rel_cli, option, name, roles):
    got = rows(rel_cli("role-assignments", "list", "-e", ENV, option, name, "-o", "csv"))
    assert {r["ROLE"] for r in got} == roles


def test_role_assignments_of_a_gateway(rel_cli, rel_sim):
    gateway = rel_sim.data.children(0, "gateways")[0]
    got = rows(rel_cli("role-assignments", "list", "-e", ENV, "--gateway", gateway["id"],
                       "-o", "csv"))
    assert [(r["ROLE"], r["SCOPE"]) for r in got] == [("Identity Data Admin", ENV)]


@pytest.mark.parametrize("principals", [[], ["--user", "x", "--group", "y"]])
def test_role_assignments_take_exactly_one_principal(rel_cli, principals, capsys):
    with pytest.raises(SystemExit) as exited:  # argparse's usage error
        rel_cli("role-assignments", "list", "-e", ENV, *principals)
    assert exited.value.code == 2
    assert "--user" in capsys.readouterr().err


def test_grants_show_resources_and_scopes_by_name(rel_cli, rel_sim):
    got = rows(rel_cli("grants", "list", "-e", ENV, "--application", "Mobile Banking",
                       "-o", "csv"))
    by_resource = {r["RESOURCE"]: r["SCOPES"] for r in got}
    assert by_resource["openid"] == "openid, profile, email"
    resources = rel_sim.data.children(0, "resources")
    custom = {resources[i]["name"] for i in range(len(resources))
              if resources[i]["type"] == "CUSTOM"}
    assert set(by_resource) - {"openid"} <= custom


def test_sign_on_policy_assignments_by_name_in_priority_order(rel_cli):
    got = rows(rel_cli("sop-assignments", "list", "-e", ENV, "--application", "Mobile Banking",
                       "-o", "csv"))
    assert [(r["PRIORITY"], r["POLICY"]) for r in got] == [("1", "Single_Factor"),
                                                           ("2", "Multi_Factor")]


def test_attribute_mappings(rel_cli):
    got = rows(rel_cli("attribute-mappings", "list", "-e", ENV, "--application",
                       "Customer Web [prod]", "-o", "csv"))
    assert ("sub", "${user.id}", "true") in [(r["NAME"], r["VALUE"], r["REQUIRED"]) for r in got]


def test_user_sessions_name_their_application(rel_cli, rel_sim):
    ada = user(rel_sim, 0)
    got = rows(rel_cli("user-sessions", "list", "-e", ENV, "--user", ada["id"], "-o", "csv"))
    apps = set(names_by_id(rel_sim, 0, "applications").values())
    assert len(got) == 2 and all(r["APPLICATION"] in apps for r in got)


def test_linked_accounts_name_their_identity_provider(rel_cli, rel_sim):
    ada = user(rel_sim, 0)
    got = rows(rel_cli("linked-accounts", "list", "-e", ENV, "--user", ada["id"], "-o", "csv"))
    providers = rel_sim.data.children(0, "identityProviders")
    assert [r["IDENTITY PROVIDER"] for r in got] and all(
        r["IDENTITY PROVIDER"] in {providers[i]["name"] for i in range(len(providers))}
        for r in got)


def test_users_of_a_group_are_its_direct_members(rel_cli, rel_sim):
    got = rows(rel_cli("users", "list", "-e", ENV, "--group", "Administrators", "-o", "csv"))
    users = rel_sim.data.children(0, "users")
    expected = [users[i]["username"] for i in range(len(users)) if i % 7 == 0]
    assert [r["USERNAME"] for r in got] == expected
    group = rel_sim.data.children(0, "groups")[0]
    assert group["directMemberCounts"]["users"] == len(expected)  # the count agrees


def test_users_of_a_population(rel_cli, rel_sim):
    population = rel_sim.data.children(0, "populations")[1]
    got = rows(rel_cli("users", "list", "-e", ENV, "--population", population["name"],
                       "-o", "csv"))
    users = rel_sim.data.children(0, "users")
    expected = sum(1 for i in range(len(users))
                   if users[i]["population"]["id"] == population["id"])
    assert len(got) == expected > 0
    assert {r["POPULATION"] for r in got} == {population["name"]}


def test_json_stays_the_api_objects(rel_cli, rel_sim):
    result = rel_cli("users", "list", "-e", ENV, "--limit", "3", "-o", "json")
    assert result.code == 0, result
    listed = json.loads(result.out)
    assert listed == [user(rel_sim, i) for i in range(3)]  # population.id, no names added


def test_names_cost_one_lookup_per_collection_not_per_row(rel_cli, rel_sim):
    rel_sim.reset_counters()
    result = rel_cli("users", "list", "-e", rel_sim.admin_environment_id, "-o", "csv")
    got = rows(result)
    assert len(got) == 1000
    gets = [path for method, path in rel_sim.requests if method == "GET" and path.startswith("/v1/")]
    env = f"/v1/environments/{rel_sim.admin_environment_id}"
    assert [p.split("?")[0] for p in gets] == [env, f"{env}/users", f"{env}/populations"]
    populations = set(names_by_id(rel_sim, 0, "populations").values())
    assert {r["POPULATION"] for r in got} <= populations


def test_role_assignment_names_one_lookup_per_referenced_collection(rel_cli, rel_sim):
    ada = user(rel_sim, 0)
    rel_sim.reset_counters()
    got = rows(rel_cli("role-assignments", "list", "-e", ENV, "--user", ada["id"], "-o", "csv"))
    assert len(got) == 5
    gets = [p.split("?")[0] for m, p in rel_sim.requests if m == "GET" and p.startswith("/v1/")]
    # roles, organizations, environments: once each although several rows name them.
    assert gets.count("/v1/roles") == 1
    assert gets.count("/v1/environments") == 2  # --environment by name, then the names
    assert gets.count("/v1/organizations") == 1
    env1 = rel_sim.data.environment_id(1)
    assert gets.count(f"/v1/environments/{env1}/populations") == 1
    assert gets.count(f"/v1/environments/{env1}/applications") == 1
    assert len(gets) == 8  # + the environment, the user, the assignments


def test_an_unreadable_collection_shows_ids_not_an_error(rel_cli, rel_sim):
    fault = rel_sim.faults.add(Fault("status", status=403, count=None,
                                     path=f"/v1/environments/{rel_sim.admin_environment_id}"
                                          "/populations"))
    try:
        got = rows(rel_cli("users", "list", "-e", ENV, "--limit", "2", "-o", "csv"))
    finally:
        rel_sim.faults.clear()
    assert fault.hits == 1  # looked up once, refused, not retried per row
    assert [r["POPULATION"] for r in got] == [user(rel_sim, i)["population"]["id"]
                                              for i in range(2)]


def test_who_holds_environment_admin_and_where(rel_cli, rel_sim):
    rel_sim.reset_counters()
    got = rows(rel_cli("role-holders", "Environment Admin", "-e", ENV, "-o", "csv"))
    held = {(r["HOLDER TYPE"], r["HOLDER"], r["SCOPE"]) for r in got}
    ada = user(rel_sim, 0)["username"]
    env1 = rel_sim.data.environments[1]["name"]
    assert ("user", ada, env1) in held
    assert ("group", "Administrators", ENV) in held
    assert ("application", "pingtui worker", ENV) in held
    assert {r["ROLE"] for r in got} == {"Environment Admin"}
    # One sweep: a listing of each principal kind, then one request per principal.
    gets = [p.split("?")[0] for m, p in rel_sim.requests if m == "GET" and p.startswith("/v1/")]
    principals = sum(len(rel_sim.data.children(0, k))
                     for k in ("users", "groups", "applications", "gateways"))
    assert sum(p.endswith("/roleAssignments") for p in gets) == principals
    assert gets.count("/v1/roles") == 2  # the role's name resolved, then the names looked up
