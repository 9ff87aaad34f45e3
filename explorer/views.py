"""What the pages show, computed from the graph: tables, levels, highlights, neighbourhoods.

Plain functions of the graph (``G`` first) and of the answers of
:mod:`policykg.graph.queries`; nothing here needs Streamlit, so the pages stay
thin and these are tested and benchmarked directly. Text is never parsed
here: every highlight comes from a span that ingest recorded.

Examples
--------
>>> level_rank("national"), level_rank("county"), level_rank(None)
(0, 3, 5)
>>> highlight_html("<b>县政务局</b>牵头", [(3, 7, "agency")])
'<span>&lt;b&gt;</span><span style="background:#d0ebff;border-bottom:2px solid #1c7ed6">县政务局</span><span>&lt;/b&gt;牵头</span>'
>>> coverage_status([0.62]), coverage_status([0.1015]), coverage_status([])
('covered', 'weak', 'not')
"""

from __future__ import annotations

import datetime
import html
import threading
from collections import Counter, OrderedDict, deque
from functools import lru_cache
from typing import Iterable, Optional, Sequence

import pandas as pd

from policykg.graph import AmbiguousReference, DocumentNotFound, find_document
from policykg.graph.queries import COVERED_SCORE, covers, task_entry
from policykg.explorer.facets import TABLE_PAGE, TableQuery, facets, group_facets, level_rank, read_overview, table_order
from policykg.graph.schema import LEVELS, ROLE_RELATIONS, NodeType, Relation
from policykg.rules.chars import search_key

__all__ = [
    "LEVELS",
    "level_rank",
    "GraphIndex",
    "StoreIndex",
    "document_entry_label",
    "short_label",
    "evidence_summary",
    "link_rows",
    "document_facts",
    "HIGHLIGHT_STYLES",
    "highlight_html",
    "cascade_levels",
    "cascade_counts",
    "largest_cascades",
    "cascade_sizes",
    "LEVEL_COLOURS",
    "CLUSTER_ABOVE",
    "cascade_layout",
    "cascade_graph",
    "restating_tasks",
    "COVERED_SCORE",
    "coverage_status",
    "coverage_table",
    "obligation_frame",
    "OBLIGATION_GROUPS",
    "obligation_counts",
    "obligations_csv",
    "documents_by_level_and_year",
    "document_groups",
    "level_counts",
    "province_counts",
    "year_counts",
    "filter_choices",
    "count_lags",
    "pair_lags",
    "TableQuery",
    "TABLE_PAGE",
    "diffusion_lags",
    "document_lags",
    "node_label",
    "label_of",
    "neighbourhood",
]

_DOC = NodeType.DOCUMENT.value
_TASK = NodeType.TASK.value
_IMPLEMENTS = Relation.IMPLEMENTS.value
_PROMULGATES = Relation.PROMULGATES.value
_CONTAINS = Relation.CONTAINS.value
_ROLES = tuple(r.value for r in ROLE_RELATIONS)


def short_label(entry: dict, width: int = 24) -> str:
    """A document's number, else its title cut to ``width`` characters.

    >>> short_label({"doc_number": None, "title": "平江县2020年政务公开工作要点"})
    '平江县2020年政务公开工作要点'
    """
    if entry.get("doc_number"):
        return entry["doc_number"]
    title = entry.get("title") or entry.get("id") or ""
    return title if len(title) <= width else title[: width - 1] + "…"


def document_entry_label(entry: dict) -> str:
    """``<number> <title>`` of a document entry (``{id, title, doc_number, …}``).

    >>> document_entry_label({"doc_number": "国办发〔2019〕54号", "title": "国务院办公厅关于…的指导意见"})
    '国办发〔2019〕54号 国务院办公厅关于…的指导意见'
    """
    title = entry.get("title") or entry.get("id") or ""
    number = entry.get("doc_number")
    return f"{number} {title}" if number and number not in title else title


# -- the index of the graph ------------------------------------------------------


