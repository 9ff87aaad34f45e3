"""Gaps in what a document's text gives, flagged on its records.

A real document is never turned away for a missing piece; the piece is
flagged instead, so that a reader of the record knows what the text lacked:

========== ===============================================================
code       meaning
========== ===============================================================
no_title   the text has no title; a candidate stands in (see ``confidence``)
no_number  a notice or opinion without a 发文字号 in its text
cut_off    the text stops mid-sentence: an excerpt, or a page cut short
table_only the body is a table (rows of cells) without running text
========== ===============================================================

Examples
--------
>>> from policykg.ingest.clean import clean
>>> from policykg.ingest.records import Document
>>> doc = Document(id="x", kind="notice", title="关于某事的通知")
>>> flag_gaps([doc], clean("关于某事的通知\\n各单位要加强领导,抓好"))
>>> [f.code for f in doc.flags]
['no_number', 'cut_off']
"""

from __future__ import annotations

import re

from policykg.ingest.clean import CleanText
from policykg.ingest.records import Document, Flag, Span

__all__ = ["flag_gaps", "GAP_CODES"]

GAP_CODES = ("no_title", "no_number", "cut_off", "table_only")
# A text that ends with one of these ends a sentence (or a signature date,
# a closing bracket, a footer, a table row).
_CLOSED_END = re.compile(r"(?:[。!?;”’\")）】〕》|]|日|号|\d)\s*$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")


def flag_gaps(documents: list[Document], ct: CleanText) -> None:
    """Flag the gaps of ``documents`` (the notice first) read from ``ct``."""
    notice = documents[0]
    if notice.kind in ("notice", "opinion") and not notice.doc_number:
        notice.flags.append(Flag("no_number", "no document number (发文字号) in the text"))
    text = ct.text.rstrip()
    if text and not _CLOSED_END.search(text[-3:]):
        last = len(text) - 1
        documents[-1].flags.append(Flag("cut_off", "the text stops mid-sentence: an excerpt or a page cut short", ct_span(ct, last)))
    lines = [line for line in text.splitlines() if line.strip()]
    rows = sum(1 for line in lines if _TABLE_ROW.match(line))
    if lines and rows / len(lines) > 0.6:
        notice.flags.append(Flag("table_only", f"{rows} of {len(lines)} lines are table rows"))


def ct_span(ct: CleanText, i: int) -> Span:
    where = ct.span(i, i + 1)
    return Span(where.start, where.end, ct.text[i : i + 1])
