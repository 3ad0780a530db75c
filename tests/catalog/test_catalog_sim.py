"""The simulator's catalog routes speak PingOne: `_embedded` keys, paging where the collection
takes `limit`, filters where it takes `filter`, 400 INVALID_DATA for a parameter it does not
take, 404 for an unknown parent — over HTTP, as any client sees them."""

from __future__ import annotations

import httpx
import pytest

from pingtui.sim import Simulator


@pytest.fixture(scope="module")
def api(catalog_sim: Simulator):
    token = httpx.post(f"{catalog_sim.issuer}/token", data={"grant_type": "client_credentials"},
                       auth=(catalog_sim.client_credentials_client_id,
                             catalog_sim.client_secret)).json()["access_token"]
    with httpx.Client(base_url=catalog_sim.api_base_url,
                      headers={"Authorization": f"Bearer {token}"}) as client:
        yield client


def env_path(sim: Simulator, rest: str) -> str:
    return f"/environments/{sim.admin_environment_id}{rest}"


def test_a_paged_collection_pages(api, catalog_sim):
    first = api.get(env_path(catalog_sim, "/templates"), params={"limit": 4}).json()
    assert len(first["_embedded"]["templates"]) == 4 and first["count"] == 9
    second = api.get(first["_links"]["next"]["href"]).json()
    assert len(second["_embedded"]["templates"]) == 4
    ids = {t["id"] for t in first["_embedded"]["templates"] + second["_embedded"]["templates"]}
    assert len(ids) == 8


def test_filters_where_the_collection_takes_them(api, catalog_sim):
    policies = api.get(env_path(catalog_sim, "/flowPolicies"),
                       params={"filter": 'trigger.type eq "AUTHENTICATION"'}).json()
    assert policies["count"] == 3
    custom = api.get(env_path(catalog_sim, "/roles"), params={"filter": 'type eq "CUSTOM"'})
    assert custom.status_code == 200 and custom.json()["count"] == 3
    wrong = api.get(env_path(catalog_sim, "/roles"), params={"filter": 'description eq "x"'})
    assert wrong.status_code == 400 and wrong.json()["details"][0]["code"] == "INVALID_FILTER"


def test_a_parameter_the_collection_does_not_take_is_refused(api, catalog_sim):
    answer = api.get(env_path(catalog_sim, "/certificates"), params={"limit": 2})
    assert answer.status_code == 400 and answer.json()["code"] == "INVALID_DATA"


def test_nested_collections_and_unknown_parents(api, catalog_sim):
    resources = api.get(env_path(catalog_sim, "/resources")).json()["_embedded"]["resources"]
    scopes = api.get(env_path(catalog_sim, f"/resources/{resources[0]['id']}/scopes")).json()
    assert {s["resource"]["id"] for s in scopes["_embedded"]["scopes"]} == {resources[0]["id"]}
    one = scopes["_embedded"]["scopes"][0]
    read = api.get(env_path(catalog_sim, f"/resources/{resources[0]['id']}/scopes/{one['id']}"))
    assert read.json() == one
    missing = api.get(env_path(catalog_sim, "/resources/not-there/scopes"))
    assert missing.status_code == 404 and missing.json()["code"] == "NOT_FOUND"
    assert api.get(env_path(catalog_sim, "/alertChannels/x")).status_code == 404  # no read-one


def test_the_organization_level(api):
    org = api.get("/organizations").json()["_embedded"]["organizations"][0]
    licenses = api.get(f"/organizations/{org['id']}/licenses",
                       params={"order": "-beginsAt"}).json()["_embedded"]["licenses"]
    begins = [lic["beginsAt"] for lic in licenses]
    assert begins == sorted(begins, reverse=True)
    assert api.get("/organizations/nope/licenses").status_code == 404
    roles = api.get("/roles").json()
    assert "Environment Admin" in {r["name"] for r in roles["_embedded"]["roles"]}
