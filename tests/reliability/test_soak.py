"""Soak: 1,000 listings against the simulator with seeded random faults.

The real Session (client credentials) and PingOneClient page through the 29 environments 10 a
page; a fault on a random page is in force for about a third of the listings. Every listing
either completes (29 distinct environments, nothing doubled) or ends in a PingTUIError — and
faults that are transient never end one. Clients are reused for 50 listings, then closed and
replaced (the TUI keeps one per tenant; the CLI makes one per run). Open sockets, threads and
memory are printed at the start and the end; growth must stay bounded (generous bounds: this
catches leaks of a connection, a thread or a page per listing, not noise).
"""

from __future__ import annotations

import asyncio
import gc
import os
import random
import threading
import time
import tracemalloc
from collections import Counter

import pytest

from pingtui.api.client import PingOneClient
from pingtui.api.resources import list_pages
from pingtui.api.retry import RetryPolicy
from pingtui.auth import store as store_mod
from pingtui.auth.session import Session
from pingtui.demo import DemoTenant, demo_profile
from pingtui.errors import PingTUIError
from pingtui.sim import Fault, Simulator

LISTINGS = 1000
PER_CLIENT = 50
SEED = 20261123
ENVS = "/v1/environments"

# (weight, make fault, ends the listing in an error?)
TRANSIENT = [
    (6, lambda after: Fault.rate_limited(retry_after="1", path=ENVS, after=after), False),
    (6, lambda after: Fault.server_error(503, path=ENVS, after=after), False),
    (4, lambda after: Fault.server_error(502, path=ENVS, after=after, count=2), False),
    (4, lambda after: Fault("reset", path=ENVS, after=after), False),
    (4, lambda after: Fault("disconnect", path=ENVS, after=after), False),
    (3, lambda after: Fault("html", status=502, path=ENVS, after=after), False),
    (3, lambda after: Fault("revoked", path=ENVS, after=after), False),
    (1, lambda after: Fault("slow", delay=1.2, path=ENVS, after=after), False),
]
FATAL = [
    (2, lambda after: Fault("malformed", path=ENVS, after=after), True),
    (2, lambda after: Fault.server_error(500, path=ENVS, after=after), True),
    (1, lambda after: Fault.server_error(503, path=ENVS, after=after, count=None), True),
    (1, lambda after: Fault("status", status=403, path=ENVS, after=after), True),
]
CHOICES = TRANSIENT + FATAL


def _resources() -> dict[str, float]:
    fds = os.listdir("/proc/self/fd")
    sockets = 0
    for fd in fds:
        try:
            sockets += os.readlink(f"/proc/self/fd/{fd}").startswith("socket:")
        except OSError:
            pass  # closed while we looked
    with open("/proc/self/status") as status:
        rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    gc.collect()
    return {"sockets": sockets, "fds": len(fds), "threads": threading.active_count(),
            "traced_kib": tracemalloc.get_traced_memory()[0] / 1024, "rss_kib": rss}


async def _nap(seconds: float) -> None:
    await asyncio.sleep(0)  # backoff recorded by nobody: the soak is about leaks, not timing


async def _soak(tenant: DemoTenant, rng: random.Random) -> tuple[Counter, dict, dict]:
    sim = tenant.simulator
    profile = tenant.profile_for("client_credentials")
    outcomes: Counter[str] = Counter()
    start: dict[str, float] = {}
    session = client = None
    policy = RetryPolicy(max_retries=3, base=0.01, cap=0.05, retry_after_cap=0.01, jitter=0.5,
                         rng=random.Random(SEED))
    for n in range(LISTINGS + 20):
        if n % PER_CLIENT == 0:
            if client is not None:
                await client.aclose()
                await session.aclose()
            session = Session(profile)
            client = PingOneClient(sim.api_base_url, session, retry=policy, timeout=0.6,
                                   sleep=_nap)
        if n == 20:  # after a warm-up (imports, first connections, caches)
            sim.reset_counters()
            tracemalloc.start()
            start = _resources()
        fault, fatal = None, False
        if rng.random() < 0.35:
            _, make, fatal = rng.choices(CHOICES, weights=[c[0] for c in CHOICES])[0]
            fault = sim.faults.add(make(rng.randrange(3)))
        try:
            ids = [item["id"] async for page in list_pages(client, "environments")
                   for item in page.items]
        except PingTUIError as exc:
            assert fault is not None and fatal, f"listing {n}: {exc.message} ({fault})"
            outcomes[f"error: {type(exc).__name__}"] += 1
        else:
            assert fault is None or not fatal or fault.hits == 0, f"listing {n}: {fault}"
            assert len(ids) == len(set(ids)) == 29, f"listing {n}: {len(ids)} items"
            outcomes["complete" + (" after a fault" if fault is not None else "")] += 1
        finally:
            sim.faults.clear()
        if n % 100 == 0 and n > 20:
            outcomes["(TCP connections)"] += sim.connections
            sim.reset_counters()  # the simulator's request log is not the client's memory
    outcomes["(TCP connections)"] += sim.connections
    await client.aclose()
    await session.aclose()
    end = _resources()
    tracemalloc.stop()
    return outcomes, start, end


def test_a_thousand_listings_with_random_faults_leak_nothing(capsys: pytest.CaptureFixture
                                                             ) -> None:
    store_mod.reset_memory()
    started = time.monotonic()
    with Simulator(page_size=10) as sim:
        tenant = DemoTenant(profile=demo_profile(sim), simulator=sim)
        outcomes, start, end = asyncio.run(_soak(tenant, random.Random(SEED)))
        connections = outcomes.pop("(TCP connections)")
    elapsed = time.monotonic() - started
    store_mod.reset_memory()
    with capsys.disabled():
        print(f"\nsoak: {LISTINGS} listings in {elapsed:.1f} s; outcomes {dict(outcomes)}; "
              f"TCP connections the simulator accepted after warm-up: {connections}")
        for key in start:
            print(f"soak: {key:>10}: start {start[key]:10.0f}  end {end[key]:10.0f}")
    assert sum(outcomes.values()) == LISTINGS + 20
    # Keep-alive: new connections only for new clients and after faults that cut one.
    assert connections < 0.35 * LISTINGS
    assert outcomes["complete after a fault"] > 150 and sum(
        v for k, v in outcomes.items() if k.startswith("error")) > 20  # the faults happened
    assert end["sockets"] - start["sockets"] <= 4
    assert end["fds"] - start["fds"] <= 6
    assert end["threads"] - start["threads"] <= 4
    assert end["traced_kib"] - start["traced_kib"] < 8 * 1024
    assert end["rss_kib"] - start["rss_kib"] < 64 * 1024
