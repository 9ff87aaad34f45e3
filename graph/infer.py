"""Inferring implements-links that no document writes down.

A lower-level plan often restates a higher-level one without citing it (平江县's
2020 plans mirror Hunan's item by item). A document *child* is inferred to
implement a document *parent* when

1. the child's region lies strictly within the parent's (GB/T 2260),
2. their periods match: they share a year (from the title, else the doc
   number, else the dates; a plan takes its notice's), and
3. enough of the child's tasks align *strongly* (score at least
   ``STRONG_SCORE``) to the parent's (:func:`~policykg.graph.align.align_tasks`):
   at least ``MIN_ALIGNED`` tasks and a share of at least ``SHARE_THRESHOLD``
   of the child's tasks.

Candidate parents come from an index by (region, year), read from the
graph's region nodes, so a document is compared with the few documents above
it in the same period, never with the whole corpus. Only the nearest level
that matches is a parent: a county plan restating its prefecture's restates
the province's and the nation's through it, so the candidates are weighed
from the nearest level up and the first level with a match (or the level of
a document the child says it implements) ends the climb.

At that level the matches compete (:func:`_contest`). A region issues a
plan on each of several subjects in a year, and they share wording (an
openness plan and a plan on standardising grassroots openness both have a
task on 基层政务公开标准化; local tasks are written alike), so a child also
matches its parent's sibling plans on a few tasks. Each child task is
credited to the plan at that level it restates best (a plan the child cites
there competes too); a match stands only when the tasks credited to it pass
the thresholds above and number at least ``RUNNER_UP`` times those of the
plan credited most. One parent per level, then, unless the child really
restates two plans there.

The edge is ``inferred=True`` with a ``confidence`` (the mean of
the strong share and the mean score of the strong alignments) and ``evidence``
(the aligned task pairs, the shares, the score, the share ``credited`` to it
in the contest and how many ``rivals`` it had); an explicit implements-link
is never overwritten. Task alignments (every pair above the alignment
threshold) are stored for inferred links and along explicit links.

Calibration (``tests/test_graph_infer.py`` pins it): the share of child tasks
with an alignment of at least 0.2 is 0.42 for the real 平江县 services plan
(many local tasks) against Hunan's, 0.89-0.94 for the openness plans and the
synthetic ones; for a sibling plan of the same province and year (平江县
openness vs Hunan services) it is 0.05-0.06, and for the 2016 南县 plan
against Hunan's 2020 plans, 0.00-0.07. Counting every alignment above the
alignment threshold (0.1) instead would not separate them (0.37-0.39 for
siblings), hence the stronger per-task score. ``SHARE_THRESHOLD`` = 0.25 sits
between 0.07 and 0.42. On the generated 10,000-notice cascade (four subjects
in every region, ``benchmarks/generate.py``) a child matched a sibling plan of
its parent on 0.25-0.42 of its tasks, 1,100 times: credited to the plan they
restate best, those tasks fall under the thresholds but for a dozen children,
whose sibling plan kept a third to three eighths of the tasks their true
parent kept (a half once, two thirds once); ``RUNNER_UP`` = 0.5 drops ten of
the twelve, and keeps a plan merging two plans of its region (0.85 of the
tasks credited to the other, ``tests/test_graph_infer.py``).

Examples
--------
>>> SHARE_THRESHOLD, STRONG_SCORE, MIN_ALIGNED, RUNNER_UP
(0.25, 0.2, 3, 0.5)
"""

from __future__ import annotations

from typing import Iterable, Optional

from .align import add_alignments, align_tasks, remove_alignments
from .regions import ancestors, regions_under
# task_documents lives with document_tasks in schema (questions read it without the text models)
from .schema import NodeType, Relation, edge_attrs, edge_data, keyed_edges, region_node_id, related, task_documents  # noqa: F401

__all__ = [
    "SHARE_THRESHOLD",
    "STRONG_SCORE",
    "MIN_ALIGNED",
    "RUNNER_UP",
    "PeriodIndex",
    "task_documents",
    "candidate_parents",
    "candidate_children",
    "evaluate_pair",
    "link_child",
    "link_documents",
    "link_new_parents",
]

#: Share of the child's tasks that must align strongly for an inferred implements-link.
SHARE_THRESHOLD = 0.25
#: An alignment counts as strong from this score on.
STRONG_SCORE = 0.2
#: And at least this many child tasks must align strongly.
MIN_ALIGNED = 3
#: A match stands beside a better one at the same level only with at least this share of the tasks credited to it.
RUNNER_UP = 0.5


