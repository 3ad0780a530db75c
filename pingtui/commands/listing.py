"""`pingtui <resource> list` — filled by the API work."""

from __future__ import annotations

from argparse import Namespace

from pingtui.cli import Context
from pingtui.errors import NotAvailableYet


def list_resources(args: Namespace, ctx: Context) -> int:
    raise NotAvailableYet(f"'pingtui {args.resource} list' is not available yet.",
                          "It comes with the API work (issue 4).")
