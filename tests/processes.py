"""Child processes of the tests: stopping a helper the session started (the OpenID Provider, a
proxy), and running a snippet of Python in a fresh interpreter (what a process imports)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any


def stop(proc: subprocess.Popen[Any], grace: float = 10.0) -> None:
    """SIGTERM, then SIGKILL if it is still there after ``grace`` seconds; reaped either way."""
    proc.terminate()
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(grace)


def python_lines(code: str) -> list[str]:
    """The lines ``code`` prints, run by this Python in a process of its own."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.splitlines()
