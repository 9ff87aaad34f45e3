"""National scale: ingest, store, questions and link accuracy on generated cascades of 1k, 10k, 100k notices.

For each size N, ``benchmarks/generate.py`` writes N + 1 notices with their
truth; N are ingested with the real CLI (``policykg ingest``, all cores), the
last one is then added to the full store. Measured:

- ingest notices/s and MB/s (graph and links included), and the ratio of its
  time to the floor: reading the same bytes, decoding them and OpenCC's
  traditional → simplified conversion, on one core;
- peak RSS of the ingest (the process and its workers, summed), store size on
  disk, wall time to add one notice to the full store;
- trace (the national root and others), coverage and agency questions: p50
  and p95 in process (asked in the store's database, as the CLI asks them)
  and as CLI wall time from the shell, with the CLI's peak RSS;
- the explorer's first render (Streamlit AppTest, in this process: the first
  run loads the store);
- precision and recall of explicit links, inferred links and task pairs
  against the truth (``benchmarks/evaluate.py``).

A figure over its target (issue 10, "Done when") is marked ``✗``.

    python benchmarks/bench_scale.py --sizes 1000            # writes docs/scale.md
    python benchmarks/bench_scale.py --sizes 1000,10000,100000 --work /data/bench --keep

This is a benchmark, not a test: nothing here runs in the suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable, Optional

import opencc
import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import evaluate  # noqa: E402
import generate  # noqa: E402

POLICYKG = [sys.executable, "-m", "policykg"]
QUERY_RUNS = 20
CLI_RUNS = 5

# (metric, target as text, check(value) -> within target); None: no target
TARGETS: dict[str, tuple[str, Optional[Callable[[float], bool]]]] = {
    "ingest notices/s": ("≥ 55.6 (100k in 30 min)", lambda v: v >= 100_000 / 1800),
    "ingest MB/s": ("", None),
    "ingest time / floor": ("", None),
    "ingest wall s": ("", None),
    "ingest peak RSS MB": ("< 2048", lambda v: v < 2048),
    "store size MB": ("< 1024 (at 10k)", lambda v: v < 1024),
    "add one notice s": ("< 2", lambda v: v < 2),
    "add one notice, store open s (--watch)": ("", None),
    "trace p50 ms (in process)": ("", None),
    "trace p95 ms (in process)": ("< 100", lambda v: v < 100),
    "coverage p50 ms (in process)": ("", None),
    "coverage p95 ms (in process)": ("< 100", lambda v: v < 100),
    "agency p50 ms (in process)": ("", None),
    "agency p95 ms (in process)": ("< 100", lambda v: v < 100),
    "open store s (in process)": ("", None),
    "CLI trace root p50 s": ("< 2", lambda v: v < 2),
    "CLI trace root p95 s": ("< 2", lambda v: v < 2),
    "CLI coverage p50 s": ("", None),
    "CLI agency p50 s": ("", None),
    "CLI peak RSS MB": ("< 500", lambda v: v < 500),
    "explorer first render s": ("< 2", lambda v: v < 2),
    "explicit links precision": ("≥ 0.95", lambda v: v >= 0.95),
    "explicit links recall": ("≥ 0.95", lambda v: v >= 0.95),
    "inferred links precision": ("≥ 0.95", lambda v: v >= 0.95),
    "inferred links recall": ("≥ 0.95", lambda v: v >= 0.95),
    "task pairs precision": ("≥ 0.9", lambda v: v >= 0.9),
    "task pairs recall": ("≥ 0.9", lambda v: v >= 0.9),
}


def run_measured(cmd: list[str], *, stdout=subprocess.PIPE, **kwargs) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run ``cmd``; (wall seconds, peak RSS in MB of it and its children summed, the completed process).

    ``stdout=subprocess.DEVNULL`` for a command whose output is not read (a large one is then not held here).
    """
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, **kwargs)
    peak = [0.0]

    def poll() -> None:
        try:
            root = psutil.Process(proc.pid)
            while proc.poll() is None:
                total = 0
                for p in [root, *root.children(recursive=True)]:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                peak[0] = max(peak[0], total / 2**20)
                time.sleep(0.05)
        except psutil.Error:
            pass

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    watcher.join()
    done = subprocess.CompletedProcess(cmd, proc.returncode, out, err)
    if proc.returncode not in (0,):
        raise SystemExit(f"{' '.join(cmd[:4])} … failed ({proc.returncode}): {err.decode(errors='replace')[-2000:]}")
    return seconds, peak[0], done


