"""The tokens of one profile, as kept in the store: a dataclass and its JSON form.

Expiry is kept as an absolute time computed from the *local* clock when the token arrived
(``obtained_at + expires_in``), never from the server's clock: a laptop several minutes off
still refreshes at the right moment.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from pingtui.logsafe import register_secret

# Refresh this long before expiry, so a token does not expire between our check and the
# server's (network latency, clock drift between PingOne's nodes).
SKEW_MARGIN = 60.0


@dataclass
class TokenSet:
    """What a token endpoint answered, plus when it arrived."""

    access_token: str = field(repr=False)
    token_type: str = "Bearer"
    expires_at: float | None = None
    """Epoch seconds (local clock); None when the server gave no expires_in."""
    obtained_at: float = 0.0
    refresh_token: str | None = field(default=None, repr=False)
    id_token: str | None = field(default=None, repr=False)
    scope: str | None = None
    subject: str | None = None
    """Who signed on (userinfo or ID token claims), for status; the client ID for machines."""
    issuer: str | None = None
    client_id: str | None = None
    """Whose tokens these are: a profile re-pointed at another environment or client does not
    send the old tokens there."""

    def __post_init__(self) -> None:
        for secret in (self.access_token, self.refresh_token, self.id_token):
            register_secret(secret)

    @classmethod
    def from_response(cls, data: Mapping[str, Any], *, now: float | None = None,
                      previous: TokenSet | None = None) -> TokenSet:
        """Build from a token endpoint's JSON answer.

        ``previous`` keeps the refresh token and subject when a refresh answer leaves them out
        (a server that does not rotate refresh tokens sends none back).
        """
        now = time.time() if now is None else now
        expires_in = data.get("expires_in")
        try:
            expires_at = now + float(expires_in) if expires_in is not None else None
        except (TypeError, ValueError):
            expires_at = None
        refresh = data.get("refresh_token") or (previous.refresh_token if previous else None)
        tokens = cls(
            access_token=str(data["access_token"]),
            token_type=str(data.get("token_type") or "Bearer"),
            expires_at=expires_at,
            obtained_at=now,
            refresh_token=refresh,
            id_token=data.get("id_token") or (previous.id_token if previous else None),
            scope=data.get("scope") or (previous.scope if previous else None),
            subject=previous.subject if previous else None,
        )
        if tokens.subject is None:
            tokens.subject = subject_from_id_token(tokens.id_token)
        return tokens

    def expires_soon(self, now: float | None = None) -> bool:
        """True when the token should be refreshed before use."""
        if self.expires_at is None:
            return False  # no expiry given: use it until the API answers 401
        now = time.time() if now is None else now
        # Short-lived tokens get a proportional margin, or they would never be "fresh".
        lifetime = max(self.expires_at - self.obtained_at, 0.0)
        margin = min(SKEW_MARGIN, lifetime / 4)
        return now >= self.expires_at - margin

    @property
    def scopes(self) -> list[str]:
        return (self.scope or "").split()

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TokenSet:
        """Rebuild from the stored form; raises ValueError on anything unexpected."""
        if not isinstance(data, Mapping) or not isinstance(data.get("access_token"), str):
            raise ValueError("not a stored token set")
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        # A hand-edited or damaged entry must fail here (the store then says "signed out"),
        # not later in expires_soon() or scopes with a TypeError.
        for name, value in values.items():
            if value is None and name not in ("access_token", "token_type", "obtained_at"):
                continue
            wanted = (int, float) if name in ("expires_at", "obtained_at") else str
            if not isinstance(value, wanted) or isinstance(value, bool):
                raise ValueError(f"stored token field {name} has the wrong type")
        return cls(**values)


def jwt_claims(token: str | None) -> dict[str, Any]:
    """The payload of a JWT, *unverified*: for display only (who signed on), never for trust."""
    if not token or token.count(".") != 2:
        return {}
    payload = token.split(".")[1]
    try:
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        claims = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return {}
    return claims if isinstance(claims, dict) else {}


def subject_from_claims(claims: Mapping[str, Any]) -> str | None:
    """The most human name in a set of OIDC claims: username, name, email; the subject (a
    PingOne user ID) only when there is nothing else."""
    for key in ("preferred_username", "name", "email", "sub"):
        value = claims.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def subject_from_id_token(id_token: str | None) -> str | None:
    return subject_from_claims(jwt_claims(id_token))
