"""Hand-made records for the graph tests: the cascade of 国办发〔2019〕54号.

- 国办发〔2019〕54号: national; only ever cited, so it is a stub.
- 粤府办〔2020〕10号: the Guangdong opinion that explicitly implements 54号
  (and a mirror of it scraped from another site).
- 湘政办发〔2020〕9号 and its two plans: the golden hand reading
  ``tests/data/examples/seed-004-reading.json`` (copied from shared/examples), with task
  texts, ids and spans cut from the seed text ``examples/notices/004_…txt``.
- 平政办发〔2020〕5号 (平江县) and two plans made by lightly rewording the Hunan
  plans (省 → 县, a few headings changed, tasks dropped, two merged, local tasks
  added), never citing 湘政办发〔2020〕9号. ``PINGJIANG_TRUTH`` is the alignment
  that holds by construction.
- 吴利政办发〔2020〕60号 (利通区) and its plan, which implements 54号 only by a
  loose reference (国务院、自治区关于…的部署要求).
- 南政公领办发〔2016〕2号 (南县, 2016): same province, wrong year.

``real_pingjiang_documents`` cuts the real 平江县 plans out of seed 000 for
calibrating the alignment; ``REAL_PINGJIANG_TRUTH`` is a hand alignment of
them to the Hunan plans.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from pathlib import Path

import pytest
from policykg.ingest.records import (
    Citation,
    Deadline,
    Document,
    Party,
    Source,
    Span,
    Task,
)

ROOT = Path(__file__).resolve().parents[1]
# The team's hand readings live beside the repository, not in it (as in conftest.py).
GOLDEN = Path(__file__).resolve().parent / "data" / "examples" / "seed-004-reading.json"
SEED_HUNAN = ROOT / "examples" / "notices" / "004_62fbd0d8b12ea668.txt"
SEED_PINGJIANG = ROOT / "examples" / "notices" / "000_d10acf90206c7376.txt"
SEED_NANXIAN = ROOT / "examples" / "notices" / "002_ce661d8caeb423c6.txt"

N54 = "国办发〔2019〕54号"
T54 = "国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见"
HUNAN = "doc:湘政办发〔2020〕9号"
HUNAN_SERVICES = "doc:湘政办发〔2020〕9号/湖南省2020年政务管理服务工作要点"
HUNAN_OPENNESS = "doc:湘政办发〔2020〕9号/湖南省2020年政务公开工作要点"
PINGJIANG = "doc:平政办发〔2020〕5号"
PINGJIANG_SERVICES = "doc:平政办发〔2020〕5号/平江县2020年政务管理服务工作要点"
PINGJIANG_OPENNESS = "doc:平政办发〔2020〕5号/平江县2020年政务公开工作要点"
GUANGDONG = "doc:粤府办〔2020〕10号"
LITONG = "doc:吴利政办发〔2020〕60号"
LITONG_PLAN = "doc:吴利政办发〔2020〕60号/利通区2020年政务公开工作要点"
NANXIAN = "doc:南政公领办发〔2016〕2号"


def _source(path: Path, text: str) -> Source:
    return Source(path=str(path.relative_to(ROOT)), sha256=hashlib.sha256(text.encode()).hexdigest(), size=len(text))


def _party(d: dict) -> Party:
    return Party(d["mention"], d["canonical"], d["kind"])


_CLAUSE = re.compile(r"[(（][^()（）]*(?:牵头|负责|配合)[^()（）]*[)）〕]?\s*$")


# -- Hunan: the golden reading ------------------------------------------------


def hunan_documents() -> list[Document]:
    """湘政办发〔2020〕9号 and its two plans, from the golden reading and the seed text."""
    text = SEED_HUNAN.read_text(encoding="utf-8")
    source = _source(SEED_HUNAN, text)
    docs = []
    pos = 0
    for d in json.loads(GOLDEN.read_text(encoding="utf-8")):
        implements = {i["target"]: i["evidence"] for i in d.get("implements", [])}
        cites = []
        for c in d["cites"]:
            evidence = implements.get(c["doc_number"]) or implements.get(c["title"])
            cites.append(Citation(c["title"], c["doc_number"], evidence is not None, evidence))
        tasks = []
        if d.get("tasks"):
            pos = text.find(d["title"], pos + 1)
        for t in d.get("tasks", []):
            start = text.find(t["number_printed"] + t["heading"], pos)
            end = text.find("\n", start)
            pos = start
            body = text[start:end].rstrip()
            clause = _CLAUSE.search(body)
            tasks.append(
                Task(
                    id=f"{d['id']}#{t['position']}",
                    position=t["position"],
                    number=t["number"],
                    number_printed=t["number_printed"],
                    section=t["section"],
                    heading=t["heading"],
                    text=body,
                    lead=[_party(p) for p in t["lead"]],
                    responsible=[_party(p) for p in t["responsible"]],
                    shared=[_party(p) for p in t["shared"]],
                    assisting=[_party(p) for p in t["assisting"]],
                    deadlines=[Deadline(x["text"], x.get("date")) for x in t["deadlines"]],
                    span=Span(start, start + len(body), body),
                    clause=Span(start + clause.start(), start + len(body), clause.group(0)) if clause else None,
                )
            )
        docs.append(
            Document(
                id=d["id"],
                kind=d["kind"],
                title=d["title"],
                doc_number=d["doc_number"],
                issuer=d["issuer"],
                level=d["level"],
                region=list(d["region"]),
                signed_date=d["signed_date"],
                published_date=d["published_date"],
                parent=d["parent"],
                source=source,
                cites=cites,
                tasks=tasks,
            )
        )
    return docs


# -- 平江县: lightly reworded Hunan plans --------------------------------------

_COUNTY_WORDS = [
    ("湖南省", "平江县"),
    ("全省", "全县"),
    ("我省", "我县"),
    ("省直", "县直"),
    ("省政务局", "县行政审批服务局"),
    ("省政府发展研究中心", "县政府经研中心"),
    ("省政府", "县政府"),
    ("各市州、县市区人民政府", "各乡镇人民政府"),
    ("市州、县市区", "各乡镇"),
    ("省、市、县、乡", "县、乡镇"),
    ("国家和省平台", "国家、省和市平台"),
]

_AGENCY_MAP = {
    "湖南省政务管理服务局": ("县行政审批服务局", "平江县行政审批服务局"),
    "湖南省市场监督管理局": ("县市场监管局", "平江县市场监督管理局"),
    "湖南省司法厅": ("县司法局", "平江县司法局"),
    "湖南省发展和改革委员会": ("县发改局", "平江县发展和改革局"),
    "湖南省财政厅": ("县财政局", "平江县财政局"),
    "湖南省自然资源厅": ("县自然资源局", "平江县自然资源局"),
    "湖南省住房和城乡建设厅": ("县住建局", "平江县住房和城乡建设局"),
    "湖南省扶贫开发办公室": ("县扶贫办", "平江县扶贫开发办公室"),
    "湖南省卫生健康委员会": ("县卫健局", "平江县卫生健康局"),
    "湖南省教育厅": ("县教育局", "平江县教育局"),
}
_DEPARTMENTS = Party("县直相关单位", "平江县县直相关单位", "collective")
_TOWNSHIPS = Party("各乡镇人民政府", "平江县各乡镇人民政府", "collective")


def _county(text: str) -> str:
    for a, b in _COUNTY_WORDS:
        text = text.replace(a, b)
    return text


def _body(task: Task) -> str:
    """The task text without number, heading and responsibility clause."""
    body = task.text
    if task.clause is not None:
        body = body[: len(body) - len(task.clause.text)]
    head = task.number_printed + task.heading
    body = body[len(head) :] if body.startswith(head) else body
    return body.lstrip("。 ")


def _sentences(body: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。;；])", body) if s.strip()]


def _reword(task: Task, *, drop_last: bool) -> str:
    parts = _sentences(_county(_body(task)))
    if drop_last and len(parts) >= 3:
        parts = parts[:-1]
    return "".join(parts)


def _county_parties(parties: list[Party]) -> list[Party]:
    out = []
    for p in parties:
        if p.kind == "collective":
            continue
        mention, canonical = _AGENCY_MAP.get(p.canonical, (None, None))
        if canonical and all(q.canonical != canonical for q in out):
            out.append(Party(mention, canonical, "agency"))
    return out


def _clause(lead: list[Party], responsible: list[Party]) -> str:
    names = "、".join(p.mention for p in lead)
    resp = ",".join(p.mention for p in responsible)
    return f"({names}牵头;{resp}负责)" if names else f"({resp}负责)"


_NUMERALS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 23 → 二十三."""
    if n <= 10:
        return "十" if n == 10 else _NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _NUMERALS[tens - 1]) + "十" + (_NUMERALS[ones - 1] if ones else "")


