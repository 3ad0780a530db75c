"""The HTTP side of sign-on: discovery, token/device/revoke/userinfo requests, error mapping.

Every request goes through one ``httpx.AsyncClient`` with TLS verification on (httpx's default;
pingtui never turns it off) and with ``auth=None`` set explicitly, so that a shared client whose
default auth is the session itself can't recurse into it. OAuth and PingOne error answers become
:mod:`pingtui.auth.errors` exceptions whose text holds error codes and host names only.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from pingtui.auth import errors
from pingtui.logsafe import redact, register_secret
from pingtui.network_failures import NetworkFailure
from pingtui.output import printable
from pingtui.pingone import Endpoints, check_base_url

log = logging.getLogger("pingtui.auth")

Sleep = Callable[[float], Awaitable[None]]
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
_RETRY_STATUSES = (502, 503, 504)  # edge errors: the request most likely never got in
_RETRY_DELAY = 1.0


@dataclass(frozen=True)
class AuthEndpoints:
    """Where a profile signs on: from the discovery document, or built from the profile."""

    issuer: str
    authorize: str
    token: str
    device_authorization: str
    revoke: str
    userinfo: str
    api_base_url: str
    discovered: bool = False

    @classmethod
    def built(cls, endpoints: Endpoints) -> AuthEndpoints:
        return cls(issuer=endpoints.issuer, authorize=endpoints.authorize,
                   token=endpoints.token, device_authorization=endpoints.device_authorization,
                   revoke=endpoints.revoke, userinfo=endpoints.userinfo,
                   api_base_url=endpoints.api_base_url)

    @property
    def host(self) -> str:
        return urlsplit(self.issuer).netloc


def _short(text: Any, limit: int = 200) -> str:
    # Server text is quoted to a terminal (CLI stderr, TUI notifications): no control codes.
    return printable(redact(" ".join(str(text).split())))[:limit]


_SECRET_FIELDS = ("access_token", "refresh_token", "id_token", "device_code")


def _json(response: httpx.Response) -> dict[str, Any] | None:
    try:
        data = response.json()
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    # Registered the moment they arrive, before anything could log them.
    for key in _SECRET_FIELDS:
        if isinstance(data.get(key), str):
            register_secret(data[key])
    return data


class OAuthHTTP:
    """The sign-on requests of one profile."""

    def __init__(self, http: httpx.AsyncClient, endpoints: AuthEndpoints, *, profile_name: str,
                 environment_id: str | None, client_id: str, sleep: Sleep = asyncio.sleep,
                 grant_type: str | None = None) -> None:
        self.http = http
        self.endpoints = endpoints
        self.profile_name = profile_name
        self.environment_id = environment_id
        self.client_id = client_id
        self.sleep = sleep
        self.grant_type = grant_type
        """The profile's grant: hints name the step that fits it (no sign-on for machines)."""

    # ----------------------------------------------------------------- errors

    def wrong_environment(self, status: int) -> errors.WrongEnvironment:
        env = f"environment {self.environment_id}" if self.environment_id else "this environment"
        return errors.WrongEnvironment(
            f"PingOne at {self.endpoints.host} does not know {env} (HTTP {status}): the "
            "environment ID is probably wrong, or the region/domain.",
            f"Check the environment ID of your application in the PingOne admin console, then "
            f"fix it with: pingtui init -P {self.profile_name} --environment-id UUID",
        )

    def unreachable(self, url: str, exc: Exception) -> errors.Unreachable:
        if isinstance(exc, NetworkFailure):  # a certificate or a proxy, in its own words
            return errors.Unreachable(exc.message, exc.hint)
        host = urlsplit(url).netloc
        kind = ("timed out" if isinstance(exc, httpx.TimeoutException)
                else _short(exc, 120) or type(exc).__name__)
        return errors.Unreachable(
            f"Could not reach the sign-on service at {host} ({kind}).",
            "Check the network (and proxy settings), the region and the auth base URL.",
        )

    def oauth_error(self, response: httpx.Response, what: str) -> errors.SignOnFailed:
        """Turn a failed sign-on answer into an error in plain words."""
        status = response.status_code
        data = _json(response) or {}
        error = data.get("error")
        hint_login = errors.login_hint(self.profile_name, self.grant_type)
        if status == 404 or data.get("code") == "NOT_FOUND":
            return self.wrong_environment(status)
        if not isinstance(error, str):
            if isinstance(data.get("code"), str):  # PingOne's own error format
                message = _short(data.get("message") or "")
                # A 5xx is PingOne failing, not refusing: signing on again would not help.
                failed = status >= 500
                return errors.SignOnFailed(
                    f"PingOne {'failed' if failed else 'refused'} the {what} (HTTP {status}, "
                    f"{_short(data['code'], 60)}{': ' + message if message else ''}).",
                    "PingOne may be having trouble; try again in a moment." if failed
                    else hint_login)
            if status >= 500:
                return errors.SignOnFailed(
                    f"The sign-on service at {self.endpoints.host} failed the {what} "
                    f"(HTTP {status}).", "PingOne may be having trouble; try again in a moment.")
            return errors.SignOnFailed(
                f"The sign-on service answered the {what} with HTTP {status}.", hint_login)
        return self.error_for(error, data.get("error_description"))

    def error_for(self, error: str, description: Any = None) -> errors.SignOnFailed:
        """An OAuth ``error`` code (token endpoint or authorization redirect) in plain words."""
        hint_login = errors.login_hint(self.profile_name, self.grant_type)
        description = _short(description or "")
        error = _short(error, 60)
        detail = f" ({description})" if description else ""
        if error == "access_denied":
            return errors.AccessDenied(
                f"Sign-on was declined{detail}.",
                f"Approve the request in the browser, or ask an administrator for access. "
                f"{hint_login}", error=error)
        if error == "expired_token":
            return errors.CodeExpired(
                "The sign-on code expired before it was approved.",
                f"Start again and approve it sooner. {hint_login}", error=error)
        if error == "invalid_client":
            return errors.SignOnFailed(
                f"PingOne does not accept the client ID or secret of profile "
                f"'{self.profile_name}'{detail}.",
                f"Check them in the PingOne admin console and fix them with: pingtui init -P "
                f"{self.profile_name} --client-id ID --client-secret-stdin", error=error)
        if error == "unauthorized_client":
            return errors.SignOnFailed(
                f"The application is not allowed to use this grant type{detail}.",
                "Enable the grant type on the application in the PingOne admin console, or "
                f"choose another one with: pingtui init -P {self.profile_name} --grant-type ...",
                error=error)
        if error == "invalid_scope":
            return errors.SignOnFailed(
                f"PingOne refused the requested scopes{detail}.",
                f"Fix them with: pingtui init -P {self.profile_name} --scopes SCOPE...",
                error=error)
        if error == "invalid_grant":
            return errors.SignOnFailed(
                f"The sign-on grant was refused (invalid_grant){detail}.", hint_login,
                error=error)
        return errors.SignOnFailed(f"Sign-on failed: {error}{detail}.", hint_login, error=error)

    # ----------------------------------------------------------------- requests

    async def post_form(self, url: str, data: Mapping[str, str], *,
                        auth: httpx.Auth | None = None, what: str = "request",
                        retry: bool = True) -> httpx.Response:
        """POST a form; transport errors become Unreachable; one retry on an edge 5xx."""
        attempts = 2 if retry else 1
        for attempt in range(attempts):
            try:
                # httpx.Auth(): no authentication (what auth=None means to httpx, typed).
                response = await self.http.post(url, data=dict(data),
                                                auth=auth if auth is not None else httpx.Auth(),
                                                headers={"Accept": "application/json"})
            except httpx.TransportError as exc:
                raise self.unreachable(url, exc) from None
            log.debug("%s: POST %s -> %s", what, url, response.status_code)
            if response.status_code in _RETRY_STATUSES and attempt + 1 < attempts:
                await self.sleep(_RETRY_DELAY)
                continue
            return response
        return response  # pragma: no cover - the loop always returns

    def client_auth(self, client_secret: str | None) -> httpx.Auth | None:
        """client_secret_basic when there is a secret (RFC 6749 2.3.1: form-encode both parts
        first); public clients send client_id in the body instead."""
        if client_secret is None:
            return None
        return httpx.BasicAuth(quote(self.client_id, safe=""), quote(client_secret, safe=""))

    async def token(self, data: Mapping[str, str], *, client_secret: str | None = None,
                    what: str = "token request") -> dict[str, Any]:
        """Call the token endpoint; returns the JSON answer or raises a SignOnFailed."""
        body = dict(data)
        if client_secret is None:
            body["client_id"] = self.client_id
        response = await self.post_form(self.endpoints.token, body,
                                        auth=self.client_auth(client_secret), what=what)
        payload = _json(response)
        if response.status_code == 200 and payload and isinstance(
                payload.get("access_token"), str):
            return payload
        if response.status_code == 200:
            raise errors.SignOnFailed(
                f"The sign-on service at {self.endpoints.host} sent an answer without an access "
                "token.", "Check the auth base URL of the profile.")
        raise self.oauth_error(response, what)

    async def device_authorization(self, scopes: list[str]) -> dict[str, Any]:
        response = await self.post_form(
            self.endpoints.device_authorization,
            {"client_id": self.client_id, "scope": " ".join(scopes)},
            what="device authorization")
        payload = _json(response)
        if response.status_code == 200 and payload and all(
                isinstance(payload.get(k), str) for k in ("device_code", "user_code",
                                                          "verification_uri")):
            return payload
        if response.status_code == 200:
            raise errors.SignOnFailed("The device authorization answer is incomplete.",
                                      "Check that the application allows the device code grant.")
        raise self.oauth_error(response, "device authorization")

    async def revoke(self, token: str, hint: str, client_secret: str | None) -> None:
        """RFC 7009 revocation; raises SignOnFailed/Unreachable when it did not succeed."""
        body = {"token": token, "token_type_hint": hint}
        if client_secret is None:
            body["client_id"] = self.client_id
        response = await self.post_form(self.endpoints.revoke, body,
                                        auth=self.client_auth(client_secret),
                                        what=f"revocation of the {hint.replace('_', ' ')}")
        if response.status_code != 200:
            raise self.oauth_error(response, "revocation")

    async def discover(self) -> AuthEndpoints:
        """The discovery document's endpoints, or the built ones when it does not answer.

        A 404 means PingOne does not know the environment: that is said at once, before any
        browser is opened on a page that would only say "not found".
        """
        built = self.endpoints
        url = f"{built.issuer}/.well-known/openid-configuration"
        try:
            response = await self.http.get(url, auth=None,
                                           headers={"Accept": "application/json"})
        except httpx.TransportError as exc:
            if isinstance(exc, NetworkFailure) and not exc.retry:
                # A certificate or a proxy's refusal: the built endpoints, on the same host
                # behind the same proxy, would fail the same way. Say so now.
                raise self.unreachable(url, exc) from None
            log.debug("discovery at %s failed (%s); using built endpoints", url,
                      type(exc).__name__)
            return built
        if response.status_code == 404:
            raise self.wrong_environment(404)
        doc = _json(response)
        if response.status_code != 200 or doc is None:
            log.debug("discovery at %s answered %s; using built endpoints", url,
                      response.status_code)
            return built
        if str(doc.get("issuer", "")).rstrip("/") != built.issuer.rstrip("/"):
            # An issuer that is not the one we asked about is not to be trusted for endpoints.
            log.warning("the discovery document at %s names another issuer; using the "
                        "endpoints built from the profile", url)
            return built

        def pick(key: str, default: str) -> str:
            value = doc.get(key)
            if isinstance(value, str) and check_base_url(value) is None:
                return value
            return default

        found = AuthEndpoints(
            issuer=built.issuer,
            authorize=pick("authorization_endpoint", built.authorize),
            token=pick("token_endpoint", built.token),
            device_authorization=pick("device_authorization_endpoint",
                                      built.device_authorization),
            revoke=pick("revocation_endpoint", built.revoke),
            userinfo=pick("userinfo_endpoint", built.userinfo),
            api_base_url=built.api_base_url,
            discovered=True,
        )
        log.debug("discovered endpoints of %s", built.issuer)
        return found
