"""Shared fixtures: the bundled sample corpus and the external hand readings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# every index a writer keeps across batches is checked against one built again (graph/held.py),
# in this process and in the CLI processes the tests start
os.environ.setdefault("POLICYKG_CHECK_INDEXES", "1")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "examples" / "notices"
# The team's hand readings, copied into the repository (tests/data/README.md).
EXAMPLES = ROOT / "tests" / "data" / "examples"


@pytest.fixture(scope="session")
def sample_files() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"))


@pytest.fixture(scope="session")
def sample_records(sample_files):
    """Every sample notice read once: {file name: [Document, ...]}."""
    from policykg.ingest.pipeline import read_notice

    return {f.name: read_notice(f) for f in sample_files}
