"""A proxy.py plugin for the corporate-network tests: the proxy's own DNS, policy and log.

proxy.py (a real forwarding proxy, run as its own process) loads it with
``--plugins proxy_plugin.TestNetwork``:

- names under ``.pingtui.test`` resolve to 127.0.0.1, where the test servers listen. Only the
  proxy resolves them (the test process can't), so a server reached by such a name was reached
  through the proxy — as on a corporate network where only the proxy resolves outside names.
- a CONNECT to a host whose name starts with ``blocked.`` is refused with 403 Forbidden (a
  proxy's policy).
- every request line the proxy gets (``CONNECT host:port``) is appended to the file named by
  ``$PINGTUI_TEST_PROXY_LOG``: what the tests assert on.
"""

from __future__ import annotations

import os
from typing import Any

from proxy.http.exception import HttpRequestRejected
from proxy.http.parser import HttpParser
from proxy.http.proxy import HttpProxyBasePlugin

TEST_DOMAIN = ".pingtui.test"


class TestNetwork(HttpProxyBasePlugin):
    def resolve_dns(self, host: str, port: int) -> tuple[str | None, Any]:
        if host.endswith(TEST_DOMAIN):
            return "127.0.0.1", None
        return None, None

    def before_upstream_connection(self, request: HttpParser) -> HttpParser | None:
        host = (request.host or b"").decode()
        method = (request.method or b"").decode()
        with open(os.environ["PINGTUI_TEST_PROXY_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{method} {host}:{request.port}\n")
        if host.startswith("blocked."):
            raise HttpRequestRejected(status_code=403, reason=b"Forbidden")
        return request
