"""Watching folders a crawler saves into: the notice files that are new or changed, once written.

A crawler runs for days and saves notices one by one. ``policykg ingest
PATH --watch`` keeps one store open and adds each file as it lands, so the
writer's indexes stay in memory between files (adding a notice then costs
what the change costs, not a pass over the whole store).

Folders are polled (a listing and a ``stat`` per file), not followed through
the operating system's file events: polling works the same on every system
and on network shares, where inotify sees nothing, and a listing of 100,000
files takes well under a second.

A file is taken once two looks in a row find it with the same size and
modification time (a crawler writes a file in pieces), and not again until
it changes. Files that were there when the watch began are not taken (the
ingest before it read them); a file deleted is not taken out of the store
(``policykg remove`` does that).

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> watch = FolderWatch([folder])
>>> _ = (folder / "a.txt").write_text("关于某事的通知", encoding="utf-8")
>>> watch.ready()  # seen once: it may still be being written
[]
>>> [p.name for p in watch.ready()]
['a.txt']
>>> watch.ready()
[]
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Optional

from .batch import collect_files

__all__ = ["FolderWatch"]

#: what tells a file changed: its size and modification time (nanoseconds)
_Stamp = tuple[int, int]


class FolderWatch:
    """The notice files under ``paths`` (files or folders, as ``policykg ingest`` takes them) that are ready to read.

    Parameters
    ----------
    paths : iterable of path
        What to watch; a folder is searched as :func:`~policykg.ingest.batch.collect_files` searches it.
    """

    def __init__(self, paths: Iterable[os.PathLike | str]) -> None:
        self.paths = [Path(p) for p in paths]
        self._taken: dict[Path, _Stamp] = self._look()  # as they were when the watch began
        self._last: dict[Path, _Stamp] = dict(self._taken)

    def ready(self) -> list[Path]:
        """The files new or changed since they were last taken, and the same as at the look before; in path order."""
        now = self._look()
        out = sorted(p for p, stamp in now.items() if self._taken.get(p) != stamp and self._last.get(p) == stamp)
        self._last = now
        for path in out:
            self._taken[path] = now[path]
        return out

    def _look(self) -> dict[Path, _Stamp]:
        stamps: dict[Path, _Stamp] = {}
        for path in collect_files([p for p in self.paths if p.exists()]):
            stamp = _stamp(path)
            if stamp is not None:
                stamps[path] = stamp
        return stamps


def _stamp(path: Path) -> Optional[_Stamp]:
    try:
        st = path.stat()
    except OSError:  # gone between the listing and the look
        return None
    return st.st_size, st.st_mtime_ns
