"""`pingtui auth login|logout|status|token` against the OpenID Provider."""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from auth.browser import ScriptedBrowser
from auth.conftest import WORKER_SECRET, Provider, free_port
from pingtui.auth.store import TokenStore
from pingtui.cli import run


def _config(path: Path, oidc: Provider, **profiles: dict[str, str]) -> Path:
    lines = ["profiles:"]
    for name, auth in profiles.items():
        lines += [f"  {name}:", "    pingone:", f"      environmentID: {auth.pop('env', oidc.env_id)}",
                  f"      authBaseURL: {oidc.base}", "      authentication:"]
        lines += [f"        {k}: {v}" for k, v in auth.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def config(tmp_path: Path, oidc: Provider) -> Path:
    return _config(
        tmp_path / "config.yaml", oidc,
        cc={"grantType": "client_credentials", "clientID": "pingtui-worker",
            "storage": "file"},
        dev={"grantType": "device_code", "clientID": "pingtui-device", "storage": "file",
             "scopes": "[openid, profile]"},
        web={"grantType": "authorization_code", "clientID": "pingtui-authcode",
             "storage": "file", "redirectURIPort": str(free_port())},
        lost={"grantType": "device_code", "clientID": "pingtui-device",
              "env": "00000000-0000-4000-8000-000000000000"},
    )


def _secret_for_cc() -> None:
    from pingtui.auth.store import StoredEntry

    TokenStore("file").save("cc", StoredEntry(client_secret=WORKER_SECRET))


def test_client_credentials_status_token_logout(config: Path, run_cli) -> None:
    _secret_for_cc()
    status = run_cli("--config", str(config), "auth", "status", "-P", "cc", "-o", "json")
    assert status.code == 0, status
    data = json.loads(status.out)
    assert data["signed_in"] is True and data["grant_type"] == "client_credentials"
    assert data["subject"] == "pingtui-worker" and data["storage"] == "file"
    assert data["expires_at"].endswith("+00:00")
    token = run_cli("--config", str(config), "auth", "token", "-P", "cc")
    assert token.code == 0 and token.err == ""
    assert token.out.count("\n") == 1 and len(token.out.strip()) > 20  # the token alone
    table = run_cli("--config", str(config), "auth", "status", "-P", "cc")
    assert "Signed on:  yes" in table.out and "Client ID:  pingtui-worker" in table.out
    assert "\nClient:" not in table.out  # the subject is the client: not shown twice
    logout = run_cli("--config", str(config), "auth", "logout", "-P", "cc")
    assert logout.code == 0 and "tokens revoked" in logout.err
    assert TokenStore("file").load("cc").client_secret == WORKER_SECRET  # kept: configuration


def test_status_and_token_when_not_signed_on(config: Path, run_cli) -> None:
    status = run_cli("--config", str(config), "auth", "status", "-P", "dev")
    assert status.code == 3
    assert "Signed on:  no" in status.out
    assert "pingtui auth login -P dev" in status.err
    token = run_cli("--config", str(config), "auth", "token", "-P", "dev")
    assert token.code == 3 and token.out == ""
    assert "pingtui: Profile 'dev' is not signed on." in token.err
    assert "Run: pingtui auth login -P dev" in token.err
    yaml_status = run_cli("--config", str(config), "auth", "status", "-P", "dev", "-o", "yaml")
    assert yaml_status.code == 3 and "signed_in: false" in yaml_status.out


def test_client_credentials_without_secret_exits_3(config: Path, run_cli) -> None:
    result = run_cli("--config", str(config), "auth", "token", "-P", "cc")
    assert result.code == 3 and "no client secret" in result.err and result.out == ""


def test_wrong_environment_exits_3_and_says_so(config: Path, run_cli) -> None:
    result = run_cli("--config", str(config), "auth", "login", "-P", "lost")
    assert result.code == 3
    assert "environment ID is probably wrong" in result.err


class _Lines(io.StringIO):
    """stderr that lets the test wait for a line (the CLI runs in another thread)."""

    def __init__(self, marker: str) -> None:
        super().__init__()
        self.marker, self.seen = marker, threading.Event()

    def write(self, text: str) -> int:
        n = super().write(text)
        if self.marker in self.getvalue():
            self.seen.set()
        return n


def test_device_login_prints_the_code_and_signs_on(config: Path, run_cli) -> None:
    err, out = _Lines("Or open: "), io.StringIO()
    codes: list[int] = []
    cli = threading.Thread(target=lambda: codes.append(run(
        ["--config", str(config), "auth", "login", "-P", "dev"], stdin=io.StringIO(),
        stdout=out, stderr=err)))
    cli.start()
    assert err.seen.wait(20), err.getvalue()
    text = err.getvalue()
    url = text.split("Or open: ", 1)[1].split()[0]
    user_code = url.rsplit("user_code=", 1)[1]
    assert f"    {user_code}\n" in text and "enter the code" in text
    asyncio.run(ScriptedBrowser(login="dave").device(url))
    cli.join(30)
    assert codes == [0], err.getvalue()
    assert "Signed on to profile 'dev' as dave" in err.getvalue() and out.getvalue() == ""
    # Another process later: still signed on (file store), and the token works.
    status = run_cli("--config", str(config), "auth", "status", "-P", "dev", "-o", "json")
    assert status.code == 0 and json.loads(status.out)["subject"] == "dave"


def test_browser_login_end_to_end_in_a_real_process(config: Path, tmp_path: Path) -> None:
    # A separate pingtui process whose webbrowser runs $BROWSER: the scripted user agent.
    helper = Path(__file__).with_name("browse_cli.py")
    env = dict(os.environ, BROWSER=f"{sys.executable} {helper} %s")
    proc = subprocess.run([sys.executable, "-m", "pingtui", "--config", str(config), "auth",
                           "login", "-P", "web"], env=env, capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    assert "Opened your browser to sign on" in proc.stderr
    assert "Signed on to profile 'web' as carol" in proc.stderr
    token = subprocess.run([sys.executable, "-m", "pingtui", "--config", str(config), "auth",
                            "token", "-P", "web"], env=env, capture_output=True, text=True,
                           timeout=30, stdin=subprocess.DEVNULL)
    assert token.returncode == 0 and len(token.stdout.strip()) > 20
    logout = subprocess.run([sys.executable, "-m", "pingtui", "--config", str(config), "auth",
                             "logout", "-P", "web"], env=env, capture_output=True, text=True,
                            timeout=30, stdin=subprocess.DEVNULL)
    assert logout.returncode == 0 and "tokens revoked" in logout.stderr


def test_no_browser_prints_the_url_and_the_ssh_hint(config: Path, oidc: Provider) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("BROWSER", "DISPLAY")}
    env["SSH_CONNECTION"] = "10.0.0.1 5000 10.0.0.2 22"
    proc = subprocess.Popen([sys.executable, "-m", "pingtui", "--config", str(config), "auth",
                             "login", "-P", "web"], env=env, stderr=subprocess.PIPE,
                            stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    try:
        lines = []
        for line in proc.stderr:
            lines.append(line)
            if line.startswith("  http"):
                break
        url = lines[-1].strip()
        assert url.startswith(f"{oidc.issuer}/authorize?")
        hint = proc.stderr.readline()
        assert "ssh -L" in hint and "127.0.0.1" in hint
        # The person opens the URL on another machine (here: the scripted browser).
        asyncio.run(ScriptedBrowser(login="erin").authorize(url))
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "Open this URL in a browser to sign on" in "".join(lines)
    assert "as erin" in err
