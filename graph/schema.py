"""What the nodes and edges of a policykg graph are, and the attributes each carries.

The graph is a :class:`networkx.MultiDiGraph`. Every node has a ``type``
(:class:`NodeType`); every edge has a ``relation`` (:class:`Relation`), which
is also its key, so there is at most one edge of each relation between two
nodes and adding a fact twice changes nothing.

Every edge carries its provenance: the ``span`` of source text it was read
from, or the name of the ``rule`` that made it (often both). ``origin`` names
the document whose record asserted the fact, so that removing that document
removes the fact. An edge that was inferred rather than read has
``inferred=True`` and a ``confidence`` in 0..1, and usually ``evidence``.

Node ids are readable strings with a type prefix: ``doc:湘政办发〔2020〕9号``,
``doc:湘政办发〔2020〕9号/湖南省2020年政务公开工作要点`` (a plan keyed by its
notice), ``task:<document key>#3``, ``agency:湖南省政务管理服务局``,
``collective:湖南省各市州人民政府``, ``region:430626``.

Examples
--------
>>> Relation.IMPLEMENTS.value
'implements'
>>> edge_attrs(Relation.IMPLEMENTS, rule="align_tfidf", inferred=True, confidence=0.8)["confidence"]
0.8
>>> document_node_id("湘政办发〔2020〕9号")
'doc:湘政办发〔2020〕9号'
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Optional

from policykg.rules.regions import LEVELS
from policykg.rules.roles import ROLES

__all__ = [
    "LEVELS",
    "NodeType",
    "Relation",
    "ROLE_RELATIONS",
    "task_documents",
    "NODE_ATTRIBUTES",
    "EDGE_ATTRIBUTES",
    "RELATION_ENDPOINTS",
    "edge_attrs",
    "document_node_id",
    "task_node_id",
    "agency_node_id",
    "collective_node_id",
    "region_node_id",
    "node_type",
    "is_document",
    "is_task",
    "document_tasks",
    "keyed_edges",
    "related",
    "has_related",
    "edge_data",
]


class NodeType(str, Enum):
    """The five kinds of node."""

    DOCUMENT = "Document"
    TASK = "Task"
    AGENCY = "Agency"
    COLLECTIVE = "Collective"
    REGION = "Region"


class Relation(str, Enum):
    """The kinds of edge. The value is stored as the edge's key and ``relation``."""

    PROMULGATES = "promulgates"  # notice -> plan it 印发
    CONTAINS = "contains"  # document -> task
    CITES = "cites"  # document -> document it names
    IMPLEMENTS = "implements"  # document -> document, task -> task (child -> parent)
    EXPLAINS = "explains"  # a 解读 -> the document it interprets
    LEAD = "lead"  # task -> agency | collective (牵头)
    RESPONSIBLE = "responsible"  # task -> agency | collective (负责)
    SHARED = "shared"  # task -> agency | collective (分工负责)
    ASSISTING = "assisting"  # task -> agency | collective (配合)
    ISSUED_BY = "issued_by"  # document -> agency
    JURISDICTION = "jurisdiction"  # document -> region it applies to
    WITHIN = "within"  # region -> region, agency | collective -> region
    SUBORDINATE_TO = "subordinate_to"  # agency -> people's government of its region


#: The task -> party relations, in the order a responsibility clause names them.
ROLE_RELATIONS = tuple(Relation(role) for role in ROLES)

