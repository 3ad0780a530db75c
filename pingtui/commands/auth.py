"""`pingtui auth login|logout|status|token`: the sign-on service from a terminal or a script.

Human lines (codes, URLs, confirmations) go to stderr; stdout carries data only: the token of
``auth token`` and the JSON/YAML of ``auth status -o json|yaml``. Exit codes: 0 ok, 3 not signed
on / sign-on failed (``AuthError``), 1 other errors, 130 cancelled.
"""

from __future__ import annotations

import json
from argparse import Namespace
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from pingtui.context import Context
from pingtui.errors import EXIT_AUTH, EXIT_ERROR, EXIT_OK

if TYPE_CHECKING:
    from pingtui.auth.flows import FlowEvent
    from pingtui.auth.session import AuthStatus, Session


@asynccontextmanager
async def _session(ctx: Context, login: bool = False) -> AsyncIterator[Session]:
    """The session the command runs on (``pingtui.connect``). A demo process starts with
    nothing stored (storage ``none``), so ``--demo auth login`` shows the device-code sign-on
    (the simulator approves it by itself) and the other commands use the demo's
    client-credentials profile, which needs no sign-on — like ``--demo users list``."""
    from pingtui.connect import open_connection

    async with open_connection(ctx, sign_on=login) as connection:
        yield connection.session


def _when(moment: datetime | None) -> str:
    if moment is None:
        return "no expiry given"
    left = int((moment - datetime.now(timezone.utc)).total_seconds())
    local = moment.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
    if left <= 0:
        return f"{local} (expired)"
    span = f"{left // 3600} h {left % 3600 // 60} min" if left >= 3600 else f"{left // 60} min"
    return f"{local} (in {span})"


