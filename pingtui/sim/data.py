"""The simulated tenant's data: deterministic, lazily generated, with stable IDs.

Nothing is materialised up front: a collection knows its length and builds item ``i`` on
demand from a hash of its position, so 100,000 users cost no memory until they are served.
IDs are uuid5 of a fixed namespace and the item's path, so they are the same on every run.
"""

from __future__ import annotations

import functools
import hashlib
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pingtui.sim.catalog_data import CatalogData

NAMESPACE = uuid.UUID("5d0c8e4a-7b1e-4f3a-9c2d-1e6f0a9b8c7d")
ORGANIZATION_ID = str(uuid.uuid5(NAMESPACE, "organization"))
_EPOCH = datetime(2021, 3, 1, tzinfo=timezone.utc)

Item = dict[str, Any]
_CACHE_ITEMS = 20_000  # per collection: ~30 MB at most for environments


def stable_id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def _hash(*parts: object) -> int:
    digest = hashlib.blake2b("/".join(str(p) for p in parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _timestamp(*parts: object) -> str:
    return _iso(_EPOCH + timedelta(seconds=_hash("t", *parts) % (4 * 365 * 86400)))


def _parse(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def _after(start: datetime, days: int, *parts: object) -> datetime:
    return start + timedelta(seconds=_hash("later", *parts) % (days * 86400))


def later(stamp: str, *parts: object, days: int = 365) -> str:
    """A stable moment up to ``days`` after ``stamp`` (an ISO timestamp of ``_timestamp``):
    an update after the creation, a member after its environment, a sign-on after the user."""
    return _iso(_after(_parse(stamp), days, *parts))


def stamps(since: str | datetime, *parts: object) -> tuple[str, str]:
    """``(createdAt, updatedAt)`` of an object made after ``since`` (its parent's creation),
    updated after it was created: a demo whose dates contradict each other looks broken."""
    created = _after(_parse(since) if isinstance(since, str) else since, 300, "created", *parts)
    return _iso(created), _iso(_after(created, 120, "updated", *parts))


# Letters NFKD does not decompose into ASCII (ł is not "l + a stroke" to Unicode), and the
# Cyrillic alphabet (ISO 9 / BGN-ish, as usernames are commonly made): "Łukasz" -> lukasz,
# "Jørgensen" -> jorgensen, "Иванов" -> ivanov, instead of dropping the letters.
_LETTERS = str.maketrans({
    "ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th",
    "ı": "i", "ħ": "h", "ŋ": "ng", "ŧ": "t", "ĸ": "k",
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
})
# Names in scripts without letters to map (kanji): their usual romanisation.
_ROMANISED = {"美咲": "misaki", "佐藤": "sato"}


def transliterate(text: str) -> str:
    """``text`` as lower-case ASCII letters and digits, for usernames and e-mail addresses."""
    text = _ROMANISED.get(text, text).lower().translate(_LETTERS)
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded if ch.isalnum()) or "user"



# --------------------------------------------------------------------------- curated data

# (name, type, region, description) — led by Administrators, as Ping CLI's docs show.
ENVIRONMENTS: tuple[tuple[str, str, str, str], ...] = (
    ("Administrators", "PRODUCTION", "NA", "Administrators of this organization sign on here."),
    ("[prod] Customer Identity", "PRODUCTION", "NA", "Customer sign-on for example.com"),
    ("[staging] Customer Identity", "SANDBOX", "NA", "Pre-production copy of [prod]"),
    ("Workforce", "PRODUCTION", "EU", "Employees and contractors (SSO to SaaS)"),
    ("Zürich Banking", "PRODUCTION", "EU", "Kundenportal für Privatkunden in Zürich"),
    ("東京 Development", "SANDBOX", "AP", "開発環境 — Tokyo development team"),
    ("São Paulo QA", "SANDBOX", "NA", "Testes de aceitação"),
    ("Partner Portal [ext]", "PRODUCTION", "CA", "B2B partner federation (SAML and OIDC)"),
    ("a[/]b Lab", "SANDBOX", "NA", "Brackets in names must show as typed: [bold]not bold[/]"),
    ("Payments PCI", "PRODUCTION", "EU", "Card payments; restricted access, audit logged"),
    ("Mobile Apps", "PRODUCTION", "NA", "Native iOS and Android apps"),
    ("Developer Sandbox", "SANDBOX", "NA", "Scratch space for the platform team"),
    ("Sydney Retail", "PRODUCTION", "AU", "Retail customers in Australia"),
    ("Singapore Gov Pilot", "SANDBOX", "SG", "Pilot with national digital identity"),
    ("Montréal Support", "PRODUCTION", "CA", "Soutien à la clientèle (français et anglais)"),
    ("Ελληνικά Test", "SANDBOX", "EU", "Greek-language test environment"),
    ("Москва Archive", "SANDBOX", "EU", "Read-only archive; scheduled for deletion"),
    ("IoT Devices", "PRODUCTION", "NA", "Device authorization for set-top boxes and kiosks"),
    ("Load Testing", "SANDBOX", "NA", "Synthetic users for performance runs"),
    ("Marketing Microsites", "SANDBOX", "NA", "Campaign sites and newsletter sign-ups"),
    ("HR Integration", "PRODUCTION", "EU", "Provisioning from the HR system of record"),
    ("Legacy Migration 2019", "SANDBOX", "NA", "Users imported from the old LDAP directory"),
    ("Data Science 🔬", "SANDBOX", "EU", "Notebooks and model serving behind SSO"),
    ("Customer Identity — Long Description", "SANDBOX", "NA",
     "A deliberately long description to test truncation in tables: " + "lorem ipsum " * 20),
    ("Disaster Recovery", "PRODUCTION", "CA", "Warm standby of [prod] Customer Identity"),
    ("Contractors", "PRODUCTION", "NA", "Short-lived accounts for external contractors"),
    ("Internal Tools", "SANDBOX", "NA", "Dashboards, wikis and the on-call rota"),
    ("Asia Pacific Sales", "PRODUCTION", "AP", "Sales teams in APAC"),
    ("Sunset Sandbox", "SANDBOX", "NA", "To be deleted after the Q3 migration"),
)
ADMIN_ENVIRONMENT_ID = stable_id("environment", 0)

GIVEN = ("Ada", "José", "Zoë", "Łukasz", "Siobhán", "Ахмед", "美咲", "Nguyễn", "Chloé", "Ravi",
         "Fatima", "Björn", "Olúwaseun", "Mia", "Søren", "Aiko", "Liam", "Noor", "Émile", "Grace")
FAMILY = ("Lovelace", "García", "Müller", "O'Brien", "Kowalski", "Иванов", "佐藤", "Tran",
          "Dubois", "Patel", "Haddad", "Andersson", "Adébáyọ̀", "Rossi", "Jørgensen", "Tanaka",
          "Smith", "Khan", "Lefèvre", "Hopper")
POPULATIONS = ("Default", "Contractors", "Partners [ext]", "Customers — EU", "Service Accounts")
# How users spread over an environment's populations: per cycle of sum(weights) users, this
# many land in each (the first N weights for N populations). A closed form, so a population's
# userCount is the number of users that name it, without building 100,000 users to count.
POPULATION_WEIGHTS = (6, 2, 2, 3, 1)
GROUPS = ("Administrators", "Help Desk", "[prod] On-call", "Engineering", "Finance & Legal",
          "Ünïcödé Team", "All Employees", "Beta Testers")
# (name, protocol, type, description)
APPLICATIONS = (
    ("PingOne Admin Console", "OPENID_CONNECT", "PING_ONE_ADMIN_CONSOLE", "Built-in"),
    ("PingOne Self-Service - MyAccount", "OPENID_CONNECT", "PING_ONE_SELF_SERVICE", "Built-in"),
    ("PingOne Application Portal", "OPENID_CONNECT", "PING_ONE_PORTAL", "Built-in"),
    ("pingtui worker", "OPENID_CONNECT", "WORKER", "Terminal UI and CLI (device code)"),
    ("Customer Web [prod]", "OPENID_CONNECT", "WEB_APP", "example.com customer site"),
    ("Mobile Banking", "OPENID_CONNECT", "NATIVE_APP", "iOS and Android app"),
    ("Dashboard SPA", "OPENID_CONNECT", "SINGLE_PAGE_APP", "React dashboard"),
    ("Salesforce", "SAML", "WEB_APP", "SAML SSO to Salesforce"),
    ("Intranet Link", "EXTERNAL_LINK", "PORTAL_LINK_APP", "https://intranet.example.com"),
    ("Nightly Sync Service", "OPENID_CONNECT", "SERVICE", "Client credentials, no users"),
)
GRANTS_BY_TYPE = {
    "WORKER": ["CLIENT_CREDENTIALS", "DEVICE_CODE", "AUTHORIZATION_CODE", "REFRESH_TOKEN"],
    "WEB_APP": ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
    "NATIVE_APP": ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
    "SINGLE_PAGE_APP": ["AUTHORIZATION_CODE"],
    "SERVICE": ["CLIENT_CREDENTIALS"],
}


# --------------------------------------------------------------------------- collections


@dataclass
class Collection:
    """``length`` items built on demand by ``make(i)``; IDs found through a lazy index."""

    length: int
    make: Callable[[int], Item]
    id_of: Callable[[int], str]
    _index: dict[str, int] | None = field(default=None, repr=False)
    _cache: dict[int, Item] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return self.length

    def __iter__(self) -> Iterator[Item]:
        # Without it, iteration would go through __getitem__ and never stop (make(i) builds
        # an item for any i).
        return (self[i] for i in range(self.length))

    def __getitem__(self, i: int) -> Item:
        # Built items are kept (bounded) so that repeated listings — benchmarks — cost only
        # the JSON encoding; callers must not mutate them.
        item = self._cache.get(i)
        if item is None:
            if len(self._cache) >= _CACHE_ITEMS:
                self._cache.clear()
            item = self._cache[i] = self.make(i)
        return item

    def index_of(self, item_id: str) -> int | None:
        if self._index is None:  # built once, on the first read-by-ID
            self._index = {self.id_of(i): i for i in range(self.length)}
        return self._index.get(item_id)

    def find(self, item_id: str) -> Item | None:
        i = self.index_of(item_id)
        return None if i is None else self[i]


class TenantData:
    """An organization: ``size`` environments, each with its populations, users, groups, apps.

    ``users`` fixes the number of users in every environment (benchmarks); by default each
    environment has a realistic, stable number of them.
    """

    def __init__(self, size: int = len(ENVIRONMENTS), users: int | None = None) -> None:
        self.size = size
        self.users = users
        self.environments = Collection(size, self._environment, self.environment_id)
        self._children: dict[tuple[int, str], Collection] = {}
        self._slots: dict[int, list[int]] = {}
        self._created: dict[int, datetime] = {}
        self._curated = {self.environment_id(i): i for i in range(min(size, len(ENVIRONMENTS)))}

    # ---------------------------------------------------------------- environments

    @staticmethod
    def environment_id(i: int) -> str:
        return stable_id("environment", i)

    def find_environment(self, env_id: str) -> int | None:
        # The curated environments (sign-on, drill-down) are found without indexing 100,000.
        if env_id in self._curated:
            return self._curated[env_id]
        return self.environments.index_of(env_id) if self.size > len(self._curated) else None

    def _environment(self, i: int) -> Item:
        if i < len(ENVIRONMENTS):
            name, env_type, region, description = ENVIRONMENTS[i]
        else:
            name, env_type, region = f"Generated {i:06d}", ("SANDBOX", "PRODUCTION")[i % 2], \
                ("NA", "EU", "CA", "AP", "AU", "SG")[i % 6]
            description = f"Synthetic environment number {i}"
        env_id = self.environment_id(i)
        products = [{"type": "PING_ONE_BASE"}]
        if env_type == "PRODUCTION":
            products.append({"type": "PING_ONE_MFA"})
        item: Item = {
            "_links": {"self": {"href": f"/v1/environments/{env_id}"}},
            "id": env_id,
            "name": name,
            "description": description,
            "type": env_type,
            "region": region,
            "status": "DELETE_PENDING" if name == "Sunset Sandbox" else "ACTIVE",
            "organization": {"id": ORGANIZATION_ID},
            "license": {"id": stable_id("license", env_type)},
            "billOfMaterials": {"products": products},
            "createdAt": self.environment_created(i),
            "updatedAt": later(self.environment_created(i), "environment-updated", i, days=400),
        }
        if i == 3:  # real answers omit fields: one environment has no description at all
            del item["description"]
        return item

    @staticmethod
    def environment_created(i: int) -> str:
        """When environment ``i`` was made; everything in it was made after."""
        return _timestamp("environment", i)

    # ---------------------------------------------------------------- children

    def children(self, env: int, kind: str) -> Collection:
        if kind not in ("populations", "users", "groups", "applications"):
            # Every other kind of the catalog (resources, signOnPolicies, …): catalog_data.py.
            return self.catalog.env_children(env, kind)
        key = (env, kind)
        if key not in self._children:
            self._children[key] = self._make_children(env, kind)
        return self._children[key]

    @functools.cached_property
    def catalog(self) -> CatalogData:
        """The catalog's other kinds (``sim.catalog_data.CatalogData``), built on first use."""
        from pingtui.sim.catalog_data import CatalogData

        return CatalogData(self)

    def organization_children(self, kind: str) -> Collection:
        """Organization-level collections: ``roles``, ``organizations``."""
        return self.catalog.organization_children(kind)

    def resource_scopes(self, env: int, resource: Item) -> Collection:
        return self.catalog.resource_scopes(env, resource)

    def _count(self, env: int, kind: str) -> int:
        if kind == "populations":
            return 1 + _hash("populations", env) % len(POPULATIONS)
        if kind == "groups":
            return 2 + _hash("groups", env) % (len(GROUPS) - 1)
        if kind == "applications":  # Administrators holds them all, with pingtui's worker
            if env == 0:
                return len(APPLICATIONS)
            return 3 + _hash("applications", env) % (len(APPLICATIONS) - 2)
        if self.users is not None:
            return self.users
        return 42 if env == 0 else 5 + _hash("users", env) % 120

    def _make_children(self, env: int, kind: str) -> Collection:
        if kind == "users" and getattr(self, "scale_users", None) and \
                env < len(ENVIRONMENTS) and ENVIRONMENTS[env][0] == "Load Testing":
            # Load Testing's 1,000,000 users (sim/scale.py, imported only for them).
            from pingtui.sim.scale import scale_users

            big = scale_users(self, env)
            if big is not None:
                return big  # type: ignore[return-value]
        maker = getattr(self, "_" + kind.rstrip("s"))
        return Collection(self._count(env, kind), lambda i: maker(env, i),
                          lambda i: stable_id(kind, env, i))

    def _population_slots(self, env: int) -> list[int]:
        """One cycle of population indices (weights, in a stable shuffled order): user ``i``
        is in ``slots[i % len(slots)]``."""
        slots = self._slots.get(env)
        if slots is None:
            weights = POPULATION_WEIGHTS[:len(self.children(env, "populations"))]
            ordered = [p for p, weight in enumerate(weights) for _ in range(weight)]
            order = sorted(range(len(ordered)), key=lambda j: _hash("slot", env, j))
            slots = self._slots[env] = [ordered[j] for j in order]
        return slots

    def population_of(self, env: int, user: int) -> int:
        slots = self._population_slots(env)
        return slots[user % len(slots)]

    def population_user_count(self, env: int, population: int) -> int:
        """How many users of ``env`` are in ``population`` (they add up to the users)."""
        slots = self._population_slots(env)
        users = len(self.children(env, "users"))
        cycles, rest = divmod(users, len(slots))
        return cycles * slots.count(population) + slots[:rest].count(population)

    def _env_link(self, env: int, kind: str, item_id: str) -> dict[str, Any]:
        env_id = self.environment_id(env)
        return {"self": {"href": f"/v1/environments/{env_id}/{kind}/{item_id}"},
                "environment": {"href": f"/v1/environments/{env_id}"}}

    def _stamps(self, env: int, kind: str, i: int) -> dict[str, str]:
        since = self._created.get(env)
        if since is None:
            since = self._created[env] = _parse(self.environment_created(env))
        created, updated = stamps(since, kind, env, i)
        return {"createdAt": created, "updatedAt": updated}

    def _population(self, env: int, i: int) -> Item:
        pid = stable_id("populations", env, i)
        return {
            "_links": self._env_link(env, "populations", pid),
            "id": pid,
            "environment": {"id": self.environment_id(env)},
            "name": POPULATIONS[i],
            "description": f"{POPULATIONS[i]} population",
            "default": i == 0,
            "userCount": self.population_user_count(env, i),
            "passwordPolicy": {"id": stable_id("password-policy", env)},
            **self._stamps(env, "populations", i),
        }

    def _user(self, env: int, i: int) -> Item:
        uid = stable_id("users", env, i)
        h = _hash("user", env, i)
        given, family = GIVEN[h % len(GIVEN)], FAMILY[(h >> 8) % len(FAMILY)]
        username = f"{transliterate(given)}.{transliterate(family)}{i}"
        locked = h % 17 == 0
        # A user joins after her population was made (the population is dated after the env).
        population = self.population_of(env, i)
        created, updated = stamps(self._stamps(env, "populations", population)["createdAt"],
                                  "users", env, i)
        dates = {"createdAt": created, "updatedAt": updated}
        return {
            "_links": self._env_link(env, "users", uid),
            "id": uid,
            "environment": {"id": self.environment_id(env)},
            "username": username,
            "email": f"{username}@example.com",
            "name": {"given": given, "family": family, "formatted": f"{given} {family}"},
            "enabled": h % 11 != 0,
            "population": {"id": stable_id("populations", env, population)},
            "account": {"status": "LOCKED" if locked else "OK", "canAuthenticate": not locked},
            "lifecycle": {"status": "ACCOUNT_OK"},
            "mfaEnabled": h % 3 == 0,
            "lastSignOn": {"at": later(dates["createdAt"], "signon", env, i, days=200)}
            if h % 4 else None,
            **dates,
        }

    def _group(self, env: int, i: int) -> Item:
        gid = stable_id("groups", env, i)
        from pingtui.sim.relations import Relations  # counts agree with the memberships

        relations = Relations(self)
        return {
            "_links": self._env_link(env, "groups", gid),
            "id": gid,
            "environment": {"id": self.environment_id(env)},
            "name": GROUPS[i],
            "description": f"Members of {GROUPS[i]}",
            "population": {"id": stable_id("populations", env, 0)},
            "directMemberCounts": {"users": relations.direct_member_count(env, i)},
            "totalMemberCounts": {"users": relations.total_member_count(env, i)},
            **self._stamps(env, "groups", i),
        }

    def _application(self, env: int, i: int) -> Item:
        aid = stable_id("applications", env, i)
        name, protocol, app_type, description = APPLICATIONS[i]
        item: Item = {
            "_links": self._env_link(env, "applications", aid),
            "id": aid,
            "environment": {"id": self.environment_id(env)},
            "name": name,
            "description": description,
            "enabled": i != 9,
            "protocol": protocol,
            "type": app_type,
            **self._stamps(env, "applications", i),
        }
        if protocol == "OPENID_CONNECT" and app_type in GRANTS_BY_TYPE:
            item.update({
                "clientId": aid,
                "grantTypes": GRANTS_BY_TYPE[app_type],
                "redirectUris": ["http://127.0.0.1:7464/callback"] if "AUTHORIZATION_CODE"
                in GRANTS_BY_TYPE[app_type] else [],
                "tokenEndpointAuthMethod": "NONE" if app_type in ("NATIVE_APP", "SINGLE_PAGE_APP")
                else "CLIENT_SECRET_BASIC",
                "pkceEnforcement": "S256_REQUIRED" if app_type != "SERVICE" else "OPTIONAL",
            })
        return item
