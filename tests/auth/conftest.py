"""Fixtures of the auth tests: a real OpenID Provider, test keyrings, profiles pointing at it.

The provider is panva's oidc-provider (tests/oidc), installed by this session when
``node_modules`` is missing (CI starts from a fresh clone) and started once per test session on a
free 127.0.0.1 port. Its issuer is ``http://127.0.0.1:PORT/<envId>/as``, like PingOne's.
:func:`start_provider` also serves it over TLS (tests/net: ``https://``, a test CA's certificate).
"""

from __future__ import annotations

import json
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import keyring
import pytest
from processes import stop

from pingtui.config import Authentication, PingOneSettings, Profile

HARNESS = Path(__file__).resolve().parent.parent / "oidc"
ENV_ID = "6f0b0d5e-5c1a-4b55-9c77-0d7a1e3c2b10"
WORKER_SECRET = "worker-secret-8f3a7c1e9b2d4f60a5c7e9d1b3f5a7c9"  # as in tests/oidc/server.mjs
START_TIMEOUT = 30.0


@dataclass
class Provider:
    port: int
    env_id: str
    scheme: str = "http"
    verify: ssl.SSLContext | bool = True
    """What the tests' own requests to it verify with (the test CA's context over TLS)."""
    host: str = "127.0.0.1"
    """The issuer's host (it listens on 127.0.0.1 whatever the name)."""

    @property
    def base(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    @property
    def local_base(self) -> str:
        """The base URL by address, for the harness's own requests (no name to resolve)."""
        return f"{self.scheme}://127.0.0.1:{self.port}"

    @property
    def issuer(self) -> str:
        return f"{self.base}/{self.env_id}/as"

    def fail_next(self, endpoint: str, times: int) -> None:
        """Make the next ``times`` requests to ``endpoint`` (e.g. "/token") answer 503."""
        httpx.post(f"{self.local_base}/__control/faults", json={endpoint: times},
                   verify=self.verify).raise_for_status()


def _install(npm: str) -> None:
    lock = HARNESS / "package-lock.json"
    command = [npm, "ci" if lock.exists() else "install", "--no-audit", "--no-fund"]
    proc = subprocess.run(command, cwd=HARNESS, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"npm failed in {HARNESS}:\n{proc.stdout}\n{proc.stderr}"


def _wait_for_port(out_file: Path, proc: subprocess.Popen[bytes], deadline: float) -> int:
    # The server prints {"port": N, ...} as its first line once it listens.
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the OpenID Provider exited at start"
        first = out_file.read_text().split("\n", 1)
        if len(first) == 2:
            return int(json.loads(first[0])["port"])
        time.sleep(0.05)  # polling a file for a condition, not standing in for one
    raise AssertionError("the OpenID Provider did not start listening in time")


def _wait_for_discovery(provider: Provider, deadline: float) -> None:
    url = f"{provider.local_base}/{provider.env_id}/as/.well-known/openid-configuration"
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            response = httpx.get(url, timeout=2, verify=provider.verify)
            if response.status_code == 200 and response.json()["issuer"] == provider.issuer:
                return
        except httpx.HTTPError as exc:
            last = exc
        time.sleep(0.05)
    raise AssertionError(f"discovery never answered at {url}: {last}")


@contextmanager
def start_provider(logs: Path, *, tls: tuple[Path, Path] | None = None,
                   verify: ssl.SSLContext | bool = True,
                   host: str = "127.0.0.1") -> Iterator[Provider]:
    """Run the provider until the block ends; ``tls`` = (certificate chain, key) PEM files,
    ``host`` the issuer's host name."""
    node, npm = shutil.which("node"), shutil.which("npm")
    assert node and npm, "node and npm are needed for the auth tests (OpenID Provider)"
    if not (HARNESS / "node_modules" / "oidc-provider").is_dir():
        _install(npm)
    out, err = logs / "stdout.txt", logs / "stderr.txt"
    command = [node, "server.mjs", "--port", "0", "--env-id", ENV_ID]
    if tls is not None:
        command += ["--tls-cert", str(tls[0]), "--tls-key", str(tls[1])]
    command += ["--host", host]
    with out.open("wb") as out_fh, err.open("wb") as err_fh:
        proc = subprocess.Popen(command, cwd=HARNESS, stdout=out_fh, stderr=err_fh)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        provider = Provider(port=_wait_for_port(out, proc, deadline), env_id=ENV_ID,
                            scheme="https" if tls else "http", verify=verify, host=host)
        _wait_for_discovery(provider, deadline)
        yield provider
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def oidc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    with start_provider(tmp_path_factory.mktemp("oidc")) as provider:
        yield provider


# --------------------------------------------------------------------------- isolation


@pytest.fixture
def memory_keyring() -> Iterator:
    from auth.keyrings import MemoryKeyring

    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


CLIENTS = {
    "authorization_code": "pingtui-authcode",
    "device_code": "pingtui-device",
    "client_credentials": "pingtui-worker",
}


def profile_maker(oidc: Provider) -> Callable[..., Profile]:
    """Profiles on ``oidc``: make("device_code", storage="file", ...)."""

    def make(grant: str = "device_code", *, name: str = "test", client_id: str | None = None,
             storage: str = "none", scopes: list[str] | None = None, port: int | None = None,
             secret: str | None = None, environment_id: str | None = None,
             auth_base_url: str | None = None, ca_bundle: str | None = None,
             proxy: str | None = None) -> Profile:
        auth = Authentication(
            grant_type=grant,
            client_id=client_id or CLIENTS[grant],
            client_secret=secret,
            scopes=scopes or (["openid", "profile", "email"] if grant != "client_credentials"
                              else ["p1:read:env"]),
            storage=storage,
            redirect_port=port or free_port(),
        )
        settings = PingOneSettings(
            environment_id=environment_id or oidc.env_id,
            auth_base_url=auth_base_url or oidc.base,
            api_base_url=f"{oidc.base}/v1",
            authentication=auth,
            ca_bundle=ca_bundle,
            proxy=proxy,
        )
        return Profile(name=name, pingone=settings)

    return make


@pytest.fixture
def make_profile(oidc: Provider) -> Callable[..., Profile]:
    """A profile on the provider: make_profile("device_code", storage="file", ...)."""
    return profile_maker(oidc)


class FastClock:
    """Device-code polling without the wait: records each interval asked for and yields to the
    loop once (the provider and the scripted browser run meanwhile)."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def sleep(self, seconds: float) -> None:
        import asyncio

        self.waits.append(seconds)
        await asyncio.sleep(min(seconds, 0.02))


@pytest.fixture
def fast_clock() -> FastClock:
    return FastClock()