def _make_task(doc_id: str, position: int, heading: str, body: str, lead, responsible, deadlines=()) -> Task:
    printed = f"({chinese_number(position)})"
    clause = _clause(lead, responsible)
    text = f"{printed}{heading}。{body}{clause}"
    return Task(
        id=f"{doc_id}#{position}",
        position=position,
        number=position,
        number_printed=printed,
        section=None,
        heading=heading,
        text=text,
        lead=list(lead),
        responsible=list(responsible),
        deadlines=[Deadline(d, "2020-12-31") for d in deadlines],
        # recorded as ingest records it: the clause without its brackets
        clause=Span(len(text) - len(clause) + 1, len(text) - 1, clause[1:-1]),
    )


#: Local 平江县 tasks with no Hunan counterpart (from the real 平江县 plan).
_LOCAL_TASKS = {
    "推行“5+2”无休办": "以办事企业群众实际需求为导向,全面推行“5+2”延时服务工作模式,确保节假日政务服务工作不断档。确定“5+2”延时服务事项清单,增强自助办理事项,实施在线预约办事机制和需求动态调整机制。",
    "加强“政务微店”服务能力": "积极探索“政务微店”服务模式,整合部门网上办事平台,梳理高频政务服务和公共服务事项进驻微店,完善“平江政务”微信公众号的服务功能。",
    "全面建立政务新媒体运维管理机制": "严格按照国务院办公厅《关于推进政务新媒体健康有序发展的意见》(国办发〔2018〕123号)等文件精神,建立单位政务新媒体运维管理机制,严格把关信息发布、准确把握舆论导向、有效提供互动功能。",
}

