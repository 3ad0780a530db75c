"""The three ways a profile signs on, as async functions returning the token endpoint's answer.

- :func:`authorization_code`: browser + PKCE S256 + ``state``, answered on a one-shot loopback
  listener (RFC 8252).
- :func:`device_code`: RFC 8628, polled at the server's interval (``slow_down`` adds 5 s).
- :func:`client_credentials`: ``client_secret_basic`` with a form body.

What a UI must show arrives as event dataclasses through ``on_event``. Cancelling the task
cancels the flow: the listener closes and polling stops (``finally`` blocks, no threads).
"""

from __future__ import annotations

import base64
import hashlib
import inspect
import logging
import os
import secrets
import sys
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from pingtui.auth import errors
from pingtui.auth.oauth import DEVICE_GRANT, OAuthHTTP
from pingtui.logsafe import register_secret

log = logging.getLogger("pingtui.auth.flows")

DEFAULT_LOGIN_TIMEOUT = 300.0  # a PingOne admin sign-on includes MFA: give it minutes
SLOW_DOWN_STEP = 5  # RFC 8628 3.5

Opener = Callable[[str], "bool | Awaitable[bool]"]
EventSink = Callable[["FlowEvent"], None]


# --------------------------------------------------------------------------- events


@dataclass(frozen=True)
class BrowserOpened:
    """The authorization URL, and whether a browser was opened on it.

    When ``opened`` is false the UI shows ``url`` (to open elsewhere) and ``ssh_hint``.
    """

    url: str
    opened: bool
    ssh_hint: str | None = None


@dataclass(frozen=True)
class DeviceCodeIssued:
    """What the person must see to approve a device-code sign-on."""

    user_code: str
    verification_uri: str
    verification_uri_complete: str | None
    expires_in: int
    interval: int


FlowEvent = BrowserOpened | DeviceCodeIssued
"""What a sign-on flow tells its UI; a UI dispatches on the type (``isinstance``)."""


def _emit(on_event: EventSink | None, event: FlowEvent) -> None:
    if on_event is not None:
        on_event(event)


# --------------------------------------------------------------------------- browser


