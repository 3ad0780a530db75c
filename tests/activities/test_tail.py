"""The tail poller against the simulator, on a fake clock: windows, overlap, dedupe, pacing,
429 with Retry-After, 5xx — and a shortened version of the hour-long run with faults."""

from __future__ import annotations

import itertools
import random
from datetime import datetime, timedelta, timezone

import pytest
from helpers_activities import FakeTime, Stop, api_client

from pingtui.api.activities import (
    ActivityQuery,
    ActivityTail,
    Arrived,
    Retrying,
    list_pages,
    utc_now,
)
from pingtui.api.errors import BadRequest
from pingtui.sim import Fault, Simulator

INTERVAL = 5.0


async def _run(tail: ActivityTail, fake: FakeTime) -> list[Arrived | Retrying]:
    events: list[Arrived | Retrying] = []
    with pytest.raises(Stop):
        async for event in tail.events():
            events.append(event)
    return events


def _arrived(events) -> list[str]:
    return [a["id"] for e in events if isinstance(e, Arrived) for a in e.activities]


def _paced(fake: FakeTime, interval: float = INTERVAL) -> None:
    """Never two requests within one interval."""
    gaps = [b - a for a, b in itertools.pairwise(fake.request_times)]
    assert gaps and min(gaps) >= interval - 1e-9, gaps


async def test_list_window_boundaries(sim: Simulator, env_id: str) -> None:
    since = datetime(2026, 5, 1, 9, 0, tzinfo=timezone.utc)
    until = since + timedelta(hours=1)
    at = [since - timedelta(milliseconds=1), since, since + timedelta(milliseconds=1),
          until - timedelta(milliseconds=1), until, until + timedelta(milliseconds=1)]
    made = [sim.activities.record(env_id, "USER.UPDATED", at=t) for t in at]
    async with api_client(sim) as client:
        got = [a["id"] async for page in list_pages(client, env_id, ActivityQuery(),
                                                    since=since, until=until, page_size=1)
               for a in page.items]
    assert got == [made[3]["id"], made[2]["id"]]  # (since, until): both ends open


async def test_tail_prints_new_activities_once_in_time_order(sim, env_id) -> None:
    log = sim.activities
    before = log.record(env_id, "USER.CREATED", at=utc_now() - timedelta(minutes=10))
    recent = log.record(env_id, "USER.CREATED", at=utc_now() - timedelta(seconds=20))
    script = {
        2: lambda: [log.record(env_id, "USER.UPDATED") for _ in range(3)],
        5: lambda: log.record(env_id, "USER.DELETED"),
    }
    fake = FakeTime(polls=9, script=script)
    async with api_client(sim) as client:
        fake.watch(client)
        tail = ActivityTail(client, env_id, ActivityQuery(), since=utc_now() -
                            timedelta(minutes=5), interval=INTERVAL, sleep=fake.sleep,
                            monotonic=fake.monotonic)
        events = await _run(tail, fake)
    ids = _arrived(events)
    recorded = [a for a in log.activities(env_id) if a["id"] != before["id"]]
    assert ids == [a["id"] for a in recorded]  # each once, oldest first, none lost
    assert recent["id"] == ids[0] and before["id"] not in ids
    assert tail.requests == len(fake.request_times) == 9
    _paced(fake)


async def test_dedupe_across_the_overlap(sim, env_id) -> None:
    """Every window reaches 30 s back: the same activities come back, each is printed once."""
    log = sim.activities
    script = {i: (lambda: log.record(env_id, "USER.UPDATED")) for i in range(1, 13, 2)}
    fake = FakeTime(polls=14, script=script)
    async with api_client(sim) as client:
        fake.watch(client)
        tail = ActivityTail(client, env_id, ActivityQuery(), since=utc_now(),
                            interval=INTERVAL, overlap=timedelta(minutes=10),
                            sleep=fake.sleep, monotonic=fake.monotonic)
        events = await _run(tail, fake)
    ids = _arrived(events)
    assert len(ids) == len(set(ids)) == 6
    assert ids == [a["id"] for a in log.activities(env_id)]


async def test_late_activities_inside_the_overlap_are_caught(sim, env_id) -> None:
    """An activity indexed late (recordedAt in the past, within the overlap) is still shown."""
    log = sim.activities
    late: list[dict] = []
    script = {3: lambda: late.append(log.record(env_id, "USER.UPDATED",
                                                at=utc_now() - timedelta(seconds=10)))}
    fake = FakeTime(polls=6, script=script)
    async with api_client(sim) as client:
        fake.watch(client)
        tail = ActivityTail(client, env_id, ActivityQuery(), since=utc_now() -
                            timedelta(minutes=1), sleep=fake.sleep, monotonic=fake.monotonic)
        events = await _run(tail, fake)
    assert _arrived(events) == [late[0]["id"]]


