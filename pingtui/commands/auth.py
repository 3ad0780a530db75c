"""`pingtui auth login|logout|status|token` — filled by the sign-on work."""

from __future__ import annotations

from argparse import Namespace

from pingtui.cli import Context
from pingtui.errors import NotAvailableYet


def _not_yet(args: Namespace, ctx: Context) -> int:
    raise NotAvailableYet(f"'pingtui auth {args.action}' is not available yet.",
                          "It comes with the sign-on work (issue 3).")


login = logout = status = token = _not_yet
