"""Character tables shared by the rules: digits, brackets, quotes, and the search key.

Examples
--------
>>> "２０２０".translate(FULLWIDTH_DIGITS)
'2020'
>>> search_key(" 湘政办发 〔2020〕9号 ABC ")
'湘政办发〔2020〕9号abc'
"""

from __future__ import annotations

from typing import Optional

__all__ = ["FULLWIDTH_DIGITS", "OPEN_BRACKETS", "CLOSE_BRACKETS", "QUOTES", "search_key"]

FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
"""Full-width digits to ASCII (``str.translate`` table)."""

OPEN_BRACKETS = "〔[【(（［﹝"
"""The brackets a document number's year may open with (GB/T 9704 writes 〔)."""

CLOSE_BRACKETS = "〕]】)）］﹞"
"""The matching closing brackets, in the same order."""

QUOTES = "“”‘’\"'「」『』《》〈〉<>"
"""Quotation and book-title marks, dropped when titles are compared."""


def search_key(text: Optional[str]) -> str:
    """The form in which search text and what it is looked for in are compared.

    No white space, lower case: a user's query and a document's number and
    title meet in this form wherever policykg searches (the explorer's
    pickers included).

    >>> search_key("Guo Ban Fa") == search_key("guobanfa")
    True
    >>> search_key(None)
    ''
    """
    return "".join((text or "").split()).lower()
