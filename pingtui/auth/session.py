"""The signed-in session of one profile: the one object the TUI, the CLI and the API client use.

``Session`` is an ``httpx.Auth``: give it to an ``httpx.AsyncClient`` and every request carries
``Authorization: Bearer <token>``; a 401 triggers one refresh and one retry. Around that it
signs on (:meth:`login`), reports (:meth:`status`) and signs out (:meth:`logout`).

Tokens come from the profile's store (keyring / file / memory). One ``asyncio.Lock`` guards
every change, so concurrent callers that find the token expiring share a single refresh; inside
the lock the store is read again, because another pingtui (the TUI and a script at once) may
have refreshed — and rotated the refresh token — in the meantime.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import httpx

from pingtui import __version__
from pingtui.auth import errors, flows
from pingtui.auth.oauth import AuthEndpoints, OAuthHTTP, Sleep
from pingtui.auth.store import (
    StoredEntry,
    TokenStore,
    load_client_secret,
    open_store,
    state_dir,
)
from pingtui.auth.tokens import TokenSet, jwt_claims, subject_from_claims
from pingtui.errors import AuthError, ConfigError
from pingtui.network import Network

if TYPE_CHECKING:
    from pingtui.config import Profile

log = logging.getLogger("pingtui.auth.session")

HTTP_TIMEOUT = httpx.Timeout(20.0, connect=10.0)


@dataclass
class AuthStatus:
    """Where a profile stands: can it call PingOne now, as whom, until when."""

    profile: str
    signed_in: bool
    grant_type: str
    subject: str | None
    """The user (userinfo / ID token claims), or the client ID for client credentials."""
    expires_at: datetime | None
    scopes: list[str]
    storage: str
    """keyring, file or none: where the tokens are actually kept."""
    issuer: str
    api_base_url: str
    client_id: str | None = None
    problem: str | None = None
    """Why the profile is not usable (a message without secrets), when it is not."""
    hint: str | None = None
    """The step that fixes :attr:`problem` for this profile (its grant's own remedy)."""
    secret_source: str | None = None
    """Client credentials: where the client secret was found — store (the token store, or the
    profiles file with storage: file), environment, or none. Never the value."""
    secret_variable: str | None = None
    """The environment variable the secret came from, when it came from one."""
    trust: str = ""
    """Where the CAs come from: the OS trust store (or certifi), SSL_CERT_*, the caBundle."""
    ca_bundle: str | None = None
    proxy: str = ""
    """The proxy sign-on and API calls go through, without credentials, or "none (direct)"."""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["expires_at"] = self.expires_at.isoformat() if self.expires_at else None
        return data


@dataclass
class LogoutResult:
    """What signing out did."""

    profile: str
    had_tokens: bool
    revoked: bool
    """True when PingOne confirmed the revocation (or there was nothing to revoke)."""
    storage: str
    problem: str | None = None
    """Why the revocation failed; the tokens were removed locally anyway."""


@dataclass
class _Settings:
    grant_type: str
    client_id: str
    scopes: list[str] = field(default_factory=list)
    redirect_port: int = 7464


class Session(httpx.Auth):
    """A profile's access to PingOne: tokens on demand, bearer auth, login, status, logout."""

    def __init__(self, profile: Profile, *, store: TokenStore | None = None,
                 http: httpx.AsyncClient | None = None, opener: flows.Opener | None = None,
                 sleep: Sleep | None = None, clock: Callable[[], float] = time.time,
                 login_timeout: float = flows.DEFAULT_LOGIN_TIMEOUT) -> None:
        settings = profile.pingone
        client_id = settings.authentication.client_id if settings else None
        if settings is None or not client_id:
            raise ConfigError(f"Profile '{profile.name}' is not set up to sign on (no client ID).",
                              f"Add it with: pingtui init -P {profile.name} --client-id ID")
        auth = settings.authentication
        self.profile = profile
        self._settings = _Settings(grant_type=auth.grant_type, client_id=client_id,
                                   scopes=list(auth.scopes), redirect_port=auth.redirect_port)
        self._built = AuthEndpoints.built(settings.endpoints())  # ConfigError without env ID
        self._environment_id = settings.environment_id
        self._discovered: AuthEndpoints | None = None
        self._store = store
        self._http = http
        self._own_http = http is None
        self._opener = opener
        self._sleep: Sleep = sleep or asyncio.sleep
        self._clock = clock
        self._login_timeout = login_timeout
        self._tokens: TokenSet | None = None
        self._loaded = False
        self._lock = asyncio.Lock()
        self.network = Network.of(profile)
        """The profile's trust and proxy; the API client of this session uses it too."""

    # ----------------------------------------------------------------- plumbing

    @property
    def name(self) -> str:
        return self.profile.name

    @property
    def grant_type(self) -> str:
        return self._settings.grant_type

    @property
    def store(self) -> TokenStore:
        if self._store is None:
            self._store = open_store(self.profile)
        return self._store

    @property
    def endpoints(self) -> AuthEndpoints:
        """The discovery document's endpoints once discovery answered, else the built ones."""
        return self._discovered or self._built

    def _client(self) -> httpx.AsyncClient:
        if self._http is None:
            # The profile's network: the shared TLS context (verification on), its proxy.
            self._http = httpx.AsyncClient(timeout=HTTP_TIMEOUT, follow_redirects=False,
                                           transport=self.network.transport(),
                                           headers={"User-Agent": f"pingtui/{__version__}"})
        return self._http

    async def discover(self) -> AuthEndpoints:
        """Ask the issuer for its endpoints (once per session)."""
        if self._discovered is None:
            self._discovered = await self._oauth_for(self._built).discover()
        return self._discovered

    def _oauth_for(self, endpoints: AuthEndpoints) -> OAuthHTTP:
        return OAuthHTTP(self._client(), endpoints, profile_name=self.name,
                         environment_id=self._environment_id,
                         client_id=self._settings.client_id, sleep=self._sleep,
                         grant_type=self._settings.grant_type)

    async def _oauth(self) -> OAuthHTTP:
        return self._oauth_for(await self.discover())

    async def aclose(self) -> None:
        if self._own_http and self._http is not None:
            await self._http.aclose()
            self._http = None

    async def __aenter__(self) -> Session:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # ----------------------------------------------------------------- store

    def _ours(self, tokens: TokenSet | None) -> TokenSet | None:
        """Stored tokens, unless they were issued to another environment or client."""
        if tokens is None:
            return None
        if (tokens.issuer and tokens.issuer != self._built.issuer) or (
                tokens.client_id and tokens.client_id != self._settings.client_id):
            log.debug("stored tokens of '%s' belong to another issuer/client; ignored", self.name)
            return None
        return tokens

    async def _reload(self) -> TokenSet | None:
        entry = await asyncio.to_thread(self.store.load, self.name)
        self._tokens = self._ours(entry.tokens)
        self._loaded = True
        return self._tokens

    async def _current(self) -> TokenSet | None:
        if not self._loaded:
            return await self._reload()
        return self._tokens

    async def _save(self, tokens: TokenSet | None) -> None:
        def write() -> None:
            entry = self.store.load(self.name)  # keeps the client secret beside the tokens
            entry.tokens = tokens
            self.store.save(self.name, entry)

        if tokens is not None:
            tokens.issuer = self._built.issuer
            tokens.client_id = self._settings.client_id
        await asyncio.to_thread(write)
        self._tokens = tokens
        self._loaded = True

    async def _client_secret(self) -> str | None:
        if self.grant_type != "client_credentials":
            return None
        return await asyncio.to_thread(load_client_secret, self.profile, store=self.store)

    # ----------------------------------------------------------------- tokens

    def _not_signed_in(self) -> errors.NotSignedIn:
        return errors.NotSignedIn(f"Profile '{self.name}' is not signed on.",
                                  f"Run: pingtui auth login -P {self.name}")

    def _signed_out(self, why: str) -> errors.SignedOut:
        return errors.SignedOut(
            f"Signed out of profile '{self.name}' ({why}) — sign on again: "
            f"pingtui auth login -P {self.name}", None)

    async def access_token(self) -> str:
        """A valid access token: stored, refreshed, or (client credentials) fetched."""
        tokens = await self._current()
        if tokens is not None and not tokens.expires_soon(self._clock()):
            return tokens.access_token
        async with self._renewing():
            return (await self._renew(stale=None)).access_token

    @asynccontextmanager
    async def _renewing(self) -> AsyncIterator[None]:
        """This session's lock, then the profile's lock across processes.

        Two pingtui processes (the TUI and a script) refreshing at once would both present the
        same rotating refresh token, and PingOne's reuse detection would end the session; so a
        renewal holds a lock file beside the token files. Memory-only storage shares nothing.
        """
        async with self._lock:
            if self.store.kind == "none":
                yield
                return
            from filelock import FileLock  # lazy: only renewals need it

            directory = state_dir() / "locks"
            await asyncio.to_thread(directory.mkdir, mode=0o700, parents=True, exist_ok=True)
            lock = FileLock(str(directory / f"{self.name}.lock"), timeout=60, mode=0o600,
                            thread_local=False)  # taken in a worker thread, released here
            await asyncio.to_thread(lock.acquire)
            try:
                yield
            finally:
                lock.release()

    async def _renew(self, stale: str | None) -> TokenSet:
        """Under the lock: a fresh token set, refreshing or fetching as needed.

        ``stale`` is a token the API just refused: a token equal to it is not fresh even if its
        expiry says so.
        """
        tokens = await self._reload()
        if (tokens is not None and tokens.access_token != stale
                and not tokens.expires_soon(self._clock())):
            return tokens  # another caller (or process) renewed it while we waited
        if tokens is not None and tokens.refresh_token:
            return await self._refresh(tokens)
        if self.grant_type == "client_credentials":
            return await self._fetch_client_credentials()
        if tokens is not None and stale is not None:
            raise self._signed_out("PingOne refused the token and there is no refresh token")
        if tokens is not None:
            raise self._signed_out("the token expired and there is no refresh token")
        raise self._not_signed_in()

    async def _refresh(self, tokens: TokenSet) -> TokenSet:
        assert tokens.refresh_token
        oauth = await self._oauth()
        try:
            data = await oauth.token({"grant_type": "refresh_token",
                                      "refresh_token": tokens.refresh_token},
                                     client_secret=await self._client_secret(),
                                     what="token refresh")
        except errors.SignOnFailed as exc:
            if exc.error in ("invalid_grant", "invalid_token", "unauthorized_client"):
                # The session is over server-side: forget it so status tells the truth.
                await self._save(None)
                raise self._signed_out("PingOne refused the refresh token") from None
            raise
        fresh = TokenSet.from_response(data, now=self._clock(), previous=tokens)
        await self._save(fresh)  # a rotated refresh token must be kept at once
        log.debug("refreshed the access token of '%s'", self.name)
        return fresh

    async def _fetch_client_credentials(self) -> TokenSet:
        secret = await self._client_secret()
        if not secret:
            raise errors.MissingClientSecret(
                f"Profile '{self.name}' uses client credentials but has no client secret.",
                f"Store it with: printf %s \"$SECRET\" | pingtui init -P {self.name} "
                "--client-secret-stdin (or set PINGCLI_PINGONE_WORKER_CLIENT_SECRET)")
        data = await flows.client_credentials(await self._oauth(), client_secret=secret,
                                              scopes=self._settings.scopes)
        tokens = TokenSet.from_response(data, now=self._clock())
        tokens.subject = self._settings.client_id
        await self._save(tokens)
        return tokens

    # ----------------------------------------------------------------- httpx.Auth

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response,
                                                                   None]:
        raise RuntimeError("pingtui's Session is for httpx.AsyncClient only")

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request,
                                                                             httpx.Response]:
        token = await self.access_token()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code != 401:
            return
        log.debug("401 from %s: refreshing once", request.url.host)
        async with self._renewing():
            fresh = await self._renew(stale=token)
        request.headers["Authorization"] = f"Bearer {fresh.access_token}"
        response = yield request
        if response.status_code == 401:
            if self.grant_type == "client_credentials":
                # A token fetched a moment ago is refused: signing on again fetches another
                # one that will be refused too. Point at what usually causes it.
                raise errors.SignedOut(
                    f"PingOne's API at {request.url.host} refused a token just issued to "
                    f"profile '{self.name}' (HTTP 401).",
                    "Check that the API base URL/region matches the sign-on's and that the "
                    f"application has a role in this environment: pingtui profiles show "
                    f"{self.name}")
            raise self._signed_out("PingOne refused the token even after a refresh")

    # ----------------------------------------------------------------- login / status / logout

    async def login(self, on_event: flows.EventSink | None = None) -> AuthStatus:
        """Sign on with the profile's grant; events for the UI go to ``on_event``."""
        grant = self.grant_type
        if grant == "client_credentials":
            async with self._lock:
                tokens = await self._fetch_client_credentials()
            return self._status_from(tokens)
        if grant not in ("authorization_code", "device_code"):
            raise ConfigError(f"Profile '{self.name}' has an unknown grant type '{grant}'.",
                              f"Fix it with: pingtui init -P {self.name} --grant-type ...")
        oauth = await self._oauth()
        scopes = self._settings.scopes
        try:
            data = await self._interactive(oauth, scopes, on_event)
        except errors.SignOnFailed as exc:
            # profile/email only name the user; an application that may not have them must
            # still sign on (the user then shows by their ID).
            fewer = [s for s in scopes if s not in flows.IDENTITY_SCOPES]
            if exc.error != "invalid_scope" or fewer == scopes:
                raise
            log.warning("PingOne refused the scopes '%s' for profile '%s'; signing on with "
                        "'%s' (the user shows by their ID)", " ".join(
                            s for s in scopes if s not in fewer), self.name, " ".join(fewer))
            data = await self._interactive(oauth, fewer, on_event)
        tokens = TokenSet.from_response(data, now=self._clock())
        tokens.subject = subject_from_claims({
            **jwt_claims(tokens.id_token),
            **await self._userinfo_claims(tokens.access_token)}) or tokens.subject
        async with self._lock:
            await self._save(tokens)
        log.debug("signed on profile '%s' (%s)", self.name, grant)
        return self._status_from(tokens)

    async def _interactive(self, oauth: OAuthHTTP, scopes: list[str],
                           on_event: flows.EventSink | None) -> dict[str, Any]:
        if self.grant_type == "authorization_code":
            return await flows.authorization_code(
                oauth, scopes=scopes, port=self._settings.redirect_port,
                opener=self._opener, on_event=on_event, timeout=self._login_timeout)
        return await flows.device_code(oauth, scopes=scopes, on_event=on_event)

    async def _userinfo_claims(self, access_token: str) -> dict[str, Any]:
        """The user's claims by userinfo; empty when it can't tell (not an error)."""
        try:
            response = await self._client().get(
                self.endpoints.userinfo, auth=None,
                headers={"Authorization": f"Bearer {access_token}",
                         "Accept": "application/json"})
            claims = response.json() if response.status_code == 200 else None
        except (httpx.HTTPError, ValueError):
            return {}
        return claims if isinstance(claims, dict) else {}

    def _status_from(self, tokens: TokenSet | None, problem: str | None = None,
                     hint: str | None = None) -> AuthStatus:
        expires = (datetime.fromtimestamp(tokens.expires_at, tz=timezone.utc)
                   if tokens and tokens.expires_at else None)
        return AuthStatus(
            profile=self.name,
            signed_in=tokens is not None and problem is None,
            grant_type=self.grant_type,
            subject=(tokens.subject if tokens else None) or (
                self._settings.client_id if self.grant_type == "client_credentials" else None),
            expires_at=expires,
            scopes=tokens.scopes if tokens and tokens.scope else self._requested_scopes(),
            storage=self.store.kind,
            issuer=self.endpoints.issuer,
            api_base_url=self.endpoints.api_base_url,
            client_id=self._settings.client_id,
            problem=problem,
            hint=hint,
            trust=self.network.trust.describe(),
            ca_bundle=self.network.trust.ca_bundle,
            proxy=self._proxy_words(),
        )

    def _proxy_words(self) -> str:
        signon = self.network.describe_proxy(self.endpoints.token)
        api = self.network.describe_proxy(self.endpoints.api_base_url)
        return signon if signon == api else f"sign-on {signon}; API {api}"

    def _requested_scopes(self) -> list[str]:
        if self.grant_type == "client_credentials":
            return flows.client_credentials_scopes(self._settings.scopes)
        return list(self._settings.scopes)

    async def status(self) -> AuthStatus:
        """Whether the profile can call PingOne now (refreshing, or for client credentials
        fetching a token, to prove it), as whom and until when."""
        try:
            await self.access_token()
            if self.grant_type != "client_credentials":
                await self._check_with_userinfo()
        except AuthError as exc:
            status = self._status_from(self._tokens, problem=exc.message, hint=exc.hint)
        else:
            status = self._status_from(self._tokens)
        if self.grant_type == "client_credentials":
            status.secret_source, status.secret_variable = await self._secret_source()
        return status

    async def _secret_source(self) -> tuple[str, str | None]:
        """Where the client secret is: ("environment", NAME), ("store", None) or ("none",
        None)."""
        auth = self.profile.pingone.authentication if self.profile.pingone else None
        if auth is not None and auth.secret_from:
            return "environment", auth.secret_from
        if auth is not None and auth.client_secret:
            return "store", None  # the profiles file (storage: file)
        entry = await asyncio.to_thread(self.store.load, self.name)
        return ("store" if entry.client_secret else "none"), None

    async def _check_with_userinfo(self) -> None:
        """Ask userinfo with the session itself as auth: proves the token server-side (a 401
        refreshes once, then raises SignedOut) and names the user."""
        try:
            response = await self._client().get(self.endpoints.userinfo, auth=self,
                                                headers={"Accept": "application/json"})
            claims = response.json() if response.status_code == 200 else None
        except (httpx.TransportError, ValueError):
            return  # offline: the stored token's expiry is all we can know
        tokens = self._tokens
        # The ID token names the user when userinfo gives only the subject (openid alone).
        subject = subject_from_claims({**jwt_claims(tokens.id_token if tokens else None),
                                       **(claims if isinstance(claims, dict) else {})})
        if subject and tokens is not None and tokens.subject != subject:
            tokens.subject = subject
            async with self._lock:
                await self._save(tokens)

    async def logout(self) -> LogoutResult:
        """Revoke the refresh and access tokens (RFC 7009), then forget them locally — even
        when the revocation fails. The client secret stays: it is configuration."""
        async with self._lock:
            tokens = await self._reload()
            revoked, problem = True, None
            if tokens is not None:
                try:
                    oauth = await self._oauth()
                    secret = await self._client_secret()
                    if tokens.refresh_token:
                        await oauth.revoke(tokens.refresh_token, "refresh_token", secret)
                    await oauth.revoke(tokens.access_token, "access_token", secret)
                except AuthError as exc:
                    revoked, problem = False, exc.message
                await self._save(None)
            return LogoutResult(profile=self.name, had_tokens=tokens is not None,
                                revoked=revoked, storage=self.store.kind,
                                problem=problem)


__all__ = ["AuthStatus", "LogoutResult", "Session", "StoredEntry"]
