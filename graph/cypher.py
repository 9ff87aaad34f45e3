"""The Cypher that the graph databases run, written once for Neo4j and FalkorDB.

A policykg graph goes into a graph database as one node per graph node,
labelled with its type (``Document``, ``Task``, ``Agency``, ``Collective``,
``Region``) and keyed by its ``id``, and one relationship per edge, typed with
its relation in upper case (``IMPLEMENTS``). Every statement is parameterised:
values travel only as parameters, and the only names spliced into the text are
labels and relationship types taken from the fixed enums of
:mod:`policykg.graph.schema`.

Writing is batched (:data:`BATCH_SIZE` rows per ``UNWIND``) and idempotent:
nodes are merged on ``id``, relationships on their two ends and type, and
properties are set with ``+=``, so pushing the same graph twice changes
nothing. Both ends of a relationship are matched with their label, so the id
index finds them.

The read statements each fetch one piece of an answer (one level of a
cascade, the tasks of some documents, the tasks that implement some tasks, an
agency's collectives); :class:`~policykg.graph.graphdb.CypherStore` puts the
rows together into a small graph and lets :mod:`policykg.graph.queries` shape
the answer, so both stores answer exactly as the embedded one. The removal
statements are the steps of :func:`policykg.graph.build.remove_document`.

Property values must be storable in a database property: a scalar or a
homogeneous list of scalars. Everything else (the ``span`` and ``evidence``
of an edge, a task's ``deadlines``, a document's ``sources``) is stored as a
JSON string and its key listed in the ``_json`` property, so
:func:`from_properties` gives back exactly what :func:`to_properties` was given.

The one thing the two databases spell differently, creating an index, is in
the :data:`DIALECTS` table.

Examples
--------
>>> print(merge_nodes_query(NodeType.TASK))
UNWIND $rows AS row
MERGE (n:Task {id: row.id})
SET n += row.props
>>> print(merge_edges_query(Relation.IMPLEMENTS, NodeType.TASK, NodeType.TASK))
UNWIND $rows AS row
MATCH (a:Task {id: row.source})
MATCH (b:Task {id: row.target})
MERGE (a)-[r:IMPLEMENTS]->(b)
SET r += row.props
>>> to_properties({"type": "Task", "heading": "公开", "span": {"start": 1, "end": 3, "text": "公开"}})
{'heading': '公开', 'span': '{"start": 1, "end": 3, "text": "公开"}', '_json': ['span']}
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Iterator, NamedTuple, Optional

from .schema import NodeType, Relation

__all__ = [
    "BATCH_SIZE",
    "JSON_KEYS",
    "Dialect",
    "DIALECTS",
    "INDEXED",
    "Statement",
    "label",
    "rel_type",
    "relation_of",
    "to_properties",
    "from_properties",
    "index_queries",
    "merge_nodes_query",
    "merge_edges_query",
    "batches",
    "write_statements",
    "create_nodes_query",
    "create_edges_query",
    "party_tasks_query",
    "prune_parties_query",
    "COUNT_NODES",
    "COUNT_EDGES",
    "ALL_NODES",
    "ALL_EDGES",
    "CLEAR",
    "DOCUMENTS",
    "DOCUMENT_CANDIDATES",
    "CASCADE_DOWN",
    "CASCADE_UP",
    "PROMULGATES_AMONG",
    "PLANS_OF",
    "TASKS_OF",
    "TASK_LINKS",
    "IMPLEMENTING_TASKS",
    "IMPLEMENTING_DOCUMENTS",
    "PARTIES_BY_ID",
    "PARTIES_BY_NAME",
    "REGION_AND_ABOVE",
    "COLLECTIVES_IN",
    "REMOVAL_TARGETS",
    "CITED_BY",
    "DELETE_TASKS",
    "DELETE_OUT_FACTS",
    "DELETE_IN_FACTS",
    "STILL_CITED",
    "RESTUB",
    "NODE_LABELS",
    "DELETE_DOCUMENTS",
    "DELETE_UNCITED_STUBS",
]

#: Rows per ``UNWIND`` batch.
BATCH_SIZE = 500

#: The property listing which keys hold JSON strings.
JSON_KEYS = "_json"


class Dialect(NamedTuple):
    """How one database spells what the two spell differently.

    ``create_index`` is a template with ``{name}``, ``{label}`` and
    ``{prop}``. ``list_indexes`` is a query returning ``(label, properties)``
    rows, for a database whose ``CREATE INDEX`` is not idempotent (the store
    then creates only the missing ones); None when ``create_index`` already is.
    """

    name: str
    create_index: str
    list_indexes: Optional[str]


#: The dialect differences, by database.
DIALECTS: dict[str, Dialect] = {
    "falkordb": Dialect(
        "falkordb",
        "CREATE INDEX FOR (n:{label}) ON (n.{prop})",
        "CALL db.indexes() YIELD label, properties RETURN label, properties",
    ),
    "neo4j": Dialect(
        "neo4j",
        "CREATE INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})",
        None,
    ),
}

#: The (label, property) pairs that get an index: every id, and the other
#: properties that questions look nodes up by.
INDEXED: tuple[tuple[NodeType, str], ...] = (
    *((t, "id") for t in NodeType),
    (NodeType.DOCUMENT, "doc_number"),
    (NodeType.COLLECTIVE, "region"),
)


class Statement(NamedTuple):
    """A query and its parameters, ready to run; ``kind`` says what its rows are (nodes or edges)."""

    query: str
    params: dict
    kind: str = "nodes"


def label(node_type: Any) -> str:
    """The database label of a node type (which must be a :class:`NodeType`).

    >>> label("Document")
    'Document'
    """
    return NodeType(node_type).value


def rel_type(relation: Any) -> str:
    """The database relationship type of a relation (a :class:`Relation`).

    >>> rel_type("subordinate_to")
    'SUBORDINATE_TO'
    """
    return Relation(relation).value.upper()


def relation_of(rel: str) -> str:
    """The relation (schema value) of a database relationship type.

    >>> relation_of("ISSUED_BY")
    'issued_by'
    """
    return Relation(rel.lower()).value


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, bool, int, float))


def _storable_list(value: list) -> bool:
    """A list whose items are all scalars of one type (what Neo4j can store), or an empty one."""
    return all(_scalar(v) for v in value) and len({type(v) for v in value}) <= 1


def to_properties(attrs: dict, *, drop: Iterable[str] = ("type", "relation")) -> dict:
    """Database properties for a node's or an edge's attributes.

    Scalars and lists of scalars of one type are kept; None is kept (``SET
    n += props`` then removes the property, so a value cleared in the graph is
    cleared in the database); anything else becomes a JSON string and its key
    is listed in ``_json``. ``type`` and ``relation`` are dropped: they are the
    label and the relationship type.

    Examples
    --------
    >>> to_properties({"years": [2020, 2021], "stub": False, "region": None})
    {'years': [2020, 2021], 'stub': False, 'region': None, '_json': None}
    >>> to_properties({"mentions": [], "evidence": "贯彻落实", "deadlines": [{"text": "年底前", "date": None}]})
    {'mentions': [], 'evidence': '贯彻落实', 'deadlines': '[{"text": "年底前", "date": null}]', '_json': ['deadlines']}
    """
    props: dict[str, Any] = {}
    encoded = []
    skip = set(drop)
    for key, value in attrs.items():
        if key in skip:
            continue
        if value is None or _scalar(value) or (isinstance(value, (list, tuple)) and _storable_list(list(value))):
            props[key] = list(value) if isinstance(value, tuple) else value
        else:
            props[key] = json.dumps(value, ensure_ascii=False, sort_keys=False)
            encoded.append(key)
    props[JSON_KEYS] = sorted(encoded) or None
    return props


def from_properties(props: dict) -> dict:
    """The attributes that :func:`to_properties` was given, from database properties.

    ``id`` is dropped (it is the node key).

    >>> from_properties(to_properties({"span": {"start": 0, "end": 2, "text": "通知"}, "rule": "record"}))
    {'span': {'start': 0, 'end': 2, 'text': '通知'}, 'rule': 'record'}
    """
    encoded = set(props.get(JSON_KEYS) or ())
    return {
        key: json.loads(value) if key in encoded else value
        for key, value in props.items()
        if key not in (JSON_KEYS, "id")
    }


def index_queries(dialect: Dialect, existing: Iterable[tuple[str, str]] = ()) -> list[str]:
    """The ``CREATE INDEX`` statements for :data:`INDEXED`, less the ``existing`` (label, property) pairs.

    >>> index_queries(DIALECTS["neo4j"])[0]
    'CREATE INDEX document_id IF NOT EXISTS FOR (n:Document) ON (n.id)'
    >>> index_queries(DIALECTS["falkordb"], [("Document", "id")])[0]
    'CREATE INDEX FOR (n:Task) ON (n.id)'
    """
    have = set(existing)
    return [
        dialect.create_index.format(name=f"{label(t).lower()}_{prop}", label=label(t), prop=prop)
        for t, prop in INDEXED
        if (label(t), prop) not in have
    ]


def merge_nodes_query(node_type: Any) -> str:
    """The batched ``MERGE`` of nodes of one type; parameter ``rows``: ``[{id, props}]``."""
    return f"UNWIND $rows AS row\nMERGE (n:{label(node_type)} {{id: row.id}})\nSET n += row.props"


def merge_edges_query(relation: Any, source_type: Any, target_type: Any) -> str:
    """The batched ``MERGE`` of edges of one relation between two node types.

    Parameter ``rows``: ``[{source, target, props}]``. Both ends are matched
    with their label, so the id index finds them.
    """
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{label(source_type)} {{id: row.source}})\n"
        f"MATCH (b:{label(target_type)} {{id: row.target}})\n"
        f"MERGE (a)-[r:{rel_type(relation)}]->(b)\n"
        "SET r += row.props"
    )


def batches(rows: list, size: int = BATCH_SIZE) -> Iterator[list]:
    """``rows`` in slices of at most ``size``.

    >>> [len(b) for b in batches(list(range(1200)))]
    [500, 500, 200]
    """
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def write_statements(G, *, batch_size: int = BATCH_SIZE, create_only: bool = False) -> Iterator[Statement]:
    """The statements that write ``G`` into a database: all nodes, then all edges.

    With ``create_only``, nodes and relationships already in the database keep
    their properties (used to add a stub's edges without touching the
    agencies and regions they point at).

    Nodes are grouped by type and edges by (relation, source type, target
    type), in the graph's own order, so the same graph always gives the same
    statements.

    Raises
    ------
    ValueError
        A node without a known ``type`` or an edge without a known relation
        (:class:`~policykg.graph.graphdb.CypherStore` checks this first and
        raises :class:`~policykg.graph.graphdb.UnstorableGraph`).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("doc:a", type="Document", title="通知")
    >>> G.add_node("task:a#1", type="Task", heading="公开")
    >>> _ = G.add_edge("doc:a", "task:a#1", key="contains", relation="contains", rule="record")
    >>> [(s.query.splitlines()[-2], len(s.params["rows"])) for s in write_statements(G)]
    [('MERGE (n:Document {id: row.id})', 1), ('MERGE (n:Task {id: row.id})', 1), ('MERGE (a)-[r:CONTAINS]->(b)', 1)]
    """
    types: dict[str, str] = {}
    nodes: dict[str, list] = {}
    for node, data in G.nodes(data=True):
        node_type = label(data.get("type"))
        types[node] = node_type
        nodes.setdefault(node_type, []).append({"id": node, "props": to_properties(data)})
    edges: dict[tuple, list] = {}
    for source, target, key, data in G.edges(keys=True, data=True):
        relation = Relation(data.get("relation") or key).value
        group = (relation, types[source], types[target])
        edges.setdefault(group, []).append({"source": source, "target": target, "props": to_properties(data)})
    node_query, edge_query = (create_nodes_query, create_edges_query) if create_only else (merge_nodes_query, merge_edges_query)
    for node_type, rows in nodes.items():
        query = node_query(node_type)
        for batch in batches(rows, batch_size):
            yield Statement(query, {"rows": batch}, "nodes")
    for (relation, source_type, target_type), rows in edges.items():
        query = edge_query(relation, source_type, target_type)
        for batch in batches(rows, batch_size):
            yield Statement(query, {"rows": batch}, "edges")


# --- whole-graph reads and deletes -------------------------------------------

COUNT_NODES = "MATCH (n) RETURN count(n)"
COUNT_EDGES = "MATCH ()-[r]->() RETURN count(r)"
#: Every node: (label, id, properties).
ALL_NODES = "MATCH (n) RETURN labels(n)[0] AS label, n.id AS id, properties(n) AS props"
#: Every relationship: (source id, type, target id, properties).
ALL_EDGES = "MATCH (a)-[r]->(b) RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS props"
CLEAR = "MATCH (n) DETACH DELETE n"

# --- resolving references --------------------------------------------------------

#: Documents by id (``$ids``): (id, properties).
DOCUMENTS = "UNWIND $ids AS id MATCH (d:Document {id: id}) RETURN d.id AS id, properties(d) AS props"
#: The documents a reference can mean (:func:`policykg.rules.references.prefilter`):
#: id or record id in ``$ids``, doc number ``$number``, or (normalised) title
#: containing ``$text``; rows (id, doc_number, title, stub, record_ids).
DOCUMENT_CANDIDATES = (
    "MATCH (d:Document) WHERE d.id IN $ids OR d.doc_number = $number"
    " OR any(r IN $ids WHERE r IN d.record_ids) OR ($text <> '' AND d.title CONTAINS $text)"
    " RETURN d.id AS id, d.doc_number AS doc_number, d.title AS title, d.stub AS stub, d.record_ids AS record_ids"
)

# --- trace / upstream: one level of the cascade from the frontier ``$ids`` ---------

_EDGE = "a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props"

#: One level down: the plans the frontier promulgates and the documents that
#: implement it (``follow``), the notices that hold it (``context``) and the
#: 解读 that explain it (``explains``: leaves, not followed).
#: Rows: (step, source, target, type, properties).
CASCADE_DOWN = (
    "UNWIND $ids AS id\n"
    "MATCH (a:Document {id: id})-[r:PROMULGATES]->(b:Document)\n"
    f"RETURN 'follow' AS step, {_EDGE}\n"
    "UNION ALL\n"
    "UNWIND $ids AS id\n"
    "MATCH (a:Document)-[r:IMPLEMENTS]->(b:Document {id: id})\n"
    f"RETURN 'follow' AS step, {_EDGE}\n"
    "UNION ALL\n"
    "UNWIND $ids AS id\n"
    "MATCH (a:Document)-[r:PROMULGATES]->(b:Document {id: id})\n"
    f"RETURN 'context' AS step, {_EDGE}\n"
    "UNION ALL\n"
    "UNWIND $ids AS id\n"
    "MATCH (a:Document)-[r:EXPLAINS]->(b:Document {id: id})\n"
    f"RETURN 'explains' AS step, {_EDGE}"
)

#: The documents that implement the frontier (``follow``): how a notice
#: reached only as the holder of a plan is followed down. Rows as
#: :data:`CASCADE_DOWN`.
CASCADE_IMPLEMENTERS = (
    "UNWIND $ids AS id\n"
    "MATCH (a:Document)-[r:IMPLEMENTS]->(b:Document {id: id})\n"
    f"RETURN 'follow' AS step, {_EDGE}"
)

#: One level up: the documents the frontier implements, the notices that
#: hold it and, for a 解读, the document it explains (all ``follow``). Rows as :data:`CASCADE_DOWN`.
CASCADE_UP = (
    "UNWIND $ids AS id\n"
    "MATCH (a:Document {id: id})-[r:IMPLEMENTS]->(b:Document)\n"
    f"RETURN 'follow' AS step, {_EDGE}\n"
    "UNION ALL\n"
    "UNWIND $ids AS id\n"
    "MATCH (a:Document)-[r:PROMULGATES]->(b:Document {id: id})\n"
    f"RETURN 'follow' AS step, {_EDGE}\n"
    "UNION ALL\n"
    "UNWIND $ids AS id\n"
    "MATCH (a:Document {id: id})-[r:EXPLAINS]->(b:Document)\n"
    f"RETURN 'follow' AS step, {_EDGE}"
)

#: ``promulgates`` edges among the documents ``$ids``: (source, target, type, properties).
PROMULGATES_AMONG = (
    "UNWIND $ids AS id\n"
    "MATCH (a:Document {id: id})-[r:PROMULGATES]->(b:Document)\n"
    "WHERE b.id IN $ids\n"
    f"RETURN {_EDGE}"
)

#: The plans the documents ``$ids`` promulgate: (source, target, type, properties, plan properties).
PLANS_OF = (
    "UNWIND $ids AS id\n"
    "MATCH (a:Document {id: id})-[r:PROMULGATES]->(b:Document)\n"
    f"RETURN {_EDGE}, properties(b) AS target_props"
)

#: The tasks of the documents ``$ids``: (document, task, type, contains-edge properties, task properties).
TASKS_OF = (
    "UNWIND $ids AS id\n"
    "MATCH (a:Document {id: id})-[r:CONTAINS]->(b:Task)\n"
    f"RETURN {_EDGE}, properties(b) AS target_props"
)

#: The edges from the tasks ``$ids`` to other tasks of ``$ids`` (implements) and
#: to their parties (roles): (source, target, type, properties, target label,
#: target properties).
TASK_LINKS = (
    "UNWIND $ids AS id\n"
    "MATCH (a:Task {id: id})-[r]->(b)\n"
    "WHERE (type(r) = 'IMPLEMENTS' AND b.id IN $ids) OR type(r) IN $roles\n"
    f"RETURN {_EDGE}, labels(b)[0] AS label, properties(b) AS target_props"
)

# --- coverage ------------------------------------------------------------------

#: The tasks implementing the tasks ``$ids`` (only those of the documents
#: ``$documents``, unless it is null): (source, target, type, properties,
#: child task properties).
IMPLEMENTING_TASKS = (
    "UNWIND $ids AS id\n"
    "MATCH (a:Task)-[r:IMPLEMENTS]->(b:Task {id: id})\n"
    "WITH a, r, b\n"  # filter after the match, so FalkorDB starts from b's index
    "WHERE $documents IS NULL OR a.document IN $documents\n"
    f"RETURN {_EDGE}, properties(a) AS source_props"
)

#: The documents implementing the documents ``$ids``: (source, target, type,
#: properties, child document properties).
IMPLEMENTING_DOCUMENTS = (
    "UNWIND $ids AS id\n"
    "MATCH (a:Document)-[r:IMPLEMENTS]->(b:Document {id: id})\n"
    f"RETURN {_EDGE}, properties(a) AS source_props"
)

# --- agencies ------------------------------------------------------------------

#: Agencies and collectives by id (``$ids``): (label, id, properties).
PARTIES_BY_ID = (
    "UNWIND $ids AS id\n"
    "MATCH (p:Agency {id: id})\n"
    "RETURN labels(p)[0] AS label, p.id AS id, properties(p) AS props\n"
    "UNION ALL\n"
    "UNWIND $ids AS id\n"
    "MATCH (p:Collective {id: id})\n"
    "RETURN labels(p)[0] AS label, p.id AS id, properties(p) AS props"
)

#: Agencies and collectives a name can denote: written so (a mention), or
#: part of their name: (label, id, properties). The caller ranks them.
PARTIES_BY_NAME = (
    "MATCH (p:Agency) WHERE $name IN p.mentions OR p.name CONTAINS $name\n"
    "RETURN labels(p)[0] AS label, p.id AS id, properties(p) AS props\n"
    "UNION ALL\n"
    "MATCH (p:Collective) WHERE $name IN p.mentions OR p.name CONTAINS $name\n"
    "RETURN labels(p)[0] AS label, p.id AS id, properties(p) AS props"
)

#: The region ``$region`` and the regions above it: (id, properties).
REGION_AND_ABOVE = (
    "MATCH (:Region {id: $region})-[:WITHIN*0..]->(r:Region)\n"
    "RETURN DISTINCT r.id AS id, properties(r) AS props"
)

#: The collectives placed in the regions ``$ids``: (id, properties).
COLLECTIVES_IN = (
    "UNWIND $ids AS id\n"
    "MATCH (c:Collective {region: id})\n"
    "RETURN c.id AS id, properties(c) AS props"
)

def party_tasks_query(node_type: Any) -> str:
    """The tasks with a role edge (types ``$roles``) to the agencies or collectives ``$ids``.

    Rows: (source, target, type, properties, task properties, document id).

    >>> print(party_tasks_query(NodeType.COLLECTIVE).splitlines()[1])
    MATCH (d:Document)-[:CONTAINS]->(a:Task)-[r]->(b:Collective {id: id})
    """
    return (
        "UNWIND $ids AS id\n"
        f"MATCH (d:Document)-[:CONTAINS]->(a:Task)-[r]->(b:{label(node_type)} {{id: id}})\n"
        "WHERE type(r) IN $roles\n"
        f"RETURN {_EDGE}, properties(a) AS source_props, d.id AS document"
    )


# --- removing a document ---------------------------------------------------------
# The steps of policykg.graph.build.remove_document, as statements over the
# documents ``$ids`` (the document and the plans it promulgates).

#: The real (not stub) plans the document ``$id`` promulgates: (id).
REMOVAL_TARGETS = (
    "MATCH (:Document {id: $id})-[:PROMULGATES]->(p:Document)\n"
    "WHERE p.stub IS NULL OR p.stub = false\n"
    "RETURN p.id AS id"
)

#: The documents that ``$ids`` cite or implement: (id).
CITED_BY = (
    "UNWIND $ids AS id\n"
    "MATCH (:Document {id: id})-[r]->(t:Document)\n"
    "WHERE type(r) IN ['CITES', 'IMPLEMENTS']\n"
    "RETURN DISTINCT t.id AS id"
)

#: Delete the tasks of ``$ids`` with every edge on them (alignments, roles).
DELETE_TASKS = "UNWIND $ids AS id\nMATCH (:Document {id: id})-[:CONTAINS]->(t:Task)\nDETACH DELETE t"

#: Delete the edges from ``$ids`` that their records asserted (``origin`` is
#: the document or unset) or that were inferred.
DELETE_OUT_FACTS = (
    "UNWIND $ids AS id\n"
    "MATCH (:Document {id: id})-[r]->()\n"
    "WHERE r.inferred = true OR r.origin IS NULL OR r.origin = id\n"
    "DELETE r"
)

#: Delete the edges into ``$ids`` that were inferred, and the ``promulgates``
#: edges of the notices that hold them.
DELETE_IN_FACTS = (
    "UNWIND $ids AS id\n"
    "MATCH (:Document {id: id})<-[r]-()\n"
    "WHERE r.inferred = true OR type(r) = 'PROMULGATES'\n"
    "DELETE r"
)

#: Of the documents ``$ids``, those still cited, with how each citation named
#: them: (id, key, doc_number, title, [citing id, cited_as JSON]).
STILL_CITED = (
    "UNWIND $ids AS id\n"
    "MATCH (s:Document)-[r]->(d:Document {id: id})\n"
    "WHERE type(r) IN ['CITES', 'IMPLEMENTS']\n"
    "RETURN d.id AS id, d.key AS key, d.doc_number AS doc_number, d.title AS title,"
    " collect([s.id, type(r), r.cited_as]) AS cited"
)

#: Turn ``$id`` back into a stub: drop its remaining out-edges and replace its properties with ``$props``.
RESTUB = (
    "MATCH (d:Document {id: $id})\n"
    "OPTIONAL MATCH (d)-[r]->()\n"
    "DELETE r\n"
    "WITH DISTINCT d\n"
    "SET d = $props"
)

#: The labels of the nodes ``$ids``, whatever their type (no index helps: use for a few ids only): (id, label).
NODE_LABELS = "UNWIND $ids AS id\nMATCH (n {id: id})\nRETURN n.id AS id, labels(n)[0] AS label"

#: Delete the documents ``$ids`` with every edge on them.
DELETE_DOCUMENTS = "UNWIND $ids AS id\nMATCH (d:Document {id: id})\nDETACH DELETE d"

#: Delete the stubs among ``$ids`` that nothing cites or implements any more.
DELETE_UNCITED_STUBS = (
    "UNWIND $ids AS id\n"
    "MATCH (s:Document {id: id})\n"
    "WHERE s.stub = true AND NOT ()-[:CITES|IMPLEMENTS]->(s)\n"
    "DETACH DELETE s"
)

def prune_parties_query(node_type: Any) -> str:
    """Delete the agencies (or collectives) that no task, document or agency refers to.

    Returns (deleted); run until both kinds delete nothing.
    """
    return (
        f"MATCH (p:{label(node_type)})\n"
        "WHERE NOT ()-[:LEAD|RESPONSIBLE|SHARED|ASSISTING|ISSUED_BY|SUBORDINATE_TO]->(p)\n"
        "DETACH DELETE p\n"
        "RETURN count(p) AS deleted"
    )


def create_nodes_query(node_type: Any) -> str:
    """Like :func:`merge_nodes_query`, but an existing node is left as it is."""
    return f"UNWIND $rows AS row\nMERGE (n:{label(node_type)} {{id: row.id}})\nON CREATE SET n += row.props"


def create_edges_query(relation: Any, source_type: Any, target_type: Any) -> str:
    """Like :func:`merge_edges_query`, but an existing relationship is left as it is."""
    return merge_edges_query(relation, source_type, target_type).replace("SET r += row.props", "ON CREATE SET r += row.props")


def delete_nodes_query(node_type: Any) -> str:
    """Delete nodes of one type, with their relationships; parameter ``ids``.

    >>> print(delete_nodes_query("Task"))
    UNWIND $ids AS id
    MATCH (n:Task {id: id})
    DETACH DELETE n
    """
    return f"UNWIND $ids AS id\nMATCH (n:{label(node_type)} {{id: id}})\nDETACH DELETE n"


def delete_edges_query(relation: Any, source_type: Any, target_type: Any) -> str:
    """Delete relationships of one relation between two node types; parameter ``rows``: ``[{source, target}]``."""
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{label(source_type)} {{id: row.source}})-[r:{rel_type(relation)}]->(b:{label(target_type)} {{id: row.target}})\n"
        "DELETE r"
    )
