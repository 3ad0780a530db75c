"""pingtui benchmarks: every figure beside its baseline, medians of several runs.

    python bench/run.py [--json] [--only a,b,c,d,e] [--runs N] [--quick]

a  cold start: `pingtui --demo` to its first frame on a pty, vs a minimal Textual app
b  CLI listing: `pingtui --demo environments list -o json`, vs a plain httpx script
c  big listing: 10,000 users over pages through pingtui.api, vs a plain httpx paging loop
d  big table: 100,000 rows in ResourceTable, vs Textual's stock DataTable (and
   textual-fastdatatable when $PINGTUI_BENCH_FDT_PYTHON names a Python that has it)
e  drill-down: an environment's four lists fetched together, vs the slowest one alone
f  listing formats: `pingtui environments list -o json|ndjson|csv|table|yaml` (10,000 and
   29 environments), whole processes, against the simulator and against the OpenID Provider
   of the auth tests, vs a plain sync httpx script writing the same bytes; yaml vs pingtui
   before issue 15 (a git archive of --before)
g  memory: peak RSS of `users list -o ndjson` for 10,000 / 100,000 / 1,000,000 users
h  TUI at a million users: first rows, requests while idle, RSS at 50,000 rows, server search

Each measurement runs in fresh processes; on a shared machine, read the ratios. See README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    BENCH,
    PYTHON,
    ROOT,
    Figure,
    child_env,
    machine,
    median,
    run_json,
)

Section = Callable[[argparse.Namespace], list[Figure]]


# ---------------------------------------------------------------------------- a: cold start

def cold_start(args: argparse.Namespace) -> list[Figure]:
    runs = max(args.runs, 9)
    result = run_json([str(BENCH / "cold_start.py"), "--runs", str(runs),
                       "--marker", "Welcome to pingtui"])
    ours, base = median(result["pingtui"]), median(result["minimal"])
    figures = [Figure("a", "cold start: `pingtui --demo` to first frame", ours, "s", base,
                      "minimal Textual app, same Python, same pty", "<= 1.25x",
                      ours / base <= 1.25, samples=result["pingtui"],
                      baseline_samples=result["minimal"])]
    imports = run_json([str(BENCH / "cold_start.py"), "--importtime",
                        "--marker", "Welcome to pingtui"])
    ours_i, base_i = imports["pingtui"], imports["minimal"]
    loaded = [name for name, yes in ours_i["loaded"].items() if yes]
    not_loaded = [name for name, yes in ours_i["loaded"].items() if not yes]
    figures.append(Figure(
        "a", "modules imported before the first frame", ours_i["modules"], "modules",
        base_i["modules"], "minimal Textual app",
        note=f"loaded: {', '.join(loaded) or 'none of the watched'}; "
             f"not loaded: {', '.join(not_loaded)}"))
    return figures


# ---------------------------------------------------------------------------- b: CLI listing

def _timed_process(argv: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, env=child_env(), cwd=ROOT,
                          timeout=120, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stderr[-2000:]}")
    return elapsed, done.stdout


def cli_listing(args: argparse.Namespace) -> list[Figure]:
    ours_argv = [PYTHON, "-m", "pingtui", "--demo", "environments", "list", "-o", "json"]
    base_argv = [PYTHON, str(BENCH / "cli_baseline.py")]
    sync_argv = [*base_argv, "--sync"]
    for argv in (ours_argv, base_argv, sync_argv):
        _timed_process(argv)  # warm the file cache and bytecode, untimed
    ours, base, sync = [], [], []
    for _ in range(max(args.runs, 7)):  # interleaved, so drift on a shared machine hits all
        elapsed, out_ours = _timed_process(ours_argv)
        ours.append(elapsed)
        elapsed, out_base = _timed_process(base_argv)
        base.append(elapsed)
        sync.append(_timed_process(sync_argv)[0])
    same = json.loads(out_ours) == json.loads(out_base)
    # What the command path imports (textual must not be among them).
    done = subprocess.run([PYTHON, "-X", "importtime", *ours_argv[1:]], capture_output=True,
                          text=True, env=child_env(), cwd=ROOT, timeout=120, check=False)
    modules = set(re.findall(r"\|\s+(\S+)\s*$", done.stderr, flags=re.MULTILINE))
    watched = ["textual", "rich", "yaml", "keyring", "segno", "pingtui.tui"]
    loaded = [m for m in watched if any(n == m or n.startswith(m + ".") for n in modules)]
    m, b, s = median(ours), median(base), median(sync)
    return [Figure("b", "CLI: `pingtui --demo environments list -o json`", m, "s", b,
                   "plain httpx.AsyncClient script, same simulator, same calls", "<= 1.3x",
                   m / b <= 1.3,
                   note=f"same JSON: {'yes' if same else 'NO'}; {len(modules)} modules; "
                        f"of {', '.join(watched)} loaded: {', '.join(loaded) or 'none'} "
                        "(as in a user's install: no click, so no httpx CLI; common.py)",
                   samples=ours, baseline_samples=base),
            Figure("b", "CLI: the same, beside a sync httpx.Client script", m, "s", s,
                   "plain httpx.Client script (no asyncio, no anyio)",
                   samples=ours, baseline_samples=sync)]


# ---------------------------------------------------------------------------- c: big listing

def big_listing(args: argparse.Namespace) -> list[Figure]:
    result = run_json([str(BENCH / "listing.py"), "big", "--users", "10000",
                       "--runs", str(max(args.runs, 7))])
    m, b = median(result["pingtui"]), median(result["httpx"])
    mc, bc = median(result["pingtui_cpu"]), median(result["httpx_cpu"])
    tokens = sorted(set(result["token_requests"]))
    api_conns = sorted(set(result["api_connections"]))
    conns = sorted(set(result["connections"]))
    one = tokens == [1] and api_conns == [1]
    return [
        Figure("c", f"big listing: {result['items']} users, {result['pages']} pages, "
                    "pingtui.api", m, "s", b, "plain httpx paging loop, same calls",
               "<= 1.1x", m / b <= 1.1, samples=result["pingtui"],
               baseline_samples=result["httpx"]),
        Figure("c", "big listing: client CPU (simulator excluded)", mc, "s", bc,
               "plain httpx paging loop", samples=result["pingtui_cpu"],
               baseline_samples=result["httpx_cpu"]),
        Figure("c", "token requests / API TCP connections per listing",
               float(max(tokens)), "tokens", goal="1 token, 1 connection", holds=one,
               note=f"token requests {tokens}, API-client TCP connections {api_conns}, "
                    f"all TCP connections incl. sign-on {conns}"),
    ]


# ---------------------------------------------------------------------------- d: big table

def big_table(args: argparse.Namespace) -> list[Figure]:
    rows = 100_000
    ours_runs = [run_json([str(BENCH / "big_table.py"), "--candidate", "resource_table",
                           "--rows", str(rows)]) for _ in range(max(args.runs - 2, 1))]
    dt_rows = 20_000 if args.quick else rows
    dt = run_json([str(BENCH / "big_table.py"), "--candidate", "datatable", "--rows",
                   str(dt_rows), "--keystrokes", "2"], timeout=900)
    scale = rows / dt_rows  # DataTable's costs grow linearly with rows (it measures each)
    extrapolated = f" (extrapolated from {dt_rows:,} rows)" if scale != 1 else ""

    first = median([r["first_paint"] for r in ours_runs])
    ready = median([r["all_ready"] for r in ours_runs])
    keys = [r["keystrokes"] + r["keystrokes_sorted"] for r in ours_runs]
    key_median = median([median(k) for k in keys])
    key_worst = median([max(k) for k in keys])
    sort_first = median([r["sorts"][0] for r in ours_runs])
    sort_all = median([median(r["sorts"]) for r in ours_runs])
    raw = median([r["rss_raw"] for r in ours_runs])
    table_mem = median([r["rss_table"] for r in ours_runs])
    mem_ratio = (raw + table_mem) / raw

    figures = [
        Figure("d", f"big table: data ready -> first paint, {rows:,} rows", first, "s",
               dt["first_paint"] * scale, "stock DataTable" + extrapolated, "<= 0.3 s",
               first <= 0.3, samples=[r["first_paint"] for r in ours_runs]),
        Figure("d", "big table: every row's cells computed (background, in idle slices)",
               ready, "s", dt["first_paint"] * scale, "stock DataTable first paint"
               + extrapolated, note="a filter or sort before this computes the rest at once"),
        Figure("d", "big table: `/` filter keystroke -> frame (median)", key_median, "s",
               median(dt["keystrokes"]) * scale, "DataTable clear + add matching rows"
               + extrapolated, "<= 0.05 s", key_median <= 0.05,
               note=f"typing {ours_runs[0]['typed'][len(ours_runs[0]['typed']) // 2]!r} "
                    "then erasing it, one frame per key, unsorted and sorted by a column"),
        Figure("d", "big table: `/` filter keystroke -> frame (worst key)", key_worst, "s",
               max(dt["keystrokes"]) * scale, "DataTable" + extrapolated, "<= 0.05 s",
               key_worst <= 0.05),
        Figure("d", "big table: sort -> frame (first sort of a column)", sort_first, "s",
               dt["sorts"][0] * scale, "DataTable.sort" + extrapolated),
        Figure("d", "big table: sort -> frame (median of 3)", sort_all, "s",
               median(dt["sorts"]) * scale, "DataTable.sort" + extrapolated),
        Figure("d", "big table: resident memory, data + table, / raw data", mem_ratio, "x",
               (raw + dt["rss_table"] * scale) / raw, "DataTable" + extrapolated, "<= 2x",
               mem_ratio <= 2,
               note=f"raw parsed objects {raw / 2**20:.0f} MiB RSS (JSON "
                    f"{ours_runs[0]['json_bytes'] / 2**20:.0f} MiB); ResourceTable adds "
                    f"{table_mem / 2**20:.0f} MiB, DataTable "
                    f"{dt['rss_table'] * scale / 2**20:.0f} MiB"),
    ]
    traced = run_json([str(BENCH / "big_table.py"), "--candidate", "resource_table",
                       "--rows", str(rows), "--traced"])
    traced_ratio = (traced["raw_traced"] + traced["table_traced"]) / traced["raw_traced"]
    figures.append(Figure(
        "d", "big table: memory by tracemalloc, data + table / raw data", traced_ratio, "x",
        goal="<= 2x", holds=traced_ratio <= 2,
        note=f"raw {traced['raw_traced'] / 2**20:.0f} MiB of parsed objects; the table holds "
             f"{traced['table_traced'] / 2**20:.0f} MiB with every cell computed, sorted by a "
             f"text column and filtered (= {traced['table_traced'] / traced['json_bytes']:.2f}x "
             "the JSON's bytes)"))
    fdt_python = os.environ.get("PINGTUI_BENCH_FDT_PYTHON")
    if fdt_python:
        fdt = run_json([str(BENCH / "big_table.py"), "--candidate", "fastdatatable", "--rows",
                        str(rows), "--keystrokes", "3"], python=fdt_python, timeout=900)
        figures += [
            Figure("d", "big table: first paint, textual-fastdatatable", fdt["first_paint"],
                   "s", first, "ResourceTable"),
            Figure("d", "big table: keystroke (remount filtered), textual-fastdatatable",
                   median(fdt["keystrokes"]), "s", key_median, "ResourceTable"),
            Figure("d", "big table: sort, textual-fastdatatable", median(fdt["sorts"]), "s",
                   sort_all, "ResourceTable"),
            Figure("d", "big table: memory added, textual-fastdatatable",
                   fdt["rss_table"] / 2**20, "MiB", table_mem / 2**20, "ResourceTable"),
        ]
    return figures


# ---------------------------------------------------------------------------- e: drill-down

def drill_down(args: argparse.Namespace) -> list[Figure]:
    figures = []
    for latency in (0.0, 0.05):
        result = run_json([str(BENCH / "listing.py"), "drill", "--users", "10000",
                           "--runs", str(args.runs), "--latency", str(latency)])
        together = median(result["together"])
        slowest = result["slowest"]
        alone = median(result["alone"][slowest])
        sizes = ", ".join(f"{k} {v}" for k, v in result["sizes"].items())
        where = "loopback" if not latency else f"{latency * 1000:.0f} ms per API answer"
        figures.append(Figure(
            "e", f"drill-down: four lists together ({where})", together, "s", alone,
            f"slowest single list ({slowest}) alone", "<= 1.2x", together / alone <= 1.2,
            note=sizes, samples=result["together"], baseline_samples=result["alone"][slowest]))
    return figures


# ---------------------------------------------------------------------------- f, g, h: scale

BEFORE_REV = "9028035"
"""pingtui before issue 15 (streaming output): yaml's "5x faster than today" is against it."""
FORMAT_GOALS = {"json": 1.2, "ndjson": 1.1, "csv": 1.2, "table": 1.2}


