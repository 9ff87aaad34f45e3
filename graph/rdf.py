"""The graph as RDF, in the terms of the policykg ontology.

:func:`to_rdf` turns the networkx graph (see :mod:`policykg.graph.schema`)
into an :class:`rdflib.Graph` that the SHACL shapes in ``ontology/shapes.ttl``
accept; :func:`rdf_chunks` turns a graph given in chunks of nodes and edges
(a store's tables, read a chunk at a time) into one rdflib graph per chunk,
whose union is that graph. Both write each node with :func:`add_node` and
each edge with :func:`add_edge`; what those ask of the rest of the graph
(is a node there, of what type, is an edge there) is asked of a
:class:`GraphLookup`. How each part of the graph is written:

- **Nodes** get IRIs under ``https://w3id.org/policykg/id/``, minted from their
  ids by :func:`node_iri` (``doc:湘政办发〔2020〕9号`` →
  ``…/id/doc/湘政办发〔2020〕9号``). Chinese characters stay as they are, which
  IRIs (RFC 3987) allow; ASCII delimiters, spaces, ``%`` and anything an IRI
  may not hold are percent-encoded, so the mapping is reversible
  (:func:`node_id_from_iri`).
- **Documents** are ``pkg:Document`` and ``pkg:Notice`` / ``pkg:Plan`` /
  ``pkg:Opinion`` (a stub has no kind), **tasks** ``pkg:Task``, **agencies**
  ``pkg:Agency`` (``pkg:Government`` too for a people's government),
  **collectives** ``pkg:Collective``, **regions** ``pkg:Region`` with their
  GB/T 2260 code as ``skos:notation``.
- **Roles** (lead, responsible, shared, assisting) are written twice, as the
  shortcut ``task pkg:lead agency`` and as a PROV qualified association
  ``task prov:qualifiedAssociation [ prov:agent agency ; prov:hadRole
  pkg:LeadRole ]`` that carries the provenance (span, rule, mention).
- **Implements** links get a ``pkg:Implementation`` node (``inferred``,
  ``confidence``, ``rule``, ``evidence``, span). A link that was read is
  ``pkg:implements``; one that was inferred is only ``pkg:inferredImplements``,
  never ``pkg:implements``, and its node is ``prov:wasDerivedFrom`` the task
  alignments its evidence lists.
- **Other edges** are plain triples. When one carries something the triple
  would lose (inferred, a confidence, evidence, or a span other than a task's
  own), an ``rdf:Statement`` describes it with the same provenance terms.
- **Spans** are ``oa:TextPositionSelector`` nodes: ``oa:start`` / ``oa:end``
  are offsets into the document's source text, ``pkg:cleanedText`` the
  cleaned reading (not ``oa:exact``, which would have to be the source
  characters themselves).

With ``aligned=True`` (the default) the triples that the ontology's
``rdfs:subPropertyOf``, ``rdfs:subClassOf`` and ``owl:equivalentProperty``
axioms imply are written as well, so that a consumer without a reasoner sees
``eli:ensures_implementation_of``, ``org:subOrganizationOf``,
``skos:broader`` and the rest. The axioms are read from the ontology file, not
repeated here.

Not written: a document's ``issuer`` name (its ``issued_by`` edge is), and the
bookkeeping of the networkx graph (``record_ids``, ``citations``, ``key``,
``damaged_number``, ``region_names``, a task's ``record_id`` and printed
``number`` as an int, a collective's ``members``, the ``cited_as`` of a
citation edge). :func:`policykg.graph.export.export` writes all of it to
GraphML and CSV.

Examples
--------
>>> import networkx as nx
>>> from policykg.graph.schema import Relation, edge_attrs
>>> G = nx.MultiDiGraph()
>>> G.add_node("region:430000", type="Region", name="湖南省", code="430000", level="provincial")
>>> G.add_node("agency:湖南省人民政府办公厅", type="Agency", name="湖南省人民政府办公厅", region="region:430000")
>>> g = to_rdf(G)
>>> print(g.value(node_iri("region:430000"), SKOS.notation))
430000
>>> (node_iri("agency:湖南省人民政府办公厅"), PKG.inRegion, node_iri("region:430000")) in g
True
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from decimal import Decimal
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any, Iterable, Iterator, Optional, Protocol
from urllib.parse import quote, unquote

from policykg.ontology import NAMESPACE, ontology_graph
from policykg.ontology.namespace import PKG
from rdflib import OWL, RDF, RDFS, SKOS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, TIME

from policykg.errors import ExportError, UnmappedTerm
from .schema import (
    NodeType,
    Relation,
    agency_node_id,
    collective_node_id,
    document_node_id,
    region_node_id,
    task_node_id,
)

__all__ = [
    "ID",
    "ELI",
    "SCHEMA",
    "ORG",
    "OA",
    "PREFIXES",
    "node_iri",
    "node_id_from_iri",
    "to_rdf",
    "rdf_chunks",
    "new_graph",
    "add_node",
    "add_edge",
    "add_entailments",
    "GraphLookup",
    "NetworkxLookup",
    "ExportError",
    "UnmappedTerm",
]

#: Instances: ``https://w3id.org/policykg/id/<kind>/<key>``.
ID = Namespace("https://w3id.org/policykg/id/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")


# The path segment of each kind of node id, read off schema.py's id functions
# (``doc:`` → ``doc``) so that a change there cannot silently desynchronise.
_SEGMENTS = {
    f(*args).split(":", 1)[0]: t
    for t, f, args in (
        (NodeType.DOCUMENT, document_node_id, ("",)),
        (NodeType.TASK, task_node_id, ("", 0)),
        (NodeType.AGENCY, agency_node_id, ("",)),
        (NodeType.COLLECTIVE, collective_node_id, ("",)),
        (NodeType.REGION, region_node_id, ("",)),
    )
}
_OTHER = "node"  # segment for an id without a known prefix

#: Prefixes bound in every export (and the JSON-LD context).
PREFIXES: dict[str, str] = {
    "pkg": NAMESPACE,
    "eli": str(ELI),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "prov": str(PROV),
    "oa": str(OA),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "time": str(TIME),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    **{segment: str(ID[segment + "/"]) for segment in _SEGMENTS},
    "link": str(ID["link/"]),
    "source": str(ID["source/"]),
}

_KINDS = {"notice": PKG.Notice, "plan": PKG.Plan, "opinion": PKG.Opinion}
_LEVELS = {
    "national": PKG.NationalLevel,
    "provincial": PKG.ProvincialLevel,
    "municipal": PKG.MunicipalLevel,
    "county": PKG.CountyLevel,
    "township": PKG.TownshipLevel,
}
_ROLES = {
    Relation.LEAD.value: (PKG.lead, PKG.LeadRole),
    Relation.RESPONSIBLE.value: (PKG.responsible, PKG.ResponsibleRole),
    Relation.SHARED.value: (PKG.shared, PKG.SharedRole),
    Relation.ASSISTING.value: (PKG.assisting, PKG.AssistingRole),
}
# Relations written as one plain triple. ``within`` depends on the source:
# region → region is pkg:within (⊑ skos:broader), agency → region pkg:inRegion.
_PLAIN = {
    Relation.PROMULGATES.value: PKG.promulgates,
    Relation.CONTAINS.value: PKG.contains,
    Relation.CITES.value: PKG.cites,
    Relation.EXPLAINS.value: PKG.explains,
    Relation.ISSUED_BY.value: PKG.issuedBy,
    Relation.JURISDICTION.value: PKG.jurisdiction,
    Relation.SUBORDINATE_TO.value: PKG.subordinateTo,
}
_DATES = {
    "signed_date": PKG.signedDate,
    "published_date": PKG.publishedDate,
    "effective_date": PKG.effectiveDate,
    "expiry_date": PKG.expiryDate,
}


# -- IRIs ---------------------------------------------------------------------

# Characters RFC 3987 allows unescaped in an IRI path beyond ASCII (ucschar).
_UCS_RANGES = (
    (0xA0, 0xD7FF),
    (0xF900, 0xFDCF),
    (0xFDF0, 0xFFEF),
    *((plane + 0x0000, plane + 0xFFFD) for plane in range(0x10000, 0xE0000, 0x10000)),
    (0xE1000, 0xEFFFD),
)
_ASCII_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")


@lru_cache(maxsize=None)  # a corpus uses a few thousand characters, each id many of them
def _keep(char: str) -> bool:
    if char in _ASCII_SAFE:
        return True
    code = ord(char)
    if code < 0xA0:
        return False
    # Spaces (U+3000 …), controls, format characters and unassigned code
    # points are legal in some ranges but invisible or unstable: escape them.
    if unicodedata.category(char)[0] in "ZC":
        return False
    return any(lo <= code <= hi for lo, hi in _UCS_RANGES)


def _encode(text: str) -> str:
    return "".join(c if _keep(c) else quote(c, safe="") for c in text)


@lru_cache(maxsize=1 << 16)  # a task's id is in each of its edges, a region's in thousands
def node_iri(node: str) -> URIRef:
    """The IRI of graph node ``node``.

    The id's prefix becomes a path segment, and the rest is kept readable:
    Chinese characters and ``〔〕`` stay, ``/`` stays (a plan's key nests under
    its notice's), and everything else that is not safe in an IRI path is
    percent-encoded, ``#`` and ``%`` included.

    Parameters
    ----------
    node : str
        A node id such as ``doc:湘政办发〔2020〕9号``.

    Returns
    -------
    rdflib.URIRef

    Examples
    --------
    >>> str(node_iri("doc:湘政办发〔2020〕9号"))
    'https://w3id.org/policykg/id/doc/湘政办发〔2020〕9号'
    >>> str(node_iri("task:湘政办发〔2020〕9号/湖南省2020年政务公开工作要点#3"))
    'https://w3id.org/policykg/id/task/湘政办发〔2020〕9号/湖南省2020年政务公开工作要点%233'
    >>> str(node_iri("doc:某 办:title 100%"))
    'https://w3id.org/policykg/id/doc/某%20办%3Atitle%20100%25'
    """
    prefix, sep, rest = node.partition(":")
    if sep and prefix in _SEGMENTS:
        return ID[f"{prefix}/{_encode(rest)}"]
    return ID[f"{_OTHER}/{_encode(node)}"]


def node_id_from_iri(iri: str) -> Optional[str]:
    """The graph node id an IRI made by :func:`node_iri` stands for, else None.

    >>> node_id_from_iri(node_iri("task:湘政办发〔2020〕9号/湖南省2020年政务公开工作要点#3"))
    'task:湘政办发〔2020〕9号/湖南省2020年政务公开工作要点#3'
    >>> node_id_from_iri("https://example.org/x") is None
    True
    """
    text = str(iri)
    if not text.startswith(str(ID)):
        return None
    segment, sep, rest = text[len(str(ID)) :].partition("/")
    if not sep:
        return None
    if segment == _OTHER:
        return unquote(rest)
    return f"{segment}:{unquote(rest)}" if segment in _SEGMENTS else None


def _link_iri(source: str, relation: str, target: str) -> URIRef:
    # A qualification node (role association, implementation, statement) gets
    # an IRI derived from its edge, so that exports are reproducible and other
    # data can point at one link.
    digest = hashlib.sha256(f"{source}\x1f{relation}\x1f{target}".encode()).hexdigest()[:24]
    return ID[f"link/{digest}"]


# -- conversion ---------------------------------------------------------------


class GraphLookup(Protocol):
    """What the mapping asks of the graph beyond the node or edge it writes.

    A node's ``region``, a task's ``document`` and an edge's ``origin`` are
    linked only when that node is there; ``within`` is read by the type of
    its source; an inferred link rests on the task links its evidence lists
    only when they are there. :func:`to_rdf` answers from the networkx
    graph, the store's export (:func:`policykg.graph.export.export_store`)
    from its database, so both write the same triples.
    """

    def has_node(self, node: str) -> bool: ...

    def node_type(self, node: str) -> Optional[str]: ...

    def has_edge(self, source: str, target: str, key: str) -> bool: ...


class NetworkxLookup:
    """:class:`GraphLookup` over a networkx graph."""

    def __init__(self, G) -> None:
        self.G = G

    def has_node(self, node: str) -> bool:
        return node in self.G

    def node_type(self, node: str) -> Optional[str]:
        return self.G.nodes[node].get("type") if node in self.G else None

    def has_edge(self, source: str, target: str, key: str) -> bool:
        return self.G.has_edge(source, target, key)


def new_graph(store: str = "default") -> Graph:
    """An empty :class:`rdflib.Graph` with the export's prefixes (:data:`PREFIXES`) bound.

    ``store``: rdflib's store plugin; a chunk of an export, only written
    out, is held in ``"SimpleMemory"`` (no contexts, no events: a third of
    the time of adding a triple).
    """
    g = Graph(store=store)
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace, override=True, replace=True)
    return g


def to_rdf(G, *, aligned: bool = True) -> Graph:
    """The graph ``G`` as RDF in the terms of the policykg ontology.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A policykg graph (see :mod:`policykg.graph.schema`).
    aligned : bool
        Also write the triples in ELI, schema.org, ORG, PROV, SKOS and Dublin
        Core that the ontology's sub-class, sub-property and equivalence axioms
        imply.

    Returns
    -------
    rdflib.Graph

    Raises
    ------
    UnmappedTerm
        A node type, relation, document kind or level the ontology lacks.

    Examples
    --------
    >>> import networkx as nx
    >>> from policykg.graph.schema import edge_attrs, Relation
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("doc:a〔2020〕1号", type="Document", stub=False, kind="plan", title="县计划", doc_number="a〔2020〕1号")
    >>> G.add_node("doc:b〔2019〕2号", type="Document", stub=True, kind=None, title=None, doc_number="b〔2019〕2号")
    >>> G.add_edge("doc:a〔2020〕1号", "doc:b〔2019〕2号", key="implements",
    ...            **edge_attrs(Relation.IMPLEMENTS, rule="align_documents", inferred=True, confidence=0.8))
    'implements'
    >>> g = to_rdf(G)
    >>> a, b = node_iri("doc:a〔2020〕1号"), node_iri("doc:b〔2019〕2号")
    >>> (a, PKG.implements, b) in g, (a, PKG.inferredImplements, b) in g
    (False, True)
    >>> impl = g.value(a, PKG.qualifiedImplementation)
    >>> g.value(impl, PKG.confidence).toPython()
    Decimal('0.8')
    """
    g = new_graph()
    lookup = NetworkxLookup(G)
    for node, data in G.nodes(data=True):
        add_node(g, lookup, node, data)
    for source, target, key, data in G.edges(keys=True, data=True):
        add_edge(g, lookup, source, target, key, data)
    if aligned:
        add_entailments(g)
    return g


def rdf_chunks(
    nodes: Iterable[list[tuple[str, dict]]],
    edges: Iterable[list[tuple[str, str, str, dict]]],
    lookup: GraphLookup,
    *,
    aligned: bool = True,
) -> Iterator[Graph]:
    """The RDF of a graph given in chunks, one :class:`rdflib.Graph` per chunk.

    ``nodes`` yields lists of ``(node, attributes)``, ``edges`` lists of
    ``(source, target, key, attributes)``; ``lookup`` answers for the whole
    graph. Each chunk is written by :func:`add_node`, :func:`add_edge` and
    :func:`add_entailments`, as :func:`to_rdf` writes the whole graph, so
    the union of the chunks is :func:`to_rdf`'s graph (a triple two chunks
    both imply comes in both: a graph is a set). A chunk's blank nodes are
    its own.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("region:430000", type="Region", name="湖南省", code="430000", level="provincial")
    >>> G.add_node("region:430600", type="Region", name="岳阳市", code="430600", level="municipal")
    >>> G.add_edge("region:430600", "region:430000", key="within", relation="within")
    'within'
    >>> chunks = rdf_chunks([list(G.nodes(data=True))], [list(G.edges(keys=True, data=True))], NetworkxLookup(G))
    >>> union = new_graph()
    >>> for chunk in chunks:
    ...     union += chunk
    >>> from rdflib.compare import isomorphic
    >>> isomorphic(union, to_rdf(G))
    True
    """
    for chunk in nodes:
        g = new_graph("SimpleMemory")
        for node, data in chunk:
            add_node(g, lookup, node, data)
        yield _entailed(g, aligned)
    for chunk in edges:
        g = new_graph("SimpleMemory")
        for source, target, key, data in chunk:
            add_edge(g, lookup, source, target, key, data)
        yield _entailed(g, aligned)


def _entailed(g: Graph, aligned: bool) -> Graph:
    if aligned:
        add_entailments(g)
    return g


def add_node(g: Graph, lookup: GraphLookup, node: str, data: dict) -> None:
    """Add the triples of one node to ``g`` (``lookup``: the graph it is in).

    Raises
    ------
    UnmappedTerm
        A node type, document kind or level the ontology lacks.
    """
    kind = data.get("type")
    add = _NODE_WRITERS.get(kind)
    if add is None:
        raise UnmappedTerm(what="node type", value=kind, where=f"node {node!r}")
    add(g, lookup, node, node_iri(node), data)


def _zh(text: Any) -> Optional[Literal]:
    # Text read from a notice is Chinese; an empty reading is no value at all.
    return Literal(str(text), lang="zh") if text not in (None, "") else None


def _add(g: Graph, s, p, o) -> None:
    if o is not None:
        g.add((s, p, o))


def _region_link(g: Graph, lookup: GraphLookup, s: URIRef, predicate: URIRef, region: Optional[str]) -> None:
    # The node attribute and the edge say the same thing; writing both is
    # harmless (a graph is a set) and covers a graph built without the edge.
    if region and lookup.has_node(region):
        g.add((s, predicate, node_iri(region)))


def _level(value: Optional[str], node: str) -> Optional[URIRef]:
    if value is None:
        return None
    if value not in _LEVELS:
        raise UnmappedTerm(what="level", value=value, where=f"node {node!r}")
    return _LEVELS[value]


def _document(g: Graph, lookup: GraphLookup, node: str, s: URIRef, data: dict) -> None:
    g.add((s, RDF.type, PKG.Document))
    kind = data.get("kind")
    if kind is not None:
        if kind not in _KINDS:
            raise UnmappedTerm(what="document kind", value=kind, where=f"node {node!r}")
        g.add((s, RDF.type, _KINDS[kind]))
    g.add((s, PKG.stub, Literal(bool(data.get("stub", False)))))
    _add(g, s, PKG.title, _zh(data.get("title")))
    if data.get("doc_number"):
        g.add((s, PKG.docNumber, Literal(str(data["doc_number"]))))
    _add(g, s, PKG.level, _level(data.get("level"), node))
    for attribute, predicate in _DATES.items():
        if data.get(attribute):
            g.add((s, predicate, Literal(str(data[attribute]), datatype=XSD.date)))
    for year in data.get("years") or ():
        g.add((s, PKG.year, Literal(f"{int(year):04d}", datatype=XSD.gYear)))
    _region_link(g, lookup, s, PKG.jurisdiction, data.get("region"))
    for source in data.get("sources") or ():
        sha = source.get("sha256") if isinstance(source, dict) else None
        if not sha:
            continue
        file = ID[f"source/{_encode(sha)}"]
        g.add((s, DCTERMS.source, file))
        g.add((file, RDF.type, PROV.Entity))
        if source.get("path"):
            # Only the file's name: a full path would publish the layout of
            # the machine the corpus was ingested on.
            g.add((file, RDFS.label, Literal(PurePosixPath(str(source["path"]).replace("\\", "/")).name)))


def _task(g: Graph, lookup: GraphLookup, node: str, s: URIRef, data: dict) -> None:
    g.add((s, RDF.type, PKG.Task))
    if data.get("position") is not None:
        g.add((s, PKG.position, Literal(int(data["position"]), datatype=XSD.integer)))
    _add(g, s, PKG.heading, _zh(data.get("heading")))
    _add(g, s, PKG.text, _zh(data.get("text")))
    _add(g, s, PKG.section, _zh(data.get("section")))
    if data.get("number_printed"):
        g.add((s, PKG.printedNumber, Literal(str(data["number_printed"]))))
    for deadline in data.get("deadlines") or ():
        instant = BNode()
        g.add((s, PKG.deadline, instant))
        g.add((instant, RDF.type, TIME.Instant))
        text = deadline.get("text") if isinstance(deadline, dict) else deadline
        date = deadline.get("date") if isinstance(deadline, dict) else None
        _add(g, instant, RDFS.label, _zh(text))
        if date:
            g.add((instant, TIME.inXSDDate, Literal(str(date), datatype=XSD.date)))
    for target in data.get("targets") or ():
        _add(g, s, PKG.target, _zh(target.get("text") if isinstance(target, dict) else target))
    _add_span(g, s, data.get("span"))
    document = data.get("document")
    if document and lookup.has_node(document):
        g.add((node_iri(document), PKG.contains, s))


def _party(g: Graph, s: URIRef, data: dict) -> None:
    name = data.get("name")
    _add(g, s, SKOS.prefLabel, _zh(name))
    for mention in data.get("mentions") or ():
        if mention != name:
            _add(g, s, SKOS.altLabel, _zh(mention))


def _agency(g: Graph, lookup: GraphLookup, node: str, s: URIRef, data: dict) -> None:
    g.add((s, RDF.type, PKG.Agency))
    if data.get("government"):
        g.add((s, RDF.type, PKG.Government))
    _party(g, s, data)
    _region_link(g, lookup, s, PKG.inRegion, data.get("region"))


def _collective(g: Graph, lookup: GraphLookup, node: str, s: URIRef, data: dict) -> None:
    g.add((s, RDF.type, PKG.Collective))
    _party(g, s, data)
    _region_link(g, lookup, s, PKG.inRegion, data.get("region"))


def _region(g: Graph, lookup: GraphLookup, node: str, s: URIRef, data: dict) -> None:
    g.add((s, RDF.type, PKG.Region))
    g.add((s, SKOS.inScheme, PKG.GBT2260))
    _add(g, s, SKOS.prefLabel, _zh(data.get("name")))
    code = data.get("code")
    if code:
        g.add((s, SKOS.notation, Literal(str(code), datatype=PKG.GBT2260Code)))
    _add(g, s, PKG.level, _level(data.get("level"), node))


_NODE_WRITERS = {
    NodeType.DOCUMENT.value: _document,
    NodeType.TASK.value: _task,
    NodeType.AGENCY.value: _agency,
    NodeType.COLLECTIVE.value: _collective,
    NodeType.REGION.value: _region,
}


def _add_span(g: Graph, s, span: Optional[dict]) -> None:
    if not isinstance(span, dict) or span.get("start") is None or span.get("end") is None:
        return
    selector = BNode()
    g.add((s, PKG.sourceSpan, selector))
    g.add((selector, RDF.type, OA.TextPositionSelector))
    g.add((selector, OA.start, Literal(int(span["start"]), datatype=XSD.nonNegativeInteger)))
    g.add((selector, OA.end, Literal(int(span["end"]), datatype=XSD.nonNegativeInteger)))
    _add(g, selector, PKG.cleanedText, _zh(span.get("text")))


def _evidence(value: Any) -> Optional[Literal]:
    if value is None:
        return None
    if isinstance(value, str):
        return Literal(value, lang="zh")
    # Structured evidence (scores, aligned pairs) stays whole, as JSON.
    return Literal(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str), datatype=RDF.JSON)


def _add_provenance(g: Graph, lookup: GraphLookup, q: URIRef, data: dict) -> None:
    """The provenance of an edge, on the node ``q`` that qualifies it."""
    g.add((q, PKG.inferred, Literal(bool(data.get("inferred")))))
    if data.get("confidence") is not None:
        # Decimal, not double: 0.8 stays 0.8 in Turtle and in SPARQL comparisons.
        g.add((q, PKG.confidence, Literal(Decimal(str(data["confidence"])), datatype=XSD.decimal)))
    if data.get("rule"):
        g.add((q, PKG.rule, Literal(str(data["rule"]))))
    _add(g, q, PKG.evidence, _evidence(data.get("evidence")))
    _add_span(g, q, data.get("span"))
    origin = data.get("origin")
    if origin and lookup.has_node(origin):
        g.add((q, PROV.hadPrimarySource, node_iri(origin)))


def add_edge(g: Graph, lookup: GraphLookup, source: str, target: str, key: str, data: dict) -> None:
    """Add the triples of one edge to ``g`` (``lookup``: the graph it is in).

    Raises
    ------
    UnmappedTerm
        A relation the ontology lacks.
    """
    relation = data.get("relation") or key
    s, o = node_iri(source), node_iri(target)
    if relation in _ROLES:
        _add_role(g, lookup, source, target, relation, s, o, data)
    elif relation == Relation.IMPLEMENTS.value:
        _add_implementation(g, lookup, source, target, s, o, data)
    else:
        if relation == Relation.WITHIN.value:
            from_region = lookup.node_type(source) == NodeType.REGION.value
            predicate = PKG.within if from_region else PKG.inRegion
        elif relation in _PLAIN:
            predicate = _PLAIN[relation]
        else:
            raise UnmappedTerm(what="relation", value=relation, where=f"edge {source!r} -> {target!r}")
        g.add((s, predicate, o))
        if _needs_statement(relation, data):
            statement = _link_iri(source, relation, target)
            g.add((statement, RDF.type, RDF.Statement))
            g.add((statement, RDF.subject, s))
            g.add((statement, RDF.predicate, predicate))
            g.add((statement, RDF.object, o))
            _add_provenance(g, lookup, statement, data)


def _needs_statement(relation: str, data: dict) -> bool:
    # A contains edge's span is the task's own span, already on the task.
    own_span = data.get("span") and relation != Relation.CONTAINS.value
    return bool(data.get("inferred") or data.get("confidence") is not None or data.get("evidence") is not None or own_span)


def _add_role(g: Graph, lookup: GraphLookup, source: str, target: str, relation: str, s, o, data: dict) -> None:
    shortcut, role = _ROLES[relation]
    g.add((s, shortcut, o))
    association = _link_iri(source, relation, target)
    g.add((s, PROV.qualifiedAssociation, association))
    g.add((association, RDF.type, PROV.Association))
    g.add((association, PROV.agent, o))
    g.add((association, PROV.hadRole, role))
    _add(g, association, PKG.mention, _zh(data.get("mention")))
    _add_provenance(g, lookup, association, data)


def _add_implementation(g: Graph, lookup: GraphLookup, source: str, target: str, s, o, data: dict) -> None:
    inferred = bool(data.get("inferred"))
    # The one place the "never present an inferred link as explicit" rule is
    # enforced: an inferred link gets only the weak shortcut.
    g.add((s, PKG.inferredImplements if inferred else PKG.implements, o))
    implementation = _link_iri(source, Relation.IMPLEMENTS.value, target)
    g.add((s, PKG.qualifiedImplementation, implementation))
    g.add((implementation, RDF.type, PKG.Implementation))
    g.add((implementation, PKG.implementationOf, o))
    _add_provenance(g, lookup, implementation, data)
    for child, parent in _aligned_pairs(data.get("evidence")):
        if lookup.has_edge(child, parent, Relation.IMPLEMENTS.value):
            g.add((implementation, PROV.wasDerivedFrom, _link_iri(child, Relation.IMPLEMENTS.value, parent)))


_PAIR_KEYS = (("child", "parent"), ("child_task", "parent_task"), ("source", "target"), ("task", "parent"))


def _aligned_pairs(evidence: Any) -> Iterator[tuple[str, str]]:
    """The (child task, parent task) pairs an inferred link's evidence lists.

    Accepts ``{"aligned": [...]}`` with pairs as 2-lists or as dicts keyed
    child/parent (or child_task/parent_task, source/target).

    >>> list(_aligned_pairs({"score": 0.9, "aligned": [["task:c#1", "task:p#1"], {"child": "task:c#2", "parent": "task:p#3", "score": 0.7}]}))
    [('task:c#1', 'task:p#1'), ('task:c#2', 'task:p#3')]
    """
    if not isinstance(evidence, dict):
        return
    for item in evidence.get("aligned") or ():
        if isinstance(item, dict):
            for a, b in _PAIR_KEYS:
                if isinstance(item.get(a), str) and isinstance(item.get(b), str):
                    yield item[a], item[b]
                    break
        elif isinstance(item, (list, tuple)) and len(item) >= 2 and all(isinstance(x, str) for x in item[:2]):
            yield item[0], item[1]


# -- alignment entailments ----------------------------------------------------


def _closure(onto: Graph, term: URIRef, sub: URIRef, equivalent: URIRef) -> tuple[URIRef, ...]:
    seen: set[URIRef] = set()
    stack = [term]
    while stack:
        current = stack.pop()
        nexts: Iterable = (
            *onto.objects(current, sub),
            *onto.objects(current, equivalent),
            *onto.subjects(equivalent, current),
        )
        for other in nexts:
            # Named terms only: class expressions (unions) are not types to state.
            if isinstance(other, URIRef) and other != term and other not in seen:
                seen.add(other)
                stack.append(other)
    return tuple(sorted(seen))


@lru_cache(maxsize=1)
def _entailments() -> tuple[dict[URIRef, tuple[URIRef, ...]], dict[URIRef, tuple[URIRef, ...]]]:
    """Super-properties and super-classes of every pkg term, from the ontology file."""
    onto = ontology_graph()

    def terms(*types: URIRef) -> set[URIRef]:
        return {s for t in types for s in onto.subjects(RDF.type, t) if isinstance(s, URIRef) and str(s).startswith(NAMESPACE)}

    properties = {p: _closure(onto, p, RDFS.subPropertyOf, OWL.equivalentProperty) for p in terms(OWL.ObjectProperty, OWL.DatatypeProperty)}
    classes = {c: _closure(onto, c, RDFS.subClassOf, OWL.equivalentClass) for c in terms(OWL.Class)}
    return properties, classes


def add_entailments(g: Graph) -> None:
    """Add to ``g`` the triples the ontology's sub-class, sub-property and equivalence axioms imply of its triples.

    Each triple implies its own, so a graph written in chunks is entailed chunk by chunk.
    """
    properties, classes = _entailments()
    for s, p, o in list(g):
        if p == RDF.type:
            for cls in classes.get(o, ()):
                g.add((s, RDF.type, cls))
        else:
            for prop in properties.get(p, ()):
                g.add((s, prop, o))
