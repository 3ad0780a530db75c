"""Waiting on a condition in a Textual pilot test (never a fixed sleep)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual.css.query import NoMatches


async def wait_until(pilot: Any, predicate: Callable[[], bool], *, timeout: float = 15.0,
                     what: str = "condition") -> None:
    """Let the app run until ``predicate()`` holds; fail after ``timeout`` seconds.

    A predicate that queries a widget not mounted yet (``NoMatches``) has not held yet: a
    pushed screen is ``app.screen`` before its widgets are composed, so a query made in that
    moment (a busy CI machine makes it wider) is no answer. Any other error fails at once.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        try:
            if predicate():
                return
            missing = None
        except NoMatches as exc:
            missing = exc
        if loop.time() > deadline:
            raise AssertionError(f"{what} not met in {timeout:g} s") from missing
        await pilot.pause(0.02)
