"""The simulator's Load Testing environment: 1,000,000 users made from their index.

Over HTTP (count, paging, read-one, filters) and against a brute-force scan of a smaller one:
the fast per-combination answers must be exactly what evaluating the filter on every user
gives.
"""

from __future__ import annotations

import tracemalloc

import httpx
import pytest

from pingtui.sim.filters import parse_filter
from pingtui.sim.scale import ID_PREFIX, ScaleUsers, population_counts


@pytest.fixture(scope="module")
def http(scale_sim):
    token = httpx.post(scale_sim.issuer + "/token", data={"grant_type": "client_credentials"},
                       auth=(scale_sim.client_credentials_client_id, scale_sim.client_secret)
                       ).json()["access_token"]
    with httpx.Client(base_url=scale_sim.api_base_url,
                      headers={"Authorization": f"Bearer {token}"}) as client:
        yield client


def test_a_million_users_counted_and_paged(http, load_testing):
    first = http.get(f"/environments/{load_testing}/users").json()
    assert first["count"] == 1_000_000 and first["size"] == 100
    users = first["_embedded"]["users"]
    assert users[0]["username"] == "ada.lovelace0" and users[0]["id"] == ID_PREFIX + "0" * 12
    second = http.get(first["_links"]["next"]["href"]).json()
    assert second["_embedded"]["users"][0]["username"].endswith("100")
    # Read one by its ID: the last user, without building the 999,999 before it.
    last = http.get(f"/environments/{load_testing}/users/{ID_PREFIX}{999_999:012x}").json()
    assert last["username"].endswith("999999") and last["email"].startswith(last["username"])
    assert http.get(f"/environments/{load_testing}/users/{ID_PREFIX}{10**6:012x}"
                    ).status_code == 404


@pytest.mark.parametrize(("scim", "count"), [
    ('username sw "ada.lovelace1"', 277),  # ada.lovelace is every 400th user: 1, 1x, 1xx...
    ('username sw "Ada"', 50_000),
    ('email eq "ada.lovelace400@example.com"', 1),
    ('name.given sw "a" and name.family eq "Tanaka"', 5_000),
    ('username sw "nobody"', 0),
])
def test_filters_count_the_million(http, load_testing, scim, count):
    body = http.get(f"/environments/{load_testing}/users", params={"filter": scim}).json()
    assert body["count"] == count
    matcher = parse_filter(scim)
    assert all(matcher(u) for u in body.get("_embedded", {}).get("users", []))


def test_unsupported_filters_and_order_are_refused_like_pingone(http, load_testing):
    for params in ({"filter": 'lastSignOn.at gt "2024"'}, {"order": "username"}):
        answer = http.get(f"/environments/{load_testing}/users", params=params)
        assert answer.status_code == 400
        assert answer.json()["code"] == "INVALID_DATA"


@pytest.mark.parametrize("scim", [
    'username sw "ada.lovelace1"', 'username sw "zoe.g"', 'USERNAME SW "Ada.Lovelace12"',
    'email sw "ada.lovelace12@"', 'email sw "ada.lovelace12@ex"', 'username eq "ada.lovelace0"',
    'username eq "ada.lovelace01"', 'id eq "5ca1e000-0000-4000-8000-00000000000a"',
    'name.given sw "A" and enabled eq false', 'not (username sw "ada") or mfaEnabled eq true',
    'username co "999"', 'username sw "ada.lovelace1" or username sw "ada.lovelace2"',
    'username sw "ada.lovelace1" and username co "7"', 'username pr and account.status eq "LOCKED"',
    'username ne "ada.lovelace0" and name.family sw "Hop"', 'email ew "0@example.com"',
])
def test_fast_answers_equal_a_scan_of_every_user(scale_sim, scim):
    users = ScaleUsers(scale_sim.data, 18, 20_000)
    matcher = parse_filter(scim)
    assert list(users.select(scim, "")) == [i for i in range(len(users)) if matcher(users[i])]


def test_population_counts_add_up(scale_sim):
    users = ScaleUsers(scale_sim.data, 18, 1_000_000)
    counts = population_counts(users)
    assert sum(counts.values()) == 1_000_000
    for p, n in counts.items():
        assert scale_sim.data.population_user_count(18, p) == n


def test_memory_stays_bounded_while_paging_far(scale_sim):
    users = scale_sim.data.children(18, "users")
    tracemalloc.start()
    try:
        for i in range(0, 1_000_000, 997):  # 1,003 users across the whole collection
            users[i]
        users.select('username sw "a"', "")
        size, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The built-users cache holds at most 5,000; a view 4 bytes a match (~100,000 here).
    assert size < 40 * 2**20
