"""Precision and recall of a graph's links against a generated truth (``benchmarks/generate.py``).

Links are compared file to file: a notice and the plans it promulgates are one
file, so an implements-edge between any of their document nodes is a link
between their files. Explicit links are the edges not marked inferred;
inferred links are the inferred edges between files no explicit edge joins.
Task pairs are (child file, position) → (parent file, position) over the
task → task implements-edges.

    python benchmarks/evaluate.py CORPUS   # reads CORPUS in process, builds the graph, prints the scores
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

__all__ = ["scores", "store_scores", "node_files"]


def node_files(G, truth: dict) -> dict[str, str]:
    """Document node → truth file key, by the file name of the node's sources."""
    from policykg.graph.schema import NodeType

    by_name = {Path(key).name: key for key in truth["documents"]}
    out = {}
    for node, data in G.nodes(data=True):
        if data.get("type") != NodeType.DOCUMENT.value:
            continue
        for source in data.get("sources") or []:
            key = by_name.get(Path(source["path"]).name)
            if key:
                out[node] = key
                break
    return out


def _prf(predicted: set, true: set) -> dict:
    hits = len(predicted & true)
    return {
        "precision": hits / len(predicted) if predicted else 1.0,
        "recall": hits / len(true) if true else 1.0,
        "predicted": len(predicted),
        "true": len(true),
    }


def scores(G, truth: dict) -> dict[str, dict]:
    """``{"explicit": {precision, recall, predicted, true}, "inferred": …, "tasks": …}``."""
    task_doc = {v: u for u, v, key in G.edges(keys=True) if key == "contains"}
    position = {t: G.nodes[t]["position"] for t in task_doc}
    implements = ((u, v, bool(data.get("inferred"))) for u, v, key, data in G.edges(keys=True, data=True) if key == "implements")
    return _scores(node_files(G, truth), task_doc, position, implements, truth)


def store_scores(store, truth: dict) -> dict[str, dict]:
    """:func:`scores` of a store's saved graph, read in SQL: only what scoring needs.

    The whole graph of a 100,000-notice store does not fit in memory; its
    documents' sources, tasks' positions and contains/implements edges do.
    """
    import sqlite3

    from policykg.database import DB_FILE

    conn = sqlite3.connect(f"file:{Path(store) / DB_FILE}?mode=ro", uri=True)
    try:
        by_name = {Path(key).name: key for key in truth["documents"]}
        files = {}
        for node, sources in conn.execute("SELECT id, attrs ->> '$.sources' FROM nodes WHERE type = 'Document'"):
            for source in json.loads(sources or "[]"):
                key = by_name.get(Path(source["path"]).name)
                if key:
                    files[node] = key
                    break
        join = "FROM edges e JOIN nodes s ON s.n = e.source JOIN nodes t ON t.n = e.target"
        task_doc = {v: u for u, v in conn.execute(f"SELECT s.id, t.id {join} WHERE e.key = 'contains'")}
        position = dict(conn.execute("SELECT id, attrs ->> '$.position' FROM nodes WHERE type = 'Task'"))
        implements = ((u, v, bool(i)) for u, v, i in conn.execute(f"SELECT s.id, t.id, e.attrs ->> '$.inferred' {join} WHERE e.key = 'implements'"))
        return _scores(files, task_doc, position, implements, truth)
    finally:
        conn.close()


def _scores(files: dict, task_doc: dict, position: dict, implements, truth: dict) -> dict[str, dict]:
    """The scores from document node → file, task → document and position, and ``(u, v, inferred)`` implements-edges."""
    explicit, inferred = set(), set()
    task_pairs = set()
    for u, v, is_inferred in implements:
        if u in files and v in files and files[u] != files[v]:
            (inferred if is_inferred else explicit).add((files[u], files[v]))
        elif u in task_doc and v in task_doc:
            cu, cv = files.get(task_doc[u]), files.get(task_doc[v])
            if cu and cv and cu != cv:
                task_pairs.add((cu, position[u], cv, position[v]))
    links = truth["links"]
    true_explicit = {(link["child"], link["parent"]) for link in links if link["kind"] == "explicit"}
    true_inferred = {(link["child"], link["parent"]) for link in links if link["kind"] == "inferred"}
    true_tasks = {(t["child"], t["child_position"], t["parent"], t["parent_position"]) for t in truth["tasks"]}
    return {
        "explicit": _prf(explicit, true_explicit),
        "inferred": _prf(inferred - explicit, true_inferred),
        "tasks": _prf(task_pairs, true_tasks),
    }


def main(argv: Optional[list[str]] = None) -> int:
    from policykg.graph import build_graph
    from policykg.ingest.parallel import parse_files

    corpus = Path((argv or sys.argv[1:])[0])
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    docs = [d for p in parse_files(sorted(corpus.rglob("*.txt"))) for d in p.documents]
    for name, s in scores(build_graph(docs), truth).items():
        sys.stdout.write(f"{name:<9} precision {s['precision']:.3f} recall {s['recall']:.3f} ({s['predicted']} predicted, {s['true']} true)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
