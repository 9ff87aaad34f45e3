"""Task tables read into tasks: one task per row, its parties and deadline from its cells.

A 任务分解表 or 分工方案 gives its tasks as a table. Three shapes reach the
reader, all as cleaned text:

* pipe rows, as written in a text file or as the HTML reader renders a
  ``<table>`` (``| 1 | 推进决策公开 | 完善制度。 | 县司法局 | 2020年6月底前 |``);
* one cell per line, as a .docx table or a page copied cell by cell gives it:
  the header words on consecutive lines, then each row's cells;
* either with section rows (``| 一、推进决策公开 |``) that group the rows.

The columns are known by their header words (:mod:`policykg.rules.tables`).
Each row becomes a :class:`~policykg.ingest.structure.TaskBlock` spanning the
row, with a :class:`RowCells` saying where its party and deadline cells are,
so that every fact keeps its cell as its span.

Examples
--------
>>> text = ("| 序号 | 工作任务 | 责任单位 | 完成时限 |\\n"
...         "| 1 | 推进决策公开。完善制度 | 县司法局、县政府办 | 2020年6月底前 |\\n")
>>> [(b.position, b.number_printed, b.heading) for b, _ in table_tasks(text, 0, len(text))]
[(1, '1', '推进决策公开')]
>>> block, cells = table_tasks(text, 0, len(text))[0]
>>> [text[s:e] for s, e in cells.parties["responsible"]], text[slice(*cells.deadline)]
(['县司法局、县政府办'], '2020年6月底前')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Optional, Sequence

from policykg.ingest.structure import HEADING_MAX, SECTION_RE, TaskBlock, chinese_number
from policykg.rules.agencies import split_names
from policykg.rules.tables import PARTY_KINDS, column_kind, header_kinds

__all__ = ["RowCells", "table_tasks", "merge_table_tasks"]

_PIPE_ROW = re.compile(r"^[ \t]*\|(?P<cells>.*)\|[ \t]*$", re.M)
_RULE_ROW = re.compile(r"^[\s|:\-—]+$")
_LINE = re.compile(r"^[ \t]*(?P<cell>\S[^\n]*?)[ \t]*$", re.M)
_ROW_NUMBER = re.compile(r"^(?:\d{1,3}|[一二三四五六七八九十]{1,3})[.、．]?$")
# The longest line a cell-per-line table's party or deadline cell takes.
_SHORT_CELL = 60


@dataclass(frozen=True)
class RowCells:
    """Where one row's cells are, as (start, end) offsets into the cleaned text."""

    parties: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    deadline: Optional[tuple[int, int]] = None


@dataclass(frozen=True)
class _Row:
    start: int
    end: int
    cells: tuple[tuple[int, int], ...]


def _pipe_cells(text: str, m: re.Match) -> tuple[tuple[int, int], ...]:
    """The cells of a pipe row, stripped, as offsets into ``text``."""
    cells, pos = [], m.start("cells")
    for part in m.group("cells").split("|"):
        lead = len(part) - len(part.lstrip())
        cells.append((pos + lead, pos + len(part.rstrip())))
        pos += len(part) + 1
    return tuple(cells)


def _pipe_tables(text: str, start: int, end: int) -> list[tuple[tuple, list[_Row]]]:
    """Runs of consecutive pipe rows whose first row is a header: (kinds, rows after it)."""
    tables = []
    kinds, rows, last_end = None, [], -1
    for m in _PIPE_ROW.finditer(text, start, end):
        cells = _pipe_cells(text, m)
        contiguous = last_end >= 0 and not text[last_end : m.start()].strip()
        last_end = m.end()
        if kinds is not None and not contiguous:
            tables.append((kinds, rows))
            kinds, rows = None, []
        if kinds is None:
            kinds = header_kinds([text[s:e] for s, e in cells])
            continue
        if _RULE_ROW.match(m.group(0)):
            continue  # a markdown rule under the header
        rows.append(_Row(m.start(), m.end(), cells))
    if kinds is not None:
        tables.append((kinds, rows))
    return tables


def _line_tables(text: str, start: int, end: int) -> list[tuple[tuple, list[_Row]]]:
    """Tables flattened to one cell per line: a run of header words, then rows of as many lines."""
    lines = [(m.start("cell"), m.end("cell")) for m in _LINE.finditer(text, start, end)]
    tables = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and column_kind(text[slice(*lines[j])]):
            j += 1
        kinds = header_kinds([text[slice(*c)] for c in lines[i:j]]) if j - i >= 2 else None
        if not kinds:
            i = max(j, i + 1)
            continue
        rows, i = _line_rows(text, lines, j, kinds)
        tables.append((kinds, rows))
    return tables


def _line_rows(text: str, lines: list[tuple[int, int]], i: int, kinds: tuple) -> tuple[list[_Row], int]:
    """Rows of ``len(kinds)`` lines from line ``i`` on, while they look like rows; and where they stop.

    A section line (一、…) between rows stands alone; a row whose number,
    party or deadline cell does not look like one ends the table.
    """
    n = len(kinds)
    rows = []
    while i < len(lines):
        line = text[slice(*lines[i])]
        if SECTION_RE.match(line) and len(line) <= 40:
            rows.append(_Row(lines[i][0], lines[i][1], (lines[i],)))
            i += 1
            continue
        chunk = lines[i : i + n]
        if len(chunk) < n or not _looks_like_row([text[slice(*c)] for c in chunk], kinds):
            break
        rows.append(_Row(chunk[0][0], chunk[-1][1], tuple(chunk)))
        i += n
    return rows, i


