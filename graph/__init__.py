"""Records to a knowledge graph, and the questions it answers.

The graph is a plain :class:`networkx.MultiDiGraph`; the functions here take
it first, networkx style, and live in modules by topic:

- :mod:`~policykg.graph.schema`: node types, relations, the attributes each carries;
- :mod:`~policykg.graph.build`: :func:`build_graph`, :func:`add_documents`, :func:`remove_document`;
- :mod:`~policykg.graph.resolve`: citations to documents, stubs;
- :mod:`~policykg.graph.align`: task alignment; :mod:`~policykg.graph.infer`: inferred links;
- :mod:`~policykg.graph.regions`, :mod:`~policykg.graph.agencies`: the hierarchy;
- :mod:`~policykg.graph.queries`: trace, upstream, coverage, agency obligations, search;
- :mod:`~policykg.graph.embedded`: the embedded store (save and load a folder).
"""

from .build import add_documents, build_graph, remove_document
from .embedded import load_graph, save_graph
from policykg.errors import (
    AgencyNotFound,
    AmbiguousReference,
    DocumentNotFound,
    GraphError,
    GraphStoreError,
)
from .queries import (
    agency_obligations,
    coverage,
    find_document,
    search,
    trace,
    upstream,
)
from .regions import documents_in_region
from .schema import NodeType, Relation

__all__ = [
    "build_graph",
    "add_documents",
    "remove_document",
    "save_graph",
    "load_graph",
    "find_document",
    "trace",
    "upstream",
    "coverage",
    "agency_obligations",
    "search",
    "documents_in_region",
    "NodeType",
    "Relation",
    "GraphError",
    "DocumentNotFound",
    "AmbiguousReference",
    "AgencyNotFound",
    "GraphStoreError",
]
