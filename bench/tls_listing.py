"""The TLS path: `pingtui environments list -o json` over https beside the same over http.

    python bench/tls_listing.py [--runs 11]

Two simulators with the same data in this process, one plain http, one serving a certificate
from a test CA made for the run (``pingtui.sim.tls``, needs trustme); the CLI runs as a fresh
process each time, as a user runs it, the two interleaved. The https profile names the CA as
its caBundle and SSL_CERT_FILE/SSL_CERT_DIR are unset, so the whole OS trust store is loaded as
on a user's machine. The difference is what https costs a short command: the CAs (the OS store
through truststore's rules, loaded once, plus the caBundle), two handshakes (sign-on host and
API host), encryption.
Prints a table and, last, a JSON line.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, ROOT, child_env, median


def _profile(sim: object, folder: Path, name: str, ca_file: Path | None = None) -> Path:
    sys.path.insert(0, str(ROOT / "tests"))
    from sim_profiles import profile_yaml

    text = profile_yaml(sim)  # type: ignore[arg-type]
    if ca_file is not None:
        text = text.replace("      authentication:",
                            f"      caBundle: {ca_file}\n      authentication:")
    path = folder / f"{name}.yaml"
    path.write_text(text)
    return path


def _run(config: Path) -> tuple[float, str]:
    env = child_env()
    for name in ("SSL_CERT_FILE", "SSL_CERT_DIR"):
        env.pop(name, None)
    started = time.perf_counter()
    done = subprocess.run([PYTHON, "-m", "pingtui", "--config", str(config), "environments",
                           "list", "-o", "json"], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=False)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return took, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    from pingtui.sim import Simulator
    from pingtui.sim.tls import TestCA

    folder = Path(tempfile.mkdtemp(prefix="pingtui-bench-tls-"))
    ca = TestCA()
    ca_file = ca.write_ca(folder / "ca.pem")
    with Simulator() as plain, Simulator(tls=ca.server_context()) as secure:
        configs = {"http": _profile(plain, folder, "http"),
                   "https": _profile(secure, folder, "https", ca_file)}
        outputs = {name: _run(config)[1] for name, config in configs.items()}  # warm
        times: dict[str, list[float]] = {"http": [], "https": []}
        for index in range(args.runs):  # alternate, so drift on a shared machine hits both
            order = ["http", "https"] if index % 2 == 0 else ["https", "http"]
            for name in order:
                times[name].append(_run(configs[name])[0])
    same = json.loads(outputs["http"]) == json.loads(outputs["https"])
    http, https = median(times["http"]) * 1000, median(times["https"]) * 1000
    print(f"CLI environments list -o json over https  {https:7.1f} ms")
    print(f"the same over http (baseline)             {http:7.1f} ms   ratio {https / http:.2f}x"
          f"   same JSON: {'yes' if same else 'NO'}   runs: {args.runs}")
    print(json.dumps({"https_ms": https, "http_ms": http, "ratio": https / http,
                      "same_output": same, "https_samples": times["https"],
                      "http_samples": times["http"]}))


if __name__ == "__main__":
    main()
