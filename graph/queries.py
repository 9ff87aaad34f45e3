"""The questions the graph answers: trace, upstream, coverage, agency, search.

Every answer is plain JSON-ready data; the shapes are part of the interface
(the CLI prints them with ``--format json``):

``trace`` / ``upstream``::

    {"root": ID,
     "documents": {ID: {id, title, doc_number, kind, level, region, stub}},
     "edges": [{source, target, relation, inferred, confidence, evidence}]}

With ``tasks=True`` the same dict and list also hold the task nodes
(``kind: "task"``, with ``document``, ``position``, ``heading``, ``agencies``
by role and ``deadlines``) and their edges (``contains``, task → task
``implements``). ``region`` is the list of region names from the province
down (``[]`` for national documents).

``coverage``::

    {"parent": DOC,
     "children": [{"document": DOC, "coverage": 0..1}],
     "tasks": [{"task": {id, position, heading},
                "implemented_by": [{"document": ID, "task": {id, position, heading}, "score": 0..1}]}]}

Examples
--------
>>> from policykg.ingest.records import Document, Citation
>>> G = __import__("policykg.graph", fromlist=["build_graph"]).build_graph([
...     Document(id="a", kind="opinion", title="广东省人民政府办公厅关于某事的实施意见", doc_number="粤府办〔2020〕10号",
...              cites=[Citation("国务院办公厅关于某事的指导意见", "国办发〔2019〕54号", True, "为贯彻落实")])])
>>> t = trace(G, "国办发[2019]54号")
>>> sorted(t["documents"]), t["edges"][0]["relation"], t["edges"][0]["inferred"]
(['doc:国办发〔2019〕54号', 'doc:粤府办〔2020〕10号'], 'implements', False)
"""

from __future__ import annotations

import weakref

from collections import deque
from typing import Optional

from .agencies import collective_includes, find_parties
from policykg.errors import AgencyNotFound, AmbiguousReference
from policykg.rules.references import Candidate
from policykg.rules.references import find_document as resolve_reference
from .schema import ROLE_RELATIONS, NodeType, Relation, document_tasks, task_documents

__all__ = [
    "find_document",
    "document_candidates",
    "document_entry",
    "task_entry",
    "task_entry_of",
    "edge_entry",
    "EDGE_ENTRY_FIELDS",
    "answer_parts",
    "answer_from_parts",
    "trace",
    "upstream",
    "COVERED_SCORE",
    "covers",
    "coverage",
    "agency_obligations",
    "search",
    "prepare_search",
]

_DOC = NodeType.DOCUMENT.value
_IMPLEMENTS = Relation.IMPLEMENTS.value
_EXPLAINS = Relation.EXPLAINS.value
_PROMULGATES = Relation.PROMULGATES.value
_ROLE_VALUES = tuple(r.value for r in ROLE_RELATIONS)  # in their order (an enum's .value is slow in a loop)
_ROLE_KEYS = frozenset(_ROLE_VALUES)


def _documents(G):
    return ((n, d) for n, d in G.nodes(data=True) if d.get("type") == _DOC)


def document_candidates(G) -> list[Candidate]:
    """The documents of ``G`` as candidate rows for :func:`policykg.rules.references.find_document`."""
    return [
        Candidate(n, d.get("doc_number"), d.get("title"), bool(d.get("stub")), tuple(d.get("record_ids") or ()))
        for n, d in _documents(G)
    ]


def find_document(G, ref: str) -> str:
    """The document node a reference names: an id, a doc number or a title.

    The rule is :func:`policykg.rules.references.find_document`, over the
    documents of ``G``: node id (with or without ``doc:``) or ingest record
    id; doc number in any bracket form; title exact after normalisation;
    part of a title, when it names one document.

    Raises
    ------
    DocumentNotFound
        Nothing matches.
    AmbiguousReference
        A part of a title matches several documents (their ids are listed).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("doc:湘政办发〔2020〕9号", type="Document", title="湖南省人民政府办公厅关于印发某要点的通知", doc_number="湘政办发〔2020〕9号")
    >>> find_document(G, "湘政办发(2020)9号")
    'doc:湘政办发〔2020〕9号'
    >>> find_document(G, "某要点")
    'doc:湘政办发〔2020〕9号'
    """
    ref = (ref or "").strip()
    if ref in G and G.nodes[ref].get("type") == _DOC:
        return ref
    return resolve_reference(ref, document_candidates(G))


