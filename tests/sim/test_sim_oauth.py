"""The simulator's authorization server on real HTTP: every grant, PKCE, rotation, revocation."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from pingtui.sim import Simulator

REDIRECT = "http://127.0.0.1:7464/callback"


def challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")\
        .decode()


def token(sim: Simulator, auth: tuple[str, str] | None = None, **form: str) -> httpx.Response:
    return httpx.post(f"{sim.issuer}/token", data=form, auth=auth)


def authorize(sim: Simulator, verifier: str, decision: str = "approve",
              method: str = "S256") -> dict[str, list[str]]:
    """Open the sign-on page, press a button, and return the redirect's query."""
    params = {"response_type": "code", "client_id": sim.auth_code_client_id,
              "redirect_uri": REDIRECT, "scope": "openid", "state": "st4te",
              "code_challenge": challenge(verifier), "code_challenge_method": method}
    page = httpx.get(f"{sim.issuer}/authorize", params=params)
    if page.status_code == 302:
        return parse_qs(urlsplit(page.headers["location"]).query)
    assert page.status_code == 200 and "<form" in page.text
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', page.text))
    import html

    fields = {k: html.unescape(v) for k, v in fields.items()}
    answer = httpx.post(f"{sim.issuer}/authorize", data={**fields, "decision": decision})
    assert answer.status_code == 302
    location = answer.headers["location"]
    assert location.startswith(REDIRECT)
    return parse_qs(urlsplit(location).query)


def test_discovery_names_every_endpoint(sim: Simulator):
    doc = httpx.get(f"{sim.issuer}/.well-known/openid-configuration").json()
    assert doc["issuer"] == sim.issuer
    for name in ("authorization", "token", "device_authorization", "revocation", "userinfo",
                 "end_session"):
        assert doc[f"{name}_endpoint"].startswith(sim.issuer)
    assert doc["code_challenge_methods_supported"] == ["S256"]


def test_unknown_environment_is_404(sim: Simulator):
    response = httpx.get(f"{sim.base_url}/{'0' * 8}-0000-0000-0000-{'0' * 12}/as/"
                         ".well-known/openid-configuration")
    assert response.status_code == 404


def test_client_credentials_needs_the_secret_in_basic_auth(sim: Simulator):
    ok = token(sim, (sim.client_credentials_client_id, sim.client_secret),
               grant_type="client_credentials")
    assert ok.status_code == 200 and ok.json()["token_type"] == "Bearer"
    assert "refresh_token" not in ok.json()
    wrong = token(sim, (sim.client_credentials_client_id, "wrong"),
                  grant_type="client_credentials")
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    public = token(sim, None, grant_type="client_credentials",
                   client_id=sim.client_credentials_client_id)
    assert public.status_code == 401


def test_authorization_code_with_pkce(sim: Simulator):
    verifier = secrets.token_urlsafe(48)
    query = authorize(sim, verifier)
    assert query["state"] == ["st4te"]
    form = {"grant_type": "authorization_code", "code": query["code"][0],
            "redirect_uri": REDIRECT, "client_id": sim.auth_code_client_id}
    assert token(sim, **form, code_verifier="not-the-verifier").json()["error"] == "invalid_grant"
    query = authorize(sim, verifier)
    form["code"] = query["code"][0]
    body = token(sim, **form, code_verifier=verifier).json()
    assert {"access_token", "refresh_token", "id_token"} <= set(body)
    again = token(sim, **form, code_verifier=verifier)  # a code works once
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    info = httpx.get(f"{sim.issuer}/userinfo",
                     headers={"Authorization": f"Bearer {body['access_token']}"}).json()
    assert info["preferred_username"] == "demo.admin"


def test_authorize_requires_s256_and_reports_cancel(sim: Simulator):
    assert authorize(sim, "v" * 50, method="plain")["error"] == ["invalid_request"]
    assert authorize(sim, "v" * 50, decision="deny")["error"] == ["access_denied"]


def test_authorize_refuses_a_foreign_redirect(sim: Simulator):
    page = httpx.get(f"{sim.issuer}/authorize", params={
        "response_type": "code", "client_id": sim.auth_code_client_id,
        "redirect_uri": "https://evil.example/cb", "code_challenge": "x",
        "code_challenge_method": "S256"})
    assert page.status_code == 400 and "location" not in page.headers


