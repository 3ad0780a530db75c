"""The simulator's side of the resource catalog: a route and a data builder for every kind.

``ROUTES`` lists every collection the simulator serves, with PingOne's path, ``_embedded`` key
and the query parameters it takes (PINGONE-API.md). The first six (environments and their four
children) are served by ``api.py``'s long-standing code; every other route is served here by
:func:`handle`, from items a builder makes. The simulator imports nothing from the client side:
``tests/test_catalog_contract.py`` holds this list equal to ``pingtui.api.catalog``'s.

Builders are deterministic (hashes of the environment's position) and consistent: every
reference points at an object the simulator serves — a population's password policy, an
environment's license, a sign-on policy action's identity provider or agreement, a key rotation
policy's keys, a gateway instance's credential. The Administrators environment (0) holds at
least one object of every kind, so every kind has something to show in the demo.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pingtui.sim.data import (
    ORGANIZATION_ID,
    Collection,
    Item,
    _hash,
    later,
    stable_id,
    stamps,
)

if TYPE_CHECKING:
    from pingtui.sim.api import Answer, PlatformApi
    from pingtui.sim.data import TenantData

OrgBuilder = Callable[["CatalogData"], list[Item]]
EnvBuilder = Callable[["CatalogData", int], list[Item]]
ChildBuilder = Callable[["CatalogData", int, Item], list[Item]]

_PAGED = frozenset({"limit", "cursor", "filter", "order"})


@dataclass(frozen=True)
class Route:
    """One collection: PingOne's path template, ``_embedded`` key, query parameters."""

    path: str
    key: str
    params: frozenset[str] = frozenset()
    filterable: tuple[str, ...] | None = ()
    """What ``filter`` may name (None: any attribute); only when ``filter`` is a parameter."""
    read_one: bool = True
    build: Callable[..., list[Item]] | None = None
    """None: served by api.py (environments, populations, users, groups, applications)."""

    @property
    def paged(self) -> bool:
        return "limit" in self.params

    @property
    def segments(self) -> list[str]:
        return [p for p in self.path.split("/") if p]


# --------------------------------------------------------------------------- dates

ORGANIZATION_CREATED = "2021-03-01T00:00:00.000Z"
"""Before every environment (data.py's dates start there): nothing predates its parent."""


def _c(d: CatalogData, env: int, *parts: object) -> str:
    """When an object of environment ``env`` was created: after the environment was."""
    return stamps(d.data.environment_created(env), *parts)[0]


def _u(d: CatalogData, env: int, *parts: object) -> str:
    """When it was last updated (or used, reported, synced): after :func:`_c` of ``parts``."""
    return stamps(d.data.environment_created(env), *parts)[1]


def _after(parent: Item, *parts: object) -> tuple[str, str]:
    """(createdAt, updatedAt) of an object under ``parent``: made after its parent was."""
    return stamps(str(parent["createdAt"]), *parts)


# --------------------------------------------------------------------------- org level

ROLE_NAMES = (
    # (name, applicableTo, permissions) — PingOne's built-in roles; relations.py reads them.
    ("Organization Admin", ("ORGANIZATION",), 38),
    ("Environment Admin", ("ORGANIZATION", "ENVIRONMENT"), 121),
    ("Identity Data Admin", ("ENVIRONMENT", "POPULATION"), 57),
    ("Identity Data Read Only", ("ENVIRONMENT", "POPULATION"), 19),
    ("Client Application Developer", ("ENVIRONMENT",), 24),
    ("Configuration Read Only", ("ENVIRONMENT",), 33),
    ("Application Owner", ("APPLICATION",), 9),
    ("DaVinci Admin", ("ENVIRONMENT",), 41),
    ("DaVinci Admin Read Only", ("ENVIRONMENT",), 12),
    ("PingFederate Administrator", ("ENVIRONMENT",), 6),
    ("PingFederate Auditor", ("ENVIRONMENT",), 3),
    ("Authorize Gateway Policy Evaluator", ("ENVIRONMENT",), 2),
)


def organizations(d: CatalogData) -> list[Item]:
    return [{
        "id": ORGANIZATION_ID, "name": "Example Corp", "type": "PAID",
        "description": "The simulated organization of the pingtui demo",
        "createdAt": ORGANIZATION_CREATED, "updatedAt": later(ORGANIZATION_CREATED, "org"),
        "billingConnections": [{"id": stable_id("billing", 0)}],
    }]


def licenses(d: CatalogData, org: Item) -> list[Item]:
    out = []
    # The environments' licenses (data.py: stable_id("license", type)) first, then history.
    for i, (name, package, status, env_type) in enumerate((
            ("Production license", "GLOBAL", "ACTIVE", "PRODUCTION"),
            ("Sandbox license", "TRIAL", "ACTIVE", "SANDBOX"),
            ("Production license (2023)", "GLOBAL", "EXPIRED", None),
            ("Production license (2027)", "GLOBAL", "FUTURE", None))):
        lid = stable_id("license", env_type) if env_type else stable_id("license-old", i)
        begins = ("2024-01-01", "2024-01-01", "2023-01-01", "2027-01-01")[i]
        expires = ("2026-12-31", "2026-12-31", "2023-12-31", "2027-12-31")[i]
        out.append({
            "id": lid, "name": name, "package": package, "status": status,
            "organization": {"id": org["id"]},
            "beginsAt": f"{begins}T00:00:00.000Z", "expiresAt": f"{expires}T23:59:59.000Z",
            "assignedEnvironmentsCount": sum(
                1 for e in range(min(d.data.size, 29))
                if d.data.environments[e]["license"]["id"] == lid),
            "environments": {"allowProduction": env_type == "PRODUCTION", "max": 50,
                             "regions": ["NA", "EU", "CA", "AP", "AU", "SG"]},
            "users": {"max": 1_000_000 if package == "GLOBAL" else 1000,
                      "allowPasswordPolicy": True, "allowProvisioning": True},
            "mfa": {"allowPushNotification": True, "allowFido2Devices": True,
                    "allowSmsOtp": package == "GLOBAL"},
        })
    return out


