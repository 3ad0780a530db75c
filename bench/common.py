"""Shared helpers for the benchmarks: figures, medians, child processes, the machine."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PYTHON = sys.executable
PYCACHE = os.path.join(tempfile.gettempdir(), "pingtui-bench-pycache")
USER_INSTALL = Path(tempfile.gettempdir()) / "pingtui-bench-user-install"
"""First on every child's PYTHONPATH: hides what only the test extras bring (click, for
import-linter). With click importable, ``import httpx`` also imports httpx's own command line
(click, rich, pygments: 60 ms on this VM), in pingtui and in the baseline scripts alike; a user's
install (``pip install pingtui``) has no click, and that shared cost hid a third of the gap
between pingtui and a plain script."""


@dataclass
class Figure:
    """One measured figure beside its baseline; ``ratio`` is value / baseline."""

    section: str
    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    goal: str = ""
    holds: bool | None = None
    note: str = ""
    samples: list[float] = field(default_factory=list)
    baseline_samples: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.value / self.baseline

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = self.ratio
        return data


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")


def child_env(**extra: str) -> dict[str, str]:
    """The environment for child processes: no user config, no colours in captured output."""
    env = dict(os.environ)
    for name in list(env):
        if name.startswith(("PINGTUI_", "PINGCLI_")):
            del env[name]
    env.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    # Compiled bytecode, as an installed package has it (pip compiles on install); kept out of
    # the work tree. Without this, PYTHONDONTWRITEBYTECODE=1 makes every start recompile
    # pingtui's sources while textual's come precompiled: an unfair cold start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = PYCACHE
    USER_INSTALL.mkdir(exist_ok=True)
    (USER_INSTALL / "click.py").write_text(
        'raise ImportError("not in a user\'s install of pingtui (bench/common.py)")\n')
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(USER_INSTALL), str(ROOT), env.get("PYTHONPATH", "")) if p)
    env.update(extra)
    return env


def run_json(argv: Sequence[str], *, timeout: float = 600, python: str = PYTHON,
             env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run a bench script in a fresh interpreter; its last stdout line is a JSON object."""
    done = subprocess.run([python, *argv], capture_output=True, text=True, timeout=timeout,
                          env=env or child_env(), cwd=ROOT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"{' '.join(argv)} printed no result:\n{done.stdout[-2000:]}"
                           f"\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def rss_bytes() -> int:
    """Resident set size of this process (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    import textual

    return {
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "textual": getattr(textual, "__version__", "?"),
    }
