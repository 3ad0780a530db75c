"""The TUI shows a TLS or proxy failure in the same words as the CLI (Textual pilot)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from sim_profiles import profile_yaml
from waiting import wait_until

from pingtui.sim import Simulator

CA_HINT = ("If your network inspects TLS, set SSL_CERT_FILE or the profile's caBundle to your "
           "company's CA (pingtui init -P work --ca-bundle PATH).")


def _app(tmp_path: Path, text: str):
    from pingtui.tui.app import make_app

    config = tmp_path / "cfg" / "config.yaml"
    config.parent.mkdir()
    config.write_text(text)
    return make_app(config_path=config, env={}, pingcli_path=tmp_path / "no-pingcli.yaml")


def _shown(app, selector: str) -> str:
    from textual.widgets import Static

    found = app.screen.query(selector).results(Static)
    widget = next(iter(found), None)  # None until the screen is composed
    if widget is None or not (widget.display and widget.parent.display):
        return ""
    return str(widget.render())


async def _failure(app) -> tuple[str, str]:
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "SignOnScreen"
                         and _shown(app, "#failed-message"), what="the failure shown")
        return _shown(app, "#failed-message"), _shown(app, "#failed-hint")


async def test_an_untrusted_certificate(tmp_path: Path, tls_sim: Simulator) -> None:
    host = httpx.URL(tls_sim.base_url).netloc.decode()
    message, hint = await _failure(_app(tmp_path, profile_yaml(tls_sim)))
    assert message == (f"Sign-on failed: The certificate of {host} is not trusted "
                       "(self-signed certificate in chain).")
    assert hint == CA_HINT


async def test_a_proxy_that_is_down(tmp_path: Path, named_sim: Simulator, test_ca,
                                    dead_proxy_port: int,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{dead_proxy_port}")
    text = profile_yaml(named_sim).replace(
        "      authentication:", f"      caBundle: {test_ca.file}\n      authentication:")
    message, hint = await _failure(_app(tmp_path, text))
    assert message == ("Sign-on failed: Could not connect to the proxy "
                       f"http://127.0.0.1:{dead_proxy_port} (connection refused).")
    assert hint == ("Check the proxy setting (HTTPS_PROXY; pingtui auth status shows it), or "
                    "whether the proxy is running.")