class GraphIndex:
    """Lookup tables over a whole graph, built once per graph version (the pages share it).

    What the pages list (documents, agencies) and the questions they ask
    (trace, coverage, agency, the few nodes around a document) go through
    this object, so a page reads the same whether the graph is held here
    (a graph database's, pulled) or stays in the store's database
    (:class:`StoreIndex`, which reads only what each question needs).

    Attributes
    ----------
    G : MultiDiGraph or None
        The whole graph (None for a :class:`StoreIndex`, which holds none).
    documents : pandas.DataFrame
        One row per document node: ``id, doc_number, title, kind, level,
        level_rank, region, province, year, tasks, stub, issuer, label``.
    parties : pandas.DataFrame
        One row per agency or collective: ``id, name, type, mentions, tasks``
        (built when first read).
    n_tasks, n_parties : int
        How many tasks (``contains`` links) and agencies and collectives.

    The Overview reads only :attr:`groups`, :meth:`lag_days` and
    :meth:`document_table`: here computed from the documents table, over a
    store (:class:`StoreIndex`) read in SQL without it, to the same answers.
    """

    def __init__(self, G) -> None:
        self.G = G
        self._fresh_caches()
        tasks: Counter = Counter()
        for u, v, k in G.edges(keys=True):
            if k == _CONTAINS:
                tasks[u] += 1
        self._index_documents(G.nodes, lambda: G.edges(keys=True, data=True), tasks)
        self.n_parties = sum(1 for _, d in G.nodes(data=True) if d.get("type") in _PARTY_TYPES)

    def _index_documents(self, nodes, links, tasks: dict) -> None:
        """The documents table and labels from ``nodes`` (a mapping id → attributes holding every document) and their task counts.

        ``links()`` gives the ``(source, target, key, attributes)`` edges
        among them (at least the ``implements`` ones), in the graph's order,
        for the lags and the largest cascades.
        """
        self._doc_nodes, self._doc_links = nodes, links
        rows = _document_rows(nodes, tasks)
        self.documents = _documents_frame(rows).sort_values(_TABLE_ORDER, kind="stable").reset_index(drop=True)
        # from the rows, in the table's order (reading the frame's string columns back is slower)
        order = {n: i for i, n in enumerate(self.documents["id"].tolist())}
        rows.sort(key=lambda r: order[r["id"]])
        self.labels: dict[str, str] = {r["id"]: r["label"] for r in rows}
        self.task_counts: dict[str, int] = {r["id"]: r["tasks"] for r in rows}
        self.n_tasks = sum(tasks.values())

    def _fresh_caches(self) -> None:
        """What is computed when first asked, per index (one index per store version)."""
        self._haystack: Optional[list[tuple[str, str]]] = None  # search keys, made when a picker is first searched
        self._nodes: Optional[list[tuple[str, int, str, str]]] = None
        self._parties: Optional[pd.DataFrame] = None
        self._groups: Optional[pd.DataFrame] = None
        self._largest = self._lags = self._lag_days = None

    # -- the overview --------------------------------------------------------------

    @property
    def n_documents(self) -> int:
        """How many documents (stubs included)."""
        return len(self.documents)

    @property
    def groups(self) -> pd.DataFrame:
        """The documents counted by ``stub, level, level_rank, province, year`` (:func:`document_groups`): what the Overview's counts and charts sum."""
        if self._groups is None:
            self._groups = document_groups(self.documents)
        return self._groups

    def lag_days(self) -> tuple[pd.DataFrame, int]:
        """The diffusion lags counted by ``level, level_rank, days`` (column ``links``), and the links without two dates (:func:`count_lags`)."""
        if self._lag_days is None:
            lags, undated = self.diffusion_lags()
            self._lag_days = (count_lags(lags), undated)
        return self._lag_days

    def document_table(self, query: TableQuery = TableQuery(), limit: Optional[int] = TABLE_PAGE) -> tuple[pd.DataFrame, int]:
        """The first ``limit`` rows (None: all) of the documents table that ``query`` keeps, and how many it keeps.

        The rows are those of :attr:`documents`, in its order, with a fresh index.
        """
        docs = self.documents
        keep = pd.Series(True, index=docs.index)
        if not query.stubs:
            keep &= ~docs["stub"]
        needle = query.needle
        if needle:
            keep &= docs["title"].str.contains(needle, regex=False) | docs["doc_number"].str.contains(needle, regex=False)
        if query.levels:
            keep &= docs["level"].isin(query.levels)
        if query.provinces:
            keep &= docs["province"].isin(query.provinces)
        if query.years:
            keep &= docs["year"].isin(query.years).fillna(False).astype(bool)
        shown = docs[keep]
        rows = shown if limit is None else shown.head(limit)
        return rows.reset_index(drop=True), len(shown)

    @property
    def parties(self) -> pd.DataFrame:
        """The agencies and collectives, most tasks first (read when first asked: only the Agencies page lists them)."""
        if self._parties is None:
            self._parties = _parties_frame(self._party_rows())
        return self._parties

    def _party_rows(self) -> Iterable[tuple]:
        """``(id, attributes, tasks)`` of every agency and collective."""
        counts: Counter = Counter(v for _, v, k in self.G.edges(keys=True) if k in _ROLES)
        return ((n, d, counts.get(n, 0)) for n, d in self.G.nodes(data=True) if d.get("type") in _PARTY_TYPES)

    def largest_cascades(self, limit: int = 20) -> list[tuple[str, int]]:
        """:func:`largest_cascades` of the graph, computed once per graph version."""
        if self._largest is None:
            self._largest = cascade_sizes(self._doc_nodes, self._doc_links(), limit=50)
        return self._largest[:limit]

    def diffusion_lags(self) -> tuple[pd.DataFrame, int]:
        """:func:`diffusion_lags` of the graph, computed once per graph version."""
        if self._lags is None:
            self._lags = document_lags(self._doc_nodes, self._doc_links())
        return self._lags

    def label(self, node: str) -> str:
        """The display label of a document node (its id if unknown)."""
        return self.labels.get(node) or node_label(self.G, node)

    # -- the questions (over the whole graph here; StoreIndex asks the store) --

    def find_document(self, ref: str) -> str:
        """The document ``ref`` names (:func:`~policykg.graph.find_document`)."""
        return find_document(self.G, ref)

    def trace(self, root: str) -> dict:
        """:func:`policykg.graph.queries.trace` of ``root``."""
        from policykg.graph.queries import trace

        return trace(self.G, root)

    def upstream(self, root: str) -> dict:
        """:func:`policykg.graph.queries.upstream` of ``root``."""
        from policykg.graph.queries import upstream

        return upstream(self.G, root)

    def coverage(self, parent: str) -> dict:
        """:func:`policykg.graph.queries.coverage` of ``parent``."""
        from policykg.graph.queries import coverage

        return coverage(self.G, parent)

    def agency(self, name: str) -> dict:
        """:func:`policykg.graph.queries.agency_obligations` of ``name``."""
        from policykg.graph.queries import agency_obligations

        return agency_obligations(self.G, name)

    def around(self, nodes: Iterable[str], *, keys: Optional[tuple] = None):
        """A graph holding ``nodes``, their edges (with a key in ``keys``) and the nodes at the other ends: here, the whole graph."""
        return self.G

    def whole_graph(self):
        """The whole graph."""
        return self.G

    def _labelled(self) -> Iterable[tuple[str, dict]]:
        """Every node with (at least) what :func:`label_of` reads."""
        return self.G.nodes(data=True)

    def restating(self, task: str, *, max_depth: int = 4) -> list[dict]:
        """:func:`restating_tasks` of ``task``."""
        return restating_tasks(self.G, task, max_depth=max_depth)

    def document_node(self, node: str) -> dict:
        """The listed fields of a document node (:data:`~policykg.graph.sqlite_graph.DOCUMENT_FIELDS` at least)."""
        return self._doc_nodes[node]

    # -- pickers ---------------------------------------------------------------

    def find_documents(self, query: str, *, limit: int = 50, with_tasks: bool = False) -> tuple[list[str], Optional[str]]:
        """Documents for a picker: ``([nodes], exact)``.

        ``exact`` is the node the query names on its own (a doc number in any
        bracket form, an id, a unique title: :func:`~policykg.graph.find_document`),
        else None; the list holds it first, then documents whose number or
        title contains the query. With an empty query, the first documents of
        the table (real before cited-only, higher levels first).
        """
        query = (query or "").strip()
        docs = self.documents
        if with_tasks:
            docs = docs[docs["tasks"] > 0]
        allowed = set(docs["id"]) if with_tasks else None
        if not query:
            return list(docs["id"][:limit]), None
        exact = None
        try:
            exact = self.find_document(query)
        except (DocumentNotFound, AmbiguousReference):
            exact = None
        if exact is not None and allowed is not None and exact not in allowed:
            exact = None
        if self._haystack is None:
            self._haystack = [(n, search_key(f"{num}{title}")) for n, num, title in zip(self.documents["id"], self.documents["doc_number"], self.documents["title"])]
        needle = search_key(query)
        hits = [n for n, hay in self._haystack if needle in hay and (allowed is None or n in allowed)]
        out = ([exact] if exact else []) + [n for n in hits if n != exact]
        return out[:limit], exact

    def find_nodes(self, query: str, *, limit: int = 50) -> list[str]:
        """Any nodes whose label or id contains ``query``: documents first, then agencies, regions, tasks; shortest first."""
        if self._nodes is None:
            order = {_DOC: 0, NodeType.AGENCY.value: 1, NodeType.COLLECTIVE.value: 2, NodeType.REGION.value: 3, _TASK: 4}
            self._nodes = [
                (n, order.get(d.get("type"), 5), search_key(self.labels.get(n) or label_of(n, d, 200)), n.lower())
                for n, d in self._labelled()
            ]
        needle = search_key(query)
        _, exact = self.find_documents(query, limit=1)
        hits = [(n != exact, rank, label != needle, len(label), n) for n, rank, label, nid in self._nodes if needle in label or needle in nid]
        return [n for *_, n in sorted(hits)[:limit]]

    def find_parties(self, query: str, *, limit: int = 50) -> list[str]:
        """Agencies and collectives whose name or a mention contains ``query`` (most tasks first)."""
        parties = self.parties
        query = "".join((query or "").split())
        if query:
            mask = parties["name"].str.contains(query, regex=False) | parties["mentions"].str.contains(query, regex=False)
            parties = parties[mask]
        return list(parties["id"][:limit])


