"""The record store: the records tables of the store's SQLite database.

A store is a folder (default ``.policykg`` in the working directory, or
``$POLICYKG_STORE``, or ``--store DIR``) holding one database,
``policykg.sqlite`` (:mod:`policykg.database`). These are its record tables::

    sources(path, sha256, reader)   which file (absolute path) holds which content,
                                    and which reader version read it
    records(sha256, position, id, kind, doc_number, title, parent, record)
                                    the document records read from that content
                                    (``record`` is the JSON of docs/records.md)
    texts(sha256, source, cleaned, segments)
                                    the source text the records' spans point into,
                                    and the cleaned text with its map back to it

``record`` and the three text columns are kept zlib-packed
(:func:`policykg.database.pack`): they are most of a store's size, and are
only ever read whole. Columns written as plain text by an older policykg are
read as they are.

Records are keyed by content, so an unchanged file is never re-read and a
file copied to two places is stored once. The index also notes the version
of the reader that made each record
(:data:`~policykg.ingest.pipeline.READER_VERSION`), so records made by an
older reader are read again. Every change is a transaction: on its own, each
:meth:`RecordStore.put` or removal is one; inside a transaction that a caller
opened (:func:`policykg.database.write`), it is part of that one, so the
caller can change the graph tables in the same commit. Each change of the
records bumps the ``records`` counter (:data:`RECORDS`), which is how the
graph knows whether it is in step.

Examples
--------
>>> import tempfile
>>> store = RecordStore(tempfile.mkdtemp())
>>> store.documents()
[]
"""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

from policykg import database
from policykg.ingest.clean import CleanText
from policykg.errors import StoreError
from policykg.ingest.records import Document, document_from_json, to_json

__all__ = ["RecordStore", "StoredForm", "stored_form", "default_store_path", "IngestOutcome", "RECORDS", "create_tables"]

ENV_VAR = "POLICYKG_STORE"
DEFAULT_DIR = ".policykg"
#: The counter bumped by every change of the records (see :func:`policykg.database.counter`).
RECORDS = database.RECORDS

@dataclass(frozen=True)
class StoredForm:
    """A file's records and text as the store keeps them: packed JSON and packed text.

    Made by :func:`stored_form` where the file is parsed (a pool worker), so
    the one writer only inserts it: turning records into JSON and packing
    them was a tenth of the writer's time.
    """

    records: tuple[bytes, ...]
    source: bytes
    text: bytes
    segments: bytes


def stored_form(documents: list[Document], cleaned: CleanText) -> StoredForm:
    """What :meth:`RecordStore.put` writes for ``documents`` read from ``cleaned``.

    >>> from policykg.ingest.clean import clean
    >>> form = stored_form([], clean("关于某事的通知"))
    >>> (form.records, database.unpack(form.text))
    ((), '关于某事的通知')
    """
    return StoredForm(
        records=tuple(database.pack(json.dumps(to_json(d), ensure_ascii=False)) for d in documents),
        source=database.pack(cleaned.source),
        text=database.pack(cleaned.text),
        segments=database.pack(json.dumps(cleaned.segments())),
    )


_TABLES = """
CREATE TABLE IF NOT EXISTS sources(
    path TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    reader TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sources_by_content ON sources(sha256);
CREATE TABLE IF NOT EXISTS records(
    sha256 TEXT NOT NULL,
    position INTEGER NOT NULL,
    id TEXT NOT NULL,
    kind TEXT,
    doc_number TEXT,
    title TEXT,
    parent TEXT,
    record TEXT NOT NULL,
    PRIMARY KEY (sha256, position)
);
CREATE INDEX IF NOT EXISTS records_by_id ON records(id);
CREATE INDEX IF NOT EXISTS records_ids_by_content ON records(sha256, id);
CREATE INDEX IF NOT EXISTS records_by_number ON records(doc_number);
-- a notice's keys as its copies share them (ingest.copies.copy_keys), written with its
-- record: the copies of a new notice are looked up by key, not found by reading every record
CREATE TABLE IF NOT EXISTS copy_keys(
    sha256 TEXT NOT NULL,
    position INTEGER NOT NULL,
    number TEXT,
    title TEXT NOT NULL,
    PRIMARY KEY (sha256, position)
);
CREATE INDEX IF NOT EXISTS copy_keys_by_number ON copy_keys(number);
CREATE INDEX IF NOT EXISTS copy_keys_by_title ON copy_keys(title);
CREATE TABLE IF NOT EXISTS texts(
    sha256 TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    cleaned TEXT NOT NULL,
    segments TEXT NOT NULL
);
"""


