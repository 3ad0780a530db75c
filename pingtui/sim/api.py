"""The simulator's Platform API: ``/v1/environments`` and their children, as HAL collections.

Pure request → (status, body, headers) functions over :class:`TenantData`; the HTTP plumbing is
in ``server.py``. Error bodies are PingOne's: ``{id, code, message, details[]}``.
"""

from __future__ import annotations

import base64
import threading
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from pingtui.sim.data import Collection, TenantData
from pingtui.sim.filters import FilterError, parse_filter, sort_key
from pingtui.sim.relations import Relations, decorate_user
from pingtui.sim.relations import handle as handle_relation

CHILDREN = ("populations", "users", "groups", "applications")
# What each collection lets you filter on (None: anything); applications take no parameters.
FILTERABLE: dict[str, tuple[str, ...] | None] = {
    "environments": ("id", "name", "type", "region", "status", "license.id",
                     "organization.id", "createdAt"),
    "populations": ("id", "name"),
    "users": None,
    "groups": ("id", "name", "population.id", "externalId"),
}
PARAMETERS = {"environments": {"limit", "cursor", "filter", "order", "expand"},
              "populations": {"limit", "cursor", "filter", "order"},
              "users": {"limit", "cursor", "filter", "order", "include"},
              "groups": {"limit", "cursor", "filter", "order", "include"},
              "applications": set()}
# A realistic refusal: the demo admin has no role for the users of "Payments PCI".
RESTRICTED = {(9, "users"): "identity:read:users"}


@dataclass
class Answer:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


def error(status: int, code: str, message: str, *details: dict[str, Any],
          headers: dict[str, str] | None = None) -> Answer:
    body: dict[str, Any] = {"id": str(uuid.uuid4()), "code": code, "message": message}
    if details:
        body["details"] = list(details)
    return Answer(status, body, headers or {})


def not_found() -> Answer:
    return error(404, "NOT_FOUND", "The requested resource was not found.")