def roles(d: CatalogData) -> list[Item]:
    return [{
        "id": stable_id("role", name), "name": name, "applicableTo": list(applies),
        "description": f"PingOne built-in role: {name}.",
        "permissions": [{"id": f"perm:{_slug(name)}:{p}", "classifier": "core",
                         "description": f"Permission {p + 1} of {name}"}
                        for p in range(permissions)],
    } for name, applies, permissions in ROLE_NAMES]


# --------------------------------------------------------------------------- per environment


def _env_id(d: CatalogData, env: int) -> dict[str, str]:
    return {"id": d.data.environment_id(env)}


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in text.lower()).strip("_")


def _some(table: tuple[Any, ...], env: int, kind: str, least: int = 1) -> list[Any]:
    """A stable selection of ``table`` for environment ``env``: all of it in Administrators,
    at least ``least`` (in order) elsewhere."""
    if env == 0:
        return list(table)
    take = least + _hash(kind, env) % (len(table) - least + 1)
    return list(table[:take])


def _item(d: CatalogData, env: int, kind: str, i: int, **fields: Any) -> Item:
    item: Item = {"id": stable_id(kind, env, i), "environment": _env_id(d, env)}
    item.update(fields)
    return item


RESOURCES = (
    # (name, type, audience, scopes) — openid and the PingOne API are in every environment.
    ("openid", "OPENID_CONNECT", None, ("openid", "profile", "email", "address", "phone")),
    ("PingOne API", "PINGONE_API", "https://api.pingone.com",
     ("p1:read:user", "p1:update:user", "p1:read:device", "p1:reset:userPassword")),
    ("Payments API", "CUSTOM", "https://api.example.com/payments",
     ("payments:read", "payments:write", "payments:refund")),
    ("Orders API", "CUSTOM", "https://api.example.com/orders", ("orders:read", "orders:write")),
    ("Inventory API", "CUSTOM", "https://inventory.example.com", ("inventory:read",)),
)


def resources(d: CatalogData, env: int) -> list[Item]:
    out = []
    for i, (name, kind, audience, _scopes) in enumerate(_some(RESOURCES, env, "resources", 2)):
        rid = stable_id("resources", env, i)
        item = _item(d, env, "resources", i, name=name, type=kind,
                     audience=audience or rid, accessTokenValiditySeconds=3600,
                     description=f"{name} resource server",
                     createdAt=_c(d, env, "resources", i), updatedAt=_u(d, env, "resources", i))
        if kind == "CUSTOM":
            item.update(clientId=rid, introspectEndpointAuthMethod="CLIENT_SECRET_BASIC",
                        applicationPermissionsSettings={"claimEnabled": i == 2})
        out.append(item)
    return out


def _resource_index(resource: Item) -> int:
    return next(i for i, r in enumerate(RESOURCES) if r[0] == resource.get("name"))


def scopes(d: CatalogData, env: int, resource: Item) -> list[Item]:
    names = RESOURCES[_resource_index(resource)][3]
    rid = resource["id"]
    return [{
        "id": stable_id("scopes", rid, name), "name": name, "environment": _env_id(d, env),
        "resource": {"id": rid}, "description": f"The {name} scope",
        "schemaAttributes": ["email", "name.given"] if name == "profile" else [],
        "createdAt": _after(resource, "scopes", name)[0],
        "updatedAt": _after(resource, "scopes", name)[1],
    } for name in names]


def resource_attributes(d: CatalogData, env: int, resource: Item) -> list[Item]:
    rid = resource["id"]
    rows = [("sub", "${user.id}", "CORE")]
    if resource.get("type") == "CUSTOM":
        rows += [("email", "${user.email}", "CUSTOM"), ("tier", "${user.type}", "CUSTOM")]
    elif resource.get("type") == "OPENID_CONNECT":
        rows += [("preferred_username", "${user.username}", "PREDEFINED")]
    return [{
        "id": stable_id("resource-attributes", rid, name), "name": name, "value": value,
        "type": kind, "environment": _env_id(d, env), "resource": {"id": rid},
        "idToken": kind != "CUSTOM", "userInfo": kind != "CUSTOM",
    } for name, value, kind in rows]


def application_resources(d: CatalogData, env: int, resource: Item) -> list[Item]:
    if resource.get("type") != "CUSTOM":
        return []
    rid = resource["id"]
    return [{
        "id": stable_id("application-resources", rid, name), "name": name,
        "description": f"{name.title()} in {resource['name']}",
        "parent": {"type": "PINGONE_API", "id": rid},
    } for name in ("accounts", "transactions", "statements")[:1 + _hash("ar", rid) % 3]]


def sign_on_policies(d: CatalogData, env: int) -> list[Item]:
    table = (("Single_Factor", "Username and password"),
             ("Multi_Factor", "Password, then MFA when the risk is high"),
             ("Passwordless", "FIDO2 security key or passkey"),
             ("Partner_Federation", "Sign on at the partner's identity provider"),
             ("Terms_Then_Login", "Accept the terms of service, then sign on"))
    return [_item(d, env, "signOnPolicies", i, name=name, description=description,
                  default=i == 0, createdAt=_c(d, env, "sop", i),
                  updatedAt=_u(d, env, "sop", i))
            for i, (name, description) in enumerate(_some(table, env, "signOnPolicies", 1))]


