"""The simulator's Platform API on real HTTP: data, HAL paging, filters, order, error bodies."""

from __future__ import annotations

import httpx
import pytest

from pingtui.sim import Simulator
from pingtui.sim.data import stable_id

PAYMENTS = stable_id("environment", 9)  # the environment whose users the demo admin can't read


def envs(body: dict) -> list[dict]:
    return body.get("_embedded", {}).get("environments", [])


def test_twenty_nine_environments_led_by_administrators(sim: Simulator, api: httpx.Client):
    body = api.get("/environments").json()
    names = [e["name"] for e in envs(body)]
    assert len(names) == 29 and body["count"] == 29
    assert names[0] == "Administrators"
    assert envs(body)[0]["id"] == sim.admin_environment_id
    assert {"[prod] Customer Identity", "a[/]b Lab", "東京 Development"} <= set(names)
    assert any(len(e.get("description", "")) > 200 for e in envs(body))
    assert any("description" not in e for e in envs(body))  # real answers omit fields


def test_ids_are_stable_across_runs(api: httpx.Client):
    first = [e["id"] for e in envs(api.get("/environments").json())]
    with Simulator() as other:
        token = httpx.post(f"{other.issuer}/token", data={"grant_type": "client_credentials"},
                           auth=(other.client_credentials_client_id, other.client_secret)
                           ).json()["access_token"]
        again = httpx.get(f"{other.api_base_url}/environments",
                          headers={"Authorization": f"Bearer {token}"}).json()
    assert first == [e["id"] for e in envs(again)]


def test_paging_follows_cursor_links_to_the_end(api: httpx.Client):
    url, seen, pages = "/environments?limit=10", [], 0
    while url:
        body = api.get(url).json()
        pages += 1
        assert body["count"] == 29 and body["size"] == len(envs(body))
        seen += [e["id"] for e in envs(body)]
        url = body["_links"].get("next", {}).get("href")
    assert pages == 3 and len(seen) == len(set(seen)) == 29


def test_next_link_keeps_filter_and_order(api: httpx.Client):
    body = api.get("/environments", params={"limit": 3, "filter": 'type eq "SANDBOX"',
                                            "order": "-name"}).json()
    second = api.get(body["_links"]["next"]["href"]).json()
    names = [e["name"] for e in envs(body) + envs(second)]
    assert names == sorted(names, key=str.lower, reverse=True)
    assert all(e["type"] == "SANDBOX" for e in envs(body) + envs(second))


@pytest.mark.parametrize("flt, expected", [
    ('name eq "administrators"', {"Administrators"}),
    ('name sw "[prod]"', {"[prod] Customer Identity"}),
    ('name co "identity" and type eq "SANDBOX"',
     {"[staging] Customer Identity", "Customer Identity — Long Description"}),
    ('region eq "AU" or region eq "SG"', {"Sydney Retail", "Singapore Gov Pilot"}),
    ('name co "customer" and not (type eq "SANDBOX")', {"[prod] Customer Identity"}),
    ('name eq "a[/]b Lab"', {"a[/]b Lab"}),
])
def test_filters(api: httpx.Client, flt: str, expected: set[str]):
    body = api.get("/environments", params={"filter": flt}).json()
    assert {e["name"] for e in envs(body)} == expected


def test_empty_result_omits_embedded(api: httpx.Client):
    body = api.get("/environments", params={"filter": 'name eq "nothing like this"'}).json()
    assert "_embedded" not in body and body["count"] == 0


def test_bad_filter_is_pingone_400(api: httpx.Client):
    response = api.get("/environments", params={"filter": 'name xx "a"'})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "INVALID_DATA" and body["details"][0]["code"] == "INVALID_FILTER"
    assert body["id"]


