"""Writing a listing to stdout as its pages arrive: the loop every ``list`` command shares.

Rows are written page by page (``output.RowWriter``), so memory stays flat; "Fetched N items"
goes to stderr at the end. A listing cut short by an error says how far it got and the error
goes on up: a partial listing never looks complete (the table's header waits for the first
page, json is left without its closing bracket). ``--query`` needs the whole result: the items
are then gathered and the query's result written at the end (``output.write_document``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from pingtui.errors import PingTUIError

if TYPE_CHECKING:
    from pingtui.api.paging import Page
    from pingtui.context import Context
    from pingtui.output import Column


async def write_listing(ctx: Context, pages: AsyncIterator[Page], columns: Sequence[Column], *,
                        count: Callable[[int], str],
                        prepare: Callable[[list[dict[str, Any]]], Awaitable[None]] | None = None
                        ) -> int:
    """Write ``pages`` in ``ctx.output`` (default table); ``count(n)`` words the total
    ("3 items"); ``prepare(items)`` runs before items are written (reference names)."""
    from pingtui.output import RowWriter, write_document

    writer = RowWriter(ctx.output or "table", list(columns), ctx.stdout)
    gathered: list[dict[str, Any]] | None = [] if ctx.query else None
    started = False  # the table header waits for the first page: an early error prints none
    try:
        async for page in pages:
            if gathered is not None:
                gathered.extend(page.items)
                continue
            if prepare is not None:
                await prepare(page.items)
            if not started:
                writer.__enter__()
                started = True
            writer.write_page(page.items)
    except PingTUIError:
        if gathered:
            ctx.say(f"Fetched {count(len(gathered))} before the error: the listing is "
                    "incomplete, and the query was not applied.")
        elif writer.count:
            writer.abort()
            ctx.say(f"Fetched {count(writer.count)} before the error: the listing is "
                    "incomplete.")
        raise
    if gathered is not None:
        if prepare is not None:
            await prepare(gathered)
        write_document(ctx, gathered, default="table", columns=list(columns))
        ctx.say(f"Fetched {count(len(gathered))}")
        return 0
    if not started:
        writer.__enter__()
    writer.close()
    ctx.say(f"Fetched {count(writer.count)}")
    return 0
