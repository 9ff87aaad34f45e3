"""A store as commands use it: records and graph changed together, in one transaction.

The layer above :mod:`policykg.ingest` (files → records) and
:mod:`policykg.graph` (records → graph): it opens the store's database
(:mod:`policykg.database`), parses files outside any lock, then, in one write
transaction, stores their records and brings the graph tables in step with
them, and commits. A crash at any moment leaves the store as it was before or
after a transaction, never records without their graph. The CLI and the
explorer read and write stores only through here.

A long batch is committed in chunks (:data:`CHUNK` files, or every
:data:`CHUNK_SECONDS` of parsing), so readers see it progress and a crash
loses at most the chunk under way. Between chunks another writer may take the
lock; each transaction re-reads the index and the graph if anyone else
changed them, so no writer ever writes back a stale view.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> root = Path(tempfile.mkdtemp()) / "store"
>>> with Workspace(root, create=True) as ws:
...     ws.graph().number_of_nodes()
0
>>> Workspace(Path(tempfile.mkdtemp()) / "nothing")
Traceback (most recent call last):
...
policykg.errors.NotAStore: [E110] ...
"""

from __future__ import annotations

import gc
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional, Union

import networkx as nx

from policykg import collector, database
from policykg.errors import DocumentNotFound
from policykg.graph.build import SCHEMA_VERSION
from policykg.graph.embedded import Snapshot, TrackedGraph, load_graph, read_graph_attrs, store_exists
from policykg.graph.sqlite_graph import SQLiteGraph
from policykg.graph.working_set import WorkingSet
from policykg.graph.sync import GRAPH, SyncReport, in_step, save_synced, sync_records
from policykg.ingest.batch import TABULAR_SUFFIXES, BatchReport, collect_files, ingest_export, store_parsed
from policykg.ingest.parallel import parse_files
from policykg.ingest.pipeline import READER_VERSION
from policykg.ingest.records import Document
from policykg.ingest.copies import copies_of, file_damage, reading_rank
from policykg.ingest.store import RecordStore

__all__ = ["Workspace", "IngestReport", "CHUNK", "CHUNK_SECONDS"]

#: At most this many files are parsed before their records are committed
#: (``$POLICYKG_CHUNK_FILES`` changes it) ...
CHUNK = 500
#: ... or this many seconds of parsing (``$POLICYKG_CHUNK_SECONDS``), whichever comes first.
CHUNK_SECONDS = 30.0


def _chunking() -> tuple[int, float]:
    try:
        size = int(os.environ.get("POLICYKG_CHUNK_FILES", CHUNK))
        seconds = float(os.environ.get("POLICYKG_CHUNK_SECONDS", CHUNK_SECONDS))
    except ValueError:
        return CHUNK, CHUNK_SECONDS
    return max(1, size), max(0.001, seconds)


@dataclass
class IngestReport:
    """What :meth:`Workspace.ingest` did to the records (``batch``) and to the graph (``graph``)."""

    batch: BatchReport
    graph: SyncReport = SyncReport(0, 0, False)
    nodes: int = 0
    edges: int = 0
    chunks: int = field(default=0)

    # the batch's own view, so an IngestReport reads like a BatchReport
    @property
    def outcomes(self) -> list:
        return self.batch.outcomes

    @property
    def failed(self) -> list:
        return self.batch.failed

    @property
    def ok(self) -> bool:
        return self.batch.ok

    def count(self, status: str) -> int:
        return self.batch.count(status)


def _add(a: SyncReport, b: SyncReport) -> SyncReport:
    return SyncReport(a.added + b.added, a.removed + b.removed, a.rebuilt or b.rebuilt)


def _counts(conn) -> tuple[int, int]:
    if not store_exists(conn):
        return 0, 0
    return tuple(conn.execute("SELECT (SELECT count(*) FROM nodes), (SELECT count(*) FROM edges)").fetchone())


