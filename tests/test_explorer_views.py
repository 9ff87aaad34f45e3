"""The explorer's pure layer: views, data loading, strings and the launch command (no Streamlit session)."""

from __future__ import annotations

import doctest
import importlib
import os
import sys
from pathlib import Path

import pytest

pytest.importorskip("streamlit")

from policykg.explorer import data, launch, strings, views  # noqa: E402
from policykg.explorer.views import (  # noqa: E402
    GraphIndex,
    cascade_counts,
    cascade_layout,
    cascade_levels,
    coverage_status,
    coverage_table,
    highlight_html,
    neighbourhood,
    restating_tasks,
)
from policykg.graph import coverage, trace  # noqa: E402
from policykg.graph.queries import COVERED_SCORE  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "examples" / "notices"
N54 = "doc:国办发〔2019〕54号"
HUNAN_OPENNESS = "doc:湘政办发〔2020〕9号/湖南省2020年政务公开工作要点"
PINGJIANG_OPENNESS = "doc:平政办发〔2020〕5号/平江县2020年政务公开工作要点"


@pytest.mark.parametrize("module", ["views", "data", "strings", "launch", "widgets", "charts"])
def test_docstring_examples(module):
    """The explorer is outside the doctest paths of pytest.ini (its pages run on import), so its examples run here."""
    mod = importlib.import_module(f"policykg.explorer.{module}")
    result = doctest.testmod(mod)
    assert result.failed == 0


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    from policykg.ingest.batch import ingest_paths
    from policykg.ingest.store import RecordStore

    root = tmp_path_factory.mktemp("views") / "store"
    assert ingest_paths(sorted(SAMPLES.glob("*.txt")), RecordStore(root)).ok
    return root


@pytest.fixture(scope="module")
def G(store):
    return data.read_graph(store)


def test_every_string_has_both_languages_and_the_same_fields():
    import string

    for key, (zh, en) in strings.STRINGS.items():
        assert zh and en, key
        fields = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
        assert fields(zh) == fields(en), key


def test_pages_use_only_known_strings():
    import re

    used = set()
    for page in (ROOT / "explorer").glob("*.py"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_0-9]+)["']""", page.read_text(encoding="utf-8")))
    assert used, "no t() calls found"
    assert used <= set(strings.STRINGS), sorted(used - set(strings.STRINGS))


