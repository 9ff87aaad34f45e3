"""Data integrity of the store through the real CLI: removal and replacement, stale graphs, foreign stores, writers.

Each case of issue 7 that this file covers was first reproduced as a failing
test on the JSON-folder store:

- a rebuild after ``remove`` or a changed file wiped the cascade (edge keys
  lost), and a later copy of a notice made ``trace`` crash;
- two ingests at once lost the first one's records silently;
- after a crash between the index and the graph, ``coverage`` and ``trace``
  answered from a stale graph.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykg.cli import app
from policykg.database import DB_FILE
from policykg.graph import build_graph, load_graph
from policykg.ingest.batch import ingest_paths
from policykg.ingest.store import RecordStore

from .store_corpus import canonical, generate_notices

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "examples" / "notices"
N54 = "国办发〔2019〕54号"
HUNAN_OPENNESS = "湖南省2020年政务公开工作要点"
NANXIAN = "南政公领办发〔2016〕2号"
runner = CliRunner()


def cli(*args: str) -> "CliRunner.invoke":
    return runner.invoke(app, [str(a) for a in args])


def answers(store: Path) -> dict:
    """The JSON answers of trace, upstream, coverage and agency on the cascade of the samples."""
    out = {}
    for name, args in {
        "trace": ["trace", N54, "--tasks"],
        "upstream": ["upstream", "平江县2020年政务公开工作要点"],
        "coverage": ["coverage", HUNAN_OPENNESS],
        "agency": ["agency", "县市场监管局"],
    }.items():
        result = cli(*args, "--format", "json", "--store", store)
        out[name] = (result.exit_code, json.loads(result.stdout) if result.exit_code == 0 else result.output)
    return out


def assert_from_scratch(store: Path) -> None:
    """The store's graph is the graph built from scratch from its records."""
    assert canonical(load_graph(store)) == canonical(build_graph(RecordStore(store).documents()))


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "notices"
    shutil.copytree(SAMPLES, folder)
    return folder


def _fresh(tmp_path: Path, files) -> Path:
    """A store with only ``files``, ingested at once: the from-scratch answers."""
    store = tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}"
    assert cli("ingest", *files, "--store", store, "-q").exit_code == 0
    return store


def test_remove_and_replace_keep_the_cascade(tmp_path, corpus):
    store = tmp_path / "store"
    assert cli("ingest", corpus, "--store", store, "-q").exit_code == 0
    before = answers(store)
    trace = before["trace"][1]
    assert len(trace["documents"]) >= 10 and before["coverage"][1]["children"]
    assert before["agency"][1]["obligations"]

    # removing a notice outside the cascade changes none of its answers
    removed = cli("remove", NANXIAN, "--store", store)
    assert removed.exit_code == 0, removed.output
    assert answers(store) == before
    assert_from_scratch(store)
    keys = {k for *_, k in load_graph(store).edges(keys=True)}
    assert keys and all(isinstance(k, str) for k in keys)

    # a changed file replaces its records; the answers are those of a store that only ever saw the new file
    nanxian = next(corpus.glob("002_*"))
    nanxian.write_text(nanxian.read_text(encoding="utf-8").replace("南县", "南 县", 1), encoding="utf-8")
    assert cli("ingest", nanxian, "--store", store, "-q").exit_code == 0
    changed = next(corpus.glob("000_*"))
    changed.write_text(changed.read_text(encoding="utf-8") + "\n附件:无\n", encoding="utf-8")
    result = cli("ingest", corpus, "--store", store, "-q")
    assert result.exit_code == 0 and "1 replaced" in result.output
    assert_from_scratch(store)
    assert answers(store) == answers(_fresh(tmp_path, sorted(corpus.glob("*.txt"))))

    # another copy of a notice afterwards: no duplicated edges, no crash
    copy = corpus / "copy" / "again.txt"
    copy.parent.mkdir()
    shutil.copy(next(corpus.glob("002_*")), copy)
    assert cli("ingest", copy, "--store", store, "-q").exit_code == 0
    assert cli("trace", NANXIAN, "--store", store).exit_code == 0
    assert_from_scratch(store)


def test_a_graph_behind_its_records_is_never_answered_from(tmp_path, corpus):
    store = tmp_path / "store"
    assert cli("ingest", next(corpus.glob("001_*")), "--store", store, "-q").exit_code == 0
    # records written behind the graph's back, as a crash between the two used to leave them
    assert ingest_paths([corpus], RecordStore(store)).ok
    with sqlite3.connect(store / DB_FILE) as conn:
        assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] == 5
    # a reader that cannot repair says so, and how to fix it
    from policykg.errors import StaleGraph
    from policykg.graph.sync import open_graph

    with pytest.raises(StaleGraph) as err:
        open_graph(store)
    assert "policykg ingest" in str(err.value) and str(store) in str(err.value)
    shown = cli("show", HUNAN_OPENNESS, "--store", store)
    assert shown.exit_code == 0
    assert answers(store) == answers(_fresh(tmp_path, sorted(corpus.glob("*.txt"))))
    assert_from_scratch(store)


READ_COMMANDS = [
    ["show", N54],
    ["dump"],
    ["trace", N54],
    ["upstream", N54],
    ["coverage", N54],
    ["agency", "县市场监管局"],
    ["search", "政务公开"],
    ["export", "{out}"],
    ["remove", N54],
    ["push", "--falkordb", "redis://127.0.0.1:1"],
    ["explore", "--headless"],
]


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_a_folder_that_is_not_a_store_is_one_line_and_creates_nothing(tmp_path, command):
    out = tmp_path / "out.ttl"
    args = [a.format(out=out) for a in command]
    for where in (tmp_path / "typo", tmp_path / "empty"):
        if where.name == "empty":
            where.mkdir()
        result = cli(*args, "--store", where)
        assert result.exit_code == 1
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) == 1 and "E110" in lines[0], result.output
        assert str(where) in result.output.replace("\n", "") and "policykg ingest" in result.output
        assert not where.exists() or not any(where.iterdir())
        assert not out.exists()


