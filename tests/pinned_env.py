"""The environment every test session runs in, whatever the shell that started it exported.

NO_COLOR gives the app the `nocolor` pseudo-class (every snapshot differs), COLUMNS/TERM change
rich's output, a proxy or SSL_CERT_FILE reroutes or breaks the loopback HTTP, PINGCLI_* and
PINGONE_* drive profiles, BROWSER/DISPLAY/SSH_* change the sign-on. ``tests/conftest.py`` calls
:func:`pin_session_environment` when it is imported (before the test modules); tests that want
a variable set it with monkeypatch. ``tests/hostile_env.py`` (run by the README's test command)
proves it.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import MutableMapping

PINNED = {"COLUMNS": "120", "LINES": "24", "TERM": "xterm-256color"}
"""Set to these values for the whole session. 120x24 is what the CLI's tables get when stdout
is not a terminal and COLUMNS is unset (output.RowWriter's fallback): the tests' expectations."""
CLEARED_NAMES = ("NO_COLOR", "FORCE_COLOR", "COLORTERM", "BROWSER", "DISPLAY",
                 "WAYLAND_DISPLAY", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY",
                 "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",
                 "ESCDELAY", "TERM_PROGRAM", "LC_TERMINAL")
CLEARED_PREFIXES = ("TEXTUAL", "PINGTUI_", "PINGCLI_", "PINGONE_", "SSH_")
"""Removed for the whole session (names compared upper-cased: http_proxy too)."""


def _cleared(name: str) -> bool:
    upper = name.upper()
    return upper in CLEARED_NAMES or upper.startswith(CLEARED_PREFIXES)


def pin_environment(environ: MutableMapping[str, str] = os.environ) -> list[str]:
    """Remove and set the variables above in ``environ``; returns the names that changed."""
    changed = [name for name in list(environ) if _cleared(name)]
    for name in changed:
        del environ[name]
    for name, value in PINNED.items():
        if environ.get(name) != value:
            changed.append(name)
            environ[name] = value
    return changed


def _reload_textual_constants() -> None:
    """textual reads TEXTUAL_* into ``textual.constants`` at import, and the snapshot plugin
    imports textual before this file runs: read them again from the pinned environment."""
    from textual.reactive import Reactive

    constants = sys.modules.get("textual.constants")
    if constants is None:
        return
    old = {k: v for k, v in vars(constants).items() if k.isupper()}
    importlib.reload(constants)
    new = {k: v for k, v in vars(constants).items() if k.isupper()}
    # A few modules did `from textual.constants import NAME`: give them the new value too.
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("textual.") and module is not constants:
            for key, value in old.items():
                if key in vars(module) and vars(module)[key] is value and new[key] != value:
                    setattr(module, key, new[key])
    # A value derived from a constant at import: the screen's refresh period (TEXTUAL_FPS).
    screen = sys.modules.get("textual.screen")
    if screen is not None:
        screen.UPDATE_PERIOD = 1 / new["MAX_FPS"]
    # And one class attribute is built from a constant: App.theme's default (TEXTUAL_THEME).
    from textual.app import App

    if isinstance(App.__dict__.get("theme"), Reactive):
        App.__dict__["theme"]._default = new["DEFAULT_THEME"]
        App._default_theme = new["DEFAULT_THEME"]


def pin_session_environment() -> None:
    if any(name.upper().startswith("TEXTUAL") for name in pin_environment()):
        _reload_textual_constants()
