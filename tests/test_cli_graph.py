"""The graph commands of the CLI, on the sample corpus, against the embedded store and a real FalkorDB."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykg.cli import app

from .falkordb_server import falkordb_server  # noqa: F401  (a session fixture)

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("cli") / "store")
    result = runner.invoke(app, ["ingest", str(ROOT / "examples" / "notices"), "--store", path, "-q"])
    assert result.exit_code == 0, result.output
    return path


def _json(args: list[str]):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_trace_reaches_the_county_plans_with_explicit_and_inferred_links(store):
    result = _json(["trace", "国办发[2019]54号", "--format", "json", "--store", store])
    titles = {d["title"] for d in result["documents"].values()}
    assert {"平江县2020年政务公开工作要点", "利通区2020年政务公开工作要点", "湖南省2020年政务公开工作要点"} <= titles
    assert any(e["inferred"] for e in result["edges"]) and any(not e["inferred"] for e in result["edges"])
    table = runner.invoke(app, ["trace", "国办发〔2019〕54号", "--store", store])
    assert "平江县2020年政务公开工作要点" in table.stdout and "inferred" in table.stdout


def test_coverage_agency_search_upstream(store):
    coverage = _json(["coverage", "湖南省2020年政务公开工作要点", "--format", "json", "--store", store])
    assert coverage["children"] and 0 < coverage["children"][0]["coverage"] < 1
    assert any(not row["implemented_by"] for row in coverage["tasks"])  # something was not carried over
    agency = _json(["agency", "县市场监管局", "--format", "json", "--store", store])
    assert agency["agency"]["name"] == "平江县市场监督管理局" and agency["obligations"]
    hits = _json(["search", "政务新媒体", "--format", "json", "--store", store])
    assert hits and all("政务新媒体" in h["snippet"] or h["score"] < 1 for h in hits)
    up = _json(["upstream", "平江县2020年政务公开工作要点", "--format", "json", "--store", store])
    assert any(d["doc_number"] == "国办发〔2019〕54号" for d in up["documents"].values())


def test_export_writes_turtle_that_parses(store, tmp_path):
    from rdflib import Graph

    out = tmp_path / "graph.ttl"
    assert runner.invoke(app, ["export", str(out), "--format", "turtle", "--store", store]).exit_code == 0
    assert len(Graph().parse(out)) > 1000


def test_push_to_falkordb_gives_the_same_answers(store, falkordb_server):
    url = falkordb_server.url
    assert runner.invoke(app, ["push", "--falkordb", url, "--store", store]).exit_code == 0
    embedded = _json(["trace", "国办发〔2019〕54号", "--format", "json", "--store", store])
    remote = _json(["trace", "国办发〔2019〕54号", "--format", "json", "--falkordb", url])
    assert remote == embedded


def test_remove_takes_a_notice_and_what_rested_on_it(tmp_path):
    path = str(tmp_path / "store")
    assert runner.invoke(app, ["ingest", str(ROOT / "examples" / "notices"), "--store", path, "-q"]).exit_code == 0
    assert runner.invoke(app, ["remove", "平政办发〔2020〕5号", "--store", path]).exit_code == 0
    result = _json(["trace", "国办发〔2019〕54号", "--format", "json", "--store", path])
    assert not any("平江县" in d["title"] for d in result["documents"].values())
    assert "平政办发〔2020〕5号" not in runner.invoke(app, ["dump", "--store", path]).stdout
    again = runner.invoke(app, ["remove", "平政办发〔2020〕5号", "--store", path])
    assert again.exit_code == 1 and "policykg" in again.output
