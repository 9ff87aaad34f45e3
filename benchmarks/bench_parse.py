"""Parsing alone on one core: notices/s over a folder of distinct notices.

Unlike ``bench_ingest.py`` (the sample corpus replicated, so every sentence
recurs hundreds of times and the parser's remembered answers flatter it), this
reads a folder as it is, e.g. a generated cascade::

    python benchmarks/generate.py /tmp/c1k --notices 1000
    python benchmarks/bench_parse.py /tmp/c1k

It prints the floor (read the bytes and convert them with OpenCC t2s), then
``parse_files(files, workers=1)``: wall and CPU seconds, notices/s, MB/s, the
ratio to the floor and the peak RSS. One core: what a worker of the pool
parses (``ingest/parallel.py``).
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import opencc

from policykg.ingest.parallel import parse_files

SUFFIXES = {".txt", ".html", ".htm", ".docx", ".csv", ".jsonl"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="notices to parse (read recursively)")
    parser.add_argument("-n", type=int, default=0, help="only the first N files (default all)")
    args = parser.parse_args()
    files = sorted(f for f in args.folder.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
    if args.n:
        files = files[: args.n]
    if not files:
        raise SystemExit(f"no notices under {args.folder}")
    megabytes = sum(f.stat().st_size for f in files) / 1e6

    converter = opencc.OpenCC("t2s")
    t0 = time.perf_counter()
    for f in files:
        converter.convert(f.read_bytes().decode("utf-8", errors="replace"))
    floor = time.perf_counter() - t0

    list(parse_files(files[:1], workers=1))  # the pipeline and its tables load once, as in a worker
    t0, c0 = time.perf_counter(), time.process_time()
    failed = sum(not p.ok for p in parse_files(files, workers=1))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0

    n = len(files)
    print(f"corpus: {n} files, {megabytes:.1f} MB, {failed} failed")
    print(f"{'stage':<26}{'wall s':>8}{'cpu s':>8}{'notices/s':>11}{'MB/s':>8}{'x floor':>9}")
    print(f"{'floor: read + OpenCC t2s':<26}{floor:>8.2f}{'':>8}{n / floor:>11.1f}{megabytes / floor:>8.2f}{1.0:>9.1f}")
    print(f"{'parse, one core':<26}{wall:>8.2f}{cpu:>8.2f}{n / wall:>11.1f}{megabytes / wall:>8.2f}{wall / floor:>9.1f}")
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
