"""Questions on an existing store: in process (p50/p95), CLI wall time and CLI peak RSS, beside the targets.

The questions are asked as the CLI asks them, inside the store's database
(:class:`policykg.graph.sqlite_graph.SQLiteGraph`): the national root and
random provincial and municipal documents for trace and upstream, their plans
for coverage, random agencies (by name and by mention), a few searches, and
``show``. With ``--baseline`` the same questions are also asked of the whole
graph loaded in memory (:func:`policykg.graph.embedded.load_graph` and
:mod:`policykg.graph.queries`, what every command did before), and the answers
are compared.

    python benchmarks/bench_queries.py STORE [--runs 30] [--cli-runs 3] [--baseline] [--export [csv turtle …]]

Every query command is run from the shell in each of its formats (``trace
--tasks`` of the national root, ``dump`` and ``--export`` once: they take
the longest), its peak RSS printed beside the 500 MB target. ``--export``
alone exports in every format (minutes each at 10,000 notices: the RDF
formats write some 25 million triples; see ``docs/queries.md``).

STORE is read, never written, except that a store made before the query
schema gets it on the first question (copy a shared store first). Targets
(issue 10, at 10,000 notices): trace of the national root under 2 s from the
shell; trace, coverage and agency under 100 ms at p95 in process; no query
command above 500 MB. A figure over its target is marked ``✗``.

This is a benchmark, not a test: nothing here runs in the suite.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_scale import _percentiles, run_measured  # noqa: E402

POLICYKG = [sys.executable, "-m", "policykg"]
IN_PROCESS_MS = 100.0
CLI_TRACE_ROOT_S = 2.0
CLI_RSS_MB = 500.0


def refs(conn, runs: int, seed: int = 0) -> dict[str, list]:
    """References to ask about, read from the store's documents and agencies (no truth file needed)."""
    rng = random.Random(seed)
    docs = [
        (json.loads(a).get("level"), json.loads(a).get("doc_number"), json.loads(a).get("title"), json.loads(a).get("stub"))
        for (a,) in conn.execute("SELECT attrs FROM nodes WHERE type = 'Document'")
    ]
    real = [d for d in docs if not d[3]]
    national = sorted((d for d in real if d[0] == "national" and d[1]), key=lambda d: d[1])
    upper = [d for d in real if d[0] in ("provincial", "municipal") and d[1]]
    county = [d for d in real if d[0] == "county" and d[1]]
    plans = [d for d in real if not d[1] and d[2]]
    agencies = [
        (json.loads(a)["name"], (json.loads(a).get("mentions") or [None])[0])
        for (a,) in conn.execute("SELECT attrs FROM nodes WHERE type = 'Agency'")
    ]
    pick = lambda xs, k: rng.sample(xs, min(len(xs), k))  # noqa: E731
    roots = [d[1] for d in national[:1]]
    agency_names = [a[0] for a in pick(agencies, runs // 2)] + [a[1] for a in pick(agencies, runs - runs // 2) if a[1]]
    return {
        "root": roots,
        "trace": roots + [d[1] for d in pick(upper, runs - 1)],
        "upstream": [d[1] for d in pick(county, runs)],
        "coverage": [d[2] for d in pick(plans, runs)],
        "agency": agency_names,
        "search": ["政务公开", "政务新媒体", "信息公开目录", "12345热线", "营商环境"],
        "show": [d[1] for d in pick(upper + county, 5)],
    }


def timed(fn, args: list) -> tuple[list[float], list[float], list]:
    """Wall and CPU milliseconds of ``fn(a)`` for each ``a``, and the answers.

    CPU time (this process's) is what the question costs; on a shared
    machine the wall time also holds the time others had the cores.
    """
    walls, cpus, answers = [], [], []
    for a in args:
        started, cpu = time.perf_counter(), time.process_time()
        try:
            answers.append(("ok", fn(a)))
        except Exception as err:  # a reference that is ambiguous is an answer too
            answers.append(("error", type(err).__name__, str(err)))
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return walls, cpus, answers


def mark(value: float, limit: float) -> str:
    return f"{value:,.1f} {'✓' if value <= limit else '✗'}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=30, help="questions of each kind in process")
    parser.add_argument("--cli-runs", type=int, default=3, help="runs of each CLI command")
    parser.add_argument("--baseline", action="store_true", help="also ask the whole graph in memory, and compare")
    parser.add_argument(
        "--export", nargs="*", default=None, metavar="FORMAT",
        help="also time `policykg export` in these formats (csv, turtle, jsonld, graphml; none named: all): minutes each at 10,000 notices",
    )
    args = parser.parse_args(argv)
    if args.export == []:
        from policykg.graph.export import FORMATS

        args.export = list(FORMATS)

    from policykg import database
    from policykg.graph.sqlite_graph import SQLiteGraph

    started = time.perf_counter()
    backend = SQLiteGraph(args.store)
    opened = time.perf_counter() - started
    with database.read(backend.conn):
        asked = refs(backend.conn, args.runs)
        nodes, edges = backend.conn.execute("SELECT (SELECT count(*) FROM nodes), (SELECT count(*) FROM edges)").fetchone()
    size_mb = sum(p.stat().st_size for p in args.store.iterdir()) / 2**20
    print(f"store {args.store}: {nodes:,} nodes, {edges:,} edges, {size_mb:,.0f} MB on disk; opened in {opened * 1000:.0f} ms")

    questions = {
        "trace (root)": (lambda r: backend.trace(r), asked["root"] * 5),
        "trace": (lambda r: backend.trace(r), asked["trace"]),
        "trace --tasks": (lambda r: backend.trace(r, tasks=True), asked["trace"][1:6]),
        "upstream": (lambda r: backend.upstream(r), asked["upstream"]),
        "coverage": (lambda r: backend.coverage(r), asked["coverage"]),
        "agency": (lambda r: backend.agency_obligations(r), asked["agency"]),
        "search": (lambda r: backend.search(r, limit=None), asked["search"]),
    }
    print(f"\nload average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("\n| question (in process) | n | wall p50 ms | wall p95 ms | CPU p50 ms | CPU p95 ms | target |")
    print("|---|---|---|---|---|---|---|")
    answers = {}
    for name, (fn, values) in questions.items():
        if not values:
            continue
        walls, cpus, answers[name] = timed(fn, values)
        (p50, p95), (c50, c95) = _percentiles(walls), _percentiles(cpus)
        target = name in ("trace", "coverage", "agency")  # the root has its own target, from the shell
        shown = (mark(p95, IN_PROCESS_MS), mark(c95, IN_PROCESS_MS)) if target else (f"{p95:,.1f}", f"{c95:,.1f}")
        print(f"| {name} | {len(values)} | {p50:,.1f} | {shown[0]} | {c50:,.1f} | {shown[1]} | {'p95 100 ms' if target else '-'} |")
    backend.close()

    env = dict(os.environ, POLICYKG_STORE=str(args.store))
    root = asked["root"][0] if asked["root"] else asked["trace"][0]
    json_, table = ["--format", "json"], ["--format", "table"]
    # every query command, in each of its formats (the table draws what the JSON lists)
    commands = {
        "trace ROOT": ["trace", root, *json_],
        "trace ROOT (table)": ["trace", root, *table],
        "trace ROOT --tasks": ["trace", root, "--tasks", *json_],
        "trace ROOT --tasks (table)": ["trace", root, "--tasks", *table],
        "upstream": ["upstream", asked["upstream"][0], *json_],
        "upstream (table)": ["upstream", asked["upstream"][0], *table],
        "coverage": ["coverage", asked["coverage"][0], *json_],
        "coverage (table)": ["coverage", asked["coverage"][0], *table],
        "agency": ["agency", asked["agency"][0], *json_],
        "agency (table)": ["agency", asked["agency"][0], *table],
        "search": ["search", asked["search"][0], *json_],
        "search (table)": ["search", asked["search"][0], *table],
        "show": ["show", asked["show"][0], "--format", "json"],
        "show (text)": ["show", asked["show"][0], "--format", "text"],
        "dump": ["dump"],
    }
    if args.export:
        out = Path(tempfile.mkdtemp(prefix="bench-export-"))
        commands.update({f"export {fmt}": ["export", str(out / f"graph.{fmt}"), "--format", fmt] for fmt in args.export})
    # CPU = user + system time of the command: on a shared machine the wall time also holds the
    # time other processes had the cores
    print(f"\nload average before the CLI runs: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("\n| command (CLI) | wall p50 s | wall max s | CPU p50 s | peak RSS MB | target |")
    print("|---|---|---|---|---|---|")
    for name, cmd in commands.items():
        walls, cpus, peak = [], [], 0.0
        runs = 1 if name.startswith(("export", "dump")) or "--tasks" in name else args.cli_runs
        for _ in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            seconds, rss, _ = run_measured([*POLICYKG, *cmd], env=env, stdout=subprocess.DEVNULL)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            walls.append(seconds)
            peak = max(peak, rss)
        p50 = _percentiles(walls)[0]
        wall = mark(max(walls), CLI_TRACE_ROOT_S) if name == "trace ROOT" else f"{max(walls):.2f}"
        target = "2 s, 500 MB" if name == "trace ROOT" else "500 MB"
        print(f"| {name} | {p50:.2f} | {wall} | {_percentiles(cpus)[0]:.2f} | {mark(peak, CLI_RSS_MB)} | {target} |")

    if args.baseline:
        from policykg.graph import queries
        from policykg.graph.embedded import load_graph

        started = time.perf_counter()
        G = load_graph(args.store)
        print(f"\nbaseline: whole graph loaded in {time.perf_counter() - started:.1f} s")
        base = {
            "trace (root)": lambda r: queries.trace(G, r),
            "trace": lambda r: queries.trace(G, r),
            "trace --tasks": lambda r: queries.trace(G, r, tasks=True),
            "upstream": lambda r: queries.upstream(G, r),
            "coverage": lambda r: queries.coverage(G, r),
            "agency": lambda r: queries.agency_obligations(G, r),
        }
        print("| question (whole graph in memory) | p50 ms | p95 ms | answers equal |")
        print("|---|---|---|---|")
        for name, fn in base.items():
            values = questions[name][1]
            if not values:
                continue
            times, _, theirs = timed(fn, values)
            p50, p95 = _percentiles(times)
            same = json.dumps(theirs, ensure_ascii=False, sort_keys=True) == json.dumps(answers[name], ensure_ascii=False, sort_keys=True)
            print(f"| {name} | {p50:,.1f} | {p95:,.1f} | {'yes' if same else 'NO'} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
