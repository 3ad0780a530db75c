"""The resource catalog: every read-only PingOne collection pingtui lists, one declaration each.

A :class:`Kind` says where a collection lives (its parent and path), what its answer holds (the
``_embedded`` key), what the table shows (``output.Column``s, each with its cell formatting),
which query parameters the server takes, and what its fields refer to. Everything that names
kinds — the CLI's commands, the TUI's jump targets, palette, help and environment tabs, the
kinds overview — is derived from :data:`CATALOG`; a contract test holds the simulator's routes
to it. Adding a kind is one entry in :data:`KINDS` (and a data builder in the simulator).

Facts from ../shared/PINGONE-API.md (Ping's Go SDK's Management API spec): every field optional.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from pingtui.output import Column, cell_text
from pingtui.output import field as getter

ORGANIZATION = "organization"
"""Parent of the organization-level kinds: no environment in the path."""
ENVIRONMENT = "environment"
"""Parent of the kinds that live directly under ``/environments/{environment}``."""
ANY_ATTRIBUTE = "*"
"""In :attr:`Query.filter`: the server filters on any attribute (users)."""
SIMILAR = 0.8
"""difflib ratio a name must reach to be suggested: 'usres' -> users (0.8), 'rols' -> roles
(0.89), not 'res' (0.75); 'nonsense' -> contents (0.62) is no suggestion."""

_ENV = "/environments/{environment}"


# --------------------------------------------------------------------------- the shape


@dataclass(frozen=True)
class Parent:
    """Where a kind lives: under the organization, an environment, or an object of a kind.

    ``path`` is the collection's path template relative to the API base: ``{environment}`` is
    the environment's ID, ``{parent}`` the parent object's ID. A kind with several parents
    (role assignments: of a user, a group, an application or a gateway) lists one per parent;
    exactly one of their options is given.
    """

    kind: str
    """:data:`ORGANIZATION`, :data:`ENVIRONMENT`, or a kind's CLI name (``resources``)."""
    path: str
    option: str = ""
    """CLI option naming the parent object (``--resource``); '' derives it from the parent's
    singular (``sign-on policy`` -> ``--sign-on-policy``). Unused for organization/environment."""


@dataclass(frozen=True)
class Query:
    """The query parameters a collection takes (PINGONE-API.md); anything else is not sent."""

    limit: int | None = None
    """Largest ``limit`` (page size) it takes; None: no paging parameters, one answer."""
    filter: tuple[str, ...] = ()
    """Attributes the server's SCIM ``filter`` takes (``*``: any); (): filtered here."""
    order: bool = False
    expand: tuple[str, ...] = ()
    include: tuple[str, ...] = ()

    @property
    def server_filter(self) -> bool:
        return bool(self.filter)

    def filters_on(self, attribute: str) -> bool:
        return ANY_ATTRIBUTE in self.filter or attribute in self.filter


@dataclass(frozen=True)
class FilterOption:
    """A list option that narrows by a related object (``users list --group G``): the object is
    resolved in ``kind`` (ID or name) and ``template`` (with ``{id}``) is ANDed to the filter."""

    option: str
    kind: str
    template: str
    help: str = ""


