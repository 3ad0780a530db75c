"""HeadStart: a listing's first page is asked for when the listing is made, not when read."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncGenerator

import pytest

from pingtui.api.head_start import HeadStart


async def test_the_first_item_is_under_way_before_anyone_iterates() -> None:
    events: list[str] = []

    async def source() -> AsyncGenerator[int, None]:
        events.append("first asked")
        yield 1
        events.append("second asked")
        yield 2

    pages = HeadStart(source())
    await asyncio.sleep(0)  # one turn of the loop, as a screen's compose gives it
    assert events == ["first asked"]
    assert [page async for page in pages] == [1, 2]
    assert events == ["first asked", "second asked"]


async def test_closing_it_unread_cancels_the_first_request_and_closes_the_source() -> None:
    closed = asyncio.Event()

    async def source() -> AsyncGenerator[int, None]:
        try:
            await asyncio.Event().wait()  # a request that never answers
            yield 1
        finally:
            closed.set()

    pages = HeadStart(source())
    await asyncio.sleep(0)
    await pages.aclose()  # the source is inside the first request: it is cancelled first
    assert closed.is_set()


async def test_a_failure_is_raised_to_the_reader_and_never_logged_when_nobody_reads(
        caplog: pytest.LogCaptureFixture) -> None:
    async def failing() -> AsyncGenerator[int, None]:
        raise PermissionError("403")
        yield 0  # an async generator

    read = HeadStart(failing())
    with pytest.raises(PermissionError):
        await read.__anext__()

    HeadStart(failing())  # made, never read: a screen left before its pane mounted
    for _ in range(3):
        await asyncio.sleep(0)
    gc.collect()
    assert "never retrieved" not in caplog.text


async def test_ready_waits_for_the_first_item_at_most_its_timeout_and_leaves_it_to_read() -> None:
    answer = asyncio.Event()
    yielded: list[int] = []

    async def source() -> AsyncGenerator[int, None]:
        await answer.wait()  # the first request, answered when the test says
        yielded.append(1)
        yield 1

    pages = HeadStart(source())
    await pages.ready(0.01)  # not in: back at the timeout, the request still on its way
    assert yielded == []
    answer.set()
    await asyncio.wait_for(pages.ready(60), 5)  # back as soon as it is in, not at 60 s
    assert yielded == [1]
    assert [page async for page in pages] == [1]  # still there to read
