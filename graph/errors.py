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