def browser_available(env: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether ``webbrowser`` can show a page to the person at this terminal.

    Over SSH, or on Linux without a display, webbrowser would fall back to a text browser
    (lynx, w3m) that takes over the terminal, or open a window on a screen nobody sees. A
    ``$BROWSER`` the user set is always honoured.
    """
    env = os.environ if env is None else env
    platform = platform or sys.platform
    if env.get("BROWSER"):
        return True
    if env.get("SSH_CONNECTION") or env.get("SSH_TTY"):
        return False
    if platform in ("darwin", "win32", "cygwin"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def ssh_hint(port: int) -> str:
    return (f"On a remote machine? From your own computer run: ssh -L {port}:127.0.0.1:{port} "
            "USER@THIS-HOST — then open the URL in your local browser.")


async def default_opener(url: str) -> bool:
    """Open ``url`` with ``webbrowser``; the launcher shares this terminal (a text browser
    chosen through ``$BROWSER`` can run in it)."""
    if not browser_available():
        return False
    import asyncio
    import webbrowser  # lazy: only the browser sign-on needs it

    try:
        return bool(await asyncio.to_thread(webbrowser.open, url, 2))
    except webbrowser.Error:
        return False


async def quiet_opener(url: str) -> bool:
    """Open ``url`` like :func:`default_opener`, but with the launcher's stdin, stdout and
    stderr on /dev/null.

    For full-screen apps: ``webbrowser`` runs ``xdg-open`` and ``$BROWSER`` commands with the
    terminal's stdout/stderr, so their chatter (and the browser's GTK warnings) would be
    written over the TUI's screen.
    """
    if not browser_available():
        return False
    import asyncio

    return await asyncio.to_thread(_launch_quietly, url)


def _launch_quietly(url: str) -> bool:
    import subprocess
    import webbrowser

    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    # GenericBrowser (and its subclass BackgroundBrowser, which xdg-open is) inherit the
    # terminal; the other controllers already detach their output or use no process.
    if not isinstance(browser, webbrowser.GenericBrowser) or sys.platform == "win32":
        return bool(browser.open(url, 2))
    command = [browser.name, *(arg.replace("%s", url) for arg in browser.args)]
    try:
        launcher = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, close_fds=True,
                                    start_new_session=True)
    except OSError:
        return False
    try:
        return launcher.wait(timeout=2) == 0  # xdg-open hands over to the browser and exits
    except subprocess.TimeoutExpired:
        return True  # still running: the browser itself, as webbrowser's BackgroundBrowser


async def _open(opener: Opener | None, url: str) -> bool:
    result = (opener or default_opener)(url)
    if inspect.isawaitable(result):
        result = await result
    return bool(result)


# --------------------------------------------------------------------------- PKCE


def new_pkce() -> tuple[str, str]:
    """A PKCE verifier (86 chars from 64 random bytes) and its S256 challenge."""
    verifier = secrets.token_urlsafe(64)
    register_secret(verifier)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return verifier, challenge


def new_state() -> str:
    return secrets.token_urlsafe(32)  # 32 random bytes


# --------------------------------------------------------------------------- grants


async def authorization_code(oauth: OAuthHTTP, *, scopes: list[str], port: int,
                             opener: Opener | None = None, on_event: EventSink | None = None,
                             timeout: float = DEFAULT_LOGIN_TIMEOUT) -> dict[str, Any]:
    """Sign on in a browser; returns the token answer."""
    verifier, challenge = new_pkce()
    state = new_state()
    # Imported here: the listener (asyncio's server, html, hmac) is only the browser's.
    from pingtui.auth.loopback import LoopbackListener

    listener = LoopbackListener(port, state=state, profile_name=oauth.profile_name)
    await listener.start()
    try:
        query = urlencode({
            "response_type": "code",
            "client_id": oauth.client_id,
            "redirect_uri": listener.redirect_uri,
            "scope": " ".join(scopes),
            "state": state,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        })
        sep = "&" if "?" in oauth.endpoints.authorize else "?"
        url = f"{oauth.endpoints.authorize}{sep}{query}"
        opened = await _open(opener, url)
        _emit(on_event, BrowserOpened(url=url, opened=opened,
                                      ssh_hint=None if opened else ssh_hint(port)))
        log.debug("waiting for the browser on %s (browser opened: %s)", listener.redirect_uri,
                  opened)
        result = await listener.wait(timeout)
    finally:
        await listener.close()
    params = result.params
    if not listener.state_matches(params):
        raise errors.StateMismatch(
            "The browser returned a sign-on answer that does not belong to this sign-on "
            "(state mismatch); it was ignored.",
            f"Start again from this terminal: pingtui auth login -P {oauth.profile_name}",
            error="state_mismatch")
    issuer = params.get("iss")
    if issuer is not None and issuer.rstrip("/") != oauth.endpoints.issuer.rstrip("/"):
        # RFC 9207: an answer from another issuer is a mix-up attack, not ours to redeem.
        raise errors.StateMismatch(
            "The sign-on answer came from another issuer than the profile's; it was ignored.",
            f"Check the profile's region and environment, then sign on again: "
            f"pingtui auth login -P {oauth.profile_name}", error="issuer_mismatch")
    if "error" in params:
        raise oauth.error_for(params["error"], params.get("error_description"))
    code = params.get("code", "")
    register_secret(code)
    return await oauth.token({
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": listener.redirect_uri,
        "code_verifier": verifier,
    }, what="authorization code exchange")


async def device_code(oauth: OAuthHTTP, *, scopes: list[str],
                      on_event: EventSink | None = None,
                      clock: Callable[[], float] = time.monotonic) -> dict[str, Any]:
    """Sign on by a code typed on another device; returns the token answer."""
    issued = await oauth.device_authorization(scopes)
    device = str(issued["device_code"])
    register_secret(device)
    try:
        interval = max(int(issued.get("interval") or 5), 1)
    except (TypeError, ValueError):
        interval = 5
    try:
        expires_in = max(int(issued.get("expires_in") or 600), 1)
    except (TypeError, ValueError):
        expires_in = 600
    deadline = clock() + expires_in
    _emit(on_event, DeviceCodeIssued(
        user_code=str(issued["user_code"]),
        verification_uri=str(issued["verification_uri"]),
        verification_uri_complete=issued.get("verification_uri_complete"),
        expires_in=expires_in,
        interval=interval,
    ))
    while True:
        await oauth.sleep(interval)
        try:
            return await oauth.token({"grant_type": DEVICE_GRANT, "device_code": device},
                                     what="device code poll")
        except errors.SignOnFailed as exc:
            if exc.error == "slow_down":
                interval += SLOW_DOWN_STEP
                log.debug("device code: slow_down, polling every %s s now", interval)
            elif exc.error != "authorization_pending":
                raise
        if clock() >= deadline:
            raise oauth.error_for("expired_token")


IDENTITY_SCOPES = ("profile", "email")
"""Asked for by default for a person's sign-on, so the header names them (username, name or
email) instead of their ID; dropped again when the application may not have them."""


def client_credentials_scopes(scopes: list[str]) -> list[str]:
    # OpenID scopes mean nothing to a machine token, and some servers refuse them there.
    return [s for s in scopes if s not in ("openid", "profile", "email", "offline_access")]


async def client_credentials(oauth: OAuthHTTP, *, client_secret: str,
                             scopes: list[str]) -> dict[str, Any]:
    """Fetch a token as the client itself; returns the token answer."""
    register_secret(client_secret)
    body = {"grant_type": "client_credentials"}
    wanted = client_credentials_scopes(scopes)
    if wanted:
        body["scope"] = " ".join(wanted)
    return await oauth.token(body, client_secret=client_secret,
                             what="client credentials token request")
