"""Python's cycle collector held off while a bounded structure of many small objects is built.

The collector runs every few hundred allocations and, each third of its
passes or so, walks every object alive: building the documents of a
national cascade (tens of thousands of dicts) triggered full passes that
took a fifth of a ``policykg trace``. What such a build makes has few
cycles, and what it holds is bounded by the answer, so it is built with the
collector off; the collector runs again as usual after (the cycles left,
networkx's cached views of a graph dropped, go at its next pass).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

__all__ = ["paused"]


@contextmanager
def paused() -> Iterator[None]:
    """The collector off inside the block (if it was on), on again after; nested blocks leave it to the outer one."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
