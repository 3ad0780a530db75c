"""Who holds a role: a ResourcePane filled by the sweep of ``pingtui.api.holders`` (the
environment's users, groups, applications and gateways, and each one's role assignments)."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence
from typing import TYPE_CHECKING

from pingtui.tui.names import resolver_of
from pingtui.tui.shell import shell_of
from pingtui.tui.widgets.resource_pane import ResourcePane

if TYPE_CHECKING:
    from pingtui.api.paging import Page
    from pingtui.output import Column
    from pingtui.tui.tenant import Tenant


class HoldersPane(ResourcePane):
    """The role assignments of ``role_id`` held in ``environment_id``, holder first."""

    def __init__(self, role_id: str, *, environment_id: str, id: str | None = None,
                 hint: str = "") -> None:
        self.role_id = role_id  # before the pane's first load is started, in super().__init__
        super().__init__("role-assignments", environment_id=environment_id, id=id, hint=hint)

    @property
    def columns(self) -> Sequence[Column]:
        from pingtui.api.holders import holder_columns

        tenant = shell_of(self.app).tenant if self.is_attached else None
        return holder_columns(resolver_of(tenant) if tenant else None, self.environment_id)

    async def _pages(self, tenant: Tenant, scim: str | None) -> AsyncGenerator[Page, None]:
        """One holder a page, as the sweep finds them (no total: it is not known)."""
        from pingtui.api.holders import holdings
        from pingtui.api.paging import Page
        from pingtui.api.resources import RESOURCES

        client = await tenant.client()
        names = resolver_of(tenant)
        kind = RESOURCES["role-assignments"]
        assert self.environment_id is not None
        found = 0
        async for holding in holdings(client, self.environment_id, self.role_id):
            item = holding.as_item()
            await names.prepare_for(kind, [item], self.environment_id, client)
            found += 1
            yield Page(items=[item], total=None, fetched=found, number=found)
