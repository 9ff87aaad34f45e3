"""Questions asked inside the store's SQLite database, reading only what they need.

:class:`SQLiteGraph` answers trace, upstream, coverage, agency and search
without loading the graph. For each question it fetches with SQL the rows
the question can touch (the cascade level by level over ``edges``; a plan's
tasks and the tasks that implement them; an agency, the collectives that
include it and their tasks), puts them in a small networkx graph, and runs
the function of :mod:`policykg.graph.queries` over it. The answers are
therefore those of the whole graph by construction: the small graph holds,
for every node the function looks at, every edge it looks at.

Finding a document stays the one rule
:func:`policykg.rules.references.find_document`, fed the candidates SQL
finds (ids, record ids, the doc number by its index; titles only when
neither decides). Search uses the FTS5 trigram index kept by triggers
(:data:`policykg.graph.embedded.QUERY_SCHEMA`); see :meth:`SQLiteGraph.search`.

Examples
--------
>>> import tempfile
>>> from policykg.ingest.records import Document
>>> from policykg.graph import build_graph
>>> from policykg.graph.embedded import save_graph
>>> folder = tempfile.mkdtemp()
>>> _ = save_graph(build_graph([Document(id="x", kind="notice", title="关于某事的通知", doc_number="湘政办发〔2020〕9号")]), folder)
>>> with SQLiteGraph(folder, check_step=False) as g:
...     g.trace("湘政办发[2020]9号")["root"], [h["id"] for h in g.search("某事")]
('doc:湘政办发〔2020〕9号', ['doc:湘政办发〔2020〕9号'])
"""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

import networkx as nx
import orjson

from policykg import collector, database
from policykg.errors import OldGraphLayout, QueryIndexMissing, StaleGraph
from policykg.rules.references import Candidate, by_title, prefilter
from policykg.rules.references import find_document as resolve_reference
from policykg.rules.titles import normalize_title

from . import codec, queries
from .agencies import collective_includes
from .embedded import (
    EDGE_COLUMNS,
    EDGE_JOIN,
    IN_JSON,
    LAYOUT,
    LEAN_EDGE_COLUMNS,
    edge_from_row,
    ensure_query_schema,
    has_query_schema,
    in_step,
    json_ids,
    layout,
    upgrade,
)
from .regions import is_within
from .schema import (
    ROLE_RELATIONS,
    NodeType,
    Relation,
    agency_node_id,
    collective_node_id,
    document_tasks,
    task_documents,
)

__all__ = ["SQLiteGraph", "DOCUMENT_FIELDS", "FACETS"]

_DOC = NodeType.DOCUMENT.value
_IMPLEMENTS = Relation.IMPLEMENTS.value
_PROMULGATES = Relation.PROMULGATES.value
_CONTAINS = Relation.CONTAINS.value
_EXPLAINS = Relation.EXPLAINS.value
_ROLES = tuple(r.value for r in ROLE_RELATIONS)
_PARTIES = (NodeType.AGENCY.value, NodeType.COLLECTIVE.value)
# the edges a cascade walks (queries._walk): documents implementing documents, notices holding plans
_CASCADE = (_IMPLEMENTS, _PROMULGATES)


_IN, _ids = IN_JSON, json_ids  # the one way ids go into SQL (graph/embedded.py)

_LABEL_FIELDS = ("position", "heading", "name")
_LABEL_PATHS = ", ".join(f"'$.{f}'" for f in _LABEL_FIELDS)

#: The fields of a document node :meth:`SQLiteGraph.documents` reads.
DOCUMENT_FIELDS = ("title", "doc_number", "kind", "level", "region_names", "years", "stub", "issuer", "signed_date", "published_date")
#: The fields (JSON paths) documents are grouped by for the explorer's overview (:meth:`SQLiteGraph.overview`):
#: what its counts, charts, filters and table order read (``policykg.explorer.facets``).
FACETS = ("level", "region_names[0]", "years", "stub")
#: :data:`FACETS` of a row's ``{attrs}`` as one JSON array (SQL): a group's key.
FACETS_SQL = "json_extract({attrs}, " + ", ".join(f"'$.{f}'" for f in FACETS) + ")"
# the groups a page keeps, each with its place in the order, from a JSON parameter [[key, place], ...]
_GROUPS = "f(k, o) AS MATERIALIZED (SELECT value ->> 0, value ->> 1 FROM json_each(?))"
#: The node fields a cascade's answer reads (queries.document_entry, task_entry, _task_ref,
#: document_tasks, the walk's type tests): trace and upstream read only these of each node, picked
#: in SQL, not a document's citations or a task's text. "~" tells a row stored literally.
CASCADE_FIELDS = (
    "type", "title", "doc_number", "kind", "level", "region_names", "stub",
    "position", "heading", "document", "number_printed", "section", "deadlines", "targets", "name", "~",
)
#: How many documents a streamed answer reads the tasks of at once (:meth:`SQLiteGraph.trace_parts`;
#: eight times as many tasks for their links): at national scale a chunk is a few thousand tasks,
#: a few megabytes, and the per-query cost is spread over them.
CHUNK = 500
#: Tasks (or documents, for their tasks' ids) read at once: eight per document of a chunk.
_TASK_CHUNK = CHUNK * 8


def _links_among(rows: "_Rows", included: set) -> dict[str, list[tuple]]:
    """The task → task links fetched into ``rows`` whose target is in ``included``: source → ``[(target, key, row)]``.

    Each list in the order :func:`queries._walk` lists a task's links (``sorted(G.out_edges(task, keys=True))``).
    """
    links: dict[str, list[tuple]] = {}
    for (u, v, k), (_, row) in rows.edges.items():
        if v in included:
            links.setdefault(u, []).append((v, k, row))
    for found in links.values():
        found.sort(key=lambda x: (x[0], x[1]))
    return links


# what a Candidate is made of, picked in SQL: a title that a thousand documents' titles hold (a national
# plan's, in every lower plan's) is decided among their rows, and decoding each whole row cost 0.1 s
_CANDIDATE = "json_extract(attrs, '$.doc_number', '$.title', '$.stub', '$.record_ids', '$.\"~\"')"

