"""The 发文字号 (document number) rule: the one place that finds and normalises them.

A GB/T 9704 document number is ``<issuer abbreviation><kind>〔<year>〕<serial>号``
(湘政办发〔2020〕9号). Websites write the year brackets as 〔〕, [], 【】, () or
（）; all mean the same number, and :func:`normalise_doc_number` rewrites them as
〔〕. Regulations promulgated by decree are numbered ``<issuer>令第<n>号``
(国务院令第716号), sometimes written ``国务院第716号令``.

Scraped pages lose characters: ``穗府办函〔202053号`` has lost its closing
bracket. Such a number is still read (穗府办函〔2020〕53号) and reported as
*damaged* by :func:`scan_doc_numbers`, so a caller can flag it.

Examples
--------
>>> find_doc_numbers("认真抓好国办发〔2019〕54号文和本实施意见")
[('国办发〔2019〕54号', 4, 16)]
>>> normalise_doc_number("湘政办发[2020]9号")
'湘政办发〔2020〕9号'
>>> parse_doc_number("国务院令第716号")
('国务院令', None, 716)
"""

from __future__ import annotations

import re
from typing import NamedTuple, Optional

from .regions import place_stems

__all__ = [
    "DOC_NUMBER",
    "DocNumberMatch",
    "scan_doc_numbers",
    "find_doc_numbers",
    "normalise_doc_number",
    "doc_number_prefix",
    "parse_doc_number",
]

_OPEN = "〔[【(（［﹝"
_CLOSE = "〕]】)）］﹞"
_CJK = "\u4e00-\u9fff"

# The longest issuer abbreviations seen are about six characters (南政公领办发,
# 国办公开办函); 12 leaves room for a decree issuer such as 中华人民共和国国务院.
_LEAD_MAX = 12

DOC_NUMBER = re.compile(
    rf"""
    (?P<lead>[{_CJK}]{{1,{_LEAD_MAX}}})[ \t]*
    (?:
        # 〔2020〕9号, tolerating one lost bracket (〔202053号, 2020〕53号)
        (?:
            (?P<open>[{re.escape(_OPEN)}])\s*(?P<year>(?:19|20)\d\d)\s*(?P<close>[{re.escape(_CLOSE)}])?
          | (?P<year2>(?:19|20)\d\d)\s*(?P<close2>[{re.escape(_CLOSE)}])
        )
        \s*第?\s*(?P<serial>\d{{1,5}})\s*号
      |
        # 国务院第716号令 (tried first: the next branch would stop at 号)
        第\s*(?P<decree2>\d{{1,5}})\s*号令
      |
        # 国务院令第716号 (the lead must end in 令)
        第\s*(?P<decree>\d{{1,5}})\s*号
    )
    """,
    re.VERBOSE,
)
"""The document-number pattern.

The ``lead`` group is the run of Chinese characters before the year bracket;
it usually carries words of the sentence in front of the abbreviation
(认真抓好国办发), which :func:`scan_doc_numbers` trims. Use that function rather
than this pattern directly.
"""

