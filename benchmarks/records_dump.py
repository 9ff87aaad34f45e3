"""Dump the records that parsing gives for a set of files, or compare two dumps field by field.

A speed-up of the parser must leave every record exactly as it was. Dump
with one checkout's code, dump again with the other's, compare::

    python3 benchmarks/records_dump.py dump OUT.jsonl.gz PATH...    # files or folders
    python benchmarks/records_dump.py compare A.jsonl.gz B.jsonl.gz

``digest`` pins the records of the test inputs (:data:`DIGEST_INPUTS`,
relative to the repository root) as one SHA-256 per file, the file that
``tests/test_records_unchanged.py`` holds the parser to; write it again
(from the repository root) only when records change on purpose, with a new
``READER_VERSION``::

    python benchmarks/records_dump.py digest tests/data/records_digest.json

Each line is one file: its path as found under the paths given, the
error code when it failed, and else its source, its document records (spans
included) and its cleaned text with the map to the source, as JSON.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Iterator

from policykg.ingest.parallel import parse_files
from policykg.ingest.pipeline import READER_VERSION
from policykg.ingest.records import to_json

SUFFIXES = {".txt", ".html", ".htm", ".docx", ".csv", ".jsonl"}
#: The inputs whose records the digest pins: the seeds, the test corpus and a small generated cascade.
DIGEST_INPUTS = ("examples/notices", "tests/data/corpus", "tests/data/cascade")


def notice_files(paths: list[Path]) -> list[tuple[str, Path]]:
    """(name, path) of every notice file under ``paths``, sorted; the name is the path as given."""
    out = []
    for root in paths:
        if root.is_file():
            out.append((str(root), root))
            continue
        for f in sorted(root.rglob("*")):
            if f.is_file() and f.suffix.lower() in SUFFIXES:
                out.append((str(root / f.relative_to(root)), f))
    return out


def dump_lines(paths: list[Path], workers: int = 1) -> Iterator[dict]:
    """One JSON-ready dict per file under ``paths``: what parsing it gave, in full."""
    files = notice_files(paths)
    for (name, _), parsed in zip(files, parse_files([p for _, p in files], workers=workers)):
        line = {"file": name, "error": parsed.error.code if parsed.error else None}
        if parsed.ok:
            line["source"] = to_json(parsed.source)
            line["documents"] = to_json(parsed.documents)
            c = parsed.cleaned
            line["cleaned"] = {"text": c.text, "flags": to_json(c.flags), "removed": [list(r) for r in c.removed],
                               "segments": [list(s) for s in c.segments()]}
        yield line


def line_digest(line: dict) -> str:
    """SHA-256 of one dumped line's JSON, keys sorted: equal digests, equal records."""
    return hashlib.sha256(json.dumps(line, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def digests(root: Path, workers: int = 1) -> dict[str, str]:
    """{file: digest} of the :data:`DIGEST_INPUTS` under the repository ``root``.

    Paths are read relative to ``root`` (the records hold the path as given),
    so the digests do not depend on where the repository lies.
    """
    here = os.getcwd()
    os.chdir(root)
    try:
        return {line["file"]: line_digest(line) for line in dump_lines([Path(p) for p in DIGEST_INPUTS], workers)}
    finally:
        os.chdir(here)


def read_dump(path: Path) -> dict[str, dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return {d["file"]: d for d in map(json.loads, f)}


def differences(a, b, where: str = "") -> Iterator[str]:
    """Paths at which two JSON values differ (first few per value)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                yield f"{where}.{k}: only in {'second' if k not in a else 'first'}"
            else:
                yield from differences(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            yield f"{where}: {len(a)} vs {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            yield from differences(x, y, f"{where}[{i}]")
    elif a != b or type(a) is not type(b):
        yield f"{where}: {a!r:.80} vs {b!r:.80}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("paths", type=Path, nargs="+")
    d.add_argument("--workers", type=int, default=1)
    c = sub.add_parser("compare")
    c.add_argument("first", type=Path)
    c.add_argument("second", type=Path)
    g = sub.add_parser("digest")
    g.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    if args.command == "digest":
        pinned = {"reader_version": READER_VERSION, "files": digests(Path.cwd())}
        args.out.write_text(json.dumps(pinned, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{len(pinned['files'])} files pinned in {args.out}")
        return 0
    if args.command == "dump":
        n = 0
        with gzip.open(args.out, "wt", encoding="utf-8") as f:
            for line in dump_lines(args.paths, args.workers):
                f.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
                n += 1
        print(f"{n} files dumped to {args.out}")
        return 0
    first, second = read_dump(args.first), read_dump(args.second)
    bad = 0
    for name in sorted(set(first) | set(second)):
        if name not in first or name not in second:
            print(f"{name}: only in {'second' if name not in first else 'first'}")
            bad += 1
            continue
        diffs = list(differences(first[name], second[name]))
        if diffs:
            bad += 1
            print(f"{name}: {len(diffs)} differences")
            for line in diffs[:5]:
                print("   ", line)
    print(f"{len(first)} vs {len(second)} files; {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
