"""A client that goes away mid-request (cancelled TUI load, Ctrl+C, a reset) must not make the
embedded simulator print tracebacks: in demo mode they would land on the user's terminal, over
the TUI or in the CLI's stderr."""

from __future__ import annotations

import socket
import struct
import threading

import pytest

from pingtui.sim import Fault, Simulator


def _handler_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if "process_request" in t.name]


@pytest.mark.parametrize("how", ["reset", "close"])
def test_a_client_that_leaves_mid_answer_leaves_no_traceback(capfd, how: str) -> None:
    with Simulator() as sim:
        slow = sim.faults.add(Fault("slow", path="/v1/environments", delay=0.3, count=None))
        before = set(_handler_threads())
        with socket.create_connection(("127.0.0.1", int(sim.base_url.rsplit(":", 1)[1]))) as s:
            s.sendall(b"GET /v1/environments HTTP/1.1\r\nHost: x\r\n\r\n")
            assert slow.triggered.wait(5)
            if how == "reset":  # RST instead of FIN
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        for thread in set(_handler_threads()) - before:
            thread.join(5)  # the handlers wrote their answers into the void and ended
        assert slow.hits == 1
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Exception occurred" not in err, err
