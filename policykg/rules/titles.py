"""Titles: the form they are compared in, the part without the issuer, the subject, the years.

Titles are compared after :func:`normalize_title`; a title cited without its
issuer (《关于建立…的意见》) is compared by :func:`title_core`; a loose reference
(国务院、自治区关于全面推进…工作的部署要求) by the subject between 关于 and 的
(:func:`title_subject`), with :func:`subject_similarity`. Document numbers
are :mod:`policykg.rules.docnumbers`.

Examples
--------
>>> normalize_title("《湖南省2020年政务公开工作要点》")
'湖南省2020年政务公开工作要点'
>>> title_years("湖南省2020年政务公开工作要点")
[2020]
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Optional

from .chars import QUOTES
from .docnumbers import strip_doc_numbers


__all__ = [
    "normalize_title",
    "title_core",
    "title_subject",
    "subject_similarity",
    "title_years",
]

_QUOTES = QUOTES

def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text)


# Titles are normalised again and again (every reference is compared with
# every candidate's title); the function is pure, so its answers are kept.
@lru_cache(maxsize=1 << 18)
def normalize_title(title: Optional[str]) -> str:
    """A title reduced for comparison: no spaces, quotes or book-title marks,
    no trailing doc number in brackets.

    >>> normalize_title("《关于建立政务服务“好差评”制度的意见》 (国办发〔2019〕51号)")
    '关于建立政务服务好差评制度的意见'
    """
    if not title:
        return ""
    s = _clean(title)
    s = strip_doc_numbers(s, trailing_only=True)
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


def title_subject(title: Optional[str]) -> Optional[str]:
    """The subject of a title or reference: what stands between 关于 and the last 的.

    >>> title_subject("国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见")
    '全面推进基层政务公开标准化规范化工作'
    >>> title_subject("国务院、自治区关于全面推进基层政务公开标准化规范化工作的部署要求")
    '全面推进基层政务公开标准化规范化工作'
    >>> title_subject("优化营商环境条例") is None
    True
    """
    # string search, not a regex: a subject runs from the first 关于 to the last 的,
    # and finding those two is linear whatever the text (a backtracking pattern was not)
    s = normalize_title(title)
    start = s.find("关于")
    end = s.rfind("的")
    if start < 0 or end < start + 3 or not 1 <= len(s) - end - 1 <= 12 or "\n" in s:
        return None
    return s[start + 2 : end]


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
    s_wo_numbers = strip_doc_numbers(s)
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