class StoreIndex(GraphIndex):
    """The :class:`GraphIndex` of a store whose graph stays in its database: every question asks it.

    Built from the Overview's aggregates (:func:`~policykg.explorer.facets.read_overview`:
    the documents counted by their facets, the lags counted by their dates,
    the totals), so the first page costs what it shows, not what the store
    holds. The documents table and labels (:attr:`documents`, the pickers,
    the largest cascades) are read when a page first asks for them, from the
    documents alone (their listed fields and the links among them,
    :meth:`~policykg.graph.sqlite_graph.SQLiteGraph.documents`, and
    :meth:`~policykg.graph.sqlite_graph.SQLiteGraph.counts`). Either way the
    tables and pictures say the numbers they say over the whole graph. Each
    question opens the store (``open_store()``, a new
    :class:`~policykg.graph.sqlite_graph.SQLiteGraph`: a connection belongs
    to one thread, and Streamlit runs each session in its own) and reads the
    rows it needs.
    """

    #: What is read with the documents table, on first use (the Overview reads none of it).
    _WITH_DOCUMENTS = frozenset({"documents", "labels", "task_counts", "_doc_nodes", "_doc_links"})

    def __init__(self, open_store, *, whole_graph=None, read: Optional[dict] = None) -> None:
        self._open = open_store
        self._whole_graph = whole_graph
        self._answers: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._reading = threading.Lock()  # one reading of the documents table, whichever session asks first
        self.G = None
        self._fresh_caches()
        if read is None:  # else read already (policykg.explorer.prefetch)
            with open_store() as store:
                read = read_overview(store)
        self._group_rows: list[tuple[str, int]] = list(read["groups"])
        self._lag_pairs: list[tuple[dict, dict, int]] = list(read["lags"])
        self.n_tasks = read["counts"]["tasks"]  # every contains link, as over the whole graph
        self.n_parties = read["counts"]["parties"]
        self._answers.update(read.get("answers") or {})

    def __getattr__(self, name: str):
        # only for what is not set yet: the documents table and what is read with it
        if name not in StoreIndex._WITH_DOCUMENTS:
            raise AttributeError(name)
        self._read_documents()
        return self.__dict__[name]

    def _read_documents(self) -> None:
        with self._reading:
            if "documents" in self.__dict__:
                return
            with self._open() as store:
                (nodes, links), counts = store.documents(), store.counts()
            self._index_documents(nodes, lambda: links, counts["tasks"])

    @property
    def n_documents(self) -> int:
        return sum(n for _, n in self._group_rows)

    @property
    def groups(self) -> pd.DataFrame:
        if self._groups is None:
            rows = [{**group_facets(key), "count": n} for key, n in self._group_rows]
            self._groups = document_groups(pd.DataFrame(rows, columns=[*_GROUP_COLUMNS, "count"]))
        return self._groups

    def lag_days(self) -> tuple[pd.DataFrame, int]:
        if self._lag_days is None:
            self._lag_days = pair_lags(self._lag_pairs)
        return self._lag_days

    def document_table(self, query: TableQuery = TableQuery(), limit: Optional[int] = TABLE_PAGE) -> tuple[pd.DataFrame, int]:
        """The page of the documents table ``query`` keeps, read in SQL (:meth:`~policykg.graph.sqlite_graph.SQLiteGraph.document_page`)."""
        order = table_order(self._group_rows, query)
        needle = query.needle
        nodes, tasks = self._ask("document_page", order, needle, limit)
        if needle:
            total = self._ask("count_documents", tuple(k for k, _ in order), needle)
        else:
            kept = {k for k, _ in order}
            total = sum(n for k, n in self._group_rows if k in kept)
        return _documents_frame(_document_rows(nodes, tasks)), total

    def _party_rows(self) -> Iterable[tuple]:
        with self._open() as store:
            return store.parties()

    def label(self, node: str) -> str:
        return self.labels.get(node) or node

    #: Answers kept per index (one index per store version), the most recent first: a page asks its
    #: question again on every rerun, and a national cascade takes a second or more to read.
    ANSWERS_KEPT = 16

    def _ask(self, question: str, *args):
        key = (question, *args)
        with self._lock:  # sessions run in threads of one server and share the index
            if key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]
        with self._open() as store:
            answer = getattr(store, question)(*args)
        with self._lock:
            self._answers[key] = answer
            while len(self._answers) > self.ANSWERS_KEPT:
                self._answers.popitem(last=False)
        return answer

    def find_document(self, ref: str) -> str:
        return self._ask("find_document", ref)

    def trace(self, root: str) -> dict:
        return self._ask("trace", root)

    def upstream(self, root: str) -> dict:
        return self._ask("upstream", root)

    def coverage(self, parent: str) -> dict:
        return self._ask("coverage", parent)

    def agency(self, name: str) -> dict:
        return self._ask("agency_obligations", name)

    def around(self, nodes: Iterable[str], *, keys: Optional[tuple] = None):
        """The nodes, their edges and their neighbours, read from the store (:meth:`~policykg.graph.sqlite_graph.SQLiteGraph.around`)."""
        with self._open() as store:
            return store.around(list(nodes), keys=keys)

    def whole_graph(self):
        """The whole graph, loaded on first use (no page asks for it; kept for callers that need every node)."""
        if self.G is None:
            self.G = self._whole_graph()
        return self.G

    def _labelled(self) -> Iterable[tuple[str, dict]]:
        with self._open() as store:
            return store.labelled()

    def restating(self, task: str, *, max_depth: int = 4) -> list[dict]:
        """:func:`restating_tasks` of ``task``, over the tasks it reaches, read level by level.

        Each level's tasks come with every edge (the implementing tasks below
        them, their agencies), which is what the walk and the task entries read.
        """
        import networkx as nx

        H = nx.MultiDiGraph()
        frontier, seen = [task], {task}
        for _ in range(max_depth + 1):
            if not frontier:
                break
            level = self.around(frontier)
            H = nx.compose(H, level)
            below = {c for n in frontier if n in level for c, _, k in level.in_edges(n, keys=True)
                     if k == _IMPLEMENTS and level.nodes[c].get("type") == _TASK}
            frontier = sorted(below - seen)
            seen |= below
        return restating_tasks(H, task, max_depth=max_depth) if task in H else []


