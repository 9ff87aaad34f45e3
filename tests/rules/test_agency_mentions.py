"""The agency rule for names outside clauses: where running text names an agency, and its kind."""

from __future__ import annotations

import pytest

from policykg.rules.agencies import (
    Jurisdiction,
    agency_kind,
    canonical_party,
    find_agency_names,
    parse_responsibility,
)


@pytest.mark.parametrize(
    "text, names",
    [
        ("已经县人民政府同意,现印发给你们", ["县人民政府"]),
        ("按照省政府办公厅统一部署", ["省政府办公厅"]),
        ("按财政部要求做好信息披露", ["财政部"]),
        ("县委宣传部等四部门《关于印发…的通知》", ["县委宣传部"]),
        ("贯彻落实《国务院办公厅关于全面推进基层政务公开的指导意见》", ["国务院办公厅"]),
        ("积极承接国务院、省、市政府下放行政许可事项", ["国务院", "市政府"]),
        ("推动《平江县人民政府办公室关于落实落细支持企业复工复产相关政策的通知》", ["平江县人民政府办公室"]),
        ("加强区级政务新媒体与利通区融媒体中心的沟通协调", ["利通区融媒体中心"]),
        ("已经县政务公开领导小组同意", ["县政务公开领导小组"]),
        ("完善政府办与宣传、网信等部门的协调机制", ["政府办"]),
        ("深入落实党中央、国务院有关决策部署", ["党中央", "国务院"]),
        ("对标准应用中遇到的问题及时反馈省政府信息与政务公开办公室", ["省政府信息与政务公开办公室"]),
        # doc numbers and decrees are not mentions of their issuer
        ("(国办发〔2019〕54号)、(国务院令第716号)", []),
        # nor compounds and collectives
        ("作为《湖南省政府信息公开工作年度报告》重要内容", []),
        ("对照国务院部门制定的26个试点领域标准指引", []),
        ("全省政府及部门", []),
        ("各县市区人民政府要全面开展", []),
        ("基层政府(包括县、不设区的市、市辖区人民政府)", []),
        ("乡镇人民政府办公室要履行好法定职责", []),
        ("凡进入政务中心集中办理的审批事项", []),
        ("在政务服务大厅设立复工复产专窗,进驻政务服务中心", []),
        ("“数字政府”建设领导小组专家组", []),
        # 和 joins two names: not the county 和县
        ("省委和县政府", ["省委", "县政府"]),
    ],
)
def test_find_agency_names(text, names):
    assert [text[a:b] for a, b in find_agency_names(text)] == names


@pytest.mark.parametrize(
    "issuer, mention, canonical, kind",
    [
        ("平江县人民政府办公室", "县人民政府", "平江县人民政府", "government"),
        ("平江县人民政府办公室", "县委宣传部", "中共平江县委宣传部", "department"),
        ("平江县人民政府办公室", "县委", "中共平江县委", "party_committee"),
        ("湖南省人民政府办公厅", "省政府办公厅", "湖南省人民政府办公厅", "office"),
        ("湖南省人民政府办公厅", "国办", "国务院办公厅", "office"),
        ("南县政务公开领导小组办公室", "县政务公开领导小组", "南县政务公开领导小组", "leading_group"),
        ("湖南省人民政府办公厅", "省直相关单位", "湖南省直相关单位", "collective"),
    ],
)
def test_mentions_resolve_to_a_canonical_name_and_kind(issuer, mention, canonical, kind):
    got, party_kind = canonical_party(mention, Jurisdiction.for_issuer(issuer))
    assert (got, agency_kind(got, party_kind)) == (canonical, kind)


@pytest.mark.parametrize(
    "clause, expected",
    [
        ("县财政局会同县发改局负责", {"lead": ["县财政局"], "responsible": ["县发改局"]}),
        ("县委宣传部会同县网信办、县公安局按职责分工负责", {"lead": ["县委宣传部"], "shared": ["县网信办", "县公安局"]}),
        ("县财政局、县发改局均为责任单位", {"responsible": ["县财政局", "县发改局"]}),
        ("各乡镇人民政府、政府各部门负责落实", {"responsible": ["各乡镇人民政府", "政府各部门"]}),
        ("县政务局牵头,县财政局配合", {"lead": ["县政务局"], "assisting": ["县财政局"]}),
    ],
)
def test_clause_variants(clause, expected):
    roles = parse_responsibility(clause)
    assert {role: [m for m, _, _ in names] for role, names in roles.items() if names} == expected
