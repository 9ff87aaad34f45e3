"""Deadlines, dates and quantitative targets in task texts.

A deadline is a time expression that bounds a task: 2020年底前, 到2020年底,
2021年2月底前, 2020年11月30日前, 年内. Its ``date`` is the last day the
expression allows, in ISO form:

- a point (年底, 2月底, 11月30日) followed by 前/之前/以前 is inclusive: 2020年底前
  is 2020-12-31, 2021年2月底前 is 2021-02-28 and 2020年2月底 is 2020-02-29;
- a whole period followed by 前 ends the day before the period starts: 2020年6月前
  ("before June") is 2020-05-31, 2021年前 is 2020-12-31. This is the literal
  reading; 6月底前 (06-30) is the form notices use when they mean the end of
  June, and the text is always kept so a reader can judge;
- 到/截至 + a period means by its end: 到2020年6月 is 2020-06-30, 到2020年 is
  2020-12-31;
- 年内, 年底前, 今年底前 and a month without a year (6月底前) need the document
  year, passed as ``year``; without it the deadline is kept with ``date=None``.

A bare ``2020年`` is a deadline only when it opens a clause whose sentence
states a target (2020年,网上办理深度三级以上事项比例要达到70%以上); a bare year
elsewhere (2020年利通区政务公开工作坚持…) is a topic, not a deadline.

A target is a clause that states a quantity to reach: a percentage (100%,
70%以上) or a count after a threshold word (突破500种, 不少于3个, 至少1次).

Examples
--------
>>> [(d.text, d.date) for d in find_deadlines("到2020年底,实现电子证照汇聚种类突破500种")]
[('到2020年底', '2020-12-31')]
>>> [t.text for t in find_targets("到2020年底,实现电子证照汇聚种类突破500种、数据突破2亿条;")]
['电子证照汇聚种类突破500种', '数据突破2亿条']
"""

from __future__ import annotations

import bisect
import calendar
import datetime as _dt
import re
from typing import Optional

import cn2an

from .records import Deadline, Span, Target

__all__ = [
    "DEADLINE",
    "QUANTITY",
    "find_deadlines",
    "deadline_date",
    "parse_chinese_date",
    "find_targets",
]

# older pages type the zero of a year as a Latin O (二OO四年)
_CN_DIGITS = "〇零○OＯ一二三四五六七八九"
_YEAR = rf"(?<!\d)(?:19|20)\d\d(?!\d)|[一二][{_CN_DIGITS}]{{3}}"
_MONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_DAY = r"3[01]|[12]\d|0?[1-9]|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
# 前 in 前后 (around), 前期, 前沿, 前列 ... is not "before".
_BEFORE = r"(?P<before>之前|以前|前(?![后期夕沿端置列提])|为止)?"

DEADLINE = re.compile(
    rf"""
    # 到 after 达/提高 ... is part of a verb (达到), not "by".
    (?P<by>截止到|截至|截止|(?<![达回提升增降减])到)?
    (?:
        (?P<year>{_YEAR})年
        (?:
            (?P<yend>年?(?:底|末))
          | (?P<month>{_MONTH})月份?(?:(?P<mend>底|末)|(?P<day>{_DAY})[日号])?
          | (?P<half>上半年|下半年)
          | 第?(?P<quarter>[一二三四1-4])季度(?:末|底)?
          | (?P<within>内)
        )?
      | (?P<thisyear>今年|本年度?|当年|年)(?P<tyend>年?底|末|内)
      | (?P<month2>{_MONTH})月份?(?:(?P<mend2>底|末)|(?P<day2>{_DAY})[日号])?
    )
    {_BEFORE}
    """,
    re.VERBOSE,
)
"""Time expressions that may be deadlines; :func:`find_deadlines` decides."""

