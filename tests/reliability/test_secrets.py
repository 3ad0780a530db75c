"""No secret anywhere a person or a log collector could read it, over every flow.

The secrets are collected on the *server* side (the simulator's token, authorize and device
endpoints are wrapped): every client secret, access/refresh/ID token, device code,
authorization code and PKCE verifier that crossed the wire — so the check does not depend on
pingtui telling us what it considers secret. Then, with DEBUG logging on every logger and
``--debug``, each CLI flow runs and its stdout/stderr (``auth token``'s stdout excepted: it is
the token by design), every log record, the profiles file (keyring storage) and SVG screenshots
of the TUI screens are searched for them.

Covered elsewhere: Session flows against oidc-provider with DEBUG logs and exception texts
(tests/auth/test_no_secrets.py); the loopback listener's 127.0.0.1 binding, exact path, one
callback and escaping (tests/auth/test_loopback.py) — fuzzed further at the end of this file.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
from pathlib import Path
from typing import Any

import httpx
import keyring
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rel_helpers import (
    JWT_RE,
    SIM_JWT_PREFIX,
    MemoryKeyring,
    install_fast_client,
    profile_yaml,
    wait_until,
    write,
)

from pingtui.sim import Fault, Simulator

REPO = Path(__file__).resolve().parents[2]
BROWSER_THREAD = "test-browser"
SECRET_FIELDS = ("access_token", "refresh_token", "id_token", "device_code", "code",
                 "code_verifier", "client_secret")


class SecretTap:
    """Wraps the simulator's OAuth side and keeps every secret it hands out or receives."""

    def __init__(self, sim: Simulator) -> None:
        self.secrets: set[str] = {sim.client_secret}
        self.kinds: set[str] = {"client_secret"}
        auth = sim.auth
        original_token, original_code = auth.token, auth.issue_code
        original_device = auth.device_authorization

        def token(form: dict[str, str], basic: Any) -> dict[str, Any]:
            self._take(form)
            if basic:
                self._add("client_secret", basic[1])
            answer = original_token(form, basic)
            self._take(answer)
            return answer

        def issue_code(*args: Any, **kwargs: Any) -> str:
            code = original_code(*args, **kwargs)
            self._add("code", code)
            return code

        def device_authorization(*args: Any, **kwargs: Any) -> dict[str, Any]:
            answer = original_device(*args, **kwargs)
            self._take(answer)
            return answer

        auth.token, auth.issue_code = token, issue_code  # type: ignore[method-assign]
        auth.device_authorization = device_authorization  # type: ignore[method-assign]

    def _add(self, kind: str, value: Any) -> None:
        if isinstance(value, str) and len(value) >= 8:
            self.secrets.add(value)
            self.kinds.add(kind)

    def _take(self, data: dict[str, Any]) -> None:
        for key in SECRET_FIELDS:
            self._add(key, data.get(key))

    def leaks(self, text: str) -> list[str]:
        flat = re.sub(r"\s+", "", text)
        found = [s[:12] + "…" for s in self.secrets if s in text or s in flat]
        if SIM_JWT_PREFIX in flat:
            found.append("a simulator JWT")
        return found


def _auto_browser(approve: bool = True):
    """An opener that plays the person in the browser: GET the authorize page, press the
    button, follow the redirect to pingtui's loopback listener."""

    def browse(url: str) -> None:
        # In a thread of its own name: its httpx logs (which do hold the code: it is the
        # browser) are told apart from pingtui's.
        import threading

        threading.current_thread().name = BROWSER_THREAD
        params = dict(httpx.URL(url).params)
        with httpx.Client() as browser:
            page = browser.get(url)
            assert page.status_code == 200
            params["decision"] = "approve" if approve else "deny"
            answer = browser.post(url.split("?")[0], data=params)
            assert answer.status_code == 302
            landing = browser.get(answer.headers["location"])
            assert landing.status_code == 200

    async def opener(url: str) -> bool:
        import threading

        thread = threading.Thread(target=browse, args=(url,), name=BROWSER_THREAD)
        thread.start()
        await asyncio.to_thread(thread.join, 10)
        return True

    return opener


