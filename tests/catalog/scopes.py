"""Where each kind of the catalog lists something in the simulator: the CLI arguments."""

from __future__ import annotations

import functools
import json
from typing import Any

from pingtui.api.catalog import CATALOG, Kind, option_for

ENVIRONMENT = "Administrators"  # the simulator holds an object of every kind there


def listed(cli: Any, kind: Kind, args: list[str]) -> list[dict[str, Any]]:
    result = cli(kind.name, "list", *args, "-o", "json")
    assert result.code == 0, result
    items = json.loads(result.out)
    assert isinstance(items, list)
    return items


@functools.cache
def _scope(cli: Any, name: str) -> tuple[str, ...]:
    kind = CATALOG.kinds[name]
    args = ["-e", ENVIRONMENT] if kind.in_environment else []
    parents = [p for p in kind.parents if p.kind in CATALOG.kinds]
    if not parents or not CATALOG.kinds[parents[0].kind].in_environment:
        return tuple(args)  # no parent object, or one the CLI defaults (the organization)
    # The first object of the parent kind (among its first few) that has children.
    parent = parents[0]
    owner = CATALOG.kinds[parent.kind]
    for item in listed(cli, owner, list(_scope(cli, owner.name)))[:12]:
        candidate = [*args, option_for(parent), str(item["id"])]
        if listed(cli, kind, candidate):
            return tuple(candidate)
    raise AssertionError(f"no {owner.singular} in {ENVIRONMENT} has {kind.title.lower()}")


def scope_args(cli: Any, kind: Kind) -> list[str]:
    """Arguments of ``pingtui <kind> list`` that list at least one object."""
    return list(_scope(cli, kind.name))
