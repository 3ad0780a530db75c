"""Reading HAL collections: the items of a page, its total, its ``next`` link.

PingOne's collections look like ``{"_links": {"next": {"href": ...}}, "_embedded": {"users":
[...]}, "count": 1234, "size": 100}`` — but nothing of that is guaranteed: an empty collection
may omit ``_embedded``, ``count`` and ``size`` are optional, and items may lack any field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Item = dict[str, Any]


@dataclass(frozen=True)
class Page:
    """One page of a listing, with the progress so far."""

    items: list[Item]
    total: int | None
    """The collection's ``count`` when the server says it (the whole listing, not this page)."""
    fetched: int
    """Items fetched so far, this page included."""
    number: int
    """1 for the first page."""
    more: bool = False
    """The server linked a next page (``_links.next``)."""


def page_items(body: dict[str, Any], key: str | None = None) -> list[Item]:
    """The objects under ``_embedded[key]`` (or its only list when ``key`` is absent)."""
    embedded = body.get("_embedded")
    if not isinstance(embedded, dict):
        return []
    raw = embedded.get(key) if key else None
    if raw is None:
        lists = [v for v in embedded.values() if isinstance(v, list)]
        raw = lists[0] if len(lists) == 1 else []
    if not isinstance(raw, list):
        return []
    return [item for item in raw if isinstance(item, dict)]


def page_total(body: dict[str, Any]) -> int | None:
    count = body.get("count")
    return count if isinstance(count, int) and not isinstance(count, bool) and count >= 0 \
        else None


def next_href(body: dict[str, Any]) -> str | None:
    links = body.get("_links")
    link = links.get("next") if isinstance(links, dict) else None
    href = link.get("href") if isinstance(link, dict) else None
    return href if isinstance(href, str) and href else None
