"""The records that ingest produces: plain data classes, serialised as JSON.

The JSON shape is part of the public interface and is documented in
``docs/records.md``. Every extracted fact carries a :class:`Span`: character
offsets into the *source text* (the decoded text of the file, or the main text
extracted from an HTML page or a .docx), so a user can always check it.

Examples
--------
>>> span = Span(start=3, end=7, text="省政务局")
>>> party = Party(mention="省政务局", canonical="湖南省政务管理服务局", kind="agency", span=span)
>>> to_json(party)["canonical"]
'湖南省政务管理服务局'
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, Optional

__all__ = [
    "OffsetMap",
    "Span",
    "Source",
    "Flag",
    "Party",
    "AgencyMention",
    "Deadline",
    "Target",
    "Citation",
    "Subject",
    "Task",
    "Document",
    "to_json",
    "document_from_json",
]

DocumentKind = Literal["notice", "plan", "opinion"]
# The levels are policykg.rules.regions.LEVELS; a test keeps this type in step.
Level = Literal["national", "provincial", "municipal", "county", "township"]
#: The administrative levels, from the top of the hierarchy down.
PartyKind = Literal["agency", "collective"]


@dataclass(frozen=True)
class OffsetMap:
    """A cleaned text and its exact map back to the source: the one offset rule.

    ``segments`` are the kept stretches as ``(cleaned offset, source offset)``
    starts, in order, each running to the next one's start (what ingest's
    cleaner produces and the record store keeps). Ingest maps cleaned offsets
    to the source with it; the explorer maps source spans back into the
    cleaned text with it, never rebuilding the map itself.

    Examples
    --------
    >>> m = OffsetMap("省政府", ((0, 0), (1, 8)))
    >>> m.source_offset(1), m.source_offset(3)
    (8, 10)
    >>> m.from_source(0, 10)
    (0, 3)
    >>> m.from_source(3, 9)
    (1, 2)
    """

    text: str
    segments: tuple = ((0, 0),)

    def source_offset(self, i: int) -> int:
        """The source offset of the character at ``i`` (``len(text)``: just after the last one)."""
        if not 0 <= i <= len(self.text):
            raise IndexError(f"offset {i} outside the cleaned text of length {len(self.text)}")
        if i == len(self.text):
            return self.source_offset(i - 1) + 1 if i else 0
        k = bisect_right(self._text_starts, i) - 1
        return self.segments[k][1] + (i - self.segments[k][0])

    def from_source(self, start: int, end: int) -> tuple[int, int]:
        """The stretch of :attr:`text` that the source span ``[start, end)`` was cleaned into."""
        return self._first_at_or_after(start), self._first_at_or_after(end)

    @cached_property
    def _text_starts(self) -> list:
        return [t for t, _ in self.segments]

    @cached_property
    def _source_starts(self) -> list:
        return [s for _, s in self.segments]

    def _first_at_or_after(self, source: int) -> int:
        # The first cleaned character whose source offset is >= ``source``.
        k = bisect_right(self._source_starts, source) - 1
        if k < 0:
            return 0
        t, s = self.segments[k]
        stop = self.segments[k + 1][0] if k + 1 < len(self.segments) else len(self.text)
        return min(t + (source - s), stop)


@dataclass(frozen=True)
class Span:
    """A stretch of the source text: ``source_text[start:end] == text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Source:
    """Where a record came from: the file, its bytes' hash and how it was read."""

    path: str
    sha256: str
    encoding: Optional[str] = None
    format: str = "text"
    size: int = 0
    #: the row of a crawler's export (CSV or JSONL) the document came from, from 1
    row: Optional[int] = None


@dataclass(frozen=True)
class Flag:
    """Something a reader should know about a record, such as damaged text."""

    code: str
    message: str
    span: Optional[Span] = None


@dataclass(frozen=True)
class Party:
    """An agency or a collective named in a responsibility clause or address.

    ``mention`` is the name as written; ``canonical`` its full name in the
    issuer's jurisdiction (县市场监管局 in a 平江县 plan is
    平江县市场监督管理局).
    """

    mention: str
    canonical: str
    kind: PartyKind
    span: Optional[Span] = None


MentionZone = Literal["issuer", "signature", "header", "addressee", "cc", "text"]
#: Where in a document an agency mention was found.


@dataclass(frozen=True)
class AgencyMention:
    """An agency named anywhere outside a responsibility clause.

    ``zone`` says where: the title's ``issuer``, the ``signature``, a website
    ``header`` field (发布机构, 责任部门, 来源), the ``addressee`` line (主送),
    the ``cc`` line (抄送), or running ``text``. ``kind`` is the agency rule's
    (:func:`~policykg.rules.agencies.agency_kind`): government,
    party_committee, department, office, leading_group or collective.
    """

    mention: str
    canonical: str
    kind: str
    zone: MentionZone
    span: Optional[Span] = None


@dataclass(frozen=True)
class Deadline:
    """A deadline as written and, where it names one, as an ISO date."""

    text: str
    date: Optional[str] = None
    span: Optional[Span] = None


@dataclass(frozen=True)
class Target:
    """A quantitative target as written (网上可办率达到90%以上)."""

    text: str
    span: Optional[Span] = None


@dataclass(frozen=True)
class Citation:
    """A document cited by title, by number, or both.

    ``implements`` is true when the citing document says it implements the
    cited one (贯彻落实, 按照…要求, 根据 …); ``evidence`` is that phrase. A 解读
    implements nothing: it ``explains`` the document it interprets, and what it
    says that document implements is ``explained_implements``.
    """

    title: Optional[str]
    doc_number: Optional[str]
    implements: bool = False
    evidence: Optional[str] = None
    span: Optional[Span] = None
    explains: bool = False
    explained_implements: bool = False


