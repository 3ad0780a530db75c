"""Server-side search: the SCIM filter that looks for a typed text in a kind's collection.

What an admin types in the TUI's ``/`` line is matched by PingOne with ``sw`` on the
attributes the catalog declares for the kind (``Kind.search``: username, e-mail and names for
users), else on ``name`` where the collection filters on it: ``username sw "ada" or email sw
"ada" or ...``. A kind whose collection takes no filter has no server search (None).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pingtui.api.catalog import Kind


def search_attributes(kind: Kind) -> tuple[str, ...]:
    if kind.search:
        return kind.search
    return ("name",) if kind.query.filters_on("name") else ()


def search_filter(kind: Kind, text: str) -> str | None:
    """The SCIM filter for ``text`` in ``kind`` (None: the collection cannot search)."""
    text = text.strip()
    attributes = search_attributes(kind)
    if not text or not attributes:
        return None
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    return " or ".join(f'{attribute} sw "{quoted}"' for attribute in attributes)