# Plan layouts: each entry is (Hunan positions it restates, new heading or None), or a local task.
_SERVICES_PLAN = [
    ((1,), None),
    ((2,), None),
    ((3, 4), "推进跨域通办和智能导办"),
    ((5,), None),
    ((6,), None),
    ((7,), "持续推进事项梳理"),
    ((8,), "全面落实“三集中、三到位”工作"),
    ((9,), None),
    ((10,), "建设网上“中介服务超市”"),
    "推行“5+2”无休办",
    ((12,), "推动更多政务服务事项网上办"),
    ((13,), None),
    ((14,), None),
    ((15,), "办好管好政府网站"),
    ((16,), None),
    ((17,), None),
    ((18,), "加强基层政务服务能力建设"),
    ((19,), None),
    ((20,), "建立政务服务“好差评”制度"),
    ((21,), None),
    ((23,), None),
    "加强“政务微店”服务能力",
]  # Hunan 11 and 22 dropped
_OPENNESS_PLAN = [
    ((1,), None),
    ((2,), "做好规范性文件公开"),
    ((3,), None),
    ((4,), None),
    ((5,), None),
    ((6,), None),
    ((7,), None),
    ((9,), None),
    ((10,), None),
    ((11,), None),
    ((12,), None),
    ((13,), None),
    ((14,), None),
    "全面建立政务新媒体运维管理机制",
    ((15,), None),
    ((17,), None),
    ((18,), None),
    ((19,), None),
]  # Hunan 8 and 16 dropped


