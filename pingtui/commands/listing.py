"""`pingtui <resource> list` — stream a PingOne collection to stdout as table, json, csv or yaml.

Table and csv rows are written as the pages arrive; "Fetched N items" goes to stderr at the
end. A listing cut short by an error says how far it got and exits non-zero: a partial listing
is never presented as complete (json/yaml, which are written at the end, are then not written).

With ``--demo`` the listing runs against the embedded simulator and signs on with the demo's
client-credentials client (non-interactive, a real token request) — the TUI demo uses the
device-code flow instead. Imports are lazy: this path never loads textual.
"""

from __future__ import annotations

from argparse import Namespace
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING

from pingtui.cli import Context
from pingtui.errors import PingTUIError, UsageError

if TYPE_CHECKING:

    from pingtui.config import Profile


def _demo_profile(stack: AsyncExitStack) -> Profile:
    from pingtui.demo import start_demo

    demo = stack.enter_context(start_demo())
    return demo.profile_for("client_credentials")


async def list_resources(args: Namespace, ctx: Context) -> int:
    from pingtui.api.client import PingOneClient
    from pingtui.api.resources import RESOURCES, list_pages
    from pingtui.commands.kinds import resolve_scope
    from pingtui.auth.session import Session
    from pingtui.output import RowWriter

    spec = RESOURCES[args.kind]
    limit = getattr(args, "limit", None)
    if limit is not None and limit < 1:
        raise UsageError("--limit must be 1 or more.", "Leave it out to list everything.")
    writer = RowWriter(ctx.output or "table", list(spec.columns), ctx.stdout)
    async with AsyncExitStack() as stack:
        profile = _demo_profile(stack) if ctx.demo else ctx.profile()
        assert profile.pingone is not None
        endpoints = profile.pingone.endpoints()
        session = Session(profile)
        stack.push_async_callback(session.aclose)
        client = await stack.enter_async_context(
            PingOneClient(endpoints.api_base_url, session, network=session.network))
        # --environment, the parent option, the filter options: IDs or names (commands/kinds)
        scope = await resolve_scope(client, spec, args)
        environment_id = scope.environment_id
        started = False  # the table header waits for the first page: an early error prints none
        try:
            async for page in list_pages(client, spec.name, environment_id=environment_id,
                                         filter=scope.filter, limit=limit,
                                         parent_id=scope.parent_id,
                                         parent_kind=scope.parent_kind):
                if not started:
                    writer.__enter__()
                    started = True
                for item in page.items:
                    writer.write(item)
        except PingTUIError:
            if writer.count:
                ctx.stdout.flush()
                ctx.say(f"Fetched {_items(writer.count)} before the error: the listing is "
                        "incomplete.")
            raise
        if not started:
            writer.__enter__()
        writer.close()
    ctx.say(f"Fetched {_items(writer.count)}")
    return 0


def _items(n: int) -> str:
    return f"{n} item" if n == 1 else f"{n} items"
