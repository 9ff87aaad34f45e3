"""The CLI as people expect it: help without placeholders and with an example, one-line errors, honest counts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykg.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)
# typer's type placeholders: <bool>, <list[Path]>, <table|json>, and {ref} in the usage line
PLACEHOLDER = re.compile(r"<[A-Za-z_][^<>\s]*>|\{[a-z_]+\}")


def _help(*args: str) -> str:
    result = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_no_placeholders_and_an_example(command):
    text = _help(command)
    assert not PLACEHOLDER.findall(text), (command, PLACEHOLDER.findall(text))
    assert re.search(rf"Example: policykg {command}\b", text), f"`policykg {command} --help` has no example"


def test_top_level_help_has_no_placeholders():
    assert not PLACEHOLDER.findall(_help())


def test_ingest_help_lists_every_suffix_it_accepts():
    from policykg.ingest.batch import SUFFIXES

    text = " ".join(_help("ingest").split())
    assert all(suffix in text for suffix in SUFFIXES), text


def test_push_options_are_targets():
    text = " ".join(_help("push").split())
    assert "Push to this FalkorDB server" in text and "Push to this Neo4j server" in text
    assert "instead of the store" not in text


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("cli-help") / "store")
    result = runner.invoke(app, ["ingest", str(ROOT / "examples" / "notices"), "--store", path, "-q"])
    assert result.exit_code == 0, result.output
    return path


def _one_line_error(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.mark.parametrize("output", ["/nonexistent/dir/out.ttl", "{tmp}"])
def test_export_to_a_path_that_cannot_be_written_is_one_line(store, tmp_path, output):
    result = runner.invoke(app, ["export", output.format(tmp=tmp_path), "--store", store], env={"COLUMNS": "400"})
    line = _one_line_error(result)
    assert "E224" in line and ("does not exist" in line or "is a folder" in line)


@pytest.mark.parametrize("limit", ["0", "-5"])
def test_search_rejects_a_non_positive_limit(store, limit):
    line = _one_line_error(runner.invoke(app, ["search", "政务公开", "-n", limit, "--store", store]))
    assert "--limit" in line


def test_search_says_how_many_matched(store):
    result = runner.invoke(app, ["search", "政务公开", "-n", "3", "--format", "json", "--store", store])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    total = json.loads(runner.invoke(app, ["search", "政务公开", "-n", "100000", "--format", "json", "--store", store]).stdout)
    assert len(shown) == 3 < len(total)
    assert f"3 of {len(total)} matches shown" in result.stderr


def test_coverage_of_a_cited_only_document_says_it_has_no_tasks(store):
    result = runner.invoke(app, ["coverage", "国办发〔2019〕54号", "--store", store], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "has no tasks of its own" in result.stdout and "only cited" in result.stdout
    assert "0%" not in result.stdout


def test_coverage_marks_weak_alignments_and_does_not_count_them(store):
    from policykg.graph.queries import COVERED_SCORE

    data = json.loads(runner.invoke(app, ["coverage", "湖南省2020年政务公开工作要点", "--format", "json", "--store", store]).stdout)
    [child] = data["children"]
    covered = [r for r in data["tasks"] if any(h["score"] >= COVERED_SCORE for h in r["implemented_by"])]
    assert child["coverage"] == round(len(covered) / len(data["tasks"]), 4)
    table = runner.invoke(app, ["coverage", "湖南省2020年政务公开工作要点", "--store", store], env={"COLUMNS": "200"}).stdout
    weak = [h for r in data["tasks"] for h in r["implemented_by"] if h["score"] < COVERED_SCORE]
    assert ("weak" in table) == bool(weak)


def test_agency_table_keeps_the_plans_apart_at_80_columns(store):
    result = runner.invoke(app, ["agency", "县市场监管局", "--store", store], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    data = json.loads(runner.invoke(app, ["agency", "县市场监管局", "--format", "json", "--store", store]).stdout)
    titles = {o["document"]["title"] for o in data["obligations"]}
    first_cells = {line.split("│")[1].strip() for line in result.stdout.splitlines() if line.startswith("│") and line.split("│")[1].strip()}
    assert len(titles) >= 2 and len(first_cells) >= len(titles), first_cells


@pytest.mark.parametrize(
    "text, cells, expected",
    [
        ("平江县2020年政务公开工作要点", 20, "平江县2…公开工作要点"),
        ("平江县2020年政务管理服务工作要点", 20, "平江县2…服务工作要点"),
        ("短标题", 20, "短标题"),
        ("abcdefghijklmnopqrstuvwxyz", 10, "abc…uvwxyz"),
    ],
)
def test_elide_middle(text, cells, expected):
    from rich.cells import cell_len

    from policykg.render import elide_middle

    out = elide_middle(text, cells)
    assert out == expected and cell_len(out) <= cells