def _county_plan(doc_id: str, hunan_plan: Document, layout: list) -> tuple[list[Task], dict]:
    by_pos = {t.position: t for t in hunan_plan.tasks}
    tasks, truth = [], {}
    for position, entry in enumerate(layout, start=1):
        if isinstance(entry, str):
            tasks.append(_make_task(doc_id, position, entry, _LOCAL_TASKS[entry], [Party("县行政审批服务局", "平江县行政审批服务局", "agency")], [_DEPARTMENTS]))
            truth[position] = set()
            continue
        sources, heading = entry
        source_tasks = [by_pos[p] for p in sources]
        body = "".join(_reword(t, drop_last=(position % 2 == 0)) for t in source_tasks)
        lead = _county_parties([p for t in source_tasks for p in t.lead + t.shared]) or [
            Party("县行政审批服务局", "平江县行政审批服务局", "agency")
        ]
        responsible = [_DEPARTMENTS, _TOWNSHIPS] if position % 3 else [_DEPARTMENTS]
        deadlines = ["2020年底前"] if any(t.deadlines for t in source_tasks) or "2020年底" in body else []
        tasks.append(_make_task(doc_id, position, heading or source_tasks[0].heading, body, lead, responsible, deadlines))
        truth[position] = set(sources)
    return tasks, truth


def pingjiang_documents() -> list[Document]:
    """平政办发〔2020〕5号 with two plans mirroring Hunan's, and no citation of 湘政办发〔2020〕9号."""
    _, services, openness = hunan_documents()
    s_tasks, _ = _county_plan("pj-services", services, _SERVICES_PLAN)
    o_tasks, _ = _county_plan("pj-openness", openness, _OPENNESS_PLAN)
    region = ["湖南省", "岳阳市", "平江县"]
    notice = Document(
        id="pj-notice",
        kind="notice",
        title="平江县人民政府办公室关于印发《平江县2020年政务管理服务工作要点》和《平江县2020年政务公开工作要点》的通知",
        doc_number="平政办发[2020]5号",
        issuer="平江县人民政府办公室",
        level="county",
        region=region,
        region_code="430626",
        signed_date="2020-06-03",
        published_date="2020-06-08",
    )
    plan_services = Document(
        id="pj-services",
        kind="plan",
        title="平江县2020年政务管理服务工作要点",
        issuer="平江县人民政府办公室",
        level="county",
        region=region,
        parent="pj-notice",
        cites=[Citation("关于建立政务服务“好差评”制度提高政务服务水平的意见", "国办发〔2019〕51号", True, "贯彻落实《关于建立政务服务“好差评”制度提高政务服务水平的意见》(国办发〔2019〕51号)")],
        tasks=s_tasks,
    )
    plan_openness = Document(
        id="pj-openness",
        kind="plan",
        title="平江县2020年政务公开工作要点",
        issuer="平江县人民政府办公室",
        level="county",
        region=region,
        parent="pj-notice",
        cites=[
            Citation(T54, N54, True, f"认真落实《{T54}》({N54})"),
            Citation("关于推进政务新媒体健康有序发展的意见", "国办发〔2018〕123号", True, "严格按照国务院办公厅《关于推进政务新媒体健康有序发展的意见》(国办发〔2018〕123号)"),
        ],
        tasks=o_tasks,
    )
    return [notice, plan_services, plan_openness]


def _truth_for(layout: list, child: str, parent: str) -> set[tuple[str, str]]:
    pairs = set()
    for position, entry in enumerate(layout, start=1):
        if isinstance(entry, tuple):
            for p in entry[0]:
                pairs.add((f"task:{child[4:]}#{position}", f"task:{parent[4:]}#{p}"))
    return pairs