# text that normalize_title leaves as it is (NFKC-stable, no spaces, quotes or brackets)
_PLAIN = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]*")


class _Rows:
    """The nodes and edges fetched for one question, built into a graph in the store's row order.

    The whole graph is loaded in rowid order (:func:`policykg.graph.embedded.load_graph`);
    building the small graph in the same order keeps every neighbour list in
    the same relative order, so even a function that takes the first of
    several edges takes the same one. Rows stay JSON text until the graph is
    built (each is decoded once).
    """

    def __init__(self, conn: sqlite3.Connection, *, fields: Optional[tuple] = None) -> None:
        self.conn = conn
        # only these fields of the nodes fetched, picked in SQL (None: the whole rows)
        self.fields = fields
        self._picked = "attrs" if fields is None else "json_extract(attrs, " + ", ".join(f"'$.\"{f}\"'" for f in fields) + ")"
        self.nodes: dict[str, tuple[int, str]] = {}  # id -> (rowid, attrs JSON, or the fields picked as a JSON array)
        self.types: dict[str, str] = {}  # id -> node type
        self.edges: dict[tuple, tuple[int, Optional[tuple]]] = {}  # (source, target, key) -> (rowid, stored row or None)
        self._decoded: dict[str, dict] = {}

    def fetch_nodes(self, ids: Iterable[str]) -> None:
        wanted = set(ids) - self.nodes.keys()
        if wanted:
            self.add_nodes(self.conn.execute(f"SELECT rowid, id, type, {self._picked} FROM nodes WHERE id IN {_IN}", (_ids(wanted),)))

    def add_nodes(self, rows: Iterable[tuple]) -> None:
        for rowid, node, kind, attrs in rows:
            self.nodes[node] = (rowid, attrs)
            self.types[node] = kind

    def fetch_edges(
        self,
        ids: Iterable[str],
        keys: Optional[tuple],
        *,
        out: bool = False,
        into: bool = False,
        attrs: Union[bool, str] = True,
        ends: bool = True,
    ) -> list[tuple]:
        """The edges with a key in ``keys`` (None: any) leaving (``out``) and/or entering (``into``) the nodes ``ids``, and their other ends.

        Without ``attrs`` the edges come without their attributes (for a
        question that reads only that they are there); with ``attrs="lean"``
        without the spans kept apart from long rows (for a question that
        reads no edge's span: a notice's ``promulgates`` edge holds its
        plan's whole text). Without ``ends`` the other ends' rows are not
        read (the edges are then read from :attr:`edges`, not :meth:`graph`,
        which keeps only edges whose ends are both there). Returns the new
        rows ``(source, target, key)``.
        """
        ids = _ids(ids)
        # no keys: every relation (a neighbourhood); the filter is then left out of the query
        key_filter = f" AND e.key IN {_IN}" if keys is not None else ""
        params = (json.dumps(list(keys)),) if keys is not None else ()
        found = []
        missing: set[str] = set()
        sides = ([("source", "target")] if out else []) + ([("target", "source")] if into else [])
        columns = LEAN_EDGE_COLUMNS if attrs == "lean" else EDGE_COLUMNS if attrs else "e.e, s.id, t.id, e.key"
        for near, far in sides:
            # the far ends' types come with the edges; their attributes are read once each, below
            rows = self.conn.execute(
                f"SELECT {'t' if far == 'target' else 's'}.type, {columns} FROM {EDGE_JOIN}"
                f" WHERE e.{near} IN (SELECT n FROM nodes WHERE id IN {_IN}){key_filter}",
                (ids, *params),
            )
            for n_type, *row in rows:
                rowid, u, v, k = row[:4]
                if (u, v, k) not in self.edges:
                    self.edges[u, v, k] = (rowid, tuple(row) if attrs else None)
                    found.append((u, v, k))
                other = v if far == "target" else u
                if other not in self.nodes:
                    self.types[other] = n_type
                    missing.add(other)
        if ends:
            self.fetch_nodes(missing)
        return found

    def node(self, node: str) -> dict:
        if node not in self._decoded:
            row = self.nodes[node][1]
            if self.fields is None:
                self._decoded[node] = codec.unpack_node(row)
            else:
                d = {f: v for f, v in zip(self.fields, orjson.loads(row)) if v is not None}
                if d.get("~") == "L":  # stored literally: the whole row, then the fields (a task's "X" changes none of them)
                    (whole,) = self.conn.execute("SELECT attrs FROM nodes WHERE id = ?", (node,)).fetchone()
                    full = codec.unpack_node(whole)
                    d = {f: full[f] for f in self.fields if full.get(f) is not None}
                self._decoded[node] = d
        return self._decoded[node]

    def graph(self) -> nx.MultiDiGraph:
        H = nx.MultiDiGraph()
        H.add_nodes_from((node, self.node(node)) for node, _ in sorted(self.nodes.items(), key=lambda x: x[1][0]))
        H.add_edges_from(
            (u, v, k, edge_from_row(row)[3] if row else {})
            for (u, v, k), (_, row) in sorted(self.edges.items(), key=lambda x: x[1][0])
            if u in self.nodes and v in self.nodes
        )
        return H


