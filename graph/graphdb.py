"""A policykg graph in a graph database, over any database that runs Cypher.

:class:`CypherStore` holds everything the Neo4j and FalkorDB stores share: it
pushes a graph with the statements of :mod:`policykg.graph.cypher`, removes
a document, and answers trace, upstream, coverage and agency questions in the
same JSON shapes as :mod:`policykg.graph.queries`. What differs per database
is an :class:`Executor`: an object that runs one query with its parameters
and returns the rows, and that turns its driver's exceptions into the typed
errors below. :mod:`policykg.graph.falkordb_store` and
:mod:`policykg.graph.neo4j_store` are such executors plus a constructor.

Examples
--------
An executor can be any object with ``dialect``, ``where``, ``read``,
``write`` and ``close``; this one answers every query with no rows:

>>> from policykg.graph.cypher import DIALECTS
>>> class Nothing:
...     dialect, where = DIALECTS["neo4j"], "nowhere"
...     def read(self, query, params): return []
...     def write(self, query, params): return []
...     def close(self): pass
>>> store = CypherStore(Nothing())
>>> try:
...     store.find_document("湘政办发〔2020〕9号")
... except GraphError as err:
...     print(err)
[E101] no document matches '湘政办发〔2020〕9号' (use a doc number (any bracket form), a title or a part of it that is unique, or an id as printed by `policykg dump`)
"""

from __future__ import annotations

import importlib.util
import json
import time
from typing import Any, NamedTuple, Optional, Protocol

import networkx as nx

from . import cypher, queries
from .agencies import collective_includes, find_parties
from .build import document_tasks
from .cypher import BATCH_SIZE, Dialect
from policykg.errors import (
    DocumentNotFound,  # noqa: F401 (the module doctest raises it)
    GraphDatabaseAuthFailed,
    GraphDatabaseClientMissing,
    GraphDatabaseError,
    GraphDatabaseQueryFailed,
    GraphDatabaseUnavailable,
    GraphError,  # noqa: F401 (the module doctest catches it)
    UnstorableGraph,
)
from policykg.rules.references import Candidate, prefilter
from policykg.rules.references import find_document as resolve_reference
from .resolve import stub_attributes, stub_edges
from .schema import NodeType, Relation, agency_node_id, collective_node_id, task_documents

__all__ = [
    "GraphDatabaseError",
    "GraphDatabaseUnavailable",
    "GraphDatabaseAuthFailed",
    "GraphDatabaseQueryFailed",
    "GraphDatabaseClientMissing",
    "UnstorableGraph",
    "require",
    "Executor",
    "PushResult",
    "CypherStore",
]


def require(package: str, *, where: str, extra: str) -> None:
    """Raise :class:`GraphDatabaseClientMissing` unless ``package`` can be imported.

    >>> require("json", where="here", extra="x")
    >>> try:
    ...     require("no_such_client", where="Neo4j at bolt://h:7687", extra="neo4j")
    ... except GraphDatabaseClientMissing as err:
    ...     print(err)
    [E215] Neo4j at bolt://h:7687: the 'no_such_client' Python package is not installed (install it with: python3 -m pip install 'policykg[neo4j]')
    """
    if importlib.util.find_spec(package) is None:
        raise GraphDatabaseClientMissing(where=where, package=package, extra=extra)


# --- executors -------------------------------------------------------------------


class Executor(Protocol):
    """What a database must do for :class:`CypherStore`.

    ``read`` and ``write`` run one query with its parameters and return its
    rows as lists, columns in ``RETURN`` order; they raise
    :class:`GraphDatabaseError` subclasses, never the driver's own errors.
    """

    dialect: Dialect
    where: str

    def read(self, query: str, params: dict) -> list[list]: ...

    def write(self, query: str, params: dict) -> list[list]: ...

    def close(self) -> None: ...


def _as_pulled(G) -> nx.MultiDiGraph:
    """``G`` as :meth:`CypherStore.pull` would give it back after a push (None values absent)."""
    H = nx.MultiDiGraph()
    for node, data in G.nodes(data=True):
        props = cypher.from_properties(cypher.to_properties(data))
        H.add_node(node, type=cypher.label(data.get("type")), **{k: v for k, v in props.items() if v is not None})
    for u, v, key, data in G.edges(keys=True, data=True):
        relation = Relation(data.get("relation") or key).value
        props = cypher.from_properties(cypher.to_properties(data))
        H.add_edge(u, v, key=relation, relation=relation, **{k: x for k, x in props.items() if x is not None})
    return H


