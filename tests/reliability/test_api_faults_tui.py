"""API faults on page 2 of the environments browser (Textual pilot, real auth/api layers).

The simulator serves 29 environments 10 a page; the fault hits the second page. The browser
must show the error, never present the 10 rows it has as the whole listing, stay usable (keys,
the `/` filter), and load everything on `r` once the fault is gone.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rel_helpers import FAST_TIMEOUT, install_fast_client, profile_yaml, wait_until, write
from textual.message import Message
from textual.notifications import Notify

from pingtui.sim import Fault, Simulator

ENVS = "/v1/environments"


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(page_size=10) as server:
        yield server


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch):
    return install_fast_client(monkeypatch)


def _app(tmp_path: Path, sim: Simulator, grant: str = "client_credentials"):
    from pingtui.tui.app import make_app

    config = write(tmp_path / "cfg" / "config.yaml", profile_yaml(sim, grant))
    return make_app(config_path=config, env={}, pingcli_path=tmp_path / "no-pingcli.yaml")


def _status_line(pane) -> str:
    from textual.widgets import Static

    return str(pane.query_one(".pane-status", Static).render())


class Notes:
    """Every notification the app raised, recorded as its Notify message arrives (a toast
    that timed out on a slow machine is still counted)."""

    def __init__(self) -> None:
        self.shown: list = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.shown.append(message.notification)

    def __str__(self) -> str:
        return "\n".join(str(n.message) for n in self.shown)


def _name(app) -> str:
    return type(app.screen).__name__


async def _settled(pilot):
    """The browser's pane once its load has finished or failed."""
    app = pilot.app
    await wait_until(pilot, lambda: _name(app) == "EnvironmentsScreen", what="browser shown")
    pane = app.screen.current_pane()
    await wait_until(pilot, lambda: pane.done or pane.error is not None, what="load settled")
    return pane


@pytest.mark.parametrize("fault, words", [
    (Fault.rate_limited(retry_after="1", path=ENVS, after=1, count=None), "request limit"),
    (Fault.server_error(500, path=ENVS, after=1, count=None), "PingOne failed"),
    (Fault.server_error(503, path=ENVS, after=1, count=None), "PingOne failed"),
    (Fault("html", status=502, path=ENVS, after=1, count=None), "HTML page"),
    (Fault("slow", delay=FAST_TIMEOUT * 6, path=ENVS, after=1, count=None),
     "no answer in time"),
    (Fault("reset", path=ENVS, after=1, count=None), "Could not reach"),
    (Fault("malformed", path=ENVS, after=1, count=None), "not valid JSON"),
    (Fault("status", status=403, path=ENVS, after=1, count=None), "refused"),
], ids=["429", "500", "503", "html", "slow", "reset", "malformed", "403"])
async def test_fault_on_page_2_is_shown_the_partial_listing_is_not_complete_and_r_recovers(
        tmp_path: Path, sim: Simulator, sleeps, fault: Fault, words: str) -> None:
    sim.faults.add(fault)
    app, notes = _app(tmp_path, sim), Notes()
    async with app.run_test(size=(100, 30), message_hook=notes) as pilot:
        pane = await _settled(pilot)
        assert pane.error is not None and not pane.done
        assert pane.table.total_rows == 10  # page 1 stays visible...
        status = _status_line(pane)
        assert words in status and "r retries" in status  # ...under the error,
        assert "10 environments" not in status and "Fetching" not in status  # never "done"
        # ...and a notification says what to do (its Notify message is handled after the
        # error is set, so wait for it rather than read it at once).
        await wait_until(pilot, lambda: words in str(notes), what="notification")
        # Still usable: the `/` filter works on the rows that did arrive.
        await pilot.press("slash", *"admin")
        await wait_until(pilot, lambda: pane.table.row_count == 1, what="filtered")
        await pilot.press("escape")
        await wait_until(pilot, lambda: pane.table.row_count == 10, what="filter cleared")
        assert _name(app) == "EnvironmentsScreen"
        # The fault goes away; `r` loads the whole listing.
        sim.faults.clear()
        await pilot.press("r")
        await wait_until(pilot, lambda: pane.done and pane.error is None, what="reloaded")
        assert pane.table.total_rows == 29
        assert "29 environments" in _status_line(pane)


