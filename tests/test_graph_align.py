"""Task alignment against known truth, and the coverage it gives.

The floors are pinned from measurements (see policykg.graph.align): on the
synthetic 平江县 plans precision and recall are 1.0; on the real 平江县 plans
against a hand alignment, precision 0.97 and recall 0.90.
"""

from __future__ import annotations

import numpy as np
import pytest
from policykg.graph import build_graph, coverage
from policykg.graph.align import THRESHOLD, align_tasks, score_matrix
from policykg.graph.queries import covers

from . import graph_fixtures as fx


@pytest.fixture(scope="module")
def cascade():
    """The fixture cascade graph, shared by this module's tests: do not change it."""
    return fx.cascade_graph()


def _predicted(G, child, parent):
    prefix_c, prefix_p = f"task:{child[4:]}#", f"task:{parent[4:]}#"
    return {
        (u, v)
        for u, v, k in G.edges(keys=True)
        if k == "implements" and u.startswith(prefix_c) and v.startswith(prefix_p)
    }


def _prf(predicted, truth):
    tp = len(predicted & truth)
    return tp / len(predicted), tp / len(truth)


@pytest.mark.parametrize("pair", list(fx.PINGJIANG_TRUTH))
def test_synthetic_alignment_precision_and_recall(cascade, pair):
    precision, recall = _prf(_predicted(cascade, *pair), fx.PINGJIANG_TRUTH[pair])
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)


def test_a_merged_task_aligns_to_both_and_local_tasks_to_none(cascade):
    merged = f"task:{fx.PINGJIANG_SERVICES[4:]}#3"
    parents = {v for _, v, k in cascade.out_edges(merged, keys=True) if k == "implements"}
    assert parents == {f"task:{fx.HUNAN_SERVICES[4:]}#3", f"task:{fx.HUNAN_SERVICES[4:]}#4"}
    for local in (10, 22):
        task = f"task:{fx.PINGJIANG_SERVICES[4:]}#{local}"
        assert not [v for _, v, k in cascade.out_edges(task, keys=True) if k == "implements"]


def test_alignment_edges_carry_scores(cascade):
    edges = [d for u, v, k, d in cascade.edges(keys=True, data=True) if k == "implements" and u.startswith("task:")]
    assert edges
    for d in edges:
        assert d["inferred"] and d["rule"] == "align_tfidf" and THRESHOLD <= d["confidence"] <= 1
        assert d["evidence"]["basis"] in ("inferred", "explicit")


@pytest.fixture(scope="module")
def real():
    G = build_graph(fx.hunan_documents() + fx.real_pingjiang_documents())
    docs = {d["record_ids"][0]: n for n, d in G.nodes(data=True) if d.get("type") == "Document" and d.get("record_ids")}
    return G, docs


def _real_truth(child, parent, key):
    return {(f"task:{child[4:]}#{c}", f"task:{parent[4:]}#{p}") for c, ps in fx.REAL_PINGJIANG_TRUTH[key].items() for p in ps}


def test_real_pingjiang_plans_calibration(real):
    G, docs = real
    predicted, truth = set(), set()
    for key, parent in (("services", fx.HUNAN_SERVICES), ("openness", fx.HUNAN_OPENNESS)):
        child = docs[f"real-pj-{key}"]
        predicted |= _predicted(G, child, parent)
        truth |= _real_truth(child, parent, key)
    precision, recall = _prf(predicted, truth)
    assert precision >= 0.95 and recall >= 0.85, (precision, recall)


def test_real_pingjiang_plans_are_inferred_to_implement_hunans(real):
    G, docs = real
    for key, parent in (("services", fx.HUNAN_SERVICES), ("openness", fx.HUNAN_OPENNESS)):
        edge = G.edges[docs[f"real-pj-{key}"], parent, "implements"]
        assert edge["inferred"] is True
    assert not G.has_edge(docs["real-pj-services"], fx.HUNAN_OPENNESS, "implements")
    assert not G.has_edge(docs["real-pj-openness"], fx.HUNAN_SERVICES, "implements")


