"""The simulator's SCIM filter language, as PingOne's collections accept it.

``name sw "Dev" and (type eq "SANDBOX" or not (region eq "EU"))``: operators eq ne co sw ew gt
ge lt le pr, ``and`` / ``or`` / ``not``, parentheses, strings, numbers, true/false/null.
String comparisons ignore case, as PingOne's do. Parsing yields a predicate over one item.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

Predicate = Callable[[dict[str, Any]], bool]

_TOKEN = re.compile(r"""\s*(?:
    (?P<lpar>\() | (?P<rpar>\)) | (?P<lbr>\[) | (?P<rbr>\]) |
    (?P<string>"(?:[^"\\]|\\.)*") |
    (?P<number>-?\d+(?:\.\d+)?) |
    (?P<word>[A-Za-z_][\w.]*)
)""", re.VERBOSE)
_COMPARE = {"eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"}


class FilterError(ValueError):
    """The filter text does not parse, or names an attribute the collection can't filter."""


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise FilterError(f"unexpected text at position {pos}: {text[pos:pos + 20]!r}")
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        pos = match.end()
    return out


def _lookup(item: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(item, dict):
            return None
        item = next((v for k, v in item.items() if k.lower() == part.lower()), None)
    return item


def _norm(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _compare(op: str, actual: Any, expected: Any) -> bool:
    if isinstance(actual, list):  # multi-valued: any element matches
        return any(_compare(op, a, expected) for a in actual)
    a, e = _norm(actual), _norm(expected)
    if op == "eq":
        return bool(a == e)
    if op == "ne":
        return bool(a != e)
    if a is None:
        return False
    if op in ("co", "sw", "ew"):
        if not isinstance(a, str) or not isinstance(e, str):
            return False
        return {"co": e in a, "sw": a.startswith(e), "ew": a.endswith(e)}[op]
    try:
        return bool({"gt": a > e, "ge": a >= e, "lt": a < e, "le": a <= e}[op])
    except TypeError:
        return False


class _Parser:
    def __init__(self, text: str, attributes: Iterable[str] | None) -> None:
        self.tokens = _tokens(text)
        self.pos = 0
        self.attributes = {a.lower() for a in attributes} if attributes is not None else None

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise FilterError("the filter ends too early")
        self.pos += 1
        return token

    def keyword(self, word: str) -> bool:
        token = self.peek()
        if token and token[0] == "word" and token[1].lower() == word:
            self.pos += 1
            return True
        return False

    def parse(self) -> Predicate:
        if not self.tokens:
            raise FilterError("the filter is empty")
        predicate = self.disjunction()
        if self.peek() is not None:
            raise FilterError(f"unexpected {self.peek()[1]!r}")  # type: ignore[index]
        return predicate

    def disjunction(self) -> Predicate:
        parts = [self.conjunction()]
        while self.keyword("or"):
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else (lambda item: any(p(item) for p in parts))

    def conjunction(self) -> Predicate:
        parts = [self.unary()]
        while self.keyword("and"):
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else (lambda item: all(p(item) for p in parts))

    def unary(self) -> Predicate:
        if self.keyword("not"):
            inner = self.unary()
            return lambda item: not inner(item)
        kind, text = self.take()
        if kind == "lpar":
            inner = self.disjunction()
            if self.take()[0] != "rpar":
                raise FilterError("a '(' is not closed")
            return inner
        if kind != "word":
            raise FilterError(f"expected an attribute name, found {text!r}")
        return self.comparison(text)

    def comparison(self, attribute: str) -> Predicate:
        if self.attributes is not None and attribute.lower() not in self.attributes:
            raise FilterError(f"filtering on '{attribute}' is not supported")
        if self.peek() == ("lbr", "["):  # memberOfGroups[id eq "…"]: any element matches
            self.take()
            inner = self.disjunction()
            if self.take()[0] != "rbr":
                raise FilterError("a '[' is not closed")
            return lambda item: any(inner(e) for e in _lookup(item, attribute) or ()
                                    if isinstance(e, dict))
        op = self.take()[1].lower()
        if op == "pr":
            return lambda item: _lookup(item, attribute) not in (None, "", [], {})
        if op not in _COMPARE:
            raise FilterError(f"'{op}' is not a filter operator")
        kind, text = self.take()
        if kind == "string":
            try:
                value: Any = json.loads(text, strict=False)  # raw control characters are data
            except ValueError:
                raise FilterError(f"{text[:40]!r} is not a valid string") from None
        elif kind == "number":
            value = float(text) if "." in text else int(text)
        elif kind == "word" and text.lower() in ("true", "false", "null"):
            value = {"true": True, "false": False, "null": None}[text.lower()]
        else:
            raise FilterError(f"expected a value after '{op}', found {text!r}")
        return lambda item: _compare(op, _lookup(item, attribute), value)


def parse_filter(text: str, attributes: Iterable[str] | None = None) -> Predicate:
    """A predicate for ``text``; ``attributes`` limits what may be filtered on (None: any)."""
    return _Parser(text, attributes).parse()


def sort_key(order: str) -> tuple[Callable[[dict[str, Any]], Any], bool]:
    """``name`` or ``-name``: a key function (missing values last) and whether to reverse."""
    reverse = order.startswith("-")
    attribute = order.lstrip("-+")
    if not re.fullmatch(r"[A-Za-z_][\w.]*", attribute):
        raise FilterError(f"'{order}' is not an attribute to order by")

    def key(item: dict[str, Any]) -> Any:
        value = _norm(_lookup(item, attribute))
        return (value is None, "" if value is None else str(value))

    return key, reverse
