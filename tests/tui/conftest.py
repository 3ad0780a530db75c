"""TUI test fixtures: an app built by the one factory on a temporary profiles file."""

from __future__ import annotations

from pathlib import Path

import pytest

import _stand_ins

_stand_ins.install()
_stand_ins.install_api()


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    return tmp_path / "cfg" / "config.yaml"


VALID_ENV_ID = "3b1b2f7e-1a2b-4c3d-9e8f-0a1b2c3d4e5f"


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


@pytest.fixture
def make(config_path: Path):
    """Build the app the way the CLI does, on this test's profiles file and no environment."""
    from pingtui.tui.app import make_app

    def build(**kwargs):
        kwargs.setdefault("env", {})
        kwargs.setdefault("config_path", config_path)
        kwargs.setdefault("pingcli_path", config_path.parent / "no-pingcli.yaml")
        return make_app(**kwargs)

    return build


async def wait_until(pilot, predicate, *, timeout: float = 10.0) -> None:
    """Let the app run until ``predicate()`` holds (a condition, not a fixed sleep)."""
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.02)


def screen_text(app) -> str:
    """Everything the screen shows, as plain text (what a user reads)."""
    from textual.widgets import Static

    parts = []
    for widget in app.screen.query("*"):
        if isinstance(widget, Static) and widget.display:
            parts.append(str(widget.render()))
    return "\n".join(parts)


@pytest.fixture
def fake():
    """An in-memory tenant + session factory (deterministic sign-on for pilot tests)."""
    data = _stand_ins.FakeTenantData()
    data.factory = _stand_ins.fake_session_factory(data)
    return data


class FrozenClock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now
