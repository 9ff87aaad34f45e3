"""Where the explorer's data comes from: the store folder, read once per server.

The store folder is ``--store DIR`` (after ``--`` on the ``streamlit run``
line), else ``$POLICYKG_STORE``, else ``./.policykg``. Its database holds the
ingest records and the graph built from them, read and written through
:class:`policykg.workspace.Workspace`.

The graph is loaded with :func:`streamlit.cache_resource`, keyed on the
folder and a :func:`store_stamp` (the store's revision counter, bumped by
every write), so one server holds one graph for all sessions, and a notice
ingested by the CLI or the Ingest page shows up on the next rerun without a
restart. If the saved graph is older than the records, it is brought in step
with them first, as ``policykg ingest`` does.

The explorer reads only through the workspace (records and graph).
Nothing here needs Streamlit; :mod:`policykg.explorer.cache` wraps these
functions in Streamlit's caches.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable, Iterable, Optional

import networkx as nx

from policykg import database as store_db
from policykg.graph import build_graph
from policykg.ingest.records import Document, OffsetMap
from policykg.ingest.store import RecordStore, default_store_path
from policykg.workspace import Workspace

__all__ = [
    "store_path",
    "default_lang",
    "database",
    "open_database",
    "store_stamp",
    "read_graph",
    "search_store",
    "read_source_records",
    "read_cleaned_text",
    "ingest_files",
    "update_graph",
    "UPLOADS",
]

#: Sub-folder of the store where the Ingest page keeps uploaded files.
UPLOADS = "uploads"


def _arguments(argv: Optional[list[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--store")
    parser.add_argument("--neo4j")
    parser.add_argument("--falkordb")
    parser.add_argument("--lang", choices=("zh", "en"))
    return parser.parse_known_args((sys.argv if argv is None else argv)[1:])[0]


def store_path(argv: Optional[list[str]] = None) -> Path:
    """The store folder: ``--store DIR`` in ``argv`` (default ``sys.argv``), else the ingest default.

    >>> store_path(["app.py", "--store", "/tmp/kg"])
    PosixPath('/tmp/kg')
    """
    store = _arguments(argv).store
    return Path(store) if store else default_store_path()


def default_lang(argv: Optional[list[str]] = None) -> str:
    """The language a new session starts in: ``--lang en`` or ``zh`` (the sidebar toggle changes it).

    >>> default_lang(["app.py", "--lang", "en"]), default_lang(["app.py"])
    ('en', 'zh')
    """
    return _arguments(argv).lang or "zh"


def database(argv: Optional[list[str]] = None) -> Optional[tuple[str, str]]:
    """The graph database to read the graph from, ``(kind, uri)``, if ``--neo4j URI`` or ``--falkordb URI`` was given.

    Without one the graph is the store's own (embedded). The store folder is
    still where document texts and records come from.

    >>> database(["app.py", "--neo4j", "bolt://db:7687"]), database(["app.py"])
    (('neo4j', 'bolt://db:7687'), None)
    """
    args = _arguments(argv)
    if args.neo4j:
        return ("neo4j", args.neo4j)
    if args.falkordb:
        return ("falkordb", args.falkordb)
    return None


def open_database(kind: str, uri: str):
    """A :class:`~policykg.graph.graphdb.CypherStore` on the graph database ``uri`` (Neo4j or FalkorDB).

    Neo4j's user, password and database come from ``POLICYKG_NEO4J_USER``,
    ``POLICYKG_NEO4J_PASSWORD`` and ``POLICYKG_NEO4J_DATABASE``.
    """
    if kind == "neo4j":
        from policykg.graph.neo4j_store import Neo4jStore

        return Neo4jStore(uri)
    from policykg.graph.falkordb_store import FalkorDBStore

    return FalkorDBStore(uri)


def store_stamp(root: Path) -> tuple:
    """A cheap version stamp of a store: what changes when anything is ingested or saved.

    The store's revision counter, which every write transaction bumps
    (:data:`policykg.database.REVISION`); ``()`` when there is no store.

    >>> store_stamp(Path("/nonexistent"))
    ()
    """
    if not store_db.is_store(root):
        return ()
    conn = store_db.connect(root)
    try:
        return (store_db.counter(conn, store_db.REVISION),)
    finally:
        conn.close()


def read_graph(root: Path) -> nx.MultiDiGraph:
    """The graph of the store at ``root``, in step with its records.

    The saved graph when it is in step with the records; otherwise it is
    first brought in step (:meth:`policykg.workspace.Workspace.graph`). An
    empty graph when there is no store (nothing is created).
    """
    if not store_db.is_store(root):
        return build_graph([])
    with Workspace(root) as workspace:
        return workspace.graph()


def search_store(root: Path, query: str, *, limit: Optional[int] = None) -> list[dict]:
    """Documents and tasks of the store at ``root`` by full text, from its FTS5 index (``[]`` without a store).

    The same backend as ``policykg search``
    (:class:`~policykg.graph.sqlite_graph.SQLiteGraph`): nothing is loaded
    but the hits.
    """
    from policykg.graph.sqlite_graph import SQLiteGraph

    if not store_db.is_store(root):
        return []
    with SQLiteGraph(root, check_step=False) as backend:
        return backend.search(query, limit=limit)


def read_source_records(root: Path, sha256: str) -> list[Document]:
    """The ingest records read from one source content, or ``[]``."""
    store = RecordStore(root)
    try:
        return store.records_of(sha256)
    finally:
        store.close()


def read_cleaned_text(root: Path, sha256: str) -> Optional[OffsetMap]:
    """The source ``sha256`` as ingest cleaned it, with its offset map; None if not stored.

    Both come from the record store, as ingest left them: the explorer never
    cleans or parses text itself.
    """
    store = RecordStore(root)
    try:
        stored = store.cleaned_text(sha256)
    finally:
        store.close()
    if stored is None:
        return None
    text, segments = stored
    return OffsetMap(text, tuple(tuple(seg) for seg in segments))


def ingest_files(
    root: Path,
    files: Iterable[tuple[str, bytes]],
    *,
    on_file: Optional[Callable[[Path], None]] = None,
):
    """Keep uploaded ``(name, bytes)`` files under ``<store>/uploads/`` and ingest them.

    Each file goes to a folder named for its content
    (:func:`policykg.ingest.uploads.save_upload`): no upload replaces another,
    and the path in a record's provenance keeps the uploaded name and holds
    the bytes that were read. A name that cannot be a file (``..``, empty) is
    reported as a failure (:class:`~policykg.errors.UnsafeFileName`)
    and the rest of the batch goes on. Records and graph are committed
    together.

    Returns the :class:`~policykg.workspace.IngestReport`, refused names
    among its failures.
    """
    from policykg.errors import UnsafeFileName
    from policykg.ingest.batch import Failure
    from policykg.ingest.uploads import save_upload

    folder = root / UPLOADS
    paths, refused = [], []
    for name, data in files:
        try:
            paths.append(save_upload(folder, name, data))
        except UnsafeFileName as err:
            refused.append(Failure(name, err))
    with Workspace(root, create=True) as workspace:
        report = workspace.ingest(paths, on_file=on_file)
    report.failed[:0] = refused
    return report


def update_graph(root: Path, report, *, db=None) -> Optional[object]:
    """After :func:`ingest_files`: push the graph to the graph database ``db``, if one is given.

    The store's own graph is already in step (it was changed in the same
    transactions as the records). With a graph database ``db`` (a
    :class:`~policykg.graph.graphdb.CypherStore`), the graph is pushed to it,
    mirrored: the database ends holding exactly the store's graph.
    Returns the :class:`~policykg.graph.sync.SyncReport`, or None when the
    batch changed nothing.
    """
    if not any(o.status in ("added", "replaced") for o in report.outcomes):
        return None
    if db is not None:
        db.push(read_graph(root), mirror=True)
    return report.graph
