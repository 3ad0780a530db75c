"""Session-wide isolation: no test may read or write the real user's config, state or keyring."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pinned_env import pin_session_environment

# What the person running the tests exported must change no result (tests/pinned_env.py):
# pinned here, before any test module is imported.
pin_session_environment()


@pytest.fixture(autouse=True)
def isolated_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every user directory at a temporary home and clear pingtui/Ping CLI variables."""
    home = tmp_path / "home"
    home.mkdir()
    for name in list(os.environ):
        if name.startswith(("PINGTUI_", "PINGCLI_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    # A test that forgets to choose a keyring gets one that refuses, never the real one.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    # No browser, display or SSH session leaks in from the machine running the tests.
    for name in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY", "SSH_CONNECTION", "SSH_TTY"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture(autouse=True)
def auth_isolation(isolated_user: Path, tmp_path: Path,
                   monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Tokens go to a per-test state dir, the store's memory and keyring state start clean,
    and the keyring is one that refuses (tests that want one install a test backend)."""
    import keyring
    from keyring.backends import fail

    from pingtui.auth import store

    state = tmp_path / "state"
    monkeypatch.setenv(store.ENV_STATE_DIR, str(state))

    def reset() -> None:
        store.reset_memory()
        store.reset_keyring_state()
        keyring.set_keyring(fail.Keyring())

    reset()
    yield state
    reset()


class _TTYInput(__import__("io").StringIO):
    """Standard input that says it is a terminal (for prompts)."""

    def isatty(self) -> bool:
        return True


class CLIResult:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:
        return f"CLIResult(code={self.code}, out={self.out!r}, err={self.err!r})"


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The profiles file the CLI uses in this test (via $PINGTUI_CONFIG)."""
    path = tmp_path / "cfg" / "config.yaml"
    monkeypatch.setenv("PINGTUI_CONFIG", str(path))
    return path


@pytest.fixture
def run_cli():
    """Run pingtui's CLI in-process: run_cli("profiles", "list", stdin="", tty=False)."""
    import io

    from pingtui.cli import run

    def invoke(*argv: str, stdin: str = "", tty: bool = False) -> CLIResult:
        out, err = io.StringIO(), io.StringIO()
        stdin_stream = _TTYInput(stdin) if tty else io.StringIO(stdin)
        code = run(list(argv), stdin=stdin_stream, stdout=out, stderr=err)
        return CLIResult(code, out.getvalue(), err.getvalue())

    return invoke