#: (child task node, parent task node) pairs that hold by construction.
PINGJIANG_TRUTH = {
    (PINGJIANG_SERVICES, HUNAN_SERVICES): _truth_for(_SERVICES_PLAN, PINGJIANG_SERVICES, HUNAN_SERVICES),
    (PINGJIANG_OPENNESS, HUNAN_OPENNESS): _truth_for(_OPENNESS_PLAN, PINGJIANG_OPENNESS, HUNAN_OPENNESS),
}
#: Hunan tasks the 平江县 plans restate, per Hunan plan.
PINGJIANG_COVERED = {
    HUNAN_SERVICES: {p for e in _SERVICES_PLAN if isinstance(e, tuple) for p in e[0]},
    HUNAN_OPENNESS: {p for e in _OPENNESS_PLAN if isinstance(e, tuple) for p in e[0]},
}


# -- Guangdong, 利通区, 南县 --------------------------------------------------------


def guangdong_documents(*, mirror: bool = False) -> list[Document]:
    """粤府办〔2020〕10号, explicitly implementing 54号; ``mirror`` gives the copy from a second site."""
    tasks = [
        ("编制基层政务公开事项标准目录", "基层政府要组织相关部门对照国务院部门制定的26个试点领域标准指引,全面梳理细化相关领域政务公开事项,并于2020年底前编制完成本级政务公开事项标准目录。"),
        ("推广使用政务公开通用地方标准", "基层政府要充分运用政务公开通用地方标准,做好基层政务公开标准化规范化公开平台建设和公开制度建设。"),
        ("推进政府信息依申请公开工作规范化", "认真落实《广东省政府信息公开申请办理答复规范》有关要求,完善信息公开申请的接收、登记、审核、办理、答复、归档等闭环管理机制。"),
    ]
    doc_id = "gd-opinion-mirror" if mirror else "gd-opinion"
    return [
        Document(
            id=doc_id,
            kind="opinion",
            title=("广东省人民政府办公厅关于全面推进 基层政务公开标准化规范化工作的实施意见" if mirror else "广东省人民政府办公厅关于全面推进基层政务公开标准化规范化工作的实施意见"),
            doc_number="粤府办[2020]10号" if mirror else "粤府办〔2020〕10号",
            issuer="广东省人民政府办公厅",
            level="provincial",
            region=["广东省"],
            region_code="440000",
            signed_date="2020-05-20",
            published_date="2021-05-28" if mirror else "2020-06-01",
            source=Source(path=f"mirror/{doc_id}.html", sha256=hashlib.sha256(doc_id.encode()).hexdigest()),
            cites=[
                Citation(T54, N54, True, f"为贯彻落实《{T54}》({N54})"),
                Citation("广东省政府信息公开申请办理答复规范", "粤办函〔2020〕42号", False, None),
            ],
            tasks=[
                Task(f"{doc_id}#{i}", i, i, f"({chinese_number(i)})", "重点任务", h, f"({chinese_number(i)}){h}。{b}")
                for i, (h, b) in enumerate(tasks, start=1)
            ]
            + ([Task(f"{doc_id}#4", 4, 4, "(四)", "重点任务", "发挥试点单位示范带动作用", "(四)发挥试点单位示范带动作用。7家国家基层政务公开标准化规范化工作试点单位要继续深化有关工作。")] if mirror else []),
        )
    ]


LOOSE_REFERENCE = "国务院、自治区关于全面推进基层政务公开标准化规范化工作的部署要求"


