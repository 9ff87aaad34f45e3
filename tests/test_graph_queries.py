"""trace, upstream, coverage, agency obligations, search and find_document on the fixture cascade."""

from __future__ import annotations

import json

import pytest
from policykg.graph import (
    AgencyNotFound,
    AmbiguousReference,
    DocumentNotFound,
    GraphError,
    agency_obligations,
    coverage,
    find_document,
    search,
    trace,
    upstream,
)
from policykg.errors import PolicykgError

from . import graph_fixtures as fx


@pytest.fixture(scope="module")
def cascade():
    """The fixture cascade graph, shared by this module's tests: do not change it."""
    return fx.cascade_graph()

DOC_KEYS = {"id", "title", "doc_number", "kind", "level", "region", "stub"}
EDGE_KEYS = {"source", "target", "relation", "inferred", "confidence", "evidence"}


def _edge(result, source, target, relation="implements"):
    [edge] = [e for e in result["edges"] if (e["source"], e["target"], e["relation"]) == (source, target, relation)]
    return edge


def test_trace_of_54_reaches_the_whole_cascade(cascade):
    result = trace(cascade, "国办发[2019]54号")
    assert set(result) == {"root", "documents", "edges"} and result["root"] == "doc:" + fx.N54
    docs = result["documents"]
    expected = {fx.GUANGDONG, fx.HUNAN_SERVICES, fx.HUNAN_OPENNESS, fx.PINGJIANG_SERVICES, fx.PINGJIANG_OPENNESS, fx.LITONG_PLAN}
    assert expected <= set(docs)
    assert {fx.HUNAN, fx.PINGJIANG, fx.LITONG} <= set(docs)  # the notices that hold the plans
    assert fx.NANXIAN not in docs and not [d for d in docs if d.startswith("doc:南政")]
    for entry in docs.values():
        assert set(entry) == DOC_KEYS
    assert docs["doc:" + fx.N54]["stub"] is True and docs[fx.PINGJIANG_SERVICES]["region"] == ["湖南省", "岳阳市", "平江县"]
    # each edge once, each marked right
    keys = [(e["source"], e["target"], e["relation"]) for e in result["edges"]]
    assert len(keys) == len(set(keys))
    for e in result["edges"]:
        assert set(e) == EDGE_KEYS and e["source"] in docs and e["target"] in docs
    root = "doc:" + fx.N54
    for explicit in (fx.GUANGDONG, fx.HUNAN_SERVICES, fx.HUNAN_OPENNESS, fx.PINGJIANG_OPENNESS, fx.LITONG_PLAN):
        edge = _edge(result, explicit, root)
        assert edge["inferred"] is False and edge["evidence"], explicit
    assert _edge(result, fx.LITONG_PLAN, root)["confidence"] >= 0.8  # matched by subject
    for child, parent in ((fx.PINGJIANG_SERVICES, fx.HUNAN_SERVICES), (fx.PINGJIANG_OPENNESS, fx.HUNAN_OPENNESS)):
        edge = _edge(result, child, parent)
        assert edge["inferred"] is True and 0 < edge["confidence"] <= 1 and edge["evidence"]["aligned"]
    assert _edge(result, fx.HUNAN, fx.HUNAN_SERVICES, "promulgates")["inferred"] is False
    json.dumps(result, ensure_ascii=False)


def test_trace_with_tasks(cascade):
    result = trace(cascade, fx.HUNAN_SERVICES, tasks=True)
    docs = result["documents"]
    assert set(docs) >= {fx.HUNAN_SERVICES, fx.PINGJIANG_SERVICES, fx.PINGJIANG}
    tasks = {k: v for k, v in docs.items() if v.get("kind") == "task"}
    assert len(tasks) == 23 + 22
    task = tasks[f"task:{fx.PINGJIANG_SERVICES[4:]}#8"]
    assert task["heading"] == "稳妥推行“三即”承诺制" and "平江县市场监督管理局" in task["agencies"]["lead"]
    assert "平江县县直相关单位" in task["agencies"]["responsible"]
    assert tasks[f"task:{fx.PINGJIANG_SERVICES[4:]}#12"]["deadlines"] == [{"text": "2020年底前", "date": "2020-12-31"}]
    aligned = [e for e in result["edges"] if e["relation"] == "implements" and e["source"].startswith("task:")]
    assert len(aligned) >= 20 and all(e["inferred"] and e["target"] in tasks for e in aligned)
    assert [e for e in result["edges"] if e["relation"] == "contains"]
    json.dumps(result, ensure_ascii=False)


