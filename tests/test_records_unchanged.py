"""The parser's speed-ups change no record: the records of the seeds, the test
corpus and a small generated cascade equal the pinned ones, field by field.

``tests/data/records_digest.json`` holds one SHA-256 per file of its full
reading (source, document records with every span, cleaned text and its map),
written by ``benchmarks/records_dump.py digest`` at the reader version it
names. Records change only on purpose, with a new ``READER_VERSION``; then
the digest is written again. A second reading in the same process, with every
remembered answer warm, must give the same records as the first.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from policykg.ingest.pipeline import READER_VERSION

ROOT = Path(__file__).resolve().parents[1]
PINNED = ROOT / "tests" / "data" / "records_digest.json"

_spec = importlib.util.spec_from_file_location("records_dump", ROOT / "benchmarks" / "records_dump.py")
records_dump = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(records_dump)


@pytest.fixture(scope="module")
def pinned() -> dict:
    return json.loads(PINNED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def first_reading() -> dict[str, str]:
    return records_dump.digests(ROOT)


def test_the_pinned_records_are_of_this_reader_version(pinned):
    assert pinned["reader_version"] == READER_VERSION, (
        "records changed on purpose: write the digest again with "
        "`python benchmarks/records_dump.py digest tests/data/records_digest.json`"
    )


def test_every_test_input_is_pinned(pinned, first_reading):
    # the inputs are found, not listed: a file added to them must be pinned too
    assert len(first_reading) > 140
    assert sorted(first_reading) == sorted(pinned["files"])


def test_records_equal_the_pinned_ones(pinned, first_reading):
    changed = sorted(f for f, digest in first_reading.items() if pinned["files"].get(f) != digest)
    assert not changed, (
        f"{len(changed)} files read differently, first {changed[:5]}; see how with "
        "`records_dump.py dump` on both checkouts and `records_dump.py compare`"
    )


def test_a_second_reading_with_warm_caches_equals_the_first(first_reading):
    assert records_dump.digests(ROOT) == first_reading
