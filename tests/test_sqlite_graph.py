"""Questions asked inside the database (graph/sqlite_graph.py) give the whole graph's answers.

Every question worth asking (the list the graph-database stores are checked
with) is asked of :class:`SQLiteGraph` over a real store and of the functions
of :mod:`policykg.graph.queries` over the whole graph loaded from the same
store; the answers must be equal, errors included. Stores: the hand graph and
the fixture cascade (written as tables), the bundled seeds, the development
corpus and a small generated cascade (ingested for real, so the triggers that
keep the lookup tables fill them).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from policykg import database
from policykg.errors import QueryIndexMissing
from policykg.graph import queries
from policykg.graph.embedded import QUERY_SCHEMA, load_graph, save_graph
from policykg.graph.schema import NodeType
from policykg.graph.sqlite_graph import SQLiteGraph
from policykg.workspace import Workspace

from .test_graphdb_store import answer, cascade_graph, hand_records, questions

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "notices"
DEV_CORPUS = Path(__file__).resolve().parent / "data" / "corpus" / "notices"


def _generate():
    spec = importlib.util.spec_from_file_location("bench_generate_sqlq", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _ingested(folder: Path, paths) -> Path:
    with Workspace(folder, create=True) as ws:
        report = ws.ingest(paths, workers=1)
    assert report.ok, [str(f.error) for f in report.failed]
    return folder


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    from policykg.graph import build_graph

    base = tmp_path_factory.mktemp("sqlq")
    out = {}
    save_graph(build_graph(hand_records()), base / "hand")
    out["hand"] = base / "hand"
    save_graph(cascade_graph(), base / "cascade")
    out["cascade"] = base / "cascade"
    out["seeds"] = _ingested(base / "seeds", [SEEDS])
    out["dev"] = _ingested(base / "dev", [DEV_CORPUS])
    corpus = base / "generated"
    _generate().generate(corpus, 40, seed=5, source=SEEDS, within="43")
    out["generated"] = _ingested(base / "generated-store", [corpus])
    return out


def _questions(G, cap: int = 600) -> list:
    asked = questions(G)
    # the dev corpus has hundreds of agencies: every tenth past the cap keeps the test short but broad
    return asked if len(asked) <= cap else asked[:cap] + asked[cap::10]


@pytest.mark.parametrize("which", ["hand", "cascade", "seeds", "dev", "generated"])
def test_answers_equal_the_whole_graph(stores, which):
    folder = stores[which]
    G = load_graph(folder)
    asked = _questions(G)
    assert len(asked) > 50
    with SQLiteGraph(folder, check_step=which not in ("hand", "cascade")) as backend:
        differ = []
        for name, args, kwargs in asked:
            expected = answer(getattr(queries, name), G, *args, **kwargs)
            got = answer(getattr(backend, name), *args, **kwargs)
            if got != expected:
                differ.append((name, args, kwargs))
        assert not differ, differ[:5]
        # and the answers are not all errors: the comparison saw real cascades
        ok = [a for a in (answer(backend.trace, d) for d in G if G.nodes[d].get("type") == "Document") if a[0] == "ok"]
        assert ok


def test_find_document_reads_candidates_not_all_documents(stores):
    folder = stores["generated"]
    G = load_graph(folder)
    docs = [n for n, d in G.nodes(data=True) if d.get("type") == NodeType.DOCUMENT.value and d.get("doc_number")]
    with SQLiteGraph(folder) as backend:
        for node in docs:
            number = G.nodes[node]["doc_number"]
            assert backend.find_document(number.replace("〔", "(").replace("〕", ")")) == queries.find_document(G, number)
            # a doc number is decided by its index: the candidates are the few documents with that number
            assert len(backend._candidates(number)) <= 3


def _drop_query_schema(folder: Path) -> None:
    conn = database.connect(folder)
    try:
        with database.write(conn):
            for kind, name in conn.execute("SELECT type, name FROM sqlite_master WHERE name LIKE 'nodes_query_%' OR name IN "
                                           "('node_keys', 'search_fts', 'nodes_by_doc_number', 'nodes_by_collective_region')").fetchall():
                conn.execute(f"DROP {kind.upper()} IF EXISTS {name}")
    finally:
        conn.close()


def test_a_store_without_the_query_schema_gets_it_once(stores, tmp_path):
    folder = tmp_path / "old"
    shutil.copytree(stores["seeds"], folder)
    _drop_query_schema(folder)
    conn = sqlite3.connect(database.db_path(folder))
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name='search_fts'").fetchone()
    conn.close()
    G = load_graph(folder)
    with SQLiteGraph(folder) as backend:
        for name, args, kwargs in _questions(G, cap=120):
            assert answer(getattr(backend, name), *args, **kwargs) == answer(getattr(queries, name), G, *args, **kwargs)
        assert backend.search("政务公开", limit=None)


def test_the_query_schema_fails_a_write_it_cannot_take(tmp_path, monkeypatch):
    """An old store whose schema cannot be added (the lock is held elsewhere) gives E120, not a traceback."""
    folder = _ingested(tmp_path / "s", [SEEDS])
    _drop_query_schema(folder)
    monkeypatch.setenv(database.LOCK_TIMEOUT_VAR, "0")
    other = database.connect(folder)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(QueryIndexMissing, match=r"\[E120\]"):
            SQLiteGraph(folder)
    finally:
        other.execute("ROLLBACK")
        other.close()


def _lookup_rows(conn) -> tuple[list, list]:
    keys = sorted(conn.execute("SELECT key, node, kind FROM node_keys"))
    expected = []
    for rowid, kind, attrs in conn.execute("SELECT rowid, type, attrs FROM nodes"):
        d = json.loads(attrs)
        if kind == "Document":
            expected += [(k, rowid, "record") for k in d.get("record_ids") or []]
            expected += [(d["title"], rowid, "title")] if d.get("title") is not None else []
        if kind in ("Agency", "Collective"):
            expected += [(k, rowid, "mention") for k in d.get("mentions") or []]
    return keys, sorted(expected)


def test_triggers_keep_the_lookups_in_step_through_ingest_and_remove(tmp_path):
    folder = _ingested(tmp_path / "s", [SEEDS])
    with Workspace(folder) as ws:
        ws.remove("湘政办发〔2020〕9号")
    conn = database.connect(folder)
    try:
        keys, expected = _lookup_rows(conn)
        assert keys == expected and keys
        fts = conn.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH '\"政务公开\"'").fetchone()[0]
        bodies = conn.execute(
            "SELECT count(*) FROM nodes WHERE (type='Task' AND instr(json_extract(attrs,'$.heading') || ' ' || "
            "coalesce(json_extract(attrs,'$.text'),''), '政务公开')) OR (type='Document' AND instr(json_extract(attrs,'$.title'), '政务公开'))"
        ).fetchone()[0]
        assert fts == bodies > 0
    finally:
        conn.close()
    G = load_graph(folder)
    with SQLiteGraph(folder) as backend:
        assert answer(backend.trace, "国办发〔2019〕54号") == answer(queries.trace, G, "国办发〔2019〕54号")


def test_search_finds_the_same_substring_hits_first(stores):
    folder = stores["dev"]
    G = load_graph(folder)
    with SQLiteGraph(folder) as backend:
        for text in ("政务公开", "政务 新媒体", "信息公开", "政府网站", "国务院办公厅", "公开", "一二三四五六"):
            query = "".join(text.split())
            mine = backend.search(text, limit=None)
            theirs = queries.search(G, text, limit=None)
            exact = lambda hits: {h["id"] for h in hits if h["score"] >= 1}
            assert exact(mine) == exact(theirs), text
            # substring hits come first, and carry the same snippet
            scores = [h["score"] for h in mine]
            assert scores == sorted(scores, reverse=True)
            snippets = {h["id"]: h["snippet"] for h in theirs if h["score"] >= 1}
            assert all(h["snippet"] == snippets[h["id"]] for h in mine if h["score"] >= 1)
            assert all(query in h["snippet"] for h in mine if h["score"] >= 1)
            assert backend.search(text, limit=3) == mine[:3]
        assert backend.search("   ") == []


def test_the_schema_statements_are_idempotent(stores):
    conn = database.connect(stores["seeds"])
    try:
        with database.write(conn):
            for statement in QUERY_SCHEMA:
                conn.execute(statement)
        keys, expected = _lookup_rows(conn)
        assert keys == expected
    finally:
        conn.close()
