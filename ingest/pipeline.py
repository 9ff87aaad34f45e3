"""From one file to its document records: read → clean → outline → extract.

The expensive NLP (the entity layer, :mod:`~policykg.ingest.entities`) runs
only on the task texts and plan preambles that the outline found, never over
whole pages.

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
from typing import Mapping, Optional

from policykg.rules import agencies
from policykg.rules import regions
from policykg.ingest.citations import ends_in_basis_heading, explained_title, short_names
from policykg.ingest.clauses import clause_roles, end_at_clauses, find_clause
from policykg.ingest.tables import merge_table_tasks, table_tasks
from policykg.rules.roles import first_is_lead, standing_note
from policykg.ingest import zones
from policykg.rules import interpretations, issuers
from policykg.ingest import gaps as gaps_module
from policykg.ingest import forwarded as forwarded_module
from policykg.ingest.clean import CleanText, clean
from policykg.ingest.dates import deadline_date, parse_chinese_date
from policykg.ingest.tabular import clean_title, read_export, row_id
from policykg.rules.docnumbers import find_doc_numbers
from policykg.rules.subjects import stated_subject
from policykg.rules.headers import ADDRESSEE_LINE, NUMBER_LABEL_BEFORE
from policykg.errors import IngestError, NotANotice
from policykg.ingest.mentions import cc_mentions, from_parties, head_mentions, mention, merge_mentions
from policykg.ingest.metadata import find_signature, read_header
from policykg.ingest.entities import Entities, extract_entities
from policykg.ingest.read import read_source
from policykg.ingest.records import (
    Citation,
    Deadline,
    Document,
    Flag,
    Party,
    Source,
    Span,
    Subject,
    Target,
    Task,
)
from policykg.ingest.structure import (
    NUMBER_GLUE,
    TaskBlock,
    compact_spaces,
    find_plans,
    find_title,
    forwarded_titles,
    outline_body,
    promulgated_titles,
)

__all__ = ["read_notice", "read_export_documents", "parse_text", "parse_cleaned", "READER_VERSION"]

# Bump when a change to reading or extraction changes the records, so that
# stores re-read files their older reader read.
READER_VERSION = "12"

# How far past the title the addressee line that ends the head is looked for.
HEAD_WINDOW = 3000
# The label before a notice's own number in a page header: 文号: / 发文字号 …
OWN_NUMBER_LABEL_RE = NUMBER_LABEL_BEFORE
# Sentences, and the marks without which a sentence holds no entity (see
# _entity_windows).
SENTENCE_RE = re.compile(r"[^。;!?\n]+[。;!?]?")
ENTITY_HINT_RE = re.compile(r"[0-9%《〇]|年|关于|以上|以下|不少于|不低于|至少|突破|达到|贯彻|落实|按照|根据|依据")
# An agency's name ends in one of these; a sentence with one goes to the
# entity layer only if the agency rule finds a name in it (most do not).
AGENCY_HINT_RE = re.compile(r"政府|国务院|[委局厅部办署]|中心|小组")


def read_notice(path: str | Path) -> list[Document]:
    """Read one file and return its documents: the notice, then each plan it promulgates.

    Raises an :class:`~policykg.errors.IngestError` subclass naming the
    file and the reason when the file cannot be read or is not a notice.
    """
    raw = read_source(path)
    return parse_text(raw.text, raw.source)


def parse_text(source_text: str, source: Source, *, evidence: Optional[Mapping[str, str]] = None) -> list[Document]:
    """Parse the text of one notice (as read from ``source``) into records.

    ``evidence`` holds what a crawler's export says of the document beside
    its text (``title``, ``date``, ``doc_number``; see :mod:`~policykg.ingest.tabular`).
    """
    return parse_cleaned(clean(source_text), source, evidence=evidence)


def read_export_documents(path: str | Path, columns: Optional[Mapping[str, str]] = None):
    """Read a crawler's export: ``(export, documents, failures)``, one document (or more) per row.

    A row that cannot be read is a failure naming the file and the row; the
    other rows go on.
    """
    export = read_export(path, columns)
    documents: list[Document] = []
    failures = list(export.failures)
    for row in export.rows:
        try:
            documents.extend(parse_text(row.text, row.source, evidence=row.evidence))
        except IngestError as err:
            failures.append(err)
    return export, documents, failures


def parse_cleaned(ct: CleanText, source: Source, *, evidence: Optional[Mapping[str, str]] = None) -> list[Document]:
    """Parse a notice already cleaned by :func:`~policykg.ingest.clean.clean`.

    Anything with policy text gives records; what could not be read is
    flagged on them (see :mod:`~policykg.ingest.gaps`). Only a text without
    policy prose (a page of links, chrome) is rejected.
    """
    where = source.path if source.row is None else f"{source.path} row {source.row}"
    evidence = evidence or {}
    confidence: dict[str, float] = {}
    gaps: list[Flag] = []
    exported = clean_title(clean(evidence.get("title", "")).text)[0]
    if not zones.has_policy_text(ct.text):
        # a crawler's row that holds only a title or an attachment link is still a document of the export
        if not exported or not zones.has_policy_text(ct.text, min_han=10, min_words=1):
            raise NotANotice(path=where, reason="it holds no policy text (too little Chinese prose, or only page chrome)")
        gaps.append(Flag("no_body", "the text holds no policy prose (a title or an attachment link only)"))
    ct = zones.break_collapsed(ct)
    text = ct.text
    block = zones.read_metadata_block(text)
    found = zones.title_from_block(text, block) or find_title(text, before=min(len(text), HEAD_WINDOW))
    if found is not None and exported and not zones.titles_agree(found[0], exported):
        gaps.append(Flag("title_from_export", f"the crawler's title column names the document; the text's title line reads {found[0]}"))
        title, title_start, title_end = exported, found[1], found[1]
        confidence["title"] = 0.8
    elif found is None:
        title, title_start, title_end, sure, how = zones.title_candidate(text, block)
        if exported and how not in ("metadata", "glued"):
            gaps.append(Flag("title_from_export", "no title in the text; the crawler's title column gives it"))
            title, title_start, title_end, sure = exported, title_start, title_start, 0.8
        elif how not in ("metadata", "glued"):
            gaps.append(Flag("no_title", f"no title in the text; the {_STAND_INS[how]} stands in", _span(ct, title_start, title_end)))
        confidence["title"] = sure
        if how == "linked":
            title_start = title_end = 0  # the link closes the page: the body is all that comes before it
        elif how not in ("metadata", "glued"):
            title_end = title_start  # the stand-in is body text: the body starts where it does
    else:
        title, title_start, title_end = found
        # a number line joined to the title below it is the notice's number, not its title
        lead = find_doc_numbers(title[:30])
        if lead and lead[0][1] == 0 and len(title) > lead[0][2] + 8:
            title = title[lead[0][2] :].strip()
            moved = text.find(title[:4], title_start + lead[0][2] - 1)
            title_start = moved if moved >= 0 else title_start
        above = zones.issuer_lines_above(text, title_start)
        if above < title_start:
            title = " ".join(text[above:title_start].split()) + title
            title_start = above

    head_end = _head_end(text, title_end)
    header = {**_block_header(block), **read_header(text[:head_end])}
    plan_titles = promulgated_titles(title) if confidence.get("title", 1.0) >= 0.7 else []
    plans = find_plans(text, plan_titles, after=head_end) if plan_titles else []
    own_end = plans[0].title_start if plans else len(text)
    # a 转发 notice's own text ends where the forwarded document's begins
    forwarded = _forwarded(text, title, head_end) if confidence.get("title", 1.0) >= 0.7 and not plans else None
    own_end = forwarded[0] if forwarded else own_end
    signature = find_signature(text, head_end, own_end, last=not plans and not forwarded)

    # a stand-in title (a first sentence, a promulgated plan) names no issuer
    named = issuers.issuers_in_title(title) if confidence.get("title", 1.0) >= 0.7 else []
    signed = next(iter(issuers.signature_issuers(_signature_line(text, signature))), None)
    publisher = header.get("publisher")
    publisher = publisher if issuers.plausible_issuer(publisher) and len(publisher) <= 40 else None
    issuer_name = (named[0] if named else None) or signed or publisher
    if issuer_name and not (named or signed):
        confidence["issuer"] = 0.6  # only the website's publisher field names it
    if not issuer_name:
        # weaker still: the page's 责任部门 field, or what a 解读 says it explains
        weak = issuers.responsible_office(text) or (issuers.explained_issuer(text[title_start:]) if "title" in confidence else None)
        if weak:
            issuer_name = weak[0]
            confidence["issuer"] = 0.5
        else:
            # weakest: the department whose site published the page, by the account its footer names
            account = issuers.site_account(text)
            if account and _known_department(account[0]):
                issuer_name = account[0]
                confidence["issuer"] = 0.4
    # a stand-in title (a first sentence) and a site's name in the publisher field (中国平潭) name no place
    region = _find_region(
        issuer_name, title if confidence.get("title", 1.0) >= 0.7 else "", plan_titles, {"publisher": publisher} if publisher else {}
    )
    if region is None and not (issuer_name and issuers.national_body(issuer_name)):
        province = zones.province_in_text(text)
        if province:
            region = regions.find_region(province)
            confidence["region"] = confidence["level"] = 0.5  # only the province the text calls its own
    jurisdiction = agencies.Jurisdiction.for_issuer(issuer_name or "", region)
    # a province guessed from the text must not rename an issuer the text does name
    # (but a bare 省政府办公厅 is that province's office: the level word means the text's own province)
    opens_with_level = region is not None and _opens_with_level_of(issuer_name, region)
    named_in = jurisdiction if "region" not in confidence or opens_with_level else agencies.Jurisdiction.for_issuer(issuer_name or "", None)
    issuer = agencies.canonical_party(issuer_name, named_in)[0] if issuer_name else None

    doc_id = source.sha256[:12] if source.row is None else row_id(source.sha256, source.row)
    notice = Document(
        id=doc_id,
        # a cover notice whose title is missing stands in with its plan's title, but is a notice
        kind="notice" if any(f.message.endswith(_STAND_INS["promulgated"] + " stands in") for f in gaps) else _kind(title, plan_titles),
        title=title,
        doc_number=_block_doc_number(block) or _own_doc_number(text, title_end, _number_window(text, title_end, head_end), title_start) or _exported_number(evidence),
        issuer=issuer,
        level=_level(issuer, region) or ("national" if issuers.national_body(issuer) else None),
        region=list(region.names) if region else [],
        region_code=region.code if region else None,
        signed_date=header.get("signed_date") or (signature[1] if signature else None) or parse_chinese_date(zones.head_date(text, title_end, head_end + 200) or ""),
        published_date=header.get("published_date") or parse_chinese_date(evidence.get("date", "")),
        effective_date=header.get("effective_date"),
        expiry_date=header.get("expiry_date"),
        index_number=header.get("index_number"),
        addressees=_addressees(ct, title_end, head_end, jurisdiction),
        source=source,
        span=_span(ct, title_start, len(text)),
    )
    if forwarded:
        notice.kind = "notice"  # 关于转发…意见: a notice that forwards an opinion
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
        _fill_body(notice, ct, head_end, own_end, jurisdiction, promulgated, with_tasks=True, title=(title_start, title_end))
    notice.flags.extend(gaps)
    own = forwarded_module.sub_clean(ct, 0, own_end) if forwarded else ct
    notice.confidence.update(confidence)
    # read from the top: an untitled 解读 may open with its first heading above the stand-in title (一、出台背景)
    if not plans and not forwarded and interpretations.is_interpretation(title if confidence.get("title", 1.0) >= 0.7 else "", text):
        notice.cites = _as_interpretation(notice.cites, ct, title if interpretations.INTERPRETATION_TITLE.search(title) else "")
    if any(f.code == "no_title" for f in gaps):
        said = stated_subject(text, head_end)
        if said is not None:
            notice.subject = Subject(said.subject, said.genre, _span(ct, said.start, said.end))
    gaps_module.flag_gaps(documents, own)
    notice.agency_mentions = merge_mentions(
        _fixed_zone_mentions(ct, named, title_start, head_end, signature, jurisdiction),
        from_parties(notice.addressees, "addressee"),
        cc_mentions(ct, head_end, own_end if forwarded else len(text), jurisdiction),
        notice.agency_mentions,
    )
    _attach_flags(documents, own)
    if forwarded:
        documents += _read_forwarded(ct, source, notice, *forwarded)
    return documents


def _forwarded(text: str, title: str, after: int) -> Optional[tuple[int, str]]:
    """Where the document a 转发 notice forwards starts in its file, and its title; None if it is not there."""
    for forwarded_title in forwarded_titles(title):
        at = forwarded_module.forwarded_start(text, forwarded_title, after)
        if at is not None:
            return at, forwarded_title
    return None


def _read_forwarded(ct: CleanText, source: Source, notice: Document, start: int, title: str) -> list[Document]:
    """The forwarded document's records, read as a notice of their own, and the forwarding notice's link to it.

    The forwarding notice names the forwarded document, so its title is the
    one the notice gives; the notice implements it (转发).
    """
    _merge_citation(notice.cites, Citation(title, None, True, "转发", _span(ct, start, start + len(title))))
    sub = forwarded_module.sub_clean(ct, start, len(ct.text), title_end=start + len(title))
    try:
        docs = parse_cleaned(sub, source, evidence={"title": title})
    except IngestError:
        docs = []
    if not docs or any(f.code == "no_body" for f in docs[0].flags):
        return []  # too little of it is there to read (a title and a line): the notice still cites it
    # the records of one file have distinct ids: the forwarded ones under the notice's
    base, new_base = docs[0].id, f"{notice.id}-f1"
    for doc in docs:
        doc.id = new_base + doc.id[len(base) :]
        doc.parent = new_base + doc.parent[len(base) :] if doc.parent else None
        for task in doc.tasks:
            task.id = f"{doc.id}-t{task.position}"
    first = docs[0]
    first.flags = [f for f in first.flags if f.code not in ("title_from_export", "no_title")]
    first.confidence.pop("title", None)
    first.title = title
    _merge_citation(notice.cites, Citation(title, first.doc_number, True, "转发", _span(ct, start, start + len(title))))
    return docs


def _fixed_zone_mentions(ct: CleanText, named: list[str], title_start: int, head_end: int, signature, jurisdiction) -> list:
    """The agencies of the title's issuers (each of a joint title's), the signature and the header fields."""
    text = ct.text
    out = head_mentions(ct, head_end, jurisdiction)
    at = title_start
    for name in named:
        at = text.find(name, at)
        if at < 0:
            break
        out.append(mention(ct, at, at + len(name), "issuer", jurisdiction))
        at += len(name)
    if signature and signature[0]:
        at = text.rfind(signature[0], head_end, signature[2])
        if at >= 0:
            out.append(mention(ct, at, at + len(signature[0]), "signature", jurisdiction))
    return out


def _block_header(block: dict) -> dict[str, str]:
    """The metadata block's fields in the shape of :func:`read_header`'s answer."""
    out = {}
    for name in ("publisher", "index_number"):
        if name in block:
            out[name] = block[name].value
    for name in ("signed_date", "published_date", "effective_date", "expiry_date"):
        if name in block:
            iso = parse_chinese_date(block[name].value.split(" ")[0])
            if iso:
                out[name] = iso
    return out


def _number_window(text: str, title_end: int, head_end: int, lines: int = 3) -> int:
    """Where to stop looking for the notice's own number: the head, and at least the few lines under the title.

    A title is followed by its number, sometimes after a date line, even where
    no addressee line closes the head.
    """
    end = title_end
    for _ in range(lines):
        nl = text.find("\n", end + 1)
        end = len(text) if nl < 0 else nl
    return max(head_end, end)


def _signature_line(text: str, signature) -> Optional[str]:
    """The line above the signature date, where the issuers sign (however long the list)."""
    if not signature:
        return None
    if signature[0]:
        return signature[0]
    above = text[: signature[2]].rstrip().rsplit("\n", 1)[-1].strip()
    return above or None


def _exported_number(evidence: Mapping[str, str]) -> Optional[str]:
    hits = find_doc_numbers(evidence.get("doc_number", ""))
    return hits[0][0] if hits else None


def _block_doc_number(block: dict) -> Optional[str]:
    """The number in the metadata block's 文号 field: it wins over damage in the body."""
    if "doc_number" not in block:
        return None
    hits = find_doc_numbers(block["doc_number"].value)
    return hits[0][0] if hits else None


