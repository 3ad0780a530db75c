"""PingOne API errors as typed exceptions a user understands.

PingOne answers errors with ``{"id", "code", "message", "details": [{"code", "target",
"message", "innerError"}]}``. :func:`error_from_response` turns any answer — that body, an edge
proxy's HTML page, or garbage — into an :class:`ApiError` subclass whose ``message`` says what
failed and ``hint`` what to do. Server text is quoted, never trusted as markup, and cut short.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import httpx

from pingtui.errors import EXIT_AUTH, EXIT_FORBIDDEN, AuthError, PingTUIError
from pingtui.output import printable

_MAX_TEXT = 300
_PERMISSION = re.compile(r"\b[a-z][a-zA-Z]*(?::[a-zA-Z][\w-]*){2,}\b")  # identity:read:users


@dataclass(frozen=True)
class ErrorDetail:
    code: str | None = None
    target: str | None = None
    message: str | None = None
    inner_error: Any = None


class ApiError(PingTUIError):
    """PingOne (or the way to it) refused or failed a request."""

    def __init__(self, message: str, hint: str | None = None, *, status: int | None = None,
                 code: str | None = None, details: tuple[ErrorDetail, ...] = (),
                 request_id: str | None = None) -> None:
        super().__init__(message, hint)
        self.status = status
        self.code = code
        self.details = details
        self.request_id = request_id

    @property
    def detail_codes(self) -> tuple[str, ...]:
        return tuple(d.code for d in self.details if d.code)


class BadRequest(ApiError):
    """400: a parameter or filter PingOne did not accept (INVALID_DATA, INVALID_FILTER...)."""


class Unauthorized(ApiError, AuthError):
    """401 after the session already refreshed its token once: sign on again."""

    exit_code = EXIT_AUTH


class Forbidden(ApiError):
    """403: the signed-on identity lacks a role or permission."""

    exit_code = EXIT_FORBIDDEN

    @property
    def permission(self) -> str | None:
        """The missing permission, when the details name it."""
        for detail in self.details:
            for text in (detail.target, detail.message, _flatten(detail.inner_error)):
                if text and (match := _PERMISSION.search(text)):
                    return match.group(0)
        return None


class NotFound(ApiError):
    """404: no such environment or resource (or not visible to this identity)."""


class RateLimited(ApiError):
    """429 still, after the retries: PingOne's request limit."""

    retry_after: str | None = None
    """The answer's Retry-After header as sent (``api.retry.parse_retry_after`` reads it)."""


class ServerError(ApiError):
    """5xx still, after the retries, or an answer that is not the API's JSON."""


class Unreachable(ApiError):
    """No answer at all: DNS, connection refused or reset, timeouts, a server that hangs."""


class UnsafeLink(ApiError):
    """A ``next`` link points away from the configured API origin: the token stays home."""


def _flatten(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _short(text: str) -> str:
    # Server text is quoted to a terminal (CLI stderr, TUI notifications): no control codes.
    text = printable(" ".join(text.split()))
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 1] + "…"


def _details(raw: Any) -> tuple[ErrorDetail, ...]:
    if not isinstance(raw, list):
        return ()
    out = []
    for item in raw:
        if isinstance(item, dict):
            out.append(ErrorDetail(
                code=item.get("code") if isinstance(item.get("code"), str) else None,
                target=item.get("target") if isinstance(item.get("target"), str) else None,
                message=item.get("message") if isinstance(item.get("message"), str) else None,
                inner_error=item.get("innerError")))
    return tuple(out)


def _body(response: httpx.Response) -> dict[str, Any] | None:
    try:
        body = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None


def host_of(url: httpx.URL | str) -> str:
    return httpx.URL(str(url)).host or str(url)


def error_from_response(response: httpx.Response) -> ApiError:
    """The exception for a non-2xx ``response`` (any body, including none or HTML)."""
    status = response.status_code
    body = _body(response)
    request_id = response.headers.get("correlation-id") or response.headers.get("x-request-id")
    what = f"{response.request.method} {response.request.url.path}"
    if body is None:
        kind = "an HTML page" if "html" in response.headers.get("content-type", "") else \
            "a body that is not PingOne's JSON"
        code = message = None
        details: tuple[ErrorDetail, ...] = ()
        server_text = f"HTTP {status} {response.reason_phrase} with {kind}"
    else:
        code = body.get("code") if isinstance(body.get("code"), str) else None
        message = body.get("message") if isinstance(body.get("message"), str) else None
        details = _details(body.get("details"))
        request_id = body.get("id") if isinstance(body.get("id"), str) else request_id
        server_text = _short(" — ".join(
            t.strip().rstrip(".") for t in [message or f"HTTP {status}"]
            + [d.message for d in details if d.message]))
    fields: dict[str, Any] = {"status": status, "code": code, "details": details,
                              "request_id": request_id}
    ref = f" (request ID {request_id})" if request_id else ""

    if status == 401:
        return Unauthorized(f"PingOne did not accept the access token: {server_text}.",
                            "Sign on again with 'pingtui auth login'.", **fields)
    if status == 403:
        error = Forbidden(f"PingOne refused {what}: {server_text}.", None, **fields)
        permission = error.permission
        error.hint = (f"Ask a PingOne administrator for a role with the permission "
                      f"'{permission}'{ref}." if permission else
                      f"Ask a PingOne administrator for a role that allows it{ref}.")
        return error
    if status == 404:
        return NotFound(f"Not found: {what} ({server_text}).",
                        "Check the ID or name; the resource may have been deleted.", **fields)
    if status == 429:
        limited = RateLimited(f"PingOne's request limit was reached: {server_text}.",
                              "Wait a minute and try again.", **fields)
        limited.retry_after = response.headers.get("retry-after")
        return limited
    if 400 <= status < 500:
        return BadRequest(f"PingOne rejected {what}: {server_text}.",
                          "Check the filter and the other parameters." if
                          "INVALID_FILTER" in [d.code for d in details] else
                          f"Check the parameters{ref}.", **fields)
    return ServerError(f"PingOne failed {what}: {server_text}.",
                       f"This is usually temporary; try again in a moment{ref}.", **fields)


def malformed(response: httpx.Response) -> ApiError:
    return ServerError(
        f"PingOne answered {response.request.method} {response.request.url.path} with a body "
        "that is not valid JSON.",
        "This is usually temporary (a proxy or an outage); try again in a moment.",
        status=response.status_code, request_id=response.headers.get("correlation-id"))


def unreachable(url: httpx.URL | str, reason: str) -> Unreachable:
    return Unreachable(f"Could not reach {host_of(url)} ({reason}).",
                       "Check your network or proxy, then try again.")
