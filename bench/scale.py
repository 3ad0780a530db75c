"""(f) listing formats and (g) memory at scale: whole `pingtui` processes against a baseline.

    python bench/scale.py formats [--runs 5] [--backends sim,oidc] [--formats json,ndjson,...]
                                  [--tree DIR] [--before DIR] [--before-formats yaml]
    python bench/scale.py memory  [--sizes 10000,100000,1000000] [--backends sim,oidc]

formats: `pingtui environments list -o FORMAT` for 10,000 environments (10 pages of 1,000) and
         for 29, as a user runs it (process start to exit, stdout to a file), beside
         bench/plain_listing.py (a plain sync httpx script making the same calls and writing
         the same bytes with the stdlib). Two backends: ``sim``, the simulator alone (its own
         sign-on), and ``oidc``, the certified OpenID Provider of the auth tests for sign-on
         (discovery, the client-credentials token) with the simulator serving the collections
         and accepting the provider's tokens by introspection (bench/provider.py). Every
         process fetches its own token (storage ``none``), like the baseline. The outputs of
         pingtui and the baseline are compared byte for byte.
         ``--before DIR``: the same commands run by pingtui as it was before (a ``git archive`` of
         an older commit in DIR, run.py makes it) for ``--before-formats`` (yaml: "5x faster
         than today").
memory:  peak RSS (``wait4``'s ru_maxrss) of `pingtui users list -o ndjson` against the Load
         Testing environment holding N users, for each N, stdout to /dev/null; beside the
         plain script's (which streams too).
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

from bench.common import BENCH, PYTHON, ROOT, USER_INSTALL, child_env
from bench.listing import SimProcess
from bench.provider import ENV_ID, SCOPE, WORKER_ID, WORKER_SECRET, start_provider

CLI_FORMATS = ("json", "ndjson", "csv", "table", "yaml")


def tree_env(env: dict[str, str], tree: Path | None) -> dict[str, str]:
    """``env`` running pingtui from another source tree (``git archive REV``): the before."""
    if tree is None:
        return env
    return {**env, "PYTHONPATH": os.pathsep.join((str(USER_INSTALL), str(tree)))}


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
                 scale_users: int | None = None) -> None:
        self.name = name
        self.provider = start_provider(workdir) if name == "oidc" else None
        self.sims: dict[int, SimProcess] = {}
        try:
            for size in sizes:
                extra = ["--introspect", self.provider.issuer, "--client-id", WORKER_ID,
                         "--client-secret", WORKER_SECRET] if self.provider else []
                self.sims[size] = SimProcess(
                    "--size", str(max(size, 29)), *extra,
                    *(["--scale-users", str(scale_users)] if scale_users else []))
        except BaseException:
            self.close()
            raise
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

    def env(self, size: int, base: dict[str, str]) -> dict[str, str]:
        # The secret as a pipeline passes it (Ping CLI's variable), not in the file: storage
        # "none", so every process fetches its token, as the baseline does.
        return {**base, "PINGCLI_PINGONE_WORKER_CLIENT_SECRET": self.sign_on(size)["secret"]}

    def config(self, size: int) -> Path:
        s = self.sign_on(size)
        path = self.workdir / f"{self.name}-{size}.yaml"
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
        scopes: [{s['scope']}]
        storage: none
""")
        path.chmod(0o600)
        return path

    def pingtui(self, size: int, fmt: str, *extra: str, kind: str = "environments") -> list[str]:
        return [PYTHON, "-m", "pingtui", "--config", str(self.config(size)), kind, "list",
                *extra, "-o", fmt]

    def baseline(self, size: int, fmt: str, kind: str = "environments",
                 environment: str | None = None) -> list[str]:
        s = self.sign_on(size)
        return [PYTHON, str(BENCH / "plain_listing.py"), "--issuer", s["issuer"],
                "--client-id", s["client"], "--client-secret", s["secret"], "--scope",
                s["scope"], "--api", s["api"], "--kind", kind, "--format", fmt,
                *(["--environment", environment] if environment else [])]


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2] if values else float("nan")