class SQLiteGraph:
    """The questions of :mod:`policykg.graph.queries`, asked of a store's database (no graph in memory).

    Parameters
    ----------
    store : path or sqlite3.Connection
        The store folder (opened read-only in spirit: nothing is written but,
        once, the query schema of a store made before it existed, or the graph
        tables of a store of an earlier layout, converted), or an open
        connection (not closed by :meth:`close`).
    check_step : bool
        Refuse a graph older than the records (:class:`~policykg.errors.StaleGraph`);
        the CLI repairs such a store first.

    Raises
    ------
    NotAStore, StaleGraph, QueryIndexMissing, OldGraphLayout
    """

    def __init__(self, store: Union[str, Path, sqlite3.Connection], *, check_step: bool = True) -> None:
        if isinstance(store, sqlite3.Connection):
            self.conn, self._mine = store, False
        else:
            self.conn, self._mine = database.connect(store), True
        self.root = database.root_of(self.conn)
        try:
            self._prepare(check_step)
        except BaseException:
            self.close()
            raise

    def _prepare(self, check_step: bool) -> None:
        with database.read(self.conn):
            if check_step and not in_step(self.conn):
                raise StaleGraph(store=str(self.root))
            old = layout(self.conn) not in (None, LAYOUT)
            ready = has_query_schema(self.conn)
        if old:
            # graph tables of an earlier layout: converted now, once (what the first write would do)
            try:
                with database.write(self.conn, root=self.root):
                    upgrade(self.conn)
            except database.StoreError as err:
                raise OldGraphLayout(store=str(self.root), reason=str(err.fields.get("reason") or err)) from err
            try:
                # the old rows' pages are free but still in the file (at 10,000 notices it would stay at
                # 2.3 GB, not 0.9): give them back now; if another connection is busy, later writes reuse them
                self.conn.execute("VACUUM")
            except sqlite3.Error:
                pass
            return
        if not ready:
            # a store written before the query schema: add it now, once (the writers' triggers keep it from then on)
            try:
                with database.write(self.conn, root=self.root):
                    ensure_query_schema(self.conn)
            except database.StoreError as err:
                raise QueryIndexMissing(store=str(self.root), reason=str(err.fields.get("reason") or err)) from err

    def __enter__(self) -> "SQLiteGraph":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection if this object opened it."""
        if self._mine:
            self.conn.close()

    # -- finding documents -------------------------------------------------

    def _candidates(self, ref: str) -> list[Candidate]:
        """The documents ``ref`` can mean, for :func:`~policykg.rules.references.find_document`.

        The rule's tiers decide in order (id or record id, doc number, title),
        so when the indexed tiers hit, their rows alone give the rule's answer;
        only otherwise are the titles read (from their index, not the rows),
        since a title is compared after a normalisation SQL does not know.
        """
        spec = prefilter(ref)
        if not spec.ids:
            return []
        forms = _ids(spec.ids)
        rows = self.conn.execute(f"SELECT rowid, id, {_CANDIDATE} FROM nodes WHERE id IN {_IN} AND +type = 'Document'", (forms,)).fetchall()
        rows += self.conn.execute(
            f"SELECT rowid, id, {_CANDIDATE} FROM nodes WHERE rowid IN (SELECT node FROM node_keys WHERE kind = 'record' AND key IN {_IN})"
            " AND +type = 'Document'",
            (forms,),
        ).fetchall()
        if not rows and spec.number:
            rows = self.conn.execute(
                f"SELECT rowid, id, {_CANDIDATE} FROM nodes WHERE type = 'Document' AND json_extract(attrs, '$.doc_number') = ?",
                (spec.number,),
            ).fetchall()
        if not rows and spec.title_part:
            part = spec.title_part
            plain, other = self._titles()
            # a plain title can hold the part only if it holds it as written (normalize_title keeps its answers)
            held = [(node, normalize_title(title)) for title, node in plain if part in title]
            held += [(node, normalize_title(title)) for title, node in other]
            wanted = json.dumps(by_title(ref, held))
            rows = self.conn.execute(f"SELECT rowid, id, {_CANDIDATE} FROM nodes WHERE rowid IN {_IN}", (wanted,)).fetchall()
        out = []
        for _, node, picked in rows:
            number, title, stub, record_ids, flags = orjson.loads(picked)
            if flags == "L":  # stored literally: the fields are inside it
                (whole,) = self.conn.execute("SELECT attrs FROM nodes WHERE id = ?", (node,)).fetchone()
                d = codec.unpack_node(whole)
                number, title, stub, record_ids = d.get("doc_number"), d.get("title"), d.get("stub"), d.get("record_ids")
            out.append(Candidate(node, number, title, bool(stub), tuple(record_ids or ())))
        return out

    def _titles(self) -> tuple[list, list]:
        """The documents' titles from their index, read once per revision of the store: ``(plain, other)``, each ``(title, node row)``.

        A plain title, made only of ideographs and ASCII letters and digits,
        normalises to itself less a suffix, so it can hold a part only if it
        holds it as written; the others are normalised to be compared.
        """
        revision = database.counter(self.conn, database.REVISION)
        if getattr(self, "_title_rows", (None,))[0] != revision:
            plain, other = [], []
            for title, node in self.conn.execute("SELECT key, node FROM node_keys WHERE kind = 'title'"):
                (plain if _PLAIN.fullmatch(title) else other).append((title, node))
            self._title_rows = (revision, plain, other)
        return self._title_rows[1:]

    def find_document(self, ref: str) -> str:
        """The document node ``ref`` names: :func:`policykg.graph.queries.find_document`'s answer.

        Raises
        ------
        DocumentNotFound, AmbiguousReference
        """
        with database.read(self.conn):
            return self._find(ref)

    def record_ids(self, node: str) -> list[str]:
        """The ingest records a document node was built from (its copies); ``[]`` for a stub."""
        with database.read(self.conn):
            row = self.conn.execute("SELECT json_extract(attrs, '$.record_ids') FROM nodes WHERE id = ?", (node,)).fetchone()
        return list(json.loads(row[0])) if row and row[0] else []

    def _find(self, ref: str) -> str:
        node = (ref or "").strip()
        if self.conn.execute("SELECT 1 FROM nodes WHERE id = ? AND +type = 'Document'", (node,)).fetchone():
            return node  # a document's own id, as queries.find_document takes it first
        return resolve_reference(ref, self._candidates(ref))

    # -- the questions -----------------------------------------------------

    def trace(self, ref: str, *, tasks: bool = False) -> dict:
        """The downstream cascade of a document: :func:`policykg.graph.queries.trace`'s answer."""
        return self._whole(self.trace_parts, ref, tasks)

    def upstream(self, ref: str, *, tasks: bool = False) -> dict:
        """What a document implements, up to the top: :func:`policykg.graph.queries.upstream`'s answer."""
        return self._whole(self.upstream_parts, ref, tasks)

    @staticmethod
    def _whole(parts, ref: str, tasks: bool) -> dict:
        if tasks:  # read a chunk at a time: each chunk's small graph is let go as the next is read
            return queries.answer_from_parts(parts(ref, tasks=True))
        with collector.paused():  # the documents' answer, whole: bounded by it (collector.paused)
            return queries.answer_from_parts(parts(ref, tasks=False))

    def trace_parts(self, ref: str, *, tasks: bool = False) -> Iterator[tuple]:
        """:meth:`trace`'s answer as the parts of :func:`policykg.graph.queries.answer_parts`, read as they are written.

        The documents of the cascade are walked first (a few megabytes at
        national scale); their tasks, the tasks' agencies and the task → task
        links are then read :data:`CHUNK` documents (or tasks) at a time and
        handed on, so a national cascade with its tasks (hundreds of
        megabytes as one answer) is never held whole. The reference is
        resolved and the documents walked before this returns, so a
        reference that names nothing raises here, not half-way through the
        output. One read transaction spans the parts: they are of one commit.

        Raises
        ------
        DocumentNotFound, AmbiguousReference
        """
        return self._parts(ref, down=True, tasks=tasks)

    def upstream_parts(self, ref: str, *, tasks: bool = False) -> Iterator[tuple]:
        """:meth:`upstream`'s answer in parts, as :meth:`trace_parts`."""
        return self._parts(ref, down=False, tasks=tasks)

    def _parts(self, ref: str, *, down: bool, tasks: bool) -> Iterator[tuple]:
        parts = self._stream(ref, down=down, tasks=tasks)
        first = next(parts)  # resolves the reference and walks the documents (errors raise now)
        return itertools.chain([first], parts)

    def _stream(self, ref: str, *, down: bool, tasks: bool) -> Iterator[tuple]:
        with database.read(self.conn):
            root = self._find(ref)
            ask = queries.trace if down else queries.upstream
            # the documents' answer: the tasks follow the walk and change nothing in it (queries._walk);
            # a national cascade's documents are a few megabytes of small objects (collector.paused)
            with collector.paused():
                answer = ask(self._cascade(root, down=down), root)
            yield ("root", root)
            documents = answer.pop("documents")
            yield from (("document", node, entry) for node, entry in documents.items())
            if not tasks:
                yield from (("edge", edge) for edge in answer["edges"])
                return
            docs = list(documents)
            del documents
            # (document, task, what edge_entry reads of the contains edge or None), in the answer's order:
            # not the edge's span, which holds the task's whole text
            held: list[tuple] = []
            order: list[str] = []  # the tasks, each once, in the answer's order
            included: set[str] = set()
            for chunk, H, entries in self._task_chunks(docs):
                for doc in chunk:
                    for task in document_tasks(H, doc):
                        data = H.edges[doc, task, _CONTAINS]
                        held.append((doc, task, {k: data[k] for k in queries.EDGE_ENTRY_FIELDS if k in data} or None))
                        if task not in included:
                            included.add(task)
                            order.append(task)
                            yield ("document", task, entries[task])
            yield from (("edge", edge) for edge in answer["edges"])
            del answer
            for doc, task, data in held:
                yield ("edge", queries.edge_entry(doc, task, _CONTAINS, data or {}))
            del held
            for i in range(0, len(order), _TASK_CHUNK):
                rows = _Rows(self.conn)
                rows.fetch_edges(order[i : i + _TASK_CHUNK], (_IMPLEMENTS,), out=True, attrs="lean", ends=False)
                links = _links_among(rows, included)
                for task in order[i : i + _TASK_CHUNK]:
                    for v, k, row in links.get(task, ()):
                        yield ("edge", queries.edge_entry(task, v, k, edge_from_row(row)[3]))

    def cascade_tasks(self, within: Iterable[str]):
        """What a cascade tree shows under its documents: a function giving each document's tasks, read when asked.

        ``within`` are the documents of a trace or upstream answer. The
        function takes a list of documents and gives, for each in turn,
        ``(document, [(task entry, [(link, task implemented)])])``: the task
        entries of :func:`~policykg.graph.queries.task_entry`, the task →
        task links among the tasks of ``within`` (as the answer with tasks
        lists them) as :func:`~policykg.graph.queries.edge_entry`, each with
        the task it implements ``{id, document, position, heading}``
        (:func:`policykg.render.cascade_as_tree` reads them :data:`CHUNK`
        at a time while the tree is drawn). Ask it inside one
        :func:`policykg.database.read` to read one commit throughout.
        """
        within = list(within)
        with database.read(self.conn):
            included = {
                t
                for i in range(0, len(within), _TASK_CHUNK)
                for (t,) in self.conn.execute(
                    f"SELECT t.id FROM edges e JOIN nodes t ON t.n = e.target WHERE e.key = ? AND e.source IN"
                    f" (SELECT n FROM nodes WHERE id IN {_IN})",
                    (_CONTAINS, _ids(within[i : i + _TASK_CHUNK])),
                )
            }

        def tasks_of(docs: list[str]) -> Iterator[tuple[str, list]]:
            with database.read(self.conn):
                for chunk, H, entries in self._task_chunks(list(docs)):
                    held = {doc: document_tasks(H, doc) for doc in chunk}
                    rows = _Rows(self.conn, fields=CASCADE_FIELDS)
                    rows.fetch_edges([t for ts in held.values() for t in ts], (_IMPLEMENTS,), out=True, attrs="lean", ends=False)
                    rows.fetch_nodes({v for (_, v, _) in rows.edges} & included)
                    links = _links_among(rows, included)
                    for doc in chunk:
                        out = []
                        for task in held[doc]:
                            implemented = []
                            for v, k, row in links.get(task, ()):
                                d = rows.node(v)
                                ref = {"id": v, "document": d.get("document"), "position": d.get("position"), "heading": d.get("heading")}
                                implemented.append((queries.edge_entry(task, v, k, edge_from_row(row)[3]), ref))
                            out.append((entries[task], implemented))
                        yield doc, out

        return tasks_of

    def _task_chunks(self, docs: list[str]) -> Iterator[tuple[list[str], nx.MultiDiGraph, dict]]:
        """``docs`` in chunks of :data:`CHUNK`: ``(chunk, graph, entries)``.

        The graph holds the chunk's documents, their ``contains`` edges (with
        their attributes) and their tasks, what
        :func:`~policykg.graph.schema.document_tasks` reads; ``entries`` maps
        each task to its :func:`~policykg.graph.queries.task_entry`, its
        agencies' names read with the role edges in SQL (a graph of a few
        thousand tasks and their tens of thousands of role edges costs
        more to build than the rows cost to read).
        """
        for i in range(0, len(docs), CHUNK):
            chunk = docs[i : i + CHUNK]
            rows = _Rows(self.conn, fields=CASCADE_FIELDS)
            rows.fetch_nodes(chunk)
            found = rows.fetch_edges(chunk, (_CONTAINS,), out=True, attrs="lean")
            H = rows.graph()
            tasks = [v for _, v, _ in found]
            names: dict[str, list] = {t: [] for t in tasks}
            for task, key, name, literal in self.conn.execute(
                f"SELECT s.id, e.key, t.attrs ->> '$.name', CASE WHEN t.attrs ->> '$.~' = 'L' THEN t.attrs END FROM {EDGE_JOIN}"
                f" WHERE e.source IN (SELECT n FROM nodes WHERE id IN {_IN}) AND e.key IN {_IN}",
                (_ids(tasks), json.dumps(_ROLES)),
            ):
                names[task].append((key, codec.unpack_node(literal)["name"] if literal is not None else name))
            yield chunk, H, {t: queries.task_entry_of(t, H.nodes[t], names[t]) for t in tasks if t in H}

    def _cascade(self, root: str, *, down: bool) -> nx.MultiDiGraph:
        """The documents :func:`queries._walk` reaches from ``root``, each with all its cascade edges.

        The walk is run here on the rows fetched so far; whenever it reaches
        documents whose edges are not fetched yet, they are fetched together
        (one query per level of the cascade) and the walk goes on.
        """
        rows = _Rows(self.conn, fields=CASCADE_FIELDS)
        rows.fetch_nodes([root])
        loaded: set[str] = set()
        # adjacency of what is fetched, built as rows arrive (the walk asks it often)
        ins: dict[str, list] = {}
        outs: dict[str, list] = {}

        # what the walk reads of a document: the implements-links towards where it goes (in, down;
        # out, up) and its promulgates-links both ways (its plans, the notice that holds it)
        along = (True, False) if down else (False, True)  # (into, out) for implements

        # the answer lists an edge by its ends, key, inferred, confidence, evidence and rule (queries._edge_entry):
        # the spans kept apart are not read ("lean")
        def load(nodes: set[str]) -> None:
            found = rows.fetch_edges(nodes, (_PROMULGATES,), out=True, into=True, attrs="lean")
            # with the implements-links, the 解读 that explain a document (down: leaves), or what a 解读
            # explains (up: followed): the same direction, one query
            found += rows.fetch_edges(nodes, (_IMPLEMENTS, _EXPLAINS), into=along[0], out=along[1], attrs="lean")
            for u, v, k in found:
                outs.setdefault(u, []).append((v, k))
                ins.setdefault(v, []).append((u, k))
            loaded.update(nodes)

        def is_doc(n: str) -> bool:
            return rows.types.get(n) == _DOC

        # the rule of queries._walk for which documents follow which: (node, full)
        done: dict[str, bool] = {}
        queue = [(root, True)]
        while queue:
            load({n for n, _ in queue} - loaded)
            nxt = []
            for node, full in queue:
                if done.get(node) is True or (done.get(node) is False and not full):
                    continue
                done[node] = full or done.get(node, False)
                if down:
                    nxt += [(c, True) for c, k in ins.get(node, ()) if k == _IMPLEMENTS and is_doc(c)]
                    if full:
                        nxt += [(p, True) for p, k in outs.get(node, ()) if k == _PROMULGATES]
                else:
                    nxt += [(t, True) for t, k in outs.get(node, ()) if k in (_IMPLEMENTS, _EXPLAINS) and is_doc(t)]
                nxt += [(n, not down) for n, k in ins.get(node, ()) if k == _PROMULGATES]
            queue = nxt
        return rows.graph()

    def coverage(self, parent: str, child: Optional[str] = None) -> dict:
        """For each task of a plan, the tasks that implement it: :func:`policykg.graph.queries.coverage`'s answer."""
        with database.read(self.conn):
            p = self._find(parent)
            c = self._find(child) if child else None
            # what queries.coverage reads of a node is what a cascade's answer reads (a task's position,
            # heading and document, a document's entry), and of an edge its confidence, not its span:
            # a national plan is implemented by thousands of documents and their tasks, whose whole rows
            # (a document's citations, a task's text) cost more to read than the answer
            rows = _Rows(self.conn, fields=CASCADE_FIELDS)
            heads = [p] + ([c] if c else [])
            rows.fetch_nodes(heads)
            plans = [v for _, v, k in rows.fetch_edges(heads, (_CONTAINS, _PROMULGATES), out=True, attrs=False) if k == _PROMULGATES]
            rows.fetch_edges(plans, (_CONTAINS,), out=True, attrs=False)
            H = rows.graph()
            parent_docs = [p, *task_documents(H, p)]
            parent_tasks = [t for d in parent_docs for t in document_tasks(H, d)]
            implementing = rows.fetch_edges(parent_tasks, (_IMPLEMENTS,), into=True, attrs="lean")
            rows.fetch_edges(parent_docs, (_IMPLEMENTS,), into=True, attrs="lean")
            rows.fetch_nodes(
                rows.node(u).get("document")
                for u, _, _ in implementing
                if rows.node(u).get("type") == NodeType.TASK.value and rows.node(u).get("document")
            )
            return queries.coverage(rows.graph(), p, c)

    def agency_obligations(self, name: str) -> dict:
        """Every task an agency carries: :func:`policykg.graph.queries.agency_obligations`'s answer."""
        with database.read(self.conn):
            rows = _Rows(self.conn)
            parties = self._parties(name)
            rows.add_nodes(parties)
            if len(parties) == 1:
                node = parties[0][1]
                data = rows.node(node)
                sources = [node]
                region = data.get("region")
                if region:
                    rows.fetch_nodes([region])
                if data.get("type") == NodeType.AGENCY.value and region in rows.nodes:
                    sources += self._collectives(rows, node)
                found = rows.fetch_edges(sources, _ROLES, into=True)
                rows.fetch_nodes(rows.node(u).get("document") for u, _, _ in found)
            return queries.agency_obligations(rows.graph(), name)

    def _parties(self, name: str) -> list[tuple]:
        """The rows :func:`policykg.graph.agencies.find_parties` picks among: the same tiers, in SQL."""
        for node in (agency_node_id(name), collective_node_id(name)):  # the agency first, as find_parties
            exact = self.conn.execute("SELECT rowid, id, type, attrs FROM nodes WHERE id = ?", (node,)).fetchall()
            if exact:
                return exact
        by_mention = self.conn.execute(
            "SELECT rowid, id, type, attrs FROM nodes WHERE type IN (?, ?) AND rowid IN "
            "(SELECT node FROM node_keys WHERE kind = 'mention' AND key = ?)",
            (*_PARTIES, name),
        ).fetchall()
        if by_mention:
            return by_mention
        return self.conn.execute(
            "SELECT rowid, id, type, attrs FROM nodes WHERE type IN (?, ?) AND instr(json_extract(attrs, '$.name'), ?) > 0",
            (*_PARTIES, name),
        ).fetchall()

    def _region_codes(self) -> list[tuple]:
        """(region node, code) of every region, read once per revision of the store (a few thousand rows)."""
        revision = database.counter(self.conn, database.REVISION)
        if getattr(self, "_regions", (None,))[0] != revision:
            codes = self.conn.execute("SELECT id, json_extract(attrs, '$.code') FROM nodes WHERE type = 'Region'").fetchall()
            self._regions = (revision, codes)
        return self._regions[1]

    def _collectives(self, rows: _Rows, agency: str) -> list[str]:
        """The collectives that stand for ``agency`` (:func:`~policykg.graph.agencies.collective_includes`).

        A collective includes only agencies within its region, so only the
        collectives placed in the agency's region or above are read.
        """
        code = rows.node(rows.node(agency)["region"]).get("code")
        within = [node for node, other in self._region_codes() if is_within(code, other)]
        rows.fetch_nodes(within)
        found = self.conn.execute(
            f"SELECT rowid, id, type, attrs FROM nodes INDEXED BY nodes_by_collective_region"
            f" WHERE type = 'Collective' AND json_extract(attrs, '$.region') IN {_IN}",
            (_ids(within),),
        ).fetchall()
        rows.add_nodes(found)
        H = rows.graph()
        return [row[1] for row in found if collective_includes(H, row[1], agency)]

    # -- what the explorer lists and draws -----------------------------------

    def documents(self) -> tuple[dict[str, dict], list[tuple]]:
        """Every document node and the ``implements`` links among documents: ``(nodes, links)``.

        ``nodes`` maps each document (in the store's row order) to its
        attributes, :data:`DOCUMENT_FIELDS` only (what tables, overviews and
        the cascade chooser read; absent fields are left out, as in the
        graph); ``links`` are ``(source, target, "implements", {"inferred": …})``
        by source in row order, then by row (the whole graph lists a source's
        links by the first edge of any kind to each target: the same links,
        perhaps in another order within a source, which no figure depends
        on). The explorer's overview and largest cascades are computed from
        these by the functions that take the whole graph, so they give the
        same numbers; no graph is built (networkx would cost more than the
        reading). Picking the fields in SQL is cheaper than decoding a
        document's whole row (its citations are most of it).
        """
        # one json_extract with every path parses a row once (one call per field would parse it per field)
        paths = ", ".join(f"'$.{f}'" for f in DOCUMENT_FIELDS)
        nodes: dict[str, dict] = {}
        ids: dict[int, str] = {}  # a document's row number -> its id (the links name their ends by row number)
        with database.read(self.conn):
            for n, node, values in self.conn.execute(
                f"SELECT n, id, json_extract(attrs, {paths}) FROM nodes WHERE type = 'Document' ORDER BY rowid"
            ):
                d = {"type": _DOC}
                d.update((f, v) for f, v in zip(DOCUMENT_FIELDS, orjson.loads(values)) if v is not None)
                nodes[node] = d
                ids[n] = node
            # the implements-links into each document, found by the (target, key) index; a link from a
            # non-document is dropped and the order made in Python (SQL joins for both cost more: joining
            # the sources' rows for their ids took half the time, the documents' ids are read above)
            # ``inferred`` at its default (false) is not stored (policykg.graph.codec): its JSON type and
            # the row's flags say which of absent, null, false or true it is
            rows = self.conn.execute(
                "SELECT e.e, e.source, e.target, json_type(e.attrs, '$.inferred'), e.attrs ->> '$.inferred', e.attrs ->> '$.~',"
                " CASE WHEN e.attrs ->> '$.~' = 'L' THEN e.attrs END"
                " FROM nodes m JOIN edges e ON e.target = m.n AND e.key = 'implements'"
                " WHERE m.type = 'Document'"
            ).fetchall()
        order = {n: i for i, n in enumerate(ids)}
        rows = sorted((r for r in rows if r[1] in order), key=lambda r: (order[r[1]], r[0]))
        links = [(ids[u], ids[v], _IMPLEMENTS, _inferred(kind, value, flags, literal)) for _, u, v, kind, value, flags, literal in rows]
        return nodes, links

    def counts(self) -> dict:
        """What the overview counts besides documents: ``tasks`` (``contains`` links, per document) and ``parties``.

        ``{"tasks": {document: n}, "parties": agencies and collectives}``;
        a document without tasks is not listed.
        """
        with database.read(self.conn):
            tasks = dict(
                self.conn.execute(
                    "SELECT s.id, c.tasks FROM (SELECT source, count(*) AS tasks FROM edges WHERE key = 'contains' GROUP BY source) c"
                    " JOIN nodes s ON s.n = c.source"
                )
            )
            (parties,) = self.conn.execute("SELECT count(*) FROM nodes WHERE type IN (?, ?)", _PARTIES).fetchone()
        return {"tasks": tasks, "parties": parties}

    # -- the overview: aggregates and one page, whatever the number of documents ---------
    #
    # Each read below parses every document's row once inside SQLite (about 0.15 s at 10,000
    # notices, without Python's lock) and hands Python a few hundred or thousand rows. An index on
    # the expression FACETS_SQL (WHERE type = 'Document') would turn the scans into reads of the index.

    def overview(self) -> dict:
        """What the explorer's overview counts: ``{"groups", "lags", "tasks", "parties"}``.

        ``groups``: ``(facets, documents)``, how many documents share each
        value of :data:`FACETS`, by value; ``facets`` is the JSON array of
        those fields as stored (absent fields null), the key
        :meth:`document_page` and :meth:`count_documents` select groups by
        (what the values mean, province, year, level rank, is the explorer's
        reading of them). ``lags``: the ``implements`` links among documents
        counted by what a diffusion lag reads of their ends, ``(child, parent,
        links)``, ``child`` the implementing document's ``level``,
        ``signed_date`` and ``published_date``, ``parent`` the two dates of the
        one it implements (absent fields left out): one row per pair of
        dates, not per link. ``tasks``: the ``contains`` links (the total of
        :meth:`counts`); ``parties``: agencies and collectives. The groups
        and the lags come from one reading of the documents.
        """
        fields = ("level", "signed_date", "published_date")
        groups, lags = [], []
        with database.read(self.conn):
            rows = self.conn.execute(
                f"WITH d AS MATERIALIZED (SELECT n, {FACETS_SQL.format(attrs='attrs')} AS k,"
                " json_extract(attrs, '$.level', '$.signed_date', '$.published_date') AS j FROM nodes WHERE type = 'Document')"
                " SELECT 0, k, NULL, count(*) FROM d GROUP BY k"
                " UNION ALL SELECT 1, u.j, v.j, count(*) FROM d v JOIN edges e ON e.target = v.n AND e.key = 'implements'"
                " JOIN d u ON u.n = e.source GROUP BY u.j, v.j"
                " ORDER BY 1, 2, 3"
            ).fetchall()
            (tasks,) = self.conn.execute("SELECT count(*) FROM edges WHERE key = 'contains'").fetchone()
            (parties,) = self.conn.execute("SELECT count(*) FROM nodes WHERE type IN (?, ?)", _PARTIES).fetchone()
        for lag, first, second, n in rows:
            if not lag:
                groups.append((first, n))
                continue
            c, p = orjson.loads(first), orjson.loads(second)
            lags.append(({f: x for f, x in zip(fields, c) if x is not None}, {f: x for f, x in zip(fields[1:], p[1:]) if x is not None}, n))
        return {"groups": groups, "lags": lags, "tasks": tasks, "parties": parties}

    def document_page(self, order: Iterable[tuple[str, int]], text: str = "", limit: Optional[int] = None) -> tuple[dict[str, dict], dict[str, int]]:
        """One page of the documents table: the documents of the groups in ``order``, whose title or doc number holds ``text``.

        ``order`` pairs a group's key (:meth:`overview`) with its place;
        the documents are ordered by place, then doc number and title (absent:
        empty), then row, and the first ``limit`` of them returned (None: all;
        "show more" asks for a longer page). Returns ``(nodes, tasks)``: each
        document's :data:`DOCUMENT_FIELDS` as :meth:`documents` reads them, in
        the page's order, and its number of tasks (``contains`` links, 0 included).
        """
        paths = ", ".join(f"'$.{f}'" for f in DOCUMENT_FIELDS)
        where, params = self._page_filter(text)
        nodes: dict[str, dict] = {}
        tasks: dict[str, int] = {}
        with database.read(self.conn):
            rows = self.conn.execute(
                f"WITH {_GROUPS}, page AS MATERIALIZED (SELECT d.n, f.o, coalesce(d.attrs ->> '$.doc_number', '') AS number,"
                f" coalesce(d.attrs ->> '$.title', '') AS title FROM nodes d CROSS JOIN f ON f.k = {FACETS_SQL.format(attrs='d.attrs')}"
                f" WHERE d.type = 'Document'{where} ORDER BY f.o, number, title, d.n LIMIT ?)"
                f" SELECT n.id, json_extract(n.attrs, {paths}),"
                " (SELECT count(*) FROM edges c WHERE c.source = n.n AND c.key = 'contains')"
                " FROM page JOIN nodes n ON n.n = page.n ORDER BY page.o, page.number, page.title, page.n",
                (json.dumps([list(o) for o in order], ensure_ascii=False), *params, -1 if limit is None else limit),
            ).fetchall()
        for node, values, n_tasks in rows:
            d = {"type": _DOC}
            d.update((f, v) for f, v in zip(DOCUMENT_FIELDS, orjson.loads(values)) if v is not None)
            nodes[node], tasks[node] = d, n_tasks
        return nodes, tasks

    def count_documents(self, keys: Iterable[str], text: str = "") -> int:
        """How many documents of the groups ``keys`` (:meth:`overview`) have ``text`` in their title or doc number."""
        where, params = self._page_filter(text)
        with database.read(self.conn):
            (n,) = self.conn.execute(
                f"WITH {_GROUPS} SELECT count(*) FROM nodes d CROSS JOIN f ON f.k = {FACETS_SQL.format(attrs='d.attrs')}"
                f" WHERE d.type = 'Document'{where}",
                (json.dumps([[k, 0] for k in keys], ensure_ascii=False), *params),
            ).fetchone()
        return n

    @staticmethod
    def _page_filter(text: str) -> tuple[str, tuple]:
        # a substring of the title or the doc number, as written (instr: no LIKE wildcards, case kept)
        if not text:
            return "", ()
        return " AND (instr(coalesce(d.attrs ->> '$.title', ''), ?) > 0 OR instr(coalesce(d.attrs ->> '$.doc_number', ''), ?) > 0)", (text, text)

    def parties(self) -> list[tuple[str, dict, int]]:
        """Every agency and collective in the store's row order: ``(id, {type, name, mentions}, tasks)``.

        ``tasks`` is how many role edges point at it (the Agencies page's list
        and its order); absent fields are left out.
        """
        with database.read(self.conn):
            rows = self.conn.execute(
                "SELECT n.id, n.type, json_extract(n.attrs, '$.name', '$.mentions'),"
                f" (SELECT count(*) FROM edges e WHERE e.target = n.n AND e.key IN {_IN})"
                " FROM nodes n WHERE n.type IN (?, ?) ORDER BY n.rowid",
                (json.dumps(_ROLES), *_PARTIES),
            ).fetchall()
        out = []
        for node, kind, values, n in rows:
            d = {"type": kind}
            d.update((f, v) for f, v in zip(("name", "mentions"), json.loads(values)) if v is not None)
            out.append((node, d, n))
        return out

    def labelled(self) -> list[tuple[str, dict]]:
        """Every node with what its label is made of: ``(id, {type, position, heading, name})``, in the store's row order.

        What the graph browser's search reads of each node (absent fields
        are left out); a task's text and a document's citations are not read.
        """
        with database.read(self.conn):
            rows = self.conn.execute(f"SELECT id, type, json_extract(attrs, {_LABEL_PATHS}) FROM nodes ORDER BY rowid").fetchall()
        out = []
        for node, kind, values in rows:
            d = {"type": kind}
            d.update((f, v) for f, v in zip(_LABEL_FIELDS, json.loads(values)) if v is not None)
            out.append((node, d))
        return out

    def around(self, nodes: Iterable[str], *, keys: Optional[tuple] = None) -> nx.MultiDiGraph:
        """The nodes ``nodes``, every edge into or out of them (with a key in ``keys``, None: any) and the nodes at the other ends.

        What a page that looks at a few nodes and their links needs (a
        document's tasks and their agencies, a task's restatements, the
        browser's neighbourhoods), without the rest of the graph. Unknown
        ids are left out.
        """
        with database.read(self.conn):
            rows = _Rows(self.conn)
            rows.fetch_nodes(nodes)
            rows.fetch_edges(list(rows.nodes), keys, out=True, into=True)
            return rows.graph()

    # -- full text -----------------------------------------------------------

    def search(self, text: str, *, limit: Optional[int] = 20) -> list[dict]:
        """Documents and tasks by full text, best first, from the FTS5 trigram index.

        The same hits and shape as :func:`policykg.graph.queries.search` for
        the substring hits, which come first (score 1 + similarity); then
        texts holding at least half of the query's three-character pieces
        (two-character for a shorter query). Similarity is the share of the
        query's pieces a text holds; FTS5's bm25 orders equal scores. (The
        networkx search scores by TF-IDF over every text, which would mean
        reading them all.)
        """
        query = "".join((text or "").split())
        if not query:
            return []
        with database.read(self.conn):
            return _search(self.conn, query, limit)