def _before_tree(rev: str) -> str:
    """``git archive rev`` unpacked in a temporary directory (run with PYTHONPATH there)."""
    import tempfile

    target = tempfile.mkdtemp(prefix=f"pingtui-before-{rev}-")
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True,
                             check=True, timeout=120).stdout
    subprocess.run(["tar", "-x", "-C", target], input=archive, check=True, timeout=120)
    return target


def listing_formats(args: argparse.Namespace) -> list[Figure]:
    before = _before_tree(args.before)
    result = run_json([str(BENCH / "scale.py"), "formats", "--runs", str(max(args.runs, 5)),
                       "--yaml-runs", str(max(args.runs - 2, 2)), "--before", before,
                       "--before-formats", "json,csv,table,yaml" if args.before_all else "yaml"],
                      timeout=3600)
    figures = []
    where = {"sim": "simulator", "oidc": "OpenID Provider + simulator API"}
    for backend in ("sim", "oidc"):
        for size, fmt in [(29, "json"), *((10_000, f) for f in (*FORMAT_GOALS, "yaml"))]:
            r = result.get(f"{backend}:{size}:{fmt}")
            if r is None:
                continue
            ours = median(r["pingtui"])
            label = f"CLI ({where[backend]}): {size:,} environments -o {fmt}"
            if fmt == "yaml":
                old = median(r["before"])
                figures.append(Figure(
                    "f", label, ours, "s", old, f"pingtui before issue 15 ({args.before})",
                    ">= 5x faster", old / ours >= 5, samples=r["pingtui"],
                    baseline_samples=r["before"],
                    note=f"{old / ours:.1f}x faster; peak RSS {median(r['rss']) / 2**20:.0f} MiB"))
                continue
            goal = 1.3 if size == 29 else FORMAT_GOALS[fmt]
            base = median(r["baseline"])
            was = (f"; before issue 15: {median(r['before']):.2f} s = "
                   f"{median(r['before']) / base:.2f}x" if r.get("before") else "")
            figures.append(Figure(
                "f", label, ours, "s", base, "plain sync httpx script, stdlib output",
                f"<= {goal}x", ours / base <= goal, samples=r["pingtui"],
                baseline_samples=r["baseline"],
                note=f"same bytes: {'yes' if r['same_bytes'] else 'NO'}; {r['bytes']:,} bytes; "
                     f"peak RSS {median(r['rss']) / 2**20:.0f} MiB{was}"))
    return figures


