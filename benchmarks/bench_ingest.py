"""Ingest throughput on the sample corpus replicated to N notices.

Prints notices/s, records/s, MB/s and peak memory for a full ingest into a
fresh record store, for parsing alone, and for the floor: a bare read of the
same bytes plus OpenCC's traditional→simplified conversion.

    python benchmarks/bench_ingest.py            # 1,000 notices
    python benchmarks/bench_ingest.py -n 5000

Each copy gets a distinct trailing line, so no copy is skipped as unchanged.
The copies share every sentence, and the parser remembers its answers per
process, so the parse figure here is an upper bound; ``bench_parse.py``
times parsing on a folder of distinct notices (a generated cascade).
Runs on one core (the ingest is single-threaded).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

import opencc

from policykg.ingest.batch import ingest_paths
from policykg.ingest.pipeline import parse_text
from policykg.ingest.read import read_source
from policykg.ingest.store import RecordStore

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "notices"


def replicate(folder: Path, n: int) -> list[Path]:
    seeds = sorted(CORPUS.glob("*.txt"))
    files = []
    for i in range(n):
        seed = seeds[i % len(seeds)]
        target = folder / f"{i:05d}_{seed.name}"
        target.write_bytes(seed.read_bytes() + f"\n{i}\n".encode())
        files.append(target)
    return files


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="number of notices (default 1000)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="policykg-bench-"))
    try:
        (work / "in").mkdir()
        files = replicate(work / "in", args.n)
        megabytes = sum(f.stat().st_size for f in files) / 1e6

        converter = opencc.OpenCC("t2s")
        t0 = time.perf_counter()
        for f in files:
            converter.convert(f.read_bytes().decode("utf-8"))
        floor = time.perf_counter() - t0

        t0 = time.perf_counter()
        records = 0
        for f in files:
            raw = read_source(f)
            records += len(parse_text(raw.text, raw.source))
        parse = time.perf_counter() - t0

        t0 = time.perf_counter()
        report = ingest_paths(files, RecordStore(work / "store"))
        full = time.perf_counter() - t0
        if report.failed:
            raise SystemExit(f"{len(report.failed)} files failed: {report.failed[0].error}")

        n = len(files)
        print(f"corpus: {n} notices, {records} document records, {megabytes:.1f} MB")
        print(f"{'stage':<28}{'seconds':>9}{'notices/s':>11}{'records/s':>11}{'MB/s':>8}{'x floor':>9}")
        for name, seconds in (
            ("floor: read + OpenCC t2s", floor),
            ("parse (read → records)", parse),
            ("ingest (parse + store)", full),
        ):
            print(
                f"{name:<28}{seconds:>9.2f}{n / seconds:>11.1f}{records / seconds:>11.1f}"
                f"{megabytes / seconds:>8.2f}{seconds / floor:>9.1f}"
            )
        print(f"peak memory (max RSS): {peak_rss_mb():.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
