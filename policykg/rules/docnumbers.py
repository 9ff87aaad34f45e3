"""The 发文字号 (document number) rule: the one place that finds, parses and normalises them.

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
DocNumber(prefix='国务院令', year=None, serial=716, damaged=False)
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import NamedTuple, Optional

from .chars import CLOSE_BRACKETS, FULLWIDTH_DIGITS, OPEN_BRACKETS
from .regions import place_stems

__all__ = [
    "DOC_NUMBER",
    "DocNumberMatch",
    "DocNumber",
    "PrefixInfo",
    "issuer_from_prefix",
    "scan_doc_numbers",
    "find_doc_numbers",
    "normalise_doc_number",
    "doc_number_prefix",
    "has_number_marks",
    "strip_doc_numbers",
    "parse_doc_number",
]

_OPEN = OPEN_BRACKETS
_CLOSE = CLOSE_BRACKETS
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
_FULLWIDTH_DIGITS = FULLWIDTH_DIGITS


# The marks of a number, whole or in part: a year in brackets, a serial with
# 号, a decree's 令第. Looser than DOC_NUMBER on purpose (see has_number_marks).
_NUMBER_MARKS = re.compile(r"〔\d{4}〕|\[\d{4}\]|【\d{4}】|(?<!\d)\d+号|令第")  # (?<!\d): a digit run is tried once, not from each digit


def has_number_marks(text: str) -> bool:
    """Whether ``text`` holds a document number or a piece of one (a bracketed year, ``N号``, ``令第``).

    A parenthetical that does is a citation, never a responsibility clause.

    >>> has_number_marks("国办发〔2019〕54号"), has_number_marks("见5号文"), has_number_marks("省政务局牵头")
    (True, True, False)
    """
    return bool(_NUMBER_MARKS.search(text))


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


# What may stand around a number as a user or a page writes it: spaces,
# brackets, book-title marks (《国办发〔2019〕54号》, (平政办发〔2020〕5号)).
_WRAPPERS = "(（[【［《〈<「『“\"'》〉>」』”)）]】］\"'"


class DocNumber(NamedTuple):
    """A parsed document number. ``year`` is None for decree numbers (令第N号).

    ``damaged`` is true when a year bracket was lost in the source.

    >>> parse_doc_number("穗府办函〔202053号")
    DocNumber(prefix='穗府办函', year=2020, serial=53, damaged=True)
    """

    prefix: str
    year: Optional[int]
    serial: int
    damaged: bool

    def canonical(self) -> str:
        """The number written the canonical way.

        >>> DocNumber("国办发", 2019, 54, False).canonical()
        '国办发〔2019〕54号'
        >>> DocNumber("国务院令", None, 716, False).canonical()
        '国务院令第716号'
        """
        if self.year is None:
            return f"{self.prefix}第{self.serial}号"
        return f"{self.prefix}〔{self.year}〕{self.serial}号"


@lru_cache(maxsize=1 << 16)  # a pure function of a short string; a store's indexes parse every number again
def _parse(s: Optional[str]) -> Optional[DocNumberMatch]:
    if not s:
        return None
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", s)).translate(_FULLWIDTH_DIGITS)
    # A number opens with its issuer's abbreviation and closes with 号, so
    # brackets and marks around it, paired or not, are not part of it.
    s = s.strip(_WRAPPERS)
    s = re.sub(r"(?<=号)(?:文件|文)$", "", s)
    hits = scan_doc_numbers(s)
    if len(hits) != 1 or hits[0].start != 0 or hits[0].end != len(s):
        return None
    return hits[0]


def parse_doc_number(s: Optional[str]) -> Optional[DocNumber]:
    """Split a number into its parts; None if ``s`` is not a document number.

    ``s`` may be written any of the usual ways: any year brackets, spaces,
    full-width digits, a trailing 文/文件, surrounding brackets or 《》.
    Decree numbers have no year.

    Examples
    --------
    >>> parse_doc_number("湘政办发[2020]9号")
    DocNumber(prefix='湘政办发', year=2020, serial=9, damaged=False)
    >>> parse_doc_number("国务院令第716号")[:3]
    ('国务院令', None, 716)
    >>> parse_doc_number("(平政办发〔2020〕5号)").canonical()
    '平政办发〔2020〕5号'
    >>> parse_doc_number("2020年") is None
    True
    """
    hit = _parse(s)
    return DocNumber(hit.prefix, hit.year, hit.serial, hit.damaged) if hit else None


def normalise_doc_number(s: Optional[str]) -> Optional[str]:
    """Write a document number in its one canonical form; None if ``s`` is not one.

    Year brackets become 〔〕, spaces, surrounding brackets or 《》 and a
    trailing 文/文件 go, ``第`` before the serial goes, ``国务院第716号令``
    becomes ``国务院令第716号``, and a decree drops a leading 中华人民共和国
    (中华人民共和国国务院令第711号 is 国务院令第711号). This is the one
    normalisation of document numbers in policykg: ingest, the graph and
    every store call it.

    Examples
    --------
    >>> normalise_doc_number("湘政办发[2020]9号")
    '湘政办发〔2020〕9号'
    >>> normalise_doc_number("粤府办（2020）10号")
    '粤府办〔2020〕10号'
    >>> normalise_doc_number("国办发〔2019〕54号文")
    '国办发〔2019〕54号'
    >>> normalise_doc_number("《国办发〔2019〕54号》"), normalise_doc_number("(平政办发〔2020〕5号)")
    ('国办发〔2019〕54号', '平政办发〔2020〕5号')
    >>> normalise_doc_number("穗府办函〔202053号")
    '穗府办函〔2020〕53号'
    >>> normalise_doc_number("中华人民共和国国务院令第711号")
    '国务院令第711号'
    >>> normalise_doc_number(" 不是文号 ") is None
    True
    """
    hit = _parse(s)
    return hit.number if hit else None


def doc_number_prefix(s: Optional[str]) -> Optional[str]:
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


class PrefixInfo(NamedTuple):
    """What a doc-number prefix says about the issuer."""

    issuer: str
    region_name: Optional[str]  # 湖南省; None for national issuers
    level: str  # national | provincial | municipal


@lru_cache(maxsize=1)
def _prefix_table() -> dict:
    path = resources.files("policykg.rules").joinpath("data/doc_number_prefixes.json")
    return json.loads(path.read_text(encoding="utf-8"))


def issuer_from_prefix(prefix: Optional[str]) -> Optional[PrefixInfo]:
    """Who issues documents numbered with ``prefix``, from the prefix table.

    The table (``policykg/rules/data/doc_number_prefixes.json``) has exact
    prefixes (国办发 → 国务院办公厅), province and city abbreviations (湘 →
    湖南省) and kinds (政办发 → the people's government's office, 政发 → the
    government).

    Examples
    --------
    >>> issuer_from_prefix("国办发")
    PrefixInfo(issuer='国务院办公厅', region_name=None, level='national')
    >>> issuer_from_prefix("粤府办")
    PrefixInfo(issuer='广东省人民政府办公厅', region_name='广东省', level='provincial')
    >>> issuer_from_prefix("穗府办函").issuer
    '广州市人民政府办公厅'
    >>> issuer_from_prefix("吴利政办发") is None
    True
    """
    if not prefix:
        return None
    table = _prefix_table()
    exact = table["exact"].get(prefix)
    if exact:
        return PrefixInfo(exact, _region_of_issuer(exact, table), _level_of_issuer(exact, table))
    kinds = table["kinds"]
    for abbr, province in sorted(table["provinces"].items(), key=lambda kv: -len(kv[0])):
        rest = prefix[len(abbr):]
        if prefix.startswith(abbr) and rest in kinds:
            office = "人民政府办公厅" if kinds[rest] == "office" else "人民政府"
            return PrefixInfo(province + office, province, "provincial")
    for abbr, city in table["cities"].items():
        rest = prefix[len(abbr):]
        if prefix.startswith(abbr) and rest in kinds:
            office = "人民政府" + city["office"] if kinds[rest] == "office" else "人民政府"
            return PrefixInfo(city["name"] + office, city["name"], "municipal")
    return None


def _region_of_issuer(issuer: str, table: dict) -> Optional[str]:
    for province in table["provinces"].values():
        if province in issuer:
            return province
    return None


def _level_of_issuer(issuer: str, table: dict) -> str:
    return "provincial" if _region_of_issuer(issuer, table) else "national"


def strip_doc_numbers(text: str, *, trailing_only: bool = False) -> str:
    """``text`` without the document numbers in it (with their brackets, when bracketed).

    With ``trailing_only``, only a number in brackets at the very end goes
    (a title printed with its number: ``…的意见(国办发〔2019〕51号)``).

    >>> strip_doc_numbers("关于某事的意见(国办发〔2019〕51号)", trailing_only=True)
    '关于某事的意见'
    >>> strip_doc_numbers("按湘政办发〔2020〕9号和2021年要求")
    '按和2021年要求'
    """
    hits = scan_doc_numbers(text)
    out, pos = [], 0
    for m in hits:
        start, end = m.start, m.end
        if start and end < len(text) and text[start - 1] in _WRAPPERS and text[end] in _WRAPPERS:
            start, end = start - 1, end + 1
        if trailing_only and end != len(text):
            continue
        if trailing_only and not (start < m.start):
            continue
        out.append(text[pos:start])
        pos = end
    out.append(text[pos:])
    return "".join(out)
