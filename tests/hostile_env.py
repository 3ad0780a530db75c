"""Run a fast subset of the tests once more under a hostile shell (the README's test command).

Every variable the test session pins (tests/conftest.py) is set here to an odd value — colour
off, a narrow dumb terminal, a proxy that refuses, a CA file that does not exist, Ping CLI and
pingtui variables pointing at another tenant, a browser and an SSH session. The subset is the
suites these variables would change: the snapshots (NO_COLOR, COLUMNS, TEXTUAL_*), the CLI and
profile tests (PINGCLI_*, PINGONE_*, PINGTUI_*), sign-on (BROWSER, DISPLAY, SSH_*) and listing
over loopback HTTP (proxies, SSL_CERT_*). Exits with pytest's code.

    .venv/bin/python tests/hostile_env.py [extra pytest args]
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HOSTILE = {
    "NO_COLOR": "1",
    "FORCE_COLOR": "1",
    "COLUMNS": "50",
    "LINES": "12",
    "TERM": "dumb",
    "COLORTERM": "truecolor",
    "TEXTUAL_THEME": "nord",
    "TEXTUAL_ANIMATIONS": "none",
    "TEXTUAL_COLOR_SYSTEM": "standard",
    "TEXTUAL_FPS": "7",
    "PINGTUI_PROFILE": "nope",
    "PINGTUI_CONFIG": "/nonexistent/pingtui.yaml",
    "PINGTUI_STATE_DIR": "/nonexistent/state",
    "PINGCLI_PINGONE_AUTHENTICATION_TYPE": "worker",
    "PINGCLI_PINGONE_REGION_CODE": "EU",
    "PINGCLI_PINGONE_WORKER_CLIENT_ID": "hostile-client",
    "PINGCLI_PINGONE_WORKER_CLIENT_SECRET": "hostile-secret-value",
    "PINGCLI_PINGONE_WORKER_ENVIRONMENT_ID": "00000000-0000-4000-8000-00000000dead",
    "PINGONE_ENVIRONMENT_ID": "00000000-0000-4000-8000-00000000beef",
    "PINGONE_ROOT_DOMAIN": "pingone.asia",
    "BROWSER": "/bin/false",
    "DISPLAY": ":99",
    "WAYLAND_DISPLAY": "wayland-9",
    "SSH_CONNECTION": "10.0.0.1 22 10.0.0.2 50000",
    "SSH_TTY": "/dev/pts/99",
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "ALL_PROXY": "socks5://127.0.0.1:9",
    "http_proxy": "http://127.0.0.1:9",
    "https_proxy": "http://127.0.0.1:9",
    "NO_PROXY": "",
    "SSL_CERT_FILE": "/nonexistent/ca.pem",
    "SSL_CERT_DIR": "/nonexistent/certs",
}

SUBSET = [
    "tests/test_environment.py",
    "tests/tui/test_no_color_for_real.py",
    "tests/tui/test_tui_snapshots.py",
    "tests/foundation",
    "tests/auth/test_cli.py",
    "tests/api/test_listing.py",
]


def main(argv: list[str]) -> int:
    env = {**os.environ, **HOSTILE}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SUBSET, *argv]
    print("hostile environment: " + " ".join(sorted(HOSTILE)), flush=True)
    return subprocess.run(command, check=False, cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