@dataclass(frozen=True, eq=False)  # eq=False: kinds are singletons, hashed by identity
class Kind:
    name: str
    """CLI name, plural, kebab-case (``sign-on-policies``)."""
    title: str
    """Title for tables and tabs (``Sign-on policies``)."""
    singular: str
    """One of them, lower case (``sign-on policy``)."""
    description: str
    """One line for ``pingtui kinds`` and the kinds overview."""
    parents: tuple[Parent, ...]
    embedded: str
    """The ``_embedded`` key of a list answer."""
    columns: tuple[Column, ...]
    """Table/csv columns; all fixed-width but the last (elastic) one."""
    aliases: tuple[str, ...] = ()
    query: Query = Query()
    read_one: bool = True
    """The collection answers ``GET <path>/{id}``; else ``get`` finds the item in the list."""
    references: Mapping[str, str] = field(default_factory=dict)
    """Field path -> the kind it refers to (``population.id`` -> ``populations``), for names
    and navigation; a reference into a kind with parents resolves in the same environment."""
    opens: str | None = None
    """The child kind Enter opens on a row (a sign-on policy: its actions); None: the detail."""
    name_field: str = "name"
    """The field an "ID or name" argument matches (``username`` for users)."""
    filter_options: tuple[FilterOption, ...] = ()
    tab: bool = False
    """One of the environment screen's tabs."""
    viewer: str | None = None
    """``module:Class`` of a custom TUI screen (built with ``environment_id=``, and
    ``parent_id=`` for a child kind); None: the generic listing serves it."""
    search: tuple[str, ...] = ()
    """Attributes a typed text is searched on with ``sw`` on the server (users: username,
    email, names); (): ``name`` where the server filters on it (issue 15's server search)."""
    cli: str | None = None
    """Set when a commands module of its own registers this kind's CLI commands (its block in
    cli.py, e.g. ``activities list|tail``); None: the generic ``list``/``get``."""

    # ---------------------------------------------------------------- where it lives

    @property
    def parent(self) -> str:
        """The (first) parent: :data:`ORGANIZATION`, :data:`ENVIRONMENT` or a kind's name."""
        return self.parents[0].kind

    @property
    def in_environment(self) -> bool:
        """Its path has an environment in it (all but the organization-level kinds)."""
        return "{environment}" in self.parents[0].path

    @property
    def parent_kinds(self) -> tuple[str, ...]:
        """The kinds whose objects this one lives under (none for top-level kinds)."""
        return tuple(p.kind for p in self.parents if p.kind not in (ORGANIZATION, ENVIRONMENT))

    @property
    def page_limit(self) -> int | None:
        return self.query.limit

    def parent_for(self, parent_kind: str | None = None) -> Parent:
        if parent_kind is None:
            return self.parents[0]
        for parent in self.parents:
            if parent.kind == parent_kind:
                return parent
        raise ValueError(f"{self.name} does not live under {parent_kind}")

    def path(self, environment_id: str | None = None, parent_id: str | None = None,
             parent_kind: str | None = None) -> str:
        """The collection's path (``/environments/E/resources/R/scopes``)."""
        template = self.parent_for(parent_kind).path
        values: dict[str, str] = {}
        if "{environment}" in template:
            if not environment_id:
                raise ValueError(f"listing {self.name} needs an environment ID")
            values["environment"] = quote(environment_id, safe="")
        if "{parent}" in template:
            if not parent_id:
                raise ValueError(f"listing {self.name} needs the ID of its {self.parent}")
            values["parent"] = quote(parent_id, safe="")
        return template.format(**values)

    def item_path(self, item_id: str, environment_id: str | None = None,
                  parent_id: str | None = None, parent_kind: str | None = None) -> str:
        return f"{self.path(environment_id, parent_id, parent_kind)}/{quote(item_id, safe='')}"

    # ---------------------------------------------------------------- what it shows

    def row(self, item: Mapping[str, Any]) -> Row:
        item_id = item.get("id")
        return Row(item_id if isinstance(item_id, str) else None,
                   tuple(cell_text(c.value(item)) for c in self.columns), dict(item))

    def label(self, item: Mapping[str, Any]) -> str:
        """What names one object in a title or a breadcrumb: its name field, else its ID."""
        value = getter(self.name_field)(item)
        return cell_text(value) if value not in ("", None) else str(item.get("id", ""))


@dataclass(frozen=True)
class Row:
    """One object as the table shows it, with the raw JSON beside it."""

    id: str | None
    cells: tuple[str, ...]
    raw: dict[str, Any]


# --------------------------------------------------------------------------- cell formatting


def col(header: str, path: str, width: int | None = None,
        fmt: Callable[[Any], Any] | None = None) -> Column:
    """A column reading ``path`` (dotted; missing gives ''), optionally formatted by ``fmt``."""
    get = getter(path)
    if fmt is None:
        return Column(header, get, width)
    return Column(header, lambda obj: fmt(get(obj)), width)


def date(value: Any) -> str:
    """The date part of an ISO timestamp (2024-05-01T10:00:00Z -> 2024-05-01)."""
    return str(value)[:10]


def ids(value: Any) -> list[str]:
    """``[{"id": a}, {"id": b}]`` -> ``[a, b]`` (scopes of a grant, permissions of a role)."""
    if not isinstance(value, list):
        return []
    return [str(v.get("id", "")) for v in value if isinstance(v, Mapping)]


def count(value: Any) -> Any:
    return len(value) if isinstance(value, list) else value


def enabled_keys(value: Any) -> list[str]:
    """``{"a": {"enabled": true}, "b": {...false}}`` -> ``["a"]``."""
    if not isinstance(value, Mapping):
        return []
    return [k for k, v in value.items() if isinstance(v, Mapping) and v.get("enabled")]


def person(obj: Mapping[str, Any]) -> str:
    name = obj.get("name")
    if not isinstance(name, Mapping):
        return ""
    formatted = name.get("formatted")
    if isinstance(formatted, str) and formatted:
        return formatted
    return " ".join(str(name[k]) for k in ("given", "family") if name.get(k))


@dataclass(frozen=True)
class RefColumn(Column):
    """A column showing a reference (``Kind.references[ref]``): the ID(s) here, the name(s)
    once ``pingtui.api.references`` has looked them up for the listing."""

    ref: str = ""
    """The field path, a key of the kind's ``references`` (``population.id``, ``scopes[].id``)."""


def ref(header: str, path: str, width: int | None = None) -> RefColumn:
    """A reference column; ``a[].id`` reads the IDs of a list of ``{id}`` objects."""
    if "[]" in path:
        head, _, tail = path.partition("[].")
        get_list, get_one = getter(head), getter(tail)
        return RefColumn(header, lambda obj: [get_one(v) for v in get_list(obj) or ()
                                              if isinstance(v, Mapping)], width, ref=path)
    return RefColumn(header, getter(path), width, ref=path)


SCOPE_TYPE = "scope.type"
"""A reference target meaning "the kind named by the item's ``scope.type``" (a role
assignment's scope is an environment, population, application or the organization)."""


