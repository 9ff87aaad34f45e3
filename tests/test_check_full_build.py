"""benchmarks/check_full_build.py: a store's graph against the full build of its records."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from policykg import database
from policykg.ingest.batch import collect_files
from policykg.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "check_full_build.py"


def _check(store: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), str(store)], capture_output=True, text=True, timeout=300)


def test_a_store_ingested_file_by_file_is_its_full_build_and_a_lost_row_is_reported(tmp_path):
    store = tmp_path / "store"
    with Workspace(store, create=True) as ws:
        for path in collect_files([ROOT / "examples" / "notices"]):
            assert ws.ingest([path]).ok  # one file at a time: the incremental path
    same = _check(store)
    assert same.returncode == 0, same.stdout + same.stderr
    assert "0 missing, 0 extra, 0 differ" in same.stdout
    conn = sqlite3.connect(store / database.DB_FILE)
    with conn:
        conn.execute("DELETE FROM edges WHERE rowid = (SELECT min(rowid) FROM edges)")
    conn.close()
    lost = _check(store)
    assert lost.returncode == 1, lost.stdout + lost.stderr
    assert "1 missing, 0 extra, 0 differ" in lost.stdout.split("edges:", 1)[1]
