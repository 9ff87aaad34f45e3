"""`policykg ingest --watch`: files a crawler saves later are added as they land, by a real CLI process."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from policykg.graph.sync import open_graph, record_ids
from policykg.ingest.store import RecordStore
from policykg.ingest.watch import FolderWatch

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "examples" / "notices").glob("*.txt"))


def _lines(stream) -> "queue.Queue[str]":
    out: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [out.put(line) for line in stream], daemon=True).start()
    return out


def _wait_for(lines: "queue.Queue[str]", text: str, seen: list[str], timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        seen.append(line)
        if text in line:
            return
    raise AssertionError(f"no {text!r} in the output: {''.join(seen)}")


def _sources(store: Path) -> set[str]:
    return {Path(p).name for p in RecordStore(store).sources()}


def test_a_file_saved_while_watching_is_added_and_ctrl_c_leaves_the_store_whole(tmp_path):
    folder, store = tmp_path / "crawl", tmp_path / "store"
    folder.mkdir()
    shutil.copy(SEEDS[0], folder)
    process = subprocess.Popen(
        [sys.executable, "-m", "policykg", "ingest", str(folder), "--store", str(store), "-q", "--watch", "--every", "0.2"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env={**os.environ, "COLUMNS": "200"},
    )
    seen: list[str] = []
    try:
        lines = _lines(process.stderr)
        _wait_for(lines, "watching", seen)
        assert _sources(store) == {SEEDS[0].name}
        shutil.copy(SEEDS[1], folder)  # the crawler saves another notice
        _wait_for(lines, "graph:", seen)
        assert _sources(store) == {SEEDS[0].name, SEEDS[1].name}
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0, "".join(seen)
        _wait_for(lines, "stopped watching", seen, timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    G = open_graph(store)  # in step with the records (else StaleGraph)
    records = RecordStore(store)
    assert record_ids(G) == records.record_id_set()  # every record of both files is in the graph
    assert {Path(d.source.path).name for d in records.iter_documents()} == {SEEDS[0].name, SEEDS[1].name}


def test_a_file_is_taken_once_written_and_again_when_it_changes(tmp_path):
    watch = FolderWatch([tmp_path])
    notice = tmp_path / "a.txt"
    notice.write_text("关于某事", encoding="utf-8")
    assert watch.ready() == []  # seen once: it may still be being written
    notice.write_text("关于某事的通知", encoding="utf-8")  # it was: still growing
    assert watch.ready() == []
    assert watch.ready() == [notice]
    assert watch.ready() == []
    notice.write_text("关于某事的通知（修订）", encoding="utf-8")
    (tmp_path / "b.csv").write_text("标题,正文\n", encoding="utf-8")
    (tmp_path / "notes.docx.tmp").write_text("not a notice", encoding="utf-8")
    watch.ready()
    assert watch.ready() == [notice, tmp_path / "b.csv"]  # changed, and a new export; never a file of another kind


def test_files_there_when_the_watch_began_are_left_to_the_ingest_before_it(tmp_path):
    (tmp_path / "old.txt").write_text("关于某事的通知", encoding="utf-8")
    watch = FolderWatch([tmp_path])
    assert watch.ready() == [] and watch.ready() == []


def test_files_of_a_batch_that_failed_are_offered_again(tmp_path):
    watch = FolderWatch([tmp_path])
    notice = tmp_path / "a.txt"
    notice.write_text("关于某事的通知", encoding="utf-8")
    watch.ready()
    assert watch.ready() == [notice]
    watch.again([notice])  # the store was locked: nothing of it was stored
    assert watch.ready() == [notice]
    assert watch.ready() == []
