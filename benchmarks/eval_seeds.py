"""Seed-level evaluation: roles, agency mentions by zone, task alignment.

Reads the five sample notices (``examples/notices/``) with the real pipeline,
builds the graph from the records, and scores them against hand readings kept
in ``tests/data/``:

- roles: every (task, role, canonical name) of the reading of seed 004
  (``tests/data/examples/seed-004-reading.json``) against the records;
- agency mentions outside clauses, by zone, against
  ``tests/data/seed_agencies/truth.json`` (recall, and precision over the
  documents the truth covers);
- task alignment 平江→湖南 (the pipeline's records, the graph's inferred
  task → task ``implements`` edges) against
  ``tests/data/seed_alignment/pingjiang-hunan.json``.

    python benchmarks/eval_seeds.py

prints one line. ``tests/test_seed_eval.py`` pins floors on the same numbers.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "examples" / "notices"
DATA = ROOT / "tests" / "data"
FIXED_ZONES = ("issuer", "signature", "header")


def read_samples() -> dict:
    """Every sample notice's records: {file name: [Document, ...]}."""
    from policykg.ingest.pipeline import read_notice

    return {f.name: read_notice(f) for f in sorted(SAMPLES.glob("*.txt"))}


def role_score(records: dict) -> tuple[int, int]:
    """(found, expected) role assignments of the seed 004 reading."""
    reading = json.loads((DATA / "examples" / "seed-004-reading.json").read_text(encoding="utf-8"))
    documents = {d.title: d for d in records["004_62fbd0d8b12ea668.txt"]}
    found = expected = 0
    for plan in reading:
        doc = documents.get(plan["title"])
        for task in plan.get("tasks", []):
            got = doc.tasks[task["position"] - 1] if doc and task["position"] <= len(doc.tasks) else None
            for role in ("lead", "responsible", "shared", "assisting"):
                want = Counter(p["canonical"] for p in task[role])
                have = Counter(p.canonical for p in getattr(got, role)) if got else Counter()
                expected += sum(want.values())
                found += sum((want & have).values())
    return found, expected


def mention_scores(records: dict) -> dict:
    """Per zone group (``fixed``: issuer, signature, header; ``text``): found, expected, predicted."""
    truth = json.loads((DATA / "seed_agencies" / "truth.json").read_text(encoding="utf-8"))
    out = {g: {"found": 0, "expected": 0, "predicted": 0} for g in ("fixed", "text")}
    for name, documents in truth.items():
        if name.startswith("_"):
            continue
        docs = records[name]
        by_key = {"notice": docs[0], **{d.title: d for d in docs[1:]}}
        for key, mentions in documents.items():
            doc = by_key[key]
            for group, zones in (("fixed", FIXED_ZONES), ("text", ("text",))):
                want = Counter((z, c) for z, _, c in mentions if z in zones)
                have = Counter((m.zone, m.canonical) for m in doc.agency_mentions if m.zone in zones)
                if group == "text" and not want:
                    continue  # running text read by hand only where the truth lists it
                out[group]["expected"] += sum(want.values())
                out[group]["predicted"] += sum(have.values())
                out[group]["found"] += sum((want & have).values())
    return out


def alignment_score(records: dict) -> tuple[float, float]:
    """Precision and recall of the 平江 → 湖南 task alignment."""
    from policykg.graph import build_graph

    truth = json.loads((DATA / "seed_alignment" / "pingjiang-hunan.json").read_text(encoding="utf-8"))
    documents = [d for docs in records.values() for d in docs]
    G = build_graph(documents)
    node_of = {rid: n for n, d in G.nodes(data=True) if d.get("type") == "Document" for rid in d.get("record_ids") or ()}
    titles = {d.title: d.id for d in documents}
    predicted, expected = set(), set()
    for pair in truth["plans"]:
        child, parent = node_of[titles[pair["child"]]], node_of[titles[pair["parent"]]]
        cp, pp = f"task:{child[4:]}#", f"task:{parent[4:]}#"
        predicted |= {
            (u, v) for u, v, k in G.edges(keys=True) if k == "implements" and u.startswith(cp) and v.startswith(pp)
        }
        expected |= {(f"{cp}{c}", f"{pp}{p}") for c, ps in pair["tasks"].items() for p in ps}
    tp = len(predicted & expected)
    return (tp / len(predicted) if predicted else 0.0), (tp / len(expected) if expected else 0.0)


def main() -> None:
    records = read_samples()
    found, expected = role_score(records)
    mentions = mention_scores(records)
    precision, recall = alignment_score(records)
    parts = [f"roles {found}/{expected} ({found / expected:.1%})"]
    for group, label in (("fixed", "issuer/signature/header"), ("text", "running text")):
        m = mentions[group]
        parts.append(
            f"agency mentions {label} {m['found']}/{m['expected']} ({m['found'] / m['expected']:.1%}, "
            f"precision {m['found'] / max(1, m['predicted']):.1%})"
        )
    parts.append(f"alignment 平江→湖南 precision {precision:.2f} recall {recall:.2f}")
    print("; ".join(parts))


if __name__ == "__main__":
    main()