@dataclass(frozen=True)
class Subject:
    """What an untitled document's opening says it is about (现就X提出以下意见): X and the genre."""

    text: str
    genre: str
    span: Optional[Span] = None


@dataclass
class Task:
    """One numbered task of a plan, with its responsibility clause parsed.

    ``position`` is the reading order within the plan (1-based) and is the
    truth; ``number`` is what the document prints, which can be wrong.
    """

    id: str
    position: int
    number: Optional[int]
    number_printed: str
    section: Optional[str]
    heading: str
    text: str
    lead: list[Party] = field(default_factory=list)
    responsible: list[Party] = field(default_factory=list)
    shared: list[Party] = field(default_factory=list)
    assisting: list[Party] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    span: Optional[Span] = None
    clause: Optional[Span] = None


@dataclass
class Document:
    """A notice, or a plan promulgated by a notice, with everything read from it."""

    id: str
    kind: DocumentKind
    title: str
    doc_number: Optional[str] = None
    issuer: Optional[str] = None
    level: Optional[Level] = None
    region: list[str] = field(default_factory=list)
    region_code: Optional[str] = None
    signed_date: Optional[str] = None
    published_date: Optional[str] = None
    effective_date: Optional[str] = None
    expiry_date: Optional[str] = None
    index_number: Optional[str] = None
    addressees: list[Party] = field(default_factory=list)
    parent: Optional[str] = None
    numbering: Optional[Literal["continuous", "per_section"]] = None
    source: Optional[Source] = None
    span: Optional[Span] = None
    cites: list[Citation] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    agencies: list[Party] = field(default_factory=list)
    agency_mentions: list[AgencyMention] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    #: fields read from weak evidence, with how sure the reader is (0..1)
    confidence: dict[str, float] = field(default_factory=dict)
    #: where the text has no title: the subject its opening states, which citations of it name
    subject: Optional[Subject] = None

    @property
    def implements(self) -> list[Citation]:
        """The citations this document says it implements."""
        return [c for c in self.cites if c.implements]


def to_json(record: Any) -> Any:
    """Turn a record (or a list of them) into plain JSON-ready Python values.

    A :class:`Document` also gets ``implements``: its implementing citations as
    ``{target, evidence}``, where ``target`` is the doc number or else the title.
    """
    if isinstance(record, list):
        return [to_json(r) for r in record]
    if not dataclasses.is_dataclass(record):
        return record
    out = {f.name: to_json(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, Document):
        out["implements"] = [
            {"target": c.doc_number or c.title, "evidence": c.evidence} for c in record.implements
        ]
    return out


def _span(d: Optional[dict]) -> Optional[Span]:
    return Span(**d) if d else None


def _party(d: dict) -> Party:
    return Party(d["mention"], d["canonical"], d["kind"], _span(d.get("span")))


def _task(d: dict) -> Task:
    return Task(
        id=d["id"],
        position=d["position"],
        number=d.get("number"),
        number_printed=d.get("number_printed", ""),
        section=d.get("section"),
        heading=d["heading"],
        text=d["text"],
        lead=[_party(p) for p in d.get("lead", [])],
        responsible=[_party(p) for p in d.get("responsible", [])],
        shared=[_party(p) for p in d.get("shared", [])],
        assisting=[_party(p) for p in d.get("assisting", [])],
        deadlines=[Deadline(x["text"], x.get("date"), _span(x.get("span"))) for x in d.get("deadlines", [])],
        targets=[Target(x["text"], _span(x.get("span"))) for x in d.get("targets", [])],
        span=_span(d.get("span")),
        clause=_span(d.get("clause")),
    )


def document_from_json(d: dict) -> Document:
    """Rebuild a :class:`Document` from the JSON that :func:`to_json` made.

    >>> doc = Document(id="d1", kind="notice", title="关于印发《某某要点》的通知")
    >>> document_from_json(to_json(doc)) == doc
    True
    """
    src = d.get("source")
    return Document(
        id=d["id"],
        kind=d["kind"],
        title=d["title"],
        doc_number=d.get("doc_number"),
        issuer=d.get("issuer"),
        level=d.get("level"),
        region=list(d.get("region") or []),
        region_code=d.get("region_code"),
        signed_date=d.get("signed_date"),
        published_date=d.get("published_date"),
        effective_date=d.get("effective_date"),
        expiry_date=d.get("expiry_date"),
        index_number=d.get("index_number"),
        addressees=[_party(p) for p in d.get("addressees", [])],
        parent=d.get("parent"),
        numbering=d.get("numbering"),
        source=Source(**src) if src else None,
        span=_span(d.get("span")),
        cites=[
            Citation(
                c.get("title"), c.get("doc_number"), c.get("implements", False), c.get("evidence"), _span(c.get("span")),
                c.get("explains", False), c.get("explained_implements", False),
            )
            for c in d.get("cites", [])
        ],
        tasks=[_task(t) for t in d.get("tasks", [])],
        agencies=[_party(p) for p in d.get("agencies", [])],
        agency_mentions=[
            AgencyMention(m["mention"], m["canonical"], m["kind"], m["zone"], _span(m.get("span")))
            for m in d.get("agency_mentions", [])
        ],
        flags=[Flag(f["code"], f["message"], _span(f.get("span"))) for f in d.get("flags", [])],
        confidence=dict(d.get("confidence") or {}),
        subject=Subject(d["subject"]["text"], d["subject"]["genre"], _span(d["subject"].get("span"))) if d.get("subject") else None,
    )
