"""The embedded store: the graph as tables of the store's SQLite database, no server.

The tables (in ``policykg.sqlite``, beside the record tables; see
:mod:`policykg.database`)::

    nodes(n INTEGER PRIMARY KEY, id UNIQUE, type, attrs)   attrs: the node's attributes as JSON
    edges(e INTEGER PRIMARY KEY, source, target, key, attrs,
          UNIQUE (source, target, key))                    source, target: nodes.n; key: the relation name
    graph_attrs(key PRIMARY KEY, value)                    the graph's own attributes, as JSON

with indexes on ``nodes(type)`` and ``edges(target, key)``, so a question can
walk the cascade in SQL without loading the rest. The rows are written by
:mod:`policykg.graph.codec`, which leaves out what the row and its end nodes
already tell (``docs/storage.md``: the layout, why, and the bytes); the
graph read back is the graph saved, attribute for attribute, in the order it
was first saved (``n`` and ``e``, kept by the upserts). An edge's ends are
foreign keys: a node's edges go with it. Layout 2 (text ids, whole JSON rows)
is read as it is and converted by the first write (:func:`upgrade`).
:func:`save_graph` writes a whole graph; :func:`save_changes` writes
only the rows a change touched: of a :class:`TrackedGraph` (what
:func:`load_graph` gives with ``snapshot``) only the rows whose attributes
were set, or that were added or removed, are dumped and compared.
Both write inside the caller's transaction when there is one (so records
and graph commit together), else in one of their own.

Examples
--------
>>> import tempfile
>>> from policykg.ingest.records import Document
>>> from policykg.graph import build_graph
>>> G = build_graph([Document(id="x", kind="notice", title="关于某事的通知", doc_number="湘政办发〔2020〕9号")])
>>> folder = tempfile.mkdtemp()
>>> save_graph(G, folder)["nodes"] == G.number_of_nodes()
True
>>> H = load_graph(folder)
>>> sorted(H.nodes) == sorted(G.nodes) and H.graph == G.graph
True
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from typing import Iterable, Iterator, NamedTuple, Optional, Union

import networkx as nx
import orjson

from policykg import database
from policykg.errors import GraphStoreError

from . import codec

__all__ = [
    "FORMAT",
    "Snapshot",
    "TrackedGraph",
    "create_tables",
    "has_query_schema",
    "ensure_query_schema",
    "save_graph",
    "save_changes",
    "load_graph",
    "store_exists",
    "in_step",
    "read_graph_attrs",
    "read_nodes",
    "read_nodes_of_type",
    "read_edges_of",
    "write_rows",
    "LAYOUT",
    "layout",
    "upgrade",
    "EDGE_COLUMNS",
    "LEAN_EDGE_COLUMNS",
    "EDGE_JOIN",
    "edge_from_row",
    "node_types",
    "has_edge",
    "stream_nodes",
    "stream_edges",
    "shape_representatives",
]

FORMAT = "policykg-embedded/3"
#: The layout of the graph tables, kept in the ``meta`` table (2: text ids and whole JSON rows,
#: 3: integer node ids and compact rows, :mod:`policykg.graph.codec`).
LAYOUT = 3
_LAYOUT_KEY = "graph_layout"

_TABLES = """
CREATE TABLE IF NOT EXISTS nodes(
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    type TEXT,
    attrs TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS nodes_by_type ON nodes(type);
CREATE TABLE IF NOT EXISTS edges(
    e INTEGER PRIMARY KEY,
    source INTEGER NOT NULL REFERENCES nodes(n) ON DELETE CASCADE,
    target INTEGER NOT NULL REFERENCES nodes(n) ON DELETE CASCADE,
    key TEXT NOT NULL,
    attrs TEXT NOT NULL,
    UNIQUE (source, target, key)
);
CREATE INDEX IF NOT EXISTS edges_by_target ON edges(target, key);
CREATE TABLE IF NOT EXISTS edge_spill(
    e INTEGER PRIMARY KEY REFERENCES edges(e) ON DELETE CASCADE,
    span BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS graph_attrs(
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

# What questions look things up by (see policykg.graph.sqlite_graph). SQLite's
# triggers keep it in step with ``nodes`` whatever writes the rows, so the
# write path above knows nothing of it. Rows are tied to ``nodes.rowid``, which
# the upserts of _write keep for a node whose attributes change.
#
# - documents by doc number, collectives by region: partial expression indexes;
# - ``node_keys``: a document's record ids and its title, a party's mentions
#   (kind 'record', 'title', 'mention'), so one index serves them all (a
#   title is compared after a normalisation SQL does not know: the titles
#   are read from the index, and compared in Python);
# - ``search_fts``: the searchable text of documents (title) and tasks
#   (heading and text), FTS5 with the trigram tokenizer (Chinese has no word
#   breaks; trigram needs SQLite 3.34). Contentless: the text is in ``nodes``
#   already, so the table holds only the index; a row is deleted with FTS5's
#   'delete' command, which needs the text it was indexed with.
_BODY = (
    "CASE {row}.type WHEN 'Document' THEN json_extract({row}.attrs, '$.title') "
    "WHEN 'Task' THEN json_extract({row}.attrs, '$.heading') || ' ' || coalesce(json_extract({row}.attrs, '$.text'), '') END"
)
_KEYS = (
    "INSERT INTO node_keys SELECT value, {row}.rowid, 'record' FROM json_each({row}.attrs, '$.record_ids') WHERE {row}.type = 'Document';"
    "INSERT INTO node_keys SELECT json_extract({row}.attrs, '$.title'), {row}.rowid, 'title'"
    " WHERE {row}.type = 'Document' AND json_extract({row}.attrs, '$.title') IS NOT NULL;"
    "INSERT INTO node_keys SELECT value, {row}.rowid, 'mention' FROM json_each({row}.attrs, '$.mentions')"
    " WHERE {row}.type IN ('Agency', 'Collective');"
)
_FTS_ADD = "INSERT INTO search_fts(rowid, body) SELECT {row}.rowid, {body} WHERE ({body}) IS NOT NULL;"
_FTS_DROP = "INSERT INTO search_fts(search_fts, rowid, body) SELECT 'delete', {row}.rowid, {body} WHERE ({body}) IS NOT NULL;"


def _for(template: str, row: str) -> str:
    return template.format(row=row, body=_BODY.format(row=row))


QUERY_SCHEMA = [
    "CREATE INDEX IF NOT EXISTS nodes_by_doc_number ON nodes(json_extract(attrs, '$.doc_number')) WHERE type = 'Document'",
    "CREATE INDEX IF NOT EXISTS nodes_by_collective_region ON nodes(json_extract(attrs, '$.region')) WHERE type = 'Collective'",
    "CREATE TABLE IF NOT EXISTS node_keys(key TEXT NOT NULL, node INTEGER NOT NULL, kind TEXT NOT NULL)",
    # (kind, key, node): finds a key, and lists every key of a kind (the titles) from the index alone
    "CREATE INDEX IF NOT EXISTS node_keys_by_kind ON node_keys(kind, key, node)",
    "CREATE INDEX IF NOT EXISTS node_keys_by_node ON node_keys(node)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(body, content='', tokenize='trigram')",
    # FTS5 merges its segments when 4 of a level pile up (the default), and at
    # that rate the merges were nine tenths of the cost of writing a chunk of
    # tasks; at 16 they are a third of it, and a search still reads few levels
    "INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', 16)",
    "CREATE TRIGGER IF NOT EXISTS nodes_query_insert AFTER INSERT ON nodes BEGIN "
    + _for(_KEYS, "new") + _for(_FTS_ADD, "new") + " END",
    "CREATE TRIGGER IF NOT EXISTS nodes_query_update AFTER UPDATE OF type, attrs ON nodes BEGIN "
    "DELETE FROM node_keys WHERE node = old.rowid;" + _for(_FTS_DROP, "old") + _for(_KEYS, "new") + _for(_FTS_ADD, "new") + " END",
    "CREATE TRIGGER IF NOT EXISTS nodes_query_delete AFTER DELETE ON nodes BEGIN "
    "DELETE FROM node_keys WHERE node = old.rowid;" + _for(_FTS_DROP, "old") + " END",
]
# the last statement created: its presence says the whole schema is there
_QUERY_SCHEMA_MARK = "nodes_query_delete"

# What a writer keeps of its indexes between runs (graph/held.py): each index's
# state as of a change of the documents (``held_indexes.seq``), and every change
# of a document row since, logged by triggers (so whatever writes the rows, any
# version of policykg included, logs them). A process that opens the store
# reads the state and looks again only at the documents logged after it,
# instead of indexing every document of a national store before its first link.
HELD_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS document_changes(seq INTEGER PRIMARY KEY AUTOINCREMENT, node TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS held_indexes(name TEXT PRIMARY KEY, stamp TEXT NOT NULL, seq INTEGER NOT NULL,"
    " pending TEXT NOT NULL, state BLOB NOT NULL)",
    "CREATE TRIGGER IF NOT EXISTS documents_changed_insert AFTER INSERT ON nodes WHEN new.type = 'Document' BEGIN"
    " INSERT INTO document_changes(node) VALUES (new.id); END",
    "CREATE TRIGGER IF NOT EXISTS documents_changed_update AFTER UPDATE OF id, type, attrs ON nodes"
    " WHEN old.type = 'Document' OR new.type = 'Document' BEGIN"
    " INSERT INTO document_changes(node) VALUES (new.id);"
    " INSERT INTO document_changes(node) SELECT old.id WHERE old.id != new.id; END",
    "CREATE TRIGGER IF NOT EXISTS documents_changed_delete AFTER DELETE ON nodes WHEN old.type = 'Document' BEGIN"
    " INSERT INTO document_changes(node) VALUES (old.id); END",
]
_HELD_TRIGGERS = ("documents_changed_insert", "documents_changed_update", "documents_changed_delete")
_HELD_SCHEMA_MARK = _HELD_TRIGGERS[-1]
#: Documents changed since the kept states above which they are written again (and at least
#: this share of the documents): below it, a process opening the store looks at a few
#: hundred documents again, which costs less than writing every index at each change.
REWRITE_HELD_AFTER = 500
REWRITE_HELD_SHARE = 20

Where = Union[str, os.PathLike, sqlite3.Connection]


class Snapshot(NamedTuple):
    """The rows a graph was loaded from (JSON text by id), to write back only what changed."""

    nodes: dict
    edges: dict
    attrs: dict


class _Tracked(dict):
    """A node's or an edge's attributes, noting that they were set since the last save.

    A new dict is dirty; :func:`save_changes` writes only dirty rows (and
    the rows of nodes and edges added or removed) and marks them clean.
    Changing a value held inside (a list, a nested dict) in place is not
    seen: code that changes a graph sets the attribute again instead.
    """

    __slots__ = ("dirty",)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.dirty = True

    def _touch(self) -> None:
        """Note a change (after it is made: a subclass may look at what the dict holds now)."""
        self.dirty = True

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        self._touch()

    def __delitem__(self, key) -> None:
        super().__delitem__(key)
        self._touch()

    def update(self, *args, **kwargs) -> None:
        super().update(*args, **kwargs)
        self._touch()

    def clear(self) -> None:
        super().clear()
        self._touch()

    def pop(self, *args):
        try:
            return super().pop(*args)
        finally:
            self._touch()

    def popitem(self):
        try:
            return super().popitem()
        finally:
            self._touch()

    def setdefault(self, key, default=None):
        if key in self:
            return super().__getitem__(key)
        value = super().setdefault(key, default)
        self._touch()
        return value


class TrackedGraph(nx.MultiDiGraph):
    """A :class:`networkx.MultiDiGraph` whose attribute dicts note when they are set.

    :func:`load_graph` with ``snapshot=True`` gives one; :func:`save_changes`
    then dumps only the rows that were set, added or removed since, not the
    whole graph.
    """

    node_attr_dict_factory = _Tracked
    edge_attr_dict_factory = _Tracked


def _clean(G) -> None:
    for data in G._node.values():
        data.dirty = False
    for nbrs in G._succ.values():
        for keyed in nbrs.values():
            for data in keyed.values():
                data.dirty = False


def _check_key(u, v, k) -> None:
    if not isinstance(k, str):
        raise GraphStoreError(store="(graph)", reason=f"edge {u} -> {v} has key {k!r}: every edge key must be its relation name")


def _edge_row(G, u, v, k, data) -> codec.EdgeRow:
    """The stored row of one edge of ``G`` (its encoding leans on its end nodes, which ``G`` holds)."""
    return codec.pack_edge(
        u, v, k, data,
        source_document=codec.context_of(G._node.get(u), "document"),
        target_text=codec.context_of(G._node.get(v), "text"),
    )


def _changed_rows(G, before: Snapshot) -> Snapshot:
    """The rows of a :class:`TrackedGraph` now: ``before`` with what was set, added or removed.

    An edge of a node that was set is encoded again even when the edge was
    not set: its row may lean on that node (:data:`policykg.graph.codec.CONTEXT_FIELDS`).
    """
    nodes = dict(before.nodes)
    for n in nodes.keys() - G._node.keys():
        del nodes[n]
    dirty = set()
    for n, data in G._node.items():
        if data.dirty or n not in nodes:
            nodes[n] = codec.pack_node(data)
            dirty.add(n)
    edges = {}
    old = before.edges
    for u, nbrs in G._succ.items():
        near = u in dirty
        for v, keyed in nbrs.items():
            for k, data in keyed.items():
                _check_key(u, v, k)
                e = (u, v, k)
                text = None if (data.dirty or near or v in dirty) else old.get(e)
                edges[e] = text if text is not None else _edge_row(G, u, v, k, data)
    attrs = {k: _dumps(v) for k, v in G.graph.items()}
    return Snapshot(nodes, edges, attrs)


_dumps = codec.dumps


# An edge rewritten without the span it kept apart loses the spill row (one that still has one
# gets it again right after, _put_edges); the test on the old row is broad, the delete is cheap.
_SPILL_TRIGGER = (
    "CREATE TRIGGER IF NOT EXISTS edges_spill_update AFTER UPDATE OF attrs ON edges WHEN instr(old.attrs, 'Z') BEGIN "
    "DELETE FROM edge_spill WHERE e = old.e; END"
)


def create_tables(conn: sqlite3.Connection) -> None:
    """Create the graph tables if they are missing (inside a write transaction)."""
    for statement in _TABLES.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute(_SPILL_TRIGGER)
    ensure_query_schema(conn)


def has_query_schema(conn: sqlite3.Connection) -> bool:
    """True when the store has the lookup indexes, tables and triggers that questions read."""
    return database.has_object(conn, _QUERY_SCHEMA_MARK)


def ensure_query_schema(conn: sqlite3.Connection) -> bool:
    """Create the query schema if it is missing, filled from the nodes already there (inside a write transaction).

    A store written before the schema existed gets it here, once. Returns
    True when it was created now.
    """
    if has_query_schema(conn):
        return False
    for statement in QUERY_SCHEMA:
        conn.execute(statement)
    # the rows already there: what the insert trigger would have written for them
    conn.execute("DELETE FROM node_keys")
    conn.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
    conn.execute(
        "INSERT INTO node_keys SELECT j.value, n.rowid, 'record' FROM nodes n, json_each(n.attrs, '$.record_ids') j"
        " WHERE n.type = 'Document'"
    )
    conn.execute(
        "INSERT INTO node_keys SELECT json_extract(n.attrs, '$.title'), n.rowid, 'title' FROM nodes n"
        " WHERE n.type = 'Document' AND json_extract(n.attrs, '$.title') IS NOT NULL"
    )
    conn.execute(
        "INSERT INTO node_keys SELECT j.value, n.rowid, 'mention' FROM nodes n, json_each(n.attrs, '$.mentions') j"
        " WHERE n.type IN ('Agency', 'Collective')"
    )
    body = _BODY.format(row="n")
    conn.execute(f"INSERT INTO search_fts(rowid, body) SELECT n.rowid, {body} FROM nodes n WHERE ({body}) IS NOT NULL")
    return True


def _connection(where: Where, *, create: bool) -> tuple[sqlite3.Connection, bool]:
    """(connection, whether we opened it and must close it)."""
    if isinstance(where, sqlite3.Connection):
        return where, False
    try:
        return database.connect(where, create=create), True
    except GraphStoreError:
        raise
    except database.StoreError as err:
        raise GraphStoreError(store=str(where), reason=str(err.fields.get("reason") or err)) from err


def _has_tables(conn: sqlite3.Connection) -> bool:
    return database.has_object(conn, "nodes")


def layout(conn: sqlite3.Connection) -> Optional[int]:
    """The layout of the store's graph tables: :data:`LAYOUT`, 2 (policykg-embedded/2), or None (no tables).

    The current layout is noted on a store's connection (:class:`policykg.database.Connection`):
    only it is ever written, so a store never goes back from it.
    """
    known = getattr(conn, "graph_layout", None)
    if known is not None:
        return known
    columns = {row[1] for row in conn.execute("PRAGMA table_info(nodes)")}
    if not columns:
        return None
    found = LAYOUT if "n" in columns else 2
    if found == LAYOUT and isinstance(conn, database.Connection):
        conn.graph_layout = found
    return found


def _drop_query_schema(conn: sqlite3.Connection) -> None:
    # (the kept indexes too: the rows are written again without their triggers)
    for trigger in ("nodes_query_insert", "nodes_query_update", "nodes_query_delete", *_HELD_TRIGGERS):
        conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    for table in ("node_keys", "search_fts", "held_indexes", "document_changes"):
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    for index in ("nodes_by_doc_number", "nodes_by_collective_region", "nodes_by_type", "edges_by_target"):
        conn.execute(f"DROP INDEX IF EXISTS {index}")


def _upgrade(conn: sqlite3.Connection) -> None:
    """Rewrite graph tables of layout 2 in this layout, the same graph (inside a write transaction).

    The rows keep their order; the query schema is made again as the rows
    go in. The pages the old rows held are free for later writes; ``VACUUM``
    gives them back to the file system.
    """
    _drop_query_schema(conn)
    conn.execute("ALTER TABLE nodes RENAME TO nodes_layout2")
    conn.execute("ALTER TABLE edges RENAME TO edges_layout2")
    create_tables(conn)
    context: dict[str, tuple] = {}
    batch = []
    for node, kind, text in conn.execute("SELECT id, type, attrs FROM nodes_layout2 ORDER BY rowid"):
        d = orjson.loads(text)
        context[node] = (codec.context_of(d, "document"), codec.context_of(d, "text"))
        batch.append((node, kind, codec.pack_node(d)))
    conn.executemany(_NODE_UPSERT, batch)
    del batch
    rows = conn.execute("SELECT source, target, key, attrs FROM edges_layout2 ORDER BY rowid")
    while True:
        chunk = rows.fetchmany(20000)
        if not chunk:
            break
        _put_edges(
            conn,
            [(u, v, k, *codec.pack_edge(u, v, k, orjson.loads(a), source_document=context[u][0], target_text=context[v][1]))
             for u, v, k, a in chunk],
        )
    conn.execute("DROP TABLE nodes_layout2")
    conn.execute("DROP TABLE edges_layout2")


def upgrade(conn: sqlite3.Connection) -> None:
    """Bring the graph tables to this layout, converting an earlier one in place (inside a write transaction).

    Every writer does this first, so a store of layout 2 is converted once,
    on its first write; the graph stays the same.
    """
    _ready_for_write(conn)


def _ready_for_write(conn: sqlite3.Connection, *, keep: bool = True) -> None:
    """Make the graph tables this layout's (inside a write transaction): created, or an old layout's converted.

    ``keep=False``: the caller replaces every row, so old tables are dropped, not converted.
    """
    found = layout(conn)
    if found == LAYOUT:
        return
    if found is not None:
        if keep:
            _upgrade(conn)
            return
        _drop_query_schema(conn)
        conn.execute("DROP TABLE nodes")
        conn.execute("DROP TABLE edges")
    create_tables(conn)


def _rows(G) -> Snapshot:
    nodes = {n: codec.pack_node(d) for n, d in G.nodes(data=True)}
    edges = {}
    for u, v, k, d in G.edges(keys=True, data=True):
        _check_key(u, v, k)
        edges[(u, v, k)] = _edge_row(G, u, v, k, d)
    attrs = {k: _dumps(v) for k, v in G.graph.items()}
    return Snapshot(nodes, edges, attrs)


# the writes, by node id: a node's integer id is looked up in the statement (its UNIQUE index)
_N = "(SELECT n FROM nodes WHERE id = ?)"
# an upsert keeps the row, its integer id and so the order the graph is loaded in
_NODE_UPSERT = (
    "INSERT INTO nodes(id, type, attrs) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET type=excluded.type, attrs=excluded.attrs"
)
# an end node that is not stored gives a NULL id, which NOT NULL refuses (no edge is dropped silently)
_EDGE_UPSERT = (
    f"INSERT INTO edges(source, target, key, attrs) VALUES ({_N}, {_N}, ?, ?)"
    " ON CONFLICT(source, target, key) DO UPDATE SET attrs=excluded.attrs"
)
_SPILL_PUT = f"INSERT OR REPLACE INTO edge_spill(e, span) SELECT e, ? FROM edges WHERE source = {_N} AND target = {_N} AND key = ?"


def _put_edges(conn: sqlite3.Connection, rows: list) -> None:
    """Upsert edge rows ``(source, target, key, attrs, spill)``, and the spans they keep apart."""
    conn.executemany(_EDGE_UPSERT, [row[:4] for row in rows])
    conn.executemany(_SPILL_PUT, [(x, u, v, k) for u, v, k, _, x in rows if x is not None])


_EDGE_DELETE = f"DELETE FROM edges WHERE source = {_N} AND target = {_N} AND key = ?"


def _write(conn: sqlite3.Connection, new: Snapshot, old: Snapshot) -> None:
    conn.executemany(_EDGE_DELETE, list(old.edges.keys() - new.edges.keys()))
    conn.executemany("DELETE FROM nodes WHERE id=?", [(n,) for n in old.nodes.keys() - new.nodes.keys()])
    conn.executemany("DELETE FROM graph_attrs WHERE key=?", [(k,) for k in old.attrs.keys() - new.attrs.keys()])
    conn.executemany(_NODE_UPSERT, [(n, codec.node_type(a), a) for n, a in new.nodes.items() if old.nodes.get(n) != a])
    _put_edges(conn, [(*e, *a) for e, a in new.edges.items() if old.edges.get(e) != a])
    conn.executemany(
        "INSERT OR REPLACE INTO graph_attrs VALUES (?, ?)",
        [(k, a) for k, a in new.attrs.items() if old.attrs.get(k) != a],
    )


# -- rows by id: what a working set (graph/working_set.py) reads and writes ---------
#
# These four readers and one writer are the whole of what code outside this
# module needs to know of the table layout: they speak node ids and attribute
# dicts, whatever the rows look like on disk. The readers read a store of
# layout 2 as it is (a writer reads before it writes); the writer converts it.

#: ``IN`` over a list of ids passed as one JSON parameter (:func:`json_ids`): no limit on its length.
IN_JSON = "(SELECT value FROM json_each(?))"
_IN = IN_JSON
# a row leans on its source's document only with the flag D, on its target's text only with X
# (graph/codec.py): the end's row, a document's kilobyte of JSON, is parsed only then
_FLAGS = "(CASE WHEN instr(e.attrs, '\"~\":\"') THEN e.attrs ->> '$.\"~\"' END)"
_LEANS = f"CASE WHEN instr({_FLAGS}, 'D') THEN s.attrs ->> '$.document' END, CASE WHEN instr({_FLAGS}, 'X') THEN t.attrs ->> '$.text' END"
#: An edge's columns as :func:`edge_from_row` takes them (``edges e`` joined to its ends ``s``, ``t``):
#: ``e``, source id, target id, key, row, spill, and what the row leans on, read only when it does.
EDGE_COLUMNS = f"e.e, s.id, t.id, e.key, e.attrs, CASE WHEN instr(e.attrs, 'Z') THEN (SELECT span FROM edge_spill x WHERE x.e = e.e) END, {_LEANS}"
#: The same without the spill: edges without the spans kept apart (for a question that reads no span).
LEAN_EDGE_COLUMNS = f"e.e, s.id, t.id, e.key, e.attrs, NULL, {_LEANS}"
#: The edges joined to their end nodes, for :data:`EDGE_COLUMNS`.
EDGE_JOIN = "edges e JOIN nodes s ON s.n = e.source JOIN nodes t ON t.n = e.target"


def _text(value) -> Optional[str]:
    return value if isinstance(value, str) else None


def edge_from_row(row: tuple) -> tuple[str, str, str, dict]:
    """``(source, target, key, attributes)`` of a row read with :data:`EDGE_COLUMNS`."""
    _, u, v, k, stored, spill, document, text = row
    return u, v, k, codec.unpack_edge(stored, spill, u, v, k, source_document=_text(document), target_text=_text(text))


def json_ids(ids: Iterable[str]) -> str:
    """A list of ids as the one JSON parameter of :data:`IN_JSON`."""
    return json.dumps(sorted(set(ids)), ensure_ascii=False)


def read_graph_attrs(conn: sqlite3.Connection) -> dict:
    """The graph's own attributes (``G.graph``)."""
    return {k: orjson.loads(v) for k, v in conn.execute("SELECT key, value FROM graph_attrs")}


def read_nodes(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, dict]:
    """The attributes of the nodes among ``ids`` that are stored (id → attributes); the others are left out."""
    if layout(conn) == 2:  # read as it is; the first write converts it
        rows = conn.execute(f"SELECT id, attrs FROM nodes WHERE id IN {_IN} ORDER BY rowid", (json_ids(ids),))
        return {n: orjson.loads(a) for n, a in rows}
    rows = conn.execute(f"SELECT id, attrs FROM nodes WHERE id IN {_IN} ORDER BY n", (json_ids(ids),))
    return {n: codec.unpack_node(a) for n, a in rows}


def read_nodes_of_type(conn: sqlite3.Connection, node_type: str) -> dict[str, dict]:
    """Every stored node of one type (id → attributes), in the order they were first stored."""
    if layout(conn) == 2:
        rows = conn.execute("SELECT id, attrs FROM nodes WHERE type = ? ORDER BY rowid", (node_type,))
        return {n: orjson.loads(a) for n, a in rows}
    rows = conn.execute("SELECT id, attrs FROM nodes WHERE type = ? ORDER BY n", (node_type,))
    return {n: codec.unpack_node(a) for n, a in rows}


def read_edges_of(conn: sqlite3.Connection, ids: Iterable[str]) -> list[tuple[str, str, str, dict]]:
    """Every stored edge into or out of one of ``ids``: ``(source, target, key, attributes)``, each once."""
    wanted = json_ids(ids)
    if layout(conn) == 2:
        rows = conn.execute(
            f"SELECT source, target, key, attrs, rowid FROM edges WHERE source IN {_IN}"
            f" UNION SELECT source, target, key, attrs, rowid FROM edges WHERE target IN {_IN} ORDER BY 5",
            (wanted, wanted),
        )
        return [(u, v, k, orjson.loads(a)) for u, v, k, a, _ in rows]
    near = f"(SELECT n FROM nodes WHERE id IN {_IN})"
    rows = conn.execute(
        f"SELECT {EDGE_COLUMNS} FROM {EDGE_JOIN} WHERE e.source IN {near}"
        f" UNION SELECT {EDGE_COLUMNS} FROM {EDGE_JOIN} WHERE e.target IN {near} ORDER BY 1",
        (wanted, wanted),
    )
    return [edge_from_row(row) for row in rows]


def read_keyed_edges(conn: sqlite3.Connection, node: str, keys: Iterable[str], *, out: bool = True) -> list[tuple[str, str, str, dict]]:
    """The stored edges out of ``node`` (``out``) or into it whose key is one of ``keys``: ``(source, target, key, attributes)``.

    One indexed read of those edges alone (a national plan has thousands of
    edges of other kinds).
    """
    keys = sorted(set(keys))
    marks = ", ".join("?" * len(keys))
    mine, theirs = ("source", "target") if out else ("target", "source")
    if layout(conn) == 2:
        rows = conn.execute(
            f"SELECT source, target, key, attrs FROM edges WHERE {mine} = ? AND key IN ({marks}) ORDER BY rowid", (node, *keys)
        )
        return [(u, v, k, orjson.loads(a)) for u, v, k, a in rows]
    rows = conn.execute(
        f"SELECT {EDGE_COLUMNS} FROM {EDGE_JOIN} WHERE e.{mine} = (SELECT n FROM nodes WHERE id = ?) AND e.key IN ({marks}) ORDER BY 1",
        (node, *keys),
    )
    return [edge_from_row(row) for row in rows]


def has_keyed_edges(conn: sqlite3.Connection, node: str, keys: Iterable[str], *, out: bool = True) -> bool:
    """True when an edge out of ``node`` (``out``) or into it whose key is one of ``keys`` is stored.

    Reads no attributes: whether a document holds tasks, without its tasks' rows.
    """
    keys = sorted(set(keys))
    marks = ", ".join("?" * len(keys))
    mine = "source" if out else "target"
    near = "?" if layout(conn) == 2 else _N
    row = conn.execute(f"SELECT 1 FROM edges WHERE {mine} = {near} AND key IN ({marks}) LIMIT 1", (node, *keys)).fetchone()
    return row is not None


def node_types(conn: sqlite3.Connection) -> dict[str, Optional[str]]:
    """The type of every stored node (id → type): what an export asks of the nodes an edge or attribute names."""
    return dict(conn.execute("SELECT id, type FROM nodes"))


def has_edge(conn: sqlite3.Connection, source: str, target: str, key: str) -> bool:
    """True when the edge ``source -> target`` with key ``key`` is stored."""
    return conn.execute(f"SELECT 1 FROM edges WHERE source = {_N} AND target = {_N} AND key = ?", (source, target, key)).fetchone() is not None


# -- the whole graph a chunk at a time: what an export of a national store reads ----------
#
# In the order load_graph's graph iterates them (G.nodes, G.edges(keys=True)), so a
# file written from these is the one written from the loaded graph. Layout 3 only.


def stream_nodes(conn: sqlite3.Connection, *, chunk: int = 2000) -> Iterator[list[tuple[str, dict]]]:
    """The stored nodes, ``chunk`` at a time: lists of ``(id, attributes)`` in the order they were first stored."""
    rows = conn.execute("SELECT id, attrs FROM nodes ORDER BY n")
    while batch := rows.fetchmany(chunk):
        yield [(node, codec.unpack_node(attrs)) for node, attrs in batch]


def _in_graph_order(rows: list) -> list:
    # one source's edge rows: networkx lists them by target in the order the first edge to it was added,
    # then by key in the order they were added (load_graph adds them in ``e`` order)
    first: dict = {}
    for row in sorted(rows, key=lambda r: r[0]):
        first.setdefault(row[2], row[0])
    return sorted(rows, key=lambda r: (first[r[2]], r[0]))


def stream_edges(conn: sqlite3.Connection, *, chunk: int = 5000) -> Iterator[list[tuple[str, str, str, dict]]]:
    """The stored edges, about ``chunk`` at a time: lists of ``(source, target, key, attributes)``.

    In the order ``load_graph(conn).edges(keys=True, data=True)`` gives
    them: by source in node order, then as :func:`_in_graph_order` says.
    A chunk ends where a source's edges end.
    """
    # the key index (source, target, key) serves the order by source; rows of one source are few
    rows = conn.execute(f"SELECT {EDGE_COLUMNS}, e.source FROM {EDGE_JOIN} ORDER BY e.source")
    out: list = []
    group: list = []
    source = None
    while batch := rows.fetchmany(chunk):
        for row in batch:
            if row[-1] != source:
                out.extend(edge_from_row(r[:-1]) for r in _in_graph_order(group))
                group, source = [], row[-1]
                if len(out) >= chunk:
                    yield out
                    out = []
            group.append(row)
    out.extend(edge_from_row(r[:-1]) for r in _in_graph_order(group))
    if out:
        yield out


def shape_representatives(conn: sqlite3.Connection) -> tuple[list[tuple[str, dict]], list[tuple[str, str, str, dict]]]:
    """One node and one edge of each stored shape (:data:`policykg.graph.codec.SHAPE`), the first in graph order.

    Every stored row decodes to the keys and kinds of values of its shape's
    representative, so these tell the attributes of the whole graph
    (what a GraphML export declares before its rows) from one pass in SQL.
    Nodes as :func:`stream_nodes` gives them, edges as :func:`stream_edges`,
    each list in the order its rows come there.
    """
    node_shape = codec.SHAPE.format(attrs="nodes.attrs", row="nodes.n")
    firsts = [n for (n,) in conn.execute(f"SELECT min(n) FROM nodes GROUP BY {node_shape} ORDER BY 1")]
    nodes = [(node, codec.unpack_node(attrs)) for node, attrs in conn.execute(f"SELECT id, attrs FROM nodes WHERE n IN {_IN} ORDER BY n", (json_ids(firsts),))]
    # an edge shape's first row in graph order: among the rows of that shape from the first source that has it,
    # the one _in_graph_order puts first
    edge_shape = codec.SHAPE.format(attrs="edges.attrs", row="edges.e")
    shaped = conn.execute(
        f"WITH shaped AS MATERIALIZED (SELECT e, source, {edge_shape} AS shape FROM edges),"
        " first AS (SELECT shape, min(source) AS source FROM shaped GROUP BY shape)"
        " SELECT s.e, s.shape FROM shaped s JOIN first f ON f.shape = s.shape AND f.source = s.source"
    ).fetchall()
    shape_of = dict(shaped)
    sources = [row for row in conn.execute(f"SELECT {EDGE_COLUMNS}, e.source FROM {EDGE_JOIN} WHERE e.source IN"
                                           f" (SELECT x.source FROM edges x WHERE x.e IN {_IN}) ORDER BY e.source", (json_ids(shape_of),))]
    by_source: dict = {}
    for row in sources:
        by_source.setdefault(row[-1], []).append(row)
    seen: set = set()
    edges = []
    for source in sorted(by_source):
        for row in _in_graph_order(by_source[source]):
            shape = shape_of.get(row[0])
            if shape is not None and shape not in seen:
                seen.add(shape)
                edges.append(edge_from_row(row[:-1]))
    return nodes, edges


def _stored_context(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, tuple]:
    """(document, text) of stored nodes, as the rows of their edges lean on them."""
    rows = conn.execute(f"SELECT id, attrs ->> '$.document', attrs ->> '$.text' FROM nodes WHERE id IN {_IN}", (json_ids(ids),))
    return {n: (_text(doc), _text(text)) for n, doc, text in rows}


def _context(d: dict) -> tuple:
    return codec.context_of(d, "document"), codec.context_of(d, "text")


def write_rows(
    conn: sqlite3.Connection,
    *,
    nodes: dict,
    edges: dict,
    gone_nodes: Iterable[str] = (),
    gone_edges: Iterable[tuple] = (),
    graph_attrs: Optional[dict] = None,
) -> None:
    """Write node rows (id → attributes) and edge rows ((source, target, key) → attributes), delete gone ones.

    Inside the caller's write transaction. ``graph_attrs``, when given,
    replaces the graph's own attributes. An edge's end nodes must be stored
    or among ``nodes``; a gone node takes its stored edges with it.

    Raises
    ------
    GraphStoreError
        An edge key is not its relation name.
    """
    _ready_for_write(conn)
    for u, v, k in edges:
        _check_key(u, v, k)
    conn.executemany(_EDGE_DELETE, list(gone_edges))
    conn.executemany("DELETE FROM nodes WHERE id=?", [(n,) for n in gone_nodes])
    # a stored edge not written here whose row leans on a node changed here is written again
    before = _stored_context(conn, nodes)
    moved = [n for n, ctx in before.items() if ctx != _context(nodes[n])]
    again = {(u, v, k): a for u, v, k, a in read_edges_of(conn, moved) if (u, v, k) not in edges} if moved else {}
    conn.executemany(_NODE_UPSERT, [(n, a.get("type"), codec.pack_node(a)) for n, a in nodes.items()])
    todo = {**again, **edges}
    ends = {u for u, _, _ in todo} | {v for _, v, _ in todo}
    context = {n: _context(a) for n, a in nodes.items()}
    context.update(_stored_context(conn, ends - context.keys()))
    none = (None, None)
    _put_edges(
        conn,
        [
            (u, v, k, *codec.pack_edge(u, v, k, a, source_document=context.get(u, none)[0], target_text=context.get(v, none)[1]))
            for (u, v, k), a in todo.items()
        ],
    )
    if graph_attrs is not None:
        conn.execute("DELETE FROM graph_attrs")
        conn.executemany("INSERT INTO graph_attrs VALUES (?, ?)", [(k, _dumps(v)) for k, v in graph_attrs.items()])


def _has_held_schema(conn: sqlite3.Connection) -> bool:
    return database.has_object(conn, _HELD_SCHEMA_MARK)


def ensure_held_schema(conn: sqlite3.Connection) -> None:
    """Create the tables and triggers of the kept indexes if missing (inside a write transaction)."""
    if not _has_held_schema(conn):
        for statement in HELD_SCHEMA:
            conn.execute(statement)


def drop_held_indexes(conn: sqlite3.Connection) -> None:
    """Forget the kept indexes and the change log (inside a write transaction): the graph was written anew."""
    if _has_held_schema(conn):
        conn.execute("DELETE FROM held_indexes")
        conn.execute("DELETE FROM document_changes")


def read_held_index(conn: sqlite3.Connection, name: str, stamp: str) -> Optional[tuple[bytes, set[str]]]:
    """The state kept of the index ``name`` by code of ``stamp``, and the documents changed since.

    None when none is kept, or it was kept by other code (another
    ``stamp``: its rules may file a document under other keys).
    """
    if not _has_held_schema(conn):
        return None
    row = conn.execute("SELECT stamp, seq, pending, state FROM held_indexes WHERE name=?", (name,)).fetchone()
    if row is None or row[0] != stamp:
        return None
    _, seq, pending, state = row
    changed = set(json.loads(pending))
    changed.update(n for (n,) in conn.execute("SELECT node FROM document_changes WHERE seq > ?", (seq,)))
    return state, changed


def keep_held_indexes(conn: sqlite3.Connection, stamp: str, states, *, documents: int) -> bool:
    """Write the indexes' states (inside the write transaction of the change they follow) when due; True if written.

    ``states()`` gives ``{name: (state, pending)}``, ``pending`` the
    documents changed since the index last looked; it is called only when
    the kept states are missing, of other code, or more documents changed
    since them than :data:`REWRITE_HELD_AFTER` (and a
    :data:`REWRITE_HELD_SHARE`-th of ``documents``). The log before the
    states written goes.
    """
    ensure_held_schema(conn)
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'document_changes'").fetchone()
    now = row[0] if row else 0
    kept, oldest, same = conn.execute("SELECT count(*), min(seq), min(stamp = ?) FROM held_indexes", (stamp,)).fetchone()
    if kept and same and now - oldest < max(REWRITE_HELD_AFTER, documents // REWRITE_HELD_SHARE):
        return False
    conn.execute("DELETE FROM held_indexes")
    conn.executemany(
        "INSERT INTO held_indexes VALUES (?, ?, ?, ?, ?)",
        [(name, stamp, now, json.dumps(sorted(set(pending)), ensure_ascii=False), state) for name, (state, pending) in states().items()],
    )
    conn.execute("DELETE FROM document_changes WHERE seq <= ?", (now,))
    return True


def save_changes(G, conn: sqlite3.Connection, before: Snapshot) -> Snapshot:
    """Write to the graph tables what changed in ``G`` since it was loaded as ``before``.

    A :class:`TrackedGraph` (as :func:`load_graph` gives with ``snapshot``)
    dumps only the rows set, added or removed since; any other graph is
    dumped whole and compared. Returns the snapshot of ``G`` as now stored
    (for the next change).
    """
    tracked = isinstance(G, TrackedGraph)
    new = _changed_rows(G, before) if tracked else _rows(G)
    with database.write(conn):
        _ready_for_write(conn)
        _write(conn, new, before)
    if tracked:
        _clean(G)
    return new


def save_graph(G, where: Where) -> dict:
    """Write ``G`` to the graph tables of a store (a folder, created if missing, or a connection).

    Everything the tables held is replaced, in one transaction.

    Returns
    -------
    dict
        ``{format, nodes, edges}``.

    Raises
    ------
    GraphStoreError
        The store cannot be created or written, or an edge key is not its relation name.
    """
    new = _rows(G)
    conn, mine = _connection(where, create=True)
    try:
        with database.write(conn):
            _ready_for_write(conn, keep=False)
            conn.execute("DELETE FROM edge_spill")
            conn.execute("DELETE FROM edges")
            conn.execute("DELETE FROM nodes")
            conn.execute("DELETE FROM graph_attrs")
            _write(conn, new, Snapshot({}, {}, {}))
            drop_held_indexes(conn)
    except sqlite3.Error as err:
        raise GraphStoreError(store=str(where), reason=str(err)) from err
    finally:
        if mine:
            conn.close()
    return {"format": FORMAT, "nodes": G.number_of_nodes(), "edges": G.number_of_edges()}


def _from_layout2(nodes: list, edges: list) -> tuple[dict, dict]:
    return {n: a for _, n, a in nodes}, {(u, v, k): a for u, v, k, a in edges}


def store_exists(where: Where) -> bool:
    """True when the store (a folder or a connection) holds graph tables.

    >>> store_exists("/nonexistent")
    False
    """
    if not isinstance(where, sqlite3.Connection) and not database.is_store(where):
        return False
    conn, mine = _connection(where, create=False)
    try:
        return _has_tables(conn)
    finally:
        if mine:
            conn.close()


def in_step(conn: sqlite3.Connection) -> bool:
    """True when the graph tables hold the graph of the records as they are now."""
    return store_exists(conn) and database.counter(conn, database.GRAPH_OF) == database.counter(conn, database.RECORDS)


def load_graph(where: Where, *, snapshot: bool = False):
    """Read the graph of a store (a folder or a connection).

    With ``snapshot``, returns ``(G, Snapshot)`` for :func:`save_changes`.

    Raises
    ------
    GraphStoreError
        No store or no graph there, or its rows are unreadable.
    """
    if not isinstance(where, sqlite3.Connection) and not database.is_store(where):
        raise GraphStoreError(store=str(where), reason=f"no {database.DB_FILE} (nothing ingested yet?)")
    conn, mine = _connection(where, create=False)
    try:
        with database.read(conn):
            if not _has_tables(conn):
                raise GraphStoreError(store=str(where), reason="no graph tables (nothing ingested yet?)")
            attrs = dict(conn.execute("SELECT key, value FROM graph_attrs"))
            if layout(conn) == LAYOUT:
                nodes = conn.execute("SELECT n, id, attrs FROM nodes ORDER BY n").fetchall()
                edges = conn.execute(
                    "SELECT e.source, e.target, e.key, e.attrs, x.span FROM edges e LEFT JOIN edge_spill x ON x.e = e.e ORDER BY e.e"
                ).fetchall()
            else:  # layout 2 (text ids, whole JSON rows): read as it is; the first write converts it
                nodes = conn.execute("SELECT rowid, id, attrs FROM nodes ORDER BY rowid").fetchall()
                edges = conn.execute("SELECT source, target, key, attrs FROM edges ORDER BY rowid").fetchall()
                nodes, edges = _from_layout2(nodes, edges)
    except sqlite3.Error as err:
        raise GraphStoreError(store=str(where), reason=f"cannot read the graph tables: {err}") from err
    finally:
        if mine:
            conn.close()
    try:
        G = TrackedGraph() if snapshot else nx.MultiDiGraph()
        G.graph.update({k: json.loads(v) for k, v in attrs.items()})
        if isinstance(nodes, dict):  # layout 2
            node_rows, edge_rows = nodes, edges
            G.add_nodes_from((n, orjson.loads(a)) for n, a in nodes.items())
            G.add_edges_from((u, v, k, orjson.loads(a)) for (u, v, k), a in edges.items())
        else:
            ids = {n: node for n, node, _ in nodes}
            node_rows = {node: a for _, node, a in nodes}
            G.add_nodes_from((node, codec.unpack_node(a)) for node, a in node_rows.items())
            data = G._node
            edge_rows = {(ids[s], ids[t], k): (a, spill) for s, t, k, a, spill in edges}
            G.add_edges_from(
                (u, v, k, codec.unpack_edge(
                    a, spill, u, v, k,
                    source_document=codec.context_of(data[u], "document"),
                    target_text=codec.context_of(data[v], "text"),
                ) if codec.needs_context(a) else codec.unpack_edge(a, spill, u, v, k))
                for (u, v, k), (a, spill) in edge_rows.items()
            )
            del nodes, edges
    except (ValueError, KeyError, TypeError, zlib.error) as err:
        raise GraphStoreError(store=str(where), reason=f"unreadable graph rows: {err}") from err
    if snapshot:
        _clean(G)
        return G, Snapshot(node_rows, edge_rows, attrs)
    return G