def test_upstream_goes_to_the_top(cascade):
    result = upstream(cascade, fx.PINGJIANG_SERVICES)
    docs = result["documents"]
    assert {fx.HUNAN_SERVICES, "doc:" + fx.N54, "doc:国办发〔2019〕51号", fx.PINGJIANG} <= set(docs)
    assert _edge(result, fx.PINGJIANG_SERVICES, fx.HUNAN_SERVICES)["inferred"] is True
    assert _edge(result, fx.HUNAN_SERVICES, "doc:" + fx.N54)["inferred"] is False
    assert fx.GUANGDONG not in docs


def test_coverage_shape_and_child_filter(cascade):
    result = coverage(cascade, fx.HUNAN_OPENNESS)
    assert set(result) == {"parent", "children", "tasks"} and set(result["parent"]) == DOC_KEYS
    assert [c["document"]["id"] for c in result["children"]] == [fx.PINGJIANG_OPENNESS]
    row = result["tasks"][0]
    assert set(row) == {"task", "implemented_by"} and set(row["task"]) == {"id", "position", "heading"}
    [hit] = row["implemented_by"]
    assert set(hit) == {"document", "task", "score"} and hit["document"] == fx.PINGJIANG_OPENNESS and 0 < hit["score"] <= 1
    uncovered = [r["task"]["position"] for r in result["tasks"] if not r["implemented_by"]]
    assert uncovered == [8, 16]  # the two tasks 平江县 dropped
    only = coverage(cascade, fx.HUNAN_OPENNESS, child="平政办发〔2020〕5号")  # a notice stands for its plans
    assert [c["document"]["id"] for c in only["children"]] == [fx.PINGJIANG_OPENNESS]
    stub = coverage(cascade, fx.N54)
    assert stub["tasks"] == [] and {c["coverage"] for c in stub["children"]} == {0.0}
    json.dumps(result, ensure_ascii=False)


def test_agency_obligations_include_those_shared_through_a_collective(cascade):
    result = agency_obligations(cascade, "平江县市场监督管理局")
    assert result["agency"]["id"] == "agency:平江县市场监督管理局" and result["agency"]["region"] == "平江县"
    direct = [o for o in result["obligations"] if o["via"] is None]
    assert {o["task"]["heading"] for o in direct} >= {"稳妥推行“三即”承诺制", "及时公开市场监管信息"}
    assert {o["mention"] for o in direct} == {"县市场监管局"}
    via = {o["via"] for o in result["obligations"] if o["via"]}
    assert "平江县县直相关单位" in via
    assert "湖南省各级各部门" in via  # Hunan's 各级各部门 covers county departments too
    assert "平江县各乡镇人民政府" not in via and "湖南省直相关单位" not in via
    assert any(o["deadlines"] for o in result["obligations"] if o["via"] == "平江县县直相关单位")
    assert agency_obligations(cascade, "县市场监管局")["agency"]["id"] == "agency:平江县市场监督管理局"
    township = agency_obligations(cascade, "平江县各乡镇人民政府")
    assert township["agency"]["type"] == "Collective" and township["obligations"]
    json.dumps(result, ensure_ascii=False)


def test_agency_not_found(cascade):
    with pytest.raises(AgencyNotFound) as err:
        agency_obligations(cascade, "火星省政务局")
    assert "火星省政务局" in str(err.value) and isinstance(err.value, GraphError)


