"""The simulator's catalog data is consistent: every reference of every kind points at an
object the simulator serves, and every column of every kind shows something for some object.
Read through the service layer (api.resources) over HTTP from the one session simulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from pingtui.api.catalog import CATALOG, Kind
from pingtui.api.client import PingOneClient
from pingtui.api.resources import list_pages
from pingtui.output import cell_text

SCOPE_KINDS = {"ENVIRONMENT": "environments", "POPULATION": "populations",
               "APPLICATION": "applications", "ORGANIZATION": "organizations"}
# Kinds whose listing needs more than the catalog's declaration (issue 14's audit log).
SKIP = {k.name for k in CATALOG if k.cli is not None}


@pytest.fixture
async def client(catalog_profiles) -> AsyncIterator[PingOneClient]:
    """pingtui's own connection (session + client) on the session simulator's profile."""
    from pingtui.config import load_config, resolve_profile
    from pingtui.connect import Connection

    profile = resolve_profile(load_config(catalog_profiles), None, {})
    async with Connection(profile) as connection:
        yield await connection.client()


async def _all(client: PingOneClient, kind: Kind, env: str | None,
               parent: str | None = None) -> list[dict[str, Any]]:
    return [i async for page in list_pages(client, kind.name, env, parent_id=parent,
                                           parent_kind=kind.parents[0].kind if parent else None)
            for i in page.items]


async def _walk(client: PingOneClient, env: str) -> dict[str, list[dict[str, Any]]]:
    """Every object of every kind in environment ``env`` (children under every parent)."""
    objects: dict[str, list[dict[str, Any]]] = {}

    async def of(kind: Kind) -> list[dict[str, Any]]:
        if kind.name in objects:
            return objects[kind.name]
        parents = kind.parent_kinds
        if not parents:
            found = await _all(client, kind, env if kind.in_environment else None)
        else:
            found = []
            owner = CATALOG.kinds[parents[0]]
            for item in await of(owner):
                found += await _all(client, kind, env if owner.in_environment else None,
                                    item["id"])
        objects[kind.name] = found
        return found

    for kind in CATALOG:
        if kind.name not in SKIP:
            await of(kind)
    return objects


def _values(obj: Any, path: str) -> list[Any]:
    head, _, rest = path.partition(".")
    if head.endswith("[]"):
        items = obj.get(head[:-2]) if isinstance(obj, dict) else None
        return [v for i in (items or []) for v in (_values(i, rest) if rest else [i])]
    value = obj.get(head) if isinstance(obj, dict) else None
    if value is None:
        return []
    return _values(value, rest) if rest else [value]


@pytest.mark.parametrize("env_name", ["Administrators", "[prod] Customer Identity",
                                      "東京 Development"])
async def test_every_reference_points_at_an_object_that_exists(client, catalog_sim, env_name):
    envs = catalog_sim.data.environments
    everywhere = {envs[i]["id"] for i in range(len(envs))}
    env = next(envs[i]["id"] for i in range(len(envs)) if envs[i]["name"] == env_name)
    objects = await _walk(client, env)
    ids = {name: {str(i["id"]) for i in items} for name, items in objects.items()}
    checked = 0
    for name, items in objects.items():
        kind = CATALOG.kinds[name]
        for path, target in kind.references.items():
            for item in items:
                for value in _values(item, path):
                    target_kind = SCOPE_KINDS.get(str(item.get("scope", {}).get("type"))) \
                        if target == "scope.type" else target
                    if target_kind not in ids:
                        continue  # the audit log: not walked here
                    if target_kind == "environments" and value != env:
                        # another environment (a role assignment's scope)
                        assert value in everywhere
                        continue
                    if target_kind in ("populations", "applications") and \
                            item.get("scope", {}).get("type") and value not in ids[target_kind]:
                        continue  # a role scoped to another environment's population/app
                    assert str(value) in ids[target_kind], (name, path, value)
                    checked += 1
    assert checked > 50


async def test_every_column_shows_something(client, catalog_sim):
    objects = await _walk(client, catalog_sim.admin_environment_id)
    empty = [(name, column.header) for name, items in objects.items()
             for column in CATALOG.kinds[name].columns
             if not any(cell_text(column.value(i)) for i in items)]
    assert all(objects.values()) and not empty, empty


DATES = (("createdAt", "updatedAt"), ("created", "modified"), ("createdAt", "lastUsedAt"),
         ("initializedAt", "lastReportedAt"))


@pytest.mark.parametrize("env_name", ["Administrators", "東京 Development"])
async def test_nothing_predates_its_environment_or_its_creation(client, catalog_sim, env_name):
    """Every kind: made after its environment, updated (used, reported) after it was made."""
    from datetime import datetime

    def when(stamp: str) -> datetime:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00"))

    envs = catalog_sim.data.environments
    env = next(envs[i] for i in range(len(envs)) if envs[i]["name"] == env_name)
    objects = await _walk(client, env["id"])
    checked, wrong = 0, set()
    for name, items in objects.items():
        if not CATALOG.kinds[name].in_environment:
            continue
        for item in items:
            for made, changed in DATES:
                if made in item:
                    checked += 1
                    if when(item[made]) < when(env["createdAt"]):
                        wrong.add(name)
                if made in item and changed in item and when(item[changed]) < when(item[made]):
                    wrong.add(name)
    assert checked > 100 and not wrong, sorted(wrong)


@pytest.mark.parametrize("env_name", ["Administrators", "[prod] Customer Identity"])
async def test_members_after_what_they_belong_to(client, catalog_sim, env_name):
    """A user is made after her population, her sessions and linked accounts after her, and a
    key called '(next)' (or the certificate of the ACTIVE custom domain) is not expired."""
    envs = catalog_sim.data.environments
    env = next(envs[i] for i in range(len(envs)) if envs[i]["name"] == env_name)
    objects = await _walk(client, env["id"])
    made = {p["id"]: p["createdAt"] for p in objects["populations"]}
    made.update({u["id"]: u["createdAt"] for u in objects["users"]})
    assert objects["users"] and objects["user-sessions"]
    older = [u["username"] for u in objects["users"]
             if u["createdAt"] < made[u["population"]["id"]]]
    early = [s["id"] for s in objects["user-sessions"] + objects["linked-accounts"]
             if s["createdAt"] < made[s["user"]["id"]]
             or s.get("lastSignOn", {}).get("at", s["createdAt"]) < made[s["user"]["id"]]]
    expired = [k["name"] for k in objects["keys"] + objects["certificates"]
               if k["status"] == "EXPIRED"
               and (k["name"].endswith("(next)") or k["name"] == "auth.example.com")]
    assert not older and not early and not expired, (older, early, expired)
