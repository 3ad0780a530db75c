"""The demo tenant agrees with itself (issue 17): it is a product's first impression.

Read over real HTTP from the simulator, as the TUI and the CLI read it: every curated
environment's populations, users, groups and applications.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest

from pingtui.sim import Simulator
from pingtui.sim.data import ENVIRONMENTS, transliterate

KINDS = ("populations", "users", "groups", "applications")
Tenant = dict[str, Any]


def _all(api: httpx.Client, path: str, key: str) -> list[dict] | None:
    """Every item of a collection (None: the demo's token may not read it, by design)."""
    items: list[dict] = []
    url: str | None = path
    while url:
        response = api.get(url)
        if response.status_code == 403:
            return None
        response.raise_for_status()
        body = response.json()
        items += body.get("_embedded", {}).get(key, [])
        url = body.get("_links", {}).get("next", {}).get("href")
    return items


@pytest.fixture(scope="module")
def tenant() -> Iterator[Tenant]:
    """Every curated environment with its four collections, read once for the module."""
    with Simulator() as sim:
        token = httpx.post(f"{sim.issuer}/token", data={"grant_type": "client_credentials"},
                           auth=(sim.client_credentials_client_id, sim.client_secret)
                           ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=sim.api_base_url, headers=headers) as api:
            environments = _all(api, "/environments", "environments")
            assert environments is not None
            children: dict[str, dict[str, list[dict]]] = {}
            for n, env in enumerate(environments):
                children[env["id"]] = {}
                for kind in KINDS:
                    items = _all(api, f"/environments/{env['id']}/{kind}", kind)
                    # Payments PCI's users are refused to the demo admin (a realistic 403):
                    # the same objects straight from the simulator's data.
                    if items is None:
                        collection = sim.data.children(n, kind)
                        items = [collection[i] for i in range(len(collection))]
                    children[env["id"]][kind] = items
            yield {"environments": environments, "children": children}


def _when(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def test_every_curated_environment_is_read(tenant: Tenant) -> None:
    assert len(tenant["environments"]) == len(ENVIRONMENTS)
    assert all(children["users"] for children in tenant["children"].values())


def test_population_user_counts_add_up_to_the_users_in_them(tenant: Tenant) -> None:
    for env in tenant["environments"]:
        children = tenant["children"][env["id"]]
        in_population = Counter(user["population"]["id"] for user in children["users"])
        populations = {p["id"]: p["userCount"] for p in children["populations"]}
        assert set(in_population) <= set(populations), env["name"]  # no user in limbo
        assert {pid: in_population.get(pid, 0) for pid in populations} == populations, \
            env["name"]
        assert sum(populations.values()) == len(children["users"]), env["name"]


def test_group_member_counts_fit_the_environment(tenant: Tenant) -> None:
    for env in tenant["environments"]:
        children = tenant["children"][env["id"]]
        for group in children["groups"]:
            direct = group["directMemberCounts"]["users"]
            total = group["totalMemberCounts"]["users"]
            assert 0 <= direct <= total <= len(children["users"]), (env["name"], group["name"])


def test_nothing_is_updated_before_it_was_created(tenant: Tenant) -> None:
    objects = [(env, env) for env in tenant["environments"]]
    objects += [(env, item) for env in tenant["environments"]
                for kind in KINDS for item in tenant["children"][env["id"]][kind]]
    assert len(objects) > 1000
    for env, item in objects:
        assert _when(item["updatedAt"]) >= _when(item["createdAt"]), item
        # Made in its environment after the environment itself was made.
        assert _when(item["createdAt"]) >= _when(env["createdAt"]), item
        signed_on = (item.get("lastSignOn") or {}).get("at")
        if signed_on:
            assert _when(signed_on) >= _when(item["createdAt"]), item


@pytest.mark.parametrize(("name", "ascii"), [
    ("Łukasz", "lukasz"), ("Jørgensen", "jorgensen"), ("Björn", "bjorn"),
    ("Søren", "soren"), ("Adébáyọ̀", "adebayo"), ("O'Brien", "obrien"), ("Nguyễn", "nguyen"),
    ("Иванов", "ivanov"), ("Ахмед", "akhmed"), ("美咲", "misaki"), ("佐藤", "sato"),
    ("Straße", "strasse"), ("Æsir", "aesir"),
])
def test_names_are_transliterated_not_dropped(name: str, ascii: str) -> None:
    assert transliterate(name) == ascii


def test_usernames_keep_every_letter_of_the_name(tenant: Tenant) -> None:
    users = [user for children in tenant["children"].values() for user in children["users"]]
    for user in users:
        name = user["name"]
        expected = f"{transliterate(name['given'])}.{transliterate(name['family'])}"
        assert user["username"].startswith(expected), user["username"]
        assert user["username"].isascii() and user["email"] == f"{user['username']}@example.com"
    assert any(u["username"].startswith("lukasz.") for u in users)
    assert any(".jorgensen" in u["username"] for u in users)
