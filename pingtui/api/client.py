"""The PingOne Platform API client: one keep-alive connection pool, retries, typed errors.

``PingOneClient`` holds ONE ``httpx.AsyncClient`` for its lifetime, so a listing of many pages
is one TCP connection and (with the auth session) one token. Authentication is any
``httpx.Auth`` — in pingtui the ``auth.session.Session``, which refreshes once on a 401; a 401
that survives that is :class:`~pingtui.api.errors.Unauthorized`.

GETs are retried on 429/502/503/504 and on connection errors and timeouts, with capped
exponential backoff and jitter that honours a sane ``Retry-After``; every request, retries
included, ends within ``deadline`` seconds (two minutes by default), so a server that stops
answering ends the command with a clear message.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import replace
from typing import Any

import httpx

from pingtui import __version__, jsonio
from pingtui.api import errors
from pingtui.api.paging import Item, Page, next_href, page_items, page_total
from pingtui.api.retry import RETRY_STATUSES, RetryPolicy
from pingtui.network import Network, NetworkFailure

log = logging.getLogger("pingtui.api")

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
DEFAULT_DEADLINE = 120.0
SESSION_ID = os.urandom(16).hex()
"""Sent as X-Ping-External-Session-ID on every call of this run, for PingOne support (any
string of up to 100 characters; not uuid4(): ``import uuid`` costs every command ~2 ms)."""

Params = Mapping[str, str | int] | None
Sleep = Callable[[float], Awaitable[Any]]


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    default = {"http": 80, "https": 443}.get(url.scheme)
    return url.scheme, url.host, url.port or default


def _transport_reason(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "no answer in time"
    if isinstance(exc, httpx.ConnectError):
        return "could not connect"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the connection closed without an answer"
    if isinstance(exc, (httpx.ReadError, httpx.WriteError)):
        return "the connection was reset"
    return type(exc).__name__


class PingOneClient:
    """``async with PingOneClient(api_base_url, auth) as api: await api.get_json(...)``"""

    def __init__(self, api_base_url: str, auth: httpx.Auth, *,
                 transport: httpx.AsyncBaseTransport | None = None,
                 timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
                 max_retries: int | None = None, headers: Mapping[str, str] | None = None,
                 retry: RetryPolicy | None = None, deadline: float = DEFAULT_DEADLINE,
                 sleep: Sleep = asyncio.sleep, network: Network | None = None) -> None:
        self.api_base_url = api_base_url.rstrip("/")
        self._base = httpx.URL(self.api_base_url + "/")
        self._origin = _origin(self._base)
        self._auth = auth
        self._transport = transport
        self.network = network or Network()
        """Trust and proxy (the profile's: pass ``session.network``); unused with a
        ``transport``."""
        self._timeout = timeout
        self.retry = retry or RetryPolicy()
        if max_retries is not None:
            self.retry = replace(self.retry, max_retries=max_retries)
        self.deadline = deadline
        self._sleep = sleep
        self._headers = {"Accept": "application/json", "User-Agent": f"pingtui/{__version__}",
                         "X-Ping-External-Session-ID": SESSION_ID, **(headers or {})}
        self._http: httpx.AsyncClient | None = None
        self.requests = 0
        """HTTP requests sent by this client (retries included; token requests not)."""

    # ---------------------------------------------------------------- lifecycle

    @property
    def http(self) -> httpx.AsyncClient:
        if self._http is None:
            self._http = httpx.AsyncClient(
                auth=self._auth, transport=self._transport or self.network.transport(),
                timeout=self._timeout, headers=self._headers, follow_redirects=False)
        return self._http

    async def __aenter__(self) -> PingOneClient:
        _ = self.http
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        http, self._http = self._http, None
        if http is not None:
            await http.aclose()

    # ---------------------------------------------------------------- URLs

    def url_for(self, path_or_url: str) -> httpx.URL:
        """An API path (``/environments``) under the base URL, or an absolute URL on its
        origin. A URL on another origin raises :class:`UnsafeLink`: the token goes nowhere else.
        """
        if "://" in path_or_url:
            url = httpx.URL(path_or_url)
            if _origin(url) != self._origin:
                raise errors.UnsafeLink(
                    f"PingOne pointed the listing at another server ({url.host}), not "
                    f"{self._base.host}; pingtui did not send your token there.",
                    "This may be a proxy or a tampered response; the listing is incomplete.")
            return url
        return self._base.join(path_or_url.lstrip("/"))

    # ---------------------------------------------------------------- requests

    async def get_json(self, path_or_url: str, params: Params = None, *,
                       retry: RetryPolicy | None = None) -> dict[str, Any]:
        """GET and decode a JSON object, with retries, within the deadline.

        ``retry`` replaces the client's policy for this call (the activity tail paces its own
        requests: ``RetryPolicy(max_retries=0)``)."""
        url = self.url_for(path_or_url)
        try:
            response = await asyncio.wait_for(self._get(url, params, retry or self.retry),
                                              self.deadline)
        except asyncio.TimeoutError:
            raise errors.unreachable(url, f"no answer within {self.deadline:g} s") from None
        return self._decode(response)

    async def _get(self, url: httpx.URL, params: Params, policy: RetryPolicy
                   ) -> httpx.Response:
        attempt = 0
        started = time.monotonic()
        while True:
            attempt += 1
            failure: errors.ApiError
            retry_after = None
            try:
                self.requests += 1
                response = await self.http.get(url, params=params)
                # httpx binds a response's stream back to the response (BoundAsyncStream,
                # encode/httpx#3733), a cycle only the garbage collector frees: a listing held up
                # to nine pages' bodies at once, and its peak memory grew over 40 pages. The
                # body is read: a plain stream of it ends the cycle, and the page is freed with
                # its last reference.
                response.stream = httpx.ByteStream(response.content)
            except NetworkFailure as exc:  # a certificate or a proxy, in its own words
                log.debug("GET %s: %s (attempt %d)", url.path, exc.kind, attempt)
                failure = errors.Unreachable(exc.message, exc.hint)
                if not exc.retry:
                    raise failure from None
            except httpx.TransportError as exc:
                failure = errors.unreachable(url, _transport_reason(exc))
                log.debug("GET %s: %s (attempt %d)", url.path, type(exc).__name__, attempt)
            except httpx.HTTPError as exc:  # not retryable: an invalid URL, too many redirects
                raise errors.ApiError(f"The request to {url.host} failed: {exc}.") from None
            else:
                log.debug("GET %s -> %d (attempt %d)", url.path, response.status_code, attempt)
                if response.status_code < 300:
                    return response
                if response.status_code < 400:  # never followed: the token stays on its origin
                    raise errors.ServerError(
                        f"{url.host} answered GET {url.path} with a redirect "
                        f"({response.status_code}) to {response.headers.get('location', '?')}.",
                        "A proxy or captive portal may be in the way; check the API base URL.",
                        status=response.status_code)
                if response.status_code not in RETRY_STATUSES:
                    raise errors.error_from_response(response)
                failure = errors.error_from_response(response)
                retry_after = response.headers.get("retry-after")
            if attempt > policy.max_retries:
                raise failure
            delay = policy.delay(attempt, retry_after)
            if time.monotonic() - started + delay >= self.deadline:
                raise failure  # waiting would overrun the deadline: say what failed now
            log.debug("retrying in %.2f s", delay)
            await self._sleep(delay)

    @staticmethod
    def _decode(response: httpx.Response) -> dict[str, Any]:
        if not response.content:
            return {}
        try:
            body = jsonio.loads(response.content)
        except (ValueError, UnicodeDecodeError):
            raise errors.malformed(response) from None
        if not isinstance(body, dict):
            raise errors.malformed(response)
        return body

    # ---------------------------------------------------------------- collections

    async def pages(self, path: str, params: Params = None, *,
                    key: str | None = None) -> AsyncIterator[Page]:
        """The pages of a HAL collection, following ``_links.next``.

        A page is fetched only when the caller asks for it, so breaking out of the loop fetches
        nothing more. Stops at a ``next`` link seen before (a server loop) and at an empty page.
        """
        url: str = str(self.url_for(path))
        seen: set[str] = {url}
        fetched = number = 0
        while True:
            body = await self.get_json(url, params)
            items = page_items(body, key)
            number += 1
            fetched += len(items)
            href = next_href(body)
            yield Page(items=items, total=page_total(body), fetched=fetched, number=number,
                       more=href is not None)
            if href is None:
                return
            following = str(self.url_for(href))
            if following in seen:
                log.warning("stopped paging %s: the server repeated a page link", path)
                return
            if not items:  # a cursor that moves but yields nothing would never end
                log.warning("stopped paging %s at an empty page with a next link", path)
                return
            seen.add(following)
            url, params = following, None  # the next link carries the cursor and parameters

    async def items(self, path: str, params: Params = None, *,
                    key: str | None = None) -> AsyncIterator[Item]:
        async for page in self.pages(path, params, key=key):
            for item in page.items:
                yield item