_PARTY_TYPES = (NodeType.AGENCY.value, NodeType.COLLECTIVE.value)

#: The columns of the documents table (:attr:`GraphIndex.documents`) and its order.
_DOCUMENT_COLUMNS = ["id", "doc_number", "title", "kind", "level", "level_rank", "region", "province", "year", "tasks", "stub", "issuer", "label"]
_TABLE_ORDER = ["stub", "level_rank", "doc_number", "title"]
#: What documents are counted by on the Overview (:func:`~policykg.explorer.facets.facets`).
_GROUP_COLUMNS = ["stub", "level", "level_rank", "province", "year"]


def _document_rows(nodes, tasks: dict) -> list[dict]:
    """One row of the documents table per document of ``nodes`` (id → attributes), in their order."""
    rows = []
    for n, d in nodes.items():
        if d.get("type") != _DOC:
            continue
        entry = {"id": n, "title": d.get("title") or "", "doc_number": d.get("doc_number")}
        f = facets(d)
        rows.append(
            {
                "id": n,
                "doc_number": d.get("doc_number") or "",
                "title": d.get("title") or "",
                "kind": d.get("kind") or "",
                "level": f["level"],
                "level_rank": f["level_rank"],
                "region": " ".join(d.get("region_names") or []),
                "province": f["province"],
                "year": f["year"],
                "tasks": tasks.get(n, 0),
                "stub": f["stub"],
                "issuer": d.get("issuer") or "",
                "label": document_entry_label(entry),
            }
        )
    return rows


def _documents_frame(rows: list[dict]) -> pd.DataFrame:
    # no rows (a page no document passes): the columns' types as an empty slice of a full table has them
    frame = pd.DataFrame(rows or [_NO_DOCUMENT], columns=_DOCUMENT_COLUMNS)
    frame["year"] = frame["year"].astype("Int64")
    return frame if rows else frame.iloc[:0]


_NO_DOCUMENT = {c: "" for c in _DOCUMENT_COLUMNS} | {"level_rank": 0, "year": None, "tasks": 0, "stub": False}


