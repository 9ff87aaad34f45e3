"""A working set: the stored graph as a networkx graph that reads only the rows it touches.

A write to a national store changes a few documents, but building them
reaches only their neighbourhood: the documents they cite or may implement,
their tasks, agencies and regions. :class:`WorkingSet` is a
:class:`~policykg.graph.embedded.TrackedGraph` over the store's graph
tables that holds every *document* (their attributes only: the indexes that
resolve citations and infer links are built from them) and loads anything
else the first time it is asked for:

- ``n in G`` or ``G.nodes[n]`` reads the node's row;
- ``G[n]``, ``G.successors(n)``, ``G.in_edges(n)``, adding or removing an
  edge at ``n``: every edge into and out of ``n`` is read, once, so ``n``'s
  adjacency is exact from then on (the node is *settled*). One exception:
  an edge added from a settled node into one not settled is held on the
  settled side until the other is read (:meth:`WorkingSet.add_edge`).

Every change networkx makes passes through both ends of an edge (and
removing a node through all its neighbours), so whatever a change touches is
settled first, and an edge is one shared dict on both sides, as networkx
keeps it. :meth:`WorkingSet.save` writes the rows that were set, added or
removed, and then forgets everything but the documents, so a long ingest
holds the documents and one chunk's neighbourhood, never the whole graph.

The code that builds graphs (:mod:`~policykg.graph.build`) works on a
working set as on a whole graph. What it must know: iterating the graph
gives only what is loaded (every document, plus what was touched), so a
sweep for leftovers looks at :func:`touched` nodes; an operation that
really needs everything calls :func:`load_everything` first (a renamed
document key, which rewrites references anywhere; rare).

Examples
--------
>>> import tempfile
>>> from policykg import database
>>> from policykg.ingest.records import Document
>>> from policykg.graph import build_graph
>>> from policykg.graph.embedded import save_graph
>>> folder = tempfile.mkdtemp()
>>> _ = save_graph(build_graph([Document(id="x", kind="notice", title="关于某事的通知", doc_number="湘政办发〔2020〕9号")]), folder)
>>> conn = database.connect(folder)
>>> G = WorkingSet(conn)
>>> "doc:湘政办发〔2020〕9号" in G, "doc:nothing" in G
(True, False)
"""

from __future__ import annotations

import ctypes
import gc
import sqlite3
from typing import Iterable, Iterator, Optional

import networkx as nx

from .embedded import TrackedGraph, _Tracked, has_keyed_edges, has_query_schema, read_edges_of, read_graph_attrs, read_keyed_edges, read_nodes, read_nodes_of_type, write_rows
from .held import keep
from .schema import NodeType

__all__ = ["WorkingSet", "touched", "load_everything"]


def _clean(attrs: dict) -> _Tracked:
    data = _Tracked(attrs)
    data.dirty = False
    return data


_DOCUMENT = NodeType.DOCUMENT.value


class _Watched(_Tracked):
    """A node's attributes in a working set: a change to a document's is written in the set's journal.

    The journal is how the indexes held across batches (:mod:`~policykg.graph.held`)
    find what changed without looking at every document
    (:meth:`WorkingSet.documents_changed_since`).
    """

    __slots__ = ("ws", "node", "logged_at")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.ws = None  # bound when put in the working set (_Nodes.__setitem__)
        self.node = None
        self.logged_at = -1

    def _touch(self) -> None:
        self.dirty = True
        ws = self.ws
        if ws is None:
            return
        ws._unsaved = True
        # once per change a reader has not seen yet: a document set a hundred times in a batch is one entry
        if self.logged_at < ws._journal_read and dict.get(self, "type") == _DOCUMENT:
            self.logged_at = len(ws.journal)
            ws.journal.append(self.node)


def _clean_node(ws: "WorkingSet", n: str, attrs: dict) -> _Watched:
    data = _Watched(attrs)
    data.dirty = False
    data.ws, data.node = ws, n
    return data


