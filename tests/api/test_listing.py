"""`pingtui <resource> list` in-process through pingtui.cli.run, on the demo simulator, with the
real auth Session; plus the whole-path properties (one token request, one connection)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pingtui.demo
from pingtui.api.client import PingOneClient
from pingtui.api.resources import list_pages
from pingtui.auth.session import Session
from pingtui.demo import DemoTenant, start_demo
from pingtui.sim import Fault


def test_demo_environments_list_prints_the_29(run_cli, demos: list[DemoTenant]):
    result = run_cli("--demo", "environments", "list")
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "TYPE", "REGION", "CREATED", "DESCRIPTION"]
    assert len(lines) == 30 and "Administrators" in lines[1]
    assert any("[prod] Customer Identity" in line for line in lines)
    assert result.err.strip() == "Fetched 29 items"


def test_demo_listing_json(run_cli, demos: list[DemoTenant]):
    result = run_cli("--demo", "environments", "list", "-o", "json")
    assert result.code == 0, result
    data = json.loads(result.out)
    assert len(data) == 29 and data[0]["name"] == "Administrators"
    assert data[0]["id"] == demos[0].simulator.admin_environment_id


def test_demo_users_by_environment_name_csv(run_cli, demos: list[DemoTenant]):
    result = run_cli("--demo", "users", "list", "--environment", "Administrators",
                     "--limit", "12", "-o", "csv")
    assert result.code == 0, result
    rows = list(csv.reader(io.StringIO(result.out)))
    assert rows[0] == ["ID", "USERNAME", "EMAIL", "NAME", "ENABLED", "STATUS", "POPULATION"]
    # The population by name (one lookup), not its ID.
    from pingtui.sim.data import POPULATIONS

    assert {r[6] for r in rows[1:]} <= set(POPULATIONS)
    assert len(rows) == 13 and result.err.strip() == "Fetched 12 items"
    sim = demos[0].simulator
    assert sim.count(f"/v1/environments/{sim.admin_environment_id}/users") == 2


def test_demo_filter(run_cli, demos: list[DemoTenant]):
    result = run_cli("--demo", "environments", "list", "--filter", 'region eq "EU"', "-o", "yaml")
    assert result.code == 0, result
    assert "Zürich Banking" in result.out and "Sydney Retail" not in result.out


def test_forbidden_listing_exits_4_naming_the_permission(run_cli, demos: list[DemoTenant]):
    result = run_cli("--demo", "users", "list", "-e", "Payments PCI")
    assert result.code == 4, result
    assert "identity:read:users" in result.err and "Traceback" not in result.err
    assert result.out == ""


def test_unknown_environment_name(run_cli, demos: list[DemoTenant]):
    result = run_cli("--demo", "groups", "list", "-e", "Nope")
    assert result.code == 1 and "no environment named 'Nope'" in result.err


def test_fault_mid_listing_says_the_listing_is_incomplete(run_cli, monkeypatch,
                                                          demos: list[DemoTenant]):
    def failing_demo(**options: object) -> DemoTenant:
        demo = start_demo(page_size=10, faults=[Fault("malformed", path="/v1/environments",
                                                      after=1)])
        demos.append(demo)
        return demo

    monkeypatch.setattr(pingtui.demo, "start_demo", failing_demo)
    result = run_cli("--demo", "environments", "list", "-o", "csv")
    assert result.code == 1, result
    assert len(result.out.splitlines()) == 11  # header + the first page, streamed
    assert "Fetched 10 items before the error: the listing is incomplete." in result.err
    assert "not valid JSON" in result.err and "Traceback" not in result.err


def test_token_revoked_mid_listing_is_renewed_and_the_listing_completes(
        run_cli, monkeypatch, demos: list[DemoTenant]):
    def revoking_demo(**options: object) -> DemoTenant:
        demo = start_demo(page_size=10, faults=[Fault("revoked", path="/v1/environments",
                                                      after=2)])
        demos.append(demo)
        return demo

    monkeypatch.setattr(pingtui.demo, "start_demo", revoking_demo)
    result = run_cli("--demo", "environments", "list", "-o", "csv")
    assert result.code == 0, result
    assert len(result.out.splitlines()) == 30 and result.err.strip() == "Fetched 29 items"
    assert demos[0].simulator.token_requests == 2  # the first, and one after the 401


def test_invalid_limit_is_a_usage_error(run_cli, demos: list[DemoTenant]):
    assert run_cli("--demo", "environments", "list", "--limit", "0").code == 2


def test_a_whole_listing_makes_exactly_one_token_request(run_cli, demos: list[DemoTenant]):
    result = run_cli("--demo", "users", "list", "-e", "Administrators", "-o", "json")
    assert result.code == 0, result
    sim = demos[0].simulator
    assert sim.token_requests == 1
    assert sim.count("/v1/environments") == 1 + 5  # resolve the name, then 5 pages of users


async def test_session_listing_one_token_one_api_connection_and_refresh_on_revoke():
    with start_demo(page_size=10) as demo:
        sim = demo.simulator
        profile = demo.profile_for("client_credentials")
        async with Session(profile) as session, \
                PingOneClient(sim.api_base_url, session) as client:
            pages = [p async for p in list_pages(client, "environments")]
            assert pages[-1].fetched == 29 and sim.token_requests == 1
            # discovery + token on the session's connection, 3 pages on the client's
            assert sim.connections == 2
            sim.faults.add(Fault("revoked", path="/v1/environments", after=1))
            pages = [p async for p in list_pages(client, "environments")]
            assert pages[-1].fetched == 29 and sim.token_requests == 2


def test_the_cli_listing_path_never_imports_textual():
    code = ("import sys, io\nfrom pingtui.cli import run\n"
            "out = io.StringIO()\n"
            "code = run(['--demo', 'environments', 'list', '-o', 'json'], stdout=out,"
            " stderr=io.StringIO())\n"
            "assert code == 0 and len(__import__('json').loads(out.getvalue())) == 29\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'yaml',"
            " 'keyring', 'segno')))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert proc.stdout.strip() == "[]", proc.stdout


async def test_a_screenful_first_then_the_listing_without_repeats():
    """``first_page``: the TUI's first request asks for what a screen shows; the pages that
    follow start over at the collection's size and leave out what was given."""
    with start_demo(page_size=15) as demo:
        sim = demo.simulator
        environment = sim.admin_environment_id
        path = f"/v1/environments/{environment}/users"
        async with Session(demo.profile_for("client_credentials")) as session, \
                PingOneClient(sim.api_base_url, session) as client:
            plain = [i["id"] async for p in list_pages(client, "users", environment)
                     for i in p.items]
            n = len(plain)
            assert n > 30  # pages of 15: the listing pages
            sim.reset_counters()
            pages = [p async for p in list_pages(client, "users", environment, first_page=10)]
            assert len(pages[0].items) == 10 and pages[0].total == n
            assert [i["id"] for p in pages for i in p.items] == plain
            assert [p.fetched for p in pages] == [10, *(min(k, n) for k in range(15, n + 15, 15))]
            assert sim.count(path) == 1 + -(-n // 15)
            sim.reset_counters()  # a collection that fits the screenful: one request
            small = [p async for p in list_pages(client, "populations", environment,
                                                 first_page=10)]
            assert len(small) == 1 and sim.count(f"/v1/environments/{environment}/populations") == 1
