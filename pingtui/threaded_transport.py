"""An async httpx transport that sends each request through httpx's sync transport, in a thread.

Why not ``httpx.AsyncHTTPTransport``: under asyncio, httpcore's async connection pool runs on
anyio, and loading anyio's asyncio backend (its sockets, streams, tasks and locks, some 35
modules) cost a short command ~20 ms: 29 environments ``-o json`` took 1.22-1.26x a plain
sync httpx script, 1.12x through this transport (bench/scale.py, 2026-12-02). The sync
transport is the one that script uses: the same connection pool, TLS, proxies, timeouts and
exceptions, with nothing more to import.

Everything above stays async: a request awaits its thread, and requests in flight together
run in threads of their own. The threads are daemons, so a process never waits at exit for a
request nobody awaits any more (one cancelled, or stuck until the network's timeout).
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import httpx

if TYPE_CHECKING:
    import ssl

T = TypeVar("T")


async def in_daemon_thread(work: Callable[[], T]) -> T:
    """``work()``'s result, run in a daemon thread of its own; cancelling the await leaves the
    thread to finish alone and its result (or error) is dropped."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[T] = loop.create_future()

    def settle(outcome: Callable[[], None]) -> None:  # in the event loop's thread
        if not done.cancelled():
            outcome()

    def run() -> None:
        try:
            outcome = functools.partial(done.set_result, work())
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting task, which raises it
            outcome = functools.partial(done.set_exception, exc)
        try:
            loop.call_soon_threadsafe(settle, outcome)
        except RuntimeError:
            pass  # the event loop is closed: nobody is waiting for this answer

    threading.Thread(target=run, name="pingtui-http", daemon=True).start()
    return await done


class ThreadedTransport(httpx.AsyncBaseTransport):
    """``httpx.HTTPTransport(verify=..., proxy=...)``, awaited: each response is read whole in
    its thread, then handed over as bytes (PingOne's answers are JSON documents, read whole
    anyway)."""

    def __init__(self, *, verify: ssl.SSLContext, proxy: httpx.Proxy | None = None) -> None:
        self._sync = httpx.HTTPTransport(verify=verify, proxy=proxy)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not isinstance(request.stream, httpx.SyncByteStream):
            await request.aread()  # a body given as an async stream: read it here, once
        return await in_daemon_thread(lambda: self._send(request))

    def _send(self, request: httpx.Request) -> httpx.Response:
        response = self._sync.handle_request(request)
        try:
            body = b"".join(response.iter_raw())  # as sent: the client decodes it (gzip...)
        finally:
            response.close()
        extensions = {k: v for k, v in response.extensions.items()
                      if k in ("http_version", "reason_phrase")}
        return httpx.Response(response.status_code, headers=response.headers,
                              stream=httpx.ByteStream(body), extensions=extensions)

    async def aclose(self) -> None:
        self._sync.close()
