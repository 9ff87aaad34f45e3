"""Where a store's bytes are: its graph tables, their indexes, the query schema and the records, side by side.

Reads SQLite's ``dbstat`` virtual table (the page sizes of every table and
index) and the free-page count of each store given, read-only, and prints
one Markdown table, a column per store (MB = 10^6 bytes)::

    python benchmarks/store_bytes.py STORE [STORE...]

This is a benchmark, not a test: nothing here runs in the suite.
"""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

from policykg.database import db_path

GROUPS = [
    ("`edges`", ["edges"]),
    ("`edges` key index", ["sqlite_autoindex_edges_1"]),
    ("`edges_by_target`", ["edges_by_target"]),
    ("`edge_spill`", ["edge_spill"]),
    ("`nodes`", ["nodes"]),
    ("`nodes` id index", ["sqlite_autoindex_nodes_1"]),
    ("`nodes_by_type`", ["nodes_by_type"]),
    ("query schema: `search_fts_*`", ["search_fts_data", "search_fts_docsize", "search_fts_idx", "search_fts_config"]),
    ("query schema: `node_keys`, expression indexes",
     ["node_keys", "node_keys_by_kind", "node_keys_by_node", "nodes_by_doc_number", "nodes_by_collective_region"]),
]


def sizes(store: Path) -> list[int]:
    """Bytes per group of :data:`GROUPS`, then the rest (records, texts, sources, meta), the free pages, the whole file."""
    conn = sqlite3.connect(f"file:{db_path(store)}?mode=ro", uri=True)
    try:
        pages = dict(conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"))
        free = conn.execute("PRAGMA freelist_count").fetchone()[0] * conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    named = {n for _, names in GROUPS for n in names}
    row = [sum(pages.get(n, 0) for n in names) for _, names in GROUPS]
    return row + [sum(v for n, v in pages.items() if n not in named), free, sum(pages.values()) + free]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stores", type=Path, nargs="+")
    args = parser.parse_args()
    columns = [sizes(s) for s in args.stores]
    labels = [g for g, _ in GROUPS] + ["records, texts, sources, meta and their indexes", "free pages", "**whole file**"]
    print("| table / index | " + " | ".join(str(s) for s in args.stores) + " |")
    print("|---|" + "---:|" * len(columns))
    for i, label in enumerate(labels):
        print(f"| {label} | " + " | ".join(f"{c[i] / 1e6:,.1f}" for c in columns) + " |")


if __name__ == "__main__":
    main()
