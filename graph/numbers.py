"""Doc numbers and titles: normal forms, damaged forms, and what a prefix tells.

A 发文字号 (GB/T 9704) is ``<issuer abbreviation><kind>〔<year>〕<n>号``. Websites
write the year brackets as 〔〕, [], 【】, () or （）; all are the same number,
and :func:`normalize_doc_number` writes them as 〔〕. Numbers damaged on the way
(穗府办函〔202053号: a bracket and the year's end fused with the serial) still
parse, flagged ``damaged``, so a citation can be matched loosely.

Titles are compared after :func:`normalize_title`; a title cited without its
issuer (《关于建立…的意见》) is compared by :func:`title_core`; a loose reference
(国务院、自治区关于全面推进…工作的部署要求) by the subject between 关于 and 的
(:func:`title_subject`), with :func:`subject_similarity`.

Examples
--------
>>> normalize_doc_number("湘政办发[2020]9号")
'湘政办发〔2020〕9号'
>>> parse_doc_number("穗府办函〔202053号")
DocNumber(prefix='穗府办函', year=2020, serial=53, damaged=True)
>>> issuer_from_prefix("湘政办发").issuer
'湖南省人民政府办公厅'
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import NamedTuple, Optional

from policykg.ingest.docnumbers import scan_doc_numbers

__all__ = [
    "DocNumber",
    "PrefixInfo",
    "parse_doc_number",
    "normalize_doc_number",
    "issuer_from_prefix",
    "normalize_title",
    "title_core",
    "title_subject",
    "subject_similarity",
    "title_years",
    "find_doc_numbers",
]

_QUOTES = "“”‘’\"'「」『』《》〈〉<>"

class DocNumber(NamedTuple):
    """A parsed doc number. ``year`` is None for 令第N号 style numbers."""

    prefix: str
    year: Optional[int]
    serial: int
    damaged: bool

    def canonical(self) -> str:
        """The number written the canonical way.

        >>> DocNumber("国办发", 2019, 54, False).canonical()
        '国办发〔2019〕54号'
        """
        if self.year is None:
            return f"{self.prefix}第{self.serial}号"
        return f"{self.prefix}〔{self.year}〕{self.serial}号"


class PrefixInfo(NamedTuple):
    """What a doc-number prefix says about the issuer."""

    issuer: str
    region_name: Optional[str]  # 湖南省; None for national issuers
    level: str  # national | provincial | municipal


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text)


def parse_doc_number(text: Optional[str]) -> Optional[DocNumber]:
    """Parse a doc number written any of the usual ways, or a damaged one.

    The number rule itself is :mod:`policykg.ingest.docnumbers`; this adds
    that ``text`` must be a number and nothing more (brackets, a trailing 文
    aside).

    Parameters
    ----------
    text : str or None

    Returns
    -------
    DocNumber or None
        None when ``text`` is not a doc number at all. ``damaged`` is True when
        a bracket or the 号 is missing.

    Examples
    --------
    >>> parse_doc_number("国办发（2019）54号").canonical()
    '国办发〔2019〕54号'
    >>> parse_doc_number("国务院令第716号")
    DocNumber(prefix='国务院令', year=None, serial=716, damaged=False)
    >>> parse_doc_number("(平政办发〔2020〕5号)").canonical()
    '平政办发〔2020〕5号'
    >>> parse_doc_number("优化营商环境条例") is None
    True
    """
    if not text:
        return None
    s = re.sub(r"(文件|文)$", "", _clean(text).strip("(（《》)）"))
    found = scan_doc_numbers(s)
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(s):
        return None
    m = found[0]
    return DocNumber(m.prefix, m.year, m.serial, m.damaged)


def normalize_doc_number(text: Optional[str]) -> Optional[str]:
    """The canonical form of a doc number (brackets 〔〕), or None.

    >>> normalize_doc_number("粤府办【2020】10号")
    '粤府办〔2020〕10号'
    >>> normalize_doc_number("") is None
    True
    """
    parsed = parse_doc_number(text)
    return parsed.canonical() if parsed else None


def find_doc_numbers(text: str) -> list[str]:
    """The canonical doc numbers written inside ``text``.

    >>> find_doc_numbers("落实(国办发[2019]54号)文件精神")
    ['国办发〔2019〕54号']
    """
    return list(dict.fromkeys(m.number for m in scan_doc_numbers(_clean(text))))


@lru_cache(maxsize=1)
def _prefix_table() -> dict:
    path = resources.files("policykg.graph").joinpath("data/doc_number_prefixes.json")
    return json.loads(path.read_text(encoding="utf-8"))


def issuer_from_prefix(prefix: Optional[str]) -> Optional[PrefixInfo]:
    """Who issues documents numbered with ``prefix``, from the prefix table.

    The table (``graph/data/doc_number_prefixes.json``) has exact prefixes
    (国办发 → 国务院办公厅), province and city abbreviations (湘 → 湖南省) and
    kinds (政办发 → the people's government's office, 政发 → the government).

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


_YEAR = re.compile(r"(?:19|20)\d{2}")