@pytest.mark.parametrize("parent", [fx.HUNAN_SERVICES, fx.HUNAN_OPENNESS])
def test_coverage_is_within_one_task_of_the_truth(cascade, parent):
    result = coverage(cascade, parent)
    child = next(c for c in result["children"] if c["document"]["id"].startswith("doc:平政办发"))
    covered = [row["task"]["position"] for row in result["tasks"] if any(i["document"] == child["document"]["id"] and covers(i["score"]) for i in row["implemented_by"])]
    assert abs(len(covered) - len(fx.PINGJIANG_COVERED[parent])) <= 1
    assert child["coverage"] == round(len(covered) / len(result["tasks"]), 4)


@pytest.mark.parametrize("key, parent", [("services", fx.HUNAN_SERVICES), ("openness", fx.HUNAN_OPENNESS)])
def test_real_coverage_is_within_one_task_of_the_truth(real, key, parent):
    G, docs = real
    truth = {p for ps in fx.REAL_PINGJIANG_TRUTH[key].values() for p in ps}
    result = coverage(G, parent, child=docs[f"real-pj-{key}"])
    [child] = result["children"]
    covered = [row for row in result["tasks"] if any(covers(i["score"]) for i in row["implemented_by"])]
    assert abs(len(covered) - len(truth)) <= 1
    assert child["coverage"] == round(len(covered) / len(result["tasks"]), 4)


def test_score_matrix_ranks_the_restated_task_first():
    child = [("推进跨域通办", "对两批200件事逐步推行跨县办理、跨市办理、全县通办")]
    parent = [
        ("加强政务新媒体管理", "统筹推动政务新媒体与政府网站整体协同发展"),
        ("推进跨域通办", "对两批200件事逐步推行跨县办理、跨市办理、跨层联办、全省通办"),
    ]
    scores = score_matrix(child, parent)
    assert scores.shape == (1, 2) and int(np.argmax(scores[0])) == 1 and scores[0, 1] > 0.5
    assert score_matrix([], parent).shape == (0, 2)


def test_align_tasks_without_tasks_is_empty(cascade):
    assert align_tasks(cascade, fx.PINGJIANG, fx.HUNAN) == []


def test_cached_tfidf_equals_a_vectoriser_fitted_on_the_pair(cascade):
    """Analysing each text once and weighting per pair gives the fitted vectoriser's scores."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from policykg.graph.align import pair_tfidf, task_texts
    from policykg.graph.schema import document_tasks

    texts = [part for t in document_tasks(cascade, fx.PINGJIANG_SERVICES) + document_tasks(cascade, fx.HUNAN_SERVICES) for part in task_texts(cascade, t, ["湖南省", "湖南", "平江县", "平江"])]
    fitted = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True).fit_transform(texts)
    ours = pair_tfidf(texts)
    assert ours.shape[0] == len(texts) > 40
    assert np.allclose((ours @ ours.T).toarray(), (fitted @ fitted.T).toarray(), atol=1e-12)
    # the per-pair IDF is not a corpus constant: another pair weights the same text differently
    assert not np.allclose((pair_tfidf(texts[:6]) @ pair_tfidf(texts[:6]).T).toarray(), (ours @ ours.T).toarray()[:6, :6])


def test_char_ngrams_are_scikit_learns_char_analyser():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from policykg.graph.align import char_ngrams

    sklearn_analyser = TfidfVectorizer(analyzer="char", ngram_range=(2, 3)).build_analyzer()
    texts = ["政务公开", "各县市区人民政府  要 \t 抓好落实。", "A", "", "ＡＢ cd  EF\n\n公开", "一二"]
    for text in texts:
        assert char_ngrams(text) == sklearn_analyser(text), text