def memory_curve(args: argparse.Namespace) -> list[Figure]:
    sim = run_json([str(BENCH / "scale.py"), "memory", "--backends", "sim",
                    "--sizes", "10000,100000,1000000"], timeout=3600)
    oidc = run_json([str(BENCH / "scale.py"), "memory", "--backends", "oidc",
                     "--sizes", "10000,1000000", "--baseline-sizes", ""], timeout=3600)
    figures = []
    for name, result in (("simulator", sim), ("OpenID Provider + simulator API", oidc)):
        points = {int(k.split(":")[1]): v for k, v in result.items()}
        big, small = points[1_000_000], points[10_000]
        curve = ", ".join(f"{n:,}: {v['pingtui_rss'] / 2**20:.0f} MiB in "
                          f"{v['pingtui_seconds']:.0f} s" for n, v in sorted(points.items()))
        figures.append(Figure(
            "g", f"memory ({name}): peak RSS, users list -o ndjson, 1,000,000 users",
            big["pingtui_rss"] / 2**20, "MiB",
            big["baseline_rss"] / 2**20 if big["baseline_rss"] else None,
            "plain httpx script (streams too)" if big["baseline_rss"] else "",
            "<= 100 MiB", big["pingtui_rss"] <= 100 * 2**20, note=f"curve {curve}"))
        ratio = big["pingtui_rss"] / small["pingtui_rss"]
        # Beside it, the ratio from 100,000 and the plain script's own curve (it streams too,
        # and its memory grows over the first pages: httpx's response cycle, encode/httpx#3733).
        context = [f"{small['pingtui_rss'] / 2**20:.0f} MiB at 10,000"]
        if 100_000 in points:
            context.append(f"1,000,000 / 100,000: "
                           f"{big['pingtui_rss'] / points[100_000]['pingtui_rss']:.2f}x")
        if big["baseline_rss"] and small["baseline_rss"]:
            context.append(f"the plain script's 1,000,000 / 10,000: "
                           f"{big['baseline_rss'] / small['baseline_rss']:.2f}x")
        figures.append(Figure(
            "g", f"memory ({name}): RSS at 1,000,000 / RSS at 10,000 users", ratio, "x",
            goal="0.9x - 1.1x", holds=0.9 <= ratio <= 1.1, note="; ".join(context)))
    return figures


