"""What a document says it is about when it has no title: the one rule for stated subjects.

A reposted page often keeps only the body of a document; its title, and with
it the 关于…的 subject that citations of it name, is gone. The body's opening
sentence says it again:

- 现就进一步做好就业创业工作提出以下意见 (the subject, then the genre);
- 为贯彻落实…, 切实加强劳务品牌建设, 现提出如下意见 (the clause before 现提出);
- 为贯彻落实《国务院办公厅关于推进政务新媒体健康有序发展的意见》…提出如下实施意见
  (an implementing document restates the subject of the one it implements).

:func:`stated_subject` reads it, so a citation by title (国务院关于进一步做好新形势
下就业创业工作的意见) can find the untitled document.

Examples
--------
>>> stated_subject("……催生经济社会发展新动力。现就进一步做好就业创业工作提出以下意见:一、深入实施")[:2]
('进一步做好就业创业工作', '意见')
"""

from __future__ import annotations

import re
from typing import NamedTuple, Optional

from .titles import title_subject

__all__ = ["StatedSubject", "stated_subject", "GENRES", "OPENING_WINDOW"]

#: How far into the body the opening sentence is looked for (characters).
OPENING_WINDOW = 1200

GENRES = ("实施意见", "指导意见", "若干意见", "意见", "实施方案", "工作方案", "方案", "实施细则", "细则", "办法", "措施", "规划", "计划", "决定")
"""The genres an opening sentence announces (提出以下意见, 制定本办法)."""

_GENRE = "|".join(GENRES)
_CLAUSE = r"[^,;。:!?\n《》]"
# 现就X提出以下意见 / 现就X问题提出如下实施意见
_ABOUT = re.compile(rf"现就(?P<subject>{_CLAUSE}{{2,40}}?)(?:有关|相关)?(?:问题|事项)?(?:提出|制定)(?:以下|如下|本)(?P<genre>{_GENRE})")
# 为贯彻落实《…关于X的意见》…, (经…同意,)提出如下实施意见
_IMPLEMENTING = re.compile(
    rf"为(?:了)?(?:深入|认真|全面|进一步)*(?:贯彻落实|贯彻|落实)《(?P<title>[^《》]{{4,80}})》[^。;!?\n]{{0,160}}?"
    rf"(?:提出|制定)(?:以下|如下|本)(?P<genre>实施意见|实施方案|实施细则|实施办法)"
)
# …, 切实加强劳务品牌建设, (经…同意,)现提出如下意见
_BEFORE = re.compile(
    rf"(?:^|(?<=[,，。:：\n]))(?P<subject>{_CLAUSE}{{4,40}}?)[,，](?:经{_CLAUSE}{{1,16}}同意[,，])?现(?:提出|制定)(?:以下|如下|本)(?P<genre>{_GENRE})"
)


class StatedSubject(NamedTuple):
    """A subject the body states: its text, the genre announced, and where it stands in the text read."""

    subject: str
    genre: str
    start: int
    end: int


def stated_subject(text: str, start: int = 0, end: Optional[int] = None) -> Optional[StatedSubject]:
    """The subject and genre the opening of ``text[start:end]`` announces, or None.

    Parameters
    ----------
    text : str
        Cleaned text.
    start, end : int
        The body to look in; only its first :data:`OPENING_WINDOW` characters are read.

    Returns
    -------
    StatedSubject or None
        ``text[start:end]`` of the answer is the phrase that states it.

    Examples
    --------
    >>> stated_subject("为贯彻落实党中央决策部署,切实加强劳务品牌建设,现提出如下意见。一、总体要求")[:2]
    ('切实加强劳务品牌建设', '意见')
    >>> s = stated_subject("为贯彻落实《国务院办公厅关于推进政务新媒体健康有序发展的意见》(国办发〔2018〕123号)精神,充分发挥作用,经省政府同意,提出如下实施意见。")
    >>> s.subject, s.genre
    ('推进政务新媒体健康有序发展', '实施意见')
    >>> stated_subject("各县市区:现将《某某办法》印发给你们,请认真贯彻执行。") is None
    True
    """
    stop = min(len(text), start + OPENING_WINDOW) if end is None else min(end, start + OPENING_WINDOW)
    m = _IMPLEMENTING.search(text, start, stop)
    if m:
        subject = title_subject(m.group("title"))
        if subject:
            return StatedSubject(subject, m.group("genre"), m.start(), m.end())
    for pattern in (_ABOUT, _BEFORE):
        m = pattern.search(text, start, stop)
        if m:
            subject = re.sub(r"^为了?", "", m.group("subject"))  # 为进一步做好…工作, 现提出…
            return StatedSubject(subject, m.group("genre"), m.end() - len(m.group()) + m.group().find(subject), m.end())
    return None
