"""The explorer over a store's database (views.StoreIndex) shows what it shows over the whole graph (views.GraphIndex).

Every table, count and picture the pages compute, and every question they ask
(cascades, a document's facts, restated tasks, the browser's neighbourhoods,
coverage, agencies), is computed both ways over the same real stores (the
bundled seeds, a small generated cascade) and must be equal. The overview
and the cascade chooser read only the documents (SQL over ``nodes`` and the
documents' edges), never the whole graph.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from policykg.explorer.data import open_store, read_graph
from policykg.explorer.charts import lag_summary
from policykg.explorer.views import (
    TABLE_PAGE,
    GraphIndex,
    StoreIndex,
    TableQuery,
    count_lags,
    document_facts,
    document_groups,
    documents_by_level_and_year,
    filter_choices,
    level_counts,
    neighbourhood,
    province_counts,
    year_counts,
)
from policykg.graph.schema import NodeType, document_tasks

from .test_sqlite_graph import SEEDS, _generate, _ingested


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    base = tmp_path_factory.mktemp("explorer-store")
    corpus = base / "generated"
    _generate().generate(corpus, 30, seed=11, source=SEEDS, within="43")
    return {"seeds": _ingested(base / "seeds", [SEEDS]), "generated": _ingested(base / "generated-store", [corpus])}


class _Loads:
    """Counts the whole-graph loads a StoreIndex asks for (it should ask for none but the browser's search)."""

    def __init__(self, root: Path) -> None:
        self.root, self.n = root, 0

    def __call__(self):
        self.n += 1
        return read_graph(self.root)


@pytest.fixture(scope="module", params=["seeds", "generated"])
def pair(request, stores):
    root = stores[request.param]
    loads = _Loads(root)
    return GraphIndex(read_graph(root)), StoreIndex(lambda: open_store(root), whole_graph=loads), loads


def test_tables_and_counts_are_the_whole_graphs(pair):
    whole, store, loads = pair
    assert len(store.documents) > 0
    pd.testing.assert_frame_equal(store.documents, whole.documents)
    assert store.labels == whole.labels
    assert (store.n_tasks, store.n_parties) == (whole.n_tasks, len(whole.parties))
    assert store.n_tasks > 0 and store.n_parties > 0
    pd.testing.assert_frame_equal(store.parties, whole.parties)
    lags, undated = store.diffusion_lags()
    whole_lags, whole_undated = whole.diffusion_lags()
    # the same rows (their order within one directive's links may differ: the chart counts them)
    key = ["source", "target"]
    pd.testing.assert_frame_equal(lags.sort_values(key, ignore_index=True), whole_lags.sort_values(key, ignore_index=True))
    assert undated == whole_undated and len(lags) + undated > 0
    assert store.largest_cascades() == whole.largest_cascades()
    assert loads.n == 0


def _queries(whole: GraphIndex) -> list[TableQuery]:
    """Filters of the Overview's table, built from what the documents hold (every filter alone and together)."""
    docs = whole.documents
    levels, provinces, years = filter_choices(whole.groups)
    titles = [t for t in docs["title"] if len(t) >= 6]
    numbers = [n for n in docs["doc_number"] if n]
    texts = [titles[0][2:6], titles[-1][-4:], numbers[0], numbers[-1][:3], "政务 公开", "县", "没有这个"]
    out = [TableQuery(), TableQuery(stubs=True)]
    out += [TableQuery(text=x) for x in texts] + [TableQuery(text=x, stubs=True) for x in texts[:3]]
    out += [TableQuery(levels=(lv,)) for lv in levels] + [TableQuery(levels=tuple(levels[:2]), stubs=True)]
    out += [TableQuery(provinces=(p,)) for p in provinces] + [TableQuery(years=(y,), stubs=True) for y in years]
    out += [TableQuery(text="政务", levels=tuple(levels[-1:]), provinces=tuple(provinces[:1]), years=tuple(years[:1]))]
    return out


@pytest.mark.parametrize("name", ["seeds", "generated"])
def test_the_overview_is_read_in_sql_and_says_what_pandas_says_over_every_document(stores, name):
    root = stores[name]
    whole = GraphIndex(read_graph(root))
    loads = _Loads(root)
    store = StoreIndex(lambda: open_store(root), whole_graph=loads)
    # pandas over the documents the store lists (SQLiteGraph.documents), read by a second index
    listed = StoreIndex(lambda: open_store(root))
    assert len(listed.documents) == len(whole.documents) > 0
    pandas_groups = document_groups(listed.documents)

    groups = store.groups
    pd.testing.assert_frame_equal(groups, whole.groups)
    pd.testing.assert_frame_equal(groups, pandas_groups)
    assert store.n_documents == whole.n_documents == int(groups["count"].sum())
    assert (store.n_tasks, store.n_parties) == (whole.n_tasks, len(whole.parties)) and store.n_tasks > 0
    real = ~whole.documents["stub"]
    assert int(groups.loc[~groups["stub"], "count"].sum()) == int(real.sum()) > 0
    pd.testing.assert_frame_equal(level_counts(groups), whole.documents[real].groupby(["level_rank", "level"]).size().rename("count").reset_index())
    pd.testing.assert_series_equal(year_counts(groups), whole.documents[real].dropna(subset=["year"]).groupby("year").size().rename("count"))
    by_province = whole.documents[real & (whole.documents["province"] != "")].groupby("province").size()
    assert province_counts(groups).to_dict() == by_province.to_dict() and len(by_province) > 0
    assert filter_choices(groups) == filter_choices(whole.groups)
    assert filter_choices(groups)[1] == sorted(p for p in set(whole.documents["province"]) if p)
    pd.testing.assert_frame_equal(documents_by_level_and_year(groups), documents_by_level_and_year(whole.documents))

    lags, undated = store.lag_days()
    whole_lags, whole_undated = whole.diffusion_lags()
    pd.testing.assert_frame_equal(lags, count_lags(whole_lags))
    assert undated == whole_undated and int(lags["links"].sum()) == len(whole_lags) > 0
    pd.testing.assert_frame_equal(lag_summary(lags), lag_summary(whole_lags))

    queries = _queries(whole)
    for query in queries:
        for n in (TABLE_PAGE, 3, None):
            table, total = store.document_table(query, n)
            expected, expected_total = whole.document_table(query, n)
            pd.testing.assert_frame_equal(table, expected, obj=repr(query))
            assert total == expected_total, query
            # and pandas over the documents the store lists
            listed_table, listed_total = GraphIndex.document_table(listed, query, n)
            pd.testing.assert_frame_equal(table, listed_table, obj=repr(query))
            assert total == listed_total, query
    assert any(0 < whole.document_table(q)[1] < whole.n_documents for q in queries), "no filter keeps some rows and drops others"
    # the Overview read neither every document nor the graph
    assert "documents" not in store.__dict__ and loads.n == 0


def test_the_default_cascade_of_the_seeds(stores):
    # the e2e test opens the Cascade page on it; the store's index must choose it too
    store = StoreIndex(lambda: open_store(stores["seeds"]))
    assert store.largest_cascades()[0][0] == "doc:国办发〔2019〕54号"


def test_pickers_are_the_whole_graphs(pair):
    whole, store, loads = pair
    queries = ["", "通知", "2019", "国办发[2019]54号", "政务公开", "工作要点", "不存在的文件", "县"]
    queries += list(whole.documents["doc_number"][:15]) + [t[-8:] for t in whole.documents["title"][:15]]
    for q in queries:
        assert store.find_documents(q) == whole.find_documents(q), q
        assert store.find_documents(q, with_tasks=True) == whole.find_documents(q, with_tasks=True), q
    for q in ["", "政府", "局", "办公室"]:
        assert store.find_parties(q) == whole.find_parties(q), q
    assert loads.n == 0


def test_questions_are_the_whole_graphs(pair):
    whole, store, loads = pair
    G = whole.G
    docs = list(whole.documents["id"])
    for node in docs:
        assert store.trace(node) == whole.trace(node)
        assert store.trace(node) is store.trace(node)  # kept: a page asks again on every rerun
        assert store.upstream(node) == whole.upstream(node)
        # the Document page: the node, its links and its tasks with their agencies
        H = store.around([node])
        H = store.around([node, *document_tasks(H, node)])
        assert H.nodes[node] == G.nodes[node]
        assert document_facts(H, node) == document_facts(G, node)
        assert sorted(H.in_edges(node, keys=True)) == sorted(G.in_edges(node, keys=True))
        assert sorted(H.out_edges(node, keys=True)) == sorted(G.out_edges(node, keys=True))
    with_tasks = [n for n in docs if whole.task_counts[n]]
    assert with_tasks
    for node in with_tasks[:40]:
        assert store.coverage(node) == whole.coverage(node)
        for task in document_tasks(G, node)[:3]:
            assert store.restating(task) == whole.restating(task)
    assert any(store.restating(t) for n in with_tasks for t in document_tasks(G, n)), "no task is restated: the test checks nothing"
    for party in list(whole.parties["id"][:20]):
        name = G.nodes[party]["name"]
        assert store.agency(name) == whole.agency(name)
    assert loads.n == 0


def test_browser_neighbourhoods_are_the_whole_graphs(pair):
    whole, store, loads = pair
    G = whole.G
    starts = list(whole.documents["id"][:10]) + list(whole.parties["id"][:5])
    starts += [n for n, d in G.nodes(data=True) if d.get("type") in (NodeType.TASK.value, NodeType.REGION.value)][:10]
    for start in starts:
        expanded = [start]
        for _ in range(2):  # expand the first neighbour not yet expanded
            H = store.around(expanded)
            shown = neighbourhood(H, expanded)
            assert shown == neighbourhood(G, expanded)
            assert all(H.nodes[n] == G.nodes[n] for n in shown[0])
            nxt = [n for n in shown[0] if n not in expanded]
            if not nxt:
                break
            expanded.append(nxt[0])
    # the browser's search over every node's label reads the labels, not the graph
    for q in ["平江", "县", "政务公开", "局", "1.", "国办发〔2019〕54号", "region:", "没有这个"]:
        assert store.find_nodes(q) == whole.find_nodes(q), q
    assert any(NodeType.TASK.value == G.nodes[n]["type"] for n in store.find_nodes("政务公开", limit=10_000))
    assert loads.n == 0


def test_the_reading_begun_before_the_pages_load_is_the_index_read_then(stores, monkeypatch):
    from policykg.explorer import prefetch
    from policykg.explorer.data import store_stamp

    root = stores["generated"].resolve()
    monkeypatch.setattr(prefetch, "_READS", {})
    monkeypatch.setattr(__import__("policykg.explorer.data", fromlist=["database"]), "database", lambda argv=None: None)
    prefetch.start(root)
    prefetch.start(root)  # once per store version: the second call begins nothing
    assert len(prefetch._READS) == 1
    read = prefetch.take(str(root), store_stamp(root))
    assert read is not None and prefetch.take(str(root), store_stamp(root)) is None  # handed out once
    opened = []
    early = StoreIndex(lambda: opened.append(1) or open_store(root), read=read)
    now = StoreIndex(lambda: open_store(root))
    # the Overview's aggregates and its table's first page were read already: the store is not opened for them
    pd.testing.assert_frame_equal(early.groups, now.groups)
    pd.testing.assert_frame_equal(early.lag_days()[0], now.lag_days()[0])
    pd.testing.assert_frame_equal(early.document_table()[0], now.document_table()[0])
    assert early.document_table()[1] == now.document_table()[1] > 0
    assert not opened and "documents" not in early.__dict__
    pd.testing.assert_frame_equal(early.documents, now.documents)
    assert early.diffusion_lags()[1] == now.diffusion_lags()[1] and early.largest_cascades() == now.largest_cascades()
    assert (early.n_tasks, early.n_parties) == (now.n_tasks, now.n_parties) and early.n_tasks > 0
    # a folder that is not a store begins nothing (and creates nothing)
    prefetch.start(root.parent / "nothing-here")
    assert len(prefetch._READS) == 1 and not (root.parent / "nothing-here").exists()