def sign_on_policy_actions(d: CatalogData, env: int, policy: Item) -> list[Item]:
    pid = policy["id"]
    population = d.first_id(env, "populations")
    idp = d.first_id(env, "identityProviders")
    agreement = d.first_id(env, "agreements")
    by_name: dict[str, list[tuple[str, dict[str, Any]]]] = {
        "Single_Factor": [("LOGIN", {"recovery": {"enabled": True}})],
        "Multi_Factor": [("LOGIN", {}), ("MULTI_FACTOR_AUTHENTICATION",
                                         {"noDevicesMode": "BLOCK",
                                          "condition": {"or": [{"ipRange": ["10.0.0.0/8"]}]}})],
        "Passwordless": [("IDENTIFIER_FIRST", {"discoveryRules": []}),
                         ("MULTI_FACTOR_AUTHENTICATION", {"noDevicesMode": "BLOCK"})],
        "Partner_Federation": [("IDENTITY_PROVIDER", {"identityProvider": {"id": idp}}
                                if idp else {}), ("PROGRESSIVE_PROFILING", {
                                    "attributes": [{"name": "email", "required": True}],
                                    "promptText": "Tell us your email address"})],
        "Terms_Then_Login": [("AGREEMENT", {"agreement": {"id": agreement}}
                              if agreement else {}), ("LOGIN", {})],
    }
    steps = by_name.get(str(policy.get("name")), [("LOGIN", {})])
    out = []
    for priority, (kind, extra) in enumerate(steps, start=1):
        if kind == "IDENTITY_PROVIDER" and not idp or kind == "AGREEMENT" and not agreement:
            kind, extra = "LOGIN", {}  # never a dangling reference
        item: Item = {"id": stable_id("actions", pid, priority), "environment": _env_id(d, env),
                      "signOnPolicy": {"id": pid}, "priority": priority, "type": kind}
        if kind == "LOGIN" and population:
            item["registration"] = {"enabled": priority == 1, "population": {"id": population}}
        item.update(extra)
        out.append(item)
    return out


IDENTITY_PROVIDERS = (("Google", "GOOGLE"), ("Corporate Azure AD", "MICROSOFT"),
                      ("Partner SAML IdP", "SAML"), ("Okta (OIDC)", "OPENID_CONNECT"),
                      ("Apple", "APPLE"), ("GitHub", "GITHUB"))


def identity_providers(d: CatalogData, env: int) -> list[Item]:
    out = []
    for i, (name, kind) in enumerate(_some(IDENTITY_PROVIDERS, env, "identityProviders", 1)):
        item = _item(d, env, "identityProviders", i, name=name, type=kind, enabled=i != 4,
                     description=f"Sign on with {name}",
                     createdAt=_c(d, env, "idp", i), updatedAt=_u(d, env, "idp", i))
        population = d.first_id(env, "populations")
        if population:
            item["registration"] = {"population": {"id": population}}
        if kind == "SAML":
            item.update(idpEntityId="https://idp.partner.example/saml", ssoBinding="HTTP_POST",
                        ssoEndpoint="https://idp.partner.example/sso")
        elif kind == "OPENID_CONNECT":
            item.update(issuer="https://example.okta.com", clientId=f"okta-{env}",
                        scopes=["openid", "email", "profile"], pkceMethod="S256")
        else:
            item["clientId"] = f"{_slug(name)}-client-{env}"
        out.append(item)
    return out


def identity_provider_attributes(d: CatalogData, env: int, idp: Item) -> list[Item]:
    pid = idp["id"]
    rows = (("username", "${providerAttributes.email}", "CORE", "EMPTY_ONLY"),
            ("email", "${providerAttributes.email}", "CUSTOM", "ALWAYS"),
            ("name.given", "${providerAttributes.given_name}", "CUSTOM", "ALWAYS"))
    return [{"id": stable_id("idp-attributes", pid, name), "name": name, "value": value,
             "mappingType": mapping, "update": update, "environment": _env_id(d, env),
             "identityProvider": {"id": pid},
             "createdAt": _after(idp, "idpa", name)[0], "updatedAt": _after(idp, "idpa", name)[1]}
            for name, value, mapping, update in rows]


def password_policies(d: CatalogData, env: int) -> list[Item]:
    table = (("Standard", 8, 90, 5), ("Passphrase", 20, 0, 10), ("Basic", 6, 0, 0))
    out = []
    for i, (name, minimum, max_age, lockout) in enumerate(table):
        # The default one is the policy data.py's populations point at.
        pid = stable_id("password-policy", env) if i == 0 else stable_id("passwordPolicies",
                                                                            env, i)
        item: Item = {"id": pid, "environment": _env_id(d, env), "name": name,
                      "description": f"{name} password policy", "default": i == 0,
                      "length": {"min": minimum, "max": 255}, "excludesCommonlyUsed": True,
                      "history": {"count": 6, "retentionDays": 365} if i == 0 else None,
                      "minComplexity": 7 if i == 0 else 1,
                      "createdAt": _c(d, env, "pwp", i),
                      "updatedAt": _u(d, env, "pwp", i)}
        if max_age:
            item["maxAgeDays"] = max_age
        if lockout:
            item["lockout"] = {"failureCount": lockout, "durationSeconds": 900}
        out.append({k: v for k, v in item.items() if v is not None})
    return out


AGREEMENTS = (("Terms of Service", 365), ("Privacy Notice", 0), ("Beta Programme", 90))


