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
from policykg.ingest.clean import CleanText, clean
from policykg.ingest.pipeline import READER_VERSION, parse_cleaned
from policykg.ingest.read import read_source
from policykg.ingest.store import IngestOutcome, RecordStore

__all__ = ["SUFFIXES", "collect_files", "ingest_paths", "parse_file", "store_parsed", "Parsed", "BatchReport", "Failure"]

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

    Each file is stored in a transaction of its own. ``on_file`` is called
    after each file (for a progress bar). (To keep the graph in step in the
    same transactions, use :mod:`policykg.workspace`.)
    """
    report = BatchReport()
    for path in collect_files(paths):
        store_parsed(parse_file(path, store), store, report)
        if on_file:
            on_file(path)
    return report


@dataclass(frozen=True)
class Parsed:
    """One file read and parsed, not yet stored (``documents`` is None when it is unchanged)."""

    path: Path
    sha256: str
    documents: Optional[list]
    cleaned: Optional[CleanText]


def parse_file(path: Path, store: RecordStore) -> "Parsed | Failure":
    """Read and parse one file, outside any transaction; unchanged files are not parsed.

    Returns a :class:`Parsed` or, if the file cannot be read, a :class:`Failure`.
    """
    try:
        raw = read_source(path)
        if store.is_current(path, raw.source.sha256, READER_VERSION):
            return Parsed(path, raw.source.sha256, None, None)
        cleaned = clean(raw.text)
        return Parsed(path, raw.source.sha256, parse_cleaned(cleaned, raw.source), cleaned)
    except IngestError as err:
        return Failure(str(path), err)
    except Exception as err:  # noqa: BLE001 - the batch boundary: one parser bug must not sink the batch
        return Failure(str(path), ParseFailed(path=str(path), reason=f"{type(err).__name__}: {err}"))


def store_parsed(parsed: "Parsed | Failure", store: RecordStore, report: BatchReport) -> None:
    """Store what :func:`parse_file` gave, recording the outcome or failure in ``report``."""
    if isinstance(parsed, Failure):
        report.failed.append(parsed)
    elif parsed.documents is None:
        report.outcomes.append(IngestOutcome(str(parsed.path), "unchanged", 0))
    else:
        report.outcomes.append(
            store.put(parsed.path, parsed.sha256, parsed.documents, parsed.cleaned, reader=READER_VERSION)
        )