#: Which node types each relation joins (source types, target types).
RELATION_ENDPOINTS: dict[Relation, tuple[tuple[NodeType, ...], tuple[NodeType, ...]]] = {
    Relation.PROMULGATES: ((NodeType.DOCUMENT,), (NodeType.DOCUMENT,)),
    Relation.CONTAINS: ((NodeType.DOCUMENT,), (NodeType.TASK,)),
    Relation.CITES: ((NodeType.DOCUMENT,), (NodeType.DOCUMENT,)),
    Relation.IMPLEMENTS: ((NodeType.DOCUMENT, NodeType.TASK), (NodeType.DOCUMENT, NodeType.TASK)),
    Relation.EXPLAINS: ((NodeType.DOCUMENT,), (NodeType.DOCUMENT,)),
    Relation.LEAD: ((NodeType.TASK,), (NodeType.AGENCY, NodeType.COLLECTIVE)),
    Relation.RESPONSIBLE: ((NodeType.TASK,), (NodeType.AGENCY, NodeType.COLLECTIVE)),
    Relation.SHARED: ((NodeType.TASK,), (NodeType.AGENCY, NodeType.COLLECTIVE)),
    Relation.ASSISTING: ((NodeType.TASK,), (NodeType.AGENCY, NodeType.COLLECTIVE)),
    Relation.ISSUED_BY: ((NodeType.DOCUMENT,), (NodeType.AGENCY,)),
    Relation.JURISDICTION: ((NodeType.DOCUMENT,), (NodeType.REGION,)),
    Relation.WITHIN: ((NodeType.REGION, NodeType.AGENCY, NodeType.COLLECTIVE), (NodeType.REGION,)),
    Relation.SUBORDINATE_TO: ((NodeType.AGENCY,), (NodeType.AGENCY,)),
}

#: The attributes each node type carries (name -> meaning). ``type`` is on every node.
NODE_ATTRIBUTES: dict[NodeType, dict[str, str]] = {
    NodeType.DOCUMENT: {
        "type": "'Document'",
        "stub": "True when the document is only known from citations",
        "kind": "notice | plan | opinion (None for a stub)",
        "title": "title as written (normalised whitespace)",
        "doc_number": "发文字号 in canonical form (湘政办发〔2020〕9号) or None",
        "damaged_number": "True for a stub whose number was read from a damaged citation",
        "issuer": "issuing agency's canonical name, or None",
        "level": "national | provincial | municipal | county | township | None",
        "region": "region node id (region:430000) or None",
        "region_names": "list of region names from province down",
        "years": "list of years the document's period covers",
        "signed_date, published_date, effective_date, expiry_date": "ISO dates or None",
        "record_ids": "ids of the ingest records merged into this node",
        "sources": "list of {path, sha256} the records came from (mirrors too)",
        "reading": "{record, rank}: the record whose facts the node holds, the best of its copies (policykg.ingest.copies)",
        "citations": "the citations as JSON: {title, doc_number, implements, explains, explained_implements, evidence, span, resolved: [ids], rule, confidence}; rule is doc_number, doc_number_loose, doc_number_cited, title, title_core, title_issued, stated_subject, subject, stub, self or unresolved",
        "stated_subject": "an untitled document only: {text, genre}, the subject its opening states (Document.subject)",
        "key": "the identity key (normalised doc number, or notice key + plan title, or title)",
    },
    NodeType.TASK: {
        "type": "'Task'",
        "document": "node id of the document that contains it",
        "record_id": "Task.id of the ingest record",
        "position": "reading order within the document (1-based)",
        "number": "printed number as an int, or None",
        "number_printed": "printed number as written",
        "section": "section heading, or None",
        "heading": "task heading",
        "text": "task text",
        "deadlines": "list of {text, date}",
        "targets": "list of target texts",
        "span": "{start, end, text} in the source text, or None",
        "clause": "the responsibility clause as ingest read it (Task.clause), or None",
    },
    NodeType.AGENCY: {
        "type": "'Agency'",
        "name": "canonical name",
        "mentions": "sorted list of the names it was written as",
        "region": "region node id, or None",
        "government": "True for a people's government (…人民政府)",
    },
    NodeType.COLLECTIVE: {
        "type": "'Collective'",
        "name": "canonical name (湖南省各市州人民政府)",
        "mentions": "sorted list of the names it was written as",
        "region": "region node id, or None",
        "members": "which agencies it stands for: {kind, depth} (see policykg.graph.agencies)",
    },
    NodeType.REGION: {
        "type": "'Region'",
        "name": "name (湖南省)",
        "code": "GB/T 2260 code, 6 digits, or 'CN' for the whole country",
        "level": "national | provincial | municipal | county",
    },
}

