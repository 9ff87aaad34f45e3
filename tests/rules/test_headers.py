"""The header labels: (text, expected) tables."""

from __future__ import annotations

import pytest

from policykg.rules.headers import ADDRESSEE_LINE, ANY_LABEL, FIELDS, NUMBER_LABEL_BEFORE, label_re, labels


@pytest.mark.parametrize(
    "field, text",
    [
        ("index_number", "索引号"),
        ("index_number", "索 引 号"),
        ("publisher", "发布机构"),
        ("publisher", "发文机关"),
        ("doc_number", "文  号"),
        ("doc_number", "发文字号"),
        ("published_date", "发布日期"),
        ("effective_date", "施行日期"),
        ("expiry_date", "废止日期"),
        ("signed_date", "成文日期"),
    ],
)
def test_each_label_matches_its_field_with_or_without_spaces(field, text):
    assert label_re(field).fullmatch(text)
    assert ANY_LABEL.search(text)


@pytest.mark.parametrize("text", ["發文字號", "索引號", "發布機構"])
def test_traditional_labels(text):
    assert ANY_LABEL.search(text)


@pytest.mark.parametrize(
    "text, expected",
    [("文号:", True), ("发文字号 ", True), ("发文编号:", True), ("根据", False), ("文号是", False)],
)
def test_a_number_label_before(text, expected):
    assert bool(NUMBER_LABEL_BEFORE.search(text)) is expected


def test_every_field_has_labels():
    assert FIELDS and all(labels(f) for f in FIELDS)


@pytest.mark.parametrize(
    "line, names",
    [
        ("各乡镇人民政府,县直各单位:", "各乡镇人民政府,县直各单位"),
        ("  \t各区县人民政府:  ", "各区县人民政府"),
        ("\u3000\u3000各有关单位:", "各有关单位"),  # a full-width indent is no part of the names
        ("现将有关事项通知如下。", None),  # a sentence, not an addressee line
        ("一、总体要求", None),
        ("   :", None),  # blanks are no names
        ("各:", None),  # nor is one character
    ],
)
def test_the_addressee_line(line, names):
    m = ADDRESSEE_LINE.search(line)
    assert (m.group("names") if m else None) == names
