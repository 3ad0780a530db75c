"""An async iterator whose first item is asked for at once, before anyone iterates it.

A listing's first page takes a round trip. A screen that starts it only once its widgets are
mounted pays the compose time on top (10–20 ms on a 2-core machine). Started as the screen is
built, the request is on the wire while the screen composes, and the page is usually in by the
screen's first frame.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class HeadStart(AsyncIterator[T], Generic[T]):
    """``source``, its first ``__anext__`` running as a task from now (a running loop is
    needed). Cancelling its consumer cancels that task; ``aclose`` closes ``source``."""

    def __init__(self, source: AsyncGenerator[T, None]) -> None:
        self._source = source
        self._first: asyncio.Future[T] | None = asyncio.ensure_future(source.__anext__())
        # Whoever made it may be gone before iterating (a screen left at once): its failure is
        # then nobody's, and must not be logged as a never-retrieved task exception.
        self._first.add_done_callback(_retrieve)

    async def ready(self, timeout: float) -> None:
        """Until the first item is in (or failed), at most ``timeout`` seconds; it stays to be
        read."""
        if self._first is not None:
            await asyncio.wait({self._first}, timeout=timeout)

    def __aiter__(self) -> HeadStart[T]:
        return self

    async def __anext__(self) -> T:
        if self._first is not None:
            first, self._first = self._first, None
            return await first
        return await self._source.__anext__()

    async def aclose(self) -> None:
        if self._first is not None:
            self._first.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._first
            self._first = None
        await self._source.aclose()


def _retrieve(task: asyncio.Future[Any]) -> None:
    if not task.cancelled():
        task.exception()
