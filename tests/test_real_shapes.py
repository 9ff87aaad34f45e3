"""The shapes real crawled documents take, read end to end (each modelled on files of the development corpus)."""

from __future__ import annotations

import pytest

from policykg.errors import NotANotice
from policykg.ingest.pipeline import parse_text
from policykg.ingest.records import Source

SRC = Source(path="real.txt", sha256="1" * 64)
BODY = "各地要高度重视,加强组织领导,完善工作机制,明确责任分工,抓好贯彻落实,确保各项任务落到实处。" * 12


def _codes(doc):
    return [f.code for f in doc.flags]


@pytest.mark.parametrize(
    "text, title, number, issuer, signed",
    [
        # whitespace collapsed into one line (河北人社 exports)
        (
            "河北省人民政府办公厅关于加强某项工作的通知冀政办字〔2019〕39号各市(含定州、辛集市)人民政府,省政府各部门:"
            + BODY + "一、总体要求。" + BODY + "河北省人民政府办公厅2019年4月22日更多信息请关注官方微信“河北人社”",
            "河北省人民政府办公厅关于加强某项工作的通知", "冀政办字〔2019〕39号", "河北省人民政府办公厅", "2019-04-22",
        ),
        # an archive's header lines before the page (平潭 archive)
        (
            "标题: 福建省人民政府办公厅关于加强某项工作的通知\n发布时间: 2017-05-05 09:43\n文号: \n发布机构: \n"
            "==================== 正文 ====================\n"
            "福建省人民政府办公厅关于加强某项工作的通知\n闽政办〔2017〕45号\n各市、县(区)人民政府: " + BODY + "\n福建省人民政府办公厅\n2017年4月28日\n",
            "福建省人民政府办公厅关于加强某项工作的通知", "闽政办〔2017〕45号", "福建省人民政府办公厅", "2017-04-28",
        ),
        # the number on the line above the title; stacked joint issuers (red-header files)
        (
            "\n  冀办字〔2017〕26号\n  中共河北省委办公厅\n  河北省人民政府办公厅\n  印发《关于某事的实施意见》的通知\n各市党委和人民政府:\n  "
            + BODY + "\n  中共河北省委办公厅\n  河北省人民政府办公厅\n  2017年9月8日\n",
            "中共河北省委办公厅河北省人民政府办公厅印发《关于某事的实施意见》的通知", "冀办字〔2017〕26号", "中共河北省委办公厅", "2017-09-08",
        ),
        # a damaged number in the body, the right one in the metadata block
        (
            "索引号: 123/2020-1 文号: 穗府办函〔2020〕53号 发布机构: 广州市人民政府办公厅\n广州市人民政府办公厅关于某事的通知\n穗府办函〔202053号\n各区人民政府:\n" + BODY,
            "广州市人民政府办公厅关于某事的通知", "穗府办函〔2020〕53号", "广州市人民政府办公厅", None,
        ),
    ],
    ids=["collapsed_line", "archive_header", "red_header_joint_issuers", "metadata_number_wins"],
)
def test_shapes(text, title, number, issuer, signed):
    doc = parse_text(text, SRC)[0]
    assert (doc.title, doc.doc_number, doc.issuer, doc.signed_date) == (title, number, issuer, signed)


def test_a_cover_notice_without_its_title_gives_a_flagged_record():
    text = "《河北省某某工作实施细则》已经省政府同意,现印发给你们,请认真贯彻执行。\n河北省人民政府办公厅\n2017年7月5日\n" + BODY
    doc = parse_text(text, SRC)[0]
    assert (doc.title, doc.kind) == ("河北省某某工作实施细则", "notice")
    assert "no_title" in _codes(doc) and "no_number" in _codes(doc)
    assert doc.confidence["title"] < 0.7
    assert (doc.issuer, doc.level, doc.region) == ("河北省人民政府办公厅", "provincial", ["河北省"])


def test_an_excerpt_cut_off_is_flagged():
    doc = parse_text("某县人民政府办公室关于某事的通知\n各乡镇:\n" + BODY + "各单位要按照要求,及时", SRC)[0]
    assert "cut_off" in _codes(doc)


def test_the_province_the_text_calls_its_own_is_weak_evidence():
    doc = parse_text("为贯彻落实国务院部署,结合我省实际,提出以下措施。" + BODY + "河北省各级各部门要抓好落实。", SRC)[0]
    assert doc.region == ["河北省"] and doc.confidence["region"] == 0.5 and doc.issuer is None


@pytest.mark.parametrize(
    "text",
    [
        "首页 | 网站地图 | 联系我们 | 扫一扫在手机打开当前页 | 版权所有",
        "Copyright (c) 2020 example.gov.cn All rights reserved. " * 10,
        "关于某事的通知",
    ],
)
def test_only_texts_without_policy_prose_are_rejected(text):
    with pytest.raises(NotANotice, match="no policy text"):
        parse_text(text, SRC)


def test_a_release_heading_without_its_notice_is_the_title():
    # Xinhua-style: 某办公厅印发 / 《某意见》 / number, no 的通知 (national documents reposted by provincial sites)
    text = "\n  中共中央办公厅国务院办公厅印发\n  《关于进一步完善某项管理\n  等政策的若干意见》\n  中办发〔2016〕50号\n  近日,中共中央办公厅、国务院办公厅印发了《关于进一步完善某项管理等政策的若干意见》。\n" + BODY
    doc = parse_text(text, SRC)[0]
    assert doc.title == "中共中央办公厅国务院办公厅印发《关于进一步完善某项管理等政策的若干意见》"
    assert (doc.doc_number, doc.issuer, doc.level) == ("中办发〔2016〕50号", "中共中央办公厅", "national")


def test_a_site_name_in_the_publisher_field_names_no_place():
    text = "标题: 某区管委会办公室关于某事的通知\n发布机构: 中国平潭\n正文\n某区管委会办公室关于某事的通知\n各单位:\n" + BODY
    doc = parse_text(text, SRC)[0]
    assert doc.level != "national"
