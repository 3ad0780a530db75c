"""The resources pingtui browses: environments and, inside one, populations, users, groups and
applications — where they live, the columns the TUI and CLI show, and how to list them.

Collections differ (PINGONE.md): environments, populations, users and groups take ``limit``,
``filter`` and ``order``; applications take none. When a server rejects a filter or limit with
400 INVALID_DATA, the listing fetches without it and filters here instead of failing.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from pingtui.api.client import PingOneClient
from pingtui.api.errors import ApiError, BadRequest, NotFound
from pingtui.api.filtering import FilterSyntaxError, compile_filter
from pingtui.api.paging import Item, Page
from pingtui.output import Column, cell_text, field

log = logging.getLogger("pingtui.api")


def _date(path: str) -> Callable[[Mapping[str, Any]], Any]:
    """The date part of an ISO timestamp (2024-05-01T10:00:00Z -> 2024-05-01)."""
    get = field(path)
    return lambda obj: str(get(obj))[:10]


def _person(obj: Mapping[str, Any]) -> str:
    name = obj.get("name")
    if not isinstance(name, Mapping):
        return ""
    formatted = name.get("formatted")
    if isinstance(formatted, str) and formatted:
        return formatted
    return " ".join(str(name[k]) for k in ("given", "family") if name.get(k))


ID = Column("ID", field("id"), 36)


@dataclass(frozen=True)
class Row:
    """One resource as the table shows it, with the raw JSON beside it."""

    id: str | None
    cells: tuple[str, ...]
    raw: Item


@dataclass(frozen=True)
class ResourceSpec:
    name: str
    """Collection name in the URL and in ``_embedded`` (``users``)."""
    title: str
    singular: str
    columns: tuple[Column, ...]
    in_environment: bool = True
    """Lives under /environments/{id} (all but environments)."""
    page_limit: int | None = 1000
    """Largest ``limit`` to ask for; None: the collection takes no paging/filter parameters."""

    def path(self, environment_id: str | None = None) -> str:
        if not self.in_environment:
            return f"/{self.name}"
        if not environment_id:
            raise ValueError(f"listing {self.name} needs an environment ID")
        return f"/environments/{quote(environment_id, safe='')}/{self.name}"

    def item_path(self, item_id: str, environment_id: str | None = None) -> str:
        return f"{self.path(environment_id)}/{quote(item_id, safe='')}"

    def row(self, item: Item) -> Row:
        item_id = item.get("id")
        return Row(item_id if isinstance(item_id, str) else None,
                   tuple(cell_text(c.value(item)) for c in self.columns), item)


RESOURCES: dict[str, ResourceSpec] = {spec.name: spec for spec in (
    ResourceSpec("environments", "Environments", "environment", (
        ID, Column("NAME", field("name"), 30), Column("TYPE", field("type"), 10),
        Column("REGION", field("region"), 6), Column("CREATED", _date("createdAt"), 10),
        Column("DESCRIPTION", field("description"))), in_environment=False),
    ResourceSpec("populations", "Populations", "population", (
        ID, Column("NAME", field("name"), 30), Column("DEFAULT", field("default"), 7),
        Column("USERS", field("userCount"), 7), Column("DESCRIPTION", field("description")))),
    ResourceSpec("users", "Users", "user", (
        ID, Column("USERNAME", field("username"), 26), Column("EMAIL", field("email"), 32),
        Column("NAME", _person, 24), Column("ENABLED", field("enabled"), 7),
        Column("STATUS", field("account.status")))),
    ResourceSpec("groups", "Groups", "group", (
        ID, Column("NAME", field("name"), 30),
        Column("MEMBERS", field("directMemberCounts.users"), 7),
        Column("DESCRIPTION", field("description")))),
    ResourceSpec("applications", "Applications", "application", (
        ID, Column("NAME", field("name"), 32), Column("PROTOCOL", field("protocol"), 14),
        Column("TYPE", field("type"), 16), Column("ENABLED", field("enabled"), 7),
        Column("DESCRIPTION", field("description"))), page_limit=None),
)}


def spec_for(kind: str) -> ResourceSpec:
    try:
        return RESOURCES[kind]
    except KeyError:
        raise ValueError(f"unknown resource kind {kind!r}") from None


def _local_filter(text: str) -> Callable[[Item], bool]:
    try:
        return compile_filter(text)
    except FilterSyntaxError as exc:
        raise BadRequest(f"The filter is not valid: {exc}.",
                         'Write a SCIM filter such as: name sw "Dev" and type eq "SANDBOX".',
                         code="INVALID_FILTER") from None


def _rejected_parameter(exc: ApiError) -> bool:
    return exc.status == 400 and (exc.code in ("INVALID_DATA", "INVALID_REQUEST")
                                  or "INVALID_FILTER" in exc.detail_codes)


async def list_pages(client: PingOneClient, kind: str, environment_id: str | None = None,
                     filter: str | None = None, limit: int | None = None,
                     order: str | None = None) -> AsyncIterator[Page]:
    """The pages of a listing; ``limit`` stops after that many items (no page beyond it)."""
    spec = spec_for(kind)
    path = spec.path(environment_id)
    params: dict[str, str | int] = {}
    local = None
    if spec.page_limit is None:
        local = _local_filter(filter) if filter else None
    else:
        params["limit"] = min(limit, spec.page_limit) if limit else spec.page_limit
        if filter:
            params["filter"] = filter
        if order:
            params["order"] = order
    yielded = False
    try:
        async for page in _filtered(client.pages(path, params, key=spec.name), local, limit):
            yielded = True
            yield page
    except BadRequest as exc:
        # Only the first page can be a rejected parameter; a 400 later is a real error.
        if yielded or not params or not _rejected_parameter(exc):
            raise
        local = _local_filter(filter) if filter else None  # a bad filter stays an error
        log.warning("PingOne did not accept the parameters for %s (%s); filtering here",
                    kind, exc.code or exc.status)
        async for page in _filtered(client.pages(path, None, key=spec.name), local, limit):
            yield page


async def _filtered(pages: AsyncIterator[Page], match: Callable[[Item], bool] | None,
                    limit: int | None) -> AsyncIterator[Page]:
    """Apply a local filter and the item limit; stop fetching once the limit is reached."""
    kept = 0
    try:
        async for page in pages:
            items = page.items if match is None else [i for i in page.items if match(i)]
            if limit is not None:
                items = items[: max(limit - kept, 0)]
            kept += len(items)
            total = page.total if match is None else None
            if limit is not None and total is not None:
                total = min(total, limit)
            yield Page(items=items, total=total, fetched=kept, number=page.number)
            if limit is not None and kept >= limit:
                return
    finally:
        await pages.aclose()  # type: ignore[attr-defined]


async def get_one(client: PingOneClient, kind: str, id: str,
                  environment_id: str | None = None) -> Item:
    spec = spec_for(kind)
    return await client.get_json(spec.item_path(id, environment_id))


def is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return len(text) == 36


async def resolve_environment(client: PingOneClient, id_or_name: str) -> Item:
    """The environment with this ID, or the one with this name (exact, else case-insensitive)."""
    text = id_or_name.strip()
    if is_uuid(text):
        try:
            return await get_one(client, "environments", text)
        except NotFound:
            raise NotFound(f"There is no environment with the ID {text}.",
                           "List them with 'pingtui environments list'.", status=404,
                           code="NOT_FOUND") from None
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    found: list[Item] = []
    async for page in list_pages(client, "environments", filter=f'name eq "{quoted}"', limit=50):
        found.extend(page.items)
    exact = [e for e in found if e.get("name") == text] or \
        [e for e in found if str(e.get("name", "")).casefold() == text.casefold()]
    if not exact:
        raise NotFound(f"There is no environment named '{text}'.",
                       "List them with 'pingtui environments list', or pass its ID.",
                       status=404, code="NOT_FOUND")
    if len(exact) > 1:
        ids = ", ".join(str(e.get("id", "?")) for e in exact[:5])
        raise ApiError(f"{len(exact)} environments are named '{text}'.",
                       f"Pass the ID of the one you mean: {ids}.", code="AMBIGUOUS")
    return exact[0]
