"""Errors raised by :mod:`policykg.graph`.

Every error is a :class:`GraphError` (itself a
:class:`~policykg.ingest.errors.PolicykgError`), has a code, and its message is
one line that says what went wrong and what to do, so the CLI can print
``str(err)`` and exit.

Examples
--------
>>> err = DocumentNotFound(ref="湘政办发〔2020〕99号")
>>> isinstance(err, GraphError)
True
>>> print(err)
[E101] no document matches '湘政办发〔2020〕99号' (use a doc number (any bracket form), a title or a part of it that is unique, or an id as printed by `policykg search`)
"""

from __future__ import annotations

from policykg.ingest import errors as _ingest_errors
from policykg.ingest.errors import PolicykgError

__all__ = [
    "GraphError",
    "DocumentNotFound",
    "AmbiguousReference",
    "AgencyNotFound",
    "GraphStoreError",
    "GraphDatabaseError",
    "GraphDatabaseUnavailable",
    "GraphDatabaseAuthFailed",
    "GraphDatabaseQueryFailed",
    "GraphDatabaseClientMissing",
    "UnstorableGraph",
    "ExportError",
    "UnmappedTerm",
    "UnknownExportFormat",
    "ExportTargetError",
    "ExportPathError",
]


class GraphError(PolicykgError):
    """Base class of the errors raised by :mod:`policykg.graph`."""

    code = "E200"


class DocumentNotFound(GraphError, _ingest_errors.DocumentNotFound):
    """No document matches a reference (an id, a doc number or a title).

    It is also an :class:`policykg.ingest.errors.DocumentNotFound`, so code
    that catches that one catches this one.
    """

    code = "E101"
    template = "no document matches {ref!r}"
    hint = "use a doc number (any bracket form), a title or a part of it that is unique, or an id as printed by `policykg search`"


class AmbiguousReference(GraphError):
    """A reference matches more than one node; ``candidates`` lists them.

    >>> str(AmbiguousReference(ref="政务公开", candidates=["doc:a", "doc:b"]))
    "[E201] '政务公开' matches 2 nodes: doc:a, doc:b (repeat the command with one of these ids, or with a longer part of the name)"
    """

    code = "E201"
    template = "{ref!r} matches {count} nodes: {shown}"
    hint = "repeat the command with one of these ids, or with a longer part of the name"

    def __init__(self, *, ref: str, candidates: list[str]) -> None:
        self.candidates = list(candidates)
        shown = ", ".join(self.candidates[:8]) + (" …" if len(self.candidates) > 8 else "")
        super().__init__(ref=ref, count=len(self.candidates), shown=shown)


class AgencyNotFound(GraphError):
    """No agency or collective matches a name."""

    code = "E202"
    template = "no agency or collective matches {name!r}"
    hint = "use the full name (平江县市场监督管理局) or the name as the document wrote it (县市场监管局)"


class GraphStoreError(GraphError, _ingest_errors.StoreError):
    """The embedded store cannot be read or written."""

    code = "E100"


# --- graph databases (FalkorDB, Neo4j) ----------------------------------------


class GraphDatabaseError(GraphError):
    """Base class of the errors of the graph database stores. ``where`` names the database and its URL."""

    code = "E210"
    template = "{where}: {reason}"


class GraphDatabaseUnavailable(GraphDatabaseError):
    """The database cannot be reached."""

    code = "E211"
    template = "cannot reach {where}: {reason}"
    hint = "is the server running? start it, or pass its address with {option}"


class GraphDatabaseAuthFailed(GraphDatabaseError):
    """The database refused the credentials."""

    code = "E212"
    template = "{where} refused the credentials: {reason}"
    hint = "check {option}"


class GraphDatabaseQueryFailed(GraphDatabaseError):
    """The database rejected or failed a query."""

    code = "E213"
    template = "{where} failed a query: {reason}"
    hint = "check that the server is a supported version ({supported}); otherwise report this as a policykg bug"


class GraphDatabaseClientMissing(GraphDatabaseError):
    """The Python client of the database is not installed."""

    code = "E215"
    template = "{where}: the {package!r} Python package is not installed"
    hint = "install it with: python3 -m pip install 'policykg[{extra}]'"


class UnstorableGraph(GraphDatabaseError):
    """A node or an edge of the graph has no known type or relation."""

    code = "E214"
    template = "cannot store the graph in {where}: {reason}"
    hint = "build the graph with policykg.graph.build (every node needs a schema type, every edge a schema relation)"


# --- export -------------------------------------------------------------------


class ExportError(GraphError):
    """The graph cannot be exported as asked."""

    code = "E220"


class UnmappedTerm(ExportError):
    """A node type, relation or value that the ontology has no term for."""

    code = "E221"
    template = "{what} {value!r} of {where} has no term in the policykg ontology"
    hint = "add it to ontology/policykg.ttl, regenerate the namespace and map it in graph/rdf.py"


class UnknownExportFormat(ExportError):
    """The format asked for is not one :func:`export` writes."""

    code = "E222"
    template = "unknown export format {fmt!r}"
    hint = "use one of: turtle, jsonld, graphml, csv"


class ExportTargetError(ExportError):
    """The destination cannot take the format (CSV is two files)."""

    code = "E223"
    template = "{fmt} cannot be written to {target}"
    hint = "give a folder, a path ending in .zip, or a binary stream (written as a zip)"


class ExportPathError(ExportError):
    """The export cannot be written where it was asked to go."""

    code = "E224"
    template = "cannot write {path}: {reason}"
    hint = "create the folder first, or give a path in an existing folder you can write to"
