"""Agreement with the team's hand reading of the Hunan notice (tests/data/examples, copied from shared/examples).

Thresholds follow the ingest issue: every task found with the right position
and heading, and roles, deadlines and citations right for at least 95% of tasks.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "data" / "examples" / "seed-004-reading.json"
SEED = "004_62fbd0d8b12ea668.txt"


@pytest.fixture(scope="module")
def pairs(sample_records):
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    ours = sample_records[SEED]
    assert len(ours) == len(golden)
    return list(zip(golden, ours))


def _names(parties, attr):
    return sorted(p[attr] if isinstance(p, dict) else getattr(p, attr) for p in parties)


def test_documents(pairs):
    ids = {}
    for gold, doc in pairs:
        ids[gold["id"]] = doc.id
        for field in ("kind", "title", "doc_number", "issuer", "level", "region", "signed_date"):
            assert getattr(doc, field) == gold[field], field
        assert doc.parent == (ids[gold["parent"]] if gold["parent"] else None)


def test_every_task_position_number_and_heading(pairs):
    for gold, doc in pairs:
        assert len(doc.tasks) == len(gold.get("tasks", []))
        for g, t in zip(gold.get("tasks", []), doc.tasks):
            assert (t.position, t.number, t.heading, t.section) == (g["position"], g["number"], g["heading"], g["section"])


@pytest.mark.parametrize("role", ["lead", "responsible", "shared", "assisting"])
@pytest.mark.parametrize("attr", ["mention", "canonical", "kind"])
def test_roles_agree_on_95_percent_of_tasks(pairs, role, attr):
    tasks = [(g, t) for gold, doc in pairs for g, t in zip(gold.get("tasks", []), doc.tasks)]
    right = sum(_names(g[role], attr) == _names(getattr(t, role), attr) for g, t in tasks)
    assert right / len(tasks) >= 0.95, f"{role}.{attr}: {right}/{len(tasks)}"


def test_deadlines_agree_on_95_percent_of_tasks(pairs):
    tasks = [(g, t) for gold, doc in pairs for g, t in zip(gold.get("tasks", []), doc.tasks)]
    right = sum(sorted(d["text"] for d in g["deadlines"]) == sorted(d.text for d in t.deadlines) for g, t in tasks)
    assert right / len(tasks) >= 0.95, f"{right}/{len(tasks)}"


def test_citations(pairs):
    for gold, doc in pairs:
        ours = {(c.title, c.doc_number) for c in doc.cites}
        theirs = {(c["title"], c["doc_number"]) for c in gold["cites"]}
        assert ours == theirs, doc.title
        implemented = {c.doc_number or c.title for c in doc.cites if c.implements}
        assert implemented == {i["target"] for i in gold["implements"]}, doc.title