class PeriodIndex:
    """Documents with tasks by (region code, year), and by (ancestor region code, year).

    The documents are grouped by region and year from their own attributes
    (``region``, ``years``), which a working set holds for every document,
    in one pass at the first question; only the documents of the periods
    asked about are then looked at for tasks. Reading each region's
    documents of every year from the store and their tasks, as it did
    before, was a quarter of a long ingest once the store held several
    years. The index lives for one :func:`link_documents` call.
    """

    def __init__(self, G) -> None:
        self.G = G
        self._periods: Optional[dict[tuple[str, int], list[str]]] = None  # (region node, year) → documents
        self._with_tasks: dict[str, bool] = {}
        self._below: dict[str, list[str]] = {}  # region node → region nodes strictly under it

    def code(self, node: str) -> Optional[str]:
        region = self.G.nodes[node].get("region")
        return self.G.nodes[region]["code"] if region and region in self.G else None

    def at(self, code: str, year: int) -> set[str]:
        """Documents with tasks in region ``code`` for ``year``."""
        return set(self._documents(region_node_id(code), year))

    def under(self, code: str, year: int) -> set[str]:
        """Documents with tasks in regions strictly under ``code`` for ``year``."""
        region = region_node_id(code)
        if region not in self._below:
            self._below[region] = sorted(regions_under(self.G, region) - {region}) if region in self.G else []
        return {d for r in self._below[region] for d in self._documents(r, year)}

    def _documents(self, region: str, year: int) -> list[str]:
        if self._periods is None:
            periods: dict[tuple[str, int], list[str]] = {}
            for node, data in self.G.nodes(data=True):
                if data.get("type") == NodeType.DOCUMENT.value and not data.get("stub") and data.get("region"):
                    for y in data.get("years") or ():
                        periods.setdefault((data["region"], y), []).append(node)
            self._periods = periods
        return [d for d in self._periods.get((region, year), ()) if self._has_tasks(d)]

    def _has_tasks(self, node: str) -> bool:
        known = self._with_tasks.get(node)
        if known is None:
            known = self._with_tasks[node] = task_documents(self.G, node) == [node]
        return known


def candidate_parents(G, node: str, index: Optional[PeriodIndex] = None) -> list[str]:
    """Documents with tasks in a region strictly above ``node``'s, in the same period."""
    index = index or PeriodIndex(G)
    code = index.code(node)
    if not code:
        return []
    out: set[str] = set()
    for year in G.nodes[node].get("years", ()):
        for ancestor in ancestors(code)[1:]:
            out |= index.at(ancestor, year)
    return sorted(out - {node})


def candidate_children(G, node: str, index: Optional[PeriodIndex] = None) -> list[str]:
    """Documents with tasks in a region strictly below ``node``'s, in the same period."""
    index = index or PeriodIndex(G)
    code = index.code(node)
    if not code:
        return []
    out: set[str] = set()
    for year in G.nodes[node].get("years", ()):
        out |= index.under(code, year)
    return sorted(out - {node})


def _explicit(G, child: str, parent: str) -> bool:
    data = edge_data(G, child, parent, Relation.IMPLEMENTS)
    return data is not None and not data.get("inferred")


def evaluate_pair(G, child: str, parent: str) -> Optional[dict]:
    """Decide whether ``child`` implements ``parent`` by their tasks; add or drop the link.

    Returns the evidence when the link is (now) inferred, else None. An
    explicit link between them is left alone (None is returned). Unlike
    :func:`link_documents`, this does not weigh ``parent`` against the
    child's other candidate parents.
    """
    if _explicit(G, child, parent):
        return None
    _drop_inferred(G, child, parent)
    assessed = _assess(G, child, parent)
    if assessed is None:
        return None
    _add_inferred(G, child, parent, *assessed)
    return assessed[0]


def _drop_inferred(G, child: str, parent: str) -> None:
    remove_alignments(G, child, parent)
    if G.has_edge(child, parent, Relation.IMPLEMENTS.value):
        G.remove_edge(child, parent, Relation.IMPLEMENTS.value)


