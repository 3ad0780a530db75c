"""Fixtures of the corporate-network tests: a test CA, servers that speak TLS, real proxies.

Everything heavy is made once per session: the CA (trustme, through ``pingtui.sim.tls``), the
simulators with a good, a wrong-host and an expired certificate, the OpenID Provider over TLS,
and three proxy.py processes (open; with basic auth; one for nothing but "it is down").

Names under ``.pingtui.test`` are resolved by the proxies only (tests/net/proxy_plugin.py): a
server reached by such a name was reached through a proxy. The test process resolves them only
inside :func:`test_dns` (a NO_PROXY test needs the direct way to work).
"""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from auth.conftest import Provider, free_port, profile_maker, start_provider
from processes import stop

from pingtui.config import Profile
from pingtui.sim import Simulator
from pingtui.sim.tls import LOOPBACK_NAMES, TestCA

HERE = Path(__file__).resolve().parent
TEST_DOMAIN = ".pingtui.test"
SIM_HOST = "sim.pingtui.test"
BLOCKED_HOST = "blocked.pingtui.test"
PROXY_USER, PROXY_PASSWORD = "alice", "proxy-pass-5e1f9a"
START_TIMEOUT = 20.0


# --------------------------------------------------------------------------- the CA


@dataclass
class CA:
    authority: TestCA
    file: Path
    """The CA certificate (PEM): for SSL_CERT_FILE and caBundle."""
    store: Path
    """A private OS-style store: a directory of certificates named by subject hash (what
    OpenSSL, and so truststore on Linux, reads as its default location via SSL_CERT_DIR)."""
    context: ssl.SSLContext
    """A client context trusting it, for the tests' own requests (the scripted browser)."""


def _hashed_store(ca_file: Path, directory: Path) -> Path:
    openssl = shutil.which("openssl")
    assert openssl, "the OS-store test needs the openssl command (to name the hashed file)"
    subject_hash = subprocess.run([openssl, "x509", "-subject_hash", "-noout", "-in",
                                   str(ca_file)], capture_output=True, text=True, check=True
                                  ).stdout.strip()
    directory.mkdir()
    shutil.copy(ca_file, directory / f"{subject_hash}.0")
    return directory


@pytest.fixture(scope="session")
def test_ca(tmp_path_factory: pytest.TempPathFactory) -> CA:
    folder = tmp_path_factory.mktemp("ca")
    authority = TestCA()
    ca_file = authority.write_ca(folder / "corp-root-ca.pem")
    return CA(authority=authority, file=ca_file, store=_hashed_store(ca_file, folder / "store"),
              context=ssl.create_default_context(cafile=str(ca_file)))


# --------------------------------------------------------------------------- servers


def _sim(**options: object) -> Iterator[Simulator]:
    sim = Simulator(**options)  # type: ignore[arg-type]
    sim.start()
    try:
        yield sim
    finally:
        sim.stop()


@pytest.fixture(scope="session")
def tls_sim(test_ca: CA) -> Iterator[Simulator]:
    """The simulator over HTTPS at https://127.0.0.1:PORT (its certificate also names
    sim.pingtui.test)."""
    yield from _sim(tls=test_ca.authority.server_context(LOOPBACK_NAMES + (SIM_HOST,)))


@pytest.fixture(scope="session")
def named_sim(test_ca: CA) -> Iterator[Simulator]:
    """The simulator over HTTPS as https://sim.pingtui.test:PORT: reachable through a proxy
    only. Device codes approve themselves (no browser needed behind the proxy)."""
    yield from _sim(tls=test_ca.authority.server_context(LOOPBACK_NAMES + (SIM_HOST,)),
                    public_host=SIM_HOST, size=3, auto_approve_after=0)


@pytest.fixture(scope="session")
def wrong_host_sim(test_ca: CA) -> Iterator[Simulator]:
    yield from _sim(tls=test_ca.authority.server_context(["wrong.example.com"]), size=3)


@pytest.fixture(scope="session")
def expired_sim(test_ca: CA) -> Iterator[Simulator]:
    yield from _sim(tls=test_ca.authority.server_context(LOOPBACK_NAMES, expired=True), size=3)