def test_search_documents_and_tasks(cascade):
    hits = search(cascade, "中介服务超市")
    docs = {h["document"] for h in hits if h["type"] == "task"}
    assert {fx.HUNAN_SERVICES, fx.PINGJIANG_SERVICES} <= docs
    assert all(h["score"] >= 1 for h in hits[:2]) and "中介服务超市" in hits[0]["snippet"]
    titles = search(cascade, "政务公开工作要点")
    assert {fx.HUNAN_OPENNESS, fx.PINGJIANG_OPENNESS, fx.LITONG_PLAN} <= {h["id"] for h in titles}
    assert search(cascade, "") == []


@pytest.mark.parametrize(
    "ref, node",
    [
        (fx.HUNAN, fx.HUNAN),
        ("湘政办发〔2020〕9号", fx.HUNAN),
        ("湘政办发【2020】9号", fx.HUNAN),
        ("湘政办发（2020）9号", fx.HUNAN),
        ("hunan-2020-services", fx.HUNAN_SERVICES),
        ("湖南省2020年政务公开工作要点", fx.HUNAN_OPENNESS),
        ("《湖南省2020年政务公开工作要点》", fx.HUNAN_OPENNESS),
        ("平江县2020年政务管理服务", fx.PINGJIANG_SERVICES),
        ("基层政务公开标准化规范化工作的指导意见", "doc:" + fx.N54),
    ],
)
def test_find_document(cascade, ref, node):
    assert find_document(cascade, ref) == node


def test_find_document_errors_say_what_to_do(cascade):
    with pytest.raises(DocumentNotFound) as err:
        find_document(cascade, "湘政办发〔2099〕1号")
    message = str(err.value)
    assert "湘政办发〔2099〕1号" in message and "doc number" in message
    assert isinstance(err.value, GraphError) and isinstance(err.value, PolicykgError)
    with pytest.raises(AmbiguousReference) as err:
        find_document(cascade, "2020年政务公开工作要点")
    assert {fx.HUNAN_OPENNESS, fx.PINGJIANG_OPENNESS, fx.LITONG_PLAN} <= set(err.value.candidates)
    assert "repeat the command" in str(err.value)


def test_trace_follows_a_notice_that_implements_the_notice_holding_a_plan():
    # A county notice implements the Hunan *notice*; the Hunan plan implements
    # 54号. The county notice is downstream of 54号 through the notice.
    from policykg.graph import build_graph
    from policykg.ingest.records import Citation, Document

    county = Document(
        id="xiangyin",
        kind="notice",
        title="湘阴县人民政府办公室关于贯彻落实湘政办发〔2020〕9号文件的通知",
        doc_number="湘阴政办发〔2020〕3号",
        issuer="湘阴县人民政府办公室",
        level="county",
        region=["湖南省", "岳阳市", "湘阴县"],
        region_code="430624",
        cites=[Citation(None, "湘政办发〔2020〕9号", True, "贯彻落实湘政办发〔2020〕9号")],
    )
    G = build_graph(fx.cascade_documents() + [county])
    result = trace(G, "国办发〔2019〕54号")
    assert "doc:湘阴政办发〔2020〕3号" in result["documents"]
    assert _edge(result, "doc:湘阴政办发〔2020〕3号", "doc:湘政办发〔2020〕9号")["inferred"] is False
    # the notice holding the plan does not pull in plans that do not implement 54号
    ids = list(result["documents"])
    assert len(ids) == len(set(ids))


def test_search_sees_documents_added_after_an_earlier_search():
    from policykg.graph import add_documents, build_graph
    from policykg.ingest.records import Document

    G = build_graph(fx.cascade_documents())
    assert not search(G, "海洋渔业资源养护")
    add_documents(G, [Document(id="sea", kind="notice", title="关于加强海洋渔业资源养护的通知", doc_number="某政发〔2020〕1号")])
    assert [h["title"] for h in search(G, "海洋渔业资源养护")] == ["关于加强海洋渔业资源养护的通知"]
