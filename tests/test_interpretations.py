"""解读: a policy interpretation explains the document it interprets and implements nothing (issue 9)."""

from __future__ import annotations

import pytest

from policykg.graph import build_graph
from policykg.graph.build import remove_document
from policykg.graph.queries import trace, upstream
from policykg.ingest.pipeline import parse_text
from policykg.ingest.records import Citation, Document, Source

from .store_corpus import canonical

# the shape of a real 解读 posted without its title: the explained document is
# named with its number and a short name, and what it implements in its background
JIEDU = (
    "2019年1月29日,省政府办公厅印发了《关于全面推行某某审核机制的实施意见》(冀政办字〔2019〕10号),以下简称《实施意见》),"
    "为便于更好理解《实施意见》精神,现解读如下。\n"
    "一、出台背景\n"
    "2018年12月4日,国务院办公厅印发了《关于全面推行某某审核机制的指导意见》(国办发〔2018〕115号,以下简称《指导意见》)。"
    "我们根据国务院文件精神,结合我省实际,起草了《实施意见》。\n"
    "二、主要内容\n"
    "《实施意见》从四个方面,提出了我省贯彻落实《指导意见》的具体举措。\n"
)

NATIONAL = Document(id="n", kind="opinion", title="国务院办公厅关于全面推行某某审核机制的指导意见", doc_number="国办发〔2018〕115号",
                    issuer="国务院办公厅", level="national", region_code="000000")


@pytest.fixture(scope="module")
def jiedu():
    return parse_text(JIEDU, Source(path="jiedu.txt", sha256="3" * 64))[0]


def test_a_jiedu_explains_and_implements_nothing(jiedu):
    by_number = {c.doc_number: c for c in jiedu.cites}
    explained = by_number["冀政办字〔2019〕10号"]
    assert explained.explains and not explained.implements
    parent = by_number["国办发〔2018〕115号"]
    assert parent.explained_implements and not parent.implements
    assert not jiedu.implements
    # the short names are the documents they stand for, not citations of their own
    assert not [c for c in jiedu.cites if c.title in ("实施意见", "指导意见")]
    for c in jiedu.cites:
        assert JIEDU[c.span.start : c.span.end] == c.span.text


def test_the_cascade_reaches_a_jiedu_through_the_document_it_explains(jiedu):
    G = build_graph([NATIONAL, jiedu])
    node = next(n for n, d in G.nodes(data=True) if d.get("record_ids") == [jiedu.id])
    assert not [v for _, v, k in G.out_edges(node, keys=True) if k == "implements"]
    assert G.has_edge(node, "doc:冀政办字〔2019〕10号", "explains")
    said = G.edges["doc:冀政办字〔2019〕10号", "doc:国办发〔2018〕115号", "implements"]
    assert said["origin"] == node and said["rule"].startswith("explained_citation")
    down = trace(G, "国办发〔2018〕115号")
    assert node in down["documents"]
    assert {"source": node, "target": "doc:冀政办字〔2019〕10号", "relation": "explains"}.items() <= next(
        e for e in down["edges"] if e["source"] == node
    ).items()
    assert "doc:国办发〔2018〕115号" in upstream(G, node)["documents"]


def test_removing_a_jiedu_takes_what_it_said_with_it(jiedu):
    G = build_graph([NATIONAL, jiedu])
    node = next(n for n, d in G.nodes(data=True) if d.get("record_ids") == [jiedu.id])
    remove_document(G, node)
    H = build_graph([NATIONAL])
    # documents and agencies as if the 解读 had never come (an emptied region may stay: remove keeps regions)
    kept = lambda rows: [r for r in rows if not r[0].startswith("region:")]  # noqa: E731
    assert kept(canonical(G)[1]) == kept(canonical(H)[1])
    assert kept(canonical(G)[2]) == kept(canonical(H)[2])


def test_an_ordinary_notice_still_implements_what_it_cites():
    doc = Document(id="c", kind="notice", title="某省人民政府办公厅关于某事的通知", doc_number="某政办发〔2019〕1号",
                   cites=[Citation("国务院办公厅关于全面推行某某审核机制的指导意见", "国办发〔2018〕115号", True, "贯彻落实")])
    G = build_graph([NATIONAL, doc])
    assert G.has_edge("doc:某政办发〔2019〕1号", "doc:国办发〔2018〕115号", "implements")
    assert not [e for e in G.edges(keys=True) if e[2] == "explains"]