ID = col("ID", "id", 36)
NAME = col("NAME", "name", 30)
DESCRIPTION = col("DESCRIPTION", "description")
ENABLED = col("ENABLED", "enabled", 7)
DEFAULT = col("DEFAULT", "default", 7)
CREATED = col("CREATED", "createdAt", 10, date)


def env(path: str) -> Parent:
    return Parent(ENVIRONMENT, _ENV + path)


def under(kind: str, path: str, option: str = "") -> Parent:
    """A parent object of ``kind``: ``path`` follows ``/environments/{environment}``."""
    return Parent(kind, _ENV + path, option)


# --------------------------------------------------------------------------- the kinds

_CERT_COLUMNS = (ID, col("NAME", "name", 26), col("USAGE", "usageType", 10),
                 col("ALGORITHM", "algorithm", 9), col("KEY", "keyLength", 5),
                 col("STATUS", "status", 8), col("EXPIRES", "expiresAt", 10, date),
                 col("SUBJECT", "subjectDN"))
_RESOURCE_PARENT = "/resources/{parent}"

KINDS: tuple[Kind, ...] = (
    # ---------------------------------------------------------------- organization level
    Kind("organizations", "Organizations", "organization",
         "The organization the environments belong to",
         (Parent(ORGANIZATION, "/organizations"),), "organizations",
         (ID, NAME, col("TYPE", "type", 8), CREATED, DESCRIPTION),
         aliases=("orgs", "org", "organization"), query=Query(limit=1000)),
    Kind("licenses", "Licenses", "license",
         "Licenses of the organization: package, status, limits and expiry",
         (Parent("organizations", "/organizations/{parent}/licenses", "--organization"),),
         "licenses",
         (ID, col("NAME", "name", 28), col("PACKAGE", "package", 16), col("STATUS", "status", 9),
          col("BEGINS", "beginsAt", 10, date), col("EXPIRES", "expiresAt", 10, date),
          col("ENVIRONMENTS", "assignedEnvironmentsCount")),
         aliases=("license", "lic"),
         query=Query(filter=("beginsAt", "expiresAt", "status", "package", "name"), order=True),
         references={"organization.id": "organizations"}),
    Kind("roles", "Roles", "role",
         "PingOne's built-in administrator roles and what they may be applied to",
         (Parent(ORGANIZATION, "/roles"),), "roles",
         (ID, col("NAME", "name", 36), col("APPLIES TO", "applicableTo", 34),
          col("PERMISSIONS", "permissions", None, count)),
         aliases=("role", "builtin-roles")),
    Kind("environments", "Environments", "environment",
         "Environments of the organization: production and sandbox tenants",
         (Parent(ORGANIZATION, "/environments"),), "environments",
         (ID, NAME, col("TYPE", "type", 10), col("REGION", "region", 6), CREATED, DESCRIPTION),
         aliases=("envs", "env", "environment"),
         query=Query(limit=1000, filter=("id", "name", "type", "region", "status", "license.id",
                                         "organization.id", "createdAt"), order=True),
         references={"license.id": "licenses", "organization.id": "organizations"}),
    # ---------------------------------------------------------------- directory
    Kind("populations", "Populations", "population",
         "Sets of users with their own password policy and theme",
         (env("/populations"),), "populations",
         (ID, NAME, DEFAULT, col("USERS", "userCount", 7), DESCRIPTION),
         aliases=("pops", "pop", "population"),
         query=Query(limit=1000, filter=("id", "name"), order=True),
         references={"passwordPolicy.id": "password-policies", "theme.id": "themes"},
         tab=True),
    Kind("users", "Users", "user", "People and service identities of the environment",
         (env("/users"),), "users",
         (ID, col("USERNAME", "username", 26), col("EMAIL", "email", 32),
          Column("NAME", person, 24), ENABLED, col("STATUS", "account.status", 7),
          ref("POPULATION", "population.id")),
         aliases=("user", "u"),
         query=Query(limit=1000, filter=(ANY_ATTRIBUTE,), order=True,
                     include=("memberOfGroupIDs", "memberOfGroupNames")),
         references={"population.id": "populations", "identityProvider.id":
                     "identity-providers"},
         name_field="username", tab=True,
         search=("username", "email", "name.given", "name.family"),
         filter_options=(
             FilterOption("--group", "groups", 'memberOfGroups[id eq "{id}"]',
                          "only the group's (direct) members: ID or name"),
             FilterOption("--population", "populations", 'population.id eq "{id}"',
                          "only the users of this population: ID or name"))),
    Kind("groups", "Groups", "group", "Groups of users, for access and administration",
         (env("/groups"),), "groups",
         (ID, NAME, col("MEMBERS", "directMemberCounts.users", 7),
          ref("POPULATION", "population.id", 20), DESCRIPTION),
         aliases=("group", "grp"),
         query=Query(limit=1000, filter=("id", "name", "population.id", "externalId"),
                     order=True, include=("totalMemberCounts",)),
         references={"population.id": "populations"}, tab=True,
         filter_options=(FilterOption("--population", "populations",
                                      'population.id eq "{id}"',
                                      "only the groups of this population: ID or name"),)),
    Kind("schemas", "Schemas", "schema", "The user schema: which attributes a user has",
         (env("/schemas"),), "schemas",
         (ID, col("NAME", "name", 16), col("ATTRIBUTES", "attributes", 10, count),
          DESCRIPTION),
         aliases=("schema",), opens="schema-attributes"),
    Kind("schema-attributes", "Schema attributes", "schema attribute",
         "Attributes of a user schema: core, standard and custom",
         (under("schemas", "/schemas/{parent}/attributes"),), "attributes",
         (ID, col("NAME", "name", 24), col("DISPLAY NAME", "displayName", 24),
          col("TYPE", "type", 8), col("SCHEMA TYPE", "schemaType", 11),
          col("REQUIRED", "required", 8), col("UNIQUE", "unique", 6), ENABLED,
          col("MULTI", "multiValued")),
         aliases=("attributes", "user-attributes"), references={"schema.id": "schemas"}),
    # ---------------------------------------------------------------- applications, resources
    Kind("applications", "Applications", "application",
         "OIDC, SAML, WS-Fed and link applications that sign users on",
         (env("/applications"),), "applications",
         (ID, col("NAME", "name", 32), col("PROTOCOL", "protocol", 14), col("TYPE", "type", 16),
          ENABLED, DESCRIPTION),
         aliases=("apps", "app", "application"), tab=True),
    Kind("resources", "Resources", "resource",
         "APIs (resource servers) whose scopes applications may be granted",
         (env("/resources"),), "resources",
         (ID, col("NAME", "name", 28), col("TYPE", "type", 13), col("AUDIENCE", "audience", 32),
          col("TOKEN TTL", "accessTokenValiditySeconds", 9), DESCRIPTION),
         aliases=("resource", "res", "apis"), opens="scopes"),
    Kind("scopes", "Scopes", "scope", "OAuth scopes a resource defines",
         (under("resources", _RESOURCE_PARENT + "/scopes"),), "scopes",
         (ID, col("NAME", "name", 30), col("ATTRIBUTES", "schemaAttributes", 24),
          DESCRIPTION),
         aliases=("scope",), references={"resource.id": "resources"}),
    Kind("resource-attributes", "Resource attributes", "resource attribute",
         "Claims a resource puts into its access tokens",
         (under("resources", _RESOURCE_PARENT + "/attributes"),), "attributes",
         (ID, col("NAME", "name", 24), col("TYPE", "type", 10), col("VALUE", "value")),
         aliases=("resource-attribute", "claims"), references={"resource.id": "resources"}),
    Kind("application-resources", "Application resources", "application resource",
         "Resources of a PingOne Authorize application permission model",
         (under("resources", _RESOURCE_PARENT + "/applicationResources"),), "resources",
         (ID, col("NAME", "name", 28), col("PARENT", "parent.id", 36), DESCRIPTION),
         aliases=("app-resources",)),
    # ---------------------------------------------------------------- sign-on
    Kind("sign-on-policies", "Sign-on policies", "sign-on policy",
         "Sign-on flows: the ordered actions a user goes through",
         (env("/signOnPolicies"),), "signOnPolicies",
         (ID, col("NAME", "name", 30), DEFAULT, col("UPDATED", "updatedAt", 10, date),
          DESCRIPTION),
         aliases=("sops", "sop", "policies", "sign-on-policy"),
         opens="sign-on-policy-actions"),
    Kind("sign-on-policy-actions", "Sign-on policy actions", "sign-on policy action",
         "The steps of a sign-on policy: login, MFA, identity provider, agreement",
         (under("sign-on-policies", "/signOnPolicies/{parent}/actions"),), "actions",
         (ID, col("PRIORITY", "priority", 8), col("TYPE", "type", 28),
          col("CONDITION", "condition")),
         aliases=("actions", "sop-actions"),
         references={"signOnPolicy.id": "sign-on-policies",
                     "identityProvider.id": "identity-providers",
                     "agreement.id": "agreements",
                     "registration.population.id": "populations"}),
    Kind("identity-providers", "Identity providers", "identity provider",
         "External sign-on: social providers, OIDC and SAML identity providers",
         (env("/identityProviders"),), "identityProviders",
         (ID, col("NAME", "name", 26), col("TYPE", "type", 15), ENABLED, DESCRIPTION),
         aliases=("idps", "idp", "identity-provider"),
         references={"registration.population.id": "populations"},
         opens="identity-provider-attributes"),
    Kind("identity-provider-attributes", "Identity provider attributes",
         "identity provider attribute",
         "How an identity provider's claims map onto user attributes",
         (under("identity-providers", "/identityProviders/{parent}/attributes"),), "attributes",
         (ID, col("NAME", "name", 24), col("MAPPING", "mappingType", 7),
          col("UPDATE", "update", 10), col("VALUE", "value")),
         aliases=("idp-attributes",), references={"identityProvider.id": "identity-providers"}),
    Kind("password-policies", "Password policies", "password policy",
         "Password rules: length, complexity, history, lockout",
         (env("/passwordPolicies"),), "passwordPolicies",
         (ID, col("NAME", "name", 30), DEFAULT, col("MIN LENGTH", "length.min", 10),
          col("MAX AGE", "maxAgeDays", 7), col("LOCKOUT AFTER", "lockout.failureCount", 13),
          DESCRIPTION),
         aliases=("password-policy", "pwp")),
    Kind("agreements", "Agreements", "agreement",
         "Terms users must accept, with consent counts",
         (env("/agreements"),), "agreements",
         (ID, col("NAME", "name", 28), ENABLED, col("CONSENTS", "totalConsents", 8),
          col("RECONSENT DAYS", "reconsentPeriodDays", 14), DESCRIPTION),
         aliases=("agreement", "terms"), opens="agreement-languages"),
    Kind("agreement-languages", "Agreement languages", "agreement language",
         "The languages an agreement is written in",
         (under("agreements", "/agreements/{parent}/languages"),), "languages",
         (ID, col("LOCALE", "locale", 8), col("NAME", "displayName", 20), ENABLED,
          col("REVISION", "currentRevision.id")),
         aliases=("agreement-language",), references={"agreement.id": "agreements"},
         name_field="locale"),
    Kind("flow-policies", "Flow policies", "flow policy",
         "DaVinci flow policies an application may run",
         (env("/flowPolicies"),), "flowPolicies",
         (ID, col("NAME", "name", 30), ENABLED, col("TRIGGER", "trigger.type", 16),
          col("APPLICATION", "application.name")),
         aliases=("flow-policy", "flows"), query=Query(filter=("trigger.type",))),
    Kind("forms", "Forms", "form", "Forms that flows show to users",
         (env("/forms"),), "forms",
         (ID, col("NAME", "name", 28), col("CATEGORY", "category", 8), col("COLUMNS", "cols", 7),
          col("MODIFIED", "modified", 10, date), DESCRIPTION),
         aliases=("form",)),
    # ---------------------------------------------------------------- administration
    Kind("custom-admin-roles", "Custom admin roles", "custom admin role",
         "Administrator roles defined in this environment",
         (env("/roles"),), "roles",
         (ID, col("NAME", "name", 28), col("TYPE", "type", 8),
          col("APPLIES TO", "applicableTo", 30), col("PERMISSIONS", "permissions", None, count)),
         aliases=("custom-roles", "admin-roles"), query=Query(filter=("type", "name"))),
    Kind("gateways", "Gateways", "gateway",
         "LDAP, Kerberos, RADIUS and PingFederate gateways to on-premises systems",
         (env("/gateways"),), "gateways",
         (ID, col("NAME", "name", 26), col("TYPE", "type", 15), ENABLED,
          col("CREDENTIALS", "credentials", 11, count), DESCRIPTION),
         aliases=("gateway", "gw"), opens="gateway-instances"),
    Kind("gateway-instances", "Gateway instances", "gateway instance",
         "Running copies of a gateway and their health",
         (under("gateways", "/gateways/{parent}/instances"),), "gatewayInstances",
         (ID, col("HOSTNAME", "hostname", 24), col("CONNECTED", "connected", 9),
          col("HEALTH", "healthStatus", 9), col("VERSION", "version.versionNumber", 9),
          col("LAST REPORT", "lastReportedAt", 10, date), col("ERRORS", "currentErrors")),
         aliases=("instances", "gateway-instance"),
         references={"gateway.id": "gateways", "credential.id": "gateway-credentials"},
         name_field="hostname"),
    Kind("gateway-credentials", "Gateway credentials", "gateway credential",
         "Credentials a gateway's instances connect with (values never shown)",
         (under("gateways", "/gateways/{parent}/credentials"),), "credentials",
         (ID, col("CREATED", "createdAt", 10, date), col("LAST USED", "lastUsedAt", None, date)),
         aliases=("gateway-credential",), name_field="id"),
    Kind("alert-channels", "Alert channels", "alert channel",
         "Where PingOne sends alerts (expiring certificates, license limits)",
         (env("/alertChannels"),), "alertChannels",
         (ID, col("NAME", "alertName", 26), col("TYPE", "channelType", 6),
          col("SEVERITIES", "includeSeverities", 22), col("ADDRESSES", "addresses")),
         aliases=("alerts", "alert-channel"), read_one=False, name_field="alertName"),
    Kind("webhooks", "Webhooks", "webhook",
         "Subscriptions that push audit events to an HTTPS endpoint",
         (env("/subscriptions"),), "subscriptions",
         (ID, col("NAME", "name", 26), ENABLED, col("FORMAT", "format", 8),
          col("URL", "httpEndpoint.url")),
         aliases=("subscriptions", "webhook")),
    Kind("propagation-plans", "Propagation plans", "propagation plan",
         "Provisioning plans that copy identities between stores",
         (env("/propagation/plans"),), "plans",
         (ID, col("NAME", "name", 30), col("STATUS", "status")),
         aliases=("plans", "provisioning-plans")),
    Kind("propagation-stores", "Propagation stores", "propagation store",
         "The identity stores provisioning reads from and writes to",
         (env("/propagation/stores"),), "stores",
         (ID, col("NAME", "name", 26), col("TYPE", "type", 14), col("STATUS", "status", 8),
          col("SYNC", "syncStatus.syncState", 10), DESCRIPTION),
         aliases=("stores", "provisioning-stores")),
    Kind("rate-limit-ip-configs", "Rate limit IP configs", "rate limit IP config",
         "Addresses exempt from PingOne's rate limits",
         (env("/rateLimitIpConfigs"),), "rateLimitIpConfigs",
         (ID, col("TYPE", "type", 10), col("CREATED", "createdAt", 10, date),
          col("VALUE", "value")),
         aliases=("rate-limits", "ip-allow-list"), name_field="value"),
    # ---------------------------------------------------------------- keys and domains
    Kind("certificates", "Certificates", "certificate",
         "Certificates for TLS, signing and encryption",
         (env("/certificates"),), "certificates", _CERT_COLUMNS,
         aliases=("certs", "cert", "certificate")),
    Kind("keys", "Keys", "key", "Signing and encryption key pairs",
         (env("/keys"),), "keys", _CERT_COLUMNS, aliases=("key", "key-pairs")),
    Kind("key-rotation-policies", "Key rotation policies", "key rotation policy",
         "How often signing keys are rotated",
         (env("/keyRotationPolicies"),), "keyRotationPolicies",
         (ID, col("NAME", "name", 28), col("ALGORITHM", "algorithm", 9),
          col("KEY", "keyLength", 5), col("ROTATION DAYS", "rotationPeriod", 13),
          col("ROTATED", "rotatedAt", 10, date), col("SUBJECT", "dn")),
         aliases=("krps", "key-rotation-policy"),
         references={"currentKeyId": "keys", "nextKeyId": "keys"}),
    Kind("custom-domains", "Custom domains", "custom domain",
         "Domains that serve the environment's sign-on pages",
         (env("/customDomains"),), "customDomains",
         (ID, col("DOMAIN", "domainName", 30), col("STATUS", "status", 24),
          col("CERT EXPIRES", "certificate.expiresAt", 12, date), col("CNAME", "canonicalName")),
         aliases=("domains", "custom-domain"), name_field="domainName"),
    Kind("email-domains", "Email domains", "email domain",
         "Domains notification emails may be sent from",
         (env("/emailDomains"),), "emailDomains",
         (ID, col("DOMAIN", "domainName")),
         aliases=("email-domain", "trusted-email-domains"), name_field="domainName",
         opens="trusted-emails"),
    Kind("trusted-emails", "Trusted emails", "trusted email",
         "Sender addresses of an email domain, and whether they are verified",
         (under("email-domains", "/emailDomains/{parent}/trustedEmails"),), "trustedEmails",
         (ID, col("ADDRESS", "emailAddress", 36), col("STATUS", "status")),
         aliases=("trusted-email", "senders"), references={"domain.id": "email-domains"},
         name_field="emailAddress"),
    # ---------------------------------------------------------------- notifications, look
    Kind("notification-templates", "Notification templates", "notification template",
         "Email, SMS, voice and push messages PingOne sends",
         (env("/templates"),), "templates",
         (col("ID", "id", 32), col("NAME", "displayName", 30),
          col("DELIVERY", "deliveryMethods", 22), DESCRIPTION),
         aliases=("templates", "notification-template"),
         query=Query(limit=1000, filter=("createdAt", "updatedAt"), order=True),
         opens="notification-contents", name_field="displayName"),
    Kind("notification-contents", "Notification contents", "notification content",
         "A template's texts per locale and delivery method",
         (under("notification-templates", "/templates/{parent}/contents",
                "--notification-template"),), "contents",
         (ID, col("LOCALE", "locale", 8), col("DELIVERY", "deliveryMethod", 8),
          col("DEFAULT", "default", 7), col("VARIANT", "variant", 12),
          col("SUBJECT", "subject")),
         aliases=("contents", "template-contents"), query=Query(limit=1000),
         name_field="locale"),
    Kind("notification-policies", "Notification policies", "notification policy",
         "Daily quotas and country limits for SMS, voice and email",
         (env("/notificationsPolicies"),), "notificationsPolicies",
         (ID, col("NAME", "name", 30), DEFAULT, col("UPDATED", "updatedAt", 10, date),
          col("QUOTAS", "quotas", None, count)),
         aliases=("notifications-policies", "notification-policy")),
    Kind("phone-delivery-settings", "Phone delivery settings", "phone delivery setting",
         "Custom SMS and voice providers (Twilio, Syniverse, your own)",
         (env("/notificationsSettings/phoneDeliverySettings"),), "phoneDeliverySettings",
         (ID, col("PROVIDER", "provider", 16), col("NAME", "name", 24),
          col("NUMBERS", "numbers", 7, count), col("CREATED", "createdAt", None, date)),
         aliases=("sms-providers", "phone-delivery"), name_field="provider"),
    Kind("languages", "Languages", "language",
         "Languages the environment's pages and messages are offered in",
         (env("/languages"),), "languages",
         (ID, col("LOCALE", "locale", 8), col("NAME", "name", 24), ENABLED, DEFAULT,
          col("ADDED", "customerAdded")),
         aliases=("language", "locales")),
    Kind("themes", "Themes", "theme", "Branding of the sign-on pages",
         (env("/themes"),), "themes",
         (ID, col("NAME", "configuration.name", 28), col("TEMPLATE", "template", 8), DEFAULT,
          col("BUTTON", "configuration.buttonColor", 8), col("LOGO", "configuration.logoType")),
         aliases=("theme", "branding"), name_field="configuration.name"),
)


