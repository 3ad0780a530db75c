"""X-ray (k9s ``:xray``): what an application or an environment depends on, as a tree.

An application: its grants → resources → scopes, its sign-on policy assignments → policies →
actions, its role assignments → roles. An environment: its applications (each as above), its
sign-on policies → actions, its resources → scopes. Branches load when first opened (space or
→), one listing each, with names looked up once per referenced collection; Enter on a node
describes that object, ``esc`` comes back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode
from textual.worker import Worker

from pingtui.errors import PingTUIError
from pingtui.output import printable
from pingtui.tui.names import resolver_of
from pingtui.tui.screens.base import PingScreen
from pingtui.tui.widgets.worker_errors import own_failure

if TYPE_CHECKING:
    from pingtui.api.client import PingOneClient
    from pingtui.api.references import Resolver
    from pingtui.tui.widgets.breadcrumb import Crumb

XRAY_KINDS = ("applications", "environments")


@dataclass
class XNode:
    """What a tree node stands for: an object (``kind`` + ``obj``) and how to list its
    children (``expand``); a heading ("Grants") has no object."""

    label: Text
    kind: str | None = None
    obj: Mapping[str, Any] = field(default_factory=dict)
    expand: str | None = None
    """What its children are: app, grants, grant, sops, actions, roles, role, env-apps,
    env-sops, env-resources, scopes; None: a leaf."""
    parent_id: str | None = None
    parent_kind: str | None = None
    environment_id: str | None = None
    loaded: bool = False


def _label(kind_title: str, name: str, extra: str = "") -> Text:
    text = Text.assemble((f"{kind_title} ", "dim"), printable(name))
    if extra:
        text.append(f"  {extra}", style="dim")
    return text


def _heading(title: str, expand: str, obj: Mapping[str, Any], env: str | None) -> XNode:
    return XNode(Text(title, style="bold"), expand=expand, obj=obj, environment_id=env)


def root_children(kind: str, obj: Mapping[str, Any], env: str | None) -> list[XNode]:
    """The fixed first level under an application or an environment (nothing fetched)."""
    if kind == "applications":
        return [_heading("Grants", "grants", obj, env),
                _heading("Sign-on policies", "sops", obj, env),
                _heading("Role assignments", "roles", obj, env)]
    return [_heading("Applications", "env-apps", obj, env),
            _heading("Sign-on policies", "env-sops", obj, env),
            _heading("Resources", "env-resources", obj, env)]


async def _listed(client: PingOneClient, names: Resolver, kind: str, env: str | None,
                  parent_id: str | None = None, parent_kind: str | None = None
                  ) -> list[Mapping[str, Any]]:
    from pingtui.api.resources import list_pages, spec_for

    items: list[Mapping[str, Any]] = []
    async for page in list_pages(client, kind, environment_id=env, parent_id=parent_id,
                                 parent_kind=parent_kind):
        items.extend(page.items)
    await names.prepare_for(spec_for(kind), items, env, client)
    return items


def _name(names: Resolver, kind: str, ident: Any, env: str | None,
          parent_id: str | None = None) -> str:
    from pingtui.api.references import Target

    return names.name(Target(kind, str(ident or ""), env, parent_id)).text if ident else "?"


async def load_children(node: XNode, client: PingOneClient, names: Resolver) -> list[XNode]:
    """The children of ``node``: one listing (or none, when the node holds them already)."""
    from pingtui.api.resources import spec_for

    env, obj, how = node.environment_id, node.obj, node.expand
    ident = str(obj.get("id", ""))
    if how == "app":
        return root_children("applications", obj, env)
    if how == "grants":
        out = []
        for grant in await _listed(client, names, "grants", env, ident, "applications"):
            rid = str((grant.get("resource") or {}).get("id", ""))
            if rid:
                out.append(XNode(_label("Resource", _name(names, "resources", rid, env)),
                                 "resources", {"id": rid, "_grant": grant}, "grant",
                                 environment_id=env))
        return out
    if how == "grant":  # the scopes this grant gives, named from the resource's scopes
        grant = obj.get("_grant") or {}
        rid = str(obj.get("id", ""))
        scope_ids = [s.get("id") for s in grant.get("scopes", []) if isinstance(s, Mapping)]
        return [XNode(_label("Scope", _name(names, "scopes", sid, env, rid)), "scopes",
                      {"id": sid}, None, parent_id=rid, parent_kind="resources",
                      environment_id=env) for sid in scope_ids if sid]
    if how == "sops":
        out = []
        for sop in await _listed(client, names, "sop-assignments", env, ident, "applications"):
            pid = str((sop.get("signOnPolicy") or {}).get("id", ""))
            out.append(XNode(_label(f"{sop.get('priority', '?')}. Policy",
                                    _name(names, "sign-on-policies", pid, env)),
                             "sign-on-policies", {"id": pid}, "actions", environment_id=env))
        return out
    if how in ("actions", "env-sops-policy"):
        actions = await _listed(client, names, "sign-on-policy-actions", env, ident,
                                "sign-on-policies")
        return [XNode(_label(f"{a.get('priority', '?')}. Action", str(a.get("type", "?"))),
                      "sign-on-policy-actions", a, None, parent_id=ident,
                      parent_kind="sign-on-policies", environment_id=env) for a in actions]
    if how == "roles":
        out = []
        for ra in await _listed(client, names, "role-assignments", env, ident, "applications"):
            role_id = (ra.get("role") or {}).get("id")
            scope = ra.get("scope") or {}
            where = spec_for("role-assignments")
            from pingtui.api.references import reference

            scope_name = ", ".join(n.text for n in names.names(
                reference(where, "scope.id"), ra, env)) or "?"
            extra = f"on {str(scope.get('type', '')).lower()} {scope_name}"
            out.append(XNode(_label("Role", _name(names, "roles", role_id, None), extra),
                             "role-assignments", ra, "role", parent_id=ident,
                             parent_kind="applications", environment_id=env))
        return out
    if how == "role":
        role_id = (obj.get("role") or {}).get("id")
        return [XNode(_label("Role", _name(names, "roles", role_id, None)), "roles",
                      {"id": role_id}, None)] if role_id else []
    if how == "env-apps":
        apps = await _listed(client, names, "applications", ident)
        return [XNode(_label("Application", str(a.get("name", a.get("id", "?"))),
                             str(a.get("protocol", ""))), "applications", a, "app",
                      environment_id=ident) for a in apps]
    if how == "env-sops":
        policies = await _listed(client, names, "sign-on-policies", ident)
        return [XNode(_label("Policy", str(p.get("name", "?"))), "sign-on-policies", p,
                      "actions", environment_id=ident) for p in policies]
    if how == "env-resources":
        resources = await _listed(client, names, "resources", ident)
        return [XNode(_label("Resource", str(r.get("name", "?")), str(r.get("type", ""))),
                      "resources", r, "scopes", environment_id=ident) for r in resources]
    if how == "scopes":
        scopes = await _listed(client, names, "scopes", env, ident, "resources")
        return [XNode(_label("Scope", str(s.get("name", "?"))), "scopes", s, None,
                      parent_id=ident, parent_kind="resources", environment_id=env)
                for s in scopes]
    return []


class XrayScreen(PingScreen[None]):
    CSS_PATH = "describe.tcss"
    # Enter (the tree's select) describes a node; space (the tree's toggle) or → opens it.
    BINDINGS: ClassVar[list[BindingType]] = [
        # Shown for the footer; the focused tree acts on them first (select, toggle_node).
        Binding("enter", "open", "Describe", id="xray.open"),
        Binding("space", "expand_node", "Expand", id="xray.toggle"),
        Binding("r", "refresh", "Refresh", id="xray.refresh"),
    ]

    @dataclass
    class Loaded(Message):
        node: TreeNode[XNode]
        children: list[XNode]

    @dataclass
    class Failed(Message):
        """A branch could not be read: it says so, and opens again to retry."""

        node: TreeNode[XNode]
        error: PingTUIError

    def __init__(self, kind: str, obj: Mapping[str, Any], *, environment_id: str | None = None,
                 trail: Sequence[Crumb] = ()) -> None:
        super().__init__()
        self.kind = kind
        self.obj = obj
        self.environment_id = str(obj.get("id", "")) if kind == "environments" \
            else environment_id
        self.trail = tuple(trail)

    @property
    def label(self) -> str:
        from pingtui.api.resources import spec_for

        return spec_for(self.kind).label(self.obj)

    def compose(self) -> ComposeResult:
        from pingtui.tui.widgets.breadcrumb import Crumb, crumbs_text

        yield from self.compose_shell()
        production = self.kind == "environments" and self.obj.get("type") == "PRODUCTION"
        yield Static(crumbs_text([*self.trail, Crumb(self.label, production), Crumb("X-ray")]),
                     id="describe-crumbs", classes="breadcrumb", markup=False)
        singular = "Application" if self.kind == "applications" else "Environment"
        root: Tree[XNode] = Tree(_label(singular, self.label),
                                 data=XNode(_label(singular, self.label), self.kind, self.obj,
                                            None, environment_id=self.environment_id,
                                            loaded=True),
                                 id="xray-tree")
        root.auto_expand = False  # Enter opens a node; space and → expand it
        yield root

    def on_mount(self) -> None:
        tree = self.query_one("#xray-tree", Tree)
        for child in root_children(self.kind, self.obj, self.environment_id):
            tree.root.add(child.label, data=child, allow_expand=True)
        tree.root.expand()
        tree.focus()

    @on(Tree.NodeExpanded)
    def _expanded(self, event: Tree.NodeExpanded[XNode]) -> None:
        node = event.node
        if node.data is not None and not node.data.loaded and node.data.expand:
            node.data.loaded = True
            node.add_leaf(Text("loading…", style="dim italic"))
            self.load(node)

    @work(group="xray", exit_on_error=False)
    async def load(self, node: TreeNode[XNode]) -> None:
        tenant = self.pingtui.tenant
        if tenant is None or node.data is None:
            return
        try:
            client = await tenant.client()
            children = await load_children(node.data, client, resolver_of(tenant))
        except PingTUIError as exc:  # a 403 on one branch leaves the rest of the tree usable
            self.post_message(self.Failed(node, exc))
            return
        self.post_message(self.Loaded(node, children))

    def on_xray_screen_failed(self, message: XrayScreen.Failed) -> None:
        node = message.node
        node.remove_children()
        node.add_leaf(Text.assemble(("could not be read: ", "dim"), message.error.message,
                                    ("  (close and open to retry)", "dim")))
        if node.data is not None:
            node.data.loaded = False
        self.pingtui.notify_error(message.error, title="X-ray")

    def on_xray_screen_loaded(self, message: XrayScreen.Loaded) -> None:
        node = message.node
        node.remove_children()
        if not message.children:
            node.add_leaf(Text("(none)", style="dim"))
        for child in message.children:
            if child.expand:
                node.add(child.label, data=child, allow_expand=True)
            else:
                node.add_leaf(child.label, data=child)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if (error := own_failure(event, self)) is not None:  # not an API error: a bug
            self.pingtui.notify_error(error, title="X-ray")

    def action_open(self) -> None:
        node = self.query_one("#xray-tree", Tree).cursor_node
        if node is not None:
            self.open_node(node)

    def action_expand_node(self) -> None:
        node = self.query_one("#xray-tree", Tree).cursor_node
        if node is not None and node.allow_expand:
            node.toggle()

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected[XNode]) -> None:
        event.stop()
        self.open_node(event.node)

    def open_node(self, node: TreeNode[XNode]) -> None:
        from pingtui.tui.widgets.breadcrumb import Crumb

        if node.data is None:
            return
        data = node.data
        if data.kind is None or not data.obj.get("id"):
            node.toggle()  # a heading: Enter opens its branch
            return
        obj = {k: v for k, v in data.obj.items() if not k.startswith("_")}
        self.pingtui.open_describe(  # through the shell: describe opens x-rays in turn
            data.kind, obj, environment_id=data.environment_id, parent_id=data.parent_id,
            parent_kind=data.parent_kind,
            trail=[*self.trail, Crumb(self.label), Crumb("X-ray")])

    def action_refresh(self) -> None:
        tree = self.query_one("#xray-tree", Tree)
        tree.root.remove_children()
        self.on_mount()
