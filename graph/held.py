"""Indexes held with a graph across the batches that change it.

Linking a batch looks citations up in indexes of every document
(:class:`~policykg.graph.resolve.DocumentIndex`, which documents cite by
which key). Built again for every batch, they cost a pass over the whole
corpus per batch: at 100,000 notices, most of the time of a batch of a
hundred. So the writer keeps one of each per graph and brings it in step
with what changed (each index's ``refresh``) before it is used again.

``POLICYKG_CHECK_INDEXES=1`` (the test suite sets it) checks every index so
kept against one built again from the graph, and raises on a difference.

A writer's working set also keeps its indexes in the store
(:func:`keep`, in the transaction of the change): a process that opens the
store next takes them from there (:func:`held`) and looks again only at the
documents changed since, so adding one notice to a national store does not
index every document first. Only the code that wrote them reads them (the
stamp of :func:`code_stamp`); any other builds them again.

>>> import networkx as nx
>>> from policykg.graph.resolve import DocumentIndex
>>> G = nx.MultiDiGraph()
>>> held(G, "documents", DocumentIndex) is held(G, "documents", DocumentIndex)
True
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Callable, Iterable, Optional, TypeVar

from .embedded import keep_held_indexes, read_held_index
from .schema import NodeType

__all__ = ["held", "checking", "changed_documents", "changes_since", "keep", "code_stamp", "Kept"]

T = TypeVar("T")

# on the graph itself, so an index goes with its graph (a weak mapping keyed by the
# graph would keep both for ever: each index refers to its graph)
_ATTRIBUTE = "_policykg_held_indexes"


def checking() -> bool:
    """Whether every held index is checked against one built again (``POLICYKG_CHECK_INDEXES``)."""
    return os.environ.get("POLICYKG_CHECK_INDEXES", "") not in ("", "0")


def held(G, name: str, make: Callable[..., T], **options) -> T:
    """The index ``name`` of ``G``: ``make(G, **options)`` the first time, brought in step with ``G`` (``refresh(**options)``) after.

    ``make`` is the index's class, with ``refresh()`` and ``contents()``;
    ``options`` say how to bring it in step this time (an index built with
    other options is the same index: they change how, not what, it files).
    The first time, a working set whose store keeps the index (a
    :class:`Kept` class, see :func:`keep`) takes it from there and brings it
    in step, instead of ``make``.
    """
    indexes = vars(G).setdefault(_ATTRIBUTE, {})
    index = indexes.get(name)
    if index is None:
        index = _kept(G, name, make)
        if index is None:
            index = indexes[name] = make(G, **options)
            return index  # built from the graph: nothing to check it against
        indexes[name] = index
    index.refresh(**options)
    if checking():
        fresh = make(G, **options)
        if fresh.contents() != index.contents():
            raise AssertionError(f"the held index {name!r} is not the index built again from the graph: {_difference(fresh.contents(), index.contents())}")
    return index


class Kept:
    """What makes a held index one :func:`keep` writes to the store: its attributes as plain data.

    An index's ``state()`` is every attribute but those named in
    ``_NOT_KEPT`` (its graph, where it is in the journal, and what it only
    remembers while nothing changes); ``restored()`` makes the index again
    over another graph. A subclass turns what ``marshal`` cannot write into
    plain data and back by extending both.
    """

    _NOT_KEPT: tuple = ("G", "journal_mark")

    def state(self) -> dict:
        """The index as plain data (``marshal`` writes it; an object written twice stays one)."""
        return {k: v for k, v in vars(self).items() if k not in self._NOT_KEPT}

    @classmethod
    def restored(cls, G, state: dict, *, journal_mark: Optional[int] = None):
        """The index of :meth:`state`, over ``G``, in step with it at ``journal_mark`` (its next refresh looks at what changed since)."""
        index = cls.__new__(cls)
        vars(index).update(state)
        index.G, index.journal_mark = G, journal_mark
        return index


@functools.lru_cache(maxsize=1)
def code_stamp() -> str:
    """What the indexes kept in a store were written by: this Python and this code's rules of filing.

    A digest of the graph package and of the rules (their modules and word
    lists): a kept index filed a document by the keys those rules gave, so
    after any change to them it is built again, never read. ``marshal``'s
    format is Python's own, hence its version.
    """
    from policykg import rules

    digest = hashlib.sha1(f"{sys.version}|{marshal.version}".encode())
    for folder in (Path(__file__).resolve().parent, Path(rules.__file__).resolve().parent):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _kept(G, name: str, make: Callable):
    """The index ``name`` as the last writer of ``G``'s store kept it; None if none is kept for this code.

    A working set's journal is given the documents changed in the store
    since the index was kept, so the index's first refresh looks at those
    (and at what changed here since the set was read). Another index that
    reads the journal looks at them too, and finds them unchanged. A state
    that cannot be read is as none kept (``marshal`` makes plain data, never
    runs code; the stamp and zlib's checksum guard what it reads).
    """
    conn, journal = getattr(G, "conn", None), getattr(G, "journal", None)
    if conn is None or journal is None or not (isinstance(make, type) and issubclass(make, Kept)):
        return None
    found = read_held_index(conn, name, code_stamp())
    if found is None:
        return None
    blob, changed = found
    try:
        state = marshal.loads(zlib.decompress(blob))
    except (ValueError, EOFError, TypeError, zlib.error):
        return None  # (unreadable: built again, as if none were kept)
    journal.extend(sorted(changed))
    return make.restored(G, state, journal_mark=0)


def keep(G, conn, *, documents: int) -> bool:
    """Keep ``G``'s held indexes in the store (inside the write transaction that saved ``G``); True if written.

    Written when due (:func:`~policykg.graph.embedded.keep_held_indexes`:
    when enough documents changed since they were last kept), each with the
    documents changed since it last looked, which the next reader looks
    at again. ``documents``: how many ``G`` holds.
    """
    indexes = {
        name: index for name, index in vars(G).get(_ATTRIBUTE, {}).items()
        if isinstance(index, Kept) and index.journal_mark is not None
    }
    journal = getattr(G, "journal", None)
    if not indexes or journal is None:
        return False

    def states() -> dict:
        return {
            name: (zlib.compress(marshal.dumps(index.state()), 1), journal[index.journal_mark :])
            for name, index in indexes.items()
        }

    return keep_held_indexes(conn, code_stamp(), states, documents=documents)


def changes_since(G, mark: Optional[int]) -> tuple[Optional[set[str]], Optional[int]]:
    """The documents of ``G`` that may have changed since ``mark``, and the mark to pass next time.

    ``(None, mark)``: any of them may have (the first time, ``mark`` None, or
    a graph that keeps no journal: only a
    :class:`~policykg.graph.working_set.WorkingSet` does); an index then
    looks at every document. A writer's working set lists what was set,
    added or removed (:meth:`~policykg.graph.working_set.WorkingSet.documents_changed_since`),
    so an index held across the chunks of a national corpus looks only at those.

    >>> import networkx as nx
    >>> changes_since(nx.MultiDiGraph(), 3)
    (None, None)
    """
    since = getattr(G, "documents_changed_since", None)
    return since(mark) if since is not None else (None, None)


def changed_documents(
    G, prints: dict, indexed_by: Callable[[dict], object], candidates: Optional[Iterable[str]] = None
) -> tuple[list[tuple[str, dict, object]], list[str]]:
    """What an index's ``refresh`` files again: ``(changed, gone)``.

    ``changed``: ``(node, data, now)`` of each document of ``G`` whose
    ``indexed_by(data)`` (``now``) is not what ``prints`` says it was filed
    by; ``gone``: the nodes in ``prints`` that are no longer documents of ``G``.
    Only ``candidates`` are looked at when given (:func:`changes_since`):
    no other document changed.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(); G.add_node("doc:a", type="Document", title="甲"); G.add_node("doc:b", type="Document", title="乙")
    >>> changed_documents(G, {"doc:a": "甲", "doc:x": "丙"}, lambda d: d["title"])
    ([('doc:b', {'type': 'Document', 'title': '乙'}, '乙')], ['doc:x'])
    >>> changed_documents(G, {"doc:a": "甲", "doc:x": "丙"}, lambda d: d["title"], candidates=["doc:a"])
    ([], [])
    """
    document = NodeType.DOCUMENT.value
    changed = []
    if candidates is not None:
        gone = []
        for node in sorted(candidates):
            data = G.nodes[node] if node in G else None
            if data is None or data.get("type") != document:
                if node in prints:
                    gone.append(node)
                continue
            now = indexed_by(data)
            if prints.get(node) != now:
                changed.append((node, data, now))
        return changed, gone
    seen: set[str] = set()
    for node, data in G._node.items():  # (what G.nodes(data=True) walks, without its view)
        if data.get("type") != document:
            continue
        seen.add(node)
        now = indexed_by(data)
        if prints.get(node) != now:
            changed.append((node, data, now))
    return changed, [n for n in prints if n not in seen]


def _difference(fresh: dict, kept: dict) -> str:
    out = []
    for table in fresh:
        a, b = fresh[table], kept.get(table)
        if a == b:
            continue
        if isinstance(a, dict) and isinstance(b, dict):
            keys = sorted((k for k in set(a) | set(b) if a.get(k) != b.get(k)), key=repr)[:3]
            out.append(f"{table}: " + "; ".join(f"{k!r} built {a.get(k)!r}, held {b.get(k)!r}" for k in keys))
        else:
            out.append(f"{table}: built {a!r}, held {b!r}")
    return " | ".join(out)
