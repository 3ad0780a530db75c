"""`pingtui` with no command: the TUI (``--demo``: on the embedded simulator)."""

from __future__ import annotations

import logging
from argparse import Namespace

from pingtui.cli import Context


def run_tui(args: Namespace, ctx: Context) -> int:
    # textual is imported here, never by the other commands (start-up time, import contract).
    from pingtui.tui.app import make_app

    app = make_app(
        config_path=None if ctx.demo else ctx.config_path,  # the demo reads no profiles file
        profile_name=ctx.profile_name,
        env=ctx.env,
        demo=ctx.demo,
        start=getattr(args, "start_screen", None),
    )
    from pingtui import logsafe
    from pingtui.tui.app import NotifyHandler

    logger = logging.getLogger("pingtui")
    saved = logger.handlers[:]
    logger.handlers[:] = [NotifyHandler(app)]
    logsafe.install(logger)
    try:
        result = app.run()
    finally:
        logger.handlers[:] = saved
    return int(result or 0) if app.return_code in (None, 0) else int(app.return_code or 1)
