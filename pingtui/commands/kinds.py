"""The catalog on the command line: ``pingtui kinds``, ``pingtui <kind> list|get``.

Every kind of ``pingtui.api.catalog`` gets its commands here, derived from its declaration:
``--environment`` where it lives in one, its parent's option (``scopes list --resource R``;
role assignments: exactly one of ``--user``/``--group``/…), its filter options (``users list
--group G``), ``--filter`` and ``--limit``. Every ID argument also takes a name, resolved with a
server filter where the collection takes one (``api.resources.resolve``). The listing loop is
``commands/listing.py``'s; ``get`` prints one object (YAML by default).

Imports are lazy: building the parser loads the catalog (dataclasses and lambdas), nothing
else, and never textual.
"""

from __future__ import annotations

from argparse import Namespace
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pingtui.errors import UsageError

if TYPE_CHECKING:
    from pingtui.api.catalog import Kind, Parent
    from pingtui.api.client import PingOneClient
    from pingtui.context import Context


# --------------------------------------------------------------------------- the parser


def add_arguments(commands: Any, parent: Any, only: str | None = None) -> None:
    """``kinds`` and every catalog kind's ``list``/``get`` (called by ``cli.build_parser``).

    ``only``: the command word on the command line. Every kind is still a choice (help, the
    nearest-name check), but only that kind gets its ``list``/``get`` parsers: building all
    of them (some ninety argparse parsers, each copying the global options) was most of a
    short command's start-up.
    """
    from pingtui.api.catalog import CATALOG

    mine = only in command_words()  # then the other kinds are left out altogether
    if not mine or only == "kinds":
        p = commands.add_parser("kinds", help="list every resource kind pingtui knows",
                                description="Every kind: its name, aliases, parent, path, "
                                            "title.", parents=[parent])
        p.set_defaults(handler="pingtui.commands.kinds:list_kinds")
    for kind in CATALOG:
        if kind.cli is not None:  # its own module registers its block (activities)
            continue
        if only is not None and only != kind.name and only not in kind.aliases:
            if not mine:
                commands.add_parser(kind.name, aliases=list(kind.aliases),
                                    help=f"{kind.title.lower()}: {kind.description}")
            continue
        group = commands.add_parser(kind.name, aliases=list(kind.aliases),
                                    help=kind.description,
                                    description=kind.description, parents=[parent])
        sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
        p = sub.add_parser("list", help=f"list {kind.title.lower()}",
                           description=f"List {kind.title.lower()}.", parents=[parent])
        p.set_defaults(handler="pingtui.commands.listing:list_resources", kind=kind.name)
        _scope_arguments(p, kind)
        for option in kind.filter_options:
            p.add_argument(option.option, metavar="ID-or-NAME",
                           help=option.help or f"only those of this {_singular(option.kind)}")
        p.add_argument("--filter", metavar="SCIM", help='SCIM filter, e.g. name sw "Dev"' + (
            "" if kind.query.server_filter else " (applied here: PingOne takes none)"))
        p.add_argument("--limit", type=int, metavar="N", help="stop after N items")
        p = sub.add_parser("get", help=f"show one {kind.singular} (YAML; -o json)",
                           description=f"Show one {kind.singular} by ID or "
                                       f"{kind.name_field.replace('.', ' ')}.",
                           parents=[parent])
        p.set_defaults(handler="pingtui.commands.kinds:get_object", kind=kind.name)
        p.add_argument("id", metavar="ID-or-NAME")
        _scope_arguments(p, kind)


def command_words() -> set[str]:
    """The command words this block answers to: ``kinds``, the kinds' names and aliases."""
    from pingtui.api.catalog import CATALOG

    return {"kinds", *(word for kind in CATALOG if kind.cli is None
                       for word in (kind.name, *kind.aliases))}


def _singular(kind: str) -> str:
    from pingtui.api.catalog import CATALOG

    return CATALOG.kinds[kind].singular