# --------------------------------------------------------------------------- relationships
# Who is in which group, who holds which role where, what an application may use (issue 13).
# Their rows name other objects: the reference columns show names (pingtui.api.references).

_MEMBERSHIP_COLUMNS = (col("GROUP ID", "id", 36), col("GROUP", "name", 30),
                       col("TYPE", "type"))
_ROLE_ASSIGNMENT_PATH = "/{parent}/roleAssignments"

def _activities_columns() -> tuple[Column, ...]:
    """The audit log's own columns (api.activities, issue 14), imported when a cell is first
    read: that module brings httpx, which building the CLI's parser must not pay for."""
    shape = (("TIME", 19), ("ACTION", 24), ("RESULT", 7), ("ACTOR", 20), ("RESOURCES", 24),
             ("DESCRIPTION", None))

    def cell(index: int) -> Callable[[Mapping[str, Any]], Any]:
        def value(obj: Mapping[str, Any]) -> Any:
            from pingtui.api.activities import COLUMNS

            return COLUMNS[index].value(obj)

        return value

    return tuple(Column(header, cell(i), width) for i, (header, width) in enumerate(shape))


AUDIT: tuple[Kind, ...] = (
    Kind("activities", "Activities", "activity",
         "The audit log: who did what, when, with which result",
         (env("/activities"),), "activities", _activities_columns(),
         aliases=("activity", "audit", "events"),
         query=Query(limit=1000, filter=("recordedat", "action.type", "actors.user.id",
                                         "actors.client.id", "resources.id",
                                         "resources.population.id", "correlationId",
                                         "result.status")),
         viewer="pingtui.tui.screens.activities:ActivitiesScreen",
         cli="pingtui.commands.activities", name_field="id"),
)

