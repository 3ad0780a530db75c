"""``--query EXPR``: a JMESPath expression applied to a command's whole result (as Ping CLI, az
and aws do), through the ``jmespath`` library, imported only when a query is given.

The expression is compiled before any request is made, so a typo fails at once (exit 2), not
after a long listing. A query needs the whole result: a listing with ``--query`` holds every
item in memory before it writes anything (without ``--query`` it streams).
"""

from __future__ import annotations

from typing import Any, Protocol

from pingtui.errors import UsageError


class Query(Protocol):
    def search(self, value: Any) -> Any: ...


def compile_query(expression: str) -> Query:
    """The compiled expression; a :class:`UsageError` (exit 2) when it is not JMESPath."""
    import jmespath
    from jmespath.exceptions import JMESPathError

    try:
        return jmespath.compile(expression)  # type: ignore[no-any-return]
    except JMESPathError as exc:
        reason = " ".join(str(exc).split())[:200]
        raise UsageError(f"--query: '{expression[:80]}' is not a JMESPath expression "
                         f"({reason}).",
                         "See https://jmespath.org for the syntax, e.g. "
                         "--query \"[?type=='PRODUCTION'].name\".") from None


def apply_query(expression: str | None, data: Any) -> Any:
    """``data`` filtered by ``expression`` (None: unchanged). Errors as :func:`compile_query`;
    a function given the wrong type of value (``length(`5`)``) is a usage error too."""
    if not expression:
        return data
    compiled = compile_query(expression)
    from jmespath.exceptions import JMESPathError

    try:
        return compiled.search(data)
    except JMESPathError as exc:
        reason = " ".join(str(exc).split())[:200]
        raise UsageError(f"--query: '{expression[:80]}' could not be applied ({reason}).",
                         "Check the expression against the output without --query.") from None