def _parties_frame(rows: Iterable[tuple]) -> pd.DataFrame:
    """The parties table from ``(id, attributes, tasks)`` rows, most tasks first."""
    parties = [
        {"id": n, "name": d.get("name") or n, "type": d.get("type"), "mentions": " ".join(d.get("mentions") or []), "tasks": tasks}
        for n, d, tasks in rows
    ]
    return pd.DataFrame(parties, columns=["id", "name", "type", "mentions", "tasks"]).sort_values(
        ["tasks", "name"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)


# -- links and evidence ------------------------------------------------------------


def evidence_summary(edge: dict, lang: str = "zh") -> str:
    """One line for the evidence of an edge of a trace answer.

    >>> evidence_summary({"inferred": True, "evidence": {"share": 0.9, "score": 0.61, "aligned": [[1, 2, 0.6]] * 17}}, "en")
    '17 aligned tasks, 90% of the child’s tasks, mean score 0.61'
    >>> evidence_summary({"inferred": False, "evidence": "为贯彻落实"})
    '为贯彻落实'
    """
    evidence = edge.get("evidence")
    if isinstance(evidence, dict) and "aligned" in evidence:
        n, share, score = len(evidence["aligned"]), evidence.get("share", 0), evidence.get("score", 0)
        if lang == "en":
            return f"{n} aligned tasks, {share:.0%} of the child’s tasks, mean score {score:.2f}"
        return f"{n} 项任务对齐，占下级任务的 {share:.0%}，平均得分 {score:.2f}"
    if isinstance(evidence, dict):
        return ", ".join(f"{k}={v}" for k, v in evidence.items())
    return "" if evidence is None else str(evidence)


def link_rows(answer: dict, *, lang: str = "zh") -> list[dict]:
    """The document → document ``implements`` edges of a trace/upstream answer, one row each."""
    docs = answer["documents"]
    rows = []
    for e in answer["edges"]:
        if e["relation"] != _IMPLEMENTS or docs.get(e["source"], {}).get("kind") == "task":
            continue
        rows.append(
            {
                "source": e["source"],
                "target": e["target"],
                "child": document_entry_label(docs[e["source"]]),
                "parent": document_entry_label(docs[e["target"]]),
                "inferred": e["inferred"],
                "confidence": e["confidence"],
                "evidence": evidence_summary(e, lang),
            }
        )
    return rows


# -- one document's facts ------------------------------------------------------------


def _span_cols(span: Optional[dict]) -> dict:
    if not span:
        return {"span": "", "span_text": ""}
    return {"span": f"{span['start']}–{span['end']}", "span_text": span.get("text") or ""}


def document_facts(G, node: str, records: Sequence = ()) -> dict[str, list[dict]]:
    """The extracted facts of a document with the source span of each.

    ``records`` are the document's ingest records (for the spans of
    deadlines and targets, which the graph does not keep).

    Returns ``{"tasks": [...], "agencies": [...], "citations": [...],
    "deadlines": [...], "marks": [(start, end, category)]}``; ``marks`` are
    source offsets for :func:`highlight_html`.
    """
    from policykg.graph.build import document_tasks

    tasks, agencies, marks = [], [], []
    for t in document_tasks(G, node):
        d = G.nodes[t]
        roles: dict[str, list[str]] = {r: [] for r in _ROLES}
        for _, party, key, edge in G.out_edges(t, keys=True, data=True):
            if key in roles:
                name = G.nodes[party].get("name", party)
                roles[key].append(name)
                agencies.append({"position": d["position"], "role": key, "name": name, "mention": edge.get("mention") or "", **_span_cols(edge.get("span"))})
                if edge.get("span"):
                    marks.append((edge["span"]["start"], edge["span"]["end"], "agency"))
        if d.get("span"):
            marks.append((d["span"]["start"], d["span"]["end"], "task"))
        tasks.append(
            {
                "position": d["position"],
                "printed": d.get("number_printed") or "",
                "section": d.get("section") or "",
                "heading": d.get("heading") or "",
                **{r: "、".join(v) for r, v in roles.items()},
                "deadlines": "；".join(x["text"] for x in d.get("deadlines") or []),
                "targets": "；".join(d.get("targets") or []),
                **_span_cols(d.get("span")),
            }
        )
    citations = []
    for c in G.nodes[node].get("citations") or []:
        citations.append(
            {
                "title": c.get("title") or "",
                "doc_number": c.get("doc_number") or "",
                "implements": bool(c.get("implements")),
                "evidence": c.get("evidence") or "",
                "resolved": "、".join(c.get("resolved") or []),
                **_span_cols(c.get("span")),
            }
        )
        if c.get("span"):
            marks.append((c["span"]["start"], c["span"]["end"], "citation"))
    deadlines = []
    record_ids = set(G.nodes[node].get("record_ids") or [])
    for record in records:
        if record.id not in record_ids:
            continue
        for task in record.tasks:
            for x in task.deadlines:
                span = {"start": x.span.start, "end": x.span.end, "text": x.span.text} if x.span else None
                deadlines.append({"position": task.position, "text": x.text, "date": x.date or "", **_span_cols(span)})
                if x.span:
                    marks.append((x.span.start, x.span.end, "deadline"))
            for x in task.targets:
                if x.span:
                    marks.append((x.span.start, x.span.end, "target"))
    return {"tasks": tasks, "agencies": agencies, "citations": citations, "deadlines": deadlines, "marks": marks}


#: Inline styles of the highlight categories; the later ones win where they overlap.
HIGHLIGHT_STYLES: dict[str, str] = {
    "task": "background:#fff9db",
    "target": "background:#e5dbff",
    "agency": "background:#d0ebff;border-bottom:2px solid #1c7ed6",
    "deadline": "background:#ffe3e3;border-bottom:2px solid #e03131",
    "citation": "background:#d3f9d8;border-bottom:2px solid #2f9e44",
}


def _style(categories: Iterable[str]) -> str:
    merged: dict[str, str] = {}
    for category in HIGHLIGHT_STYLES:
        if category in categories:
            for rule in HIGHLIGHT_STYLES[category].split(";"):
                prop, _, value = rule.partition(":")
                merged[prop] = value
    return ";".join(f"{p}:{v}" for p, v in merged.items())


def highlight_html(text: str, marks: Iterable[tuple[int, int, str]]) -> str:
    """``text`` as HTML, every character escaped, with the ``marks`` (start, end, category) highlighted.

    The result holds no markup but ``<span>`` elements with inline styles:
    whatever HTML or script the text contains is shown as text.
    """
    events: dict[int, list[tuple[int, str]]] = {}
    for start, end, category in marks:
        start, end = max(0, start), min(len(text), end)
        if start < end and category in HIGHLIGHT_STYLES:
            events.setdefault(start, []).append((1, category))
            events.setdefault(end, []).append((-1, category))
    cuts = sorted({0, len(text), *events})
    active: Counter = Counter()
    parts = []
    for a, b in zip(cuts, cuts[1:]):
        for delta, category in events.get(a, ()):
            active[category] += delta
        piece = html.escape(text[a:b])
        style = _style({c for c, n in active.items() if n > 0})
        parts.append(f'<span style="{style}">{piece}</span>' if style else f"<span>{piece}</span>")
    return "".join(parts)


# -- cascade ---------------------------------------------------------------------------


def cascade_levels(answer: dict) -> list[tuple[Optional[str], list[dict]]]:
    """The documents of a trace answer grouped by level, national first (tasks left out)."""
    groups: dict[int, list[dict]] = {}
    for entry in answer["documents"].values():
        if entry.get("kind") == "task":
            continue
        groups.setdefault(level_rank(entry.get("level")), []).append(entry)
    out = []
    for rank in sorted(groups):
        level = LEVELS[rank] if rank < len(LEVELS) else None
        out.append((level, sorted(groups[rank], key=lambda e: (" ".join(e.get("region") or []), e["id"]))))
    return out


#: Colours of the levels (national … township, unknown), in the picture and its legend.
LEVEL_COLOURS = ("#c92a2a", "#e67700", "#2b8a3e", "#1864ab", "#5f3dc4", "#868e96")
#: Above this many documents the cascade picture groups documents by level and province.
CLUSTER_ABOVE = 50
#: Boxes per row within one level of the picture (a level with more wraps onto more rows).
PER_ROW = 7


def cascade_counts(answer: dict) -> dict[str, int]:
    """How many documents a trace answer lists, and what they are: the numbers the Cascade page says.

    ``documents`` (all, the root included; what the tree by level lists),
    ``below`` (all but the root), ``implementing`` (those with an implements
    link in the cascade, directly or down the line) and ``notices`` (the
    rest: notices that promulgate implementing plans, present as context).
    ``implementing + notices == below``.

    >>> a = {"root": "r", "documents": {"r": {}, "p": {}, "n": {}}, "edges": [
    ...     {"source": "p", "target": "r", "relation": "implements"}, {"source": "n", "target": "p", "relation": "promulgates"}]}
    >>> cascade_counts(a)
    {'documents': 3, 'below': 2, 'implementing': 1, 'notices': 1}
    """
    docs = [n for n, e in answer["documents"].items() if e.get("kind") != "task"]
    implementing = {e["source"] for e in answer["edges"] if e["relation"] == _IMPLEMENTS and e["source"] in docs and e["source"] != answer["root"]}
    below = len(docs) - 1
    return {"documents": len(docs), "below": below, "implementing": len(implementing), "notices": below - len(implementing)}


def largest_cascades(G, *, limit: int = 20) -> list[tuple[str, int]]:
    """The documents with the largest downstream cascades, largest first: ``[(node, documents below it)]``.

    A document's cascade holds the cascade of everything that implements it,
    so the largest start at documents that implement nothing themselves; only
    those are measured (the implementing documents reachable through
    ``implements`` links), which keeps this cheap on a national corpus.
    """
    return cascade_sizes(G.nodes, G.edges(keys=True, data=True), limit=limit)


def cascade_sizes(nodes, edges: Iterable[tuple], *, limit: int = 20) -> list[tuple[str, int]]:
    """:func:`largest_cascades` from ``nodes`` (id → attributes) and ``(source, target, key, attributes)`` edges."""
    import networkx as nx

    H = nx.DiGraph()
    H.add_edges_from(
        (u, v) for u, v, k, _ in edges if k == _IMPLEMENTS and nodes[u].get("type") == _DOC and nodes[v].get("type") == _DOC
    )
    tops = [n for n in H if H.out_degree(n) == 0]
    sizes = [(n, len(nx.ancestors(H, n))) for n in tops]
    sizes.sort(key=lambda x: (-x[1], level_rank(nodes[x[0]].get("level")), x[0]))
    return sizes[:limit]


def cascade_layout(answer: dict, *, cluster_above: int = CLUSTER_ABOVE, per_row: int = PER_ROW) -> tuple[pd.DataFrame, pd.DataFrame, bool]:
    """Positions of a trace answer's documents for a picture by level, national at the top.

    Each level is a band; within it documents sit side by side, wrapping onto
    another row after ``per_row``. A notice whose only part in the cascade is
    to promulgate plans is written under their titles instead of drawn as a
    box of its own. With more than ``cluster_above`` documents, the documents
    of one level and province are drawn as one box with their count (the
    tree by level still lists every one).

    Returns ``(nodes, edges, clustered)``. ``nodes``: ``id, label, title,
    level, rank, x, y, kind, stub, root, count`` (x in 0..1, y grows
    downwards, one unit per row); ``edges``: ``source, target, inferred,
    count, x, y, x2, y2``: implements links, from the implementing document
    up to what it implements.
    """
    entries = {n: e for n, e in answer["documents"].items() if e.get("kind") != "task"}
    root = answer["root"]
    implements = [e for e in answer["edges"] if e["relation"] == _IMPLEMENTS and e["source"] in entries and e["target"] in entries]
    linked = {e["source"] for e in implements} | {e["target"] for e in implements} | {root}
    notice_of = {e["target"]: e["source"] for e in answer["edges"] if e["relation"] == _PROMULGATES}
    folded = {n for n in notice_of.values() if n not in linked}
    clustered = len(entries) > cluster_above
    group: dict[str, str] = {}
    boxes: dict[str, dict] = {}
    for n, e in entries.items():
        if n in folded:
            continue
        rank = level_rank(e.get("level"))
        region = e.get("region") or []
        if clustered and n != root:
            key = f"cluster:{rank}:{region[0] if region else ''}"
            box = boxes.setdefault(
                key,
                {"id": key, "label": "", "title": region[0] if region else "", "level": e.get("level"), "rank": rank,
                 "kind": "cluster", "stub": False, "root": False, "count": 0, "order": (region[0] if region else "",)},
            )
            box["count"] += 1
            group[n] = key
            continue
        lines = [e["doc_number"]] if e.get("doc_number") else _wrap(e.get("title") or n, 10, 2)
        notice = notice_of.get(n)
        if notice in folded and entries[notice].get("doc_number"):
            lines.append(f"（{entries[notice]['doc_number']}）")
        boxes[n] = {
            "id": n, "label": "\n".join(lines), "title": document_entry_label(e), "level": e.get("level"), "rank": rank,
            "kind": e.get("kind") or "", "stub": bool(e.get("stub")), "root": n == root, "count": 1,
            "order": (" ".join(region), notice or n, n),
        }
        group[n] = n
    for box in boxes.values():
        if box["kind"] == "cluster":  # the picture adds the count, in the UI language
            box["label"] = box["title"] or "—"
    y = 0.0
    by_rank: dict[int, list[dict]] = {}
    for box in boxes.values():
        by_rank.setdefault(box["rank"], []).append(box)
    for rank in sorted(by_rank):
        row = sorted(by_rank[rank], key=lambda b: b["order"])
        for start in range(0, len(row), per_row):
            chunk = row[start : start + per_row]
            for i, box in enumerate(chunk):
                box["x"] = (i + 0.5) / per_row if len(row) > per_row else (i + 0.5) / len(chunk)
                box["y"] = y
            y += 1
        y += 0.3  # a gap between levels
    nodes = pd.DataFrame(
        [{k: v for k, v in b.items() if k != "order"} for b in boxes.values()],
        columns=["id", "label", "title", "level", "rank", "x", "y", "kind", "stub", "root", "count"],
    )
    pos = {b["id"]: (b["x"], b["y"]) for b in boxes.values()}
    links: dict[tuple, dict] = {}
    for e in implements:
        u, v = group.get(e["source"]), group.get(e["target"])
        if u is None or v is None or u == v:
            continue
        link = links.setdefault((u, v, bool(e["inferred"])), {"source": u, "target": v, "inferred": bool(e["inferred"]), "count": 0})
        link["count"] += 1
    edges = pd.DataFrame(
        [{**l, "x": pos[l["source"]][0], "y": pos[l["source"]][1], "x2": pos[l["target"]][0], "y2": pos[l["target"]][1]} for l in links.values()],
        columns=["source", "target", "inferred", "count", "x", "y", "x2", "y2"],
    )
    return nodes, edges, clustered


def _wrap(text: str, width: int, lines: int) -> list[str]:
    """``text`` cut into at most ``lines`` lines of ``width`` characters (the last one ends with … if cut).

    >>> _wrap("平江县2020年政务公开工作要点", 10, 3)
    ['平江县2020年政务', '公开工作要点']
    """
    out = [text[i : i + width] for i in range(0, len(text), width)]
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][:-1] + "…"
    return out


