"""TUI test helpers (plain functions and classes; the fixtures are in conftest.py).

A module of its own with a unique name: ``from conftest import ...`` would pick up whichever
``conftest`` module was imported first when several test folders run together.
"""

from __future__ import annotations

from pathlib import Path

from sim_profiles import profile_yaml
from waiting import wait_until  # noqa: F401  (re-exported for the TUI tests)

VALID_ENV_ID = "3b1b2f7e-1a2b-4c3d-9e8f-0a1b2c3d4e5f"

CI_PROFILE = f"""\
  ci:
    description: a[/]b automation
    pingone:
      region: NA
      environmentID: {VALID_ENV_ID}
      authentication:
        grantType: client_credentials
        clientID: ci-client
        clientSecret: s3cr3t-value
        storage: file
"""
"""A second profile (client credentials, secret in the file) after the active one."""


def write_config(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


TWO_PROFILES = f"""\
activeProfile: work
profiles:
  work:
    description: The [prod] tenant
    pingone:
      region: EU
      environmentID: {VALID_ENV_ID}
      authentication:
        grantType: device_code
        clientID: 11111111-2222-3333-4444-555555555555
        storage: none
""" + CI_PROFILE


def screen_text(app) -> str:
    """Everything the screen shows, as plain text (what a user reads)."""
    from textual.widgets import Static

    parts = []
    for widget in app.screen.query("*"):
        if isinstance(widget, Static) and widget.display:
            parts.append(str(widget.render()))
    return "\n".join(parts)


class FakeSignOn:
    """A session whose sign-on shows a fixed device code / browser URL (stable snapshots).

    Everything else in the TUI tests runs against the simulator; only the sign-on screen's
    snapshots need a user code and URL that are the same on every run.
    """

    USER_CODE = "WDJB-MJHT"
    URL = "https://auth.pingone.eu/3b1b2f7e-1a2b-4c3d-9e8f-0a1b2c3d4e5f/device"

    def __init__(self) -> None:
        import asyncio

        self.approved = asyncio.Event()
        self.error: Exception | None = None

    def factory(self, profile):
        import httpx

        fake = self

        class Session(httpx.Auth):
            network = None  # the API client's default trust and proxies

            async def access_token(self) -> str:
                from pingtui.errors import AuthError

                raise AuthError("Not signed on.", "Sign on first.")

            async def async_auth_flow(self, request):
                await self.access_token()
                yield request

            async def login(self, on_event):
                from pingtui.auth.flows import BrowserOpened, DeviceCodeIssued

                if profile.pingone.authentication.grant_type == "device_code":
                    on_event(DeviceCodeIssued(fake.USER_CODE, fake.URL,
                                              f"{fake.URL}?user_code={fake.USER_CODE}", 600, 5))
                else:
                    on_event(BrowserOpened(fake.URL.replace("/device", "/authorize?..."),
                                           False, "Over SSH? Run: ssh -L 7464:127.0.0.1:7464 "
                                           "HOST, then open the link on your machine."))
                await fake.approved.wait()
                if fake.error:
                    raise fake.error

            async def logout(self):
                return None

            async def status(self):
                return None

            async def aclose(self) -> None:
                pass

        return Session()


class FrozenClock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def sim_config(sim, grant: str = "client_credentials", *, storage: str = "none",
               environment_id: str | None = None) -> str:
    """A profiles file whose active profile ``work`` signs on to the simulator, and ``ci``."""
    return profile_yaml(sim, grant, storage=storage, environment_id=environment_id) + CI_PROFILE


def terminal_lines(app) -> list[str]:
    """The screen as the terminal shows it, one string a row (every widget, every border).

    ``screen_text`` reads widgets' content; this reads what reaches the terminal, so a widget
    that is laid out with no room for its text (a border eating its only row) shows as it does
    to a user. Textual has no public API for the composed screen: the compositor is used, as in
    tests/reliability/test_fuzz_inputs.py.
    """
    return ["".join(segment.text for segment in strip)
            for strip in app.screen._compositor.render_strips()]
