"""The simulator's HTTP server: PingOne's URL layout on 127.0.0.1, in a background thread.

stdlib ``ThreadingHTTPServer`` speaking HTTP/1.1 with keep-alive (every answer has a
Content-Length) and Nagle off, so paging through 10,000 items is a handful of fast round trips.
Layout under ``base_url``:

- ``/<envId>/as/.well-known/openid-configuration``, ``/<envId>/as/authorize|token|
  device_authorization|revoke|userinfo|signoff|jwks``, ``/<envId>/device`` (verification page)
- ``/v1/environments[/<id>[/populations|users|groups|applications[/<id>]]]``
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import logging
import selectors
import socket
import ssl
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote_plus, urlencode, urlsplit

from pingtui.sim import api, oauth
from pingtui.sim.activities import ActivityLog
from pingtui.sim.data import ADMIN_ENVIRONMENT_ID, ENVIRONMENTS, TenantData
from pingtui.sim.faults import Fault, FaultPlan

log = logging.getLogger("pingtui.sim")

REQUEST_LOG_SIZE = 50_000  # requests the simulator remembers for tests' counts

_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;max-width:32em;margin:3em auto}}
code{{font-size:2em}}button{{font-size:1.2em;margin:.5em}}</style></head>
<body><h1>{title}</h1>{body}<p><small>PingOne simulator (pingtui demo)</small></p></body></html>
"""


def _page(title: str, body: str) -> bytes:
    return _PAGE.format(title=html.escape(title), body=body).encode()