def cascade_graph(G, answer: dict):
    """The documents of a trace answer and the links among them, as a graph for GraphML (:func:`policykg.graph.export.graphml_ready`)."""
    docs = [n for n, e in answer["documents"].items() if e.get("kind") != "task"]
    H = G.subgraph(docs).copy()
    keep = {(e["source"], e["target"], e["relation"]) for e in answer["edges"]}
    H.remove_edges_from([(u, v, k) for u, v, k in H.edges(keys=True) if (u, v, k) not in keep])
    return H


def restating_tasks(G, task: str, *, max_depth: int = 4) -> list[dict]:
    """The tasks below ``task`` that restate it, level by level (task → task ``implements``, followed down).

    Each row: ``{depth, task: task entry (agencies by role, deadlines),
    parent, score, inferred, document}``.
    """
    rows = []
    seen = {task}
    queue = deque([(task, 0)])
    while queue:
        node, depth = queue.popleft()
        if depth >= max_depth:
            continue
        children = [
            (c, data)
            for c, _, k, data in G.in_edges(node, keys=True, data=True)
            if k == _IMPLEMENTS and G.nodes[c].get("type") == _TASK and c not in seen
        ]
        children.sort(key=lambda x: (-(x[1].get("confidence") or 0), x[0]))
        for child, data in children:
            seen.add(child)
            rows.append(
                {
                    "depth": depth + 1,
                    "task": task_entry(G, child),
                    "parent": node,
                    "score": data.get("confidence"),
                    "inferred": bool(data.get("inferred")),
                    "document": G.nodes[child]["document"],
                }
            )
            queue.append((child, depth + 1))
    return rows


# -- coverage ----------------------------------------------------------------------------

def coverage_status(scores: Sequence[Optional[float]]) -> str:
    """``covered``, ``weak`` or ``not`` from the scores of a parent task's implementing tasks in one child.

    ``covered`` when one of them covers the task by the rule the CLI uses too
    (:func:`policykg.graph.queries.covers`, score ≥
    :data:`~policykg.graph.queries.COVERED_SCORE`); ``weak`` when the only
    alignments score below it (listed, not counted).
    """
    if not scores:
        return "not"
    return "covered" if any(covers(s) for s in scores) else "weak"


