"""Which JSON encoder writes `-o json` / `-o ndjson` (the measurement behind pingtui/output.py).

    python bench/encoders.py [--items 10000]

10,000 of the simulator's environments, encoded in-process (best of 5) as pingtui writes them:
indented by two inside one array (json), and one compact object a line (ndjson). Candidates:
the stdlib (its C encoder is used only without ``indent``), orjson, msgspec. Each output is
compared with the stdlib's bytes. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def best(fn: Callable[[], bytes], runs: int = 5) -> tuple[float, bytes]:
    out, seconds = b"", float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        out = fn()
        seconds = min(seconds, time.perf_counter() - start)
    return seconds, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    args = parser.parse_args()
    from pingtui.sim.data import TenantData

    data = TenantData(size=args.items)
    items = [data.environments[i] for i in range(args.items)]
    compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    candidates: dict[str, Callable[[], bytes]] = {
        "json stdlib indent=2 (pure Python)":
            lambda: (json.dumps(items, indent=2, ensure_ascii=False) + "\n").encode(),
        "ndjson stdlib (C encoder)": lambda: "".join(compact(i) + "\n" for i in items).encode(),
    }
    try:
        import orjson

        candidates["json orjson OPT_INDENT_2"] = \
            lambda: orjson.dumps(items, option=orjson.OPT_INDENT_2) + b"\n"
        candidates["ndjson orjson"] = lambda: b"".join(orjson.dumps(i) + b"\n" for i in items)
    except ImportError:
        pass
    try:
        import msgspec

        encoder = msgspec.json.Encoder()
        candidates["json msgspec encode + format(indent=2)"] = \
            lambda: msgspec.json.format(encoder.encode(items), indent=2) + b"\n"
        candidates["ndjson msgspec"] = lambda: b"".join(encoder.encode(i) + b"\n" for i in items)
    except ImportError:
        pass
    reference = {"json": candidates["json stdlib indent=2 (pure Python)"](),
                 "ndjson": candidates["ndjson stdlib (C encoder)"]()}
    result: dict[str, Any] = {}
    for name, fn in candidates.items():
        seconds, out = best(fn)
        same = out == reference[name.split()[0]]
        result[name] = {"seconds": seconds, "same_bytes": same}
        print(f"  {name:42s} {seconds * 1000:7.1f} ms  same bytes: {same}", file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
