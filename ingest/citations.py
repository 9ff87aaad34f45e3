"""Citations of other documents, and whether the citing text implements them.

A document is cited by title in 《》, by number (国办发〔2019〕54号), by both
(《…》(国办发〔2019〕54号), one citation), or loosely by what an issuer decided
without a title (贯彻国务院、自治区关于…工作的部署要求). A citation
*implements* the cited document when a trigger word governs it in the same
clause (贯彻落实《…》, 按照《…》要求, 根据《…》, 认真落实《A》和《B》); the
evidence is the phrase from the trigger to the end of the citation, with a
trailing 精神/要求 if present. Anything else is a mere mention.

Not every 《》 is a document. A title counts only if it ends in a document-type
word (:data:`DOC_TYPE_WORDS`) or carries a number, which keeps out newspapers,
columns and platforms. Titles that the text itself promulgates (关于印发《X》的
通知) are not citations; :func:`find_promulgated_titles` returns them.

Examples
--------
>>> c = find_citations("贯彻落实《国务院关于在线政务服务的若干规定》(国务院令第716号),推动…")[0]
>>> c.title, c.doc_number, c.implements
('国务院关于在线政务服务的若干规定', '国务院令第716号', True)
>>> c.evidence
'贯彻落实《国务院关于在线政务服务的若干规定》(国务院令第716号)'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable, Optional

from policykg.rules.headers import NUMBER_LABEL_BEFORE
from policykg.rules.interpretations import EXPLAINS_HERE, OPENING
from policykg.rules.docnumbers import DocNumberMatch, normalise_doc_number, scan_doc_numbers
from .records import Citation, Span

__all__ = [
    "DOC_TYPE_WORDS",
    "TITLE",
    "TRIGGER",
    "is_document_title",
    "find_titles",
    "find_promulgated_titles",
    "find_citations",
    "ends_in_basis_heading",
    "short_names",
    "explained_title",
]

DOC_TYPE_WORDS: tuple[str, ...] = (
    "意见", "通知", "办法", "规定", "条例", "方案", "规划", "要点", "细则", "决定",
    "纲要", "标准", "规范", "指引", "报告", "目录", "清单", "法", "决议", "指南",
    "规则", "准则", "守则", "制度", "计划", "批复", "通报", "公告", "通告", "函",
    "令", "章程", "措施", "建议", "规程", "导则", "大纲", "指标", "指导目录",
)
"""Words a document title ends with; a 《》 ending otherwise is not a document."""

TITLE = re.compile(r"《(?P<title>[^《》]{1,150})》")
"""A title in 《》. Titles may wrap across lines on scraped pages."""

# Modifiers before the trigger belong to the evidence (深入贯彻落实, 认真落实).
TRIGGER = re.compile(
    r"(?:认真|深入|全面|切实|严格|坚决|进一步|继续|持续|扎实|积极)*"
    r"(?:学习贯彻|贯彻落实|贯彻执行|贯彻|落实|执行|根据|按照|依据|依照|遵照|遵循)好?"
)
"""Words that make the citation they govern an implementation."""

# A basis named as a list: 政策依据:《A》、《B》, or a heading line that ends in
# 依据 (1.项目预算的政策依据) over the line listing the documents. The colon, or
# the end of that heading line, stands between the trigger and the first title.
_BASIS_OPEN = re.compile(r"[ \t\u3000]{0,3}[:：][ \t\u3000]{0,3}|[ \t\u3000]{0,3}\n[ \t\u3000]{0,8}")
_BASIS_TRIGGERS = ("依据", "根据")

_DOC_TYPE_ALT = "|".join(sorted(DOC_TYPE_WORDS, key=len, reverse=True))
_DOC_TYPE_END = re.compile(rf"(?:{_DOC_TYPE_ALT})$")
# (试行), (2020-2022年), (修订) after the type word.
_TRAILING_NOTE = re.compile(r"[(（][^()（）]{1,15}[)）]$")
_ORG_END = re.compile(
    r"(?:国务院|党中央|中央|办公厅|办公室|政府|委员会|部门|单位|小组|部|厅|局|委|办|署|院|"
    r"中心|自治区|省委|市委|县委|区委|省|市|县|区|州|会|行|社)$"
)
# What may stand between a trigger and the title it governs besides issuer
# names: 贯彻落实国务院办公厅印发的《…》, 按照某部等20部门《…》.
_GAP_NOISE = re.compile(r"新修订的|新修订|修订后的|最新|有关|相关|上级|(?:联合)?印发(?:了|的)|等\d{1,3}个?部门|好|的|\s|[()（）]")
_CONNECTOR = re.compile(r"以及|[、和及与]")
_CLAUSE_BREAK = re.compile(r"[,;。:!?\n《》]")
_SKIP = re.compile(r"(?:以及|[\s、和及与()（）]|新修订的|修订后的|好)*")
_SUFFIX = re.compile(
    r"[)）]?(?:等文件|文件|文|等)?的?(?:有关|相关)?(?:部署要求|精神|要求|规定|部署)"
)
_LOOSE = re.compile(
    rf"""
    (?P<issuers>[\u4e00-\u9fff、]{{2,40}}?)
    (?:
        关于(?P<about>[^,;。:!?《》\n]{{2,60}}?)
        的(?P<kind>决策部署|工作部署|重要部署|部署要求|规范要求|工作要求|有关要求|部署|要求|精神|规定)
      | (?:推广|印发|制定|出台|发布|下发|颁布)的
        (?P<doc>[^,;。:!?《》\n]{{2,60}}?(?:{_DOC_TYPE_ALT}))(?=[,;。:!?\n]|$)
      | 关于[^,;。:!?《》\n的]{{2,60}}的(?P<genre>[\u4e00-\u9fff]{{0,4}}?(?:{_DOC_TYPE_ALT}))
        (?=精神|要求|规定|部署|文件|[,;。:!?\n]|$)
    )
    """,
    re.VERBOSE,
)
_PROMULGATED_BEFORE = re.compile(r"(?:印发|发布|颁布|公布)\s*$")
_PROMULGATED_AFTER = re.compile(r"\s*的(?:通知|决定|公告|通告|函|意见|批复)")
_PROMULGATED_LATER = re.compile(r"印发给|予以印发|现予印发|现印发|印发你")
_NUMBER_LABEL = NUMBER_LABEL_BEFORE
_OPEN_BRACKETS = "(（"
_CLOSE_BRACKETS = ")）"
# A bracket after a title that gives it a short name, with or without its number:
# (以下简称《办法》), (国办发〔2018〕115号,以下简称《指导意见》), (下称“意见”).
_ALIAS_BRACKET = re.compile(
    r"[ \t\u3000]{0,3}[(（][^()（）《》]{0,30}?(?:以下简称|以下称|下称|简称)[ \t\u3000]{0,3}[《“\"]?(?P<alias>[^()（）《》“”\",，;；]{1,20}?)[》”\"]?"
    r"(?:[,，;；、][^()（）《》]{0,30})?[)）]"
)
# the same after the number's bracket: (冀政办字〔2019〕10号),以下简称《实施意见》
_ALIAS_AFTER = re.compile(r"[,，]?[ \t\u3000]{0,3}[(（]?[ \t\u3000]{0,3}(?:以下简称|以下称|下称|简称)[ \t\u3000]{0,3}[《“\"](?P<alias>[^()（）《》“”\",，;；]{1,20}?)[》”\"]")
_BRACKET_OPEN = re.compile(r"\s*[(（]\s*")
_BRACKET_CLOSE = re.compile(r"\s*[)）]")


def _clean(title: str) -> str:
    return re.sub(r"\s+", "", title)


def is_document_title(title: str) -> bool:
    """Whether a 《》 title names a document (ends in a document-type word).

    Examples
    --------
    >>> is_document_title("宁夏回族自治区政务新媒体管理工作细则(试行)")
    True
    >>> is_document_title("人民日报")
    False
    """
    title = _clean(title)
    while _TRAILING_NOTE.search(title):
        title = _TRAILING_NOTE.sub("", title)
    return bool(_DOC_TYPE_END.search(title))


def find_titles(text: str) -> list[Span]:
    """Every 《》 title, as the span of the text inside the brackets.

    Examples
    --------
    >>> find_titles("见《人民日报》和《优化营商环境条例》")
    [Span(start=2, end=6, text='人民日报'), Span(start=9, end=17, text='优化营商环境条例')]
    """
    return [Span(m.start("title"), m.end("title"), m.group("title")) for m in TITLE.finditer(text)]


def _title_runs(text: str) -> list[list[re.Match]]:
    """Titles joined by connectors (《A》和《B》) form one run."""
    runs: list[list[re.Match]] = []
    for m in TITLE.finditer(text):
        if runs and re.fullmatch(r"\s*(?:以及|[、和及与])?\s*", text[runs[-1][-1].end() : m.start()]):
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs


def _promulgating_runs(text: str) -> list[tuple[list[re.Match], int]]:
    """Runs the text promulgates, with the end of the promulgating phrase."""
    out = []
    for run in _title_runs(text):
        start, end = run[0].start(), run[-1].end()
        after = _PROMULGATED_AFTER.match(text, end)
        if after and _PROMULGATED_BEFORE.search(text, max(0, start - 8), start):
            out.append((run, after.end()))
            continue
        # the issuing phrase belongs to the last title before it: in
        # 为贯彻落实《A》精神，现将《B》印发给你们 it is B that is issued, A is cited
        stops = [i for i in (text.find("。", end), text.find("《", end)) if i != -1]
        later = _PROMULGATED_LATER.search(text, end, min(stops) if stops else len(text))
        if later:
            out.append((run, end))
    return out


def find_promulgated_titles(text: str) -> list[Span]:
    """Titles the text promulgates rather than cites, as spans inside 《》.

    A title is promulgated when the text says it issues it: 关于印发《A》和《B》
    的通知, or 《A》…现印发给你们. 研究印发《X》 alone (a plan to issue X
    later) is a citation, not a promulgation.

    Examples
    --------
    >>> [s.text for s in find_promulgated_titles("关于印发《A工作要点》和《B工作要点》的通知")]
    ['A工作要点', 'B工作要点']
    >>> [s.text for s in find_promulgated_titles("《A工作要点》已经省人民政府同意,现印发给你们。")]
    ['A工作要点']
    >>> [s.text for s in find_promulgated_titles("为贯彻落实《A工作要点》精神,现将《B工作要点》印发给你们。")]
    ['B工作要点']
    >>> find_promulgated_titles("研究印发《X实施方案》,推动落实")
    []
    """
    return [
        Span(m.start("title"), m.end("title"), m.group("title"))
        for run, _ in _promulgating_runs(text)
        for m in run
    ]


@dataclass
class _Item:
    """A citation being built: where it is and how far its evidence reaches."""

    title: Optional[str]
    number: Optional[str]
    start: int
    end: int
    chain_end: int  # end including brackets and a trailing 精神/要求
    implements: bool = False
    evidence: Optional[str] = None


def _own_numbers(text: str, numbers: list[DocNumberMatch], promulgating_end: list[int]) -> set[int]:
    """Starts of numbers that are the text's own 发文字号, not citations."""
    own = set()
    for n in numbers:
        line_start = text.rfind("\n", 0, n.start) + 1
        line_end = text.find("\n", n.end)
        line = text[line_start : line_end if line_end != -1 else len(text)].strip()
        if line.strip("()（）") == n.text or _NUMBER_LABEL.search(text, max(0, n.start - 8), n.start):
            own.add(n.start)
        elif any(_BRACKET_OPEN.fullmatch(text, e, n.start) for e in promulgating_end):
            own.add(n.start)
    return own