class Workspace:
    """One store, open: its records (:attr:`records`) and its graph, kept in step.

    Parameters
    ----------
    root : path
        The store folder.
    create : bool
        Create the store if there is none (writers); readers leave it False
        and get :class:`~policykg.errors.NotAStore` for a folder that
        is not a store, creating nothing.
    """

    def __init__(self, root: Union[str, Path], *, create: bool = False) -> None:
        self.root = Path(root)
        self.conn = database.connect(self.root, create=create)
        self.records = RecordStore(self.root, conn=self.conn)
        self._graph: Optional[nx.MultiDiGraph] = None
        self._snapshot = Snapshot({}, {}, {})
        self._graph_version = -1
        if not store_exists(self.conn):
            with database.write(self.conn, root=self.root):
                self._sync()

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the database connection (and let the cycle collector see again what a working set froze)."""
        self.conn.close()
        if isinstance(self._graph, WorkingSet):
            gc.unfreeze()
        self._graph = None

    # -- the graph ---------------------------------------------------------
    def _held_graph(self, *, whole: bool) -> nx.MultiDiGraph:
        """The stored graph, in memory; read again if another writer changed it since.

        ``whole``: all of it (to build it again from scratch); else a
        :class:`~policykg.graph.working_set.WorkingSet`, which holds the
        documents and reads the rest as a change touches it.
        """
        version = database.counter(self.conn, GRAPH)
        held = self._graph is not None and isinstance(self._graph, WorkingSet) != whole
        if not held or version != self._graph_version:
            if not store_exists(self.conn):
                self._graph, self._snapshot = TrackedGraph(), Snapshot({}, {}, {})
            elif whole:
                self._graph, self._snapshot = load_graph(self.conn, snapshot=True)
            else:
                self._graph, self._snapshot = WorkingSet(self.conn), Snapshot({}, {}, {})
            self._graph_version = version
        return self._graph

    def _schema_is_current(self) -> bool:
        """True when the stored graph was built by this version's rules of building (see SCHEMA_VERSION)."""
        return store_exists(self.conn) and read_graph_attrs(self.conn).get("policykg_schema") == SCHEMA_VERSION

    def _sync(self, *, fresh: bool = False, replaced: Iterable[str] = (), rebuild: bool = False) -> SyncReport:
        """Bring the graph tables in step with the records (inside a write transaction).

        ``fresh``: the graph tables were in step with the records when this
        transaction began, so the graph is changed only where the records
        changed (``replaced``: ids whose content changed in place); else it
        is built again from all records (the repair of a stale graph), as
        it is with ``rebuild`` even when in step.
        """
        if in_step(self.conn) and not rebuild:
            return SyncReport(0, 0, False)
        # a graph an older policykg built in arrival order is built again once
        fresh = fresh and not rebuild and self._schema_is_current()
        try:
            # Building holds the documents and a neighbourhood of many small dicts; the
            # collector would walk them all again every few hundred allocations (most of
            # the CPU of adding one notice to a 10,000-notice store). What is built has
            # few cycles: the working set's forget() collects once at the end.
            with collector.paused():
                G = self._held_graph(whole=not fresh)
                load_ids = self.records.documents_by_id if fresh else None
                synced = sync_records(G, self.records.record_id_set(), self.records.documents, load_ids=load_ids, replaced=replaced)
                self._snapshot = save_synced(G, self.conn, self._snapshot)
                self._graph_version = database.counter(self.conn, GRAPH)
        except BaseException:
            # the transaction rolls back: forget what was changed in memory
            self._graph, self._snapshot, self._graph_version = None, Snapshot({}, {}, {}), -1
            raise
        return synced

    def graph(self) -> nx.MultiDiGraph:
        """The graph of the records as they are now (a copy the caller may change).

        A graph that is in step is read without taking the write lock, so
        it is answered while another process writes. A stale graph (records
        written behind the workspace's back) is first brought in step.
        """
        with database.read(self.conn):
            if in_step(self.conn):
                return load_graph(self.conn)
        with database.write(self.conn):
            self._sync()
            return load_graph(self.conn)

    def is_stale(self) -> bool:
        """True when the graph tables do not hold the graph of the current records."""
        with database.read(self.conn):
            return not in_step(self.conn)

    # -- writing -----------------------------------------------------------
    def ingest(
        self,
        paths: Iterable[Union[str, Path]],
        *,
        on_file: Optional[Callable[[Path], None]] = None,
        workers: Optional[int] = 1,
        cluster: Optional[str] = None,
        columns: Optional[dict] = None,
    ) -> IngestReport:
        """Read the files under ``paths`` into the store and bring the graph in step.

        Files are parsed outside the lock, on ``workers`` processes (None: all
        cores) or on the Dask cluster at ``cluster``
        (:func:`~policykg.ingest.parallel.parse_files`); this process is the
        one writer: each chunk's records and the graph are committed
        together. A file that cannot be read is reported in
        ``report.batch.failed`` and the batch goes on. A stale graph is
        repaired even when no file changed.
        """
        report = IngestReport(BatchReport())
        files = collect_files(paths)
        # crawler exports (.csv, .jsonl) are read in this process, one document per row
        exports = [f for f in files if f.suffix.lower() in TABULAR_SUFFIXES]
        files = [f for f in files if f.suffix.lower() not in TABULAR_SUFFIXES]
        size, seconds = _chunking()
        current = lambda path, sha: self.records.is_current(path, sha, READER_VERSION)  # noqa: E731
        parsed = iter(parse_files(files, workers=workers, cluster=cluster, skip=current))
        while True:
            chunk, began = [], time.monotonic()
            for item in parsed:
                chunk.append(item)
                if on_file:
                    on_file(item.path)
                if len(chunk) >= size or time.monotonic() - began >= seconds:
                    break
            if not chunk and report.chunks:
                break
            self.store(chunk, report)
        for path in exports:
            with database.write(self.conn, root=self.root):
                fresh = in_step(self.conn)
                ingest_export(path, self.records, report.batch, columns)
                report.graph = _add(report.graph, self._sync(fresh=fresh))
            if on_file:
                on_file(path)
        with database.read(self.conn):
            report.nodes, report.edges = _counts(self.conn)
        return report

    def store(self, parsed: list, report: Optional[IngestReport] = None) -> IngestReport:
        """Store files already parsed (:class:`~policykg.ingest.parallel.Parsed`) and bring the graph in step.

        One write transaction: the records and the graph are committed together.
        """
        report = report or IngestReport(BatchReport())
        with database.write(self.conn, root=self.root):
            fresh = in_step(self.conn)
            replaced: set[str] = set()
            for item in parsed:
                # records of the same content stored again (a new reader version) keep their ids
                before = self.records.ids_of(item.source.sha256) if getattr(item, "source", None) else []
                done = len(report.batch.outcomes)
                store_parsed(item, self.records, report.batch)
                if before and any(o.status != "unchanged" for o in report.batch.outcomes[done:]):
                    replaced.update(before)
            report.graph = _add(report.graph, self._sync(fresh=fresh, replaced=replaced))
        report.chunks += 1
        return report

    def rebuild(self) -> SyncReport:
        """Build the graph again from scratch from all stored records, and write it (one transaction).

        The incremental path gives the same graph; this is the check, and
        the repair when in doubt. Only the rows that differ are written.
        """
        with database.write(self.conn, root=self.root):
            return self._sync(rebuild=True)

    def remove(self, ref: str) -> tuple[Document, int, SyncReport]:
        """Remove the notice ``ref`` (with the plans it promulgates) and bring the graph in step.

        Every copy of the notice goes (copies are one document, or the graph
        would keep it). Returns the document found, how many stored sources
        went, and what the graph did.

        Raises
        ------
        DocumentNotFound, AmbiguousReference
            ``ref`` names no stored document, or several.
        """
        with database.write(self.conn, root=self.root):
            fresh = in_step(self.conn)
            doc, copies = self._copies_named(ref) if fresh else self._copies_named_by_records(ref)
            shas = sorted({c.source.sha256 for c in copies if c.source})
            if not [sha for sha in shas if self.records.remove_content(sha)]:
                raise DocumentNotFound(ref=ref)
            return doc, len(shas), self._sync(fresh=fresh)

    def _copies_named(self, ref: str) -> tuple[Document, list[Document]]:
        """The record ``ref`` names and every stored copy of its document, found through the graph's lookup indexes.

        A document node of the graph is one document with all its copies
        (:attr:`record_ids`), so only those records are read, not the store.
        """
        graph = SQLiteGraph(self.conn, check_step=False)
        copies = self.records.records_by_id(graph.record_ids(graph.find_document(ref)))
        if not copies:  # a document only cited (a stub): nothing stored to remove
            raise DocumentNotFound(ref=ref)
        named = [c for c in copies if c.id == ref.strip()]  # a record's own id names that very copy
        if named:
            return named[0], copies
        # the best reading as the records' own grouping ranks it: by the damage of each copy's whole file
        files = file_damage(self.records.records_by_id({i for c in copies if c.source for i in self.records.ids_of(c.source.sha256)}))
        return min(copies, key=lambda d: reading_rank(d, files)), copies

    def _copies_named_by_records(self, ref: str) -> tuple[Document, list[Document]]:
        """:meth:`_copies_named` when the graph is stale: the records alone decide (all are read)."""
        doc = self.records.find(ref)
        return doc, copies_of(doc, self.records.documents())
