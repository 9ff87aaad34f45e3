"""The README's examples run as written."""

from __future__ import annotations

import os
import re
from pathlib import Path

from typer.testing import CliRunner

from policykg.cli import app

ROOT = Path(__file__).resolve().parents[1]


def test_readme_sparql_example_answers_the_question(tmp_path, monkeypatch, capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [snippet] = [block for block in re.findall(r"```python\n(.*?)```", readme, re.S) if "g.query(CASCADE)" in block]
    store = tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(ROOT / "examples" / "notices"), "--store", str(store), "-q"]).exit_code == 0
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["export", "graph.ttl", "--format", "turtle", "--store", str(store)])
    assert result.exit_code == 0, result.output
    exec(compile(snippet, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "平江县2020年政务公开工作要点" in printed and "利通区2020年政务公开工作要点" in printed
    assert os.path.exists("graph.ttl")
