"""The generated national cascade (benchmarks/generate.py): its truth, and the links policykg finds in it.

Tiny on purpose (one province, a few dozen notices); the benchmark runs the
same generator and evaluation at 1,000 notices and more.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from policykg.graph import add_documents, build_graph
from policykg.ingest.parallel import parse_files
from policykg.rules.regions import region_from_code, within

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _module(name):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


generate, evaluate = _module("generate"), _module("evaluate")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("national")
    truth = generate.generate(out, 30, seed=3, source=BENCHMARKS.parent / "examples" / "notices", within="43")
    return out, truth


@pytest.fixture(scope="module")
def records(corpus):
    out, truth = corpus
    parsed = {Path(p.path).relative_to(out).as_posix(): p for p in parse_files(sorted(out.rglob("*.txt")), workers=1)}
    assert all(p.ok for p in parsed.values()), [str(p.error) for p in parsed.values() if not p.ok]
    return parsed


def test_the_truth_describes_the_files_written(corpus):
    out, truth = corpus
    files = {p.relative_to(out).as_posix() for p in out.rglob("*.txt")}
    assert files == set(truth["documents"]) and len(files) == 30
    assert json.loads((out / "truth.json").read_text(encoding="utf-8")) == truth
    kinds = {link["kind"] for link in truth["links"]}
    assert kinds == {"explicit", "inferred"}
    levels = {d["level"] for d in truth["documents"].values()}
    assert levels == {"national", "provincial", "municipal", "county"}


def test_every_parent_is_a_region_above_its_child_in_the_same_year(corpus):
    _, truth = corpus
    docs = truth["documents"]
    for link in truth["links"]:
        child, parent = docs[link["child"]], docs[link["parent"]]
        assert child["year"] == parent["year"] and child["subject"] == parent["subject"]
        assert child["region_code"] != parent["region_code"]
        assert within(region_from_code(child["region_code"]), region_from_code(parent["region_code"]))
        assert (link["kind"] == "explicit") == (child["cites"] in ("number", "title"))


def test_the_reader_finds_each_notice_its_region_and_number(corpus, records):
    _, truth = corpus
    for key, expected in truth["documents"].items():
        notice = records[key].documents[0]
        assert notice.doc_number == expected["doc_number"], key
        assert (notice.region_code or "000000") == expected["region_code"], (key, notice.region)
        assert [d.title for d in records[key].documents[1:]] == [expected["title"]]


def test_links_and_task_pairs_meet_the_accuracy_targets(corpus, records):
    _, truth = corpus
    G = build_graph([d for p in records.values() for d in p.documents])
    s = evaluate.scores(G, truth)
    assert s["explicit"]["true"] and s["inferred"]["true"] and s["tasks"]["true"]
    for name in ("explicit", "inferred"):
        assert s[name]["precision"] >= 0.95 and s[name]["recall"] >= 0.95, (name, s[name])
    assert s["tasks"]["precision"] >= 0.9 and s["tasks"]["recall"] >= 0.9, s["tasks"]


def test_a_nearer_parent_arriving_later_replaces_the_link_to_the_level_above(corpus, records):
    """Counties first linked to the province move to their prefecture when it is ingested."""
    _, truth = corpus
    municipal = {k for k, d in truth["documents"].items() if d["level"] == "municipal"}
    first = [d for k, p in records.items() if k not in municipal for d in p.documents]
    later = [d for k, p in records.items() if k in municipal for d in p.documents]
    G = build_graph(first)
    docs = truth["documents"]
    to_province = {(c, p) for c, p in _inferred_links(G, truth) if docs[c]["level"] == "county" and docs[p]["level"] == "provincial"}
    assert to_province  # with no prefecture yet, counties implement their province
    add_documents(G, later)
    assert not to_province & _inferred_links(G, truth)
    whole = build_graph(first + later)
    assert evaluate.scores(G, truth) == evaluate.scores(whole, truth)


def _inferred_links(G, truth):
    files = evaluate.node_files(G, truth)
    return {(files[u], files[v]) for u, v, k, d in G.edges(keys=True, data=True) if k == "implements" and d.get("inferred") and u in files and v in files}


def test_scores_read_from_a_store_in_sql_are_the_scores_of_its_graph(corpus, records, tmp_path):
    # the benchmark scores a 100k store without loading its graph (evaluate.store_scores)
    from policykg.graph.embedded import save_graph

    _, truth = corpus
    G = build_graph([d for p in records.values() for d in p.documents])
    save_graph(G, tmp_path)
    from_store = evaluate.store_scores(tmp_path, truth)
    assert from_store == evaluate.scores(G, truth)
    assert from_store["tasks"]["predicted"] > 0 and from_store["inferred"]["predicted"] > 0