# Words that end the sentence text in front of an abbreviation: the
# abbreviation starts after the last of them. Order does not matter.
_STOP_WORDS = (
    "贯彻", "落实", "按照", "根据", "依据", "依照", "参照", "遵照", "执行", "抓好",
    "印发", "转发", "发布", "文号", "字号", "关于", "办公厅", "办公室", "人民政府",
    "政府", "国务院", "委员会", "领导小组",
    "的", "和", "及", "与", "或", "见", "按", "据", "照", "为", "以", "将", "把",
    "在", "对", "由", "是", "即", "从", "向", "了", "好",
)
# A decree issuer is a full name (湖南省人民政府令, 中华人民共和国国务院令), so
# only the words that cannot be part of a name end it.
_DECREE_STOP_WORDS = (
    "贯彻", "落实", "按照", "根据", "依据", "依照", "参照", "遵照", "执行", "抓好",
    "印发", "转发", "发布", "文号", "关于",
    "的", "和", "及", "与", "或", "见", "按", "据", "照", "为", "以", "将", "把",
    "在", "对", "由", "是", "即", "从", "向", "了", "好",
)
# Full names that hold a stop word (和) and must not be cut by it.
_PROTECTED = re.compile(
    "中华人民共和国|住房和城乡建设|工业和信息化|文化和旅游|人力资源和社会保障|发展和改革"
    "|国家卫生和计划生育|自然资源和规划"
)
_STOP_RE = re.compile("|".join(sorted(_STOP_WORDS, key=len, reverse=True)))
_DECREE_STOP_RE = re.compile("|".join(sorted(_DECREE_STOP_WORDS, key=len, reverse=True)))
# What a decree issuer ends with, before 令: 国务院, 公安部, 主席, 人民政府 ...
_DECREE_ISSUER_END = re.compile(r"(?:院|部|委|局|署|行|会|厅|办|主席|政府)$")
# Abbreviations longer than this, once trimmed, still hold sentence text.
_ABBREV_MAX = 8
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


class DocNumberMatch(NamedTuple):
    """One document number found in a text.

    ``text[start:end]`` is the number as written; ``number`` its normalised
    form; ``damaged`` is true when a year bracket was lost in the source.
    """

    number: str
    start: int
    end: int
    text: str
    prefix: str
    year: Optional[int]
    serial: int
    damaged: bool


def _mask_places(lead: str) -> str:
    """Mask the place names in ``lead`` so that no stop word is found inside one.

    即墨政办发, 从化府办, 和平政发, 日照政办发 open with a place whose name holds
    a character (即, 从, 和, 照) that in running text is a function word.
    """
    stems = place_stems()
    out = list(lead)
    for i in range(len(lead) - 1):
        for n in (4, 3, 2):
            if lead[i : i + n] in stems:
                out[i : i + n] = "\u3007" * n
                break
    return "".join(out)


def _trim_lead(lead: str, *, decree: bool) -> str:
    stop = _DECREE_STOP_RE if decree else _STOP_RE
    masked = _mask_places(_PROTECTED.sub(lambda m: "\u3007" * len(m.group()), lead))
    cut = 0
    for m in stop.finditer(masked):
        cut = m.end()
    lead = lead[cut:]
    if not decree and len(lead) > _ABBREV_MAX:
        lead = lead[-_ABBREV_MAX:]
    return lead


def _match_to_number(m: re.Match) -> Optional[DocNumberMatch]:
    lead = m.group("lead")
    decree = m.group("decree") or m.group("decree2")
    if decree:
        if m.group("decree2"):
            # 国务院第716号令: the lead is the issuer itself.
            issuer = _trim_lead(lead, decree=True)
        else:
            if not lead.endswith("令"):
                return None
            issuer = _trim_lead(lead[:-1], decree=True)
        if not issuer or not _DECREE_ISSUER_END.search(issuer):
            return None
        # 国务院令第711号 is how the same decree is usually cited.
        prefix = issuer.removeprefix("中华人民共和国") + "令"
        number = f"{prefix}第{int(decree)}号"
        start = m.start("lead") + len(lead) - len(issuer) - (0 if m.group("decree2") else 1)
        return DocNumberMatch(number, start, m.end(), "", prefix, None, int(decree), False)

    prefix = _trim_lead(lead, decree=False)
    if not prefix:
        return None
    year = int(m.group("year") or m.group("year2"))
    serial = int(m.group("serial"))
    damaged = not (m.group("open") and m.group("close"))
    number = f"{prefix}〔{year}〕{serial}号"
    start = m.start("lead") + len(lead) - len(prefix)
    return DocNumberMatch(number, start, m.end(), "", prefix, year, serial, damaged)