def _items(text: str, exclude: set[str]) -> list[_Item]:
    numbers = scan_doc_numbers(text)
    by_start = {n.start: n for n in numbers}
    promulgating = _promulgating_runs(text)
    promulgated = {_clean(m.group("title")) for run, _ in promulgating for m in run}
    used = _own_numbers(text, numbers, [end for _, end in promulgating])
    items = []
    aliases: dict[str, tuple[str, Optional[str]]] = {}  # 以下简称《X》 → the full title and number
    alias_spans: set[int] = set()
    for m in TITLE.finditer(text):
        if m.start() in alias_spans:
            continue
        title = _clean(m.group("title"))
        number, end = None, m.end()
        bracket = _BRACKET_OPEN.match(text, m.end())
        if bracket:
            n = by_start.get(bracket.end())
            close = _BRACKET_CLOSE.match(text, n.end) if n else None
            if n and close:
                number, end = n.number, close.end()
                used.add(n.start)
        named = _ALIAS_BRACKET.match(text, m.end()) if not number else _ALIAS_AFTER.match(text, end)
        if named and not number:
            # (以下简称《资金管理办法》,财科教〔2016〕113号) or (国办发〔2018〕115号,以下简称《指导意见》)
            inside = [x for x in numbers if named.start() < x.start and x.end <= named.end()]
            if len(inside) == 1:
                number = inside[0].number
                used.add(inside[0].start)
            end = named.end()
        if named:
            aliases[_clean(named.group("alias"))] = (title, number)
            alias_spans.add(named.start("alias") - 1)
        elif title in aliases:  # a later mention by the short name is the same document
            title, number = aliases[title]
        if title in promulgated or title in exclude or (number and number in exclude):
            continue
        if number or is_document_title(title):
            items.append(_Item(title, number, m.start(), end, end))
    for n in numbers:
        if n.start in used or n.number in exclude:
            continue
        end = n.end
        if n.start and text[n.start - 1] in _OPEN_BRACKETS and text[end : end + 1] in tuple(_CLOSE_BRACKETS):
            end += 1
        items.append(_Item(None, n.number, n.start, n.end, end))
    items.sort(key=lambda i: i.start)
    for item in items:
        suffix = _SUFFIX.match(text, item.chain_end)
        if suffix:
            item.chain_end = suffix.end()
    return items


