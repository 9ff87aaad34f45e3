"""Whether a text is a 解读 (an interpretation of another document): the one rule.

A 政策解读 explains a document (its background, its main contents); it does
not implement anything itself. Websites post it beside the document, often
without its title. It shows itself by

- its title: 《X》解读, 《X》的政策解读, 关于X的解读说明, …答记者问;
- its opening: …(以下简称《办法》),现将有关情况解读如下;
- its first heading: 一、出台背景 (起草背景, 制定背景, 筹建背景), with a later
  heading on the document's 主要内容.

The word 解读 alone proves nothing: plans are full of 加强政策解读 tasks.

Examples
--------
>>> is_interpretation("《河北省新型研发机构管理办法》解读", "")
True
>>> is_interpretation("", "2019年1月29日,省政府办公厅印发了《某实施意见》,为便于更好理解,现解读如下。一、出台背景")
True
>>> is_interpretation("", "一、出台背景\\n“十三五”以来,……二、《办法》主要内容\\n《办法》共5章24条。")
True
>>> is_interpretation("某县2020年政务公开工作要点", "一、加强政策解读。做好政策解读工作,……")
False
"""

from __future__ import annotations

import re

__all__ = ["is_interpretation", "OPENING", "INTERPRETATION_TITLE", "EXPLAINS_HERE"]

#: How much of the body's opening is read (characters).
OPENING = 600

INTERPRETATION_TITLE = re.compile(r"(?:政策)?解读(?:说明|材料)?$|答记者问$|新闻发布会$")
"""A title that names a 解读."""

EXPLAINS_HERE = re.compile(r"解读如下|(?:作|作出|进行)(?:如下|以下)解读")
"""The opening sentence that announces the interpretation (现将有关情况解读如下)."""

_FIRST_HEADING = re.compile(r"(?:^|\n)[ \t\u3000]{0,8}(?:一|1)[、.．][ \t\u3000]{0,3}(?:出台|起草|制定|筹建|修订|印发)背景")
_CONTENTS_HEADING = re.compile(r"(?:二|三|四|2|3|4)[、.．][\s\u3000]*(?:《[^《》]{1,40}》)?(?:的)?主要内容")


def is_interpretation(title: str, opening: str) -> bool:
    """Whether a document with this ``title`` and body ``opening`` is a 解读.

    Parameters
    ----------
    title : str
        The document's own title ('' when the text has none).
    opening : str
        Its text from the start (or from where the title ends); only the
        first :data:`OPENING` characters are read, and the whole for the
        主要内容 heading.
    """
    if title and INTERPRETATION_TITLE.search(re.sub(r"[\s》”\"]+$", "", title)):
        return True
    head = opening[:OPENING]
    if EXPLAINS_HERE.search(head):
        return True
    return bool(_FIRST_HEADING.search(head) and _CONTENTS_HEADING.search(opening))