def document_entry(G, node: str) -> dict:
    """``{id, title, doc_number, kind, level, region, stub}`` of a document node."""
    d = G.nodes[node]
    return {
        "id": node,
        "title": d.get("title"),
        "doc_number": d.get("doc_number"),
        "kind": d.get("kind"),
        "level": d.get("level"),
        "region": list(d.get("region_names") or []),
        "stub": bool(d.get("stub")),
    }


def _task_ref(G, task: str) -> dict:
    d = G.nodes[task]
    return {"id": task, "position": d["position"], "heading": d["heading"]}


def task_entry(G, task: str) -> dict:
    """A task node with its agencies by role and its deadlines (for ``trace(tasks=True)``)."""
    links = G.out_edges(task, keys=True)
    return task_entry_of(task, G.nodes[task], ((key, G.nodes[party]["name"]) for _, party, key in links if key in _ROLE_KEYS))


def task_entry_of(task: str, d: dict, links) -> dict:
    """:func:`task_entry` of a task's attributes ``d`` and its out-links ``(key, name of the node at the other end)``.

    For a reader that has the task's row and its agencies' names without a
    graph (:meth:`policykg.graph.sqlite_graph.SQLiteGraph.trace_parts`);
    links other than roles are left out, as :func:`task_entry` leaves them.
    """
    agencies: dict[str, list[str]] = {r: [] for r in _ROLE_VALUES}
    for key, name in links:
        if key in agencies:
            agencies[key].append(name)
    return {
        "id": task,
        "kind": "task",
        "document": d["document"],
        "position": d["position"],
        "number": d.get("number_printed"),
        "section": d.get("section"),
        "heading": d["heading"],
        "agencies": {k: sorted(v) for k, v in agencies.items()},
        "deadlines": list(d.get("deadlines") or []),
        "targets": list(d.get("targets") or []),
    }


def _edge_entry(G, u: str, v: str, key: str) -> dict:
    return edge_entry(u, v, key, G.edges[u, v, key])


#: The edge attributes :func:`edge_entry` reads (a streamed answer keeps only these of an edge it lists later).
EDGE_ENTRY_FIELDS = ("inferred", "confidence", "evidence", "rule")


def edge_entry(u: str, v: str, key: str, d: dict) -> dict:
    """An edge of a trace or upstream answer: ``{source, target, relation, inferred, confidence, evidence}`` of the edge's attributes ``d``."""
    return {
        "source": u,
        "target": v,
        "relation": key,
        "inferred": bool(d.get("inferred")),
        "confidence": d.get("confidence"),
        "evidence": d.get("evidence") if d.get("evidence") is not None else d.get("rule"),
    }


def _container(G, node: str) -> Optional[str]:
    return next((s for s, _, k in G.in_edges(node, keys=True) if k == _PROMULGATES), None)


