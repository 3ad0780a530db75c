"""`:kinds` in an environment: how long until every count shows, and how many requests.

    python bench/kinds_counts.py [--runs 5] [--latency 0.05]

Drives the TUI headless (Textual's pilot) against the simulator: signs on, opens the
Administrators environment, presses ctrl+a and waits until the overview has every count.
Measured from the key press to the last count drawn, with the API requests the counts took
(the simulator's own log). Beside it, in the same run and interleaved: the same overview
counting one kind at a time (concurrency 1, the baseline a naive loop would be). Twice: on the
loopback simulator as it is, and with ``--latency`` seconds added to every API answer (a real
tenant is some tens of milliseconds away). Prints one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from pingtui.tui.screens.kinds import CONCURRENCY as DEFAULT


async def _one(config: Path, sim: Any, concurrency: int) -> tuple[float, int, int]:
    from waiting import wait_until

    from pingtui.tui.app import make_app
    from pingtui.tui.screens import kinds

    app = make_app(env={}, config_path=config, pingcli_path=config.parent / "none.yaml")
    kinds.CONCURRENCY = concurrency  # the screen's default, read when it is built
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "EnvironmentsScreen"
                         and app.screen.current_pane().done, timeout=60)
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "EnvironmentScreen"
                         and all(p.done for p in app.screen.query("ResourcePane")), timeout=60)
        await app.workers.wait_for_complete()
        before = len([r for r in sim.requests if r[1].startswith("/v1/")])
        started = time.perf_counter()
        await pilot.press("ctrl+a")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "KindsScreen"
                         and app.screen.elapsed is not None, timeout=120)
        seconds = time.perf_counter() - started
        screen = app.screen
        requests = len([r for r in sim.requests if r[1].startswith("/v1/")]) - before
        return seconds, requests, len(screen.counts)


def _measure(runs: int, latency: float) -> dict[str, Any]:
    from sim_profiles import profile_yaml

    from pingtui.sim import Simulator
    from pingtui.sim.faults import Fault

    faults = [Fault("slow", path="/v1/", count=None, delay=latency)] if latency else []
    out: dict[str, Any] = {"latency_s": latency}
    with Simulator(faults=faults) as sim, tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config.yaml"
        config.write_text(profile_yaml(sim, storage="file"))
        config.chmod(0o600)
        samples: dict[str, list[float]] = {"pingtui": [], "one_at_a_time": []}
        for _ in range(runs):  # interleaved: both see the same machine load
            for label, concurrency in (("pingtui", DEFAULT), ("one_at_a_time", 1)):
                seconds, requests, counted = asyncio.run(_one(config, sim, concurrency))
                samples[label].append(seconds)
                out[f"{label}_requests"] = requests
                out["kinds_counted"] = counted
        for label, values in samples.items():
            out[f"{label}_s"] = round(statistics.median(values), 3)
            out[f"{label}_samples"] = [round(v, 3) for v in values]
        out["concurrency"] = DEFAULT
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--latency", type=float, default=0.05,
                        help="seconds added to every API answer in the second measurement")
    args = parser.parse_args()
    result = {"loopback": _measure(args.runs, 0.0),
              "with_latency": _measure(args.runs, args.latency)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
