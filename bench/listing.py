"""(c) Big listing and (e) drill-down, against the simulator in its own process.

    python bench/listing.py big   --users 10000 --runs 5
    python bench/listing.py drill --users 10000 --runs 5 [--latency 0.05]

big:   all users of one environment through pingtui.api (Session + PingOneClient +
       resources.list_pages), beside a plain httpx paging loop making the same calls
       (discovery, one token, the pages). Both start with new clients each run, so each run
       includes its TCP connects and its token request. The simulator counts token requests
       and TCP connections; a tracing transport counts the API client's own connections.
drill: an environment's four child lists (populations, users, groups, applications) fetched
       concurrently on one client (asyncio.gather, as four panes' workers do), beside each list
       fetched alone on a warm client; the baseline is the slowest single list.
Prints one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import ssl
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from bench.common import BENCH, PYTHON, child_env, median
from pingtui.threaded_transport import ThreadedTransport

CHILDREN = ("populations", "users", "groups", "applications")


class SimProcess:
    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen([PYTHON, str(BENCH / "sim_server.py"), *args],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                     env=child_env())
        assert self.proc.stdout is not None
        self.info: dict[str, Any] = json.loads(self.proc.stdout.readline())

    def command(self, text: str) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()
        answer: dict[str, Any] = json.loads(self.proc.stdout.readline())
        return answer

    def close(self) -> None:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        self.proc.wait(timeout=10)


def sim_profile(info: dict[str, Any], directory: Path, *, max_rows: int | None = None) -> Path:
    """A config file (0600) whose active profile signs on to the simulator of ``info`` with
    client credentials, the secret in the file (storage ``file``)."""
    path = directory / "config.yaml"
    rows = f"\n    maxRows: {max_rows}" if max_rows is not None else ""
    path.write_text(f"""\
activeProfile: bench
profiles:
  bench:{rows}
    pingone:
      environmentID: {info['admin_environment_id']}
      authBaseURL: {info['base_url']}
      apiBaseURL: {info['api_base_url']}
      authentication:
        grantType: client_credentials
        clientID: {info['client_id']}
        clientSecret: {info['client_secret']}
        storage: file
""")
    path.chmod(0o600)
    return path


class CountingTransport(ThreadedTransport):
    """pingtui's transport, counting the TCP connections it opens (httpcore's trace events)."""

    def __init__(self) -> None:
        super().__init__(verify=ssl.create_default_context())
        self.connects = 0

    def _trace(self, event: str, info: dict[str, Any]) -> None:  # in the request's thread
        if event == "connection.connect_tcp.complete":
            self.connects += 1

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.extensions["trace"] = self._trace
        return await super().handle_async_request(request)


def profile_for(info: dict[str, Any]) -> Any:
    from pingtui.config import Authentication, PingOneSettings, Profile

    return Profile(name="bench", description="bench", pingone=PingOneSettings(
        environment_id=info["admin_environment_id"], auth_base_url=info["base_url"],
        api_base_url=info["api_base_url"],
        authentication=Authentication(grant_type="client_credentials",
                                      client_id=info["client_id"],
                                      client_secret=info["client_secret"],
                                      scopes=["openid"], storage="none")))


async def pingtui_listing(info: dict[str, Any], kinds: tuple[str, ...], environment_id: str,
                          transport: httpx.AsyncBaseTransport | None = None) -> dict[str, int]:
    """pingtui's way: one Session, one PingOneClient, list_pages per kind, concurrently."""
    from pingtui.api.client import PingOneClient
    from pingtui.api.resources import list_pages
    from pingtui.auth.session import Session

    session = Session(profile_for(info))
    counts: dict[str, int] = {}
    try:
        async with PingOneClient(info["api_base_url"], session, transport=transport) as client:
            async def one(kind: str) -> None:
                n = 0
                async for page in list_pages(client, kind, environment_id=environment_id):
                    n += len(page.items)
                counts[kind] = n

            await asyncio.gather(*(one(kind) for kind in kinds))
    finally:
        await session.aclose()
    return counts


async def httpx_listing(info: dict[str, Any], kind: str, environment_id: str) -> int:
    """The baseline: the same calls in a plain httpx loop (discovery, token, pages)."""
    async with httpx.AsyncClient() as http:
        discovery = (await http.get(info["issuer"] + "/.well-known/openid-configuration")).json()
        token = (await http.post(discovery["token_endpoint"],
                                 data={"grant_type": "client_credentials", "scope": "openid"},
                                 auth=(info["client_id"], info["client_secret"]))).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        url: str | None = f"{info['api_base_url']}/environments/{environment_id}/{kind}"
        params: dict[str, Any] | None = {"limit": 1000} if kind != "applications" else None
        n = 0
        while url:
            body = (await http.get(url, params=params, headers=headers)).json()
            n += len(body.get("_embedded", {}).get(kind, []))
            url = body.get("_links", {}).get("next", {}).get("href")
            params = None
        return n


