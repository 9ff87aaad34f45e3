"""Parsing many files at once: a pool of processes here, or a Dask cluster.

:func:`parse_files` takes paths and yields one :class:`Parsed` per path, in
input order: the records and the cleaned text, or the typed failure. It knows
nothing of the store; the caller is the one writer (``ingest/batch.py``).
Each file is parsed by the same :func:`parse_file` whatever runs it, so the
records of a run on many workers equal those of a one-worker run.

Workers are processes (parsing is pure Python and holds the GIL). Locally
they are forked from a server process that has imported the parser once, so
a pool starts in well under a second after the first; on a cluster
(``cluster="tcp://HOST:PORT"``) the Dask scheduler hands chunks of paths to
its workers, which must see the same paths (a shared or copied folder) and
run the same policykg version (checked: a worker reading with another
:data:`~policykg.ingest.pipeline.READER_VERSION` is an error).

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "empty.txt").write_bytes(b"")
>>> [(p.path.name, p.error.code) for p in parse_files([folder / "empty.txt"], workers=1)]
[('empty.txt', 'E002')]
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections import deque
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence

from policykg.ingest.clean import CleanText, clean
from policykg.errors import ClusterUnavailable, IngestError, ParseFailed, ReaderMismatch
from policykg.ingest.pipeline import READER_VERSION, parse_cleaned
from policykg.ingest.read import read_source
from policykg.ingest.records import Document, Source
from policykg.ingest.store import StoredForm, stored_form

__all__ = ["Parsed", "parse_file", "parse_files", "default_workers", "MIN_FILES_PER_WORKER"]

#: A worker is started only for at least this many files (a process costs more than parsing a few).
MIN_FILES_PER_WORKER = 8
# Chunks in flight per worker: enough to keep every worker busy, few enough
# that parsed results never pile up faster than the one writer takes them.
_IN_FLIGHT = 3
#: How long to wait for a Dask scheduler to answer.
CONNECT_TIMEOUT = "10s"


@dataclass(frozen=True)
class Parsed:
    """What parsing one file gave.

    Attributes
    ----------
    path : Path
        The file, as given.
    source : Source or None
        Where the records came from (None when the file failed or was skipped).
    documents : list of Document
        The records (empty when the file failed or was skipped).
    cleaned : CleanText or None
        The cleaned text with its map to the source text.
    error : IngestError or None
        Why the file gave no records.
    skipped : bool
        The ``skip`` predicate said the file need not be parsed.
    sha256 : str or None
        SHA-256 of the file's bytes, when known.
    form : StoredForm or None
        The records and text packed as the store keeps them (made here, in
        the worker, so the one writer does less).
    """

    path: Path
    source: Optional[Source] = None
    documents: list[Document] = field(default_factory=list)
    cleaned: Optional[CleanText] = None
    error: Optional[IngestError] = None
    skipped: bool = False
    sha256: Optional[str] = None
    form: Optional[StoredForm] = None

    @property
    def ok(self) -> bool:
        return self.error is None


def default_workers() -> int:
    """The number of cores this process may run on (at least 1).

    >>> default_workers() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def parse_file(path: str | Path) -> Parsed:
    """Read, clean and parse one file; a failure is returned, never raised.

    >>> parse_file("no/such/file.txt").error.code
    'E001'
    """
    path = Path(path)
    try:
        raw = read_source(path)
        cleaned = clean(raw.text)
        documents = parse_cleaned(cleaned, raw.source)
        return Parsed(
            path, raw.source, documents, cleaned, sha256=raw.source.sha256, form=stored_form(documents, cleaned)
        )
    except IngestError as err:
        return Parsed(path, error=err)
    except Exception as err:  # noqa: BLE001 - the batch boundary: one parser bug must not sink the batch
        return Parsed(path, error=ParseFailed(path=str(path), reason=f"{type(err).__name__}: {err}"))