def agreements(d: CatalogData, env: int) -> list[Item]:
    return [_item(d, env, "agreements", i, name=name, enabled=i != 2,
                  description=f"The {name}", reconsentPeriodDays=days or None,
                  totalConsents=_hash("consents", env, i) % 5000,
                  totalExpiredConsents=_hash("expired", env, i) % 50,
                  consentsAggregatedAt=_u(d, env, "agg", i))
            for i, (name, days) in enumerate(_some(AGREEMENTS, env, "agreements", 1))]


def agreement_languages(d: CatalogData, env: int, agreement: Item) -> list[Item]:
    aid = agreement["id"]
    return [{"id": stable_id("agreement-languages", aid, locale), "locale": locale,
             "displayName": display, "enabled": True, "agreement": {"id": aid},
             "currentRevision": {"id": stable_id("revisions", aid, locale)},
             "userExperience": {"acceptCheckboxText": "I agree", "continueButtonText": "Continue",
                                "declineButtonText": "Decline"}}
            for locale, display in (("en", "English"), ("fr", "Français"), ("de", "Deutsch"))]


def flow_policies(d: CatalogData, env: int) -> list[Item]:
    apps = d.data.children(env, "applications")
    web = next((apps[i] for i in range(len(apps)) if apps[i].get("type") == "WEB_APP"), None)
    table = (("Registration flow", "AUTHENTICATION"), ("Password reset", "AUTHENTICATION"),
             ("Risk-based MFA", "AUTHENTICATION"))
    out = []
    for i, (name, trigger) in enumerate(_some(table, env, "flowPolicies", 1)):
        item = _item(d, env, "flowPolicies", i, name=name, enabled=i != 1,
                     trigger={"type": trigger})
        if web is not None:
            item["application"] = {"id": web["id"], "name": web["name"]}
        out.append(item)
    return out


def forms(d: CatalogData, env: int) -> list[Item]:
    table = ("Registration", "Profile update", "Consent")
    return [_item(d, env, "forms", i, name=name, category="CUSTOM", cols=4 if i else 2,
                  description=f"{name} form", markRequired=True, markOptional=False,
                  fieldTypes=["TEXT", "PASSWORD", "SUBMIT_BUTTON"][: 3 - i],
                  created=_c(d, env, "forms", i), modified=_u(d, env, "forms", i))
            for i, name in enumerate(_some(table, env, "forms", 1))]


SCHEMA_ATTRIBUTES = (
    # (name, displayName, type, schemaType, required, unique)
    ("username", "Username", "STRING", "CORE", True, True),
    ("email", "Email Address", "STRING", "CORE", False, False),
    ("name", "Name", "COMPLEX", "STANDARD", False, False),
    ("mobilePhone", "Mobile Phone", "STRING", "STANDARD", False, False),
    ("locale", "Locale", "STRING", "STANDARD", False, False),
    ("population", "Population", "COMPLEX", "CORE", True, False),
    ("employeeNumber", "Employee number", "STRING", "CUSTOM", False, True),
    ("costCenter", "Cost center", "STRING", "CUSTOM", False, False),
    ("preferences", "Preferences", "JSON", "CUSTOM", False, False),
)


def schemas(d: CatalogData, env: int) -> list[Item]:
    sid = stable_id("schemas", env, 0)
    return [{"id": sid, "environment": _env_id(d, env), "name": "User",
             "description": "The user schema", "allowsContainsOperator": True,
             "attributes": [{"id": a["id"], "name": a["name"]}
                            for a in schema_attributes(d, env, {"id": sid})]}]


def schema_attributes(d: CatalogData, env: int, schema: Item) -> list[Item]:
    sid = schema["id"]
    return [{"id": stable_id("schema-attributes", sid, name), "name": name,
             "displayName": display, "type": kind, "schemaType": schema_type,
             "required": required, "unique": unique, "enabled": True,
             "multiValued": name == "preferences", "environment": _env_id(d, env),
             "schema": {"id": sid}, "ldapAttribute": name.lower()}
            for name, display, kind, schema_type, required, unique in SCHEMA_ATTRIBUTES
            if schema_type != "CUSTOM" or env == 0 or _hash("custom-attr", env, name) % 2]


def custom_admin_roles(d: CatalogData, env: int) -> list[Item]:
    table = (("Help Desk Operator", ("POPULATION",)), ("App Reviewer", ("APPLICATION",)),
             ("Read-only Auditor", ("ENVIRONMENT",)))
    builtin = {r["name"]: r["id"] for r in d.organization_children("roles")}
    return [_item(d, env, "roles", i, name=name, type="CUSTOM", applicableTo=list(applies),
                  description=f"Custom role: {name}",
                  permissions=[{"id": f"perm:custom:{p}"} for p in range(3 + i)],
                  canBeAssignedBy=[{"id": builtin["Environment Admin"]}])
            for i, (name, applies) in enumerate(_some(table, env, "roles", 1))]


def gateways(d: CatalogData, env: int) -> list[Item]:
    table = (("Corporate LDAP", "LDAP"), ("PingFederate bridge", "PING_FEDERATE"),
             ("VPN RADIUS", "RADIUS"))
    out = []
    for i, (name, kind) in enumerate(_some(table, env, "gateways", 1)):
        gid = stable_id("gateways", env, i)
        item = _item(d, env, "gateways", i, name=name, type=kind, enabled=True,
                     description=f"{name} gateway",
                     credentials=[{"id": c["id"], "createdAt": c["createdAt"]}
                                  for c in gateway_credentials(d, env, {"id": gid})])
        if kind == "LDAP":
            item.update(vendor="Microsoft Active Directory", connectionSecurity="TLS",
                        bindDN="CN=svc-pingone,OU=Service,DC=corp,DC=example",
                        serversHostAndPort=["dc1.corp.example:636", "dc2.corp.example:636"],
                        validateTlsCertificates=True)
        elif kind == "RADIUS":
            item.update(radiusClients=[{"ip": "10.1.2.3"}])
        out.append(item)
    return out


