"""The graph tables' compact layout (graph/codec.py, graph/embedded.py): the graph read back is the graph saved.

Round trips on the seeds, the development corpus and a generated cascade
(every node, edge key and attribute, in order, defaults and span texts that
are not stored included); the rows-by-id API on this layout; a node whose
text an edge row leans on, changed; and a store of the earlier layout (2),
read as it is and converted on the first write.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policykg import database
from policykg.errors import OldGraphLayout, StoreError
from policykg.graph import build_graph, codec, queries
from policykg.graph.embedded import (
    LAYOUT,
    _drop_query_schema,
    layout,
    load_graph,
    read_edges_of,
    read_graph_attrs,
    read_nodes,
    read_nodes_of_type,
    save_changes,
    save_graph,
    write_rows,
)
from policykg.graph.sqlite_graph import SQLiteGraph
from policykg.ingest.parallel import parse_files
from policykg.workspace import Workspace

from .store_corpus import canonical
from .test_graphdb_store import answer, questions
from .test_sqlite_graph import DEV_CORPUS, SEEDS, _generate


def _documents(folder: Path) -> list:
    parsed = parse_files(sorted(p for p in folder.rglob("*") if p.suffix in (".txt", ".html", ".docx")), workers=1)
    return [d for p in parsed if p.ok for d in p.documents]


@pytest.fixture(scope="module")
def graphs(tmp_path_factory):
    generated = tmp_path_factory.mktemp("generated")
    _generate().generate(generated, 40, seed=7, source=SEEDS, within="43")
    return {name: build_graph(_documents(folder)) for name, folder in (("seeds", SEEDS), ("dev", DEV_CORPUS), ("generated", generated))}


def _exactly(G, *, key_order: bool = False) -> tuple:
    """Everything of a graph, in order, types included (False is not 0): its JSON, node by node and edge by edge.

    ``key_order``: the order of the keys in every attribute dict too (what JSON answers print).
    """
    dump = lambda d: json.dumps(d, ensure_ascii=False, sort_keys=not key_order)  # noqa: E731
    nodes = [(n, dump(d)) for n, d in G.nodes(data=True)]
    edges = [(u, v, k, dump(d)) for u, v, k, d in G.edges(keys=True, data=True)]
    return dump(G.graph), nodes, edges


@pytest.mark.parametrize("which", ["seeds", "dev", "generated"])
def test_the_graph_read_back_is_the_graph_saved(graphs, which, tmp_path):
    G = graphs[which]
    save_graph(G, tmp_path)
    H = load_graph(tmp_path)
    assert _exactly(H) == _exactly(G)
    # the rows are the compact ones: less than half the bytes of the whole JSON of every edge
    conn = sqlite3.connect(database.db_path(tmp_path))
    (stored,) = conn.execute(
        "SELECT (SELECT sum(length(CAST(attrs AS BLOB))) FROM edges) + (SELECT coalesce(sum(length(span)), 0) FROM edge_spill)"
    ).fetchone()
    conn.close()
    whole = sum(len(codec.dumps(d).encode()) for *_, d in G.edges(keys=True, data=True))
    assert stored < whole / 2, (stored, whole)


def test_rows_by_id_give_the_saved_attributes(graphs, tmp_path):
    G = graphs["generated"]
    save_graph(G, tmp_path)
    conn = database.connect(tmp_path)
    try:
        tasks = [n for n, d in G.nodes(data=True) if d.get("type") == "Task"][:30]
        assert read_nodes(conn, tasks + ["nowhere"]) == {t: G.nodes[t] for t in tasks}
        assert read_nodes_of_type(conn, "Document") == {n: d for n, d in G.nodes(data=True) if d.get("type") == "Document"}
        expected = sorted((u, v, k, json.dumps(d, sort_keys=True)) for u, v, k, d in G.edges(tasks, keys=True, data=True))
        expected += sorted((u, v, k, json.dumps(d, sort_keys=True)) for u, v, k, d in G.in_edges(tasks, keys=True, data=True))
        got = [(u, v, k, json.dumps(d, sort_keys=True)) for u, v, k, d in read_edges_of(conn, tasks)]
        assert sorted(got) == sorted(set(expected)) and len(got) == len(set(expected))
        assert read_graph_attrs(conn) == G.graph
    finally:
        conn.close()


def _a_task_with_its_contains_edge(G):
    for u, v, k, d in G.edges(keys=True, data=True):
        if k == "contains" and (d.get("span") or {}).get("text") == G.nodes[v].get("text"):
            return u, v, d
    raise AssertionError("no contains edge whose span is its task's text")


def test_a_changed_task_text_leaves_its_edges_as_they_were(graphs, tmp_path):
    """The contains edge's row leans on its task's text: changing the text rewrites the edge, the same edge."""
    G = graphs["seeds"]
    save_graph(G, tmp_path)
    doc, task, edge = _a_task_with_its_contains_edge(G)
    roles = [(u, v, k, d) for u, v, k, d in G.out_edges(task, keys=True, data=True)]
    changed = dict(G.nodes[task], text="改写后的任务", document="doc:elsewhere")
    conn = database.connect(tmp_path)
    try:
        with database.write(conn):
            write_rows(conn, nodes={task: changed}, edges={})
        edges = {(u, v, k): d for u, v, k, d in read_edges_of(conn, [task])}
    finally:
        conn.close()
    assert edges[doc, task, "contains"] == edge
    assert all(edges[u, v, k] == d for u, v, k, d in roles)
    H = load_graph(tmp_path)
    assert H.nodes[task] == changed and H.edges[doc, task, "contains"] == edge
    # the same through the tracked graph and save_changes
    T, snap = load_graph(tmp_path, snapshot=True)
    T.nodes[task]["text"] = "又一次改写"
    conn = database.connect(tmp_path)
    try:
        save_changes(T, conn, snap)
    finally:
        conn.close()
    H = load_graph(tmp_path)
    assert H.nodes[task]["text"] == "又一次改写" and H.edges[doc, task, "contains"] == edge
    assert _exactly(H) == _exactly(T)


def test_an_edge_to_a_node_not_stored_is_refused(graphs, tmp_path):
    save_graph(graphs["seeds"], tmp_path)
    conn = database.connect(tmp_path)
    try:
        before = conn.execute("SELECT count(*) FROM edges").fetchone()
        with pytest.raises(StoreError):
            with database.write(conn):
                write_rows(conn, nodes={}, edges={("doc:nowhere", "doc:neither", "cites"): {"relation": "cites"}})
        assert conn.execute("SELECT count(*) FROM edges").fetchone() == before
    finally:
        conn.close()


# -- the codec alone ------------------------------------------------------------

_json = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
_texts = st.sampled_from(["任务", "doc:a", "task:a#1", "", "~"]) | st.text(max_size=6)
_special = st.fixed_dictionaries(
    {},
    optional={
        "confidence": st.none() | st.floats(0, 1) | st.just(0),
        "evidence": st.none() | st.just({"basis": "inferred"}) | _texts,
        "inferred": st.booleans() | st.none() | st.just(0),
        "relation": _texts | st.none(),
        "origin": _texts | st.none(),
        "span": st.none() | st.fixed_dictionaries({"start": st.integers(0, 9), "end": st.integers(0, 9)}, optional={"text": _texts | st.none()}),
        "text": _texts,
        "~": _json,
    },
)
_attrs = st.builds(lambda a, b: {**b, **a}, _special, st.dictionaries(st.text(max_size=6), _json, max_size=4))
_long = st.text(alphabet="政务公开要点", min_size=400, max_size=600)


def _same(a: dict, b: dict) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True) and list(a) == sorted(a)


@settings(max_examples=400, deadline=None)
@given(_attrs, _texts, _texts, _texts, st.none() | _texts, st.none() | _texts, st.booleans(), _long)
def test_an_edge_row_gives_back_its_attributes(d, u, v, k, document, text, long, filler):
    if long:
        d = {**d, "span": {"start": 0, "end": len(filler), "text": filler}}
    expected = json.loads(codec.dumps(d))
    row, spill = codec.pack_edge(u, v, k, d, source_document=document, target_text=text)
    if long and "~" not in d:  # a long span is kept apart, and a lean read gives the rest
        assert spill is not None and len(row.encode()) < codec.PACK_OVER
        assert _same(codec.unpack_edge(row, None, u, v, k, source_document=document, target_text=text),
                     {f: x for f, x in expected.items() if f != "span"})
    got = codec.unpack_edge(row, spill, u, v, k, source_document=document, target_text=text)
    assert _same(got, expected), (row, got, expected)
    if not codec.needs_context(row):
        assert _same(codec.unpack_edge(row, spill, u, v, k), expected)


@settings(max_examples=300, deadline=None)
@given(_attrs)
def test_a_node_row_gives_back_its_attributes(d):
    expected = json.loads(codec.dumps(d))
    row = codec.pack_node(d)
    assert _same(codec.unpack_node(row), expected)
    assert codec.node_type(row) == d.get("type")


def test_defaults_and_repeated_texts_are_not_stored():
    d = {"confidence": None, "evidence": None, "inferred": False, "relation": "lead", "origin": "doc:a",
         "mention": "县财政局", "rule": "record_clause", "span": {"start": 3, "end": 7, "text": "县财政局"}}
    row, spill = codec.pack_edge("task:a#1", "agency:x", "lead", d, source_document="doc:a")
    assert spill is None and json.loads(row) == {"mention": "县财政局", "rule": "record_clause", "span": {"end": 7, "start": 3, "text": "县财政局"}, "~": "D"}
    task = {"type": "Task", "text": "做好公开", "span": {"start": 0, "end": 4, "text": "做好公开"}}
    assert json.loads(codec.pack_node(task)) == {"type": "Task", "text": "做好公开", "span": {"end": 4, "start": 0}, "~": "X"}
    # absent defaults are told from defaults: an edge with none of them gets none back
    assert codec.unpack_edge(*codec.pack_edge("a", "b", "cites", {}), "a", "b", "cites") == {}


# -- a store of layout 2 -----------------------------------------------------------

_LAYOUT2 = """
CREATE TABLE nodes(id TEXT PRIMARY KEY, type TEXT, attrs TEXT NOT NULL);
CREATE INDEX nodes_by_type ON nodes(type);
CREATE TABLE edges(source TEXT NOT NULL, target TEXT NOT NULL, key TEXT NOT NULL, attrs TEXT NOT NULL, PRIMARY KEY (source, target, key));
CREATE INDEX edges_by_target ON edges(target, key);
CREATE TABLE graph_attrs(key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def _layout2_store(G, folder: Path) -> Path:
    """A store whose graph tables are as policykg-embedded/2 wrote them: text ids, every row whole JSON, no query schema.

    A store that has graph tables has them replaced (its records and counters are kept).
    """
    conn = database.connect(folder, create=True)
    with database.write(conn):
        _drop_query_schema(conn)
        for table in ("edge_spill", "nodes", "edges", "graph_attrs"):
            conn.execute(f"DROP TABLE IF EXISTS {table}")
        for statement in _LAYOUT2.split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.executemany("INSERT INTO nodes VALUES (?, ?, ?)", [(n, d.get("type"), codec.dumps(d)) for n, d in G.nodes(data=True)])
        conn.executemany("INSERT INTO edges VALUES (?, ?, ?, ?)", [(u, v, k, codec.dumps(d)) for u, v, k, d in G.edges(keys=True, data=True)])
        conn.executemany("INSERT INTO graph_attrs VALUES (?, ?)", [(k, codec.dumps(v)) for k, v in G.graph.items()])
    conn.close()
    return folder


def _layout_of(folder: Path):
    conn = database.connect(folder)
    try:
        return layout(conn)
    finally:
        conn.close()


def test_a_layout_2_store_is_read_and_converted_once(graphs, tmp_path):
    G = graphs["seeds"]
    folder = _layout2_store(G, tmp_path / "old")
    assert _layout_of(folder) == 2
    old = load_graph(folder)  # a reader reads it as it is
    assert _exactly(old) == _exactly(G)
    with SQLiteGraph(folder, check_step=False) as backend:  # the first question converts it
        asked = questions(old)[:150]
        assert asked
        for name, args, kwargs in asked:
            assert answer(getattr(backend, name), *args, **kwargs) == answer(getattr(queries, name), old, *args, **kwargs)
    assert _layout_of(folder) == LAYOUT
    # the same graph as the earlier layout gave, down to the order of the keys
    assert _exactly(load_graph(folder), key_order=True) == _exactly(old, key_order=True)


def test_a_write_on_a_layout_2_snapshot_converts_and_writes(graphs, tmp_path):
    G = graphs["seeds"]
    folder = _layout2_store(G, tmp_path / "old")
    T, snap = load_graph(folder, snapshot=True)
    doc, task, edge = _a_task_with_its_contains_edge(T)
    T.nodes[task]["text"] = "改写"
    T.add_node("agency:新机构", type="Agency", name="新机构")
    T.add_edge(task, "agency:新机构", "lead", relation="lead", inferred=False, confidence=None, evidence=None, origin=doc)
    conn = database.connect(folder)
    try:
        save_changes(T, conn, snap)
    finally:
        conn.close()
    assert _layout_of(folder) == LAYOUT
    H = load_graph(folder)
    assert _exactly(H) == _exactly(T)
    assert H.edges[doc, task, "contains"] == edge


def test_a_layout_2_store_that_cannot_be_converted_says_what_to_run(graphs, tmp_path, monkeypatch):
    folder = _layout2_store(graphs["seeds"], tmp_path / "old")
    monkeypatch.setenv(database.LOCK_TIMEOUT_VAR, "0")
    other = database.connect(folder)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(OldGraphLayout, match=r"\[E130\].*policykg rebuild"):
            SQLiteGraph(folder, check_step=False)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert _layout_of(folder) == 2


def test_an_ingest_into_a_layout_2_store_converts_it_and_adds(tmp_path):
    """The workspace reads a layout 2 store through the rows-by-id API, and its write converts it."""
    seeds = sorted(SEEDS.glob("*.txt"))
    assert len(seeds) >= 3
    folder = tmp_path / "old"
    with Workspace(folder, create=True) as ws:
        assert ws.ingest(seeds[:-1], workers=1).ok
    _layout2_store(load_graph(folder), folder)
    assert _layout_of(folder) == 2
    with Workspace(folder) as ws:
        assert ws.ingest(seeds[-1:], workers=1).ok
    assert _layout_of(folder) == LAYOUT
    fresh = tmp_path / "fresh"
    with Workspace(fresh, create=True) as ws:
        assert ws.ingest(seeds, workers=1).ok
    # the graph of the same records, however they came (the order of the rows is the order they came in)
    assert canonical(load_graph(folder)) == canonical(load_graph(fresh))


def test_a_span_kept_apart_follows_its_edge(graphs, tmp_path):
    """A promulgates edge keeps its long span apart; rewritten short, long again, or removed, the spill follows."""
    G = graphs["seeds"]
    save_graph(G, tmp_path)
    u, v, k, d = next((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if k == "promulgates" and len((d.get("span") or {}).get("text") or "") > 500)
    conn = database.connect(tmp_path)
    spills = lambda: conn.execute("SELECT count(*) FROM edge_spill").fetchone()[0]  # noqa: E731
    try:
        before = spills()
        assert before >= 1
        short = dict(d, span={"start": 0, "end": 2, "text": "短文"})
        with database.write(conn):
            write_rows(conn, nodes={}, edges={(u, v, k): short})
        assert spills() == before - 1
        assert {(a, b, c): x for a, b, c, x in read_edges_of(conn, [u])}[u, v, k] == short
        with database.write(conn):
            write_rows(conn, nodes={}, edges={(u, v, k): d})
        assert spills() == before
        assert {(a, b, c): x for a, b, c, x in read_edges_of(conn, [u])}[u, v, k] == d
        with database.write(conn):
            write_rows(conn, nodes={}, edges={}, gone_edges=[(u, v, k)])
        assert spills() == before - 1
    finally:
        conn.close()


def test_policykg_rebuild_converts_a_layout_2_store(tmp_path):
    from typer.testing import CliRunner

    from policykg.cli import app

    folder = tmp_path / "old"
    with Workspace(folder, create=True) as ws:
        assert ws.ingest([SEEDS], workers=1).ok
    expected = canonical(load_graph(folder))
    _layout2_store(load_graph(folder), folder)
    result = CliRunner().invoke(app, ["rebuild", "--store", str(folder)])
    assert result.exit_code == 0, result.output
    assert _layout_of(folder) == LAYOUT
    assert canonical(load_graph(folder)) == expected
    traced = CliRunner().invoke(app, ["trace", "国办发〔2019〕54号", "--format", "json", "--store", str(folder)])
    assert traced.exit_code == 0 and json.loads(traced.stdout)["root"] == "doc:国办发〔2019〕54号"
