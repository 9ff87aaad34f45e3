"""转发 notices: the forwarded text embedded in the file is its own document, which the forwarding notice implements."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.graph.build import build_graph
from policykg.graph.queries import trace
from policykg.ingest.copies import count_copies
from policykg.ingest.pipeline import parse_text, read_notice
from policykg.ingest.read import read_source
from policykg.ingest.records import Source
from policykg.ingest.structure import forwarded_titles, promulgated_titles

CORPUS = Path(__file__).parent / "data" / "corpus" / "notices"
SRC = Source(path="forward.txt", sha256="3" * 64)


@pytest.mark.parametrize(
    "title, forwarded",
    [
        ("福建省人民政府办公厅转发国务院办公厅关于在政务公开工作中进一步做好政务舆情回应的通知", ["国务院办公厅关于在政务公开工作中进一步做好政务舆情回应的通知"]),
        ("平潭县公安局关于转发2010年全省公安机关警务公开工作意见", ["2010年全省公安机关警务公开工作意见"]),
        ("某县人民政府办公室关于转发《某市2020年政务公开工作要点》的通知", ["某市2020年政务公开工作要点"]),
        ("某县人民政府办公室关于转发某市政务公开工作实施方案的通知", ["某市政务公开工作实施方案"]),
        ("福建省人民政府办公厅转发国务院办公厅关于印发政府网站发展指引的通知", ["国务院办公厅关于印发政府网站发展指引的通知"]),
        ("某办公室关于印发《某要点》的通知", []),
        ("关于贯彻落实国办发〔2019〕54号文件的通知", []),
    ],
)
def test_forwarded_titles(title, forwarded):
    assert forwarded_titles(title) == forwarded


def test_a_forwarded_document_is_not_a_promulgated_plan():
    # 转发《X》: X is a document of its own (its issuer's), not a plan of the forwarding notice
    assert promulgated_titles("某县人民政府办公室关于转发《某市2020年政务公开工作要点》的通知") == []
    assert promulgated_titles("某县人民政府办公室关于印发《某县2020年政务公开工作要点》的通知") == ["某县2020年政务公开工作要点"]


BODY = "各地要高度重视,加强组织领导,完善工作机制,明确责任分工,抓好贯彻落实,确保各项任务落到实处。"
FORWARD = (
    "某市人民政府办公室转发湖南省人民政府办公厅关于做好政务公开工作的通知\n某政办发〔2020〕7号\n各县市区人民政府,市直各单位:\n"
    "现将《湖南省人民政府办公厅关于做好政务公开工作的通知》(湘政办发〔2020〕9号)转发给你们,请认真贯彻执行。\n"
    "某市人民政府办公室\n2020年5月6日\n"
    "湖南省人民政府办公厅关于做好政务公开工作的通知\n湘政办发〔2020〕9号\n各市州、县市区人民政府,省政府各厅委、各直属机构:\n"
    + BODY + "\n一、重点任务\n(一)推进决策公开。完善制度。(省政务局牵头;各市州人民政府负责)\n(二)加强政策解读。做好解读。(省直各单位负责)\n"
    "湖南省人民政府办公厅\n2020年4月1日\n"
)


def test_the_forwarded_text_is_its_own_document():
    notice, forwarded = parse_text(FORWARD, SRC)
    assert (notice.doc_number, notice.issuer, notice.signed_date, notice.tasks) == ("某政办发〔2020〕7号", "某市人民政府办公室", "2020-05-06", [])
    assert (forwarded.title, forwarded.doc_number, forwarded.issuer, forwarded.level, forwarded.signed_date) == (
        "湖南省人民政府办公厅关于做好政务公开工作的通知", "湘政办发〔2020〕9号", "湖南省人民政府办公厅", "provincial", "2020-04-01"
    )
    assert forwarded.parent is None and forwarded.id != notice.id
    assert [(t.heading, [p.canonical for p in t.lead]) for t in forwarded.tasks] == [("推进决策公开", ["湖南省政务管理服务局"]), ("加强政策解读", [])]
    assert len({t.id for t in forwarded.tasks}) == 2 and all(t.id.startswith(forwarded.id) for t in forwarded.tasks)
    # the forwarding notice implements it, by its number and title
    link = next(c for c in notice.cites if c.implements and c.doc_number == "湘政办发〔2020〕9号")
    assert link.title == forwarded.title and forwarded.title in FORWARD[link.span.start : link.span.end]
    assert FORWARD[forwarded.span.start :].startswith(forwarded.title + "\n湘政办发")


def test_the_forwarding_notice_implements_the_forwarded_document_in_the_graph():
    docs = parse_text(FORWARD, SRC)
    G = build_graph(docs)
    down = trace(G, "湘政办发〔2020〕9号")
    titles = {d["title"] for d in down["documents"].values()}
    assert "某市人民政府办公室转发湖南省人民政府办公厅关于做好政务公开工作的通知" in titles
    assert any(e["relation"] == "implements" for e in down["edges"])
    # the file is one new document in a batch count: its notice
    assert count_copies(docs, []).files == 1


def test_a_notice_without_the_forwarded_text_only_cites_it():
    head = FORWARD.split("湖南省人民政府办公厅关于做好政务公开工作的通知\n湘政办发")[0]
    docs = parse_text(head + BODY, SRC)
    assert len(docs) == 1


def test_real_forward_with_the_national_text_embedded():
    # 福建 转发 国办发〔2016〕61号: the national notice follows the provincial one, glued into a collapsed line
    path = next(CORPUS.glob("005_*"))
    notice, national = read_notice(path)
    assert (notice.issuer, notice.level, notice.signed_date, notice.kind) == ("福建省人民政府办公厅", "provincial", "2016-11-02", "notice")
    assert (national.title, national.doc_number, national.issuer, national.level, national.signed_date) == (
        "国务院办公厅关于在政务公开工作中进一步做好政务舆情回应的通知", "国办发〔2016〕61号", "国务院办公厅", "national", "2016-07-30"
    )
    assert any(c.implements and c.doc_number == "国办发〔2016〕61号" for c in notice.cites)
    source = read_source(path).text
    assert source[national.span.start : national.span.end].startswith(national.title)


def test_real_forward_of_an_opinion_with_its_tasks():
    # 平潭县公安局 转发 《2010年全省公安机关警务公开工作意见》: 1.…15. tasks in the embedded text
    notice, opinion = read_notice(next(CORPUS.glob("019_*")))
    assert notice.kind == "notice" and not notice.tasks
    assert opinion.title == "2010年全省公安机关警务公开工作意见" and len(opinion.tasks) >= 10
    assert any(c.implements and c.title == opinion.title for c in notice.cites)


def test_a_forwarded_title_with_nothing_under_it_is_cited_not_read():
    head = FORWARD.split("湖南省人民政府办公厅关于做好政务公开工作的通知\n湘政办发")[0]
    docs = parse_text(head + "湖南省人民政府办公厅关于做好政务公开工作的通知\n", SRC)
    assert len(docs) == 1
    assert any(c.implements and c.evidence == "转发" for c in docs[0].cites)
