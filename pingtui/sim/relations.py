"""The simulated tenant's relationships: who is in which group, who holds which role where,
which resources and scopes an application may use, which sign-on policy applies to it.

Everything is derived, never stored, and agrees across collections:

- group membership is arithmetic on the user's position (user ``i`` is a direct member of group
  ``g`` when ``i % period == offset``), so a group's ``directMemberCounts`` is a closed formula
  and the ``memberOfGroups[id eq "…"]`` filter, a user's ``memberOfGroups`` and the counts can
  never disagree, at 100,000 users as at 42;
- nestings are a fixed table by group name (applied where both groups exist);
- role assignments, grants and sign-on policy assignments point only at objects the simulator
  serves (roles, resources and scopes, policies, gateways, identity providers are read from
  their collections, by name, at request time — their IDs are not recomputed here).

The Administrators environment holds the admins: its first users hold several groups and roles
(the demo's describe view has something to show), its Administrators and Help Desk groups hold
roles over other environments, and pingtui's worker application holds Environment Admin.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pingtui.sim.data import (GROUPS, ORGANIZATION_ID, Item, TenantData, _hash, later, stable_id,
                              stamps)

# (group name) -> (period, offset): user i is a direct member when i % period == offset.
MEMBERSHIP: dict[str, tuple[int, int]] = {
    "Administrators": (7, 0),
    "Help Desk": (5, 1),
    "[prod] On-call": (6, 0),
    "Engineering": (3, 0),
    "Finance & Legal": (8, 2),
    "Ünïcödé Team": (9, 5),
    "All Employees": (1, 0),
    "Beta Testers": (4, 1),
}
# (child group) -> its parent groups: members of the child are indirect members of the parents.
NESTING: dict[str, tuple[str, ...]] = {
    "[prod] On-call": ("Help Desk",),
    "Ünïcödé Team": ("Engineering",),
    "Beta Testers": ("Engineering",),
    "Finance & Legal": ("Administrators",),
}

ROLE_ENV_ADMIN = "Environment Admin"
ROLE_ORG_ADMIN = "Organization Admin"
ROLE_IDENTITY_ADMIN = "Identity Data Admin"
ROLE_IDENTITY_READ = "Identity Data Read Only"
ROLE_CONFIG_READ = "Configuration Read Only"
ROLE_APP_DEVELOPER = "Client Application Developer"
ROLE_APP_OWNER = "Application Owner"

# Admin grants of the Administrators environment (env 0): (role, scope type, target).
# Targets: ("environment", e) · ("population", e, p) · ("application", e, a) · ("organization",)
Target = tuple[Any, ...]
USER_ROLES: dict[int, tuple[tuple[str, Target], ...]] = {
    0: ((ROLE_ORG_ADMIN, ("organization",)),
        (ROLE_ENV_ADMIN, ("environment", 1)),
        (ROLE_ENV_ADMIN, ("environment", 3)),
        (ROLE_IDENTITY_ADMIN, ("population", 1, 0)),
        (ROLE_APP_OWNER, ("application", 1, 4))),
    1: ((ROLE_IDENTITY_ADMIN, ("environment", 2)),
        (ROLE_IDENTITY_READ, ("population", 1, 1)),
        (ROLE_CONFIG_READ, ("environment", 0))),
    2: ((ROLE_ENV_ADMIN, ("environment", 2)),
        (ROLE_APP_DEVELOPER, ("environment", 5))),
    3: ((ROLE_APP_OWNER, ("application", 1, 5)),
        (ROLE_IDENTITY_READ, ("environment", 1))),
}
GROUP_ROLES: dict[str, tuple[tuple[str, Target], ...]] = {
    "Administrators": ((ROLE_ENV_ADMIN, ("environment", 0)),
                       (ROLE_ENV_ADMIN, ("environment", 1)),
                       (ROLE_ENV_ADMIN, ("environment", 3))),
    "Help Desk": ((ROLE_IDENTITY_ADMIN, ("population", 1, 0)),
                  (ROLE_IDENTITY_ADMIN, ("population", 3, 0))),
    "[prod] On-call": ((ROLE_ENV_ADMIN, ("environment", 1)),
                       (ROLE_CONFIG_READ, ("environment", 9))),
}
APPLICATION_ROLES: dict[str, tuple[tuple[str, Target], ...]] = {
    "pingtui worker": ((ROLE_ENV_ADMIN, ("environment", 0)),
                       (ROLE_IDENTITY_READ, ("environment", 1)),
                       (ROLE_CONFIG_READ, ("organization",))),
}

# Attribute mappings by protocol: (name, value, mappingType, required, oidcScopes)
OIDC_MAPPINGS = (
    ("sub", "${user.id}", "CORE", True, ()),
    ("email", "${user.email}", "SCOPE", False, ("email",)),
    ("name", "${user.name.formatted}", "SCOPE", False, ("profile",)),
    ("given_name", "${user.name.given}", "SCOPE", False, ("profile",)),
    ("preferred_username", "${user.username}", "CUSTOM", False, ()),
)
SAML_MAPPINGS = (
    ("saml_subject", "${user.email}", "CORE", True, ()),
    ("firstName", "${user.name.given}", "CUSTOM", False, ()),
    ("lastName", "${user.name.family}", "CUSTOM", False, ()),
)
BROWSERS = (("Firefox", "128.0", "Linux", "Desktop"), ("Safari", "17.4", "iOS", "Mobile"),
            ("Chrome", "126.0", "Windows", "Desktop"), ("Edge", "125.0", "macOS", "Desktop"))


def _later(stamp: str, *, hours: int) -> str:
    """An ISO timestamp ``hours`` after ``stamp`` (a session expires after it starts)."""
    from datetime import datetime, timedelta

    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")) + timedelta(hours=hours)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def member_count(users: int, period: int, offset: int) -> int:
    """How many of users 0..users-1 have ``i % period == offset``."""
    return 0 if offset >= users else (users - offset + period - 1) // period


@dataclass(frozen=True)
class Principal:
    """Whose relationship is asked for: ``kind`` (users, groups, …) ``index`` in ``env``."""

    env: int
    kind: str
    index: int
    item: Item


class Relations:
    """Every relationship of a :class:`TenantData`, computed on demand."""

    def __init__(self, data: TenantData) -> None:
        self.data = data

    # ---------------------------------------------------------------- other helpers' objects

    def objects(self, env: int, kind: str) -> Sequence[Item]:
        """The items of a collection the simulator serves; empty when it serves no such kind
        (a relationship to a kind that is not there is left out, never left dangling)."""
        try:
            return self.data.children(env, kind)  # type: ignore[return-value]
        except (AttributeError, KeyError, ValueError):
            return ()

    def org_objects(self, kind: str) -> Sequence[Item]:
        reader: Callable[[str], Sequence[Item]] | None = getattr(self.data, "organization_children",
                                                                  None)
        if reader is not None:
            try:
                return reader(kind)
            except (AttributeError, KeyError, ValueError):
                return ()
        found = getattr(self.data, kind, None)
        return found if isinstance(found, Sequence) else ()

    @functools.lru_cache(maxsize=64)  # noqa: B019 - one Relations per simulator, few keys
    def _by_name(self, env: int | None, kind: str) -> dict[str, Item]:
        items = self.org_objects(kind) if env is None else self.objects(env, kind)
        found: dict[str, Item] = {}
        for i in range(len(items)):
            item = items[i]
            found.setdefault(str(item.get("name", "")), item)
        return found

    def role(self, name: str) -> Item | None:
        return self._by_name(None, "roles").get(name)

    def _made(self, env: int, item: Item) -> str:
        """When ``item`` of ``env`` was made (its environment's creation if it has no date):
        what a relationship of it is dated after."""
        made = item.get("createdAt")
        return str(made) if made else self.data.environment_created(env)

    def _env_exists(self, env: int) -> bool:
        return 0 <= env < self.data.size

    def _count(self, env: int, kind: str) -> int:
        return len(self.data.children(env, kind))

    # ---------------------------------------------------------------- groups

    def group_names(self, env: int) -> list[str]:
        return [GROUPS[g] for g in range(self._count(env, "groups"))]

    def group_index(self, env: int, name: str) -> int | None:
        names = self.group_names(env)
        return names.index(name) if name in names else None

    def is_direct_member(self, env: int, user: int, group: int) -> bool:
        period, offset = MEMBERSHIP.get(GROUPS[group], (10, 9))
        return user % period == offset

    def direct_groups(self, env: int, user: int) -> list[int]:
        return [g for g in range(self._count(env, "groups"))
                if self.is_direct_member(env, user, g)]

    def parents(self, env: int, group: int) -> list[int]:
        found = (self.group_index(env, name) for name in NESTING.get(GROUPS[group], ()))
        return [g for g in found if g is not None]

    def ancestors(self, env: int, group: int) -> list[int]:
        seen: list[int] = []
        todo = self.parents(env, group)
        while todo:
            g = todo.pop(0)
            if g not in seen and g != group:
                seen.append(g)
                todo.extend(self.parents(env, g))
        return seen

    def memberships(self, env: int, user: int) -> list[tuple[int, str]]:
        """(group, DIRECT|INDIRECT) for one user, direct ones first."""
        direct = self.direct_groups(env, user)
        out = [(g, "DIRECT") for g in direct]
        for g in direct:
            for parent in self.ancestors(env, g):
                if parent not in direct and all(parent != o for o, _ in out):
                    out.append((parent, "INDIRECT"))
        return out

    def direct_member_count(self, env: int, group: int) -> int:
        period, offset = MEMBERSHIP.get(GROUPS[group], (10, 9))
        return member_count(self._count(env, "users"), period, offset)

    @functools.lru_cache(maxsize=256)  # noqa: B019
    def total_member_count(self, env: int, group: int) -> int:
        """Users in the group or in a group nested in it (each counted once)."""
        inside = [g for g in range(self._count(env, "groups"))
                  if g == group or group in self.ancestors(env, g)]
        if len(inside) == 1:
            return self.direct_member_count(env, group)
        rules = [MEMBERSHIP.get(GROUPS[g], (10, 9)) for g in inside]
        # Closed form (1,000,000 users cost nothing): membership repeats every lcm of the
        # periods, so count the residues that match and how often each occurs.
        period = math.lcm(*(p for p, _ in rules))
        users = self._count(env, "users")
        return sum(member_count(users, period, r) for r in range(period)
                   if any(r % p == o for p, o in rules))

    def member_filter_view(self, env: int, user: int) -> list[dict[str, str]]:
        """What ``memberOfGroups[...]`` filters see for a user: their direct groups."""
        env_groups = self.data.children(env, "groups")
        return [{"id": str(env_groups[g]["id"]), "name": GROUPS[g]}
                for g in self.direct_groups(env, user)]

    def _membership_item(self, env: int, group: int, kind: str, expand: bool) -> Item:
        g = self.data.children(env, "groups")[group]
        item: Item = {"id": g["id"], "name": g.get("name"),
                      "environment": {"id": self.data.environment_id(env)}, "type": kind}
        if expand:
            item["_embedded"] = {"group": g}
        return item

    def user_memberships(self, env: int, user: int, expand: bool) -> list[Item]:
        return [self._membership_item(env, g, kind, expand)
                for g, kind in self.memberships(env, user)]

    def group_nestings(self, env: int, group: int, expand: bool) -> list[Item]:
        direct = self.parents(env, group)
        out = [self._membership_item(env, g, "DIRECT", expand) for g in direct]
        out += [self._membership_item(env, g, "INDIRECT", expand)
                for g in self.ancestors(env, group) if g not in direct]
        return out

    # ---------------------------------------------------------------- role assignments

    def _scope(self, target: Target, home: int) -> tuple[dict[str, str], str] | None:
        """(scope, environment ID) of a target that exists, else None."""
        kind = target[0]
        if kind == "organization":
            return {"id": ORGANIZATION_ID, "type": "ORGANIZATION"}, self.data.environment_id(home)
        env = int(target[1])
        if not self._env_exists(env):
            return None
        env_id = self.data.environment_id(env)
        if kind == "environment":
            return {"id": env_id, "type": "ENVIRONMENT"}, env_id
        collection = "populations" if kind == "population" else "applications"
        index = int(target[2])
        if index >= self._count(env, collection):
            return None
        target_id = str(self.data.children(env, collection)[index]["id"])
        return {"id": target_id, "type": kind.upper()}, env_id

    def _assignments(self, principal: Principal,
                     grants: Sequence[tuple[str, Target]]) -> list[Item]:
        out: list[Item] = []
        owner_key = principal.kind.rstrip("s")
        for n, (role_name, target) in enumerate(grants):
            role = self.role(role_name)
            scoped = self._scope(target, principal.env)
            if role is None or scoped is None:
                continue
            scope, env_id = scoped
            item: Item = {
                "id": stable_id("role-assignment", principal.kind, principal.item.get("id"), n),
                "role": {"id": role["id"]},
                "scope": scope,
                "environment": {"id": env_id},
                "readOnly": False,
            }
            if owner_key in ("group", "gateway"):  # PingOne names these owners in the item
                item[owner_key] = {"id": principal.item.get("id")}
            out.append(item)
        return out

    def role_grants(self, principal: Principal) -> tuple[tuple[str, Target], ...]:
        env, index, kind = principal.env, principal.index, principal.kind
        if kind == "users":
            if env != 0:
                return ()  # end users of other environments hold no admin roles
            if index in USER_ROLES:
                return USER_ROLES[index]
            if index % 5 == 4:  # some more admins, each reading one environment
                return ((ROLE_IDENTITY_READ, ("environment", index % 12)),)
            return ()
        name = str(principal.item.get("name", ""))
        if kind == "groups":
            return GROUP_ROLES.get(name, ()) if env == 0 else ()
        if kind == "applications":
            if env == 0:
                return APPLICATION_ROLES.get(name, ())
            if principal.item.get("type") in ("WORKER", "SERVICE"):
                return ((ROLE_IDENTITY_ADMIN, ("environment", env)),)
            return ()
        if kind == "gateways":
            return ((ROLE_IDENTITY_ADMIN, ("environment", env)),)
        return ()

    def role_assignments(self, principal: Principal) -> list[Item]:
        return self._assignments(principal, self.role_grants(principal))

    # ---------------------------------------------------------------- applications

    def _resource_scopes(self, env: int, resource: Item) -> Sequence[Item]:
        """The scopes of one resource, whichever way the simulator keeps them."""
        reader = getattr(self.data, "resource_scopes", None)
        if reader is not None:
            return reader(env, resource)  # type: ignore[no-any-return]
        rid = resource.get("id")
        return [s for s in self.objects(env, "scopes")
                if isinstance(s.get("resource"), dict) and s["resource"].get("id") == rid]

    def grants(self, env: int, app: Item) -> list[Item]:
        app_type, protocol = app.get("type"), app.get("protocol")
        if protocol != "OPENID_CONNECT" or app_type == "WORKER":
            return []  # a worker acts through its roles; SAML apps take no grants
        resources = self.objects(env, "resources")
        wanted: list[tuple[Item, int]] = []
        for i in range(len(resources)):
            resource = resources[i]
            rtype = resource.get("type")
            if rtype == "OPENID_CONNECT" and app_type != "SERVICE":
                wanted.append((resource, 3))  # openid, profile, email
            elif rtype == "CUSTOM" and app_type in ("SERVICE", "SINGLE_PAGE_APP", "WEB_APP",
                                                      "NATIVE_APP") \
                    and _hash("grant", env, app.get("id"), i) % 2 == 0:
                wanted.append((resource, 2))
        out = []
        for resource, take in wanted:
            scopes = list(self._resource_scopes(env, resource))[:take]
            if not scopes:
                continue
            # A grant is made once both its application and its resource exist.
            created, updated = stamps(max(self._made(env, app), self._made(env, resource)),
                                      "grant", app.get("id"), resource.get("id"))
            out.append({
                "id": stable_id("grant", app.get("id"), resource.get("id")),
                "application": {"id": app.get("id")},
                "resource": {"id": resource.get("id")},
                "scopes": [{"id": s.get("id")} for s in scopes],
                "createdAt": created, "updatedAt": updated,
            })
        return out

    def sop_assignments(self, env: int, app: Item) -> list[Item]:
        if app.get("type") in ("WORKER", "SERVICE") or app.get("protocol") == "EXTERNAL_LINK":
            return []
        policies = self.objects(env, "signOnPolicies") or self.objects(env, "sign-on-policies")
        chosen = [policies[i] for i in range(len(policies))][:2 if app.get("type") in
                                                             ("WEB_APP", "NATIVE_APP") else 1]
        return [{
            "id": stable_id("sop-assignment", app.get("id"), p.get("id")),
            "application": {"id": app.get("id")},
            "environment": {"id": self.data.environment_id(env)},
            "signOnPolicy": {"id": p.get("id")},
            "priority": n + 1,
        } for n, p in enumerate(chosen)]

    def attribute_mappings(self, env: int, app: Item) -> list[Item]:
        protocol = app.get("protocol")
        table: tuple[tuple[str, str, str, bool, tuple[str, ...]], ...] = OIDC_MAPPINGS if protocol == "OPENID_CONNECT" else \
            SAML_MAPPINGS if protocol == "SAML" else ()
        if app.get("type") in ("WORKER", "SERVICE"):
            table = table[:1]
        out = []
        for name, value, mapping_type, required, scopes in table:
            created, updated = stamps(self._made(env, app), "mapping", app.get("id"), name)
            item: Item = {
                "id": stable_id("attribute-mapping", app.get("id"), name),
                "application": {"id": app.get("id")},
                "environment": {"id": self.data.environment_id(env)},
                "name": name, "value": value, "mappingType": mapping_type,
                "required": required,
                "createdAt": created, "updatedAt": updated,
            }
            if protocol == "OPENID_CONNECT":
                item.update(idToken=True, userInfo=True, oidcScopes=list(scopes))
            else:
                item["nameFormat"] = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic"
            out.append(item)
        return out

    # ---------------------------------------------------------------- users

    def sessions(self, env: int, user: int, item: Item) -> list[Item]:
        h = _hash("sessions", env, user)
        count = 2 if env == 0 and user < 4 else h % 3
        apps = self.data.children(env, "applications")
        out = []
        for n in range(count):
            browser, version, system, device = BROWSERS[(h + n) % len(BROWSERS)]
            app = apps[(h >> (8 + n)) % len(apps)] if len(apps) else None
            at = later(self._made(env, item), "session", env, user, n)  # after she existed
            session: Item = {
                "id": stable_id("session", item.get("id"), n),
                "user": {"id": item.get("id")},
                "environment": {"id": self.data.environment_id(env)},
                "createdAt": at, "activeAt": at,
                "expiresAt": _later(at, hours=12),
                "lastSignOn": {"at": at, "remoteIp": f"198.51.100.{(h >> n) % 250 + 1}",
                               "authenticators": ["pwd", "otp"] if n == 0 else ["pwd"]},
                "browser": {"name": browser, "version": version},
                "operatingSystem": {"name": system},
                "device": {"type": device},
            }
            if app is not None:
                session["application"] = {"id": app.get("id")}
            out.append(session)
        return out

    def linked_accounts(self, env: int, user: int, item: Item) -> list[Item]:
        providers = self.objects(env, "identityProviders") or \
            self.objects(env, "identity-providers")
        if not len(providers):
            return []
        h = _hash("linked", env, user)
        if not (env == 0 and user < 2) and h % 4:
            return []
        provider = providers[h % len(providers)]
        username = str(item.get("username", "user"))
        return [{
            "id": stable_id("linked-account", item.get("id"), provider.get("id")),
            "user": {"id": item.get("id")},
            "environment": {"id": self.data.environment_id(env)},
            "identityProvider": {"id": provider.get("id"), "type": provider.get("type")},
            "externalId": f"{username}@{str(provider.get('type', 'idp')).lower()}",
            "createdAt": later(self._made(env, item), "linked", env, user),
        }]


# --------------------------------------------------------------------------- routes

Lister = Callable[[Relations, Principal, dict[str, str]], list[Item]]


def _expand(query: dict[str, str]) -> bool:
    return "group" in query.get("expand", "").split(",")


ROUTES: dict[tuple[str, str], tuple[str, Lister]] = {
    ("users", "memberOfGroups"): (
        "groupMemberships", lambda r, p, q: r.user_memberships(p.env, p.index, _expand(q))),
    ("users", "roleAssignments"): ("roleAssignments", lambda r, p, q: r.role_assignments(p)),
    ("users", "sessions"): ("sessions", lambda r, p, q: r.sessions(p.env, p.index, p.item)),
    ("users", "linkedAccounts"): (
        "linkedAccounts", lambda r, p, q: r.linked_accounts(p.env, p.index, p.item)),
    ("groups", "memberOfGroups"): (
        "groupMemberships", lambda r, p, q: r.group_nestings(p.env, p.index, _expand(q))),
    ("groups", "roleAssignments"): ("roleAssignments", lambda r, p, q: r.role_assignments(p)),
    ("applications", "roleAssignments"): (
        "roleAssignments", lambda r, p, q: r.role_assignments(p)),
    ("applications", "grants"): ("grants", lambda r, p, q: r.grants(p.env, p.item)),
    ("applications", "signOnPolicyAssignments"): (
        "signOnPolicyAssignments", lambda r, p, q: r.sop_assignments(p.env, p.item)),
    ("applications", "attributes"): (
        "attributes", lambda r, p, q: r.attribute_mappings(p.env, p.item)),
    ("gateways", "roleAssignments"): ("roleAssignments", lambda r, p, q: r.role_assignments(p)),
}
# memberOfGroups pages and filters like PingOne's; the other relationship collections declare
# no query parameters and answer whole.
PAGED = {("users", "memberOfGroups")}


def handle(relations: Relations, base_url: str, parts: list[str],
           query: dict[str, str]) -> Any:
    """The answer (``api.Answer``) for a relationship path, or None when ``parts`` (the path
    after /v1) is not one: ``environments/{env}/{kind}/{id}/{relation}[/{id}]``."""
    from pingtui.sim import api  # the answer and error shapes (api imports this module)

    if len(parts) not in (5, 6) or parts[0] != "environments":
        return None
    route = ROUTES.get((parts[2], parts[4]))
    if route is None:
        return None
    data = relations.data
    env = data.find_environment(parts[1])
    if env is None:
        return api.not_found()
    if (env, parts[2]) in api.RESTRICTED:
        return api.forbidden(api.RESTRICTED[(env, parts[2])])
    owners = relations.objects(env, parts[2])
    index = owners.index_of(parts[3]) if hasattr(owners, "index_of") else next(
        (i for i in range(len(owners)) if owners[i].get("id") == parts[3]), None)
    if index is None:
        return api.not_found()
    principal = Principal(env, parts[2], index, owners[index])
    key, lister = route
    items = lister(relations, principal, query)
    if len(parts) == 6:
        found = next((i for i in items if i.get("id") == parts[5]), None)
        return api.Answer(200, found) if found is not None else api.not_found()
    path = base_url + "/v1/" + "/".join(parts)
    return _collection(api, path, key, items, query, (parts[2], parts[4]) in PAGED)


def _collection(api: Any, path: str, key: str, items: list[Item], query: dict[str, str],
                paged: bool) -> Any:
    from urllib.parse import quote, urlencode

    from pingtui.sim.filters import FilterError, parse_filter

    allowed = {"limit", "cursor", "filter", "expand"} if paged else {"expand"}
    unknown = sorted(set(query) - allowed)
    if unknown:
        return api.invalid_data(unknown[0], f"The query parameter '{unknown[0]}' is not "
                                "supported for this collection.")
    if query.get("filter"):
        try:
            predicate = parse_filter(query["filter"])
        except FilterError as exc:
            return api.invalid_data("filter", f"Invalid filter: {exc}.", "INVALID_FILTER")
        items = [i for i in items if predicate(i)]
    limit, offset = len(items) or 1, 0
    if paged:
        try:
            limit = int(query.get("limit", 100))
        except ValueError:
            limit = 0
        if limit < 1:
            return api.invalid_data("limit", "limit must be a positive integer.")
        if "cursor" in query:
            found = api._offset(query["cursor"])
            if found is None:
                return api.invalid_data("cursor", "The cursor is not valid.")
            offset = found
    page = items[offset:offset + limit]

    def link(params: dict[str, str]) -> dict[str, str]:
        return {"href": path + ("?" + urlencode(params, quote_via=quote) if params else "")}

    links: dict[str, Any] = {"self": link(query)}
    if offset + limit < len(items):
        params = {k: v for k, v in query.items() if k != "cursor"}
        params.update(limit=str(limit), cursor=api._cursor(offset + limit))
        links["next"] = link(params)
    body: dict[str, Any] = {"_links": links}
    if page:
        body["_embedded"] = {key: page}
    body["count"] = len(items)
    body["size"] = len(page)
    return api.Answer(200, body)


def decorate_user(relations: Relations, env: int, index: int, item: Item,
                  include: str) -> Item:
    """A user read with ``include=memberOfGroupIDs|memberOfGroupNames`` (direct groups)."""
    wanted = set(include.split(","))
    if not wanted & {"memberOfGroupIDs", "memberOfGroupNames"}:
        return item
    groups = relations.member_filter_view(env, index)
    out = dict(item)
    if "memberOfGroupIDs" in wanted:
        out["memberOfGroupIDs"] = [g["id"] for g in groups]
    if "memberOfGroupNames" in wanted:
        out["memberOfGroupNames"] = [g["name"] for g in groups]
    return out
