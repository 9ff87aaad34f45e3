"""From one file to its document records: read → clean → outline → extract.

The expensive NLP (the spaCy entity layer) runs only on the task texts and
plan preambles that the outline found, never over whole pages.

Examples
--------
>>> text = (
...     "某县人民政府办公室关于印发《某县2020年政务公开工作要点》的通知\\n"
...     "某政办发〔2020〕3号\\n各乡镇人民政府,县直各单位:\\n"
...     "《某县2020年政务公开工作要点》已经县人民政府同意,现印发给你们。\\n"
...     "某县人民政府办公室\\n2020年4月1日\\n"
...     "某县2020年政务公开工作要点\\n一、总体要求\\n"
...     "(一)加强领导。2020年底前完成。(县政务局牵头;各乡镇人民政府负责)\\n"
... )
>>> notice, plan = parse_text(text, Source(path="x.txt", sha256="0" * 64))
>>> notice.doc_number, notice.signed_date, plan.parent == notice.id
('某政办发〔2020〕3号', '2020-04-01', True)
>>> task = plan.tasks[0]
>>> task.heading, [p.mention for p in task.lead], task.deadlines[0].date
('加强领导', ['县政务局'], '2020-12-31')
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Optional

from policykg.rules import agencies
from policykg.rules import regions
from policykg.ingest.clean import CleanText, clean
from policykg.rules.docnumbers import find_doc_numbers
from policykg.rules.headers import NUMBER_LABEL_BEFORE
from policykg.errors import NotANotice
from policykg.ingest.metadata import find_signature, read_header
from policykg.rules.agencies import issuer_from_title
from policykg.ingest.nlp import Entities, extract_entities
from policykg.ingest.read import read_source
from policykg.ingest.records import (
    Citation,
    Deadline,
    Document,
    Flag,
    Party,
    Source,
    Span,
    Target,
    Task,
)
from policykg.ingest.structure import (
    TaskBlock,
    compact_spaces,
    find_plans,
    find_title,
    outline_body,
    promulgated_titles,
)

__all__ = ["read_notice", "parse_text", "parse_cleaned", "READER_VERSION"]

# Bump when a change to reading or extraction changes the records, so that
# stores re-read files their older reader read.
READER_VERSION = "8"

# The addressee line (主送机关) ends the head of a notice: 各市州、县市区人民政府,…:
ADDRESSEE_RE = re.compile(r"^[ \t]*(?P<names>[^\n:。]{2,200}):[ \t]*$", re.M)
# A responsibility clause closes a task: (省政务局牵头;各市州人民政府负责)。 — the
# opening bracket is sometimes lost in scraping, so a clause may also start
# after the last sentence stop.
CLAUSE_RE = re.compile(r"\((?P<clause>[^()\n]{2,400})[)〕][ \t。.]*$")
UNOPENED_CLAUSE_RE = re.compile(r"(?:^|[。;])(?P<clause>[^()。;\n]{2,400})\)[ \t。.]*$")
HEAD_WINDOW = 3000
# The label before a notice's own number in a page header: 文号: / 发文字号 …
OWN_NUMBER_LABEL_RE = NUMBER_LABEL_BEFORE
# Sentences, and the marks without which a sentence holds no entity (see
# _entity_windows).
SENTENCE_RE = re.compile(r"[^。;!?\n]+[。;!?]?")
ENTITY_HINT_RE = re.compile(r"[0-9%《〇]|年|关于|以上|以下|不少于|不低于|至少|突破|达到|贯彻|落实|按照|根据|依据")


def read_notice(path: str | Path) -> list[Document]:
    """Read one file and return its documents: the notice, then each plan it promulgates.

    Raises an :class:`~policykg.errors.IngestError` subclass naming the
    file and the reason when the file cannot be read or is not a notice.
    """
    raw = read_source(path)
    return parse_text(raw.text, raw.source)


def parse_text(source_text: str, source: Source) -> list[Document]:
    """Parse the text of one notice (as read from ``source``) into records."""
    return parse_cleaned(clean(source_text), source)


def parse_cleaned(ct: CleanText, source: Source) -> list[Document]:
    """Parse a notice already cleaned by :func:`~policykg.ingest.clean.clean`."""
    text = ct.text
    found = find_title(text, before=min(len(text), HEAD_WINDOW))
    if found is None:
        raise NotANotice(path=source.path, reason="no notice, opinion or plan title was found")
    title, title_start, title_end = found

    head_end = _head_end(text, title_end)
    header = read_header(text[:head_end])
    plan_titles = promulgated_titles(title)
    plans = find_plans(text, plan_titles, after=head_end) if plan_titles else []
    own_end = plans[0].title_start if plans else len(text)
    signature = find_signature(text, head_end, own_end, last=not plans)

    issuer_name = issuer_from_title(title) or (signature[0] if signature else None) or header.get("publisher")
    region = _find_region(issuer_name, title, plan_titles, header)
    jurisdiction = agencies.Jurisdiction.for_issuer(issuer_name or "", region)
    issuer = agencies.canonical_party(issuer_name, jurisdiction)[0] if issuer_name else None

    doc_id = source.sha256[:12]
    notice = Document(
        id=doc_id,
        kind=_kind(title, plan_titles),
        title=title,
        doc_number=_own_doc_number(text, title_end, head_end),
        issuer=issuer,
        level=_level(issuer, region),
        region=list(region.names) if region else [],
        region_code=region.code if region else None,
        signed_date=header.get("signed_date") or (signature[1] if signature else None),
        published_date=header.get("published_date"),
        effective_date=header.get("effective_date"),
        expiry_date=header.get("expiry_date"),
        index_number=header.get("index_number"),
        addressees=_addressees(ct, title_end, head_end, jurisdiction),
        source=source,
        span=_span(ct, title_start, len(text)),
    )
    documents = [notice]
    promulgated = {compact_spaces(t) for t in plan_titles}
    if plans:
        _fill_body(notice, ct, head_end, own_end, jurisdiction, promulgated, with_tasks=False, title=(title_start, title_end))
        for n, plan in enumerate(plans, 1):
            doc = Document(
                id=f"{doc_id}-{n}",
                kind="plan",
                title=plan.title,
                issuer=issuer,
                level=notice.level,
                region=notice.region,
                region_code=notice.region_code,
                parent=notice.id,
                signed_date=None,
                source=source,
                span=_span(ct, plan.title_start, plan.end),
            )
            _fill_body(doc, ct, plan.start, plan.end, jurisdiction, promulgated, with_tasks=True)
            documents.append(doc)
    else:
        _fill_body(notice, ct, head_end, len(text), jurisdiction, promulgated, with_tasks=True, title=(title_start, title_end))
    if not any(d.tasks for d in documents) and not notice.doc_number:
        raise NotANotice(path=source.path, reason="it has neither a document number nor numbered tasks")
    _attach_flags(documents, ct)
    return documents


def _head_end(text: str, title_end: int) -> int:
    """End of the head (title, doc number, addressees) where the body begins."""
    m = ADDRESSEE_RE.search(text, title_end, min(len(text), title_end + HEAD_WINDOW))
    if m and ("各" in m.group("names") or "人民政府" in m.group("names")):
        return m.end()
    return title_end


def _own_doc_number(text: str, title_end: int, head_end: int) -> Optional[str]:
    """The notice's own 发文字号, read from its head.

    It stands after a 文号 label, alone on its line, or in brackets right
    after the title; a number elsewhere in the head (inside the title: 关于
    贯彻落实国办发〔2019〕54号文件的通知) is a citation, not the notice's own.
    """
    for number, start, end in find_doc_numbers(text[:head_end]):
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        before = text[line_start:start]
        after = text[end:line_end]
        labelled = OWN_NUMBER_LABEL_RE.search(before)
        alone = not before.strip(" \t(（[【") and not after.strip(" \t)）]】")
        after_title = start >= title_end and not text[title_end:start].strip(" \t(（")
        if labelled or alone or after_title:
            return number
    return None


def _kind(title: str, plan_titles: list[str]) -> str:
    if plan_titles or title.endswith("通知"):
        return "notice"
    if title.endswith("意见"):
        return "opinion"
    return "plan"


def _find_region(issuer: Optional[str], title: str, plan_titles: list[str], header: dict) -> Optional[regions.Region]:
    # The issuer usually names its place; a county office often does not
    # (县人民政府办公室), and then the plan titles (平江县2020年…) or the
    # website's publisher field do.
    for candidate in (issuer, title, *plan_titles, header.get("publisher")):
        if candidate:
            region = regions.find_region(candidate)
            if region:
                return region
    return None


def _level(issuer: Optional[str], region: Optional[regions.Region]) -> Optional[str]:
    if regions.is_national(issuer):
        return "national"
    return region.level if region else None


def _addressees(ct: CleanText, start: int, end: int, jurisdiction) -> list[Party]:
    m = ADDRESSEE_RE.search(ct.text, start, end)
    if not m:
        return []
    base = m.start("names")
    names = agencies.split_names(m.group("names"))
    return _parties(ct, base, names, jurisdiction)


def _parties(ct: CleanText, base: int, names: list[tuple[str, int, int]], jurisdiction) -> list[Party]:
    resolved = agencies.resolve_parties([n for n, _, _ in names], jurisdiction)
    return [
        Party(mention=mention, canonical=canonical, kind=kind, span=_span(ct, base + s, base + e))
        for (mention, s, e), (canonical, kind) in zip(names, resolved)
    ]


def _clause(task_text: str) -> Optional[tuple[str, int]]:
    """The responsibility clause closing a task, and its offset in the task text."""
    for pattern in (CLAUSE_RE, UNOPENED_CLAUSE_RE):
        m = pattern.search(task_text)
        if m and agencies.is_responsibility_clause(m.group("clause")):
            return m.group("clause"), m.start("clause")
    return None


def _fill_body(
    doc: Document,
    ct: CleanText,
    start: int,
    end: int,
    jurisdiction,
    promulgated: set[str],
    *,
    with_tasks: bool,
    title: Optional[tuple[int, int]] = None,
) -> None:
    """Read the tasks, citations and agencies of the body ``ct.text[start:end]``.

    ``title`` is the title's stretch, read for citations too: a notice titled
    关于贯彻落实国办发〔2019〕54号文件精神的通知 says what it implements there.
    """
    text = ct.text
    blocks: list[TaskBlock] = outline_body(text, start, end) if with_tasks else []
    preamble_end = blocks[0].start if blocks else end
    heads = ([(title[0], text[title[0] : title[1]])] if title else []) + [(start, text[start:preamble_end])]
    pieces = heads + [(b.start, text[b.start : b.end]) for b in blocks]
    entities = _find_entities([p for _, p in pieces], year=_year(doc))

    for (base, _), found in zip(pieces, entities):
        for c in found.citations:
            if not (c.title and compact_spaces(c.title) in promulgated):
                _merge_citation(doc.cites, _shift_citation(c, base, ct))

    seen_agencies: dict[tuple[str, str], Party] = {(p.mention, p.canonical): p for p in doc.addressees}
    for block, (base, piece), found in zip(blocks, pieces[len(heads) :], entities[len(heads) :]):
        task = Task(
            id=f"{doc.id}-t{block.position}",
            position=block.position,
            number=block.number,
            number_printed=block.number_printed,
            section=block.section,
            heading=block.heading,
            text=piece,
            deadlines=[Deadline(d.text, d.date, _shift(d.span, base, ct)) for d in found.deadlines],
            targets=[Target(t.text, _shift(t.span, base, ct)) for t in found.targets],
            span=_span(ct, block.start, block.end),
        )
        clause = _clause(piece)
        if clause:
            clause_text, offset = clause
            task.clause = _span(ct, base + offset, base + offset + len(clause_text))
            roles = agencies.parse_responsibility(clause_text)
        else:
            # no closing clause: the parties may stand on labelled lines (牵头单位:…)
            offset, roles = 0, agencies.parse_labelled_roles(piece)
        for role, names in roles.items():
            parties = _parties(ct, base + offset, names, jurisdiction)
            setattr(task, role, parties)
            for p in parties:
                seen_agencies.setdefault((p.mention, p.canonical), p)
        doc.tasks.append(task)
    doc.agencies = list(seen_agencies.values())
    doc.numbering = _numbering(blocks)


def _span(ct: CleanText, start: int, end: int) -> Span:
    """A span of the cleaned text: offsets into the source, text as cleaned.

    The offsets let a user check the fact in the file as written; the text is
    the cleaned reading, so no page noise or pinyin annotation leaks into records.
    """
    where = ct.span(start, end)
    return Span(where.start, where.end, ct.text[start:end])


def _entity_windows(piece: str) -> list[tuple[int, str]]:
    """The sentences of ``piece`` that can hold an entity, with their offsets.

    Deadlines, targets, numbers and citations all need a digit, a 年, a 《, a
    关于 or a threshold word, so the spaCy layer never sees the three quarters
    of a plan's sentences that have none.
    """
    return [(m.start(), m.group()) for m in SENTENCE_RE.finditer(piece) if ENTITY_HINT_RE.search(m.group())]


def _find_entities(pieces: list[str], *, year: Optional[int]) -> list[Entities]:
    """Run the entity layer on the entity-bearing sentences of each piece.

    Returns one :class:`Entities` per piece, spans relative to the piece.
    """
    windows = [(i, offset, sentence) for i, piece in enumerate(pieces) for offset, sentence in _entity_windows(piece)]
    found = extract_entities([sentence for _, _, sentence in windows], year=year)
    out = [Entities() for _ in pieces]
    for (i, offset, _), entities in zip(windows, found):
        target = out[i]
        target.deadlines += [replace(d, span=_moved(d.span, offset)) for d in entities.deadlines]
        target.targets += [replace(t, span=_moved(t.span, offset)) for t in entities.targets]
        target.citations += [replace(c, span=_moved(c.span, offset)) for c in entities.citations]
    return out


def _moved(span: Optional[Span], offset: int) -> Optional[Span]:
    return Span(span.start + offset, span.end + offset, span.text) if span else None


def _year(doc: Document) -> Optional[int]:
    """The year a document speaks of, so that 年底前 can become a date.

    A plan's title usually names it (湖南省2020年政务公开工作要点); otherwise the
    signature date does.
    """
    m = re.search(r"(?:19|20)\d{2}(?=年)", doc.title)
    if m:
        return int(m.group(0))
    date = doc.signed_date or doc.published_date
    return int(date[:4]) if date else None


def _shift(span: Optional[Span], base: int, ct: CleanText) -> Optional[Span]:
    """Move a span found in a piece of cleaned text to the source text."""
    if span is None:
        return None
    return _span(ct, base + span.start, base + span.end)


def _shift_citation(c: Citation, base: int, ct: CleanText) -> Citation:
    return Citation(c.title, c.doc_number, c.implements, c.evidence, _shift(c.span, base, ct))


def _same_document(a: Citation, b: Citation) -> bool:
    if a.doc_number and b.doc_number:
        return a.doc_number == b.doc_number
    return bool(a.title and b.title and compact_spaces(a.title) == compact_spaces(b.title))


def _merge_citation(cites: list[Citation], c: Citation) -> None:
    """Keep one citation per cited document, whichever mentions name it."""
    for i, existing in enumerate(cites):
        if _same_document(existing, c):
            cites[i] = Citation(
                existing.title or c.title,
                existing.doc_number or c.doc_number,
                existing.implements or c.implements,
                existing.evidence if existing.implements else c.evidence,
                existing.span,
            )
            return
    cites.append(c)


def _numbering(blocks: list[TaskBlock]) -> Optional[str]:
    """Whether task numbers run on across sections or restart in each."""
    if len(blocks) < 2:
        return None
    restarts = sum(1 for a, b in zip(blocks, blocks[1:]) if b.section != a.section and b.number == 1)
    return "per_section" if restarts else "continuous"


def _attach_flags(documents: list[Document], ct: CleanText) -> None:
    """Give each document the cleaning flags inside it, and misnumbering flags."""
    for flag in ct.flags:
        target = documents[0]
        for doc in documents[1:]:
            if flag.span and doc.span and doc.span.start <= flag.span.start < doc.span.end:
                target = doc
        target.flags.append(flag)
    for doc in documents:
        expected = 0
        previous_section = None
        for task in doc.tasks:
            restart = doc.numbering == "per_section" and task.section != previous_section
            expected = 1 if restart else expected + 1
            previous_section = task.section
            if task.number is not None and task.number != expected:
                doc.flags.append(
                    Flag(
                        code="misnumbered",
                        message=f"task at position {task.position} is printed {task.number_printed}; expected number {expected}",
                        span=task.span,
                    )
                )
