"""Per-field scores of policykg on the development corpus of real documents.

    python benchmarks/eval_corpus.py [--links] [--misses] [--errors]

Reads every file of ``tests/data/corpus/notices/`` (and the crawler's CSV
exports) once, scores the records against the hand-made MANIFEST
(``truth.json``) and the stated links (``links.json``), and prints one line
per field: right / scored and the share, then the per-zone accuracy of the
line zoning rules on the hand-labelled lines (``tests/data/zones/``).
``tests/test_corpus_gate.py`` and ``tests/test_zones.py`` pin floors under
these figures.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.corpus_scoring

from tests import corpus_scoring as cs  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the files that gave no record, with the reason")
    parser.add_argument("--links", action="store_true", help="list the stated links trace misses, grouped by why")
    parser.add_argument("--misses", action="store_true", help="list every wrong issuer, level and region, with what was read")
    args = parser.parse_args()
    t0 = time.perf_counter()
    readings = cs.read_corpus()
    elapsed = time.perf_counter() - t0
    fields = cs.score_fields(readings, cs.load_truth())
    links = cs.score_links(readings, cs.load_links())
    rows = cs.score_csv_rows()
    print(cs.format_scores(fields, links, rows))
    for name, truth in (("labelled lines", cs.ZONE_TRUTH), ("held-out lines", cs.ZONE_HELDOUT)):
        zones = cs.score_zones(truth_file=truth)
        right, total = sum(r for r, _ in zones.values()), sum(n for _, n in zones.values())
        per_zone = ", ".join(f"{z} {r}/{n}" for z, (r, n) in zones.items())
        print(f"zones, {name}: {right}/{total} {right / total:.1%} ({per_zone})")
    codes = Counter(r.error.code for r in readings.values() if r.error)
    print(f"errors: {dict(codes) or 'none'}; read {len(readings)} files in {elapsed:.1f}s")
    if args.links:
        missed = sorted(cs.missed_links(readings, cs.load_links()), key=lambda m: m["cause"])
        print(f"missed stated links: {len(missed)}")
        for m in missed:
            print(f"  [{m['cause']}] {m['child']} -> {m['parent']} ({m['how']}: {m['parent_ref']})")
            for c in m["citations"]:
                print(f"      cited {c['doc_number'] or ''} {c['title'] or ''} -> {c['rule']} {c['resolved']}")
    if args.misses:
        for file, name, got, expected in cs.field_misses(readings, cs.load_truth()):
            print(f"  {name:<7} {file}: read {got or '-'}, expected {expected or '-'}")
    if args.errors:
        for r in readings.values():
            if r.error:
                print(f"  {r.error}")


if __name__ == "__main__":
    main()
