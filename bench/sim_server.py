"""The PingOne simulator in its own process, so its CPU time is not the client's.

    python bench/sim_server.py --users 10000 [--latency 0.05]
                               [--introspect ISSUER --client-id ID --client-secret S]

``--introspect``: accept the access tokens of that OpenID Provider (the benchmarks' stand-in
for PingOne's sign-on, bench/provider.py) by asking its RFC 7662 introspection endpoint, once
per token, with the given client's credentials; the simulator's own tokens keep working.

Prints one JSON line (base_url, ids, client credentials), then reads commands on stdin:
``counts`` (prints {"token_requests", "connections", "requests"}), ``count PREFIX`` (prints
{"count"}: GET requests whose path starts with PREFIX), ``reset``, ``quit``.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from typing import Any
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pingtui.sim import Fault, Simulator, oauth


def accept_provider_tokens(sim: Simulator, issuer: str, client_id: str, secret: str) -> None:
    """Make ``sim`` accept access tokens that ``issuer``'s introspection endpoint calls active."""
    import httpx

    endpoint = httpx.get(issuer + "/.well-known/openid-configuration").json()[
        "introspection_endpoint"]
    http = httpx.Client(auth=(client_id, secret))
    known: dict[str, Any] = {}
    lock = threading.Lock()
    own = sim.auth.check_access

    def check_access(token: str) -> Any:
        grant = own(token)
        if grant is not None or not token:
            return grant
        with lock:
            if token not in known:
                answer = http.post(endpoint, data={"token": token}).json()
                known[token] = oauth.Grant(str(answer.get("client_id", "")),
                                           str(answer.get("scope", "")),
                                           {"sub": answer.get("sub", answer.get("client_id"))},
                                           ) if answer.get("active") else None
            return known[token]

    sim.auth.check_access = check_access  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=None)
    parser.add_argument("--size", type=int, default=None)
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--scale-users", type=int, default=None,
                        help="users in the Load Testing environment (sim/scale.py)")
    parser.add_argument("--latency", type=float, default=0.0,
                        help="seconds added to every API answer (a network round trip)")
    parser.add_argument("--introspect", metavar="ISSUER")
    parser.add_argument("--client-id", default="")
    parser.add_argument("--client-secret", default="")
    args = parser.parse_args()
    options: dict[str, object] = {"users": args.users, "page_size": args.page_size,
                                  "scale_users": args.scale_users}
    if args.size is not None:
        options["size"] = args.size
    if args.latency:
        options["faults"] = [Fault("slow", path="/v1/", count=None, delay=args.latency)]
    sim = Simulator(**options)  # type: ignore[arg-type]
    if args.introspect:
        accept_provider_tokens(sim, args.introspect, args.client_id, args.client_secret)
    sim.start()
    print(json.dumps({
        "base_url": sim.base_url, "issuer": sim.issuer, "api_base_url": sim.api_base_url,
        "admin_environment_id": sim.admin_environment_id,
        "client_id": sim.client_credentials_client_id, "client_secret": sim.client_secret,
        "load_testing_id": sim.data.environment_id(18),  # "Load Testing" (sim/scale.py)
    }), flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "counts":
            print(json.dumps({"token_requests": sim.token_requests,
                              "connections": sim.connections,
                              "requests": len(sim.requests)}), flush=True)
        elif command.startswith("count "):  # requests whose path starts with a prefix
            print(json.dumps({"count": sim.count(command[6:])}), flush=True)
        elif command == "reset":
            sim.reset_counters()
            print("{}", flush=True)
        elif command == "quit":
            break
    sim.stop()


if __name__ == "__main__":
    main()