def litong_documents() -> list[Document]:
    """吴利政办发〔2020〕60号 and the 利通区 plan, which names 54号 only by a loose reference."""
    region = ["宁夏回族自治区", "吴忠市", "利通区"]
    townships = Party("各乡镇人民政府", "利通区各乡镇人民政府", "collective")
    departments = Party("政府各部门", "利通区政府各部门", "collective")
    msa = Party("吴忠市市场监督管理局利通分局", "吴忠市市场监督管理局利通分局", "agency")
    approvals = Party("区审批服务管理局", "吴忠市利通区审批服务管理局", "agency")
    plan_tasks = [
        ("加强“三大攻坚战”信息公开", "围绕打好三场攻坚战,及时依法公开相关信息,加大相关政策举措、扶贫项目、扶贫资金等信息公开力度。", [], [townships, departments]),
        ("加强持续优化营商环境信息公开", "围绕“放管服”改革,做好减税降费、“证照分离”改革等方面的信息公开工作,将抽查处置结果按时公示。", [msa], [townships, departments]),
        ("加强政务服务事项“一件事一次办”服务举措", "认真落实“一次告知”制度,及时公布“一件事一次办”目录清单、办事指南等办事服务信息。", [approvals], [townships, departments]),
        ("编制政务公开事项标准目录", "依据全区统一的试点领域标准指引,全面梳理细化相关领域政务公开事项,年底前完成本单位政务公开事项标准目录编制。", [], [townships, departments]),
    ]
    notice = Document(
        id="lt-notice",
        kind="notice",
        title="吴忠市利通区人民政府办公室关于印发《利通区2020年政务公开工作要点》的通知",
        doc_number="吴利政办发〔2020〕60号",
        issuer="吴忠市利通区人民政府办公室",
        level="county",
        region=region,
        region_code="640302",
        signed_date="2020-09-17",
    )
    plan = Document(
        id="lt-plan",
        kind="plan",
        title="利通区2020年政务公开工作要点",
        issuer="吴忠市利通区人民政府办公室",
        level="county",
        region=region,
        region_code="640302",
        parent="lt-notice",
        cites=[
            Citation(LOOSE_REFERENCE, None, True, f"深入贯彻{LOOSE_REFERENCE}"),
            Citation("国务院办公厅关于推进政务新媒体健康有序发展的意见", None, True, "深入贯彻落实《国务院办公厅关于推进政务新媒体健康有序发展的意见》"),
            Citation("中华人民共和国政府信息公开条例", None, True, "按照新修订的《中华人民共和国政府信息公开条例》"),
        ],
        tasks=[
            Task(
                f"lt-plan#{i}",
                i,
                i,
                f"({chinese_number(i)})",
                None,
                h,
                f"({chinese_number(i)}){h}。{b}",
                lead=list(lead),
                responsible=list(resp),
                deadlines=[Deadline("年底前", "2020-12-31")] if "年底前" in b else [],
            )
            for i, (h, b, lead, resp) in enumerate(plan_tasks, start=1)
        ],
    )
    return [notice, plan]


def cut_tasks(text: str, start: int, end: int, doc_id: str) -> list[Task]:
    """Tasks of a plan: the paragraphs of ``text[start:end]`` that open with (一), (二), …"""
    tasks, section = [], None
    for m in re.finditer(r"^[ \t\u3000]*(.+)$", text[start:end], flags=re.M):
        line = m.group(1).rstrip()
        a = start + m.start(1)
        sec = re.match(r"^[一二三四五六七八九十]+、(.+)$", line)
        if sec:
            section = sec.group(1)
            continue
        t = re.match(r"^([(（][一二三四五六七八九十]+[)）])\s*(.+)$", line)
        if not t:
            continue
        heading = re.split(r"[。]", t.group(2), maxsplit=1)[0]
        position = len(tasks) + 1
        tasks.append(Task(f"{doc_id}#{position}", position, position, t.group(1), section, heading, line, span=Span(a, a + len(line), line)))
    return tasks


