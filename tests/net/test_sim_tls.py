"""``python -m pingtui.sim --tls`` by hand, and the simulator without TLS needing no trustme."""

from __future__ import annotations

import ssl
import subprocess
import sys
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def test_the_simulator_serves_https_with_a_ca_it_writes(tmp_path: Path) -> None:
    ca_file = tmp_path / "sim-ca.pem"
    proc = subprocess.Popen([sys.executable, "-m", "pingtui.sim", "--tls", "--size", "3",
                             "--ca-file", str(ca_file)], cwd=ROOT, stdout=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()  # printed once it listens
        assert first.startswith("PingOne simulator on https://127.0.0.1:"), first
        base = first.split()[-1]
        lines = [proc.stdout.readline() for _ in range(7)]
        assert f"  test CA      {ca_file} (trust it: SSL_CERT_FILE={ca_file})\n" in lines
        issuer = next(line.split()[-1] for line in lines if line.startswith("  issuer"))
        answer = httpx.get(f"{issuer}/.well-known/openid-configuration", verify=ssl.create_default_context(cafile=str(ca_file)))
        assert answer.status_code == 200 and answer.json()["issuer"] == issuer
        assert issuer.startswith(base)
    finally:
        proc.terminate()
        proc.wait(10)


def test_plain_http_needs_no_trustme() -> None:
    script = ("import sys; from pingtui.sim import Simulator; s = Simulator(size=3); "
              "url = s.start(); s.stop(); "
              "print(url.split(':')[0], 'trustme' in sys.modules, 'pingtui.sim.tls' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                         text=True, check=True, timeout=60)
    assert out.stdout.split() == ["http", "False", "False"], out
