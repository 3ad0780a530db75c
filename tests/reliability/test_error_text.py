"""Server-supplied error text (PingOne's message and details, OAuth error_description) is
quoted in pingtui's one-or-two-line errors: it must not carry terminal control sequences to
the CLI's stderr or the TUI's notifications. Shapes a server can't be made to produce here, so
the answers are built in-process (httpx.Response), as respx would."""

from __future__ import annotations

import httpx
import pytest

from pingtui.api.errors import error_from_response
from pingtui.auth.oauth import AuthEndpoints, OAuthHTTP

CONTROL = {chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]}
EVIL = ["title\x1b]0;pwned\x07", "clear\x1b[2J\x1b[H", "csi\x9b31mred", "bell\x07\x08"]


def _response(status: int, body: dict, url: str = "https://api.pingone.com/v1/environments"
              ) -> httpx.Response:
    return httpx.Response(status, json=body, request=httpx.Request("GET", url))


@pytest.mark.parametrize("text", EVIL)
@pytest.mark.parametrize("status", [400, 401, 403, 404, 429, 500])
def test_api_error_text_has_no_control_characters(status: int, text: str) -> None:
    error = error_from_response(_response(status, {
        "id": "req-1", "code": "INVALID_DATA", "message": text,
        "details": [{"code": "INVALID_VALUE", "message": text, "target": text}]}))
    shown = str(error)
    assert not CONTROL & set(shown.replace("\n", "")), repr(shown)
    assert shown.count("\n") <= 1
    assert "pwned" in shown or "red" in shown or "clear" in shown or "bell" in shown  # quoted


@pytest.mark.parametrize("text", EVIL)
def test_oauth_error_description_has_no_control_characters(text: str) -> None:
    endpoints = AuthEndpoints(issuer="https://auth.pingone.com/x/as", authorize="a", token="t",
                              device_authorization="d", revoke="r", userinfo="u",
                              api_base_url="https://api.pingone.com/v1")
    oauth = OAuthHTTP(httpx.AsyncClient(), endpoints, profile_name="work",
                      environment_id="x", client_id="c")
    for body in ({"error": "invalid_grant", "error_description": text},
                 {"error": text, "error_description": text},
                 {"code": "INVALID_REQUEST", "message": text}):
        error = oauth.oauth_error(httpx.Response(400, json=body, request=httpx.Request(
            "POST", "https://auth.pingone.com/x/as/token")), "token request")
        shown = str(error)
        assert not CONTROL & set(shown.replace("\n", "")), repr(shown)