def _walk(G, root: str, *, down: bool, tasks: bool) -> dict:
    docs = {root: document_entry(G, root)}
    edges: list[dict] = []
    seen_edges: set[tuple] = set()

    def add_edge(u, v, key):
        if (u, v, key) not in seen_edges:
            seen_edges.add((u, v, key))
            edges.append(_edge_entry(G, u, v, key))

    def add_doc(n):
        new = n not in docs
        if new:
            docs[n] = document_entry(G, n)
        return new

    # Each queue entry says whether the document's own plans follow it down
    # (``full``). A notice reached only as the holder of a plan is followed for
    # what implements it (a county notice implementing the provincial notice),
    # but its other plans do not join the cascade through it.
    queue = deque([(root, True)])
    done: dict[str, bool] = {}
    while queue:
        node, full = queue.popleft()
        if done.get(node) is True or (done.get(node) is False and not full):
            continue
        done[node] = full or done.get(node, False)
        if down:
            links = [(c, node) for c, _, k in G.in_edges(node, keys=True) if k == _IMPLEMENTS and G.nodes[c].get("type") == _DOC]
            links.sort(key=lambda e: (G.edges[e[0], e[1], _IMPLEMENTS].get("inferred", False), e[0]))
            nxt = [c for c, _ in links]
        else:
            links = [(node, t) for _, t, k in G.out_edges(node, keys=True) if k == _IMPLEMENTS and G.nodes[t].get("type") == _DOC]
            links.sort(key=lambda e: (G.edges[e[0], e[1], _IMPLEMENTS].get("inferred", False), e[1]))
            nxt = [t for _, t in links]
        for (u, v), n in zip(links, nxt, strict=False):
            add_edge(u, v, _IMPLEMENTS)
            add_doc(n)
            queue.append((n, True))
        # a 解读 hangs below the document it explains (and implements nothing);
        # upwards, it leads to that document and what the document implements
        if down:
            for u in sorted(u for u, _, k in G.in_edges(node, keys=True) if k == _EXPLAINS):
                add_edge(u, node, _EXPLAINS)
                add_doc(u)
        else:
            for v in sorted(v for _, v, k in G.out_edges(node, keys=True) if k == _EXPLAINS):
                add_edge(node, v, _EXPLAINS)
                add_doc(v)
                queue.append((v, True))
        if down and full:  # a notice's plans go where the notice goes
            for _, plan, k in sorted(G.out_edges(node, keys=True)):
                if k == _PROMULGATES:
                    add_edge(node, plan, _PROMULGATES)
                    add_doc(plan)
                    queue.append((plan, True))
        notice = _container(G, node)
        if notice is not None:  # the notice that holds a plan: context, and what implements or it implements
            add_edge(notice, node, _PROMULGATES)
            add_doc(notice)
            queue.append((notice, not down))
    for node in list(docs):  # promulgates edges among the documents reached
        for _, plan, k in G.out_edges(node, keys=True):
            if k == _PROMULGATES and plan in docs:
                add_edge(node, plan, _PROMULGATES)
    if tasks:
        doc_ids = list(docs)
        task_ids = []
        for node in doc_ids:
            for task in document_tasks(G, node):
                docs[task] = task_entry(G, task)
                task_ids.append(task)
                add_edge(node, task, Relation.CONTAINS.value)
        included = set(task_ids)
        for task in task_ids:
            for _, other, k in sorted(G.out_edges(task, keys=True)):
                if k == _IMPLEMENTS and other in included:
                    add_edge(task, other, _IMPLEMENTS)
    return {"root": root, "documents": docs, "edges": edges}


def answer_parts(answer: dict):
    """A trace or upstream answer as the parts it is written in, in order.

    ``("root", id)``, then ``("document", id, entry)`` for each document (and
    task) in the answer's order, then ``("edge", entry)`` for each edge: the
    form a large answer is streamed in (:meth:`policykg.graph.sqlite_graph.SQLiteGraph.trace_parts`
    yields it without holding the whole answer), and what
    :func:`answer_from_parts` puts back together.
    """
    yield ("root", answer["root"])
    for node, entry in answer["documents"].items():
        yield ("document", node, entry)
    for edge in answer["edges"]:
        yield ("edge", edge)


def answer_from_parts(parts) -> dict:
    """The answer dict of the parts :func:`answer_parts` lists (the inverse of it)."""
    out: dict = {"root": None, "documents": {}, "edges": []}
    for part in parts:
        if part[0] == "root":
            out["root"] = part[1]
        elif part[0] == "document":
            out["documents"][part[1]] = part[2]
        else:
            out["edges"].append(part[1])
    return out


def trace(G, ref: str, *, tasks: bool = False) -> dict:
    """The downstream cascade of a document: what implements it, recursively.

    Documents that implement the root (explicitly or by inference) are
    followed down, level by level; a notice brings the plans it promulgates,
    and a plan brings the notice that holds it (with its ``promulgates``
    edge). No document appears twice; every edge is listed once, marked
    ``inferred`` or not, with its ``confidence`` and ``evidence`` (the phrase
    read, or the aligned tasks and score).

    Parameters
    ----------
    G : MultiDiGraph
    ref : str
        Document id, doc number or title (:func:`find_document`).
    tasks : bool
        Also list the documents' tasks (with agencies and deadlines) and the
        task → task ``implements`` edges among them.

    Returns
    -------
    dict
        See the module docstring for the shape.
    """
    return _walk(G, find_document(G, ref), down=True, tasks=tasks)


def upstream(G, ref: str, *, tasks: bool = False) -> dict:
    """What a document implements, up to the top (same shape as :func:`trace`).

    A plan's notice is included with its own implements-links.
    """
    return _walk(G, find_document(G, ref), down=False, tasks=tasks)


