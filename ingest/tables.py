"""Task tables read into tasks: one task per row, its parties and deadline from its cells.

A 任务分解表 or 分工方案 gives its tasks as a table. Three shapes reach the
reader, all as cleaned text:

* pipe rows, as written in a text file or as the HTML reader renders a
  ``<table>`` (``| 1 | 推进决策公开 | 完善制度。 | 县司法局 | 2020年6月底前 |``);
* one cell per line, as a .docx table or a page copied cell by cell gives it:
  the header words on consecutive lines, then each row's cells;
* cells glued with no separator at all, as a crawler flattens a page: the
  header words in one run (工　作　任　务牵头单位责　任　单　位), each row
  opened by its number (1. 2. …), section headings (一、 (一)) between;
* any of them with section rows (``| 一、推进决策公开 |``) that group the rows.

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

from policykg.ingest.structure import CN_DIGITS, HEADING_MAX, SECTION_RE, TaskBlock, chinese_number
from policykg.rules.agencies import split_names
from policykg.rules.tables import PARTY_KINDS, column_kind, header_kinds, header_words

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
    #: the whole table the row is in, from its header to its last row
    table: Optional[tuple[int, int]] = None


@dataclass(frozen=True)
class _Row:
    start: int
    end: int
    cells: tuple[tuple[int, int], ...]
    #: the row's printed number where it is not a cell of its own (a glued table's 1. 2. …)
    number: Optional[str] = None


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
    kinds, rows, last_end, head = None, [], -1, 0
    for m in _PIPE_ROW.finditer(text, start, end):
        cells = _pipe_cells(text, m)
        contiguous = last_end >= 0 and not text[last_end : m.start()].strip()
        last_end = m.end()
        if kinds is not None and not contiguous:
            tables.append((kinds, rows, head))
            kinds, rows = None, []
        if kinds is None:
            kinds, head = header_kinds([text[s:e] for s, e in cells]), m.start()
            continue
        if _RULE_ROW.match(m.group(0)):
            continue  # a markdown rule under the header
        rows.append(_Row(m.start(), m.end(), cells))
    if kinds is not None:
        tables.append((kinds, rows, head))
    return [t for t in tables if t[1]]


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
        head = lines[i][0]
        rows, i = _line_rows(text, lines, j, kinds)
        if rows:
            tables.append((kinds, rows, head))
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


def _glued_header_re() -> re.Pattern:
    """A header whose words a crawler glued into one run (工　作　任　务牵头单位责　任　单　位工　作　要　求)."""
    words = sorted(header_words(), key=len, reverse=True)
    word = "|".join("[ \t\u3000]*".join(map(re.escape, w)) for w in words if len(w) >= 4)
    return re.compile(rf"(?:(?:{word})[ \t\u3000]*){{3,8}}")


_GLUED_HEADER = None
_SP = "[ \t\u3000]*"
# A glued header holds a party or deadline column's word: only around one is a header looked for.
_PARTY_HEADER_HINT = re.compile(
    f"(?:牵{_SP}头|责{_SP}任|配{_SP}合|协{_SP}办|会{_SP}办){_SP}(?:单{_SP}位|部{_SP}门|处{_SP}室)|完{_SP}成{_SP}时{_SP}限|时{_SP}间{_SP}节{_SP}点"
)
# A row of a glued table opens with its number (1. 2. …) glued to the row before.
_GLUED_ROW = re.compile(r"(?<!\d)(?P<num>\d{1,3})[.．、](?!\d)")
# Section rows between them: 一、… or (一)…, up to the next row's number.
_GLUED_SECTION = re.compile(rf"(?:[{CN_DIGITS}]{{1,3}}、|[(（][{CN_DIGITS}]{{1,3}}[)）])")


def _glued_tables(text: str, start: int, end: int) -> list[tuple[tuple, list[_Row]]]:
    """Tables whose cells lost every separator: the header words in one run, rows told apart by their numbers.

    A row's cells cannot all be cut apart; its task cell runs to the first
    space or 。 (a heading), and where the party columns come last, the
    names after its last 。 are its parties, cut into the columns only where
    spaces part them as many times as there are columns.
    """
    global _GLUED_HEADER
    if _GLUED_HEADER is None:
        _GLUED_HEADER = _glued_header_re()
    tables = []
    headers, searched = [], start
    for hint in _PARTY_HEADER_HINT.finditer(text, start, end):
        # a header spans the hint: look a little before and after it only
        m = _GLUED_HEADER.search(text, max(searched, hint.start() - 60), min(end, hint.end() + 80))
        if m and m.start() <= hint.start():
            headers.append(m)
            searched = m.end()
    for m in headers:
        cells = [k for k in _split_glued_header(m.group())]
        kinds = header_kinds(cells)
        rows = _glued_rows(text, m.end(), end, kinds) if kinds and "number" not in kinds else []
        if rows:
            tables.append((kinds, rows, m.start()))
    return tables


def _split_glued_header(run: str) -> list[str]:
    """The header words of a glued run, in order."""
    words = sorted(header_words(), key=len, reverse=True)
    squeezed = re.sub(r"[ \t\u3000]+", "", run)
    out, i = [], 0
    while i < len(squeezed):
        word = next((w for w in words if squeezed.startswith(w, i)), None)
        if word is None:
            break
        out.append(word)
        i += len(word)
    return out


def _glued_rows(text: str, start: int, end: int, kinds: tuple) -> list[_Row]:
    """The rows after a glued header: numbered 1. 2. … in sequence (a number may be skipped), sections between."""
    rows: list[_Row] = []
    previous = 0
    marks = []
    for m in _GLUED_ROW.finditer(text, start, end):
        number = int(m.group("num"))
        if previous < number <= previous + 2:
            marks.append(m)
            previous = number
    party_last = all(k in PARTY_KINDS for k in kinds[max(i for i, k in enumerate(kinds) if k not in PARTY_KINDS) + 1 :]) and kinds[-1] in PARTY_KINDS
    parties = [k for k in kinds if k in PARTY_KINDS]
    if marks:
        lead_in = text[start : marks[0].start()]
        heads = list(_GLUED_SECTION.finditer(lead_in))
        if heads and len(lead_in) <= 120:
            # 一、以政务公开助力稳增长(一)加强预期引导 above the first row: its section
            rows.append(_Row(start + heads[0].start(), marks[0].start(), ((start + heads[-1].end(), marks[0].start()),)))
    for i, m in enumerate(marks):
        stop = marks[i + 1].start() if i + 1 < len(marks) else _table_end(text, m.end(), end)
        body = text[m.end() : stop]
        # a section row (一、… (一)…) before the next number belongs to the next row
        tail = [x for x in _GLUED_SECTION.finditer(body) if x.start() > body.rfind("。")]
        sec = tail[0] if tail else None
        row_end = m.end() + len((body[: sec.start()] if sec else body).rstrip())
        # every cell empty but the task cell, unless the party cells can be told apart
        by_kind = {"task" if "task" in kinds else "requirement": (m.end(), row_end)}
        if party_last:
            last = text.rfind("。", m.end(), row_end)
            if last >= 0:
                by_kind = {"task" if "task" in kinds else "requirement": (m.end(), last + 1)}
                chunks = list(re.finditer(r"\S+", text[last + 1 : row_end]))
                names = [n for c in chunks for n, _, _ in split_names(c.group())]
                if len(chunks) == len(parties) and not any(_GLUED_NAMES.search(n) for n in names):
                    by_kind.update({k: (last + 1 + c.start(), last + 1 + c.end()) for k, c in zip(parties, chunks)})
        cells = tuple(by_kind.get(k, (row_end, row_end)) if k not in ("task", "requirement") or k in by_kind else (row_end, row_end) for k in kinds)
        rows.append(_Row(m.start(), row_end, cells, number=m.group("num")))
        if sec:
            # 二、紧扣…(一)持续加强…: the innermost heading is the section
            rows.append(_Row(m.end() + sec.start(), stop, ((m.end() + tail[-1].end(), stop),)))
    return rows


# Two names glued into one (区经济发展局区自然资源与生态环境局): a name's ending
# followed by the next name's place.
_GLUED_NAMES = re.compile(r"[局厅委办室处府](?=[省市区县各])")


def _table_end(text: str, start: int, end: int) -> int:
    """Where the last row of a glued table ends: at its paragraph's end."""
    nl = text.find("\n", start, end)
    return end if nl < 0 else nl


