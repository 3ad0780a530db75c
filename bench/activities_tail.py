"""The activity tail against two naive pollers, on the same stream of activities (one run).

    .venv/bin/python bench/activities_tail.py [--polls 300]

The simulator records activities at random on a fake clock — a steady trickle, bursts of
several pages, one in five indexed late (recordedAt up to 20 s in the past) — while each poller
runs for the same number of intervals. Printed per poller: activities recorded, printed,
missing, printed twice, requests, and the most requests within one interval.

- ``pingtui``: ``api.activities.ActivityTail`` (fixed windows reaching 30 s back, dedupe by
  ID, one request per interval, a burst's pages spread over intervals).
- ``naive-page``: one request per interval for ``recordedat gt <newest seen>``, first page only
  (what a quick script does): fast, but bursts and late activities are lost.
- ``naive-all``: the same, following every ``next`` link at once: bursts are complete, but a
  burst costs many requests in one interval, and late activities are still lost.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "activities"))

from helpers_activities import FakeTime, Stop, api_client

from pingtui.api.activities import (
    ActivityQuery,
    ActivityTail,
    Arrived,
    activities_path,
    format_time,
)
from pingtui.api.paging import next_href, page_items
from pingtui.sim import Simulator

INTERVAL = 5.0
PAGE = 100


def stream(sim: Simulator, env_id: str, fake: FakeTime, seed: int) -> Callable[[], None]:
    rng = random.Random(seed)
    log = sim.activities

    def tick() -> None:
        for _ in range(rng.choice([0, 0, 1, 2, 3])):
            late = rng.random() < 0.2
            log.record(env_id, "USER.UPDATED",
                       at=fake.now() - timedelta(seconds=rng.uniform(1, 20)) if late else None)
        if rng.random() < 0.03:  # a burst: 2-4 pages of 100
            for _ in range(rng.randint(150, 400)):
                log.record(env_id, "USER.CREATED")

    return tick


async def run_pingtui(client: Any, env_id: str, fake: FakeTime) -> list[str]:
    tail = ActivityTail(client, env_id, ActivityQuery(), since=fake.now(), page_size=PAGE,
                        sleep=fake.sleep, monotonic=fake.monotonic, now=fake.now)
    printed: list[str] = []
    try:
        async for event in tail.events():
            if isinstance(event, Arrived):
                printed += [a["id"] for a in event.activities]
    except Stop:
        pass
    return printed


async def run_naive(client: Any, env_id: str, fake: FakeTime, all_pages: bool) -> list[str]:
    printed: list[str] = []
    newest = fake.now()
    try:
        while True:
            await fake.sleep(INTERVAL)
            flt = (f'recordedat gt "{format_time(newest)}" and '
                   f'recordedat lt "{format_time(fake.now() + timedelta(days=1))}"')
            body = await client.get_json(activities_path(env_id), {"filter": flt,
                                                                   "limit": PAGE})
            items = page_items(body, "activities")
            while all_pages and next_href(body):
                body = await client.get_json(next_href(body) or "")
                items += page_items(body, "activities")
            for item in reversed(items):
                printed.append(item["id"])
                moment = datetime.fromisoformat(item["recordedAt"].replace("Z", "+00:00"))
                newest = max(newest, moment)
    except Stop:
        pass
    return printed


async def one(name: str, sim: Simulator, env_id: str, polls: int, seed: int
              ) -> dict[str, Any]:
    fake = FakeTime(polls=polls)
    tick = stream(sim, env_id, fake, seed)
    fake.script = {i: tick for i in range(1, polls - 30)}
    sim.activities.reset(clock=fake.now, history=0, record_requests=False)
    async with api_client(sim) as client:
        fake.watch(client)
        if name == "pingtui":
            printed = await run_pingtui(client, env_id, fake)
        else:
            printed = await run_naive(client, env_id, fake, all_pages=name == "naive-all")
    recorded = {a["id"] for a in sim.activities.activities(env_id)}
    per_interval: dict[int, int] = {}
    for t in fake.request_times:
        per_interval[int((t - 1000.0) // INTERVAL)] = per_interval.get(
            int((t - 1000.0) // INTERVAL), 0) + 1
    return {"poller": name, "recorded": len(recorded), "printed": len(printed),
            "missing": len(recorded - set(printed)),
            "twice": len(printed) - len(set(printed)),
            "requests": len(fake.request_times),
            "max/interval": max(per_interval.values(), default=0)}


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--polls", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with Simulator() as sim:
        env_id = sim.admin_environment_id
        rows = [await one(name, sim, env_id, args.polls, args.seed)
                for name in ("pingtui", "naive-page", "naive-all")]
    headers = list(rows[0])
    print("  ".join(f"{h:>12}" for h in headers))
    for row in rows:
        print("  ".join(f"{row[h]!s:>12}" for h in headers))
    print(f"({args.polls} intervals of {INTERVAL:g} s on a fake clock, pages of {PAGE}, "
          f"seed {args.seed}; the same activity stream for each poller)")


if __name__ == "__main__":
    asyncio.run(main())
