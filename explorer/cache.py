"""The explorer's cached loaders: one graph per store version, shared by every session.

Each loader is keyed on the store folder and its :func:`~policykg.explorer.data.store_stamp`,
so a notice ingested by the CLI or the Ingest page shows up on the next rerun
without a restart, and a page view never reloads what another view loaded.
"""

from __future__ import annotations

import gc

from pathlib import Path
from typing import Optional

import networkx as nx
import streamlit as st

from policykg import database as store_db
from policykg.explorer import prefetch
from policykg.explorer.data import (
    database,
    open_database,
    open_store,
    read_cleaned_text,
    read_graph,
    read_source_records,
    search_store,
    store_path,
    store_stamp,
)
from policykg.explorer.strings import t
from policykg.explorer.views import GraphIndex, StoreIndex
from policykg.ingest.records import Document, OffsetMap

__all__ = ["graph", "index", "search", "cleaned_text", "source_records", "store_key", "graph_database", "clear_caches"]


@st.cache_resource(show_spinner=False)
def cached_database(kind: str, uri: str):
    """One connection per server to the graph database (``--neo4j`` / ``--falkordb``)."""
    return open_database(kind, uri)


def graph_database():
    """The graph database the explorer reads from, or None for the store's embedded graph."""
    source = database()
    return cached_database(*source) if source else None


@st.cache_resource(max_entries=2, show_spinner=False)
def cached_graph(root: str, stamp: tuple) -> nx.MultiDiGraph:
    """The graph of the store ``root`` (or of the graph database) at version ``stamp``; one per server."""
    db = graph_database()
    return db.pull() if db is not None else read_graph(Path(root))


@st.cache_resource(max_entries=2, show_spinner=False)
def cached_index(root: str, stamp: tuple) -> GraphIndex:
    """Lookup tables over the graph (labels, the documents table, agency counts), one per store version.

    The store's own graph stays in its database (:class:`~policykg.explorer.views.StoreIndex`:
    the documents and counts are read, each page's question asks the store);
    a graph database's graph is pulled whole (:class:`~policykg.explorer.views.GraphIndex`).
    """
    if graph_database() is None and store_db.is_store(Path(root)):
        # the documents and counts, if the entry file began reading them (policykg.explorer.prefetch)
        read = prefetch.take(root, stamp)
        return StoreIndex(lambda: open_store(Path(root)), whole_graph=lambda: _frozen(cached_graph(root, stamp)), read=read)
    return GraphIndex(_frozen(cached_graph(root, stamp)))


def _frozen(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    # A loaded graph is millions of long-lived objects; moving them out of
    # the collector's reach keeps full collections (pauses of most of a second
    # on a 10,000-document graph) out of page interactions.
    gc.freeze()
    return G


@st.cache_resource(max_entries=64, show_spinner=False)
def cached_cleaned_text(root: str, sha256: str, stamp: tuple) -> Optional[OffsetMap]:
    """:func:`read_cleaned_text`, once per source."""
    return read_cleaned_text(Path(root), sha256)


@st.cache_resource(max_entries=256, show_spinner=False)
def cached_source_records(root: str, sha256: str, stamp: tuple) -> list[Document]:
    """:func:`read_source_records`, once per source."""
    return read_source_records(Path(root), sha256)


@st.cache_data(max_entries=256, show_spinner=False)
def cached_search(root: str, stamp: tuple, query: str, limit: Optional[int]) -> list[dict]:
    """Full-text search of the store ``root`` at ``stamp``, once per query: the CLI's search.

    The store's own FTS5 index (:meth:`policykg.graph.sqlite_graph.SQLiteGraph.search`),
    so the explorer finds and counts what ``policykg search`` does; with a
    graph database, :func:`policykg.graph.search` over the graph pulled from it.
    """
    if graph_database() is not None:
        from policykg.graph import search as search_graph

        return search_graph(cached_graph(root, stamp), query, limit=limit)
    return search_store(Path(root), query, limit=limit)


def store_key() -> tuple[str, tuple]:
    """(store folder, its current stamp): the cache key of everything loaded from it.

    With a graph database, the stamp also holds the database and its node
    and relationship counts, so a push shows up without a restart.
    """
    root = store_path().resolve()
    stamp = store_stamp(root)
    db = graph_database()
    if db is not None:
        stamp += ((repr(db),) + tuple(db.counts()),)
    return str(root), stamp


def graph() -> nx.MultiDiGraph:
    """The current graph of the store (cached per store version)."""
    with st.spinner(t("app.loading")):
        return cached_graph(*store_key())


def index() -> GraphIndex:
    """The :class:`~policykg.explorer.views.GraphIndex` of the current graph."""
    with st.spinner(t("app.loading")):
        return cached_index(*store_key())


def search(query: str, limit: Optional[int]) -> list[dict]:
    """Full-text search of the current graph, at most ``limit`` hits (None: all); repeated queries come from the cache."""
    return cached_search(*store_key(), query, limit)


def cleaned_text(sha256: str) -> Optional[OffsetMap]:
    root, stamp = store_key()
    return cached_cleaned_text(root, sha256, stamp)


def source_records(sha256: str) -> list[Document]:
    root, stamp = store_key()
    return cached_source_records(root, sha256, stamp)


def clear_caches() -> None:
    """Forget every loaded graph and index (after an ingest)."""
    cached_graph.clear()
    cached_index.clear()
    cached_search.clear()
    cached_cleaned_text.clear()
    cached_source_records.clear()
