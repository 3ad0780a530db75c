"""`pingtui activities list|tail` — an environment's audit log, searched or followed.

``list`` prints a time window's activities newest first, as PingOne answers, in every output
format: the table shows local times, json/yaml/ndjson/csv carry what PingOne sent. ``tail``
follows the log (``api.activities.ActivityTail``: one request per ``--interval`` at most,
overlapping windows, each activity once, oldest first) until Ctrl+C, which ends it with exit
130 and nothing more on the screen. Imports are lazy: this path never loads textual.
"""

from __future__ import annotations

import asyncio
from argparse import Namespace
from contextlib import AsyncExitStack
from datetime import datetime
from typing import TYPE_CHECKING, Any, TextIO

from pingtui.context import Context
from pingtui.errors import EXIT_CANCELLED, UsageError

if TYPE_CHECKING:
    from pingtui.api.activities import ActivityQuery
    from pingtui.api.client import PingOneClient

TAIL_FORMATS = ("table", "ndjson", "json")


def add_arguments(commands: Any, parent: Any, only: str | None = None) -> None:
    """The ``activities`` block of the parser (called by ``cli.build_parser``). ``only``: the
    command word given; another command gets the bare name (for help and the nearest-name
    check), without importing the audit log's module for its defaults."""
    summary = "search or follow an environment's audit log"
    if only is not None and only != "activities":
        commands.add_parser("activities", help=summary)
        return
    from pingtui.api.activities import DEFAULT_INTERVAL, DEFAULT_SINCE, TAIL_SINCE

    group = commands.add_parser("activities", help=summary, parents=[parent])
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = sub.add_parser("get", help="one activity (YAML by default)",
                       description="one activity, as PingOne sent it (YAML by default)",
                       parents=[parent])
    p.set_defaults(handler="pingtui.commands.activities:get_activity")
    p.add_argument("id", metavar="ID")
    p.add_argument("--environment", "-e", required=True, metavar="ID-or-NAME",
                   help="environment ID or name")
    for name, since, helptext in (
            ("list", DEFAULT_SINCE, "list audit activities, newest first"),
            ("tail", TAIL_SINCE, "follow audit activities as they are recorded (Ctrl+C ends)")):
        p = sub.add_parser(name, help=helptext, description=helptext, parents=[parent])
        p.set_defaults(handler=f"pingtui.commands.activities:{name}_activities")
        p.add_argument("--environment", "-e", required=True, metavar="ID-or-NAME",
                       help="environment ID or name")
        p.add_argument("--since", default=since, metavar="WHEN",
                       help=f"start: a duration ago (15m, 2h, 7d) or an ISO-8601 time "
                            f"(default: {since})")
        if name == "list":
            p.add_argument("--until", metavar="WHEN", help="end (default: now)")
        p.add_argument("--action", action="append", default=[], metavar="TYPE",
                       help="action type, e.g. USER.ACCESS_DENIED (repeatable: any of them)")
        p.add_argument("--actor", metavar="ID-or-USERNAME",
                       help="a user's or client's ID, or a username")
        p.add_argument("--resource", metavar="ID", help="the ID of a resource acted on")
        p.add_argument("--result", type=str.upper, choices=("SUCCESS", "FAILED"))
        p.add_argument("--correlation-id", metavar="ID")
        p.add_argument("--filter", metavar="SCIM", help="more of PingOne's filter, ANDed")
        if name == "list":
            p.add_argument("--limit", type=int, metavar="N", help="stop after N activities")
        else:
            p.add_argument("--interval", type=float, default=DEFAULT_INTERVAL, metavar="SECONDS",
                           help=f"seconds between requests (default {DEFAULT_INTERVAL:g}, "
                                "at least 2)")


def _query(args: Namespace) -> ActivityQuery:
    from pingtui.api.activities import ActivityQuery

    return ActivityQuery(actions=tuple(args.action or ()), actor=args.actor,
                         resource=args.resource, result=args.result,
                         correlation_id=args.correlation_id, filter=args.filter)


async def _connect(stack: AsyncExitStack, ctx: Context, args: Namespace
                   ) -> tuple[PingOneClient, str]:
    """The API client for the profile (or the demo: ``pingtui.connect``) and the
    environment's ID (``--environment`` is an ID or a name)."""
    from pingtui.api.resources import resolve_environment
    from pingtui.commands.kinds import connect

    client = await connect(stack, ctx)
    environment = await resolve_environment(client, args.environment)
    return client, str(environment.get("id") or args.environment)