def _orgs_only(s: str) -> bool:
    """Whether ``s`` is only issuer names (国务院办公厅、湖南省政务管理服务局)."""
    s = _GAP_NOISE.sub("", s)
    s = re.sub(r"^(?:以及|[、和及与])+|(?:以及|[、和及与])+$", "", s)
    if not s:
        return True
    return all(_is_org(p) or all(_is_org(q) for q in _CONNECTOR.split(p)) for p in s.split("、"))


def _is_org(s: str) -> bool:
    # An official name may hold a connector (政府信息与政务公开办公室), so a
    # name is judged whole before it is split.
    return bool(re.fullmatch(r"[\u4e00-\u9fff]{1,30}", s) and _ORG_END.search(s))


# A requirement the trigger governs first, then the title: 按照深化改革的总体要求和《…》
_REQUIREMENT_THEN = re.compile(r"^[^,;。:!?\n《》]{2,40}?的(?:总体|有关|相关)?(?:要求|部署|精神)(?:以及|[和及、])$")


def _gap_ok(gap: str) -> bool:
    if _REQUIREMENT_THEN.match(gap):
        return True
    return len(gap) <= 40 and not _CLAUSE_BREAK.search(gap) and _orgs_only(gap)


def _loose_at(text: str, pos: int) -> Optional[_Item]:
    m = _LOOSE.match(text, _SKIP.match(text, pos).end())
    if not m or not _orgs_only(m.group("issuers")):
        return None
    if m.group("doc"):
        title = _clean(m.group("doc"))
        return _Item(title, None, m.start("doc"), m.end(), m.end())
    if m.group("genre"):  # a title written without 《》: 国务院办公厅关于…的指导意见(精神)
        suffix = _SUFFIX.match(text, m.end())
        return _Item(_clean(m.group()), None, m.start(), m.end(), suffix.end() if suffix else m.end())
    return _Item(_clean(m.group()), None, m.start(), m.end(), m.end())


