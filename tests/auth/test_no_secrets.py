"""Every flow with DEBUG logging: no secret, token, code or verifier in logs or exceptions.

The secrets are collected from the wire (an httpx event hook on the session's own client sees
every token, device code, authorization code and PKCE verifier that pingtui sends or receives),
so the check does not depend on pingtui telling us what it considers secret.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from urllib.parse import parse_qsl

import httpx
import pytest

from auth.browser import ScriptedBrowser
from auth.conftest import WORKER_SECRET, FastClock
from pingtui.auth import errors
from pingtui.auth.flows import DeviceCodeIssued
from pingtui.auth.session import Session

SECRET_KEYS = {"access_token", "refresh_token", "id_token", "device_code", "code",
               "code_verifier", "client_secret", "token"}


class Wire:
    """Collects every secret value crossing the session's HTTP client."""

    def __init__(self) -> None:
        self.secrets: set[str] = {WORKER_SECRET}
        self.client = httpx.AsyncClient(event_hooks={"request": [self.request],
                                                     "response": [self.response]})

    async def request(self, request: httpx.Request) -> None:
        for key, value in parse_qsl(request.content.decode(errors="replace")):
            if key in SECRET_KEYS:
                self.secrets.add(value)
        auth = request.headers.get("authorization", "")
        if auth.startswith("Bearer "):
            self.secrets.add(auth[7:])

    async def response(self, response: httpx.Response) -> None:
        await response.aread()
        try:
            data = json.loads(response.content)
        except ValueError:
            return
        if isinstance(data, dict):
            self.secrets.update(str(v) for k, v in data.items() if k in SECRET_KEYS)


def _assert_clean(wire: Wire, texts: list[str]) -> None:
    assert len(wire.secrets) >= 2
    for text in texts:
        for secret in wire.secrets:
            assert secret not in text, f"a secret leaked into: {text[:200]!r}"


def _failure_texts(exc: BaseException) -> list[str]:
    out = [str(exc), repr(exc)]
    if isinstance(exc, errors.AuthError):
        out += [exc.message, exc.hint or ""]
    return out


async def _device(session: Session, decision: str = "approve") -> None:
    browser = ScriptedBrowser(decision=decision)
    tasks: list[asyncio.Task] = []

    def on_event(event: object) -> None:
        if isinstance(event, DeviceCodeIssued):
            tasks.append(asyncio.get_running_loop().create_task(
                browser.device(event.verification_uri_complete)))

    try:
        await session.login(on_event)
    finally:
        await asyncio.gather(*tasks, return_exceptions=True)


async def test_every_flow_keeps_secrets_out_of_logs_and_errors(
        make_profile, oidc, caplog: pytest.LogCaptureFixture) -> None:
    wire = Wire()
    texts: list[str] = []
    now = [time.time()]
    clock = FastClock()
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="pingtui")

    # Authorization code + PKCE, then a refresh, then logout.
    browser = ScriptedBrowser()
    async with Session(make_profile("authorization_code", name="web"), http=wire.client,
                       opener=browser.opener, clock=lambda: now[0]) as web:
        status = await web.login()
        await browser.finished()
        texts.append(repr(status))
        now[0] += 7200
        await web.access_token()  # refresh (rotation)
        texts.append(repr(await web.status()))
        texts.append(repr(await web.logout()))

    # Device code, then a refused refresh (revoked behind pingtui's back).
    async with Session(make_profile("device_code", name="dev"), http=wire.client,
                       sleep=clock.sleep, clock=lambda: now[0]) as dev:
        await _device(dev)
        tokens = dev._tokens  # what the store holds, to revoke it server-side
        texts.append(repr(tokens))
        async with httpx.AsyncClient() as other:
            await other.post(f"{oidc.issuer}/revoke", data={
                "token": tokens.refresh_token, "client_id": "pingtui-device"})
        now[0] += 7200
        with pytest.raises(errors.SignedOut) as refused:
            await dev.access_token()
        texts += _failure_texts(refused.value)

    # Device code declined.
    async with Session(make_profile("device_code", name="dev2"), http=wire.client,
                       sleep=clock.sleep) as dev2:
        with pytest.raises(errors.AccessDenied) as denied:
            await _device(dev2, decision="deny")
        texts += _failure_texts(denied.value)

    # Client credentials: right secret, then a wrong one.
    async with Session(make_profile("client_credentials", name="cc", secret=WORKER_SECRET),
                       http=wire.client) as cc:
        await cc.access_token()
        texts.append(repr(await cc.status()))
        await cc.logout()
    wrong = "wrong-secret-0123456789abcdef"
    wire.secrets.add(wrong)
    async with Session(make_profile("client_credentials", name="cc2", secret=wrong),
                       http=wire.client) as cc2:
        with pytest.raises(errors.SignOnFailed) as bad:
            await cc2.access_token()
        texts += _failure_texts(bad.value)

    # Authorization code answered with a forged code and a wrong state.
    forged = "forged-authorization-code-42"
    wire.secrets.add(forged)

    async def forger(url: str) -> bool:
        async with httpx.AsyncClient() as c:
            await c.get(httpx.URL(url).params["redirect_uri"],
                        params={"code": forged, "state": "nope"})
        return True

    async with Session(make_profile("authorization_code", name="web2"), http=wire.client,
                       opener=forger) as web2:
        with pytest.raises(errors.StateMismatch) as mismatch:
            await web2.login()
        texts += _failure_texts(mismatch.value)

    await wire.client.aclose()
    pingtui_logs = [r for r in caplog.records if r.name.startswith("pingtui")]
    assert any(r.levelno == logging.DEBUG for r in pingtui_logs)  # DEBUG was really on
    texts += [r.getMessage() for r in pingtui_logs]
    texts += [logging.Formatter().format(r) for r in pingtui_logs]
    # The wire saw every kind of secret we mean to look for.
    assert any(len(s) > 40 for s in wire.secrets)
    _assert_clean(wire, texts)


def test_cli_debug_output_has_no_secret(make_profile, oidc, tmp_path, run_cli) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"""
activeProfile: cc
profiles:
  cc:
    pingone:
      environmentID: {oidc.env_id}
      authBaseURL: {oidc.base}
      authentication:
        grantType: client_credentials
        clientID: pingtui-worker
        storage: file
""")
    env_secret = {"PINGCLI_PINGONE_WORKER_CLIENT_SECRET": WORKER_SECRET}
    import os

    os.environ.update(env_secret)
    try:
        login = run_cli("--config", str(config), "--debug", "auth", "login")
        status = run_cli("--config", str(config), "--debug", "auth", "status", "-o", "json")
        token = run_cli("--config", str(config), "--debug", "auth", "token")
        logout = run_cli("--config", str(config), "--debug", "auth", "logout")
    finally:
        for key in env_secret:
            os.environ.pop(key)
    assert login.code == status.code == token.code == logout.code == 0, (login, status, token)
    access = token.out.strip()
    assert len(access) > 20
    for result in (login, status, logout):
        for secret in (WORKER_SECRET, access):
            assert secret not in result.out + result.err
    assert "DEBUG" in login.err  # --debug was on
    assert WORKER_SECRET not in config.read_text()
    assert token.err.count(access) == 0
