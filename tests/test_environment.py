"""The test session pins its environment: what the person running the tests exported is gone.

Run on its own this proves little (a clean shell has nothing to remove); ``tests/hostile_env.py``
runs it, with the snapshot and CLI suites, under a shell that sets every one of these variables.
"""

from __future__ import annotations

import os

import pytest
from pinned_env import PINNED, _cleared, pin_environment

HOSTILE_NAMES = ("NO_COLOR", "FORCE_COLOR", "COLORTERM", "TEXTUAL_THEME", "TEXTUAL_ANIMATIONS",
                 "PINGTUI_PROFILE", "PINGCLI_PINGONE_REGION_CODE", "PINGONE_ENVIRONMENT_ID",
                 "BROWSER", "DISPLAY", "WAYLAND_DISPLAY", "SSH_CONNECTION", "SSH_TTY",
                 "HTTP_PROXY", "https_proxy", "ALL_PROXY", "NO_PROXY", "SSL_CERT_FILE",
                 "SSL_CERT_DIR")


# Set by the session itself: the snapshot plugin's temp dir, each test's token state dir.
OURS = {"TEXTUAL_SNAPSHOT_TEMPDIR", "PINGTUI_STATE_DIR"}


def test_nothing_of_the_users_shell_is_left(tmp_path) -> None:
    leaked = sorted(name for name in os.environ if _cleared(name) and name not in OURS)
    assert leaked == []
    assert os.environ["PINGTUI_STATE_DIR"].startswith(str(tmp_path))
    assert {name: os.environ.get(name) for name in PINNED} == PINNED


def test_textual_reads_the_pinned_environment() -> None:
    from textual import constants

    assert constants.COLOR_SYSTEM == "auto"
    assert constants.DEFAULT_THEME == "textual-dark"


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_pin_environment_removes(name: str) -> None:
    environ = {name: "odd", "HOME": "/home/x", "COLUMNS": "50"}
    changed = pin_environment(environ)
    assert name in changed and "COLUMNS" in changed
    assert environ == {"HOME": "/home/x", **PINNED}
