"""The TLS context of every HTTP client pingtui makes (sign-on and API alike).

Verification is always on. The CA bundle is loaded once per process and shared: each
``httpx.AsyncClient`` would otherwise load certifi's bundle again (~25 ms apiece), which is
most of what a short command spends beyond its HTTP calls.
"""

from __future__ import annotations

import functools
import ssl
from urllib.parse import urlsplit


@functools.cache
def _verified_context() -> ssl.SSLContext:
    import httpx  # lazy: callers already hold it; keeps this module import-free

    return httpx.create_ssl_context()  # certifi's CAs, verification on


def tls_context(url: str) -> ssl.SSLContext:
    """The TLS context for clients of ``url``.

    https: verification on, CAs loaded once and shared by every client of the run. Plain http
    (the config allows it for loopback only: the simulator, local proxies) never does TLS, so
    it gets a context with no CAs at all — verification still required, so it fails closed if
    TLS ever happened — and start-up does not pay for loading the CA bundle.
    """
    if urlsplit(url).scheme == "http":
        return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    return _verified_context()