def _without_trailing_number(s: str) -> str:
    """``s`` without a bracketed doc number at its end: ``…意见(国办发〔2019〕51号)``.

    The bracket that opens it is the leftmost after the last round bracket
    (a round one itself included), with a year inside and 号 before the
    closing bracket. Written out because the regular expression for it
    backtracks cubically on a long run of brackets.

    >>> _without_trailing_number("某意见(国办发〔2019〕51号)"), _without_trailing_number("某意见〔2019〕")
    ('某意见', '某意见〔2019〕')
    """
    if len(s) < 2 or s[-1] not in ")）]】〕" or s[-2] != "号":
        return s
    last_round = max(s.rfind(c, 0, len(s) - 1) for c in "()（）")
    if last_round >= 0 and s[last_round] in "(（":
        start = last_round
    else:
        starts = [i for i in (s.find(c, last_round + 1, len(s) - 1) for c in "[【〔") if i >= 0]
        if not starts:
            return s
        start = min(starts)
    return s[:start] if _YEAR.search(s, start + 1, len(s) - 2) else s


def normalize_title(title: Optional[str]) -> str:
    """A title reduced for comparison: no spaces, quotes or book-title marks,
    no trailing doc number in brackets.

    >>> normalize_title("《关于建立政务服务“好差评”制度的意见》 (国办发〔2019〕51号)")
    '关于建立政务服务好差评制度的意见'
    """
    if not title:
        return ""
    s = _clean(title)
    s = _without_trailing_number(s)
    s = s.translate({ord(c): None for c in _QUOTES})
    return s.strip("，,。.:：;；")


def title_core(title: Optional[str]) -> str:
    """The normalised title from 关于 on: a title cited without its issuer.

    A law or regulation named without 中华人民共和国 is the same one.

    >>> title_core("国务院办公厅关于推进政务新媒体健康有序发展的意见")
    '关于推进政务新媒体健康有序发展的意见'
    >>> title_core("中华人民共和国政府信息公开条例")
    '政府信息公开条例'
    >>> title_core("湖南省2020年政务公开工作要点")
    '湖南省2020年政务公开工作要点'
    """
    s = normalize_title(title)
    i = s.find("关于")
    if i > 0:
        return s[i:]
    return s[len("中华人民共和国") :] if i < 0 and s.startswith("中华人民共和国") and len(s) > 9 else s


# Anchored at the first 关于 (what search would find): unanchored, every
# 关于 of a long title would be scanned to its end (quadratic time).
_SUBJECT = re.compile(r"^(?:(?!关于).)*关于(?P<subject>.+)的(?P<genre>[^的]{1,12})$")


def title_subject(title: Optional[str]) -> Optional[str]:
    """The subject of a title or reference: what stands between 关于 and the last 的.

    >>> title_subject("国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见")
    '全面推进基层政务公开标准化规范化工作'
    >>> title_subject("国务院、自治区关于全面推进基层政务公开标准化规范化工作的部署要求")
    '全面推进基层政务公开标准化规范化工作'
    >>> title_subject("优化营商环境条例") is None
    True
    """
    m = _SUBJECT.search(normalize_title(title))
    return m.group("subject") if m else None


def _bigrams(s: str) -> set[str]:
    return {s[i : i + 2] for i in range(len(s) - 1)} if len(s) > 1 else {s}


def subject_similarity(a: Optional[str], b: Optional[str]) -> float:
    """Dice coefficient of the character bigrams of two subjects (0..1).

    >>> subject_similarity("全面推进基层政务公开标准化规范化工作", "全面推进基层政务公开标准化规范化工作")
    1.0
    >>> round(subject_similarity("全面推进基层政务公开标准化规范化", "全面推进基层政务公开标准化规范化工作"), 2)
    0.94
    """
    if not a or not b:
        return 0.0
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y))


_FIVE_YEAR = {"十二五": (2011, 2015), "十三五": (2016, 2020), "十四五": (2021, 2025), "十五五": (2026, 2030)}


def title_years(title: Optional[str]) -> list[int]:
    """The years a title names: single years, ranges (2021—2025年) and 十四五 periods.

    >>> title_years("湖南省2020年政务公开工作要点")
    [2020]
    >>> title_years("某省“十四五”数字政府规划")
    [2021, 2022, 2023, 2024, 2025]
    >>> title_years("关于印发某某方案的通知")
    []
    """
    s = normalize_title(title)
    years: set[int] = set()
    s_wo_numbers = re.sub(r"[〔\[【(（](?:19|20)\d{2}[〕\]】)）]\d+号", "", s)
    for m in re.finditer(r"((?:19|20)\d{2})年?[-—–~至到]((?:19|20)\d{2})年", s_wo_numbers):
        lo, hi = int(m.group(1)), int(m.group(2))
        if lo <= hi <= lo + 15:
            years.update(range(lo, hi + 1))
    for m in re.finditer(r"((?:19|20)\d{2})年", s_wo_numbers):
        years.add(int(m.group(1)))
    for name, (lo, hi) in _FIVE_YEAR.items():
        if name in s:
            years.update(range(lo, hi + 1))
    return sorted(years)