def _scope_arguments(p: Any, kind: Kind) -> None:
    """``--environment`` and the parent's option(s)."""
    from pingtui.api.catalog import option_for

    if kind.in_environment:
        p.add_argument("--environment", "-e", required=True, metavar="ID-or-NAME",
                       help="environment ID or name")
    parents = [parent for parent in kind.parents if parent.kind in _kinds()]
    if not parents:
        return
    org_level = all(not _kinds()[parent.kind].in_environment for parent in parents)
    group = p.add_mutually_exclusive_group(required=not org_level) if len(parents) > 1 else p
    for parent in parents:
        what = _kinds()[parent.kind].singular
        extra = {} if len(parents) > 1 or org_level else {"required": True}
        group.add_argument(option_for(parent), metavar="ID-or-NAME",
                           help=f"the {what} (ID or name)" + (
                               "; default: the only one" if org_level else ""), **extra)


def _kinds() -> dict[str, Kind]:
    from pingtui.api.catalog import CATALOG

    return CATALOG.kinds


def check_command(parser: Any, rest: list[str]) -> None:
    """An unknown command word is a usage error naming the nearest kinds (``usres`` -> users),
    instead of argparse's list of every choice."""
    if not rest or rest[0].startswith("-"):
        return
    word = rest[0]
    choices = next((a.choices for a in parser._actions
                    if getattr(a, "choices", None) and a.dest == "command"), None)
    if choices is None or word in choices:
        return
    import difflib

    from pingtui.api.catalog import CATALOG, SIMILAR

    near = CATALOG.suggest(word)
    near += [c for c in difflib.get_close_matches(word, list(choices), n=3, cutoff=SIMILAR)
             if c not in near and c not in _alias_owners(near)]
    hint = f" Did you mean: {', '.join(near[:3])}?" if near else ""
    parser.error(f"'{word}' is not a command or a resource kind.{hint} "
                 "Run 'pingtui kinds' to see every kind.")


def _alias_owners(names: list[str]) -> set[str]:
    from pingtui.api.catalog import CATALOG

    return {alias for name in names if name in CATALOG.kinds
            for alias in CATALOG.kinds[name].aliases}


# --------------------------------------------------------------------------- the scope


@dataclass(frozen=True)
class Scope:
    """Where a listing or a read happens: the IDs behind ``--environment`` and the parent
    option, and the filter with the filter options folded in."""

    environment_id: str | None = None
    environment_name: str = ""
    parent_id: str | None = None
    parent_kind: str | None = None
    filter: str | None = None

    @property
    def where(self) -> str:
        return f" in {self.environment_name}" if self.environment_name else ""


async def resolve_scope(client: PingOneClient, kind: Kind, args: Namespace) -> Scope:
    """Resolve ``--environment``, the parent option and the filter options (IDs or names)."""
    from pingtui.api.resources import resolve, resolve_environment

    environment_id, environment_name = None, ""
    if kind.in_environment:
        environment = await resolve_environment(client, args.environment)
        environment_id = str(environment.get("id") or args.environment)
        environment_name = str(environment.get("name") or environment_id)
    where = f" in {environment_name}" if environment_name else ""
    parent_id = parent_kind = None
    given = _parent_given(kind, args)
    if given is not None:
        parent, value = given
        parent_kind = parent.kind
        owner = _kinds()[parent.kind]
        if value is None:  # an organization-level parent: the only one
            parent_id = await _only_one(client, owner)
        else:
            found = await resolve(client, owner.name, value,
                                  environment_id if owner.in_environment else None,
                                  where=where if owner.in_environment else "")
            parent_id = str(found.get("id") or value)
    flt = getattr(args, "filter", None)
    for option in kind.filter_options:
        from pingtui.api.catalog import dest_for

        value = getattr(args, dest_for(option.option), None)
        if value is None:
            continue
        target = await resolve(client, option.kind, value, environment_id, where=where)
        clause = option.template.format(id=target.get("id", value))
        flt = f"({flt}) and {clause}" if flt else clause
    return Scope(environment_id, environment_name, parent_id, parent_kind, flt)