def gateway_credentials(d: CatalogData, env: int, gateway: Item) -> list[Item]:
    gid = gateway["id"]
    return [{"id": stable_id("gateway-credentials", gid, i),
             "createdAt": _c(d, env, "gwc", gid, i), "lastUsedAt": _u(d, env, "gwc", gid, i)}
            for i in range(1 + _hash("gwc", gid) % 2)]


def gateway_instances(d: CatalogData, env: int, gateway: Item) -> list[Item]:
    gid = gateway["id"]
    credentials = gateway_credentials(d, env, gateway)
    out = []
    for i in range(1 + _hash("gwi", gid) % 3):
        healthy = _hash("gwi-health", gid, i) % 5 != 0
        out.append({
            "id": stable_id("gateway-instances", gid, i), "environment": _env_id(d, env),
            "gateway": {"id": gid}, "credential": {"id": credentials[i % len(credentials)]["id"]},
            "hostname": f"gw{i + 1}.corp.example", "connected": healthy,
            "healthStatus": "HEALTHY" if healthy else "DEGRADED",
            "currentErrors": [] if healthy else ["LDAP server dc2 did not answer"],
            "version": {"versionNumber": "3.1.4", "updateStatus": "UP_TO_DATE"},
            "initializedAt": _c(d, env, "gwi", gid, i),
            "lastReportedAt": _u(d, env, "gwi", gid, i),
            "busyPercentage": _hash("busy", gid, i) % 60,
        })
    return out


def alert_channels(d: CatalogData, env: int) -> list[Item]:
    table = (("Security team", ["security@example.com"], ["ERROR", "WARNING"]),
             ("Platform on-call", ["oncall@example.com", "pager@example.com"], ["ERROR"]))
    return [_item(d, env, "alertChannels", i, alertName=name, channelType="EMAIL",
                  addresses=addresses, includeSeverities=severities,
                  includeAlertTypes=["CERTIFICATE_EXPIRING", "LICENSE_EXPIRING"])
            for i, (name, addresses, severities) in enumerate(
                _some(table, env, "alertChannels", 1))]


def webhooks(d: CatalogData, env: int) -> list[Item]:
    table = (("Splunk audit", "SPLUNK", "https://splunk.example.com:8088/services/collector"),
             ("SIEM relay", "ACTIVITY", "https://siem.example.com/pingone"),
             ("New Relic", "NEWRELIC", "https://log-api.newrelic.com/log/v1"))
    return [_item(d, env, "subscriptions", i, name=name, format=fmt, enabled=i != 2,
                  httpEndpoint={"url": url, "headers": {}}, verifyTlsCertificates=True,
                  filterOptions={"includedActionTypes": ["USER.CREATED", "USER.DELETED"]},
                  createdAt=_c(d, env, "webhooks", i),
                  updatedAt=_u(d, env, "webhooks", i))
            for i, (name, fmt, url) in enumerate(_some(table, env, "subscriptions", 1))]


def propagation_plans(d: CatalogData, env: int) -> list[Item]:
    table = ("Workday to PingOne", "PingOne to Salesforce")
    return [_item(d, env, "plans", i, name=name, status="INACTIVE")
            for i, name in enumerate(_some(table, env, "plans", 1))]


def propagation_stores(d: CatalogData, env: int) -> list[Item]:
    table = (("Workday", "Workday"), ("Salesforce", "Salesforce"), ("PingOne", "PingOne"))
    return [_item(d, env, "stores", i, name=name, type=kind, status="INACTIVE", managed=False,
                  description=f"{name} identity store",
                  syncStatus={"syncState": "IDLE", "lastSyncAt": _u(d, env, "sync", i),
                              "successCount": _hash("sync-ok", env, i) % 900,
                              "failedCount": _hash("sync-bad", env, i) % 4})
            for i, (name, kind) in enumerate(_some(table, env, "stores", 1))]


def rate_limit_ip_configs(d: CatalogData, env: int) -> list[Item]:
    table = ("203.0.113.0/24", "198.51.100.17/32")
    return [_item(d, env, "rateLimitIpConfigs", i, type="WHITELIST", value=value,
                  createdAt=_c(d, env, "rl", i), updatedAt=_u(d, env, "rl", i))
            for i, value in enumerate(_some(table, env, "rateLimitIpConfigs", 1))]


def _certificate(d: CatalogData, env: int, kind: str, i: int, name: str, usage: str,
                 algorithm: str = "RSA") -> Item:
    start = _c(d, env, kind, i)
    year = int(start[:4])
    # The next signing key lies ahead, and the custom domain auth.example.com is ACTIVE: those
    # two are never expired (one story per name).
    expired = _hash("expired", kind, env, i) % 7 == 0 and not name.endswith("(next)") \
        and name != "auth.example.com"
    return _item(d, env, kind, i, name=name, usageType=usage, algorithm=algorithm,
                 keyLength=2048 if algorithm == "RSA" else 256,
                 signatureAlgorithm="SHA256withRSA" if algorithm == "RSA" else
                 "SHA256withECDSA", default=i == 0, organization={"id": ORGANIZATION_ID},
                 serialNumber=_hash("serial", kind, env, i) % 10**12,
                 subjectDN=f"CN={name}, O=Example Corp, C=US",
                 issuerDN="CN=Example Corp CA, O=Example Corp, C=US",
                 startsAt=start, createdAt=start,
                 expiresAt=f"{year + (1 if expired else 4)}{start[4:]}",
                 status="EXPIRED" if expired else "VALID", validityPeriod=365)