class PushResult(NamedTuple):
    """What a push sent: node and edge rows, statements run, seconds taken."""

    nodes: int
    edges: int
    statements: int
    seconds: float


_ROLE_TYPES = [cypher.rel_type(r) for r in (Relation.LEAD, Relation.RESPONSIBLE, Relation.SHARED, Relation.ASSISTING)]


# --- the store -----------------------------------------------------------------


class CypherStore:
    """A policykg graph in a Cypher database reached through ``executor``.

    Parameters
    ----------
    executor : Executor
    batch_size : int
        Rows per ``UNWIND`` batch when pushing.
    """

    def __init__(self, executor: Executor, *, batch_size: int = BATCH_SIZE) -> None:
        self.executor = executor
        self.batch_size = batch_size
        self._indexed = False

    # -- lifecycle

    def close(self) -> None:
        """Close the connection."""
        self.executor.close()

    def __enter__(self) -> "CypherStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.executor.where}>"

    # -- writing

    def ensure_indexes(self) -> list[str]:
        """Create the id (and lookup) indexes that are missing; returns the statements run."""
        dialect = self.executor.dialect
        existing: list[tuple[str, str]] = []
        if dialect.list_indexes:
            for row in self.executor.read(dialect.list_indexes, {}):
                existing += [(row[0], prop) for prop in row[1]]
        queries = cypher.index_queries(dialect, existing)
        for query in queries:
            self.executor.write(query, {})
        self._indexed = True
        return queries

    def push(self, G, *, mirror: bool = False) -> PushResult:
        """Write ``G`` into the database: nodes and edges are merged, so pushing twice changes nothing.

        Nodes and edges already in the database and not in ``G`` are left
        alone; use :meth:`remove_document` or :meth:`clear` to delete. With
        ``mirror``, the database is made to hold exactly ``G``: what it holds
        that ``G`` does not (nodes, relationships, or ones whose properties
        differ) is deleted first, so it ends as a push into an empty database
        would leave it.
        """
        started = time.perf_counter()
        if not self._indexed:
            self.ensure_indexes()
        if mirror:
            self._statements(G)  # check G before deleting anything
            self._delete_absent(G)
        rows = {"nodes": 0, "edges": 0}
        statements = self._statements(G)
        for statement in statements:
            self.executor.write(statement.query, statement.params)
            rows[statement.kind] += len(statement.params["rows"])
        return PushResult(rows["nodes"], rows["edges"], len(statements), time.perf_counter() - started)

    def _statements(self, G) -> list[cypher.Statement]:
        """All write statements for ``G``, checked before anything is sent."""
        types = {t.value for t in NodeType}
        for node, data in G.nodes(data=True):
            if data.get("type") not in types:
                raise UnstorableGraph(where=self.executor.where, reason=f"node {node!r} has type {data.get('type')!r}")
        relations = {r.value for r in Relation}
        for source, target, key, data in G.edges(keys=True, data=True):
            if (data.get("relation") or key) not in relations:
                raise UnstorableGraph(where=self.executor.where, reason=f"edge {source!r} -> {target!r} has relation {key!r}")
        return list(cypher.write_statements(G, batch_size=self.batch_size))

    def _delete_absent(self, G) -> None:
        """Delete the nodes and relationships of the database that ``G`` does not hold as they are."""
        there = self.pull()
        wanted = _as_pulled(G)
        edges: dict[tuple, list] = {}
        for u, v, key, data in there.edges(keys=True, data=True):
            if not wanted.has_edge(u, v, key) or wanted.edges[u, v, key] != data:
                group = (key, there.nodes[u]["type"], there.nodes[v]["type"])
                edges.setdefault(group, []).append({"source": u, "target": v})
        for (relation, source_type, target_type), rows in edges.items():
            for part in cypher.batches(rows, self.batch_size):
                self.executor.write(cypher.delete_edges_query(relation, source_type, target_type), {"rows": part})
        nodes: dict[str, list] = {}
        for node, data in there.nodes(data=True):
            if node not in wanted or wanted.nodes[node] != data:
                nodes.setdefault(data["type"], []).append(node)
        for node_type, ids in nodes.items():
            for part in cypher.batches(ids, self.batch_size):
                self.executor.write(cypher.delete_nodes_query(node_type), {"ids": part})

    def clear(self) -> None:
        """Delete every node and relationship of the graph."""
        self.executor.write(cypher.CLEAR, {})

    # -- reading the whole graph

    def counts(self) -> tuple[int, int]:
        """(nodes, relationships) in the database."""
        nodes = self.executor.read(cypher.COUNT_NODES, {})[0][0]
        edges = self.executor.read(cypher.COUNT_EDGES, {})[0][0]
        return nodes, edges

    def pull(self) -> nx.MultiDiGraph:
        """The whole graph back as a networkx graph, attributes as they were pushed.

        Attributes whose value was None are absent (a database does not store nulls).
        """
        G = nx.MultiDiGraph()
        for label, node, props in self.executor.read(cypher.ALL_NODES, {}):
            G.add_node(node, type=label, **cypher.from_properties(props))
        for source, rel, target, props in self.executor.read(cypher.ALL_EDGES, {}):
            relation = cypher.relation_of(rel)
            G.add_edge(source, target, key=relation, relation=relation, **cypher.from_properties(props))
        return G

    # -- finding things

    def _rows(self, query: str, **params: Any) -> list[list]:
        return self.executor.read(query, params)

    def find_document(self, ref: str) -> str:
        """The document node a reference names, as :func:`policykg.graph.queries.find_document` finds it.

        The candidate rows come from the database (one Cypher query, filtered
        by :func:`policykg.rules.references.prefilter`); the rule that picks
        one is :func:`policykg.rules.references.find_document`, the same for
        every store.

        Raises
        ------
        DocumentNotFound, AmbiguousReference
        """
        spec = prefilter(ref)
        rows = self._rows(cypher.DOCUMENT_CANDIDATES, ids=list(spec.ids), number=spec.number, text=spec.title_part)
        return resolve_reference(
            ref,
            (Candidate(i, number, title, bool(stub), tuple(records or ())) for i, number, title, stub, records in rows),
        )

    # -- questions (answered by the functions of policykg.graph.queries over
    #    the part of the graph that the Cypher below fetched)

    def trace(self, ref: str, *, tasks: bool = False) -> dict:
        """The downstream cascade of a document; the same answer as :func:`policykg.graph.queries.trace`.

        The cascade is walked in the database, one level per query (the
        plans a document promulgates, the documents that implement it, the
        notice that holds it); the documents reached, their edges and, with
        ``tasks``, their tasks come back as a small graph, which
        :func:`~policykg.graph.queries.trace` turns into the answer.
        """
        root = self.find_document(ref)
        return queries.trace(self._cascade(root, down=True, tasks=tasks), root, tasks=tasks)

    def upstream(self, ref: str, *, tasks: bool = False) -> dict:
        """What a document implements, up to the top; the same answer as :func:`policykg.graph.queries.upstream`."""
        root = self.find_document(ref)
        return queries.upstream(self._cascade(root, down=False, tasks=tasks), root, tasks=tasks)

    def _cascade(self, root: str, *, down: bool, tasks: bool) -> nx.MultiDiGraph:
        H = nx.MultiDiGraph()
        step_query = cypher.CASCADE_DOWN if down else cypher.CASCADE_UP
        followed = {root}
        frontier = [root]
        # Downwards, a notice reached only as the holder of a plan is followed
        # for what implements it, not for its other plans (as queries.trace does).
        held: set[str] = set()
        edges: list[list] = []
        while frontier:
            rows = self._rows(step_query, ids=frontier)
            frontier = []
            holders = []
            for step, source, target, rel, props in rows:
                edges.append([source, target, rel, props])
                if step != "follow":
                    if down and source not in followed and source not in held:
                        held.add(source)
                        holders.append(source)
                    continue
                for node in (source, target):
                    if node not in followed:
                        followed.add(node)
                        frontier.append(node)
            for step, source, target, rel, props in self._rows(cypher.CASCADE_IMPLEMENTERS, ids=holders) if holders else []:
                edges.append([source, target, rel, props])
                if source not in followed:
                    followed.add(source)
                    frontier.append(source)
        documents = sorted(followed | {n for e in edges for n in e[:2]})
        _add_nodes(H, NodeType.DOCUMENT, self._rows(cypher.DOCUMENTS, ids=documents))
        edges += self._rows(cypher.PROMULGATES_AMONG, ids=documents)
        if tasks:
            task_rows = self._rows(cypher.TASKS_OF, ids=documents)
            _add_targets(H, NodeType.TASK, task_rows)
            edges += [row[:4] for row in task_rows]
            links = self._rows(cypher.TASK_LINKS, ids=[row[1] for row in task_rows], roles=_ROLE_TYPES)
            for row in links:
                H.add_node(row[1], type=row[4], **cypher.from_properties(row[5]))
            edges += [row[:4] for row in links]
        _add_edges(H, edges)
        return H

    def coverage(self, parent: str, child: Optional[str] = None) -> dict:
        """For each task of ``parent``, the child tasks that implement it; the same answer as :func:`policykg.graph.queries.coverage`."""
        p = self.find_document(parent)
        c = self.find_document(child) if child else None
        H = nx.MultiDiGraph()
        heads = [p] + ([c] if c else [])
        _add_nodes(H, NodeType.DOCUMENT, self._rows(cypher.DOCUMENTS, ids=heads))
        plans = self._rows(cypher.PLANS_OF, ids=heads)
        _add_targets(H, NodeType.DOCUMENT, plans)
        holders = sorted(set(heads) | {row[1] for row in plans})
        task_rows = self._rows(cypher.TASKS_OF, ids=holders)
        _add_targets(H, NodeType.TASK, task_rows)
        edges = [row[:4] for row in plans + task_rows]
        _add_edges(H, edges)
        parent_docs = [p, *task_documents(H, p)]
        parent_tasks = [t for d in parent_docs for t in document_tasks(H, d)]
        only = sorted({c, *task_documents(H, c)}) if c else None
        implementing = self._rows(cypher.IMPLEMENTING_TASKS, ids=parent_tasks, documents=only)
        _add_sources(H, NodeType.TASK, implementing)
        linked = self._rows(cypher.IMPLEMENTING_DOCUMENTS, ids=parent_docs)
        _add_sources(H, NodeType.DOCUMENT, linked)
        children = sorted({H.nodes[row[0]]["document"] for row in implementing} - set(H))
        _add_nodes(H, NodeType.DOCUMENT, self._rows(cypher.DOCUMENTS, ids=children))
        _add_edges(H, [row[:4] for row in implementing + linked])
        return queries.coverage(H, p, c)

    def agency_obligations(self, name: str) -> dict:
        """Every task an agency carries, directly or through a collective; the same answer as :func:`policykg.graph.queries.agency_obligations`."""
        H = nx.MultiDiGraph()
        rows = self._rows(cypher.PARTIES_BY_ID, ids=[agency_node_id(name), collective_node_id(name)])
        for label, node, props in rows or self._rows(cypher.PARTIES_BY_NAME, name=name):
            H.add_node(node, type=label, **cypher.from_properties(props))
        parties = find_parties(H, name)
        if len(parties) == 1:
            party = H.nodes[parties[0]]
            sources = {NodeType(party["type"]): [parties[0]]}  # and, for an agency, its collectives
            if party.get("region"):
                regions = self._rows(cypher.REGION_AND_ABOVE, region=party["region"])
                _add_nodes(H, NodeType.REGION, regions)
                if party["type"] == NodeType.AGENCY.value:
                    collectives = self._rows(cypher.COLLECTIVES_IN, ids=[row[0] for row in regions])
                    _add_nodes(H, NodeType.COLLECTIVE, collectives)
                    sources[NodeType.COLLECTIVE] = [row[0] for row in collectives if collective_includes(H, row[0], parties[0])]
            for node_type, ids in sources.items():
                rows = self._rows(cypher.party_tasks_query(node_type), ids=ids, roles=_ROLE_TYPES)
                _add_sources(H, NodeType.TASK, rows)
                documents = sorted({row[5] for row in rows} - set(H))
                _add_nodes(H, NodeType.DOCUMENT, self._rows(cypher.DOCUMENTS, ids=documents))
                _add_edges(H, [row[:4] for row in rows])
        return queries.agency_obligations(H, name)

    # -- removing

    def remove_document(self, ref: str, *, plans: bool = True) -> list[str]:
        """Remove a document as :func:`policykg.graph.build.remove_document` removes it from a graph.

        Removed: the document (and, with ``plans``, the plans it
        promulgates), their tasks and every edge on them, every edge their
        records asserted, every inferred link to or from them, the stubs only
        they cited, and the agencies and collectives nothing refers to any
        more. A document that other documents still cite becomes a stub
        again.

        Returns
        -------
        list of str
            The document nodes removed or turned back into stubs: the
            document, then its plans by id.
        """
        root = self.find_document(ref)
        promulgated = [row[0] for row in self._rows(cypher.REMOVAL_TARGETS, id=root) if row[0] != root]
        nodes = [root] + (sorted(promulgated) if plans else [])
        write = self.executor.write
        cited = {row[0] for row in self._rows(cypher.CITED_BY, ids=nodes)} - set(nodes)
        write(cypher.DELETE_TASKS, {"ids": nodes})
        write(cypher.DELETE_OUT_FACTS, {"ids": nodes})
        write(cypher.DELETE_IN_FACTS, {"ids": nodes})
        still = {row[0]: row for row in self._rows(cypher.STILL_CITED, ids=nodes)}
        for node in nodes:
            if node in still:
                self._restub(*still[node])
        write(cypher.DELETE_DOCUMENTS, {"ids": [n for n in nodes if n not in still]})
        write(cypher.DELETE_UNCITED_STUBS, {"ids": sorted(cited)})
        prune = [cypher.prune_parties_query(t) for t in (NodeType.AGENCY, NodeType.COLLECTIVE)]
        pruned = True
        while pruned:
            pruned = sum(write(query, {})[0][0] for query in prune) > 0
        return nodes

    def _restub(self, node: str, key: Optional[str], number: Optional[str], title: Optional[str], cited: list) -> None:
        """Turn ``node`` back into a stub (see :func:`policykg.graph.resolve.restub`).

        The stub takes its number and title from the citations that name it.
        :func:`~policykg.graph.resolve.restub` reads them in the order they
        were added to the graph, which a database does not keep; here a
        citation that gives a doc number comes first, then by citing id.
        """
        named = [(source, json.loads(cited_as)) for source, rel, cited_as in cited if rel == "CITES" and cited_as]
        names = [c for _, c in sorted(named, key=lambda x: (not x[1].get("doc_number"), x[0]))]
        number = number or next((c.get("doc_number") for c in names if c.get("doc_number")), None)
        title = next((c.get("title") for c in names if c.get("title")), None) or title
        attrs = stub_attributes(number, title)
        attrs["key"] = key or attrs["key"]
        S = nx.MultiDiGraph()
        S.add_node(node, **attrs)
        stub_edges(S, node)
        self._type_existing(S)
        self.executor.write(cypher.RESTUB, {"id": node, "props": {"id": node, **_non_null(cypher.to_properties(S.nodes[node]))}})
        for statement in cypher.write_statements(S, batch_size=self.batch_size, create_only=True):
            self.executor.write(statement.query, statement.params)

    def _type_existing(self, S) -> None:
        """Give the nodes that ``S`` only refers to (no ``type``) the label they have in the database.

        :func:`~policykg.graph.resolve.stub_edges` may link a stub to a node
        it expects to exist (the country's region) without adding it.
        """
        bare = sorted(n for n, d in S.nodes(data=True) if "type" not in d)
        if not bare:
            return
        found = {node: label for node, label in self._rows(cypher.NODE_LABELS, ids=bare)}
        for node in bare:
            if node not in found:
                raise UnstorableGraph(where=self.executor.where, reason=f"the stub's edges point at {node!r}, which is in neither graph")
            S.nodes[node]["type"] = found[node]


def _non_null(props: dict) -> dict:
    return {k: v for k, v in props.items() if v is not None}


def _add_nodes(H, node_type: NodeType, rows: list) -> None:
    """Add nodes from (id, properties) rows."""
    for node, props in rows:
        H.add_node(node, type=node_type.value, **cypher.from_properties(props))


def _add_targets(H, node_type: NodeType, rows: list) -> None:
    """Add the target nodes of (source, target, type, properties, target properties) rows."""
    for row in rows:
        H.add_node(row[1], type=node_type.value, **cypher.from_properties(row[4]))


def _add_sources(H, node_type: NodeType, rows: list) -> None:
    """Add the source nodes of (source, target, type, properties, source properties, ...) rows."""
    for row in rows:
        H.add_node(row[0], type=node_type.value, **cypher.from_properties(row[4]))


def _add_edges(H, rows: list) -> None:
    """Add (source, target, type, properties) rows as edges, in a fixed order."""
    for source, target, rel, props in sorted(rows, key=lambda r: (r[0], r[2], r[1])):
        relation = cypher.relation_of(rel)
        H.add_edge(source, target, key=relation, relation=relation, **cypher.from_properties(props))