def formats(args: argparse.Namespace) -> dict[str, Any]:
    base_env = child_env(COLUMNS="120")
    tree = Path(args.tree).resolve() if args.tree else None
    before = Path(args.before).resolve() if args.before else None
    workdir = Path(tempfile.mkdtemp(prefix="pingtui-bench-scale-"))
    results: dict[str, Any] = {}
    chosen = [f for f in args.formats.split(",") if f]
    before_formats = {f for f in args.before_formats.split(",") if f}
    for backend_name in [b for b in args.backends.split(",") if b]:
        backend = Backend(backend_name, workdir, (10_000, 29))
        try:
            for size, fmt in [(10_000, f) for f in chosen] + [(29, "json")]:
                env = backend.env(size, base_env)
                argv = backend.pingtui(size, fmt)
                # name -> (argv, env, cwd); interleaved runs, so drift hits every candidate
                candidates: dict[str, tuple[list[str], dict[str, str], Path]] = {
                    "pingtui": (argv, tree_env(env, tree), tree or ROOT)}
                if fmt != "yaml":
                    candidates["baseline"] = (backend.baseline(size, fmt), env, ROOT)
                if before is not None and fmt in before_formats and fmt != "ndjson":
                    candidates["before"] = (argv, tree_env(env, before), before)
                runs = args.yaml_runs if fmt == "yaml" else args.runs
                times: dict[str, list[float]] = {name: [] for name in candidates}
                outputs: dict[str, bytes] = {}
                rss: list[int] = []
                for i in range(runs + 1):  # the first round warms caches and bytecode
                    for name, (cmd, cmd_env, cwd) in candidates.items():
                        out = workdir / f"{name}.out"
                        r = run_process(cmd, cmd_env, out, cwd)
                        if i:
                            times[name].append(r["seconds"])
                            if name == "pingtui":
                                rss.append(r["rss"])
                        outputs[name] = out.read_bytes()
                key = f"{backend_name}:{size}:{fmt}"
                results[key] = {
                    **times, "rss": rss, "bytes": len(outputs["pingtui"]),
                    "same_bytes": outputs["pingtui"] == outputs["baseline"]
                    if "baseline" in outputs else None}
                print(f"  {key}: " + ", ".join(f"{n} {_median(t):.3f} s"
                                               for n, t in times.items())
                      + f"; same bytes as the baseline: {results[key]['same_bytes']}",
                      file=sys.stderr, flush=True)
        finally:
            backend.close()
    return results


def memory(args: argparse.Namespace) -> dict[str, Any]:
    """Peak RSS of a 1,000,000-user ndjson listing and smaller ones (the curve)."""
    base_env = child_env(COLUMNS="120")
    workdir = Path(tempfile.mkdtemp(prefix="pingtui-bench-memory-"))
    results: dict[str, Any] = {}
    for backend_name in [b for b in args.backends.split(",") if b]:
        for n in [int(x) for x in args.sizes.split(",") if x]:
            backend = Backend(backend_name, workdir, (29,), scale_users=n)
            try:
                env = backend.env(29, base_env)
                environment = backend.sims[29].info["load_testing_id"]
                ours = run_process(backend.pingtui(29, "ndjson", "--environment",
                                                   "Load Testing", kind="users"), env, None)
                base = run_process(backend.baseline(29, "ndjson", kind="users",
                                                    environment=environment), env, None) \
                    if str(n) in args.baseline_sizes.split(",") else None
                fetched = ours["stderr"].strip().splitlines()[-1]
                results[f"{backend_name}:{n}"] = {
                    "pingtui_rss": ours["rss"], "pingtui_seconds": ours["seconds"],
                    "baseline_rss": base["rss"] if base else None,
                    "baseline_seconds": base["seconds"] if base else None, "fetched": fetched}
                print(f"  {backend_name} {n:,} users: pingtui {ours['rss'] / 2**20:.0f} MiB "
                      f"{ours['seconds']:.1f} s ({fetched})" + (
                          f"; plain script {base['rss'] / 2**20:.0f} MiB "
                          f"{base['seconds']:.1f} s" if base else ""),
                      file=sys.stderr, flush=True)
            finally:
                backend.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("formats", "memory"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--yaml-runs", type=int, default=3)
    parser.add_argument("--backends", default="sim,oidc")
    parser.add_argument("--formats", default=",".join(CLI_FORMATS))
    parser.add_argument("--tree", help="run pingtui from this source tree (git archive REV)")
    parser.add_argument("--before", help="pingtui as it was, for --before-formats")
    parser.add_argument("--before-formats", default="yaml")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--baseline-sizes", default="10000,100000,1000000",
                        help="sizes at which the plain script is measured too")
    args = parser.parse_args()
    result = formats(args) if args.mode == "formats" else memory(args)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
