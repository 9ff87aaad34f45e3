"""Citations: titles, numbers, loose references and whether they are implemented."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from policykg.ingest.citations import (
    find_citations,
    find_promulgated_titles,
    is_document_title,
)

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "examples" / "notices").glob("004_*.txt"), None)
GOLDEN = Path(__file__).resolve().parent / "data" / "examples" / "seed-004-reading.json"

CITATION_CASES = [
    # (text, [(title, doc_number, implements, evidence)])
    (
        "贯彻落实《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》(国办发〔2019〕54号)精神,全过程推进",
        [("国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见", "国办发〔2019〕54号", True,
          "贯彻落实《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》(国办发〔2019〕54号)精神")],
    ),
    (
        "认真落实《中华人民共和国政府信息公开条例》(国务院令第711号)和《优化营商环境条例》(国务院令第722号),全过程推进",
        [
            ("中华人民共和国政府信息公开条例", "国务院令第711号", True,
             "认真落实《中华人民共和国政府信息公开条例》(国务院令第711号)"),
            ("优化营商环境条例", "国务院令第722号", True,
             "认真落实《中华人民共和国政府信息公开条例》(国务院令第711号)和《优化营商环境条例》(国务院令第722号)"),
        ],
    ),
    ("(十九)全面开展营商环境评价深入贯彻落实《优化营商环境条例》,加快打造",
     [("优化营商环境条例", None, True, "深入贯彻落实《优化营商环境条例》")]),
    ("按照《省直部门审批服务“三集中三到位”改革方案》要求,加快推进",
     [("省直部门审批服务“三集中三到位”改革方案", None, True, "按照《省直部门审批服务“三集中三到位”改革方案》要求")]),
    ("落实《省政务服务中心部门集中入驻方案》要求,省直有关部门",
     [("省政务服务中心部门集中入驻方案", None, True, "落实《省政务服务中心部门集中入驻方案》要求")]),
    ("为贯彻落实《指导意见》(国办发〔2019〕54号),切实做好",
     [("指导意见", "国办发〔2019〕54号", True, "贯彻落实《指导意见》(国办发〔2019〕54号)")]),
    ("根据《中华人民共和国政府信息公开条例》,制定本办法",
     [("中华人民共和国政府信息公开条例", None, True, "根据《中华人民共和国政府信息公开条例》")]),
    # a number alone
    ("认真抓好国办发〔2019〕54号文和本实施意见有关工作任务落实", [(None, "国办发〔2019〕54号", False, None)]),
    ("落实国务院办公厅国办发〔2019〕54号文件精神,选择",
     [(None, "国办发〔2019〕54号", True, "落实国务院办公厅国办发〔2019〕54号文件精神")]),
    ("落实(国办发〔2019〕54号)文件要求,把推进",
     [(None, "国办发〔2019〕54号", True, "落实(国办发〔2019〕54号)文件要求")]),
    # issuers between the trigger and the titles, and a shared trailing 等文件精神
    (
        "严格按照国务院办公厅《关于推进政务新媒体健康有序发展的意见》(国办发〔2018〕123号)、"
        "湖南省政务管理服务局《关于加强政务新媒体建设管理的通知》(湘政务发〔2019〕1号)等文件精神,建立",
        [
            ("关于推进政务新媒体健康有序发展的意见", "国办发〔2018〕123号", True,
             "严格按照国务院办公厅《关于推进政务新媒体健康有序发展的意见》(国办发〔2018〕123号)"),
            ("关于加强政务新媒体建设管理的通知", "湘政务发〔2019〕1号", True,
             "严格按照国务院办公厅《关于推进政务新媒体健康有序发展的意见》(国办发〔2018〕123号)、"
             "湖南省政务管理服务局《关于加强政务新媒体建设管理的通知》(湘政务发〔2019〕1号)等文件精神"),
        ],
    ),
    # issuers between the trigger and the title: 印发的, 等N部门 (real documents, issue 9)
    (
        "为贯彻落实中共中央办公厅、国务院办公厅印发的《关于实行以增加知识价值为导向分配政策的若干意见》(厅字〔2016〕35号)精神,切实",
        [("关于实行以增加知识价值为导向分配政策的若干意见", "厅字〔2016〕35号", True,
          "贯彻落实中共中央办公厅、国务院办公厅印发的《关于实行以增加知识价值为导向分配政策的若干意见》(厅字〔2016〕35号)精神")],
    ),
    (
        "按照人力资源社会保障部、国家发展改革委等20部门《关于劳务品牌建设的指导意见》(人社部发〔2021〕66号)要求,结合",
        [("关于劳务品牌建设的指导意见", "人社部发〔2021〕66号", True,
          "按照人力资源社会保障部、国家发展改革委等20部门《关于劳务品牌建设的指导意见》(人社部发〔2021〕66号)要求")],
    ),
    ("国务院办公厅印发了《关于某事的指导意见》(国办发〔2018〕115号)", [("关于某事的指导意见", "国办发〔2018〕115号", False, None)]),
    (
        "按照深化科技体制改革、财税体制改革的总体要求和《国务院关于改进加强中央财政科研项目和资金管理的若干意见》(国发〔2014〕11号)精神,制定本方案。",
        [("国务院关于改进加强中央财政科研项目和资金管理的若干意见", "国发〔2014〕11号", True,
          "按照深化科技体制改革、财税体制改革的总体要求和《国务院关于改进加强中央财政科研项目和资金管理的若干意见》(国发〔2014〕11号)精神")],
    ),
    ("按照要求,结合《某某办法》的规定", [("某某办法", None, False, None)]),
    # a basis listed after 依据: or under a heading that ends in 依据 (real documents, issue 9)
    ("政策依据:《A条例》、《B办法》(国办发〔2019〕54号)。",
     [("A条例", None, True, "依据:《A条例》"), ("B办法", "国办发〔2019〕54号", True, "依据:《A条例》、《B办法》(国办发〔2019〕54号)")]),
    ("1.项目预算的政策依据\n国务院办公厅《关于某事的若干意见》、《某某管理办法》等相关制度。",
     [("关于某事的若干意见", None, True, "依据\n国务院办公厅《关于某事的若干意见》"),
      ("某某管理办法", None, True, "依据\n国务院办公厅《关于某事的若干意见》、《某某管理办法》")]),
    ("预算应以其任务目标为依据,预算支出应与任务相关。\n《某某管理办法》另有规定的除外", [("某某管理办法", None, False, None)]),
    # a short name given in brackets (以下简称《X》) is the same document, with the number beside it
    ("印发了《关于某事的指导意见》(国办发〔2018〕115号,以下简称《指导意见》)。我省贯彻落实《指导意见》",
     [("关于某事的指导意见", "国办发〔2018〕115号", True, "贯彻落实《指导意见》")]),
    ("《某某资金管理办法》(以下简称《办法》,财科教〔2016〕113号)和《办法》的规定",
     [("某某资金管理办法", "财科教〔2016〕113号", False, None)]),
    ("印发了《关于某事的实施意见》(冀政办字〔2019〕10号),以下简称《实施意见》),为便于理解《实施意见》精神",
     [("关于某事的实施意见", "冀政办字〔2019〕10号", False, None)]),
    # mere mentions
    ("出台《湖南省政务信息化项目建设管理办法》,明确", [("湖南省政务信息化项目建设管理办法", None, False, None)]),
    ("作为《湖南省政府信息公开工作年度报告》重要内容", [("湖南省政府信息公开工作年度报告", None, False, None)]),
    ("贯彻落实情况纳入《年度考核方案》", [("年度考核方案", None, False, None)]),
    # not documents
    ("在《湖南日报》开设专栏", []),
    ("落实《人民日报》要求", []),
    ("一图读懂:《利通区2020年政务公开工作》", []),
    # loose references: no 《》, a trigger, an issuer and 关于…的部署要求
    (
        "深入贯彻国务院、自治区关于全面推进基层政务公开标准化规范化工作的部署要求,着力规范",
        [("国务院、自治区关于全面推进基层政务公开标准化规范化工作的部署要求", None, True,
          "深入贯彻国务院、自治区关于全面推进基层政务公开标准化规范化工作的部署要求")],
    ),
    (
        "认真落实国务院办公厅政府信息与政务公开办公室推广的政府信息公开申请办理答复规范,建立",
        [("政府信息公开申请办理答复规范", None, True,
          "认真落实国务院办公厅政府信息与政务公开办公室推广的政府信息公开申请办理答复规范")],
    ),
    (
        "按照新修订的《中华人民共和国政府信息公开条例》和自治区关于政府信息公开申请办理答复的规范要求,完善",
        [
            ("中华人民共和国政府信息公开条例", None, True, "按照新修订的《中华人民共和国政府信息公开条例》"),
            ("自治区关于政府信息公开申请办理答复的规范要求", None, True,
             "按照新修订的《中华人民共和国政府信息公开条例》和自治区关于政府信息公开申请办理答复的规范要求"),
        ],
    ),
    # a title written without 《》 (real documents, issue 9)
    ("贯彻落实国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见精神,全过程推进",
     [("国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见", None, True,
       "贯彻落实国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见精神")]),
    ("认真落实省政府关于加强政务诚信建设的实施意见,建立", [("省政府关于加强政务诚信建设的实施意见", None, True, "认真落实省政府关于加强政务诚信建设的实施意见")]),
    # too loose to be references
    ("按照省委关于这项工作的安排,", []),
    ("按照国务院办公厅统一部署,强化", []),
    ("深入贯彻党的十九大和十九届二中、三中、四中全会精神", []),
    ("认真落实“一次告知”制度", []),
    ("严格落实“三统一”规定", []),
]


def _rows(citations):
    return [(c.title, c.doc_number, c.implements, c.evidence) for c in citations]


@pytest.mark.parametrize("text,expected", CITATION_CASES)
def test_find_citations(text, expected):
    found = find_citations(text)
    assert _rows(found) == expected
    for c in found:
        assert text[c.span.start : c.span.end] == c.span.text


def test_same_document_twice_is_one_citation_with_first_span_and_merged_parts():
    text = "出台《优化营商环境条例》。认真落实《优化营商环境条例》(国务院令第722号)。落实国务院令第722号精神。"
    (c,) = find_citations(text)
    assert (c.title, c.doc_number, c.implements) == ("优化营商环境条例", "国务院令第722号", True)
    assert c.span.start == text.index("《")
    assert c.evidence == "认真落实《优化营商环境条例》(国务院令第722号)"


def test_bracket_forms_of_one_number_are_one_citation():
    found = find_citations("落实(国办发[2019]54号)文件要求;认真抓好国办发〔2019〕54号文")
    assert [c.doc_number for c in found] == ["国办发〔2019〕54号"]


def test_own_number_is_not_a_citation():
    text = "湖南省人民政府办公厅关于印发《湖南省2020年政务公开工作要点》的通知\n\n湘政办发〔2020〕9号\n\n文号: 湘政办发〔2020〕9号"
    assert find_citations(text) == []
    text = "平江县人民政府办公室关于印发《平江县2020年政务管理服务工作要点》的通知(平政办发〔2020〕5号)"
    assert find_citations(text) == []
    assert find_citations("认真落实湘政办发〔2020〕9号文件精神", exclude=["湘政办发[2020]9号"]) == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("湖南省人民政府办公厅关于印发《湖南省2020年政务管理服务工作要点》和《湖南省2020年政务公开工作要点》的通知",
         ["湖南省2020年政务管理服务工作要点", "湖南省2020年政务公开工作要点"]),
        ("《利通区2020年政务公开工作要点》已经区政府同意,现印发给你们,请结合实际认真贯彻落实。",
         ["利通区2020年政务公开工作要点"]),
        ("现将《实施方案》印发给你们,请认真贯彻执行。", ["实施方案"]),
        ("关于发布《政务服务标准》的公告", ["政务服务标准"]),
        ("研究印发《实施方案》,推动落实", []),
        # the title before the issued one is cited, not issued
        ("为贯彻落实《2018年政务公开工作要点》(国办发〔2018〕1号)精神,《北京市2018年政务公开工作要点》已经市人民政府同意,现印发给你们。",
         ["北京市2018年政务公开工作要点"]),
        ("为贯彻落实国务院办公厅《2018年政务公开工作要点》精神,经市人民政府同意,现将《北京市2018年政务公开工作要点》印发给你们。",
         ["北京市2018年政务公开工作要点"]),
        ("认真落实《国务院办公厅秘书局关于印发政府网站检查指标的通知》", []),
    ],
)
def test_find_promulgated_titles(text, expected):
    assert [s.text for s in find_promulgated_titles(text)] == expected


def test_promulgated_titles_are_not_citations_anywhere_in_the_text():
    text = "关于印发《某县2020年工作要点》的通知\n《某县2020年工作要点》已经县人民政府同意,现印发给你们,请认真贯彻落实。"
    assert find_citations(text) == []


@pytest.mark.parametrize(
    "title,expected",
    [
        ("优化营商环境条例", True),
        ("中华人民共和国行政许可法", True),
        ("宁夏回族自治区政务新媒体管理工作细则(试行)", True),
        ("湖南省数字政府建设实施方案(2020-2022年)", True),
        ("湖南省政府信息公开工作年度报告", True),
        ("湖南日报", False),
        ("新闻联播", False),
        ("湖南政务", False),
    ],
)
def test_is_document_title(title, expected):
    assert is_document_title(title) is expected


# --- agreement with the hand reading of seed 004 -------------------------------

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def clean(text: str) -> str:
    """What the cleaning step hands on: full-width ASCII made ASCII."""
    return text.translate(_FULLWIDTH)


def split_plans(text: str, titles: list[str]) -> list[str]:
    """The text of each plan: from its heading line to the next plan's."""
    starts = [re.search(rf"^\s*{re.escape(t)}\s*$", text, re.M).start() for t in titles]
    return [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]


