"""The one-shot loopback listener that receives the authorization-code redirect (RFC 8252).

- Binds 127.0.0.1 only (never 0.0.0.0: the code must not be reachable from the network).
- Answers ``GET /callback`` once: the first callback carrying ``code`` or ``error`` ends the
  wait and the listener closes; every other path is a 404.
- The page the browser lands on is a few lines of escaped HTML, sent with headers that keep the
  URL (which holds the code) out of referrers and caches.
"""

from __future__ import annotations

import asyncio
import errno
import hmac
import html
import logging
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from pingtui.auth import errors
from pingtui.pingone import REDIRECT_PATH

log = logging.getLogger("pingtui.auth.loopback")

HOST = "127.0.0.1"
_MAX_REQUEST_BYTES = 16 * 1024
_READ_TIMEOUT = 10.0


@dataclass
class CallbackResult:
    """The query of the one accepted callback."""

    params: dict[str, str] = field(repr=False)


def _page(title: str, text: str) -> bytes:
    body = (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(title)}</title></head><body style=\"font-family:sans-serif;"
        f"margin:3em\"><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></body></html>"
    )
    return body.encode("utf-8")


def _response(status: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\n"
        f"Content-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Cache-Control: no-store\r\n"
        "Referrer-Policy: no-referrer\r\n"
        "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "Connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class LoopbackListener:
    """Listen on 127.0.0.1:PORT for one authorization-code callback."""

    def __init__(self, port: int, *, state: str, profile_name: str = "NAME") -> None:
        self.port = port
        self.profile_name = profile_name
        self._state = state
        self._server: asyncio.AbstractServer | None = None
        self._result: asyncio.Future[CallbackResult] | None = None

    @property
    def redirect_uri(self) -> str:
        return f"http://{HOST}:{self.port}{REDIRECT_PATH}"

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._result = loop.create_future()
        try:
            self._server = await asyncio.start_server(self._handle, host=HOST, port=self.port,
                                                      reuse_address=True)
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                raise errors.PortBusy(
                    f"Port {self.port} on 127.0.0.1 is busy (another program, or another "
                    "pingtui sign-on, is using it), so the browser can't hand the sign-on back.",
                    f"Close the other sign-on and retry, or use the device code instead: "
                    f"pingtui init -P {self.profile_name} --grant-type device_code (a different "
                    "port needs the same redirect URI registered in PingOne).",
                ) from None
            raise
        log.debug("loopback listener on %s", self.redirect_uri)

    async def wait(self, timeout: float) -> CallbackResult:
        """The accepted callback; raises SignOnTimeout after ``timeout`` seconds."""
        assert self._result is not None, "start() first"
        try:
            return await asyncio.wait_for(asyncio.shield(self._result), timeout)
        except asyncio.TimeoutError:
            minutes = timeout / 60
            span = f"{minutes:g} minutes" if minutes >= 1 else f"{timeout:g} seconds"
            raise errors.SignOnTimeout(
                f"The browser did not come back within {span}.",
                f"Sign on again: pingtui auth login -P {self.profile_name} (or use the device "
                "code grant where no browser can reach this machine).") from None

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._result is not None and not self._result.done():
            self._result.cancel()

    async def __aenter__(self) -> LoopbackListener:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # ----------------------------------------------------------------- one request

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), _READ_TIMEOUT)
        except (asyncio.TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError,
                ConnectionError):
            writer.close()
            return
        try:
            reply = self._answer(head[:_MAX_REQUEST_BYTES])
            writer.write(reply)
            await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    def _answer(self, head: bytes) -> bytes:
        request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
        parts = request_line.split(" ")
        if len(parts) != 3:
            return _response("400 Bad Request", _page("Bad request", ""))
        method, target, _ = parts
        url = urlsplit(target)
        if url.path != REDIRECT_PATH:
            return _response("404 Not Found", _page("Not found", "Nothing here."))
        if method != "GET":
            return _response("405 Method Not Allowed", _page("Method not allowed", ""))
        params = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        if "code" not in params and "error" not in params:
            return _response("400 Bad Request",
                             _page("Not a sign-on answer", "This address only takes the "
                                   "answer of a sign-on in progress."))
        assert self._result is not None
        if self._result.done():
            # Exactly one callback: a second one (a reload, a replay) is refused.
            return _response("409 Conflict", _page("Already used", "This sign-on is finished. "
                                                   "Return to the terminal."))
        self._result.set_result(CallbackResult(params=params))
        # Stop accepting connections at once; this one is answered below.
        if self._server is not None:
            self._server.close()
        title, text = self._landing_for(params)
        return _response("200 OK", _page(title, text))

    def state_matches(self, params: dict[str, str]) -> bool:
        # Constant-time: the state is what ties the answer to this sign-on (CSRF defence).
        return hmac.compare_digest(params.get("state", "").encode(), self._state.encode())

    def _landing_for(self, params: dict[str, str]) -> tuple[str, str]:
        if not self.state_matches(params):
            return ("Sign-on not accepted",
                    "This answer does not belong to the sign-on pingtui started (state "
                    "mismatch). Return to the terminal and start again.")
        if "error" in params:
            reason = params.get("error_description") or params["error"]
            return ("Sign-on failed",
                    f"{reason[:200]}. You can close this tab and return to the terminal.")
        return ("Signed on to pingtui",
                "You can close this tab and return to the terminal.")
