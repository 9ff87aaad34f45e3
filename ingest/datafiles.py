"""The pattern and vocabulary files ingest reads (``ingest/data/``, and the role words of ``policykg/rules/data/``), and their reader.

Rules that are data (role words, collectives, agency abbreviations, entity
patterns) live in JSONL files so that a user can read and extend them; this
module is the one place that knows where they are.

>>> any(row["label"] == "ROLE" for row in read_jsonl(ROLE_PATTERNS))
True
"""

from __future__ import annotations

import json
from pathlib import Path

from policykg.rules import roles

__all__ = ["DATA", "ENTITY_PATTERNS", "ROLE_PATTERNS", "read_jsonl"]

DATA = Path(__file__).parent / "data"
ENTITY_PATTERNS = DATA / "entity_patterns.jsonl"
# Role words belong to the role rule (policykg/rules/roles.py), beside it.
ROLE_PATTERNS = Path(str(roles.ROLE_PATTERNS))


def read_jsonl(path: str | Path) -> list[dict]:
    """The objects in a JSONL file, one per non-blank line."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