RELATIONSHIPS: tuple[Kind, ...] = (
    Kind("group-memberships", "Group memberships", "group membership",
         "The groups a user is in, directly or through a nested group",
         (under("users", "/users/{parent}/memberOfGroups", "--user"),), "groupMemberships",
         _MEMBERSHIP_COLUMNS, aliases=("memberships", "member-of", "user-groups"),
         query=Query(limit=1000, filter=(ANY_ATTRIBUTE,), expand=("group",)),
         references={"id": "groups"}),
    Kind("group-nestings", "Group nestings", "group nesting",
         "The groups a group is nested in (its members are members of those too)",
         (under("groups", "/groups/{parent}/memberOfGroups", "--group"),), "groupMemberships",
         _MEMBERSHIP_COLUMNS, aliases=("nestings", "nested-groups", "parent-groups"),
         references={"id": "groups"}),
    Kind("role-assignments", "Role assignments", "role assignment",
         "Administrator roles a user, group, application or gateway holds, and where",
         tuple(under(k, f"/{k}" + _ROLE_ASSIGNMENT_PATH, "--" + k.rstrip("s"))
               for k in ("users", "groups", "applications", "gateways")),
         "roleAssignments",
         (ID, ref("ROLE", "role.id", 28), col("SCOPE TYPE", "scope.type", 12),
          ref("SCOPE", "scope.id", 30), ref("ENVIRONMENT", "environment.id")),
         aliases=("roleassignments", "role-assignment", "ra"),
         references={"role.id": "roles", "scope.id": SCOPE_TYPE,
                     "environment.id": "environments"},
         name_field="role.id"),
    Kind("grants", "Grants", "grant",
         "The resources an application may ask tokens for, and which of their scopes",
         (under("applications", "/applications/{parent}/grants", "--application"),), "grants",
         (ID, ref("RESOURCE", "resource.id", 28), CREATED, ref("SCOPES", "scopes[].id")),
         aliases=("grant", "application-grants"),
         references={"resource.id": "resources", "scopes[].id": "scopes",
                     "application.id": "applications"},
         name_field="resource.id"),
    Kind("sop-assignments", "Sign-on policy assignments", "sign-on policy assignment",
         "The sign-on policies an application runs, in order of priority",
         (under("applications", "/applications/{parent}/signOnPolicyAssignments",
                "--application"),), "signOnPolicyAssignments",
         (ID, col("PRIORITY", "priority", 8), ref("POLICY", "signOnPolicy.id")),
         aliases=("sop-assignment", "sign-on-policy-assignments"),
         references={"signOnPolicy.id": "sign-on-policies", "application.id": "applications"},
         name_field="signOnPolicy.id"),
    Kind("attribute-mappings", "Attribute mappings", "attribute mapping",
         "The claims or SAML attributes an application receives, and their values",
         (under("applications", "/applications/{parent}/attributes", "--application"),),
         "attributes",
         (ID, col("NAME", "name", 24), col("TYPE", "mappingType", 8),
          col("REQUIRED", "required", 8), col("VALUE", "value")),
         aliases=("attribute-mapping", "app-attributes", "claims-mappings"),
         references={"application.id": "applications"}),
    Kind("user-sessions", "User sessions", "user session",
         "A user's sign-on sessions: when, from where, with which browser",
         (under("users", "/users/{parent}/sessions", "--user"),), "sessions",
         (ID, col("LAST SIGN-ON", "lastSignOn.at", 20), col("FROM", "lastSignOn.remoteIp", 15),
          col("BROWSER", "browser.name", 10), col("OS", "operatingSystem.name", 8),
          ref("APPLICATION", "application.id")),
         aliases=("sessions", "user-session"),
         references={"application.id": "applications", "user.id": "users"}, name_field="id"),
    Kind("linked-accounts", "Linked accounts", "linked account",
         "External identities (social or enterprise) linked to a user",
         (under("users", "/users/{parent}/linkedAccounts", "--user"),), "linkedAccounts",
         (ID, ref("IDENTITY PROVIDER", "identityProvider.id", 28),
          col("TYPE", "identityProvider.type", 12), col("EXTERNAL ID", "externalId")),
         aliases=("linked-account",),
         references={"identityProvider.id": "identity-providers", "user.id": "users"},
         name_field="externalId"),
)
KINDS = KINDS + AUDIT + RELATIONSHIPS

