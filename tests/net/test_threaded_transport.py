"""pingtui.threaded_transport: httpx's sync transport awaited from asyncio, each request in one of
some daemon threads. Requests in flight together run together; a cancelled one is left to
finish alone; the threads serve the next requests; a process never waits for one at exit
(Ctrl+C on a listing the server sits on)."""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import signal
import ssl
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from sim_profiles import profile_yaml

from net.conftest import CA
from pingtui.sim import Simulator
from pingtui.sim.faults import Fault
from pingtui.threaded_transport import DaemonThreads, ThreadedTransport


class _Pair(BaseHTTPRequestHandler):
    """Answers a request only once a second one is in flight (a barrier of two): requests
    sent one after the other would never be answered. The answer is gzipped JSON echoing
    the request's method, path and body."""

    protocol_version = "HTTP/1.1"
    barrier = threading.Barrier(2, timeout=10)

    def _body(self) -> str:
        if self.headers.get("Transfer-Encoding") != "chunked":
            return self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        parts = []
        while size := int(self.rfile.readline(), 16):
            parts.append(self.rfile.read(size))
            self.rfile.readline()
        self.rfile.readline()
        return b"".join(parts).decode()

    def _answer(self) -> None:
        body = self._body()
        try:
            self.barrier.wait()
            status = 200
        except threading.BrokenBarrierError:
            status = 504
        payload = gzip.compress(json.dumps({"method": self.command, "path": self.path,
                                            "body": body}).encode())
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@pytest.fixture
def pair_server() -> Iterator[str]:
    _Pair.barrier.reset()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pair)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


async def test_requests_in_flight_together_run_together(pair_server: str) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b"streamed "
        yield b"body"

    transport = ThreadedTransport(verify=ssl.create_default_context())
    async with httpx.AsyncClient(transport=transport, base_url=pair_server) as client:
        form, stream = await asyncio.gather(
            client.post("/token", data={"grant_type": "client_credentials"}),
            client.post("/upload", content=chunks()))
    assert (form.status_code, stream.status_code) == (200, 200)
    assert form.json() == {"method": "POST", "path": "/token",
                           "body": "grant_type=client_credentials"}
    assert stream.json()["body"] == "streamed body"  # gzip decoded by the client, as before
    assert (form.http_version, form.reason_phrase) == ("HTTP/1.1", "OK")


async def test_a_cancelled_request_leaves_its_thread_to_finish_alone() -> None:
    threads = DaemonThreads()
    release, finished = threading.Event(), threading.Event()

    def work() -> None:
        release.wait(10)
        finished.set()

    task = asyncio.get_running_loop().run_in_executor(threads, work)
    await asyncio.sleep(0)  # the job is with a thread
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not finished.is_set()  # the await ended; the thread still works
    release.set()
    assert finished.wait(10)


def _pool_threads() -> int:
    return sum(t.name == "pingtui-http" for t in threading.enumerate())


async def test_the_threads_live_on_for_the_next_requests() -> None:
    threads, loop, before = DaemonThreads(), asyncio.get_running_loop(), _pool_threads()
    first = [await loop.run_in_executor(threads, threading.current_thread) for _ in range(3)]
    assert first[0] is first[1] is first[2] and first[0].daemon
    assert _pool_threads() == before + 1  # one thread for three jobs one after the other
    release = threading.Event()
    both = await asyncio.gather(loop.run_in_executor(threads, release.wait, 10),
                                loop.run_in_executor(threads, release.set))
    assert both == [True, None] and _pool_threads() == before + 2  # two at once: two threads


def test_an_answer_after_the_event_loop_closed_is_dropped_quietly(
        caplog: pytest.LogCaptureFixture) -> None:
    threads = DaemonThreads()
    release, after = threading.Event(), threading.Event()
    failures: list[threading.ExceptHookArgs] = []
    hook, threading.excepthook = threading.excepthook, failures.append

    async def main() -> None:
        task = asyncio.get_running_loop().run_in_executor(threads, release.wait, 10)
        await asyncio.sleep(0)  # the job is with the thread
        task.cancel()

    try:
        asyncio.run(main())  # returns at once: nobody waits for the thread
        release.set()  # the answer comes: to a closed event loop
        threads.submit(after.set)  # runs once the thread is done with the answer
        assert after.wait(10)
    finally:
        threading.excepthook = hook
    assert failures == [] and caplog.records == []  # no thread died, no callback failed


def test_ctrl_c_on_a_listing_the_server_sits_on(tls_sim: Simulator, test_ca: CA,
                                                 tmp_path: Path) -> None:
    """The request waits on a server that answers in a minute; SIGINT ends the process at
    once with exit 130 (a pool of non-daemon threads would hold it until the answer)."""
    config = tmp_path / "config.yaml"
    config.write_text(profile_yaml(tls_sim).replace(
        "      authentication:", f"      caBundle: {test_ca.file}\n      authentication:"))
    config.chmod(0o600)
    stall = Fault("slow", path="/v1/environments", delay=60)
    tls_sim.faults.add(stall)
    process = subprocess.Popen(
        [sys.executable, "-m", "pingtui", "--config", str(config), "environments", "list"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ))
    try:
        assert stall.triggered.wait(20)  # the listing's request is at the server
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
        tls_sim.faults.clear()
    err = process.stderr.read()
    assert code == 130, err
    assert "Traceback" not in err
