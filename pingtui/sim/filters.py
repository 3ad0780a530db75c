"""The simulator's SCIM filter language, as PingOne's collections accept it.

``name sw "Dev" and (type eq "SANDBOX" or not (region eq "EU"))``: operators eq ne co sw ew gt
ge lt le pr, ``and`` / ``or`` / ``not``, parentheses, strings, numbers, true/false/null.
String comparisons ignore case, as PingOne's do. Parsing yields a predicate over one item.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

Predicate = Callable[[dict[str, Any]], bool]
T = TypeVar("T")

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


class ScimParser(Generic[T]):
    """SCIM's filter grammar — ``or``, ``and``, ``not``, parentheses, ``attr op value`` — over
    :func:`_tokens`. What a parse builds is the subclass's: predicates here (:class:`_Parser`),
    index nodes in ``sim/scale.py``; ``comparison`` reads one ``attr op value``."""

    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.pos = 0

    # -- what a subclass builds
    def any_of(self, parts: list[T]) -> T:
        raise NotImplementedError

    def all_of(self, parts: list[T]) -> T:
        raise NotImplementedError

    def negate(self, inner: T) -> T:
        raise NotImplementedError

    def comparison(self, attribute: str) -> T:
        raise NotImplementedError

    # -- the grammar
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

    def parse(self) -> T:
        if not self.tokens:
            raise FilterError("the filter is empty")
        result = self.disjunction()
        if (extra := self.peek()) is not None:
            raise FilterError(f"unexpected {extra[1]!r}")
        return result

    def disjunction(self) -> T:
        parts = [self.conjunction()]
        while self.keyword("or"):
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else self.any_of(parts)

    def conjunction(self) -> T:
        parts = [self.unary()]
        while self.keyword("and"):
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else self.all_of(parts)

    def unary(self) -> T:
        if self.keyword("not"):
            return self.negate(self.unary())
        kind, text = self.take()
        if kind == "lpar":
            inner = self.disjunction()
            if self.take()[0] != "rpar":
                raise FilterError("a '(' is not closed")
            return inner
        if kind != "word":
            raise FilterError(f"expected an attribute name, found {text!r}")
        return self.comparison(text)

    def operator(self) -> str:
        """The operator after an attribute: ``pr`` or one of :data:`_COMPARE`."""
        op = self.take()[1].lower()
        if op != "pr" and op not in _COMPARE:
            raise FilterError(f"'{op}' is not a filter operator")
        return op

    def value(self, op: str) -> Any:
        """The value after ``op``: a JSON string, a number, true, false or null."""
        kind, text = self.take()
        if kind == "string":
            try:
                return json.loads(text, strict=False)  # raw control characters are data
            except ValueError:
                raise FilterError(f"{text[:40]!r} is not a valid string") from None
        if kind == "number":
            return float(text) if "." in text else int(text)
        if kind == "word" and text.lower() in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[text.lower()]
        raise FilterError(f"expected a value after '{op}', found {text!r}")


class _Parser(ScimParser[Predicate]):
    """Filter text -> a predicate over an item (any attribute path, ``attr[subfilter]``)."""

    def __init__(self, text: str, attributes: Iterable[str] | None) -> None:
        super().__init__(text)
        self.attributes = {a.lower() for a in attributes} if attributes is not None else None

    def any_of(self, parts: list[Predicate]) -> Predicate:
        return lambda item: any(p(item) for p in parts)

    def all_of(self, parts: list[Predicate]) -> Predicate:
        return lambda item: all(p(item) for p in parts)

    def negate(self, inner: Predicate) -> Predicate:
        return lambda item: not inner(item)

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
        op = self.operator()
        if op == "pr":
            return lambda item: _lookup(item, attribute) not in (None, "", [], {})
        value = self.value(op)
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
