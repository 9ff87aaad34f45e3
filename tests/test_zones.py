"""Zoning real documents: line breaks put back, metadata blocks, policy text, line zones."""

from __future__ import annotations

import pytest

from policykg.ingest.clean import clean
from policykg.rules.issuers import issuers_in_title, national_body, signature_issuers
from policykg.ingest.zones import (
    break_collapsed,
    has_policy_text,
    label_lines,
    read_metadata_block,
    title_from_block,
    titles_agree,
)

from . import corpus_scoring as cs

PROSE = "现将有关事项通知如下。" * 50


@pytest.mark.parametrize(
    "text, lines",
    [
        # a crawler's collapsed page: title, number, addressees, sections, signature
        (
            "某县人民政府办公室关于某事的通知某政发〔2020〕3号各乡镇:" + PROSE + "一、总体要求。(一)加强领导。某县人民政府办公室2020年4月1日",
            ["某县人民政府办公室关于某事的通知", "某政发〔2020〕3号", "各乡镇:" + PROSE, "一、总体要求。", "(一)加强领导。", "某县人民政府办公室", "2020年4月1日"],
        ),
        # runs of spaces where line breaks were
        ("甲乙丙丁戊。  " + PROSE + "  己庚辛壬癸。", ["甲乙丙丁戊。", "  " + PROSE, "  己庚辛壬癸。"]),
        # the number opens a short head line, then the body
        ("国发〔2018〕39号就业是最大的民生。", ["国发〔2018〕39号", "就业是最大的民生。"]),
        # title, number and date glued in the head: the number opens a line once the title is cut off
        ("某省人民政府关于某事的实施意见冀政字〔2019〕31号2019年7月1日", ["某省人民政府关于某事的实施意见", "冀政字〔2019〕31号", "2019年7月1日"]),
        # a normal paragraph is left alone
        ("各地要加强领导,完善机制。", ["各地要加强领导,完善机制。"]),
    ],
)
def test_break_collapsed(text, lines):
    assert break_collapsed(clean(text)).text.split("\n") == lines


def test_breaks_keep_the_offset_map():
    source = "某县人民政府办公室关于某事的通知某政发〔2020〕3号各乡镇:" + PROSE
    ct = break_collapsed(clean(source))
    for i, ch in enumerate(ct.text):
        if ch != "\n":
            assert source[ct.source_offset(i)] == ch


@pytest.mark.parametrize(
    "text, expected",
    [
        ("标题: 关于某事的通知\n发布时间: 2017-05-05 09:43\n文号:\n发布机构:\n", {"title": "关于某事的通知", "published_date": "2017-05-05 09:43"}),
        ("索 引 号: 000014349/2018-00204 发文机关: 国务院办公厅 成文日期: 2018年10月27日", {"index_number": "000014349/2018-00204", "publisher": "国务院办公厅", "signed_date": "2018年10月27日"}),
        ("| 标 题: | 国务院办公厅关于某事的通知 |  |", {"title": "国务院办公厅关于某事的通知"}),
        ("索引号:123 文号:某政发〔2019〕5号 发布机构:某县政府 生成日期:2019-01-02 标题:关于某事的通知 有效性:有效", {"index_number": "123", "doc_number": "某政发〔2019〕5号", "publisher": "某县政府", "published_date": "2019-01-02", "title": "关于某事的通知", "validity": "有效"}),
        ("各地要加强领导。", {}),
    ],
)
def test_read_metadata_block(text, expected):
    assert {k: f.value for k, f in read_metadata_block(text).items()} == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("标题: 关于某事的通知\n正文\n某县人民政府办公室关于某事的通知\n", "某县人民政府办公室关于某事的通知"),
        ("标题: 关于某事的通知\n正文\n当前位置: 首页 某政发〔2020〕3号 关于某事的通知 各乡镇:", "关于某事的通知"),
        ("标题: 关于某事的通知\n正文只有别的内容\n", "关于某事的通知"),
    ],
)
def test_title_from_block(text, expected):
    assert title_from_block(text, read_metadata_block(text))[0] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("首页 | 网站地图 | 联系我们 | 扫一扫在手机打开当前页", False),
        ("Copyright 2020 All rights reserved " * 20, False),
        ("各乡镇人民政府:为贯彻落实省委部署,进一步加强政务公开工作,建立完善工作机制,请认真抓好落实,按时报送情况。" * 2, True),
    ],
)
def test_has_policy_text(text, expected):
    assert has_policy_text(text) is expected


