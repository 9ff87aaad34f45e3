"""Is a store's graph the full build of its records? Row by row, after an ingest in chunks.

The graph is meant to be a function of the set of records: however they
came (in chunks, in any order, with removals), it must equal
``build_graph`` of the records the store holds. The tests check this on
small corpora; this checks it on a benchmark's store, where a rule that
holds on a few dozen notices may not (a relink that reaches too little
shows only when thousands of documents cite one stub)::

    python benchmarks/bench_scale.py --sizes 10000 --work /data/bench --keep
    python benchmarks/check_full_build.py /data/bench/store-10000

It prints how many nodes and edges are only in one graph or differ, by
kind, with a few examples, and exits with status 1 when any do. Both
graphs are held in memory (about 8 GB at 10,000 notices).
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

from policykg.graph import build_graph
from policykg.graph.embedded import load_graph
from policykg.ingest.store import RecordStore


def _rows(G) -> tuple[dict, dict]:
    nodes = {n: json.dumps(d, sort_keys=True, ensure_ascii=False) for n, d in G.nodes(data=True)}
    edges = {(u, v, k): json.dumps(d, sort_keys=True, ensure_ascii=False) for u, v, k, d in G.edges(keys=True, data=True)}
    return nodes, edges


def _kind(key) -> str:
    """A node's type prefix (doc, task …) or an edge's relation."""
    return key[2] if isinstance(key, tuple) else key.split(":", 1)[0]


def compare(full: dict, stored: dict, what: str, examples: int) -> int:
    """Print how ``stored`` differs from ``full`` (rows of one kind); returns the number of rows that differ."""
    missing, extra = sorted(full.keys() - stored.keys()), sorted(stored.keys() - full.keys())
    differ = sorted(k for k in full.keys() & stored.keys() if full[k] != stored[k])
    print(f"{what}: {len(full):,} in the full build, {len(stored):,} stored; "
          f"{len(missing):,} missing, {len(extra):,} extra, {len(differ):,} differ")
    for label, keys in (("missing", missing), ("extra", extra), ("differ", differ)):
        if keys:
            print(f"  {label} by kind: {dict(collections.Counter(map(_kind, keys)).most_common(6))}")
            for key in keys[:examples]:
                print(f"    {label}: {key}")
                if label == "differ":
                    print(f"      full:   {full[key][:240]}\n      stored: {stored[key][:240]}")
    return len(missing) + len(extra) + len(differ)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, help="a store folder (policykg ingest --store)")
    parser.add_argument("--examples", type=int, default=3, help="rows to show of each difference (default 3)")
    args = parser.parse_args()
    started = time.perf_counter()
    records = RecordStore(args.store).documents()
    full = build_graph(records)
    print(f"full build of {len(records):,} records: {time.perf_counter() - started:.0f} s")
    stored = load_graph(args.store)
    want, got = _rows(full), _rows(stored)
    differences = compare(want[0], got[0], "nodes", args.examples) + compare(want[1], got[1], "edges", args.examples)
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
