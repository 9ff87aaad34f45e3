"""Turn the hand-made table of MANIFEST.md into ``truth.json``, once.

Run from anywhere: ``python3 tests/data/corpus/make_truth.py``. The output is
committed beside this script; the gate (``tests/test_corpus_gate.py``) and the
benchmark (``benchmarks/eval_corpus.py``) read only the JSON. Nothing here
knows policykg: the MANIFEST is read as a person would read it.

Each entry holds, for one file of ``notices/``:

- ``title``: the title as in the MANIFEST (notes in ASCII brackets dropped);
- ``doc_number``: the 文号 when the text prints it, year brackets as 〔〕,
  else null (the MANIFEST says "not shown");
- ``issuers``: the issuing bodies (a joint document lists each); empty when
  the MANIFEST says the issuer is not stated;
- ``level``: national / provincial / municipal / county / township;
- ``region``: the province then any lower places (empty for national);
- ``dates``: every full ISO date of the date column (signed, released, posted).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROVINCES = {"China": [], "Hebei": ["河北省"], "Fujian": ["福建省"]}
BRACKETS = str.maketrans({"﹝": "〔", "﹞": "〕", "[": "〔", "]": "〕", "【": "〔", "】": "〕", "(": "〔", ")": "〕", "（": "〔", "）": "〕"})
NUMBER = re.compile(r"^\S+?[〔﹝\[【(（]\d{4}[〕﹞\]】)）]\d+号")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split(" | ")]


def _note_free(cell: str) -> str:
    # notes are in ASCII brackets after a space; titles use full-width ones
    return cell.split(" (", 1)[0].strip()


def _doc_number(cell: str):
    if cell.startswith("not shown") or "not printed" in cell:
        return None
    m = NUMBER.match(cell)
    return m.group(0).translate(BRACKETS) if m else None


def _issuers(cell: str) -> list[str]:
    if cell.startswith("not stated"):
        return []
    names = _note_free(cell).split("、")
    return [re.sub(r"\s*等\d+部门$", "", n).strip() for n in names if n.strip()]


def _region(cell: str) -> list[str]:
    parts = [p.strip() for p in cell.split("/")]
    return PROVINCES[parts[0]] + parts[1:]


def parse_manifest(text: str) -> list[dict]:
    """Read the ``## Files`` table of the MANIFEST into one dict per file."""
    out = []
    for line in text.splitlines():
        if not re.match(r"^\| \d+ \| `", line):
            continue
        c = _cells(line)
        out.append(
            {
                "number": int(c[0]),
                "file": c[1].strip("`"),
                "title": _note_free(c[2]),
                "doc_number": _doc_number(c[3]),
                "issuers": _issuers(c[4]),
                "level": c[5].split()[0],
                "region": _region(c[6]),
                "dates": re.findall(r"\d{4}-\d{2}-\d{2}", c[7]),
                "complete": c[9],
            }
        )
    return out


def main() -> None:
    truth = parse_manifest((HERE / "MANIFEST.md").read_text(encoding="utf-8"))
    (HERE / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
