"""Copies of one document: which reading wins, and what a batch added.

The same notice reaches a corpus many times: re-encoded (GBK, Big5,
UTF-16), scraped again from the same page, mirrored by another website.
Each copy is a file with records of its own, but they are one document. When
copies disagree, the **best reading** wins, by this rule, in order:

1. a reading with a doc number (文号) beats one without;
2. then more tasks beat fewer (a copy that lost its plan body reads fewer);
3. then fewer damage flags (``mojibake``) beat more, in the document, then
   in the whole file it was read from;
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

from policykg.rules.docnumbers import normalise_doc_number
from policykg.ingest.records import Document

__all__ = [
    "DAMAGE_FLAGS",
    "damage",
    "file_damage",
    "reading_rank",
    "best_reading",
    "same_document",
    "copy_groups",
    "copies_of",
    "CopyCount",
    "count_copies",
    "count_new_files",
    "copy_keys",
]

# Flags that say the text of this copy is damaged (not the document itself:
# a misnumbered task is misnumbered in every copy).
DAMAGE_FLAGS = frozenset({"mojibake"})


def damage(doc: Document) -> int:
    """How many damage flags a record carries."""
    return sum(1 for flag in doc.flags if flag.code in DAMAGE_FLAGS)


def file_damage(docs: Iterable[Document]) -> dict[str, int]:
    """Damage flags per file (SHA-256), over all the records read from it."""
    out: dict[str, int] = {}
    for doc in docs:
        if doc.source:
            out[doc.source.sha256] = out.get(doc.source.sha256, 0) + damage(doc)
    return out


def reading_rank(doc: Document, files: Optional[Mapping[str, int]] = None) -> tuple:
    """Sort key of a reading among copies: the smallest is the best (see the module docstring).

    ``files`` (from :func:`file_damage`) breaks a tie between copies of a
    notice whose own text is intact by the damage of the rest of the file
    (its plans).

    >>> from policykg.ingest.records import Document
    >>> reading_rank(Document(id="x", kind="notice", title="t", doc_number="某发〔2020〕1号"))
    (0, 0, 0, 0, '', 'x')
    """
    sha = doc.source.sha256 if doc.source else ""
    return (0 if doc.doc_number else 1, -len(doc.tasks), damage(doc), (files or {}).get(sha, 0), sha, doc.id)


def best_reading(docs: Iterable[Document]) -> Document:
    """The reading that wins among copies of one document."""
    docs = list(docs)
    files = file_damage(docs)
    return min(docs, key=lambda d: reading_rank(d, files))


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


def copy_groups(docs: Iterable[Document]) -> list[list[Document]]:
    """The records grouped by document, each group best reading first (see :func:`same_document`).

    Linear in the number of records: a notice is grouped by its doc number
    (one without joins the numbered one of the same issuer and title, else
    groups by issuer and title), a plan by its notice's group and its title.

    >>> from policykg.ingest.records import Document
    >>> a = Document(id="a", kind="notice", title="关于某事的通知", doc_number="某发〔2020〕1号", issuer="某办")
    >>> b = Document(id="b", kind="notice", title="关于某事的通知", doc_number=None, issuer="某办")
    >>> c = Document(id="c", kind="notice", title="关于另一事的通知", doc_number=None, issuer="某办")
    >>> [[d.id for d in group] for group in copy_groups([b, c, a])]
    [['a', 'b'], ['c']]
    """
    docs = list(docs)
    files = file_damage(docs)

    def rank(doc: Document) -> tuple:
        return reading_rank(doc, files)

    notices = [d for d in docs if not d.parent]
    numbered: dict[tuple, str] = {}
    for doc in sorted(notices, key=rank):
        number = normalise_doc_number(doc.doc_number) if doc.doc_number else None
        if number:
            numbered.setdefault((doc.issuer, _title(doc.title)), number)
    key_of: dict[str, tuple] = {}
    for doc in notices:
        number = normalise_doc_number(doc.doc_number) if doc.doc_number else None
        by_title = (doc.issuer, _title(doc.title))
        key_of[doc.id] = ("number", number or numbered[by_title]) if number or by_title in numbered else ("title",) + by_title
    groups: dict[tuple, list[Document]] = {}
    for doc in docs:
        if doc.parent:
            key = ("plan", key_of.get(doc.parent, ("record", doc.parent)), _title(doc.title))
        else:
            key = key_of[doc.id]
        groups.setdefault(key, []).append(doc)
    return [sorted(group, key=rank) for group in sorted(groups.values(), key=lambda g: min(map(rank, g)))]


def copies_of(doc: Document, docs: Iterable[Document]) -> list[Document]:
    """Every record among ``docs`` that is a copy of ``doc`` (``doc`` included), best first."""
    for group in copy_groups(docs):
        if any(d.id == doc.id for d in group):
            return group
    return [doc]


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
    # a file is known by its notice (its record without a parent)
    files = {d.source.sha256: d for d in batch if d.source and not d.parent}
    fresh = {id(d) for d in files.values()}
    old = [d for d in existing if not d.parent]
    new = 0
    for group in copy_groups(list(files.values()) + old):
        if all(id(d) in fresh for d in group):
            new += 1  # only new files in it: one new document, however many copies
    return CopyCount(new=new, merged=len(files) - new)


def copy_keys(doc_number: Optional[str], title: Optional[str]) -> tuple[Optional[str], str]:
    """What a notice can share with its copies: its normalised doc number, and its title as copies compare it.

    Two notices in one group (:func:`copy_groups`) share one of these, so a
    store looks for a notice's copies among the notices that share one,
    without reading the others.

    >>> copy_keys("甲发(2020)1号", "《关于某事的通知》")
    ('甲发〔2020〕1号', '关于某事的通知')
    """
    return (normalise_doc_number(doc_number) if doc_number else None), _title(title)


def count_new_files(paths: Iterable[str], before: Iterable[Document], after: Iterable[Document]) -> CopyCount:
    """:func:`count_copies` for the files at ``paths``, from the store's records before and after the batch."""
    wanted = set(map(str, paths))
    return count_copies((d for d in after if d.source and d.source.path in wanted), before)
