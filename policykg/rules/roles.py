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
from importlib import resources
from typing import Optional

__all__ = ["ROLES", "ROLE_PATTERNS", "ROLE_WORDS", "ROLE_LABELS", "WEAK_ROLE_WORDS", "role_patterns", "role_of"]

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

WEAK_ROLE_WORDS = frozenset({"落实", "参与"})
"""Role words that also occur inside ordinary phrases: they count only at the end of a part of a clause."""


def role_of(word: str) -> Optional[str]:
    """The role a role word or label names, or None.

    >>> role_of("责任单位"), role_of("政务公开") is None
    ('responsible', True)
    """
    word = (word or "").strip()
    return ROLE_WORDS.get(word) or ROLE_LABELS.get(word)
