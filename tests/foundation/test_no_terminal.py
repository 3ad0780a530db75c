"""No terminal, no screens: the TUI's entry points refuse at once, naming the command instead.

Real processes, because "is a terminal" is a property of the file descriptors a process gets:
stdout a pipe (a script, `| cat`, CI), stdin /dev/null or a pty. Each run has a timeout: the
failure this guards against is a TUI that writes escape sequences into the pipe and never ends.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

TIMEOUT = 30  # seconds: a refusal takes well under one; a TUI on a pipe never ends


def _pingtui(args: list[str], config: Path, stdin: int | None = subprocess.DEVNULL
             ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PINGTUI_CONFIG": str(config)}
    return subprocess.run([sys.executable, "-m", "pingtui", *args], stdin=stdin, check=False,
                          capture_output=True, text=True, timeout=TIMEOUT, env=env)


@pytest.mark.parametrize("args, instead", [
    ([], "pingtui environments list"),
    (["--demo"], "pingtui environments list --demo"),
    (["-P", "work"], "pingtui environments list"),
])
def test_the_tui_without_a_terminal_exits_2_with_one_line(tmp_path: Path, args: list[str],
                                                          instead: str) -> None:
    done = _pingtui(args, tmp_path / "config.yaml")
    assert done.returncode == 2, done
    assert done.stdout == ""  # no escape sequences in the pipe
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert "the screens need a terminal" in lines[0]
    assert lines[0].endswith(f"instead run: {instead}")
    assert "\x1b" not in done.stderr


def test_init_on_a_terminal_but_into_a_pipe_names_the_flags(tmp_path: Path) -> None:
    # stdin is a terminal (so init would start its guided screens), stdout is a pipe.
    controller, terminal = pty.openpty()
    try:
        done = _pingtui(["init"], tmp_path / "config.yaml", stdin=terminal)
    finally:
        os.close(terminal)
        os.close(controller)
    assert done.returncode == 2, done
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert "standard output is not one" in lines[0]
    assert "instead run: pingtui init --grant-type" in lines[0]
    assert not (tmp_path / "config.yaml").exists()


def test_commands_still_run_without_a_terminal(tmp_path: Path) -> None:
    done = _pingtui(["profiles", "list", "-o", "json"], tmp_path / "config.yaml")
    assert done.returncode == 0, done
    assert done.stdout.strip() == "[]"