def coverage_table(answer: dict) -> pd.DataFrame:
    """One row per parent task, one column group per child: status, best score, child tasks.

    Columns: ``position, heading``, then for each child id ``<id>`` (status),
    ``<id>#score`` and ``<id>#tasks`` (positions of the implementing tasks).
    """
    children = [c["document"]["id"] for c in answer["children"]]
    rows = []
    for row in answer["tasks"]:
        out = {"position": row["task"]["position"], "heading": row["task"]["heading"]}
        for child in children:
            hits = [x for x in row["implemented_by"] if x["document"] == child]
            out[child] = coverage_status([x["score"] for x in hits])
            out[f"{child}#score"] = max((x["score"] or 0 for x in hits), default=None)
            out[f"{child}#tasks"] = "、".join(str(x["task"]["position"]) for x in sorted(hits, key=lambda x: x["task"]["position"]))
        rows.append(out)
    return pd.DataFrame(rows)


# -- agencies -------------------------------------------------------------------------------


def obligation_frame(answer: dict) -> pd.DataFrame:
    """The obligations of an agency answer as a table, one row per (task, role, deadline)."""
    rows = []
    for o in answer["obligations"]:
        doc = o["document"]
        base = {
            "document": doc["id"],
            "document_label": document_entry_label(doc),
            "task": o["task"]["id"],
            "position": o["task"]["position"],
            "heading": o["task"]["heading"],
            "role": o["role"],
            "via": o["via"] or "",
            "mention": o["mention"] or "",
        }
        deadlines = o["deadlines"] or [{"text": "", "date": None}]
        for d in deadlines:
            rows.append({**base, "deadline": d.get("text") or "", "date": pd.to_datetime(d.get("date"), errors="coerce")})
    columns = ["document", "document_label", "task", "position", "heading", "role", "via", "mention", "deadline", "date"]
    return pd.DataFrame(rows, columns=columns)


#: The rows of the agency page's metrics, in order; they add up to ``total``.
OBLIGATION_GROUPS = ("lead", "responsible", "shared", "assisting", "via")


def obligation_counts(answer: dict) -> dict[str, int]:
    """The agency page's metrics: every obligation counted once, by role when named directly, else as ``via``.

    ``total`` equals the sum of the others, so every role row counts
    somewhere (分工负责 and 配合 too).

    >>> obligation_counts({"obligations": [{"role": "lead", "via": None}, {"role": "shared", "via": None}, {"role": "lead", "via": "县直相关单位"}]})
    {'total': 3, 'lead': 1, 'responsible': 0, 'shared': 1, 'assisting': 0, 'via': 1}
    """
    counts = dict.fromkeys(OBLIGATION_GROUPS, 0)
    for o in answer["obligations"]:
        counts["via" if o.get("via") else o["role"]] += 1
    return {"total": len(answer["obligations"]), **counts}


def obligations_csv(frame: pd.DataFrame, lang: str) -> str:
    """An agency's obligations (:func:`obligation_frame`) as CSV, headers and roles in ``lang``."""
    from policykg.explorer.strings import role_name, t

    out = pd.DataFrame(
        {
            t("col.document", lang): frame["document_label"],
            t("col.position", lang): frame["position"],
            t("col.heading", lang): frame["heading"],
            t("col.role", lang): [role_name(r, lang) for r in frame["role"]],
            t("col.via", lang): frame["via"],
            t("col.mention", lang): frame["mention"],
            t("col.deadline", lang): frame["deadline"],
            t("col.date", lang): frame["date"].dt.strftime("%Y-%m-%d").fillna(""),
        }
    )
    return out.to_csv(index=False)


# -- the overview's pictures -------------------------------------------------------


def document_groups(documents: pd.DataFrame) -> pd.DataFrame:
    """The documents counted by ``stub, level, level_rank, province, year``, a ``count`` per group, in that order.

    ``documents`` is the documents table, or groups already counted (a
    ``count`` column), such as the store's (:meth:`StoreIndex.groups`), whose
    equal groups are then added up. Every count the Overview shows is a sum
    of these.
    """
    weights = documents["count"] if "count" in documents else pd.Series(1, index=documents.index)
    keys = [documents[c].astype("Int64") if c == "year" else documents[c] for c in _GROUP_COLUMNS]
    grouped = weights.groupby(keys, dropna=False).sum()
    out = grouped.rename("count").reset_index()
    out = out.astype({"stub": bool, "level_rank": int, "year": "Int64", "count": int})
    return out.sort_values(_GROUP_COLUMNS, kind="stable", na_position="last").reset_index(drop=True)


def level_counts(groups: pd.DataFrame) -> pd.DataFrame:
    """Ingested documents per level, national first: ``level_rank, level, count``."""
    real = groups[~groups["stub"]]
    return real.groupby(["level_rank", "level"])["count"].sum().reset_index().sort_values("level_rank", kind="stable").reset_index(drop=True)


def province_counts(groups: pd.DataFrame, top: int = 40) -> pd.Series:
    """Ingested documents per province (those without one left out), the ``top`` most first (equal counts by name)."""
    real = groups[~groups["stub"] & (groups["province"] != "")]
    return real.groupby("province")["count"].sum().sort_values(ascending=False, kind="stable").head(top)


def year_counts(groups: pd.DataFrame) -> pd.Series:
    """Ingested documents per year (those without a year left out), by year."""
    real = groups[~groups["stub"]].dropna(subset=["year"])
    return real.groupby("year")["count"].sum()


def filter_choices(groups: pd.DataFrame) -> tuple[list[str], list[str], list[int]]:
    """The Overview filters' choices over every document, stubs included: ``(levels, provinces, years)``.

    Levels national first (then by name), provinces and years sorted.
    """
    levels = sorted(set(zip(groups["level_rank"], groups["level"])))
    provinces = sorted(p for p in set(groups["province"]) if p)
    years = sorted(int(y) for y in groups["year"].dropna().unique())
    return [lv for _, lv in levels], provinces, years


def documents_by_level_and_year(documents: pd.DataFrame) -> pd.DataFrame:
    """Counts of (ingested) documents per level and year: ``level, level_rank, year, count``.

    ``documents``: the documents table or its groups (:func:`document_groups`).
    """
    groups = document_groups(documents)
    real = groups[~groups["stub"]].dropna(subset=["year"])
    counts = real.groupby(["level", "level_rank", "year"])["count"].sum().reset_index()
    counts["year"] = counts["year"].astype(int)
    return counts.sort_values(["level_rank", "year"]).reset_index(drop=True)