_STAND_INS = {
    "promulgated": "title of the plan it promulgates",
    "linked": "title its closing link to an interpretation names",
    "first_sentence": "first sentence",
    "none": "empty string",
}


def _head_end(text: str, title_end: int) -> int:
    """End of the head (title, doc number, addressees) where the body begins."""
    m = ADDRESSEE_LINE.search(text, title_end, min(len(text), title_end + HEAD_WINDOW))
    if m and ("各" in m.group("names") or "人民政府" in m.group("names")):
        return m.end()
    return title_end


def _own_doc_number(text: str, title_end: int, head_end: int, title_start: Optional[int] = None) -> Optional[str]:
    """The notice's own 发文字号, read from its head.

    It stands after a 文号 label, alone on its line, in brackets right
    after the title, or glued in front of it; a number elsewhere in the head (inside the title: 关于
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
        # a page that prints the number just before the title, or glues it on in front
        before_title = title_start is not None and end <= title_start and not text[end:title_start].strip(NUMBER_GLUE)
        if labelled or alone or after_title or before_title:
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


def _known_department(name: str) -> bool:
    """Whether the abbreviation table knows the department a short name (河北人社厅) stands for."""
    canonical = agencies.canonical_party(name, agencies.Jurisdiction.for_issuer(name))[0]
    place = regions.match_region(name)
    return place is not None and not canonical.endswith(name[place.end :]) and issuers.plausible_issuer(canonical)


def _opens_with_level_of(name: Optional[str], region: regions.Region) -> bool:
    """Whether ``name`` opens with a bare level word (省, 市 …) that means ``region`` itself."""
    m = regions.match_region(name or "", hint=region)
    return m is not None and m.form == "level" and m.region == region


def _level(issuer: Optional[str], region: Optional[regions.Region]) -> Optional[str]:
    if regions.is_national(issuer):
        return "national"
    return region.level if region else None


def _addressees(ct: CleanText, start: int, end: int, jurisdiction) -> list[Party]:
    m = ADDRESSEE_LINE.search(ct.text, start, end)
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
    outlined: list[TaskBlock] = end_at_clauses(text, outline_body(text, start, end)) if with_tasks else []
    # rows of a task table are tasks too, their parties and deadline in their cells
    tasks_and_cells = merge_table_tasks(outlined, table_tasks(text, start, end)) if with_tasks else []
    blocks = [b for b, _ in tasks_and_cells]
    lead_first = first_is_lead(text[start:end])
    standing: list[tuple[str, list[Party]]] = []
    preamble_end = blocks[0].start if blocks else end
    heads = ([(title[0], text[title[0] : title[1]])] if title else []) + [(start, text[start:preamble_end])]
    pieces = heads + [(b.start, text[b.start : b.end]) for b in blocks]
    entities = _find_entities([p for _, p in pieces], year=_year(doc))

    # a short name given once (以下简称《办法》) names the same document in every later sentence
    names = short_names(text[:end])
    for (base, _), found in zip(pieces, entities):
        for c in found.citations:
            if c.title and not c.doc_number and c.title in names:
                c = replace(c, title=names[c.title])
            if not (c.title and compact_spaces(c.title) in promulgated):
                _merge_citation(doc.cites, _shift_citation(c, base, ct))

    seen_agencies: dict[tuple[str, str], Party] = {(p.mention, p.canonical): p for p in doc.addressees}
    for (block, cells), (base, piece), found in zip(tasks_and_cells, pieces[len(heads) :], entities[len(heads) :]):
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
        clause = find_clause(piece, bare=lead_first) if cells is None else None
        if cells is not None:
            offset, roles = 0, _cell_roles(text, cells)
            party_cells = [c for found_cells in cells.parties.values() for c in found_cells]
            if party_cells:
                task.clause = _span(ct, min(s for s, _ in party_cells), max(e for _, e in party_cells))
            _add_cell_deadline(task, text, cells, ct, year=_year(doc))
        elif clause:
            clause_text, offset = clause
            task.clause = _span(ct, base + offset, base + offset + len(clause_text))
            roles = clause_roles(clause_text)
            offset += base
        else:
            # no closing clause: the parties may stand on labelled lines (牵头单位:…)
            offset, roles = base, agencies.parse_labelled_roles(piece)
        note = standing_note(piece)
        if note:
            # 以下均需各市县政府负责,不再列出: these names owe this task and every one below
            names, role, at = note
            standing.append((role, _parties(ct, base + at, agencies.split_names(names), jurisdiction)))
        if lead_first and not roles.get("lead"):
            # 列在第一位的为牵头部门: the first name of the clause leads
            roles = _first_leads(roles)
        for role, names in roles.items():
            parties = _parties(ct, offset, names, jurisdiction)
            setattr(task, role, parties)
        for role, parties in standing:
            listed = {p.canonical for r in ("lead", "responsible", "shared", "assisting") for p in getattr(task, r)}
            setattr(task, role, getattr(task, role) + [p for p in parties if p.canonical not in listed])
        for role in ("lead", "responsible", "shared", "assisting"):
            for p in getattr(task, role):
                seen_agencies.setdefault((p.mention, p.canonical), p)
        doc.tasks.append(task)
    doc.agencies = list(seen_agencies.values())
    # Agencies named in running text, outside the clauses (the title's issuer is read as such).
    clauses = [(t.clause.start, t.clause.end) for t in doc.tasks if t.clause]
    named = [
        mention(ct, base + a.start, base + a.end, "text", jurisdiction)
        for (base, _), found in list(zip(pieces, entities))[1 if title else 0 :]
        for a in found.agencies
    ]
    doc.agency_mentions = [m for m in named if not any(s <= m.span.start < e for s, e in clauses)]
    doc.numbering = _numbering(blocks)


def _cell_roles(text: str, cells) -> dict[str, list[tuple[str, int, int]]]:
    """The parties of a table row's cells by their column's role, offsets into the cleaned text.

    A cell may hold a clause of its own (县财政局牵头,县直各单位配合); its roles then win.
    """
    out: dict[str, list[tuple[str, int, int]]] = {}
    for role, found in cells.parties.items():
        for s, e in found:
            cell = text[s:e]
            inner = clause_roles(cell) if find_clause(cell) == (cell, 0) else {role: agencies.split_names(cell)}
            for r, names in inner.items():
                out.setdefault(r, []).extend((m, s + a, s + b) for m, a, b in names)
    return out


def _add_cell_deadline(task: Task, text: str, cells, ct: CleanText, *, year: Optional[int]) -> None:
    """A table row's 完成时限 cell is its deadline, unless the entity layer read one there already."""
    if cells.deadline is None:
        return
    start, end = cells.deadline
    span = _span(ct, start, end)
    if any(d.span and span.start <= d.span.start < span.end for d in task.deadlines):
        return
    task.deadlines.append(Deadline(text[start:end], deadline_date(text[start:end], year=year), span))