class _Lazy(dict):
    """A dict of the working set that reads a missing key from the store when asked for (:meth:`_load`)."""

    __slots__ = ("ws",)

    def __init__(self, ws: "WorkingSet") -> None:
        super().__init__()
        self.ws = ws

    def _load(self, n) -> bool:  # pragma: no cover - each side says how
        raise NotImplementedError

    def __contains__(self, n) -> bool:
        return dict.__contains__(self, n) or self._load(n)

    def __getitem__(self, n):
        if not dict.__contains__(self, n) and not self._load(n):
            raise KeyError(n)
        return dict.__getitem__(self, n)

    def get(self, n, default=None):
        return self[n] if n in self else default

    # Looking at one node may read others in (a document's tasks: read_ahead), so a
    # walk over what is loaded walks over what was loaded when it began.
    def __iter__(self):
        return iter(list(dict.keys(self)))

    def keys(self):
        return list(dict.keys(self))

    def items(self):
        return list(dict.items(self))

    def values(self):
        return list(dict.values(self))


class _Nodes(_Lazy):
    """Node attributes by id: a node not in memory is read from the store."""

    __slots__ = ()

    def _load(self, n) -> bool:
        ws = self.ws
        if n in ws._gone or n in ws._absent or not isinstance(n, str):
            return False
        row = read_nodes(ws.conn, [n]).get(n)
        if row is None:
            ws._absent.add(n)
            return False
        dict.__setitem__(self, n, _clean_node(ws, n, row))
        ws._stored_nodes.add(n)
        return True

    def __setitem__(self, n, value) -> None:
        ws = self.ws
        ws._absent.discard(n)
        ws._gone.discard(n)
        if isinstance(value, _Watched):  # what networkx made for a new node (empty yet: filled, it notes itself)
            value.ws, value.node = ws, n
        ws._unsaved = True
        dict.__setitem__(self, n, value)


class _Adjacency(_Lazy):
    """One side of the adjacency (successors or predecessors): a node's edges are read when first asked for."""

    __slots__ = ()

    def _load(self, n) -> bool:
        return self.ws._settle(n)

    def __setitem__(self, n, value) -> None:
        # networkx sets both sides of a node it adds: a node new to the store is settled at once
        self.ws._settled.add(n)
        dict.__setitem__(self, n, value)


