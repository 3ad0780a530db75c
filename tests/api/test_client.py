"""PingOneClient on real HTTP against the simulator: paging, errors, faults and retries."""

from __future__ import annotations

import gc
import time
import weakref
from email.utils import formatdate

import httpx
import pytest
from api_helpers import ClientCredentialsAuth, Sleeps, StaticAuth, make_client

from pingtui.api import errors
from pingtui.api.client import SESSION_ID, PingOneClient
from pingtui.api.retry import RetryPolicy, parse_retry_after
from pingtui.errors import EXIT_AUTH, EXIT_FORBIDDEN, AuthError
from pingtui.sim import Fault, Simulator
from pingtui.sim.data import stable_id

PAYMENTS = stable_id("environment", 9)


async def collect(client: PingOneClient, path: str = "/environments", params=None):
    return [page async for page in client.pages(path, params, key="environments")]


# ------------------------------------------------------------------ paging


async def test_pages_across_several_pages(sim: Simulator, client: PingOneClient):
    pages = await collect(client)
    assert [p.number for p in pages] == [1, 2, 3]
    assert [p.fetched for p in pages] == [10, 20, 29]
    assert {p.total for p in pages} == {29}
    names = [e["name"] for p in pages for e in p.items]
    assert names[0] == "Administrators" and len(set(names)) == 29
    assert sim.count("/v1/environments") == 3


async def test_passes_limit_filter_and_order(sim: Simulator, client: PingOneClient):
    pages = await collect(client, params={"limit": 4, "filter": 'type eq "PRODUCTION"',
                                          "order": "name"})
    items = [e for p in pages for e in p.items]
    assert all(e["type"] == "PRODUCTION" for e in items) and len(items) == pages[0].total
    assert len(pages[0].items) == 4
    assert [e["name"] for e in items] == sorted((e["name"] for e in items), key=str.lower)


async def test_stopping_early_fetches_no_more_pages(sim: Simulator, client: PingOneClient):
    async for page in client.pages("/environments"):
        assert page.number == 1
        break
    assert sim.count("/v1/environments") == 1


async def test_a_page_s_response_is_freed_without_the_garbage_collector(client: PingOneClient):
    # httpx's response and its bound stream refer to each other: unless the client ends that
    # cycle, every page's body waits for a collection (a million users' peak memory grew).
    responses: list[weakref.ref[httpx.Response]] = []

    async def keep(response: httpx.Response) -> None:
        responses.append(weakref.ref(response))

    client.http.event_hooks["response"].append(keep)
    alive = []
    gc.collect()
    gc.disable()
    try:
        async for _page in client.pages("/environments"):
            alive.append(sum(ref() is not None for ref in responses))
    finally:
        gc.enable()
    assert len(responses) == 3 and alive == [0, 0, 0]


async def test_items_iterates_across_pages(client: PingOneClient):
    ids = [item.get("id") async for item in client.items("/environments")]
    assert len(ids) == 29


async def test_missing_embedded_and_count_are_an_empty_page(client: PingOneClient):
    pages = await collect(client, params={"filter": 'name eq "no such thing"'})
    assert len(pages) == 1 and pages[0].items == [] and pages[0].fetched == 0


def mock_client(handler, sleeps: Sleeps) -> PingOneClient:
    return make_client("https://api.pingone.test/v1", StaticAuth("t0ken-abcdef"), sleeps,
                       transport=httpx.MockTransport(handler))


async def test_next_link_to_another_origin_is_refused(sleeps: Sleeps):
    # A shape the simulator never produces (respx-style mock): next points at another host.
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json={
            "_embedded": {"environments": [{"id": "1"}]},
            "_links": {"next": {"href": "https://evil.example/v1/environments?cursor=x"}}})

    async with mock_client(handler, sleeps) as client:
        pages = client.pages("/environments")
        first = await anext(pages)
        assert first.items == [{"id": "1"}]
        with pytest.raises(errors.UnsafeLink) as caught:
            await anext(pages)
    assert seen == ["https://api.pingone.test/v1/environments"]
    assert "evil.example" in caught.value.message and "t0ken" not in str(caught.value)


@pytest.mark.parametrize("href", ["http://api.pingone.test/v1/environments?cursor=2",
                                  "https://api.pingone.test:8443/v1/environments?cursor=2"])
async def test_same_host_other_scheme_or_port_is_another_origin(sleeps: Sleeps, href: str):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"_links": {"next": {"href": href}},
                                         "_embedded": {"environments": [{}]}})

    async with mock_client(handler, sleeps) as client:
        with pytest.raises(errors.UnsafeLink):
            await collect(client)


async def test_a_repeated_next_link_stops_paging(sleeps: Sleeps):
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(200, json={
            "_embedded": {"environments": [{"id": str(calls)}]},
            "_links": {"next": {"href": "https://api.pingone.test/v1/environments?cursor=same"}}})

    async with mock_client(handler, sleeps) as client:
        pages = await collect(client)
    assert calls == 2 and len(pages) == 2


