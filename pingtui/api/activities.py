"""Audit activities: PingOne's filter from the command line's words, a listing, and a tail.

``GET /environments/{id}/activities`` takes a SCIM ``filter`` that must hold a date range
(``recordedat gt "…" and recordedat lt "…"``) and ``eq`` on ``action.type``, ``actors.user.id``,
``actors.user.name``, ``actors.client.id``, ``resources.id``, ``correlationid`` (and
``result.status``); it answers newest first, by pages.

:class:`ActivityTail` follows the log: one request per interval, never more (the audit
endpoints have low rate limits), each for a time window ``(start, end)`` fixed when the
window's first page is asked for — so the window's pages do not move under it — and every new
window starting ``overlap`` before the previous one ended, so an activity indexed late or
recorded under a skewed clock is still seen. A window's activities are emitted when its last
page is in, oldest first, each ID once. A burst that needs many pages takes one interval per
page. 429s wait as ``Retry-After`` says; 5xx and network failures are reported and retried
with a growing delay; anything else (a bad filter, no permission) ends the tail.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from pingtui.api.errors import BadRequest, RateLimited, ServerError, Unreachable
from pingtui.api.paging import Item, Page, next_href, page_items
from pingtui.api.retry import RetryPolicy, parse_retry_after
from pingtui.errors import UsageError
from pingtui.output import Column
from pingtui.pingone import is_uuid

if TYPE_CHECKING:
    from pingtui.api.client import PingOneClient

EMBEDDED = "activities"
RESULTS = ("SUCCESS", "FAILED")
DEFAULT_SINCE = "24h"
TAIL_SINCE = "5m"
DEFAULT_INTERVAL = 5.0
MIN_INTERVAL = 2.0
"""Users can't poll faster than this (the audit API's rate limit is low)."""
DEFAULT_OVERLAP = timedelta(seconds=30)
PAGE_LIMIT = 1000
"""PingOne's largest page of activities (its default is 100)."""
MAX_BACKOFF = 60.0
NO_RETRY = RetryPolicy(max_retries=0)

Now = Callable[[], datetime]
Sleep = Callable[[float], Awaitable[Any]]

_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])", re.IGNORECASE)
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


# --------------------------------------------------------------------------- times


def parse_duration(text: str) -> timedelta | None:
    """``15m``, ``2h``, ``7d``, ``1h30m``, ``90s``, ``1w``; None if ``text`` is not one."""
    compact = text.strip().replace(" ", "")
    if not compact or _DURATION.sub("", compact):
        return None
    seconds = sum(float(n) * _UNITS[u.lower()] for n, u in _DURATION.findall(compact))
    return timedelta(seconds=seconds)