#: A lower-level task covers a higher-level one (restates it) when their
#: alignment scores at least this. Alignment links tasks from
#: :data:`policykg.graph.align.THRESHOLD` (0.10) up; in the calibration on the
#: hand-aligned 平江县/湖南 plans (:mod:`policykg.graph.align`) the one wrong
#: pair scores 0.1015 (a 政务新媒体 task matched to 基层政务公开标准化) and
#: precision is 1.00 from 0.12 up, while true heavy rewrites start at 0.107.
#: 0.11 keeps the wrong pair out and costs one true pair whose parent task is
#: covered by another. Weaker alignments stay in the answers (with their
#: scores, shown as weak) but do not count as covered, in the CLI and in the
#: explorer alike.
COVERED_SCORE = 0.11


def covers(score: Optional[float]) -> bool:
    """Whether an implementing task with alignment ``score`` covers the task it implements.

    A link without a score (said, not inferred) covers.

    >>> covers(0.8), covers(0.1015), covers(None)
    (True, False, True)
    """
    return score is None or score >= COVERED_SCORE


def coverage(G, parent: str, child: Optional[str] = None) -> dict:
    """For each task of ``parent``, the tasks of implementing documents that restate it.

    Parameters
    ----------
    G : MultiDiGraph
    parent : str
        Document reference; a notice stands for the tasks of its plans.
    child : str, optional
        Only this implementing document (a notice stands for its plans).

    Returns
    -------
    dict
        ``{"parent": DOC, "children": [{"document": DOC, "coverage": share of
        parent tasks with at least one implementing task that :func:`covers`
        it}], "tasks": [...]}``; ``implemented_by`` lists every aligned task,
        weak ones too; children with an implements-link but no aligned task
        have coverage 0.
    """
    p = find_document(G, parent)
    parent_tasks = [t for d in task_documents(G, p) for t in document_tasks(G, d)]
    only = set(task_documents(G, find_document(G, child))) | {find_document(G, child)} if child else None
    covered: dict[str, set[str]] = {}
    aligned: set[str] = set()
    rows = []
    for task in parent_tasks:
        implemented_by = []
        for c_task, _, k, data in G.in_edges(task, keys=True, data=True):
            if k != _IMPLEMENTS or G.nodes[c_task].get("type") != NodeType.TASK.value:
                continue
            c_doc = G.nodes[c_task]["document"]
            if only is not None and c_doc not in only:
                continue
            aligned.add(c_doc)
            if covers(data.get("confidence")):
                covered.setdefault(c_doc, set()).add(task)
            implemented_by.append({"document": c_doc, "task": _task_ref(G, c_task), "score": data.get("confidence")})
        implemented_by.sort(key=lambda x: (-(x["score"] or 0), x["document"], x["task"]["position"]))
        rows.append({"task": _task_ref(G, task), "implemented_by": implemented_by})
    linked = {c for d in [p, *task_documents(G, p)] for c, _, k in G.in_edges(d, keys=True) if k == _IMPLEMENTS and G.nodes[c].get("type") == _DOC}
    if only is not None:
        linked &= only
    n = len(parent_tasks)
    children = [{"document": document_entry(G, c), "coverage": round(len(covered.get(c, ())) / n, 4) if n else 0.0} for c in sorted(linked | aligned)]
    children.sort(key=lambda x: (-x["coverage"], x["document"]["id"]))
    return {"parent": document_entry(G, p), "children": children, "tasks": rows}


