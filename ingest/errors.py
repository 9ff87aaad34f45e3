"""The one catalogue of ingest errors and warnings.

Each error has a code, a message with placeholders and, where there is one,
what the user can do about it. Raise the subclass named for the situation::

    raise EmptyFile(path="a.txt")

and every caller can catch :class:`IngestError` (or :class:`PolicykgError`)
and print ``str(err)``, one line that names the file, the reason and the fix.
"""

from __future__ import annotations

__all__ = [
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
    "StoreError",
    "NotAStore",
    "OldStoreLayout",
    "StoreLocked",
    "StaleGraph",
    "DocumentNotFound",
    "AmbiguousReference",
    "BadPattern",
    "UnknownRegionCode",
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
    template = "{path}: not a government notice ({reason})"
    hint = "only notices, opinions and work plans are ingested"


class ParseFailed(IngestError):
    code = "E008"
    template = "{path}: reading failed unexpectedly ({reason})"
    hint = "this is a policykg bug: please report it with the file attached"


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


class DocumentNotFound(PolicykgError):
    code = "E101"
    template = "no document matches {ref!r}"
    hint = "use a doc number, a title or an id as printed by `policykg dump`"


class AmbiguousReference(PolicykgError):
    code = "E102"
    template = "{ref!r} matches several documents: {candidates}"
    hint = "use the document's id or its full doc number"


class BadPattern(PolicykgError, ValueError):
    code = "E009"
    template = "entity pattern {pattern!r}: {reason}"
    hint = "each pattern needs a label and one of 'regex' or 'finder' (see ingest/data/entity_patterns.jsonl)"


class UnknownRegionCode(PolicykgError, ValueError):
    code = "E010"
    template = "{code!r} is not a GB/T 2260 division code ({reason})"
    hint = "use a 2-, 4- or 6-digit code such as 430626"


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