# (?<!\d): a number starts where its digits do; without it a long digit
# run is re-scanned from every digit (quadratic time).
_NUM_AR = r"(?<!\d)\d+(?:\.\d+)?"
_NUM_CN = r"[零一二两三四五六七八九十百千]+"
_MAGNITUDE = r"(?:万|亿|千|百)?"
_UNIT = (
    r"(?:个工作日|工作日|个百分点|百分点|人次|平方米|公里|万元|亿元|种|条|个|项|家|次|件|户|"
    r"人|名|所|天|小时|分钟|周|类|份|元|倍|成|套|台|场|期|篇|本|张|宗|座|处)"
)
_THRESHOLD = (
    r"(?:达到|突破|超过|不少于|不低于|不超过|不高于|不多于|至少|提高到|提高至|提升到|提升至|"
    r"增加到|增加至|增长到|增长至|控制在|压缩到|压缩至|压减到|压减至|减少到|减少至|降低到|"
    r"降低至|降到|降至|减至|缩短到|缩短至|低于|高于)"
)
QUANTITY = re.compile(
    rf"""
        {_NUM_AR}\s*%
      | 百分之{_NUM_CN}
      | {_THRESHOLD}[\u4e00-\u9fff]{{0,4}}?(?:
            {_NUM_AR}(?![\d.年月日])\s*{_MAGNITUDE}\s*{_UNIT}?
          | {_NUM_CN}{_MAGNITUDE}{_UNIT}
        )
      | {_NUM_AR}\s*{_MAGNITUDE}\s*{_UNIT}\s*(?:以上|以内|之内|以下)
    """,
    re.VERBOSE,
)
"""A stated quantity: a percentage, or a count after a threshold word."""

# A bare year opening a clause: 2020年, or 2020年各级各部门 ...
_BARE_YEAR = re.compile(
    rf"(?:^|(?<=[,;。:!?\n)\s]))(?P<year>{_YEAR})年(?![底末内度初中前后以起开来份上下第季年月\d{_CN_DIGITS}十])"
)
_SENTENCE_END = re.compile(r"[。;!?\n]")
_CLAUSE_BOUNDARY = re.compile(r"[,;。:!?\n]")
_TARGET_LEAD = re.compile(
    r"^(?:实现|确保|力争|争取|做到|努力|推动|"
    r"各地区各部门|各级各(?:有关)?部门|各地各(?:有关)?部门|各级各类|各级|各地|各部门)"
)
_YEAR_DIGITS = dict(zip("〇零○OＯ一二三四五六七八九", "00000123456789"))
_NUMERAL_BEFORE = re.compile(rf"[\d{_CN_DIGITS}十两每]$")


def _int(s: str) -> int:
    if s.isdigit():
        return int(s)
    if len(s) == 4 and all(c in _YEAR_DIGITS for c in s):
        # A year is written digit by digit (二〇二〇), not as a number.
        return int("".join(_YEAR_DIGITS[c] for c in s))
    return int(cn2an.cn2an(s, "smart"))


def _iso(year: int, month: int, day: int) -> Optional[str]:
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _month_end(year: int, month: int) -> Optional[str]:
    if not 1 <= month <= 12:
        return None
    return _iso(year, month, calendar.monthrange(year, month)[1])


def _day_before(year: int, month: int) -> Optional[str]:
    if not 1 <= month <= 12:
        return None
    return (_dt.date(year, month, 1) - _dt.timedelta(days=1)).isoformat()


def _match_date(m: re.Match, year: Optional[int]) -> tuple[bool, Optional[str]]:
    """Whether a DEADLINE match is a deadline, and its ISO date."""
    g = m.groupdict()
    by, before = bool(g["by"]), bool(g["before"])
    if g["year"]:
        y = _int(g["year"])
        if g["yend"] or g["within"]:
            return True, _iso(y, 12, 31)
        if g["half"]:
            return True, _iso(y, 6, 30) if g["half"] == "上半年" else _iso(y, 12, 31)
        if g["quarter"]:
            q = _int(g["quarter"])
            return True, _month_end(y, 3 * q)
        if g["month"]:
            mo = _int(g["month"])
            if g["mend"]:
                return True, _month_end(y, mo)
            if g["day"]:
                return by or before, _iso(y, mo, _int(g["day"]))
            if before:
                return True, _day_before(y, mo)
            return by, _month_end(y, mo)
        if before:
            return True, _iso(y - 1, 12, 31)
        return by, _iso(y, 12, 31)
    if g["thisyear"]:
        if g["thisyear"] == "年" and _NUMERAL_BEFORE.search(m.string[: m.start("thisyear")]):
            # 三年内, 每年底: a span of years or a recurring date, not this year.
            return False, None
        return True, _iso(year, 12, 31) if year else None
    # A month without a year: 6月底前, 9月30日前.
    if re.search(r"每年?$", m.string[: m.start()]):
        return False, None
    mo = _int(g["month2"])
    if g["mend2"]:
        return True, _month_end(year, mo) if year else None
    if g["day2"]:
        return by or before, _iso(year, mo, _int(g["day2"])) if year else None
    if before:
        return True, _day_before(year, mo) if year else None
    return by, _month_end(year, mo) if year else None


