"""Checks of single settings. One convention: ``validate_*(value)`` returns what is wrong
(a phrase that follows the quoted value: "'x' is not a UUID …"), or None when it is fine.

Callers turn a problem into their own error: the parser names the file, line and column, the
CLI the flag, the TUI the field, ``pingtui.profiles`` a ``ConfigError``.
"""

from __future__ import annotations

import re

from pingtui.config.model import GRANT_TYPES, PROFILE_NAME_RE, STORAGE_KINDS
from pingtui.pingone import REGIONS, canonical_uuid, is_uuid


def validate_profile_name(name: str) -> str | None:
    if not PROFILE_NAME_RE.match(name or ""):
        return "is not a valid profile name (letters, digits, '-' and '_' only, like Ping CLI)"
    return None


def validate_environment_id(value: str) -> str | None:
    """Return why ``value`` is not a PingOne environment ID, or None."""
    if not isinstance(value, str) or canonical_uuid(value) is None:
        return "is not a UUID (a PingOne environment ID looks like 3b1b2f7e-1a2b-4c3d-9e8f-0a1b2c3d4e5f)"
    if not is_uuid(value):
        return "must be written as a 36-character UUID with dashes"
    return None


def validate_region(value: str) -> str | None:
    if value.upper() not in REGIONS:
        return f"is not a region code; use one of {', '.join(REGIONS)}"
    return None


def validate_domain(value: str) -> str | None:
    if not re.match(r"^(?=.{1,253}$)([a-zA-Z0-9-]{1,63}\.)+[a-zA-Z]{2,63}$", value or ""):
        return "is not a domain name (like pingone.eu or login.example.com)"
    return None


def validate_grant_type(value: str) -> str | None:
    if value not in GRANT_TYPES:
        return f"is not a grant type; use one of {', '.join(GRANT_TYPES)}"
    return None


def validate_storage(value: str) -> str | None:
    if value not in STORAGE_KINDS:
        return f"is not a storage kind; use one of {', '.join(STORAGE_KINDS)}"
    return None
