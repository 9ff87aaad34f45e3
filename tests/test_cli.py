"""The command line: behaviour, help text, and agreement with the README."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykg.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_ingest_dump_show(tmp_path):
    store = str(tmp_path / "store")
    result = runner.invoke(app, ["ingest", str(ROOT / "examples" / "notices"), "--store", store, "-q"])
    assert result.exit_code == 0, result.output
    dumped = runner.invoke(app, ["dump", "--format", "jsonl", "--store", store])
    lines = [json.loads(line) for line in dumped.stdout.splitlines()]
    assert len(lines) == 11  # 5 notices, 6 plans
    assert {"id", "kind", "title", "doc_number", "tasks", "cites", "agencies", "flags", "source"} <= set(lines[0])
    shown = runner.invoke(app, ["show", "粤府办[2020]10号", "--format", "json", "--store", store])
    assert json.loads(shown.stdout)["doc_number"] == "粤府办〔2020〕10号"
    text = runner.invoke(app, ["show", "粤府办〔2020〕10号", "--store", store])
    assert "编制基层政务公开事项标准目录" in text.stdout


def test_store_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYKG_STORE", str(tmp_path / "envstore"))
    result = runner.invoke(app, ["ingest", str(ROOT / "examples" / "notices" / "002_ce661d8caeb423c6.txt"), "-q"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "envstore" / "policykg.sqlite").exists()


def test_failures_give_exit_status_1_and_name_the_file(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    result = runner.invoke(app, ["ingest", str(bad), "--store", str(tmp_path / "s"), "-q"])
    assert result.exit_code == 1
    assert "empty.txt" in result.output


def test_unknown_reference_is_one_line_naming_the_fix(tmp_path):
    result = runner.invoke(app, ["show", "没有这个文件", "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert "policykg dump" in result.output


def test_the_console_command_exits_with_the_status_and_all_the_output_of_the_command(tmp_path):
    """``policykg`` (cli.main) leaves without the interpreter's teardown: the status and every line still get out."""
    import subprocess
    import sys

    store = str(tmp_path / "store")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "policykg", *args], capture_output=True, text=True, timeout=300)

    ingested = run("ingest", str(ROOT / "examples" / "notices"), "--store", store, "-q")
    assert ingested.returncode == 0, ingested.stderr
    assert "5 files: 5 new documents" in " ".join((ingested.stdout + ingested.stderr).split())
    dumped = run("dump", "--format", "jsonl", "--store", store)  # through a pipe: flushed before the process ends
    assert dumped.returncode == 0
    assert len([json.loads(line) for line in dumped.stdout.splitlines()]) == 11
    missing = run("show", "没有这个文件", "--store", store)
    assert missing.returncode == 1 and "policykg dump" in missing.stdout + missing.stderr
    usage = run("no-such-command")
    assert usage.returncode == 2 and "No such command" in usage.stderr


COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_documented(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    callback = next(c.callback for c in app.registered_commands if (c.name or c.callback.__name__) == command)
    assert callback.__doc__, f"{command} has no help text"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"policykg {command}\b", readme), f"README does not document `policykg {command}`"
