"""JSON to and from bytes: orjson for big documents, the stdlib for small ones, with the same
values and the same bytes either way.

orjson reads a page of PingOne objects 2-3x as fast as the stdlib and indents 10,000 environments
in 16 ms against 226 ms (bench/scale.py). But importing it costs 3-6 ms (it imports uuid,
which imports platform), more than the stdlib spends on a discovery document, a token or a
page of 29 environments (0.15 ms to read, 1 ms to indent). So a document is handed to orjson
from about 100 objects (``BIG_ITEMS``, ``BIG_BYTES``), where the import starts to pay.
"""

from __future__ import annotations

import json
from typing import Any

BIG_BYTES = 64 * 1024
"""A body this long (about 100 PingOne objects) is read by orjson."""
BIG_ITEMS = 100
"""This many objects written at once are encoded by orjson."""


def _orjson() -> Any:
    try:
        import orjson
    except ImportError:  # pragma: no cover - a dependency; the stdlib stays correct
        return None
    return orjson


def loads(content: bytes) -> Any:
    """The JSON value in ``content``; ValueError when it is not JSON."""
    orjson = _orjson() if len(content) >= BIG_BYTES else None
    if orjson is not None:
        try:
            return orjson.loads(content)
        except orjson.JSONDecodeError:
            pass  # NaN or integers beyond 64 bits, which the stdlib reads; or not JSON at all
    return json.loads(content)


def dumps(data: Any, *, indent: bool, big: bool) -> bytes:
    """``json.dumps(data, ensure_ascii=False[, indent=2])`` as UTF-8 (compact separators
    without ``indent``); ``big`` when the caller is writing ``BIG_ITEMS`` or more at once."""
    orjson = _orjson() if big else None
    if orjson is not None:
        try:
            encoded: bytes = orjson.dumps(data, option=orjson.OPT_INDENT_2 if indent else 0)
            return encoded
        except (TypeError, orjson.JSONEncodeError):
            pass  # integers beyond 64 bits, NaN: the stdlib writes what it always wrote
    if indent:
        return json.dumps(data, indent=2, ensure_ascii=False).encode()
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
