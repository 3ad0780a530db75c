"""`pingtui <resource> list` — stream a PingOne collection to stdout in any ``-o`` format.

Every format is written page by page as PingOne answers (``output.RowWriter``), so memory stays
flat; "Fetched N items" goes to stderr at the end. A listing cut short by an error says how far
it got and exits non-zero: a partial listing is never presented as complete (json is left
without its closing bracket). ``--query`` needs the whole result: the items are then gathered
and the query's result written at the end (``output.write_document``).

With ``--demo`` the listing runs against the embedded simulator and signs on with the demo's
client-credentials client (non-interactive, a real token request) — the TUI demo uses the
device-code flow instead. Imports are lazy: this path never loads textual.
"""

from __future__ import annotations

from argparse import Namespace
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING, Any

from pingtui.errors import UsageError

if TYPE_CHECKING:
    from pingtui.context import Context


async def list_resources(args: Namespace, ctx: Context) -> int:
    from pingtui.api.resources import RESOURCES, list_pages
    from pingtui.commands.kinds import connect, resolve_scope
    from pingtui.commands.streaming import write_listing

    spec = RESOURCES[args.kind]
    limit = getattr(args, "limit", None)
    if limit is not None and limit < 1:
        raise UsageError("--limit must be 1 or more.", "Leave it out to list everything.")
    if ctx.query:
        from pingtui.query import compile_query

        compile_query(ctx.query)  # a bad expression fails before any request
    async with AsyncExitStack() as stack:
        client = await connect(stack, ctx)  # the profile's, or the demo's (pingtui.connect)
        # --environment, the parent option, the filter options: IDs or names (commands/kinds)
        scope = await resolve_scope(client, spec, args)
        environment_id = scope.environment_id
        pages = list_pages(client, spec.name, environment_id=environment_id,
                           filter=scope.filter, limit=limit, parent_id=scope.parent_id,
                           parent_kind=scope.parent_kind)
        if (ctx.output or "table") not in ("table", "csv"):
            # json, ndjson and yaml stay the API's objects, as PingOne sent them.
            return await write_listing(ctx, pages, spec.columns, count=_items)
        # Table and csv show references by name (one lookup per referenced collection).
        from pingtui.api.references import Resolver, resolved_columns

        resolver = Resolver(client)

        async def names(items: list[dict[str, Any]]) -> None:
            await resolver.prepare_for(spec, items, environment_id)

        return await write_listing(ctx, pages, resolved_columns(spec, resolver, environment_id),
                                   count=_items, prepare=names)


def _items(n: int) -> str:
    return f"{n} item" if n == 1 else f"{n} items"
