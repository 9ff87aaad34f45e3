"""The first page's reading of the store, begun before the pages' modules load.

The Overview of a store reads its aggregates and the first page of its table
(:func:`~policykg.explorer.facets.read_overview`: a few thousand rows, 0.4 s
inside SQLite at 10,000 notices) and imports pandas and Altair
(longer, in Python). SQLite runs without holding Python's lock, so the entry
file starts the reading in a thread (:func:`start`) and the imports go on
meanwhile; the index the pages share takes the rows from it (:func:`take`).
Nothing is read before a browser asks for a page: this is the first page's
own reading, only begun earlier.

Nothing here needs Streamlit.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Optional

__all__ = ["start", "take", "skip_repl_check"]

# (store folder, stamp) -> the reading begun for it, or None once taken (so a rerun reads nothing again)
_READS: dict[tuple, Optional[Future]] = {}
_LOCK = threading.Lock()


def start(root: Optional[Path] = None) -> None:
    """Begin reading what the Overview shows of the store (the current one by default) in a thread, once per store version.

    Does nothing for a graph database (``--neo4j``, ``--falkordb``), a folder
    that is not a store, or a version already read.
    """
    from policykg.explorer.data import database, store_path, store_stamp

    if database() is not None:
        return
    root = (root or store_path()).resolve()
    stamp = store_stamp(root)
    if not stamp:
        return
    key = (str(root), stamp)
    with _LOCK:
        if key in _READS:
            return
        future: Future = Future()
        _READS[key] = future
    threading.Thread(target=_read, args=(root, future), name="policykg-prefetch", daemon=True).start()


def _read(root: Path, future: Future) -> None:
    from policykg.explorer.data import open_store
    from policykg.explorer.facets import read_overview

    try:
        with open_store(root) as store:
            future.set_result(read_overview(store))
    except BaseException as err:  # handed to take(), which lets the page read again and report it
        future.set_exception(err)


def take(root: str, stamp: tuple) -> Optional[tuple]:
    """:func:`~policykg.explorer.facets.read_overview` of the store ``root`` at ``stamp``, read by :func:`start`, or None.

    Each reading is handed out once. None when none was begun, or it
    failed: the caller then reads the store itself (and meets the error
    where the page reports it).
    """
    with _LOCK:
        future = _READS.get((root, stamp))
        if future is None:
            return None
        _READS[(root, stamp)] = None
    try:
        return future.result()
    except Exception:
        return None


def skip_repl_check() -> None:
    """Spare the first page Streamlit's check for an interactive interpreter (a quarter of a second).

    Before the first element of a process, Streamlit asks whether it runs in
    a REPL, to print a "use streamlit run" hint, with ``inspect.stack()``,
    which reads the source files of every frame's module: 0.23 s of the first
    render at 10,000 notices. The explorer always runs under ``streamlit
    run``. Marking the hint as shown skips the check; on a Streamlit without
    that flag this does nothing.
    """
    import streamlit.delta_generator as delta_generator

    if hasattr(delta_generator, "_use_warning_has_been_displayed"):
        delta_generator._use_warning_has_been_displayed = True
