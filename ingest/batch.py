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
from policykg.ingest.clean import CleanText
from policykg.ingest.parallel import Parsed, parse_files
from policykg.ingest.pipeline import READER_VERSION, read_export_documents
from policykg.ingest.read import max_file_bytes
from policykg.ingest.tabular import TABULAR_SUFFIXES
from policykg.ingest.store import IngestOutcome, RecordStore

__all__ = ["SUFFIXES", "collect_files", "ingest_paths", "store_parsed", "ingest_export", "TABULAR_SUFFIXES", "BatchReport", "Failure"]

# Files a folder walk picks up; a file named explicitly is always tried.
SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".shtml", ".docx"}) | TABULAR_SUFFIXES


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
    workers: Optional[int] = 1,
    cluster: Optional[str] = None,
    columns: Optional[dict[str, str]] = None,
) -> BatchReport:
    """Read every file under ``paths`` into ``store``; report each failure.

    Each file is stored in a transaction of its own (to keep the graph in
    step in the same transactions, use :mod:`policykg.workspace`).
    ``on_file`` is called after each file (for a progress bar). Files are
    parsed on ``workers`` processes (None: all cores) or on the Dask cluster
    at ``cluster`` (:func:`~policykg.ingest.parallel.parse_files`); this
    process is the one writer. Crawler exports (``.csv``, ``.jsonl``) are
    read here, one document per row; ``columns`` names their columns
    (:func:`~policykg.ingest.tabular.parse_columns`).
    """
    max_file_bytes()  # a bad POLICYKG_MAX_FILE_MB stops the batch before any file, naming the setting
    report = BatchReport()
    files = collect_files(paths)
    exports = [f for f in files if f.suffix.lower() in TABULAR_SUFFIXES]
    files = [f for f in files if f.suffix.lower() not in TABULAR_SUFFIXES]
    with store.batch():
        current = lambda path, sha: store.is_current(path, sha, READER_VERSION)  # noqa: E731
        for parsed in parse_files(files, workers=workers, cluster=cluster, skip=current):
            store_parsed(parsed, store, report)
            if on_file:
                on_file(parsed.path)
        for path in exports:
            ingest_export(path, store, report, columns)
            if on_file:
                on_file(path)
    return report


def ingest_export(path: Path, store: RecordStore, report: BatchReport, columns: Optional[dict[str, str]]) -> None:
    """Ingest a crawler's export: every row with text, each failing row reported on its own."""
    try:
        export, documents, failures = read_export_documents(path, columns)
        report.failed.extend(Failure(str(path), err) for err in failures)
        if documents:
            # the records' spans index into each row's text; the store keeps the whole file
            kept = CleanText(source=export.text, text=export.text)
            report.outcomes.append(store.put(path, export.source.sha256, documents, kept, reader=READER_VERSION))
    except IngestError as err:
        report.failed.append(Failure(str(path), err))
    except Exception as err:  # noqa: BLE001 - the batch boundary: one parser bug must not sink the batch
        report.failed.append(Failure(str(path), ParseFailed(path=str(path), reason=f"{type(err).__name__}: {err}")))


def store_parsed(parsed: Parsed, store: RecordStore, report: BatchReport) -> None:
    """Store one parsed file, recording its outcome or failure in ``report``.

    Inside a transaction a caller opened (:mod:`policykg.workspace`), the
    index is read and written inside that transaction.
    """
    path = parsed.path
    if parsed.skipped:
        report.outcomes.append(IngestOutcome(str(path), "unchanged", 0))
        return
    if parsed.error is not None:
        report.failed.append(Failure(str(path), parsed.error))
        return
    try:
        if store.is_current(path, parsed.source.sha256, READER_VERSION):  # changed back while it was parsed
            report.outcomes.append(IngestOutcome(str(path), "unchanged", 0))
        else:
            outcome = store.put(
                path, parsed.source.sha256, parsed.documents, parsed.cleaned, reader=READER_VERSION, form=parsed.form
            )
            report.outcomes.append(outcome)
    except IngestError as err:
        report.failed.append(Failure(str(path), err))
