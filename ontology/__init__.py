"""The policykg ontology, its SHACL shapes and its closed rdflib namespace.

- ``policykg.ttl``: the OWL ontology in Turtle, the source of truth. Every
  class and property is labelled in Chinese and English and aligned to ELI,
  schema.org Legislation, W3C ORG, PROV-O, SKOS and Web Annotation.
- ``shapes.ttl``: SHACL shapes an exported graph must satisfy
  (:func:`validate`).
- ``namespace.py``: :class:`~policykg.ontology.namespace.PKG`, generated from
  the ontology by ``python -m policykg.ontology.generate_namespace``.

The graph is turned into RDF with these terms by :mod:`policykg.graph.rdf`.

Examples
--------
>>> from policykg.ontology import PKG, ontology_graph
>>> from rdflib import RDFS, Literal
>>> Literal("贯彻落实", lang="zh") in set(ontology_graph().objects(PKG.implements, RDFS.label))
True
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from rdflib import Graph

__all__ = [
    "ONTOLOGY_IRI",
    "NAMESPACE",
    "ONTOLOGY_FILE",
    "SHAPES_FILE",
    "PKG",
    "ontology_graph",
    "shapes_graph",
    "ValidationReport",
    "validate",
]

ONTOLOGY_IRI = "https://w3id.org/policykg/ontology"
NAMESPACE = ONTOLOGY_IRI + "#"
ONTOLOGY_FILE = Path(__file__).with_name("policykg.ttl")
SHAPES_FILE = Path(__file__).with_name("shapes.ttl")


def __getattr__(name: str):
    # PKG is imported on first use, not at package import, so that the
    # generator (a module of this package) still runs when namespace.py is
    # missing or broken: it is the tool that repairs it.
    if name == "PKG":
        from .namespace import PKG

        return PKG
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def ontology_graph() -> Graph:
    """A fresh :class:`rdflib.Graph` of the ontology (``policykg.ttl``).

    >>> len(ontology_graph()) > 500
    True
    """
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def shapes_graph() -> Graph:
    """A fresh :class:`rdflib.Graph` of the SHACL shapes (``shapes.ttl``)."""
    return Graph().parse(SHAPES_FILE, format="turtle")


class ValidationReport(NamedTuple):
    """The outcome of :func:`validate`: whether the data conforms, and why not."""

    conforms: bool
    graph: Graph
    text: str


def validate(data: Graph, *, inference: str = "none") -> ValidationReport:
    """Validate an RDF graph against the policykg SHACL shapes.

    The ontology is added to (a copy of) the data, so that a ``pkg:Notice`` is
    checked as a ``pkg:Document`` even in an export written without its
    superclasses. Needs ``pyshacl``.

    Parameters
    ----------
    data : rdflib.Graph
        An export of the graph (:func:`policykg.graph.rdf.to_rdf`), or a file
        parsed back.
    inference : str
        pyshacl's inference option: ``none`` (default), ``rdfs``, ``owlrl``.

    Returns
    -------
    ValidationReport
        ``conforms``, the SHACL results graph and pyshacl's text report.

    Examples
    --------
    >>> from rdflib import URIRef, RDF
    >>> from policykg.ontology import PKG
    >>> g = Graph()
    >>> t = URIRef("https://w3id.org/policykg/id/task/x%231")
    >>> _ = g.add((t, RDF.type, PKG.Task))  # no document, position or heading
    >>> validate(g).conforms
    False
    """
    import pyshacl  # an optional dependency: only validation needs it

    # A plain union instead of pyshacl's ont_graph: pyshacl clones the
    # ontology node by node into the data, which takes seconds for ours.
    combined = Graph()
    combined += data
    combined += ontology_graph()
    conforms, results, text = pyshacl.validate(
        combined,
        shacl_graph=shapes_graph(),
        inference=inference,
        allow_warnings=False,
    )
    return ValidationReport(bool(conforms), results, text)
