"""The long run of `pingtui activities tail` against the simulator, with faults.

    .venv/bin/python scripts/soak_activities.py --minutes 60 [--report soak.json]

Starts the simulator (127.0.0.1) in this process, records activities in the Administrators
environment at random (a steady trickle, bursts big enough to need several pages, some indexed
late inside the tail's overlap), injects a fault every few minutes (429 with Retry-After, 503,
500, an edge's HTML 502, a reset, a dropped connection, malformed JSON, an answer slower than
the client's timeout, every token revoked), and runs the real command as a user would:
``pingtui activities tail -o ndjson`` in a subprocess. At the end it stops recording, lets the
tail catch up, sends SIGINT, and checks: exit 130, no traceback, every activity recorded since
the tail's start printed exactly once and nothing else, never two requests within one interval.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from sim_profiles import profile_yaml

from pingtui.sim import Fault, Simulator

FAULTS = [
    lambda p: Fault.rate_limited(retry_after="20", path=p),
    lambda p: Fault.server_error(503, path=p, count=2),
    lambda p: Fault("reset", path=p),
    lambda p: Fault("html", status=502, path=p),
    lambda p: Fault.server_error(500, path=p),
    lambda p: Fault("disconnect", path=p),
    lambda p: Fault("malformed", path=p),
    lambda p: Fault("slow", delay=35, path=p),  # longer than the client's 30 s read timeout
    lambda p: Fault("revoked", path=p),
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--interval", type=float, default=5)
    parser.add_argument("--fault-every", type=float, default=180, help="seconds")
    parser.add_argument("--report", type=Path)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    # Started in the background by a shell, this process ignores SIGINT, and its children
    # would inherit that (an ignored signal survives exec): the tail must get Ctrl+C.
    signal.signal(signal.SIGINT, signal.default_int_handler)

    sim = Simulator()
    request_times: list[float] = []
    record = sim._record

    def timed_record(method: str, path: str) -> None:  # when each audit request came in
        if "/activities" in path:
            request_times.append(time.monotonic())
        record(method, path)

    sim._record = timed_record  # type: ignore[method-assign]
    sim.start()
    env_id = sim.admin_environment_id
    path = f"/v1/environments/{env_id}/activities"
    log = sim.activities
    log.reset(history=50)  # history before the tail's start: never printed
    log.activities(env_id)

    workdir = Path(tempfile.mkdtemp(prefix="pingtui-soak-"))
    config = workdir / "config.yaml"
    config.write_text(profile_yaml(sim), encoding="utf-8")
    out_path, err_path = workdir / "tail.ndjson", workdir / "tail.err"
    since = datetime.now(timezone.utc)
    env = dict(os.environ, PINGTUI_CONFIG=str(config), PYTHONUNBUFFERED="1")
    with open(out_path, "w") as out, open(err_path, "w") as err:
        tail = subprocess.Popen(
            [sys.executable, "-m", "pingtui", "activities", "tail", "-e", "Administrators",
             "-o", "ndjson", "--interval", str(args.interval),
             "--since", since.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"],
            stdout=out, stderr=err, env=env, cwd=ROOT)

    stop = threading.Event()
    counts = {"trickle": 0, "burst": 0, "late": 0, "faults": 0}
    faults_used: list[str] = []

    def recorder() -> None:
        next_burst = time.monotonic() + rng.uniform(120, 400)
        next_fault = time.monotonic() + args.fault_every
        f = 0
        while not stop.wait(rng.uniform(0.3, 3.0)):
            now = time.monotonic()
            if rng.random() < 0.15:  # indexed late: recordedAt up to 20 s in the past
                log.record(env_id, "USER.UPDATED",
                           at=datetime.now(timezone.utc) - timedelta(seconds=rng.uniform(1, 20)))
                counts["late"] += 1
            else:
                log.trickle_once(env_id)
                counts["trickle"] += 1
            if now >= next_burst:  # more than a page (1000): the window needs several
                for _ in range(rng.randint(1200, 2600)):
                    log.trickle_once(env_id)
                    counts["burst"] += 1
                next_burst = now + rng.uniform(300, 700)
            if now >= next_fault:
                fault = FAULTS[f % len(FAULTS)](path)
                sim.faults.add(fault)
                faults_used.append(fault.kind + (f" {fault.status}" if fault.kind == "status"
                                                 else ""))
                counts["faults"] += 1
                f += 1
                next_fault = now + args.fault_every

    thread = threading.Thread(target=recorder, daemon=True)
    started = time.monotonic()
    thread.start()
    try:
        while time.monotonic() - started < args.minutes * 60:
            time.sleep(5)
            if tail.poll() is not None:
                print("the tail ended early!", file=sys.stderr)
                break
    finally:
        stop.set()
        thread.join()
    recording_ended = time.monotonic()
    # Catch up: the last window plus the overlap, and a burst's pages.
    expected = {a["id"] for a in log.activities(env_id)
                if datetime.fromisoformat(a["recordedAt"].replace("Z", "+00:00")) > since}

    def printed() -> list[str]:
        ids = []
        for line in out_path.read_text().splitlines():
            if line.strip():
                ids.append(json.loads(line)["id"])
        return ids

    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and not expected <= set(printed()):
        time.sleep(2)
    time.sleep(args.interval * 2)  # anything extra would show up now
    tail.send_signal(signal.SIGINT)
    try:
        code: int | str = tail.wait(timeout=30)
    except subprocess.TimeoutExpired:
        tail.kill()
        code = "did not end on SIGINT"
    sim.stop()
    ids = printed()
    stderr = err_path.read_text()
    # The tail's own sign-ons and lookups are activities too: read the log again now that
    # nothing records any more.
    expected = {a["id"] for a in log.activities(env_id)
                if datetime.fromisoformat(a["recordedAt"].replace("Z", "+00:00")) > since}
    gaps = [b - a for a, b in itertools.pairwise(request_times)]
    # A 401 (the "revoked" fault) is answered by the session: a new token and the same request
    # once more — the only way two requests come within one interval.
    short = sum(g < args.interval - 0.05 for g in gaps)
    report = {
        "minutes": round((recording_ended - started) / 60, 1),
        "exit_code": code,
        "traceback": "Traceback" in stderr,
        "recorded": len(expected),
        "printed": len(ids),
        "printed_unique": len(set(ids)),
        "missing": len(expected - set(ids)),
        "extra": len(set(ids) - expected),
        "duplicates": len(ids) - len(set(ids)),
        "requests": len(request_times),
        "min_gap_s": round(min(gaps), 3) if gaps else None,
        "gaps_below_interval": short,
        "retry_lines": sum("retrying in" in line for line in stderr.splitlines()),
        "stderr_lines": len(stderr.splitlines()),
        "faults": faults_used,
        **counts,
    }
    text = json.dumps(report, indent=2)
    print(text)
    if args.report:
        args.report.write_text(text + "\n")
    ok = (code == 130 and not report["traceback"] and report["missing"] == 0
          and report["extra"] == 0 and report["duplicates"] == 0
          and short <= faults_used.count("revoked"))
    print("OK" if ok else "FAILED", file=sys.stderr)
    print("stderr of the tail:\n" + stderr[-3000:], file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
