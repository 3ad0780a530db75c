"""The baseline of the listing benchmarks: a plain sync ``httpx`` script, stdlib output.

    python bench/plain_listing.py --issuer URL --client-id ID --client-secret S --scope S
                                  --api URL --kind environments|users [--environment ID]
                                  --format json|ndjson|csv|table

What a careful admin would write by hand: OpenID discovery, one client-credentials token, the
HAL pages (``limit=1000``, following ``_links.next``), and the items written with the standard
library in the bytes pingtui writes: ``json`` indented by two (``json.dumps(indent=2)``, the
whole list at the end, as a script does), ``ndjson`` one compact object a line as each page
arrives, ``csv`` / ``table`` with pingtui's columns. No pingtui import: a baseline that shares
pingtui's code would only measure itself.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

import httpx

Getter = Callable[[dict[str, Any]], Any]


def field(path: str) -> Getter:
    parts = path.split(".")

    def get(obj: Any) -> Any:
        for part in parts:
            if not isinstance(obj, dict):
                return ""
            obj = obj.get(part)
        return "" if obj is None else obj

    return get


def person(obj: dict[str, Any]) -> str:
    name = obj.get("name")
    if not isinstance(name, dict):
        return ""
    if name.get("formatted"):
        return str(name["formatted"])
    return " ".join(str(name[k]) for k in ("given", "family") if name.get(k))


def date(path: str) -> Getter:
    get = field(path)
    return lambda obj: str(get(obj))[:10]


COLUMNS: dict[str, list[tuple[str, Getter, int | None]]] = {
    "environments": [("ID", field("id"), 36), ("NAME", field("name"), 30),
                     ("TYPE", field("type"), 10), ("REGION", field("region"), 6),
                     ("CREATED", date("createdAt"), 10),
                     ("DESCRIPTION", field("description"), None)],
    "users": [("ID", field("id"), 36), ("USERNAME", field("username"), 26),
              ("EMAIL", field("email"), 32), ("NAME", person, 24),
              ("ENABLED", field("enabled"), 7), ("STATUS", field("account.status"), None)],
}
CONTROL = {c: "\ufffd" for c in [*range(0x20), *range(0x7F, 0xA0)]}


def text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return " ".join(str(value).split())


def width_of(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def fit(s: str, width: int) -> str:
    used = len(s) if s.isascii() else sum(map(width_of, s))
    if used <= width:
        return s + " " * (width - used)
    out, used = [], 0
    for ch in s:
        if used + width_of(ch) > width - 1:
            break
        out.append(ch)
        used += width_of(ch)
    return "".join(out) + "…" + " " * (width - 1 - used)


def table_line(cells: list[str], widths: list[int | None], total: int) -> str:
    parts, used = [], 0
    for cell, width in zip(cells, widths):
        cell = cell if cell.isprintable() else cell.translate(CONTROL)
        if width is None:
            parts.append(fit(cell, max(total - used, 10)))
        else:
            parts.append(fit(cell, width))
            used += width + 2
    return "  ".join(parts).rstrip() + "\n"


def pages(args: argparse.Namespace) -> Iterator[list[dict[str, Any]]]:
    with httpx.Client() as http:
        discovery = http.get(args.issuer + "/.well-known/openid-configuration").json()
        token = http.post(discovery["token_endpoint"],
                          data={"grant_type": "client_credentials", "scope": args.scope},
                          auth=(args.client_id, args.client_secret)).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        path = (f"/environments/{args.environment}/{args.kind}" if args.environment
                else f"/{args.kind}")
        url: str | None = args.api + path
        params: dict[str, int] | None = {"limit": 1000}
        while url:
            response = http.get(url, params=params, headers=headers)
            response.raise_for_status()
            body = response.json()
            yield body.get("_embedded", {}).get(args.kind, [])
            url = body.get("_links", {}).get("next", {}).get("href")
            params = None


def main() -> None:
    parser = argparse.ArgumentParser()
    for name in ("--issuer", "--client-id", "--client-secret", "--api"):
        parser.add_argument(name, required=True)
    parser.add_argument("--scope", default="openid")
    parser.add_argument("--kind", default="environments")
    parser.add_argument("--environment")
    parser.add_argument("--format", default="json",
                        choices=("json", "ndjson", "csv", "table"))
    args = parser.parse_args()
    out = sys.stdout
    columns = COLUMNS[args.kind]
    count = 0
    if args.format == "json":
        items = [item for page in pages(args) for item in page]
        count = len(items)
        out.write(json.dumps(items, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "ndjson":
        encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        for page in pages(args):
            count += len(page)
            out.write("".join(encode(item) + "\n" for item in page))
    elif args.format == "csv":
        writer = csv.writer(out)
        writer.writerow([c[0] for c in columns])
        for page in pages(args):
            count += len(page)
            writer.writerows([text(c[1](item)) for c in columns] for item in page)
    else:
        widths = [c[2] for c in columns]
        out.write(table_line([c[0] for c in columns], widths, 120))
        for page in pages(args):
            count += len(page)
            out.write("".join(table_line([text(c[1](item)) for c in columns], widths, 120)
                              for item in page))
    out.flush()
    print(f"Fetched {count} items", file=sys.stderr)


if __name__ == "__main__":
    main()