def _parent_given(kind: Kind, args: Namespace) -> tuple[Parent, str | None] | None:
    """The parent option that was given (argparse made sure it is at most one), or the
    organization-level parent to default, or None when the kind has no parent object."""
    from pingtui.api.catalog import dest_for, option_for

    parents = [parent for parent in kind.parents if parent.kind in _kinds()]
    for parent in parents:
        value = getattr(args, dest_for(option_for(parent)), None)
        if value is not None:
            return parent, value
    if parents and not _kinds()[parents[0].kind].in_environment:
        return parents[0], None
    if parents:  # argparse requires one; a caller building args by hand may not
        options = " or ".join(option_for(p) for p in parents)
        raise UsageError(f"Listing {kind.title.lower()} needs {options}.",
                         f"Run 'pingtui {kind.name} list -h' for the options.")
    return None


async def _only_one(client: PingOneClient, owner: Kind) -> str:
    from pingtui.api.resources import list_pages

    found: list[dict[str, Any]] = []
    async for page in list_pages(client, owner.name, limit=10):
        found.extend(page.items)
    if len(found) == 1 and found[0].get("id"):
        return str(found[0]["id"])
    from pingtui.api.catalog import option_for

    option = option_for(next(p for k in _kinds().values() for p in k.parents
                             if p.kind == owner.name))
    if not found:
        raise UsageError(f"There is no {owner.singular} to list from.",
                         f"Pass {option} ID.")
    names = ", ".join(f"{i.get('name', '?')} ({i.get('id', '?')})" for i in found[:5])
    raise UsageError(f"There are {len(found)} {owner.title.lower()}: {names}.",
                     f"Pass {option} with the one you mean.")


# --------------------------------------------------------------------------- commands


async def connect(stack: AsyncExitStack, ctx: Context) -> PingOneClient:
    """The API client of the command's profile (``pingtui.connect``), closed with ``stack``."""
    from pingtui.connect import open_connection

    connection = await stack.enter_async_context(open_connection(ctx))
    return await connection.client()


async def get_object(args: Namespace, ctx: Context) -> int:
    """``pingtui <kind> get ID-or-NAME``: one object, YAML by default."""
    from pingtui.api.catalog import CATALOG
    from pingtui.api.resources import resolve
    from pingtui.output import write_document

    kind = CATALOG.get(args.kind)
    async with AsyncExitStack() as stack:
        client = await connect(stack, ctx)
        scope = await resolve_scope(client, kind, args)
        obj = await resolve(client, kind.name, args.id, scope.environment_id,
                            parent_id=scope.parent_id, parent_kind=scope.parent_kind,
                            where=scope.where)
    write_document(ctx, obj, default="yaml", columns=kind.columns)
    return 0


def kinds_table() -> list[dict[str, Any]]:
    """Every kind as ``pingtui kinds`` prints it (json: every field; table: the main ones)."""
    from pingtui.api.catalog import CATALOG, option_for

    rows = []
    for kind in CATALOG:
        parents = [{"kind": p.kind, "path": p.path,
                    **({"option": option_for(p)} if p.kind in CATALOG.kinds else {})}
                   for p in kind.parents]
        rows.append({
            "name": kind.name, "aliases": list(kind.aliases), "title": kind.title,
            "parent": ", ".join(p.kind for p in kind.parents), "path": kind.parents[0].path,
            "description": kind.description, "parents": parents, "embedded": kind.embedded,
            "readOne": kind.read_one,
            "query": {"limit": kind.query.limit, "filter": list(kind.query.filter),
                      "order": kind.query.order, "expand": list(kind.query.expand),
                      "include": list(kind.query.include)},
            "children": [c.name for c in CATALOG.children(kind.name)],
            "columns": [c.header for c in kind.columns],
        })
    return rows


def list_kinds(args: Namespace, ctx: Context) -> int:
    from pingtui.output import Column, field, write_document

    columns = [Column("NAME", field("name"), 28), Column("ALIASES", field("aliases"), 24),
               Column("PARENT", field("parent"), 22), Column("PATH", field("path"), 58),
               Column("TITLE", field("title"))]
    write_document(ctx, kinds_table(), default="table", columns=columns)
    return 0
