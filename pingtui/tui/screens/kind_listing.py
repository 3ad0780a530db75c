"""Any kind of the catalog in one listing screen: the generic view (k9s's generic browser).

``KindScreen("certificates", environment=env)`` lists the environment's certificates in the
virtual ResourceTable with the kind's catalog columns; every listing key works (``/`` filter,
``f`` server filter, ``1``-``6`` sort, ``d`` describe, ``c``/``y`` copy, ``e`` export). A kind
with a child kind to open (``Kind.opens``) opens it from a row: Enter on a sign-on policy lists
its actions, on a resource its scopes; other kinds describe the row. A kind that lives under
the organization's only object (licenses) finds that object first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from pingtui.tui.screens.listing import ListingScreen, listing_bindings
from pingtui.tui.widgets.resource_pane import ResourcePane

if TYPE_CHECKING:
    from pingtui.api.catalog import Kind


class KindScreen(ListingScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="kind.open", show=False),
        *listing_bindings("kind"),
    ]

    def __init__(self, kind: str, *, environment: Mapping[str, Any] | None = None,
                 parent: tuple[str, Mapping[str, Any]] | None = None,
                 trail: Sequence[Any] = ()) -> None:
        from pingtui.api.catalog import CATALOG

        super().__init__()
        self.spec: Kind = CATALOG.get(kind)
        self.kind = self.spec.name
        self.environment = environment
        self.environment_id = str(environment.get("id", "")) if environment else None
        self.parent_row = parent
        """(kind, object) of the object this listing is under (a resource, for scopes)."""
        self.trail = tuple(trail)

    # ------------------------------------------------------------------ where we are

    @property
    def _production(self) -> bool:
        return bool(self.environment and self.environment.get("type") == "PRODUCTION")

    def location(self) -> list[Any]:
        """Environment › parent kind › parent object (the crumbs before this kind's title)."""
        from pingtui.api.catalog import CATALOG
        from pingtui.tui.screens.describe import Crumb

        steps: list[Any] = list(self.trail)
        if not steps and self.environment is not None:
            steps.append(Crumb(str(self.environment.get("name") or self.environment_id),
                               self._production))
        if self.parent_row is not None:
            parent_kind, obj = self.parent_row
            owner = CATALOG.kinds[parent_kind]
            steps += [Crumb(owner.title), Crumb(owner.label(obj))]
        return steps

    def compose(self) -> ComposeResult:
        from pingtui.tui.screens.describe import Crumb, crumbs_text

        yield from self.compose_shell()
        yield Static(crumbs_text([*self.location(), Crumb(self.spec.title)]),
                     classes="screen-title", id="kind-title")
        hint = "Enter opens its " + self._child_title() if self.spec.opens else \
            "Enter describes"
        parent_id = str(self.parent_row[1].get("id", "")) if self.parent_row else None
        if self.parent_row is None and self._needs_organization():
            yield Vertical(id="kind-body")  # the pane, once the organization is known
            return
        yield ResourcePane(self.kind, environment_id=self.environment_id, id="kind-pane",
                           parent_id=parent_id,
                           parent_kind=self.parent_row[0] if self.parent_row else None,
                           hint=f"{hint} · / filters · d describe · esc back")

    def _child_title(self) -> str:
        from pingtui.api.catalog import CATALOG

        return CATALOG.kinds[self.spec.opens or ""].title.lower()

    def _needs_organization(self) -> bool:
        return bool(self.spec.parent_kinds) and not self.spec.in_environment

    def on_mount(self) -> None:
        self._show_environment()
        if self.parent_row is None and self._needs_organization():
            self.find_organization()
        else:
            self.current_pane().table.focus()

    def on_screen_resume(self) -> None:
        self._show_environment()

    def _show_environment(self) -> None:
        if self.environment is not None:
            self.pingtui.environment_label = str(self.environment.get("name") or "")
            self.pingtui.environment_production = self._production
        elif not self.spec.in_environment:
            self.pingtui.environment_label = ""
            self.pingtui.environment_production = False

    @work(exclusive=True, group="organization", exit_on_error=False)
    async def find_organization(self) -> None:
        """Licenses live under the organization: list under the only one there is."""
        from pingtui.api.resources import list_pages

        tenant = self.pingtui.tenant
        if tenant is None:
            return
        client = await tenant.client()
        owner = self.spec.parent_kinds[0]
        found = [i async for page in list_pages(client, owner, limit=2) for i in page.items]
        if not found:
            self.notify(f"There is no {owner.rstrip('s')} to list {self.spec.title.lower()} "
                        "from.", severity="warning")
            return
        self.parent_row = (owner, found[0])
        pane = ResourcePane(self.kind, id="kind-pane", parent_id=str(found[0].get("id", "")),
                            parent_kind=owner, hint="/ filters · d describe · esc back")
        await self.query_one("#kind-body", Vertical).mount(pane)
        pane.table.focus()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """A failure of this screen's own worker (not signed on, no access): said once."""
        if event.worker.node is not self or event.worker.group != "organization" \
                or event.state != WorkerState.ERROR:
            return
        event.stop()
        error = event.worker.error or RuntimeError("the worker failed")
        self.pingtui.notify_error(error, title=self.spec.title)

    # ------------------------------------------------------------------ keys

    def action_open(self) -> None:
        obj = self._selected()
        if obj is not None:
            self.open_row(obj)

    def open_row(self, obj: Mapping[str, Any]) -> None:
        """Enter on a row: its child kind where the catalog says so, else describe it."""
        if self.app.screen is not self:
            return
        if self.spec.opens:
            self.app.push_screen(KindScreen(self.spec.opens, environment=self.environment,
                                            parent=(self.kind, obj), trail=self.trail))
            return
        self.open_detail(obj)

    def on_resource_table_selected(self, message: Any) -> None:
        message.stop()
        self.open_row(message.obj)
