"""The SQLite store: ingest with the graph, adding and removing one notice, reading the graph back.

Writes N notices made from the sample corpus (doc numbers renumbered per copy
and one year per five copies, so every copy is a distinct document and each
year holds one copy of the samples' cascade), then measures, on a fresh store:

- ``policykg ingest`` of all of them through the workspace (records and graph
  in one transaction per chunk), notices/s;
- the store's size on disk;
- adding one more notice, and removing it again (each one transaction: the
  records, then the graph rebuilt from the stored records and written back
  row by row where it changed);
- loading the graph from the tables (what every CLI question does first) and
  ``trace`` in process; ``policykg trace`` as wall time from the shell.

    python benchmarks/bench_store.py          # 100 notices
    python benchmarks/bench_store.py -n 300

This is a benchmark, not a timed test: it prints figures, it asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from policykg.database import DB_FILE
from policykg.graph import queries
from policykg.workspace import Workspace

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "notices"


def generate(folder: Path, n: int, start: int = 0) -> list[Path]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(start, start + n):
        text = re.sub(r"〔(\d{4})〕(\d+)([号號])", lambda m: f"〔{m[1]}〕{m[2]}{i:05d}{m[3]}", texts[i % len(texts)])
        text = text.replace("2020", str(2020 + i // len(texts)))
        path = folder / f"notice-{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


def timed(f):
    started = time.perf_counter()
    result = f()
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100, help="number of notices (default 100)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="policykg-bench-store-"))
    try:
        files = generate(work / "in", args.n)
        extra = generate(work / "extra", 1, start=args.n)[0]
        store = work / "store"
        rows = []
        with Workspace(store, create=True) as ws:
            report, seconds = timed(lambda: ws.ingest(files))
            rows.append(("ingest", f"{args.n} notices", seconds, f"{args.n / seconds:.1f} notices/s"))
            graph_size = f"{report.nodes:,} nodes, {report.edges:,} edges"
            _, seconds = timed(lambda: ws.ingest([extra]))
            rows.append(("add one", "1 notice to the full store", seconds, ""))
            doc = ws.records.records_of(ws.records.sources()[str(extra.resolve())])[0]
            _, seconds = timed(lambda: ws.remove(doc.id))
            rows.append(("remove one", "the notice just added", seconds, ""))
            G, seconds = timed(ws.graph)
            rows.append(("load graph", "tables → networkx", seconds, ""))
            # the most cited document: the widest cascade
            root = max((n for n, d in G.nodes(data=True) if d.get("type") == "Document"), key=G.in_degree)
            _, seconds = timed(lambda: queries.trace(G, root, tasks=True))
            rows.append(("trace", f"{root} (in process)", seconds, ""))
        _, seconds = timed(
            lambda: subprocess.run(
                [sys.executable, "-m", "policykg", "trace", root, "--store", str(store)],
                check=True, capture_output=True,
            )
        )
        rows.append(("policykg trace", "wall time from the shell", seconds, ""))
        # after the last connection closed, so the WAL is checkpointed into the file
        size = (store / DB_FILE).stat().st_size / 2**20
        rows.insert(1, ("store size", graph_size, float("nan"), f"{size:.1f} MB ({DB_FILE})"))
        print(f"store {store / DB_FILE}")
        print(f"{'what':<16}{'on':<40}{'seconds':>9}  figure")
        for what, on, sec, figure in rows:
            shown = "" if sec != sec else f"{sec:9.2f}"
            print(f"{what:<16}{on:<40}{shown:>9}  {figure}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