TAB_KINDS = tuple(k.name for k in KINDS if k.tab)
"""The environment screen's tabs, in catalog order."""
TOP_LEVEL = ("environments", "organizations", "licenses", "roles")
"""What the TUI's jump prompt offers outside an environment."""


# --------------------------------------------------------------------------- the registry


class UnknownKind(ValueError):
    def __init__(self, name: str, suggestions: list[str]) -> None:
        super().__init__(f"unknown resource kind {name!r}")
        self.name = name
        self.suggestions = suggestions


class Catalog:
    """The kinds by name, with lookup by alias and nearest-name suggestions."""

    def __init__(self, kinds: Iterable[Kind]) -> None:
        self.kinds: dict[str, Kind] = {}
        self._names: dict[str, str] = {}
        for kind in kinds:
            if kind.name in self.kinds:
                raise ValueError(f"kind {kind.name} is declared twice")
            self.kinds[kind.name] = kind
        for kind in self.kinds.values():
            for name in (kind.name, *kind.aliases):
                if self._names.setdefault(name, kind.name) != kind.name:
                    raise ValueError(f"{name!r} names both {self._names[name]} and {kind.name}")

    def __iter__(self) -> Iterator[Kind]:
        return iter(self.kinds.values())

    def __len__(self) -> int:
        return len(self.kinds)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __getitem__(self, name: str) -> Kind:
        return self.get(name)

    @property
    def names(self) -> list[str]:
        return list(self.kinds)

    def lookup(self, name: str) -> Kind | None:
        """The kind called ``name`` or one of its aliases (case and ``_`` forgiven)."""
        key = name.strip().lower().replace("_", "-").lstrip(":")
        canonical = self._names.get(key)
        return self.kinds[canonical] if canonical else None

    def get(self, name: str) -> Kind:
        kind = self.lookup(name)
        if kind is None:
            raise UnknownKind(name, self.suggest(name))
        return kind

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """The kinds whose name or alias is nearest to ``name`` (difflib), best first."""
        import difflib  # only a mistyped name needs it: not on every command's start-up

        key = name.strip().lower()
        close = difflib.get_close_matches(key, list(self._names), n=n * 3, cutoff=SIMILAR)
        found: list[str] = []
        for word in [*(w for w in self._names if key and w.startswith(key)), *close]:
            canonical = self._names[word]
            if canonical not in found:
                found.append(canonical)
        return found[:n]

    def children(self, name: str) -> list[Kind]:
        """The kinds that live under an object of kind ``name`` (a resource: its scopes…)."""
        return [k for k in self.kinds.values() if name in k.parent_kinds]

    def at_environment(self) -> list[Kind]:
        """The kinds directly under an environment."""
        return [k for k in self.kinds.values() if k.parent == ENVIRONMENT]

    def reachable(self, in_environment: bool, listing: str | None = None) -> list[Kind]:
        """The kinds a jump can open from where one is: at the top the organization-level
        ones; inside an environment its kinds, the child kinds of the kind being listed (a
        resource's scopes, from the resources list), then the organization-level ones."""
        top = [self.kinds[name] for name in TOP_LEVEL]
        if not in_environment:
            return top
        children = self.children(listing) if listing else []
        return [*self.at_environment(), *children, *top]

    def referrers(self, name: str) -> list[tuple[Kind, str]]:
        """(kind, field) pairs whose field refers to kind ``name``."""
        return [(k, path) for k in self.kinds.values()
                for path, target in k.references.items() if target == name]


CATALOG = Catalog(KINDS)


def option_for(parent: Parent, catalog: Catalog = CATALOG) -> str:
    """The CLI option that names the parent object (``--sign-on-policy``)."""
    if parent.option:
        return parent.option
    singular = catalog.kinds[parent.kind].singular
    return "--" + singular.lower().replace(" ", "-")


def dest_for(option: str) -> str:
    """argparse's attribute for an option (``--sign-on-policy`` -> ``sign_on_policy``)."""
    return option.lstrip("-").replace("-", "_")
