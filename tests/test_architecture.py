"""The service layer never imports textual; the simulator shares no code with the client; the
TUI is layered without import circles (import-linter); and mypy finds nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SERVICE_MODULES = ["pingtui.cli", "pingtui.config", "pingtui.pingone", "pingtui.output",
                   "pingtui.pingcli", "pingtui.secrets", "pingtui.commands.profiles",
                   "pingtui.commands.init", "pingtui.commands.auth",
                   "pingtui.commands.listing", "pingtui.commands.streaming",
                   "pingtui.connect", "pingtui.context", "pingtui.profiles",
                   "pingtui.private_files"]


def test_services_load_without_textual() -> None:
    code = (f"import importlib, sys\nfor m in {SERVICE_MODULES!r}: importlib.import_module(m)\n"
            "import pkgutil, pingtui.auth, pingtui.api, pingtui.sim\n"
            "for pkg in (pingtui.auth, pingtui.api, pingtui.sim):\n"
            "    for info in pkgutil.iter_modules(pkg.__path__, pkg.__name__ + '.'):\n"
            "        importlib.import_module(info.name)\n"
            "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')"
            " or m.startswith('pingtui.tui'))\n"
            "print(','.join(bad))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert proc.stdout.strip() == ""


def test_import_linter_contracts_hold() -> None:
    lint = Path(sys.executable).parent / "lint-imports"
    proc = subprocess.run([str(lint)], capture_output=True, text=True,
                          cwd=Path(__file__).parent.parent)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "broken" not in proc.stdout.lower().replace("0 broken", "")


def test_mypy_is_clean() -> None:
    """Strict for the service layer, the default checks for the TUI ([tool.mypy])."""
    root = Path(__file__).parent.parent
    proc = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary"],
                          capture_output=True, text=True, cwd=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_service_module_is_under_the_no_textual_contract() -> None:
    """A new top-level module joins the service layer's contract (or the test says so)."""
    import pkgutil
    import re

    import pingtui

    # The first contract's source_modules (a regex: tomllib is Python 3.11+, we support 3.10).
    text = (Path(__file__).parent.parent / "pyproject.toml").read_text()
    block = re.search(r'name = "The service layer never imports textual"\n.*?'
                      r'source_modules = \[(.*?)\]', text, re.S)
    assert block is not None
    listed = set(re.findall(r'"(pingtui[.\w]*)"', block.group(1)))
    modules = {f"pingtui.{m.name}" for m in pkgutil.iter_modules(pingtui.__path__)}
    assert modules - listed == {"pingtui.tui", "pingtui.__main__"}