def _hidden(fields: dict[str, str]) -> str:
    return "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                   for k, v in fields.items())


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    disable_nagle_algorithm = True  # no 40 ms stalls between header and body writes
    server: _Server
    _answering = False

    def setup(self) -> None:
        if self.server.tls is not None:  # the handshake runs here, in the connection's thread
            self.request = self.server.tls.wrap_socket(self.request, server_side=True)
        super().setup()
        self.server.sim._count_connection()
        self.server.open_connections.add(self.connection)

    def finish(self) -> None:
        self.server.open_connections.discard(self.connection)
        super().finish()

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read stderr
        pass

    # ---------------------------------------------------------------- plumbing

    def _send(self, status: int, body: bytes, content_type: str,
              headers: dict[str, str] | None = None) -> None:
        self._answering = True
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Correlation-Id", f"sim-{id(self):x}-{time.monotonic_ns():x}")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        self._send(status, _encode(body), "application/json", headers)

    def _html(self, status: int, title: str, body: str) -> None:
        self._send(status, _page(title, body), "text/html; charset=utf-8")

    def _redirect(self, location: str) -> None:
        self._send(302, b"", "text/plain", {"Location": location})

    def _form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        return dict(parse_qsl(raw, keep_blank_values=True))

    def _basic(self) -> tuple[str, str] | None:
        value = self.headers.get("Authorization", "")
        if not value.lower().startswith("basic "):
            return None
        try:
            user, _, password = base64.b64decode(value[6:]).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return unquote_plus(user), unquote_plus(password)  # RFC 6749 2.3.1: form-encoded

    def _bearer(self) -> str:
        value = self.headers.get("Authorization", "")
        return value[7:].strip() if value.lower().startswith("bearer ") else ""

    # ---------------------------------------------------------------- dispatch

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        sim = self.server.sim
        url = urlsplit(self.path)
        sim._record(self.command, self.path)
        fault = sim.faults.take(self.command, url.path) if sim.faults else None
        if fault is not None and self._inject(fault):
            return
        parts = [p for p in url.path.split("/") if p]
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        self._answering = False
        try:
            if parts[:1] == ["v1"]:
                self._api(parts[1:], query)
            elif len(parts) >= 2 and parts[1] in ("as", "device"):
                self._auth(parts[0], parts[1:], query)
            else:
                self._json(404, api.not_found().body)
        except oauth.OAuthError as exc:
            self._json(exc.status, exc.body(), {"Cache-Control": "no-store"})
        except (ConnectionError, TimeoutError):
            raise  # the client went away: nothing to answer (handle_error keeps it quiet)
        except Exception:  # anything else: a server answers 500, as PingOne would
            log.exception("simulator: %s %s failed", self.command, url.path)
            if self._answering:  # half an answer is out: all the client can get is a close
                self.close_connection = True
            else:
                self._json(500, api.status_error(500).body)

    def _inject(self, fault: Fault) -> bool:
        """Apply ``fault``; True when the request has been dealt with."""
        sim = self.server.sim
        if fault.kind == "slow":
            sim._stopping.wait(fault.delay)  # stop() cuts the wait short
            return False
        if fault.kind == "revoked":
            sim.revoke_all_tokens()
            return False  # answered by the normal path: 401 for the now-revoked token
        if self.command == "POST":
            self._form()  # drain the body, so the connection stays usable
        if fault.kind == "status":
            answer = api.status_error(fault.status, fault.retry_after)
            self._json(answer.status, answer.body, answer.headers)
        elif fault.kind == "html":
            self._send(fault.status, _page(f"{fault.status} {HTTPStatus(fault.status).phrase}",
                                           "<p>The upstream server did not answer.</p>"),
                       "text/html")
        elif fault.kind == "malformed":
            self._send(200, b'{"_links": {"self": {"href": "x"}}, "_embedded": {"environm',
                       "application/json")
        elif fault.kind == "disconnect":
            self.close_connection = True
        elif fault.kind == "reset":  # SO_LINGER 0: close sends RST, not FIN
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.close_connection = True
        return True

    # ---------------------------------------------------------------- /v1

    def _api(self, parts: list[str], query: dict[str, str]) -> None:
        sim = self.server.sim
        if self.command not in ("GET", "HEAD"):
            self._json(405, api.error(405, "METHOD_NOT_ALLOWED",
                                      "The simulator is read-only.").body)
            return
        grant = sim.auth.check_access(self._bearer())
        if grant is None:
            answer = api.invalid_token()
        elif parts[2:3] == ["activities"]:  # the audit log: pingtui/sim/activities.py
            answer = sim.activities.handle(sim.base_url, parts[1], parts[3:], query)
        else:
            answer = sim.platform.handle(sim.base_url, parts, query)
            sim.activities.observe(sim.data, parts, query, answer.status, grant)
        self._json(answer.status, answer.body, answer.headers)

    # ---------------------------------------------------------------- /<env>/as

    def _auth(self, env_id: str, parts: list[str], query: dict[str, str]) -> None:
        sim = self.server.sim
        if sim.data.find_environment(env_id) is None:
            self._json(404, api.not_found().body)
            return
        issuer = f"{sim.base_url}/{env_id}/as"
        route = "/".join(parts[1:])
        if parts[0] == "device":
            self._device_page(query)
        elif route == ".well-known/openid-configuration":
            self._json(200, _discovery(issuer, f"{sim.base_url}/{env_id}/device"))
        elif route == "jwks":
            self._json(200, {"keys": []})
        elif route == "authorize":
            self._authorize(query if self.command == "GET" else self._form())
        elif route == "token" and self.command == "POST":
            form = self._form()
            if env_id != sim.admin_environment_id:
                raise oauth.OAuthError("invalid_client", "Unknown client.", 401)
            self._json(200, sim.activities.token(sim.auth, form, self._basic()),
                       {"Cache-Control": "no-store", "Pragma": "no-cache"})
        elif route == "device_authorization" and self.command == "POST":
            form = self._form()
            self._json(200, sim.auth.device_authorization(
                form.get("client_id") or (self._basic() or ("",))[0], form.get("scope", ""),
                f"{sim.base_url}/{env_id}/device"))
        elif route == "revoke" and self.command == "POST":
            sim.auth.revoke(self._form().get("token", ""))
            self._send(200, b"", "text/plain")
        elif route == "userinfo":
            grant = sim.auth.check_access(self._bearer())
            if grant is None:
                self._json(401, {"error": "invalid_token", "error_description": "Invalid token."},
                           {"WWW-Authenticate": 'Bearer error="invalid_token"'})
            else:
                self._json(200, {k: v for k, v in grant.subject.items() if k != "nonce"})
        elif route == "signoff":
            target = query.get("post_logout_redirect_uri")
            if target and oauth.is_loopback_redirect(target):
                state = query.get("state")
                self._redirect(target + (("?" + urlencode({"state": state})) if state else ""))
            else:
                self._html(200, "Signed off", "<p>You are signed off.</p>")
        else:
            self._json(404, api.not_found().body)

    def _authorize(self, params: dict[str, str]) -> None:
        sim = self.server.sim
        client_id, redirect_uri = params.get("client_id", ""), params.get("redirect_uri", "")
        client = oauth.CLIENTS.get(client_id)
        if client is None or oauth.GRANT_AUTH_CODE not in client.grants:
            self._html(400, "Sign-on error", "<p>Unknown client.</p>")
            return
        if not oauth.is_loopback_redirect(redirect_uri):
            self._html(400, "Sign-on error", "<p>The redirect URI is not registered.</p>")
            return
        state = params.get("state")

        def back(**fields: str) -> None:
            if state is not None:
                fields["state"] = state
            self._redirect(redirect_uri + ("&" if "?" in redirect_uri else "?")
                           + urlencode(fields))

        if params.get("response_type") != "code":
            back(error="unsupported_response_type", error_description="Use response_type=code.")
        elif params.get("code_challenge_method") != "S256" or not params.get("code_challenge"):
            back(error="invalid_request", error_description="PKCE with S256 is required.")
        elif self.command == "GET":
            title = "Sign on to PingOne (simulator)"
            form = _hidden({k: v for k, v in params.items() if k != "decision"})
            self._html(200, title, f'<p>Signing on as <b>{oauth.ADMIN_USER["name"]}</b> '
                       f'to <b>{html.escape(ENVIRONMENTS[0][0])}</b>.</p>'
                       f'<form method="post">{form}<button name="decision" value="approve">'
                       'Sign on</button><button name="decision" value="deny">Cancel</button>'
                       '</form>')
        elif params.get("decision") != "approve":
            back(error="access_denied", error_description="The user cancelled the sign-on.")
        else:
            back(code=sim.auth.issue_code(client_id, redirect_uri, params["code_challenge"],
                                          params.get("scope", "openid"), params.get("nonce")))

    def _device_page(self, query: dict[str, str]) -> None:
        sim = self.server.sim
        if self.command == "POST":
            form = self._form()
            approve = form.get("decision") == "approve"
            if sim.auth.decide_device(form.get("user_code", ""), approve):
                self._html(200, "Device approved" if approve else "Device denied",
                           "<p>You can close this window and return to your device.</p>")
            else:
                self._html(400, "Unknown code", "<p>That code is unknown or expired.</p>")
            return
        code = query.get("user_code", "")
        field = (f'<p>Code: <code>{html.escape(code)}</code></p>'
                 + _hidden({"user_code": code}) if code else
                 '<p><input name="user_code" placeholder="XXXX-XXXX" autofocus></p>')
        self._html(200, "Activate your device",
                   f'<form method="post">{field}<button name="decision" value="approve">Approve'
                   '</button><button name="decision" value="deny">Deny</button></form>')


