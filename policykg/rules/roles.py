"""Roles in a responsibility clause, and the words that name them.

A task's clause lists names, then the word that says what they do:
``(省政务局牵头;省直相关单位负责)``. The four roles are :data:`ROLES`; the
words for each are data, in ``data/role_patterns.jsonl`` (label ``ROLE``
for the words that close a list of names, ``ROLE_LABEL`` for the labels of
labelled lines such as 牵头单位:县财政局), shared with ingest's spaCy span
ruler.

Examples
--------
>>> ROLES
('lead', 'responsible', 'shared', 'assisting')
>>> ROLE_WORDS["牵头"], ROLE_WORDS["按职责分工负责"], ROLE_LABELS["牵头单位"]
('lead', 'shared', 'lead')
>>> role_of("配合")
'assisting'
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Optional

__all__ = [
    "ROLES",
    "ROLE_PATTERNS",
    "ROLE_WORDS",
    "ROLE_LABELS",
    "WEAK_ROLE_WORDS",
    "JOINING_ROLE_WORDS",
    "role_patterns",
    "role_of",
    "FIRST_IS_LEAD_RE",
    "STANDING_NOTE_RE",
    "clause_note",
    "first_is_lead",
    "standing_note",
]

ROLES = ("lead", "responsible", "shared", "assisting")
"""The roles, in the order a clause names them: 牵头, 负责, 分工负责, 配合."""

ROLE_PATTERNS = resources.files("policykg.rules").joinpath("data/role_patterns.jsonl")
"""The data file of role words and role labels (spaCy pattern rows)."""


def role_patterns() -> list[dict]:
    """The rows of :data:`ROLE_PATTERNS` (``{label, pattern, id}``), as spaCy's span ruler takes them."""
    text = ROLE_PATTERNS.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


ROLE_WORDS: dict[str, str] = {row["pattern"]: row["id"] for row in role_patterns() if row["label"] == "ROLE"}
"""Role word → role (负责落实 → responsible)."""

ROLE_LABELS: dict[str, str] = {row["pattern"]: row["id"] for row in role_patterns() if row["label"] == "ROLE_LABEL"}
"""Label of a labelled line → role (牵头单位 → lead)."""

WEAK_ROLE_WORDS = frozenset({"落实", "参与", "参加"})
"""Role words that also occur inside ordinary phrases: they count only at the end of a part of a clause."""


JOINING_ROLE_WORDS = frozenset({"会同"})
"""Role words that stand between two lists: 县财政局会同县发改局负责 (the names
before lead, those after take the next role word)."""


def role_of(word: str) -> Optional[str]:
    """The role a role word or label names, or None.

    >>> role_of("责任单位"), role_of("政务公开") is None
    ('responsible', True)
    """
    word = (word or "").strip()
    return ROLE_WORDS.get(word) or ROLE_LABELS.get(word)


# ---------------------------------------------------------------- notes on clauses

# A note closing a clause (or standing in the preamble) that changes how the
# clause is read: 列在第一位的为牵头部门 (the first name listed leads),
# 以下均需各市县政府负责,不再列出 (these names owe every task from here on,
# and are not listed again), 下同 (the same holds below).
FIRST_IS_LEAD_RE = re.compile(r"(?:列|排)(?:在|于)?(?:第一位|首位|第一)的?(?:单位|部门)?(?:为|是)牵头(?:单位|部门|处室)")
"""The note that the first name listed in a clause is its lead (列在第一位的为牵头部门)."""

STANDING_NOTE_RE = re.compile(
    r"以下(?:各项)?(?:均|都)?(?:需|由|为|要)?(?P<names>[^()。;]{2,120}?)(?P<role>负责落实|负责|落实|参与|配合)[,，、]?(?:均)?不再(?:一一)?列出"
)
"""The note naming parties that owe every following task (以下均需各市县政府负责,不再列出)."""

_NOTE_RE = re.compile(
    r"[。;,，；]\s*(?:"
    + FIRST_IS_LEAD_RE.pattern
    + r"|"
    + STANDING_NOTE_RE.pattern.replace("(?P<names>", "(?:").replace("(?P<role>", "(?:")
    + r"|下同|以下同|后同)(?:[,，;；。]\s*(?:下同|以下同|后同))?[。.]?\s*$"
)


def clause_note(clause: str) -> Optional[re.Match]:
    """The note at the end of a clause (after its names and role words), if any.

    >>> c = "省人社厅、省财政厅按职责分工负责。列在第一位的为牵头部门,下同"
    >>> c[: clause_note(c).start()]
    '省人社厅、省财政厅按职责分工负责'
    >>> c = "省科技厅,各市、县政府按职责分工负责。以下均需各市县政府、雄安新区管委会负责,不再列出"
    >>> c[: clause_note(c).start()]
    '省科技厅,各市、县政府按职责分工负责'
    >>> clause_note("省科技厅负责") is None
    True
    """
    return _NOTE_RE.search(clause)


def first_is_lead(text: str) -> bool:
    """Whether a text says that the first name of each clause leads.

    >>> first_is_lead("(省人社厅、省财政厅负责。列在第一位的为牵头部门,下同)"), first_is_lead("省人社厅负责")
    (True, False)
    """
    return FIRST_IS_LEAD_RE.search(text) is not None


def standing_note(text: str) -> Optional[tuple[str, str, int]]:
    """The parties a 不再列出 note puts on every following task: ``(names, role, offset)``.

    >>> standing_note("按职责分工负责。以下均需各市县政府、雄安新区管委会负责,不再列出")
    ('各市县政府、雄安新区管委会', 'responsible', 12)
    """
    m = STANDING_NOTE_RE.search(text)
    if not m:
        return None
    return m.group("names"), ROLE_WORDS[m.group("role")], m.start("names")
