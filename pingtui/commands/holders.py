"""`pingtui role-holders [ROLE] --environment E` — who holds a role, and where.

PingOne keeps role assignments per principal; this sweeps an environment's users, groups,
applications and gateways (``pingtui.api.holders``) and prints each assignment with its holder.
Table and csv show names (role, scope, environment); json/yaml/ndjson the assignments as
PingOne sent them, each with a ``holder`` object added.
"""

from __future__ import annotations

from argparse import Namespace
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING, Any

from pingtui.errors import PingTUIError

if TYPE_CHECKING:
    from pingtui.context import Context


def add_arguments(commands: Any, parent: Any, only: str | None = None) -> None:
    """The ``role-holders`` command (called by ``cli.build_parser``)."""
    p = commands.add_parser(
        "role-holders", aliases=["who-holds"], parents=[parent],
        help="who holds a role (users, groups, applications, gateways), and where",
        description="Every role assignment held by the environment's users, groups, "
                    "applications and gateways (of ROLE only, if given). PingOne lists role "
                    "assignments per principal, so this makes one request per principal "
                    "(8 at a time) after one listing of each kind.")
    p.set_defaults(handler="pingtui.commands.holders:role_holders")
    p.add_argument("role", nargs="?", metavar="ROLE", help="role name or ID (default: every role)")
    p.add_argument("--environment", "-e", required=True, metavar="ID-or-NAME",
                   help="the environment whose principals to sweep (admins: Administrators)")


async def role_holders(args: Namespace, ctx: Context) -> int:
    from pingtui.api.catalog import CATALOG
    from pingtui.api.holders import holder_columns, holdings
    from pingtui.api.references import Resolver
    from pingtui.api.resources import resolve, resolve_environment
    from pingtui.commands.kinds import connect
    from pingtui.output import RowWriter

    kind = CATALOG.kinds["role-assignments"]
    fmt = ctx.output or "table"
    async with AsyncExitStack() as stack:
        client = await connect(stack, ctx)
        environment = await resolve_environment(client, args.environment)
        environment_id = str(environment.get("id") or args.environment)
        role_id = str((await resolve(client, "roles", args.role)).get("id")) \
            if args.role else None
        resolver = Resolver(client) if fmt in ("table", "csv") else None
        writer = RowWriter(fmt, holder_columns(resolver, environment_id), ctx.stdout)
        started = False
        try:
            async for holding in holdings(client, environment_id, role_id):
                item = holding.as_item()
                if resolver is not None:
                    await resolver.prepare_for(kind, [item], environment_id)
                if not started:
                    writer.__enter__()
                    started = True
                writer.write_page([item])
        except PingTUIError:
            if writer.count:
                writer.abort()
                ctx.say(f"Found {writer.count} before the error: the list is incomplete.")
            raise
        if not started:
            writer.__enter__()
        writer.close()
    what = f"holders of {args.role}" if args.role else "role assignments"
    ctx.say(f"Found {writer.count} {what} in {environment.get('name', environment_id)}")
    return 0
