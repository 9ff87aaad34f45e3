"""Inferred implements-links: region containment, matching periods, aligned tasks, explicit links kept."""

from __future__ import annotations

import dataclasses

import pytest
from policykg.graph import add_documents, build_graph
from policykg.graph.infer import SHARE_THRESHOLD, candidate_children, candidate_parents
from policykg.ingest.records import Citation

from . import graph_fixtures as fx


@pytest.fixture(scope="module")
def cascade():
    """The fixture cascade graph, shared by this module's tests: do not change it."""
    return fx.cascade_graph()


def test_pingjiang_plans_are_inferred_to_implement_the_hunan_plans_they_mirror(cascade):
    for child, parent in ((fx.PINGJIANG_SERVICES, fx.HUNAN_SERVICES), (fx.PINGJIANG_OPENNESS, fx.HUNAN_OPENNESS)):
        edge = cascade.edges[child, parent, "implements"]
        assert edge["inferred"] is True and edge["rule"] == "infer_task_alignment"
        assert 0.5 < edge["confidence"] <= 1
        evidence = edge["evidence"]
        assert evidence["share"] >= SHARE_THRESHOLD and evidence["candidates"] == "region_year"
        assert evidence["aligned"] and all(c.startswith(f"task:{child[4:]}#") and p.startswith(f"task:{parent[4:]}#") for c, p, _ in evidence["aligned"])


def test_sibling_plans_are_not_linked(cascade):
    assert not cascade.has_edge(fx.PINGJIANG_SERVICES, fx.HUNAN_OPENNESS, "implements")
    assert not cascade.has_edge(fx.PINGJIANG_OPENNESS, fx.HUNAN_SERVICES, "implements")
    assert not cascade.has_edge(fx.PINGJIANG, fx.HUNAN, "implements")


def test_candidates_come_from_the_region_and_period_index(cascade):
    assert candidate_parents(cascade, fx.PINGJIANG_SERVICES) == sorted([fx.HUNAN_OPENNESS, fx.HUNAN_SERVICES])
    assert candidate_children(cascade, fx.HUNAN_SERVICES) == sorted([fx.PINGJIANG_OPENNESS, fx.PINGJIANG_SERVICES])
    assert candidate_parents(cascade, fx.HUNAN_SERVICES) == []  # no national document with tasks in 2020


def test_only_the_documents_of_the_period_asked_about_are_looked_at_for_tasks(cascade, monkeypatch):
    from policykg.graph import infer

    asked = []
    real = infer.task_documents
    monkeypatch.setattr(infer, "task_documents", lambda G, node: asked.append(node) or real(G, node))
    nanxian_plan = next(n for n, d in cascade.nodes(data=True) if "nx-plan" in d.get("record_ids", ()))
    # the 2016 plan is under Hunan too: a 2020 question must not read its tasks
    assert nanxian_plan not in candidate_children(cascade, fx.HUNAN_SERVICES)
    assert asked and all(2020 in cascade.nodes[n]["years"] for n in asked)
    assert nanxian_plan not in asked


def test_period_must_match(cascade):
    nanxian_plan = next(n for n, d in cascade.nodes(data=True) if "nx-plan" in d.get("record_ids", ()))
    assert cascade.nodes[nanxian_plan]["years"] == [2016]
    assert candidate_parents(cascade, nanxian_plan) == []
    assert not [v for _, v, k in cascade.out_edges(nanxian_plan, keys=True) if k == "implements" and v.startswith("doc:湘")]


def test_region_must_contain(cascade):
    assert not [p for p in candidate_parents(cascade, fx.LITONG_PLAN) if p.startswith("doc:湘")]
    assert not [v for _, v, k in cascade.out_edges(fx.LITONG_PLAN, keys=True) if k == "implements" and v.startswith("doc:湘")]


def test_inferred_when_the_parent_arrives_later():
    G = build_graph(fx.pingjiang_documents())
    assert not [v for _, v, k, d in G.out_edges(fx.PINGJIANG_SERVICES, keys=True, data=True) if k == "implements" and d["inferred"]]
    add_documents(G, fx.hunan_documents())
    assert G.edges[fx.PINGJIANG_SERVICES, fx.HUNAN_SERVICES, "implements"]["inferred"] is True


def test_an_explicit_link_is_never_overwritten():
    _, services, _ = fx.pingjiang_documents()
    yueyang = fx.mirror_of(
        services,
        id="yy-services",
        parent=None,
        doc_number="岳政办发〔2020〕3号",
        title="岳阳市2020年政务管理服务工作要点",
        issuer="岳阳市人民政府办公室",
        level="municipal",
        region=["湖南省", "岳阳市"],
        region_code="430600",
        cites=[Citation("湖南省2020年政务管理服务工作要点", None, True, "按照《湖南省2020年政务管理服务工作要点》要求")],
    )
    for order in ([yueyang] + fx.hunan_documents(), fx.hunan_documents() + [yueyang]):
        G = build_graph(order)
        edge = G.edges["doc:岳政办发〔2020〕3号", fx.HUNAN_SERVICES, "implements"]
        assert edge["inferred"] is False and edge["rule"] == "citation_title"
        bases = {d["evidence"]["basis"] for u, v, k, d in G.edges(keys=True, data=True) if k == "implements" and u.startswith("task:岳政办发")}
        assert bases == {"explicit"}


def test_a_plan_restating_two_plans_of_its_parent_region_implements_both():
    """The matches at one level compete for the child's tasks, but a plan that merges two plans keeps both parents."""
    notice, services, openness = fx.pingjiang_documents()
    merged = dataclasses.replace(
        services,
        id="pj-both",
        title="平江县2020年政务公开政务管理服务工作要点",
        cites=[],
        tasks=[dataclasses.replace(t, position=i) for i, t in enumerate(services.tasks + openness.tasks, 1)],
    )
    notice = dataclasses.replace(notice, title="平江县人民政府办公室关于印发《平江县2020年政务公开政务管理服务工作要点》的通知")
    G = build_graph(fx.hunan_documents() + [notice, merged])
    child = "doc:平政办发〔2020〕5号/平江县2020年政务公开政务管理服务工作要点"
    for parent in (fx.HUNAN_SERVICES, fx.HUNAN_OPENNESS):
        evidence = G.edges[child, parent, "implements"]["evidence"]
        assert evidence["rivals"] == 1 and SHARE_THRESHOLD <= evidence["credited"] < evidence["share"], (parent, evidence)
