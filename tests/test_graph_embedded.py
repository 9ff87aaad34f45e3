"""The embedded store: save and load the graph tables of a store, atomically, and answer the same questions."""

from __future__ import annotations

import sqlite3

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
from policykg.database import DB_FILE
from policykg.graph.embedded import FORMAT, store_exists

from . import graph_fixtures as fx


@pytest.fixture(scope="module")
def cascade():
    """The fixture cascade graph, shared by this module's tests: do not change it."""
    return fx.cascade_graph()


def _tables(folder):
    with sqlite3.connect(folder / DB_FILE) as conn:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}")) for t in ("nodes", "edges")}


def test_round_trip_keeps_everything(cascade, tmp_path):
    meta = save_graph(cascade, tmp_path)
    assert meta == {"format": FORMAT, "nodes": cascade.number_of_nodes(), "edges": cascade.number_of_edges()}
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(DB_FILE + "-")) == [DB_FILE]
    loaded = load_graph(tmp_path)
    assert json_graph.node_link_data(loaded, edges="edges") == json_graph.node_link_data(cascade, edges="edges")
    assert trace(loaded, fx.N54, tasks=True) == trace(cascade, fx.N54, tasks=True)
    # every edge keeps its relation name as its key
    assert {k for *_, k in loaded.edges(keys=True)} == {k for *_, k in cascade.edges(keys=True)}
    assert all(isinstance(k, str) for *_, k in loaded.edges(keys=True))


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
    assert not (tmp_path / "nowhere").exists()  # reading creates nothing
    save_graph(build_graph([]), tmp_path)
    with sqlite3.connect(tmp_path / DB_FILE) as conn:
        # the lookup triggers and indexes refuse malformed JSON: damage a row behind their back
        conn.execute("DROP TRIGGER nodes_query_insert")
        conn.execute("INSERT INTO nodes(id, type, attrs) VALUES ('x', 'Task', '{not json')")
    with pytest.raises(GraphStoreError):
        load_graph(tmp_path)
    with sqlite3.connect(tmp_path / DB_FILE) as conn:
        conn.execute("UPDATE meta SET value='other/9' WHERE key='format'")
    with pytest.raises(GraphStoreError) as err:
        load_graph(tmp_path)
    assert "other/9" in str(err.value)


def test_a_failed_write_leaves_the_previous_graph(tmp_path):
    save_graph(build_graph(fx.guangdong_documents()), tmp_path)
    before = _tables(tmp_path)
    G = build_graph(fx.litong_documents())
    G.graph["unserialisable"] = object()
    with pytest.raises(TypeError):
        save_graph(G, tmp_path)
    assert _tables(tmp_path) == before


def test_an_edge_without_its_relation_key_is_refused(tmp_path):
    G = build_graph(fx.guangdong_documents())
    u, v = next(iter(G.edges()))
    G.add_edge(u, v)  # networkx gives it an integer key
    with pytest.raises(GraphStoreError) as err:
        save_graph(G, tmp_path)
    assert "relation name" in str(err.value)
