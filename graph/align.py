"""Task alignment: which task of a parent plan each task of a child plan restates.

Each task is reduced to its heading and its body (without the number, the
heading and the responsibility clause, with the names of both documents'
regions taken out and 全省/全县, 省直/县直 … written alike, so a county that
restates a province reads like it). Both are vectorised with TF-IDF over
character 2- and 3-grams with the IDF of the two documents' tasks (each text
is analysed once per process, :func:`pair_tfidf`; only the IDF is per pair),
and a pair scores

    score = HEADING_WEIGHT * cos(headings) + (1 - HEADING_WEIGHT) * cos(bodies)

A child task is aligned to every parent task with ``score >= THRESHOLD`` that
also scores at least ``RELATIVE`` times its best match (one-to-many: a task
that merges two parent tasks matches both; a weak second match is dropped).

Calibration (``tests/test_graph_align.py`` and ``tests/test_graph_seeds.py``
pin the floors). The real 平江县 plans (seed 000) were aligned by hand to the
Hunan plans (seed 004): 45 child tasks, 40 true pairs (including hard ones: the
三即 task split into three local reforms, a task restating two). The synthetic
平江县 plans of the fixtures hold 38 pairs by construction. Sweeping the
threshold with char 2-3-grams and heading weight 0.2, on the real plans:

=========  =====  =====  =====  =====  =====  =====
threshold  0.06   0.08   0.10   0.12   0.15   0.20
precision  0.80   0.88   0.97   1.00   1.00   1.00
recall     0.93   0.93   0.90   0.85   0.80   0.70
=========  =====  =====  =====  =====  =====  =====

and precision = recall = 1.0 on the synthetic plans from 0.10 up. Clear
restatements score 0.3-1.0; heavy rewrites 0.05-0.15; the best wrong match of a
purely local task stays under 0.115. 0.10 is the knee (one wrong pair, four
hard pairs missed). Heading weight 0.35 instead of 0.2 costs 5 points of
recall at the same precision; 1-2-, 1-3-, 2-4-grams and ``char_wb`` did no
better. The score is low in absolute terms because the IDF is fitted on two
documents only; it is comparable within a pair, which is what is thresholded.
Deciding whether a whole document implements another uses a stronger per-task
score (:data:`policykg.graph.infer.STRONG_SCORE`).

Examples
--------
>>> from policykg.graph.align import score_matrix
>>> s = score_matrix([("推进跨域通办", "对200件事推行跨县办理、全省通办")],
...                  [("推进跨域通办", "对200件事推行跨县办理、全县通办"), ("加强政务新媒体管理", "统筹推动政务新媒体与政府网站协同发展")])
>>> bool(s[0, 0] > THRESHOLD > s[0, 1])
True
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple, Optional, Sequence

import numpy as np
from scipy import sparse

from policykg.rules.regions import region_from_code

from .regions import region_info
from .schema import Relation, document_tasks, edge_attrs

__all__ = [
    "THRESHOLD",
    "HEADING_WEIGHT",
    "RELATIVE",
    "Alignment",
    "task_texts",
    "score_matrix",
    "pair_tfidf",
    "align_tasks",
    "add_alignments",
    "remove_alignments",
]

#: Minimum score for a child task to be aligned to a parent task.
THRESHOLD = 0.1
#: Weight of the heading similarity in the score (the body has the rest).
HEADING_WEIGHT = 0.2
#: A second (third …) parent task must score at least this share of the best one.
RELATIVE = 0.75

_PUNCT = re.compile(r"[\s，,。.;；:：、“”\"'‘’《》()（）【】\[\]!！?？]+")
_LEVEL_WORDS = re.compile(r"[全我本各][省市县区州]|[省市县区]直|[省市县区]政府|[省县]级")


class Alignment(NamedTuple):
    """A child task restating a parent task, with the scores that say so."""

    child: str
    parent: str
    score: float
    heading: float
    body: float


def _strip_names(text: str, names: Sequence[str]) -> str:
    for name in names:
        text = text.replace(name, "")
    text = _LEVEL_WORDS.sub("本级", text)
    return _PUNCT.sub(" ", text).strip()


def task_texts(G, task: str, names: Sequence[str] = ()) -> tuple[str, str]:
    """The (heading, body) of a task node, reduced for comparison.

    ``names`` are region names (湖南省, 湖南, 平江县 …) to take out.
    """
    data = G.nodes[task]
    heading = data.get("heading") or ""
    body = _without_clause(data.get("text") or "", data.get("clause"))
    printed = data.get("number_printed") or ""
    # The number, the clause and the heading are what ingest recorded on the
    # task; they are cut off as recorded, never parsed again.
    if printed and body.lstrip().startswith(printed):
        body = body.lstrip()[len(printed) :].lstrip("、.． \t")
    if heading and body.startswith(heading):
        body = body[len(heading) :]
    return _strip_names(heading, names), _strip_names(body, names) or _strip_names(heading, names)


# (what task_texts reads, names) → task_texts: a plan's tasks are reduced once for all
# the pairs it takes part in, not once per pair. Keyed on the texts, so a task
# that changes is reduced again. Bounded to about a chunk's neighbourhood of tasks
# (each entry holds a task's texts: 2**18 of them held a national ingest's writer at 0.8 GB).
_REDUCED: dict[tuple, tuple[str, str]] = {}
_REDUCED_MAX = 1 << 14


def _reduced_texts(G, task: str, names: tuple[str, ...]) -> tuple[str, str]:
    data = G.nodes[task]
    heading, text = data.get("heading") or "", data.get("text") or ""
    # only the names the task prints change it: keyed on those, a plan's task is reduced once
    # for every child it is weighed against, not once per child's region
    names = tuple(n for n in names if n in heading or n in text)
    key = (heading, text, data.get("clause"), data.get("number_printed"), names)
    hit = _REDUCED.get(key)
    if hit is None:
        if len(_REDUCED) >= _REDUCED_MAX:
            _REDUCED.clear()
        hit = _REDUCED[key] = task_texts(G, task, names)
    return hit


def _without_clause(text: str, clause: Optional[str]) -> str:
    """``text`` cut before the responsibility clause that ingest recorded (and its bracket).

    >>> _without_clause("(一)加强领导。(县财政局牵头)", "县财政局牵头")
    '(一)加强领导。'
    """
    if not clause:
        return text
    at = text.rfind(clause)
    if at < 0:
        return text
    if at and text[at - 1] in "(（":
        at -= 1
    return text[:at]


def score_matrix(child: Sequence[tuple[str, str]], parent: Sequence[tuple[str, str]], *, heading_weight: float = HEADING_WEIGHT) -> np.ndarray:
    """Scores of every (child task, parent task) pair from their (heading, body) texts.

    Parameters
    ----------
    child, parent : sequence of (heading, body)
    heading_weight : float

    Returns
    -------
    numpy.ndarray
        Shape ``(len(child), len(parent))``, values in 0..1.
    """
    return _score_parts(child, parent, heading_weight=heading_weight)[0]


def _score_parts(child, parent, *, heading_weight: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not child or not parent:
        zeros = np.zeros((len(child), len(parent)))
        return zeros, zeros, zeros
    texts = [h for h, _ in child] + [b for _, b in child] + [h for h, _ in parent] + [b for _, b in parent]
    n, m = len(child), len(parent)
    ch, cb, ph, pb = _tfidf_blocks(texts, (n, n, m, m))
    headings = (ch @ ph.T).toarray()
    bodies = (cb @ pb.T).toarray()
    return heading_weight * headings + (1 - heading_weight) * bodies, headings, bodies


_RUNS_OF_SPACE = re.compile(r"\s\s+")


def char_ngrams(text: str) -> list[str]:
    """The character 2- and 3-grams of ``text``, as ``TfidfVectorizer(analyzer="char", ngram_range=(2, 3))`` analyses it.

    (Lower-cased, runs of white space made one space.) Written out because
    importing scikit-learn costs a command about a second and a half, and
    adding one notice must take under two; ``tests/test_graph_align.py``
    checks it against scikit-learn's analyser.

    >>> char_ngrams("政务 公开")
    ['政务', '务 ', ' 公', '公开', '政务 ', '务 公', ' 公开']
    """
    text = _RUNS_OF_SPACE.sub(" ", text.lower())
    return [text[i : i + n] for n in (2, 3) for i in range(len(text) - n + 1)]


# each text is analysed once (the expensive part of fitting a vectoriser per pair)
_ANALYZER = char_ngrams
_EMPTY = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))


@lru_cache(maxsize=1 << 14)  # each entry is two arrays of a text's n-grams: bounded like _REDUCED
def _term_counts(text: str) -> tuple[np.ndarray, np.ndarray]:
    # n-grams as 64-bit string hashes (stable within a process, which is all
    # the per-pair IDF needs; a collision among a pair's few thousand n-grams
    # has odds of about 1e-13)
    grams = _ANALYZER(text)
    if not grams:
        return _EMPTY
    ids, counts = np.unique(np.fromiter(map(hash, grams), dtype=np.int64, count=len(grams)), return_counts=True)
    return ids, counts.astype(np.float64)


def pair_tfidf(texts: Sequence[str]) -> sparse.csr_matrix:
    """TF-IDF rows of ``texts`` with the IDF of ``texts`` alone, each text analysed once per process.

    Equal to ``TfidfVectorizer(analyzer="char", ngram_range=(2, 3),
    sublinear_tf=True).fit_transform(texts)`` up to the order of the columns
    (so every dot product between rows is the same), without fitting a
    vectoriser: the character n-grams of each text are counted once and
    cached, and only the IDF (smoothed, over these texts) is computed per
    call. A plan's tasks take part in as many pairs as it has candidate
    children, so this keeps linking linear in the pairs, not in their texts.

    Examples
    --------
    >>> texts = ["推进跨域通办", "推进政务公开", "加强管理"]
    >>> ours = pair_tfidf(texts)
    >>> from sklearn.feature_extraction.text import TfidfVectorizer
    >>> fitted = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True).fit_transform(texts)
    >>> bool(np.allclose((ours @ ours.T).toarray(), (fitted @ fitted.T).toarray()))
    True
    """
    return _tfidf_blocks(texts, (len(texts),))[0]


def _tfidf_blocks(texts: Sequence[str], sizes: Sequence[int]) -> list[sparse.csr_matrix]:
    """:func:`pair_tfidf` of ``texts``, cut into consecutive blocks of ``sizes`` rows."""
    rows = [_term_counts(t) for t in texts]
    lengths = np.array([len(ids) for ids, _ in rows], dtype=np.int64)
    if not lengths.sum():
        return [sparse.csr_matrix((size, 0)) for size in sizes]
    ids = np.concatenate([ids for ids, _ in rows])
    counts = np.concatenate([c for _, c in rows])
    terms, columns = np.unique(ids, return_inverse=True)
    df = np.bincount(columns, minlength=len(terms))  # each id occurs once per row
    idf = np.log((1 + len(rows)) / (1 + df)) + 1
    data = (1 + np.log(counts)) * idf[columns]
    # rows scaled to unit length, as normalize(norm="l2") would
    row_of = np.repeat(np.arange(len(rows)), lengths)
    norms = np.sqrt(np.bincount(row_of, weights=data * data, minlength=len(rows)))
    data /= norms[row_of]
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    blocks, start = [], 0
    for size in sizes:
        lo, hi = indptr[start], indptr[start + size]
        blocks.append(sparse.csr_matrix((data[lo:hi], columns[lo:hi], indptr[start : start + size + 1] - lo), shape=(size, len(terms))))
        start += size
    return blocks


def _region_words(G, doc: str) -> list[str]:
    region = G.nodes[doc].get("region")
    code = G.nodes[region]["code"] if region and region in G else None
    return list(_region_names(code))


@lru_cache(maxsize=1 << 14)
def _region_names(code: Optional[str]) -> tuple[str, ...]:
    words: list[str] = []
    info = region_info(code)
    while info is not None and info.level != "national":
        words.append(info.name)
        short = region_from_code(info.code).short_name
        if len(short) >= 2:
            words.append(short)
        info = region_info(info.parent)
    return tuple(sorted(set(words), key=len, reverse=True))


def align_tasks(
    G,
    child: str,
    parent: str,
    *,
    threshold: float = THRESHOLD,
    relative: float = RELATIVE,
    heading_weight: float = HEADING_WEIGHT,
) -> list[Alignment]:
    """Align the tasks of document ``child`` to those of document ``parent``.

    Parameters
    ----------
    G : MultiDiGraph
    child, parent : str
        Document node ids.
    threshold, relative, heading_weight : float
        See the module docstring.

    Returns
    -------
    list of Alignment
        In child reading order; a child task may appear more than once.
    """
    c_tasks, p_tasks = document_tasks(G, child), document_tasks(G, parent)
    if not c_tasks or not p_tasks:
        return []
    names = sorted(set(_region_words(G, child)) | set(_region_words(G, parent)), key=len, reverse=True)
    names = tuple(names)
    texts = tuple(_reduced_texts(G, t, names) for t in c_tasks), tuple(_reduced_texts(G, t, names) for t in p_tasks)
    return [Alignment(c_tasks[i], p_tasks[j], *scored) for i, j, *scored in _aligned_positions(*texts, threshold, relative, heading_weight)]


@lru_cache(maxsize=1 << 14)  # a few small tuples each: the pairs of one chunk's neighbourhood, and more
def _aligned_positions(child: tuple, parent: tuple, threshold: float, relative: float, heading_weight: float) -> tuple:
    """The aligned (child position, parent position, score, heading score, body score) of two lists of (heading, body).

    A function of the texts alone, so it is kept by them: a child is weighed
    against a parent again whenever a rival of that parent arrives, and
    many plans restate the same tasks once their place names are taken out.
    """
    scores, headings, bodies = _score_parts(child, parent, heading_weight=heading_weight)
    out = []
    for i in range(len(child)):
        best = scores[i].max()
        if best < threshold:
            continue
        for j in np.argsort(-scores[i]):
            s = scores[i, j]
            if s < threshold or s < relative * best:
                break
            out.append((i, int(j), round(float(s), 4), round(float(headings[i, j]), 4), round(float(bodies[i, j]), 4)))
    return tuple(out)


def add_alignments(G, alignments: Sequence[Alignment], *, basis: Optional[str] = None) -> None:
    """Add task → task ``implements`` edges for alignments (inferred, with their scores).

    ``basis`` names the document link the alignment rests on (``explicit`` or ``inferred``).
    """
    for a in alignments:
        G.add_edge(
            a.child,
            a.parent,
            key=Relation.IMPLEMENTS.value,
            **edge_attrs(
                Relation.IMPLEMENTS,
                rule="align_tfidf",
                inferred=True,
                confidence=a.score,
                evidence={"score": a.score, "heading": a.heading, "body": a.body, "basis": basis},
            ),
        )


def remove_alignments(G, child: str, parent: str) -> int:
    """Remove the task alignments between documents ``child`` and ``parent``; returns how many."""
    parents = set(document_tasks(G, parent))
    key = Relation.IMPLEMENTS.value
    removed = 0
    for t in document_tasks(G, child):
        # the neighbours of a task are few; its parallel edges (lead, responsible …) need not be walked
        for p in [p for p, edges in G.succ[t].items() if key in edges and p in parents]:
            G.remove_edge(t, p, key)
            removed += 1
    return removed
