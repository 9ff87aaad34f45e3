"""The store's one SQLite database: opening it, its transactions, its counters.

A store is a folder holding ``policykg.sqlite`` (with SQLite's ``-wal`` and
``-shm`` files beside it while it is in use). The records
(:mod:`policykg.ingest.store`) and the graph (:mod:`policykg.graph.embedded`)
are tables of that one database, so one write changes both in one
transaction: after a crash the store is exactly as before or after it.

This module knows neither records nor graphs: it opens the file in WAL mode
(readers keep reading the last commit while a writer writes), starts write
transactions with ``BEGIN IMMEDIATE`` (one writer at a time; a second waits
up to :func:`lock_timeout` seconds, then gets :class:`StoreLocked`), and
keeps a small ``meta`` table of named counters.

Examples
--------
>>> import tempfile
>>> root = tempfile.mkdtemp()
>>> is_store(root)
False
>>> conn = connect(root, create=True)
>>> with write(conn):
...     bump(conn, "things")
1
>>> counter(conn, "things"), is_store(root)
(1, True)
>>> conn.close()
"""

from __future__ import annotations

import os
import sqlite3
import time
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Union

from policykg.errors import NotAStore, OldStoreLayout, StoreError, StoreLocked

__all__ = [
    "DB_FILE",
    "FORMAT",
    "LOCK_TIMEOUT_VAR",
    "REVISION",
    "db_path",
    "is_store",
    "connect",
    "lock_timeout",
    "write",
    "read",
    "counter",
    "bump",
    "has_object",
    "mark",
    "root_of",
    "RECORDS",
    "GRAPH_OF",
]

DB_FILE = "policykg.sqlite"
FORMAT = "policykg-sqlite/1"
#: Environment variable: how many seconds a writer waits for another one (default 600).
LOCK_TIMEOUT_VAR = "POLICYKG_LOCK_TIMEOUT"
#: The counter every write transaction bumps: a cheap "has anything changed" stamp.
REVISION = "revision"
#: The counter bumped by every change of the records.
RECORDS = "records"
#: The value of :data:`RECORDS` that the graph tables were last brought in step with.
GRAPH_OF = "graph_of_records"
# What the JSON-folder stores of policykg 0.1 left in a store folder.
_OLD_LAYOUT = ("sources.json", "records", "graph/graph.json")

PathLike = Union[str, os.PathLike]


def db_path(root: PathLike) -> Path:
    """The database file of the store folder ``root``."""
    return Path(root) / DB_FILE


def is_store(root: PathLike) -> bool:
    """True when ``root`` is a store folder (holds the database)."""
    return db_path(root).is_file()


def lock_timeout() -> float:
    """Seconds a writer waits for another writer: ``$POLICYKG_LOCK_TIMEOUT``, default 600."""
    try:
        return max(0.0, float(os.environ.get(LOCK_TIMEOUT_VAR, "600")))
    except ValueError:
        return 600.0


def _old_layout(root: Path) -> bool:
    return any((root / name).exists() for name in _OLD_LAYOUT)


def connect(root: PathLike, *, create: bool = False) -> sqlite3.Connection:
    """Open the database of the store ``root``.

    Parameters
    ----------
    root : path
        The store folder.
    create : bool
        Create the folder and the database if they are missing (writers);
        readers pass False and create nothing.

    Raises
    ------
    NotAStore
        ``root`` holds no database and ``create`` is False.
    OldStoreLayout
        ``root`` is a store of the old JSON-folder layout.
    StoreError
        The database cannot be opened, or is of another format.
    """
    root = Path(root)
    path = db_path(root)
    if not path.is_file():
        if _old_layout(root):
            raise OldStoreLayout(store=str(root))
        if not create:
            raise NotAStore(store=str(root))
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StoreError(store=str(root), reason=err.strerror or str(err)) from err
    try:
        # isolation_level=None: we say BEGIN and COMMIT ourselves
        conn = sqlite3.connect(path, timeout=lock_timeout(), isolation_level=None, check_same_thread=False, factory=Connection)
        _patiently(conn, "PRAGMA journal_mode=WAL")
        # WAL + FULL: a commit reported is on disk, even through a power cut (NORMAL may lose the
        # last commits then); the fsync costs about half a millisecond per chunk here
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        _check_format(conn, root)
    except sqlite3.DatabaseError as err:
        raise _store_error(err, root) from err
    return conn


class Connection(sqlite3.Connection):
    """A store's database connection (:func:`connect`): sqlite3's, with room for what is known of the store.

    ``graph_layout``: the layout of the graph tables once they are of the
    current one (:func:`policykg.graph.embedded.layout`), which no write
    changes back; asked before every read, it is read once.
    """

    graph_layout = None


