"""Listing and reading the kinds of the catalog (``pingtui.api.catalog``) over the API.

Collections differ (PINGONE-API.md): some take ``limit``, ``filter`` and ``order``, most take
none; the catalog says which, and only those are sent. A collection without a server filter is
filtered here. When a server rejects a filter or limit with 400 INVALID_DATA, the listing
fetches without it and filters here instead of failing. ``resolve`` turns "ID or name" into
the object, for every kind.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable

from pingtui.api.catalog import CATALOG, Kind, Row, UnknownKind
from pingtui.api.catalog import ID as _ID
from pingtui.api.client import PingOneClient
from pingtui.api.errors import ApiError, BadRequest, NotFound
from pingtui.api.filtering import FilterSyntaxError, compile_filter
from pingtui.api.paging import Item, Page
from pingtui.pingone import canonical_uuid, is_uuid

log = logging.getLogger("pingtui.api")


ResourceSpec = Kind
"""The old name of a catalog kind (``pingtui.api.catalog.Kind``); kept for callers."""
ID = _ID
RESOURCES: dict[str, Kind] = CATALOG.kinds
"""Every kind of the catalog by CLI name (the five of old among them)."""


def spec_for(kind: str) -> Kind:
    """The catalog kind called ``kind`` (or an alias); ValueError naming the nearest ones."""
    try:
        return CATALOG.get(kind)
    except UnknownKind as exc:
        near = f" (did you mean {', '.join(exc.suggestions)}?)" if exc.suggestions else ""
        raise ValueError(f"unknown resource kind {kind!r}{near}") from None


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


def query_params(kind: Kind, filter: str | None = None, limit: int | None = None,
                 order: str | None = None) -> tuple[dict[str, str | int], str | None]:
    """The parameters to send for a listing, and the filter left to apply here (the kind's
    collection takes no ``filter``): only what the catalog says the collection takes."""
    params: dict[str, str | int] = {}
    if kind.query.limit is not None:
        params["limit"] = min(limit, kind.query.limit) if limit else kind.query.limit
    local = None
    if filter:
        if kind.query.server_filter:
            params["filter"] = filter
        else:
            local = filter
    if order and kind.query.order:
        params["order"] = order
    return params, local


async def list_pages(client: PingOneClient, kind: str, environment_id: str | None = None,
                     filter: str | None = None, limit: int | None = None,
                     order: str | None = None, *, parent_id: str | None = None,
                     parent_kind: str | None = None,
                     first_page: int | None = None) -> AsyncIterator[Page]:
    """The pages of a listing; ``limit`` stops after that many items (no page beyond it).

    ``parent_id`` is the parent object's ID for a kind that lives under one (a resource's
    scopes); ``parent_kind`` picks among several parents (role assignments of a group).
    ``first_page``: ask for only that many items first — what a screen shows, at once (a page
    of a thousand users is 750 KB) — then list on at the collection's page size from the
    start, leaving out the items already given. A collection that fits is one request.
    """
    spec = spec_for(kind)
    path = spec.path(environment_id, parent_id, parent_kind)
    params, local_text = query_params(spec, filter, limit, order)
    head = None
    if first_page and not limit and not local_text and first_page < (spec.query.limit or 0):
        head = await _head(client, path, {**params, "limit": first_page}, spec.embedded)
        if head is not None:
            yield head
            if not head.more:
                return  # that was all of it
    pages = _pages(client, spec, path, params, local_text, filter, limit)
    try:
        async for page in (pages if head is None else _after(head, pages)):
            yield page
    finally:
        await pages.aclose()  # type: ignore[attr-defined]


async def _head(client: PingOneClient, path: str, params: dict[str, str | int],
                key: str | None) -> Page | None:
    """The first page alone; None when the server refused its parameters (the listing that
    follows says so, or falls back)."""
    pages = client.pages(path, params, key=key)
    try:
        return await pages.__anext__()
    except StopAsyncIteration:
        return None
    except BadRequest as exc:
        if not _rejected_parameter(exc):
            raise
        return None
    finally:
        await pages.aclose()  # type: ignore[attr-defined]


async def _after(head: Page, pages: AsyncIterator[Page]) -> AsyncIterator[Page]:
    """``pages`` without the items ``head`` gave already (by ID), counted on from it."""
    given = {item.get("id") for item in head.items}
    fetched = head.fetched
    async for page in pages:
        items = [item for item in page.items if item.get("id") not in given]
        fetched += len(items)
        yield Page(items=items, total=page.total, fetched=fetched, number=page.number + 1,
                   more=page.more)


async def _pages(client: PingOneClient, spec: Kind, path: str, params: dict[str, str | int],
                 local_text: str | None, filter: str | None,
                 limit: int | None) -> AsyncIterator[Page]:
    local = _local_filter(local_text) if local_text else None
    yielded = False
    try:
        async for page in _filtered(client.pages(path, params or None, key=spec.embedded),
                                    local, limit):
            yielded = True
            yield page
    except BadRequest as exc:
        # Only the first page can be a rejected parameter; a 400 later is a real error.
        if yielded or not params or not _rejected_parameter(exc):
            raise
        local = _local_filter(filter) if filter else None  # a bad filter stays an error
        log.warning("PingOne did not accept the parameters for %s (%s); filtering here",
                    spec.name, exc.code or exc.status)
        async for page in _filtered(client.pages(path, None, key=spec.embedded), local, limit):
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
            done = limit is not None and kept >= limit
            yield Page(items=items, total=total, fetched=kept, number=page.number,
                       more=page.more and not done)
            if done:
                return
    finally:
        await pages.aclose()  # type: ignore[attr-defined]


async def get_one(client: PingOneClient, kind: str, id: str,
                  environment_id: str | None = None, *, parent_id: str | None = None,
                  parent_kind: str | None = None) -> Item:
    """One object by ID: its read-one path, or (a collection without one) found in the list."""
    spec = spec_for(kind)
    if spec.read_one:
        return await client.get_json(spec.item_path(id, environment_id, parent_id, parent_kind))
    async for page in list_pages(client, spec.name, environment_id, parent_id=parent_id,
                                 parent_kind=parent_kind):
        for item in page.items:
            if item.get("id") == id:
                return item
    raise NotFound(f"There is no {spec.singular} with the ID {id}.", status=404,
                   code="NOT_FOUND")


async def count_items(client: PingOneClient, kind: str, environment_id: str | None = None,
                      *, parent_id: str | None = None, parent_kind: str | None = None) -> int:
    """How many objects a collection holds, asked as cheaply as the collection allows: one
    ``limit=1`` request and its ``count`` where it pages, else its one (whole) answer."""
    from pingtui.api.paging import page_items, page_total

    spec = spec_for(kind)
    path = spec.path(environment_id, parent_id, parent_kind)
    params: dict[str, str | int] | None = {"limit": 1} if spec.query.limit else None
    body = await client.get_json(path, params)
    total = page_total(body)
    if total is not None:
        return total
    if params is None:
        return len(page_items(body, spec.embedded))
    counted = 0  # a paging collection that does not say its count: page through it
    async for page in list_pages(client, spec.name, environment_id, parent_id=parent_id,
                                 parent_kind=parent_kind):
        counted = page.fetched
    return counted


def scim_string(text: str) -> str:
    """``text`` as a quoted SCIM string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