def nanxian_documents() -> list[Document]:
    """南政公领办发〔2016〕2号 and its 2016 plan (南县, 湖南): same province as Hunan, another year."""
    text = SEED_NANXIAN.read_text(encoding="utf-8")
    start = text.find("2016年,全县政务公开")
    notice = Document(
        id="nx-notice",
        kind="notice",
        title="关于印发《2016年南县政务公开政务服务工作要点》的通知",
        doc_number="南政公领办发〔2016〕2号",
        issuer="南县政务公开领导小组办公室",
        level="county",
        region=["湖南省", "益阳市", "南县"],
        signed_date="2016-05-26",
        source=_source(SEED_NANXIAN, text),
    )
    plan = Document(
        id="nx-plan",
        kind="plan",
        title="2016年南县政务公开政务服务工作要点",
        issuer="南县政务公开领导小组办公室",
        level="county",
        region=["湖南省", "益阳市", "南县"],
        parent="nx-notice",
        source=_source(SEED_NANXIAN, text),
        cites=[Citation("关于全面推进政务公开工作的意见", None, True, "深入贯彻中共中央办公厅、国务院办公厅《关于全面推进政务公开工作的意见》")],
        tasks=cut_tasks(text, start, len(text), "nx-plan"),
    )
    return [notice, plan]


def cascade_documents() -> list[Document]:
    """Every fixture document, in an order where 平江县 comes before Hunan."""
    return guangdong_documents() + pingjiang_documents() + litong_documents() + hunan_documents() + nanxian_documents()


def cascade_graph(**kwargs):
    """The fixture graph, built in memory."""
    from policykg.graph import build_graph

    return build_graph(cascade_documents(), **kwargs)


# -- the real 平江县 plans, for calibration ---------------------------------------


def real_pingjiang_documents() -> list[Document]:
    """The two plans of the real seed 000 (平江县), converted to simplified characters."""
    import opencc

    raw = SEED_PINGJIANG.read_text(encoding="utf-8")
    text = opencc.OpenCC("t2s").convert(raw)
    s_title, o_title = "平江县2020年政务管理服务工作要点", "平江县2020年政务公开工作要点"
    s_start = text.find(s_title, text.find("平江县人民政府办公室\n"))
    o_start = text.find(o_title, s_start + 1)
    end = text.find("本通知自发布之日起施行", o_start)
    source = _source(SEED_PINGJIANG, raw)
    common = {"kind": "plan", "issuer": "平江县人民政府办公室", "level": "county", "region": ["湖南省", "岳阳市", "平江县"], "source": source}
    return [
        Document(id="real-pj-services", title=s_title, tasks=cut_tasks(text, s_start, o_start, "real-pj-services"), **common),
        Document(id="real-pj-openness", title=o_title, tasks=cut_tasks(text, o_start, end, "real-pj-openness"), **common),
    ]


#: Hand alignment of the real 平江县 plans (child position -> Hunan positions).
#: Splits of one Hunan task into several (三即 → 101/160/170 reforms) and tasks
#: that restate two (网上办, 一体化平台) are included; purely local tasks map to nothing.
REAL_PINGJIANG_TRUTH = {
    "services": {
        1: {1}, 2: {2}, 3: {6}, 4: {8}, 5: {9}, 6: {7}, 7: {13}, 8: {23}, 9: {5}, 10: set(), 11: {18},
        12: {9}, 13: {9}, 14: {9}, 15: set(), 16: {3}, 17: set(), 18: set(), 19: set(), 20: {20},
        21: {17}, 22: {12, 14}, 23: {10}, 24: {12, 13}, 25: {15}, 26: {16},
    },
    "openness": {
        1: {1}, 2: {2}, 3: {3}, 4: {4}, 5: {5}, 6: {6}, 7: {7}, 8: {9}, 9: {10}, 10: {11}, 11: {12},
        12: {13}, 13: {14}, 14: set(), 15: set(), 16: {15}, 17: {17}, 18: {18}, 19: {19},
    },
}


def mirror_of(doc: Document, **changes) -> Document:
    """A copy of ``doc`` as another site would give it."""
    out = copy.deepcopy(doc)
    for k, v in changes.items():
        setattr(out, k, v)
    return out
