"""A crawler's export (``.csv`` or ``.jsonl``) read as a corpus: one document per row.

Researchers hold what their crawler saved: a table with a title column, a
text column, a date, sometimes the 文号, the site and the URL. Each row with
text becomes a :class:`Row`; its text is the row's *source text* (spans of
its records index into the content field), its :class:`Source` names the
file and the row, and the other columns are *evidence* for the record's
metadata (a title column fills a title the text lacks, flagged as such).

Columns are recognised by name (``ingest/data/export_columns.jsonl``: 标题 /
title, 内容 / 正文 / content, 日期 / 时间 / 发布日期 / date, 文号, 来源网站,
访问地址 / url); ``columns`` overrides them (``{"content": "正文"}``).

Examples
--------
>>> import pathlib, tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     path = pathlib.Path(folder) / "export.csv"
...     body = "各乡镇人民政府,县直各单位:现将有关事项通知如下。"
...     _ = path.write_text(f'标题,时间,内容\\n关于某事的通知,2020年05月06日,"{body}"\\n空行,2020-01-01,\\n', encoding="utf-8")
...     export = read_export(path)
>>> [(r.source.row, r.evidence["title"], r.evidence["date"]) for r in export.rows]
[(1, '关于某事的通知', '2020年05月06日')]
>>> [(e.code, e.fields["row"]) for e in export.failures]
[('E013', 2)]
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Optional

from policykg.ingest.datafiles import DATA, read_jsonl
from policykg.errors import EmptyRow, IngestError, NoContentColumn, UnreadableFile, UndecodableFile
from policykg.ingest.read import decode_text
from policykg.ingest.records import Source

__all__ = ["TABULAR_SUFFIXES", "Row", "Export", "read_export", "parse_columns", "row_id"]

TABULAR_SUFFIXES = frozenset({".csv", ".jsonl"})
EXPORT_COLUMNS = DATA / "export_columns.jsonl"
FIELDS = ("title", "content", "date", "doc_number", "site", "url")
# A cell with fewer characters than this holds no document (a link, a dash).
MIN_TEXT = 20


@dataclass(frozen=True)
class Row:
    """One row of an export: its text, where it came from, and its other fields."""

    text: str
    source: Source
    evidence: dict[str, str] = field(default_factory=dict)


@dataclass
class Export:
    """The rows of one export file that hold text, and why the others were skipped."""

    source: Source
    text: str
    columns: dict[str, str]
    rows: list[Row] = field(default_factory=list)
    failures: list[IngestError] = field(default_factory=list)


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    out = {}
    for entry in read_jsonl(EXPORT_COLUMNS):
        for name in entry["names"]:
            out.setdefault(name.lower(), entry["field"])
    return out


def parse_columns(spec: Optional[str]) -> dict[str, str]:
    """Read a ``--columns`` override: ``content=正文,title=名称``.

    >>> parse_columns("content=正文, title=名称")
    {'content': '正文', 'title': '名称'}
    >>> parse_columns(None)
    {}
    """
    out = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        key, sep, name = part.partition("=")
        key = key.strip()
        if not sep or key not in FIELDS or not name.strip():
            raise ValueError(f"--columns takes FIELD=COLUMN pairs with FIELD one of {', '.join(FIELDS)}; got {part.strip()!r}")
        out[key] = name.strip()
    return out


def recognise_columns(header: list[str], override: Mapping[str, str] | None = None) -> dict[str, str]:
    """Map each field to the column holding it: the override, else the first known name.

    >>> recognise_columns(["序号", "标题", "发文日期", "内容"])
    {'title': '标题', 'date': '发文日期', 'content': '内容'}
    """
    aliases = _aliases()
    out: dict[str, str] = {}
    ranked = sorted(header, key=lambda name: list(aliases).index(name.strip().lower()) if name.strip().lower() in aliases else len(aliases))
    for name in ranked:
        key = aliases.get(name.strip().lower())
        if key and key not in out:
            out[key] = name
    out.update(override or {})
    return {k: out[k] for k in sorted(out, key=lambda k: header.index(out[k]) if out[k] in header else len(header))}


def row_id(sha256: str, row: int) -> str:
    """The record id of a row's document: stable for the file's content and the row.

    >>> row_id("0" * 64, 3)
    '82e06d7fda77'
    """
    return hashlib.sha256(f"{sha256}:{row}".encode()).hexdigest()[:12]


def read_export(path: str | Path, columns: Mapping[str, str] | None = None) -> Export:
    """Read a ``.csv`` or ``.jsonl`` export into its rows.

    Raises
    ------
    UnreadableFile, UndecodableFile
        The file cannot be read or decoded.
    NoContentColumn
        No column holds the documents' text (name it with ``columns``).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise UnreadableFile(path=str(path), reason=err.strerror or str(err)) from err
    text, encoding = decode_text(data, str(path))
    text = text.lstrip("\ufeff")
    kind = "jsonl" if path.suffix.lower() == ".jsonl" else "csv"
    source = Source(path=str(path), sha256=hashlib.sha256(data).hexdigest(), encoding=encoding, format=kind, size=len(data))
    records = _jsonl_records(text, str(path)) if kind == "jsonl" else _csv_records(text)
    header = list(dict.fromkeys(k for record in records[:50] for k in record if isinstance(k, str)))
    found = recognise_columns(header, columns)
    if "content" not in found or found["content"] not in header:
        raise NoContentColumn(path=str(path), columns=", ".join(header) or "(no header)")
    export = Export(source=source, text=text, columns=found)
    for n, record in enumerate(records, 1):
        content = str(record.get(found["content"]) or "")
        evidence = {k: str(record.get(col) or "").strip() for k, col in found.items() if k != "content"}
        evidence = {k: v for k, v in evidence.items() if v}
        if len(content.strip()) < MIN_TEXT:
            reason = "empty" if not content.strip() else f"only {content.strip()[:30]!r}"
            export.failures.append(EmptyRow(path=str(path), row=n, column=found["content"], reason=reason))
            continue
        export.rows.append(Row(content, replace(source, row=n), evidence))
    return export


def _csv_records(text: str) -> list[dict[str, str]]:
    csv.field_size_limit(1 << 30)  # a crawler keeps whole pages in one cell
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _jsonl_records(text: str, path: str) -> list[dict]:
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as err:
            raise UndecodableFile(path=path, reason=f"line {n} is not JSON: {err.msg}") from err
        if isinstance(value, dict):
            out.append(value)
    return out


_TRUNCATED = re.compile(r"(?:\.\.\.|…+)$")


def clean_title(title: str) -> tuple[str, bool]:
    """A crawler's title without its ellipsis, and whether it was cut.

    >>> clean_title("河北省教育厅关于公布某某大赛河北省选拔赛...")
    ('河北省教育厅关于公布某某大赛河北省选拔赛', True)
    """
    stripped = _TRUNCATED.sub("", title.strip())
    return stripped, stripped != title.strip()