def test_population_filter_only_on_id_and_name(sim: Simulator, api: httpx.Client):
    path = f"/environments/{sim.admin_environment_id}/populations"
    assert api.get(path, params={"filter": 'name eq "Default"'}).status_code == 200
    refused = api.get(path, params={"filter": 'description co "x"'})
    assert refused.status_code == 400 and refused.json()["details"][0]["code"] == "INVALID_FILTER"


def test_applications_take_no_paging_or_filter_parameters(sim: Simulator, api: httpx.Client):
    path = f"/environments/{sim.admin_environment_id}/applications"
    body = api.get(path).json()
    types = {a["type"] for a in body["_embedded"]["applications"]}
    assert {"WORKER", "WEB_APP", "NATIVE_APP", "SINGLE_PAGE_APP", "SERVICE"} <= types
    assert "count" not in body and "next" not in body["_links"]
    refused = api.get(path, params={"limit": 2})
    assert refused.status_code == 400 and refused.json()["code"] == "INVALID_DATA"


@pytest.mark.parametrize("kind", ["populations", "users", "groups", "applications"])
def test_children_list_and_read_one(sim: Simulator, api: httpx.Client, kind: str):
    base = f"/environments/{sim.admin_environment_id}/{kind}"
    items = api.get(base).json()["_embedded"][kind]
    assert items
    one = api.get(f"{base}/{items[-1]['id']}").json()
    assert one == items[-1]


def test_users_have_unicode_names(sim: Simulator, api: httpx.Client):
    users = api.get(f"/environments/{sim.admin_environment_id}/users").json()["_embedded"]["users"]
    assert len(users) == 42
    assert any(not u["name"]["formatted"].isascii() for u in users)
    assert all(u["username"].isascii() for u in users)


def test_error_bodies(sim: Simulator, api: httpx.Client):
    missing = api.get(f"/environments/{stable_id('nope')}")
    assert missing.status_code == 404 and missing.json()["code"] == "NOT_FOUND"
    denied = api.get(f"/environments/{PAYMENTS}/users")
    assert denied.status_code == 403
    body = denied.json()
    assert body["code"] == "ACCESS_FAILED"
    assert body["details"][0]["code"] == "INSUFFICIENT_PERMISSIONS"
    anonymous = httpx.get(f"{sim.api_base_url}/environments")
    assert anonymous.status_code == 401
    assert anonymous.json()["details"][0]["code"] == "INVALID_TOKEN"
    assert "invalid_token" in anonymous.headers["www-authenticate"]


def test_keep_alive_one_connection_for_many_requests(sim: Simulator, api: httpx.Client):
    before = sim.connections
    for _ in range(20):
        assert api.get("/environments?limit=5").status_code == 200
    assert sim.connections - before <= 1


def test_size_knob_serves_100000_environments_lazily(api: httpx.Client):
    with Simulator(size=100_000) as big:
        token = httpx.post(f"{big.issuer}/token", data={"grant_type": "client_credentials"},
                           auth=(big.client_credentials_client_id, big.client_secret)
                           ).json()["access_token"]
        with httpx.Client(base_url=big.api_base_url,
                          headers={"Authorization": f"Bearer {token}"}) as client:
            body = client.get("/environments").json()
            assert body["count"] == 100_000 and len(envs(body)) == 1000
            assert big.data.environments._index is None  # nothing built beyond the page
            last = client.get(f"/environments/{stable_id('environment', 99_999)}").json()
            assert last["name"] == "Generated 099999"


def test_users_knob(api: httpx.Client):
    with Simulator(users=2500, page_size=1000) as big:
        token = httpx.post(f"{big.issuer}/token", data={"grant_type": "client_credentials"},
                           auth=(big.client_credentials_client_id, big.client_secret)
                           ).json()["access_token"]
        body = httpx.get(f"{big.api_base_url}/environments/{big.admin_environment_id}/users",
                         headers={"Authorization": f"Bearer {token}"}).json()
    assert body["count"] == 2500 and body["size"] == 1000 and "next" in body["_links"]