def invalid_token() -> Answer:
    return error(401, "ACCESS_FAILED", "The request could not be completed. The access token "
                 "is invalid or has expired.", {"code": "INVALID_TOKEN",
                                                 "message": "Invalid or expired access token."},
                 headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


def forbidden(permission: str) -> Answer:
    return error(403, "ACCESS_FAILED", "The request could not be completed. You do not have "
                 "access to this resource.",
                 {"code": "INSUFFICIENT_PERMISSIONS", "target": permission,
                  "message": f"The actor lacks the permission {permission} in this environment."})


def invalid_data(target: str, message: str, detail_code: str = "INVALID_VALUE") -> Answer:
    return error(400, "INVALID_DATA", "The request could not be completed. One or more "
                 "validation errors were in the request.",
                 {"code": detail_code, "target": target, "message": message})


def rate_limited(retry_after: str | None) -> Answer:
    return error(429, "REQUEST_LIMITED", "The request could not be completed. You have exceeded "
                 "your request limit.", {"code": "LIMIT_EXCEEDED",
                                         "message": "Too many requests; try again later."},
                 headers={"Retry-After": retry_after} if retry_after is not None else {})


def status_error(status: int, retry_after: str | None = None) -> Answer:
    """PingOne's body for ``status`` (used by fault injection)."""
    if status == 429:
        return rate_limited(retry_after)
    if status == 401:
        return invalid_token()
    if status == 403:
        return forbidden("identity:read:environments")
    if status == 404:
        return not_found()
    if status == 400:
        return invalid_data("filter", "Invalid filter.", "INVALID_FILTER")
    answer = error(status, "UNEXPECTED_ERROR" if status == 500 else "SERVICE_UNAVAILABLE",
                   "An unexpected error occurred." if status == 500 else
                   "The service is temporarily unavailable.")
    if retry_after is not None:
        answer.headers["Retry-After"] = retry_after
    return answer


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def _offset(cursor: str) -> int | None:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        return int(text[2:]) if text.startswith("o:") and int(text[2:]) >= 0 else None
    except ValueError:
        return None


class PlatformApi:
    def __init__(self, data: TenantData, page_size: int) -> None:
        self.data = data
        self.page_size = page_size
        # Filtered/ordered views, so that paging a filtered 100,000 does not re-filter per page.
        self._views: OrderedDict[tuple[int, str, str], list[int]] = OrderedDict()
        self._lock = threading.Lock()
        self.relations = Relations(data)

    def handle(self, base_url: str, parts: list[str], query: dict[str, str]) -> Answer:
        """``parts``: the path after /v1, split on '/'."""
        related = handle_relation(self.relations, base_url, parts, query)
        if related is not None:  # users/{id}/memberOfGroups, applications/{id}/grants, …
            return related  # type: ignore[no-any-return]
        listed = self.data.catalog.handle(self, base_url, parts, query)
        if listed is not None:  # every other kind of the catalog: sim/catalog_data.py
            return listed
        if not parts or parts[0] != "environments" or len(parts) > 4:
            return not_found()
        if len(parts) == 1:
            return self._list(base_url, "environments", self.data.environments, query, parts)
        env = self.data.find_environment(parts[1])
        if env is None:
            return not_found()
        if len(parts) == 2:
            return Answer(200, self.data.environments[env])
        kind = parts[2]
        if kind not in CHILDREN:
            return not_found()
        if (env, kind) in RESTRICTED:
            return forbidden(RESTRICTED[(env, kind)])
        collection = self.data.children(env, kind)
        if len(parts) == 3:
            return self._list(base_url, kind, collection, query, parts)
        index = collection.index_of(parts[3])
        if index is None:
            return not_found()
        item = collection[index]
        if kind == "users" and query.get("include"):
            item = decorate_user(self.relations, env, index, item, query["include"])
        return Answer(200, item)

    def _view(self, kind: str, collection: Collection, flt: str, order: str,
              filterable: Any = FILTERABLE) -> list[int]:
        key = (id(collection), flt, order)
        with self._lock:  # server threads share the cache
            if key in self._views:
                self._views.move_to_end(key)
                return self._views[key]
        items = [(i, collection[i]) for i in range(len(collection))]
        if kind == "users" and "memberofgroups" in flt.lower():
            # What memberOfGroups[id eq "…"] filters see: each user's direct groups.
            env = self.data.find_environment(str(items[0][1]["environment"]["id"])) \
                if items else None
            if env is not None:
                items = [(i, {**item, "memberOfGroups":
                              self.relations.member_filter_view(env, i)})
                         for i, item in items]
        if flt:
            predicate = parse_filter(flt, filterable.get(kind) if filterable is FILTERABLE
                                     else filterable)
            items = [(i, item) for i, item in items if predicate(item)]
        if order:
            for part in reversed(order.split(",")):
                key_fn, reverse = sort_key(part.strip())
                items.sort(key=lambda pair: key_fn(pair[1]), reverse=reverse)
        view = [i for i, _ in items]
        with self._lock:
            self._views[key] = view
            while len(self._views) > 16:
                self._views.popitem(last=False)
        return view

    def list_route(self, base_url: str, route: Any, collection: Collection,
                   query: dict[str, str], parts: list[str]) -> Answer:
        """A catalog collection (``catalog_data.Route``): its parameters, key and paging."""
        return self._list(base_url, route.key, collection, query, parts, route=route)

    def _list(self, base_url: str, kind: str, collection: Collection, query: dict[str, str],
              parts: list[str], route: Any = None) -> Answer:
        allowed = PARAMETERS[kind] if route is None else route.params
        paged = kind != "applications" if route is None else route.paged
        unknown = sorted(set(query) - allowed)
        if unknown:
            return invalid_data(unknown[0], f"The query parameter '{unknown[0]}' is not "
                                f"supported for {kind}.")
        limit = self.page_size
        if "limit" in query:
            try:
                limit = int(query["limit"])
            except ValueError:
                limit = 0
            if not 1 <= limit:
                return invalid_data("limit", "limit must be a positive integer.")
            limit = min(limit, self.page_size)
        offset = 0
        if "cursor" in query:
            found = _offset(query["cursor"])
            if found is None:
                return invalid_data("cursor", "The cursor is not valid.")
            offset = found
        flt, order = query.get("filter", ""), query.get("order", "")
        try:
            select = getattr(collection, "select", None)  # sim/scale.py: filters without a scan
            view: Sequence[int] = select(flt, order) if select is not None else self._view(
                kind, collection, flt, order,
                FILTERABLE if route is None else route.filterable) \
                if flt or order else range(len(collection))
        except FilterError as exc:
            return invalid_data("filter", f"Invalid filter: {exc}.", "INVALID_FILTER")
        if not paged:  # no paging: everything in one answer
            limit, offset = len(view) or 1, 0
        page = [collection[i] for i in view[offset:offset + limit]]
        path = base_url + "/v1/" + "/".join(parts)
        links: dict[str, Any] = {"self": {"href": path + _query(query)}}
        if offset + limit < len(view):
            params = {k: v for k, v in query.items() if k != "cursor"}
            params.update(limit=str(limit), cursor=_cursor(offset + limit))
            links["next"] = {"href": path + _query(params)}
        body: dict[str, Any] = {"_links": links}
        if page:  # an empty collection omits _embedded, as PingOne may
            body["_embedded"] = {kind: page}
        if kind != "applications" or route is not None:  # applications: no count
            body["count"] = len(view)
        body["size"] = len(page)
        return Answer(200, body)


def _query(params: dict[str, str]) -> str:
    return "?" + urlencode(params, quote_via=quote) if params else ""