def _bare_year_deadlines(text: str) -> list[Deadline]:
    found = []
    for m in _BARE_YEAR.finditer(text):
        end = _SENTENCE_END.search(text, m.end())
        sentence = text[m.end() : end.start() if end else len(text)]
        if QUANTITY.search(sentence):
            y = _int(m.group("year"))
            found.append(Deadline(m.group(), _iso(y, 12, 31), Span(m.start(), m.end(), m.group())))
    return found


def find_deadlines(text: str, *, year: Optional[int] = None) -> list[Deadline]:
    """Find the deadlines in a text.

    Parameters
    ----------
    text : str
        Cleaned text, usually one task.
    year : int, optional
        The document year, for 年内, 年底前 and dates without a year.

    Returns
    -------
    list of Deadline
        In text order, with spans relative to ``text``.

    Examples
    --------
    >>> [(d.text, d.date) for d in find_deadlines("2020年底前,编制公布本级政务公开事项标准目录")]
    [('2020年底前', '2020-12-31')]
    >>> [(d.text, d.date) for d in find_deadlines("于2021年2月底前报省政府办公厅备案")]
    [('2021年2月底前', '2021-02-28')]
    >>> [(d.text, d.date) for d in find_deadlines("年底前完成", year=2020)]
    [('年底前', '2020-12-31')]
    >>> [d.text for d in find_deadlines("2020年各级各部门网上办理深度三级以上(含三级)事项比例要达到70%以上。")]
    ['2020年']
    >>> find_deadlines("湖南省人民政府办公厅 2020年3月20日")
    []
    """
    found = []
    for m in DEADLINE.finditer(text):
        ok, date = _match_date(m, year)
        if ok:
            found.append(Deadline(m.group(), date, Span(m.start(), m.end(), m.group())))
    taken = {(d.span.start, d.span.end) for d in found}
    for d in _bare_year_deadlines(text):
        if not any(s <= d.span.start < e for s, e in taken):
            found.append(d)
    return sorted(found, key=lambda d: d.span.start)


def deadline_date(text: str, *, year: Optional[int] = None) -> Optional[str]:
    """The ISO date of a deadline expression, or None.

    A bare year (``2020年``) given on its own is read as a deadline: the caller
    has already decided it governs a target.

    Examples
    --------
    >>> deadline_date("2020年底前")
    '2020-12-31'
    >>> deadline_date("2020年年底前")
    '2020-12-31'
    >>> deadline_date("2020年2月底")
    '2020-02-29'
    >>> deadline_date("2020年6月前")
    '2020-05-31'
    >>> deadline_date("二〇二〇年十二月底前")
    '2020-12-31'
    >>> deadline_date("年内", year=2021)
    '2021-12-31'
    >>> deadline_date("年内") is None
    True
    """
    text = text.strip()
    bare = re.fullmatch(rf"(?:到|截至)?({_YEAR})年", text)
    if bare:
        return _iso(_int(bare.group(1)), 12, 31)
    for m in DEADLINE.finditer(text):
        ok, date = _match_date(m, year)
        if ok:
            return date
    return None


_ISO_LIKE = re.compile(r"(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)")
_CN_DATE = re.compile(rf"(?P<y>{_YEAR})\s*年\s*(?P<m>{_MONTH})\s*月\s*(?P<d>{_DAY})\s*[日号]")


