"""Names for references: what a 1,000-user listing with populations resolved costs.

    python bench/relations.py [--users 1000] [--runs 5]

Times whole processes as a user runs them (``pingtui users list -e ENV -o csv``: the
POPULATION column by name, one populations lookup) beside, in the same run and interleaved,
the same listing as ``-o ndjson`` (the API's objects, no lookup) and a plain httpx script that
names each row's population the naive way (a read of the population per row, 1,000 requests),
against the simulator in its own process, and counts the API requests each makes. Then ``role-assignments --user`` (five rows naming roles,
environments, populations, applications and the organization): requests with names vs the
rows' count of references, which a lookup per row would have cost. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, child_env, median
from bench.listing import SimProcess, sim_profile


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{argv} failed: {done.stderr[-1000:]}")
    return elapsed, done.stdout


def per_row(info: dict[str, Any]) -> None:
    """The naive way (no pingtui code): list the users, then read each row's population."""
    import csv

    import httpx

    token = httpx.post(f"{info['issuer']}/token", data={"grant_type": "client_credentials"},
                       auth=(info["client_id"], info["client_secret"])).json()["access_token"]
    env = f"{info['api_base_url']}/environments/{info['admin_environment_id']}"
    with httpx.Client(headers={"Authorization": f"Bearer {token}"}) as http:
        users = http.get(f"{env}/users", params={"limit": 1000}).json()["_embedded"]["users"]
        out = csv.writer(sys.stdout)
        out.writerow(["ID", "USERNAME", "POPULATION"])
        for user in users:
            population = http.get(f"{env}/populations/{user['population']['id']}").json()
            out.writerow([user["id"], user["username"], population.get("name", "")])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--per-row", metavar="INFO", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.per_row:
        per_row(json.loads(args.per_row))
        return
    sim = SimProcess("--users", str(args.users))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            env = child_env(PINGTUI_CONFIG=str(sim_profile(sim.info, Path(tmp))))
            env_id = sim.info["admin_environment_id"]
            listing = ["users", "list", "-e", env_id]
            out: dict[str, Any] = {"users": args.users}
            runs: dict[str, list[tuple[float, int, int, int]]] = {}
            for _ in range(args.runs):  # interleaved: the machine's drift hits all alike
                for name, command in (
                        ("pingtui_csv_names", [PYTHON, "-m", "pingtui", *listing, "-o", "csv"]),
                        ("pingtui_ndjson_no_names",
                         [PYTHON, "-m", "pingtui", *listing, "-o", "ndjson"]),
                        ("baseline_httpx_lookup_per_row",
                         [PYTHON, __file__, "--per-row", json.dumps(sim.info)])):
                    sim.command("reset")
                    elapsed, stdout = timed(command, env)
                    runs.setdefault(name, []).append((
                        elapsed, sim.command("count /v1/")["count"],
                        sim.command(f"count /v1/environments/{env_id}/populations")["count"],
                        len([line for line in stdout.splitlines() if line.strip()])))
            for name, samples in runs.items():
                out[name] = {"seconds_median": round(median([s[0] for s in samples]), 3),
                             "api_requests": max(s[1] for s in samples),
                             "population_requests": max(s[2] for s in samples),
                             "lines": samples[0][3]}
            # Role assignments: five rows, each naming a role, a scope and an environment.
            sim.command("reset")
            _, stdout = timed([PYTHON, "-m", "pingtui", "role-assignments", "list", "-e", env_id,
                               "--user", "ravi.lovelace0", "-o", "csv"], env)
            rows = len(stdout.splitlines()) - 1
            out["role_assignments"] = {
                "rows": rows, "api_requests": sim.command("count /v1/")["count"],
                "per_row_lookups_would_be": rows * 3}
    finally:
        sim.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
