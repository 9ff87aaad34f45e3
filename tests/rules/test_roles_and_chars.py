"""The role words and the character tables: (text, expected) tables."""

from __future__ import annotations

import pytest

from policykg.graph.schema import ROLE_RELATIONS
from policykg.rules.chars import FULLWIDTH_DIGITS, search_key
from policykg.rules.roles import ROLE_LABELS, ROLE_WORDS, ROLES, role_of


@pytest.mark.parametrize(
    "word, role",
    [("牵头", "lead"), ("负责落实", "responsible"), ("按职责分工负责", "shared"), ("配合", "assisting"), ("牵头单位", "lead"), ("责任单位", "responsible"), ("政务公开", None)],
)
def test_role_of(word, role):
    assert role_of(word) == role


def test_every_role_word_names_a_known_role():
    assert set(ROLE_WORDS.values()) | set(ROLE_LABELS.values()) <= set(ROLES)
    assert tuple(r.value for r in ROLE_RELATIONS) == ROLES


@pytest.mark.parametrize(
    "text, expected",
    [(" 湘政办发 〔2020〕9号 ", "湘政办发〔2020〕9号"), ("ABC def", "abcdef"), ("", ""), (None, "")],
)
def test_search_key(text, expected):
    assert search_key(text) == expected


def test_fullwidth_digits():
    assert "〔２０２０〕９号".translate(FULLWIDTH_DIGITS) == "〔2020〕9号"
