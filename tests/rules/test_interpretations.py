"""The 解读 rule: which texts interpret another document, as (title, opening, expected) tables."""

from __future__ import annotations

import pytest

from policykg.rules.interpretations import is_interpretation


@pytest.mark.parametrize(
    "title, opening, expected",
    [
        ("《河北省新型研发机构管理办法》解读", "一、出台背景", True),
        ("《关于全面推行行政规范性文件合法性审核机制的实施意见》的政策解读", "", True),
        ("市人社局负责人就《某某办法》答记者问", "", True),
        ("", "省政府办公厅印发了《某实施意见》(冀政办字〔2019〕10号),为便于理解,现解读如下。一、出台背景", True),
        ("", "按照《某通知》要求,研究制定了《某方案》(以下简称《方案》),现将有关情况解读如下:一、筹建背景", True),
        ("", "\n     一、出台背景\n  “十三五”以来,……\n  二、《办法》主要内容\n  《办法》共5章24条。", True),
        # the word alone, or a background heading without the document's contents, is not enough
        ("某县2020年政务公开工作要点", "一、加强政策解读。做好政策解读工作,及时回应关切。", False),
        ("关于做好政策解读工作的通知", "各乡镇:为做好政策解读工作,现将有关事项通知如下。", False),
        ("", "一、出台背景\n为推进改革……二、工作任务\n(一)……", False),
        ("河北省人民政府关于加快推进奶业振兴的实施意见", "为贯彻落实《国务院办公厅关于推进奶业振兴保障乳品质量安全的意见》", False),
    ],
)
def test_is_interpretation(title, opening, expected):
    assert is_interpretation(title, opening) is expected
