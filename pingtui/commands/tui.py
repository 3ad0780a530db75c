"""`pingtui` with no command: the TUI (filled by the TUI work)."""

from __future__ import annotations

from argparse import Namespace

from pingtui.cli import Context
from pingtui.errors import NotAvailableYet


def run_tui(args: Namespace, ctx: Context) -> int:
    raise NotAvailableYet("The terminal UI is not available yet.",
                          "Use the commands meanwhile: 'pingtui --help'.")