def certificates(d: CatalogData, env: int) -> list[Item]:
    table = (("auth.example.com", "SSL/TLS"), ("Partner encryption", "ENCRYPTION"),
             ("Outbound mTLS", "OUTBOUND_MTLS"))
    return [_certificate(d, env, "certificates", i, name, usage)
            for i, (name, usage) in enumerate(_some(table, env, "certificates", 1))]


def keys(d: CatalogData, env: int) -> list[Item]:
    table = (("PingOne signing key", "SIGNING", "RSA"),
             ("PingOne signing key (next)", "SIGNING", "RSA"),
             ("EC signing key", "SIGNING", "EC"), ("SAML encryption", "ENCRYPTION", "RSA"))
    return [_certificate(d, env, "keys", i, name, usage, algorithm)
            for i, (name, usage, algorithm) in enumerate(_some(table, env, "keys", 2))]


def key_rotation_policies(d: CatalogData, env: int) -> list[Item]:
    signing = [k for k in d.env_children(env, "keys")
               if k["usageType"] == "SIGNING" and k["algorithm"] == "RSA"]
    return [_item(d, env, "keyRotationPolicies", 0, name="Default rotation", algorithm="RSA",
                  keyLength=2048, signatureAlgorithm="SHA256withRSA", usageType="SIGNING",
                  dn="CN=PingOne signing, O=Example Corp", rotationPeriod=90,
                  validityPeriod=365, rotatedAt=_u(d, env, "krp"),
                  currentKeyId=signing[0]["id"], nextKeyId=signing[-1]["id"])]


def custom_domains(d: CatalogData, env: int) -> list[Item]:
    table = (("auth.example.com", "ACTIVE"), ("login.example.org", "VERIFICATION_REQUIRED"),
             ("id.example.net", "SSL_CERTIFICATE_REQUIRED"))
    out = []
    for i, (domain, status) in enumerate(_some(table, env, "customDomains", 1)):
        item = _item(d, env, "customDomains", i, domainName=domain if env == 0 else
                     f"env{env}.{domain}", status=status,
                     canonicalName=f"{stable_id('cname', env, i)[:8]}.edge.pingone.com")
        if status == "ACTIVE":
            item["certificate"] = {"expiresAt": "2027-03-01T00:00:00.000Z"}
        out.append(item)
    return out


def email_domains(d: CatalogData, env: int) -> list[Item]:
    table = ("example.com", "mail.example.org")
    return [_item(d, env, "emailDomains", i, domainName=domain)
            for i, domain in enumerate(_some(table, env, "emailDomains", 1))]


def trusted_emails(d: CatalogData, env: int, domain: Item) -> list[Item]:
    did = domain["id"]
    return [{"id": stable_id("trusted-emails", did, local), "environment": _env_id(d, env),
             "domain": {"id": did}, "domainId": did,
             "emailAddress": f"{local}@{domain['domainName']}",
             "status": "ACTIVE" if i == 0 else "VERIFICATION_REQUIRED"}
            for i, local in enumerate(("noreply", "security", "support"))]


TEMPLATES = (
    # (id = name, displayName, deliveryMethods)
    ("email_verification_user", "Verification Code Template", ("Email",)),
    ("recovery_code_template", "Recovery Code", ("Email", "SMS", "Voice")),
    ("strong_authentication", "Strong Authentication", ("Email", "SMS", "Voice", "Push")),
    ("device_pairing", "Device Pairing", ("Email", "SMS", "Voice")),
    ("new_device_paired", "New Device Paired", ("Email", "SMS", "Voice")),
    ("general", "General", ("Email", "SMS", "Voice")),
    ("transaction", "Transaction", ("Email", "SMS", "Voice", "Push")),
    ("verification_code_template", "Verification Code", ("Email",)),
    ("id_verification", "ID Verification", ("Email", "SMS")),
)


def notification_templates(d: CatalogData, env: int) -> list[Item]:
    return [{"id": name, "displayName": display, "deliveryMethods": list(methods),
             "description": f"{display} messages", "allowDynamicVariables": name == "general",
             "createdAt": _c(d, env, "templates", i),
             "updatedAt": _u(d, env, "templates", i)}
            for i, (name, display, methods) in enumerate(TEMPLATES)]


def notification_contents(d: CatalogData, env: int, template: Item) -> list[Item]:
    name = str(template["id"])
    out = []
    for method in template.get("deliveryMethods", []):
        for locale in ("en", "fr") if method == "Email" else ("en",):
            item: Item = {"id": stable_id("contents", env, name, method, locale),
                          "locale": locale, "deliveryMethod": method, "default": True,
                          "variant": "Variant B" if name == "general" and locale == "fr"
                          else "", "createdAt": _after(template, "tc", method, locale)[0],
                          "updatedAt": _after(template, "tc", method, locale)[1]}
            if method == "Email":
                item.update(subject=("Your code" if locale == "en" else "Votre code"),
                            body="<p>${otp}</p>", charset="UTF-8",
                            emailContentType="text/html",
                            **{"from": {"name": "Example", "address": "noreply@example.com"}})
            elif method == "Push":
                item.update(title="Approve sign-on?", body="${user.username} is signing on",
                            pushCategory="APPROVE_AND_OPEN_APP")
            else:
                item["content"] = "Your code is ${otp}"
            out.append(item)
    return out


def notification_policies(d: CatalogData, env: int) -> list[Item]:
    table = (("Default notification policy", 0), ("Strict SMS limits", 50))
    return [_item(d, env, "notificationsPolicies", i, name=name, default=i == 0,
                  quotas=[{"type": "ENVIRONMENT", "deliveryMethods": ["SMS", "Voice"],
                           "total": total or 1000}],
                  createdAt=_c(d, env, "np", i), updatedAt=_u(d, env, "np", i))
            for i, (name, total) in enumerate(_some(table, env, "notificationsPolicies", 1))]