def test_pages_are_one_function_each_called_once():
    import ast

    for page in sorted((ROOT / "explorer").glob("page_*.py")):
        tree = ast.parse(page.read_text(encoding="utf-8"))
        public = [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")]
        calls = [n for n in tree.body if isinstance(n, ast.Expr) and isinstance(n.value, ast.Call)]
        assert len(public) == 1, (page.name, public)
        assert len(calls) == 1 and calls[0].value.func.id == public[0], page.name


def test_entry_point_routes_only():
    import ast

    tree = ast.parse((ROOT / "explorer" / "app.py").read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    # and the reading of the first page begun before the pages load (policykg.explorer.prefetch)
    assert imported <= {"annotations", "Path", "t", "PAGES", "default_lang", "prefetch"}, imported
    pages = set(launch.APP.parent.glob("page_*.py"))
    from policykg.explorer.widgets import PAGES

    assert {launch.APP.parent / p for p in PAGES.values()} == pages


def test_store_path_from_arguments_environment_or_default(monkeypatch):
    monkeypatch.delenv("POLICYKG_STORE", raising=False)
    assert data.store_path(["app.py"]) == Path(".policykg")
    monkeypatch.setenv("POLICYKG_STORE", "/tmp/env-store")
    assert data.store_path(["app.py"]) == Path("/tmp/env-store")
    assert data.store_path(["app.py", "--store", "/tmp/arg-store"]) == Path("/tmp/arg-store")
    assert data.store_path(["app.py", "--st", "/x"]) == Path("/tmp/env-store")  # no abbreviations


def test_stamp_changes_when_the_store_changes(tmp_path):
    from policykg.graph import save_graph

    assert data.store_stamp(tmp_path) == ()
    import networkx as nx

    save_graph(nx.MultiDiGraph(), tmp_path)
    first = data.store_stamp(tmp_path)
    assert first != ()
    save_graph(nx.MultiDiGraph(), tmp_path)
    assert data.store_stamp(tmp_path) == first  # a write that changed nothing
    save_graph(nx.MultiDiGraph(marker=True), tmp_path)
    assert data.store_stamp(tmp_path) != first


def test_saved_graph_is_used_and_synced_when_records_are_newer(tmp_path):
    import time

    from policykg.graph import save_graph
    from policykg.ingest.batch import ingest_paths
    from policykg.ingest.store import RecordStore

    store = tmp_path / "store"
    ingest_paths([SAMPLES / "004_62fbd0d8b12ea668.txt"], RecordStore(store))
    marked = data.read_graph(store)  # built from the records and saved
    marked.graph["marker"] = True
    save_graph(marked, store)
    assert data.read_graph(store).graph.get("marker") is True  # the saved graph, not a rebuild
    time.sleep(0.01)
    ingest_paths([SAMPLES / "000_d10acf90206c7376.txt"], RecordStore(store))  # behind the explorer's back
    G = data.read_graph(store)
    # brought in step: the graph built from all the records now stored
    from policykg.graph import build_graph

    assert PINGJIANG_OPENNESS in G and "marker" not in G.graph
    assert sorted(G.edges(keys=True)) == sorted(build_graph(RecordStore(store).documents()).edges(keys=True))


def test_cleaned_text_maps_source_spans(store, G):
    node = G.nodes[HUNAN_OPENNESS]
    sha = node["sources"][0]["sha256"]
    cleaned = data.read_cleaned_text(store, sha)
    task = G.nodes["task:湘政办发〔2020〕9号/湖南省2020年政务公开工作要点#1"]
    a, b = cleaned.from_source(task["span"]["start"], task["span"]["end"])
    assert task["heading"] in cleaned.text[a:b]


def test_index_lists_documents_and_finds_them(G):
    idx = GraphIndex(G)
    docs = idx.documents
    assert len(docs[~docs["stub"]]) == 11
    assert idx.find_documents("湘政办发[2020]9号")[1] == "doc:湘政办发〔2020〕9号"
    hits, exact = idx.find_documents("政务公开工作要点")
    assert exact is None and HUNAN_OPENNESS in hits and PINGJIANG_OPENNESS in hits
    hits, _ = idx.find_documents("", with_tasks=True)
    assert all(docs.set_index("id").at[h, "tasks"] > 0 for h in hits)
    assert idx.find_nodes("平江县市场监督管理局")[0] == "agency:平江县市场监督管理局"
    assert idx.find_parties("县市场监管局")  # a mention finds the canonical agency


def test_cascade_levels_run_national_to_county(G):
    answer = trace(G, N54)
    levels = [level for level, _ in cascade_levels(answer)]
    assert levels == ["national", "provincial", "county"]
    county = dict(cascade_levels(answer))["county"]
    assert PINGJIANG_OPENNESS in {e["id"] for e in county}
    nodes, edges, clustered = cascade_layout(answer)
    assert not clustered
    row = dict(zip(nodes["id"], nodes["y"]))
    assert row[N54] < row[HUNAN_OPENNESS] < row[PINGJIANG_OPENNESS]  # national above provincial above county
    assert all(row[s] > row[t] for s, t in zip(edges["source"], edges["target"]))  # implements points up
    inferred = edges[(edges["source"] == PINGJIANG_OPENNESS) & (edges["target"] == HUNAN_OPENNESS)]
    assert list(inferred["inferred"]) == [True]


def test_task_drill_down_follows_task_alignments(G):
    rows = restating_tasks(G, "task:湘政办发〔2020〕9号/湖南省2020年政务公开工作要点#1")
    assert rows and rows[0]["document"] == PINGJIANG_OPENNESS
    assert rows[0]["task"]["agencies"]["lead"] or rows[0]["task"]["agencies"]["responsible"] or rows[0]["task"]["agencies"]["shared"]


def test_coverage_table_statuses(G):
    answer = coverage(G, HUNAN_OPENNESS)
    table = coverage_table(answer)
    assert len(table) == 19
    statuses = set(table[PINGJIANG_OPENNESS])
    assert statuses <= {"covered", "weak", "not"} and "not" in statuses
    share = next(c["coverage"] for c in answer["children"] if c["document"]["id"] == PINGJIANG_OPENNESS)
    assert (table[PINGJIANG_OPENNESS] == "covered").mean() == pytest.approx(share, abs=1e-3)


@pytest.mark.parametrize(
    "scores, status",
    [([], "not"), ([0.1015], "weak"), ([0.1015, 0.98], "covered"), ([COVERED_SCORE], "covered"), ([None], "covered")],
)
def test_coverage_status_follows_the_cli_rule(scores, status):
    assert coverage_status(scores) == status


def test_highlight_escapes_everything():
    text = "<script>alert(1)</script> & 县政务局牵头"
    out = highlight_html(text, [(0, 8, "citation"), (28, 32, "agency"), (0, len(text), "task")])
    assert "<script" not in out and "&lt;script&gt;" in out and "&amp;" in out
    import re

    assert set(re.findall(r"<(/?\w+)", out)) == {"span", "/span"}
    assert "县政务局" in out


def test_highlight_overlapping_marks_keep_every_character():
    import html as _html
    import re

    text = "一二三四五六七八九十"
    out = highlight_html(text, [(0, 6, "task"), (2, 4, "agency"), (3, 8, "deadline"), (5, 20, "bogus")])
    assert _html.unescape(re.sub(r"<[^>]+>", "", out)) == text


def test_neighbourhood_caps_and_filters(G):
    nodes, edges, hidden = neighbourhood(G, [PINGJIANG_OPENNESS], cap=5)
    assert len(nodes) == 6 and hidden[PINGJIANG_OPENNESS] > 0
    nodes, edges, _ = neighbourhood(G, [PINGJIANG_OPENNESS], relations={"promulgates"}, cap=50)
    assert {k for _, _, k in edges} == {"promulgates"} and len(nodes) == 2
    nodes, _, _ = neighbourhood(G, [PINGJIANG_OPENNESS], node_types={"Task"}, cap=100)
    assert all(G.nodes[n]["type"] == "Task" for n in nodes if n != PINGJIANG_OPENNESS)


def test_launch_command_and_environment(tmp_path):
    argv = launch.command(tmp_path, 8777, address="127.0.0.1", headless=True)
    assert argv[:5] == [sys.executable, "-m", "streamlit", "run", str(launch.APP)]
    assert argv[argv.index("--server.port") + 1] == "8777"
    assert argv[argv.index("--server.address") + 1] == "127.0.0.1"
    assert argv[argv.index("--browser.gatherUsageStats") + 1] == "false"
    assert argv[-3:] == ["--", "--store", str(tmp_path.resolve())]
    assert launch.environment(tmp_path)["POLICYKG_STORE"] == str(tmp_path.resolve())
    assert "--server.address" not in launch.command(tmp_path, 1, address=None)
    # no developer chrome: the toolbar shows no deploy or developer items, and the
    # agent-skills prompt rides on the welcome message (the e2e tests check the page)
    assert argv[argv.index("--client.toolbarMode") + 1] == "minimal"
    assert argv[argv.index("--logger.hideWelcomeMessage") + 1] == "true"
    assert launch.command(tmp_path, 1, lang="en")[-2:] == ["--lang", "en"]
    script_argv = launch.command(tmp_path, 1, lang="en")
    assert data.default_lang(["app.py", *script_argv[script_argv.index("--") + 1 :]]) == "en"  # what the app sees


def test_update_graph_adds_new_documents_to_the_saved_graph(tmp_path):
    from policykg.graph import load_graph, save_graph
    from policykg.ingest.batch import ingest_paths
    from policykg.ingest.store import RecordStore

    store = tmp_path / "store"
    ingest_paths([SAMPLES / "004_62fbd0d8b12ea668.txt"], RecordStore(store))
    data.read_graph(store)  # builds and saves the graph
    assert load_graph(store).number_of_nodes() > 0
    report = data.ingest_files(store, [("pingjiang.txt", (SAMPLES / "000_d10acf90206c7376.txt").read_bytes())])
    assert report.ok and [p.name for p in (store / data.UPLOADS).glob("*/*")] == ["pingjiang.txt"]
    assert data.update_graph(store, report).added == 3
    G = load_graph(store)
    assert PINGJIANG_OPENNESS in G
    assert G.has_edge(PINGJIANG_OPENNESS, HUNAN_OPENNESS, "implements")


def test_the_first_page_is_spared_streamlits_repl_check(monkeypatch):
    # prefetch.skip_repl_check sets Streamlit's flag; if a Streamlit release drops the flag the
    # check (inspect.stack(), a quarter of a second of the first render) comes back: this says so
    import streamlit.delta_generator as delta_generator

    from policykg.explorer import prefetch

    assert hasattr(delta_generator, "_use_warning_has_been_displayed")
    monkeypatch.setattr(delta_generator, "_use_warning_has_been_displayed", False)
    prefetch.skip_repl_check()
    assert delta_generator._use_warning_has_been_displayed is True