#: The attributes every edge may carry (name -> meaning).
EDGE_ATTRIBUTES: dict[str, str] = {
    "relation": "the Relation value (also the edge key)",
    "span": "{start, end, text}: the source text the fact was read from, or None",
    "rule": "name of the rule that made the edge, or None",
    "origin": "node id of the document whose record asserted the fact, or None",
    "inferred": "True when the edge was inferred rather than read",
    "confidence": "0..1 for inferred or loosely resolved edges, else None",
    "evidence": "the phrase read (explicit) or {score, share, aligned: [...]} (inferred)",
    "mention": "task -> party edges: the name as the clause wrote it (县市场监管局)",
    "cited_as": "cites / implements / explains edges: {title, doc_number} as the citation wrote them",
}

_PREFIX = {
    NodeType.DOCUMENT: "doc:",
    NodeType.TASK: "task:",
    NodeType.AGENCY: "agency:",
    NodeType.COLLECTIVE: "collective:",
    NodeType.REGION: "region:",
}


def edge_attrs(
    relation: Relation,
    *,
    span: Optional[dict] = None,
    rule: Optional[str] = None,
    origin: Optional[str] = None,
    inferred: bool = False,
    confidence: Optional[float] = None,
    evidence: Any = None,
    **extra: Any,
) -> dict[str, Any]:
    """The attribute dict of an edge, with its provenance.

    Parameters
    ----------
    relation : Relation
    span : dict, optional
        ``{start, end, text}`` of the source text the fact was read from.
    rule : str, optional
        Name of the rule that made the edge. One of ``span`` or ``rule`` is needed.
    origin : str, optional
        Node id of the document whose record asserted the fact.
    inferred : bool
    confidence : float, optional
    evidence : object, optional
    **extra
        Further JSON-ready attributes (e.g. ``cited_as``).

    Returns
    -------
    dict

    Examples
    --------
    >>> edge_attrs(Relation.CONTAINS, rule="record")["relation"]
    'contains'
    """
    if span is None and rule is None:
        raise ValueError("an edge needs provenance: a span or a rule name")
    attrs = {
        "relation": Relation(relation).value,
        "span": span,
        "rule": rule,
        "origin": origin,
        "inferred": bool(inferred),
        "confidence": None if confidence is None else round(float(confidence), 4),
        "evidence": evidence,
    }
    attrs.update(extra)
    return attrs


def document_node_id(key: str) -> str:
    """Node id of the document with identity ``key``.

    >>> document_node_id("国办发〔2019〕54号")
    'doc:国办发〔2019〕54号'
    """
    return _PREFIX[NodeType.DOCUMENT] + key


def task_node_id(document_key: str, position: int) -> str:
    """Node id of the task at ``position`` in the document with identity ``document_key``.

    >>> task_node_id("湘政办发〔2020〕9号/湖南省2020年政务公开工作要点", 3)
    'task:湘政办发〔2020〕9号/湖南省2020年政务公开工作要点#3'
    """
    return f"{_PREFIX[NodeType.TASK]}{document_key}#{position}"


def agency_node_id(canonical: str) -> str:
    """Node id of the agency with canonical name ``canonical``.

    >>> agency_node_id("平江县市场监督管理局")
    'agency:平江县市场监督管理局'
    """
    return _PREFIX[NodeType.AGENCY] + canonical


def collective_node_id(canonical: str) -> str:
    """Node id of the collective with canonical name ``canonical``.

    >>> collective_node_id("平江县县直相关单位")
    'collective:平江县县直相关单位'
    """
    return _PREFIX[NodeType.COLLECTIVE] + canonical


def region_node_id(code: str) -> str:
    """Node id of the region with GB/T 2260 ``code`` (6 digits) or ``'CN'``.

    >>> region_node_id("430626")
    'region:430626'
    """
    return _PREFIX[NodeType.REGION] + code