def _encode(body: Any) -> bytes:
    """Compact JSON: orjson when installed (the same bytes as the stdlib's, 10x faster: a
    1,000,000-user listing is a thousand pages of it), else the stdlib."""
    try:
        import orjson
    except ImportError:
        orjson = None  # type: ignore[assignment]
    if orjson is not None:
        try:
            return orjson.dumps(body)
        except (TypeError, orjson.JSONEncodeError):
            pass  # beyond what orjson writes (huge integers): the stdlib's answer
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def _discovery(issuer: str, device_page: str) -> dict[str, Any]:
    return {
        "issuer": issuer,
        "authorization_endpoint": f"{issuer}/authorize",
        "token_endpoint": f"{issuer}/token",
        "userinfo_endpoint": f"{issuer}/userinfo",
        "jwks_uri": f"{issuer}/jwks",
        "end_session_endpoint": f"{issuer}/signoff",
        "revocation_endpoint": f"{issuer}/revoke",
        "device_authorization_endpoint": f"{issuer}/device_authorization",
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code", oauth.GRANT_DEVICE,
                                  "client_credentials", "refresh_token"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "none"],
        "scopes_supported": ["openid", "profile", "email"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
    }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False
    request_queue_size = 128
    sim: Simulator

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.tls = tls
        self._wake_r, self._wake_w = socket.socketpair()
        self.open_connections: set[socket.socket] = set()

    def serve(self) -> None:
        """Accept until :meth:`wake`: unlike serve_forever's polling, stopping is immediate."""
        with selectors.DefaultSelector() as selector:
            selector.register(self.socket, selectors.EVENT_READ)
            selector.register(self._wake_r, selectors.EVENT_READ)
            while True:
                for key, _ in selector.select():
                    if key.fileobj is self._wake_r:
                        return
                    # socketserver's own accept-and-handle step (not in its type stubs).
                    self._handle_request_noblock()  # type: ignore[attr-defined]

    def wake(self) -> None:
        self._wake_w.send(b"x")

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that went away mid-answer (a cancelled TUI load, Ctrl+C, a reset) is
        # ordinary; socketserver would print a traceback onto the demo user's terminal.
        import sys

        # A client that refuses the certificate ends the handshake: ordinary in TLS tests.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError, ssl.SSLError)):
            return
        super().handle_error(request, client_address)

    def server_close(self) -> None:
        super().server_close()
        self._wake_r.close()
        self._wake_w.close()
        for connection in list(self.open_connections):  # keep-alive clients: stopped means gone
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class Simulator:
    """An embedded PingOne on 127.0.0.1. ``with Simulator() as sim: sim.base_url ...``

    ``size`` environments (29 curated ones first), ``users`` users in every environment (None:
    a realistic number each), ``page_size`` the largest and default page, ``faults`` injected
    into matching requests, ``auto_approve_after`` seconds after which a device code approves
    itself (the demo), ``scale_users`` users (e.g. 1,000,000) in the "Load Testing"
    environment, made on demand (sim/scale.py; the demo has them).
    """

    admin_environment_id = ADMIN_ENVIRONMENT_ID
    auth_code_client_id = oauth.AUTH_CODE_CLIENT_ID
    device_client_id = oauth.DEVICE_CLIENT_ID
    client_credentials_client_id = oauth.CLIENT_CREDENTIALS_CLIENT_ID
    client_secret = oauth.CLIENT_SECRET

    def __init__(self, *, size: int = len(ENVIRONMENTS), users: int | None = None,
                 page_size: int = 1000, faults: list[Fault] | None = None,
                 auto_approve_after: float | None = None, token_lifetime: float = 3600,
                 tls: ssl.SSLContext | None = None, public_host: str | None = None,
                 device_interval: float = 1.0, device_expires_in: float = 600,
                 clock: Callable[[], float] = time.monotonic,
                 scale_users: int | None = None) -> None:
        self.data = TenantData(size=size, users=users)
        self.data.scale_users = scale_users  # type: ignore[attr-defined]  # sim/scale.py
        self.platform = api.PlatformApi(self.data, page_size)
        self.tls = tls
        """A server-side context (``sim.tls.TestCA().server_context()``): HTTPS instead of http."""
        self.public_host = public_host
        """The host name in base_url (and so in the issuer and links) instead of 127.0.0.1: the
        name a proxy resolves (tests/net). The server still binds 127.0.0.1 only."""
        self.activities = ActivityLog(self.data)
        """The audit log (``sim.activities.record``, ``.trickle_once``, ``.reset``)."""
        self.faults = FaultPlan(faults)
        self.auth = oauth.AuthServer(
            issuer_of=lambda: self.issuer, token_lifetime=token_lifetime,
            auto_approve_after=auto_approve_after, device_interval=device_interval,
            device_expires_in=device_expires_in, clock=clock)
        self.base_url = ""
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        # Bounded: a demo left running for days must not grow without end.
        self.requests: deque[tuple[str, str]] = deque(maxlen=REQUEST_LOG_SIZE)
        """(method, path with query) of the latest requests, in order."""
        self.connections = 0
        """TCP connections accepted (keep-alive means few)."""

    # ---------------------------------------------------------------- lifecycle

    def start(self) -> str:
        if self._server is None:
            self._stopping.clear()
            self._server = _Server(self.tls)
            self._server.sim = self
            host, port = self._server.server_address[:2]
            assert isinstance(host, str)  # an AF_INET address (bytes only for AF_UNIX)
            self.base_url = (f"{'https' if self.tls else 'http'}://"
                             f"{self.public_host or host}:{port}")
            self._thread = threading.Thread(target=self._server.serve,
                                            name="pingone-simulator", daemon=True)
            self._thread.start()
        return self.base_url

    def stop(self) -> None:
        self.activities.stop_trickle()
        server, self._server = self._server, None
        if server is not None:
            self._stopping.set()
            server.wake()
            if self._thread is not None:
                self._thread.join(timeout=5)
            server.server_close()

    def __enter__(self) -> Simulator:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---------------------------------------------------------------- for tests and the demo

    @property
    def issuer(self) -> str:
        return f"{self.base_url}/{self.admin_environment_id}/as"

    @property
    def api_base_url(self) -> str:
        return f"{self.base_url}/v1"

    @property
    def token_requests(self) -> int:
        return sum(self.auth.token_requests.values())

    def revoke_all_tokens(self) -> None:
        """Server-side revocation: every issued token answers 401 from now on."""
        self.auth.revoke_all()

    def approve_device(self, user_code: str, approve: bool = True) -> bool:
        return self.auth.decide_device(user_code, approve)

    def count(self, path_prefix: str, method: str = "GET") -> int:
        """Requests so far whose path starts with ``path_prefix``."""
        with self._lock:
            return sum(1 for m, p in self.requests if m == method and p.startswith(path_prefix))

    def reset_counters(self) -> None:
        with self._lock:
            self.requests.clear()
            self.connections = 0
        self.auth.token_requests.clear()

    def _record(self, method: str, path: str) -> None:
        with self._lock:
            self.requests.append((method, path))

    def _count_connection(self) -> None:
        with self._lock:
            self.connections += 1

