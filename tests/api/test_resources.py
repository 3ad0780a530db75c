"""api.resources against the simulator: listings, limits, local-filter fallback, resolving."""

from __future__ import annotations

import httpx
import pytest
from api_helpers import Sleeps, StaticAuth, make_client

from pingtui.api import errors
from pingtui.api.client import PingOneClient
from pingtui.api.resources import (
    RESOURCES,
    get_one,
    list_pages,
    resolve_environment,
)
from pingtui.sim import Simulator


async def listed(client: PingOneClient, kind: str, **options) -> list[dict]:
    return [item async for page in list_pages(client, kind, **options) for item in page.items]


def test_every_resource_has_columns_ending_in_an_elastic_one():
    assert {"environments", "populations", "users", "groups", "applications"} <= set(RESOURCES)
    headers = {name: [c.header for c in spec.columns] for name, spec in RESOURCES.items()}
    assert headers["environments"] == ["ID", "NAME", "TYPE", "REGION", "CREATED", "DESCRIPTION"]
    assert headers["users"][:6] == ["ID", "USERNAME", "EMAIL", "NAME", "ENABLED", "STATUS"]
    for spec in RESOURCES.values():
        assert spec.columns[-1].width is None
        assert all(c.width for c in spec.columns[:-1])


def test_rows_render_whatever_is_there():
    spec = RESOURCES["users"]
    empty = spec.row({})
    assert empty.id is None and set(empty.cells) == {""}
    row = spec.row({"id": "u1", "name": {"given": "Zoë", "family": "[b]x[/b]"},
                    "enabled": False, "account": {"status": "LOCKED"}})
    assert row.cells[3] == "Zoë [b]x[/b]" and row.cells[4] == "false" and row.cells[5] == "LOCKED"
    assert RESOURCES["environments"].row({"createdAt": "2024-05-01T10:00:00Z"}).cells[4] == \
        "2024-05-01"


async def test_environments_across_pages(sim: Simulator, client: PingOneClient):
    pages = [page async for page in list_pages(client, "environments")]
    assert [p.fetched for p in pages] == [10, 20, 29] and pages[0].total == 29
    assert "limit=1000" in sim.requests[-3][1]  # asks for big pages; the server caps them


async def test_limit_stops_fetching(sim: Simulator, client: PingOneClient):
    items = await listed(client, "environments", limit=15)
    assert len(items) == 15 and sim.count("/v1/environments") == 2
    assert len(await listed(client, "environments", limit=3)) == 3
    assert "limit=3" in sim.requests[-1][1]


async def test_server_side_filter(sim: Simulator, client: PingOneClient):
    items = await listed(client, "environments", filter='name sw "[prod]"')
    assert [e["name"] for e in items] == ["[prod] Customer Identity"]
    assert "filter=" in sim.requests[-1][1]


async def test_rejected_filter_falls_back_to_filtering_here(sim: Simulator,
                                                            client: PingOneClient):
    # Populations filter on id and name only: the simulator says 400 INVALID_DATA.
    items = await listed(client, "populations", environment_id=sim.admin_environment_id,
                         filter='description co "contractors"')
    assert [p["name"] for p in items] == ["Contractors"]
    path = f"/v1/environments/{sim.admin_environment_id}/populations"
    assert sim.count(path) == 2  # the refusal, then the unfiltered listing


async def test_a_bad_filter_stays_an_error(sim: Simulator, client: PingOneClient):
    with pytest.raises(errors.BadRequest) as caught:
        await listed(client, "environments", filter='name sw')
    assert "filter" in caught.value.message.lower()


async def test_applications_send_no_parameters_and_filter_here(sim: Simulator,
                                                               client: PingOneClient):
    # The simulator refuses any parameter on applications, so success proves none was sent.
    items = await listed(client, "applications", environment_id=sim.admin_environment_id,
                         filter='type eq "WORKER" or protocol eq "SAML"', limit=5)
    assert {a["name"] for a in items} == {"pingtui worker", "Salesforce"}
    everything = await listed(client, "applications", environment_id=sim.admin_environment_id)
    assert len(everything) == 10


