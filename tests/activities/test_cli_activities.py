"""`pingtui activities list|tail` as a user runs them, against the session's simulator."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import signal
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from helpers_activities import FakeTime

from pingtui.cli import Context, build_parser
from pingtui.sim import Fault

T0 = datetime(2026, 5, 1, 9, 0, 0, tzinfo=timezone.utc)
WINDOW = ["--since", "2026-05-01T08:00:00Z", "--until", "2026-05-01T10:00:00Z"]


@pytest.fixture
def two(sim, env_id):
    log = sim.activities
    ada = {"id": "11111111-1111-4111-8111-111111111111", "name": "ada.lovelace"}
    app = {"id": "22222222-2222-4222-8222-222222222222", "name": "Customer Web [prod]"}
    return [
        log.record(env_id, "USER.ACCESS_ALLOWED", user=ada, client=app, at=T0,
                   resources=[{"type": "USER", "id": ada["id"], "name": ada["name"]}]),
        log.record(env_id, "USER.ACCESS_DENIED", status="FAILED", user=ada, client=app,
                   at=T0 + timedelta(minutes=30), result_description="Not in the group"),
    ]


def test_list_table_newest_first_in_local_time(run_cli, profiles, two, local_plus2) -> None:
    result = run_cli("activities", "list", "-e", "Administrators", *WINDOW)
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert lines[0].split() == ["TIME", "ACTION", "RESULT", "ACTOR", "RESOURCES",
                                "DESCRIPTION"]
    assert lines[1].startswith("2026-05-01 11:30:00  USER.ACCESS_DENIED")  # 09:30Z at UTC+2
    assert "FAILED" in lines[1] and "User Access Denied: Not in the group" in lines[1]
    assert lines[2].startswith("2026-05-01 11:00:00  USER.ACCESS_ALLOWED")
    assert "ada.lovelace" in lines[2]
    assert result.err.strip() == "Fetched 2 activities"


@pytest.mark.parametrize("fmt", ["json", "yaml", "ndjson", "csv"])
def test_list_every_format_keeps_what_pingone_sent(run_cli, profiles, two, local_plus2,
                                                   fmt: str) -> None:
    result = run_cli("activities", "list", "-e", "Administrators", *WINDOW, "-o", fmt)
    assert result.code == 0, result
    if fmt == "json":
        got = json.loads(result.out)
    elif fmt == "yaml":
        got = yaml.safe_load(result.out)
    elif fmt == "ndjson":
        got = [json.loads(line) for line in result.out.splitlines()]
    else:
        rows = list(csv.reader(io.StringIO(result.out)))
        assert rows[0][0] == "TIME" and rows[1][0] == "2026-05-01 11:30:00"
        return
    assert got == [two[1], two[0]]  # as sent: UTC, milliseconds, every field
    assert got[0]["recordedAt"] == "2026-05-01T09:30:00.000Z"


@pytest.mark.parametrize("extra, expected", [
    (["--action", "USER.ACCESS_DENIED"], [1]),
    (["--action", "USER.ACCESS_DENIED", "--action", "USER.ACCESS_ALLOWED"], [1, 0]),
    (["--actor", "ada.lovelace"], [1, 0]),
    (["--actor", "22222222-2222-4222-8222-222222222222"], [1, 0]),
    (["--resource", "11111111-1111-4111-8111-111111111111"], [0]),
    (["--result", "failed"], [1]),
    (["--filter", 'action.type eq "USER.ACCESS_ALLOWED"'], [0]),
    (["--since", "2026-05-01T09:00:00Z"], [1]),  # the window's start is exclusive
    (["--limit", "1"], [1]),
], ids=["action", "actions", "username", "client-id", "resource", "result", "filter",
        "since-exclusive", "limit"])
def test_list_filters(run_cli, profiles, two, extra, expected) -> None:
    args = ["activities", "list", "-e", "Administrators", *WINDOW, *extra, "-o", "json"]
    result = run_cli(*args)
    assert result.code == 0, result
    assert [a["id"] for a in json.loads(result.out)] == [two[i]["id"] for i in expected]


def test_correlation_id(run_cli, profiles, sim, env_id) -> None:
    made = sim.activities.record(env_id, "USER.UPDATED", correlation_id="c-42")
    sim.activities.record(env_id, "USER.UPDATED")
    result = run_cli("activities", "list", "-e", env_id, "--since", "10m",
                     "--correlation-id", "c-42", "-o", "json")
    assert [a["id"] for a in json.loads(result.out)] == [made["id"]]


def test_bad_filter_shows_pingones_400_plainly(run_cli, profiles) -> None:
    result = run_cli("activities", "list", "-e", "Administrators", "--filter", 'name eq "x"')
    assert result.code == 1
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert lines[-2].startswith("pingtui: PingOne rejected GET /v1/environments/")
    assert "filtering activities on 'name' is not supported" in lines[-2]
    assert lines[-1] == "Check the filter and the other parameters."
    assert "Traceback" not in result.err


@pytest.mark.parametrize("args, words", [
    (["list", "--since", "yesterday"], "--since 'yesterday' is neither a duration nor a time"),
    (["list", "--since", "1h", "--until", "2h"], "--since is not before --until"),
    (["list", "--limit", "0"], "--limit must be 1 or more"),
    (["tail", "--interval", "1"], "--interval 1 is too short"),
    (["tail", "-o", "csv"], "activities tail writes table, ndjson or json, not csv"),
    (["tail", "--query", "[].id"], "--query needs the whole result, and a tail never ends"),
])
def test_bad_input_is_a_usage_error(run_cli, profiles, args, words) -> None:
    result = run_cli("activities", args[0], "-e", "Administrators", *args[1:])
    assert result.code == 2, result
    assert words in result.err and "Traceback" not in result.err


def _tail(fmt: str, fake: FakeTime, *extra: str) -> tuple[int, str, str]:
    from pingtui.commands.activities import tail_activities

    args = build_parser().parse_args(["activities", "tail", "-e", "Administrators",
                                      "--since", "1m", "-o", fmt, *extra])
    out, err = io.StringIO(), io.StringIO()
    ctx = Context(output=fmt, env=dict(os.environ), stdout=out, stderr=err)
    code = asyncio.run(tail_activities(args, ctx, tail_options={
        "sleep": fake.sleep, "monotonic": fake.monotonic}))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("fmt", ["ndjson", "json", "table"])
def test_tail_formats_and_ctrl_c(profiles, sim, env_id, fmt: str) -> None:
    log = sim.activities
    made: list[dict] = []
    fake = FakeTime(polls=5, stop=asyncio.CancelledError, script={
        1: lambda: made.append(log.record(env_id, "USER.UPDATED")),
        2: lambda: made.append(log.record(env_id, "USER.ACCESS_DENIED", status="FAILED"))})
    sim.faults.add(Fault.server_error(503, path=f"/v1/environments/{env_id}/activities",
                                      after=2))
    code, out, err = _tail(fmt, fake)
    assert len(made) == 2
    assert code == 130  # Ctrl+C: cancelled, quietly
    assert "Traceback" not in err and "cancelled" not in err
    assert err.count("pingtui: retrying in 5 s: PingOne failed GET") == 1
    if fmt == "ndjson":
        assert [json.loads(line) for line in out.splitlines()] == made
    elif fmt == "json":
        decoder, got, pos = json.JSONDecoder(), [], 0
        while pos < len(out.strip()):
            obj, pos = decoder.raw_decode(out, pos)
            got.append(obj)
            pos += 1
        assert got == made
    else:
        lines = out.splitlines()
        assert lines[0].startswith("TIME") and len(lines) == 3
        assert "USER.UPDATED" in lines[1] and "FAILED" in lines[2]


def test_tail_ctrl_c_in_a_real_process(sim, profiles: Path, env_id) -> None:
    """SIGINT to `pingtui activities tail`: exit 130, no traceback, nothing after the rows."""
    sim.activities.record(env_id, "USER.CREATED")
    process = subprocess.Popen(
        [sys.executable, "-m", "pingtui", "activities", "tail", "-e", "Administrators",
         "--since", "5m", "--interval", "2", "-o", "ndjson"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=dict(os.environ, PYTHONUNBUFFERED="1"))
    try:
        line = process.stdout.readline()  # the first activity: the tail is running
        assert json.loads(line)["action"]["type"] == "USER.CREATED"
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    err = process.stderr.read()
    assert code == 130
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert process.stdout.read() == ""


def test_list_query_applies_jmespath_to_the_window(run_cli, profiles, two) -> None:
    result = run_cli("activities", "list", "-e", "Administrators", *WINDOW, "-o", "json",
                     "--query", "[].action.type")
    assert result.code == 0, result
    assert json.loads(result.out) == ["USER.ACCESS_DENIED", "USER.ACCESS_ALLOWED"]


def test_list_fault_mid_listing_says_it_is_incomplete(run_cli, profiles, sim, env_id) -> None:
    for i in range(1001):  # two pages of PingOne's largest page (1000)
        sim.activities.record(env_id, "USER.UPDATED", at=T0 + timedelta(milliseconds=i))
    sim.faults.add(Fault.server_error(400, path=f"/v1/environments/{env_id}/activities",
                                      after=1))
    result = run_cli("activities", "list", "-e", "Administrators", *WINDOW, "-o", "json")
    assert result.code == 1
    assert "Fetched 1000 activities before the error: the listing is incomplete." in result.err
    assert result.out.startswith("[") and not result.out.rstrip().endswith("]")


def test_get_one_activity_as_sent(run_cli, profiles, two) -> None:
    result = run_cli("activities", "get", two[1]["id"], "-e", "Administrators")
    assert result.code == 0, result
    assert yaml.safe_load(result.out) == two[1]
    missing = run_cli("activities", "get", "00000000-0000-4000-8000-000000000000", "-e",
                      "Administrators")
    assert missing.code == 1 and missing.err.startswith("pingtui: Not found")
