"""SCIM filters evaluated on this side, for collections whose server does not filter.

PingOne's applications take no ``filter`` parameter, and a collection may reject a filter on an
attribute it does not index (400 INVALID_DATA). The listing then fetches everything and keeps
what matches here: the same language (eq ne co sw ew gt ge lt le pr, and/or/not, parentheses),
string comparisons ignoring case as PingOne's do.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

Match = Callable[[dict[str, Any]], bool]

_LEXER = re.compile(r'\s*(\(|\)|"(?:\\.|[^"\\])*"|[^\s()"]+)')
_OPERATORS = ("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le")
_LITERALS = {"true": True, "false": False, "null": None}


class FilterSyntaxError(ValueError):
    pass


def _value_at(obj: Any, path: str) -> Any:
    for key in path.split("."):
        if not isinstance(obj, dict):
            return None
        lowered = key.lower()
        obj = next((v for k, v in obj.items() if isinstance(k, str) and k.lower() == lowered),
                   None)
    return obj


def _test(op: str, have: Any, want: Any) -> bool:
    if isinstance(have, list):
        return any(_test(op, h, want) for h in have)
    if isinstance(have, str) and isinstance(want, str):
        have, want = have.casefold(), want.casefold()
    if op == "eq":
        return bool(have == want)
    if op == "ne":
        return bool(have != want)
    if have is None:
        return False
    if op in ("co", "sw", "ew"):
        return isinstance(have, str) and isinstance(want, str) and (
            (op == "co" and want in have) or (op == "sw" and have.startswith(want))
            or (op == "ew" and have.endswith(want)))
    try:
        return bool({"gt": have > want, "ge": have >= want, "lt": have < want,
                     "le": have <= want}[op])
    except TypeError:
        return False


def _tokenize(text: str) -> list[str]:
    tokens, pos, end = [], 0, len(text.rstrip())
    while pos < end:
        match = _LEXER.match(text, pos)
        if match is None:  # only an unterminated string gets here
            raise FilterSyntaxError(f"a quoted string is not closed: {text[pos:pos + 20]!r}")
        tokens.append(match.group(1))
        pos = match.end()
    return tokens


def compile_filter(text: str) -> Match:
    """A predicate for the SCIM filter ``text``; raises FilterSyntaxError if it is not one."""
    tokens = _tokenize(text)
    pos = 0

    def peek() -> str | None:
        return tokens[pos] if pos < len(tokens) else None

    def advance() -> str:
        nonlocal pos
        if pos >= len(tokens):
            raise FilterSyntaxError("the filter ends too early")
        pos += 1
        return tokens[pos - 1]

    def word(expected: str) -> bool:
        if (peek() or "").lower() == expected:
            advance()
            return True
        return False

    def expression() -> Match:
        terms = [conjunction()]
        while word("or"):
            terms.append(conjunction())
        return terms[0] if len(terms) == 1 else lambda o: any(t(o) for t in terms)

    def conjunction() -> Match:
        factors = [factor()]
        while word("and"):
            factors.append(factor())
        return factors[0] if len(factors) == 1 else lambda o: all(f(o) for f in factors)

    def factor() -> Match:
        if word("not"):
            inner = factor()
            return lambda o: not inner(o)
        if word("("):
            inner = expression()
            if advance() != ")":
                raise FilterSyntaxError("a '(' is not closed")
            return inner
        attribute = advance()
        if not re.fullmatch(r"[A-Za-z_][\w.]*", attribute):
            raise FilterSyntaxError(f"expected an attribute, found {attribute!r}")
        op = advance().lower()
        if op == "pr":
            return lambda o: _value_at(o, attribute) not in (None, "", [], {})
        if op not in _OPERATORS:
            raise FilterSyntaxError(f"{op!r} is not an operator")
        raw = advance()
        if raw.lower() in _LITERALS:
            want: Any = _LITERALS[raw.lower()]
        else:
            try:  # a quoted string (raw control characters are data) or a number
                want = json.loads(raw, strict=False)
            except ValueError:
                raise FilterSyntaxError(f"{raw[:40]!r} is not a value") from None
            if not isinstance(want, (str, int, float)):
                raise FilterSyntaxError(f"{raw[:40]!r} is not a value")
        return lambda o: _test(op, _value_at(o, attribute), want)

    if not tokens:
        raise FilterSyntaxError("the filter is empty")
    match = expression()
    if pos != len(tokens):
        raise FilterSyntaxError(f"unexpected {tokens[pos]!r}")
    return match
