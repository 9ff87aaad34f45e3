"""Building the graph: schema invariants, agencies, regions, removal, order independence."""

from __future__ import annotations

import pytest
from policykg.graph import (
    add_documents,
    build_graph,
    documents_in_region,
    remove_document,
    trace,
)
from policykg.graph.schema import RELATION_ENDPOINTS, NodeType, Relation
from policykg.ingest.records import Citation, Task

from . import graph_fixtures as fx


@pytest.fixture(scope="module")
def cascade():
    """The fixture cascade graph, shared by this module's tests: do not change it."""
    return fx.cascade_graph()

HUNAN_DOCS = {fx.HUNAN, fx.HUNAN_SERVICES, fx.HUNAN_OPENNESS}


def _edges(G):
    return sorted((u, v, k, bool(d.get("inferred"))) for u, v, k, d in G.edges(keys=True, data=True))


def test_every_node_and_edge_follows_the_schema(cascade):
    types = {t.value for t in NodeType}
    for node, data in cascade.nodes(data=True):
        assert data.get("type") in types, node
    for u, v, key, data in cascade.edges(keys=True, data=True):
        relation = Relation(key)
        assert data["relation"] == key
        assert data["span"] is not None or data["rule"], (u, v, key)
        sources, targets = RELATION_ENDPOINTS[relation]
        assert cascade.nodes[u]["type"] in {t.value for t in sources}, (u, key)
        assert cascade.nodes[v]["type"] in {t.value for t in targets}, (v, key)
        if data["inferred"]:
            assert 0 < data["confidence"] <= 1 and data["evidence"], (u, v, key)


def test_documents_and_plans(cascade):
    plan = cascade.nodes[fx.PINGJIANG_SERVICES]
    assert (plan["kind"], plan["level"], plan["region"], plan["years"]) == ("plan", "county", "region:430626", [2020])
    assert plan["region_names"] == ["湖南省", "岳阳市", "平江县"]
    assert cascade.has_edge(fx.PINGJIANG, fx.PINGJIANG_SERVICES, "promulgates")
    assert cascade.nodes[fx.HUNAN_SERVICES]["signed_date"] == "2020-03-20"  # a plan takes its notice's date
    tasks = [t for _, t, k in cascade.out_edges(fx.HUNAN_OPENNESS, keys=True) if k == "contains"]
    assert len(tasks) == 19
    task = cascade.nodes[f"task:{fx.HUNAN_OPENNESS[4:]}#14"]
    assert task["heading"] == "全面推行基层政务公开标准化规范化" and task["deadlines"] == [{"text": "2020年底前", "date": None}]
    assert task["span"]["text"].startswith("(十四)全面推行")


def test_one_agency_node_per_canonical_name(cascade):
    agencies = [n for n, d in cascade.nodes(data=True) if d.get("type") == "Agency"]
    assert len(agencies) == len({cascade.nodes[n]["name"] for n in agencies})
    msa = cascade.nodes["agency:平江县市场监督管理局"]
    assert "县市场监管局" in msa["mentions"] and msa["region"] == "region:430626"
    assert "省政务局" in cascade.nodes["agency:湖南省政务管理服务局"]["mentions"]
    assert cascade.has_edge("agency:平江县市场监督管理局", "region:430626", "within")
    assert cascade.has_edge("agency:平江县市场监督管理局", "agency:平江县人民政府", "subordinate_to")
    assert cascade.has_edge("agency:平江县人民政府", "agency:岳阳市人民政府", "subordinate_to")
    assert cascade.nodes["collective:平江县县直相关单位"]["members"] == {"kind": "departments", "depth": "same"}


def test_region_hierarchy_and_containment_query(cascade):
    for child, parent in [("430626", "430600"), ("430600", "430000"), ("430000", "000000"), ("640302", "640300")]:
        assert cascade.has_edge(f"region:{child}", f"region:{parent}", "within")
    hunan = set(documents_in_region(cascade, "湖南省"))
    assert HUNAN_DOCS | {fx.PINGJIANG, fx.PINGJIANG_SERVICES, fx.PINGJIANG_OPENNESS, fx.NANXIAN} <= hunan
    assert not hunan & {fx.GUANGDONG, fx.LITONG, fx.LITONG_PLAN}
    assert set(documents_in_region(cascade, "岳阳市")) == {fx.PINGJIANG, fx.PINGJIANG_SERVICES, fx.PINGJIANG_OPENNESS}
    assert documents_in_region(cascade, "430626") == documents_in_region(cascade, "岳阳市")
    assert "doc:" + fx.N54 in documents_in_region(cascade, "000000", stubs=True)
    assert "doc:" + fx.N54 not in documents_in_region(cascade, "000000")