def scan_doc_numbers(text: str) -> list[DocNumberMatch]:
    """Find every document number in ``text``, with its parts and damage.

    Parameters
    ----------
    text : str
        Cleaned text (ASCII punctuation normalised).

    Returns
    -------
    list of DocNumberMatch
        In text order; ``text[m.start:m.end] == m.text``.

    Examples
    --------
    >>> [m.number for m in scan_doc_numbers("粤府办(2020)10号、国务院第722号令")]
    ['粤府办〔2020〕10号', '国务院令第722号']
    >>> m = scan_doc_numbers("见穗府办函〔202053号")[0]
    >>> m.number, m.damaged, m.text
    ('穗府办函〔2020〕53号', True, '穗府办函〔202053号')
    """
    found = []
    if "号" not in text:
        return found
    for m in DOC_NUMBER.finditer(text):
        hit = _match_to_number(m)
        if hit is not None:
            found.append(hit._replace(text=text[hit.start:hit.end]))
    return found


def find_doc_numbers(text: str) -> list[tuple[str, int, int]]:
    """Find document numbers as ``(normalised, start, end)`` triples.

    Parameters
    ----------
    text : str
        Cleaned text.

    Returns
    -------
    list of tuple
        ``(number, start, end)`` with ``text[start:end]`` the number as written.

    Examples
    --------
    >>> find_doc_numbers("贯彻落实《优化营商环境条例》(国务院令第722号)")
    [('国务院令第722号', 15, 24)]
    >>> find_doc_numbers("2020年底前完成")
    []
    """
    return [(m.number, m.start, m.end) for m in scan_doc_numbers(text)]


def _parse(s: str) -> Optional[DocNumberMatch]:
    s = re.sub(r"\s+", "", s).translate(_FULLWIDTH_DIGITS)
    s = re.sub(r"(?<=号)(?:文件|文)$", "", s)
    hits = scan_doc_numbers(s)
    if len(hits) != 1 or hits[0].start != 0 or hits[0].end != len(s):
        return None
    return hits[0]


def normalise_doc_number(s: str) -> str:
    """Write a document number in its one canonical form.

    Year brackets become 〔〕, spaces and a trailing 文/文件 go, ``第`` before
    the serial goes, ``国务院第716号令`` becomes ``国务院令第716号``, and a decree drops a
    leading 中华人民共和国 (中华人民共和国国务院令第711号 is 国务院令第711号). A
    string that is not a document number comes back stripped, unchanged.

    Examples
    --------
    >>> normalise_doc_number("湘政办发[2020]9号")
    '湘政办发〔2020〕9号'
    >>> normalise_doc_number("粤府办（2020）10号")
    '粤府办〔2020〕10号'
    >>> normalise_doc_number("国办发〔2019〕54号文")
    '国办发〔2019〕54号'
    >>> normalise_doc_number("穗府办函〔202053号")
    '穗府办函〔2020〕53号'
    >>> normalise_doc_number("中华人民共和国国务院令第711号")
    '国务院令第711号'
    >>> normalise_doc_number(" 不是文号 ")
    '不是文号'
    """
    hit = _parse(s)
    return hit.number if hit else s.strip()


def doc_number_prefix(s: str) -> Optional[str]:
    """The issuer abbreviation and kind of a number (湘政办发), or None.

    Examples
    --------
    >>> doc_number_prefix("湘政办发〔2020〕9号")
    '湘政办发'
    >>> doc_number_prefix("国务院令第716号")
    '国务院令'
    """
    hit = _parse(s)
    return hit.prefix if hit else None


def parse_doc_number(s: str) -> Optional[tuple[str, Optional[int], int]]:
    """Split a number into ``(prefix, year, serial)``; None if it is not one.

    Decree numbers have no year.

    Examples
    --------
    >>> parse_doc_number("湘政办发[2020]9号")
    ('湘政办发', 2020, 9)
    >>> parse_doc_number("国务院令第716号")
    ('国务院令', None, 716)
    >>> parse_doc_number("2020年") is None
    True
    """
    hit = _parse(s)
    return (hit.prefix, hit.year, hit.serial) if hit else None
