"""Keep the graph tables in step with a set of records.

:func:`sync_records` makes a graph hold exactly the given records, changing
it only where they changed (building is a function of the set of records,
so that is the graph built from scratch from them); :func:`sync_graph`
builds it again from scratch. The store's database notes which version of
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
from typing import Callable, Iterable, NamedTuple, Optional, Union

import networkx as nx

from policykg import database
from policykg.errors import StaleGraph

from .build import Removed, add_documents, build_graph, remove_records
from .embedded import Snapshot, in_step, load_graph, save_changes, store_exists  # noqa: F401  (in_step: read here too)
from .schema import NodeType
from .working_set import WorkingSet

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
    stored = getattr(G, "stored_record_ids", None)  # a working set asks the store's lookup table
    ids = stored() if stored is not None else None
    if ids is not None:
        return ids
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
    """Make ``G`` the graph built from scratch from ``documents``, in place (a full rebuild).

    The incremental path (:func:`sync_records` with ``load_ids``) gives the
    same graph; this one is kept for repairs and to check it against.
    """
    docs = list(documents)
    return sync_records(G, [d.id for d in docs], lambda: docs)


def sync_records(
    G,
    ids: Iterable[str],
    load: Callable[[], list],
    *,
    changed: bool = True,
    load_ids: Optional[Callable[[set], list]] = None,
    replaced: Iterable[str] = (),
) -> SyncReport:
    """:func:`sync_graph`, reading the records only when they changed, and only those that did.

    With ``load_ids``, ``G`` is taken to be the graph of the records it was
    built from (:func:`record_ids`) and is changed where the records
    changed: the documents of records gone or ``replaced`` are taken out
    (:func:`~policykg.graph.build.remove_records`), the new records and
    the other copies of the documents taken out are added
    (:func:`~policykg.graph.build.add_documents`). Building is a function
    of the set of records, so this gives the graph built from scratch from
    them (the tests compare the two). Without ``load_ids`` the graph is
    built again from all records (the repair of a stale graph).

    Parameters
    ----------
    G : MultiDiGraph
        Changed in place.
    ids : iterable of str
        The ids of every record the graph must hold.
    load : callable
        ``load()`` gives every record, in the store's order.
    changed : bool
        Whether the records changed since ``G`` was built from them
        (False only when the caller knows they did not).
    load_ids : callable, optional
        ``load_ids(ids)`` gives the records with those ids.
    replaced : iterable of str
        Ids of records whose content changed though their id did not.
    """
    wanted = set(ids)
    present = record_ids(G)
    if not changed and wanted == present:
        return SyncReport(added=0, removed=0, rebuilt=False)
    if load_ids is None:
        replace_graph(G, build_graph(load()))
        return SyncReport(added=len(wanted - present), removed=len(present - wanted), rebuilt=True)
    replaced = set(replaced)
    gone = (present - wanted) | (replaced & present)
    new = (wanted - present) | (replaced & wanted)
    if not gone and not new:
        return SyncReport(added=0, removed=0, rebuilt=False)
    removed = remove_records(G, gone) if gone else Removed(set(), set(), set())
    add_documents(G, load_ids((removed.again & wanted) | new), relink=removed.relink, seeds=removed.seeds)
    return SyncReport(added=len(wanted - present), removed=len(present - wanted), rebuilt=False)


def save_synced(G, conn: sqlite3.Connection, before: Snapshot) -> Snapshot:
    """Write ``G`` (changes since ``before``; a working set: since it was read) and note that it is the graph of the current records.

    Call it inside the write transaction that changed the records.
    """
    with database.write(conn):
        if isinstance(G, WorkingSet):
            G.save(conn)
            snapshot = before
        else:
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
