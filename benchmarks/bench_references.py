"""How long one reference takes to resolve (policykg.rules.references.find_document).

Builds N synthetic candidate rows shaped like a national corpus (a notice with
a doc number and two plans per county-year), then resolves references of each
kind: a doc number in another bracket form, a record id, a whole title, a
unique part of a title. Prints milliseconds per lookup beside the floor, one
linear scan of the same rows that only tests ``ref in title``.

    python benchmarks/bench_references.py            # 30,000 rows
    python benchmarks/bench_references.py -n 100000
"""

from __future__ import annotations

import argparse
import time

from policykg.rules.references import Candidate, find_document


# Place names spelled from 20 characters that are no stop words of the doc-number rule.
_LETTERS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"


def name(i: int) -> str:
    """A four-character place name for ``i`` < 160,000."""
    return "".join(_LETTERS[(i // 20**k) % 20] for k in range(4))


def rows(n: int) -> list[Candidate]:
    out = []
    for i in range(n // 3):
        county, year = name(i) + "县", 2015 + i % 8
        number = f"{name(i)}政办发〔{year}〕{i % 97 + 1}号"
        out.append(Candidate(f"doc:{number}", number, f"{county}人民政府办公室关于印发《{county}{year}年政务公开工作要点》的通知", aliases=(f"r{i}",)))
        out.append(Candidate(f"doc:r{i}-1", None, f"{county}{year}年政务公开工作要点", aliases=(f"r{i}-1",)))
        out.append(Candidate(f"doc:r{i}-2", None, f"{county}{year}年政务服务工作要点", aliases=(f"r{i}-2",)))
    return out


def timed(fn, repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=30_000, help="candidate rows")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    candidates = rows(args.n)
    i = len(candidates) // 6
    refs = {
        "doc number, other brackets": f"({name(i)}政办发[{2015 + i % 8}]{i % 97 + 1}号)",
        "record id": f"r{i}-1",
        "whole title": f"《{name(i)}县{2015 + i % 8}年政务公开工作要点》",
        "unique part of a title": f"{name(i)}县{2015 + i % 8}年政务服务",
    }
    probe = name(1)
    floor = timed(lambda: [c for c in candidates if probe in (c.title or "")], args.repeat)
    print(f"{len(candidates):,} candidate rows; floor (one scan, `in` on titles): {floor:.1f} ms")
    for kind, ref in refs.items():
        found = find_document(ref, candidates)
        ms = timed(lambda: find_document(ref, candidates), args.repeat)
        print(f"  {kind:<28} {ms:8.1f} ms/lookup  ({ms / floor:.1f}× floor)  → {found}")


if __name__ == "__main__":
    main()
