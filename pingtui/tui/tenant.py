"""The signed-in side of one profile, shared by the screens that show its data.

Screens never build URLs or refresh tokens: a ``Tenant`` is the profile's
``pingtui.connect.Connection`` (its ``Session`` and its ``PingOneClient``, both created on first
use so that the first paint never waits for httpx, keyring or discovery; one client per tenant
keeps HTTP connections alive between screens), plus what the TUI knows about it: who is signed
on, and how to sign on with another grant.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pingtui.connect import Connection, SessionFactory

if TYPE_CHECKING:
    from pingtui.auth.session import AuthStatus, Session
    from pingtui.config import Profile

__all__ = ["SessionFactory", "Tenant", "default_session"]


def default_session(profile: Profile) -> Session:
    from pingtui.auth.flows import quiet_opener
    from pingtui.auth.session import Session

    # The browser launcher must not write over the TUI's screen.
    return Session(profile, opener=quiet_opener)


class Tenant(Connection):
    """A profile being browsed: its connection, who is signed on, the demo's other grants."""

    def __init__(self, profile: Profile, *, session_factory: SessionFactory | None = None,
                 demo: bool = False, client_options: dict[str, Any] | None = None,
                 profile_for: Callable[[str], Profile] | None = None) -> None:
        super().__init__(profile, session_factory=session_factory or default_session,
                         client_options=client_options)
        self.demo = demo
        self.profile_for = profile_for
        """The profile signing on with another grant (the demo has one client per grant)."""
        self.identity: str | None = None
        """Who is signed on (user name or client ID), once known."""

    @property
    def grant_type(self) -> str:
        p = self.profile.pingone
        return p.authentication.grant_type if p else "authorization_code"

    @property
    def tokens_in_file(self) -> bool:
        p = self.profile.pingone
        return bool(p and p.authentication.storage == "file")

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
        self.share_session(other)
        self.identity = other.identity

    async def status(self) -> AuthStatus:
        return await self.session.status()