def test_a_store_of_the_old_layout_says_how_to_move_on(tmp_path):
    old = tmp_path / "old"
    (old / "records").mkdir(parents=True)
    (old / "graph").mkdir()
    (old / "sources.json").write_text("{}", encoding="utf-8")
    (old / "graph" / "graph.json").write_text("{}", encoding="utf-8")
    before = sorted(p.name for p in old.rglob("*"))
    for args in (["trace", N54], ["ingest", SAMPLES / "001_acae93e17e9979a8.txt", "-q"]):
        result = cli(*args, "--store", old)
        assert result.exit_code == 1
        assert "E111" in result.output and "new store" in result.output.replace("\n", " ").lower()
    assert sorted(p.name for p in old.rglob("*")) == before  # nothing changed, nothing lost


def _env(**extra) -> dict:
    env = dict(os.environ)
    env.pop("POLICYKG_STORE", None)
    env.update({k: str(v) for k, v in extra.items()})
    return env


def _policykg(*args, **env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "policykg", *map(str, args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(**env),
    )


def test_a_second_writer_waits_or_fails_naming_the_lock_and_readers_go_on(tmp_path, corpus):
    store = tmp_path / "store"
    assert cli("ingest", corpus, "--store", store, "-q").exit_code == 0
    before = answers(store)
    holder = sqlite3.connect(store / DB_FILE, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer, in the middle of its transaction
    try:
        extra = generate_notices(tmp_path / "more", 1)
        proc = _policykg("ingest", *extra, "--store", store, "-q", POLICYKG_LOCK_TIMEOUT=0.5)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 1
        assert "E112" in err and str(store / DB_FILE) in err.replace("\n", "") and "wait" in err
        assert answers(store) == before  # readers answer while the writer holds the lock
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    # the same ingest with the default timeout waits for the lock instead
    holder = sqlite3.connect(store / DB_FILE, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    proc = _policykg("ingest", *extra, "--store", store, "-q")
    time.sleep(1.0)
    holder.execute("ROLLBACK")
    holder.close()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert len(RecordStore(store).sources()) == 6


def test_a_writer_opening_a_store_another_is_creating_waits_for_it(tmp_path, corpus):
    # Two ingests started at once into a new store: the first has the new file locked while
    # the second opens it and switches it to WAL, which SQLite does without its busy handler.
    store = tmp_path / "store"
    store.mkdir()
    creator = sqlite3.connect(store / DB_FILE, isolation_level=None)
    creator.execute("BEGIN IMMEDIATE")
    creator.execute("CREATE TABLE being_made(x)")
    proc = _policykg("ingest", corpus, "--store", store, "-q")
    time.sleep(1.5)
    assert proc.poll() is None, proc.communicate()[1]  # still waiting, not failed
    creator.execute("ROLLBACK")
    creator.close()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert len(RecordStore(store).sources()) == len(list(corpus.glob("*.txt")))


def test_two_ingests_at_once_lose_nothing(tmp_path, corpus):
    store = tmp_path / "store"
    many = generate_notices(tmp_path / "many", 30)
    # small chunks, so that the two writers take turns several times
    first = _policykg("ingest", corpus, "--store", store, "-q", POLICYKG_CHUNK_FILES=2)
    second = _policykg("ingest", tmp_path / "many", "--store", store, "-q", POLICYKG_CHUNK_FILES=8)
    reads = 0
    while second.poll() is None or first.poll() is None:
        if (store / DB_FILE).exists():
            # a reader during the writes: the cascade so far, or not yet there (E101), never a failure
            result = cli("trace", N54, "--store", store)
            assert result.exit_code == 0 or "E101" in result.output or "E110" in result.output, result.output
            reads += 1
        time.sleep(0.5)
    for proc in (first, second):
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    stored = set(RecordStore(store).sources())
    assert {str(p.resolve()) for p in corpus.glob("*.txt")} | {str(p.resolve()) for p in many} == stored
    assert reads > 0
    assert cli("trace", N54, "--store", store).exit_code == 0
    assert_from_scratch(store)


def test_a_damaged_database_is_one_line_naming_the_store(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    (store / DB_FILE).write_bytes(b"this is not a database" * 100)
    for args in (["trace", N54], ["ingest", SAMPLES / "001_acae93e17e9979a8.txt", "-q"]):
        result = cli(*args, "--store", store)
        assert result.exit_code == 1
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) == 1 and "E100" in lines[0] and str(store) in result.output.replace("\n", ""), result.output
    assert (store / DB_FILE).read_bytes() == b"this is not a database" * 100  # nothing overwritten


def test_a_failed_write_is_one_line_and_leaves_the_store_as_it_was(tmp_path, corpus):
    store = tmp_path / "store"
    assert cli("ingest", next(corpus.glob("001_*")), "--store", store, "-q").exit_code == 0
    before = answers(store)
    with sqlite3.connect(store / DB_FILE) as conn:  # the graph's write fails, as on a full disk
        conn.execute("CREATE TRIGGER fail BEFORE INSERT ON nodes BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END")
    result = cli("ingest", corpus, "--store", store, "-q")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "E100" in lines[0] and "simulated write failure" in lines[0], result.output
    assert len(RecordStore(store).sources()) == 1  # the records of the failed transaction are not kept either
    assert answers(store) == before
    assert_from_scratch(store)
