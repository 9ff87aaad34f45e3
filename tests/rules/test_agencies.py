"""Responsibility clauses: splitting names, roles, canonical names and kinds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from policykg.rules.agencies import (
    ROLE_WORDS,
    ROLES,
    Jurisdiction,
    canonical_agency_name,
    canonical_party,
    is_responsibility_clause,
    parse_responsibility,
    resolve_parties,
    same_agency,
    split_names,
)
from policykg.rules.regions import NATIONAL, region_from_code

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "examples" / "seed-004-reading.json"
NOTICES = Path(__file__).resolve().parents[2] / "examples" / "notices"

HUNAN = Jurisdiction(region_from_code("430000"), "湖南省人民政府办公厅")
PINGJIANG = Jurisdiction(region_from_code("430626"), "平江县人民政府办公室")
LITONG = Jurisdiction(region_from_code("640302"), "吴忠市利通区人民政府办公室")
NINGXIA = Jurisdiction(region_from_code("640000"))
GUANGDONG = Jurisdiction(region_from_code("440000"))
ZHEJIANG = Jurisdiction(region_from_code("330000"))
GUANGZHOU = Jurisdiction(region_from_code("440100"))
BEIJING = Jurisdiction(region_from_code("110000"))
NATION = Jurisdiction(NATIONAL, "国务院办公厅")
GONGAN = Jurisdiction(region_from_code("421022"))

J = {
    "hunan": HUNAN,
    "pingjiang": PINGJIANG,
    "litong": LITONG,
    "ningxia": NINGXIA,
    "guangdong": GUANGDONG,
    "zhejiang": ZHEJIANG,
    "guangzhou": GUANGZHOU,
    "beijing": BEIJING,
    "nation": NATION,
    "gongan": GONGAN,
}


# ---------------------------------------------------------------- split_names


@pytest.mark.parametrize(
    "text, names",
    [
        ("各市州和有关县市区人民政府", ["各市州", "有关县市区人民政府"]),
        ("省政务局、省司法厅", ["省政务局", "省司法厅"]),
        ("省直相关单位,各市州、县市区人民政府", ["省直相关单位", "各市州", "县市区人民政府"]),
        ("省住房城乡建设厅、省文化和旅游厅", ["省住房城乡建设厅", "省文化和旅游厅"]),
        ("省工业和信息化厅、县人力资源和社会保障局", ["省工业和信息化厅", "县人力资源和社会保障局"]),
        ("国家发展和改革委员会和住房和城乡建设部", ["国家发展和改革委员会", "住房和城乡建设部"]),
        ("中共湖南省委网络安全和信息化委员会办公室", ["中共湖南省委网络安全和信息化委员会办公室"]),
        ("省发展改革委、省能源局、省医保局等单位", ["省发展改革委", "省能源局", "省医保局"]),
        ("省政务局等", ["省政务局"]),
        ("县人社局、文旅广体局等部门", ["县人社局", "文旅广体局"]),
        ("省财政厅、省政府发展研究中心等省直有关单位", ["省财政厅", "省政府发展研究中心", "省直有关单位"]),
        ("各开设有政务新媒体的县直相关单位和乡镇人民政府", ["各开设有政务新媒体的县直相关单位", "乡镇人民政府"]),
        ("区审批服务管理局<政务服务中心>", ["区审批服务管理局<政务服务中心>"]),
        ("各市、县(市、区)人民政府", ["各市", "县(市、区)人民政府"]),
        ("省委和省政府", ["省委", "省政府"]),
        ("县中等职业学校", ["县中等职业学校"]),
        ("由县政府办、县司法局共同", ["县政府办", "县司法局"]),
        ("  省政务局 ,  省司法厅 ", ["省政务局", "省司法厅"]),
        ("", []),
    ],
)
def test_split_names(text, names):
    found = split_names(text)
    assert [m for m, _, _ in found] == names
    for mention, start, end in found:
        assert text[start:end] == mention


# ---------------------------------------------------------------- clauses


@pytest.mark.parametrize(
    "clause, expected",
    [
        (
            "省政务局、省司法厅牵头;省直相关单位,各市州、县市区人民政府负责",
            {"lead": ["省政务局", "省司法厅"], "responsible": ["省直相关单位", "各市州", "县市区人民政府"]},
        ),
        (
            "县政府办、行政审批服务局牵头;县直相关单位,各乡镇人民政府负责",
            {"lead": ["县政府办", "行政审批服务局"], "responsible": ["县直相关单位", "各乡镇人民政府"]},
        ),
        (
            "吴忠市市场监督管理局利通分局牵头,各乡镇人民政府、政府各部门负责落实",
            {"lead": ["吴忠市市场监督管理局利通分局"], "responsible": ["各乡镇人民政府", "政府各部门"]},
        ),
        ("各乡镇人民政府、政府各部门负责落实", {"responsible": ["各乡镇人民政府", "政府各部门"]}),
        (
            "(省发展改革委、省教育厅、省医保局等单位按职责分工负责)",
            {"shared": ["省发展改革委", "省教育厅", "省医保局"]},
        ),
        ("县政府经研中心、行政审批服务局分工负责", {"shared": ["县政府经研中心", "行政审批服务局"]}),
        (
            "省政务局牵头,省直有关单位配合,各市州负责",
            {"lead": ["省政务局"], "assisting": ["省直有关单位"], "responsible": ["各市州"]},
        ),
        ("省财政厅协助", {"assisting": ["省财政厅"]}),
        ("县司法局参与", {"assisting": ["县司法局"]}),
        ("县直相关单位落实", {"responsible": ["县直相关单位"]}),
        ("省政务局牵头负责", {"lead": ["省政务局"]}),
        ("省政务局具体负责", {"responsible": ["省政务局"]}),
        ("县直相关单位按职责分工落实", {"shared": ["县直相关单位"]}),
        # Words after a role word belong to it.
        ("各县市区人民政府负责组织实施", {"responsible": ["各县市区人民政府"]}),
        (
            "省发展改革委、省政务局牵头;省直相关单位,各市州和有关县市区人民政府负责",
            {
                "lead": ["省发展改革委", "省政务局"],
                "responsible": ["省直相关单位", "各市州", "有关县市区人民政府"],
            },
        ),
        (
            "区审批服务管理局<政务服务中心>牵头,各乡镇人民政府、政府各部门负责落实",
            {"lead": ["区审批服务管理局<政务服务中心>"], "responsible": ["各乡镇人民政府", "政府各部门"]},
        ),
        (
            "县优化办牵头;县发改局、水利局、税务局、供电公司负责",
            {"lead": ["县优化办"], "responsible": ["县发改局", "水利局", "税务局", "供电公司"]},
        ),
        ("以下简称一体化平台", {}),
    ],
)
def test_parse_responsibility(clause, expected):
    parsed = parse_responsibility(clause)
    assert set(parsed) == set(ROLES)
    assert {role: [m for m, _, _ in names] for role, names in parsed.items() if names} == expected
    for names in parsed.values():
        for mention, start, end in names:
            assert clause[start:end] == mention


def test_role_words_are_one_table():
    assert set(ROLE_WORDS.values()) == set(ROLES)
    assert ROLE_WORDS["牵头"] == "lead"
    assert ROLE_WORDS["负责落实"] == "responsible"
    assert ROLE_WORDS["按职责分工负责"] == "shared"
    assert ROLE_WORDS["配合"] == "assisting"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("(省政务局牵头;省直相关单位,各市州、县市区人民政府负责)", True),
        ("各乡镇人民政府、政府各部门负责落实", True),
        ("(县政府办督查室负责)", True),
        ("(县人社局、教育局、医保局等单位按职责分工负责)", True),
        ("(各开设有政务新媒体的县直相关单位和乡镇人民政府负责)", True),
        ("(省财政厅配合)", True),
        ("(以下简称一体化平台)", False),
        ("(国办发〔2019〕54号)", False),
        ("(国务院令第711号)", False),
        ("(平江县政务服务旗舰店)", False),
        ("(街道)", False),
        ("(含村卫生室)", False),
        ("(此件主动公开)", False),
        ("(确保政策落实)", False),
        ("(包括县、不设区的市、市辖区人民政府和乡镇人民政府、街道办事处)", False),
        ("(乡镇人民政府、街道办事处结合实际行政管理职能)", False),
        ("(领取1本营业执照、经营许可零时限、出具1份告知承诺书)", False),
        ("(省政务局牵头,2020年底前完成)", False),
        ("()", False),
    ],
)
def test_is_responsibility_clause(text, expected):
    assert is_responsibility_clause(text) is expected


# ---------------------------------------------------------------- canonical names


@pytest.mark.parametrize(
    "where, mention, previous, canonical, kind",
    [
        # The conventions of the golden reading (a Hunan provincial plan).
        ("hunan", "省政务局", None, "湖南省政务管理服务局", "agency"),
        ("hunan", "省政府发展研究中心", None, "湖南省人民政府发展研究中心", "agency"),
        ("hunan", "省委网信办", None, "中共湖南省委网络安全和信息化委员会办公室", "agency"),
        ("hunan", "省发展改革委", None, "湖南省发展和改革委员会", "agency"),
        ("hunan", "省住房城乡建设厅", None, "湖南省住房和城乡建设厅", "agency"),
        ("hunan", "省国资委", None, "湖南省人民政府国有资产监督管理委员会", "agency"),
        ("hunan", "省扶贫办", None, "湖南省扶贫开发办公室", "agency"),
        ("hunan", "省医保局", None, "湖南省医疗保障局", "agency"),
        ("hunan", "省应急厅", None, "湖南省应急管理厅", "agency"),
        ("hunan", "省人力资源社会保障厅", None, "湖南省人力资源和社会保障厅", "agency"),
        ("hunan", "省卫生健康委", None, "湖南省卫生健康委员会", "agency"),
        ("hunan", "省市场监管局", None, "湖南省市场监督管理局", "agency"),
        ("hunan", "省文化和旅游厅", None, "湖南省文化和旅游厅", "agency"),
        ("hunan", "省直相关单位", None, "湖南省直相关单位", "collective"),
        ("hunan", "省直有关单位", None, "湖南省直相关单位", "collective"),
        ("hunan", "省直各单位", None, "湖南省直各单位", "collective"),
        ("hunan", "各级人民政府", None, "湖南省各级人民政府", "collective"),
        ("hunan", "各级各有关部门", None, "湖南省各级各有关部门", "collective"),
        ("hunan", "有关县市区人民政府", None, "湖南省有关县市区人民政府", "collective"),
        ("hunan", "省政府", None, "湖南省人民政府", "agency"),
        ("hunan", "省委", None, "中共湖南省委", "agency"),
        ("hunan", "省税务局", None, "国家税务总局湖南省税务局", "agency"),
        ("hunan", "省政府各厅委", None, "湖南省人民政府各厅委", "collective"),
        # A 平江县 plan.
        ("pingjiang", "县市场监管局", None, "平江县市场监督管理局", "agency"),
        ("pingjiang", "县政府办", None, "平江县人民政府办公室", "agency"),
        ("pingjiang", "行政审批服务局", None, "平江县行政审批服务局", "agency"),
        ("pingjiang", "自然资源局", "县市场监管局", "平江县自然资源局", "agency"),
        ("pingjiang", "住建局", "平江县自然资源局", "平江县住房和城乡建设局", "agency"),
        ("pingjiang", "市场监管局", "县行政审批服务局", "平江县市场监督管理局", "agency"),
        ("pingjiang", "财政局", "国家税务总局平江县税务局", "平江县财政局", "agency"),
        ("pingjiang", "财政局", "国家发展改革委", "平江县财政局", "agency"),
        ("pingjiang", "县政府经研中心", None, "平江县人民政府经济研究中心", "agency"),
        ("pingjiang", "县政府办督查室", None, "平江县人民政府办公室督查室", "agency"),
        ("pingjiang", "卫健局", None, "平江县卫生健康局", "agency"),
        ("pingjiang", "人社局", None, "平江县人力资源和社会保障局", "agency"),
        ("pingjiang", "县发改局", None, "平江县发展和改革局", "agency"),
        ("pingjiang", "税务局", None, "国家税务总局平江县税务局", "agency"),
        ("pingjiang", "县委宣传部", None, "中共平江县委宣传部", "agency"),
        ("pingjiang", "县委办", None, "中共平江县委办公室", "agency"),
        ("pingjiang", "县纪委", None, "中共平江县纪律检查委员会", "agency"),
        ("pingjiang", "县政协", None, "中国人民政治协商会议平江县委员会", "agency"),
        ("pingjiang", "县人大常委会", None, "平江县人民代表大会常务委员会", "agency"),
        ("pingjiang", "县法院", None, "平江县人民法院", "agency"),
        ("pingjiang", "平江高新区", None, "平江高新区", "agency"),
        ("pingjiang", "县优化办", None, "平江县优化办", "agency"),
        ("pingjiang", "市生态环境局", None, "岳阳市生态环境局", "agency"),
        ("pingjiang", "省政务局", None, "湖南省政务管理服务局", "agency"),
        ("pingjiang", "县直相关单位", None, "平江县直相关单位", "collective"),
        ("pingjiang", "各乡镇人民政府", None, "平江县各乡镇人民政府", "collective"),
        ("pingjiang", "乡镇人民政府", None, "平江县各乡镇人民政府", "collective"),
        ("pingjiang", "各开设有政务新媒体的县直相关单位", None, "平江县直相关单位", "collective"),
        ("pingjiang", "平江县市场监督管理局", None, "平江县市场监督管理局", "agency"),
        ("pingjiang", "县人民政府", None, "平江县人民政府", "agency"),
        # A 利通区 (district of 吴忠市, 宁夏) plan.
        ("litong", "区审批服务管理局<政务服务中心>", None, "吴忠市利通区审批服务管理局", "agency"),
        ("litong", "区政府办公室", None, "吴忠市利通区人民政府办公室", "agency"),
        ("litong", "区政府办", None, "吴忠市利通区人民政府办公室", "agency"),
        ("litong", "区网信办", None, "中共吴忠市利通区委网络安全和信息化委员会办公室", "agency"),
        ("litong", "吴忠市市场监督管理局利通分局", None, "吴忠市市场监督管理局利通分局", "agency"),
        ("litong", "各乡镇人民政府", None, "吴忠市利通区各乡镇人民政府", "collective"),
        ("litong", "政府各部门", None, "吴忠市利通区人民政府各部门", "collective"),
        ("litong", "区直各部门", None, "吴忠市利通区直各部门", "collective"),
        ("litong", "市政府", None, "吴忠市人民政府", "agency"),
        ("litong", "自治区政府办公厅", None, "宁夏回族自治区人民政府办公厅", "agency"),
        # Places and abbreviations never seen in the samples.
        ("ningxia", "自治区发展改革委", None, "宁夏回族自治区发展和改革委员会", "agency"),
        ("guangdong", "省政数局", None, "广东省政务服务数据管理局", "agency"),
        ("guangdong", "省直有关部门", None, "广东省直相关部门", "collective"),
        ("zhejiang", "省经信厅", None, "浙江省经济和信息化厅", "agency"),
        ("zhejiang", "省科技厅", None, "浙江省科学技术厅", "agency"),
        ("zhejiang", "省人力社保厅", None, "浙江省人力资源和社会保障厅", "agency"),
        ("zhejiang", "省退役军人厅", None, "浙江省退役军人事务厅", "agency"),
        ("zhejiang", "省外办", None, "浙江省人民政府外事办公室", "agency"),
        ("guangzhou", "市政务服务数据管理局", None, "广州市政务服务数据管理局", "agency"),
        ("guangzhou", "市政府办公厅", None, "广州市人民政府办公厅", "agency"),
        ("guangzhou", "市住房城乡建设局", None, "广州市住房和城乡建设局", "agency"),
        ("guangzhou", "各区人民政府", None, "广州市各区人民政府", "collective"),
        ("guangzhou", "海珠区人民政府", None, "广州市海珠区人民政府", "agency"),
        ("beijing", "市委网信办", None, "中共北京市委网络安全和信息化委员会办公室", "agency"),
        ("beijing", "各区政府", None, "北京市各区人民政府", "collective"),
        ("beijing", "市有关部门", None, "北京市有关部门", "collective"),
        ("nation", "国家发展改革委", None, "国家发展和改革委员会", "agency"),
        ("nation", "国办", None, "国务院办公厅", "agency"),
        ("nation", "中央网信办", None, "中共中央网络安全和信息化委员会办公室", "agency"),
        ("nation", "住建部", None, "住房和城乡建设部", "agency"),
        ("nation", "市场监管总局", None, "国家市场监督管理总局", "agency"),
        ("nation", "国务院各部门", None, "国务院各部门", "collective"),
        ("hunan", "教育部", None, "教育部", "agency"),
        # 公安县's short name opens 公安局: still the county's bureau.
        ("gongan", "公安局", None, "公安县公安局", "agency"),
        ("gongan", "公安县农业农村局", None, "公安县农业农村局", "agency"),
    ],
)
def test_canonical_party(where, mention, previous, canonical, kind):
    assert canonical_party(mention, J[where], previous=previous) == (canonical, kind)


@pytest.mark.parametrize(
    "where, mentions, expected",
    [
        (
            "hunan",
            ["省直相关单位", "各市州", "县市区人民政府"],
            ["湖南省直相关单位", "湖南省各市州人民政府", "湖南省各县市区人民政府"],
        ),
        (
            "hunan",
            ["省直相关单位", "各市州", "有关县市区人民政府"],
            ["湖南省直相关单位", "湖南省各市州人民政府", "湖南省有关县市区人民政府"],
        ),
        (
            "pingjiang",
            ["县市场监管局", "自然资源局", "住建局", "行政审批服务局"],
            ["平江县市场监督管理局", "平江县自然资源局", "平江县住房和城乡建设局", "平江县行政审批服务局"],
        ),
        (
            "pingjiang",
            ["市住建局", "自然资源局"],
            ["岳阳市住房和城乡建设局", "岳阳市自然资源局"],
        ),
        (
            "pingjiang",
            ["县直相关单位", "乡镇人民政府"],
            ["平江县直相关单位", "平江县各乡镇人民政府"],
        ),
        (
            "zhejiang",
            ["各市", "县(市、区)人民政府"],
            ["浙江省各市人民政府", "浙江省各县(市、区)人民政府"],
        ),
        (
            "ningxia",
            ["各市", "县(区)人民政府", "自治区各有关部门"],
            ["宁夏回族自治区各市人民政府", "宁夏回族自治区各县(区)人民政府", "宁夏回族自治区各有关部门"],
        ),
        (
            "nation",
            ["各省", "自治区", "直辖市人民政府"],
            ["各省人民政府", "各自治区人民政府", "各直辖市人民政府"],
        ),
        ("hunan", [], []),
    ],
)
def test_resolve_parties(where, mentions, expected):
    got = resolve_parties(mentions, J[where])
    assert [c for c, _ in got] == expected


@pytest.mark.parametrize(
    "name, canonical",
    [
        ("湖南省发改委", "湖南省发展和改革委员会"),
        ("湖南省发展和改革委员会", "湖南省发展和改革委员会"),
        ("湖南发改委", "湖南省发展和改革委员会"),
        ("岳阳经开区", "岳阳经开区"),  # a bare city name is kept as written
        ("岳阳市平江县市场监管局", "平江县市场监督管理局"),
        ("湖南省岳阳市平江县住建局", "平江县住房和城乡建设局"),
        ("利通区政府办", "吴忠市利通区人民政府办公室"),
        ("中共湖南省委网信办", "中共湖南省委网络安全和信息化委员会办公室"),
        ("湖南省国资委", "湖南省人民政府国有资产监督管理委员会"),
        ("湖南省政府国资委", "湖南省人民政府国有资产监督管理委员会"),
        ("国家发改委", "国家发展和改革委员会"),
    ],
)
def test_canonical_agency_name(name, canonical):
    assert canonical_agency_name(name) == canonical


def test_same_agency():
    assert same_agency("湖南省住建厅", "湖南省住房和城乡建设厅")
    assert same_agency("县市场监管局", "平江县市场监督管理局", PINGJIANG)
    assert not same_agency("湖南省住建厅", "广东省住房和城乡建设厅")


def test_jurisdiction_from_issuer():
    assert Jurisdiction.from_issuer("平江县人民政府办公室") == PINGJIANG
    assert Jurisdiction.from_issuer("吴忠市利通区人民政府办公室").name == "吴忠市利通区"
    assert Jurisdiction.from_issuer("县人民政府办公室") is None
    assert Jurisdiction.from_issuer("县人民政府办公室", hint="430626").region.code == "430626"
    assert Jurisdiction.from_issuer("国务院办公厅").region is NATIONAL


def test_jurisdiction_for_issuer_never_fails():
    pj = Jurisdiction.for_issuer("县人民政府办公室", region_from_code("430626"))
    assert pj.region.code == "430626"
    assert canonical_party("县人民政府办公室", pj) == ("平江县人民政府办公室", "agency")
    assert Jurisdiction.for_issuer("湖南省人民政府办公厅").region.code == "430000"
    unknown = Jurisdiction.for_issuer("")
    assert unknown.region is NATIONAL
    # No place is guessed, abbreviations are still expanded.
    assert canonical_party("县市场监管局", unknown) == ("县市场监督管理局", "agency")


def test_abbreviation_table_is_well_formed():
    path = Path(__file__).resolve().parents[2] / "policykg" / "rules" / "data" / "agency_abbreviations.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) > 200
    allowed = {"abbr", "full", "provincial", "body", "template", "after", "level", "note"}
    seen = set()
    for row in rows:
        assert set(row) <= allowed, row
        assert row["abbr"] and ("full" in row or "template" in row), row
        assert row.get("body") in (None, "party", "government"), row
        assert row.get("level") in (None, "national"), row
        assert "{place}" in row.get("template", "{place}"), row
        key = (row["abbr"], row.get("level"))
        assert key not in seen, row
        seen.add(key)


# ---------------------------------------------------------------- the golden reading


def _golden():
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def _golden_tasks():
    return [t for doc in _golden() for t in doc.get("tasks", [])]


def test_golden_parties_resolve_to_the_golden_canonical_names():
    """Every party of every task of the golden reading, read in the Hunan jurisdiction."""
    agree = {role: 0 for role in ROLES}
    total = {role: 0 for role in ROLES}
    misses = []
    for task in _golden_tasks():
        for role in ROLES:
            parties = task.get(role, [])
            got = resolve_parties([p["mention"] for p in parties], HUNAN)
            for party, (canonical, kind) in zip(parties, got):
                total[role] += 1
                if (canonical, kind) == (party["canonical"], party["kind"]):
                    agree[role] += 1
                else:
                    misses.append((role, party["mention"], party["canonical"], canonical, kind))
            # Each party alone, too (without the list it may lose only 各/人民政府 sharing).
            for party in parties:
                alone = canonical_party(party["mention"], HUNAN)
                assert alone[1] == party["kind"], party
    summary = ", ".join(f"{r} {agree[r]}/{total[r]}" for r in ROLES if total[r])
    print(f"golden canonical agreement: {summary}")
    assert total["lead"] and total["responsible"]
    assert agree["lead"] == total["lead"], misses
    assert agree["responsible"] == total["responsible"], misses
    assert sum(agree.values()) == sum(total.values()), misses


def test_golden_canonical_names_are_fixed_points():
    """Canonical names map to themselves, so the graph can compare them."""
    for task in _golden_tasks():
        for role in ROLES:
            for party in task.get(role, []):
                if party["kind"] == "agency":
                    assert canonical_agency_name(party["canonical"]) == party["canonical"]


def _task_regions(text: str, tasks: list[dict]) -> list[str]:
    """The text of each golden task in the notice, found by its heading in reading order."""
    starts, cursor = [], 0
    for task in tasks:
        i = text.find(task["heading"] + "。", cursor)
        if i < 0:
            i = text.find(task["heading"], cursor)
        assert i >= 0, task["heading"]
        starts.append(i)
        cursor = i + len(task["heading"])
    # A task ends where the next one, or the next section (二、…), begins.
    bounds = starts[1:] + [len(text)]
    out = []
    for start, end in zip(starts, bounds):
        section = re.search(r"\n\s*[一二三四五六七八九十]+、", text[start:end])
        out.append(text[start : start + section.start()] if section else text[start:end])
    return out


def test_golden_clauses_parse_to_the_golden_roles():
    """Parse the raw clauses of seed 004 and compare every role's mentions with the golden reading."""
    docs = _golden()
    paths = sorted(NOTICES.glob("004_*.txt"))
    assert paths, "examples/notices/004_*.txt is part of the repository"
    text = paths[0].read_text(encoding="utf-8")
    tasks = [t for doc in docs for t in doc.get("tasks", [])]
    regions = _task_regions(text, tasks)

    agree = total = 0
    misses = []
    for task, region in zip(tasks, regions):
        clauses = [m.group() for m in re.finditer(r"\([^()]*\)", region) if is_responsibility_clause(m.group())]
        expected = {role: [p["mention"] for p in task.get(role, [])] for role in ROLES}
        if not any(expected.values()):
            assert clauses == [], task["heading"]
            continue
        assert clauses, task["heading"]
        parsed = parse_responsibility(clauses[-1])
        got = {role: [m for m, _, _ in parsed[role]] for role in ROLES}
        for role in ROLES:
            if expected[role] or got[role]:
                total += 1
                if expected[role] == got[role]:
                    agree += 1
                else:
                    misses.append((task["heading"], role, expected[role], got[role]))
        # And through to the canonical names.
        for role in ROLES:
            canon = resolve_parties(got[role], HUNAN)
            assert [c for c, _ in canon] == [p["canonical"] for p in task.get(role, [])], task["heading"]
    print(f"golden clause role agreement: {agree}/{total}")
    assert agree == total, misses


def test_clause_count_in_seed_004_matches_the_golden_reading():
    paths = sorted(NOTICES.glob("004_*.txt"))
    assert paths, "examples/notices/004_*.txt is part of the repository"
    text = paths[0].read_text(encoding="utf-8")
    found = [m.group() for m in re.finditer(r"\([^()]*\)", text) if is_responsibility_clause(m.group())]
    with_parties = [t for t in _golden_tasks() if any(t.get(r) for r in ROLES)]
    assert len(found) == len(with_parties)
