"""The stated-subject rule: what an untitled document's opening says it is about, as (text, expected) tables."""

from __future__ import annotations

import pytest

from policykg.rules.subjects import stated_subject


@pytest.mark.parametrize(
    "text, expected",
    [
        ("面对就业压力加大形势,必须着力培育新引擎。现就进一步做好就业创业工作提出以下意见:一、深入实施", ("进一步做好就业创业工作", "意见")),
        ("为贯彻落实党中央、国务院决策部署,切实加强劳务品牌建设,现提出如下意见。一、总体要求", ("切实加强劳务品牌建设", "意见")),
        ("为进一步做好农民工返乡创业工作,经国务院同意,现提出如下意见。", ("进一步做好农民工返乡创业工作", "意见")),
        (
            "为贯彻落实《国务院办公厅关于推进政务新媒体健康有序发展的意见》(国办发〔2018〕123号)精神,充分发挥作用,经省政府同意,提出如下实施意见。",
            ("推进政务新媒体健康有序发展", "实施意见"),
        ),
        ("现就有关事项通知如下:一、", None),
        ("各县市区人民政府:现将《某某办法》印发给你们,请认真贯彻执行。", None),
        ("一、总体要求。坚持以人民为中心。", None),
    ],
)
def test_stated_subject(text, expected):
    found = stated_subject(text)
    assert (found[:2] if found else None) == expected
    if found:
        assert found.subject in text[found.start : found.end]
