"""Score policykg on the development corpus of real documents (``tests/data/corpus``).

The truth is the hand-made MANIFEST (as ``truth.json``, made by
``tests/data/corpus/make_truth.py``) and ``links.json``. Every field is scored
per document, over the documents where the truth says the field can be read
(a title only where the text has it, a doc number only where it is printed, a
date only where one of the MANIFEST's dates is written in the text). Used by
``tests/test_corpus_gate.py`` (pinned floors) and ``benchmarks/eval_corpus.py``
(prints the figures).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Optional

from policykg.graph import build_graph
from policykg.graph.queries import trace
from policykg.errors import IngestError
from policykg.ingest.pipeline import read_notice

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
FIELDS = ("records", "title", "doc_number", "issuer", "level", "region", "date")

_CN_DIGIT = dict(zip("〇○零OＯ一二三四五六七八九", "00000123456789"))
_DATE_RE = re.compile(
    r"(?P<y>\d{4}|[〇○零OＯ一二三四五六七八九]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
    r"\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日|(?P<iso>\d{4}-\d{2}-\d{2})"
)


def _cn_small(s: str) -> int:
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    tens, _, ones = s.rpartition("十")
    if "十" in s:
        return (int(_CN_DIGIT[tens]) if tens else 1) * 10 + (int(_CN_DIGIT[ones]) if ones else 0)
    return int(_CN_DIGIT[s])


def dates_in_text(text: str) -> set[str]:
    """Every calendar date written in ``text``, as ISO strings (the truth side's own reading).

    >>> sorted(dates_in_text("二OO四年四月二十二日印发; 2016年2月17日; 2018-12-05"))
    ['2004-04-22', '2016-02-17', '2018-12-05']
    """
    out = set()
    for m in _DATE_RE.finditer(unicodedata.normalize("NFKC", text)):
        if m.group("iso"):
            out.add(m.group("iso"))
            continue
        y = m.group("y")
        year = y if y.isdigit() else "".join(_CN_DIGIT[c] for c in y)
        month, day = _cn_small(m.group("m")), _cn_small(m.group("d"))
        if 1 <= month <= 12 and 1 <= day <= 31:
            out.add(f"{year}-{month:02d}-{day:02d}")
    return out


def norm(s: Optional[str]) -> str:
    """Compare titles and names without width, spaces or quote style."""
    s = unicodedata.normalize("NFKC", s or "")
    return re.sub(r"[\s“”‘’\"'「」]", "", s).replace("〈", "<").replace("〉", ">")


def norm_number(s: Optional[str]) -> str:
    s = norm(s)
    return re.sub(r"[\[\]【】()〔〕﹝﹞（）]", "", s).replace("號", "号")


@dataclass
class Reading:
    """What policykg read from one corpus file: its records, or the error."""

    file: str
    documents: list = field(default_factory=list)
    error: Optional[IngestError] = None
    text: str = ""


def read_corpus(folder: Path = CORPUS) -> dict[str, Reading]:
    """Read every file of ``notices/`` once."""
    out = {}
    for path in sorted((folder / "notices").iterdir()):
        raw = path.read_bytes().decode("utf-8", errors="replace")
        try:
            out[path.name] = Reading(path.name, read_notice(path), text=raw)
        except IngestError as err:
            out[path.name] = Reading(path.name, [], err, text=raw)
    return out


def load_truth(folder: Path = CORPUS) -> list[dict]:
    return json.loads((folder / "truth.json").read_text(encoding="utf-8"))


def load_links(folder: Path = CORPUS) -> list[dict]:
    return json.loads((folder / "links.json").read_text(encoding="utf-8"))


def _region_ok(got: list[str], expected: list[str]) -> bool:
    if not expected:
        return not got
    if not got or got[0] != expected[0]:
        return False
    # lower places compared by their first two characters: 平潭综合实验区 is 平潭县's area
    return all(any(g[:2] == e[:2] for g in got[1:]) for e in expected[1:])


def score_fields(readings: dict[str, Reading], truth: list[dict]) -> dict[str, tuple[int, int]]:
    """Per field: (right, scored) over the corpus documents."""
    tally = {f: [0, 0] for f in FIELDS}
    for entry in truth:
        reading = readings[entry["file"]]
        text_n = norm(reading.text)
        tally["records"][1] += 1
        doc = reading.documents[0] if reading.documents else None
        tally["records"][0] += doc is not None
        checks = {
            "title": (norm(entry["title"]) in text_n, lambda d: norm(d.title) == norm(entry["title"])),
            "doc_number": (entry["doc_number"] is not None, lambda d: norm_number(d.doc_number) == norm_number(entry["doc_number"])),
            "issuer": (bool(entry["issuers"]), lambda d: norm(d.issuer) in _issuer_names(entry["issuers"])),
            "level": (True, lambda d: d.level == entry["level"]),
            "region": (True, lambda d: _region_ok(list(d.region), entry["region"])),
            "date": (
                bool(set(entry["dates"]) & dates_in_text(reading.text)),
                lambda d: bool({d.signed_date, d.published_date} & set(entry["dates"])),
            ),
        }
        for name, (scored, right) in checks.items():
            if scored:
                tally[name][1] += 1
                tally[name][0] += bool(doc is not None and right(doc))
    return {k: (v[0], v[1]) for k, v in tally.items()}


def _issuer_names(names: list[str]) -> set[str]:
    """The MANIFEST's issuers as written and in full (科技部 is 科学技术部): either is right."""
    from policykg.rules import agencies

    out = set()
    for name in names:
        out.add(norm(name))
        out.add(norm(agencies.canonical_party(name, agencies.Jurisdiction.for_issuer(name, None))[0]))
    return out


def score_links(readings: dict[str, Reading], links: list[dict]) -> tuple[int, int]:
    """Stated links between collected files found by ``trace`` of the parent: (found, stated)."""
    documents = [d for r in readings.values() for d in r.documents]
    G = build_graph(documents)
    nodes_of = {}
    for node, data in G.nodes(data=True):
        for rid in data.get("record_ids", ()):
            nodes_of[rid] = node
    found = stated = 0
    for link in links:
        if not link["parent"]:
            continue
        stated += 1
        parent, child = readings[link["parent"]], readings[link["child"]]
        if not parent.documents or not child.documents:
            continue
        reached = set(trace(G, nodes_of[parent.documents[0].id])["documents"])
        found += any(nodes_of.get(d.id) in reached for d in child.documents)
    return found, stated


def format_scores(fields: dict[str, tuple[int, int]], links: tuple[int, int], rows: Optional[tuple[int, int]] = None) -> str:
    lines = [f"{name:<11} {right:>4}/{n:<4} {right / n if n else 0:6.1%}" for name, (right, n) in fields.items()]
    lines.append(f"{'links':<11} {links[0]:>4}/{links[1]:<4} {links[0] / links[1] if links[1] else 0:6.1%}")
    if rows is not None:
        lines.append(f"{'csv rows':<11} {rows[0]:>4}/{rows[1]:<4} {rows[0] / rows[1] if rows[1] else 0:6.1%}")
    return "\n".join(lines)


def csv_rows_with_text(path: Path) -> dict[int, dict]:
    """The rows of one export whose 内容 holds at least 50 characters, by row number (the truth side's reading)."""
    import csv

    csv.field_size_limit(1 << 30)
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    return {n: r for n, r in enumerate(rows, 1) if len((r.get("内容") or "").strip()) >= 50}


def score_csv_rows(folder: Path = CORPUS, *, files: Optional[list[str]] = None, per_file: Optional[int] = None) -> tuple[int, int]:
    """Rows with text read as documents with the row's title and date: (right, rows).

    ``per_file`` scores only the first rows with text of each export (the
    gate's sample; the benchmark scores them all).
    """
    from policykg.ingest.pipeline import parse_text
    from policykg.ingest.tabular import read_export

    right = total = 0
    for path in sorted((folder / "crawler-csv").glob("*.csv")):
        if files is not None and path.name not in files:
            continue
        truth = dict(list(csv_rows_with_text(path).items())[:per_file])
        export = read_export(path)
        first = {}
        for row in export.rows:
            if row.source.row in truth:
                try:
                    first[row.source.row] = parse_text(row.text, row.source, evidence=row.evidence)[0]
                except IngestError:
                    pass
        for n, row in truth.items():
            total += 1
            doc = first.get(n)
            if doc is None:
                continue
            title = re.sub(r"(?:\.\.\.|…+)$", "", row["标题"].strip())
            title_ok = _same_title(doc.title, title)
            dates = dates_in_text(row.get("时间") or row.get("日期") or "")
            date_ok = not dates or bool({doc.signed_date, doc.published_date} & dates)
            right += bool(title_ok and date_ok)
    return right, total


def _same_title(got: str, expected: str) -> bool:
    """A record's title names the row's document: one contains the other, or they differ only a little."""
    from difflib import SequenceMatcher

    a, b = norm(got), norm(expected)
    if not a or not b:
        return False
    return b in a or (len(a) >= 8 and a in b) or SequenceMatcher(None, a, b).ratio() >= 0.75


ZONE_TRUTH = Path(__file__).resolve().parent / "data" / "zones" / "labelled_lines.tsv"
ZONE_HELDOUT = Path(__file__).resolve().parent / "data" / "zones" / "heldout_lines.tsv"


def load_zone_truth(path: Path = ZONE_TRUTH) -> list[tuple[str, str, str]]:
    """``(file, zone, line prefix)`` rows labelled by hand, in reading order per file."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            file, zone, prefix = line.split("\t")
            rows.append((file, zone, prefix))
    return rows


class ZoneLine(NamedTuple):
    """One hand-labelled line, found in the zoned text: its zone by hand and by the rules."""

    file: str
    zone: str
    text: str
    index: int
    lines: int
    rules: Optional[str]


def zone_lines(folder: Path = CORPUS, truth_file: Path = ZONE_TRUTH) -> list[ZoneLine]:
    """The hand-labelled lines, each matched to the line the zoning rules cut (None when no line matches)."""
    from policykg.ingest.clean import clean
    from policykg.ingest.read import read_source
    from policykg.ingest.zones import break_collapsed, label_lines

    out = []
    zoned: dict[str, list[tuple[str, str]]] = {}
    unread: dict[str, int] = {}
    for file, zone, prefix in load_zone_truth(truth_file):
        if file not in zoned:
            text = break_collapsed(clean(read_source(folder / "notices" / file).text)).text
            zoned[file] = [(text[s:e].strip(), z) for s, e, z in label_lines(text)]
            unread[file] = 0
        lines = zoned[file]
        # the first line, at or after the last match, that starts with the labelled prefix
        at = next((i for i in range(unread[file], len(lines)) if lines[i][0].startswith(prefix)), None)
        if at is None:
            out.append(ZoneLine(file, zone, prefix, unread[file], len(lines), None))
            continue
        out.append(ZoneLine(file, zone, lines[at][0], at, len(lines), lines[at][1]))
        unread[file] = at + 1
    return out


def score_zones(folder: Path = CORPUS, truth_file: Path = ZONE_TRUTH) -> dict[str, tuple[int, int]]:
    """Per zone: (lines the rules label right, lines labelled by hand), over the labelled test set."""
    tally: dict[str, list[int]] = {}
    for line in zone_lines(folder, truth_file):
        counts = tally.setdefault(line.zone, [0, 0])
        counts[1] += 1
        counts[0] += line.rules == line.zone
    return {z: (r, n) for z, (r, n) in sorted(tally.items())}
