"""The name resolver on its own, against the simulator: lookups shared and remembered."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx

from pingtui.api.client import PingOneClient
from pingtui.api.references import Resolver, Target, reference
from pingtui.api.resources import spec_for
from pingtui.sim import Simulator


def _token(sim: Simulator) -> str:
    answer = httpx.post(f"{sim.issuer}/token", data={"grant_type": "client_credentials"},
                        auth=(sim.client_credentials_client_id, sim.client_secret))
    return str(answer.json()["access_token"])


class Bearer(httpx.Auth):
    def __init__(self, token: str) -> None:
        self.token = token

    def auth_flow(self, request: httpx.Request):  # type: ignore[no-untyped-def]
        request.headers["Authorization"] = f"Bearer {self.token}"
        yield request


async def _until(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    async def poll() -> None:
        while not predicate():
            await asyncio.sleep(0.01)

    await asyncio.wait_for(poll(), timeout)


def _populations_gets(sim: Simulator) -> int:
    return sum(1 for m, p in sim.requests if m == "GET" and "/populations" in p)


async def test_concurrent_listings_share_one_lookup(rel_sim: Simulator) -> None:
    users = spec_for("users")
    env = rel_sim.admin_environment_id
    items = [rel_sim.data.children(0, "users")[i] for i in range(50)]
    async with PingOneClient(rel_sim.api_base_url, Bearer(_token(rel_sim))) as client:
        names = Resolver(client)
        rel_sim.reset_counters()
        await asyncio.gather(*(names.prepare_for(users, items[i::5], env) for i in range(5)))
        assert _populations_gets(rel_sim) == 1 and names.lookups == 1
        await names.prepare_for(users, items, env)  # remembered: no request
        assert _populations_gets(rel_sim) == 1
        ref = reference(users, "population.id")
        shown = names.names(ref, items[0], env)
        assert shown[0].resolved and shown[0].text != items[0]["population"]["id"]


async def test_prefetch_starts_the_lookup_the_first_page_then_shares(rel_sim: Simulator) -> None:
    """The users tab asks for its populations' names beside its first page, not after it."""
    users = spec_for("users")
    env = rel_sim.admin_environment_id
    items = [rel_sim.data.children(0, "users")[i] for i in range(20)]
    async with PingOneClient(rel_sim.api_base_url, Bearer(_token(rel_sim))) as client:
        names = Resolver()
        rel_sim.reset_counters()
        names.prefetch(users, env, client)
        await _until(lambda: _populations_gets(rel_sim) == 1)  # asked with no item known
        await names.prepare_for(users, items, env)  # joins it: no second request
        assert _populations_gets(rel_sim) == 1 and names.lookups == 1
        assert names.names(reference(users, "population.id"), items[0], env)[0].resolved
        names.prefetch(users, env, client)  # known now: nothing more
        assert names.lookups == 1
        names.prefetch(spec_for("groups"), env, client)  # groups show no references
        assert names.lookups == 1


async def test_a_collection_listed_anyway_needs_no_lookup(rel_sim: Simulator) -> None:
    users = spec_for("users")
    env = rel_sim.admin_environment_id
    pops = rel_sim.data.children(0, "populations")
    names = Resolver()  # no client: a lookup would fail (and show IDs)
    names.learn("populations", env, None, [pops[i] for i in range(len(pops))])
    user = rel_sim.data.children(0, "users")[0]
    await names.prepare_for(users, [user], env)
    assert names.lookups == 0
    found = names.name(Target("populations", user["population"]["id"], env))
    assert found.resolved and found.text in {pops[i]["name"] for i in range(len(pops))}


def test_the_fast_cell_agrees_with_the_names(rel_sim: Simulator) -> None:
    from pingtui.api.references import NameColumn, resolved_columns

    env = rel_sim.admin_environment_id
    pops = rel_sim.data.children(0, "populations")
    names = Resolver()
    names.learn("populations", env, None, [pops[i] for i in range(len(pops) - 1)])  # not all
    column = next(c for c in resolved_columns(spec_for("users"), names, env)
                  if c.header == "POPULATION")
    assert isinstance(column, NameColumn) and column.names is not None
    users = rel_sim.data.children(0, "users")
    seen = set()
    for i in range(200):
        shown = column.names(users[i])
        assert column.value(users[i]) == ", ".join(n.text for n in shown)
        seen.add(shown[0].resolved)
    assert seen == {True, False}  # names where known, the ID where not
    assert column.value({"username": "no population"}) == ""