def parse_time(text: str) -> datetime | None:
    """An ISO-8601 time; without a zone it is local time (as the table shows times)."""
    value = text.strip()
    if value[-1:] in "zZ":
        value = value[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.astimezone()  # the local zone, DST included
    return moment.astimezone(timezone.utc)


def parse_moment(text: str, now: datetime, option: str = "--since") -> datetime:
    """``--since``/``--until``: a duration ago (``15m``) or an ISO-8601 time."""
    duration = parse_duration(text)
    if duration is not None:
        return now - duration
    moment = parse_time(text)
    if moment is None:
        raise UsageError(f"{option} {text!r} is neither a duration nor a time.",
                         "Give a duration such as 15m, 2h or 7d, or an ISO-8601 time such as "
                         "2026-05-01T09:30:00Z.")
    return moment


def format_time(moment: datetime) -> str:
    """The form PingOne documents for filters: ``2026-05-01T09:30:00.000Z``."""
    moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def recorded_at(activity: Mapping[str, Any]) -> datetime | None:
    value = activity.get("recordedAt")
    return parse_time(value) if isinstance(value, str) and value else None


def local_time(value: Any) -> str:
    """A PingOne timestamp as local wall-clock time (``2026-05-01 11:30:00``), else as sent."""
    moment = parse_time(value) if isinstance(value, str) and value else None
    if moment is None:
        return "" if value is None else str(value)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


# --------------------------------------------------------------------------- cells


def _get(obj: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(obj, Mapping):
            return None
        obj = obj.get(key)
    return obj


def actor_text(activity: Mapping[str, Any]) -> str:
    """The user's name, else the client's (and the client beside a user when both)."""
    user = _get(activity, "actors", "user")
    client = _get(activity, "actors", "client")
    user_name = _get(user, "name") or _get(user, "id")
    client_name = _get(client, "name") or _get(client, "id")
    if user_name:
        return str(user_name)
    return str(client_name or "")


def resources_text(activity: Mapping[str, Any]) -> str:
    resources = activity.get("resources")
    if not isinstance(resources, list):
        return ""
    names = [str(r.get("name") or r.get("id") or "") for r in resources if isinstance(r, Mapping)]
    return ", ".join(n for n in names if n)


def description_text(activity: Mapping[str, Any]) -> str:
    """The action's description; a failure adds its reason."""
    text = str(_get(activity, "action", "description") or "")
    if is_failure(activity):
        reason = _get(activity, "result", "description")
        if reason:
            text = f"{text}: {reason}" if text else str(reason)
    return text


def is_failure(activity: Mapping[str, Any]) -> bool:
    return str(_get(activity, "result", "status") or "").upper() == "FAILED"


COLUMNS: tuple[Column, ...] = (
    Column("TIME", lambda a: local_time(a.get("recordedAt")), 19),
    Column("ACTION", lambda a: _get(a, "action", "type") or "", 24),
    Column("RESULT", lambda a: _get(a, "result", "status") or "", 7),
    Column("ACTOR", actor_text, 20),
    Column("RESOURCES", resources_text, 24),
    Column("DESCRIPTION", description_text),
)


# --------------------------------------------------------------------------- the filter


def quoted(value: str) -> str:
    """A SCIM string literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _any(terms: Sequence[str]) -> str:
    return terms[0] if len(terms) == 1 else "(" + " or ".join(terms) + ")"


@dataclass(frozen=True)
class ActivityQuery:
    """What to look for, apart from the time window (which a listing or a tail supplies)."""

    actions: tuple[str, ...] = ()
    actor: str | None = None
    """A user or client ID (matched against both), or a username."""
    resource: str | None = None
    result: str | None = None
    correlation_id: str | None = None
    involving: str | None = None
    """An object's ID as actor (user or client) or as a resource: everything about it (a
    user's or an application's "Activity" tab)."""
    filter: str | None = None
    """Any further SCIM, ANDed as given."""

    def __post_init__(self) -> None:
        if self.result is not None and self.result.upper() not in RESULTS:
            raise UsageError(f"--result {self.result!r} is not SUCCESS or FAILED.",
                             "Use --result SUCCESS or --result FAILED.")

    def terms(self) -> list[str]:
        terms = []
        actions = [a.strip() for a in self.actions if a.strip()]
        if actions:
            terms.append(_any([f"action.type eq {quoted(a)}" for a in actions]))
        if self.actor:
            actor = self.actor.strip()
            if is_uuid(actor):
                terms.append(_any([f"actors.user.id eq {quoted(actor)}",
                                   f"actors.client.id eq {quoted(actor)}"]))
            else:
                terms.append(f"actors.user.name eq {quoted(actor)}")
        if self.resource:
            terms.append(f"resources.id eq {quoted(self.resource.strip())}")
        if self.result:
            terms.append(f"result.status eq {quoted(self.result.upper())}")
        if self.involving:
            who = quoted(self.involving.strip())
            terms.append(_any([f"actors.user.id eq {who}", f"actors.client.id eq {who}",
                               f"resources.id eq {who}"]))
        if self.correlation_id:
            terms.append(f"correlationid eq {quoted(self.correlation_id.strip())}")
        if self.filter and self.filter.strip():
            terms.append(f"({self.filter.strip()})")
        return terms

    def filter_text(self, since: datetime, until: datetime) -> str:
        """PingOne's filter for ``since < recordedAt < until`` and these criteria."""
        window = [f"recordedat gt {quoted(format_time(since))}",
                  f"recordedat lt {quoted(format_time(until))}"]
        return " and ".join(window + self.terms())

    @property
    def is_empty(self) -> bool:
        return not self.terms()


def activities_path(environment_id: str) -> str:
    return f"/environments/{quote(environment_id, safe='')}/activities"


async def list_pages(client: PingOneClient, environment_id: str, query: ActivityQuery, *,
                     since: datetime, until: datetime, limit: int | None = None,
                     page_size: int = PAGE_LIMIT) -> AsyncIterator[Page]:
    """The activities of a window, newest first, by page; ``limit`` stops after that many."""
    params: dict[str, str | int] = {"filter": query.filter_text(since, until),
                                    "limit": min(limit, page_size) if limit else page_size}
    kept = 0
    pages = client.pages(activities_path(environment_id), params, key=EMBEDDED)
    try:
        async for page in pages:
            items = page.items if limit is None else page.items[: max(limit - kept, 0)]
            kept += len(items)
            yield Page(items=items, total=None, fetched=kept, number=page.number)
            if limit is not None and kept >= limit:
                return
    finally:
        await pages.aclose()  # type: ignore[attr-defined]


async def get_activity(client: PingOneClient, environment_id: str, activity_id: str) -> Item:
    return await client.get_json(f"{activities_path(environment_id)}/"
                                 f"{quote(activity_id, safe='')}")


# --------------------------------------------------------------------------- the tail


@dataclass(frozen=True)
class Arrived:
    """New activities, oldest first, none seen before."""

    activities: list[Item]


@dataclass(frozen=True)
class Retrying:
    """A request failed; the tail tries again in ``delay`` seconds."""

    error: Exception
    delay: float

    @property
    def message(self) -> str:
        text = getattr(self.error, "message", None) or str(self.error)
        return f"retrying in {self.delay:.0f} s: {text}"


TailEvent = Arrived | Retrying


def check_interval(interval: float) -> float:
    if not interval >= MIN_INTERVAL:  # NaN too
        raise UsageError(f"--interval {interval:g} is too short: the audit API's rate limit is "
                         "low.", f"Poll every {MIN_INTERVAL:g} seconds or more.")
    return interval


@dataclass
class ActivityTail:
    """Follows an environment's activities (see the module's docstring).

    ``interval`` is not checked here (tests run at fractions of a second on an injected clock;
    the CLI and the TUI check it with :func:`check_interval`). ``monotonic`` and ``sleep`` pace
    the requests, ``now`` gives the windows' ends.
    """

    client: PingOneClient
    environment_id: str
    query: ActivityQuery
    since: datetime
    interval: float = DEFAULT_INTERVAL
    overlap: timedelta = DEFAULT_OVERLAP
    page_size: int = PAGE_LIMIT
    now: Now = utc_now
    sleep: Sleep = asyncio.sleep
    monotonic: Callable[[], float] = time.monotonic
    seen_before: Iterable[Mapping[str, Any]] = ()
    """Activities already shown (the TUI's loaded rows): never emitted again."""
    requests: int = field(default=0, init=False)
    """Requests made (one per interval at most)."""
    _seen: dict[str, datetime] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for item in self.seen_before:
            activity_id = item.get("id")
            if isinstance(activity_id, str):
                self._seen[activity_id] = recorded_at(item) or self.since

    async def events(self) -> AsyncIterator[TailEvent]:
        start = self.since
        end: datetime | None = None
        url: str | None = None  # the next page of the current window
        pending: dict[str, Item] = {}
        last: float | None = None
        wait = 0.0
        failures = 0
        path = activities_path(self.environment_id)
        while True:
            if last is not None:
                delay = last + max(self.interval, wait) - self.monotonic()
                if delay > 0:
                    await self.sleep(delay)
            params: dict[str, str | int] | None = None
            if url is None:  # a new window: its end is fixed now, so its pages stay put
                end = self.now()
                params = {"filter": self.query.filter_text(start, end), "limit": self.page_size}
            last = self.monotonic()
            self.requests += 1
            try:
                body = await self.client.get_json(url or path, params, retry=NO_RETRY)
            except RateLimited as exc:
                failures += 1
                asked = parse_retry_after(exc.retry_after)
                wait = min(asked, 300.0) if asked is not None else self._backoff(failures)
                yield Retrying(exc, max(wait, self.interval))
                continue
            except (ServerError, Unreachable) as exc:
                failures += 1
                wait = self._backoff(failures)
                yield Retrying(exc, max(wait, self.interval))
                continue
            except BadRequest as exc:
                if url is None:
                    raise  # the filter itself: PingOne's message ends the tail
                # A continuation link went stale: read the window again from its first page.
                failures += 1
                url, wait = None, self._backoff(failures)
                yield Retrying(exc, max(wait, self.interval))
                continue
            failures, wait = 0, 0.0
            items = page_items(body, EMBEDDED)
            for item in items:
                activity_id = item.get("id")
                key = activity_id if isinstance(activity_id, str) and activity_id else \
                    repr(sorted(item.items()))
                if key not in self._seen:
                    pending[key] = item
            href = next_href(body)
            if href is not None and items:
                url = href  # the rest of this window, one page per interval
                continue
            url = None
            assert end is not None
            # Oldest first; the same instant keeps PingOne's order (newest first) reversed —
            # sorted() is stable, so the reversal is not redundant.
            oldest_first = list(pending.items())[::-1]
            batch = sorted(oldest_first, key=lambda kv: recorded_at(kv[1]) or end)
            pending = {}
            for key, item in batch:
                self._seen[key] = recorded_at(item) or end
            start = max(self.since, end - self.overlap)
            # IDs older than the next window's start can't come back: forget them.
            self._seen = {k: t for k, t in self._seen.items() if t > start}
            if batch:
                yield Arrived([item for _, item in batch])

    def _backoff(self, failures: int) -> float:
        return min(self.interval * 2.0 ** (failures - 1), MAX_BACKOFF)
