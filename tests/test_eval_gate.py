"""Extraction gate over the sample notices (tests/evaldata.json).

Each notice's metadata, plans and task counts are checked against a hand
reading, and must / must-not snippets against the JSON of its records.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policykg.ingest.records import to_json

EVAL = json.loads((Path(__file__).parent / "evaldata.json").read_text(encoding="utf-8"))["notices"]
FIELDS = ("kind", "doc_number", "issuer", "level", "region_code", "signed_date", "published_date",
          "effective_date", "expiry_date", "index_number")


def _records_text(documents) -> str:
    payload = [to_json(d) for d in documents]
    for item in payload:
        item.pop("source")  # the file path is not document text
    return json.dumps(payload, ensure_ascii=False)


@pytest.mark.parametrize("name", sorted(EVAL))
def test_notice_metadata(sample_records, name):
    expected = EVAL[name]
    notice = sample_records[name][0]
    for field in FIELDS:
        if field in expected:
            assert getattr(notice, field) == expected[field], field
    assert len(notice.tasks) == expected["tasks"]


@pytest.mark.parametrize("name", sorted(EVAL))
def test_plans_are_separate_documents(sample_records, name):
    notice, *plans = sample_records[name]
    assert [(p.title, len(p.tasks)) for p in plans] == [tuple(x) for x in EVAL[name]["plans"]]
    for plan in plans:
        assert plan.kind == "plan"
        assert plan.parent == notice.id
        assert plan.issuer == notice.issuer and plan.region_code == notice.region_code
        assert [t.position for t in plan.tasks] == list(range(1, len(plan.tasks) + 1))


@pytest.mark.parametrize("name", sorted(EVAL))
def test_must_and_must_not_snippets(sample_records, name):
    text = _records_text(sample_records[name])
    for snippet in EVAL[name]["must"]:
        assert snippet in text, f"missing {snippet!r}"
    for snippet in EVAL[name]["must_not"]:
        assert snippet not in text, f"noise {snippet!r} leaked into the records"


@pytest.mark.parametrize("name", sorted(EVAL))
def test_expected_flags(sample_records, name):
    codes = {f.code for d in sample_records[name] for f in d.flags}
    for code in EVAL[name].get("flags", []):
        assert code in codes


def test_every_span_points_back_into_the_source(sample_records, sample_files):
    from policykg.ingest.clean import clean
    from policykg.ingest.read import read_source

    for f in sample_files:
        source = read_source(f).text
        cleaned = clean(source)
        for doc in sample_records[f.name]:
            for task in doc.tasks:
                for party in task.lead + task.responsible + task.shared + task.assisting:
                    s = party.span
                    # the source stretch, cleaned again, reads as the mention
                    again = clean(source[s.start:s.end]).text
                    assert party.mention in again or party.mention == s.text, (f.name, party)
                assert task.span.start < task.span.end <= len(source)
                assert cleaned.text.find(task.heading) >= 0
