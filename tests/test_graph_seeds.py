"""The graph over what ingest reads from the five seed notices (the issue's "done when").

Runs the real ingest pipeline, so it is skipped while that is not importable.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from policykg.graph import build_graph, coverage, trace

from . import graph_fixtures as fx

pipeline = pytest.importorskip("policykg.ingest.pipeline")
SEEDS = sorted((Path(__file__).resolve().parents[1] / "examples" / "notices").glob("*.txt"))


@pytest.fixture(scope="module")
def seeds():
    return build_graph([doc for path in SEEDS for doc in pipeline.read_notice(path)])


def test_trace_of_54_over_the_seeds(seeds):
    result = trace(seeds, fx.N54)
    docs = result["documents"]
    expected = {fx.GUANGDONG, fx.HUNAN_SERVICES, fx.HUNAN_OPENNESS, fx.PINGJIANG_SERVICES, fx.PINGJIANG_OPENNESS, fx.LITONG_PLAN}
    assert expected <= set(docs)
    assert not [d for d in docs if d.startswith("doc:南政")]
    keys = [(e["source"], e["target"], e["relation"]) for e in result["edges"]]
    assert len(keys) == len(set(keys))
    edges = {(e["source"], e["target"]): e for e in result["edges"] if e["relation"] == "implements"}
    for child in (fx.GUANGDONG, fx.HUNAN_SERVICES, fx.HUNAN_OPENNESS, fx.LITONG_PLAN):
        assert edges[child, "doc:" + fx.N54]["inferred"] is False
    for child, parent in ((fx.PINGJIANG_SERVICES, fx.HUNAN_SERVICES), (fx.PINGJIANG_OPENNESS, fx.HUNAN_OPENNESS)):
        assert edges[child, parent]["inferred"] is True
    assert (fx.PINGJIANG_SERVICES, fx.HUNAN_OPENNESS) not in edges and (fx.PINGJIANG_OPENNESS, fx.HUNAN_SERVICES) not in edges


def test_alignment_of_the_seed_plans(seeds):
    predicted, truth = set(), set()
    for key, child, parent in (("services", fx.PINGJIANG_SERVICES, fx.HUNAN_SERVICES), ("openness", fx.PINGJIANG_OPENNESS, fx.HUNAN_OPENNESS)):
        predicted |= {
            (u, v)
            for u, v, k in seeds.edges(keys=True)
            if k == "implements" and u.startswith(f"task:{child[4:]}#") and v.startswith(f"task:{parent[4:]}#")
        }
        truth |= {(f"task:{child[4:]}#{c}", f"task:{parent[4:]}#{p}") for c, ps in fx.REAL_PINGJIANG_TRUTH[key].items() for p in ps}
        rows = coverage(seeds, parent, child=child)["tasks"]
        covered = {p for ps in fx.REAL_PINGJIANG_TRUTH[key].values() for p in ps}
        assert abs(sum(1 for r in rows if r["implemented_by"]) - len(covered)) <= 1
    tp = len(predicted & truth)
    assert tp / len(predicted) >= 0.95 and tp / len(truth) >= 0.85


def test_law_named_without_its_country_is_one_document(seeds):
    # 粤府办〔2020〕10号 cites 《政府信息公开条例》; Hunan 《中华人民共和国政府信息公开条例》(国务院令第711号)
    assert seeds.has_edge(fx.GUANGDONG, "doc:国务院令第711号", "cites")
    assert "doc:政府信息公开条例" not in seeds