def phone_delivery_settings(d: CatalogData, env: int) -> list[Item]:
    table = (("CUSTOM_TWILIO", None), ("CUSTOM_PROVIDER", "Acme SMS gateway"))
    out = []
    for i, (provider, name) in enumerate(_some(table, env, "phoneDeliverySettings", 1)):
        item = _item(d, env, "phoneDeliverySettings", i, provider=provider,
                     numbers=[{"number": f"+1555010{env % 10}{i}", "type": "PHONE_NUMBER",
                               "selected": True, "capabilities": ["SMS", "VOICE"]}],
                     createdAt=_c(d, env, "pds", i), updatedAt=_u(d, env, "pds", i))
        if name:
            item["name"] = name
        out.append(item)
    return out


LANGUAGES = (("en", "English"), ("fr", "French"), ("de", "German"), ("ja", "Japanese"),
             ("pt", "Portuguese"), ("el", "Greek"))


def languages(d: CatalogData, env: int) -> list[Item]:
    return [_item(d, env, "languages", i, locale=locale, name=name, enabled=True,
                  default=i == 0, customerAdded=i >= 3, createdAt=_c(d, env, "lang", i),
                  updatedAt=_u(d, env, "lang", i))
            for i, (locale, name) in enumerate(_some(LANGUAGES, env, "languages", 1))]


def themes(d: CatalogData, env: int) -> list[Item]:
    table = (("Example blue", "split", "#2E5EA6"), ("Dark", "slate", "#111111"))
    return [_item(d, env, "themes", i, template=template, default=i == 0,
                  configuration={"name": name, "buttonColor": colour, "logoType": "IMAGE",
                                 "backgroundType": "COLOR", "bodyTextColor": "#263956"})
            for i, (name, template, colour) in enumerate(_some(table, env, "themes", 1))]


# --------------------------------------------------------------------------- the routes

E = "/environments/{environmentID}"

ROUTES: tuple[Route, ...] = (
    # Served by api.py's code (the original five): listed for the contract test.
    Route("/environments", "environments", _PAGED | {"expand"}),
    Route(E + "/populations", "populations", _PAGED),
    Route(E + "/users", "users", _PAGED | {"include"}),
    Route(E + "/groups", "groups", _PAGED | {"include"}),
    Route(E + "/applications", "applications"),
    # Served by activities.py (through server.py): the audit log.
    Route(E + "/activities", "activities", frozenset({"limit", "cursor", "filter"}), None),
    # Organization level.
    Route("/organizations", "organizations", frozenset({"limit", "cursor"}),
          build=organizations),
    Route("/organizations/{organizationID}/licenses", "licenses",
          frozenset({"filter", "order"}), None, build=licenses),
    Route("/roles", "roles", build=roles),
    # Per environment.
    Route(E + "/resources", "resources", build=resources),
    Route(E + "/resources/{resourceID}/scopes", "scopes", build=scopes),
    Route(E + "/resources/{resourceID}/attributes", "attributes", build=resource_attributes),
    Route(E + "/resources/{resourceID}/applicationResources", "resources",
          build=application_resources),
    Route(E + "/signOnPolicies", "signOnPolicies", build=sign_on_policies),
    Route(E + "/signOnPolicies/{policyID}/actions", "actions", build=sign_on_policy_actions),
    Route(E + "/identityProviders", "identityProviders", build=identity_providers),
    Route(E + "/identityProviders/{providerID}/attributes", "attributes",
          build=identity_provider_attributes),
    Route(E + "/passwordPolicies", "passwordPolicies", build=password_policies),
    Route(E + "/agreements", "agreements", build=agreements),
    Route(E + "/agreements/{agreementID}/languages", "languages", build=agreement_languages),
    Route(E + "/flowPolicies", "flowPolicies", frozenset({"filter"}), ("trigger.type",),
          build=flow_policies),
    Route(E + "/forms", "forms", build=forms),
    Route(E + "/schemas", "schemas", build=schemas),
    Route(E + "/schemas/{schemaID}/attributes", "attributes", build=schema_attributes),
    Route(E + "/roles", "roles", frozenset({"filter"}), ("type", "name"),
          build=custom_admin_roles),
    Route(E + "/gateways", "gateways", build=gateways),
    Route(E + "/gateways/{gatewayID}/instances", "gatewayInstances", build=gateway_instances),
    Route(E + "/gateways/{gatewayID}/credentials", "credentials", build=gateway_credentials),
    Route(E + "/alertChannels", "alertChannels", read_one=False, build=alert_channels),
    Route(E + "/subscriptions", "subscriptions", build=webhooks),
    Route(E + "/propagation/plans", "plans", build=propagation_plans),
    Route(E + "/propagation/stores", "stores", build=propagation_stores),
    Route(E + "/rateLimitIpConfigs", "rateLimitIpConfigs", build=rate_limit_ip_configs),
    Route(E + "/certificates", "certificates", build=certificates),
    Route(E + "/keys", "keys", build=keys),
    Route(E + "/keyRotationPolicies", "keyRotationPolicies", build=key_rotation_policies),
    Route(E + "/customDomains", "customDomains", build=custom_domains),
    Route(E + "/emailDomains", "emailDomains", build=email_domains),
    Route(E + "/emailDomains/{emailDomainID}/trustedEmails", "trustedEmails",
          build=trusted_emails),
    Route(E + "/templates", "templates", _PAGED, ("createdAt", "updatedAt"),
          build=notification_templates),
    Route(E + "/templates/{templateName}/contents", "contents",
          frozenset({"limit", "cursor"}), build=notification_contents),
    Route(E + "/notificationsPolicies", "notificationsPolicies", build=notification_policies),
    Route(E + "/notificationsSettings/phoneDeliverySettings", "phoneDeliverySettings",
          build=phone_delivery_settings),
    Route(E + "/languages", "languages", build=languages),
    Route(E + "/themes", "themes", build=themes),
)


