"""Agencies a document names outside its responsibility clauses.

A notice names agencies in its title (the issuer), under its signature, in
the website's header fields (发布机构, 责任部门), in its addressees (主送) and
抄送 lines, and in running text (经县人民政府同意, 会同财政部). Each is recorded
as an :class:`~policykg.ingest.records.AgencyMention`: the name as written,
its canonical name in the issuer's jurisdiction (the agency rule's
:func:`~policykg.rules.agencies.canonical_party`), its kind
(:func:`~policykg.rules.agencies.agency_kind`), the zone it was found in,
and its span. Running text is read by the entity layer
(:mod:`~policykg.ingest.entities`, finder ``policykg.agencies.v1``); this module reads the fixed zones and turns
found stretches into records.

Examples
--------
>>> from policykg.ingest.clean import clean
>>> from policykg.rules.agencies import Jurisdiction
>>> ct = clean("发布机构: 县人民政府办公室\\n正文。\\n抄送:县委办公室,县人大常委会办公室。\\n")
>>> pj = Jurisdiction.from_issuer("平江县人民政府办公室")
>>> [(m.zone, m.canonical, m.kind) for m in head_mentions(ct, 0, pj)]
[('header', '平江县人民政府办公室', 'office')]
>>> [(m.zone, m.canonical) for m in cc_mentions(ct, 0, len(ct.text), pj)]
[('cc', '中共平江县委办公室'), ('cc', '平江县人民代表大会常务委员会办公室')]
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from policykg.ingest.clean import CleanText
from policykg.ingest.records import AgencyMention, Party, Span
from policykg.rules import agencies
from policykg.rules.headers import label_re

__all__ = ["mention", "head_mentions", "cc_mentions", "from_parties", "merge_mentions"]

# 发布机构: 县人民政府办公室 / 责任部门 吴忠市利通区人民政府办公室: a value runs to
# the next space or line end.
_HEADER_VALUE = re.compile(
    r"(?:" + label_re("publisher", "responsible_office").pattern + r")[ \t]*[:：]?[ \t]*(?P<value>[^\s:：]{2,40})"
)
# 抄送:县委办公室,县人大常委会办公室。 (one line, possibly wrapped onto the next)
_CC_LINE = re.compile(r"^[ \t]*抄送[ \t]*[:：][ \t]*(?P<names>[^\n]{2,400})$", re.M)
# The printing line closing the footer: 2020年6月3日印发.
_PRINTED = re.compile(r"^[ \t]*\d{4}年\d{1,2}月\d{1,2}日[ \t]*印发")


def _span(ct: CleanText, start: int, end: int) -> Span:
    where = ct.span(start, end)
    return Span(where.start, where.end, ct.text[start:end])


def mention(ct: CleanText, start: int, end: int, zone: str, jurisdiction, *, kind: Optional[str] = None) -> AgencyMention:
    """The mention of ``ct.text[start:end]`` found in ``zone``, resolved in ``jurisdiction``."""
    written = ct.text[start:end]
    canonical, party_kind = agencies.canonical_party(written, jurisdiction)
    return AgencyMention(written, canonical, kind or agencies.agency_kind(canonical, party_kind), zone, _span(ct, start, end))


def _names(ct: CleanText, base: int, text: str, zone: str, jurisdiction) -> list[AgencyMention]:
    names = agencies.split_names(text)
    resolved = agencies.resolve_parties([n for n, _, _ in names], jurisdiction)
    return [
        AgencyMention(n, canonical, agencies.agency_kind(canonical, kind), zone, _span(ct, base + s, base + e))
        for (n, s, e), (canonical, kind) in zip(names, resolved)
    ]


def head_mentions(ct: CleanText, head_end: int, jurisdiction) -> list[AgencyMention]:
    """The agencies of the website's header fields (发布机构, 责任部门) before ``head_end``."""
    out = []
    for m in _HEADER_VALUE.finditer(ct.text, 0, head_end or len(ct.text)):
        value = m.group("value")
        if agencies.ORG_SUFFIX.search(value):
            out.append(mention(ct, m.start("value"), m.end("value"), "header", jurisdiction))
    return out


def _names_only(line: str) -> bool:
    names = agencies.split_names(line.strip().rstrip("。. \t"))
    return bool(names) and all(agencies.ORG_SUFFIX.search(n) or n.endswith(("院", "会", "部门")) for n, _, _ in names)


def cc_mentions(ct: CleanText, start: int, end: int, jurisdiction) -> list[AgencyMention]:
    """The agencies of the 抄送 lines between ``start`` and ``end``.

    Scraped pages break the list over lines (抄送:县委各部门,县人武部。 then
    县人大常委会办公室,县政协办公室 …): lines of names only that follow are
    read too, up to the printing office's line (its next line is the 印发 date).

    >>> from policykg.ingest.clean import clean
    >>> from policykg.rules.agencies import Jurisdiction
    >>> ct = clean("抄送:县委办公室。\\n\\n县人民法院,县人民检察院。\\n\\n县人民政府办公室\\n\\n2020年6月3日印发\\n")
    >>> [m.mention for m in cc_mentions(ct, 0, len(ct.text), Jurisdiction.from_issuer("平江县人民政府办公室"))]
    ['县委办公室', '县人民法院', '县人民检察院']
    """
    text = ct.text
    out = []
    for m in _CC_LINE.finditer(text, start, end):
        out += _names(ct, m.start("names"), m.group("names").rstrip("。. \t"), "cc", jurisdiction)
        lines = [(x.start(), x.group()) for x in re.finditer(r"[^\n]+", text[m.end() : end])]
        lines = [(m.end() + a, line) for a, line in lines if line.strip()]
        for k, (at, line) in enumerate(lines[:4]):
            printed = k + 1 < len(lines) and _PRINTED.match(lines[k + 1][1])
            if printed or not _names_only(line):
                break
            lead = len(line) - len(line.lstrip())
            out += _names(ct, at + lead, line.strip().rstrip("。. \t"), "cc", jurisdiction)
    return out


def from_parties(parties: Iterable[Party], zone: str) -> list[AgencyMention]:
    """Parties already read (the addressees) as mentions of ``zone``."""
    return [AgencyMention(p.mention, p.canonical, agencies.agency_kind(p.canonical, p.kind), zone, p.span) for p in parties]


def merge_mentions(*groups: Iterable[AgencyMention]) -> list[AgencyMention]:
    """All mentions in source order, one per stretch of text (the first zone to find it wins)."""
    seen: dict = {}
    for group in groups:
        for m in group:
            key = (m.span.start, m.span.end) if m.span else (m.zone, m.mention)
            seen.setdefault(key, m)
    return sorted(seen.values(), key=lambda m: (m.span.start if m.span else -1))