def parse_files(
    paths: Sequence[str | Path],
    *,
    workers: Optional[int] = None,
    cluster: Optional[str] = None,
    skip: Optional[Callable[[Path, str], bool]] = None,
) -> Iterator[Parsed]:
    """Parse ``paths`` on ``workers`` processes (or on a Dask cluster); yield results in input order.

    Parameters
    ----------
    paths : sequence of path
        Files (folders are expanded by the caller).
    workers : int, optional
        Processes to parse on; default all cores. With fewer than
        :data:`MIN_FILES_PER_WORKER` files per worker fewer are started, and
        one worker parses in this process.
    cluster : str, optional
        Address of a Dask scheduler (``tcp://HOST:PORT``); its workers parse
        instead of local processes (``workers`` is then ignored).
    skip : callable, optional
        ``skip(path, sha256)`` is asked in this process before a file is sent
        to a worker; when it says True the file is not parsed and its result
        has ``skipped=True`` (for files a store already holds unchanged).

    Yields
    ------
    Parsed
        One per path, in the order of ``paths``.

    Raises
    ------
    ClusterUnavailable
        No Dask scheduler answers at ``cluster`` (or the extra is not installed).
    ReaderMismatch
        A cluster worker runs another policykg reader version.
    """
    paths = [Path(p) for p in paths]
    todo: list[int] = []
    done: dict[int, Parsed] = {}
    for i, path in enumerate(paths):
        sha = _sha256(path) if skip else None
        if sha is not None and skip(path, sha):
            done[i] = Parsed(path, skipped=True, sha256=sha)
        else:
            todo.append(i)
    if cluster is None:
        workers = min(workers or default_workers(), max(1, len(todo) // MIN_FILES_PER_WORKER))
    if cluster is None and workers <= 1:
        results: Iterable[Parsed] = map(parse_file, (paths[i] for i in todo))
        yield from _merge(paths, done, todo, results)
        return
    with _executor(workers, cluster) as (executor, slots):
        yield from _merge(paths, done, todo, _run(executor, [paths[i] for i in todo], slots))


def _merge(paths: list[Path], done: dict[int, Parsed], todo: list[int], results: Iterable[Parsed]) -> Iterator[Parsed]:
    results = iter(results)
    pending = iter(todo)
    next_todo = next(pending, None)
    for i in range(len(paths)):
        if i == next_todo:
            yield next(results)
            next_todo = next(pending, None)
        else:
            yield done[i]


def _run(executor: Executor, paths: list[Path], slots: int) -> Iterator[Parsed]:
    """Chunks of paths through ``executor``, a bounded number in flight, results in order."""
    size = max(1, min(32, len(paths) // (slots * 4) or 1))
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    window: deque = deque()
    queued = iter(chunks)
    for chunk in queued:
        window.append(executor.submit(_parse_chunk, [str(p) for p in chunk]))
        if len(window) >= slots * _IN_FLIGHT:
            break
    while window:
        reader, results = window.popleft().result()
        next_chunk = next(queued, None)
        if next_chunk is not None:
            window.append(executor.submit(_parse_chunk, [str(p) for p in next_chunk]))
        if reader != READER_VERSION:
            raise ReaderMismatch(ours=READER_VERSION, theirs=reader)
        for item in results:
            yield _unpack(item)


def _parse_chunk(paths: list[str]) -> tuple[str, list[tuple]]:
    """Run on a worker: parse each path; errors travel as (class, fields), which always pickle."""
    out = []
    for path in paths:
        p = parse_file(path)
        err = (type(p.error), p.error.fields) if p.error is not None else None
        out.append((path, p.source, p.documents, p.cleaned, err, p.form))
    return READER_VERSION, out


def _unpack(item: tuple) -> Parsed:
    path, source, documents, cleaned, err, form = item
    error = err[0](**err[1]) if err is not None else None
    return Parsed(Path(path), source, documents, cleaned, error, sha256=source.sha256 if source else None, form=form)


def _sha256(path: Path) -> Optional[str]:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:  # unreadable: the worker reports it with the reason
        return None


@contextmanager
def _executor(workers: int, cluster: Optional[str]) -> Iterator[tuple[Executor, int]]:
    if cluster is None:
        context = multiprocessing.get_context("forkserver")
        # the server imports the parser (OpenCC, cn2an, the rules …) once; every worker is forked from it
        context.set_forkserver_preload(["policykg.ingest.parallel"])
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as executor:
            yield executor, workers
        return
    try:
        from distributed import Client
    except ImportError as err:
        raise ClusterUnavailable(address=cluster, reason="dask distributed is not installed") from err
    try:
        client = Client(cluster, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as err:
        raise ClusterUnavailable(address=cluster, reason=f"{type(err).__name__}: {err}") from err
    try:
        threads = sum(client.nthreads().values()) or 1
        yield client.get_executor(pure=False), threads
    finally:
        client.close()
