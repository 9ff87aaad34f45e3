"""Copies of one document: which reading wins, and what a batch added.

The same notice reaches a corpus many times: re-encoded (GBK, Big5,
UTF-16), scraped again from the same page, mirrored by another website.
Each copy is a file with records of its own, but they are one document. When
copies disagree, the **best reading** wins, by this rule, in order:

1. a reading with a doc number (文号) beats one without;
2. then more tasks beat fewer (a copy that lost its plan body reads fewer);
3. then fewer damage flags (``mojibake``) beat more;
4. then the smallest SHA-256 of the file, so that ties never depend on the
   order in which the copies were ingested.

The graph keeps the winner's facts and lists every copy among the
document's sources (:mod:`policykg.graph.build`); ``show`` prints the winner.

Examples
--------
>>> from policykg.ingest.records import Document, Source
>>> def copy(sha, number, tasks=0):
...     return Document(id=sha[:12], kind="notice", title="关于印发某要点的通知", doc_number=number,
...                     issuer="某县人民政府办公室", source=Source(path=sha + ".txt", sha256=sha * 64))
>>> best_reading([copy("b", "某政办发〔2020〕3号"), copy("a", None), copy("c", "某政办发〔2020〕3号")]).id
'b'
>>> same_document(copy("a", None), copy("b", "某政办发〔2020〕3号"))
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Optional

from policykg.ingest.docnumbers import normalise_doc_number
from policykg.ingest.records import Document

__all__ = [
    "DAMAGE_FLAGS",
    "reading_rank",
    "best_reading",
    "same_document",
    "one_document",
    "copies_of",
    "CopyCount",
    "count_copies",
    "count_new_files",
]

# Flags that say the text of this copy is damaged (not the document itself:
# a misnumbered task is misnumbered in every copy).
DAMAGE_FLAGS = frozenset({"mojibake"})


def reading_rank(doc: Document) -> tuple:
    """Sort key of a reading among copies: the smallest is the best (see the module docstring).

    >>> from policykg.ingest.records import Document
    >>> reading_rank(Document(id="x", kind="notice", title="t", doc_number="某发〔2020〕1号"))
    (0, 0, 0, '', 'x')
    """
    damage = sum(1 for flag in doc.flags if flag.code in DAMAGE_FLAGS)
    sha = doc.source.sha256 if doc.source else ""
    return (0 if doc.doc_number else 1, -len(doc.tasks), damage, sha, doc.id)


def best_reading(docs: Iterable[Document]) -> Document:
    """The reading that wins among copies of one document."""
    return min(docs, key=reading_rank)


def _title(title: Optional[str]) -> str:
    # spaces and book-title marks differ between copies of one title
    return re.sub(r"[\s《》〈〉“”\"']", "", title or "")


def same_document(a: Document, b: Document, parents: Optional[Mapping[str, Document]] = None) -> bool:
    """Whether two records are copies of one document.

    Two records with doc numbers are one document when the numbers are (in
    any bracket form). Otherwise a notice is known by issuer and title (a
    mirror may have lost the number line), and a plan by its title and its
    notice, looked up in ``parents`` (record id → notice).
    """
    if a.parent or b.parent:
        if not (a.parent and b.parent) or _title(a.title) != _title(b.title):
            return False
        pa, pb = (parents or {}).get(a.parent), (parents or {}).get(b.parent)
        if pa is None or pb is None:
            return a.parent == b.parent
        return same_document(pa, pb)
    if a.doc_number and b.doc_number:
        return normalise_doc_number(a.doc_number) == normalise_doc_number(b.doc_number)
    return (a.issuer, _title(a.title)) == (b.issuer, _title(b.title))


def _parents(docs: Iterable[Document]) -> dict[str, Document]:
    return {d.id: d for d in docs if not d.parent}


def one_document(hits: list[Document], docs: Iterable[Document]) -> Optional[Document]:
    """The best reading when every hit is a copy of one document, else None.

    ``docs`` are all the records (to know the notices plans belong to). A
    reference that matches copies of one document is not ambiguous.
    """
    if not hits:
        return None
    parents = _parents(docs)
    first = hits[0]
    if all(same_document(first, other, parents) for other in hits[1:]):
        return best_reading(hits)
    return None


def copies_of(doc: Document, docs: Iterable[Document]) -> list[Document]:
    """Every record among ``docs`` that is a copy of ``doc`` (``doc`` included), best first."""
    docs = list(docs)
    parents = _parents(docs)
    found = [d for d in docs if d.kind == doc.kind and same_document(doc, d, parents)]
    return sorted(found or [doc], key=reading_rank)


@dataclass(frozen=True)
class CopyCount:
    """What the new files of a batch brought, counted by document, not by record.

    Attributes
    ----------
    new : int
        Documents the store did not hold before (several copies of a new
        document in one batch count once).
    merged : int
        Files that were copies of a document already there (or of one
        counted as new in the same batch).
    """

    new: int
    merged: int

    @property
    def files(self) -> int:
        return self.new + self.merged

    def __str__(self) -> str:
        return f"{self.new} new documents, {self.merged} merged into existing ones"


def count_copies(batch: Iterable[Document], existing: Iterable[Document]) -> CopyCount:
    """Count what new files added: new documents, and copies merged into documents there.

    Parameters
    ----------
    batch : iterable of Document
        The records of the files the batch added.
    existing : iterable of Document
        The other records of the store.

    Examples
    --------
    >>> from policykg.ingest.records import Document, Source
    >>> def notice(sha, number):
    ...     return Document(id=sha[:12], kind="notice", title="t", doc_number=number, source=Source(path=sha, sha256=sha * 64))
    >>> print(count_copies([notice("a", "甲发〔2020〕1号"), notice("b", "甲发(2020)1号"), notice("c", "乙发〔2020〕2号")],
    ...                    [notice("d", "乙发〔2020〕2号")]))
    1 new documents, 2 merged into existing ones
    """
    files: dict[str, Document] = {}
    for doc in batch:
        # a file is known by its notice (its record without a parent)
        if doc.source and not doc.parent:
            files.setdefault(doc.source.sha256, doc)
    seen = [d for d in existing if not d.parent]
    new = 0
    for sha in sorted(files):  # which copy of a new document counts as new does not depend on order
        doc = files[sha]
        if not any(same_document(doc, other) for other in seen):
            new += 1
        seen.append(doc)
    return CopyCount(new=new, merged=len(files) - new)


def count_new_files(paths: Iterable[str], before: Iterable[Document], after: Iterable[Document]) -> CopyCount:
    """:func:`count_copies` for the files at ``paths``, from the store's records before and after the batch."""
    wanted = set(map(str, paths))
    return count_copies((d for d in after if d.source and d.source.path in wanted), before)