CONFIG = """\
activeProfile: cc
profiles:
  cc:
    pingone:
      environmentID: {env}
      authBaseURL: {base}
      apiBaseURL: {api}
      authentication: {{grantType: client_credentials, clientID: {cc}, storage: keyring}}
  dev:
    pingone:
      environmentID: {env}
      authBaseURL: {base}
      apiBaseURL: {api}
      authentication: {{grantType: device_code, clientID: {dev}, storage: keyring}}
  web:
    pingone:
      environmentID: {env}
      authBaseURL: {base}
      apiBaseURL: {api}
      authentication: {{grantType: authorization_code, clientID: {web}, storage: keyring,
                        redirectURIPort: {port}}}
"""


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_every_cli_flow_with_debug_keeps_secrets_out_of_output_logs_and_config(
        run_cli, tmp_path: Path, auth_isolation: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    from pingtui.auth import flows

    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    install_fast_client(monkeypatch)
    monkeypatch.setattr(flows, "default_opener", _auto_browser())
    caplog.set_level(logging.DEBUG)  # every logger: pingtui, httpx, httpcore, asyncio
    with Simulator(page_size=10, auto_approve_after=0.0, device_interval=0.05) as sim:
        tap = SecretTap(sim)
        config = write(tmp_path / "config.yaml", CONFIG.format(
            env=sim.admin_environment_id, base=sim.base_url, api=sim.api_base_url,
            cc=sim.client_credentials_client_id, dev=sim.device_client_id,
            web=sim.auth_code_client_id, port=_free_port()))

        def cli(*argv: str, stdin: str = ""):
            return run_cli("--config", str(config), "--debug", *argv, stdin=stdin)

        results = []
        # Client credentials: the secret through stdin into the keyring, then every command.
        results.append(cli("init", "-P", "cc", "--client-secret-stdin", stdin=sim.client_secret))
        for argv in (["auth", "login"], ["auth", "status", "-o", "json"],
                     ["environments", "list"], ["users", "list", "-e", "Administrators",
                                                "--limit", "15", "-o", "yaml"]):
            results.append(cli(*argv, "-P", "cc"))
        token = cli("auth", "token", "-P", "cc")
        # Device code and browser (PKCE) sign-on, a listing, status, token, a refresh.
        for name in ("dev", "web"):
            for argv in (["auth", "login"], ["groups", "list", "-e", "Administrators"],
                         ["auth", "status"]):
                results.append(cli(*argv, "-P", name))
            assert cli("auth", "token", "-P", name).code == 0
        sim.faults.add(Fault("revoked", path="/v1/environments", count=1))
        results.append(cli("environments", "list", "-P", "dev"))  # 401 -> refresh -> retry
        stored = dict(memory.entries)
        # Failures: a wrong client secret, a refused refresh, then logout everywhere.
        results.append(cli("init", "-P", "cc", "--client-secret-stdin",
                           stdin="wrong-secret-0123456789"))
        tap.secrets.add("wrong-secret-0123456789")
        results.append(cli("auth", "login", "-P", "cc"))
        sim.revoke_all_tokens()
        results.append(cli("environments", "list", "-P", "web"))
        for name in ("cc", "dev", "web"):
            results.append(cli("auth", "logout", "-P", name))

    codes = [r.code for r in results]
    assert codes.count(0) >= 14 and codes.count(3) >= 2, results
    assert token.code == 0 and token.out.strip() in tap.secrets  # the one place it belongs
    assert {"client_secret", "access_token", "refresh_token", "id_token", "device_code",
            "code", "code_verifier"} <= tap.kinds  # every kind of secret really crossed
    network = [r for r in results if "Signed on" in r.err or "Fetched" in r.err]
    assert len(network) >= 6 and all(" DEBUG " in r.err for r in network)  # --debug was on
    for result in [*results, token]:
        text = result.err + (result.out if result is not token else "")
        assert not tap.leaks(text), (tap.leaks(text), result)
    records = [f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records
               if r.threadName != BROWSER_THREAD]
    assert any(r.name.startswith("httpx") for r in caplog.records)  # really every logger
    for line in records:
        assert not tap.leaks(line), (tap.leaks(line), line[:300])
    assert not tap.leaks(config.read_text())
    assert len([v for v in stored.values() if "refresh_token" in v]) == 2  # in the keyring


# --------------------------------------------------------------------------- SVG screens


def _svg_text(svg: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def test_tui_screens_show_no_secret(tmp_path: Path, auth_isolation: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """SVG screenshots of sign-on, browser, detail, profiles and help, on a real session."""
    from pingtui.tui.app import make_app

    install_fast_client(monkeypatch)
    with Simulator(page_size=10, device_interval=0.05) as sim:
        tap = SecretTap(sim)
        text = profile_yaml(sim, "device_code") + (
            f"  cc:\n    pingone:\n      environmentID: {sim.admin_environment_id}\n"
            f"      authBaseURL: {sim.base_url}\n"
            "      authentication: {grantType: client_credentials, clientID: "
            f"{sim.client_credentials_client_id}, clientSecret: {sim.client_secret}, "
            "storage: file}\n")
        config = write(tmp_path / "cfg" / "config.yaml", text)
        app = make_app(config_path=config, env={}, pingcli_path=tmp_path / "none.yaml")
        shots: dict[str, str] = {}
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: any(w.code for w in app.screen.query("#user-code")),
                             what="device code shown")
            shots["sign-on"] = app.export_screenshot()
            code = app.screen.query_one("#user-code").code
            assert sim.approve_device(code)
            await wait_until(pilot, lambda: type(app.screen).__name__ == "EnvironmentsScreen"
                             and app.screen.current_pane().done, what="browser loaded")
            shots["browser"] = app.export_screenshot()
            await pilot.press("d")
            await wait_until(pilot, lambda: type(app.screen).__name__ == "DescribeScreen",
                             what="describe")
            await app.workers.wait_for_complete()
            shots["detail"] = app.export_screenshot()
            await pilot.press("escape", "P")
            await wait_until(pilot, lambda: type(app.screen).__name__ == "ProfilesScreen",
                             what="profiles")
            await pilot.pause()
            shots["profiles"] = app.export_screenshot()
            await pilot.press("escape", "question_mark")
            await pilot.pause()
            shots["help"] = app.export_screenshot()
    assert {"access_token", "refresh_token", "device_code"} <= tap.kinds
    assert code in _svg_text(shots["sign-on"]).replace(" ", "")  # the scan reads the text
    assert "demo.admin" in _svg_text(shots["browser"]) or "Administrators" in \
        _svg_text(shots["browser"])  # the screenshots really show the screens
    for name, svg in shots.items():
        assert not tap.leaks(_svg_text(svg)), (name, tap.leaks(_svg_text(svg)))
        assert not JWT_RE.search(_svg_text(svg)), name


def test_committed_svg_snapshots_and_screenshots_hold_no_token() -> None:
    """Every SVG in the repository (TUI snapshots, README screenshots): no JWT, no simulator
    or test client secret. The snapshots are rendered from fake and simulated tenants, so any
    token-shaped string there is a token that was drawn on a screen."""
    from pingtui.sim.oauth import CLIENT_SECRET

    known = [CLIENT_SECRET, "s3cr3t-value", "worker-secret-8f3a7c1e9b2d4f60a5c7e9d1b3f5a7c9"]
    files = [p for base in (REPO / "tests", REPO / "screenshots") if base.exists()
             for p in base.rglob("*.svg") if "node_modules" not in p.parts]
    for path in files:
        text = _svg_text(path.read_text(encoding="utf-8", errors="replace"))
        flat = re.sub(r"\s+", "", text)
        assert not JWT_RE.search(text) and SIM_JWT_PREFIX not in flat, path
        assert not [s for s in known if s in text or s in flat], path
    # The scan itself must be able to find a token drawn on a screen:
    drawn = "<svg><text>token: eyJhbGciOiAiUlMyNTYi&#160;LCAidHlwIjogIkpXVCIsICJraWQiOiAic2lt" \
            "dWxhdG9yIn0.eyJzdWIiOiJhYmMifQ.c2lnbmF0dXJlc2lnbmF0dXJl</text></svg>"
    assert JWT_RE.search(_svg_text(drawn).replace(" ", ""))


# --------------------------------------------------------------------------- loopback page


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(description=st.text(max_size=300), error=st.text(min_size=1, max_size=40))
def test_the_callback_page_escapes_whatever_it_echoes(description: str, error: str) -> None:
    from pingtui.auth.loopback import LoopbackListener

    state = "s" * 43

    async def main() -> tuple[int, str, dict[str, str]]:
        listener = LoopbackListener(_free_port(), state=state)
        await listener.start()
        try:
            async with httpx.AsyncClient() as client:
                page = await client.get(listener.redirect_uri, params={
                    "error": error, "error_description": description, "state": state})
            result = await listener.wait(2)
        finally:
            await listener.close()
        return page.status_code, page.text, result.params

    status, text, params = asyncio.run(main())
    assert status == 200
    body = text.split("<p>", 1)[1].rsplit("</p>", 1)[0]
    assert "<" not in body and ">" not in body  # nothing the browser could parse as markup
    assert html.unescape(body).startswith((params["error_description"] or
                                           params["error"])[:200].rstrip(".")[:20])