def test_build_is_independent_of_order():
    a = fx.cascade_graph()
    b = build_graph(fx.nanxian_documents() + fx.hunan_documents() + fx.litong_documents() + fx.pingjiang_documents() + fx.guangdong_documents())
    assert sorted(a.nodes) == sorted(b.nodes)
    assert _edges(a) == _edges(b)


def test_adding_documents_later_equals_building_at_once():
    G = build_graph(fx.guangdong_documents() + fx.pingjiang_documents())
    add_documents(G, fx.litong_documents())
    add_documents(G, fx.hunan_documents())
    add_documents(G, fx.nanxian_documents())
    whole = fx.cascade_graph()
    assert sorted(G.nodes) == sorted(whole.nodes)
    assert _edges(G) == _edges(whole)


def test_remove_document_takes_its_tasks_facts_and_links():
    G = fx.cascade_graph()
    removed = remove_document(G, "湘政办发[2020]9号")
    assert set(removed) == HUNAN_DOCS
    assert not HUNAN_DOCS & set(G)
    assert not [n for n, d in G.nodes(data=True) if d.get("document") in HUNAN_DOCS]
    # the inferred links and task alignments rested on Hunan's tasks
    assert not [(u, v) for u, v, k in G.edges(keys=True) if k == "implements" and G.nodes[u]["type"] == "Task"]
    # stubs only Hunan cited are gone; stubs others cite stay
    for gone in ("国务院令第716号", "国务院令第722号", "省直部门审批服务三集中三到位改革方案", "政府信息公开申请办理答复规范"):
        assert "doc:" + gone not in G, gone
    for kept in (fx.N54, "国办发〔2019〕51号", "国务院令第711号"):
        assert G.nodes["doc:" + kept]["stub"], kept
    # agencies no task names any more are gone; the regions stay
    assert "agency:湖南省政务管理服务局" not in G and "agency:湖南省人民政府办公厅" not in G
    assert "region:430000" in G
    t = trace(G, fx.N54)
    assert fx.PINGJIANG_SERVICES not in t["documents"] and fx.PINGJIANG_OPENNESS in t["documents"]
    # and putting it back restores everything
    add_documents(G, fx.hunan_documents())
    assert _edges(G) == _edges(fx.cascade_graph())


def test_removing_a_cited_document_makes_it_a_stub_again():
    real = fx.guangdong_documents()[0]
    G = build_graph([real])
    citer = fx.mirror_of(real, id="sz", doc_number="深府办〔2020〕5号", title="深圳市人民政府办公厅关于贯彻落实粤府办〔2020〕10号的通知",
                         region_code="440300", cites=[Citation("广东省人民政府办公厅关于全面推进基层政务公开标准化规范化工作的实施意见", "粤府办〔2020〕10号", True, "贯彻落实")],
                         tasks=[Task("sz#1", 1, 1, "(一)", None, "编制基层政务公开事项标准目录", "(一)编制基层政务公开事项标准目录。全面梳理细化相关领域政务公开事项。")])
    add_documents(G, [citer])
    assert G.edges["doc:深府办〔2020〕5号", fx.GUANGDONG, "implements"]["inferred"] is False
    remove_document(G, fx.GUANGDONG)
    stub = G.nodes[fx.GUANGDONG]
    assert stub["stub"] is True and stub["doc_number"] == "粤府办〔2020〕10号"
    assert stub["issuer"] == "广东省人民政府办公厅" and stub["kind"] is None
    assert not [t for _, t, k in G.out_edges(fx.GUANGDONG, keys=True) if k == "contains"]
    assert G.has_edge("doc:深府办〔2020〕5号", fx.GUANGDONG, "implements")
    assert "doc:" + fx.N54 not in G  # only the removed document cited it
    add_documents(G, [real])  # and the stub becomes the document again
    assert not G.nodes[fx.GUANGDONG]["stub"]


def test_remove_unknown_document_raises():
    from policykg.graph import DocumentNotFound

    with pytest.raises(DocumentNotFound):
        remove_document(build_graph([]), "湘政办发〔2099〕1号")