def _chain(text: str, items: list[_Item]) -> list[_Item]:
    """Mark the items each trigger governs; return loose references found."""
    loose: list[_Item] = []
    starts = [i.start for i in items]
    titles = [(m.start(), m.end()) for m in TITLE.finditer(text)]
    reached = 0
    for trig in TRIGGER.finditer(text):
        # A trigger inside a title (《关于落实…的通知》) or inside a phrase an
        # earlier trigger already governs says nothing about this text.
        if trig.start() < reached or any(a < trig.start() < b for a, b in titles):
            continue
        pos = trig.end()
        if trig.group().endswith(_BASIS_TRIGGERS):
            basis = _BASIS_OPEN.match(text, pos)
            # a line break counts only after a heading that the trigger ends
            # (预算的政策依据 / 编制依据), never inside a sentence
            if basis and ("\n" not in basis.group() or _basis_heading(text, trig.start())):
                pos = basis.end()
        while True:
            nxt = next((i for i, s in zip(items, starts) if s >= pos), None)
            if nxt is not None and _gap_ok(text[pos : nxt.start]):
                found = nxt
            else:
                found = _loose_at(text, pos)
                if found is None:
                    break
                loose.append(found)
            if not found.implements:
                found.implements = True
                found.evidence = text[trig.start() : found.chain_end]
            pos = reached = found.chain_end
    return loose


