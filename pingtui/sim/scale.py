"""The "Load Testing" environment at scale: 1,000,000 users made on demand from their index.

A customer-identity tenant holds millions of users; this collection lets the demo, the tests and
the benchmarks meet one without the simulator holding it. User ``i`` is a pure function of
``i``: nothing is stored but a bounded cache of built users and of filtered views (arrays of
indices, 4 bytes a match).

Filters are answered without building users. A user's fields are either constant over a
*combination* — ``i % PERIOD`` fixes the given and family name, the population, ``enabled``,
``account.status``, ``mfaEnabled`` — or the combination's text plus the decimal index
(``username`` = ``ada.lovelace`` + ``1234``, ``email`` = that + ``@example.com``, ``id`` ends
with the index in hex). So a comparison is decided once per combination (a few thousand, not a
million): true, false, or "the index's digits start with 12" / "the index is 1234", which are
ranges of indices. ``sw`` and ``eq`` (and ``pr``, ``ne``, ``not``, ``and``, ``or``) are exact and
fast on every field; other operators on the three indexed fields test each index of the
combinations left (a second or so). Filtering on any other attribute, and ``order``, are refused
with PingOne's 400 (the client then says so; nobody sorts a million users locally).
"""

from __future__ import annotations

import math
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from pingtui.sim.filters import FilterError, ScimParser, _compare

if TYPE_CHECKING:
    from pingtui.sim.data import TenantData

ENVIRONMENT_NAME = "Load Testing"
DEFAULT_USERS = 1_000_000
ID_PREFIX = "5ca1e000-0000-4000-8000-"  # + the index as 12 hex digits: a valid UUID
_CACHE_ITEMS = 5_000  # built users kept (a page or two)
_CACHE_VIEWS = 8  # filtered views kept (each at most 4 bytes per matching user)
_INDEXED = ("username", "email", "id")
_EMAIL = "@example.com"

Item = dict[str, Any]
Condition = Any  # True | False | _Digits | _Exact | _Test  (per combination)


def scale_users(data: TenantData, env: int) -> ScaleUsers | None:
    """The users of environment ``env`` when it is the scaled one, else None (the hook in
    ``TenantData.children``). ``data.scale_users`` (set by ``Simulator(scale_users=N)``)
    says how many; unset or 0: the environment is an ordinary one."""
    size = getattr(data, "scale_users", None)
    if not size or env >= data.size or _environment_name(data, env) != ENVIRONMENT_NAME:
        return None
    return ScaleUsers(data, env, size)


def _environment_name(data: TenantData, env: int) -> str:
    from pingtui.sim.data import ENVIRONMENTS

    return ENVIRONMENTS[env][0] if env < len(ENVIRONMENTS) else ""


# --------------------------------------------------------------------------- conditions


