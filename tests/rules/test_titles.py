"""The title rule: (text, expected) tables."""

from __future__ import annotations

import pytest

from policykg.rules.titles import normalize_title, subject_similarity, title_core, title_subject, title_years


@pytest.mark.parametrize(
    "text, expected",
    [
        ("《湖南省2020年政务公开工作要点》", "湖南省2020年政务公开工作要点"),
        ("关于建立政务服务“好差评”制度的意见 (国办发〔2019〕51号)", "关于建立政务服务好差评制度的意见"),
        ("  平江县2020年 政务公开工作要点。", "平江县2020年政务公开工作要点"),
        (None, ""),
    ],
)
def test_normalize_title(text, expected):
    assert normalize_title(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("国务院办公厅关于推进政务新媒体健康有序发展的意见", "关于推进政务新媒体健康有序发展的意见"),
        ("中华人民共和国政府信息公开条例", "政府信息公开条例"),
        ("湖南省2020年政务公开工作要点", "湖南省2020年政务公开工作要点"),
    ],
)
def test_title_core(text, expected):
    assert title_core(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见", "全面推进基层政务公开标准化规范化工作"),
        ("优化营商环境条例", None),
    ],
)
def test_title_subject(text, expected):
    assert title_subject(text) == expected


def test_subject_similarity_is_symmetric_and_bounded():
    a, b = "全面推进基层政务公开标准化规范化", "全面推进基层政务公开标准化规范化工作"
    assert subject_similarity(a, b) == subject_similarity(b, a)
    assert 0 < subject_similarity(a, b) < 1 == subject_similarity(a, a)
    assert subject_similarity(a, None) == 0.0


@pytest.mark.parametrize(
    "text, expected",
    [
        ("湖南省2020年政务公开工作要点", [2020]),
        ("某市2021—2023年数字政府建设方案", [2021, 2022, 2023]),
        ("某省“十四五”数字政府规划", [2021, 2022, 2023, 2024, 2025]),
        ("关于印发某方案的通知(湘政办发〔2020〕9号)", []),
    ],
)
def test_title_years(text, expected):
    assert title_years(text) == expected
