"""The reference names of a signed-on tenant: one ``api.references.Resolver`` per tenant, so a
collection looked up for one listing is not looked up again by the next ("cached for the
session"); a new sign-on (a new tenant) starts empty."""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from pingtui.api.references import Resolver
    from pingtui.tui.tenant import Tenant

_RESOLVERS: WeakKeyDictionary[Tenant, Resolver] = WeakKeyDictionary()


def resolver_of(tenant: Tenant) -> Resolver:
    found = _RESOLVERS.get(tenant)
    if found is None:
        from pingtui.api.references import Resolver

        found = _RESOLVERS[tenant] = Resolver()
    return found