class WorkingSet(TrackedGraph):
    """The graph stored in ``conn``'s graph tables, loaded as it is touched (see the module docstring).

    Parameters
    ----------
    conn : sqlite3.Connection
        A store's database; read inside the caller's transactions.
    """

    node_attr_dict_factory = _Watched

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.journal: list[str] = []  # documents set, added or removed, in order (documents_changed_since)
        self._journal_read = 0  # how much of the journal a reader has seen
        self._unsaved = False  # a node was set, added or removed since the store was read or saved
        super().__init__()
        self.conn = conn
        self._node = _Nodes(self)
        self._adj = self._succ = _Adjacency(self)
        self._pred = _Adjacency(self)
        self._settled: set = set()  # nodes whose every edge is in memory
        self._gone: set = set()  # nodes removed here (the store still has them until saved)
        self._absent: set = set()  # ids looked up and not stored
        self._stored_nodes: set = set()  # ids read from the store (to tell removals at save)
        self._stored_edges: set = set()  # (u, v, key) read from the store
        self._keyed: dict = {}  # (node, keys, out) → stored edges of a node not settled (:meth:`keyed_edges`)
        self._read_ahead: set = set()  # nodes read by read_ahead (that release may forget)
        self._pending: dict = {}  # node not settled → settled sources of edges added into it (add_edge)
        self.graph.update(read_graph_attrs(conn))
        self._load_documents()

    def _load_documents(self) -> None:
        for n, attrs in read_nodes_of_type(self.conn, NodeType.DOCUMENT.value).items():
            if not dict.__contains__(self._node, n):
                dict.__setitem__(self._node, n, _clean_node(self, n, attrs))
                self._stored_nodes.add(n)
        # the documents are held for as long as the working set: out of the cycle collector's
        # sight (what is dropped of them later is freed as ever, by reference counts; the
        # workspace thaws them on close). Collecting first would walk them all once more.
        gc.freeze()

    def documents_changed_since(self, mark: Optional[int]) -> tuple[Optional[set[str]], int]:
        """The documents set, added or removed since ``mark`` (a position in the journal), and the position now.

        A reader keeps the position it was given and passes it back next
        time: it is told only what changed in between (a document held but
        never set is never listed), whatever was saved and forgotten meanwhile.
        ``mark`` None (a reader that has just looked at everything): only the
        position. Changing a value held inside an attribute in place is not
        seen, as it is not saved (:class:`~policykg.graph.embedded._Tracked`).
        """
        self._journal_read = len(self.journal)
        return (None if mark is None else set(self.journal[mark:])), len(self.journal)

    def stored_record_ids(self) -> Optional[set[str]]:
        """The record ids of the stored documents, read from the store's lookup table (no document is looked at).

        None when a node was changed here since the store was read or saved
        (the store is not the graph held), or the store has no lookup table.
        """
        if self._unsaved or not has_query_schema(self.conn):
            return None
        return {key for (key,) in self.conn.execute("SELECT key FROM node_keys WHERE kind = 'record'")}

    # -- reading -------------------------------------------------------------
    def _settle(self, n) -> bool:
        """Read every edge at ``n`` into memory; False when there is no node ``n``."""
        if n in self._settled:
            return dict.__contains__(self._succ, n)
        if n not in self._node:
            return False
        self._settle_many([n])
        return True

    def read_ahead(self, nodes: Iterable[str]) -> None:
        """Read the attributes of ``nodes`` now, in one go, because they are about to be looked at.

        The same as reading them one by one, in one read instead of one per
        node (a document's tasks: :func:`~policykg.graph.schema.document_tasks`).
        Their edges are read when walked: a plan weighed against a
        thousand candidate children reads their tasks' texts, not their links.
        """
        unread = [n for n in dict.fromkeys(nodes) if not dict.__contains__(self._node, n) and n not in self._absent and n not in self._gone]
        if unread:
            rows = read_nodes(self.conn, unread)
            for n in unread:
                if n in rows:
                    dict.__setitem__(self._node, n, _clean_node(self, n, rows[n]))
                    self._stored_nodes.add(n)
                    self._read_ahead.add(n)
                else:
                    self._absent.add(n)

    def release(self) -> int:
        """Forget the nodes read ahead (:meth:`read_ahead`) that nothing changed since; returns how many.

        A plan weighed against a thousand candidate children reads each
        child's tasks once; held until the chunk is saved, they are most of
        a large chunk's memory. A node whose edges were read (settled) or
        whose attributes were set stays; one forgotten is read again if it
        is touched again, as it is in the store.
        """
        released = 0
        for n in self._read_ahead:
            data = dict.get(self._node, n)
            if data is None or data.dirty or n in self._settled or data.get("type") == NodeType.DOCUMENT.value:
                continue
            dict.__delitem__(self._node, n)
            self._stored_nodes.discard(n)
            released += 1
        self._read_ahead.clear()
        return released

    def keyed_edges(self, n, keys: Iterable[str], *, out: bool = True) -> list[tuple[str, str, str, dict]]:
        """The edges out of ``n`` (``out``) or into it whose key is one of ``keys``: ``(source, target, key, data)``.

        The same edges as walking ``G.out_edges(n, keys=True, data=True)``
        (or ``in_edges``) and keeping those keys, without reading ``n``'s
        other edges: a node not settled has had none of its edges changed
        here (a change settles both ends), so the store's rows are its edges
        as they are. Their data is to be read, not changed.
        """
        keys = frozenset(keys)
        if n in self._settled:
            side = dict.get(self._succ if out else self._pred, n)
            if side is None:
                return []
            return [(n, v, k, d) if out else (v, n, k, d) for v, keyed in side.items() for k, d in keyed.items() if k in keys]
        if n in self._gone or not isinstance(n, str):
            return []
        if n in self._pending:  # edges added into it are in memory only: its rows are not all its edges
            self._settle_many([n])
            return self.keyed_edges(n, keys, out=out)
        cached = self._keyed.get((n, keys, out))
        if cached is None:
            cached = self._keyed[(n, keys, out)] = read_keyed_edges(self.conn, n, keys, out=out)
        return list(cached)

    def has_keyed_edges(self, n, keys: Iterable[str], *, out: bool = True) -> bool:
        """Whether :meth:`keyed_edges` would give any edge, without reading the edges' rows."""
        keys = frozenset(keys)
        if n in self._settled or n in self._pending:
            return bool(self.keyed_edges(n, keys, out=out))
        if n in self._gone or not isinstance(n, str):
            return False
        cached = self._keyed.get((n, keys, out))
        return bool(cached) if cached is not None else has_keyed_edges(self.conn, n, keys, out=out)

    def _settle_many(self, nodes: Iterable[str]) -> None:
        nodes = [n for n in dict.fromkeys(nodes) if n not in self._settled and n not in self._gone]
        self.read_ahead(nodes)
        todo = [n for n in nodes if dict.__contains__(self._node, n)]
        if not todo:
            return
        succ, pred = self._succ, self._pred
        for n in todo:
            self._settled.add(n)
            dict.__setitem__(succ, n, {})
            dict.__setitem__(pred, n, {})
        fresh = set(todo)
        for u, v, k, attrs in read_edges_of(self.conn, todo):
            self._stored_edges.add((u, v, k))
            # the other end, when settled before, holds the edge as it is now (or has dropped it)
            if u in fresh and v in fresh:
                keyed = dict.__getitem__(succ, u).get(v)
                if keyed is None:
                    keyed = dict.__getitem__(succ, u)[v] = {}
                    dict.__getitem__(pred, v)[u] = keyed
                keyed[k] = _clean(attrs)
            elif u in fresh:
                self._attach(u, v, k, attrs, succ, pred)
            else:
                self._attach(v, u, k, attrs, pred, succ)
        for n in todo:
            for u in self._pending.pop(n, ()):
                keyed = dict.get(succ, u, {}).get(n) if u in self._settled else None
                if keyed is not None:  # else removed since
                    dict.__getitem__(pred, n)[u] = keyed

    def _attach(self, n, other, k, attrs, mine, theirs) -> None:
        """Put the stored edge between settled ``n`` and ``other`` on ``n``'s side."""
        side = dict.__getitem__(mine, n)
        if other in self._settled:
            held = dict.get(theirs, other)
            keyed = held.get(n) if held is not None else None
            if keyed is not None:
                side[other] = keyed  # the same dict, with the edge as it is now
            return  # else removed since
        keyed = side.get(other)
        if keyed is None:
            keyed = side[other] = {}
        keyed[k] = _clean(attrs)

    def load_everything(self) -> None:
        """Read every node and edge of the store into memory (for an operation that must see them all)."""
        ids = [n for (n,) in self.conn.execute("SELECT id FROM nodes")]
        missing = [n for n in ids if n not in self._gone and not dict.__contains__(self._node, n)]
        for start in range(0, len(missing), 50_000):
            for n, attrs in read_nodes(self.conn, missing[start : start + 50_000]).items():
                dict.__setitem__(self._node, n, _clean_node(self, n, attrs))
                self._stored_nodes.add(n)
        self._settle_many(list(dict.keys(self._node)))

    def touched(self) -> Iterator[tuple[str, dict]]:
        """The settled nodes with their attributes: the only ones a change can have left without edges."""
        for n in list(self._settled):
            if dict.__contains__(self._node, n):
                yield n, dict.__getitem__(self._node, n)

    # -- changing ------------------------------------------------------------
    def add_edge(self, u, v, key=None, **attr):
        """Add an edge as networkx does; into a node not settled, without reading that node's edges.

        A task's edge to its lead agency, a document's to its region: the
        far end is an agency or a region that thousands of edges meet, and
        reading them all for each chunk that adds one was a sixth of a long
        ingest. When ``u`` is settled its side says whether the edge is
        there, so the edge is kept on ``u``'s side alone and put on ``v``'s
        when ``v`` is settled (anything that reads ``v``'s edges settles it).
        """
        if (
            key is None
            or u == v
            or u not in self._settled
            or v in self._settled
            or not dict.__contains__(self._succ, u)
            or v not in self._node  # reads v's row (not its edges); a new node is settled the usual way
        ):
            return super().add_edge(u, v, key, **attr)
        out = dict.__getitem__(self._succ, u)
        keyed = out.get(v)
        if keyed is None:
            keyed = out[v] = self.edge_key_dict_factory()
        data = keyed.get(key)
        if data is None:
            data = keyed[key] = self.edge_attr_dict_factory()
        data.update(attr)
        self._pending.setdefault(v, set()).add(u)
        nx._clear_cache(self)
        return key

    def remove_node(self, n) -> None:
        if n in self._succ:  # settles n
            self._settle_many(list(dict.__getitem__(self._succ, n)) + list(dict.__getitem__(self._pred, n)))
        document = dict.get(self._node, n, {}).get("type") == _DOCUMENT
        super().remove_node(n)
        self._gone.add(n)
        self._unsaved = True
        if document:
            self.journal.append(n)

    def remove_edge(self, u, v, key=None) -> None:
        # networkx drops the edge from u's side before it looks at v's: settle v first,
        # or reading v's edges then would not find it on u's side and think it gone
        self._settle_many([u, v])
        super().remove_edge(u, v, key)

    def remove_nodes_from(self, nodes) -> None:
        for n in list(nodes):
            if n in self:
                self.remove_node(n)

    # -- writing -------------------------------------------------------------
    def _edges_now(self) -> dict:
        edges = {}
        for n in self._settled:
            out = dict.get(self._succ, n)
            if out is None:
                continue
            for v, keyed in out.items():
                for k, data in keyed.items():
                    edges[(n, v, k)] = data
            for u, keyed in dict.__getitem__(self._pred, n).items():
                for k, data in keyed.items():
                    edges[(u, n, k)] = data
        return edges

    def save(self, conn: sqlite3.Connection) -> None:
        """Write what changed since the store was read (inside the caller's write transaction), then forget it.

        Rows set, added or removed are written, and the indexes held on the
        set kept beside them when due (:func:`~policykg.graph.held.keep`);
        everything but the documents is forgotten, to be read again when
        next touched.
        """
        edges = self._edges_now()
        for k in edges:
            if not isinstance(k[2], str):
                from policykg.errors import GraphStoreError

                raise GraphStoreError(store="(graph)", reason=f"edge {k[0]} -> {k[1]} has key {k[2]!r}: every edge key must be its relation name")
        nodes = {n: d for n, d in dict.items(self._node) if d.dirty or n not in self._stored_nodes}
        write_rows(
            conn,
            nodes=nodes,
            edges={e: d for e, d in edges.items() if d.dirty or e not in self._stored_edges},
            gone_nodes=[n for n in self._stored_nodes if not dict.__contains__(self._node, n)],
            gone_edges=[e for e in self._stored_edges if e not in edges],
            graph_attrs=dict(self.graph),
        )
        self.forget()
        # the indexes held on this set go with the change they follow (when due), for the next
        # process; what is left once forgotten is the documents
        keep(self, conn, documents=len(self._stored_nodes))

    def forget(self) -> None:
        """Drop from memory all but the documents (as stored now): what is touched next is read again."""
        documents = {
            n: d for n, d in dict.items(self._node) if d.get("type") == NodeType.DOCUMENT.value
        }
        for d in documents.values():
            d.dirty = False
        forgotten = dict.__len__(self._node) - len(documents)
        dict.clear(self._node)
        dict.update(self._node, documents)
        dict.clear(self._succ)
        dict.clear(self._pred)
        self._settled.clear()
        self._gone.clear()
        self._absent.clear()
        self._stored_nodes = set(documents)
        self._stored_edges.clear()
        self._keyed.clear()
        self._read_ahead.clear()
        self._pending.clear()
        self._unsaved = False
        nx._clear_cache(self)
        if forgotten >= TRIM_AFTER:
            _give_back_memory()


