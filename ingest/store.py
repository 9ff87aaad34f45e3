"""The embedded record store: a local folder of JSON records, written atomically.

Layout of the store folder (default ``.policykg`` in the working directory,
or ``$POLICYKG_STORE``, or ``--store DIR``)::

    sources.json          which file (absolute path) holds which content (sha256),
                          and which reader version read it
    records/<sha256>.json the document records read from that content
    texts/<sha256>.txt    the source text the records' spans point into
    texts/<sha256>.clean.json  the cleaned text and its map back to the source

Records are keyed by content, so an unchanged file is never re-read and a
file copied to two places is stored once. The index also notes the version of
the reader that made each record (:data:`~policykg.ingest.pipeline.READER_VERSION`),
so records made by an older reader are read again. Every write goes to a temporary
file first and is moved into place with :func:`os.replace`, so a crash or a
bad file never leaves a half-written record or index behind.

Examples
--------
>>> import tempfile
>>> store = RecordStore(tempfile.mkdtemp())
>>> store.documents()
[]
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from policykg.ingest.clean import CleanText
from policykg.errors import AmbiguousReference, DocumentNotFound, StoreError
from policykg.ingest.records import Document, document_from_json, to_json

__all__ = ["RecordStore", "default_store_path", "IngestOutcome"]

ENV_VAR = "POLICYKG_STORE"
DEFAULT_DIR = ".policykg"


def default_store_path() -> Path:
    """The store folder: ``$POLICYKG_STORE`` if set, else ``./.policykg``."""
    return Path(os.environ.get(ENV_VAR) or DEFAULT_DIR)


@dataclass(frozen=True)
class IngestOutcome:
    """What storing one file did: ``added``, ``replaced`` or ``unchanged``."""

    path: str
    status: str
    documents: int


def _write_atomically(path: Path, data: str, *, durable: bool = False) -> None:
    """Write via a temporary file and a rename, so readers see old or new, never half.

    ``durable`` also syncs the data to disk first (for the index, which names
    the records: a record not named by it is never read).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(data)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class RecordStore:
    """A folder of document records, one JSON file per distinct source content."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self._index_path = self.root / "sources.json"
        self._pending: Optional[dict[str, dict[str, str]]] = None

    @contextmanager
    def batch(self) -> Iterator["RecordStore"]:
        """Write the index once for many :meth:`put` calls, not once per file.

        Records are still written file by file; a batch that is interrupted
        leaves the index as it was before the batch (plus any records it
        names), never half-written.
        """
        self._pending = self._entries()
        try:
            yield self
        finally:
            pending, self._pending = self._pending, None
            self._write_index(pending)
            self._drop_unreferenced()

    def _drop_unreferenced(self) -> None:
        """Delete records and texts that the index on disk no longer names.

        Runs only after the index is written, so the index never names a
        missing record; it also sweeps up what an interrupted run left.
        """
        if self._pending is not None:
            return  # the batch sweeps once, at its end
        keep = {e["sha256"] for e in self._entries().values()}
        for folder, suffix in (("records", ".json"), ("texts", ".txt"), ("texts", ".clean.json")):
            for path in (self.root / folder).glob(f"*{suffix}"):
                if path.name.removesuffix(suffix) not in keep:
                    path.unlink(missing_ok=True)

    # -- index -------------------------------------------------------------
    def _entries(self) -> dict[str, dict[str, str]]:
        """The index: absolute path -> {"sha256": ..., "reader": ...}."""
        if self._pending is not None:
            return self._pending
        if not self._index_path.exists():
            return {}
        try:
            return json.loads(self._index_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as err:
            raise StoreError(store=str(self.root), reason=f"sources.json is unreadable: {err}") from err

    def _index(self) -> dict[str, str]:
        return {path: entry["sha256"] for path, entry in self._entries().items()}

    def _write_index(self, entries: dict[str, dict[str, str]]) -> None:
        if entries is self._pending:
            return  # written once when the batch ends
        _write_atomically(
            self._index_path, json.dumps(entries, ensure_ascii=False, indent=1, sort_keys=True), durable=True
        )

    def _record_path(self, sha256: str) -> Path:
        return self.root / "records" / f"{sha256}.json"

    def text_path(self, sha256: str) -> Path:
        """Where the source text of the content ``sha256`` is kept."""
        return self.root / "texts" / f"{sha256}.txt"

    def _cleaned_path(self, sha256: str) -> Path:
        return self.root / "texts" / f"{sha256}.clean.json"

    # -- writing -----------------------------------------------------------
    def is_current(self, path: str | Path, sha256: str, reader: str) -> bool:
        """True when ``path`` was stored with exactly this content by this reader version."""
        entry = self._entries().get(str(Path(path).resolve()))
        return entry == {"sha256": sha256, "reader": reader} and self._record_path(sha256).exists()

    def put(
        self, path: str | Path, sha256: str, documents: list[Document], cleaned: CleanText, *, reader: str
    ) -> IngestOutcome:
        """Store the records read from the file at ``path`` (content ``sha256``).

        ``cleaned`` is the file's text as cleaned for reading: its source text
        and the cleaned text with the map between them are kept beside the
        records. An unchanged file changes nothing; a changed file replaces
        its records.
        """
        key = str(Path(path).resolve())
        entry = {"sha256": sha256, "reader": reader}
        try:
            entries = self._entries()
            old = entries.get(key)
            previous = old["sha256"] if old else None
            if old == entry and self._record_path(sha256).exists():
                return IngestOutcome(str(path), "unchanged", len(documents))
            _write_atomically(self.text_path(sha256), cleaned.source)
            _write_atomically(
                self._cleaned_path(sha256),
                json.dumps({"text": cleaned.text, "segments": cleaned.segments()}, ensure_ascii=False),
            )
            # no indent: the C encoder is five times faster than the indenting one
            payload = json.dumps([to_json(d) for d in documents], ensure_ascii=False)
            _write_atomically(self._record_path(sha256), payload)
            entries[key] = entry
            self._write_index(entries)
            if previous and previous != sha256:
                self._drop_unreferenced()
        except OSError as err:
            raise StoreError(store=str(self.root), reason=str(err)) from err
        return IngestOutcome(str(path), "replaced" if previous else "added", len(documents))

    def remove_content(self, sha256: str) -> int:
        """Forget every file whose content is ``sha256``, and its records.

        Returns how many files were forgotten.
        """
        entries = self._entries()
        keys = [k for k, e in entries.items() if e["sha256"] == sha256]
        for k in keys:
            del entries[k]
        if keys:
            self._write_index(entries)
            self._drop_unreferenced()
        return len(keys)

    def remove_source(self, path: str | Path) -> bool:
        """Forget the file at ``path`` and its records. Returns whether it was stored."""
        key = str(Path(path).resolve())
        entries = self._entries()
        entry = entries.pop(key, None)
        if entry is None:
            return False
        self._write_index(entries)
        self._drop_unreferenced()
        return True

    # -- reading -----------------------------------------------------------
    def iter_documents(self) -> Iterator[Document]:
        """Every stored document, in a stable order (by source path)."""
        index = self._index()
        for sha in dict.fromkeys(index[k] for k in sorted(index)):
            record = self._record_path(sha)
            try:
                items = json.loads(record.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as err:
                raise StoreError(store=str(self.root), reason=f"{record.name} is unreadable: {err}") from err
            for item in items:
                yield document_from_json(item)

    def documents(self) -> list[Document]:
        """All stored documents as a list."""
        return list(self.iter_documents())

    def cleaned_text(self, sha256: str) -> Optional[tuple[str, list[tuple[int, int]]]]:
        """The cleaned text of a stored source and its map to the source, if stored.

        Returns ``(text, segments)``, segments as
        :meth:`CleanText.segments <policykg.ingest.clean.CleanText.segments>` gives them.
        """
        path = self._cleaned_path(sha256)
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return data["text"], [tuple(seg) for seg in data["segments"]]

    def records_of(self, sha256: str) -> list[Document]:
        """The documents read from one stored source content."""
        path = self._record_path(sha256)
        if not path.exists():
            return []
        return [document_from_json(item) for item in json.loads(path.read_text(encoding="utf-8"))]

    def source_text(self, sha256: str) -> Optional[str]:
        """The source text whose offsets the records' spans use, if stored."""
        path = self.text_path(sha256)
        return path.read_text(encoding="utf-8") if path.exists() else None

    def find(self, ref: str) -> Document:
        """One document by id, doc number (any form) or title; see :func:`policykg.rules.references.find_document`."""
        from policykg.rules.references import Candidate, find_document

        docs = {d.id: d for d in self.documents()}
        return docs[find_document(ref, (Candidate(d.id, d.doc_number, d.title) for d in docs.values()))]