def device_start(sim: Simulator) -> dict:
    response = httpx.post(f"{sim.issuer}/device_authorization",
                          data={"client_id": sim.device_client_id, "scope": "openid"})
    assert response.status_code == 200
    return response.json()


def device_poll(sim: Simulator, device_code: str) -> httpx.Response:
    return token(sim, grant_type="urn:ietf:params:oauth:grant-type:device_code",
                 device_code=device_code, client_id=sim.device_client_id)


def test_device_code_approved_on_the_verification_page():
    now = [0.0]
    with Simulator(clock=lambda: now[0]) as sim:
        started = device_start(sim)
        assert started["verification_uri_complete"].endswith(started["user_code"])
        assert device_poll(sim, started["device_code"]).json()["error"] == \
            "authorization_pending"
        assert device_poll(sim, started["device_code"]).json()["error"] == "slow_down"
        page = httpx.get(started["verification_uri_complete"])
        assert started["user_code"] in page.text
        approved = httpx.post(started["verification_uri"],
                              data={"user_code": started["user_code"], "decision": "approve"})
        assert approved.status_code == 200
        now[0] += 5
        body = device_poll(sim, started["device_code"]).json()
        assert "access_token" in body and "refresh_token" in body
        assert device_poll(sim, started["device_code"]).json()["error"] == "invalid_grant"


def test_device_code_denied_and_expired():
    now = [0.0]
    with Simulator(clock=lambda: now[0], device_expires_in=30) as sim:
        denied = device_start(sim)
        assert sim.approve_device(denied["user_code"], approve=False)
        assert device_poll(sim, denied["device_code"]).json()["error"] == "access_denied"
        late = device_start(sim)
        now[0] += 31
        assert device_poll(sim, late["device_code"]).json()["error"] == "expired_token"


def test_device_code_approves_itself_in_the_demo():
    now = [0.0]
    with Simulator(clock=lambda: now[0], auto_approve_after=4) as sim:
        started = device_start(sim)
        assert device_poll(sim, started["device_code"]).json()["error"] == \
            "authorization_pending"
        now[0] += 4
        assert "access_token" in device_poll(sim, started["device_code"]).json()


def test_refresh_tokens_rotate(sim: Simulator):
    sim.auth.device_interval = 0
    started = device_start(sim)
    sim.approve_device(started["user_code"])
    first = device_poll(sim, started["device_code"]).json()
    second = token(sim, grant_type="refresh_token", refresh_token=first["refresh_token"],
                   client_id=sim.device_client_id).json()
    assert second["refresh_token"] != first["refresh_token"]
    reused = token(sim, grant_type="refresh_token", refresh_token=first["refresh_token"],
                   client_id=sim.device_client_id)
    assert reused.json()["error"] == "invalid_grant"


@pytest.mark.parametrize("server_side", [False, True])
def test_revoked_tokens_are_refused_by_the_api(sim: Simulator, server_side: bool):
    access = token(sim, (sim.client_credentials_client_id, sim.client_secret),
                   grant_type="client_credentials").json()["access_token"]
    headers = {"Authorization": f"Bearer {access}"}
    assert httpx.get(f"{sim.api_base_url}/environments", headers=headers).status_code == 200
    if server_side:
        sim.revoke_all_tokens()
    else:
        revoke = httpx.post(f"{sim.issuer}/revoke", data={"token": access},
                            auth=(sim.client_credentials_client_id, sim.client_secret))
        assert revoke.status_code == 200
    assert httpx.get(f"{sim.api_base_url}/environments", headers=headers).status_code == 401


def test_expired_tokens_are_refused():
    now = [0.0]
    with Simulator(clock=lambda: now[0], token_lifetime=60) as sim:
        access = token(sim, (sim.client_credentials_client_id, sim.client_secret),
                       grant_type="client_credentials").json()["access_token"]
        now[0] += 61
        response = httpx.get(f"{sim.api_base_url}/environments",
                             headers={"Authorization": f"Bearer {access}"})
    assert response.status_code == 401


def test_signoff_redirects_to_loopback_only(sim: Simulator):
    back = httpx.get(f"{sim.issuer}/signoff",
                     params={"post_logout_redirect_uri": REDIRECT, "state": "s"})
    assert back.status_code == 302 and back.headers["location"].startswith(REDIRECT)
    away = httpx.get(f"{sim.issuer}/signoff",
                     params={"post_logout_redirect_uri": "https://evil.example/"})
    assert away.status_code == 200
