"""The loopback listener on its own: 127.0.0.1 only, one callback, 404 elsewhere, escaping."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from auth.conftest import free_port
from pingtui.auth import errors
from pingtui.auth.loopback import LoopbackListener

STATE = "s" * 43


async def test_binds_loopback_only_and_answers_the_exact_path_once() -> None:
    port = free_port()
    listener = LoopbackListener(port, state=STATE)
    await listener.start()
    try:
        sockets = listener._server.sockets
        assert [s.getsockname()[0] for s in sockets] == ["127.0.0.1"]
        assert listener.redirect_uri == f"http://127.0.0.1:{port}/callback"
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            assert (await client.get("/")).status_code == 404
            assert (await client.get("/callback/")).status_code == 404
            assert (await client.get("/favicon.ico")).status_code == 404
            assert (await client.post("/callback", data={"code": "x"})).status_code == 405
            assert (await client.get("/callback")).status_code == 400  # not an answer
            assert not listener._result.done()
            ok = await client.get("/callback", params={"code": "the-code-1234", "state": STATE})
            assert ok.status_code == 200
            result = await listener.wait(1)
            assert result.params == {"code": "the-code-1234", "state": STATE}
            with pytest.raises(httpx.ConnectError):
                await client.get("/callback", params={"code": "again", "state": STATE})
    finally:
        await listener.close()


async def test_error_page_escapes_what_it_echoes() -> None:
    port = free_port()
    async with LoopbackListener(port, state=STATE) as listener, httpx.AsyncClient() as client:
        page = await client.get(listener.redirect_uri, params={
            "error": "access_denied", "state": STATE,
            "error_description": "<script>alert(1)</script>"})
    assert "<script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    assert page.headers["cache-control"] == "no-store"


async def test_wrong_state_page_says_it_is_not_accepted() -> None:
    port = free_port()
    async with LoopbackListener(port, state=STATE) as listener:
        async with httpx.AsyncClient() as client:
            page = await client.get(listener.redirect_uri,
                                    params={"code": "c0de-c0de", "state": "other"})
        result = await listener.wait(1)
    assert page.status_code == 200 and "state mismatch" in page.text
    assert not listener.state_matches(result.params)


async def test_port_busy() -> None:
    port = free_port()
    async with LoopbackListener(port, state=STATE):
        with pytest.raises(errors.PortBusy) as caught:
            await LoopbackListener(port, state=STATE, profile_name="work").start()
    assert f"Port {port}" in caught.value.message
    assert "pingtui init -P work --grant-type device_code" in caught.value.hint


async def test_timeout_closes() -> None:
    port = free_port()
    listener = LoopbackListener(port, state=STATE)
    await listener.start()
    with pytest.raises(errors.SignOnTimeout):
        await listener.wait(0.05)
    await listener.close()
    with pytest.raises(OSError):
        await asyncio.open_connection("127.0.0.1", port)


async def test_a_silent_connection_does_not_block_the_callback() -> None:
    port = free_port()
    async with LoopbackListener(port, state=STATE) as listener:
        _, idle = await asyncio.open_connection("127.0.0.1", port)  # says nothing
        async with httpx.AsyncClient() as client:
            ok = await client.get(listener.redirect_uri, params={"code": "abc-123", "state": STATE})
        idle.close()
    assert ok.status_code == 200
