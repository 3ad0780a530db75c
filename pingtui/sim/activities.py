"""The simulator's audit log: ``/v1/environments/{id}/activities`` with PingOne's shape.

An activity is ``{id, recordedAt, createdAt, correlationId, action: {type, description},
result: {status, description}, actors: {user?, client?}, resources: [...]}``. Collections are
newest first and page with ``limit`` (default 100, at most 1000) and an offset cursor in the
``next`` link — so, as on a busy real tenant, an activity recorded inside a window while its
pages are read shifts the later pages (the client must deduplicate).

Filters are PingOne's: a date range on ``recordedat`` (``gt ge lt le``, required), and ``eq`` on
``action.type``, ``actors.user.id``, ``actors.user.name``, ``actors.client.id``,
``resources.id``, ``resources.type``, ``resources.population.id``, ``result.status`` and
``correlationid``, joined with ``and`` / ``or``. Anything else is PingOne's 400
``INVALID_FILTER``.

What is in the log: a seeded week of history per environment (built when first read, relative
to the clock), what clients do (a sign-on, a failed one, a listing) as they do it, and — when
``start_trickle`` is called (the demo) — a background trickle of sign-ons and changes. Tests
drive it with :meth:`ActivityLog.record` and :meth:`ActivityLog.trickle_once` instead, and may
``reset`` it with a frozen clock.
"""

from __future__ import annotations

import bisect
import random
import re
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote, urlencode

from pingtui.sim.api import Answer, _cursor, _offset, error, invalid_data, not_found
from pingtui.sim.data import TenantData, _hash
from pingtui.sim.filters import FilterError, parse_filter

Item = dict[str, Any]
Clock = Callable[[], datetime]

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
HISTORY_DAYS = 7
HISTORY_PER_ENVIRONMENT = 240
MAX_PER_ENVIRONMENT = 200_000  # a demo left running for days stays bounded (oldest dropped)

TIME_ATTRIBUTES = ("recordedat", "createdat")
EQ_ATTRIBUTES = ("action.type", "actors.user.id", "actors.user.name", "actors.client.id",
                 "resources.id", "resources.type", "resources.population.id", "result.status",
                 "correlationid")
_COMPARISON = re.compile(r"([A-Za-z_][\w.]*)\s+(eq|ne|co|sw|ew|gt|ge|lt|le|pr)\b(\s+\"[^\"]*\")?",
                         re.IGNORECASE)
_ISO = re.compile(r"(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?"
                  r"(Z|z|[+-]\d{2}:?\d{2})?$")

# (type, description, resource kind, FAILED share in %)
ACTIONS: tuple[tuple[str, str, str, int], ...] = (
    ("USER.ACCESS_ALLOWED", "User Access Allowed", "users", 0),
    ("USER.ACCESS_DENIED", "User Access Denied", "users", 100),
    ("PASSWORD.CHECK_SUCCEEDED", "Password Check Succeeded", "users", 0),
    ("PASSWORD.CHECK_FAILED", "Password Check Failed", "users", 100),
    ("USER.CREATED", "User Created", "users", 0),
    ("USER.UPDATED", "User Updated", "users", 5),
    ("USER.DELETED", "User Deleted", "users", 0),
    ("GROUP_MEMBER.ADDED", "Group Member Added", "groups", 0),
    ("APPLICATION.UPDATED", "Application Updated", "applications", 10),
    ("ROLE_ASSIGNMENT.CREATED", "Role Assignment Created", "users", 10),
    ("SESSION.CREATED", "Session Created", "users", 0),
)
_DESCRIPTIONS = {a[0]: a[1] for a in ACTIONS}
_FAILURES = {
    "USER.ACCESS_DENIED": "The user is not allowed to access this application.",
    "PASSWORD.CHECK_FAILED": "The password is incorrect.",
}


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def format_time(moment: datetime) -> str:
    """PingOne's form: ``2024-05-01T10:00:00.123Z`` (UTC, milliseconds)."""
    moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_time(text: str) -> datetime | None:
    """An ISO-8601 time with a zone (``Z`` or an offset); a time without one is UTC."""
    match = _ISO.match(text.strip())
    if not match:
        return None
    day, clock, fraction, zone = match.groups()
    if clock.count(":") == 1:
        clock += ":00"
    micro = (fraction or "0")[:6].ljust(6, "0")
    offset = "+00:00" if zone in (None, "Z", "z") else zone
    if len(offset) == 5:  # +0200
        offset = offset[:3] + ":" + offset[3:]
    try:
        return datetime.fromisoformat(f"{day}T{clock}.{micro}{offset}").astimezone(timezone.utc)
    except ValueError:
        return None