async def test_odd_page_shapes_are_tolerated(sleeps: Sleeps):
    bodies = iter([
        {"_embedded": {"things": [{"id": "a"}, "not an object", {"name": "no id"}]},
         "count": "many", "_links": {"next": {"href": "/v1/environments?cursor=2"}}},
        {"_embedded": None, "_links": {"next": None}},
    ])

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=next(bodies))

    async with mock_client(handler, sleeps) as client:
        pages = [page async for page in client.pages("/environments")]
    assert pages[0].items == [{"id": "a"}, {"name": "no id"}] and pages[0].total is None
    assert pages[1].items == [] and pages[1].fetched == 2


async def test_a_redirect_is_an_error_not_an_empty_listing(sleeps: Sleeps):
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.host)
        return httpx.Response(302, headers={"Location": "https://portal.example/login"})

    async with mock_client(handler, sleeps) as client:
        with pytest.raises(errors.ServerError) as caught:
            await collect(client)
    assert calls == ["api.pingone.test"] and "portal.example" in caught.value.message


async def test_an_html_page_with_200_is_a_clear_error(sleeps: Sleeps):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, html="<html><body>Sign in to the Wi-Fi</body></html>")

    async with mock_client(handler, sleeps) as client:
        with pytest.raises(errors.ServerError) as caught:
            await client.get_json("/environments")
    assert "not valid JSON" in caught.value.message


# ------------------------------------------------------------------ headers


async def test_session_id_header_is_stable_and_bearer_is_sent(sleeps: Sleeps):
    seen: list[httpx.Headers] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers)
        return httpx.Response(200, json={})

    for _ in range(2):
        async with mock_client(handler, sleeps) as client:
            await client.get_json("/environments")
    assert [h["x-ping-external-session-id"] for h in seen] == [SESSION_ID] * 2
    assert len(SESSION_ID) <= 100
    assert seen[0]["authorization"] == "Bearer t0ken-abcdef"


# ------------------------------------------------------------------ error bodies


async def test_403_names_the_missing_permission(client: PingOneClient):
    with pytest.raises(errors.Forbidden) as caught:
        await client.get_json(f"/environments/{PAYMENTS}/users")
    error = caught.value
    assert error.exit_code == EXIT_FORBIDDEN == 4
    assert error.status == 403 and error.code == "ACCESS_FAILED"
    assert error.permission == "identity:read:users"
    assert "identity:read:users" in error.hint and error.request_id


async def test_404(client: PingOneClient):
    with pytest.raises(errors.NotFound) as caught:
        await client.get_json(f"/environments/{stable_id('missing')}")
    assert caught.value.status == 404 and caught.value.code == "NOT_FOUND"


async def test_400_invalid_filter(client: PingOneClient):
    with pytest.raises(errors.BadRequest) as caught:
        await client.get_json("/environments", {"filter": 'name xx "a"'})
    assert caught.value.code == "INVALID_DATA"
    assert "INVALID_FILTER" in caught.value.detail_codes
    assert "filter" in caught.value.hint.lower()


async def test_401_refreshes_once_through_the_auth(sim: Simulator, client: PingOneClient,
                                                   auth: ClientCredentialsAuth):
    await client.get_json("/environments")
    sim.faults.add(Fault("revoked", path="/v1/environments"))
    body = await client.get_json("/environments")
    assert body["count"] == 29 and auth.fetches == 2


async def test_401_that_survives_the_auth_is_sign_on_again(sim: Simulator, sleeps: Sleeps):
    async with make_client(sim.api_base_url, StaticAuth("revoked-or-never-issued"),
                           sleeps) as client:
        with pytest.raises(errors.Unauthorized) as caught:
            await client.get_json("/environments")
    assert isinstance(caught.value, AuthError) and caught.value.exit_code == EXIT_AUTH
    assert "sign on again" in caught.value.hint.lower()
    assert sim.count("/v1/") == 1  # never retried


# ------------------------------------------------------------------ faults and retries


@pytest.mark.parametrize("fault, requests", [
    (Fault.rate_limited(retry_after=None, count=2), 3),
    (Fault.server_error(502, count=1), 2),
    (Fault.server_error(503, count=3), 4),
    (Fault.server_error(504, count=1), 2),
    (Fault("html", status=502, count=2), 3),
    (Fault("disconnect", count=1), 2),
    (Fault("reset", count=2), 3),
])
async def test_transient_faults_are_retried(sim: Simulator, client: PingOneClient,
                                            sleeps: Sleeps, fault: Fault, requests: int):
    await client.get_json("/environments/" + sim.admin_environment_id)  # token, connection
    sim.reset_counters()
    sim.faults.add(fault)
    body = await client.get_json("/environments", {"limit": 5})
    assert body["count"] == 29
    assert sim.count("/v1/environments") == requests
    assert sleeps.delays == [0.5, 1.0, 2.0][: requests - 1]  # exponential (no jitter here)


