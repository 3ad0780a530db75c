"""``pingtui api PATH`` — any Management API path, for what the catalog does not model.

Like ``gh api`` and Ping CLI's ``pingone api``: ``PATH`` is relative to the API base (a leading
``/v1`` is forgiven), GET by default, ``-F key=value`` adds query parameters, ``--paginate``
follows ``_links.next`` and merges the ``_embedded`` arrays; the answer is written as JSON (or
any ``-o``). The token goes only to the API's origin: the client refuses any other URL, a
``next`` link included. ``-X POST|PUT|PATCH|DELETE`` (with ``--input FILE|-``) is never sent by
accident: without a terminal it needs ``--yes``, on one it asks.
"""

from __future__ import annotations

import json
from argparse import Namespace
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING, Any

from pingtui.errors import Cancelled, UsageError

if TYPE_CHECKING:
    from pingtui.api.client import PingOneClient
    from pingtui.context import Context

MAX_PAGES = 10_000  # --paginate of a server that never stops still ends


def add_arguments(commands: Any, parent: Any, only: str | None = None) -> None:
    """The ``api`` command of the parser (called by ``cli.build_parser``)."""
    p = commands.add_parser(
        "api", help="call any PingOne Management API path (GET by default)",
        description="Call PATH (relative to the API base, with or without /v1), like "
                    "'gh api'. The token goes only to the API's own origin.",
        parents=[parent])
    p.set_defaults(handler="pingtui.commands.api:call_api")
    p.add_argument("path", metavar="PATH", help="e.g. /environments or environments/ID/users")
    p.add_argument("-X", "--method", default="GET", type=str.upper,
                   choices=("GET", "POST", "PUT", "PATCH", "DELETE"),
                   help="HTTP method (default GET); anything else asks first")
    p.add_argument("-F", "--field", action="append", default=[], metavar="KEY=VALUE",
                   help="query parameter (repeatable), e.g. -F limit=10")
    p.add_argument("--paginate", action="store_true",
                   help="follow _links.next and merge the _embedded arrays (GET)")
    p.add_argument("--input", metavar="FILE", help="JSON request body: a file, or - for stdin")
    p.add_argument("-y", "--yes", action="store_true",
                   help="send a POST/PUT/PATCH/DELETE without asking (needed without a terminal)")


def api_path(path: str) -> str:
    """``PATH`` relative to the API base: ``/v1/environments`` and ``environments`` alike."""
    text = path.strip()
    if "://" in text:
        return text  # an absolute URL: the client accepts it only on the API's origin
    text = "/" + text.lstrip("/")
    if text == "/v1" or text.startswith(("/v1/", "/v1?")):
        text = text[3:] or "/"
    return text


def query_fields(fields: list[str]) -> list[tuple[str, str]]:
    out = []
    for item in fields:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"-F {item!r} is not KEY=VALUE.", "Write e.g. -F limit=10.")
        out.append((key, value))
    return out


def _body(args: Namespace, ctx: Context) -> bytes | None:
    if args.input is None:
        return None
    if args.method == "GET":
        raise UsageError("--input goes with -X POST, PUT, PATCH or DELETE.",
                         "Add -X POST (or the method you mean), or leave --input out.")
    if args.input == "-":
        raw = ctx.stdin.read()
    else:
        try:
            with open(args.input, encoding="utf-8") as handle:
                raw = handle.read()
        except OSError as exc:
            raise UsageError(f"Could not read {args.input}: {exc.strerror or exc}.",
                             "Pass a readable JSON file, or - for standard input.") from None
    try:
        json.loads(raw)
    except ValueError as exc:
        raise UsageError(f"The input is not JSON: {exc}.",
                         "PingOne takes JSON request bodies.") from None
    return raw.encode()


def _confirm(args: Namespace, ctx: Context, host: str) -> None:
    """A method that changes the tenant is sent only when meant: --yes, or a yes on a
    terminal (not when the body itself comes from standard input)."""
    if args.method == "GET" or args.yes:
        return
    what = f"{args.method} {api_path(args.path)} on {host}"
    if not ctx.interactive or args.input == "-":
        raise UsageError(f"Not sending {what} without confirmation.",
                         "Add --yes to send it (this changes the tenant).")
    ctx.stderr.write(f"Send {what}? This changes the tenant. [y/N] ")
    ctx.stderr.flush()
    answer = ctx.stdin.readline().strip().lower()
    if answer not in ("y", "yes"):
        raise Cancelled("Not sent.", None)


async def _paginate(client: PingOneClient, path: str,
                    params: list[tuple[str, str]]) -> dict[str, Any]:
    """Every page of a collection, the ``_embedded`` arrays merged into the first answer."""
    from pingtui.api.paging import next_href

    body = await client.get_json(path, params or None)  # type: ignore[arg-type]
    merged = dict(body)
    embedded = {k: list(v) if isinstance(v, list) else v
                for k, v in (body.get("_embedded") or {}).items()}
    seen = {str(client.url_for(path))}
    pages = 1
    href = next_href(body)
    while href is not None and pages < MAX_PAGES:
        url = str(client.url_for(href))  # another origin raises UnsafeLink: no token there
        if url in seen:
            break
        seen.add(url)
        page = await client.get_json(url)
        pages += 1
        for key, value in (page.get("_embedded") or {}).items():
            if isinstance(value, list) and isinstance(embedded.get(key), list):
                embedded[key].extend(value)
            elif key not in embedded:
                embedded[key] = value
        href = next_href(page)
    if embedded:
        merged["_embedded"] = embedded
        merged["size"] = sum(len(v) for v in embedded.values() if isinstance(v, list))
    links = merged.get("_links")
    if isinstance(links, dict):
        merged["_links"] = {k: v for k, v in links.items() if k != "next"}
    return merged


async def _send(client: PingOneClient, method: str, path: str,
                params: list[tuple[str, str]], body: bytes | None) -> Any:
    """A request that is not a GET: sent once (never retried: it may not be idempotent)."""
    import httpx

    from pingtui.api import errors

    url = client.url_for(path)
    headers = {"Content-Type": "application/json"} if body is not None else {}
    try:
        response = await client.http.request(method, url,
                                             params=tuple(params) if params else None,
                                             content=body, headers=headers)
    except httpx.TransportError as exc:
        raise errors.unreachable(url, type(exc).__name__) from None
    if response.status_code >= 400:
        raise errors.error_from_response(response)
    if not response.content:
        return None
    try:
        return json.loads(response.content)
    except ValueError:
        raise errors.malformed(response) from None


async def call_api(args: Namespace, ctx: Context) -> int:
    from pingtui.commands.kinds import connect
    from pingtui.output import write_document

    params = query_fields(args.field)
    body = _body(args, ctx)
    if args.paginate and args.method != "GET":
        raise UsageError("--paginate follows a GET's pages.", "Leave -X out with --paginate.")
    path = api_path(args.path)
    async with AsyncExitStack() as stack:
        client = await connect(stack, ctx)
        url = client.url_for(path)  # refuses another origin before anything is sent
        _confirm(args, ctx, url.host)
        if args.method == "GET":
            result: Any = await _paginate(client, path, params) if args.paginate else \
                await client.get_json(path, params or None)  # type: ignore[arg-type]
        else:
            result = await _send(client, args.method, path, params, body)
    if result is None:
        ctx.say(f"{args.method} {path}: done (no content).")
        return 0
    write_document(ctx, result, default="json")
    return 0
