"""Who holds a role, and where: every role assignment of an environment's principals.

PingOne lists role assignments per principal only (``users/{id}/roleAssignments``, and the
same for groups, applications and gateways); there is no collection of all of them. So the
answer to "who holds Environment Admin?" is a sweep: list the environment's users, groups,
applications and gateways (one listing each), then each one's role assignments, a few
requests at a time. That is 4 + N requests for N principals — said in the command's help and
the note, because it is the one listing here whose cost grows with the tenant.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pingtui.api.paging import Item

if TYPE_CHECKING:
    from pingtui.api.client import PingOneClient
    from pingtui.api.references import Resolver
    from pingtui.output import Column

PRINCIPALS = ("users", "groups", "applications", "gateways")
"""The kinds that hold role assignments (the role-assignments kind's parents)."""
CONCURRENCY = 8


@dataclass(frozen=True)
class Holding:
    """One role assignment and who holds it."""

    principal_kind: str
    principal: Item
    assignment: Item

    def as_item(self) -> dict[str, Any]:
        """The assignment with its holder beside it (``holder.type``, ``.id``, ``.name``)."""
        from pingtui.api.catalog import CATALOG

        kind = CATALOG.kinds[self.principal_kind]
        return {**self.assignment,
                "holder": {"type": kind.singular, "kind": kind.name,
                           "id": self.principal.get("id"), "name": kind.label(self.principal)}}


def holder_columns(resolver: Resolver | None, environment_id: str | None) -> list[Column]:
    """The role-assignments table with the holder first (names where ``resolver`` has them)."""
    from pingtui.api.catalog import CATALOG, col
    from pingtui.api.references import resolved_columns

    kind = CATALOG.kinds["role-assignments"]
    named = {c.header: c for c in resolved_columns(kind, resolver, environment_id)}
    holder = [col("HOLDER TYPE", "holder.type", 11), col("HOLDER", "holder.name", 24)]
    return [*holder, *(named[c.header] for c in kind.columns if c.header != "ID")]


async def _all(client: PingOneClient, kind: str, environment_id: str,
               parent_id: str | None = None, parent_kind: str | None = None) -> list[Item]:
    from pingtui.api.resources import list_pages

    items: list[Item] = []
    async for page in list_pages(client, kind, environment_id=environment_id,
                                 parent_id=parent_id, parent_kind=parent_kind):
        items.extend(page.items)
    return items


async def holdings(client: PingOneClient, environment_id: str, role_id: str | None = None,
                   *, concurrency: int = CONCURRENCY) -> AsyncIterator[Holding]:
    """Every role assignment (of ``role_id`` only, if given) held in the environment, by
    principal kind in turn; assignments of one principal come together."""
    gate = asyncio.Semaphore(concurrency)

    async def assignments(kind: str, principal: Item) -> list[Item]:
        async with gate:
            return await _all(client, "role-assignments", environment_id,
                              str(principal.get("id", "")), kind)

    for kind in PRINCIPALS:
        principals = [p for p in await _all(client, kind, environment_id) if p.get("id")]
        found = await asyncio.gather(*(assignments(kind, p) for p in principals))
        for principal, held in zip(principals, found):
            for assignment in held:
                if role_id is None or (assignment.get("role") or {}).get("id") == role_id:
                    yield Holding(kind, principal, assignment)