async def resolve(client: PingOneClient, kind: str, id_or_name: str,
                  environment_id: str | None = None, *, parent_id: str | None = None,
                  parent_kind: str | None = None, where: str = "") -> Item:
    """The object of ``kind`` with this ID, or the one whose name field is this name.

    A name is looked up with a server filter where the collection takes one on that field,
    else in the listing; exact matches win over case-insensitive ones; two matches is an
    error that lists them. ``where`` names the place for messages (`` in Workforce``).
    """
    from pingtui.output import field

    spec = spec_for(kind)
    text = id_or_name.strip()
    listing = f"pingtui {spec.name} list"
    # A UUID pasted from elsewhere ({3B1B2F7E-...} from a Windows tool) is still an ID.
    text = canonical_uuid(text) or text
    if is_uuid(text) or spec.name_field == "id":
        try:
            return await get_one(client, spec.name, text, environment_id, parent_id=parent_id,
                                 parent_kind=parent_kind)
        except NotFound:
            raise NotFound(f"There is no {spec.singular} with the ID {text}{where}.",
                           f"List them with '{listing}'.", status=404,
                           code="NOT_FOUND") from None
    server = spec.query.filters_on(spec.name_field)
    flt = f"{spec.name_field} eq {scim_string(text)}" if server else None
    name_of = field(spec.name_field)
    found: list[Item] = []
    async for page in list_pages(client, spec.name, environment_id, filter=flt,
                                 limit=50 if server else None, parent_id=parent_id,
                                 parent_kind=parent_kind):
        found.extend(i for i in page.items if str(name_of(i)).casefold() == text.casefold())
    exact = [i for i in found if name_of(i) == text] or found
    if not exact and spec.read_one and "/" not in text:
        try:  # IDs that are not UUIDs (a notification template's is its name)
            return await get_one(client, spec.name, text, environment_id, parent_id=parent_id,
                                 parent_kind=parent_kind)
        except (NotFound, BadRequest):
            pass
    if not exact:
        raise NotFound(f"There is no {spec.singular} named '{text}'{where}.",
                       f"List them with '{listing}', or pass the ID.", status=404,
                       code="NOT_FOUND")
    if len(exact) > 1:
        listed = ", ".join(str(i.get("id", "?")) for i in exact[:5])
        raise ApiError(f"{len(exact)} {spec.title.lower()} are named '{text}'{where}.",
                       f"Pass the ID of the one you mean: {listed}.", code="AMBIGUOUS")
    return exact[0]


async def resolve_environment(client: PingOneClient, id_or_name: str) -> Item:
    """The environment with this ID, or the one with this name (exact, else case-insensitive)."""
    return await resolve(client, "environments", id_or_name)
