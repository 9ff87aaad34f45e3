"""The one catalogue of policykg's errors and warnings.

Each error has a code, a message with placeholders and, where there is one,
what the user can do about it. Raise the subclass named for the situation::

    raise EmptyFile(path="a.txt")

and every caller can catch :class:`IngestError`, :class:`GraphError` (or
:class:`PolicykgError`) and print ``str(err)``, one line that names the file
or the thing, the reason and the fix. Every code is defined once, here.

Codes: E0xx reading files, E1xx the store and finding documents, E2xx the
graph, its databases and exports.

Examples
--------
>>> print(DocumentNotFound(ref="湘政办发〔2020〕99号"))
[E101] no document matches '湘政办发〔2020〕99号' (use a doc number (any bracket form), a title or a part of it that is unique, or an id as printed by `policykg dump`)
>>> str(AmbiguousReference(ref="政务公开", candidates=["doc:a", "doc:b"]))
"[E102] '政务公开' matches 2 documents: doc:a, doc:b (repeat the command with one of these ids, or with a longer part of the title)"
"""

from __future__ import annotations

from typing import Optional

__all__ = [
    "ClusterUnavailable",
    "ReaderMismatch",
    "PolicykgError",
    "IngestError",
    "UnreadableFile",
    "EmptyFile",
    "BinaryFile",
    "UndecodableFile",
    "TruncatedFile",
    "UnsupportedFormat",
    "NotANotice",
    "ParseFailed",
    "FileTooLarge",
    "ArchiveBomb",
    "BadLimit",
    "StoreError",
    "NotAStore",
    "OldStoreLayout",
    "StoreLocked",
    "StaleGraph",
    "QueryIndexMissing",
    "OldGraphLayout",
    "DocumentNotFound",
    "AmbiguousReference",
    "BadPattern",
    "UnknownRegionCode",
    "EmptyRow",
    "NoContentColumn",
    "UnsafeFileName",
    "GraphError",
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
    "Warnings",
]


class PolicykgError(Exception):
    """Base class of every error policykg raises on purpose."""

    code = "E000"
    template = "{detail}"
    hint = ""

    def __init__(self, **fields: object) -> None:
        self.fields = fields
        message = self.template.format(**fields)
        if self.hint:
            message = f"{message} ({self.hint.format(**fields)})"
        super().__init__(f"[{self.code}] {message}")


class IngestError(PolicykgError):
    """A file could not be turned into records. ``path`` names the file."""

    @property
    def path(self) -> str:
        return str(self.fields.get("path", ""))


class UnreadableFile(IngestError):
    code = "E001"
    template = "{path}: cannot be read: {reason}"
    hint = "check that the file exists and is readable"


class EmptyFile(IngestError):
    code = "E002"
    template = "{path}: the file is empty"
    hint = "re-download the notice; nothing was ingested from it"


class BinaryFile(IngestError):
    code = "E003"
    template = "{path}: looks like binary data, not a notice ({reason})"
    hint = "ingest accepts .txt, .html/.htm and .docx files"


class UndecodableFile(IngestError):
    code = "E004"
    template = "{path}: the text could not be decoded ({reason})"
    hint = "save the file as UTF-8, GB18030 or Big5 and ingest it again"


class TruncatedFile(IngestError):
    code = "E005"
    template = "{path}: the file is truncated ({reason})"
    hint = "re-download the complete file"


class UnsupportedFormat(IngestError):
    code = "E006"
    template = "{path}: unsupported format {suffix!r}"
    hint = "convert it to .txt, .html or .docx"


class NotANotice(IngestError):
    code = "E007"
    template = "{path}: no policy text ({reason})"
    hint = "the file holds no policy prose (page chrome only, or nothing readable): check it is the page you meant to save"


class ParseFailed(IngestError):
    code = "E008"
    template = "{path}: reading failed unexpectedly ({reason})"
    hint = "this is a policykg bug: please report it with the file attached"


class EmptyRow(IngestError):
    code = "E013"
    template = "{path} row {row}: no text in the {column!r} column ({reason})"
    hint = "the row is skipped; fetch the page at the row's URL if it matters"


class NoContentColumn(IngestError):
    code = "E014"
    template = "{path}: no text column among {columns}"
    hint = "name it with --columns content=NAME (also title=, date=, doc_number=, site=, url=)"


class FileTooLarge(IngestError):
    code = "E017"
    template = "{path}: the file is {size_mb:.1f} MB, over the limit of {limit_mb:g} MB"
    hint = "split the file, or raise the limit with POLICYKG_MAX_FILE_MB"


class ArchiveBomb(IngestError):
    code = "E018"
    template = "{path}: the .docx archive would inflate beyond safe limits ({reason}); nothing was decompressed"
    hint = "open it in Word and save it again; raise POLICYKG_MAX_FILE_MB only if you trust the file"


class BadLimit(PolicykgError, ValueError):
    code = "E019"
    template = "{name}={value!r} is not a positive number of megabytes"
    hint = "set it to a size such as 50, or unset it for the default"


class UnsafeFileName(IngestError):
    code = "E030"
    template = "{path!r}: not a usable file name ({reason})"
    hint = "rename the file, e.g. notice.txt, and upload it again; the other files were read"


class StoreError(PolicykgError):
    code = "E100"
    template = "store {store}: {reason}"
    hint = "pass --store DIR or set POLICYKG_STORE to a writable folder"