def default_store_path() -> Path:
    """The store folder: ``$POLICYKG_STORE`` if set, else ``./.policykg``."""
    return Path(os.environ.get(ENV_VAR) or DEFAULT_DIR)


# whatever deletes a record (a replaced file, an unreferenced content) deletes its keys
_COPY_KEYS_TRIGGER = (
    "CREATE TRIGGER IF NOT EXISTS records_copy_keys_delete AFTER DELETE ON records BEGIN"
    " DELETE FROM copy_keys WHERE sha256 = old.sha256 AND position = old.position; END"
)


def create_tables(conn: sqlite3.Connection) -> None:
    """Create the record tables if they are missing (inside a write transaction).

    A store written before the copy keys existed gets them here, once, from
    its records' number and title columns.
    """
    had_keys = database.has_object(conn, "copy_keys")
    for statement in _TABLES.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute(_COPY_KEYS_TRIGGER)
    if not had_keys:
        _put_copy_keys(conn, conn.execute("SELECT sha256, position, doc_number, title FROM records WHERE parent IS NULL").fetchall())


def _put_copy_keys(conn: sqlite3.Connection, notices: Iterable[tuple]) -> None:
    """Write the copy keys of notices ``(sha256, position, doc_number, title)``."""
    from policykg.ingest.copies import copy_keys  # (the module reads this one's records)

    conn.executemany(
        "INSERT OR REPLACE INTO copy_keys VALUES (?, ?, ?, ?)",
        [(sha, position, *copy_keys(number, title)) for sha, position, number, title in notices],
    )


@dataclass(frozen=True)
class IngestOutcome:
    """What storing one file did: ``added``, ``replaced`` or ``unchanged``."""

    path: str
    status: str
    documents: int