def _looks_like_row(cells: Sequence[str], kinds: tuple) -> bool:
    for cell, kind in zip(cells, kinds):
        if column_kind(cell):
            return False
        if kind == "number" and not _ROW_NUMBER.match(cell):
            return False
        if kind in PARTY_KINDS and (len(cell) > _SHORT_CELL or "。" in cell or not split_names(cell)):
            return False
        if kind == "deadline" and len(cell) > _SHORT_CELL:
            return False
    return True


def _heading(text: str, start: int, end: int) -> tuple[int, int]:
    """The heading of a task cell: up to its first 。 (or its first line), at most HEADING_MAX long."""
    stop = min((p for p in (text.find("。", start, end), text.find("\n", start, end)) if p >= 0), default=end)
    return start, min(stop, start + HEADING_MAX) if stop - start > HEADING_MAX else stop


def _aligned(row: _Row, kinds: tuple) -> list[tuple[Optional[str], tuple[int, int]]]:
    """(kind, cell) pairs of a row; a row short of cells (a merged cell on its left) aligns on the right."""
    cells = row.cells
    if len(cells) < len(kinds):
        kinds = kinds[len(kinds) - len(cells) :]
    return list(zip(kinds, cells))


def _section_of(text: str, row: _Row) -> Optional[str]:
    """The section a row of one non-empty cell names (一、推进决策公开), or None.

    The cell is a section's when it is numbered like one, or stands alone in
    the first column (a merged cell across the row).
    """
    filled = [c for c in row.cells if c[1] > c[0]]
    if len(filled) != 1 or filled[0][1] - filled[0][0] > 40:
        return None
    cell = text[slice(*filled[0])]
    m = SECTION_RE.match(cell)
    if m:
        return m.group("title").strip()
    return cell if filled[0] == row.cells[0] and not _ROW_NUMBER.match(cell) else None


def table_tasks(text: str, start: int, end: int) -> list[tuple[TaskBlock, RowCells]]:
    """The tasks of the task tables in ``text[start:end]``, one per row, in reading order.

    Positions count from 1 over all the tables; a row's number is its 序号
    cell where the table has one. Rows without a task (or requirement) cell
    are left out.
    """
    found = _pipe_tables(text, start, end)
    if not found:
        found = _line_tables(text, start, end)
    out = []
    for kinds, rows in found:
        section = None
        for row in rows:
            title = _section_of(text, row)
            if title is not None or len(row.cells) == 1:
                section = title or section
                continue
            cells = _aligned(row, kinds)
            by_kind: dict[str, list[tuple[int, int]]] = {}
            for kind, cell in cells:
                if kind and cell[1] > cell[0]:
                    by_kind.setdefault(kind, []).append(cell)
            task_cell = (by_kind.get("task") or by_kind.get("requirement") or [None])[0]
            if task_cell is None:
                continue
            number_cell = (by_kind.get("number") or [None])[0]
            printed = text[slice(*number_cell)] if number_cell else ""
            h_start, h_end = _heading(text, *task_cell)
            block = TaskBlock(
                position=len(out) + 1,
                number=chinese_number(printed.rstrip(".、．")) if printed else None,
                number_printed=printed,
                section=section,
                heading=text[h_start:h_end].strip(),
                start=row.start,
                end=row.end,
                heading_start=h_start,
                heading_end=h_end,
            )
            parties = {kind: by_kind[kind] for kind in PARTY_KINDS if kind in by_kind}
            deadline = (by_kind.get("deadline") or [None])[0]
            out.append((block, RowCells(parties=parties, deadline=deadline)))
    return out


def merge_table_tasks(blocks: Sequence[TaskBlock], rows: Sequence[tuple[TaskBlock, RowCells]]) -> list[tuple[TaskBlock, Optional[RowCells]]]:
    """The outline's tasks and the table rows' tasks in one reading order, renumbered.

    An outline task that overlaps a table row (a 1. or (一) printed inside a
    cell) is the row's, and is dropped.

    >>> a = TaskBlock(1, 1, "(一)", None, "甲", 0, 10, 3, 4)
    >>> b = TaskBlock(1, 1, "1", None, "乙", 20, 30, 24, 25)
    >>> [(t.position, t.heading, c is not None) for t, c in merge_table_tasks([a], [(b, RowCells())])]
    [(1, '甲', False), (2, '乙', True)]
    """
    spans = [(b.start, b.end) for b, _ in rows]
    kept: list[tuple[TaskBlock, Optional[RowCells]]] = []
    for b in blocks:
        inside = [s for s, e in spans if s < b.end and b.start < e]
        if not inside:
            kept.append((b, None))
        elif b.start < min(inside) and b.heading_end <= min(inside):
            # a task above the table runs, in the outline, into it: it ends where the rows begin
            kept.append((replace(b, end=min(inside)), None))
    merged = sorted(kept + list(rows), key=lambda p: p[0].start)
    return [(replace(b, position=i), cells) for i, (b, cells) in enumerate(merged, 1)]
