"""How a profile reaches PingOne: the CAs it trusts and the proxy it goes through.

``Network.of(profile)`` reads the profile's ``caBundle`` and ``proxy``; ``network.transport()``
is the ``httpx`` transport both the sign-on session and the API client use. It decides per
request — so a discovery document that points at another host is routed by that host's rules —
whether to go direct or through a proxy (:mod:`pingtui.proxies`), with the process's shared TLS
context (:mod:`pingtui.tls`), over httpx's sync transport in threads
(:mod:`pingtui.threaded_transport`), and turns TLS and proxy failures into
:class:`~pingtui.network_failures.NetworkFailure` errors in plain words.

Nothing is loaded until the first request: the TUI builds its session before the first frame,
and plain http to the simulator never imports truststore.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import httpx

from pingtui.network_failures import NetworkFailure, describe
from pingtui.proxies import ProxyChoice, proxy_for
from pingtui.threaded_transport import ThreadedTransport
from pingtui.tls import Trust, tls_context

if TYPE_CHECKING:
    import ssl

    from pingtui.config import Profile


@dataclass(frozen=True)
class Network:
    """A profile's way out. ``env`` None reads the process environment when used."""

    profile: str | None = None
    """The profile's name, for the hints (``pingtui init -P NAME --ca-bundle PATH``)."""
    ca_bundle: str | None = None
    proxy: str | None = None
    env: Mapping[str, str] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, profile: Profile) -> Network:
        settings = profile.pingone
        return cls(profile=profile.name, ca_bundle=settings.ca_bundle if settings else None,
                   proxy=settings.proxy if settings else None)

    def proxy_for(self, url: str) -> ProxyChoice | None:
        return proxy_for(url, configured=self.proxy, env=self.env)

    def context_for(self, url: str) -> ssl.SSLContext:
        return tls_context(url, self.ca_bundle, self.env)

    @property
    def trust(self) -> Trust:
        return Trust.of(self.ca_bundle, self.env)

    def describe_proxy(self, url: str) -> str:
        """``http://proxy.corp:3128 (HTTPS_PROXY)`` or ``none (direct)``, credentials left out."""
        choice = self.proxy_for(url)
        return f"{choice.shown} ({choice.source})" if choice else "none (direct)"

    def transport(self) -> NetworkTransport:
        return NetworkTransport(self)


class NetworkTransport(httpx.AsyncBaseTransport):
    """Routes each request direct or through its proxy, over one pool per route."""

    def __init__(self, network: Network) -> None:
        self.network = network
        self._routes: dict[tuple[bool, str | None], ThreadedTransport] = {}

    def _route(self, url: httpx.URL, choice: ProxyChoice | None) -> ThreadedTransport:
        key = (url.scheme == "https", choice.url if choice else None)
        route = self._routes.get(key)
        if route is None:
            proxy = None
            if choice is not None:
                # An https:// proxy is itself verified with the same trust.
                proxy = httpx.Proxy(choice.url, ssl_context=self.network.context_for(choice.url)
                                    if choice.url.startswith("https:") else None)
            route = ThreadedTransport(verify=self.network.context_for(str(url)), proxy=proxy)
            self._routes[key] = route
        return route

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        choice = self.network.proxy_for(str(request.url))
        route = self._route(request.url, choice)
        try:
            return await route.handle_async_request(request)
        except httpx.TransportError as exc:
            failure = describe(exc, request, choice, self.network.profile)
            if failure is None:
                raise
            raise failure from exc

    async def aclose(self) -> None:
        routes, self._routes = list(self._routes.values()), {}
        for route in routes:
            await route.aclose()


__all__ = ["Network", "NetworkFailure", "NetworkTransport"]
