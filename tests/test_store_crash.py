"""Crash safety: ``kill -9`` a real ingest at many moments; the store is always the state before or after a commit.

A real ``policykg ingest`` of 150 generated notices (committed in chunks of 3
files, so there are many commits to land in) is killed with SIGKILL at 22
different moments (:mod:`tests.crash_driver`), each a delay after the run's
first or second commit. After every kill: the store
opens, its graph is in step with its records and equals the graph built from
scratch from them, and ``show``, ``trace`` and ``coverage`` answer without
error and agree with each other. Then one more ingest completes and the store
holds every file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from policykg.cli import app
from policykg.database import is_store
from policykg.graph import build_graph, load_graph
from policykg.ingest.store import RecordStore
from policykg.workspace import Workspace

from .store_corpus import canonical, generate_notices

HERE = Path(__file__).resolve().parent
# (chunks the run must commit first, then seconds until the kill): right after a commit,
# while parsing the next chunk, while rebuilding the graph, while writing it
KILLS = [(int(k % 3 == 0), 0.01 + 0.13 * (k % 8)) for k in range(30)]
runner = CliRunner()


def _check(store: Path, seen: dict) -> int:
    """Everything a user can ask agrees with the records; returns how many files are stored."""
    if not is_store(store):
        return 0  # killed before the store was created: nothing to see, nothing broken
    with Workspace(store) as ws:
        assert not ws.is_stale()
        sources = tuple(sorted(ws.records.sources().items()))
        documents = ws.records.documents()
    if sources not in seen:  # the same commit is often seen twice
        seen[sources] = canonical(build_graph(documents))
    assert canonical(load_graph(store)) == seen[sources]
    if documents:
        notice = next(d for d in reversed(documents) if d.kind == "notice")
        plan = next((d for d in documents if d.parent == notice.id), None)
        shown = runner.invoke(app, ["show", notice.id, "--format", "json", "--store", str(store)])
        assert shown.exit_code == 0, shown.output
        traced = runner.invoke(app, ["trace", notice.id, "--format", "json", "--store", str(store)])
        assert traced.exit_code == 0, traced.output
        tree = json.loads(traced.stdout)
        assert tree["documents"][tree["root"]]["doc_number"] == notice.doc_number  # the same document as shown
        if plan is not None:
            assert any(e["source"] == tree["root"] and e["relation"] == "promulgates" for e in tree["edges"])
            covered = runner.invoke(app, ["coverage", plan.id, "--format", "json", "--store", str(store)])
            assert covered.exit_code == 0, covered.output
            assert len(json.loads(covered.stdout)["tasks"]) == len(plan.tasks)
    return len(sources)


def test_kill_9_at_many_moments_never_corrupts_the_store(tmp_path):
    # enough work that 22 kills land before the ingest completes, however fast the writer
    # (60 sufficed while each chunk reloaded the whole graph; the working set commits a chunk
    # of the samples in about a tenth of a second, and 60 ran out after 15-19 kills)
    files = generate_notices(tmp_path / "notices", 150)
    store = tmp_path / "store"
    env = dict(os.environ, POLICYKG_CHUNK_FILES="3")
    env.pop("POLICYKG_STORE", None)
    driver = subprocess.Popen(
        [sys.executable, str(HERE / "crash_driver.py"), str(store), str(tmp_path / "notices"), "--workers", "1"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
    )
    seen: dict = {}
    try:
        assert driver.stdout.readline().strip() == "ready"
        outcomes, counts = [], []
        for commits, delay in KILLS:
            if outcomes.count("killed") >= 22:
                break
            driver.stdin.write(f"{commits} {delay}\n")
            driver.stdin.flush()
            outcomes.append(driver.stdout.readline().strip())
            counts.append(_check(store, seen))
        driver.stdin.write("\n")
        driver.stdin.flush()
    finally:
        driver.stdin.close()
        driver.wait(timeout=60)
    assert outcomes.count("killed") >= 20, (outcomes, counts)
    # the kills landed at different points of the work: the store grew between them
    assert len(set(counts)) >= 5, counts
    # the next ingest completes and repairs everything
    result = runner.invoke(app, ["ingest", str(tmp_path / "notices"), "--store", str(store), "-q"])
    assert result.exit_code == 0, result.output
    assert _check(store, seen) == len(files)
    assert len(RecordStore(store).sources()) == len(files)
