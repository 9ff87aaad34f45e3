"""Would a trained line classifier zone real documents better than the rules?

    python benchmarks/zone_classifier.py

Issue 9 asks for the zoning of a document's lines (chrome, metadata,
title, doc number, addressees, body, section, task, signature, date,
attachment, footer) to start from features and rules, and to use a trained
line classifier where it beats the rules on held-out lines. This script
makes that comparison on the hand-labelled lines of the development corpus
(``tests/data/zones/``):

- *held-out*: the classifier is fitted on ``labelled_lines.tsv`` and scored,
  like the rules, on ``heldout_lines.tsv`` (lines of files it never saw);
- *by file*: every labelled line, grouped by file, scored file by file with
  the classifier fitted on the other files (GroupKFold), again beside the
  rules on the same lines.

The classifier is scikit-learn's logistic regression over the character
1-3-grams of the line's opening (the place numbering, labels and
salutations stand) and its position and length in the document: the
features a line classifier in the GROBID style would start from. The rules
stay the reader's zoning while they win; the figures are kept in
``docs/zones.md``.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.corpus_scoring

from policykg.ingest.zones import ZONES  # noqa: E402
from tests import corpus_scoring as cs  # noqa: E402

#: How much of a line's opening the character n-grams look at.
OPENING = 40


class LineClassifier:
    """Logistic regression over a line's opening n-grams, its position and its length."""

    def __init__(self, *, with_rules: bool = False) -> None:
        self.grams = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
        self.model = LogisticRegression(max_iter=2000, class_weight="balanced", C=4.0)
        # with_rules: the rules' zone is one more feature, so the model learns only where to overrule them
        self.with_rules = with_rules

    def _shape(self, lines: list[cs.ZoneLine]) -> sparse.csr_matrix:
        rows = [[line.index / max(1, line.lines), math.log1p(len(line.text)) / 8, float(line.index < 3)] for line in lines]
        if self.with_rules:
            zones = sorted(ZONES)
            rows = [row + [3.0 * (line.rules == z) for z in zones] for row, line in zip(rows, lines)]
        return sparse.csr_matrix(np.array(rows))

    @staticmethod
    def _openings(lines: list[cs.ZoneLine]) -> list[str]:
        # a start mark, so the n-grams of the opening differ from the same characters mid-line
        return ["\x02" + line.text[:OPENING] for line in lines]

    def fit(self, lines: list[cs.ZoneLine]) -> "LineClassifier":
        X = sparse.hstack([self.grams.fit_transform(self._openings(lines)), self._shape(lines)]).tocsr()
        self.model.fit(X, [line.zone for line in lines])
        return self

    def predict(self, lines: list[cs.ZoneLine]) -> list[str]:
        X = sparse.hstack([self.grams.transform(self._openings(lines)), self._shape(lines)]).tocsr()
        return list(self.model.predict(X))


def _right(pairs) -> int:
    return sum(got == want for got, want in pairs)


def held_out(train: list[cs.ZoneLine], test: list[cs.ZoneLine]) -> tuple[int, int, int, int]:
    """(rules right, classifier right, classifier-over-rules right, lines) on the held-out lines."""
    alone = LineClassifier().fit(train).predict(test)
    stacked = LineClassifier(with_rules=True).fit(train).predict(test)
    truth = [t.zone for t in test]
    return _right((t.rules, t.zone) for t in test), _right(zip(alone, truth)), _right(zip(stacked, truth)), len(test)


def by_file(lines: list[cs.ZoneLine], folds: int) -> tuple[int, int, int, int]:
    """As :func:`held_out`, each group of files scored by classifiers fitted on the other files."""
    groups = [line.file for line in lines]
    folds = min(folds, len(set(groups)))
    alone = stacked = 0
    for train_at, test_at in GroupKFold(n_splits=folds).split(lines, groups=groups):
        train = [lines[i] for i in train_at]
        test = [lines[i] for i in test_at]
        truth = [t.zone for t in test]
        alone += _right(zip(LineClassifier().fit(train).predict(test), truth))
        stacked += _right(zip(LineClassifier(with_rules=True).fit(train).predict(test), truth))
    return _right((t.rules, t.zone) for t in lines), alone, stacked, len(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5, help="files are split into this many groups for the by-file comparison")
    args = parser.parse_args()
    labelled = cs.zone_lines(truth_file=cs.ZONE_TRUTH)
    heldout = cs.zone_lines(truth_file=cs.ZONE_HELDOUT)
    print(f"{'comparison':<36}{'rules':>14}{'classifier':>14}{'rules+clf':>14}  lines")
    for name, (rules, alone, stacked, n) in (
        ("held-out files (fit on labelled)", held_out(labelled, heldout)),
        (f"by file ({args.folds}-fold, all lines)", by_file(labelled + heldout, args.folds)),
    ):
        print(f"{name:<36}" + "".join(f"{r:>6} {r / n:>6.1%}" for r in (rules, alone, stacked)) + f"  {n}")
    print("the reader keeps the rules unless a classifier beats them on both rows")


if __name__ == "__main__":
    main()
