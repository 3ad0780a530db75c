"""(b) baseline: what `pingtui --demo environments list -o json` does, as a plain httpx script.

    python bench/cli_baseline.py [--sync]

Starts the same embedded simulator in-process (as --demo does), then makes the same HTTP calls
pingtui makes (OpenID discovery, one client-credentials token, the environments pages) with
one plain ``httpx.AsyncClient`` (``--sync``: ``httpx.Client``, no asyncio) and prints the items
as indented JSON.
"""

from __future__ import annotations

import asyncio
import json
import sys

import httpx

from pingtui.sim import Simulator


def main() -> None:
    sim = Simulator(auto_approve_after=4.0)
    sim.start()
    try:
        items = fetch_sync(sim) if sys.argv[1:] == ["--sync"] else asyncio.run(fetch(sim))
        json.dump(items, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        print(f"Fetched {len(items)} items", file=sys.stderr)
    finally:
        sim.stop()


async def fetch(sim: Simulator) -> list[dict]:
    async with httpx.AsyncClient() as http:
        discovery = (await http.get(sim.issuer + "/.well-known/openid-configuration")).json()
        token = (await http.post(discovery["token_endpoint"],
                                 data={"grant_type": "client_credentials", "scope": "openid"},
                                 auth=(sim.client_credentials_client_id,
                                       sim.client_secret))).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        url: str | None = sim.api_base_url + "/environments"
        params: dict[str, int] | None = {"limit": 1000}
        items: list[dict] = []
        while url:
            body = (await http.get(url, params=params, headers=headers)).json()
            items.extend(body.get("_embedded", {}).get("environments", []))
            url = body.get("_links", {}).get("next", {}).get("href")
            params = None
        return items


def fetch_sync(sim: Simulator) -> list[dict]:
    with httpx.Client() as http:
        discovery = http.get(sim.issuer + "/.well-known/openid-configuration").json()
        token = http.post(discovery["token_endpoint"],
                          data={"grant_type": "client_credentials", "scope": "openid"},
                          auth=(sim.client_credentials_client_id, sim.client_secret)).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        url: str | None = sim.api_base_url + "/environments"
        params: dict[str, int] | None = {"limit": 1000}
        items: list[dict] = []
        while url:
            body = http.get(url, params=params, headers=headers).json()
            items.extend(body.get("_embedded", {}).get("environments", []))
            url = body.get("_links", {}).get("next", {}).get("href")
            params = None
    return items


if __name__ == "__main__":
    main()
