"""API faults on page 2 of a 3-page listing, through `pingtui environments list`.

The simulator serves 29 environments 10 a page; every fault hits the second page (``after=1``
on ``/v1/environments``). Transient faults are retried and the listing completes; the others
end in one or two lines saying what failed and what to do, the exit code of the contract, and
a line saying the listing is incomplete. (Malformed JSON mid-listing is
tests/api/test_listing.py::test_fault_mid_listing_says_the_listing_is_incomplete.)
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from rel_helpers import FAST_TIMEOUT, DemoRecorder, install_fast_client

from pingtui.sim import Fault

ENVS = "/v1/environments"
INCOMPLETE = "Fetched 10 items before the error: the listing is incomplete."


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch) -> DemoRecorder:
    return DemoRecorder(monkeypatch)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch):
    return install_fast_client(monkeypatch)


def _rows(out: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(out)))


@pytest.mark.parametrize("fault, delays", [
    (Fault.rate_limited(retry_after="2", path=ENVS, after=1, count=2), [2.0, 2.0]),
    (Fault.rate_limited(retry_after="nonsense", path=ENVS, after=1, count=1), [0.5]),
    (Fault.server_error(502, path=ENVS, after=1, count=1), [0.5]),
    (Fault.server_error(503, path=ENVS, after=1, count=2), [0.5, 1.0]),
    (Fault("html", status=502, path=ENVS, after=1, count=1), [0.5]),
    (Fault("slow", delay=FAST_TIMEOUT * 6, path=ENVS, after=1, count=1), [0.5]),
    (Fault("reset", path=ENVS, after=1, count=1), [0.5]),
    (Fault("disconnect", path=ENVS, after=1, count=2), [0.5, 1.0]),
], ids=["429-retry-after", "429-bad-retry-after", "502", "503x2", "html-502", "slow",
        "reset", "disconnect"])
def test_transient_fault_on_page_2_is_retried_and_the_listing_completes(
        run_cli, demo: DemoRecorder, sleeps, fault: Fault, delays: list[float]) -> None:
    demo.faults.append(fault)
    result = run_cli("--demo", "environments", "list", "-o", "csv")
    assert result.code == 0, result
    rows = _rows(result.out)
    assert len(rows) == 30 and len({r[0] for r in rows[1:]}) == 29  # nothing lost or doubled
    assert result.err.strip() == "Fetched 29 items"
    assert fault.hits == fault.count
    assert sleeps.delays == delays  # Retry-After honoured when sane, backoff otherwise


def test_revoked_token_on_page_2_is_fetched_again_and_the_listing_completes(
        run_cli, demo: DemoRecorder, sleeps) -> None:
    demo.faults.append(Fault("revoked", path=ENVS, after=1))
    result = run_cli("--demo", "environments", "list", "-o", "json")
    assert result.code == 0, result
    assert len(json.loads(result.out)) == 29
    assert demo.sim.token_requests == 2  # one refetch after the server-side revocation
    assert sleeps.delays == []  # a 401 is not a retry: the session renewed the token


@pytest.mark.parametrize("fault, code, words", [
    (Fault.rate_limited(retry_after="1", path=ENVS, after=1, count=None), 1,
     "request limit"),
    (Fault.server_error(500, path=ENVS, after=1, count=None), 1, "try again"),
    (Fault.server_error(502, path=ENVS, after=1, count=None), 1, "try again"),
    (Fault.server_error(503, path=ENVS, after=1, count=None), 1, "try again"),
    (Fault("html", status=503, path=ENVS, after=1, count=None), 1, "HTML page"),
    (Fault("slow", delay=FAST_TIMEOUT * 6, path=ENVS, after=1, count=None), 1,
     "no answer in time"),
    (Fault("reset", path=ENVS, after=1, count=None), 1, "could not reach"),
    (Fault("status", status=401, path=ENVS, after=1, count=None), 3, "refused a token just"),
    (Fault("status", status=403, path=ENVS, after=1, count=None), 4, "administrator"),
], ids=["429", "500", "502", "503", "html", "slow", "reset", "401", "403"])
def test_persistent_fault_on_page_2_ends_in_a_clear_message_and_exit_code(
        run_cli, demo: DemoRecorder, sleeps, fault: Fault, code: int, words: str) -> None:
    demo.faults.append(fault)
    result = run_cli("--demo", "environments", "list", "-o", "csv")
    assert result.code == code, result
    rows = _rows(result.out)
    assert len(rows) == 11  # the header and the first page, streamed before the fault
    lines = result.err.strip().splitlines()
    assert lines[0] == INCOMPLETE
    message = lines[1:]
    assert 1 <= len(message) <= 2, result.err  # what failed, what to do
    assert message[0].startswith("pingtui: ")
    assert words.lower() in result.err.lower()
    assert "Traceback" not in result.err and "Fetched 29" not in result.err


def test_partial_json_listing_never_looks_complete(run_cli, demo: DemoRecorder, sleeps) -> None:
    demo.faults.append(Fault.server_error(503, path=ENVS, after=1, count=None))
    result = run_cli("--demo", "environments", "list", "-o", "json")
    assert result.code == 1, result
    # json streams (issue 15): the first page is out, but the array is never closed, so no
    # parser takes 10 of 29 for the whole list.
    assert result.out.startswith("[\n  {") and "]" not in result.out.rstrip()[-3:]
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.out)
    assert INCOMPLETE in result.err


def test_fault_on_the_first_page_prints_no_table(run_cli, demo: DemoRecorder, sleeps) -> None:
    demo.faults.append(Fault.server_error(503, path=ENVS, count=None))
    result = run_cli("--demo", "environments", "list")
    assert result.code == 1, result
    assert result.out == "" and "incomplete" not in result.err
    assert result.err.startswith("pingtui: PingOne failed GET /v1/environments")


def test_cli_exit_codes_in_a_real_process(tmp_path) -> None:
    """The same contract out of process: a persistent 403 on page 2 exits 4 (no retry knob
    needed: 403 is never retried)."""
    import subprocess
    import sys

    code = (
        "import sys, pingtui.demo as d\n"
        "from pingtui.sim import Fault\n"
        "real = d.start_demo\n"
        "def start(**o):\n"
        "    demo = real(page_size=10, **o)\n"
        "    demo.simulator.faults.add(Fault('status', status=403, path='/v1/environments',"
        " after=1, count=None))\n"
        "    return demo\n"
        "d.start_demo = start\n"
        "from pingtui.cli import main\n"
        "sys.exit(main(['--demo', 'environments', 'list', '-o', 'csv']))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)
    assert proc.returncode == 4, proc
    assert len(proc.stdout.splitlines()) == 11
    assert INCOMPLETE in proc.stderr and "Traceback" not in proc.stderr


def test_session_revoked_server_side_on_page_2_exits_3_and_says_sign_on_again(
        run_cli, tmp_path, sleeps, monkeypatch) -> None:
    """A signed-on user (device code, refresh token) whose session PingOne revoked mid-listing:
    the refresh is refused too, so the listing stops with exit 3 and the command to run."""
    from rel_helpers import profile_yaml, write

    from pingtui.auth import store as store_mod
    from pingtui.sim import Simulator

    store_mod.reset_memory()
    with Simulator(page_size=10, auto_approve_after=0.0, device_interval=0.05) as sim:
        config = write(tmp_path / "config.yaml", profile_yaml(sim, "device_code"))
        login = run_cli("--config", str(config), "auth", "login")
        assert login.code == 0, login
        sim.faults.add(Fault("revoked", path=ENVS, after=1))
        result = run_cli("--config", str(config), "environments", "list", "-o", "csv")
    store_mod.reset_memory()
    assert result.code == 3, result
    assert len(_rows(result.out)) == 11
    lines = result.err.strip().splitlines()
    assert lines[0] == INCOMPLETE and len(lines) <= 3
    assert "pingtui auth login -P work" in result.err and "Traceback" not in result.err


def test_a_fresh_client_credentials_token_refused_does_not_send_the_user_to_auth_login(
        run_cli, demo: DemoRecorder, sleeps) -> None:
    """Client credentials: the session fetched a new token and PingOne's API still says 401
    (an API region that does not match the sign-on's, no role). `auth login` would only fetch
    another refused token, so the message points at the profile instead."""
    demo.faults.append(Fault("status", status=401, path=ENVS, count=None))
    result = run_cli("--demo", "environments", "list")
    assert result.code == 3, result
    assert "auth login" not in result.err
    assert "refused a token just issued" in result.err and "region" in result.err
    assert len(result.err.strip().splitlines()) == 2
