"""Where uploaded files are kept: a folder per content, so no upload ever replaces another.

An upload ``(name, bytes)`` is written to ``<folder>/<sha256 of the bytes>/<name>``:
two different files called ``通知.txt`` are two sources, the same bytes uploaded
twice are one (re-ingesting them changes nothing), and the path a record's
provenance names (:attr:`policykg.ingest.records.Source.path`) keeps the name
the user gave and always holds exactly the bytes that were parsed.

Examples
--------
>>> upload_name("../../evil.txt"), upload_name("C:\\\\Users\\\\me\\\\page.html")
('evil.txt', 'page.html')
>>> try:
...     upload_name("..")
... except UnsafeFileName as err:
...     print(err.code, err.fields["reason"])
E030 it names a folder, not a file
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from policykg.errors import UnsafeFileName

__all__ = ["MAX_NAME_BYTES", "upload_name", "save_upload"]

#: File names are cut to this many bytes (most file systems allow 255; the suffix is kept).
MAX_NAME_BYTES = 200

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def upload_name(name: str) -> str:
    """The file name to keep an upload under: the last part of ``name``, checked.

    Browsers send a bare name, but any folder part (``/`` or ``\\\\``) is
    dropped, so nothing is written outside the uploads folder. Names longer
    than :data:`MAX_NAME_BYTES` are shortened, keeping the suffix.

    Raises
    ------
    UnsafeFileName
        The name is empty, ``.`` or ``..``, or holds control characters.
    """
    if _CONTROL.search(name or ""):
        raise UnsafeFileName(path=name, reason="it holds control characters")
    base = re.split(r"[/\\]", name or "")[-1].strip()
    if not base:
        raise UnsafeFileName(path=name, reason="it is empty")
    if base in (".", ".."):
        raise UnsafeFileName(path=name, reason="it names a folder, not a file")
    if len(base.encode("utf-8")) > MAX_NAME_BYTES:
        suffix = Path(base).suffix if len(Path(base).suffix) <= 16 else ""
        stem = base[: len(base) - len(suffix)]
        while len((stem + suffix).encode("utf-8")) > MAX_NAME_BYTES:
            stem = stem[:-1]
        base = stem + suffix
    return base


def save_upload(folder: str | Path, name: str, data: bytes) -> Path:
    """Write ``data`` to ``<folder>/<sha256>/<name>`` (once) and return that path.

    Raises
    ------
    UnsafeFileName
        See :func:`upload_name`; nothing is written.
    """
    base = upload_name(name)
    path = Path(folder) / hashlib.sha256(data).hexdigest() / base
    if not (path.is_file() and path.stat().st_size == len(data)):
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".part")
        partial.write_bytes(data)
        partial.replace(path)
    return path