def _collection_key(route: Route) -> str:
    """How data.children() names an environment-level collection: the path after the
    environment (``signOnPolicies``, ``propagation/plans``)."""
    return "/".join(route.segments[2:])


def _parent_route(route: Route) -> Route | None:
    """The route of the collection whose object this one lives under (None: directly under
    the organization or an environment)."""
    segments = route.segments
    if len(segments) < 3 or not segments[-2].startswith("{") or segments[:-2] == \
            ["environments"]:
        return None
    parent = "/" + "/".join(segments[:-2])
    return next((r for r in ROUTES if r.path == parent), None)


ENV_COLLECTIONS = {_collection_key(r): r for r in ROUTES if r.build is not None
                   and r.path.startswith(E + "/") and _parent_route(r) is None}
ORG_COLLECTIONS = {r.segments[0]: r for r in ROUTES if r.build is not None
                   and len(r.segments) == 1}


# --------------------------------------------------------------------------- the data


def _as_collection(items: list[Item]) -> Collection:
    return Collection(len(items), items.__getitem__, lambda i: str(items[i].get("id")))


class CatalogData:
    """The catalog's items of one :class:`TenantData`, built on first use and kept."""

    _LIMIT = 20_000  # cached collections: an environment sweep of 100,000 stays bounded

    def __init__(self, data: TenantData) -> None:
        self.data = data
        self._cache: dict[tuple[Any, ...], Collection] = {}
        self._lock = threading.RLock()

    def _cached(self, key: tuple[Any, ...], build: Callable[[], list[Item]]) -> Collection:
        with self._lock:
            found = self._cache.get(key)
            if found is None:
                if len(self._cache) >= self._LIMIT:
                    self._cache.clear()
                found = self._cache[key] = _as_collection(build())
            return found

    def organization_children(self, kind: str) -> Collection:
        """``roles`` or ``organizations`` (relations.py reads roles by name)."""
        route = ORG_COLLECTIONS[kind]
        assert route.build is not None
        return self._cached(("org", kind), lambda: route.build(self))  # type: ignore[misc]

    def env_children(self, env: int, kind: str) -> Collection:
        """An environment-level collection by its path after the environment."""
        route = ENV_COLLECTIONS[kind]
        assert route.build is not None
        return self._cached((env, kind), lambda: route.build(self, env))  # type: ignore[misc]

    def nested(self, env: int | None, route: Route, parent: Item) -> Collection:
        assert route.build is not None
        key = (env, route.path, parent.get("id"))
        if env is None:
            return self._cached(key, lambda: route.build(self, parent))  # type: ignore[misc]
        return self._cached(key, lambda: route.build(self, env, parent))  # type: ignore[misc]

    def first_id(self, env: int, kind: str) -> str | None:
        items = self.data.children(env, kind) if kind in ("populations", "users", "groups",
                                                          "applications") \
            else self.env_children(env, kind)
        return str(items[0]["id"]) if len(items) else None

    def resource_scopes(self, env: int, resource: Item) -> Collection:
        route = next(r for r in ROUTES if r.path.endswith("/scopes"))
        return self.nested(env, route, resource)

    # ---------------------------------------------------------------- requests

    def _collection_at(self, env: int | None, segments: list[str],
                       parts: list[str]) -> tuple[Route, Collection] | None:
        """The route and collection ``parts`` names (same length as the route)."""
        for route in ROUTES:
            if route.build is None or len(route.segments) != len(parts):
                continue
            if any(not s.startswith("{") and s != p for s, p in zip(route.segments, parts)):
                continue
            if any(s.startswith("{") and not p for s, p in zip(route.segments, parts)):
                continue
            parent_route = _parent_route(route)
            if parent_route is None:
                if env is None:
                    return route, self.organization_children(route.segments[0])
                return route, self.env_children(env, _collection_key(route))
            parent_parts = parts[:-2]
            found = self._collection_at(env, segments, parent_parts) \
                if parent_route.build is not None else None
            if found is None:
                return None
            parent = found[1].find(parts[-2])
            if parent is None:
                return None
            return route, self.nested(env, route, parent)
        return None

    def handle(self, api: PlatformApi, base_url: str, parts: list[str],
               query: dict[str, str]) -> Answer | None:
        """The answer for a catalog path (``parts``: after /v1), None when it is not one."""
        from pingtui.sim.api import Answer, not_found

        env: int | None = None
        if parts[:1] == ["environments"]:
            if len(parts) < 3 or parts[2] in ("populations", "users", "groups",
                                              "applications", "activities"):
                return None  # environments themselves and api.py's children
            env = self.data.find_environment(parts[1])
            if env is None:
                return not_found()
        elif parts[:1] not in (["organizations"], ["roles"]):
            return None
        for length, read in ((len(parts), False), (len(parts) - 1, True)):
            found = self._collection_at(env, [], parts[:length])
            if found is None:
                continue
            route, collection = found
            if not read:
                return api.list_route(base_url, route, collection, query, parts)
            if not route.read_one:
                return None
            item = collection.find(parts[-1])
            return Answer(200, item) if item is not None else not_found()
        return not_found() if env is not None or parts[:1] == ["organizations"] else None
