"""An async httpx transport that sends each request through httpx's sync transport, in a thread.

Why not ``httpx.AsyncHTTPTransport``: under asyncio, httpcore's async connection pool runs on
anyio, and loading anyio's asyncio backend (its sockets, streams, tasks and locks, some 35
modules) cost a short command ~20 ms: 29 environments ``-o json`` took 1.22-1.26x a plain
sync httpx script, 1.12x through this transport (interleaved runs, 2026-12-02). The sync
transport is the one that script uses: the same connection pool, TLS, proxies, timeouts and
exceptions, with nothing more to import.

Everything above stays async: a request awaits its thread (``run_in_executor``), and requests
in flight together run in threads of their own. The threads are daemons, so a process never
waits at exit for a request nobody awaits any more (one cancelled, or stuck until the
network's timeout). They live on for the next requests: with a new thread for each, a
million-user listing's peak RSS varied between 51 and 60 MiB (glibc gives threads heaps of
their own), against 51-52 MiB on anyio and on this pool.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

if TYPE_CHECKING:
    import ssl

T = TypeVar("T")


class DaemonThreads(Executor):
    """An executor of daemon threads taking jobs from one queue. A job that finds no thread idle
    starts one more, so there are as many as jobs were ever running at once.

    Not a ``ThreadPoolExecutor``: the interpreter joins its threads at exit.
    """

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[tuple[Future[Any], Callable[[], Any]]] = \
            queue.SimpleQueue()
        self._lock = threading.Lock()
        self._idle = 0  # threads waiting, or about to wait, for a job

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()
        with self._lock:
            start = self._idle == 0
            if not start:
                self._idle -= 1  # that thread is this job's
        self._jobs.put((future, lambda: fn(*args, **kwargs)))
        if start:
            threading.Thread(target=self._serve, name="pingtui-http", daemon=True).start()
        return future

    def _serve(self) -> None:
        while True:
            future, job = self._jobs.get()
            if not future.set_running_or_notify_cancel():
                self._done()
                continue
            try:
                result = job()
            except BaseException as exc:  # noqa: BLE001 - handed to whoever awaits the future
                self._done()
                future.set_exception(exc)
            else:
                self._done()
                future.set_result(result)

    def _done(self) -> None:
        # Idle before the result is out, so the request it lets follow finds this thread.
        with self._lock:
            self._idle += 1


THREADS = DaemonThreads()


class ThreadedTransport(httpx.AsyncBaseTransport):
    """``httpx.HTTPTransport(verify=..., proxy=...)``, awaited: each response is read whole in
    its thread and handed over as its bytes (PingOne's answers are JSON documents, read whole
    anyway)."""

    def __init__(self, *, verify: ssl.SSLContext, proxy: httpx.Proxy | None = None) -> None:
        self._sync = httpx.HTTPTransport(verify=verify, proxy=proxy)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not isinstance(request.stream, httpx.SyncByteStream):
            await request.aread()  # a body given as an async stream: read it here, once
        loop = asyncio.get_running_loop()
        response, chunks = await loop.run_in_executor(THREADS, self._send, request)
        # Joined here, not in the thread: the body outlives the request, and glibc keeps what a
        # thread frees in that thread's own heap. The TUI with 50,000 users loaded: 285 MiB
        # joined in the thread, 275 MiB here.
        body = b"".join(chunks)  # as sent: the client decodes it (gzip...)
        extensions = {k: v for k, v in response.extensions.items()
                      if k in ("http_version", "reason_phrase")}
        return httpx.Response(response.status_code, headers=response.headers,
                              stream=httpx.ByteStream(body), extensions=extensions)

    def _send(self, request: httpx.Request) -> tuple[httpx.Response, list[bytes]]:
        response = self._sync.handle_request(request)
        try:
            return response, list(response.iter_raw())
        finally:
            response.close()

    async def aclose(self) -> None:
        self._sync.close()
