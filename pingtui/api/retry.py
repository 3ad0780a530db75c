"""When and how long to wait before retrying a GET.

Capped exponential backoff with jitter (so many clients do not retry in step), and the server's
``Retry-After`` when it gives a sane one: seconds or an HTTP date; anything else (negative,
nonsense, years away) falls back to the backoff, and every wait is capped.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

RETRY_STATUSES = frozenset({429, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 4
    """Retries after the first attempt (so at most max_retries + 1 requests)."""
    base: float = 0.5
    """First backoff in seconds; doubles per retry."""
    cap: float = 8.0
    """Longest backoff."""
    retry_after_cap: float = 30.0
    """Longest wait a Retry-After header may ask for."""
    jitter: float = 0.5
    """Fraction of each backoff drawn at random (0: none)."""
    rng: random.Random = field(default_factory=random.Random, compare=False)

    def backoff(self, attempt: int) -> float:
        """Wait before retry number ``attempt`` (1-based)."""
        delay = min(self.cap, self.base * 2.0 ** (attempt - 1))
        return delay * (1 - self.jitter * self.rng.random())

    def delay(self, attempt: int, retry_after: str | None) -> float:
        wanted = parse_retry_after(retry_after)
        if wanted is None:
            return self.backoff(attempt)
        return min(wanted, self.retry_after_cap)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header, or None when it says nothing usable."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if moment is None or moment.tzinfo is None:
            return None
        seconds = moment.timestamp() - (time.time() if now is None else now)
        return max(seconds, 0.0)  # a date in the past means "now"
    if not math.isfinite(seconds) or seconds < 0:  # NaN, inf, negative
        return None
    return seconds