def _patiently(conn: sqlite3.Connection, sql: str) -> None:
    """Run ``sql``, waiting out another connection's lock for up to :func:`lock_timeout` seconds.

    SQLite calls the busy handler (``timeout=``) for reads and ``BEGIN
    IMMEDIATE``, but not when it switches a new file to WAL: two processes
    creating the same store at once would have the second fail at once
    with "database is locked". It waits here like any other writer.
    """
    deadline = time.monotonic() + lock_timeout()
    pause = 0.001
    while True:
        try:
            conn.execute(sql)
            return
        except sqlite3.OperationalError as err:
            if not _is_busy(err) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(2 * pause, 0.1)


def _is_busy(err: sqlite3.Error) -> bool:
    return "locked" in str(err) or "busy" in str(err)


def has_object(conn: sqlite3.Connection, name: str) -> bool:
    """Whether the database has a table, index or trigger called ``name`` (a schema's mark).

    >>> has_object(sqlite3.connect(":memory:"), "meta")
    False
    """
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name=?", (name,)).fetchone() is not None


def _check_format(conn: sqlite3.Connection, root: Path) -> None:
    if not has_object(conn, "meta"):
        with write(conn, root=root):
            conn.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value)")
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (FORMAT,))
    found = conn.execute("SELECT value FROM meta WHERE key='format'").fetchone()
    if not found or found[0] != FORMAT:
        raise StoreError(store=str(root), reason=f"{DB_FILE} is of format {found[0] if found else None!r}, expected {FORMAT!r}")


def _store_error(err: sqlite3.Error, root: Path) -> StoreError:
    if _is_busy(err):
        return StoreLocked(lock=str(db_path(root)), timeout=f"{lock_timeout():g}")
    return StoreError(store=str(root), reason=f"{DB_FILE}: {err}")


def root_of(conn: sqlite3.Connection) -> Path:
    """The store folder of an open connection."""
    return Path(conn.execute("PRAGMA database_list").fetchone()[2]).parent


@contextmanager
def write(conn: sqlite3.Connection, *, root: PathLike | None = None) -> Iterator[sqlite3.Connection]:
    """A write transaction: all of it is committed, or none of it.

    Takes the store's write lock (``BEGIN IMMEDIATE``), waiting for another
    writer up to :func:`lock_timeout` seconds. Inside a transaction already
    open on ``conn`` it just joins it. Bumps the :data:`REVISION` counter
    when it changed anything.

    Raises
    ------
    StoreLocked
        Another writer held the lock for longer than the timeout.
    StoreError
        SQLite failed the write (disk full, read-only file …); it is rolled back.
    """
    if conn.in_transaction:
        yield conn
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as err:
        raise _store_error(err, Path(root) if root else root_of(conn)) from err
    changes = conn.total_changes
    try:
        yield conn
        if conn.total_changes != changes and has_object(conn, "meta"):
            bump(conn, REVISION)
        conn.execute("COMMIT")
    except sqlite3.Error as err:
        # disk full, a read-only file, a damaged page: nothing of the transaction is kept
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise _store_error(err, Path(root) if root else root_of(conn)) from err
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


@contextmanager
def read(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A read transaction: every query inside sees the same commit, whatever writers do meanwhile."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


def counter(conn: sqlite3.Connection, name: str) -> int:
    """The value of the counter ``name`` (0 if never bumped)."""
    row = conn.execute("SELECT value FROM meta WHERE key=?", (name,)).fetchone()
    return int(row[0]) if row else 0


def bump(conn: sqlite3.Connection, name: str) -> int:
    """Add one to the counter ``name`` (inside a write transaction) and return it."""
    conn.execute(
        "INSERT INTO meta VALUES (?, 1) ON CONFLICT(key) DO UPDATE SET value = value + 1", (name,)
    )
    return counter(conn, name)


def mark(conn: sqlite3.Connection, name: str, value: int) -> None:
    """Set the counter ``name`` to ``value`` (inside a write transaction)."""
    conn.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", (name, value))


#: zlib level for the large text columns (records, source and cleaned texts): level 1
#: already shrinks their JSON and Chinese text four to five times, at a fraction of the
#: time the higher levels take, and the store's writer is a single process.
PACK_LEVEL = 1


def pack(text: str) -> bytes:
    """``text`` compressed for a large column (records and texts are most of a store's size).

    >>> unpack(pack("关于某事的通知")) == "关于某事的通知"
    True
    """
    return zlib.compress(text.encode("utf-8"), PACK_LEVEL)


def unpack(value: Union[str, bytes]) -> str:
    """The text of a column written by :func:`pack`; plain text (stores written before packing) as it is.

    >>> unpack("plain")
    'plain'
    """
    if isinstance(value, bytes):
        return zlib.decompress(value).decode("utf-8")
    return value