class _Digits:
    """The index's decimal digits start with ``prefix``."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def test(self, i: int) -> bool:
        return str(i).startswith(self.prefix)

    def ranges(self, size: int) -> Iterator[tuple[int, int]]:
        """[low, high) ranges of the numbers below ``size`` whose digits start so."""
        if self.prefix.startswith("0"):  # only 0 itself is written with a leading zero
            if self.prefix == "0" and size > 0:
                yield 0, 1
            return
        low, span = int(self.prefix), 1
        while low < size:
            yield low, min(low + span, size)
            low, span = low * 10, span * 10


class _Exact:
    def __init__(self, index: int) -> None:
        self.index = index

    def test(self, i: int) -> bool:
        return i == self.index


class _Test:
    """Anything else: a predicate over the index. ``narrow`` (an 'and'): a part whose indices
    can be listed, the rest tested on them; ``union`` (an 'or'): its parts."""

    def __init__(self, test: Callable[[int], bool], narrow: Condition = None,
                 union: list[Condition] | None = None) -> None:
        self.test = test
        self.narrow = narrow
        self.union = union


def _as_test(cond: Condition) -> Callable[[int], bool]:
    if cond is True:
        return lambda i: True
    if cond is False:
        return lambda i: False
    return cond.test  # type: ignore[no-any-return]


def _and(conds: list[Condition]) -> Condition:
    if any(c is False for c in conds):
        return False
    rest = [c for c in conds if c is not True]
    if not rest:
        return True
    if len(rest) == 1:
        return rest[0]
    tests = [_as_test(c) for c in rest]
    narrow = next((c for c in rest if _enumerable(c)), None)
    return _Test(lambda i: all(t(i) for t in tests), narrow=narrow)


def _or(conds: list[Condition]) -> Condition:
    if any(c is True for c in conds):
        return True
    rest = [c for c in conds if c is not False]
    if not rest:
        return False
    if len(rest) == 1:
        return rest[0]
    tests = [_as_test(c) for c in rest]
    return _Test(lambda i: any(t(i) for t in tests), union=rest)


def _not(cond: Condition) -> Condition:
    if cond is True or cond is False:
        return not cond
    test = _as_test(cond)
    return _Test(lambda i: not test(i))


# --------------------------------------------------------------------------- the filter


class _Node:
    def decide(self, combo: _Combo) -> Condition:
        raise NotImplementedError


class _All(_Node):
    def __init__(self, parts: list[_Node]) -> None:
        self.parts = parts

    def decide(self, combo: _Combo) -> Condition:
        return _and([p.decide(combo) for p in self.parts])


class _Any(_Node):
    def __init__(self, parts: list[_Node]) -> None:
        self.parts = parts

    def decide(self, combo: _Combo) -> Condition:
        return _or([p.decide(combo) for p in self.parts])


class _Neg(_Node):
    def __init__(self, inner: _Node) -> None:
        self.inner = inner

    def decide(self, combo: _Combo) -> Condition:
        return _not(self.inner.decide(combo))


class _Compare(_Node):
    def __init__(self, attribute: str, op: str, value: Any) -> None:
        self.attribute, self.op, self.value = attribute.lower(), op, value

    def decide(self, combo: _Combo) -> Condition:
        if self.attribute not in _INDEXED:
            return _compare(self.op, combo.constants.get(self.attribute), self.value) \
                if self.op != "pr" else combo.constants.get(self.attribute) not in (None, "")
        if self.op == "pr":
            return True
        head, tail = combo.head(self.attribute), _tail(self.attribute)
        value = self.value.lower() if isinstance(self.value, str) else self.value
        if self.op == "eq" or self.op == "ne":
            cond = _equal(head, tail, value, self.attribute == "id")
            return cond if self.op == "eq" else _not(cond)
        if self.op == "sw" and isinstance(value, str) and self.attribute != "id":
            return _starts(head, tail, value)
        field = combo.field_of(self.attribute)
        op, expected = self.op, self.value
        return _Test(lambda i: _compare(op, field(i), expected))


def _tail(attribute: str) -> str:
    return _EMAIL if attribute == "email" else ""


def _canonical(digits: str) -> bool:
    return digits.isascii() and digits.isdigit() and (digits == "0" or digits[0] != "0")


def _equal(head: str, tail: str, value: Any, hexadecimal: bool) -> Condition:
    """head + index + tail == value (case-insensitively)."""
    if not isinstance(value, str) or not value.startswith(head) or not value.endswith(tail):
        return False
    middle = value[len(head):len(value) - len(tail)]
    if hexadecimal:
        try:
            return _Exact(int(middle, 16)) if len(middle) == 12 else False
        except ValueError:
            return False
    return _Exact(int(middle)) if _canonical(middle) else False


def _starts(head: str, tail: str, value: str) -> Condition:
    """head + index + tail starts with value."""
    if head.startswith(value):
        return True
    if not value.startswith(head):
        return False
    rest = value[len(head):]
    digits = rest[:len(rest) - len(rest.lstrip("0123456789"))]
    after = rest[len(digits):]
    if not digits:
        return False  # the index (at least one digit) comes right after the head
    if not after:
        return _Digits(digits)
    # Digits then text: the index is exactly those digits and the tail starts with the text.
    return _Exact(int(digits)) if _canonical(digits) and tail.startswith(after) else False


class _Parser(ScimParser[_Node]):
    """SCIM filter text -> a tree of :class:`_Node` (``sim.filters``' grammar and tokens)."""

    def any_of(self, parts: list[_Node]) -> _Node:
        return _Any(parts)

    def all_of(self, parts: list[_Node]) -> _Node:
        return _All(parts)

    def negate(self, inner: _Node) -> _Node:
        return _Neg(inner)

    def comparison(self, attribute: str) -> _Node:
        if attribute.lower() not in _FILTERABLE:
            raise FilterError(f"filtering on '{attribute}' is not supported in the "
                              f"{ENVIRONMENT_NAME} environment (use one of "
                              f"{', '.join(sorted(_FILTERABLE))})")
        op = self.operator()
        return _Compare(attribute, op, None if op == "pr" else self.value(op))


# --------------------------------------------------------------------------- the users


_CONSTANT_FIELDS = ("name.given", "name.family", "name.formatted", "population.id", "enabled",
                    "account.status", "account.canauthenticate", "mfaenabled",
                    "lifecycle.status")
_FILTERABLE = frozenset((*_INDEXED, *_CONSTANT_FIELDS))


class _Combo:
    """What users with ``i % PERIOD == index`` share."""

    def __init__(self, users: ScaleUsers, index: int) -> None:
        from pingtui.sim.data import FAMILY, GIVEN, stable_id, transliterate

        self.index = index
        given = GIVEN[index % len(GIVEN)]
        family = FAMILY[(index // len(GIVEN)) % len(FAMILY)]
        self.given, self.family = given, family
        self.login = f"{transliterate(given)}.{transliterate(family)}"
        self.population = users.population_of(index)
        self.population_id = stable_id("populations", users.env, self.population)
        # About 1 in 11 disabled, 1 in 17 locked, 1 in 3 with MFA (the first user is ordinary).
        self.enabled = (index + 5) % 11 != 0
        self.locked = (index + 8) % 17 == 0
        self.mfa = index % 3 == 1
        self.constants: dict[str, Any] = {
            "name.given": given, "name.family": family, "name.formatted": f"{given} {family}",
            "population.id": self.population_id, "enabled": self.enabled,
            "account.status": "LOCKED" if self.locked else "OK",
            "account.canauthenticate": not self.locked, "mfaenabled": self.mfa,
            "lifecycle.status": "ACCOUNT_OK",
        }

    def head(self, attribute: str) -> str:
        return ID_PREFIX if attribute == "id" else self.login.lower()

    def field_of(self, attribute: str) -> Callable[[int], str]:
        if attribute == "id":
            return lambda i: f"{ID_PREFIX}{i:012x}"
        login, tail = self.login, _tail(attribute)
        return lambda i: f"{login}{i}{tail}"


class ScaleUsers:
    """A sequence of ``size`` users of environment ``env``; the simulator's API asks
    :meth:`select` for filtered views instead of scanning built users."""

    def __init__(self, data: TenantData, env: int, size: int) -> None:
        self.data = data
        self.env = env
        self.length = size
        slots = getattr(data, "_population_slots", None)  # issue 17's weighted spread
        self._population_period = len(slots(env)) if slots else \
            len(data.children(env, "populations"))
        self.period = math.lcm(400, self._population_period)
        self._combos: dict[int, _Combo] = {}
        self._cache: OrderedDict[int, Item] = OrderedDict()
        self._views: OrderedDict[str, Sequence[int]] = OrderedDict()
        self._lock = threading.Lock()
        self._dates: dict[int, str] = {}
        created = datetime.fromisoformat(
            data.environment_created(env).replace("Z", "+00:00")) \
            if hasattr(data, "environment_created") else datetime(2022, 1, 1, tzinfo=timezone.utc)
        self._since = int(created.timestamp()) + 86400  # everyone joined after the environment

    def __len__(self) -> int:
        return self.length

    # ---------------------------------------------------------------- building users

    def population_of(self, index: int) -> int:
        of = getattr(self.data, "population_of", None)
        if of is not None:
            return int(of(self.env, index))
        return index % self._population_period

    def combo(self, i: int) -> _Combo:
        key = i % self.period
        found = self._combos.get(key)
        if found is None:
            found = self._combos[key] = _Combo(self, key)
        return found

    def _stamp(self, seconds: int) -> str:
        """An ISO timestamp ``seconds`` after the environment was made, without datetime's cost
        per user (the day's text is cached)."""
        moment = self._since + seconds
        day, second = divmod(moment, 86400)
        text = self._dates.get(day)
        if text is None:
            text = self._dates[day] = datetime.fromtimestamp(day * 86400, timezone.utc) \
                .strftime("%Y-%m-%d")
        hours, rest = divmod(second, 3600)
        return f"{text}T{hours:02d}:{rest // 60:02d}:{rest % 60:02d}.000Z"

    def __getitem__(self, i: int) -> Item:
        if not 0 <= i < self.length:
            raise IndexError(i)
        with self._lock:
            item = self._cache.get(i)
        if item is None:
            item = self._build(i)
            with self._lock:
                self._cache[i] = item
                while len(self._cache) > _CACHE_ITEMS:
                    self._cache.popitem(last=False)
        return item

    def _build(self, i: int) -> Item:
        c = self.combo(i)
        uid = f"{ID_PREFIX}{i:012x}"
        username = f"{c.login}{i}"
        env_id = self.data.environment_id(self.env)
        created = (i * 7919) % (600 * 86400)
        item: Item = {
            "_links": {"self": {"href": f"/v1/environments/{env_id}/users/{uid}"},
                       "environment": {"href": f"/v1/environments/{env_id}"}},
            "id": uid,
            "environment": {"id": env_id},
            "username": username,
            "email": username + _EMAIL,
            "name": {"given": c.given, "family": c.family, "formatted": f"{c.given} {c.family}"},
            "enabled": c.enabled,
            "population": {"id": c.population_id},
            "account": {"status": "LOCKED" if c.locked else "OK",
                        "canAuthenticate": not c.locked},
            "lifecycle": {"status": "ACCOUNT_OK"},
            "mfaEnabled": c.mfa,
            "createdAt": self._stamp(created),
            "updatedAt": self._stamp(created + (i * 104729) % (90 * 86400)),
        }
        if i % 4:
            item["lastSignOn"] = {"at": self._stamp(created + (i * 15485863) % (30 * 86400))}
        return item

    def index_of(self, item_id: str) -> int | None:
        if not item_id.lower().startswith(ID_PREFIX) or len(item_id) != 36:
            return None
        try:
            i = int(item_id[len(ID_PREFIX):], 16)
        except ValueError:
            return None
        return i if i < self.length else None

    def find(self, item_id: str) -> Item | None:
        i = self.index_of(item_id)
        return None if i is None else self[i]

    # ---------------------------------------------------------------- filtering

    def select(self, flt: str, order: str) -> Sequence[int]:
        """The indices of the users ``flt`` matches, in order; raises FilterError."""
        if order:
            raise FilterError(f"order is not supported in the {ENVIRONMENT_NAME} environment "
                              f"({self.length:,} users)")
        if not flt:
            return range(self.length)
        with self._lock:
            if flt in self._views:
                self._views.move_to_end(flt)
                return self._views[flt]
        view = self._compute(_Parser(flt).parse())
        with self._lock:
            self._views[flt] = view
            while len(self._views) > _CACHE_VIEWS:
                self._views.popitem(last=False)
        return view

    def _compute(self, node: _Node) -> Sequence[int]:
        found: list[int] = []
        period, size = self.period, self.length
        combos = min(period, size)
        whole = 0  # combinations that match entirely
        for c in range(combos):
            cond = node.decide(self.combo(c))
            if cond is True:
                whole += 1
                found.extend(range(c, size, period))
            elif cond is not False:
                found.extend(self._indices(cond, c))
        if whole == combos:
            return range(size)
        found.sort()
        return array("l", found)

    def _indices(self, cond: Condition, c: int) -> Iterator[int]:
        """The indices ``i % period == c`` that ``cond`` holds for (in any order)."""
        period, size = self.period, self.length
        if cond is True:
            yield from range(c, size, period)
        elif isinstance(cond, _Exact):
            if cond.index < size and cond.index % period == c:
                yield cond.index
        elif isinstance(cond, _Digits):
            for low, high in cond.ranges(size):
                yield from range(low + (c - low) % period, high, period)
        elif cond.narrow is not None:  # an 'and': the indices of one part, the rest tested
            test = cond.test
            yield from (i for i in self._indices(cond.narrow, c) if test(i))
        elif cond.union is not None and all(_enumerable(part) for part in cond.union):
            seen: set[int] = set()
            for part in cond.union:
                for i in self._indices(part, c):
                    if i not in seen:
                        seen.add(i)
                        yield i
        else:  # a generic test (not, co, ew, ...): every index of the combination
            test = cond.test
            yield from (i for i in range(c, size, period) if test(i))


def _enumerable(cond: Condition) -> bool:
    """Whether :meth:`ScaleUsers._indices` can list ``cond``'s indices without testing all."""
    if cond is True or isinstance(cond, (_Exact, _Digits)):
        return True
    if isinstance(cond, _Test):
        return cond.narrow is not None or (
            cond.union is not None and all(_enumerable(p) for p in cond.union))
    return False


def population_counts(users: ScaleUsers) -> dict[int, int]:
    """Users per population index (a closed form over the combinations), for tests."""
    counts: dict[int, int] = {}
    for c in range(min(users.period, users.length)):
        n = len(range(c, users.length, users.period))
        p = users.combo(c).population
        counts[p] = counts.get(p, 0) + n
    return counts
