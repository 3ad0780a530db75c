"""Fault injection as a plain HTTP client sees it: each kind, count/after, runtime toggling."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from pingtui.sim import Fault, Simulator


def test_status_fault_with_retry_after_then_recovers(sim: Simulator, api: httpx.Client):
    sim.faults.add(Fault.rate_limited(retry_after="7", count=2))
    for _ in range(2):
        limited = api.get("/environments")
        assert limited.status_code == 429 and limited.headers["retry-after"] == "7"
        assert limited.json()["code"] == "REQUEST_LIMITED"
    assert api.get("/environments").status_code == 200


@pytest.mark.parametrize("status, code", [(500, "UNEXPECTED_ERROR"), (503, "SERVICE_UNAVAILABLE")])
def test_server_errors_have_pingone_bodies(sim: Simulator, api: httpx.Client, status: int,
                                           code: str):
    sim.faults.add(Fault.server_error(status))
    response = api.get("/environments")
    assert response.status_code == status and response.json()["code"] == code


def test_html_error_page(sim: Simulator, api: httpx.Client):
    sim.faults.add(Fault("html", status=502))
    response = api.get("/environments")
    assert response.status_code == 502 and response.headers["content-type"].startswith("text/html")


def test_malformed_json(sim: Simulator, api: httpx.Client):
    sim.faults.add(Fault("malformed"))
    response = api.get("/environments")
    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()


@pytest.mark.parametrize("kind", ["disconnect", "reset"])
def test_connection_faults(sim: Simulator, api: httpx.Client, kind: str):
    sim.faults.add(Fault(kind))
    with pytest.raises(httpx.TransportError):
        api.get("/environments")
    assert api.get("/environments").status_code == 200


def test_slow_fault_delays_the_answer(sim: Simulator, api: httpx.Client):
    sim.faults.add(Fault("slow", delay=5))
    with pytest.raises(httpx.ReadTimeout):
        api.get("/environments", timeout=0.2)


def test_stop_ends_a_hanging_request_promptly():
    hang = Fault("slow", delay=60, path="/", count=None)
    sim = Simulator(faults=[hang])
    sim.start()

    errors: list[BaseException] = []

    def call() -> None:
        try:
            httpx.get(f"{sim.api_base_url}/environments", timeout=30)
        except BaseException as exc:  # noqa: BLE001 - whatever it is, record it
            errors.append(exc)

    thread = threading.Thread(target=call)
    thread.start()
    assert hang.triggered.wait(10)  # the request is hanging in the server
    started = time.monotonic()
    sim.stop()
    thread.join(10)
    assert not thread.is_alive() and time.monotonic() - started < 10


def test_revoked_fault_revokes_every_token(sim: Simulator, api: httpx.Client):
    sim.faults.add(Fault("revoked"))
    assert api.get("/environments").status_code == 401
    assert api.get("/environments").status_code == 401  # revoked for good, not just once


def test_after_and_count_fail_mid_listing(sim: Simulator, api: httpx.Client):
    sim.faults.add(Fault.server_error(503, path="/v1/environments", after=2, count=1))
    codes = [api.get("/environments").status_code for _ in range(5)]
    assert codes == [200, 200, 503, 200, 200]


def test_path_and_method_select_requests(sim: Simulator, api: httpx.Client):
    sim.faults.add(Fault.server_error(503, path=f"/v1/environments/{sim.admin_environment_id}/",
                                      count=None))
    assert api.get("/environments").status_code == 200
    assert api.get(f"/environments/{sim.admin_environment_id}/users").status_code == 503
    sim.faults.add(Fault.server_error(500, path="/", method="POST"))
    assert api.get("/environments").status_code == 200


def test_faults_toggle_at_runtime(sim: Simulator, api: httpx.Client):
    sim.faults.add(Fault.server_error(503, count=None))
    assert api.get("/environments").status_code == 503
    assert api.get("/environments").status_code == 503
    sim.faults.clear()
    assert api.get("/environments").status_code == 200


def test_faults_given_at_construction():
    with Simulator(faults=[Fault.server_error(504, path="/", count=1)]) as sim:
        assert httpx.get(f"{sim.api_base_url}/environments").status_code == 504
        assert httpx.get(f"{sim.api_base_url}/environments").status_code == 401


def test_unknown_fault_kind_is_refused():
    with pytest.raises(ValueError):
        Fault("meteor")


def test_stop_closes_keep_alive_connections(sim: Simulator, api: httpx.Client):
    assert api.get("/environments").status_code == 200  # a kept-alive connection is open
    sim.stop()
    with pytest.raises(httpx.TransportError):
        api.get("/environments")