TUI_LATENCIES = (0.05, 0.1)
"""Seconds added to every API answer for the first rows again: PingOne's round trip from near
and from far (on loopback a page takes ~30 ms, less than Textual takes to show any new screen)."""


def _first_rows(r: dict[str, Any]) -> Figure:
    where = (f"{r['latency'] * 1000:.0f} ms per API answer" if r["latency"] else "loopback")
    return Figure(
        "h", f"TUI: 1,000,000-user tab, open -> first rows ({where})", r["first_rows"], "s",
        r["page_request"], "one page request (1,000 users; a warm sync httpx client in its own "
        "process, timed between the openings)",
        "<= 1.2x", r["first_rows"] <= 1.2 * r["page_request"],
        samples=r["first_rows_samples"], baseline_samples=r["page_samples"],
        note=f"the same tab of a 42-user environment: {r['first_rows_small'] * 1000:.0f} ms "
             f"(opening the screen: its shell, tab bar and shown tab); a screen of Textual's "
             f"own widgets (Header, 100-row DataTable, Footer), no request: "
             f"{r['stock_screen'] * 1000:.0f} ms = {r['stock_screen'] / r['page_request']:.2f}x "
             "the page request")


def tui_scale(args: argparse.Namespace) -> list[Figure]:
    runs = str(max(args.runs, 3))
    r = run_json([str(BENCH / "tui_scale.py"), "--runs", runs], timeout=1800)
    slow = [run_json([str(BENCH / "tui_scale.py"), "--runs", runs, "--first-rows-only",
                      "--latency", str(latency)], timeout=1800) for latency in TUI_LATENCIES]
    return [
        *(_first_rows(result) for result in (r, *slow)),
        Figure("h", f"TUI: requests for users in the first {r['idle']:.0f} s, no key pressed",
               r["requests_idle"], "requests", goal="1 or 2", holds=r["requests_idle"] <= 2,
               note=f"{r['rows_idle']:,} rows loaded"),
        Figure("h", f"TUI: resident memory with {r['rows_bounded']:,} rows loaded",
               r["rss_bounded"] / 2**20, "MiB", r["rss_before"] / 2**20,
               "the app before the tab was opened", "<= 300 MiB",
               r["rss_bounded"] <= 300 * 2**20,
               note=f"{r['requests_bounded']} page requests, {r['fill_seconds']:.1f} s holding "
                    "`end`"),
        Figure("h", "TUI: server search ('/' text Enter -> result shown)", r["search"], "s",
               r["search_request"], "the same filtered request (page_timer.py)",
               note=f"{r['search_rows']} users found among 1,000,000"),
    ]