def agency_obligations(G, name: str) -> dict:
    """Every task an agency carries, directly or through a collective, with deadlines.

    Parameters
    ----------
    G : MultiDiGraph
    name : str
        Canonical name (平江县市场监督管理局), a mention (县市场监管局) or a
        part of a canonical name that only one agency has.

    Returns
    -------
    dict
        ``{"agency": {id, name, type, mentions, region}, "obligations": [{"task":
        {id, position, heading}, "document": {id, title, doc_number}, "role":
        lead | responsible | shared | assisting, "via": None or the collective's
        name, "mention": as written, "deadlines": [{text, date}]}]}``

    Raises
    ------
    AgencyNotFound, AmbiguousReference
    """
    parties = find_parties(G, name)
    if not parties:
        raise AgencyNotFound(name=name)
    if len(parties) > 1:
        raise AmbiguousReference(ref=name, candidates=parties, what="agencies", part="name")
    node = parties[0]
    data = G.nodes[node]
    sources = [(node, None)]
    if data["type"] == NodeType.AGENCY.value:
        sources += [
            (c, G.nodes[c]["name"])
            for c, d in G.nodes(data=True)
            if d.get("type") == NodeType.COLLECTIVE.value and collective_includes(G, c, node)
        ]
    roles = {r.value for r in ROLE_RELATIONS}
    out = []
    for party, via in sources:
        for task, _, key, edge in G.in_edges(party, keys=True, data=True):
            if key not in roles:
                continue
            t = G.nodes[task]
            doc = G.nodes[t["document"]]
            out.append(
                {
                    "task": _task_ref(G, task),
                    "document": {"id": t["document"], "title": doc.get("title"), "doc_number": doc.get("doc_number")},
                    "role": key,
                    "via": via,
                    "mention": edge.get("mention"),
                    "deadlines": list(t.get("deadlines") or []),
                }
            )
    out.sort(key=lambda o: (o["via"] is not None, o["document"]["id"], o["task"]["position"], o["role"]))
    region = data.get("region")
    return {
        "agency": {
            "id": node,
            "name": data["name"],
            "type": data["type"],
            "mentions": list(data.get("mentions", [])),
            "region": G.nodes[region]["name"] if region in G else None,
        },
        "obligations": out,
    }


def search(G, text: str, *, limit: Optional[int] = 20) -> list[dict]:
    """Documents and tasks by full text: substring hits first, then TF-IDF similarity.

    Parameters
    ----------
    G : MultiDiGraph
    text : str
    limit : int, optional
        At most this many hits; None for all of them (to count them).

    Returns
    -------
    list of dict
        ``{id, type: document | task, title, document, score, snippet}``,
        best first. Substring hits score 1 + their similarity.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("doc:a", type="Document", title="湖南省2020年政务公开工作要点")
    >>> [h["id"] for h in search(G, "政务公开")]
    ['doc:a']
    """
    query = "".join((text or "").split())
    if not query:
        return []
    index = _search_index(G)
    if index is None:
        return []
    items, vectorizer, matrix = index
    grams = {query[i : i + 2] for i in range(max(len(query) - 1, 1))}
    rows = [i for i, it in enumerate(items) if query in it[4] or sum(g in it[4] for g in grams) >= max(1, len(grams) // 2)]
    if not rows:
        return []
    sims = (matrix[rows] @ vectorizer.transform([query]).T).toarray().ravel()
    hits = []
    for row, sim in zip(rows, sims, strict=False):
        node, kind, title, doc, body = items[row]
        exact = query in body
        if not exact and sim < 0.1:
            continue
        i = body.find(query)
        snippet = body[max(0, i - 20) : i + len(query) + 40] if exact else body[:60]
        hits.append({"id": node, "type": kind, "title": title, "document": doc, "score": round(float(sim) + exact, 4), "snippet": snippet})
    hits.sort(key=lambda h: (-h["score"], h["id"]))
    return hits if limit is None else hits[:limit]


# One full-text index per graph and revision (see policykg.graph.build.touch):
# fitting TF-IDF over every task costs a second on a large graph, a query a few ms.
_SEARCH_INDEXES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def prepare_search(G) -> None:
    """Build the full-text index of ``G`` now, so that the first :func:`search` is fast.

    The index is kept until the graph changes (its revision); an app that
    loads a graph once calls this as part of loading it.
    """
    _search_index(G)


def _search_index(G):
    revision = G.graph.get("revision")
    cached = _SEARCH_INDEXES.get(G)
    if cached is not None and cached[0] == revision and revision is not None:
        return cached[1]
    items = []
    for n, d in G.nodes(data=True):
        if d.get("type") == _DOC and d.get("title"):
            items.append((n, "document", d["title"], n, d["title"]))
        elif d.get("type") == NodeType.TASK.value:
            items.append((n, "task", d["heading"], d["document"], f"{d['heading']} {d.get('text') or ''}"))
    index = None
    if items:
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
        index = (items, vectorizer, vectorizer.fit_transform([it[4] for it in items]).tocsr())
    _SEARCH_INDEXES[G] = (revision, index)
    return index
