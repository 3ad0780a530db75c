"""TUI test fixtures: an app built by the one factory on a temporary profiles file."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    return tmp_path / "cfg" / "config.yaml"


@pytest.fixture
def make(config_path: Path):
    """Build the app the way the CLI does, on this test's profiles file and no environment."""
    from pingtui.tui.app import make_app

    def build(**kwargs):
        kwargs.setdefault("env", {})
        kwargs.setdefault("config_path", config_path)
        kwargs.setdefault("pingcli_path", config_path.parent / "no-pingcli.yaml")
        app = make_app(**kwargs)
        # Every notification's text, in order (tests assert on what the user was told).
        app.notes = []
        notify = app.notify

        def recording_notify(message, *args, **kw):
            app.notes.append(str(message))
            return notify(message, *args, **kw)

        app.notify = recording_notify
        return app

    return build


@pytest.fixture
def sim():
    """The embedded PingOne simulator on 127.0.0.1 (real HTTP, real auth and api layers)."""
    from pingtui.sim.server import Simulator

    with Simulator(device_interval=0.05) as server:
        yield server
