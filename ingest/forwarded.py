"""The document a 转发 notice forwards, embedded in the same file.

A forwarding notice (福建省人民政府办公厅转发国务院办公厅关于…的通知) prints
its own short text, signed and dated, and then the forwarded document in
full: its title, 文号, addressees, body and signature. That document is a
document of its own (its issuer, number and tasks are not the forwarding
notice's), which the forwarding notice implements. This module finds where
it starts and cuts the cleaned text there, so that the pipeline reads it as
it reads any notice.

Examples
--------
>>> from policykg.ingest.clean import clean
>>> ct = clean("甲转发乙的通知\\n现将《乙的通知》转发给你们。\\n甲\\n2016年1月2日\\n乙的通知 乙发〔2016〕1号\\n各单位:正文。")
>>> at = forwarded_start(ct.text, "乙的通知", 8)
>>> ct.text[at:at + 5]
'乙的通知 '
>>> sub = sub_clean(ct, at, len(ct.text), title_end=at + 4)
>>> sub.text.splitlines()[0], sub.span(0, 4).start == ct.span(at, at + 4).start
('乙的通知', True)
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from typing import Optional

from policykg.ingest.clean import CleanText
from policykg.ingest.zones import insert_breaks

__all__ = ["forwarded_start", "sub_clean"]


def forwarded_start(text: str, title: str, after: int) -> Optional[int]:
    """Where the forwarded document's title stands after ``after``, outside 《》; None if it does not.

    >>> forwarded_start("关于转发X意见 来源:某局 现将《X意见》转发给你们。某局 X意见 正文", "X意见", 0)
    30

    The notice's own text names it in 《》 (现将《…》转发给你们); the forwarded
    text starts where its title stands bare, often glued into a collapsed line
    (``(此件主动公开) 国务院办公厅关于…的通知 国办发〔2016〕61号``).
    """
    pos = text.find(title, after)
    while pos >= 0:
        before = text[max(0, pos - 2) : pos]
        # not the name in 《》 or quotes, nor the forwarding notice's own title (…关于转发X) repeated by the page
        if before[-1:] not in ("《", "“", '"') and before != "转发":
            return pos
        pos = text.find(title, pos + len(title))
    return None


def sub_clean(ct: CleanText, start: int, end: int, *, title_end: Optional[int] = None) -> CleanText:
    """The stretch ``ct.text[start:end]`` as a cleaned text of its own, still mapped to the whole source.

    Its spans are offsets into the file's source text, as every record's
    are; its flags are those inside the stretch. With ``title_end`` (an
    offset into ``ct.text``) a line break is put after the title, which a
    collapsed page glues to the number after it.
    """
    starts, sources = list(ct._text_starts), list(ct._source_starts)
    k = bisect_right(starts, start) - 1
    new_starts = [0]
    new_sources = [sources[k] + (start - starts[k])]
    for t, s in zip(starts[k + 1 :], sources[k + 1 :]):
        if t >= end:
            break
        new_starts.append(t - start)
        new_sources.append(s)
    first, last = ct.span(start, end).start, ct.span(start, end).end
    flags = [f for f in ct.flags if f.span is not None and first <= f.span.start < last]
    sub = replace(ct, text=ct.text[start:end], flags=flags, _text_starts=tuple(new_starts), _source_starts=tuple(new_sources))
    if title_end is not None:
        sub = insert_breaks(sub, [title_end - start])
    return sub