@pytest.fixture(scope="session")
def oidc_tls(test_ca: CA, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """The real OpenID Provider over HTTPS (https://127.0.0.1:PORT/<envId>/as)."""
    folder = tmp_path_factory.mktemp("oidc-tls")
    files = test_ca.authority.server_files(folder)
    with start_provider(folder, tls=files, verify=test_ca.context) as provider:
        yield provider


@pytest.fixture
def make_tls_profile(oidc_tls: Provider) -> Callable[..., Profile]:
    return profile_maker(oidc_tls)


# --------------------------------------------------------------------------- proxies


@dataclass
class Proxy:
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url_with(self, user: str, password: str) -> str:
        return f"http://{user}:{password}@127.0.0.1:{self.port}"

    def lines(self) -> list[str]:
        """The request lines the proxy passed to its upstream side (``CONNECT host:port``)."""
        return self.log.read_text().splitlines() if self.log.exists() else []

    def clear(self) -> None:
        self.log.write_text("")


def _start_proxy(folder: Path, *extra: str) -> Iterator[Proxy]:
    port_file, log = folder / "port", folder / "requests.log"
    env = dict(os.environ, PINGTUI_TEST_PROXY_LOG=str(log),
               PYTHONPATH=os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]))
    with (folder / "proxy.out").open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "proxy", "--hostname", "127.0.0.1", "--port", "0",
             "--port-file", str(port_file), "--num-workers", "1", "--num-acceptors", "1",
             "--plugins", "proxy_plugin.TestNetwork", *extra],
            cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not (port_file.exists() and port_file.read_text().strip()):
            assert proc.poll() is None, (folder / "proxy.out").read_text()
            assert time.monotonic() < deadline, "proxy.py did not start in time"
            time.sleep(0.02)  # polling a file for a condition, not standing in for one
        port = int(port_file.read_text().split()[0])
        while True:  # the port file is written when bound; wait until it accepts
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "proxy.py never accepted a connection"
                time.sleep(0.02)
        yield Proxy(port=port, log=log)
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def proxy_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxy]:
    yield from _start_proxy(tmp_path_factory.mktemp("proxy"))


@pytest.fixture(scope="session")
def auth_proxy_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxy]:
    yield from _start_proxy(tmp_path_factory.mktemp("auth-proxy"), "--basic-auth",
                            f"{PROXY_USER}:{PROXY_PASSWORD}")


@pytest.fixture
def proxy(proxy_server: Proxy) -> Proxy:
    """The open proxy, its log emptied for this test."""
    proxy_server.clear()
    return proxy_server


@pytest.fixture
def auth_proxy(auth_proxy_server: Proxy) -> Proxy:
    auth_proxy_server.clear()
    return auth_proxy_server


@pytest.fixture
def dead_proxy_port() -> int:
    """A port on 127.0.0.1 where nothing listens (a proxy that is down)."""
    return free_port()


# --------------------------------------------------------------------------- direct names


@pytest.fixture
def test_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process resolves ``*.pingtui.test`` to 127.0.0.1 too (as a NO_PROXY host must be
    reachable directly); without it only the proxies know those names."""
    real = socket.getaddrinfo

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        name = host.decode() if isinstance(host, bytes) else host  # anyio passes idna bytes
        if isinstance(name, str) and name.endswith(TEST_DOMAIN):
            host = "127.0.0.1"
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture(scope="session")
def closing_port() -> Iterator[int]:
    """A TCP server on 127.0.0.1 that accepts and closes at once: behind a proxy, the tunnel
    opens (200) and then closes in the middle of the TLS handshake."""
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                return
            connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        try:
            server.shutdown(socket.SHUT_RDWR)  # wakes the accept() (close alone does not)
        except OSError:
            pass
        server.close()
        thread.join(5)


@pytest.fixture(scope="session")
def not_yet_valid_sim(test_ca: CA) -> Iterator[Simulator]:
    yield from _sim(tls=test_ca.authority.server_context(LOOPBACK_NAMES, not_yet_valid=True),
                    size=3)