@pytest.fixture(scope="module")
def seed004():
    assert SEED is not None, "examples/notices/004_*.txt is part of the repository"
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    plans = [d for d in golden if d["kind"] == "plan"]
    text = clean(SEED.read_text(encoding="utf-8"))
    return list(zip(plans, split_plans(text, [p["title"] for p in plans])))


def _key(c) -> tuple:
    return (c["title"], c["doc_number"]) if isinstance(c, dict) else (c.title, c.doc_number)


def test_seed004_every_golden_citation_is_found(seed004):
    for plan, text in seed004:
        found = {_key(c) for c in find_citations(text)}
        missing = [_key(c) for c in plan["cites"] if _key(c) not in found]
        assert not missing, plan["id"]


def test_seed004_no_citation_beyond_the_golden_ones(seed004):
    for plan, text in seed004:
        golden = {_key(c) for c in plan["cites"]}
        extra = [_key(c) for c in find_citations(text) if _key(c) not in golden]
        assert not extra, plan["id"]


def test_seed004_implements_and_evidence_agree(seed004):
    for plan, text in seed004:
        found = find_citations(text)
        implemented = {c.doc_number or c.title: c.evidence for c in found if c.implements}
        golden = {i["target"]: i["evidence"] for i in plan["implements"]}
        assert implemented == golden, plan["id"]
