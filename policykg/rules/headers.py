"""Header labels: the metadata fields a government page shows above a notice.

索引号, 发布机构, 文号, 成文日期, 生效日期 … are data (``data/header_labels.json``),
one list per field. Websites pad labels with spaces (``索 引 号``), so every
label is matched with or without them.

Examples
--------
>>> bool(label_re("index_number").fullmatch("索 引 号"))
True
>>> labels("doc_number")
('文号', '发文字号', '发文编号', '字号')
>>> bool(ANY_LABEL.search("發文字號: 湘政辦發〔2020〕9號"))
True
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources

__all__ = ["FIELDS", "labels", "label_re", "block_labels", "ANY_LABEL", "NUMBER_LABEL_BEFORE", "ADDRESSEE_LINE"]

_DATA = json.loads(resources.files("policykg.rules").joinpath("data/header_labels.json").read_text(encoding="utf-8"))

FIELDS = tuple(_DATA["fields"])
"""The header fields, by the name records use (``index_number``, ``publisher`` …)."""


def labels(field: str) -> tuple[str, ...]:
    """The labels of one field.

    >>> labels("publisher")
    ('发布机构', '发文机关')
    """
    return tuple(_DATA["fields"][field])


def block_labels() -> dict[str, str]:
    """Every label a metadata block may use (``标题: … 文号: …``), mapped to its field.

    The header fields' labels plus those only a block names (``block_only``:
    标题, 有效性, 栏目 …).

    >>> block_labels()["标题"], block_labels()["发文字号"]
    ('title', 'doc_number')
    """
    out = {w: f for f in FIELDS for w in labels(f)}
    for field, words in _DATA.get("block_only", {}).items():
        if not field.startswith("_"):
            out.update({w: field for w in words})
    return out


def _spaced(label: str) -> str:
    return r"\s*".join(map(re.escape, label))


@functools.lru_cache(maxsize=None)
def label_re(*fields: str) -> re.Pattern:
    """A pattern matching any label of ``fields`` (longest first, spaces allowed between characters).

    >>> label_re("doc_number").search("发文字号:").group()
    '发文字号'
    """
    words = sorted({w for f in fields for w in labels(f)}, key=len, reverse=True)
    return re.compile("|".join(_spaced(w) for w in words))


ANY_LABEL = re.compile(
    "|".join(_spaced(w) for w in sorted({w for f in FIELDS for w in labels(f)} | set(_DATA["traditional"]), key=len, reverse=True))
)
"""Any label of any field, in simplified or traditional characters."""


NUMBER_LABEL_BEFORE = re.compile(rf"(?:{label_re('doc_number').pattern})\s*[:：]?\s*$")
"""A doc-number label (文号:, 发文字号 …) just before the end of a string: the number after it is the notice's own.

>>> bool(NUMBER_LABEL_BEFORE.search("文 号: ")), bool(NUMBER_LABEL_BEFORE.search("根据"))
(True, False)
"""


# The names begin with a non-blank, so that the indent (any blank, 　 too)
# and the names never share a character: otherwise each position of a long
# run of blanks is tried again with up to 200 characters of names.
ADDRESSEE_LINE = re.compile(r"^[^\S\n]*(?P<names>[^\s:。][^\n:。]{1,199}):[^\S\n]*$", re.M)
"""The addressee line (主送机关) that ends the head of a notice: the names, then a colon, alone on a line.

>>> ADDRESSEE_LINE.search("通知\n  各乡镇人民政府,县直各单位:\n现将").group("names")
'各乡镇人民政府,县直各单位'
>>> ADDRESSEE_LINE.search("现将有关事项通知如下。") is None
True
"""