async def list_activities(args: Namespace, ctx: Context) -> int:
    from pingtui.api.activities import COLUMNS, list_pages, parse_moment, utc_now
    from pingtui.commands.streaming import write_listing

    if args.limit is not None and args.limit < 1:
        raise UsageError("--limit must be 1 or more.", "Leave it out to list the whole window.")

    def window() -> tuple[datetime, datetime]:
        now = utc_now()
        since = parse_moment(args.since, now, "--since")
        until = parse_moment(args.until, now, "--until") if args.until else now
        if since >= until:
            raise UsageError("--since is not before --until.", "Give a start before the end.")
        return since, until

    window()  # bad input is reported before anything connects
    if ctx.query:
        from pingtui.query import compile_query

        compile_query(ctx.query)  # a bad expression fails before any request
    query = _query(args)
    async with AsyncExitStack() as stack:
        client, environment_id = await _connect(stack, ctx, args)
        # "Now" once connected: the sign-on and the lookups just made are in the window.
        since, until = window()
        pages = list_pages(client, environment_id, query, since=since, until=until,
                           limit=args.limit)
        return await write_listing(ctx, pages, COLUMNS, count=_activities)


async def get_activity(args: Namespace, ctx: Context) -> int:
    from pingtui.api.activities import get_activity as read
    from pingtui.output import write_document

    async with AsyncExitStack() as stack:
        client, environment_id = await _connect(stack, ctx, args)
        activity = await read(client, environment_id, args.id)
    write_document(ctx, activity, default="yaml")
    return 0


class _TailWriter:
    """Each activity as it arrives: a table row, one ndjson line, or one JSON object."""

    def __init__(self, fmt: str, stream: TextIO) -> None:
        from pingtui.api.activities import COLUMNS
        from pingtui.output import RowWriter

        self.fmt = fmt
        self.stream = stream
        self.count = 0
        self._table = RowWriter("table", list(COLUMNS), stream) if fmt == "table" else None
        if self._table is not None:
            self._table.__enter__()  # the header at once: the tail is running

    def write(self, activity: dict[str, Any]) -> None:
        import json

        self.count += 1
        if self._table is not None:
            self._table.write(activity)
        elif self.fmt == "ndjson":
            self.stream.write(json.dumps(activity, ensure_ascii=False,
                                         separators=(",", ":")) + "\n")
        else:  # json: a stream of objects (as `kubectl get -w -o json`); jq reads it live
            self.stream.write(json.dumps(activity, ensure_ascii=False, indent=2) + "\n")
        self.stream.flush()


async def tail_activities(args: Namespace, ctx: Context, *, tail_options: dict[str, Any]
                          | None = None) -> int:
    """``tail_options``: ActivityTail's clock and pacing (tests); users get the real ones."""
    from pingtui.api.activities import (
        ActivityTail,
        Arrived,
        check_interval,
        parse_moment,
        utc_now,
    )

    fmt = ctx.output or "table"
    if fmt not in TAIL_FORMATS:
        raise UsageError(f"activities tail writes table, ndjson or json, not {fmt}.",
                         "Use -o table, -o ndjson or -o json (or 'activities list' for csv "
                         "and yaml).")
    if ctx.query:
        raise UsageError("--query needs the whole result, and a tail never ends.",
                         "Pipe -o ndjson into jq instead, or use 'activities list --query'.")
    interval = check_interval(args.interval)
    query = _query(args)
    since = parse_moment(args.since, utc_now(), "--since")
    try:
        async with AsyncExitStack() as stack:
            client, environment_id = await _connect(stack, ctx, args)
            writer = _TailWriter(fmt, ctx.stdout)
            tail = ActivityTail(client, environment_id, query, since=since, interval=interval,
                                **(tail_options or {}))
            async for event in tail.events():
                if isinstance(event, Arrived):
                    for activity in event.activities:
                        writer.write(activity)
                else:
                    ctx.say(f"pingtui: {event.message}")
    except (asyncio.CancelledError, KeyboardInterrupt):
        # Ctrl+C is how a tail ends: no traceback, no message, exit 130.
        return EXIT_CANCELLED
    return 0  # pragma: no cover - the tail only ends by Ctrl+C or an error


def _activities(n: int) -> str:
    return f"{n} activity" if n == 1 else f"{n} activities"