async def test_a_burst_needs_pages_one_request_per_interval(sim, env_id) -> None:
    """Pages of a window arrive while new activities are recorded (also inside the window):
    nothing is lost, nothing doubled, one request per interval, oldest first."""
    log = sim.activities
    start = utc_now()
    for i in range(23):
        log.record(env_id, "USER.CREATED", at=start - timedelta(seconds=20 - i * 0.5))

    def more() -> None:
        log.record(env_id, "USER.UPDATED")  # after the window's end: the next window
        # A late one inside the window being paged: offsets shift, a page repeats an item.
        log.record(env_id, "USER.UPDATED", at=start - timedelta(seconds=5.25))

    fake = FakeTime(polls=16, script={1: more, 3: more})
    async with api_client(sim) as client:
        fake.watch(client)
        tail = ActivityTail(client, env_id, ActivityQuery(), since=start - timedelta(minutes=1),
                            page_size=5, sleep=fake.sleep, monotonic=fake.monotonic)
        events = await _run(tail, fake)
    ids = _arrived(events)
    expected = [a["id"] for a in log.activities(env_id)]
    assert sorted(ids) == sorted(expected) and len(ids) == len(set(ids)) == 27
    batches = [e.activities for e in events if isinstance(e, Arrived)]
    for batch in batches:
        times = [a["recordedAt"] for a in batch]
        assert times == sorted(times)
    _paced(fake)


async def test_429_waits_as_retry_after_says(sim, env_id) -> None:
    log = sim.activities
    sim.faults.add(Fault.rate_limited(retry_after="42", path=f"/v1/environments/{env_id}/"
                                      "activities", after=1, count=1))
    fake = FakeTime(polls=4, script={1: lambda: log.record(env_id, "USER.UPDATED")})
    async with api_client(sim) as client:
        fake.watch(client)
        tail = ActivityTail(client, env_id, ActivityQuery(), since=utc_now(),
                            sleep=fake.sleep, monotonic=fake.monotonic)
        events = await _run(tail, fake)
    retries = [e for e in events if isinstance(e, Retrying)]
    assert len(retries) == 1 and retries[0].delay == 42
    assert retries[0].message.startswith("retrying in 42 s: PingOne's request limit")
    assert fake.request_times[2] - fake.request_times[1] == pytest.approx(42)
    assert len(_arrived(events)) == 1
    _paced(fake)


@pytest.mark.parametrize("fault", [
    Fault.server_error(503), Fault.server_error(500), Fault("html", status=502),
    Fault("reset"), Fault("malformed")], ids=["503", "500", "html-502", "reset", "malformed"])
async def test_5xx_and_network_errors_are_reported_and_retried(sim, env_id, fault) -> None:
    log = sim.activities
    fault.path, fault.after, fault.count = f"/v1/environments/{env_id}/activities", 1, 2
    sim.faults.add(fault)
    fake = FakeTime(polls=5, script={1: lambda: log.record(env_id, "USER.UPDATED")})
    async with api_client(sim) as client:
        fake.watch(client)
        tail = ActivityTail(client, env_id, ActivityQuery(), since=utc_now(),
                            sleep=fake.sleep, monotonic=fake.monotonic)
        events = await _run(tail, fake)
    retries = [e for e in events if isinstance(e, Retrying)]
    assert [r.delay for r in retries] == [5.0, 10.0]  # the interval, then doubled
    assert retries[0].message.startswith("retrying in 5 s: ")
    assert _arrived(events) == [a["id"] for a in log.activities(env_id)]
    assert fault.hits == 2
    _paced(fake)


async def test_a_bad_filter_ends_the_tail_with_pingones_message(sim, env_id) -> None:
    fake = FakeTime(polls=3)
    async with api_client(sim) as client:
        fake.watch(client)
        tail = ActivityTail(client, env_id, ActivityQuery(filter='name eq "x"'),
                            since=utc_now(), sleep=fake.sleep, monotonic=fake.monotonic)
        with pytest.raises(BadRequest) as caught:
            async for _ in tail.events():
                pass
    assert "filtering activities on 'name' is not supported" in caught.value.message


async def test_shortened_long_run_with_faults(sim, env_id) -> None:
    """The hour-long run, shortened: 200 polls (a fake 17 minutes), activities at random,
    some indexed late, bursts that need several pages, a fault every 20 polls."""
    rng = random.Random(2026)
    log = sim.activities
    path = f"/v1/environments/{env_id}/activities"
    faults = [Fault.rate_limited(retry_after="7"), Fault.server_error(503), Fault("reset"),
              Fault("html", status=502), Fault.server_error(500)]

    def tick(i: int) -> None:
        for _ in range(rng.choice([0, 0, 1, 2, 9])):
            late = rng.random() < 0.2
            log.record(env_id, rng.choice(["USER.UPDATED", "USER.ACCESS_DENIED"]),
                       at=fake.now() - timedelta(seconds=rng.uniform(1, 20)) if late else None)
        if i % 20 == 10:
            fault = faults[(i // 20) % len(faults)]
            sim.faults.add(Fault(fault.kind, path=path, status=fault.status,
                                 retry_after=fault.retry_after))

    polls = 200
    fake = FakeTime(polls=polls, script={i: (lambda i=i: tick(i)) for i in range(polls - 40)})
    log.reset(clock=fake.now, history=0, record_requests=False)  # the log's time is fake too
    async with api_client(sim) as client:
        fake.watch(client)
        tail = ActivityTail(client, env_id, ActivityQuery(), since=fake.now(), page_size=10,
                            sleep=fake.sleep, monotonic=fake.monotonic, now=fake.now)
        events = await _run(tail, fake)
    ids = _arrived(events)
    expected = [a["id"] for a in log.activities(env_id)]
    assert len(expected) > 100
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(expected)
    retries = [e for e in events if isinstance(e, Retrying)]
    assert len(retries) == 8  # one per fault (polls 10, 30, … 150)
    assert [r.delay for r in retries if "request limit" in r.message] == [7.0, 7.0]
    _paced(fake)
