"""One question API over every store: the embedded graph, FalkorDB, Neo4j.

:class:`EmbeddedGraph` answers with the functions of
:mod:`~policykg.graph.queries` over a networkx graph held in memory;
:class:`~policykg.graph.sqlite_graph.SQLiteGraph` answers the same functions
inside a store's SQLite database, over only the rows each question needs
(what the CLI asks of a store); the graph-database
stores (:class:`~policykg.graph.falkordb_store.FalkorDBStore`,
:class:`~policykg.graph.neo4j_store.Neo4jStore`) answer the same questions
with the same JSON through Cypher. :func:`open_backend` picks one.

Examples
--------
>>> import networkx as nx
>>> backend = EmbeddedGraph(nx.MultiDiGraph())
>>> backend.search("政务公开")
[]
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Union

from . import queries

from .sqlite_graph import SQLiteGraph

__all__ = ["EmbeddedGraph", "SQLiteGraph", "open_backend"]


class EmbeddedGraph:
    """The questions of :mod:`~policykg.graph.queries`, asked of one networkx graph."""

    def __init__(self, G) -> None:
        self.G = G

    def find_document(self, ref: str) -> str:
        return queries.find_document(self.G, ref)

    def trace(self, ref: str, *, tasks: bool = False) -> dict:
        return queries.trace(self.G, ref, tasks=tasks)

    def upstream(self, ref: str, *, tasks: bool = False) -> dict:
        return queries.upstream(self.G, ref, tasks=tasks)

    def coverage(self, parent: str, child: Optional[str] = None) -> dict:
        return queries.coverage(self.G, parent, child)

    def agency_obligations(self, name: str) -> dict:
        return queries.agency_obligations(self.G, name)

    def search(self, text: str, *, limit: Optional[int] = 20) -> list[dict]:
        return queries.search(self.G, text, limit=limit)

    def close(self) -> None:
        """Nothing to release: the graph lives in memory."""


def open_backend(
    store: Union[str, Path],
    *,
    falkordb: Optional[str] = None,
    neo4j: Optional[str] = None,
    neo4j_user: Optional[str] = None,
    neo4j_password: Optional[str] = None,
    neo4j_database: Optional[str] = None,
):
    """The store to ask: FalkorDB or Neo4j when a URL is given, else the database of the store folder ``store``."""
    if falkordb:
        from .falkordb_store import FalkorDBStore

        return FalkorDBStore(falkordb)
    if neo4j:
        from .neo4j_store import Neo4jStore

        return Neo4jStore(neo4j, user=neo4j_user, password=neo4j_password, database=neo4j_database)
    return SQLiteGraph(store)
