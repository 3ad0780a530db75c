"""Fault injection: make chosen requests fail the way real networks and PingOne do.

A :class:`Fault` applies to requests whose path starts with ``path`` (after skipping the first
``after`` of them, to fail mid-listing) for ``count`` requests (None: until removed). The plan
is shared with the server threads, so tests add and clear faults while the server runs.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

KINDS = ("status", "html", "slow", "disconnect", "reset", "malformed", "revoked")


@dataclass
class Fault:
    kind: str
    """status: PingOne's JSON error body; html: an edge proxy's HTML page; slow: answer after
    ``delay`` s; disconnect: close without answering; reset: TCP RST; malformed: 200 with broken
    JSON; revoked: revoke every token server-side, then answer 401."""
    path: str = "/v1/"
    """Prefix of the request path (without the query) the fault applies to."""
    count: int | None = 1
    """How many requests fail; None for every one until the plan is cleared."""
    after: int = 0
    """Matching requests let through before the fault starts (a fault mid-listing)."""
    status: int = 503
    retry_after: str | None = None
    """The Retry-After header to send with a status fault (seconds, an HTTP date, nonsense)."""
    delay: float = 0.0
    """Seconds to wait before answering (slow)."""
    method: str | None = None
    """Only requests with this method (None: any)."""
    hits: int = field(default=0, init=False)
    """Requests this fault has failed so far."""
    triggered: threading.Event = field(default_factory=threading.Event, init=False, repr=False,
                                       compare=False)
    """Set when the fault first applies (tests wait on it instead of sleeping)."""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; one of {', '.join(KINDS)}")

    # Shorthands for the common ones.
    @classmethod
    def rate_limited(cls, retry_after: str | None = "1", **kw: object) -> Fault:
        return cls("status", status=429, retry_after=retry_after, **kw)  # type: ignore[arg-type]

    @classmethod
    def server_error(cls, status: int = 503, **kw: object) -> Fault:
        return cls("status", status=status, **kw)  # type: ignore[arg-type]


class FaultPlan:
    """The faults in force; thread-safe."""

    def __init__(self, faults: list[Fault] | None = None) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = list(faults or [])
        self._seen: dict[int, int] = {}

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
            self._seen.clear()

    def __bool__(self) -> bool:
        return bool(self._faults)

    def take(self, method: str, path: str) -> Fault | None:
        """The fault this request meets, if any (counting it)."""
        chosen = None
        with self._lock:
            # Every matching fault counts the request, so ``after`` means "the Nth matching
            # request", whichever fault answered the earlier ones.
            for fault in self._faults:
                if not path.startswith(fault.path) or (fault.method and fault.method != method):
                    continue
                seen = self._seen.get(id(fault), 0)
                self._seen[id(fault)] = seen + 1
                if chosen is None and seen >= fault.after and \
                        (fault.count is None or fault.hits < fault.count):
                    chosen = fault
            if chosen is not None:
                chosen.hits += 1
                chosen.triggered.set()
        return chosen