def _heading(text: str, start: int, end: int) -> tuple[int, int]:
    """The heading of a task cell: up to its first 。 (or its first line), at most HEADING_MAX long."""
    stops = (text.find("。", start, end), text.find("\n", start, end), text.find(" ", start, end))
    stop = min((p for p in stops if p > start), default=end)
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
    found = _pipe_tables(text, start, end) or _line_tables(text, start, end) or _glued_tables(text, start, end)
    out = []
    for kinds, rows, head in found:
        extent = (head, rows[-1].end)
        section = None
        for row in rows:
            title = _section_of(text, row) if row.number is None else None
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
            printed = text[slice(*number_cell)] if number_cell else (row.number or "")
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
            out.append((block, RowCells(parties=parties, deadline=deadline, table=extent)))
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
    spans = sorted({c.table or (b.start, b.end) for b, c in rows})
    kept: list[tuple[TaskBlock, Optional[RowCells]]] = []
    for b in blocks:
        inside = [s for s, e in spans if s < b.end and b.start < e]
        if not inside:
            kept.append((b, None))
        elif b.start < min(inside) and b.heading_end <= min(inside):
            # a task above the table runs, in the outline, into it: it ends where the table begins
            kept.append((replace(b, end=min(inside)), None))
    merged = sorted(kept + list(rows), key=lambda p: p[0].start)
    return [(replace(b, position=i), cells) for i, (b, cells) in enumerate(merged, 1)]