def _inferred(kind: Optional[str], value, flags: Optional[str], literal: Optional[str]) -> dict:
    """``{"inferred": …}`` of an implements-link as the graph has it (``{}`` when absent or null).

    ``kind``, ``value``: the JSON type and value of the row's ``inferred``;
    ``flags``: the row's ``"~"`` (:mod:`policykg.graph.codec`); ``literal``:
    the row, when it is stored literally.
    """
    if literal is not None:
        value = json.loads(literal)["v"].get("inferred")
        return {} if value is None else {"inferred": bool(value)}
    if kind is None:  # not stored: at its default unless the row says it was absent
        return {} if flags and "i" in flags else {"inferred": False}
    return {} if kind == "null" else {"inferred": bool(value)}


def _pieces(query: str) -> list[str]:
    n = 3 if len(query) >= 3 else len(query)
    return sorted({query[i : i + n] for i in range(len(query) - n + 1)})


def _phrase(piece: str) -> str:
    return '"' + piece.replace('"', '""') + '"'


def _search(conn: sqlite3.Connection, query: str, limit: Optional[int]) -> list[dict]:
    pieces = _pieces(query)
    if len(query) >= 3:
        # a row holds at least half of the pieces: found piece by piece in the index
        need = max(1, len(pieces) // 2)
        counts: dict[int, int] = {}
        rank: dict[int, float] = {}
        for piece in pieces:
            for rowid, bm25 in conn.execute("SELECT rowid, bm25(search_fts) FROM search_fts WHERE search_fts MATCH ?", (_phrase(piece),)):
                counts[rowid] = counts.get(rowid, 0) + 1
                rank[rowid] = rank.get(rowid, 0.0) + bm25
        rowids = [r for r, n in counts.items() if n >= need]
    else:
        # one or two characters: shorter than the index's trigrams, so the texts are scanned
        from .embedded import _BODY

        body = _BODY.format(row="nodes")
        rowids = [r for (r,) in conn.execute(f"SELECT rowid FROM nodes WHERE instr({body}, ?) > 0", (query,))]
        counts, rank = {r: len(pieces) for r in rowids}, {r: 0.0 for r in rowids}
    hits = []
    # the few fields a hit shows, picked out in SQL (a task's whole record is not decoded)
    fields = (
        "SELECT rowid, id, type, json_extract(attrs, '$.title'), json_extract(attrs, '$.heading'),"
        f" json_extract(attrs, '$.text'), json_extract(attrs, '$.document') FROM nodes WHERE rowid IN {_IN}"
    )
    for i in range(0, len(rowids), 10000):
        chunk = json.dumps(rowids[i : i + 10000])
        for rowid, node, kind, doc_title, heading, task_text, document in conn.execute(fields, (chunk,)):
            if kind == _DOC:
                if not doc_title:
                    continue
                entry, title, doc, body_text = "document", doc_title, node, doc_title
            else:
                entry, title, doc, body_text = "task", heading, document, f"{heading} {task_text or ''}"
            exact = query in body_text
            share = counts[rowid] / len(pieces) if pieces else 0.0
            if not exact and share < 0.5:
                continue
            j = body_text.find(query)
            snippet = body_text[max(0, j - 20) : j + len(query) + 40] if exact else body_text[:60]
            score = round(share + exact, 4)
            hits.append(({"id": node, "type": entry, "title": title, "document": doc, "score": score, "snippet": snippet}, rank[rowid]))
    hits.sort(key=lambda h: (-h[0]["score"], h[1], h[0]["id"]))
    out = [h for h, _ in hits]
    return out if limit is None else out[:limit]
