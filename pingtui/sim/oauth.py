"""The simulator's authorization server: clients, codes, device codes and tokens.

State only (no HTTP here): the server module turns requests into calls on :class:`AuthServer`
and its answers or :class:`OAuthError` into responses. Tokens are opaque random strings shaped
like JWTs (PingOne issues JWTs; clients must treat them as opaque anyway).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pingtui.sim.data import stable_id

AUTH_CODE_CLIENT_ID = stable_id("client", "authorization_code")
DEVICE_CLIENT_ID = stable_id("client", "device_code")
CLIENT_CREDENTIALS_CLIENT_ID = stable_id("client", "client_credentials")
CLIENT_SECRET = "demo-secret-8Jq2vXn4Lr7Tz1Wc"  # the demo's public, fake client secret

GRANT_AUTH_CODE = "authorization_code"
GRANT_DEVICE = "urn:ietf:params:oauth:grant-type:device_code"
GRANT_CLIENT_CREDENTIALS = "client_credentials"
GRANT_REFRESH = "refresh_token"

ADMIN_USER = {"sub": stable_id("admin-user"), "preferred_username": "demo.admin",
              "name": "Demo Admin", "given_name": "Demo", "family_name": "Admin",
              "email": "demo.admin@example.com"}


class OAuthError(Exception):
    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error, self.description, self.status = error, description, status

    def body(self) -> dict[str, str]:
        return {"error": self.error, "error_description": self.description}


@dataclass(frozen=True)
class Client:
    client_id: str
    grants: frozenset[str]
    secret: str | None = None
    """Confidential clients authenticate with HTTP basic (client_secret_basic)."""


CLIENTS = {
    AUTH_CODE_CLIENT_ID: Client(AUTH_CODE_CLIENT_ID, frozenset({GRANT_AUTH_CODE, GRANT_REFRESH})),
    DEVICE_CLIENT_ID: Client(DEVICE_CLIENT_ID, frozenset({GRANT_DEVICE, GRANT_REFRESH})),
    CLIENT_CREDENTIALS_CLIENT_ID: Client(CLIENT_CREDENTIALS_CLIENT_ID,
                                         frozenset({GRANT_CLIENT_CREDENTIALS}), CLIENT_SECRET),
}


@dataclass
class Grant:
    """What a token stands for: who, through which client, with which scopes."""

    client_id: str
    scope: str
    subject: dict[str, Any]
    expires_at: float = 0.0


@dataclass
class _DeviceCode:
    grant: Grant
    user_code: str
    expires_at: float
    interval: float
    state: str = "pending"  # pending | approved | denied | used
    issued_at: float = 0.0
    last_poll: float | None = None


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def pkce_challenge(verifier: str) -> str:
    return _b64(hashlib.sha256(verifier.encode()).digest())


def is_loopback_redirect(uri: str) -> bool:
    parts = urlsplit(uri)
    return parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1")


class AuthServer:
    def __init__(self, *, issuer_of: Callable[[], str], token_lifetime: float = 3600,
                 auto_approve_after: float | None = None, device_interval: float = 1.0,
                 device_expires_in: float = 600, clock: Callable[[], float] = time.monotonic
                 ) -> None:
        self._issuer_of = issuer_of
        self.token_lifetime = token_lifetime
        self.auto_approve_after = auto_approve_after
        self.device_interval = device_interval
        self.device_expires_in = device_expires_in
        self.clock = clock
        self._lock = threading.Lock()
        self._access: dict[str, Grant] = {}
        self._refresh: dict[str, Grant] = {}
        self._codes: dict[str, tuple[Grant, str, str, float]] = {}
        self._devices: dict[str, _DeviceCode] = {}
        self.token_requests: dict[str, int] = {}
        """Successful and failed token requests, by grant type."""

    # ---------------------------------------------------------------- clients

    def client(self, client_id: str | None, basic: tuple[str, str] | None,
               form_secret: str | None = None) -> Client:
        if basic:
            client_id = basic[0]
        client = CLIENTS.get(client_id or "")
        if client is None:
            raise OAuthError("invalid_client", "Unknown client.", 401)
        if client.secret is not None:
            given = basic[1] if basic else form_secret
            if given is None or not secrets.compare_digest(given, client.secret):
                raise OAuthError("invalid_client", "Client authentication failed.", 401)
        return client

    # ---------------------------------------------------------------- tokens

    def _jwt(self, grant: Grant, kind: str) -> str:
        now = int(time.time())
        header = {"alg": "RS256", "typ": "JWT", "kid": "simulator"}
        claims = {"iss": self._issuer_of(), "sub": grant.subject["sub"], "aud": grant.client_id,
                  "client_id": grant.client_id, "scope": grant.scope, "iat": now,
                  "exp": now + int(self.token_lifetime), "jti": secrets.token_hex(8),
                  "token_use": kind}
        if kind == "id":
            claims.update({k: v for k, v in grant.subject.items() if k != "sub"})
        return ".".join(_b64(json.dumps(part).encode()) for part in (header, claims)) + \
            "." + _b64(secrets.token_bytes(32))

    def _issue(self, grant: Grant, *, refresh: bool, id_token: bool) -> dict[str, Any]:
        access = self._jwt(grant, "access")
        grant = Grant(grant.client_id, grant.scope, grant.subject,
                      self.clock() + self.token_lifetime)
        body: dict[str, Any] = {"access_token": access, "token_type": "Bearer",
                                "expires_in": int(self.token_lifetime), "scope": grant.scope}
        with self._lock:
            self._access[access] = grant
            if refresh:
                body["refresh_token"] = secrets.token_urlsafe(32)
                self._refresh[body["refresh_token"]] = grant
        if id_token and "openid" in grant.scope.split():
            body["id_token"] = self._jwt(grant, "id")
        return body

    def token(self, form: dict[str, str], basic: tuple[str, str] | None) -> dict[str, Any]:
        grant_type = form.get("grant_type", "")
        with self._lock:
            self.token_requests[grant_type] = self.token_requests.get(grant_type, 0) + 1
        client = self.client(form.get("client_id"), basic, form.get("client_secret"))
        if grant_type not in client.grants:
            raise OAuthError("unauthorized_client",
                             f"The client may not use the grant type '{grant_type}'.")
        if grant_type == GRANT_CLIENT_CREDENTIALS:
            subject = {"sub": client.client_id, "client_id": client.client_id}
            return self._issue(Grant(client.client_id, form.get("scope", ""), subject),
                               refresh=False, id_token=False)
        if grant_type == GRANT_AUTH_CODE:
            return self._redeem_code(client, form)
        if grant_type == GRANT_DEVICE:
            return self._redeem_device(client, form.get("device_code", ""))
        if grant_type == GRANT_REFRESH:
            with self._lock:  # rotation: a refresh token works once
                grant = self._refresh.pop(form.get("refresh_token", ""), None)
            if grant is None or grant.client_id != client.client_id:
                raise OAuthError("invalid_grant", "The refresh token is invalid or was used.")
            return self._issue(grant, refresh=True, id_token=True)
        raise OAuthError("unsupported_grant_type", f"Unsupported grant type '{grant_type}'.")

    def check_access(self, token: str) -> Grant | None:
        with self._lock:
            grant = self._access.get(token)
        if grant is None or grant.expires_at < self.clock():
            return None
        return grant

    def revoke(self, token: str) -> None:
        with self._lock:
            grant = self._refresh.pop(token, None) or self._access.pop(token, None)
            if grant is not None:  # revoking a grant's token ends its other tokens as well
                for store in (self._access, self._refresh):
                    for key in [k for k, g in store.items() if g.subject is grant.subject]:
                        del store[key]

    def revoke_all(self) -> None:
        with self._lock:
            self._access.clear()
            self._refresh.clear()

    # ---------------------------------------------------------------- authorization code

    def issue_code(self, client_id: str, redirect_uri: str, challenge: str, scope: str,
                   nonce: str | None) -> str:
        code = secrets.token_urlsafe(24)
        subject = dict(ADMIN_USER, **({"nonce": nonce} if nonce else {}))
        with self._lock:
            self._codes[code] = (Grant(client_id, scope, subject), redirect_uri, challenge,
                                 self.clock() + 60)
        return code

    def _redeem_code(self, client: Client, form: dict[str, str]) -> dict[str, Any]:
        with self._lock:
            found = self._codes.pop(form.get("code", ""), None)  # single use
        if found is None:
            raise OAuthError("invalid_grant", "The authorization code is invalid or was used.")
        grant, redirect_uri, challenge, expires_at = found
        if grant.client_id != client.client_id or expires_at < self.clock():
            raise OAuthError("invalid_grant", "The authorization code is invalid or expired.")
        if form.get("redirect_uri") != redirect_uri:
            raise OAuthError("invalid_grant", "redirect_uri does not match the authorization.")
        verifier = form.get("code_verifier", "")
        if not verifier or not secrets.compare_digest(pkce_challenge(verifier), challenge):
            raise OAuthError("invalid_grant", "PKCE verification failed (code_verifier).")
        return self._issue(grant, refresh=True, id_token=True)

    # ---------------------------------------------------------------- device code

    def device_authorization(self, client_id: str | None, scope: str, verification_uri: str
                             ) -> dict[str, Any]:
        client = self.client(client_id, None)
        if GRANT_DEVICE not in client.grants:
            raise OAuthError("unauthorized_client", "The client may not use the device flow.")
        alphabet = "BCDFGHJKLMNPQRSTVWXZ"
        user_code = "".join(secrets.choice(alphabet) for _ in range(8))
        user_code = f"{user_code[:4]}-{user_code[4:]}"
        device_code = secrets.token_urlsafe(32)
        now = self.clock()
        with self._lock:
            self._devices[device_code] = _DeviceCode(
                Grant(client.client_id, scope, dict(ADMIN_USER)), user_code,
                now + self.device_expires_in, self.device_interval, issued_at=now)
        return {"device_code": device_code, "user_code": user_code,
                "verification_uri": verification_uri,
                "verification_uri_complete": f"{verification_uri}?user_code={user_code}",
                "expires_in": int(self.device_expires_in),
                "interval": max(1, round(self.device_interval))}

    def decide_device(self, user_code: str, approve: bool) -> bool:
        """The user approved (or denied) on the verification page; False for an unknown code."""
        wanted = user_code.strip().upper().replace(" ", "")
        with self._lock:
            for device in self._devices.values():
                if device.user_code == wanted and device.state == "pending":
                    device.state = "approved" if approve else "denied"
                    return True
        return False

    def _redeem_device(self, client: Client, device_code: str) -> dict[str, Any]:
        now = self.clock()
        with self._lock:
            device = self._devices.get(device_code)
            if device is None or device.grant.client_id != client.client_id:
                raise OAuthError("invalid_grant", "Unknown device code.")
            if device.expires_at < now:
                raise OAuthError("expired_token", "The device code has expired.")
            if device.state == "pending" and self.auto_approve_after is not None and \
                    now - device.issued_at >= self.auto_approve_after:
                device.state = "approved"  # the demo approves by itself after a while
            too_fast = device.last_poll is not None and \
                now - device.last_poll < device.interval * 0.8
            device.last_poll = now
            if device.state == "denied":
                raise OAuthError("access_denied", "The user denied the request.")
            if device.state == "used":
                raise OAuthError("invalid_grant", "The device code was already used.")
            if device.state == "pending":
                if too_fast:
                    raise OAuthError("slow_down", "Polling too fast; slow down.")
                raise OAuthError("authorization_pending", "The user has not approved yet.")
            device.state = "used"
        return self._issue(device.grant, refresh=True, id_token=True)
