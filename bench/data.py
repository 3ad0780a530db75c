"""PingOne-shaped objects for the table benchmarks (made here, no network)."""

from __future__ import annotations

import json
from typing import Any

from pingtui.output import Column, field

# Used when pingtui.api.resources is not importable (it is the product's list of columns).
FALLBACK_USER_COLUMNS = (
    Column("USERNAME", field("username"), 24),
    Column("NAME", lambda o: f"{field('name.given')(o)} {field('name.family')(o)}".strip(), 24),
    Column("EMAIL", field("email"), 30),
    Column("ENABLED", field("enabled"), 7),
    Column("ID", field("id")),
)

GIVEN = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia",
         "Tim", "Margaret", "Linus", "Guido", "Ward", "Jean", "Leslie"]
FAMILY = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson",
          "Perlman", "Berners-Lee", "Hamilton", "Torvalds", "van Rossum", "Cunningham"]


def user_columns() -> tuple[Column, ...]:
    try:
        from pingtui.api.resources import RESOURCES

        return tuple(RESOURCES["users"].columns)
    except (ImportError, KeyError, AttributeError):  # no api package (yet): bench anyway
        return FALLBACK_USER_COLUMNS


def _uuid(n: int, salt: int) -> str:
    h = f"{(n * 2654435761 + salt) & 0xFFFFFFFFFFFFFFFF:016x}{n:016x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


ENV_ID = _uuid(1, 7)
POP_ID = _uuid(2, 7)


def user(n: int) -> dict[str, Any]:
    given, family = GIVEN[n % len(GIVEN)], FAMILY[(n // 7) % len(FAMILY)]
    uid = _uuid(n, 11)
    base = f"https://api.pingone.com/v1/environments/{ENV_ID}/users/{uid}"
    return {
        "_links": {"self": {"href": base},
                   "password": {"href": f"{base}/password"},
                   "population": {"href": f"https://api.pingone.com/v1/environments/{ENV_ID}"
                                          f"/populations/{POP_ID}"}},
        "id": uid,
        "environment": {"id": ENV_ID},
        "account": {"canAuthenticate": True, "status": "OK"},
        "createdAt": f"2024-{(n % 12) + 1:02d}-{(n % 28) + 1:02d}T10:{n % 60:02d}:00.000Z",
        "email": f"{given.lower()}.{family.lower().replace(' ', '')}{n}@example.com",
        "enabled": n % 13 != 0,
        "identityProvider": {"type": "PINGONE"},
        "lifecycle": {"status": "ACCOUNT_OK"},
        "mfaEnabled": n % 3 == 0,
        "name": {"given": given, "family": family},
        "population": {"id": POP_ID},
        "updatedAt": f"2025-{(n % 12) + 1:02d}-{(n % 28) + 1:02d}T11:00:00.000Z",
        "username": f"{given.lower()}.{family.lower().replace(' ', '')}{n}",
        "verifyStatus": "NOT_INITIATED",
    }


def users_json(count: int) -> str:
    """The users as the API sends them (one JSON document; pages do not change the size much)."""
    return json.dumps([user(n) for n in range(count)])


def users(count: int) -> list[dict[str, Any]]:
    """Parsed objects, as PingOneClient yields them (json.loads: no shared strings)."""
    return json.loads(users_json(count))
