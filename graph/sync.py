"""Keep the graph tables in step with a set of records.

:func:`sync_graph` makes a graph hold exactly the given records: the graph
built from scratch from them (see its notes on why it rebuilds rather than
adds). The store's database notes which version of
the records the graph tables hold (:data:`policykg.database.GRAPH_OF`), so a
reader can tell a graph that is in step from a stale one (:func:`open_graph`).

This module does not read records itself: whoever holds them (the workspace,
:mod:`policykg.workspace`) passes them in, inside the transaction that
changed them.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> sync_graph(G, [])
SyncReport(added=0, removed=0, rebuilt=True)
"""

from __future__ import annotations

import sqlite3
from typing import Callable, NamedTuple, Union

import networkx as nx

from policykg import database
from policykg.errors import StaleGraph

from .build import build_graph
from .embedded import Snapshot, in_step, load_graph, save_changes, store_exists  # noqa: F401  (in_step: read here too)
from .schema import NodeType

__all__ = ["GRAPH", "SyncReport", "record_ids", "sync_graph", "sync_records", "replace_graph", "in_step", "save_synced", "open_graph"]


#: The counter bumped by every write of the graph tables (a writer holding a graph in
#: memory checks it to know whether another writer changed the tables meanwhile).
GRAPH = "graph"


class SyncReport(NamedTuple):
    """What :func:`sync_graph` did: documents added and removed, and whether it rebuilt."""

    added: int
    removed: int
    rebuilt: bool


def record_ids(G) -> set[str]:
    """Ids of the ingest records the graph's documents were built from."""
    return {
        rid
        for _, data in G.nodes(data=True)
        if data.get("type") == NodeType.DOCUMENT.value
        for rid in data.get("record_ids", ())
    }


def replace_graph(G, other) -> None:
    """Make ``G`` an exact copy of ``other``, in place: nodes, edges with their keys, attributes.

    (``G.update(other)`` would drop the multigraph keys, which are the relation names.)
    """
    G.clear()
    G.graph.update(other.graph)
    G.add_nodes_from(other.nodes(data=True))
    G.add_edges_from(other.edges(keys=True, data=True))


def sync_graph(G, documents) -> SyncReport:
    """Make ``G`` the graph built from scratch from ``documents``, in place.

    Building is not yet independent of the order in which documents arrive
    (a stub keeps the title its first citer gave it; a citation resolved
    before its target arrived keeps a lower confidence), so adding new
    records to an existing graph can give a graph that differs from the one
    built from all records at once. Correctness first: the graph is built
    again from the records (never from the texts) whenever they changed.
    """
    docs = list(documents)
    return sync_records(G, [d.id for d in docs], lambda: docs)


def sync_records(G, ids: list, load: Callable[[], list], *, changed: bool = True) -> SyncReport:
    """:func:`sync_graph`, reading the records only when they changed.

    Parameters
    ----------
    G : MultiDiGraph
        Changed in place.
    ids : list of str
        The ids of every record the graph must hold.
    load : callable
        ``load()`` gives every record, in the store's order.
    changed : bool
        Whether the records changed since ``G`` was built from them
        (False only when the caller knows they did not).
    """
    wanted = set(ids)
    present = record_ids(G)
    if not changed and wanted == present:
        return SyncReport(added=0, removed=0, rebuilt=False)
    replace_graph(G, build_graph(load()))
    return SyncReport(added=len(wanted - present), removed=len(present - wanted), rebuilt=True)


def save_synced(G, conn: sqlite3.Connection, before: Snapshot) -> Snapshot:
    """Write ``G`` (changes since ``before``) and note that it is the graph of the current records.

    Call it inside the write transaction that changed the records.
    """
    with database.write(conn):
        snapshot = save_changes(G, conn, before)
        database.mark(conn, database.GRAPH_OF, database.counter(conn, database.RECORDS))
        database.bump(conn, GRAPH)
    return snapshot


def open_graph(store: Union[str, "sqlite3.Connection"]) -> nx.MultiDiGraph:
    """The saved graph of a store (a folder or a connection), if it is in step with the records.

    Raises
    ------
    StaleGraph
        The records changed after the graph was saved (the next ingest repairs it).
    GraphStoreError
        No store there.
    """
    if isinstance(store, sqlite3.Connection):
        with database.read(store):
            if not in_step(store):
                raise StaleGraph(store=str(database.root_of(store)))
            return load_graph(store)
    conn = database.connect(store)
    try:
        with database.read(conn):
            if not in_step(conn):
                raise StaleGraph(store=str(store))
            return load_graph(conn)
    finally:
        conn.close()
