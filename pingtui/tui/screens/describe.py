"""Describe one object: its key fields in words and names, its related lists as tabs.

The Overview tab lists the fields the kind's table shows, then every reference by name
(``Population  Customers — EU  ›``): Enter on one opens that object here, ``esc`` comes back.
The other tabs are the object's relationships, derived from the catalog: its child kinds (a
user's group memberships, role assignments, sessions, linked accounts; an application's grants,
sign-on policy assignments, attribute mappings) and the lists that filter by it (a group's
members, a population's users). Enter on a row opens that row's object — a membership opens
its group. ``j`` shows the raw JSON/YAML, ``x`` the x-ray tree (applications, environments).
The breadcrumb is the path that led here; PRODUCTION environments are marked in it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option
from textual.worker import Worker

from pingtui.output import cell_text, printable
from pingtui.tui.names import resolver_of
from pingtui.tui.screens.base import PingScreen
from pingtui.tui.widgets.breadcrumb import PRODUCTION_BADGE, Crumb, crumbs_text
from pingtui.tui.widgets.resource_pane import ResourcePane
from pingtui.tui.widgets.worker_errors import own_failure

__all__ = ["Crumb", "DescribeScreen", "crumbs_text", "related_lists"]

if TYPE_CHECKING:
    from textual.widget import Widget

    from pingtui.api.catalog import Kind
    from pingtui.api.references import Target


# Tab titles where the kind's own title says less than the relationship (a user's "Groups").
TAB_TITLES: dict[tuple[str, str], str] = {
    ("users", "group-memberships"): "Groups",
    ("users", "role-assignments"): "Roles",
    ("users", "user-sessions"): "Sessions",
    ("groups", "users"): "Members",
    ("groups", "group-nestings"): "Nested in",
    ("groups", "role-assignments"): "Roles",
    ("applications", "sop-assignments"): "Sign-on policies",
    ("applications", "attribute-mappings"): "Attributes",
    ("applications", "role-assignments"): "Roles",
    ("gateways", "role-assignments"): "Roles",
    ("gateways", "gateway-instances"): "Instances",
    ("gateways", "gateway-credentials"): "Credentials",
    ("resources", "resource-attributes"): "Attributes",
    ("sign-on-policies", "sign-on-policy-actions"): "Actions",
}
# Fields worth reading in the overview beyond the kind's table columns.
EXTRA_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "users": (("MFA", "mfaEnabled"), ("Last sign-on", "lastSignOn.at"),
              ("Lifecycle", "lifecycle.status")),
    "groups": (("All members", "totalMemberCounts.users"), ("User filter", "userFilter")),
    "applications": (("Client ID", "clientId"), ("Grant types", "grantTypes"),
                     ("Redirect URIs", "redirectUris"),
                     ("Token auth", "tokenEndpointAuthMethod"), ("PKCE", "pkceEnforcement")),
    "environments": (("Status", "status"),),
    "populations": (("Default", "default"),),
}
# The order an admin reads them in (the rest follow in catalog order).
TAB_ORDER = ("group-memberships", "users", "group-nestings", "grants", "gateway-instances",
             "gateway-credentials", "role-assignments",
             "sop-assignments", "attribute-mappings", "user-sessions", "linked-accounts")


@dataclass(frozen=True)
class Related:
    """One related list: ``kind`` under this object (``parent_kind``) or filtered by it."""

    title: str
    kind: str
    parent_kind: str | None = None
    server_filter: str | None = None
    special: str | None = None
    """Not a catalog listing: ``activity`` (the audit log of what this object did or had done
    to it), ``holders`` (who holds this role)."""


def related_lists(kind: Kind, obj: Mapping[str, Any]) -> list[Related]:
    """The tabs of an object of ``kind``, from the catalog."""
    from pingtui.api.catalog import CATALOG, TAB_KINDS

    ident = str(obj.get("id", ""))
    if kind.name == "environments":
        return [Related(CATALOG.kinds[k].title, k) for k in TAB_KINDS]
    found: list[Related] = []
    for child in CATALOG.children(kind.name):
        found.append(Related(TAB_TITLES.get((kind.name, child.name), child.title), child.name,
                             parent_kind=kind.name))
    for other in CATALOG:
        for option in other.filter_options:
            if option.kind == kind.name and ident:
                scim = option.template.format(id=ident.replace('"', ""))
                found.append(Related(TAB_TITLES.get((kind.name, other.name), other.title),
                                     other.name, server_filter=scim))
    order = {name: i for i, name in enumerate(TAB_ORDER)}
    found.sort(key=lambda r: order.get(r.kind, len(order)))
    if kind.name == "roles":
        found.insert(0, Related("Holders", "role-assignments", special="holders"))
    if kind.name in ("users", "applications", "groups"):
        found.append(Related("Activity", "activities", special="activity"))
    return found


class DescribeScreen(PingScreen[None]):
    CSS_PATH = "describe.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right_square_bracket", "tab(1)", "Tab", id="describe.next_tab",
                key_display="[ ]"),
        Binding("left_square_bracket", "tab(-1)", "Previous tab", id="describe.previous_tab",
                show=False),
        Binding("j", "raw", "JSON/YAML", id="describe.raw"),
        Binding("x", "xray", "X-ray", id="describe.xray"),
        Binding("c", "copy_id", "Copy ID", id="describe.copy_id"),
        Binding("y", "copy_yaml", "Copy YAML", id="describe.copy_yaml", show=False),
        Binding("r", "refresh", "Refresh", id="describe.refresh"),
        # What Enter does here, for the help (the fields list and the related tables take it
        # first); from elsewhere (the tabs) it opens the highlighted field.
        Binding("enter", "open_field", "Open the reference or the related row",
                id="describe.open", show=False),
    ]

    @dataclass
    class Fetched(Message):
        obj: dict[str, Any]

    @dataclass
    class NamesReady(Message):
        """The names of the object's references were looked up."""

    def __init__(self, kind: str, obj: Mapping[str, Any], *,
                 environment_id: str | None = None, parent_id: str | None = None,
                 parent_kind: str | None = None, trail: Sequence[Crumb] = (),
                 tab: str | None = None) -> None:
        from pingtui.api.resources import spec_for

        super().__init__()
        self.spec = spec_for(kind)
        self.kind = self.spec.name
        self.obj: Mapping[str, Any] = obj
        self.environment_id = environment_id if self.spec.in_environment or \
            self.kind == "environments" else None
        if self.kind == "environments":
            self.environment_id = str(obj.get("id", "")) or environment_id
        self.parent_id = parent_id
        self.parent_kind = parent_kind
        self.trail = tuple(trail)
        self.initial_tab = tab
        self.related = related_lists(self.spec, obj)
        self._targets: dict[str, Target] = {}

    # ------------------------------------------------------------------ layout

    @property
    def label(self) -> str:
        """What names the object: its name field, by name where that field is a reference
        (a role assignment: "Environment Admin @ Workforce")."""
        tenant = self.pingtui.tenant if self.is_attached else None
        field = self.spec.name_field
        if tenant is None or field not in self.spec.references:
            return self.spec.label(self.obj)
        from pingtui.api.references import reference

        names = resolver_of(tenant)
        paths = [field] + (["scope.id"] if self.kind == "role-assignments" else [])
        parts = [", ".join(n.text for n in names.names(reference(self.spec, path), self.obj,
                                                        self.environment_id))
                 for path in paths]
        return " @ ".join(p for p in parts if p) or self.spec.label(self.obj)

    def crumbs(self) -> list[Crumb]:
        active = self.query_one(TabbedContent).active if self.is_mounted else "overview"
        here = [*self.trail, Crumb(self.label, self._is_production(self.obj))]
        if active and active != "overview":
            index = int(active.removeprefix("rel-"))
            here.append(Crumb(self.related[index].title))
        return here

    def _is_production(self, obj: Mapping[str, Any]) -> bool:
        return self.kind == "environments" and obj.get("type") == "PRODUCTION"

    def compose(self) -> ComposeResult:
        yield from self.compose_shell()
        yield Static(id="describe-crumbs", classes="breadcrumb", markup=False)
        yield Static(id="describe-summary", markup=False)
        with TabbedContent(initial=self._initial_tab(), id="describe-tabs"):
            with TabPane("Overview", id="overview"):
                yield OptionList(id="describe-fields")
            for index, related in enumerate(self.related):
                with TabPane(related.title, id=f"rel-{index}"):
                    yield self._related_widget(index, related)

    def _related_widget(self, index: int, related: Related) -> Widget:
        ident = str(self.obj.get("id", ""))
        hint = "Enter opens · [ ] tabs · esc back"
        if related.special == "holders":
            from pingtui.tui.widgets.holders_pane import HoldersPane

            return HoldersPane(ident, environment_id=self._admin_environment() or "",
                               id=f"pane-rel-{index}", hint=hint)
        if related.special and related.special.startswith("activity"):
            from pingtui.tui.widgets.activity_log import ActivityLog

            # What it did (as actor or client) and what was done to it (as a resource); Enter
            # on an activity bubbles to the app, which opens its detail.
            return ActivityLog(self.environment_id or "", id=f"pane-rel-{index}",
                               involving_id=ident)
        return ResourcePane(
            related.kind, environment_id=self.environment_id,
            parent_id=ident if related.parent_kind else None,
            parent_kind=related.parent_kind, server_filter=related.server_filter,
            scope_label=self._scope_label(related), id=f"pane-rel-{index}", hint=hint)

    def _scope_label(self, related: Related) -> str:
        return f"{related.title.lower()} of {self.label}" if related.server_filter else ""

    def _admin_environment(self) -> str | None:
        """Where a role's holders are looked for: the profile's own environment (where its
        worker application and, usually, the administrators live)."""
        tenant = self.pingtui.tenant
        settings = tenant.profile.pingone if tenant is not None else None
        return settings.environment_id if settings is not None else None

    def _initial_tab(self) -> str:
        for index, related in enumerate(self.related):
            if self.initial_tab in (related.kind, related.title):
                return f"rel-{index}"
        return "overview"

    def on_mount(self) -> None:
        self._redraw()
        self._show_environment()
        self.query_one("#describe-fields", OptionList).focus()
        if self.pingtui.tenant is not None:
            self.load_names()
            if self.obj.get("id") and (len(self.obj) <= 2 or self.spec.read_one):
                self.fetch()

    def on_screen_resume(self) -> None:
        self._show_environment()

    def _show_environment(self) -> None:
        """The header names the environment this object lives in (marked if PRODUCTION)."""
        if not self.environment_id or self.pingtui.tenant is None:
            return
        names = resolver_of(self.pingtui.tenant)
        from pingtui.api.references import Target

        env = names.name(Target("environments", self.environment_id))
        if self.kind == "environments":
            self.pingtui.environment_label = self.label
            self.pingtui.environment_production = self._is_production(self.obj)
        elif env.resolved:
            self.pingtui.environment_label = env.text
            self.pingtui.environment_production = self.environment_id in names.production

    # ------------------------------------------------------------------ the overview

    def _redraw(self) -> None:
        self.query_one("#describe-crumbs", Static).update(crumbs_text(self.crumbs()))
        self.query_one("#describe-summary", Static).update(self._summary())
        fields = self.query_one("#describe-fields", OptionList)
        highlighted = fields.highlighted
        fields.clear_options()
        self._targets.clear()
        fields.add_options(self._field_options())
        if highlighted is not None and highlighted < fields.option_count:
            fields.highlighted = highlighted
        elif fields.option_count:
            fields.highlighted = 0  # Enter acts at once (there was no row under it until Down)

    def _summary(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{self.spec.singular.capitalize()} ", style="dim")
        text.append(printable(self.label), style="bold")
        for word in describe_words(self.kind, self.obj):
            text.append("  ·  ", style="dim")
            text.append(printable(word))
        return text

    def _field_options(self) -> list[Option]:
        from pingtui.api.catalog import RefColumn
        from pingtui.api.references import reference

        options: list[Option] = []
        width = 18
        for column in self.spec.columns:
            # ID, Created and Updated come last, in full (a CREATED column is the date only).
            if isinstance(column, RefColumn) or column.header in ("ID", "CREATED", "UPDATED"):
                continue
            value = cell_text(column.value(self.obj))
            if value:
                options.append(_field(column.header.capitalize(), value, width))
        from pingtui.output import field as getter

        headers = {column.header.lower() for column in self.spec.columns}
        for label, path in EXTRA_FIELDS.get(self.kind, ()):
            value = cell_text(getter(path)(self.obj))
            if value and label.lower() not in headers:  # a column may show it already
                options.append(_field(label, value, width))
        tenant = self.pingtui.tenant
        names = resolver_of(tenant) if tenant is not None else None
        for path in self.spec.references:
            ref = reference(self.spec, path)
            for n, target in enumerate(ref.targets(self.obj, self.environment_id)):
                label = _reference_label(path)
                name = names.name(target) if names is not None else None
                key = f"ref-{len(self._targets)}"
                self._targets[key] = target
                shown = name.text if name is not None else target.id
                prompt = Text.assemble((_pad(label if n == 0 else "", width), "dim"),
                                       (printable(shown), "" if name and name.resolved
                                        else "dim"),
                                       ("  ›", "dim"))
                if target.kind == "environments" and names and target.id in names.production:
                    prompt.append("  ")
                    prompt.append(PRODUCTION_BADGE, style="bold reverse")
                options.append(Option(prompt, id=key))
        for label, path in (("ID", "id"), ("Created", "createdAt"), ("Updated", "updatedAt")):
            value = cell_text(self.obj.get(path, ""))
            if value:
                options.append(_field(label, value, width))
        return options

    @work(exclusive=True, group="describe-names", exit_on_error=False)
    async def load_names(self) -> None:
        from pingtui.api.references import reference

        tenant = self.pingtui.tenant
        if tenant is None:
            return
        client = await tenant.client()
        names = resolver_of(tenant)
        refs = [reference(self.spec, path) for path in self.spec.references]
        # The environments too: the header and breadcrumb mark PRODUCTION ones.
        from pingtui.api.references import Reference

        refs.append(Reference("environment.id", "environments"))
        probe = {**self.obj, "environment": {"id": self.environment_id}} \
            if self.environment_id and self.kind != "environments" else self.obj
        await names.prepare([self.obj, probe], refs, self.environment_id, client)
        self.post_message(self.NamesReady())

    def on_describe_screen_names_ready(self, message: DescribeScreen.NamesReady) -> None:
        self._redraw()
        self._show_environment()

    @work(exclusive=True, group="describe", exit_on_error=False)
    async def fetch(self) -> None:
        obj = await self.read_latest(self.kind, self.obj, environment_id=self.environment_id,
                                     parent_id=self.parent_id, parent_kind=self.parent_kind)
        if obj is not None:
            self.post_message(self.Fetched(obj))

    def on_describe_screen_fetched(self, message: DescribeScreen.Fetched) -> None:
        self.obj = message.obj
        self._redraw()
        # Opened by reference, the object was only its ID when the tabs were made: their
        # count lines say "users of <ID>" until now.
        for index, related in enumerate(self.related):
            for pane in self.query(f"#pane-rel-{index}").results(ResourcePane):
                pane.rescope(self._scope_label(related))
        self.load_names()

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if (error := own_failure(event, self)) is not None:  # the object or its names
            self.pingtui.notify_error(error, title=f"Could not read this {self.spec.singular}")

    # ------------------------------------------------------------------ navigation

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.query_one("#describe-crumbs", Static).update(crumbs_text(self.crumbs()))
        self.call_after_refresh(self._focus_tab)

    def _focus_tab(self) -> None:
        active = self.query_one(TabbedContent).active
        if active == "overview":
            self.query_one("#describe-fields", OptionList).focus()
        elif active:
            table = getattr(self.query_one(f"#pane-{active}"), "table", None)
            if table is not None:
                table.focus()

    def action_tab(self, delta: int) -> None:
        ids = ["overview", *(f"rel-{i}" for i in range(len(self.related)))]
        tabs = self.query_one(TabbedContent)
        tabs.active = ids[(ids.index(tabs.active or "overview") + delta) % len(ids)]

    def show_tab(self, title_or_kind: str) -> bool:
        for index, related in enumerate(self.related):
            if title_or_kind in (related.kind, related.title):
                self.query_one(TabbedContent).active = f"rel-{index}"
                return True
        return False

    @on(OptionList.OptionSelected, "#describe-fields")
    def _field_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        target = self._targets.get(event.option.id or "")
        if target is not None:
            self.open_target(target)

    def open_target(self, target: Target) -> None:
        """Describe the object a reference names (fetched by its ID)."""
        parent_kind = None
        if target.parent_id:
            from pingtui.api.resources import spec_for

            parent_kind = spec_for(target.kind).parent
        self.app.push_screen(DescribeScreen(
            target.kind, {"id": target.id}, environment_id=target.environment_id,
            parent_id=target.parent_id, parent_kind=parent_kind, trail=self.crumbs()))

    def on_resource_table_selected(self, message: Any) -> None:
        message.stop()
        if self.app.screen is not self:
            return
        pane = next((p for p in message.control.ancestors if isinstance(p, ResourcePane)),
                    None)
        if pane is not None:
            self.open_row(pane, message.obj)

    def open_row(self, pane: ResourcePane, obj: Mapping[str, Any]) -> None:
        from pingtui.api.references import Target
        from pingtui.api.resources import spec_for

        holder = obj.get("holder")
        if isinstance(holder, Mapping) and holder.get("kind") and holder.get("id"):
            # A role's holders: Enter opens the user, group, application or gateway.
            self.open_target(Target(str(holder["kind"]), str(holder["id"]),
                                    pane.environment_id))
            return
        kind = spec_for(pane.kind)
        target_kind = kind.references.get("id")
        if target_kind and obj.get("id"):  # a membership names its group by the group's ID
            self.open_target(Target(target_kind, str(obj["id"]), self.environment_id))
            return
        self.app.push_screen(DescribeScreen(
            kind.name, obj, environment_id=self.environment_id, parent_id=pane.parent_id,
            parent_kind=pane.parent_kind, trail=self.crumbs()))

    # ------------------------------------------------------------------ keys

    def action_open_field(self) -> None:
        self.query_one("#describe-fields", OptionList).action_select()

    def action_raw(self) -> None:
        from pingtui.tui.screens.detail import DetailScreen

        self.app.push_screen(DetailScreen(self.kind, self.obj, environment_id=self.environment_id,
                                          parent_id=self.parent_id,
                                          parent_kind=self.parent_kind, trail=self.crumbs()))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "xray":
            return self.kind in ("applications", "environments")
        return super().check_action(action, parameters)

    def action_xray(self) -> None:
        if self.kind in ("applications", "environments"):
            # Through the shell: the x-ray screen opens describe screens in turn.
            self.pingtui.open_xray(self.kind, self.obj, environment_id=self.environment_id,
                                   trail=self.trail)  # X-ray adds the object

    def action_copy_id(self) -> None:
        from pingtui.tui.screens.detail import copy_id

        copy_id(self, self.obj)

    def action_copy_yaml(self) -> None:
        from pingtui.tui.screens.detail import copy_yaml

        copy_yaml(self, self.obj)

    def action_refresh(self) -> None:
        tenant = self.pingtui.tenant
        if tenant is not None:  # names are looked up again (a renamed group, a 403 fixed)
            resolver_of(tenant).forget()
        if self.obj.get("id"):
            self.fetch()
        active = self.query_one(TabbedContent).active
        if active and active != "overview":
            pane = self.query_one(f"#pane-{active}")
            if isinstance(pane, ResourcePane):
                pane.reload()



def _field(label: str, value: str, width: int) -> Option:
    return Option(Text.assemble((_pad(label, width), "dim"), printable(value)), disabled=False)


def _pad(label: str, width: int) -> str:
    """The label column; a label as long as it (``Registration population``) keeps a gap."""
    return label.ljust(width) if len(label) < width - 1 else f"{label}  "


def _reference_label(path: str) -> str:
    """``signOnPolicy.id`` -> ``Sign on policy``; ``scopes[].id`` -> ``Scopes``."""
    head = path.partition("[]")[0].removesuffix(".id")
    words: list[str] = []
    for part in head.split("."):
        word = ""
        for ch in part:
            if ch.isupper() and word:
                words.append(word)
                word = ch.lower()
            else:
                word += ch.lower()
        words.append(word)
    label = " ".join(w for w in words if w) or "id"
    return label[:1].upper() + label[1:] if label != "id" else "Same ID as"


def describe_words(kind: str, obj: Mapping[str, Any]) -> list[str]:
    """A few facts in words for the summary line (what an admin checks first)."""
    words: list[str] = []

    def get(path: str) -> Any:
        value: Any = obj
        for part in path.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        return value

    if kind == "users":
        name = get("name.formatted")
        if name:
            words.append(str(name))
        if get("enabled") is not None:
            words.append("enabled" if get("enabled") else "disabled")
        if get("account.status"):
            words.append(f"account {str(get('account.status')).lower()}")
        if get("mfaEnabled") is not None:
            words.append("MFA on" if get("mfaEnabled") else "MFA off")
        if get("lastSignOn.at"):
            words.append(f"last sign-on {str(get('lastSignOn.at'))[:10]}")
    elif kind == "groups":
        if get("directMemberCounts.users") is not None:
            words.append(f"{get('directMemberCounts.users')} direct members")
        if get("totalMemberCounts.users") is not None:
            words.append(f"{get('totalMemberCounts.users')} in all")
    elif kind == "applications":
        for path in ("protocol", "type"):
            if get(path):
                words.append(str(get(path)))
        if get("enabled") is not None:
            words.append("enabled" if get("enabled") else "disabled")
    elif kind == "environments":
        for path in ("type", "region", "status"):
            if get(path):
                words.append(str(get(path)))
    elif kind == "role-assignments" and get("scope.type"):
        words.append(f"scoped to one {str(get('scope.type')).lower()}")
    if not words and isinstance(obj.get("description"), str):
        words.append(str(obj["description"]))
    return words