@pytest.mark.parametrize("kind, count", [("populations", None), ("users", 42), ("groups", None)])
async def test_children_of_an_environment(sim: Simulator, client: PingOneClient, kind: str,
                                          count: int | None):
    pages = [p async for p in list_pages(client, kind, environment_id=sim.admin_environment_id)]
    items = [i for p in pages for i in p.items]
    assert items and all(i["environment"]["id"] == sim.admin_environment_id for i in items)
    if count:
        assert len(items) == count == pages[-1].total and len(pages) == 5


async def test_get_one(sim: Simulator, client: PingOneClient):
    users = await listed(client, "users", environment_id=sim.admin_environment_id, limit=1)
    one = await get_one(client, "users", users[0]["id"], sim.admin_environment_id)
    assert one == users[0]
    with pytest.raises(errors.NotFound):
        await get_one(client, "users", "../../environments", sim.admin_environment_id)


@pytest.mark.parametrize("given", ["Administrators", "administrators", "  a[/]b Lab ",
                                   "東京 Development"])
async def test_resolve_environment_by_name(client: PingOneClient, given: str):
    env = await resolve_environment(client, given)
    assert env["name"].casefold() == given.strip().casefold()


async def test_resolve_environment_by_id(sim: Simulator, client: PingOneClient):
    env = await resolve_environment(client, sim.admin_environment_id)
    assert env["name"] == "Administrators"
    assert sim.requests[-1][1].endswith(sim.admin_environment_id)


@pytest.mark.parametrize("given, words", [
    ("No Such Env", "no environment named 'No Such Env'"),
    ("00000000-0000-4000-8000-000000000000", "no environment with the id"),
    ('quote " in name', "no environment named"),
])
async def test_resolve_environment_not_found(client: PingOneClient, given: str, words: str):
    with pytest.raises(errors.NotFound) as caught:
        await resolve_environment(client, given)
    assert words.lower() in caught.value.message.lower()
    assert "environments list" in caught.value.hint


async def test_resolve_environment_ambiguous(sleeps: Sleeps):
    # Two environments with one name: a shape the simulator (unique names) never produces.
    twins = [{"id": "11111111-1111-4111-8111-111111111111", "name": "Dev"},
             {"id": "22222222-2222-4222-8222-222222222222", "name": "Dev"}]

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"_embedded": {"environments": twins}, "count": 2})

    async with make_client("https://api.pingone.test/v1", StaticAuth("t0ken-abcdef"), sleeps,
                           transport=httpx.MockTransport(handler)) as client:
        with pytest.raises(errors.ApiError) as caught:
            await resolve_environment(client, "Dev")
    assert "2 environments are named 'Dev'" in caught.value.message
    assert twins[0]["id"] in caught.value.hint


@pytest.mark.parametrize("flt", ['name eq "\x1f"', 'name eq "bad \\q escape"', "name eq [1]"])
async def test_odd_filters_are_answered_not_crashed(sim: Simulator, client: PingOneClient,
                                                    flt: str):
    for kind in ("environments", "applications"):  # server-side, then local filtering
        try:
            items = await listed(client, kind, environment_id=sim.admin_environment_id,
                                 filter=flt)
        except errors.BadRequest as exc:
            assert "filter" in exc.message.lower()
        else:
            assert items == []
    assert sim.count("/v1/environments") <= 3  # answered at once: no retries of a crash


async def test_an_environments_four_lists_concurrently_on_one_client(sim: Simulator,
                                                                     client: PingOneClient):
    import asyncio

    async def count(kind: str) -> int:
        return len(await listed(client, kind, environment_id=sim.admin_environment_id,
                                filter=None if kind == "applications" else 'name pr'))

    counts = await asyncio.gather(*(count(k) for k in ("populations", "users", "groups",
                                                         "applications")))
    assert counts[1] == 42 and counts[3] == 10 and all(counts)
