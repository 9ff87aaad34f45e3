"""Keep the graph in step with the record store.

The store folder holds the records (``policykg.ingest.store``) and, under
``graph/``, the graph built from them (:mod:`~policykg.graph.embedded`).
After an ingest, :func:`refresh_graph` adds the new records to the saved graph
instead of rebuilding it, and rebuilds only when records went away (a changed
or removed file), since removing a document can undo inferences that other
documents rested on.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> sync_graph(G, [])
SyncReport(added=0, removed=0, rebuilt=False)
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple, Union

import networkx as nx
from policykg.ingest.store import RecordStore

from .build import add_documents, build_graph
from .embedded import load_graph, save_graph, store_exists
from .schema import NodeType

__all__ = ["SyncReport", "graph_folder", "record_ids", "sync_graph", "refresh_graph", "open_graph"]

GRAPH_FOLDER = "graph"


class SyncReport(NamedTuple):
    """What :func:`sync_graph` did: documents added and removed, and whether it rebuilt."""

    added: int
    removed: int
    rebuilt: bool


def graph_folder(store_root: Union[str, Path]) -> Path:
    """Where the graph of the store at ``store_root`` is saved."""
    return Path(store_root) / GRAPH_FOLDER


def record_ids(G) -> set[str]:
    """Ids of the ingest records the graph's documents were built from."""
    return {
        rid
        for _, data in G.nodes(data=True)
        if data.get("type") == NodeType.DOCUMENT.value
        for rid in data.get("record_ids", ())
    }


def sync_graph(G, documents) -> SyncReport:
    """Make ``G`` hold exactly ``documents``: add what is new, rebuild if records went away.

    ``G`` is changed in place.
    """
    wanted = {d.id: d for d in documents}
    present = record_ids(G)
    gone = present - wanted.keys()
    if gone:
        rebuilt = build_graph(wanted.values())
        G.clear()
        G.update(rebuilt)
        return SyncReport(added=len(wanted.keys() - present), removed=len(gone), rebuilt=True)
    new = [d for rid, d in wanted.items() if rid not in present]
    if new:
        add_documents(G, new)
    return SyncReport(added=len(new), removed=0, rebuilt=False)


def refresh_graph(store_root: Union[str, Path]) -> tuple[nx.MultiDiGraph, SyncReport]:
    """Bring the saved graph of a store up to date with its records, and save it."""
    folder = graph_folder(store_root)
    G = load_graph(folder) if store_exists(folder) else nx.MultiDiGraph()
    report = sync_graph(G, RecordStore(store_root).documents())
    if report.added or report.removed or not store_exists(folder):
        save_graph(G, folder)
    return G, report


def open_graph(store_root: Union[str, Path]) -> nx.MultiDiGraph:
    """The graph of a store: the saved one, or one built (and saved) from its records."""
    folder = graph_folder(store_root)
    if store_exists(folder):
        return load_graph(folder)
    return refresh_graph(store_root)[0]
