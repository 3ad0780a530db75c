"""The test session pins NO_COLOR away, but the app itself still honours it when run for real:
`pingtui --demo` on a pseudo-terminal paints only greys with NO_COLOR=1, and colours without."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time

import pytest

SGR = re.compile(rb"\x1b\[([0-9;]*)m")
START_TIMEOUT = 30.0  # seconds until the first frame shows the welcome text


def _colours(output: bytes) -> set[tuple[int, int, int]]:
    """Every truecolor foreground/background the terminal was told to use."""
    found: set[tuple[int, int, int]] = set()
    for params in SGR.findall(output):
        parts = params.split(b";")
        for i, part in enumerate(parts[:-4]):
            if part in (b"38", b"48") and parts[i + 1] == b"2":
                r, g, b = (int(p or 0) for p in parts[i + 2:i + 5])
                found.add((r, g, b))
    return found


def _first_frames(env: dict[str, str]) -> bytes:
    controller, terminal = pty.openpty()
    os.set_blocking(controller, False)
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "pingtui", "--demo"], stdin=terminal,
                            stdout=terminal, stderr=terminal, env=env, start_new_session=True)
    os.close(terminal)
    output = b""
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while b"Welcome" not in output.replace(b"\x1b", b"") and time.monotonic() < deadline:
            ready, _, _ = select.select([controller], [], [], 0.5)  # waits on the pty, not time
            if ready:
                try:
                    output += os.read(controller, 65536)
                except OSError:
                    break
        assert b"Welcome" in output, output[-2000:]
        return output
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
        os.close(controller)


@pytest.mark.parametrize("no_color", [True, False])
def test_no_color_is_honoured_when_run_for_real(tmp_path, no_color: bool) -> None:
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor",
           "PINGTUI_CONFIG": str(tmp_path / "config.yaml")}
    if no_color:
        env["NO_COLOR"] = "1"
    colours = _colours(_first_frames(env))
    assert colours, "no truecolor painting seen at all"
    coloured = {c for c in colours if len(set(c)) > 1}
    if no_color:
        assert coloured == set(), sorted(coloured)[:5]
    else:
        assert coloured  # the control: without NO_COLOR the theme's colours are there
