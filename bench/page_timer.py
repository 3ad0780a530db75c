"""The baseline of the TUI's first rows and search: one API request at a time, timed, in its
own process.

    python bench/page_timer.py TOKEN_URL CLIENT_ID CLIENT_SECRET URL

A plain sync ``httpx`` client with a client-credentials token and a warm connection, in a
process of its own (none of the app's heap, GC or event loop), so that the bench can time one
request between two openings of a screen, in the same minute: this VM's speed drifts by a
third from one minute to the next. Each line on stdin is a JSON object of query parameters;
the answer line is the seconds the GET took, its JSON decoded. No pingtui import.
"""

from __future__ import annotations

import json
import sys
import time

import httpx


def main() -> None:
    token_url, client_id, client_secret, url = sys.argv[1:5]
    with httpx.Client() as http:
        token = http.post(token_url, data={"grant_type": "client_credentials"},
                          auth=(client_id, client_secret)).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        http.get(url, params={"limit": 1}, headers=headers).raise_for_status()  # connect
        print("ready", flush=True)
        for line in sys.stdin:
            params = json.loads(line)
            start = time.perf_counter()
            response = http.get(url, params=params, headers=headers)
            response.raise_for_status()
            response.json()
            print(time.perf_counter() - start, flush=True)


if __name__ == "__main__":
    main()