def _describe(event: FlowEvent, ctx: Context) -> None:
    from pingtui.auth.flows import BrowserOpened, DeviceCodeIssued

    if isinstance(event, DeviceCodeIssued):
        minutes = max(event.expires_in // 60, 1)
        ctx.say(f"To sign on, open {event.verification_uri} on any device and enter the code:")
        ctx.say("")
        ctx.say(f"    {event.user_code}")
        ctx.say("")
        if event.verification_uri_complete:
            ctx.say(f"Or open: {event.verification_uri_complete}")
        ctx.say(f"The code expires in {minutes} minute{'s' if minutes != 1 else ''}. Waiting "
                "for approval (Ctrl+C to cancel)...")
    elif isinstance(event, BrowserOpened):
        if event.opened:
            ctx.say("Opened your browser to sign on. If it did not open, visit:")
        else:
            ctx.say("Open this URL in a browser to sign on:")
        ctx.say(f"  {event.url}")
        if event.ssh_hint:
            ctx.say(event.ssh_hint)
        ctx.say("Waiting for the browser (Ctrl+C to cancel)...")


async def login(args: Namespace, ctx: Context) -> int:
    async with _session(ctx, login=True) as session:
        if session.grant_type == "client_credentials":
            ctx.say(f"Profile '{session.name}' uses client credentials: no interactive sign-on; "
                    "fetching a token to check the client secret...")
        status = await session.login(lambda event: _describe(event, ctx))
    who = f" as {status.subject}" if status.subject else ""
    ctx.say(f"Signed on to profile '{status.profile}'{who}; token valid until "
            f"{_when(status.expires_at)}; kept in {_storage_words(status.storage)}.")
    return EXIT_OK


def _storage_words(kind: str) -> str:
    return {"keyring": "the system keyring", "file": "a private file (0600)",
            "none": "memory only (until this pingtui exits)"}.get(kind, kind)


async def logout(args: Namespace, ctx: Context) -> int:
    async with _session(ctx) as session:
        result = await session.logout()
    if not result.had_tokens:
        ctx.say(f"Profile '{result.profile}' was not signed on; nothing to revoke.")
    elif result.revoked:
        ctx.say(f"Signed out of profile '{result.profile}': tokens revoked at PingOne and "
                f"removed from {_storage_words(result.storage)}.")
    else:
        # The local sign-out happened, but a token PingOne still honours is not "signed out":
        # a script that logs out to end access must see it failed (exit 1).
        ctx.say(f"pingtui: signed out locally, but PingOne did not revoke the token: "
                f"{result.problem}")
        ctx.say(f"The tokens of profile '{result.profile}' are gone from "
                f"{_storage_words(result.storage)}; PingOne honours the access token until it "
                "expires (end the session sooner in the PingOne admin console).")
        return EXIT_ERROR
    return EXIT_OK


def _status_rows(status: AuthStatus, storage_note: str | None = None) -> list[tuple[str, str]]:
    # Client credentials sign on as the client: its subject is the Client ID row again.
    same_client = status.grant_type == "client_credentials" and \
        status.subject in (None, "", status.client_id)
    return [
        ("Profile", status.profile),
        ("Signed on", "yes" if status.signed_in else "no"),
        ("Grant type", status.grant_type),
        ("Client ID", status.client_id or ""),
    ] + ([] if same_client else [
        ("User" if status.grant_type != "client_credentials" else "Client", status.subject or ""),
    ]) + [
        ("Expires", _when(status.expires_at) if status.signed_in else ""),
        ("Scopes", " ".join(status.scopes)),
        # "file" alone, for a profile that asked for the keyring, reads like a setting ignored.
        ("Storage", f"{status.storage} — {storage_note}" if storage_note else status.storage),
        ("Issuer", status.issuer),
        ("API", status.api_base_url),
        ("Trust", status.trust),
        ("Proxy", status.proxy),
    ] + ([("Secret", _secret_words(status))] if status.secret_source else []) \
      + ([("Problem", status.problem)] if status.problem else [])


def _secret_words(status: AuthStatus) -> str:
    if status.secret_source == "environment":
        return f"environment (${status.secret_variable})"
    if status.secret_source == "store":
        return f"store ({_storage_words(status.storage)})"
    return "none"


async def status(args: Namespace, ctx: Context) -> int:
    async with _session(ctx) as session:
        result = await session.status()
        from pingtui.auth.store import keyring_fallback_note

        storage_note = keyring_fallback_note(session.store)
    fmt = ctx.output or "table"
    if fmt == "json":
        print(json.dumps(result.to_dict(), indent=2), file=ctx.stdout)
    elif fmt == "yaml":
        from pingtui.config import dump_yaml

        print(dump_yaml(result.to_dict()), end="", file=ctx.stdout)
    elif fmt == "csv":
        import csv

        from pingtui.output import cell_text

        data: dict[str, Any] = {k: "" if v is None else cell_text(v)
                                for k, v in result.to_dict().items()}
        data["scopes"] = " ".join(result.scopes)
        writer = csv.DictWriter(ctx.stdout, fieldnames=list(data))
        writer.writeheader()
        writer.writerow(data)
    else:
        rows = _status_rows(result, storage_note)
        width = max(len(label) for label, _ in rows)
        for label, value in rows:
            print(f"{label + ':':<{width + 1}} {value}", file=ctx.stdout)
        if not result.signed_in:
            ctx.say(_remedy(result))
    return EXIT_OK if result.signed_in else EXIT_AUTH


def _remedy(status: AuthStatus) -> str:
    """The step that fixes this profile: the problem's own hint (a missing client secret names
    --client-secret-stdin, not a sign-on), else what its grant needs."""
    if status.hint:
        return status.hint
    if status.grant_type == "client_credentials":
        return (f"Check the client ID and secret: pingtui profiles show {status.profile}; "
                f"store a new secret with: pingtui init -P {status.profile} "
                "--client-secret-stdin")
    return f"Sign on with: pingtui auth login -P {status.profile}"


async def token(args: Namespace, ctx: Context) -> int:
    async with _session(ctx) as session:
        value = await session.access_token()
    print(value, file=ctx.stdout)
    return EXIT_OK