@pytest.mark.parametrize("fault", [
    Fault.rate_limited(retry_after="2", path=ENVS, after=1, count=2),
    Fault.server_error(503, path=ENVS, after=1, count=1),
    Fault("reset", path=ENVS, after=1, count=1),
    Fault("slow", delay=FAST_TIMEOUT * 6, path=ENVS, after=1, count=1),
    Fault("revoked", path=ENVS, after=1),
], ids=["429", "503", "reset", "slow", "revoked"])
async def test_transient_fault_on_page_2_is_retried_without_bothering_the_user(
        tmp_path: Path, sim: Simulator, sleeps, fault: Fault) -> None:
    sim.faults.add(fault)
    app, notes = _app(tmp_path, sim), Notes()
    async with app.run_test(size=(100, 30), message_hook=notes) as pilot:
        pane = await _settled(pilot)
        assert pane.done and pane.error is None, _status_line(pane)
        assert pane.table.total_rows == 29
        assert len({o["id"] for o in pane.visible_objects()}) == 29
        assert fault.hits == (fault.count or 1)
        assert not [n for n in notes.shown if n.severity == "error"]


async def test_a_token_refused_for_good_on_page_2_offers_sign_on_and_does_not_loop(
        tmp_path: Path, sim: Simulator, sleeps) -> None:
    """401 on every page-2 request: the session renews once, then the browser says the
    sign-on is needed. It must not spin in a sign-on/reload loop and must stay usable."""
    fault = sim.faults.add(Fault("status", status=401, path=ENVS, after=1, count=None))
    app, notes = _app(tmp_path, sim), Notes()
    async with app.run_test(size=(100, 30), message_hook=notes) as pilot:
        await wait_until(pilot, lambda: fault.hits >= 1, what="401 served")
        await wait_until(pilot, lambda: not any(
            w.group == "load" and not w.is_finished for w in app.workers), what="loads ended")
        for _ in range(20):  # let any follow-up sign-on/reload run
            await pilot.pause(0.01)
        hits = fault.hits
        tokens = sim.token_requests
        assert hits <= 4, f"{hits} page-2 requests: a sign-on/reload loop"
        assert tokens <= 4, f"{tokens} token requests: a sign-on/reload loop"
        await wait_until(pilot, lambda: "sign" in (str(notes) + "\n".join(
            str(getattr(w, "renderable", "")) for w in app.screen.query("Static"))).lower(),
            what="sign-on offered")
        await wait_until(pilot, lambda: _name(app) == "EnvironmentsScreen", what="back")
        pane = app.screen.current_pane()
        await wait_until(pilot, lambda: pane.error is not None, what="error shown")
        assert "(r " in _status_line(pane)  # the reload after sign-on failed on page 1
        sim.faults.clear()
        await pilot.press("r")
        await wait_until(pilot, lambda: pane.done and pane.error is None, what="reloaded")
        assert pane.table.total_rows == 29


async def test_a_session_revoked_server_side_offers_sign_on_each_time(
        tmp_path: Path, sleeps) -> None:
    """Device code: tokens revoked at PingOne (refresh refused too) -> the sign-on screen;
    after signing on the listing reloads; revoked again later -> offered again."""
    with Simulator(page_size=10, device_interval=0.05) as sim:
        app = _app(tmp_path, sim, "device_code")
        async with app.run_test(size=(100, 30)) as pilot:
            for round in range(3):
                if round:
                    sim.revoke_all_tokens()
                    await pilot.press("r")
                await wait_until(pilot, lambda: any(
                    w.code for w in app.screen.query("#user-code")), what="device code")
                assert _name(app) == "SignOnScreen"
                assert sim.approve_device(app.screen.query_one("#user-code").code)
                pane = await _settled(pilot)
                await wait_until(pilot, lambda pane=pane: pane.done,
                                 what=f"round {round} loaded")
                assert pane.error is None and pane.table.total_rows == 29


async def test_an_incomplete_listing_is_not_exported_as_if_complete(
        tmp_path: Path, sim: Simulator, sleeps) -> None:
    sim.faults.add(Fault.server_error(503, path=ENVS, after=1, count=None))
    app, notes = _app(tmp_path, sim), Notes()
    async with app.run_test(size=(100, 30), message_hook=notes) as pilot:
        pane = await _settled(pilot)
        assert pane.error is not None and pane.table.total_rows == 10
        await pilot.press("e")
        await wait_until(pilot, lambda: "incomplete" in str(notes), what="refusal")
        assert _name(app) == "EnvironmentsScreen"  # no export dialog for 10 of 29
        sim.faults.clear()
        await pilot.press("r")
        await wait_until(pilot, lambda: pane.done, what="reloaded")
        await pilot.press("e")
        await wait_until(pilot, lambda: _name(app) == "ExportScreen", what="export dialog")
        assert app.screen.rows and len(app.screen.rows) == 29