def _sortable(moment: datetime) -> str:
    # Fixed width with microseconds: string order is time order, so the SCIM evaluator's
    # string comparisons are exact for recordedat.
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class _Stored:
    __slots__ = ("at", "item", "view")

    def __init__(self, at: datetime, item: Item) -> None:
        self.at = at
        self.item = item
        resources = item.get("resources") or []
        actors = item.get("actors") or {}
        # What filters see: lower-case names, and resources' fields as lists (any-match).
        self.view: Item = {
            "recordedat": _sortable(at),
            "createdat": _sortable(at),
            "correlationid": item.get("correlationId"),
            "action": {"type": (item.get("action") or {}).get("type")},
            "result": {"status": (item.get("result") or {}).get("status")},
            "actors": {k: {"id": v.get("id"), "name": v.get("name")}
                       for k, v in actors.items() if isinstance(v, dict)},
            "resources": {"id": [r.get("id") for r in resources],
                          "type": [r.get("type") for r in resources],
                          "population": {"id": [(r.get("population") or {}).get("id")
                                                for r in resources]}},
        }


def _invalid_filter(message: str) -> Answer:
    return invalid_data("filter", message, "INVALID_FILTER")


def compile_activity_filter(text: str) -> Callable[[Item], bool]:
    """The predicate for a PingOne activities filter; raises FilterError with PingOne's words."""
    if not text.strip():
        raise FilterError("a filter with a date range on recordedat is required")
    lower = upper = False
    # Normalise recordedat values (any ISO form) to the stored fixed-width form.
    def normalise(match: re.Match[str]) -> str:
        nonlocal lower, upper
        attribute, op, value = match.group(1), match.group(2).lower(), match.group(3)
        name = attribute.lower()
        if name in TIME_ATTRIBUTES:
            if op not in ("gt", "ge", "lt", "le"):
                raise FilterError(f"'{attribute}' supports only gt, ge, lt and le")
            if value is None:
                raise FilterError(f"'{attribute} {op}' needs a quoted time")
            moment = parse_time(value.strip()[1:-1])
            if moment is None:
                raise FilterError(f"{value.strip()} is not a time "
                                  "(yyyy-MM-dd'T'HH:mm:ss.SSSZ)")
            lower |= op in ("gt", "ge")
            upper |= op in ("lt", "le")
            return f'{attribute} {op} "{_sortable(moment)}"'
        if name in EQ_ATTRIBUTES:
            if op != "eq":
                raise FilterError(f"'{attribute}' supports only eq")
            return match.group(0)
        raise FilterError(f"filtering activities on '{attribute}' is not supported")

    rewritten = _COMPARISON.sub(normalise, text)
    predicate = parse_filter(rewritten, TIME_ATTRIBUTES + EQ_ATTRIBUTES)
    if not (lower and upper):
        raise FilterError("the filter must include a date range: recordedat gt \"…\" and "
                          "recordedat lt \"…\"")
    return predicate


