"""QA round: usage errors are two plain lines (what is wrong, where the options are), not
argparse's usage block first — `scopes list` without --resource printed seven lines."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("argv, says", [
    (["scopes", "list", "-e", "Administrators"],
     "pingtui scopes list: the following arguments are required: --resource"),
    (["certficates", "list"], "Did you mean: certificates"),
    (["users", "list", "-o", "xml"], "invalid choice: 'xml'"),
])
def test_a_usage_error_is_two_plain_lines(argv: list[str], says: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "pingtui", "--demo", *argv],
                          check=False, capture_output=True, text=True, timeout=60)
    lines = proc.stderr.splitlines()
    assert proc.returncode == 2 and proc.stdout == ""
    assert len(lines) == 2 and says in lines[0], lines
    assert "usage:" not in proc.stderr and lines[1].endswith("--help' for the options.")
