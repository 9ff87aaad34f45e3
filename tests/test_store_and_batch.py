"""The record store and batch ingest: idempotence, replacement, bad input."""

from __future__ import annotations

import shutil
import sqlite3
import zipfile

import pytest

from policykg.ingest.batch import ingest_paths
from policykg.errors import AmbiguousReference, DocumentNotFound
from policykg.ingest.store import RecordStore


@pytest.fixture()
def corpus(tmp_path, sample_files):
    folder = tmp_path / "in"
    folder.mkdir()
    for f in sample_files:
        shutil.copy(f, folder / f.name)
    return folder


def _store_rows(store):
    """Every row of every table of the store's database."""
    with sqlite3.connect(store.root / "policykg.sqlite") as conn:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: sorted(conn.execute(f"SELECT * FROM {t}")) for t in tables}


def _count(store, table):
    return len(_store_rows(store)[table])


def test_reingesting_unchanged_files_changes_nothing(tmp_path, corpus):
    store = RecordStore(tmp_path / "store")
    first = ingest_paths([corpus], store)
    assert first.ok and first.count("added") == 5
    before = _store_rows(store)
    second = ingest_paths([corpus], store)
    assert second.count("unchanged") == 5
    assert _store_rows(store) == before


def test_a_changed_file_replaces_its_records(tmp_path, corpus):
    store = RecordStore(tmp_path / "store")
    ingest_paths([corpus], store)
    count = len(store.documents())
    target = next(corpus.glob("002_*"))
    text = target.read_text(encoding="utf-8").replace("南政公领办发〔2016〕2号", "南政公领办发〔2016〕3号")
    target.write_text(text, encoding="utf-8")
    report = ingest_paths([target], store)
    assert report.count("replaced") == 1
    numbers = [d.doc_number for d in store.documents()]
    assert "南政公领办发〔2016〕3号" in numbers and "南政公领办发〔2016〕2号" not in numbers
    assert len(store.documents()) == count
    assert _count(store, "sources") == _count(store, "texts") == 5  # the old content is gone


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path, corpus):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "shopping.txt").write_text("今天天气很好,我们去公园散步吧。\n买了苹果和香蕉。\n", encoding="utf-8")
    docx = corpus / "cut.docx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w:document>" + "x" * 5000)
    docx.write_bytes(docx.read_bytes()[:300])
    store = RecordStore(tmp_path / "store")
    report = ingest_paths([corpus], store)
    failed = {f.path.rsplit("/", 1)[-1]: f.error for f in report.failed}
    assert set(failed) == {"empty.txt", "binary.txt", "shopping.txt", "cut.docx"}
    for name, error in failed.items():
        assert name in str(error)  # every message names its file
    assert report.count("added") == 5
    # nothing of the failed files is in the store, and nothing is half-written
    assert _count(store, "sources") == _count(store, "texts") == 5


def test_find_by_number_in_any_bracket_form_title_or_id(tmp_path, corpus):
    store = RecordStore(tmp_path / "store")
    ingest_paths([corpus], store)
    doc = store.find("湘政办发[2020]9号")
    assert doc.doc_number == "湘政办发〔2020〕9号"
    assert store.find(doc.id) == doc
    plan = store.find("湖南省2020年政务公开工作要点")
    assert plan.parent == doc.id
    with pytest.raises(DocumentNotFound):
        store.find("不存在的文件")
    with pytest.raises(AmbiguousReference):
        store.find("工作要点")


def test_records_of_an_older_reader_are_read_again(tmp_path, corpus):
    store = RecordStore(tmp_path / "store")
    ingest_paths([corpus], store)
    with sqlite3.connect(store.root / "policykg.sqlite") as conn:
        conn.execute("UPDATE sources SET reader = '0'")
    report = ingest_paths([corpus], store)
    assert report.count("replaced") == 5


def test_an_interrupted_batch_leaves_a_consistent_store(tmp_path, corpus):
    store = RecordStore(tmp_path / "store")
    seen = []

    def stop_after_two(path):
        seen.append(path)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest_paths([corpus], store, on_file=stop_after_two)
    docs = store.documents()  # every record the index names is readable
    assert {d.source.path for d in docs} == {str(p) for p in seen}
    assert _count(store, "texts") == 2
    assert ingest_paths([corpus], store).count("added") == 3
