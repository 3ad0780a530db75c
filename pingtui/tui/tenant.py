"""The signed-in side of one profile, shared by the screens that show its data.

Screens never build URLs or refresh tokens: they ask a ``Tenant`` for its ``Session`` (auth)
and its ``PingOneClient`` (api), both created on first use so that the first paint never waits
for httpx, keyring or discovery. One client per tenant keeps HTTP connections alive between
screens.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pingtui.api.client import PingOneClient
    from pingtui.auth.session import Session
    from pingtui.config import Profile

SessionFactory = Callable[["Profile"], "Session"]


def default_session(profile: Profile) -> Session:
    from pingtui.auth.flows import quiet_opener
    from pingtui.auth.session import Session

    # The browser launcher must not write over the TUI's screen.
    return Session(profile, opener=quiet_opener)


class Tenant:
    """A profile, its sign-on session and its API client."""

    def __init__(self, profile: Profile, *, session_factory: SessionFactory | None = None,
                 demo: bool = False, client_options: dict[str, Any] | None = None,
                 profile_for: Callable[[str], Profile] | None = None) -> None:
        self.profile = profile
        self.demo = demo
        self.profile_for = profile_for
        """The profile signing on with another grant (the demo has one client per grant)."""
        self.client_options = dict(client_options or {})
        """Extra PingOneClient arguments (tests: no retries against a stopped server)."""
        self._session_factory = session_factory or default_session
        self._session: Session | None = None
        self._client: PingOneClient | None = None
        self.identity: str | None = None
        """Who is signed on (user name or client ID), once known."""

    @property
    def name(self) -> str:
        return self.profile.name

    @property
    def grant_type(self) -> str:
        p = self.profile.pingone
        return p.authentication.grant_type if p else "authorization_code"

    @property
    def tokens_in_file(self) -> bool:
        p = self.profile.pingone
        return bool(p and p.authentication.storage == "file")

    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = self._session_factory(self.profile)
        return self._session

    def with_grant(self, grant_type: str) -> Tenant:
        """The same tenant signing on with another grant (device code over SSH)."""
        if grant_type == self.grant_type:
            return self
        if self.profile_for is not None:
            profile = self.profile_for(grant_type)
        else:
            profile = copy.deepcopy(self.profile)
            assert profile.pingone is not None
            profile.pingone.authentication.grant_type = grant_type
        return Tenant(profile, session_factory=self._session_factory, demo=self.demo,
                      client_options=self.client_options, profile_for=self.profile_for)

    def adopt(self, other: Tenant) -> None:
        """Use the session ``other`` signed on with (its tokens are the same profile's)."""
        if other is self:
            return
        self._session = other._session
        self._client = None
        self.identity = other.identity

    async def client(self) -> PingOneClient:
        if self._client is None:
            from pingtui.api.client import PingOneClient

            assert self.profile.pingone is not None
            api_base = self.profile.pingone.endpoints().api_base_url
            client = PingOneClient(api_base, self.session, network=self.session.network,
                                   **self.client_options)
            await client.__aenter__()
            self._client = client
        return self._client

    async def status(self) -> Any:
        return await self.session.status()

    async def aclose(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            await client.__aexit__(None, None, None)
        session, self._session = self._session, None
        if session is not None:
            await session.aclose()