#: Nodes forgotten at once above which their memory is handed back (a chunk of a long
#: ingest holds tens of thousands; adding one notice, a few hundred: not worth a tenth
#: of a second of collecting and trimming)
TRIM_AFTER = 10_000


def _give_back_memory() -> None:
    """Hand the memory of what was forgotten back to the system.

    A chunk's neighbourhood is many small objects; freed, they leave glibc's
    heap fragmented and the process keeps its peak size, so a long ingest
    would grow chunk by chunk. ``malloc_trim`` (what Dask's workers call for
    the same reason) returns the free pages. Elsewhere than glibc: nothing.
    """
    global _LIBC
    if _LIBC is None:
        try:
            _LIBC = ctypes.CDLL("libc.so.6")
            _LIBC.malloc_trim.argtypes = [ctypes.c_size_t]
        except (OSError, AttributeError):
            _LIBC = False
    if _LIBC:
        # the young generations: what this chunk made (the collector was held off while it was
        # built), not the writer's lasting indexes, which a full pass would walk every chunk
        gc.collect(1)
        _LIBC.malloc_trim(0)


_LIBC = None


def touched(G) -> Iterator[tuple[str, dict]]:
    """The nodes a sweep for leftovers must look at: all of a whole graph, the settled ones of a working set.

    A node left without edges lost them in this change, and losing an edge
    settles both its ends.
    """
    if isinstance(G, WorkingSet):
        return G.touched()
    return iter(G.nodes(data=True))


def load_everything(G) -> None:
    """Make sure every node and edge of ``G`` is in memory (a whole graph already is)."""
    if isinstance(G, WorkingSet):
        G.load_everything()