SECTIONS: dict[str, Section] = {"a": cold_start, "b": cli_listing, "c": big_listing,
                                "d": big_table, "e": drill_down, "f": listing_formats,
                                "g": memory_curve, "h": tui_scale}


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    return f"{value:g} {unit}"


def table(figures: list[Figure]) -> str:
    rows = [("", "figure", "value", "baseline", "ratio", "goal", "holds")]
    for f in figures:
        ratio = f"{f.ratio:.2f}x" if f.ratio is not None else "-"
        holds = "-" if f.holds is None else ("yes" if f.holds else "NO")
        rows.append((f.section, f.name, fmt(f.value, f.unit), fmt(f.baseline, f.unit), ratio,
                     f.goal or "-", holds))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    notes = [f"  {f.section}: {f.name}: baseline = {f.baseline_name}"
             + (f"; {f.note}" if f.note else "") for f in figures if f.baseline_name or f.note]
    return "\n".join(lines + ["", "notes:", *notes])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--only", default="abcdefgh", help="sections, e.g. a,d")
    parser.add_argument("--before", default=BEFORE_REV,
                        help="the commit (f) compares yaml against (before issue 15)")
    parser.add_argument("--before-all", action="store_true",
                        help="(f): also time json, csv and table as they were before")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--quick", action="store_true",
                        help="fewer runs; stock DataTable on 20,000 rows, extrapolated")
    args = parser.parse_args()
    if args.quick:
        args.runs = min(args.runs, 3)
    chosen = [s for s in re.split(r"[,\s]*", args.only) if s]
    figures: list[Figure] = []
    failures: dict[str, str] = {}
    for name in chosen:
        if name not in SECTIONS:
            parser.error(f"unknown section {name!r}")
        print(f"[{name}] running…", file=sys.stderr, flush=True)
        try:
            figures += SECTIONS[name](args)
        except Exception as exc:  # noqa: BLE001 - one section failing still prints the others
            failures[name] = f"{type(exc).__name__}: {exc}"
            print(f"[{name}] failed: {failures[name]}", file=sys.stderr)
    if args.json:
        print(json.dumps({"machine": machine(), "figures": [f.as_dict() for f in figures],
                          "failures": failures}, indent=2))
    else:
        info = machine()
        print(f"machine: {info['cpu']}, {info['nproc']} CPUs, Python {info['python']}, "
              f"textual {info['textual']}")
        print(table(figures))
        for name, failure in failures.items():
            print(f"section {name} failed: {failure}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