@pytest.mark.parametrize(
    "title, expected",
    [
        ("中共河北省委办公厅 河北省人民政府办公厅印发《某意见》的通知", ["中共河北省委办公厅", "河北省人民政府办公厅"]),
        ("中共中央办公厅国务院办公厅印发《某意见》", ["中共中央办公厅", "国务院办公厅"]),
        ("中共中央国务院关于某事的若干意见", ["中共中央", "国务院"]),
        ("科技部 财政部 发展改革委关于印发《某规范》的通知", ["科技部", "财政部", "发展改革委"]),
        ("人力资源社会保障部、国家发展改革委等20部门关于某事的意见", ["人力资源社会保障部", "国家发展改革委"]),
        ("平潭综合实验区管委会办公室贯彻执行福建省人民政府办公厅关于某事的通知", ["平潭综合实验区管委会办公室"]),
        ("科技部财政部发展改革委关于印发《某规范》的通知", ["科技部", "财政部", "发展改革委"]),
        ("国家税务总局湖南省税务局关于某事的通知", ["国家税务总局湖南省税务局"]),
        ("关于印发《某要点》的通知", []),
        ("为贯彻落实《国务院办公厅关于某事的意见》", []),
    ],
)
def test_issuers_in_title(title, expected):
    assert issuers_in_title(title) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("河北省人民政府办公厅", ["河北省人民政府办公厅"]),
        ("河北省人力资源和社会保障厅河北省市场监督管理局", ["河北省人力资源和社会保障厅", "河北省市场监督管理局"]),
        ("链接:我省出台新规.html河北省人民政府", ["河北省人民政府"]),
        ("附件:1.某表", []),
    ],
)
def test_signature_issuers(line, expected):
    assert signature_issuers(line) == expected


@pytest.mark.parametrize("name, expected", [("人力资源社会保障部", True), ("国务院办公厅", True), ("河北省教育厅", False), ("某县财政局", False)])
def test_national_body(name, expected):
    assert national_body(name) is expected


@pytest.mark.parametrize(
    "text_title, exported, expected",
    [
        ("河北省教育厅关于做好某项工作的通知", "关于做好某项工作的通知", True),
        ("河北省教育厅关于印发《某办法》的通知", "《某办法》政策解读", False),
        ("委员会河北监管局2023年5月4日关于某方案", "关于联合印发《关于加快推动清洁能源装备产业发展的实施方案》的通知", False),
    ],
)
def test_titles_agree(text_title, exported, expected):
    assert titles_agree(text_title, exported) is expected


def test_label_lines_of_a_red_header_notice():
    text = "中共某省委办公厅\n某省人民政府办公厅印发《某意见》的通知\n某办字〔2017〕26号\n各市人民政府:\n现印发给你们。\n中共某省委办公厅\n2017年9月8日\n某意见\n一、总体要求\n1.加强领导。\n抄送:省委办"
    assert [z for _, _, z in label_lines(text)] == [
        "title", "title", "doc_number", "addressees", "body", "signature", "date", "title", "section", "task", "footer",
    ]


# Lines of the development corpus labelled by hand: per-zone accuracy of the
# rules (benchmarks/eval_corpus.py prints the table). The held-out lines were
# labelled after the rules were written and were not used to tune them.
@pytest.mark.parametrize("truth_file, floor", [(cs.ZONE_TRUTH, 0.99), (cs.ZONE_HELDOUT, 0.94)])
def test_zone_accuracy_on_labelled_lines(truth_file, floor):
    scores = cs.score_zones(truth_file=truth_file)
    right, total = sum(r for r, _ in scores.values()), sum(n for _, n in scores.values())
    assert total > 50 and right / total >= floor, scores