def _percentiles(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return statistics.median(values), p95


def floor_seconds(corpus: Path, truth: dict) -> float:
    converter = opencc.OpenCC("t2s")
    started = time.perf_counter()
    for key, doc in truth["documents"].items():
        path = corpus / key
        if path.exists():
            converter.convert(path.read_bytes().decode(doc["encoding"]))
    return time.perf_counter() - started


def bench_size(n: int, work: Path, workers: Optional[int]) -> dict[str, float]:
    corpus, extra, store = work / f"corpus-{n}", work / f"extra-{n}", work / f"store-{n}"
    for folder in (corpus, extra, store):
        shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    truth = generate.generate(corpus, n + 1 + WATCHED, seed=n)
    # counties: the one notice added to the full store, then those added to it open (--watch)
    last, *later = list(truth["documents"])[-(1 + WATCHED):]
    extra.mkdir(parents=True)
    shutil.move(corpus / last, extra / Path(last).name)
    held_back = work / f"watched-{n}"
    shutil.rmtree(held_back, ignore_errors=True)
    held_back.mkdir()
    for name in later:
        shutil.move(corpus / name, held_back / Path(name).name)
    log(f"[{n}] generated {n + 1} notices in {time.perf_counter() - started:.1f} s")
    files = [p for p in corpus.rglob("*.txt")]
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    floor = floor_seconds(corpus, truth)

    env = dict(os.environ, POLICYKG_STORE=str(store))
    opts = ["--workers", str(workers)] if workers else []
    seconds, rss, _ = run_measured([*POLICYKG, "ingest", str(corpus), "--quiet", *opts], env=env)
    log(f"[{n}] ingest {seconds:.1f} s, peak RSS {rss:.0f} MB")
    add_seconds, _, _ = run_measured([*POLICYKG, "ingest", str(extra), "--quiet"], env=env)
    size = sum(p.stat().st_size for p in store.rglob("*") if p.is_file()) / 2**20
    row = {
        "ingest notices/s": n / seconds,
        "ingest MB/s": megabytes / seconds,
        "ingest time / floor": seconds / floor,
        "ingest wall s": seconds,
        "ingest peak RSS MB": rss,
        "store size MB": size,
        "add one notice s": add_seconds,
        "add one notice, store open s (--watch)": watched_seconds(sorted(held_back.iterdir()), work / f"watch-{n}", env),
    }
    row.update(questions(store, truth, env, extra / Path(last).name))
    row.update(explorer(store))
    log(f"[{n}] done: {json.dumps({k: round(v, 3) for k, v in row.items()}, ensure_ascii=False)}")
    return row


#: notices held back and added one by one to the full store while ``policykg ingest --watch`` keeps it open
WATCHED = 4


def watched_seconds(files: list[Path], folder: Path, env: dict) -> float:
    """Median seconds ``policykg ingest --watch`` takes to add each of ``files`` but the first (which builds its indexes).

    The files are copied one by one into a folder it watches; the time is
    the one it prints for each batch (the polling before it is not counted).
    """
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    process = subprocess.Popen([*POLICYKG, "ingest", str(folder), "--quiet", "--watch", "--every", "0.2"], env=env, stderr=subprocess.PIPE, text=True)
    took: list[float] = []
    try:
        lines = iter(process.stderr)
        next(line for line in lines if "watching" in line)
        for path in files:
            shutil.copy(path, folder / path.name)
            took.append(float(next(m for m in (re.search(r" in ([0-9.]+) s:", line) for line in lines) if m).group(1)))
            next(line for line in lines if line.startswith("graph:"))
    finally:
        # SIGTERM, which the watch takes as Ctrl-C: a benchmark started in the background
        # (`cmd &`) has SIGINT ignored, and so has every process it starts
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    return statistics.median(took[1:] or took)


def questions(store: Path, truth: dict, env: dict, extra: Path) -> dict[str, float]:
    # asked as the CLI asks them, inside the store's database: a 100k graph is never loaded whole
    from policykg.graph.sqlite_graph import SQLiteGraph

    started = time.perf_counter()
    backend = SQLiteGraph(store)
    opened = time.perf_counter() - started
    rng = random.Random(0)
    docs = truth["documents"]
    root = next(d["doc_number"] for d in docs.values() if d["level"] == "national")
    upper = [d for d in docs.values() if d["level"] in ("provincial", "municipal")]
    trace_refs = [root] + [d["doc_number"] for d in rng.sample(upper, min(len(upper), QUERY_RUNS - 1))]
    plans = [d["title"] for d in docs.values() if d["level"] == "national"] + [d["title"] for d in rng.sample(upper, min(len(upper), QUERY_RUNS - 1))]
    agencies = sorted(name for (name,) in backend.conn.execute("SELECT attrs ->> '$.name' FROM nodes WHERE type = 'Agency'") if name)
    agency_refs = rng.sample(agencies, min(len(agencies), QUERY_RUNS))

    def timed(fn, refs) -> list[float]:
        out = []
        for ref in refs:
            t = time.perf_counter()
            fn(ref)
            out.append((time.perf_counter() - t) * 1000)
        return out

    row: dict[str, float] = {"open store s (in process)": opened}
    for name, fn, refs in (("trace", backend.trace, trace_refs), ("coverage", backend.coverage, plans), ("agency", backend.agency_obligations, agency_refs)):
        p50, p95 = _percentiles(timed(fn, refs))
        row[f"{name} p50 ms (in process)"], row[f"{name} p95 ms (in process)"] = p50, p95
    backend.close()
    s = evaluate.store_scores(store, truth)
    for name, label in (("explicit", "explicit links"), ("inferred", "inferred links"), ("tasks", "task pairs")):
        row[f"{label} precision"], row[f"{label} recall"] = s[name]["precision"], s[name]["recall"]

    peak = 0.0
    for name, args in (("trace root", ["trace", root]), ("coverage", ["coverage", plans[0]]), ("agency", ["agency", agency_refs[0]])):
        walls = []
        for _ in range(CLI_RUNS):
            seconds, rss, _ = run_measured([*POLICYKG, *args, "--format", "json"], env=env)
            walls.append(seconds)
            peak = max(peak, rss)
        p50, p95 = _percentiles(walls)
        row[f"CLI {name} p50 s"] = p50
        if name == "trace root":
            row["CLI trace root p95 s"] = p95
    row["CLI peak RSS MB"] = peak
    return row


def explorer(store: Path) -> dict[str, float]:
    try:
        from streamlit.testing.v1 import AppTest

        from policykg.explorer.launch import APP
    except ImportError:
        return {}
    os.environ["POLICYKG_STORE"] = str(store)
    at = AppTest.from_file(str(APP), default_timeout=600)
    started = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - started
    if at.exception:
        log(f"explorer raised: {at.exception[0].value}")
        return {}
    return {"explorer first render s": seconds}


def log(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def table(rows: dict[int, dict[str, float]]) -> str:
    sizes = sorted(rows)
    head = "| metric | target | " + " | ".join(f"{n:,} notices" for n in sizes) + " |"
    lines = [head, "|" + "---|" * (len(sizes) + 2)]
    for metric, (target, ok) in TARGETS.items():
        cells = []
        for n in sizes:
            value = rows[n].get(metric)
            if value is None:
                cells.append("–")
                continue
            text = f"{value:.3f}" if value < 10 else f"{value:,.1f}"
            cells.append(text if ok is None or ok(value) else f"**{text} ✗**")
        lines.append(f"| {metric} | {target} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000", help="comma-separated corpus sizes (default 1000)")
    parser.add_argument("--work", type=Path, help="working folder (default a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the corpora and stores")
    parser.add_argument("--workers", type=int, help="--workers for the ingest (default: policykg's, all cores)")
    parser.add_argument("--out", type=Path, default=HERE.parent / "docs" / "scale.md", help="markdown file to write the table into")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    work = args.work or Path(tempfile.mkdtemp(prefix="policykg-scale-"))
    rows = {}
    try:
        for n in sizes:
            rows[n] = bench_size(n, work, args.workers)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    text = table(rows)
    sys.stdout.write(text + "\n")
    machine = f"{platform.machine()}, {psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GB RAM, Python {platform.python_version()}"
    command = "python benchmarks/bench_scale.py --sizes " + ",".join(map(str, sizes))
    _write(args.out, text, machine, command)
    return 0


MARK = "<!-- bench_scale table -->"


def _write(path: Path, text: str, machine: str, command: str) -> None:
    """Replace the table between the markers of ``path`` (the prose around it is kept)."""
    block = f"{MARK}\n`{command}` on {machine}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}:\n\n{text}\n{MARK}"
    if path.exists() and path.read_text(encoding="utf-8").count(MARK) == 2:
        before, _, rest = path.read_text(encoding="utf-8").partition(MARK)
        _, _, after = rest.partition(MARK)
        path.write_text(before + block + after, encoding="utf-8")
    else:
        path.write_text(f"# National scale: figures\n\n{block}\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