class RecordStore:
    """The document records of one store, one row per record, keyed by source content.

    Parameters
    ----------
    root : path
        The store folder. Reading a folder that is not a store gives no
        records and creates nothing; the first write creates the store.
    conn : sqlite3.Connection, optional
        An open connection to the store's database (the caller's, so that
        the caller's transaction spans records and graph).
    """

    def __init__(self, root: str | Path, *, conn: Optional[sqlite3.Connection] = None) -> None:
        self.root = Path(root)
        self._conn = conn
        if conn is not None:
            self._ensure_tables(conn)

    # -- the connection ----------------------------------------------------
    def _ensure_tables(self, conn: sqlite3.Connection) -> None:
        if not database.has_object(conn, "copy_keys"):
            with database.write(conn, root=self.root):
                create_tables(conn)

    def _writer(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = database.connect(self.root, create=True)
            self._ensure_tables(self._conn)
        return self._conn

    def _reader(self) -> Optional[sqlite3.Connection]:
        """The connection, or None when there is no store (nothing to read, nothing created)."""
        if self._conn is None:
            if not database.is_store(self.root):
                return None
            self._writer()
        return self._conn

    def close(self) -> None:
        """Close the connection this store opened itself."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    @contextmanager
    def batch(self) -> Iterator["RecordStore"]:
        """Kept for callers of the folder store: every :meth:`put` is its own transaction now.

        (Inside a transaction a caller opened, every put joins that one.)
        """
        yield self

    def _write(self):
        try:
            return database.write(self._writer(), root=self.root)
        except sqlite3.Error as err:  # pragma: no cover - disk full, permissions
            raise StoreError(store=str(self.root), reason=str(err)) from err

    def _drop_unreferenced(self, conn: sqlite3.Connection) -> None:
        """Delete records and texts that no source names any more (same transaction)."""
        for table in ("records", "texts"):
            conn.execute(f"DELETE FROM {table} WHERE sha256 NOT IN (SELECT sha256 FROM sources)")

    # -- writing -----------------------------------------------------------
    def is_current(self, path: str | Path, sha256: str, reader: str) -> bool:
        """True when ``path`` was stored with exactly this content by this reader version."""
        conn = self._reader()
        if conn is None:
            return False
        row = conn.execute(
            "SELECT 1 FROM sources s WHERE path=? AND sha256=? AND reader=? "
            "AND EXISTS (SELECT 1 FROM records r WHERE r.sha256=s.sha256)",
            (str(Path(path).resolve()), sha256, reader),
        ).fetchone()
        return row is not None

    def put(
        self,
        path: str | Path,
        sha256: str,
        documents: list[Document],
        cleaned: CleanText,
        *,
        reader: str,
        form: Optional[StoredForm] = None,
    ) -> IngestOutcome:
        """Store the records read from the file at ``path`` (content ``sha256``).

        ``cleaned`` is the file's text as cleaned for reading: its source text
        and the cleaned text with the map between them are kept beside the
        records. ``form`` is :func:`stored_form` of the two when the parser
        made it already. An unchanged file changes nothing; a changed file
        replaces its records. The index is read inside the write transaction,
        so a writer never writes back what another one changed meanwhile.
        """
        key = str(Path(path).resolve())
        try:
            with self._write() as conn:
                old = conn.execute("SELECT sha256, reader FROM sources WHERE path=?", (key,)).fetchone()
                stored = conn.execute("SELECT 1 FROM records WHERE sha256=? LIMIT 1", (sha256,)).fetchone()
                if old == (sha256, reader) and stored:
                    return IngestOutcome(str(path), "unchanged", len(documents))
                if form is None or len(form.records) != len(documents):
                    form = stored_form(documents, cleaned)
                conn.execute("DELETE FROM records WHERE sha256=?", (sha256,))
                conn.executemany(
                    "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (sha256, i, d.id, d.kind, d.doc_number, d.title, d.parent, packed)
                        for i, (d, packed) in enumerate(zip(documents, form.records))
                    ],
                )
                _put_copy_keys(conn, [(sha256, i, d.doc_number, d.title) for i, d in enumerate(documents) if d.parent is None])
                conn.execute(
                    "INSERT OR REPLACE INTO texts VALUES (?, ?, ?, ?)", (sha256, form.source, form.text, form.segments)
                )
                conn.execute("INSERT OR REPLACE INTO sources VALUES (?, ?, ?)", (key, sha256, reader))
                if old and old[0] != sha256:
                    self._drop_unreferenced(conn)
                database.bump(conn, RECORDS)
        except sqlite3.Error as err:
            raise StoreError(store=str(self.root), reason=str(err)) from err
        return IngestOutcome(str(path), "replaced" if old else "added", len(documents))

    def remove_content(self, sha256: str) -> int:
        """Forget every file whose content is ``sha256``, and its records.

        Returns how many files were forgotten.
        """
        if self._reader() is None:
            return 0
        with self._write() as conn:
            gone = conn.execute("DELETE FROM sources WHERE sha256=?", (sha256,)).rowcount
            if gone:
                self._drop_unreferenced(conn)
                database.bump(conn, RECORDS)
        return gone

    def remove_source(self, path: str | Path) -> bool:
        """Forget the file at ``path`` and its records. Returns whether it was stored."""
        if self._reader() is None:
            return False
        with self._write() as conn:
            gone = conn.execute("DELETE FROM sources WHERE path=?", (str(Path(path).resolve()),)).rowcount
            if gone:
                self._drop_unreferenced(conn)
                database.bump(conn, RECORDS)
        return bool(gone)

    # -- reading -----------------------------------------------------------
    def version(self) -> int:
        """How many times the records have changed: equal numbers, equal records."""
        conn = self._reader()
        return database.counter(conn, RECORDS) if conn is not None else 0

    def sources(self) -> dict[str, str]:
        """The index: absolute path of every stored file -> sha256 of its content."""
        conn = self._reader()
        if conn is None:
            return {}
        return dict(conn.execute("SELECT path, sha256 FROM sources ORDER BY path"))

    def _ordered(self, column: str) -> list:
        conn = self._reader()
        if conn is None:
            return []
        return conn.execute(
            f"SELECT r.{column} FROM records r "
            "JOIN (SELECT sha256, MIN(path) AS first FROM sources GROUP BY sha256) s USING (sha256) "
            "ORDER BY s.first, r.position"
        ).fetchall()

    def iter_documents(self) -> Iterator[Document]:
        """Every stored document, in a stable order (by source path)."""
        for (record,) in self._ordered("record"):
            yield document_from_json(json.loads(database.unpack(record)))

    def record_ids(self) -> list[str]:
        """The ids of every stored document, in the order of :meth:`iter_documents`."""
        return [rid for (rid,) in self._ordered("id")]

    def record_id_set(self) -> set[str]:
        """The ids of every stored document, as a set: :meth:`record_ids` without ordering them.

        The same records (those of a stored file), read from an index of
        the records by content (``records_ids_by_content``, in stores made
        since it exists; an older store is read row by row).
        """
        conn = self._reader()
        if conn is None:
            return set()
        return {rid for (rid,) in conn.execute("SELECT id FROM records WHERE sha256 IN (SELECT sha256 FROM sources)")}

    def documents(self) -> list[Document]:
        """All stored documents as a list."""
        return list(self.iter_documents())

    def cleaned_text(self, sha256: str) -> Optional[tuple[str, list[tuple[int, int]]]]:
        """The cleaned text of a stored source and its map to the source, if stored.

        Returns ``(text, segments)``, segments as
        :meth:`CleanText.segments <policykg.ingest.clean.CleanText.segments>` gives them.
        """
        conn = self._reader()
        row = conn and conn.execute("SELECT cleaned, segments FROM texts WHERE sha256=?", (sha256,)).fetchone()
        if not row:
            return None
        return database.unpack(row[0]), [tuple(seg) for seg in json.loads(database.unpack(row[1]))]

    def documents_by_id(self, ids) -> list[Document]:
        """The stored documents with these record ids, each once, in id order (see :meth:`records_by_id`)."""
        out: dict[str, Document] = {}
        for doc in self.records_by_id(ids):
            out.setdefault(doc.id, doc)
        return [out[rid] for rid in sorted(out)]

    def ids_of(self, sha256: str) -> list[str]:
        """The record ids stored for one source content."""
        conn = self._reader()
        if conn is None:
            return []
        return [rid for (rid,) in conn.execute("SELECT id FROM records WHERE sha256=? ORDER BY position", (sha256,))]

    def records_of(self, sha256: str) -> list[Document]:
        """The documents read from one stored source content."""
        conn = self._reader()
        if conn is None:
            return []
        rows = conn.execute("SELECT record FROM records WHERE sha256=? ORDER BY position", (sha256,))
        return [document_from_json(json.loads(database.unpack(record))) for (record,) in rows]

    def contents(self) -> set[str]:
        """The SHA-256 of every stored source content (one index read, no record decoded)."""
        conn = self._reader()
        return {sha for (sha,) in conn.execute("SELECT DISTINCT sha256 FROM records")} if conn else set()

    def count_added(self, paths: Iterable[str | Path], before: Iterable[str] = ()):
        """What the files at ``paths`` (just added) brought: :func:`~policykg.ingest.copies.count_copies`, read cheaply.

        ``before`` is :meth:`contents` before the batch: a file whose bytes
        were already stored (under another name) is a copy of what is there.

        Only the notices of those files are decoded, and of the others only
        those that share a doc number or a title with one of them (the only
        ones that can be their copies, see :func:`~policykg.ingest.copies.copy_keys`),
        found by the keys written with each record.
        """
        from policykg.ingest.copies import count_copies

        conn = self._reader()
        if conn is None:
            return count_copies([], [])
        # the index keys files by absolute path (see put), whatever path the user gave
        wanted = json.dumps(sorted({str(Path(p).resolve()) for p in paths}), ensure_ascii=False)
        shas = {sha for (sha,) in conn.execute("SELECT sha256 FROM sources WHERE path IN (SELECT value FROM json_each(?))", (wanted,))}
        mine = conn.execute(
            "SELECT number, title FROM copy_keys WHERE sha256 IN (SELECT value FROM json_each(?))", (json.dumps(sorted(shas)),)
        ).fetchall()
        numbers = json.dumps(sorted({number for number, _ in mine} - {None}), ensure_ascii=False)
        titles = json.dumps(sorted({title for _, title in mine}), ensure_ascii=False)
        keep = sorted(
            {
                (sha, position)
                for sha, position in conn.execute(
                    "SELECT sha256, position FROM copy_keys WHERE number IN (SELECT value FROM json_each(?))"
                    " UNION SELECT sha256, position FROM copy_keys WHERE title IN (SELECT value FROM json_each(?))",
                    (numbers, titles),
                )
            }
        )
        docs = [
            (sha, document_from_json(json.loads(database.unpack(record))))
            for sha, record in conn.execute(
                "SELECT r.sha256, r.record FROM records r JOIN (SELECT json_extract(value, '$[0]') AS sha, json_extract(value, '$[1]') AS pos "
                "FROM json_each(?)) k ON r.sha256 = k.sha AND r.position = k.pos",
                (json.dumps(keep),),
            )
        ]
        before = set(before)
        batch = [d for sha, d in docs if sha in shas]
        # a content stored before the batch is there already: as its own (separately read) copy
        there = [document_from_json(to_json(d)) if sha in before else d for sha, d in docs if sha not in shas or sha in before]
        return count_copies(batch, there)

    def records_by_id(self, ids: Iterable[str]) -> list[Document]:
        """The stored documents with these record ids (by the id index; unknown ids are skipped)."""
        conn = self._reader()
        if conn is None:
            return []
        wanted = json.dumps(sorted(set(ids)), ensure_ascii=False)
        rows = conn.execute("SELECT record FROM records WHERE id IN (SELECT value FROM json_each(?)) ORDER BY sha256, position", (wanted,))
        return [document_from_json(json.loads(database.unpack(record))) for (record,) in rows]

    def source_text(self, sha256: str) -> Optional[str]:
        """The source text whose offsets the records' spans use, if stored."""
        conn = self._reader()
        row = conn and conn.execute("SELECT source FROM texts WHERE sha256=?", (sha256,)).fetchone()
        return database.unpack(row[0]) if row else None

    def find(self, ref: str) -> Document:
        """One document by id, doc number (any form) or title; see :func:`policykg.rules.references.find_document`."""
        from policykg.ingest.copies import copy_groups
        from policykg.rules.references import Candidate, find_document

        # copies of one notice are one document: its best reading, known by every copy's id
        docs = {d.id: d for d in self.documents()}
        if ref.strip() in docs:  # a record's own id names that very copy
            return docs[ref.strip()]
        candidates = (
            Candidate(group[0].id, group[0].doc_number, group[0].title, aliases=tuple(d.id for d in group[1:]))
            for group in copy_groups(docs.values())
        )
        return docs[find_document(ref, candidates)]
