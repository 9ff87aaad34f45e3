"""Explorer uploads keep every file (issue 7, case 3).

Two uploads with one name but different bytes are two sources, a name such
as ``..`` or an empty one is refused with a typed error while the rest of the
batch goes on, and each record's provenance points at the bytes parsed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from policykg.explorer.data import ingest_files
from policykg.errors import UnsafeFileName
from policykg.ingest.store import RecordStore
from policykg.ingest.uploads import upload_name

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "examples" / "notices"


def _sample(stem: str) -> bytes:
    return next(SAMPLES.glob(f"{stem}_*.txt")).read_bytes()


def test_two_uploads_with_one_name_keep_both_notices(tmp_path):
    store = tmp_path / "store"
    first = ingest_files(store, [("通知.txt", _sample("002"))])
    second = ingest_files(store, [("通知.txt", _sample("003"))])
    assert [o.status for o in first.outcomes + second.outcomes] == ["added", "added"]
    both = {d.doc_number for d in RecordStore(store).iter_documents()}
    alone = set()
    for i, stem in enumerate(("002", "003")):
        ingest_files(tmp_path / f"alone{i}", [("x.txt", _sample(stem))])
        alone |= {d.doc_number for d in RecordStore(tmp_path / f"alone{i}").iter_documents()}
    assert both == alone and len(both) >= 2


def test_one_batch_with_a_repeated_name_keeps_both(tmp_path):
    store = tmp_path / "store"
    report = ingest_files(store, [("page.txt", _sample("002")), ("page.txt", _sample("003"))])
    assert [o.status for o in report.outcomes] == ["added", "added"] and report.ok
    assert len({o.path for o in report.outcomes}) == 2


def test_provenance_points_at_the_bytes_that_were_parsed(tmp_path):
    store = tmp_path / "store"
    ingest_files(store, [("通知.txt", _sample("002"))])
    ingest_files(store, [("通知.txt", _sample("003"))])
    for doc in RecordStore(store).iter_documents():
        path = Path(doc.source.path)
        assert path.name == "通知.txt"  # the name the user gave is kept
        assert hashlib.sha256(path.read_bytes()).hexdigest() == doc.source.sha256


@pytest.mark.parametrize("name", ["..", ".", "", "   ", "a/..", "dir/", "\x00.txt"])
def test_unusable_names_are_refused_and_the_batch_goes_on(tmp_path, name):
    store = tmp_path / "store"
    report = ingest_files(store, [(name, b"whatever"), ("ok.txt", _sample("002"))])
    assert [o.status for o in report.outcomes] == ["added"]
    [failure] = report.failed
    assert isinstance(failure.error, UnsafeFileName) and failure.error.code == "E030"
    assert "rename" in str(failure.error)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("通知.txt", "通知.txt"),
        ("../../evil.txt", "evil.txt"),
        ("C:\\Users\\me\\page.html", "page.html"),
        ("  notice.docx ", "notice.docx"),
        ("x" * 300 + ".txt", "x" * 196 + ".txt"),
    ],
)
def test_upload_name(name, expected):
    assert upload_name(name) == expected


@pytest.mark.parametrize("name", ["..", ".", "", "  ", "a\\..", "nul\x00.txt", "tab\t.txt"])
def test_upload_name_refuses(name):
    with pytest.raises(UnsafeFileName):
        upload_name(name)
