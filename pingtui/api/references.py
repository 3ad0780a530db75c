"""References by name: a user's population, a role assignment's role and scope, a grant's
resource and scopes — shown as names, looked up once per referenced collection.

A listing's rows carry IDs (``population.id``). Before a page is shown, :meth:`Resolver.prepare`
collects the collections its references point into (the populations of an environment, the
organization's roles, the scopes of one resource) and fetches each one that is not cached yet —
whole, by its own listing, all of them concurrently. Names are then read from memory: a page of
1,000 users costs one populations request, not 1,000, and the next listing costs none. A
collection that can't be read (403, 404, a network error) is remembered as empty, so its
references show their IDs and never fail the listing.

The cache lives as long as the ``Resolver``: the CLI makes one per command, the TUI one per
signed-on tenant ("cached for the session"); ``forget()`` drops it (refresh).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pingtui.errors import PingTUIError
from pingtui.output import Column

if TYPE_CHECKING:
    from pingtui.api.catalog import Kind
    from pingtui.api.client import PingOneClient

log = logging.getLogger("pingtui.api")

Item = Mapping[str, Any]


@dataclass(frozen=True)
class Target:
    """One referenced object: its kind, the collection it lives in, its ID."""

    kind: str
    id: str
    environment_id: str | None = None
    parent_id: str | None = None
    """For a child kind (a scope's resource)."""

    @property
    def collection(self) -> tuple[str, str | None, str | None]:
        return (self.kind, self.environment_id, self.parent_id)


# A scope's ``type`` -> the kind its ``id`` names.
SCOPE_KINDS = {"ENVIRONMENT": "environments", "POPULATION": "populations",
               "APPLICATION": "applications", "ORGANIZATION": "organizations"}


def _get(obj: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(obj, Mapping):
            return None
        obj = obj.get(part)
    return obj


def _environment_of(item: Item, environment_id: str | None) -> str | None:
    """The environment an item's references live in: its own ``environment.id`` (a role
    assignment of an admin points into another environment), else the listing's."""
    own = _get(item, "environment.id")
    return own if isinstance(own, str) and own else environment_id


@dataclass(frozen=True)
class Reference:
    """A field that names other objects (``population.id`` -> populations).

    ``kind`` is the referenced kind, or a function of the item (a role assignment's scope
    names an environment, population, application or the organization, by ``scope.type``).
    ``parent`` gives the parent's ID for a child kind (a grant's scopes live in its resource).
    ``many``: the path leads to a list of ``{id}`` objects (``scopes``).
    """

    path: str
    kind: str | Callable[[Item], str | None]
    parent: str | None = None
    """Dotted path of the parent's ID in the item (``resource.id``), for child kinds."""
    many: bool = False

    def kind_of(self, item: Item) -> str | None:
        return self.kind(item) if callable(self.kind) else self.kind

    def targets(self, item: Item, environment_id: str | None) -> list[Target]:
        kind = self.kind_of(item)
        if not kind:
            return []
        raw = _get(item, self.path)
        if self.many:
            ids = [_get(v, "id") if isinstance(v, Mapping) else v
                   for v in (raw if isinstance(raw, list) else [])]
        else:
            ids = [raw]
        env = None if _organization_level(kind) else _environment_of(item, environment_id)
        parent = _get(item, self.parent) if self.parent else None
        return [Target(kind, i, env, parent if isinstance(parent, str) else None)
                for i in ids if isinstance(i, str) and i]


def scope_kind(item: Item) -> str | None:
    return SCOPE_KINDS.get(str(_get(item, "scope.type") or "").upper())


@functools.lru_cache(maxsize=128)  # asked for every cell of a reference column
def _organization_level(kind: str) -> bool:
    from pingtui.api.catalog import CATALOG

    found = CATALOG.lookup(kind)
    return found is not None and not found.in_environment


@dataclass(frozen=True)
class Name:
    """A reference as shown: the name, or the ID when the name could not be found."""

    text: str
    resolved: bool
    production: bool = False
    """It names a PRODUCTION environment (shown marked)."""


def display_name(obj: Item) -> str:
    """What names an object in a table or breadcrumb (name, username, …, else its ID)."""
    for key in ("name", "username", "displayName", "domainName", "alertName", "locale",
                "hostname", "clientId", "email"):
        value = obj.get(key)
        if isinstance(value, str) and value:
            return value
        if key == "name" and isinstance(value, Mapping) and value.get("formatted"):
            return str(value["formatted"])
    return str(obj.get("id", ""))


Fetcher = Callable[["PingOneClient", str, "str | None", "str | None"], Any]
"""``(client, kind, environment_id, parent_id)`` -> async iterable of the collection's items."""


async def _default_fetcher(client: PingOneClient, kind: str, environment_id: str | None,
                           parent_id: str | None) -> Any:
    from pingtui.api.resources import list_pages

    async for page in list_pages(client, kind, environment_id, parent_id=parent_id):
        for item in page.items:
            yield item


def reference(kind: Kind, path: str) -> Reference:
    """The :class:`Reference` a catalog kind declares for ``path`` (``Kind.references``)."""
    from pingtui.api.catalog import CATALOG, SCOPE_TYPE

    target = kind.references[path]
    many = "[]" in path
    if target == SCOPE_TYPE:
        return Reference(path, scope_kind)
    parent = None
    referenced = CATALOG.lookup(target)
    if referenced is not None and referenced.parent_kinds:
        # A child kind (scopes live in a resource): the item names the parent too.
        parents = set(referenced.parent_kinds)
        parent = next((p for p, t in kind.references.items() if t in parents), None)
    return Reference(path.partition("[]")[0] if many else path, target, parent=parent,
                     many=many)


def shown_references(kind: Kind) -> dict[str, Reference]:
    """The references ``kind``'s table shows, by column header."""
    from pingtui.api.catalog import RefColumn

    return {c.header: reference(kind, c.ref) for c in kind.columns
            if isinstance(c, RefColumn) and c.ref in kind.references}


@dataclass
class Resolver:
    """Names of referenced objects, one lookup per referenced collection, kept for the session."""

    client: PingOneClient | None = None
    """Where lookups go; a listing may pass its own to :meth:`prepare` (the TUI's client is
    made after its resolver)."""
    fetch: Fetcher = field(default=_default_fetcher)
    _names: dict[tuple[str, str | None, str | None], dict[str, str]] = field(
        default_factory=dict)
    _pending: dict[tuple[str, str | None, str | None], asyncio.Future[dict[str, str]]] = field(
        default_factory=dict)
    production: set[str] = field(default_factory=set)
    """IDs of the PRODUCTION environments among those looked up (marked wherever shown)."""
    lookups: int = 0
    """Collections fetched so far (each costs one listing: a page or a few)."""
    _ahead: set[asyncio.Task[dict[str, str]]] = field(default_factory=set)

    def forget(self) -> None:
        self._names.clear()
        self.production.clear()

    def learn(self, kind: str, environment_id: str | None, parent_id: str | None,
              items: Iterable[Item]) -> None:
        """A whole collection that was listed anyway (the TUI's Populations tab): its names
        are known without a lookup. Ignored if that collection is known or being fetched."""
        key = (kind, None if _organization_level(kind) else environment_id, parent_id)
        if key in self._names or key in self._pending:
            return
        names: dict[str, str] = {}
        for obj in items:
            ident = obj.get("id")
            if isinstance(ident, str):
                names[ident] = display_name(obj)
                if kind == "environments" and obj.get("type") == "PRODUCTION":
                    self.production.add(ident)
        self._names[key] = names

    async def prepare(self, items: Iterable[Item], references: Sequence[Reference],
                      environment_id: str | None = None,
                      client: PingOneClient | None = None) -> None:
        """Fetch every collection these items' references point into that is not known yet."""
        if client is not None:
            self.client = client
        wanted: set[tuple[str, str | None, str | None]] = set()
        for item in items:
            for ref in references:
                for target in ref.targets(item, environment_id):
                    if target.collection not in self._names:
                        wanted.add(target.collection)
        if wanted:
            await asyncio.gather(*(self._load(key) for key in wanted))

    async def _load(self, key: tuple[str, str | None, str | None]) -> dict[str, str]:
        if key in self._names:
            return self._names[key]
        pending = self._pending.get(key)
        if pending is not None:  # another listing is fetching it: share that request
            return await pending
        future: asyncio.Future[dict[str, str]] = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        names: dict[str, str] = {}
        try:
            if self.client is None:
                raise ValueError("no client to look names up with")
            self.lookups += 1
            async for obj in self.fetch(self.client, *key):
                ident = obj.get("id")
                if isinstance(ident, str):
                    names[ident] = display_name(obj)
                    if key[0] == "environments" and obj.get("type") == "PRODUCTION":
                        self.production.add(ident)
        except (PingTUIError, ValueError) as exc:
            # Not allowed to read them, or no such collection: show IDs, don't fail the list.
            log.debug("could not look up %s names: %s", key[0], exc)
        finally:
            self._names[key] = names
            del self._pending[key]
            future.set_result(names)
        return names

    async def prepare_for(self, kind: Kind, items: Iterable[Item],
                          environment_id: str | None = None,
                          client: PingOneClient | None = None) -> None:
        """:meth:`prepare` for the references ``kind``'s table shows."""
        refs = shown_references(kind)
        if refs:
            await self.prepare(items, list(refs.values()), environment_id, client)

    def prefetch(self, kind: Kind, environment_id: str | None,
                 client: PingOneClient | None = None) -> None:
        """Start the lookups ``kind``'s references will need whatever its items hold — one
        kind in the listing's environment (a user's population) — so they run beside the
        first page instead of after it; :meth:`prepare_for` then shares them."""
        if client is not None:
            self.client = client
        for ref in shown_references(kind).values():
            if not isinstance(ref.kind, str) or ref.parent:
                continue  # which collection depends on the item (a role's scope)
            key = (ref.kind, None if _organization_level(ref.kind) else environment_id, None)
            if key not in self._names and key not in self._pending:
                task = asyncio.ensure_future(self._load(key))
                self._ahead.add(task)  # the loop keeps only a weak reference
                task.add_done_callback(self._ahead.discard)

    def name(self, target: Target) -> Name:
        found = self._names.get(target.collection, {}).get(target.id)
        if not found:
            return Name(target.id, False)
        return Name(found, True, target.kind == "environments" and target.id in self.production)

    def names(self, ref: Reference, item: Item, environment_id: str | None = None) -> list[Name]:
        return [self.name(t) for t in ref.targets(item, environment_id)]

    def text(self, ref: Reference, item: Item, environment_id: str | None = None) -> str:
        return ", ".join(n.text for n in self.names(ref, item, environment_id))


@dataclass(frozen=True)
class NameColumn(Column):
    """A reference column showing names; ``names(obj)`` tells which ones were found."""

    names: Callable[[Item], list[Name]] | None = None


def resolved_columns(kind: Kind, resolver: Resolver | None,
                     environment_id: str | None = None) -> list[Column]:
    """``kind``'s columns, each reference column showing names (IDs where none was found).

    Without a resolver (json/yaml output, or no lookups wanted) the columns stay as declared.
    """
    refs = shown_references(kind)
    if resolver is None or not refs:
        return list(kind.columns)
    out: list[Column] = []
    for column in kind.columns:
        ref = refs.get(column.header)
        if ref is None:
            out.append(column)
            continue

        def names(obj: Item, ref: Reference = ref) -> list[Name]:
            return resolver.names(ref, obj, environment_id)

        def joined(obj: Item, names: Callable[[Item], list[Name]] = names) -> str:
            return ", ".join(n.text for n in names(obj))

        value: Callable[[Item], str] = joined
        if isinstance(ref.kind, str) and not ref.many and not ref.parent:
            value = _simple_value(resolver, ref.path, ref.kind, environment_id)
        out.append(NameColumn(column.header, value, column.width, names=names))
    return out


def _simple_value(resolver: Resolver, path: str, kind: str,
                  environment_id: str | None) -> Callable[[Item], str]:
    """The cell of a one-ID reference (``population.id``), without building Targets: a table
    computes it for every row (100,000 users: 0.37 s instead of 1.08 s here)."""
    parts = path.split(".")
    organization = _organization_level(kind)
    cache = resolver._names

    def value(obj: Item) -> str:
        ident: Any = obj
        for part in parts:
            ident = ident.get(part) if isinstance(ident, Mapping) else None
        if not isinstance(ident, str) or not ident:
            return ""
        env = None
        if not organization:
            own = obj.get("environment")
            env = own.get("id") if isinstance(own, Mapping) else None
            env = env if isinstance(env, str) and env else environment_id
        return cache.get((kind, env, None), {}).get(ident) or ident

    return value
