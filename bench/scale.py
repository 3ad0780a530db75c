"""(f) listing formats and (g) memory at scale: whole `pingtui` processes against a baseline.

    python bench/scale.py formats [--runs 5] [--backends sim,oidc] [--formats json,ndjson,...]
    python bench/scale.py memory  [--sizes 10000,100000,1000000]

formats: `pingtui environments list -o FORMAT` for 10,000 environments (10 pages of 1,000) and
         for 29, as a user runs it (process start to exit, stdout to a file), beside
         bench/plain_listing.py (a plain sync httpx script making the same calls and writing
         the same bytes with the stdlib). Two backends: ``sim``, the simulator alone (its own
         sign-on), and ``oidc``, the certified OpenID Provider of the auth tests for sign-on
         (discovery, the client-credentials token) with the simulator serving the collections
         and accepting the provider's tokens by introspection (bench/provider.py). Every
         process fetches its own token (storage ``none``), like the baseline. The outputs of
         pingtui and the baseline are compared byte for byte.
memory:  peak RSS (``wait4``'s ru_maxrss) of `pingtui users list -o ndjson` against the Load
         Testing environment holding N users, for each N, stdout to /dev/null.
Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BENCH, PYTHON, ROOT, child_env
from bench.listing import SimProcess
from bench.provider import ENV_ID, SCOPE, WORKER_ID, WORKER_SECRET, start_provider

CLI_FORMATS = ("json", "ndjson", "csv", "table", "yaml")


def tree_env(env: dict[str, str], tree: Path | None) -> dict[str, str]:
    """``env`` running pingtui from another source tree (``git archive REV``): the before."""
    if tree is None:
        return env
    return {**env, "PYTHONPATH": str(tree)}


def run_process(argv: list[str], env: dict[str, str], out: Path | None,
                cwd: Path = ROOT) -> dict[str, Any]:
    """Run ``argv`` to its end: wall seconds, peak RSS, exit code, stderr."""
    with (out.open("wb") if out else open(os.devnull, "wb")) as stdout, \
            tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=stdout, stderr=stderr, env=env, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        err = stderr.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}:\n{err[-2000:]}")
    return {"seconds": elapsed, "rss": usage.ru_maxrss * 1024, "stderr": err}


class Backend:
    """Where a listing signs on and what serves it; a profiles file for pingtui."""

    def __init__(self, name: str, workdir: Path, sizes: tuple[int, ...],
                 users: int | None = None) -> None:
        self.name = name
        self.provider = start_provider(workdir) if name == "oidc" else None
        self.sims: dict[int, SimProcess] = {}
        for size in sizes:
            extra = ["--introspect", self.provider.issuer, "--client-id", WORKER_ID,
                     "--client-secret", WORKER_SECRET] if self.provider else []
            self.sims[size] = SimProcess("--size", str(size), *extra,
                                         *(["--users", str(users)] if users else []))
        self.workdir = workdir

    def close(self) -> None:
        for sim in self.sims.values():
            sim.close()
        if self.provider:
            self.provider.stop()

    def sign_on(self, size: int) -> dict[str, str]:
        info = self.sims[size].info
        if self.provider:
            return {"base": self.provider.base, "env": ENV_ID, "issuer": self.provider.issuer,
                    "client": WORKER_ID, "secret": WORKER_SECRET, "scope": SCOPE,
                    "api": info["api_base_url"]}
        return {"base": info["base_url"], "env": info["admin_environment_id"],
                "issuer": info["issuer"], "client": info["client_id"],
                "secret": info["client_secret"], "scope": "openid",
                "api": info["api_base_url"]}

    def config(self, size: int, storage: str = "none") -> Path:
        s = self.sign_on(size)
        path = self.workdir / f"{self.name}-{size}-{storage}.yaml"
        path.write_text(f"""\
activeProfile: bench
profiles:
  bench:
    pingone:
      environmentID: {s['env']}
      authBaseURL: {s['base']}
      apiBaseURL: {s['api']}
      authentication:
        grantType: client_credentials
        clientID: {s['client']}
        clientSecret: {s['secret']}
        scopes: [{s['scope']}]
        storage: {storage}
""")
        path.chmod(0o600)
        return path

    def pingtui(self, size: int, fmt: str, kind: str = "environments",
                extra: tuple[str, ...] = ()) -> list[str]:
        return [PYTHON, "-m", "pingtui", "--config", str(self.config(size)), kind, "list",
                *extra, "-o", fmt]

    def baseline(self, size: int, fmt: str, kind: str = "environments",
                 environment: str | None = None) -> list[str]:
        s = self.sign_on(size)
        return [PYTHON, str(BENCH / "plain_listing.py"), "--issuer", s["issuer"],
                "--client-id", s["client"], "--client-secret", s["secret"], "--scope",
                s["scope"], "--api", s["api"], "--kind", kind, "--format", fmt,
                *(["--environment", environment] if environment else [])]


def formats(args: argparse.Namespace) -> dict[str, Any]:
    env = child_env(COLUMNS="120")
    tree = Path(args.tree).resolve() if args.tree else None
    ours_env, ours_cwd = tree_env(env, tree), tree or ROOT
    workdir = Path(tempfile.mkdtemp(prefix="pingtui-bench-scale-"))
    results: dict[str, Any] = {}
    chosen = [f for f in args.formats.split(",") if f]
    for backend_name in [b for b in args.backends.split(",") if b]:
        backend = Backend(backend_name, workdir, (10_000, 29))
        try:
            cases = [(10_000, f) for f in chosen] + [(29, "json")]
            for size, fmt in cases:
                ours_argv = backend.pingtui(size, fmt)
                base_argv = backend.baseline(size, fmt) if fmt != "yaml" else None
                runs = args.yaml_runs if fmt == "yaml" else args.runs
                ours_out, base_out = workdir / "ours.out", workdir / "base.out"
                try:
                    run_process(ours_argv, ours_env, ours_out, ours_cwd)  # warm-up, untimed
                except RuntimeError as exc:  # e.g. a format this version does not have
                    results[f"{backend_name}:{size}:{fmt}"] = {"error": str(exc)[-500:]}
                    continue
                if base_argv:
                    run_process(base_argv, env, base_out)
                ours, base, rss = [], [], []
                for _ in range(runs):  # interleaved: drift on a shared machine hits both
                    r = run_process(ours_argv, ours_env, ours_out, ours_cwd)
                    ours.append(r["seconds"])
                    rss.append(r["rss"])
                    if base_argv:
                        base.append(run_process(base_argv, env, base_out)["seconds"])
                same = (ours_out.read_bytes() == base_out.read_bytes()) if base_argv else None
                results[f"{backend_name}:{size}:{fmt}"] = {
                    "pingtui": ours, "baseline": base, "same_bytes": same, "rss": rss,
                    "bytes": ours_out.stat().st_size}
                print(f"  {backend_name} {size} {fmt}: {sorted(ours)[len(ours) // 2]:.3f} s"
                      + (f" vs {sorted(base)[len(base) // 2]:.3f} s" if base else "")
                      + f" same={same}", file=sys.stderr, flush=True)
        finally:
            backend.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("formats",))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--yaml-runs", type=int, default=3)
    parser.add_argument("--backends", default="sim,oidc")
    parser.add_argument("--formats", default=",".join(CLI_FORMATS))
    parser.add_argument("--tree", help="run pingtui from this source tree (git archive REV)")
    args = parser.parse_args()
    result = formats(args)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
