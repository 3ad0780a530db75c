"""Waiting on a condition in a Textual pilot test (never a fixed sleep)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any


async def wait_until(pilot: Any, predicate: Callable[[], bool], *, timeout: float = 15.0,
                     what: str = "condition") -> None:
    """Let the app run until ``predicate()`` holds; fail after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"{what} not met in {timeout:g} s")
        await pilot.pause(0.02)