def _first_leads(roles: dict[str, list[tuple[str, int, int]]]) -> dict[str, list[tuple[str, int, int]]]:
    """Roles with the first name of the first role listed moved to lead (列在第一位的为牵头部门)."""
    listed = [(r, names) for r, names in roles.items() if names]
    if not listed:
        return roles
    first_role, names = min(listed, key=lambda p: p[1][0][1])
    out = dict(roles)
    out["lead"] = [names[0]]
    out[first_role] = names[1:]
    return out


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
    关于 or a threshold word, and agencies a name the agency rule knows, so
    the entity layer never sees the sentences that have none.
    """
    sentences: list[tuple[int, str]] = []
    joined = False
    for m in SENTENCE_RE.finditer(piece):
        if joined:  # the line under a basis heading (…政策依据) is read with it
            start = sentences[-1][0]
            sentences[-1] = (start, piece[start : m.end()])
        else:
            sentences.append((m.start(), m.group()))
        joined = ends_in_basis_heading(m.group())
    return [
        (start, sentence)
        for start, sentence in sentences
        if ENTITY_HINT_RE.search(sentence) or (AGENCY_HINT_RE.search(sentence) and agencies.find_agency_names(sentence))
    ]


def _find_entities(pieces: list[str], *, year: Optional[int]) -> list[Entities]:
    """Run the entity layer on the entity-bearing sentences of each piece.

    Returns one :class:`Entities` per piece, spans relative to the piece.
    """
    windows = [(i, offset, sentence) for i, piece in enumerate(pieces) for offset, sentence in _entity_windows(piece)]
    # Plans repeat sentences (the same responsibility clause task after
    # task): each distinct sentence is read once, its spans being relative.
    unique = list(dict.fromkeys(sentence for _, _, sentence in windows))
    by_sentence = dict(zip(unique, extract_entities(unique, year=year)))
    out = [Entities() for _ in pieces]
    for i, offset, sentence in windows:
        entities = by_sentence[sentence]
        target = out[i]
        target.deadlines += [replace(d, span=_moved(d.span, offset)) for d in entities.deadlines]
        target.targets += [replace(t, span=_moved(t.span, offset)) for t in entities.targets]
        target.citations += [replace(c, span=_moved(c.span, offset)) for c in entities.citations]
        target.agencies += [_moved(a, offset) for a in entities.agencies]
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
    return replace(c, span=_shift(c.span, base, ct))


def _as_interpretation(cites: list[Citation], ct: CleanText, title: str) -> list[Citation]:
    """The citations of a 解读: the one it explains, and what it says that one implements.

    The explained document is the one its title (《X》解读) names in 《》,
    else the one its text explains
    (:func:`~policykg.ingest.citations.explained_title`), cited from the
    mention that names it even where that line was not read for citations
    (the date line above an untitled 解读). A 解读 implements nothing itself.
    """
    named = re.search(r"《(?P<t>[^《》]+)》", title) if title else None
    found = explained_title(ct.text)
    target = compact_spaces(named.group("t")) if named else (found[0] if found else None)
    if not target:
        return cites
    out, hit = [], False
    for c in cites:
        if c.title and compact_spaces(c.title) == target:
            out.append(replace(c, implements=False, explains=True))
            hit = True
        elif c.implements:
            out.append(replace(c, implements=False, explained_implements=True))
        else:
            out.append(c)
    if not hit and found and found[0] == target:
        out.insert(0, Citation(target, None, False, None, _span(ct, found[1], found[2]), explains=True))
    return out



def _same_document(a: Citation, b: Citation) -> bool:
    if a.doc_number and b.doc_number:
        return a.doc_number == b.doc_number
    return bool(a.title and b.title and compact_spaces(a.title) == compact_spaces(b.title))


def _merge_citation(cites: list[Citation], c: Citation) -> None:
    """Keep one citation per cited document, whichever mentions name it."""
    for i, existing in enumerate(cites):
        if _same_document(existing, c):
            cites[i] = replace(
                existing,
                title=existing.title or c.title,
                doc_number=existing.doc_number or c.doc_number,
                implements=existing.implements or c.implements,
                evidence=existing.evidence if existing.implements else c.evidence,
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
