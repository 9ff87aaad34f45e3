"""Task tables: which column a header cell names.

A 任务分解表 or 分工方案 lays its tasks out as a table whose header names
each column: ``| 工作任务 | 具体要求 | 责任单位 | 完成时限 |``. The header
words per column kind are data (``data/table_headers.json``); this rule
says which kind a header cell names and whether a row of cells is a
task table's header.

Examples
--------
>>> column_kind("工　作　任　务"), column_kind("主要责任单位"), column_kind("备注") is None
('task', 'responsible', True)
>>> header_kinds(["序号", "工作任务", "具体要求", "责任单位", "完成时限"])
('number', 'task', 'requirement', 'responsible', 'deadline')
>>> header_kinds(["姓名", "职务"]) is None
True
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from typing import Optional, Sequence

__all__ = ["COLUMN_KINDS", "PARTY_KINDS", "column_kind", "header_kinds", "header_words"]

COLUMN_KINDS = ("number", "task", "requirement", "lead", "responsible", "assisting", "deadline")
"""The kinds of column a task table has."""

PARTY_KINDS = ("lead", "responsible", "assisting")
"""The column kinds whose cells list parties, named by their role."""

_SPACES = re.compile(r"[\s\u3000]+")


@functools.lru_cache(maxsize=1)
def _words() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    data = json.loads(resources.files("policykg.rules").joinpath("data/table_headers.json").read_text(encoding="utf-8"))
    exact = {word: kind for kind in COLUMN_KINDS for word in data[kind]}
    # longest first, so that 牵头责任单位 is a lead column before 责任单位 is tried
    suffixes = tuple(sorted(((w, k) for w, k in exact.items() if len(w) >= 4), key=lambda p: -len(p[0])))
    return exact, suffixes


def column_kind(cell: str) -> Optional[str]:
    """The kind of column a header cell names, or None.

    >>> column_kind("牵头单位"), column_kind("牵头责任单位"), column_kind("完成时限:")
    ('lead', 'lead', 'deadline')
    """
    word = _SPACES.sub("", cell or "").strip(":：")
    if not word or len(word) > 12:
        return None
    exact, suffixes = _words()
    if word in exact:
        return exact[word]
    for suffix, kind in suffixes:
        if word.endswith(suffix):
            return kind
    return None


def header_kinds(cells: Sequence[str]) -> Optional[tuple[Optional[str], ...]]:
    """The kind of each column if ``cells`` are a task table's header, else None.

    A header names a task (or its requirement) and who or by when: at least
    one task column and one party or deadline column, every other cell empty
    or a header word of its own (备注 is left unknown).

    >>> header_kinds(["工作任务", "牵头单位", "配合单位", "备注"])
    ('task', 'lead', 'assisting', None)
    >>> header_kinds(["任务", "内容"]) is None
    True
    """
    kinds = tuple(column_kind(c) for c in cells)
    known = [k for k in kinds if k]
    if not ({"task", "requirement"} & set(known)) or not ({*PARTY_KINDS, "deadline"} & set(known)):
        return None
    if len(known) < max(2, len(cells) - 1):
        return None
    return kinds


def header_words() -> tuple[str, ...]:
    """Every header word of the data file.

    >>> "完成时限" in header_words()
    True
    """
    return tuple(_words()[0])