class NotAStore(StoreError):
    code = "E110"
    template = "{store} is not a policykg store (it holds no policykg.sqlite)"
    hint = (
        "check the --store path or POLICYKG_STORE; `policykg ingest PATH --store {store}` creates a store there, "
        "and `policykg dump --store DIR` lists what a store holds"
    )


class OldStoreLayout(StoreError):
    code = "E111"
    template = "{store} is a store of an older policykg (sources.json, records/, graph/graph.json)"
    hint = "ingest the notices again into a new store: policykg ingest PATH --store NEW_DIR"


class StoreLocked(StoreError):
    code = "E112"
    template = "the store is being written by another policykg process (lock: {lock}; waited {timeout} s)"
    hint = "wait for the other ingest or remove to finish and run the command again, or raise POLICYKG_LOCK_TIMEOUT"


class StaleGraph(StoreError):
    code = "E113"
    template = "store {store}: the graph is older than the records"
    hint = "run `policykg ingest PATH --store {store}` (any path, even one already ingested) to bring it up to date"


class QueryIndexMissing(StoreError):
    """A store made before the query indexes, which cannot be added now (read-only, locked, damaged)."""

    code = "E120"
    template = "store {store} has no query indexes and they cannot be added now: {reason}"
    hint = "make the store writable and run the command again, or run `policykg ingest PATH --store {store}` once"


class OldGraphLayout(StoreError):
    """A store whose graph tables are of an earlier layout, which cannot be converted now (read-only, locked)."""

    code = "E130"
    template = "store {store} holds its graph in an earlier layout, which cannot be converted now: {reason}"
    hint = "make the store writable and run `policykg rebuild --store {store}` once (it converts the graph tables)"


class GraphError(PolicykgError):
    """Base class of the errors about the graph and the documents in it (raised by every store)."""

    code = "E200"


class DocumentNotFound(GraphError):
    """No document matches a reference (an id, a doc number or a title)."""

    code = "E101"
    template = "no document matches {ref!r}"
    hint = "use a doc number (any bracket form), a title or a part of it that is unique, or an id as printed by `policykg dump`"


class AmbiguousReference(GraphError):
    """A reference matches more than one document; ``candidates`` lists them (ids, or ``id title``)."""

    code = "E102"
    template = "{ref!r} matches {count} {what}: {shown}"
    hint = "repeat the command with one of these ids, or with a longer part of the {part}"

    def __init__(self, *, ref: str, candidates: list, titles: Optional[list] = None, what: str = "documents", part: str = "title") -> None:
        self.candidates = list(candidates)
        labels = [f"{c} ({t})" if t else str(c) for c, t in zip(self.candidates, titles or [None] * len(self.candidates))]
        shown = ", ".join(labels[:8]) + (" …" if len(labels) > 8 else "")
        super().__init__(ref=ref, count=len(self.candidates), shown=shown, what=what, part=part)


class BadPattern(PolicykgError, ValueError):
    code = "E009"
    template = "entity pattern {pattern!r}: {reason}"
    hint = "each pattern needs a label and one of 'regex' or 'finder' (see ingest/data/entity_patterns.jsonl)"


class UnknownRegionCode(PolicykgError, ValueError):
    code = "E010"
    template = "{code!r} is not a GB/T 2260 division code ({reason})"
    hint = "use a 2-, 4- or 6-digit code such as 430626"


# --- the graph -----------------------------------------------------------------


class AgencyNotFound(GraphError):
    """No agency or collective matches a name."""

    code = "E202"
    template = "no agency or collective matches {name!r}"
    hint = "use the full name (平江县市场监督管理局) or the name as the document wrote it (县市场监管局)"


class GraphStoreError(GraphError, StoreError):
    """The graph saved in the embedded store cannot be read or written."""

    code = "E103"


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


class ExportShapeError(ExportError):
    """A store's row holds an attribute the GraphML export did not declare before the rows.

    A store's GraphML is written row by row, its attribute keys declared
    first from one row of each stored shape (``graph/codec.py`` ``SHAPE``);
    a row that decodes to a key or kind of value its shape's first row did
    not have would need a key the file no longer can declare.
    """

    code = "E145"
    template = "cannot write {path} as GraphML: {reason}"
    hint = "run `policykg rebuild` on the store and export again; if it persists, export as csv and report it"


class ClusterUnavailable(PolicykgError):
    """No Dask scheduler answers at the address given to ``--cluster``."""

    code = "E011"
    template = "no Dask cluster at {address}: {reason}"
    hint = "start one (`dask scheduler`, then `dask worker tcp://HOST:8786` on each machine) and install policykg[cluster], or leave out --cluster"


class ReaderMismatch(PolicykgError):
    """A cluster worker parses with another reader version than this machine."""

    code = "E012"
    template = "a cluster worker reads with policykg reader {theirs}, this machine with {ours}"
    hint = "install the same policykg version on every worker"


class Warnings:
    """Collects warnings during a batch so they are shown once, at the end.

    >>> w = Warnings()
    >>> w.add("a.txt", "W001", "mojibake in 2 places")
    >>> w.add("a.txt", "W001", "mojibake in 2 places")
    >>> w.items
    [('a.txt', 'W001', 'mojibake in 2 places')]
    """

    def __init__(self) -> None:
        self.items: list[tuple[str, str, str]] = []

    def add(self, path: str, code: str, message: str) -> None:
        item = (path, code, message)
        if item not in self.items:
            self.items.append(item)