_BASIS_HEADING = re.compile(r"(?:[\d一二三四五六七八九十]+[.、．]|[(（][\d一二三四五六七八九十]+[)）])?[^,;。:!?\n《》]{0,20}$")


def _basis_heading(text: str, start: int) -> bool:
    """Whether the trigger at ``start`` ends a short heading line (1.项目预算的政策依据)."""
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_BASIS_HEADING.fullmatch(text[line_start:start].strip()))


_BASIS_LINE = re.compile(r"(?:依据|根据)[ \t\u3000]{0,3}[:：]?[ \t\u3000]{0,3}$")


def ends_in_basis_heading(line: str) -> bool:
    """Whether ``line`` is a heading that the list of documents on the next line completes.

    A reader that cuts a text into lines must read such a line with the next
    one, or the documents lose the 依据 that makes them implemented.

    >>> ends_in_basis_heading("1.项目(课题)预算的政策依据"), ends_in_basis_heading("编制依据:")
    (True, True)
    >>> ends_in_basis_heading("依据本办法第三条的规定,"), ends_in_basis_heading("我们根据国务院文件精神,起草了《实施意见》。")
    (False, False)
    """
    m = _BASIS_LINE.search(line)
    return bool(m) and _basis_heading(line, m.start())


def _merge(items: list[_Item]) -> list[_Item]:
    merged: list[_Item] = []
    for item in items:
        same = next(
            (
                m
                for m in merged
                if (item.number and item.number == m.number)
                or (
                    item.title
                    and item.title == m.title
                    and not (item.number and m.number and item.number != m.number)
                )
            ),
            None,
        )
        if same is None:
            merged.append(replace(item))
            continue
        same.title = same.title or item.title
        same.number = same.number or item.number
        if item.implements and not same.implements:
            same.implements, same.evidence = True, item.evidence
    return merged


_NUMBER_BRACKET = re.compile(r"[ \t\u3000]{0,3}[(（][^()（）《》]{1,40}[)）]")


def short_names(text: str) -> dict[str, str]:
    """The short names a text gives documents (以下简称《办法》), each with the full title.

    >>> short_names("研究制定了《河北省新型研发机构管理办法》(以下简称《办法》)。《办法》共5章")
    {'办法': '河北省新型研发机构管理办法'}
    """
    out: dict[str, str] = {}
    for m in TITLE.finditer(text):
        named = _ALIAS_BRACKET.match(text, m.end())
        if not named:
            bracket = _NUMBER_BRACKET.match(text, m.end())
            named = _ALIAS_AFTER.match(text, bracket.end()) if bracket else None
        if named:
            out.setdefault(_clean(named.group("alias")), _clean(m.group("title")))
    return out


_SENTENCE_END = re.compile(r"[。!?\n]")


