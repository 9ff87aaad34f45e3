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

from importlib import import_module

# The names below are read from their modules when first used (PEP 562), so
# that a command asking one question does not import the text models of
# building and linking (scikit-learn, spaCy): `policykg trace` starts in a
# fraction of the time.
_FROM = {
    "build_graph": ".build",
    "add_documents": ".build",
    "remove_document": ".build",
    "save_graph": ".embedded",
    "load_graph": ".embedded",
    "find_document": ".queries",
    "trace": ".queries",
    "upstream": ".queries",
    "coverage": ".queries",
    "agency_obligations": ".queries",
    "search": ".queries",
    "documents_in_region": ".regions",
    "NodeType": ".schema",
    "Relation": ".schema",
    "GraphError": "policykg.errors",
    "DocumentNotFound": "policykg.errors",
    "AmbiguousReference": "policykg.errors",
    "AgencyNotFound": "policykg.errors",
    "GraphStoreError": "policykg.errors",
}


def __getattr__(name: str):
    module = _FROM.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + list(_FROM))


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
