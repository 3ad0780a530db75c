"""The PingOne simulator in its own process, so its CPU time is not the client's.

    python bench/sim_server.py --users 10000 [--latency 0.05]

Prints one JSON line (base_url, ids, client credentials), then reads commands on stdin:
``counts`` (prints {"token_requests", "connections", "requests"}), ``reset``, ``quit``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pingtui.sim import Fault, Simulator


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=None)
    parser.add_argument("--size", type=int, default=None)
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.0,
                        help="seconds added to every API answer (a network round trip)")
    args = parser.parse_args()
    options: dict[str, object] = {"users": args.users, "page_size": args.page_size}
    if args.size is not None:
        options["size"] = args.size
    if args.latency:
        options["faults"] = [Fault("slow", path="/v1/", count=None, delay=args.latency)]
    sim = Simulator(**options)  # type: ignore[arg-type]
    sim.start()
    print(json.dumps({
        "base_url": sim.base_url, "issuer": sim.issuer, "api_base_url": sim.api_base_url,
        "admin_environment_id": sim.admin_environment_id,
        "client_id": sim.client_credentials_client_id, "client_secret": sim.client_secret,
    }), flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "counts":
            print(json.dumps({"token_requests": sim.token_requests,
                              "connections": sim.connections,
                              "requests": len(sim.requests)}), flush=True)
        elif command == "reset":
            sim.reset_counters()
            print("{}", flush=True)
        elif command == "quit":
            break
    sim.stop()


if __name__ == "__main__":
    main()
