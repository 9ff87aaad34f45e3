"""Every command and every store accepts the same references and means the same document by them.

``show`` reads the record store, ``trace``/``upstream``/``coverage`` the graph
(embedded, or the real FalkorDB server of the test run); all of them resolve a
reference with :func:`policykg.rules.references.find_document`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykg.cli import app
from policykg.graph.sync import open_graph

from .falkordb_server import falkordb_server  # noqa: F401  (a session fixture)

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()

# (reference as a user types it, how to recognise the document it must mean)
REFERENCES = [
    ("(平政办发〔2020〕5号)", {"doc_number": "平政办发〔2020〕5号"}),
    ("《湘政办发〔2020〕9号》", {"doc_number": "湘政办发〔2020〕9号"}),
    ("湘政办发[2020]9号", {"doc_number": "湘政办发〔2020〕9号"}),
    ("吴利政办发（2020）60号", {"doc_number": "吴利政办发〔2020〕60号"}),
    ("平江县2020年政务管理服务", {"title": "平江县2020年政务管理服务工作要点"}),
    ("湖南省2020年政务公开工作要点", {"title": "湖南省2020年政务公开工作要点"}),
    ("《利通区2020年政务公开工作要点》", {"title": "利通区2020年政务公开工作要点"}),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory, falkordb_server):
    path = str(tmp_path_factory.mktemp("refs") / "store")
    assert runner.invoke(app, ["ingest", str(ROOT / "examples" / "notices"), "--store", path, "-q"]).exit_code == 0
    result = runner.invoke(app, ["push", "--falkordb", falkordb_server.url, "--store", path])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def graph(store):
    return open_graph(Path(store))


def _backend_args(name, store, server):
    return ["--store", store] if name == "embedded" else ["--falkordb", server.url]


def _json(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _matches(record: dict, expected: dict) -> bool:
    return all(record.get(k) == v for k, v in expected.items())


@pytest.mark.parametrize("ref, expected", REFERENCES, ids=[r for r, _ in REFERENCES])
def test_show_finds_the_document(store, ref, expected):
    record = _json(["show", ref, "--format", "json", "--store", store])
    assert _matches(record, expected)


@pytest.mark.parametrize("backend", ["embedded", "falkordb"])
@pytest.mark.parametrize("ref, expected", REFERENCES, ids=[r for r, _ in REFERENCES])
def test_graph_commands_mean_the_document_show_means(store, graph, falkordb_server, backend, ref, expected):
    record = _json(["show", ref, "--format", "json", "--store", store])
    where = _backend_args(backend, store, falkordb_server)
    roots = {
        "trace": _json(["trace", ref, "--format", "json", *where])["root"],
        "upstream": _json(["upstream", ref, "--format", "json", *where])["root"],
        "coverage": _json(["coverage", ref, "--format", "json", *where])["parent"],
    }
    coverage_parent = roots["coverage"]
    if isinstance(coverage_parent, dict):
        roots["coverage"] = coverage_parent["id"]
    assert len(set(roots.values())) == 1, roots
    (node,) = set(roots.values())
    assert record["id"] in graph.nodes[node]["record_ids"]


@pytest.mark.parametrize("backend", ["store", "embedded", "falkordb"])
def test_not_found_and_ambiguous_are_the_same_errors_everywhere(store, falkordb_server, backend):
    command = ["show"] if backend == "store" else ["trace"]
    where = ["--store", store] if backend != "falkordb" else ["--falkordb", falkordb_server.url]
    missing = runner.invoke(app, [*command, "湘政办发〔2099〕1号", *where])
    assert missing.exit_code == 1 and "[E101]" in missing.output
    # 政务公开工作要点 is part of several plans' titles, and none starts with it
    ambiguous = runner.invoke(app, [*command, "政务公开工作要点", *where])
    assert ambiguous.exit_code == 1 and "[E102]" in ambiguous.output
    assert "湖南省2020年政务公开工作要点" in ambiguous.output and "平江县2020年政务公开工作要点" in ambiguous.output
