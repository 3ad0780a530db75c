"""The certified OpenID Provider the auth tests use (panva oidc-provider, tests/oidc), for the
benchmarks: started once on a free 127.0.0.1 port, stopped at the end.

PingOne's API is not part of an OpenID Provider, so the benchmarks pair it with the simulator
started by ``sim_server.py --introspect ISSUER``: the simulator serves the collections and
accepts the provider's access tokens by asking the provider's introspection endpoint (RFC 7662,
once per token). Sign-on (discovery, the client-credentials token) is the provider's own work.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.common import ROOT

HARNESS = ROOT / "tests" / "oidc"
ENV_ID = "6f0b0d5e-5c1a-4b55-9c77-0d7a1e3c2b10"
WORKER_ID = "pingtui-worker"
WORKER_SECRET = "worker-secret-8f3a7c1e9b2d4f60a5c7e9d1b3f5a7c9"  # as in tests/oidc/server.mjs
SCOPE = "p1:read:env"


@dataclass
class Provider:
    proc: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def issuer(self) -> str:
        return f"{self.base}/{ENV_ID}/as"

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)


def start_provider(workdir: Path) -> Provider:
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        raise RuntimeError("node and npm are needed for the OpenID Provider benchmarks")
    if not (HARNESS / "node_modules" / "oidc-provider").is_dir():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HARNESS, check=True,
                       capture_output=True, timeout=600)
    out, err = workdir / "oidc-stdout.txt", workdir / "oidc-stderr.txt"
    with out.open("wb") as out_fh, err.open("wb") as err_fh:
        proc = subprocess.Popen([node, "server.mjs", "--port", "0", "--env-id", ENV_ID],
                                cwd=HARNESS, stdout=out_fh, stderr=err_fh)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the OpenID Provider exited: {err.read_text()[-2000:]}")
        first = out.read_text().split("\n", 1)
        if len(first) == 2:
            provider = Provider(proc, int(json.loads(first[0])["port"]), err)
            break
        time.sleep(0.05)
    else:
        proc.kill()
        raise RuntimeError("the OpenID Provider did not start")
    while time.monotonic() < deadline:  # discovery answers once the provider is mounted
        try:
            if httpx.get(provider.issuer + "/.well-known/openid-configuration",
                         timeout=2).status_code == 200:
                return provider
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    provider.stop()
    raise RuntimeError("the OpenID Provider's discovery never answered")
