"""`pingtui` with no command: the TUI (``--demo``: on the embedded simulator)."""

from __future__ import annotations

import logging
from argparse import Namespace

from pingtui.context import Context
from pingtui.errors import UsageError


def _is_terminal(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):  # no isatty, or closed
        return False


def _needs_terminal(args: Namespace, ctx: Context) -> UsageError | None:
    """Why the screens can't start here (a pipe, a script, CI), naming the command that does
    the same job; None when stdin and stdout are both terminals.

    Without this, Textual would write escape sequences into the pipe and wait for keys that
    never come.
    """
    missing = [name for name, stream in (("input", ctx.stdin), ("output", ctx.stdout))
               if not _is_terminal(stream)]
    if not missing:
        return None
    if getattr(args, "start_screen", None) == "init":
        instead = ("pingtui init --grant-type authorization_code|device_code|"
                   "client_credentials --environment-id UUID --client-id ID")
    else:
        instead = "pingtui environments list" + (" --demo" if ctx.demo else "")
    return UsageError(f"the screens need a terminal (standard {' and '.join(missing)} "
                      f"{'is' if len(missing) == 1 else 'are'} not one); instead run: "
                      f"{instead}")


def run_tui(args: Namespace, ctx: Context) -> int:
    if problem := _needs_terminal(args, ctx):
        raise problem
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
        for line in app.exit_lines:  # what was saved, and where: the screens are gone now
            ctx.say(line)
    return int(result or 0) if app.return_code in (None, 0) else int(app.return_code or 1)