def node_type(G, n) -> Optional[str]:
    """The ``type`` of node ``n`` of ``G``, or None if it has none.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("doc:x", type=NodeType.DOCUMENT.value)
    >>> node_type(G, "doc:x")
    'Document'
    """
    return G.nodes[n].get("type")


def is_document(G, n) -> bool:
    """True when ``n`` is a Document node of ``G``."""
    return n in G and G.nodes[n].get("type") == NodeType.DOCUMENT.value


def is_task(G, n) -> bool:
    """True when ``n`` is a Task node of ``G``."""
    return n in G and G.nodes[n].get("type") == NodeType.TASK.value


def keyed_edges(G, node: str, relations, *, out: bool = True) -> list[tuple[str, str, str, dict]]:
    """The edges of ``relations`` out of ``node`` (``out``) or into it: ``(source, target, key, data)``.

    A graph read from a store as it is touched answers from the rows of those
    relations alone (a national plan has thousands of edges of other kinds).

    >>> import networkx as nx
    >>> keyed_edges(nx.MultiDiGraph([("doc:a", "doc:b", "cites")]), "doc:b", [Relation.CITES], out=False)
    [('doc:a', 'doc:b', 'cites', {})]
    """
    keys = {r.value for r in relations}
    if hasattr(G, "keyed_edges"):
        return G.keyed_edges(node, keys, out=out)
    edges = G.out_edges(node, keys=True, data=True) if out else G.in_edges(node, keys=True, data=True)
    return [(u, v, k, d) for u, v, k, d in edges if k in keys]


def edge_data(G, u: str, v: str, relation: "Relation") -> Optional[dict]:
    """``G.get_edge_data(u, v, relation.value)``, read from ``u``'s edges of that relation alone (:func:`keyed_edges`).

    >>> import networkx as nx
    >>> edge_data(nx.MultiDiGraph([("doc:a", "doc:b", "cites", {"rule": "x"})]), "doc:a", "doc:b", Relation.CITES)
    {'rule': 'x'}
    """
    return next((d for _, t, _, d in keyed_edges(G, u, [relation]) if t == v), None)


def related(G, node: str, relation: "Relation", *, out: bool = True) -> list[str]:
    """The nodes an edge of ``relation`` joins ``node`` to (``out``: from ``node``; else into it); see :func:`keyed_edges`.

    >>> import networkx as nx
    >>> related(nx.MultiDiGraph([("doc:a", "doc:b", "cites")]), "doc:b", Relation.CITES, out=False)
    ['doc:a']
    """
    return [v if out else u for u, v, _, _ in keyed_edges(G, node, [relation], out=out)]


def has_related(G, node: str, relation: "Relation", *, out: bool = True) -> bool:
    """Whether :func:`related` would name any node; a graph read from a store answers without reading the rows.

    >>> import networkx as nx
    >>> has_related(nx.MultiDiGraph([("doc:a", "task:a#1", "contains")]), "doc:a", Relation.CONTAINS)
    True
    """
    if hasattr(G, "has_keyed_edges"):
        return G.has_keyed_edges(node, {relation.value}, out=out)
    return bool(related(G, node, relation, out=out))


def document_tasks(G, node: str) -> list[str]:
    """Task nodes of document ``node`` in reading order.

    >>> import networkx as nx
    >>> document_tasks(nx.MultiDiGraph([("doc:a", "doc:b")]), "doc:a")
    []
    """
    tasks = related(G, node, Relation.CONTAINS)
    if hasattr(G, "read_ahead"):  # a graph read from a store as it is touched: its tasks in one read
        G.read_ahead(tasks)
    return sorted(tasks, key=lambda t: G.nodes[t]["position"])


def task_documents(G, node: str) -> list[str]:
    """The documents that hold the tasks of ``node``: itself, or the plans it promulgates.

    >>> import networkx as nx
    >>> task_documents(nx.MultiDiGraph(), "doc:x")
    []
    """
    if node not in G:
        return []
    if has_related(G, node, Relation.CONTAINS):
        return [node]
    return sorted(t for t in related(G, node, Relation.PROMULGATES) if has_related(G, t, Relation.CONTAINS))
