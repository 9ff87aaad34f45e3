"""Parsing on many processes, here and on a real Dask cluster, gives the one-worker records."""

from __future__ import annotations

import json
import shutil

import pytest

from policykg.ingest.parallel import MIN_FILES_PER_WORKER, parse_files
from policykg.ingest.records import to_json
from policykg.ingest.store import stored_form


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, sample_files):
    """The samples four times over (in four folders) and two files that cannot be read."""
    root = tmp_path_factory.mktemp("parallel")
    files = []
    for copy in "abcd":
        (root / copy).mkdir()
        for f in sample_files:
            files.append(root / copy / f.name)
            shutil.copy(f, files[-1])
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(b"\x00\x01PK\x03\x04" * 64)
    files[7:7] = [root / "empty.txt"]
    files.append(root / "binary.txt")
    assert len(files) >= 2 * MIN_FILES_PER_WORKER  # enough for two workers to start
    return files


def _readings(results):
    return [
        (str(r.path), r.error.code if r.error else None, str(r.error) if r.error else None, json.dumps([to_json(d) for d in r.documents], ensure_ascii=False, sort_keys=True), r.cleaned.text if r.cleaned else None, r.form)
        for r in results
    ]


@pytest.fixture(scope="module")
def one_worker(corpus):
    return _readings(parse_files(corpus, workers=1))


def test_one_worker_reads_the_corpus_in_order(corpus, one_worker):
    assert [r[0] for r in one_worker] == [str(p) for p in corpus]
    assert [r[1] for r in one_worker if r[1]] == ["E002", "E003"]
    assert sum(1 for r in one_worker if r[3] != "[]") == len(corpus) - 2


def test_two_processes_give_the_one_worker_records(corpus, one_worker):
    assert _readings(parse_files(corpus, workers=2)) == one_worker


def test_the_stored_form_is_made_on_the_worker_and_travels_with_the_records(corpus):
    # the one writer would otherwise pack every record and text again
    results = [r for r in parse_files(corpus, workers=2) if r.ok]
    assert results and all(r.form == stored_form(r.documents, r.cleaned) for r in results)


def test_skipped_files_are_not_parsed_and_keep_their_place(corpus, one_worker):
    skipped = {str(corpus[3]), str(corpus[10])}
    results = list(parse_files(corpus, workers=2, skip=lambda path, sha: str(path) in skipped and len(sha) == 64))
    assert [str(r.path) for r in results] == [str(p) for p in corpus]
    assert {str(r.path) for r in results if r.skipped} == skipped
    assert [x for x, r in zip(one_worker, results) if not r.skipped] == _readings(r for r in results if not r.skipped)


def test_a_dask_cluster_of_two_worker_processes_gives_the_one_worker_records(corpus, one_worker):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            pids = set(client.run(lambda: __import__("os").getpid()).values())
            assert len(pids) == 2  # two real worker processes
        assert _readings(parse_files(corpus, cluster=cluster.scheduler_address)) == one_worker


def test_no_cluster_at_the_address_is_a_typed_error(corpus, monkeypatch):
    pytest.importorskip("distributed")
    from policykg.ingest import parallel
    from policykg.errors import ClusterUnavailable

    monkeypatch.setattr(parallel, "CONNECT_TIMEOUT", "1s")

    with pytest.raises(ClusterUnavailable, match="dask scheduler"):
        list(parse_files(corpus[:2], cluster="tcp://127.0.0.1:9"))


def test_the_cli_names_the_fix_when_no_cluster_answers(tmp_path, sample_files, monkeypatch):
    pytest.importorskip("distributed")
    from typer.testing import CliRunner

    from policykg.cli import app
    from policykg.ingest import parallel

    monkeypatch.setattr(parallel, "CONNECT_TIMEOUT", "1s")
    result = CliRunner().invoke(app, ["ingest", str(sample_files[0]), "--store", str(tmp_path / "s"), "--cluster", "tcp://127.0.0.1:9", "-q"])
    assert result.exit_code == 1
    assert "E011" in result.output and "dask scheduler" in result.output and "Traceback" not in result.output


def test_the_cli_ingests_on_two_workers_as_on_one(tmp_path, corpus):
    from typer.testing import CliRunner

    from policykg.cli import app

    folder = corpus[0].parent.parent / "a"
    dumps = []
    for workers in ("1", "2"):
        store = tmp_path / f"s{workers}"
        assert CliRunner().invoke(app, ["ingest", str(folder), "--store", str(store), "--workers", workers, "-q"]).exit_code == 0
        dumps.append(CliRunner().invoke(app, ["dump", "--store", str(store)]).output)
    assert dumps[0] == dumps[1] and dumps[0].count("\n") >= 5
