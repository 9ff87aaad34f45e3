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
>>> coverage_status([0.62]), coverage_status([0.35]), coverage_status([])
('covered', 'partly', 'not')
"""

from __future__ import annotations

import html
from collections import Counter, deque
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

import pandas as pd

from policykg.graph import AmbiguousReference, DocumentNotFound, find_document
from policykg.graph.queries import task_entry
from policykg.graph.schema import LEVELS, ROLE_RELATIONS, NodeType, Relation
from policykg.rules.chars import search_key

__all__ = [
    "LEVELS",
    "level_rank",
    "GraphIndex",
    "document_entry_label",
    "short_label",
    "evidence_summary",
    "link_rows",
    "document_facts",
    "HIGHLIGHT_STYLES",
    "highlight_html",
    "cascade_levels",
    "cascade_elements",
    "restating_tasks",
    "COVERED_SCORE",
    "coverage_status",
    "coverage_table",
    "obligation_frame",
    "node_label",
    "neighbourhood",
]

_DOC = NodeType.DOCUMENT.value
_TASK = NodeType.TASK.value
_IMPLEMENTS = Relation.IMPLEMENTS.value
_PROMULGATES = Relation.PROMULGATES.value
_CONTAINS = Relation.CONTAINS.value
_ROLES = tuple(r.value for r in ROLE_RELATIONS)


def level_rank(level: Optional[str]) -> int:
    """0 for national down to 4 for township; 5 when the level is unknown."""
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


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


@dataclass
class _Match:
    node: str
    exact: bool


class GraphIndex:
    """Lookup tables over a graph, built once per graph version (the pages share it).

    Attributes
    ----------
    G : MultiDiGraph
    documents : pandas.DataFrame
        One row per document node: ``id, doc_number, title, kind, level,
        level_rank, region, province, year, tasks, stub, issuer, label``.
    parties : pandas.DataFrame
        One row per agency or collective: ``id, name, type, mentions, tasks``.
    """

    def __init__(self, G) -> None:
        self.G = G
        tasks: Counter = Counter()
        party_tasks: Counter = Counter()
        for u, v, k in G.edges(keys=True):
            if k == _CONTAINS:
                tasks[u] += 1
            elif k in _ROLES:
                party_tasks[v] += 1
        rows = []
        for n, d in G.nodes(data=True):
            if d.get("type") != _DOC:
                continue
            names = list(d.get("region_names") or [])
            years = list(d.get("years") or [])
            entry = {"id": n, "title": d.get("title") or "", "doc_number": d.get("doc_number")}
            rows.append(
                {
                    "id": n,
                    "doc_number": d.get("doc_number") or "",
                    "title": d.get("title") or "",
                    "kind": d.get("kind") or "",
                    "level": d.get("level") or "",
                    "level_rank": level_rank(d.get("level")),
                    "region": " ".join(names),
                    "province": names[0] if names else ("全国" if d.get("level") == "national" else ""),
                    "year": min(years) if years else None,
                    "tasks": tasks.get(n, 0),
                    "stub": bool(d.get("stub")),
                    "issuer": d.get("issuer") or "",
                    "label": document_entry_label(entry),
                }
            )
        columns = ["id", "doc_number", "title", "kind", "level", "level_rank", "region", "province", "year", "tasks", "stub", "issuer", "label"]
        self.documents = pd.DataFrame(rows, columns=columns)
        self.documents["year"] = self.documents["year"].astype("Int64")
        self.documents = self.documents.sort_values(["stub", "level_rank", "doc_number", "title"], kind="stable").reset_index(drop=True)
        self.labels: dict[str, str] = dict(zip(self.documents["id"], self.documents["label"]))
        self._haystack = [(n, search_key(f"{num}{title}")) for n, num, title in zip(self.documents["id"], self.documents["doc_number"], self.documents["title"])]
        parties = [
            {
                "id": n,
                "name": d.get("name") or n,
                "type": d.get("type"),
                "mentions": " ".join(d.get("mentions") or []),
                "tasks": party_tasks.get(n, 0),
            }
            for n, d in G.nodes(data=True)
            if d.get("type") in (NodeType.AGENCY.value, NodeType.COLLECTIVE.value)
        ]
        self.parties = pd.DataFrame(parties, columns=["id", "name", "type", "mentions", "tasks"]).sort_values(
            ["tasks", "name"], ascending=[False, True], kind="stable"
        ).reset_index(drop=True)
        self.n_tasks = sum(tasks.values())
        self._nodes: Optional[list[tuple[str, int, str, str]]] = None

    def label(self, node: str) -> str:
        """The display label of a document node (its id if unknown)."""
        return self.labels.get(node) or node_label(self.G, node)

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
            exact = find_document(self.G, query)
        except (DocumentNotFound, AmbiguousReference):
            exact = None
        if exact is not None and allowed is not None and exact not in allowed:
            exact = None
        needle = search_key(query)
        hits = [n for n, hay in self._haystack if needle in hay and (allowed is None or n in allowed)]
        out = ([exact] if exact else []) + [n for n in hits if n != exact]
        return out[:limit], exact

    def find_nodes(self, query: str, *, limit: int = 50) -> list[str]:
        """Any nodes whose label or id contains ``query``: documents first, then agencies, regions, tasks; shortest first."""
        if self._nodes is None:
            order = {_DOC: 0, NodeType.AGENCY.value: 1, NodeType.COLLECTIVE.value: 2, NodeType.REGION.value: 3, _TASK: 4}
            self._nodes = [
                (n, order.get(d.get("type"), 5), search_key(self.labels.get(n) or node_label(self.G, n, 200)), n.lower())
                for n, d in self.G.nodes(data=True)
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


_LEVEL_COLOURS = ("#c92a2a", "#e67700", "#2b8a3e", "#1864ab", "#5f3dc4", "#868e96")


def cascade_elements(answer: dict, *, selected: Optional[str] = None, promulgates: str = "印发") -> tuple[list[dict], list[dict]]:
    """Nodes and edges (vis.js dicts) of a trace answer, levels top to bottom.

    Nodes: ``{id, label, title, level, color, shape, …}``; edges: ``{source,
    target, label, dashes, color}``. Implements-edges point from the
    implementing document up to what it implements; inferred ones are dashed.
    Notices are drawn as grey boxes beside the plans they promulgate (their
    edges labelled ``promulgates``).
    """
    nodes, edges = [], []
    for n, entry in answer["documents"].items():
        if entry.get("kind") == "task":
            continue
        rank = level_rank(entry.get("level"))
        grey = entry.get("kind") == "notice" or entry.get("stub")
        region = entry.get("region") or []
        lines = [entry["doc_number"]] if entry.get("doc_number") else _wrap(entry.get("title") or n, 10, 3)
        if region and entry.get("doc_number") and entry.get("kind") != "notice":
            lines.append(region[-1])
        nodes.append(
            {
                "id": n,
                "label": "\n".join(lines),
                "title": document_entry_label(entry),
                "level": rank,
                "color": "#dee2e6" if grey else _LEVEL_COLOURS[rank],
                "font": {"color": "#212529" if grey else "#ffffff", "size": 16},
                "shape": "box",
                "margin": 8,
                "borderWidth": 3 if n == selected or n == answer["root"] else 1,
            }
        )
    for e in answer["edges"]:
        if e["relation"] not in (_IMPLEMENTS, _PROMULGATES) or answer["documents"].get(e["source"], {}).get("kind") == "task":
            continue
        implements = e["relation"] == _IMPLEMENTS
        edges.append(
            {
                "source": e["source"],
                "target": e["target"],
                "label": "" if implements else promulgates,
                "dashes": bool(e["inferred"]) or not implements,
                "color": ("#e8590c" if e["inferred"] else "#495057") if implements else "#adb5bd",
            }
        )
    return nodes, edges


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

#: An aligned child task scoring at least this restates the parent task (covered);
#: below it (but above the alignment threshold) it only partly does.
COVERED_SCORE = 0.5


def coverage_status(scores: Sequence[Optional[float]]) -> str:
    """``covered``, ``partly`` or ``not`` from the scores of a parent task's implementing tasks in one child."""
    if not scores:
        return "not"
    return "covered" if max(s or 0 for s in scores) >= COVERED_SCORE else "partly"


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


# -- the graph browser -------------------------------------------------------------------


def node_label(G, n: str, width: int = 28) -> str:
    """A short label of any node: a document's number or title, a task's heading, a name."""
    d = G.nodes[n]
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