class ActivityLog:
    """Every environment's audit activities, thread-safe (server threads and the trickle)."""

    def __init__(self, data: TenantData, *, clock: Clock = utc_now,
                 history: int = HISTORY_PER_ENVIRONMENT, seed: int = 14) -> None:
        self.data = data
        self.clock = clock
        self.history = history
        self.record_requests = True
        """Record sign-ons and listings made against the simulator (the demo's own actions)."""
        self._lock = threading.RLock()
        self._by_env: dict[str, list[_Stored]] = {}
        self._by_id: dict[str, tuple[str, _Stored]] = {}
        self._rng = random.Random(seed)
        self._trickle: threading.Thread | None = None
        self._trickle_stop = threading.Event()
        self._seeded_at = clock()

    # ---------------------------------------------------------------- control (tests, demo)

    def reset(self, *, clock: Clock | None = None, history: int | None = None,
              seed: int = 14, record_requests: bool = True) -> None:
        """Forget everything; history is seeded again (relative to the clock) when read."""
        with self._lock:
            if clock is not None:
                self.clock = clock
            if history is not None:
                self.history = history
            self.record_requests = record_requests
            self._by_env.clear()
            self._by_id.clear()
            self._rng = random.Random(seed)
            self._seeded_at = self.clock()

    def start_trickle(self, interval: float = 3.0) -> None:
        """Record an activity every ``interval`` seconds in a background thread (the demo)."""
        if self._trickle is not None:
            return
        self._trickle_stop.clear()

        def run() -> None:
            while not self._trickle_stop.wait(interval):
                self.trickle_once()

        self._trickle = threading.Thread(target=run, name="sim-activity-trickle", daemon=True)
        self._trickle.start()

    def stop_trickle(self) -> None:
        thread, self._trickle = self._trickle, None
        if thread is not None:
            self._trickle_stop.set()
            thread.join(timeout=5)

    def activities(self, environment_id: str) -> list[Item]:
        """Everything recorded in an environment, oldest first (tests compare against it)."""
        with self._lock:
            return [s.item for s in self._environment(environment_id)]

    # ---------------------------------------------------------------- recording

    def record(self, environment_id: str, action_type: str, description: str | None = None, *,
               status: str = "SUCCESS", result_description: str | None = None,
               user: Mapping[str, Any] | None = None, client: Mapping[str, Any] | None = None,
               resources: Iterable[Mapping[str, Any]] = (), correlation_id: str | None = None,
               at: datetime | None = None) -> Item:
        """Record one activity (``at``: a past time, as a late-indexed event; default now)."""
        with self._lock:
            stored = self._environment(environment_id)  # history first: it is older
            moment = (at or self.clock()).astimezone(timezone.utc)
            moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
            activity_id = str(uuid.UUID(int=self._rng.getrandbits(128), version=4))
            item = self._build(environment_id, activity_id, moment, action_type, description,
                               status, result_description, user, client, resources,
                               correlation_id)
            entry = _Stored(moment, item)
            keys = [s.at for s in stored]
            stored.insert(bisect.bisect_right(keys, moment), entry)
            self._by_id[activity_id] = (environment_id, entry)
            if len(stored) > MAX_PER_ENVIRONMENT:
                dropped = stored.pop(0)
                self._by_id.pop(dropped.item["id"], None)
            return item

    def _build(self, env_id: str, activity_id: str, moment: datetime, action_type: str,
               description: str | None, status: str, result_description: str | None,
               user: Mapping[str, Any] | None, client: Mapping[str, Any] | None,
               resources: Iterable[Mapping[str, Any]], correlation_id: str | None) -> Item:
        base = f"/v1/environments/{env_id}"
        actors: Item = {}
        if client:
            actors["client"] = {"id": client.get("id"), "name": client.get("name"),
                                "type": "CLIENT", "environment": {"id": env_id},
                                "href": f"{base}/applications/{client.get('id')}"}
        if user:
            actors["user"] = {"id": user.get("id"), "name": user.get("name"), "type": "USER",
                              "environment": {"id": env_id},
                              "href": f"{base}/users/{user.get('id')}"}
            if user.get("population"):
                actors["user"]["population"] = {"id": user["population"]}
        res = []
        for r in resources:
            entry: Item = {"type": r.get("type"), "id": r.get("id"), "name": r.get("name"),
                           "environment": {"id": env_id}}
            if r.get("href"):
                entry["href"] = r["href"]
            if r.get("population"):
                entry["population"] = {"id": r["population"]}
            res.append(entry)
        when = format_time(moment)
        return {
            "_links": {"self": {"href": f"{base}/activities/{activity_id}"}},
            "id": activity_id,
            "recordedAt": when,
            "createdAt": when,
            "correlationId": correlation_id or str(uuid.UUID(int=self._rng.getrandbits(128),
                                                             version=4)),
            "actors": actors,
            "action": {"type": action_type,
                       "description": description or _DESCRIPTIONS.get(action_type) or
                       action_type.replace(".", " ").replace("_", " ").title()},
            "resources": res,
            "result": {"status": status,
                       "description": result_description or
                       ("Passed" if status == "SUCCESS" else "Failed")},
        }

    # The demo's own actions ---------------------------------------------------------------

    def token(self, auth: Any, form: Mapping[str, str],
              basic: tuple[str, str] | None) -> dict[str, Any]:
        """``auth.token(form, basic)``, recording the sign-on (or its refusal) as it goes."""
        from pingtui.sim.oauth import OAuthError

        grant_type = form.get("grant_type", "")
        try:
            body: dict[str, Any] = auth.token(dict(form), basic)
        except OAuthError as exc:
            self.token_refused((basic or (form.get("client_id", ""),))[0], exc.error,
                               exc.description)
            raise
        grant = auth.check_access(str(body.get("access_token", "")))
        if grant is not None:
            self.token_issued(grant.subject, grant.client_id, grant_type)
        return body

    def observe(self, data: TenantData, parts: list[str], query: Mapping[str, str],
                status: int, grant: Any) -> None:
        """A Platform API answer: a listing's first page is recorded as a read."""
        if status != 200 or "cursor" in query or len(parts) not in (1, 3):
            return
        env = data.find_environment(parts[1]) if len(parts) == 3 else None
        self.listed(env, parts[-1], grant.subject, grant.client_id)

    def token_issued(self, subject: Mapping[str, Any], client_id: str, grant_type: str) -> None:
        """A sign-on (or a client-credentials token) in the Administrators environment."""
        if not self.record_requests or grant_type == "refresh_token":
            return
        env_id = self.data.environment_id(0)
        client = {"id": client_id, "name": "pingtui worker"}
        if grant_type == "client_credentials":
            self.record(env_id, "CLIENT.ACCESS_ALLOWED", "Client Access Allowed", client=client,
                        resources=[self._ref(env_id, "applications", client_id,
                                             "pingtui worker", "APPLICATION")])
            return
        user = {"id": subject.get("sub"), "name": subject.get("preferred_username")}
        self.record(env_id, "USER.ACCESS_ALLOWED", "User Access Allowed", user=user,
                    client=client, result_description="Passed role access control",
                    resources=[self._ref(env_id, "users", str(user["id"]), str(user["name"]),
                                         "USER")])

    def token_refused(self, client_id: str, error_code: str, description: str) -> None:
        """A failed sign-on (not the device flow's ``authorization_pending`` polls)."""
        if not self.record_requests or error_code in ("authorization_pending", "slow_down"):
            return
        env_id = self.data.environment_id(0)
        self.record(env_id, "USER.ACCESS_DENIED", "User Access Denied", status="FAILED",
                    result_description=description,
                    client={"id": client_id or "unknown", "name": "pingtui worker"})

    def listed(self, env_index: int | None, kind: str, subject: Mapping[str, Any],
               client_id: str) -> None:
        """A listing's first page (reads are audited in the demo so it shows your actions)."""
        if not self.record_requests:
            return
        env_id = self.data.environment_id(env_index if env_index is not None else 0)
        client = {"id": client_id, "name": "pingtui worker"}
        user = None if subject.get("sub") == client_id else \
            {"id": subject.get("sub"), "name": subject.get("preferred_username")}
        self.record(env_id, f"{_action_subject(kind)}.READ", f"Listed {kind}", user=user,
                    client=client)

    def trickle_once(self, environment_id: str | None = None) -> Item:
        """One plausible activity by an existing user or application (navigable in the TUI)."""
        with self._lock:
            env = 0 if environment_id is None else self.data.find_environment(environment_id)
            if environment_id is None and self._rng.random() < 0.5:
                env = 1  # [prod] Customer Identity gets half of the trickle
            return self._random_activity(env or 0, self._rng, None)

    def _ref(self, env_id: str, kind: str, item_id: str, name: str, type_: str,
             population: str | None = None) -> Item:
        return {"type": type_, "id": item_id, "name": name, "population": population,
                "href": f"/v1/environments/{env_id}/{kind}/{item_id}"}

    def _random_activity(self, env: int, rng: random.Random, at: datetime | None) -> Item:
        env_id = self.data.environment_id(env)
        users = self.data.children(env, "users")
        apps = self.data.children(env, "applications")
        groups = self.data.children(env, "groups")
        action, description, kind, failed_share = ACTIONS[rng.randrange(len(ACTIONS))]
        failed = rng.randrange(100) < failed_share
        user = users[rng.randrange(len(users))]
        app = apps[rng.randrange(len(apps))]
        population = (user.get("population") or {}).get("id")
        actor = {"id": user["id"], "name": user.get("username"), "population": population}
        if kind == "groups" and len(groups):
            group = groups[rng.randrange(len(groups))]
            target = [self._ref(env_id, "groups", group["id"], group["name"], "GROUP"),
                      self._ref(env_id, "users", user["id"], user["username"], "USER",
                                population)]
        elif kind == "applications":
            target = [self._ref(env_id, "applications", app["id"], app["name"], "APPLICATION")]
        else:
            target = [self._ref(env_id, "users", user["id"], user["username"], "USER",
                                population)]
        return self.record(env_id, action, description,
                           status="FAILED" if failed else "SUCCESS",
                           result_description=_FAILURES.get(action, "Failed") if failed else
                           None, user=actor, client={"id": app["id"], "name": app["name"]},
                           resources=target, at=at)

    def _environment(self, environment_id: str) -> list[_Stored]:
        """The environment's log, seeded with a week of history when first used."""
        stored = self._by_env.get(environment_id)
        if stored is not None:
            return stored
        stored = self._by_env[environment_id] = []
        env = self.data.find_environment(environment_id)
        if env is not None and self.history:
            rng = random.Random(_hash("activity-history", env))
            span = HISTORY_DAYS * 86400
            for i in range(self.history):
                # Spread over the week, denser lately (an admin looks at the last hours most).
                ago = span * (rng.random() ** 2) + 1
                self._random_activity(env, rng, self._seeded_at - timedelta(seconds=ago))
        return stored

    # ---------------------------------------------------------------- the HTTP side

    def handle(self, base_url: str, environment_id: str, rest: list[str],
               query: dict[str, str]) -> Answer:
        """``GET .../activities[/{id}]`` (``rest``: what follows ``activities``)."""
        if self.data.find_environment(environment_id) is None:
            return not_found()
        if rest:
            with self._lock:
                found = self._by_id.get(rest[0])
            if len(rest) > 1 or found is None or found[0] != environment_id:
                return not_found()
            return Answer(200, found[1].item)
        unknown = sorted(set(query) - {"filter", "limit", "cursor"})
        if unknown:
            return invalid_data(unknown[0], f"The query parameter '{unknown[0]}' is not "
                                "supported for activities.")
        try:
            limit = int(query.get("limit", DEFAULT_LIMIT))
        except ValueError:
            limit = 0
        if not 1 <= limit <= MAX_LIMIT:
            return invalid_data("limit", f"limit must be between 1 and {MAX_LIMIT}.")
        offset = 0
        if "cursor" in query:
            found_offset = _offset(query["cursor"])
            if found_offset is None:
                return invalid_data("cursor", "The cursor is not valid.")
            offset = found_offset
        try:
            predicate = compile_activity_filter(query.get("filter", ""))
        except FilterError as exc:
            return _invalid_filter(f"Invalid filter: {exc}.")
        with self._lock:
            matching = [s.item for s in reversed(self._environment(environment_id))
                        if predicate(s.view)]
        page = matching[offset:offset + limit]
        path = f"{base_url}/v1/environments/{environment_id}/activities"
        links: Item = {"self": {"href": path + _query(query)}}
        if offset + limit < len(matching):
            params = {k: v for k, v in query.items() if k != "cursor"}
            params.update(limit=str(limit), cursor=_cursor(offset + limit))
            links["next"] = {"href": path + _query(params)}
        body: Item = {"_links": links, "_embedded": {"activities": page}, "size": len(page)}
        return Answer(200, body)


def _query(params: Mapping[str, str]) -> str:
    return "?" + urlencode(params, quote_via=quote) if params else ""


__all__ = ["ActivityLog", "compile_activity_filter", "error", "format_time", "parse_time"]


def _action_subject(collection: str) -> str:
    """``keyRotationPolicies`` -> ``KEY_ROTATION_POLICY``: PingOne's action types name the
    singular in upper snake case (``SIGN_ON_POLICY.UPDATED``), not ``KEYROTATIONPOLICIE``."""
    ies = collection.endswith("ies")
    singular = collection[:-3] + "y" if ies else collection.removesuffix("s")
    return re.sub(r"(?<!^)(?=[A-Z])", "_", singular).upper()
