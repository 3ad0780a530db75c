"""The three grants end to end against a real OpenID Provider (oidc-provider), and their faults."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from auth.browser import ScriptedBrowser
from auth.conftest import WORKER_SECRET, FastClock, Provider
from pingtui.auth import errors
from pingtui.auth.flows import BrowserOpened, DeviceCodeIssued
from pingtui.auth.session import Session
from pingtui.auth.store import TokenStore

# --------------------------------------------------------------------------- authorization code


async def test_authorization_code_end_to_end(make_profile, oidc: Provider) -> None:
    browser = ScriptedBrowser(login="alice")
    events: list[object] = []
    profile = make_profile("authorization_code")
    async with Session(profile, opener=browser.opener) as session:
        status = await session.login(events.append)
        (landing,) = await browser.finished()
        assert status.signed_in and status.subject == "alice"
        assert status.grant_type == "authorization_code" and status.storage == "none"
        assert session.endpoints.discovered and session.endpoints.issuer == oidc.issuer
        # The token is a real one: the provider's userinfo accepts it.
        async with httpx.AsyncClient(auth=session) as api:
            me = await api.get(f"{oidc.issuer}/userinfo")
        assert me.status_code == 200 and me.json()["sub"] == "alice"
    (event,) = events
    assert isinstance(event, BrowserOpened) and event.opened and event.ssh_hint is None
    port = profile.pingone.authentication.redirect_port
    assert f"redirect_uri=http%3A%2F%2F127.0.0.1%3A{port}%2Fcallback" in event.url
    assert "code_challenge_method=S256" in event.url
    assert landing.status_code == 200
    assert "close this tab and return to the terminal" in landing.text
    assert landing.headers["referrer-policy"] == "no-referrer"
    # The state sent is 32 random bytes (43 base64url characters).
    state = httpx.URL(event.url).params["state"]
    assert len(state) >= 43


async def test_authorization_code_access_denied(make_profile) -> None:
    browser = ScriptedBrowser(decision="deny")
    async with Session(make_profile("authorization_code"), opener=browser.opener) as session:
        with pytest.raises(errors.AccessDenied) as caught:
            await session.login()
        (landing,) = await browser.finished()
        assert "declined" in caught.value.message
        assert caught.value.exit_code == 3
        assert "Sign-on failed" in landing.text
        assert not (await session.status()).signed_in


async def test_state_mismatch_is_refused(make_profile) -> None:
    seen: list[str] = []

    async def forger(url: str) -> bool:
        # Someone else's answer arrives first: right path, wrong state.
        redirect = httpx.URL(url).params["redirect_uri"]
        async with httpx.AsyncClient() as client:
            response = await client.get(redirect, params={"code": "forged-code-123456",
                                                          "state": "not-the-state"})
        seen.append(response.text)
        return True

    profile = make_profile("authorization_code")
    async with Session(profile, opener=forger) as session:
        with pytest.raises(errors.StateMismatch) as caught:
            await session.login()
    assert "state mismatch" in caught.value.message
    assert "does not belong" in seen[0]
    # Exactly one callback was accepted: the listener is closed now.
    with pytest.raises(OSError):
        await asyncio.open_connection("127.0.0.1", profile.pingone.authentication.redirect_port)


async def test_second_callback_is_refused(make_profile) -> None:
    browser = ScriptedBrowser()
    profile = make_profile("authorization_code")
    async with Session(profile, opener=browser.opener) as session:
        await session.login()
        (landing,) = await browser.finished()
    # Replaying the callback (a reload, a stolen URL) reaches nothing: the listener closed.
    async with httpx.AsyncClient() as client:
        with pytest.raises(httpx.ConnectError):
            await client.get(str(landing.url))


async def test_port_busy_says_what_to_do(make_profile) -> None:
    browser = ScriptedBrowser()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        async with Session(make_profile("authorization_code", port=port),
                           opener=browser.opener) as session:
            with pytest.raises(errors.PortBusy) as caught:
                await session.login()
    assert f"Port {port} on 127.0.0.1 is busy" in caught.value.message
    assert "device_code" in caught.value.hint
    assert browser.opened == []  # the browser is not sent to a listener that isn't there


async def test_timeout_when_the_browser_never_returns(make_profile) -> None:
    events: list[object] = []
    profile = make_profile("authorization_code")
    port = profile.pingone.authentication.redirect_port
    async with Session(profile, opener=lambda url: False, login_timeout=0.3) as session:
        with pytest.raises(errors.SignOnTimeout) as caught:
            await session.login(events.append)
    assert "did not come back within 0.3 seconds" in caught.value.message
    (event,) = events
    assert isinstance(event, BrowserOpened) and not event.opened
    assert f"ssh -L {port}:127.0.0.1:{port}" in event.ssh_hint
    with pytest.raises(OSError):  # the listener closed at the timeout
        await asyncio.open_connection("127.0.0.1", port)


async def test_cancelling_login_closes_the_listener(make_profile) -> None:
    opened = asyncio.Event()
    profile = make_profile("authorization_code")
    port = profile.pingone.authentication.redirect_port

    def opener(url: str) -> bool:
        opened.set()
        return True

    async with Session(profile, opener=opener) as session:
        task = asyncio.create_task(session.login())
        await opened.wait()
        # The listener is up while the sign-on waits...
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.close()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    # ...and gone once the task is cancelled.
    with pytest.raises(OSError):
        await asyncio.open_connection("127.0.0.1", port)


# --------------------------------------------------------------------------- device code


async def _device_login(session: Session, browser: ScriptedBrowser,
                        events: list[object] | None = None):
    approvals: list[asyncio.Task[httpx.Response]] = []

    def on_event(event: object) -> None:
        if events is not None:
            events.append(event)
        if isinstance(event, DeviceCodeIssued):
            approvals.append(asyncio.get_running_loop().create_task(
                browser.device(event.verification_uri_complete)))

    try:
        return await session.login(on_event)
    finally:
        await asyncio.gather(*approvals, return_exceptions=True)


async def test_device_code_end_to_end(make_profile, oidc: Provider) -> None:
    events: list[object] = []
    # Real polling at the provider's interval (1 s): the one test that waits for real.
    async with Session(make_profile("device_code", storage="file")) as session:
        status = await _device_login(session, ScriptedBrowser(login="bob"), events)
        assert status.signed_in and status.subject == "bob" and status.storage == "file"
    (issued,) = events
    assert isinstance(issued, DeviceCodeIssued)
    assert issued.verification_uri == f"{oidc.issuer}/device"
    assert issued.user_code in issued.verification_uri_complete
    assert issued.interval == 1 and issued.expires_in == 600
    # Tokens survive a restart: a new session (new process, same store) is signed on.
    async with Session(make_profile("device_code", storage="file")) as again:
        assert (await again.status()).signed_in


async def test_device_code_access_denied(make_profile, fast_clock: FastClock) -> None:
    async with Session(make_profile("device_code"), sleep=fast_clock.sleep) as session:
        with pytest.raises(errors.AccessDenied) as caught:
            await _device_login(session, ScriptedBrowser(decision="deny"))
    assert "declined" in caught.value.message and caught.value.exit_code == 3


async def test_device_code_expires(make_profile) -> None:
    # pingtui-device-short's codes live 2 s on the provider; nobody approves this one.
    async with Session(make_profile("device_code", client_id="pingtui-device-short",
                                    scopes=["openid"])) as session:
        with pytest.raises(errors.CodeExpired) as caught:
            await session.login()
    assert "expired" in caught.value.message


async def test_device_code_slow_down_adds_five_seconds(make_profile,
                                                       fast_clock: FastClock) -> None:
    profile = make_profile("device_code", client_id="pingtui-device-slow", scopes=["openid"])
    async with Session(profile, sleep=fast_clock.sleep) as session:
        status = await _device_login(session, ScriptedBrowser())
    assert status.signed_in
    # The provider answers slow_down while the client polls too fast: 1 s, then 6 s, then
    # 11 s. The scripted user may approve before a third poll, so only the first two waits
    # are certain; any later one must keep the slower pace.
    assert fast_clock.waits[:2] == [1, 6]
    assert all(w == 11 for w in fast_clock.waits[2:])


async def test_device_code_cancel(make_profile) -> None:
    issued = asyncio.Event()
    async with Session(make_profile("device_code")) as session:
        task = asyncio.create_task(session.login(lambda e: issued.set()))
        await issued.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert not (await session.status()).signed_in


# --------------------------------------------------------------------------- client credentials


async def test_client_credentials_fetches_when_needed(make_profile, oidc: Provider) -> None:
    now = [1_000_000.0]
    profile = make_profile("client_credentials", secret=WORKER_SECRET)
    async with Session(profile, clock=lambda: now[0]) as session:
        first = await session.access_token()
        assert await session.access_token() == first  # kept, not fetched again
        status = await session.status()
        assert status.signed_in and status.subject == "pingtui-worker"
        assert status.scopes == ["p1:read:env"]
        now[0] += 3600  # expired: a new one is fetched, no login step
        second = await session.access_token()
        assert second != first
    async with httpx.AsyncClient() as client:  # both are real tokens of the provider
        info = await client.post(f"{oidc.issuer}/introspect", data={"token": second},
                                 auth=("pingtui-worker", WORKER_SECRET))
    assert info.json()["active"] is True and info.json()["client_id"] == "pingtui-worker"


async def test_client_credentials_secret_from_store(make_profile, memory_keyring) -> None:
    from pingtui.auth.store import store_client_secret

    profile = make_profile("client_credentials", storage="keyring")
    assert store_client_secret(profile, WORKER_SECRET) == "keyring"
    async with Session(profile) as session:
        status = await session.status()
    assert status.signed_in and status.storage == "keyring"
    stored = memory_keyring.entries[("pingtui", "test")]
    assert WORKER_SECRET in stored and '"access_token"' in stored


async def test_client_credentials_wrong_secret(make_profile) -> None:
    profile = make_profile("client_credentials", secret="wrong-secret-000000")
    async with Session(profile) as session:
        status = await session.status()
        with pytest.raises(errors.SignOnFailed) as caught:
            await session.access_token()
    assert not status.signed_in
    assert "does not accept the client ID or secret" in caught.value.message
    assert caught.value.exit_code == 3


async def test_client_credentials_without_secret(make_profile) -> None:
    async with Session(make_profile("client_credentials")) as session:
        with pytest.raises(errors.MissingClientSecret) as caught:
            await session.access_token()
    assert "--client-secret-stdin" in caught.value.hint


# --------------------------------------------------------------------------- session behaviour


async def test_refresh_rotates_and_keeps_the_newest(make_profile, fast_clock, oidc) -> None:
    now = [time.time()]
    profile = make_profile("device_code", storage="file")
    async with Session(profile, sleep=fast_clock.sleep, clock=lambda: now[0]) as session:
        await _device_login(session, ScriptedBrowser())
        store = TokenStore("file")
        before = store.load("test").tokens
        now[0] += 3600  # past expiry: the next access_token() refreshes
        fresh = await session.access_token()
        after = store.load("test").tokens
    assert fresh != before.access_token and after.access_token == fresh
    assert after.refresh_token != before.refresh_token  # rotated, and the new one stored
    assert after.subject == before.subject
    # The old refresh token is spent: the provider refuses it now.
    async with httpx.AsyncClient() as client:
        reuse = await client.post(f"{oidc.issuer}/token", data={
            "grant_type": "refresh_token", "refresh_token": before.refresh_token,
            "client_id": "pingtui-device"})
    assert reuse.status_code == 400 and reuse.json()["error"] == "invalid_grant"


async def test_concurrent_callers_share_one_refresh(make_profile, fast_clock) -> None:
    now = [time.time()]
    token_calls: list[str] = []

    async def count(request: httpx.Request) -> None:
        if request.url.path.endswith("/token"):
            token_calls.append(request.content.decode())

    http = httpx.AsyncClient(event_hooks={"request": [count]})
    async with Session(make_profile("device_code"), http=http, sleep=fast_clock.sleep,
                       clock=lambda: now[0]) as session:
        await _device_login(session, ScriptedBrowser())
        token_calls.clear()
        now[0] += 3600
        tokens = await asyncio.gather(*(session.access_token() for _ in range(8)))
    await http.aclose()
    assert len(set(tokens)) == 1
    assert len(token_calls) == 1 and "grant_type=refresh_token" in token_calls[0]


async def test_two_sessions_of_one_profile_share_one_refresh(make_profile, fast_clock) -> None:
    # Two Session objects stand for two pingtui processes (the TUI and a script): they share
    # only the store, so only the cross-process lock can make them refresh once between them.
    now = [time.time()]
    token_calls: list[str] = []

    async def count(request: httpx.Request) -> None:
        if request.url.path.endswith("/token"):
            token_calls.append(request.content.decode())

    http = httpx.AsyncClient(event_hooks={"request": [count]})
    profile = make_profile("device_code", storage="file")
    async with Session(profile, http=http, sleep=fast_clock.sleep,
                       clock=lambda: now[0]) as first:
        await _device_login(first, ScriptedBrowser())
    token_calls.clear()
    now[0] += 3600
    async with Session(profile, http=http, clock=lambda: now[0]) as one, \
            Session(profile, http=http, clock=lambda: now[0]) as two:
        tokens = await asyncio.gather(*(s.access_token() for s in (one, two, one, two)))
    await http.aclose()
    assert len(set(tokens)) == 1
    assert len(token_calls) == 1 and "grant_type=refresh_token" in token_calls[0]


async def test_401_refreshes_once_and_retries(make_profile, fast_clock, oidc) -> None:
    # An access token the server no longer accepts though its expiry says it is fine (the
    # provider revokes a whole grant when one token is revoked, so it is swapped locally).
    async with Session(make_profile("device_code", storage="file"), sleep=fast_clock.sleep
                       ) as session:
        await _device_login(session, ScriptedBrowser())
        store = TokenStore("file")
        entry = store.load("test")
        entry.tokens.access_token = "no-longer-accepted-token-0001"
        store.save("test", entry)
    async with Session(make_profile("device_code", storage="file")) as session:
        seen: list[int] = []

        async def note(response: httpx.Response) -> None:
            seen.append(response.status_code)

        async with httpx.AsyncClient(auth=session, event_hooks={"response": [note]}) as api:
            me = await api.get(f"{oidc.issuer}/userinfo")
        assert me.status_code == 200 and seen == [401, 200]
        assert await session.access_token() != "no-longer-accepted-token-0001"


async def test_401_after_refresh_is_signed_out(make_profile, fast_clock) -> None:
    seen: list[str] = []

    def always_401(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["authorization"])
        return httpx.Response(401, json={"code": "ACCESS_FAILED"})

    async with Session(make_profile("device_code"), sleep=fast_clock.sleep) as session:
        await _device_login(session, ScriptedBrowser())
        async with httpx.AsyncClient(auth=session,
                                     transport=httpx.MockTransport(always_401)) as api:
            with pytest.raises(errors.SignedOut) as caught:
                await api.get("http://127.0.0.1:1/v1/environments")
    assert len(seen) == 2 and seen[0] != seen[1]  # one retry, with a refreshed token
    assert "sign on again: pingtui auth login -P test" in caught.value.message


async def test_refused_refresh_means_signed_out(make_profile, fast_clock, oidc) -> None:
    now = [time.time()]
    async with Session(make_profile("device_code", storage="file"), sleep=fast_clock.sleep,
                       clock=lambda: now[0]) as session:
        await _device_login(session, ScriptedBrowser())
        refresh = TokenStore("file").load("test").tokens.refresh_token
        async with httpx.AsyncClient() as client:
            await client.post(f"{oidc.issuer}/revoke", data={
                "token": refresh, "token_type_hint": "refresh_token",
                "client_id": "pingtui-device"})
        now[0] += 3600
        with pytest.raises(errors.SignedOut) as caught:
            await session.access_token()
        status = await session.status()
    assert "sign on again" in caught.value.message and caught.value.exit_code == 3
    assert not status.signed_in
    assert TokenStore("file").load("test").tokens is None


async def test_logout_revokes_and_forgets(make_profile, fast_clock, oidc) -> None:
    async with Session(make_profile("device_code", storage="file"), sleep=fast_clock.sleep
                       ) as session:
        await _device_login(session, ScriptedBrowser())
        tokens = TokenStore("file").load("test").tokens
        result = await session.logout()
        assert result.had_tokens and result.revoked and result.problem is None
        assert not (await session.status()).signed_in
    assert not TokenStore("file").load("test").tokens
    async with httpx.AsyncClient() as client:
        me = await client.get(f"{oidc.issuer}/userinfo",
                              headers={"Authorization": f"Bearer {tokens.access_token}"})
        refresh = await client.post(f"{oidc.issuer}/token", data={
            "grant_type": "refresh_token", "refresh_token": tokens.refresh_token,
            "client_id": "pingtui-device"})
    assert me.status_code == 401
    assert refresh.json()["error"] == "invalid_grant"


async def test_logout_when_revoke_fails_still_clears(make_profile, fast_clock, oidc) -> None:
    async with Session(make_profile("device_code", storage="file"), sleep=fast_clock.sleep
                       ) as session:
        await _device_login(session, ScriptedBrowser())
        oidc.fail_next("/revoke", 10)
        try:
            result = await session.logout()
        finally:
            oidc.fail_next("/revoke", 0)
    assert result.had_tokens and not result.revoked
    assert "HTTP 503" in result.problem
    assert TokenStore("file").load("test").tokens is None


async def test_logout_only_touches_its_profile(make_profile, fast_clock) -> None:
    a = Session(make_profile("device_code", name="a", storage="file"), sleep=fast_clock.sleep)
    b = Session(make_profile("device_code", name="b", storage="file"), sleep=fast_clock.sleep)
    async with a, b:
        await _device_login(a, ScriptedBrowser())
        await _device_login(b, ScriptedBrowser())
        await a.logout()
        assert not (await a.status()).signed_in
        assert (await b.status()).signed_in


# --------------------------------------------------------------------------- endpoint faults


async def test_token_endpoint_5xx_is_retried_once(make_profile, oidc) -> None:
    oidc.fail_next("/token", 1)
    async with Session(make_profile("client_credentials", secret=WORKER_SECRET),
                       sleep=FastClock().sleep) as session:
        assert await session.access_token()


async def test_token_endpoint_5xx_gives_a_clear_error(make_profile, oidc) -> None:
    oidc.fail_next("/token", 2)
    async with Session(make_profile("client_credentials", secret=WORKER_SECRET),
                       sleep=FastClock().sleep) as session:
        with pytest.raises(errors.SignOnFailed) as caught:
            await session.access_token()
    assert "HTTP 503" in caught.value.message and "try again" in caught.value.hint


@pytest.mark.parametrize("grant", ["authorization_code", "device_code", "client_credentials"])
async def test_wrong_environment_id_says_so(make_profile, grant: str) -> None:
    browser = ScriptedBrowser()
    profile = make_profile(grant, secret=WORKER_SECRET,
                           environment_id="00000000-0000-4000-8000-000000000000")
    async with Session(profile, opener=browser.opener) as session:
        with pytest.raises(errors.WrongEnvironment) as caught:
            await session.login()
    assert "environment ID is probably wrong" in caught.value.message
    assert "00000000-0000-4000-8000-000000000000" in caught.value.message
    assert browser.opened == []


async def test_unreachable_sign_on_service(make_profile) -> None:
    with socket.socket() as s:  # a port with nobody listening
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    async with Session(make_profile("client_credentials", secret=WORKER_SECRET,
                                    auth_base_url=dead)) as session:
        with pytest.raises(errors.Unreachable) as caught:
            await session.access_token()
        assert not session.endpoints.discovered  # fell back to the built endpoints
    assert "Could not reach the sign-on service" in caught.value.message


async def test_not_signed_in_says_how_to_sign_on(make_profile) -> None:
    async with Session(make_profile("authorization_code", name="work")) as session:
        with pytest.raises(errors.NotSignedIn) as caught:
            await session.access_token()
        status = await session.status()
    assert caught.value.exit_code == 3
    assert caught.value.hint == "Run: pingtui auth login -P work"
    assert not status.signed_in and status.problem == "Profile 'work' is not signed on."


async def test_discovery_failing_falls_back_to_built_endpoints(make_profile, oidc) -> None:
    oidc.fail_next("/.well-known/openid-configuration", 1)
    async with Session(make_profile("client_credentials", secret=WORKER_SECRET)) as session:
        assert await session.access_token()
        assert not session.endpoints.discovered
        assert session.endpoints.token == f"{oidc.issuer}/token"


@pytest.mark.parametrize("offset", [-600.0, 600.0])
async def test_a_clock_minutes_off_still_works(make_profile, offset: float) -> None:
    # Expiry is kept on the local clock (arrival + expires_in): a skewed clock is consistent
    # with itself, so tokens are neither refreshed constantly nor used after they expire.
    def clock() -> float:
        return time.time() + offset

    async with Session(make_profile("client_credentials", secret=WORKER_SECRET),
                       clock=clock) as session:
        first = await session.access_token()
        assert await session.access_token() == first
        status = await session.status()
    assert status.signed_in


def test_browser_availability() -> None:
    from pingtui.auth.flows import browser_available

    assert browser_available({"DISPLAY": ":0"}, "linux")
    assert browser_available({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not browser_available({}, "linux")  # no display: a text browser would take over
    assert not browser_available({"DISPLAY": ":0", "SSH_CONNECTION": "a b c d"}, "linux")
    assert not browser_available({"SSH_TTY": "/dev/pts/1"}, "darwin")
    assert browser_available({}, "darwin") and browser_available({}, "win32")
    assert browser_available({"BROWSER": "lynx", "SSH_TTY": "/dev/pts/1"}, "linux")


NOISY_BROWSER = """\
import sys
from pathlib import Path
print("Gtk-Message: launcher chatter on stdout")
print("libva error: and more on stderr", file=sys.stderr)
Path(sys.argv[1]).write_text(sys.argv[2])
"""


@pytest.mark.parametrize("launcher, quiet", [
    ("quiet_opener", True),  # the TUI's
    ("default_opener", False),  # the CLI's shares the terminal (a text browser may run there)
])
def test_the_tui_opener_keeps_the_launchers_output_off_the_terminal(
        tmp_path: Path, launcher: str, quiet: bool) -> None:
    script, landed = tmp_path / "browser.py", tmp_path / "landed-url"
    script.write_text(NOISY_BROWSER)
    url = "https://auth.example.com/as/authorize?client_id=x&state=s"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SSH_")}
    env["BROWSER"] = f"{sys.executable} {script} {landed} %s"
    code = (f"import asyncio; from pingtui.auth.flows import {launcher}; "
            f"assert asyncio.run({launcher}({url!r}))")
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=30, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    output = proc.stdout + proc.stderr
    assert output == "" if quiet else "chatter" in output
    deadline = time.monotonic() + 30  # a detached browser may still be starting
    while not landed.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert landed.read_text() == url  # and the browser was given the URL