def _assess(G, child: str, parent: str) -> Optional[tuple[dict, float, list]]:
    """(evidence, confidence, alignments) when ``child``'s tasks say it implements ``parent``."""
    alignments = align_tasks(G, child, parent)
    n_child, n_parent = len(related(G, child, Relation.CONTAINS)), len(related(G, parent, Relation.CONTAINS))
    strong = [a for a in alignments if a.score >= STRONG_SCORE]
    aligned_child = {a.child for a in strong}
    share = len(aligned_child) / n_child if n_child else 0.0
    if len(aligned_child) < MIN_ALIGNED or share < SHARE_THRESHOLD:
        return None
    mean = sum(a.score for a in strong) / len(strong)
    evidence = {
        "share": round(share, 4),
        "aligned_share": round(len({a.child for a in alignments}) / n_child, 4),
        "parent_share": round(len({a.parent for a in alignments}) / n_parent, 4) if n_parent else 0.0,
        "score": round(mean, 4),
        "aligned": [[a.child, a.parent, a.score] for a in alignments],
        "candidates": "region_year",
    }
    return evidence, (share + mean) / 2, alignments


def _link_attrs(evidence: dict, confidence: float) -> dict:
    return edge_attrs(Relation.IMPLEMENTS, rule="infer_task_alignment", inferred=True, confidence=confidence, evidence=evidence)


def _add_inferred(G, child: str, parent: str, evidence: dict, confidence: float, alignments: list) -> None:
    G.add_edge(child, parent, key=Relation.IMPLEMENTS.value, **_link_attrs(evidence, confidence))
    add_alignments(G, alignments, basis="inferred")


def link_child(G, child: str, index: Optional[PeriodIndex] = None, *, realigned: Optional[set[tuple[str, str]]] = None) -> list[str]:
    """(Re)infer the links of ``child`` to its candidate parents; returns the parents it is now inferred to implement.

    A plan restating a prefecture's plan restates, through it, the province's
    and the nation's as well; only the nearest level it matches is its
    parent. So candidates are weighed level by level from the nearest up, and
    the first level with a match ends the climb; a document ``child`` says it
    implements ends it too, at that document's level (the link to the levels
    above runs through it).

    At that level the matches compete for the child's tasks
    (:func:`_contest`): a region issues plans on several subjects, which share
    wording (an openness plan and a plan on standardising openness both have a
    task on 基层政务公开标准化), so a child also matches its parent's sibling
    plans on the few tasks they share. Each child task is credited to the
    documents at that level it restates best (a document the child says it
    implements competes too), and a match stands only if the tasks credited to
    it still pass the thresholds.

    ``realigned``: the (child, parent) pairs whose alignments along an
    explicit link were just made again (:func:`link_documents`); None: any
    the child has.
    """
    index = index or PeriodIndex(G)
    by_code: dict[str, list[str]] = {}
    current: dict[str, dict] = {}  # the inferred links the child has now
    for parent in candidate_parents(G, child, index):
        if _explicit(G, child, parent):
            continue
        data = edge_data(G, child, parent, Relation.IMPLEMENTS)
        if data is not None:
            current[parent] = data
        by_code.setdefault(index.code(parent), []).append(parent)
    blocked, cited = _cited_levels(G, child, index)
    links = _nearest_matches(G, child, by_code, blocked, cited)
    # A link weighed again to the same alignments keeps them: dropping them would read every
    # edge of the child's tasks to find them, and write them all back unchanged; only the
    # link's own evidence (how many rivals it was weighed against) is brought up to date.
    # Not so where the child's notice cites the parent's and the alignments along that link
    # were just made again, on the same task pairs: this link's are made over them.
    if realigned is None:
        again = {parent for parents in cited.values() for parent in parents}
    else:
        again = {parent for c, parent in realigned if c == child}
    for parent in sorted(current.keys() - links.keys()):
        _drop_inferred(G, child, parent)
    for parent, (evidence, confidence, alignments) in links.items():
        if parent in current:
            if parent not in again and _same_alignments(current[parent], evidence):
                if dict(current[parent]) != _link_attrs(evidence, confidence):
                    G.add_edge(child, parent, key=Relation.IMPLEMENTS.value, **_link_attrs(evidence, confidence))
                continue
            _drop_inferred(G, child, parent)
        _add_inferred(G, child, parent, evidence, confidence, alignments)
    return list(links)