async def pick_environment(info: dict[str, Any]) -> str:
    """The first environment whose four lists the demo admin may read."""
    async with httpx.AsyncClient() as http:
        discovery = (await http.get(info["issuer"] + "/.well-known/openid-configuration")).json()
        token = (await http.post(discovery["token_endpoint"],
                                 data={"grant_type": "client_credentials"},
                                 auth=(info["client_id"], info["client_secret"]))).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        envs = (await http.get(info["api_base_url"] + "/environments",
                               headers=headers)).json()["_embedded"]["environments"]
        for env in envs:
            ok = True
            for kind in CHILDREN:
                r = await http.get(f"{info['api_base_url']}/environments/{env['id']}/{kind}",
                                   params={"limit": 1} if kind != "applications" else None,
                                   headers=headers)
                ok = ok and r.status_code == 200
            if ok:
                return str(env["id"])
    raise RuntimeError("no readable environment")


CPU: list[float] = []


def timed(coro: Any) -> tuple[float, Any]:
    """Wall time of one run; its CPU time (this process only, not the simulator's) in CPU."""
    from pingtui.auth.store import reset_memory

    reset_memory()  # every run signs on afresh: discovery and a token, like the baseline
    start, cpu = time.perf_counter(), time.process_time()
    result = asyncio.run(coro)
    CPU.append(time.process_time() - cpu)
    return time.perf_counter() - start, result


def big(sim: SimProcess, runs: int) -> dict[str, Any]:
    info = sim.info
    env_id = asyncio.run(pick_environment(info))
    # One untimed run of each first: the first run in a process pays for lazy imports
    # (pingtui.api, pingtui.auth, anyio), which is start-up, not listing.
    timed(pingtui_listing(info, ("users",), env_id))
    timed(httpx_listing(info, "users", env_id))
    ours, base, tokens, connections, api_connections = [], [], [], [], []
    ours_cpu, base_cpu = [], []
    items = 0
    for _ in range(runs):
        sim.command("reset")
        transport = CountingTransport()
        elapsed, counts = timed(pingtui_listing(info, ("users",), env_id, transport))
        ours.append(elapsed)
        ours_cpu.append(CPU[-1])
        items = counts["users"]
        c = sim.command("counts")
        tokens.append(c["token_requests"])
        connections.append(c["connections"])
        api_connections.append(transport.connects)
        elapsed, n = timed(httpx_listing(info, "users", env_id))
        base.append(elapsed)
        base_cpu.append(CPU[-1])
        assert n == items, (n, items)
    return {"items": items, "pingtui": ours, "httpx": base, "pingtui_cpu": ours_cpu,
            "httpx_cpu": base_cpu, "token_requests": tokens,
            "connections": connections, "api_connections": api_connections,
            "pages": -(-items // 1000)}


def drill(sim: SimProcess, runs: int) -> dict[str, Any]:
    info = sim.info
    env_id = asyncio.run(pick_environment(info))
    together: list[float] = []
    alone: dict[str, list[float]] = {kind: [] for kind in CHILDREN}
    sizes: dict[str, int] = {}
    timed(pingtui_listing(info, CHILDREN, env_id))  # untimed: lazy imports, see big()
    for _ in range(runs):
        elapsed, sizes = timed(pingtui_listing(info, CHILDREN, env_id))
        together.append(elapsed)
        for kind in CHILDREN:
            elapsed, _ = timed(pingtui_listing(info, (kind,), env_id))
            alone[kind].append(elapsed)
    slowest = max(CHILDREN, key=lambda k: median(alone[k]))
    return {"sizes": sizes, "together": together, "alone": alone, "slowest": slowest}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("big", "drill"))
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--latency", type=float, default=0.0)
    args = parser.parse_args()
    sim = SimProcess("--users", str(args.users), "--size", "30",
                     *(["--latency", str(args.latency)] if args.latency else []))
    try:
        result = big(sim, args.runs) if args.mode == "big" else drill(sim, args.runs)
    finally:
        sim.close()
    result.update(mode=args.mode, users=args.users, latency=args.latency)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
