"""Metadata of a notice: the website's header fields, issuer, signature date.

Works on the cleaned text. Header fields (索引号, 文号, 发布机构, 生效日期 …)
come in many layouts (``索 引 号: X``, ``索引号 X``, several per line), so each
field is one regex keyed by its label.

Examples
--------
>>> header = read_header("索 引 号: 43060000/2020-1717120 发布机构: 县人民政府办公室\\n生效日期: 2020-06-03 失效日期: 2025-06-03")
>>> header["index_number"], header["effective_date"], header["expiry_date"]
('43060000/2020-1717120', '2020-06-03', '2025-06-03')
"""

from __future__ import annotations

import re
from typing import Optional

from policykg.ingest.dates import parse_chinese_date
from policykg.rules.agencies import ORG_SUFFIX
from policykg.rules.headers import label_re
from policykg.rules.regions import find_region

__all__ = ["read_header", "find_signature"]

_DATE = r"\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?"


def _label(field: str) -> str:
    # the labels are data (policykg/rules/headers.py); websites pad them with spaces
    return "(?:" + label_re(field).pattern + ")"


HEADER_FIELDS = {
    "index_number": re.compile(_label("index_number") + r"\s*:?\s*(?P<value>[0-9A-Za-z][0-9A-Za-z/_\-.]*)"),
    "publisher": re.compile(_label("publisher") + r"\s*:?\s*(?P<value>[^\s:]{2,40})"),
    "effective_date": re.compile(_label("effective_date") + r"\s*:?\s*(?P<value>" + _DATE + ")"),
    "expiry_date": re.compile(_label("expiry_date") + r"\s*:?\s*(?P<value>" + _DATE + ")"),
    "signed_date": re.compile(_label("signed_date") + r"\s*:?\s*(?P<value>" + _DATE + ")"),
    # a bare 日期 label too, when no other date label ends in it
    "published_date": re.compile(
        r"(?:" + label_re("published_date").pattern + r"|(?<![效期文成])日期)\s*:?\s*(?P<value>" + _DATE + ")"
    ),
}

# A date standing alone on a line is a signature date (成文日期).
# Older documents write it in Chinese numerals: 二〇二〇年三月二十日.
_CN = "〇○零OＯ一二三四五六七八九十"
SIGNATURE_DATE = re.compile(
    rf"^[ \t]*(?P<date>(?:\d{{4}}|[{_CN}]{{4}})年(?:\d{{1,2}}|[{_CN}]{{1,3}})月(?:\d{{1,2}}|[{_CN}]{{1,3}})日)[ \t]*$", re.M
)


def read_header(text: str) -> dict[str, str]:
    """Read the website's header fields from the text before the body.

    Dates come back as ISO strings; a field that is absent is left out.
    """
    out: dict[str, str] = {}
    for name, pattern in HEADER_FIELDS.items():
        m = pattern.search(text)
        if not m:
            continue
        value = m.group("value").strip()
        if name.endswith("_date"):
            iso = parse_chinese_date(value)
            if not iso:
                continue
            value = iso
        out[name] = value
    return out


# a line of names cut mid-name: Han characters only, no stop
_WRAPPED_NAME = re.compile(r"[\u4e00-\u9fff]{2,40}")


def find_signature(text: str, start: int, end: int, *, last: bool = False) -> Optional[tuple[str, str, int, int]]:
    """Find the signature: a date alone on a line and the issuer line above it.

    Returns ``(issuer_line, iso_date, date_start, date_end)`` or None; with
    ``last`` the last such date in the range is taken (an opinion signs at its end).

    >>> find_signature("正文。\\n\\n湖南省人民政府办公厅\\n\\n2020年3月20日\\n", 0, 40)[:2]
    ('湖南省人民政府办公厅', '2020-03-20')
    >>> find_signature("正文。\\n某县人民政府办公室\\n二〇一六年五月二十六日\\n", 0, 40)[:2]
    ('某县人民政府办公室', '2016-05-26')
    >>> find_signature("正文。\\n河北省教育厅河北省政协港澳台侨和\\n外事委员会\\n2019年9月6日\\n", 0, 60)[0]
    '河北省教育厅河北省政协港澳台侨和外事委员会'
    >>> find_signature("正文。\\n中共某县委办公室\\n某县人民政府办公室\\n2019年9月6日\\n", 0, 60)[0]
    '中共某县委办公室某县人民政府办公室'
    """
    matches = list(SIGNATURE_DATE.finditer(text, start, end))
    if not matches:
        return None
    m = matches[-1] if last else matches[0]
    lines = [ln.strip() for ln in text[start : m.start()].split("\n") if ln.strip()]
    above = lines[-1] if lines else ""
    # a long list of signers wraps: 河北省教育厅河北省政协港澳台侨和 / 外事委员会, or
    # 中共某省委教育工委中共某省委机构编制委员会办公室 / 某省人力资源和社会保障厅某省教育厅
    for prev in reversed(lines[-3:-1]):
        cut_name = find_region(above) is None and find_region(prev) is not None
        if not (_WRAPPED_NAME.fullmatch(prev) and ORG_SUFFIX.search(above) and (cut_name or ORG_SUFFIX.search(prev))):
            break
        above = prev + above
    issuer = above if ORG_SUFFIX.search(above) and len(above) <= 80 else ""
    return issuer, parse_chinese_date(m.group("date")) or "", m.start("date"), m.end("date")