@pytest.mark.parametrize("fault, exception", [
    (Fault.server_error(500), errors.ServerError),
    (Fault("malformed"), errors.ServerError),
])
async def test_other_failures_are_not_retried(sim: Simulator, client: PingOneClient,
                                              fault: Fault, exception: type):
    sim.faults.add(fault)
    with pytest.raises(exception) as caught:
        await client.get_json("/environments")
    assert sim.count("/v1/environments") == 1
    assert "Traceback" not in str(caught.value)


@pytest.mark.parametrize("fault, exception, words", [
    (Fault.rate_limited(count=None), errors.RateLimited, "request limit"),
    (Fault.server_error(503, count=None), errors.ServerError, "try again"),
    (Fault("html", status=502, count=None), errors.ServerError, "HTML"),
    (Fault("disconnect", count=None), errors.Unreachable, "could not reach"),
])
async def test_persistent_faults_end_after_the_retries(sim: Simulator, client: PingOneClient,
                                                       fault: Fault, exception: type,
                                                       words: str):
    sim.faults.add(fault)
    with pytest.raises(exception) as caught:
        await client.get_json("/environments")
    assert sim.count("/v1/environments") == 4  # 1 + max_retries
    assert words.lower() in str(caught.value).lower()


@pytest.mark.parametrize("header, expected", [
    ("3", 3.0), ("0.25", 0.25), ("99999", 20.0), ("soon", 0.5), ("-5", 0.5),
])
async def test_retry_after_is_honoured_and_capped(sim: Simulator, sleeps: Sleeps,
                                                  auth: ClientCredentialsAuth,
                                                  header: str, expected: float):
    policy = RetryPolicy(max_retries=2, base=0.5, jitter=0.0, retry_after_cap=20.0)
    sim.faults.add(Fault.rate_limited(retry_after=header, count=1))
    async with make_client(sim.api_base_url, auth, sleeps, retry=policy) as client:
        await client.get_json("/environments")
    assert sleeps.delays == [expected]


def test_retry_after_parsing():
    now = time.time()
    assert parse_retry_after("120") == 120
    assert parse_retry_after(formatdate(now + 30, usegmt=True), now=now) == pytest.approx(30, 1)
    assert parse_retry_after(formatdate(now - 30, usegmt=True), now=now) == 0
    for nonsense in (None, "", "soon", "-1", "nan", "inf", "Mon, 99 Foo 2024"):
        assert parse_retry_after(nonsense) is None


def test_backoff_is_capped_with_jitter():
    policy = RetryPolicy(base=1.0, cap=4.0, jitter=0.5)
    delays = [policy.backoff(n) for n in range(1, 8)]
    assert all(0 < d <= 4.0 for d in delays)
    assert all(d >= 2.0 for d in delays[2:])  # at least half the capped delay


async def test_a_slow_answer_times_out_and_is_retried(sim: Simulator, sleeps: Sleeps,
                                                      auth: ClientCredentialsAuth):
    async with make_client(sim.api_base_url, auth, sleeps, timeout=1.0) as client:
        await client.get_json("/environments/" + sim.admin_environment_id)
        sim.faults.add(Fault("slow", delay=10, path="/v1/environments", count=1))
        body = await client.get_json("/environments")
    assert body["count"] == 29 and len(sleeps.delays) == 1


async def test_a_server_that_stops_answering_ends_within_the_deadline(
        sim: Simulator, auth: ClientCredentialsAuth):
    async with PingOneClient(sim.api_base_url, auth, timeout=1.0, deadline=2.5) as client:
        await client.get_json("/environments/" + sim.admin_environment_id)
        sim.faults.add(Fault("slow", delay=30, path="/v1/environments", count=None))
        started = time.monotonic()
        with pytest.raises(errors.Unreachable) as caught:
            await client.get_json("/environments")
    assert time.monotonic() - started < 10  # the deadline, not the 30 s the server hangs
    assert "127.0.0.1" in caught.value.message and "network" in caught.value.hint


def test_default_deadline_is_two_minutes():
    client = PingOneClient("https://api.pingone.com/v1", StaticAuth("x"))
    assert client.deadline <= 120


async def test_nothing_listening_is_unreachable(sleeps: Sleeps):
    import socket

    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with make_client(f"http://127.0.0.1:{port}/v1", StaticAuth("x"), sleeps) as client:
        with pytest.raises(errors.Unreachable) as caught:
            await client.get_json("/environments")
    assert caught.value.message.startswith("Could not reach 127.0.0.1")
    assert len(sleeps.delays) == 3


async def test_a_fault_mid_listing_is_retried_and_the_listing_completes(
        sim: Simulator, client: PingOneClient):
    sim.faults.add(Fault.rate_limited(retry_after="1", path="/v1/environments", after=1))
    sim.faults.add(Fault("reset", path="/v1/environments", after=3))
    pages = await collect(client)
    assert pages[-1].fetched == 29 and sim.count("/v1/environments") == 5


async def test_one_connection_for_a_whole_listing(sim: Simulator, client: PingOneClient):
    await client.get_json("/environments/" + sim.admin_environment_id)  # opens the connection
    opened, sent = sim.connections, sim.count("/v1/environments")
    await collect(client)
    assert sim.connections == opened and sim.count("/v1/environments") - sent == 3
