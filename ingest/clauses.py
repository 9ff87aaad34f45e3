"""Where a task's responsibility clause stands, and where the task ends.

A task closes with a clause naming who does it:
``…全环节夯实工作基础。(省政务局牵头;各市州、县市区人民政府负责)``. Scraped
pages lose brackets (``…编制。各乡镇人民政府、政府各部门负责落实`` or an
unclosed ``(区政府办公室负责落实``), so four shapes are tried, each checked by
the agency rule :func:`~policykg.rules.agencies.is_responsibility_clause`.

The last task of a section or plan runs, in the outline, to the next
heading, and so takes in the closing paragraph that follows it
(``各级各有关部门要高度重视…``). Such a task ends at the paragraph its clause
closes: :func:`end_at_clauses` moves its end there.

Examples
--------
>>> find_clause("(一)加强领导。年底前完成。(县政务局牵头;各乡镇人民政府负责)")
('县政务局牵头;各乡镇人民政府负责', 15)
>>> find_clause("(二)规范专区。提供查询服务。各乡镇人民政府、政府各部门负责落实")
('各乡镇人民政府、政府各部门负责落实', 15)
>>> find_clause("(三)强化网站。加快改造。(区政府办公室负责落实")
('区政府办公室负责落实', 14)
>>> find_clause("(四)加强监督。各部门要适时开展检查。") is None
True
>>> find_clause("(五)做好衔接。(责任单位:区经济发展局、区直各相关单位)")
('责任单位:区经济发展局、区直各相关单位', 9)
>>> find_clause("(六)稳岗。(省人社厅、省财政厅按职责分工负责。列在第一位的为牵头部门,下同)")[0]
'省人社厅、省财政厅按职责分工负责'
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional, Sequence

from policykg.rules.agencies import is_responsibility_clause, parse_labelled_roles, parse_responsibility
from policykg.rules.roles import ROLE_LABELS, clause_note

__all__ = ["find_clause", "end_at_clauses", "clause_roles", "is_bare_list"]

# (责任单位:区经济发展局、区直各相关单位) — a labelled clause in brackets.
_LABEL_START = re.compile("(?:" + "|".join(sorted(map(re.escape, ROLE_LABELS), key=len, reverse=True)) + r")[ \t]*:")

# (省政务局牵头;各市州人民政府负责)。 — in brackets, at the end.
_BRACKETED = re.compile(r"\((?P<clause>[^()\n]{2,400})[)〕][ \t。.]*$")
# …公示平台管理维护机制。各乡镇人民政府负责落实) — the opening bracket lost.
_UNOPENED = re.compile(r"(?:^|[。;])(?P<clause>[^()。;\n]{2,400})\)[ \t。.]*$")
# …改造。(区政府办公室负责落实 — the closing bracket lost.
_UNCLOSED = re.compile(r"\((?P<clause>[^()\n]{2,400})$")
# …编制。各乡镇人民政府、政府各部门负责落实 — both lost: the last sentence, if it
# lists only names and a role word.
_BARE = re.compile(r"(?:^|[。;!?])[ \t]*(?P<clause>[^()。;!?\n]{2,400}?)[ \t。.]*$")
_SHAPES = (_BRACKETED, _UNOPENED, _UNCLOSED, _BARE)


def find_clause(task_text: str, *, bare: bool = False) -> Optional[tuple[str, int]]:
    """The responsibility clause closing a task, and its offset in the task text.

    Parameters
    ----------
    task_text : str
        The cleaned text of one task.
    bare : bool
        Whether a bracketed list of names without a role word is a clause: a
        document that says 列在第一位的为牵头部门,下同 then lists names only
        (``(省发展改革委、省财政厅)``).

    Returns
    -------
    tuple of (str, int) or None
        The clause without brackets and where it starts.
    """
    text = task_text.rstrip()
    for pattern in _SHAPES:
        m = pattern.search(text)
        if not m:
            continue
        clause = m.group("clause")
        # a note after the names (。列在第一位的为牵头部门,下同) is not part of the clause
        note = clause_note(clause)
        core = clause[: note.start()] if note else clause
        if is_responsibility_clause(core) or _is_labelled_clause(core):
            return core, m.start("clause")
        if bare and pattern is _BRACKETED and is_bare_list(core):
            return core, m.start("clause")
    return None


def is_bare_list(clause: str) -> bool:
    """Whether a clause lists names only, with no role word: it reads as the list with 负责.

    >>> is_bare_list("省发展改革委、省财政厅、人行石家庄中心支行"), is_bare_list("以下简称省数据局")
    (True, False)
    >>> is_bare_list("省财政厅负责")
    False
    """
    if ":" in clause or _LABEL_START.match(clause.strip()):
        return False
    return not any(parse_responsibility(clause).values()) and is_responsibility_clause(clause + "负责")


def _is_labelled_clause(clause: str) -> bool:
    """Whether a clause is made of labelled lists only (责任单位:…;配合单位:…)."""
    if not _LABEL_START.match(clause.strip()) or "。" in clause:
        return False
    roles = parse_labelled_roles(clause.strip())
    return any(roles.values())


def clause_roles(clause: str) -> dict[str, list[tuple[str, int, int]]]:
    """The roles and names of a clause :func:`find_clause` found, offsets into ``clause``.

    >>> r = clause_roles("牵头单位:省财政厅;配合单位:省发展改革委、省统计局")
    >>> [m for m, _, _ in r["lead"]], [m for m, _, _ in r["assisting"]]
    (['省财政厅'], ['省发展改革委', '省统计局'])
    >>> [m for m, _, _ in clause_roles("县财政局牵头,县直各单位配合")["assisting"]]
    ['县直各单位']
    """
    lead = len(clause) - len(clause.lstrip())
    if is_bare_list(clause):
        return parse_responsibility(clause + "负责")
    if _LABEL_START.match(clause[lead:]):
        roles = parse_labelled_roles(clause[lead:])
        return {role: [(m, s + lead, e + lead) for m, s, e in names] for role, names in roles.items()}
    return parse_responsibility(clause)


def _clause_line_end(text: str, start: int, end: int) -> Optional[int]:
    """The end of the last line of ``text[start:end]`` that a clause closes, if not the last line."""
    line_end = text.rfind("\n", start, end)
    while line_end > start:
        head = text[start:line_end].rstrip()
        if head and find_clause(head) is not None:
            return start + len(head)
        line_end = text.rfind("\n", start, line_end)
    return None


def end_at_clauses(text: str, blocks: Sequence) -> list:
    """Blocks whose last task of a section (or of the body) ends at its clause.

    ``blocks`` are :class:`~policykg.ingest.structure.TaskBlock` items of
    ``text`` in reading order. A block that
    closes its section and whose own end is not a clause, but one of whose
    lines is, ends after that line: what follows is the section's or the
    plan's closing text, not the task.

    >>> from policykg.ingest.structure import outline_body
    >>> body = "一、要求\\n(一)推进建设。做好解读。(省政务局牵头)\\n\\n各级要高度重视,确保落到实处。"
    >>> blocks = end_at_clauses(body, outline_body(body, 0, len(body)))
    >>> body[blocks[0].start:blocks[0].end]
    '(一)推进建设。做好解读。(省政务局牵头)'
    """
    out = list(blocks)
    for i, block in enumerate(out):
        following = out[i + 1] if i + 1 < len(out) else None
        closes_section = following is None or following.section != block.section
        if not closes_section or find_clause(text[block.start : block.end]) is not None:
            continue
        cut = _clause_line_end(text, block.heading_end, block.end)
        if cut is not None:
            out[i] = replace(block, end=cut)
    return out