def _nearest_matches(G, child: str, by_code: dict[str, list[str]], blocked: set[str], cited: dict[str, list[str]]) -> dict[str, tuple[dict, float, list]]:
    """The candidates ``child`` is inferred to implement (see :func:`link_child`), with their assessments, in order.

    ``blocked`` and ``cited``: :func:`_cited_levels` of the child.
    """
    for code in sorted(by_code, key=lambda c: -len(ancestors(c))):  # nearest level first
        if code in blocked:
            break
        assessed = {}
        for parent in by_code[code]:
            result = _assess(G, child, parent)
            if result is not None:
                assessed[parent] = result
        if not assessed:
            continue
        # a cited plan is often a candidate too (the citation is the notice's): its alignments are at hand
        rivals = {parent: assessed[parent][2] if parent in assessed else align_tasks(G, child, parent) for parent in cited.get(code, ())}
        return {parent: assessed[parent] for parent in _contest(G, child, assessed, rivals)}
    return {}


def _same_alignments(data: dict, evidence: dict) -> bool:
    """Whether the stored link ``data`` rests on the alignments ``evidence`` lists.

    A link's evidence lists every alignment with its score, and an inferred
    link and its alignments are made and dropped together, so the task
    edges are the ones :func:`_add_inferred` would make.
    """
    stored = data.get("evidence") or {}
    return data.get("rule") == "infer_task_alignment" and stored.get("aligned") == evidence["aligned"]


def _cited_levels(G, child: str, index: PeriodIndex) -> tuple[set[str], dict[str, list[str]]]:
    """(Region codes above the documents ``child`` says it implements, those documents by region code)."""
    blocked: set[str] = set()
    cited: dict[str, list[str]] = {}
    for _, parent in sorted(pair for pair in _explicit_pairs(G, [child]) if pair[0] == child):
        code = index.code(parent) if parent in G else None
        if code:
            blocked |= set(ancestors(code)[1:])
            cited.setdefault(code, []).append(parent)
    return blocked, cited


def _contest(G, child: str, assessed: dict[str, tuple[dict, float, list]], rivals: dict[str, list]) -> list[str]:
    """Which of ``assessed`` (parents at one level that each match ``child``) stand, weighed against each other.

    Each child task is credited to every document whose best strong
    alignment for it is the best any of them (or of ``rivals``, the
    documents at that level ``child`` says it implements, with their
    alignments) has: the task restates that document. A match stands when
    at least ``MIN_ALIGNED`` tasks and a share ``SHARE_THRESHOLD`` of the
    child's tasks are credited to it, and at least ``RUNNER_UP`` times as
    many as to the document credited most: a plan that implements two plans of its parent
    region keeps both, each for the tasks it restates, while a plan that
    shares a few tasks with its parent's sibling (local tasks written alike)
    is not linked to it. When none stands and no rival took the tasks, the
    best match (highest confidence) stands alone: the level matched, and a
    child implements something there. The evidence of a match notes its
    ``credited`` share and how many ``rivals`` it was weighed against.
    """
    n_child = len(related(G, child, Relation.CONTAINS))
    best_of = [(parent, _best_scores(alignments)) for parent, (_, _, alignments) in sorted(assessed.items())]
    best_of += [(None, _best_scores(alignments)) for _, alignments in sorted(rivals.items())]
    best: dict[str, float] = {}
    for _, scores in best_of:
        for task, score in scores.items():
            best[task] = max(best.get(task, 0.0), score)
    credited = [(parent, sum(1 for task, score in scores.items() if score >= best[task])) for parent, scores in best_of]
    top = max(n for _, n in credited)
    standing = []
    for parent, n in credited:
        if parent is None:
            continue
        share = n / n_child if n_child else 0.0
        assessed[parent][0]["credited"] = round(share, 4)
        assessed[parent][0]["rivals"] = len(assessed.keys() | rivals.keys()) - 1
        if n >= MIN_ALIGNED and share >= SHARE_THRESHOLD and n >= RUNNER_UP * top:
            standing.append(parent)
    if not standing and not rivals:
        standing = [max(sorted(assessed), key=lambda p: assessed[p][1])]
    return standing


def _best_scores(alignments: list) -> dict[str, float]:
    """Child task → its best strong alignment score among ``alignments``."""
    out: dict[str, float] = {}
    for a in alignments:
        if a.score >= STRONG_SCORE and a.score > out.get(a.child, 0.0):
            out[a.child] = a.score
    return out