def parse_chinese_date(s: str) -> Optional[str]:
    """Read a full calendar date (年月日 or ISO-like) as ISO; None otherwise.

    Examples
    --------
    >>> parse_chinese_date("2020年3月20日")
    '2020-03-20'
    >>> parse_chinese_date("二〇二〇年三月二十日"), parse_chinese_date("二OO四年四月二十二日")
    ('2020-03-20', '2004-04-22')
    >>> parse_chinese_date("2020-06-08 10:09")
    '2020-06-08'
    >>> parse_chinese_date("2020/6/8")
    '2020-06-08'
    >>> parse_chinese_date("2020年2月30日") is None
    True
    >>> parse_chinese_date("2020年") is None
    True
    """
    m = _ISO_LIKE.search(s) or _CN_DATE.search(s)
    if not m:
        return None
    return _iso(_int(m.group("y")), _int(m.group("m")), _int(m.group("d")))


def _strip_lead(text: str, start: int, end: int) -> int:
    """Move ``start`` past a leading deadline, verb or collective subject."""
    while start < end and text[start].isspace():
        start += 1
    while start < end:
        piece = text[start:end]
        m = DEADLINE.match(piece)
        bare = _BARE_YEAR.match(piece)
        if m and _match_date(m, None)[0]:
            start += m.end()
        elif bare:
            start += bare.end()
        elif lead := _TARGET_LEAD.match(piece):
            start += lead.end()
        else:
            break
        while start < end and (text[start].isspace() or text[start] == ","):
            start += 1
    return start


def _starts_with_quantity(piece: str) -> bool:
    return bool(re.match(rf"\s*(?:{_NUM_AR}|{_NUM_CN}|百分之|{_THRESHOLD})", piece))


def find_targets(text: str) -> list[Target]:
    """Find quantitative targets, each the clause that states it.

    A clause runs between , ; 。 : boundaries. Inside a clause, 、 separates
    two targets only when the part after it states its own quantity with its
    own subject (种类突破500种、数据突破2亿条); otherwise the enumeration stays
    whole (100%纳入一体化平台查询、办理). A leading deadline, verb (实现, 确保)
    or collective subject (各级各部门) is left out of the target.

    Parameters
    ----------
    text : str
        Cleaned text, usually one task.

    Returns
    -------
    list of Target
        In text order, with spans relative to ``text``.

    Examples
    --------
    >>> [t.text for t in find_targets("除法律、法规另有规定外,政务服务事项100%纳入一体化平台查询、办理。")]
    ['政务服务事项100%纳入一体化平台查询、办理']
    >>> [t.text for t in find_targets("2020年各级各部门网上办理深度三级以上(含三级)事项比例要达到70%以上。")]
    ['网上办理深度三级以上(含三级)事项比例要达到70%以上']
    >>> [t.text for t in find_targets("对两批200件“事”逐步推行跨县办理")]
    []
    """
    targets: list[Target] = []
    bounds = [m.start() for m in _CLAUSE_BOUNDARY.finditer(text)]
    seen_clauses: set[int] = set()
    for q in QUANTITY.finditer(text):
        i = bisect.bisect_left(bounds, q.start())
        c_start = bounds[i - 1] + 1 if i else 0
        if c_start in seen_clauses:
            continue
        seen_clauses.add(c_start)
        j = bisect.bisect_left(bounds, q.end())
        c_end = bounds[j] if j < len(bounds) else len(text)
        targets.extend(_clause_targets(text, c_start, c_end))
    return targets


def _clause_targets(text: str, start: int, end: int) -> list[Target]:
    # Pieces between 、; each starts a new target only if it has its own
    # subject and quantity.
    cuts = [start] + [start + m.end() for m in re.finditer("、", text[start:end])]
    pieces = [(a, (cuts[i + 1] - 1) if i + 1 < len(cuts) else end) for i, a in enumerate(cuts)]
    groups: list[list[int]] = []  # [start, end, has_quantity]
    for a, b in pieces:
        piece = text[a:b]
        has_q = bool(QUANTITY.search(piece))
        if groups and (not has_q or _starts_with_quantity(piece)):
            groups[-1][1] = b
            groups[-1][2] = groups[-1][2] or has_q
        elif groups and not groups[-1][2]:
            groups[-1][1], groups[-1][2] = b, has_q
        else:
            groups.append([a, b, has_q])
    out = []
    for a, b, has_q in groups:
        if not has_q:
            continue
        a = _strip_lead(text, a, b)
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b and QUANTITY.search(text, a, b):
            out.append(Target(text[a:b], Span(a, b, text[a:b])))
    return out
