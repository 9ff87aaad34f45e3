"""Ingest many files into a record store; one bad file never stops the batch.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "empty.txt").write_bytes(b"")
>>> report = ingest_paths([folder], RecordStore(folder / "store"))
>>> [(f.path.endswith("empty.txt"), f.error.code) for f in report.failed]
[(True, 'E002')]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from policykg.errors import IngestError, ParseFailed
from policykg.ingest.clean import clean
from policykg.ingest.pipeline import READER_VERSION, parse_cleaned
from policykg.ingest.read import read_source
from policykg.ingest.store import IngestOutcome, RecordStore

__all__ = ["SUFFIXES", "collect_files", "ingest_paths", "BatchReport", "Failure"]

# Files a folder walk picks up; a file named explicitly is always tried.
SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".shtml", ".docx"})


@dataclass(frozen=True)
class Failure:
    """A file that was not ingested, and why."""

    path: str
    error: IngestError


@dataclass
class BatchReport:
    """What a batch did, file by file."""

    outcomes: list[IngestOutcome] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders (recursively, notice suffixes only) and keep files as given.

    A path that does not exist is kept, so that it is reported as a failure.
    """
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES))
        else:
            files.append(p)
    return list(dict.fromkeys(files))


def ingest_paths(
    paths: Iterable[str | Path],
    store: RecordStore,
    *,
    on_file: Optional[Callable[[Path], None]] = None,
) -> BatchReport:
    """Read every file under ``paths`` into ``store``; report each failure.

    ``on_file`` is called after each file (for a progress bar).
    """
    report = BatchReport()
    with store.batch():
        for path in collect_files(paths):
            _ingest_one(path, store, report)
            if on_file:
                on_file(path)
    return report


def _ingest_one(path: Path, store: RecordStore, report: BatchReport) -> None:
    """Ingest one file, recording its outcome or failure in ``report``."""
    try:
        raw = read_source(path)
        if store.is_current(path, raw.source.sha256, READER_VERSION):
            report.outcomes.append(IngestOutcome(str(path), "unchanged", 0))
        else:
            cleaned = clean(raw.text)
            documents = parse_cleaned(cleaned, raw.source)
            report.outcomes.append(store.put(path, raw.source.sha256, documents, cleaned, reader=READER_VERSION))
    except IngestError as err:
        report.failed.append(Failure(str(path), err))
    except Exception as err:  # noqa: BLE001 - the batch boundary: one parser bug must not sink the batch
        report.failed.append(Failure(str(path), ParseFailed(path=str(path), reason=f"{type(err).__name__}: {err}")))