def explained_title(text: str, start: int = 0) -> Optional[tuple[str, int, int]]:
    """The document a 解读 explains, read from its text: ``(title, start, end)`` of a mention of it in 《》.

    The sentence of its opening that announces the interpretation (解读如下,
    :data:`~policykg.rules.interpretations.EXPLAINS_HERE`) names it: the
    document given a short name there, else the last one it names. Without
    such a sentence, the document the text names most (by title or short
    name), at least three times. ``title`` is the full title (a short name is
    replaced by the title it stands for); the span is its first mention by that title.

    >>> explained_title("按照《国务院办公厅关于某事的通知》(国办发〔2018〕45号)要求,研究制定了《河北省某方案》(以下简称《方案》),现将有关情况解读如下:一、")
    ('河北省某方案', 39, 47)
    >>> explained_title("一、出台背景 按照《A纲要》,制定了《B办法》(以下简称《办法》)。二、《办法》主要内容 《办法》共5章。《办法》明确了")[0]
    'B办法'
    """
    names = short_names(text)
    mentions: dict[str, list[re.Match]] = {}
    for m in TITLE.finditer(text, start):
        title = _clean(m.group("title"))
        mentions.setdefault(names.get(title, title), []).append(m)

    def first(title: str) -> tuple[str, int, int]:
        full = [m for m in mentions.get(title, ()) if _clean(m.group("title")) == title] or mentions[title]
        return title, full[0].start(), full[0].end()

    announced = EXPLAINS_HERE.search(text, start, start + OPENING)
    if announced is not None:
        begin = max((m.end() for m in _SENTENCE_END.finditer(text, start, announced.start())), default=start)
        titles = [m for m in TITLE.finditer(text, begin, announced.start())]
        for m in titles:
            if _ALIAS_BRACKET.match(text, m.end()) or _ALIAS_AFTER.match(text, (_NUMBER_BRACKET.match(text, m.end()) or m).end()):
                return first(_clean(m.group("title")))
        if titles:
            title = _clean(titles[-1].group("title"))
            return first(names.get(title, title))
    best = max(((t, len(ms)) for t, ms in mentions.items()), key=lambda kv: kv[1], default=None)
    return first(best[0]) if best and best[1] >= 3 and is_document_title(best[0]) else None


def find_citations(text: str, *, exclude: Iterable[str] = ()) -> list[Citation]:
    """Find the documents a text cites, one citation per document.

    Parameters
    ----------
    text : str
        Cleaned text: a whole document or one task.
    exclude : iterable of str, optional
        The text's own numbers and titles, which are not citations. Numbers
        standing alone on a line, after a 文号 label or after a promulgating
        title (…的通知(平政办发〔2020〕5号)) are left out without being listed.

    Returns
    -------
    list of Citation
        In order of first mention; spans relative to ``text``. A document cited
        twice is one citation with the first span; a title and a number seen
        apart are merged when another mention shows them together.

    Examples
    --------
    >>> cs = find_citations("认真落实《A条例》(国务院令第711号)和《优化营商环境条例》(国务院令第722号),全过程推进")
    >>> [(c.doc_number, c.implements) for c in cs]
    [('国务院令第711号', True), ('国务院令第722号', True)]
    >>> cs[1].evidence
    '认真落实《A条例》(国务院令第711号)和《优化营商环境条例》(国务院令第722号)'
    >>> [(c.title, c.doc_number) for c in find_citations("认真抓好国办发〔2019〕54号文和本实施意见")]
    [(None, '国办发〔2019〕54号')]
    >>> [c.title for c in find_citations("登载于《人民日报》")]
    []
    >>> c = find_citations("深入贯彻国务院、自治区关于全面推进基层政务公开标准化规范化工作的部署要求,着力…")[0]
    >>> c.title, c.implements
    ('国务院、自治区关于全面推进基层政务公开标准化规范化工作的部署要求', True)
    """
    exclude = {normalise_doc_number(e) for e in exclude} | {_clean(e) for e in exclude}
    items = _items(text, exclude)
    items = sorted(items + _chain(text, items), key=lambda i: i.start)
    return [
        Citation(
            title=i.title,
            doc_number=i.number,
            implements=i.implements,
            evidence=i.evidence,
            span=Span(i.start, i.end, text[i.start : i.end]),
        )
        for i in _merge(items)
    ]