def _explicit_pairs(G, nodes: Iterable[str]) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for node in nodes:
        if node not in G:
            continue
        implements = [Relation.IMPLEMENTS]
        links = [(node, t) for _, t, _, d in keyed_edges(G, node, implements) if not d.get("inferred")]
        links += [(s, node) for s, _, _, d in keyed_edges(G, node, implements, out=False) if not d.get("inferred")]
        # a plan's notice may carry the link; a notice's plans may be the ones cited
        for parent in related(G, node, Relation.PROMULGATES, out=False):
            links += [(parent, t) for _, t, _, d in keyed_edges(G, parent, implements) if not d.get("inferred")]
        for child, parent in links:
            if G.nodes[child].get("type") != NodeType.DOCUMENT.value:
                continue
            for c in task_documents(G, child):
                for p in task_documents(G, parent):
                    if c != p:
                        pairs.add((c, p))
    return pairs


def link_documents(G, nodes: Iterable[str], *, new: Iterable[str] = ()) -> None:
    """Align tasks along the explicit links of ``nodes`` and infer links for them.

    Only pairs involving ``nodes`` are (re)considered, as child or as parent:
    each of ``nodes`` and each candidate child of one of them is weighed
    against its candidate parents (:func:`link_child`), so the work grows
    with the documents added and those below them, not with the store.
    A child that is a candidate only of documents in ``new`` (documents
    not in the graph before; nothing else of the child changed) is weighed
    against those alone (:func:`link_new_parents`), which gives the same
    links: each pair is assessed on its own.
    """
    nodes = [n for n in nodes if n in G]
    new = set(new)
    realigned = _explicit_pairs(G, nodes)
    for child, parent in sorted(realigned):
        remove_alignments(G, child, parent)
        # a plan whose notice cites the parent's notice may implement the parent's plan by an inferred
        # link: the alignments are that link's, as weighing it makes them over these (:func:`link_child`),
        # whether or not the child is weighed again now
        link = edge_data(G, child, parent, Relation.IMPLEMENTS)
        add_alignments(G, align_tasks(G, child, parent), basis="inferred" if link is not None and link.get("inferred") else "explicit")
    index = PeriodIndex(G)
    children: set[str] = set()
    below_new: dict[str, set[str]] = {}
    for node in nodes:
        if task_documents(G, node) != [node]:
            continue
        children.add(node)
        for child in candidate_children(G, node, index):
            if node in new:
                below_new.setdefault(child, set()).add(node)
            else:
                children.add(child)
    # what weighing a child read (its tasks, its candidate parents') and did not change is let go
    # before the next: held until the chunk is saved, a plan's thousand candidate children's tasks
    # were most of a large chunk's memory (a parent's, read again for the next child, cost less
    # than holding them: docs/scale.md, session 7)
    release = getattr(G, "release", lambda: 0)
    for child in sorted(children):
        link_child(G, child, index, realigned=realigned)
        release()
    for child in sorted(below_new.keys() - children):
        link_new_parents(G, child, below_new[child], index, realigned=realigned)
        release()


def link_new_parents(
    G, child: str, parents: Iterable[str], index: Optional[PeriodIndex] = None, *, realigned: Optional[set[tuple[str, str]]] = None
) -> list[str]:
    """What :func:`link_child` gives ``child`` when only ``parents`` (just added) are new among its candidates.

    Its links stand at the nearest level with a match; a new parent farther
    than that level, or one that does not match the child on its own, changes
    nothing (the matches at that level compete only among themselves). A new
    parent nearer than that level, or at it, that matches is weighed with the
    child's other candidates (:func:`link_child`). Returns the parents now
    inferred.
    """
    index = index or PeriodIndex(G)
    depth = lambda node: len(ancestors(index.code(node) or ""))  # noqa: E731 - deeper is nearer the child
    own = index.code(child)
    if not own:
        return []
    current = sorted(t for _, t, _, d in keyed_edges(G, child, [Relation.IMPLEMENTS]) if d.get("inferred"))
    level = max((depth(p) for p in current), default=None)
    blocked, _ = _cited_levels(G, child, index)
    above = set(ancestors(own)[1:])
    for parent in sorted(parents, key=lambda p: (-depth(p), p)):
        code = index.code(parent)
        if code not in above or code in blocked or _explicit(G, child, parent):
            continue
        if level is not None and depth(parent) < level:
            continue  # farther than the level the child's links stand at
        if _assess(G, child, parent) is not None:
            return link_child(G, child, index, realigned=realigned)
    return current
