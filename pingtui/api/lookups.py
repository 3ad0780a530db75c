"""Where the name lookups of :mod:`pingtui.api.references` read a referenced collection."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING
from urllib.parse import quote

from pingtui.api.paging import Item

if TYPE_CHECKING:
    from pingtui.api.client import PingOneClient

# kind -> (path under the environment, or at the top when it starts with "/"; _embedded key)
PATHS: dict[str, tuple[str, str]] = {
    "environments": ("/environments", "environments"),
    "organizations": ("/organizations", "organizations"),
    "roles": ("/roles", "roles"),
    "populations": ("populations", "populations"),
    "groups": ("groups", "groups"),
    "applications": ("applications", "applications"),
    "resources": ("resources", "resources"),
    "scopes": ("resources/{parent}/scopes", "scopes"),
    "sign-on-policies": ("signOnPolicies", "signOnPolicies"),
    "identity-providers": ("identityProviders", "identityProviders"),
    "gateways": ("gateways", "gateways"),
    "password-policies": ("passwordPolicies", "passwordPolicies"),
}


def collection_path(kind: str, environment_id: str | None,
                    parent_id: str | None) -> tuple[str, str]:
    try:
        path, key = PATHS[kind]
    except KeyError:
        raise ValueError(f"no lookup for {kind}") from None
    if "{parent}" in path:
        if not parent_id:
            raise ValueError(f"{kind} need their parent's ID")
        path = path.replace("{parent}", quote(parent_id, safe=""))
    if not path.startswith("/"):
        if not environment_id:
            raise ValueError(f"{kind} live in an environment")
        path = f"/environments/{quote(environment_id, safe='')}/{path}"
    return path, key


async def collection_items(client: PingOneClient, kind: str, environment_id: str | None,
                           parent_id: str | None) -> AsyncIterator[Item]:
    path, key = collection_path(kind, environment_id, parent_id)
    async for page in client.pages(path, None, key=key):
        for item in page.items:
            yield item
