"""One way to connect: a profile -> its sign-on ``Session`` and its ``PingOneClient``.

Every caller — the CLI's commands (``open_connection``), the TUI's ``Tenant`` (a
``Connection`` that lives as long as the profile is browsed) — builds the pair here, so the
API base URL, the profile's network settings (CA bundle, proxy) and the order of closing are
decided once. Both are created on first use: the TUI's first paint never waits for httpx,
keyring or discovery. One client per connection keeps HTTP connections alive.

The demo (``--demo``) is chosen here too: a command signs on with the simulator's
client-credentials client (no person needed), ``auth login`` with its device code.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing_extensions import Self

    from pingtui.api.client import PingOneClient
    from pingtui.auth.session import Session
    from pingtui.config import Profile
    from pingtui.context import Context

SessionFactory = Callable[["Profile"], "Session"]
"""Builds a profile's session (tests pass one that fakes the sign-on)."""

DEMO_SIGN_ON_GRANT = "device_code"
"""The demo's grant when a person signs on (``--demo auth login``; the TUI's default)."""
DEMO_UNATTENDED_GRANT = "client_credentials"
"""The demo's grant for every other command: a real token request, nobody to ask."""


def new_session(profile: Profile) -> Session:
    from pingtui.auth.session import Session

    return Session(profile)


class Connection:
    """A profile's session and API client, built when first used and closed together."""

    def __init__(self, profile: Profile, *, session_factory: SessionFactory | None = None,
                 client_options: dict[str, Any] | None = None) -> None:
        self.profile = profile
        self._session_factory: SessionFactory = session_factory or new_session
        self.client_options = dict(client_options or {})
        """Extra PingOneClient arguments (tests: no retries against a stopped server)."""
        self._session: Session | None = None
        self._client: PingOneClient | None = None

    @property
    def name(self) -> str:
        return self.profile.name

    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = self._session_factory(self.profile)
        return self._session

    async def client(self) -> PingOneClient:
        """The API client (opened on first use), authenticated by :attr:`session`."""
        if self._client is None:
            from pingtui.api.client import PingOneClient

            assert self.profile.pingone is not None  # a session exists: the profile is set up
            session = self.session
            client = PingOneClient(self.profile.pingone.endpoints().api_base_url, session,
                                   network=session.network, **self.client_options)
            await client.__aenter__()
            self._client = client
        return self._client

    def share_session(self, other: Connection) -> None:
        """Use the session ``other`` signed on with (same profile, another grant): the next
        :meth:`client` is built on it."""
        if other is self:
            return
        self._session = other._session
        self._client = None

    async def aclose(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            await client.__aexit__(None, None, None)
        session, self._session = self._session, None
        if session is not None:
            await session.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


@contextmanager
def command_profile(ctx: Context, *, sign_on: bool = False) -> Iterator[Profile]:
    """The profile a command runs on: ``-P`` / the active one, or with ``--demo`` the running
    simulator's (started here, stopped when the block ends)."""
    if not ctx.demo:
        yield ctx.profile()
        return
    from pingtui.demo import start_demo  # lazy: the simulator is heavy

    with start_demo() as demo:
        yield demo.profile_for(DEMO_SIGN_ON_GRANT if sign_on else DEMO_UNATTENDED_GRANT)


@asynccontextmanager
async def open_connection(ctx: Context, *, sign_on: bool = False) -> AsyncIterator[Connection]:
    """A command's connection: ``async with open_connection(ctx) as conn: await conn.client()``."""
    with command_profile(ctx, sign_on=sign_on) as profile:
        async with Connection(profile) as connection:
            yield connection