def _date(d: dict) -> Optional[pd.Timestamp]:
    value = d.get("signed_date") or d.get("published_date")
    return _timestamp(value) if value else None


@lru_cache(maxsize=65536)
def _timestamp(value: str) -> pd.Timestamp:
    """``pd.to_datetime(value, errors="coerce")``, once per distinct date (a corpus has far fewer dates than links).

    A date written ``YYYY-MM-DD`` (what ingest writes) is read by the
    standard library, fifty times faster than pandas' parser and to the same
    timestamp; anything else (the round trip differs) goes to pandas.

    >>> _timestamp("2019-05-01") == pd.to_datetime("2019-05-01"), pd.isna(_timestamp("2019-W01-1")), pd.isna(_timestamp("x"))
    (True, True, True)
    """
    if isinstance(value, str):
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            day = None
        if day is not None and day.isoformat() == value:
            return pd.Timestamp(day)
    return pd.to_datetime(value, errors="coerce")


def diffusion_lags(G) -> tuple[pd.DataFrame, int]:
    """Days from each directive to the documents that implement it, by the implementing document's level.

    One row per document → document ``implements`` link whose two ends both
    have a date (signed, else published): ``source, target, level,
    level_rank, days, inferred``. Returns ``(rows, links without two dates)``;
    a directive that is only cited has no date, so its links are among the latter.
    """
    return document_lags(G.nodes, G.edges(keys=True, data=True))


def document_lags(nodes, edges: Iterable[tuple]) -> tuple[pd.DataFrame, int]:
    """:func:`diffusion_lags` from ``nodes`` (id → attributes) and ``(source, target, key, attributes)`` edges, in that order."""
    rows, undated = [], 0
    stamps: dict[str, Optional[int]] = {}  # a document's date in nanoseconds, None if it has none; once per document

    def stamp(n: str) -> Optional[int]:
        if n not in stamps:
            day = _date(nodes[n])
            stamps[n] = None if day is None or pd.isna(day) else day.value
        return stamps[n]

    for u, v, k, data in edges:
        if k != _IMPLEMENTS or nodes[u].get("type") != _DOC or nodes[v].get("type") != _DOC:
            continue
        a, b = stamp(v), stamp(u)
        if a is None or b is None:
            undated += 1
            continue
        level = nodes[u].get("level") or ""
        # whole days, rounded down as Timedelta.days rounds
        rows.append((u, v, level, level_rank(level or None), (b - a) // _DAY_NS, bool(data.get("inferred"))))
    return pd.DataFrame(rows, columns=["source", "target", "level", "level_rank", "days", "inferred"]), undated


_DAY_NS = 86_400 * 10**9
_LAG_COLUMNS = ["level", "level_rank", "days"]


def count_lags(lags: pd.DataFrame) -> pd.DataFrame:
    """Diffusion lags (:func:`document_lags`) counted by ``level, level_rank, days``: a ``links`` column, in that order."""
    out = lags.groupby(_LAG_COLUMNS).size().rename("links").reset_index()
    out["days"] = out["days"].astype(int)
    return out.sort_values(_LAG_COLUMNS, kind="stable").reset_index(drop=True)


def pair_lags(pairs: Iterable[tuple[dict, dict, int]]) -> tuple[pd.DataFrame, int]:
    """:func:`count_lags` of links given as ``(child, parent, links)``: the two ends' attributes and how many links join such ends.

    What a store counts in SQL (:meth:`~policykg.graph.sqlite_graph.SQLiteGraph.overview`);
    each pair's days are read by the rule of :func:`document_lags`. Returns
    ``(counts, links without two dates)``.
    """
    rows, undated = [], 0
    for child, parent, n in pairs:
        a, b = _date(parent), _date(child)
        if a is None or b is None or pd.isna(a) or pd.isna(b):
            undated += n
            continue
        level = child.get("level") or ""
        rows.append((level, level_rank(level or None), (b.value - a.value) // _DAY_NS, n))
    frame = pd.DataFrame(rows, columns=[*_LAG_COLUMNS, "links"])
    out = frame.groupby(_LAG_COLUMNS)["links"].sum().reset_index()
    for c in ("days", "links"):
        out[c] = out[c].astype(int)
    return out.sort_values(_LAG_COLUMNS, kind="stable").reset_index(drop=True), undated


# -- the graph browser -------------------------------------------------------------------


def node_label(G, n: str, width: int = 28) -> str:
    """A short label of any node: a document's number or title, a task's heading, a name."""
    return label_of(n, G.nodes[n], width)


def label_of(n: str, d: dict, width: int = 28) -> str:
    """:func:`node_label` of the node ``n`` with attributes ``d``."""
    kind = d.get("type")
    if kind == _DOC:
        return short_label({"id": n, **d}, width)
    if kind == _TASK:
        heading = d.get("heading") or ""
        text = f"{d.get('position')}. {heading}"
        return text if len(text) <= width else text[: width - 1] + "…"
    return d.get("name") or n


def neighbourhood(
    G,
    expanded: Sequence[str],
    *,
    node_types: Optional[set[str]] = None,
    relations: Optional[set[str]] = None,
    cap: int = 25,
) -> tuple[list[str], list[tuple[str, str, str]], dict[str, int]]:
    """The nodes and edges shown when ``expanded`` nodes have been expanded.

    Each expanded node brings at most ``cap`` neighbours (through edges whose
    relation is in ``relations``, to nodes whose type is in ``node_types``;
    None means all). Returns ``(nodes, edges, hidden)``: ``edges`` are
    ``(source, target, relation)`` among the nodes shown, ``hidden`` the number
    of neighbours left out per expanded node.
    """
    shown: dict[str, None] = {}
    hidden: dict[str, int] = {}
    for n in expanded:
        if n not in G:
            continue
        shown.setdefault(n, None)
        neighbours: dict[str, None] = {}
        for u, v, k in list(G.out_edges(n, keys=True)) + list(G.in_edges(n, keys=True)):
            other = v if u == n else u
            if relations is not None and k not in relations:
                continue
            if node_types is not None and G.nodes[other].get("type") not in node_types:
                continue
            neighbours.setdefault(other, None)
        ordered = sorted(neighbours, key=lambda o: (o not in shown, G.nodes[o].get("type") or "", o))
        for other in ordered[:cap]:
            shown.setdefault(other, None)
        if len(ordered) > cap:
            hidden[n] = len(ordered) - cap
    nodes = list(shown)
    edges = []
    members = set(nodes)
    for n in nodes:
        for _, v, k in G.out_edges(n, keys=True):
            if v in members and (relations is None or k in relations) and (n in expanded or v in expanded):
                edges.append((n, v, k))
    return nodes, edges, hidden
