"""The embedded store: save and load a folder, atomically, and answer the same questions."""

from __future__ import annotations

import json

import pytest
from networkx.readwrite import json_graph
from policykg.graph import (
    GraphStoreError,
    add_documents,
    build_graph,
    load_graph,
    remove_document,
    save_graph,
    trace,
)
from policykg.graph.embedded import GRAPH_FILE, META_FILE, store_exists

from . import graph_fixtures as fx


@pytest.fixture(scope="module")
def cascade():
    """The fixture cascade graph, shared by this module's tests: do not change it."""
    return fx.cascade_graph()


def test_round_trip_keeps_everything(cascade, tmp_path):
    meta = save_graph(cascade, tmp_path)
    assert meta == {"format": "policykg-embedded/1", "nodes": cascade.number_of_nodes(), "edges": cascade.number_of_edges()}
    assert sorted(p.name for p in tmp_path.iterdir()) == [GRAPH_FILE, META_FILE]  # no temporary files left
    loaded = load_graph(tmp_path)
    assert json_graph.node_link_data(loaded, edges="edges") == json_graph.node_link_data(cascade, edges="edges")
    assert trace(loaded, fx.N54, tasks=True) == trace(cascade, fx.N54, tasks=True)


def test_add_and_remove_on_a_loaded_store(tmp_path):
    save_graph(build_graph(fx.guangdong_documents() + fx.pingjiang_documents()), tmp_path)
    G = load_graph(tmp_path)
    add_documents(G, fx.hunan_documents())
    save_graph(G, tmp_path)
    G = load_graph(tmp_path)
    assert G.edges[fx.PINGJIANG_SERVICES, fx.HUNAN_SERVICES, "implements"]["inferred"] is True
    remove_document(G, "湘政办发〔2020〕9号")
    save_graph(G, tmp_path)
    assert fx.HUNAN_SERVICES not in load_graph(tmp_path)


def test_missing_or_broken_store(tmp_path):
    assert not store_exists(tmp_path)
    with pytest.raises(GraphStoreError) as err:
        load_graph(tmp_path / "nowhere")
    assert "--store" in str(err.value)
    save_graph(build_graph([]), tmp_path)
    (tmp_path / GRAPH_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(GraphStoreError):
        load_graph(tmp_path)
    (tmp_path / META_FILE).write_text(json.dumps({"format": "other/9"}), encoding="utf-8")
    with pytest.raises(GraphStoreError) as err:
        load_graph(tmp_path)
    assert "other/9" in str(err.value)


def test_a_failed_write_leaves_the_previous_graph(tmp_path, monkeypatch):
    save_graph(build_graph(fx.guangdong_documents()), tmp_path)
    before = (tmp_path / GRAPH_FILE).read_bytes()
    G = build_graph(fx.litong_documents())
    G.graph["unserialisable"] = object()
    with pytest.raises(TypeError):
        save_graph(G, tmp_path)
    assert (tmp_path / GRAPH_FILE).read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [GRAPH_FILE, META_FILE]
