"""`pingtui … | head` ends quietly with exit 0 (issue 17 item 5), in every output format.

A real pipe to a reader that stops early, as a shell makes it: the process's stdout is a pipe
whose read end closes after two lines.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

LISTINGS = [
    ["environments", "list"],
    ["-o", "json", "environments", "list"],
    ["-o", "csv", "environments", "list"],
    ["-o", "ndjson", "environments", "list"],
    ["-o", "yaml", "environments", "list"],
    # Large enough that the writer is still writing when the reader leaves.
    ["users", "list", "--environment", "Load Testing", "--limit", "5000"],
    ["-o", "json", "users", "list", "--environment", "Load Testing", "--limit", "5000"],
]


@pytest.mark.parametrize("argv", LISTINGS, ids=[" ".join(a) for a in LISTINGS])
def test_head_ends_the_listing_quietly(argv: list[str], tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PINGCLI_", "PINGTUI_"))}
    env["PINGTUI_CONFIG"] = str(tmp_path / "config.yaml")  # the demo reads no user file
    proc = subprocess.Popen([sys.executable, "-m", "pingtui", "--demo", *argv],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    lines = [proc.stdout.readline(), proc.stdout.readline()]  # `head -2`
    proc.stdout.close()
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=120)
    assert all(lines), lines
    assert code == 0, err
    assert "pingtui:" not in err and "Traceback" not in err and "BrokenPipe" not in err, err
