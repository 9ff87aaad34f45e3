"""Resolving citations to documents, and stubs for the documents not ingested.

A citation resolves, in this order, by

1. doc number, in canonical form (any bracket form normalises to 〔〕);
2. damaged doc number (穗府办函〔202053号): same year and serial, and the
   prefix equal or one character short (``doc_number_loose``); or a number
   that another citation gives, beside its title, to a document whose own
   text prints none (``doc_number_cited``);
3. title, exact after :func:`~policykg.rules.titles.normalize_title`, or from
   关于 on when the issuer was left out (``title`` / ``title_core``);
4. subject: a loose reference such as 国务院、自治区关于全面推进基层政务公开标准化
   规范化工作的部署要求 is compared by the phrase between 关于 and 的 with
   :func:`~policykg.rules.titles.subject_similarity`; a match needs
   ``SUBJECT_THRESHOLD`` and, for an implements-citation, a target whose region
   contains the citing document's (or a national one); issuers named before
   关于 (国务院, 自治区) break ties (``subject``).

What does not resolve becomes a *stub* document (``stub=True``) when the
citation has a doc number or looks like a document title: its number, title,
issuer, level and region are read off the number's prefix (国办发 → 国务院办公厅).
A stub is keyed by its normalised number (or title), so the real document,
when it arrives, takes over the same node. A loose phrase that resolves to
nothing is kept, unresolved, in the citing document's ``citations`` and tried
again whenever documents are added.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> node = add_stub(G, doc_number="国办发[2019]54号", title="国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见")
>>> node, G.nodes[node]["issuer"]
('doc:国办发〔2019〕54号', '国务院办公厅')
>>> index = DocumentIndex(G)
>>> index.resolve(title="国务院、自治区关于全面推进基层政务公开标准化规范化工作的部署要求").node
'doc:国办发〔2019〕54号'
"""

from __future__ import annotations

import functools

import re
from typing import Iterable, NamedTuple, Optional

from .agencies import add_agency
from policykg.rules.docnumbers import DocNumber, issuer_from_prefix, parse_doc_number
from policykg.rules.issuers import issuer_from_title
from policykg.rules.regions import is_national
from policykg.rules.titles import (
    normalize_title,
    subject_similarity,
    title_core,
    title_subject,
    title_years,
)
from .regions import (
    COUNTRY,
    add_region,
    is_within,
    region_names,
    region_prefix_of,
    resolve_region,
)
from .held import Kept, changed_documents, changes_since
from .schema import LEVELS, NodeType, Relation, document_node_id, edge_attrs, related

__all__ = [
    "SUBJECT_THRESHOLD",
    "STATED_OVERLAP",
    "subject_overlap",
    "Resolution",
    "document_keys",
    "citation_keys",
    "DocumentIndex",
    "add_stub",
    "looks_like_title",
    "explained_documents",
    "explanation_edges",
    "merge_into",
    "restub",
    "prefix_close",
    "stub_attributes",
    "stub_edges",
]

#: Minimum bigram Dice similarity of two 关于…的 subjects for a loose reference
#: to resolve. Identical subjects score 1.0; the same subject with one word
#: dropped or changed (…标准化规范化 vs …标准化规范化工作) about 0.9; different
#: work on a shared theme (推进政务新媒体健康有序发展 vs 推进政务公开) under 0.5.
SUBJECT_THRESHOLD = 0.8

_GENRES = re.compile(
    r"(意见|通知|办法|条例|规定|方案|要点|决定|细则|规划|纲要|计划|规范|指引|标准|制度|批复|通报|公告|报告|法|规则|目录|清单|指南|措施|决议)$"
)


class Resolution(NamedTuple):
    """How a citation resolved: the node (or None), the rule and a confidence."""

    node: Optional[str]
    rule: Optional[str]
    confidence: float
    nodes: tuple = ()  # every node a loose reference resolved to (node is the first)


_NONE = Resolution(None, None, 0.0)
_SELF = Resolution(None, "self", 0.0)


def looks_like_title(text: Optional[str]) -> bool:
    """True when a cited text reads as a document title (ends in a genre word).

    >>> looks_like_title("优化营商环境条例"), looks_like_title("国务院、自治区关于全面推进基层政务公开标准化规范化工作的部署要求")
    (True, False)
    >>> looks_like_title("宁夏回族自治区政务新媒体管理工作细则(试行)")
    True
    """
    s = re.sub(r"[(（](试行|暂行|修订|修正|草案|征求意见稿)[)）]$", "", normalize_title(text))
    return bool(s) and len(s) >= 4 and bool(_GENRES.search(s)) and not re.search(r"(要求|精神|部署)$", s)


@functools.lru_cache(maxsize=1 << 18)
def _title_keys(title: str) -> tuple[str, str, Optional[str]]:
    # titles repeat: a national plan's is cited by every plan below it
    return normalize_title(title), title_core(title), title_subject(title)


_ISSUES = re.compile(r"印发(?P<inner>.{4,})$")
_NOTICE_TAIL = re.compile(r"的(?:通知|决定)$")


@functools.lru_cache(maxsize=1 << 18)
def issued_key(title: Optional[str]) -> str:
    """The core of the document a title issues, or of the title itself.

    A notice that promulgates a document, the headline a news site gives it
    and a citation of either name one document: 某厅印发《关于X的意见》 (a
    repost's headline), 《某厅印发〈关于X的意见〉的通知》 (a citation) and 关于X的意见
    all have the key 关于X的意见.

    >>> issued_key("中共中央办公厅 国务院办公厅印发《关于全面推进政务公开工作的意见》")
    '关于全面推进政务公开工作的意见'
    >>> issued_key("中共中央办公厅国务院办公厅印发〈关于全面推进政务公开工作的意见〉的通知")
    '关于全面推进政务公开工作的意见'
    >>> issued_key("湖南省人民政府办公厅关于印发《湖南省2020年政务公开工作要点》的通知")
    '湖南省2020年政务公开工作要点'
    >>> issued_key("国务院办公厅关于推进政务新媒体健康有序发展的意见")
    '关于推进政务新媒体健康有序发展的意见'
    """
    s = normalize_title(title)
    m = _ISSUES.search(s)
    if m:
        inner = _NOTICE_TAIL.sub("", m.group("inner"))
        if len(inner) >= 4:
            return title_core(inner)
    return title_core(s)


def document_keys(data: dict) -> set:
    """What a document (or stub) node is found by: the keys :class:`DocumentIndex` files it under.

    ``("n", number)``, ``("ys", year, serial)``, ``("t", title)``,
    ``("c", core title)``, ``("i", issued key)`` (:func:`issued_key`),
    ``("s", subject)``, ``("ss", stated subject)`` (an untitled document's);
    a citation whose :func:`citation_keys` meet these (a subject: by
    similarity, a stated subject: by :func:`subject_overlap`) may resolve to
    it. A number a citation gives beside a title reaches the document by
    that title through the citing document, whose citations are all looked
    up again.
    """
    keys: set = set()
    number = data.get("doc_number")
    if number:
        keys.add(("n", number))
        parsed = parse_doc_number(number)
        if parsed and parsed.year:
            keys.add(("ys", parsed.year, parsed.serial))
    title = data.get("title")
    if title:
        norm, core, subject = _title_keys(title)
        keys |= {("t", norm), ("c", core), ("i", issued_key(title))}
        if subject:
            keys.add(("s", subject))
    stated = data.get("stated_subject")
    if stated and not data.get("stub"):
        keys.add(("ss", stated["text"]))  # an untitled document, by the subject its opening states
    return keys


@functools.lru_cache(maxsize=1 << 18)
def citation_keys(title: Optional[str], doc_number: Optional[str]) -> frozenset:
    """The keys :meth:`DocumentIndex.resolve` looks a citation up by (see :func:`document_keys`).

    A citation with a doc number is never matched by a title's subject
    (but may be by the subject an untitled document states). Only a damaged
    number is looked up by its year and serial (``doc_number_loose``): in a
    national corpus thousands of citations share 〔2018〕2号's year and
    serial, and a document arriving with it would otherwise reach them all.

    >>> sorted(k[0] for k in citation_keys(None, "眉仁政办发〔2018〕2号"))
    ['n']
    >>> sorted(k[0] for k in citation_keys(None, "穗府办函〔202053号"))
    ['n', 'ys']
    """
    keys: set = set()
    parsed = parse_doc_number(doc_number)
    if parsed:
        keys.add(("n", parsed.canonical()))
        if parsed.year and parsed.damaged:
            keys.add(("ys", parsed.year, parsed.serial))
    if title:
        keys |= {("t", normalize_title(title)), ("c", title_core(title)), ("i", issued_key(title))}
        subject = title_subject(title)
        if subject and not parsed:
            keys.add(("s", subject))
        if subject:  # a stated subject is looked up with or without a number
            keys.add(("ss", subject))
    return frozenset(keys)


def _claims_of(data: dict) -> list[tuple[str, str, object]]:
    """The numbers a document's citations give beside a title: ``(number, title, parsed)`` (:meth:`DocumentIndex._reclaim`)."""
    claims = []
    for citation in data.get("citations", ()):
        if citation.get("title") and citation.get("doc_number"):
            parsed = parse_doc_number(citation["doc_number"])
            if parsed:
                claims.append((parsed.canonical(), citation["title"], parsed))
    return claims


@functools.lru_cache(maxsize=1 << 16)
def _claim_keys(title: str) -> tuple:
    """The keys a document must be filed under for a claim with this title to name it (:meth:`DocumentIndex._singled_out`)."""
    norm, core, _ = _title_keys(title)
    return (("t", norm), ("c", core), ("i", issued_key(title)))


def _indexed_by(data: dict) -> tuple:
    """What :meth:`DocumentIndex.add` files a document node by: when it changes, the node is filed again."""
    stated = data.get("stated_subject")
    return (
        data.get("doc_number"), bool(data.get("stub")), data.get("title"), stated and (stated["text"], stated["genre"]),
        tuple(data.get("record_ids", ())),
    )


class DocumentIndex(Kept):
    """Indexes of the documents of a graph by number, title, core title and subject.

    Built in one pass over the document nodes (linear in the graph), then kept
    up to date with :meth:`add` while a batch is linked. With ``fold_stubs``
    False, a stub a cited number folds into a titled document
    (:meth:`_adopt_cited_numbers`) is only left out of the index, not merged
    in the graph: the index answers as if it were, and the graph is not
    changed (a dry run).
    """

    def __init__(self, G, *, fold_stubs: bool = True) -> None:
        self.G = G
        self._fold_stubs = fold_stubs
        self.by_number: dict[str, str] = {}
        self.by_year_serial: dict[tuple, list[str]] = {}
        self.by_title: dict[str, set[str]] = {}
        self.by_core: dict[str, set[str]] = {}
        self.by_issued: dict[str, set[str]] = {}
        #: untitled documents: the subject and genre their opening states
        self.stated: dict[str, tuple[str, str]] = {}
        #: real documents (not stubs) by the records they were built from, and those without a title:
        #: what identifies a document already in the graph (graph.build._Identities)
        self.by_record: dict[str, str] = {}
        self.untitled: dict[str, bool] = {}
        self.subjects: dict[str, str] = {}
        self.by_bigram: dict[str, set[str]] = {}
        #: stubs only, by (year, serial): what a newly added document may fold in
        self.stubs_by_year_serial: dict[tuple, set[str]] = {}
        #: stubs only, by title, core, issued core and subject bigram: what a citation may land on (:meth:`found_by` with ``stubs``)
        self.stubs_by_title: dict[str, set[str]] = {}
        self.stubs_by_core: dict[str, set[str]] = {}
        self.stubs_by_issued: dict[str, set[str]] = {}
        self.stubs_by_bigram: dict[str, set[str]] = {}
        # node → the (table, key) entries it was indexed under, so forgetting it
        # touches only those (not every table: a national corpus has 100k documents)
        self._entries: dict[str, list[tuple[dict, object]]] = {}
        #: citing node → its family (:meth:`_family`), when the caller knows no
        #: promulgates-link changes meanwhile (None: not remembered)
        self.families: Optional[dict[str, frozenset]] = None
        # node → what it was indexed by (:func:`_indexed_by`), to tell what changed since (:meth:`refresh`)
        self._prints: dict[str, tuple] = {}
        #: numbers that citations give to a document whose own text does not print one
        self.cited_numbers: dict[str, str] = {}
        self.claimed: frozenset = frozenset()
        # what _adopt_cited_numbers keeps between refreshes, to weigh again only the numbers a change reaches:
        self._claims: dict[str, list[tuple[str, str, object]]] = {}  # citing node → (number, title, parsed) it claims
        self._claimants: dict[str, set[str]] = {}  # number → the nodes claiming it
        # a claim's title key → the numbers claimed under it that no document prints (when last weighed;
        # one printed since is only weighed again for nothing)
        self._claim_keys: dict[tuple, set[str]] = {}
        self._seen: dict[str, frozenset] = {}  # number → the titled documents its claims single out
        self._adopted_from: dict[str, tuple] = {}  # node → what _reclaim weighed it by (number, title, …), when last weighed
        self._unfiled: set[str] = set()  # stubs a dry run left out of the index (filed again at each refresh)
        self.journal_mark = None  # where in the graph's journal the index is in step (held.changes_since)
        self.refresh()

    def refresh(self, *, fold_stubs: Optional[bool] = None) -> "DocumentIndex":
        """Bring the index in step with its graph as it is now, re-indexing only the documents that changed.

        ``fold_stubs`` (None: as built) False: a dry run (see the class); the
        stubs it left out are folded at the next refresh that folds.

        The same index as one built again from the graph (the check mode of
        :mod:`~policykg.graph.held` compares the two), at the cost of one
        look at each document that changed (a working set's journal lists
        them, :func:`~policykg.graph.held.changes_since`; any other graph: at
        each document) instead of indexing them all: a writer keeps one index
        across the batches of a national corpus.
        """
        if fold_stubs is not None:
            self._fold_stubs = fold_stubs
        candidates, self.journal_mark = changes_since(self.G, self.journal_mark)
        if candidates is not None:
            candidates |= self._unfiled  # a dry run's folded stub is filed again, and left out again if still folded
        self._unfiled = set()
        changed, gone = changed_documents(self.G, self._prints, _indexed_by, candidates)
        for node, data, now in changed:
            self._file(node, data, now)
        for node in gone:
            self.discard(node)
        self.families = None
        self._adopt_cited_numbers(candidates)
        return self

    _NOT_KEPT = (*Kept._NOT_KEPT, "families")

    def state(self) -> dict:
        """:meth:`Kept.state`, a claim's parsed number as a plain tuple."""
        state = super().state()
        state["_claims"] = {n: [(number, title, tuple(parsed)) for number, title, parsed in claims] for n, claims in self._claims.items()}
        return state

    @classmethod
    def restored(cls, G, state: dict, *, journal_mark: Optional[int] = None) -> "DocumentIndex":
        """:meth:`Kept.restored`, a claim's parsed number made again."""
        index = super().restored(G, state, journal_mark=journal_mark)
        index._claims = {n: [(number, title, DocNumber(*parsed)) for number, title, parsed in claims] for n, claims in state["_claims"].items()}
        index.families = None
        return index

    def add(self, node: str) -> None:
        """Index (or re-index) the document ``node``."""
        data = self.G.nodes[node]
        self._file(node, data, _indexed_by(data))

    def _file(self, node: str, data: dict, indexed_by: tuple) -> None:
        if node in self._entries:
            self.discard(node)  # what it was filed under before goes
        self._prints[node] = indexed_by
        number = data.get("doc_number")
        entries = self._entries.setdefault(node, [])
        if number:
            self.by_number[number] = node
            entries.append((self.by_number, number))
            parsed = parse_doc_number(number)
            if parsed and parsed.year:
                key = (parsed.year, parsed.serial)
                self.by_year_serial.setdefault(key, []).append(node)
                entries.append((self.by_year_serial, key))
                if data.get("stub"):
                    self.stubs_by_year_serial.setdefault(key, set()).add(node)
                    entries.append((self.stubs_by_year_serial, key))
        stated = data.get("stated_subject")
        if stated and not data.get("stub"):
            self.stated[node] = (stated["text"], stated["genre"])
            entries.append((self.stated, node))
        if not data.get("stub"):
            for record in data.get("record_ids", ()):
                self.by_record[record] = node
                entries.append((self.by_record, record))
            if not data.get("title"):
                self.untitled[node] = True
                entries.append((self.untitled, node))
        title = data.get("title")
        if title:
            stub = bool(data.get("stub"))
            norm, core, subject = _title_keys(title)
            tables = ((self.by_title, self.stubs_by_title, norm), (self.by_core, self.stubs_by_core, core), (self.by_issued, self.stubs_by_issued, issued_key(title)))
            for table, stubs, key in tables:
                for t in (table, stubs) if stub else (table,):
                    t.setdefault(key, set()).add(node)
                    entries.append((t, key))
            if subject and not subject.startswith("印发"):
                self.subjects[node] = subject
                for i in range(len(subject) - 1):
                    for t in (self.by_bigram, self.stubs_by_bigram) if stub else (self.by_bigram,):
                        t.setdefault(subject[i : i + 2], set()).add(node)
                        entries.append((t, subject[i : i + 2]))

    def _adopt_cited_numbers(self, changed: Optional[set[str]] = None) -> None:
        """Learn the numbers citations give to documents known here only by title.

        A citation that names a document by title and number (《关于全面推进
        政务公开工作的意见》(中办发〔2016〕8号)) tells the number of the one
        document with that title when its own text prints none (a reposted
        page); a citation by that number alone then means the same document,
        and a stub another batch made for the number is folded into it. Read
        from every document's citations before any is linked, so the answer
        does not depend on the order the documents came in.

        ``changed``: the only documents that changed since the last call
        (None: any may have). Then only the numbers they claim, print, or
        could be named for are weighed again; the answer is the same as
        weighing every number (the check mode of :mod:`~policykg.graph.held`
        compares the two).
        """
        if changed is None:
            self._claims, self._claimants, self._claim_keys, self._seen, self._adopted_from = {}, {}, {}, {}, {}
            self.cited_numbers = {}
            document = NodeType.DOCUMENT.value
            affected = self._reclaim([n for n, d in self.G.nodes(data=True) if d.get("type") == document], everything=True)
        else:
            affected = self._reclaim(changed)
        for number in affected:
            found = self._singled_out(number)
            if found:
                self._seen[number] = found
            else:
                self._seen.pop(number, None)
        #: numbers some citation claims for a titled document (adopted or, claimed twice, not)
        self.claimed = frozenset(self._seen)
        for number in sorted(affected):
            nodes = self._seen.get(number, ())
            if len(nodes) != 1:  # two documents claimed under one number: neither is sure
                self.cited_numbers.pop(number, None)
                continue
            target = next(iter(nodes))
            self.cited_numbers[number] = target
            stub = self.by_number.get(number)
            if stub in self.G and stub != target and self.G.nodes[stub].get("stub"):
                self.discard(stub)
                if self._fold_stubs:  # else the index only answers as if it were folded
                    merge_into(self.G, stub, target)
                else:
                    self._unfiled.add(stub)

    def _reclaim(self, changed: Iterable[str], *, everything: bool = False) -> set[str]:
        """File again the claims of the ``changed`` documents; returns the numbers whose answer they may change.

        Those it claims (before and now), the number it prints (a printed
        number is its own, not claimed), and those claimed under a title it
        has (before or now): it may be, or stop being, what the claim names.
        A document whose number, title, claims and what :meth:`_singled_out`
        reads of it (stub, regions, level) are as when last weighed changes
        no answer, and is passed over (a process that takes a kept index
        looks again at a whole chunk of documents the writer had not weighed,
        most of them unchanged since).
        ``everything``: ``changed`` is every document, filed from scratch, so
        every number claimed is weighed (the others have no answer to change).
        """
        document = NodeType.DOCUMENT.value
        nodes = self.G._node  # (a working set's reads what is not held)
        affected: set[str] = set()
        titles: list[str] = []
        for node in changed:
            data = nodes.get(node)
            if data is not None and data.get("type") == document:
                claims = [] if data.get("stub") else _claims_of(data)
                weighed = (
                    data.get("doc_number"), data.get("title"), bool(data.get("stub")),
                    tuple(data.get("region_names") or ()), data.get("level"), tuple((n, t) for n, t, _ in claims),
                )
            else:
                claims, weighed = [], None
            before = self._adopted_from.pop(node, None)
            if weighed is not None:
                self._adopted_from[node] = weighed
            if before == weighed and not everything:
                continue
            for number, _, _ in self._claims.pop(node, ()):
                affected.add(number)
                self._claimants[number].discard(node)
            if not everything:
                for number, title in filter(None, (before and before[:2], weighed and weighed[:2])):
                    parsed = parse_doc_number(number)
                    affected |= {number, parsed.canonical()} if parsed else ({number} if number else set())
                    if title:
                        titles.append(title)
            if claims:
                self._claims[node] = claims
                for number, _, _ in claims:
                    affected.add(number)
                    self._claimants.setdefault(number, set()).add(node)
        for title in titles:
            for key in _claim_keys(title):
                affected |= self._claim_keys.get(key, set())
        return affected

    def _singled_out(self, number: str) -> frozenset:
        """The titled documents the claims on ``number`` single out, each claim naming exactly one."""
        owner = self.by_number.get(number)
        if owner in self.G and not self.G.nodes[owner].get("stub"):
            # a document prints that number: it is that one (and stays so until that
            # document changes, which weighs its number again: no title can change it)
            return frozenset()
        found: set[str] = set()
        for node in sorted(self._claimants.get(number, ())):
            for claimed, title, parsed in self._claims[node]:
                if claimed != number:
                    continue
                for key in _claim_keys(title):  # a document changing under this title weighs the number again
                    self._claim_keys.setdefault(key, set()).add(number)
                norm, core, _ = _title_keys(title)
                named = self.by_title.get(norm, set()) | self.by_core.get(core, set())
                named = named or set(self._heads(sorted(self.by_issued.get(issued_key(title), ()))))
                hits = {
                    n
                    for n in named
                    if n in self.G and n != node and not self.G.nodes[n].get("stub") and not self.G.nodes[n].get("doc_number")
                    and self._same_place(parsed, n)
                }
                if len(hits) == 1:
                    found |= hits
        return frozenset(found)

    def discard(self, node: str) -> None:
        """Forget ``node`` (it was removed or merged)."""
        self._prints.pop(node, None)  # (a stub folded in a dry run stays in the graph: the next refresh files it again)
        for table, key in self._entries.pop(node, ()):
            if table is self.stated or table is self.untitled:  # keyed by the node itself
                table.pop(key, None)
                continue
            if table is self.by_number or table is self.by_record:  # one node a key: unless another took it since
                if table.get(key) == node:
                    table.pop(key, None)
                continue
            nodes = table.get(key)
            while nodes and node in nodes:  # a list may hold a node indexed twice
                nodes.remove(node)
        self.subjects.pop(node, None)

    def contents(self) -> dict:
        """What the index answers by, as plain data: equal for two indexes that resolve alike (the check of :meth:`refresh`)."""
        live = lambda nodes: frozenset(n for n in nodes if n in self.G)  # noqa: E731
        tables = {
            name: {key: live(nodes) for key, nodes in getattr(self, name).items() if live(nodes)}
            for name in (
                "by_year_serial", "by_title", "by_core", "by_issued", "by_bigram",
                "stubs_by_year_serial", "stubs_by_title", "stubs_by_core", "stubs_by_issued", "stubs_by_bigram",
            )
        }
        return {
            **tables,
            "by_number": {k: n for k, n in self.by_number.items() if n in self.G},
            "stated": {n: v for n, v in self.stated.items() if n in self.G},
            "by_record": {r: n for r, n in self.by_record.items() if n in self.G},
            "untitled": {n for n in self.untitled if n in self.G},
            "subjects": {n: v for n, v in self.subjects.items() if n in self.G},
            "cited_numbers": dict(self.cited_numbers),
            "claimed": self.claimed,
        }

    def _live(self, nodes: Iterable[str]) -> list[str]:
        return sorted(n for n in nodes if n in self.G)

    def _live_documents(self, nodes: Iterable[str]) -> list[str]:
        return [n for n in self._live(nodes) if not self.G.nodes[n].get("stub")]

    def resolve(
        self,
        *,
        doc_number: Optional[str] = None,
        title: Optional[str] = None,
        citing: Optional[str] = None,
        implements: bool = False,
        stubs: bool = True,
    ) -> Resolution:
        """Resolve a citation to a document node of the graph.

        Parameters
        ----------
        doc_number, title : str, optional
            As cited.
        citing : str, optional
            Node id of the citing document: it is never its own target, and
            its region constrains loose matches.
        implements : bool
            The citation says the citing document implements the target.
        stubs : bool
            False: as if no stub were in the graph (what the citation finds
            among the documents themselves).

        Returns
        -------
        Resolution
            ``rule`` is ``"self"`` (and ``node`` None) when the citation names
            the citing document itself, its notice or a sibling plan.
        """
        exclude = self._family(citing)
        live = self._live if stubs else self._live_documents
        parsed = parse_doc_number(doc_number)
        if parsed:
            node = self.by_number.get(parsed.canonical())
            if not stubs and node in self.G and self.G.nodes[node].get("stub"):
                node = None
            if node in exclude:
                return _SELF  # a document naming itself, its notice or a sibling plan
            if node in self.G:
                return Resolution(node, "doc_number", 1.0, (node,))
            node = self.cited_numbers.get(parsed.canonical())
            if node in self.G and node not in exclude and live([node]):
                return Resolution(node, "doc_number_cited", 0.95, (node,))
            if parsed.damaged and parsed.year:
                for node in live(self.by_year_serial.get((parsed.year, parsed.serial), ())):
                    if node not in exclude and self._prefix_close_to(parsed.prefix, node):
                        return Resolution(node, "doc_number_loose", 0.9, (node,))
        if not title:
            return _NONE
        norm = normalize_title(title)
        if not parsed and exclude & set(self.by_title.get(norm, ())):
            return _SELF
        tiers = ((self.by_title, "title", 1.0), (self.by_core, "title_core", 0.95), (self.by_issued, "title_issued", 0.9))
        for table, rule, confidence in tiers:
            key = norm if rule == "title" else title_core(title) if rule == "title_core" else issued_key(title)
            nodes = [n for n in live(table.get(key, ())) if n not in exclude]
            nodes = self._compatible(nodes, parsed)
            if rule == "title_issued":
                nodes = self._heads(nodes)
            if len(nodes) > 1:
                nodes = self._narrow(nodes, citing, implements, title)
            if len(nodes) == 1:
                return Resolution(nodes[0], rule, confidence, tuple(nodes))
        said = self._by_stated_subject(title, citing, implements, exclude, parsed, live)
        if said.node:
            return said
        return self._by_subject(title, citing, implements, exclude, parsed, live)

    def _by_stated_subject(self, title, citing, implements, exclude, parsed, live) -> Resolution:
        """An untitled document whose opening states the cited title's subject, genre and issuer.

        The opening restates the title's subject more loosely than a citation
        does (进一步做好就业创业工作 for 进一步做好新形势下就业创业工作), so
        most of the shorter subject's bigrams must be in the longer
        (``STATED_OVERLAP``), the genres must agree (意见 is any 意见; 实施意见
        is not 指导意见), and an issuer the citation names must be the
        document's. A cited number must not be another document's.
        """
        subject = title_subject(title)
        if not subject or not self.stated:
            return _NONE
        genre = normalize_title(title).rpartition("的")[2]
        named = _issuer_from_title(title)
        scored = []
        for node, (said, said_genre) in sorted(self.stated.items()):
            if node in exclude or not live([node]) or (parsed and self.G.nodes[node].get("doc_number")):
                continue
            if not _genres_agree(genre, said_genre):
                continue
            issuer = self.G.nodes[node].get("issuer")
            if named and not (issuer and (named in issuer or issuer in named)):
                continue
            score = subject_overlap(subject, said)
            if score >= STATED_OVERLAP:
                scored.append((score, node))
        nodes = self._narrow([n for _, n in scored], citing, implements, title)
        best = sorted(((s, n) for s, n in scored if n in nodes), reverse=True)
        if not best or (len(best) > 1 and best[1][0] == best[0][0]):
            return _NONE
        return Resolution(best[0][1], "stated_subject", round(0.9 * best[0][0], 4), (best[0][1],))

    def _heads(self, nodes: list[str]) -> list[str]:
        """A notice and the plan it promulgates are one answer: the notice."""
        found = set(nodes)
        return [n for n in nodes if not any(p in found for p in related(self.G, n, Relation.PROMULGATES, out=False))]

    def _compatible(self, nodes: list[str], parsed) -> list[str]:
        """Drop title matches whose own doc number contradicts the cited one.

        A document without a number is compatible unless the cited number's
        prefix names another province or city than the document's own
        (冀政办发 is 河北's: not the 福建 notice that shares the title's 关于… core).
        """
        if not parsed:
            return nodes
        return [
            n for n in nodes
            if (self.G.nodes[n].get("doc_number") == parsed.canonical())
            or (not self.G.nodes[n].get("doc_number") and self._same_place(parsed, n))
        ]

    def _same_place(self, parsed, node: str) -> bool:
        info = issuer_from_prefix(parsed.prefix)
        names = self.G.nodes[node].get("region_names") or []
        if info is None or not names:
            return True
        if info.level == "national":
            return self.G.nodes[node].get("level") in (None, "national")
        return info.region_name in names

    def found_by(self, keys: Iterable, *, stubs: bool = False, prefix: Optional[str] = None) -> set[str]:
        """The nodes filed under any of ``keys`` (:func:`document_keys`, :func:`citation_keys`); a subject: a similar one.

        ``stubs``: the stubs alone, looked up among the stubs (a citation is
        found by keys thousands of documents share, a national plan's title
        core; the stubs among them are a few). ``prefix``: the cited number's;
        by year and serial, only the numbers a damaged one may be
        (:func:`prefix_close`, as :meth:`resolve` matches them).
        """
        if stubs:
            by_year_serial, by_bigram = self.stubs_by_year_serial, self.stubs_by_bigram
            titles = {"t": self.stubs_by_title, "c": self.stubs_by_core, "i": self.stubs_by_issued}
        else:
            by_year_serial, by_bigram = self.by_year_serial, self.by_bigram
            titles = {"t": self.by_title, "c": self.by_core, "i": self.by_issued}
        found: set[str] = set()
        for key in keys:
            kind = key[0]
            if kind == "n":
                found.add(self.by_number.get(key[1]))
            elif kind == "ys":
                found.update(n for n in by_year_serial.get((key[1], key[2]), ()) if prefix is None or self._prefix_close_to(prefix, n))
            elif kind in titles:
                found |= titles[kind].get(key[1], set())
            elif kind == "s":
                found |= {n for n in self._like(key[1], by_bigram) if subject_similarity(key[1], self.subjects.get(n)) >= SUBJECT_THRESHOLD}
        found.discard(None)
        return {n for n in found if n in self.G and (not stubs or self.G.nodes[n].get("stub"))}

    def _prefix_close_to(self, prefix: str, node: str) -> bool:
        """Whether ``node``'s number may be a damaged number with ``prefix`` (the loose match of :meth:`resolve`)."""
        other = parse_doc_number(self.G.nodes[node].get("doc_number")) if node in self.G else None
        return other is not None and prefix_close(prefix, other.prefix)

    def titled(self, norm: str) -> list[str]:
        """The real documents (not stubs) whose normalised title is ``norm`` (``""``: those without a title), by id."""
        nodes = self.by_title.get(norm, ()) if norm else self.untitled
        return sorted(n for n in nodes if n in self.G and not self.G.nodes[n].get("stub"))

    def _like(self, subject: str, bigrams: Optional[dict] = None) -> set[str]:
        """Documents whose title's subject shares a bigram with ``subject`` (among ``bigrams``: all by default)."""
        bigrams = self.by_bigram if bigrams is None else bigrams
        candidates: set[str] = set()
        for i in range(len(subject) - 1):
            candidates |= bigrams.get(subject[i : i + 2], set())
        return candidates

    def _by_subject(self, title, citing, implements, exclude, parsed, live) -> Resolution:
        subject = title_subject(title)
        if not subject or parsed:
            return _NONE
        candidates = self._like(subject)
        scored = []
        for node in live(candidates - exclude):
            score = subject_similarity(subject, self.subjects.get(node))
            if score >= SUBJECT_THRESHOLD:
                scored.append((score, node))
        nodes = self._narrow([n for _, n in scored], citing, implements, title)
        if not nodes:
            return _NONE
        best = max(s for s, n in scored if n in nodes)
        nodes = sorted((n for s, n in scored if n in nodes and s >= best - 0.02), key=lambda n: self._level_rank(n))
        return Resolution(nodes[0], "subject", round(best, 4), tuple(nodes[:3]))

    def _level_rank(self, node: str) -> int:
        level = self.G.nodes[node].get("level")
        return LEVELS.index(level) if level in LEVELS else len(LEVELS)

    def _narrow(self, nodes: list[str], citing: Optional[str], implements: bool, title: str) -> list[str]:
        """Keep targets the citing document can implement, preferring named issuers."""
        if citing is not None and implements:
            region = self._region_code(citing)
            if region:
                nodes = [n for n in nodes if not self._region_code(n) or is_within(region, self._region_code(n))]
        before = normalize_title(title).split("关于")[0]
        if before:
            named = re.split(r"[、,，和及与]", before)
            hits = [n for n in nodes if any(x and x in (self.G.nodes[n].get("issuer") or "") for x in named)]
            if hits:
                nodes = hits
        return nodes

    def _region_code(self, node: str) -> Optional[str]:
        region = self.G.nodes[node].get("region")
        return self.G.nodes[region]["code"] if region and region in self.G else None

    def _family(self, citing: Optional[str]) -> set[str]:
        """The citing document with the notice that promulgates it and its sibling plans."""
        if citing is None or citing not in self.G:
            return set()
        if self.families is not None:
            if citing not in self.families:
                self.families[citing] = frozenset(self._family_of(citing))
            return set(self.families[citing])
        return self._family_of(citing)

    def _family_of(self, citing: str) -> set[str]:
        family = {citing}
        for parent in related(self.G, citing, Relation.PROMULGATES, out=False):
            family.add(parent)
            family |= set(related(self.G, parent, Relation.PROMULGATES))
        family |= set(related(self.G, citing, Relation.PROMULGATES))
        return family


#: Share of the shorter subject's bigrams that the longer must hold for an
#: untitled document's stated subject to match a cited title (see
#: :meth:`DocumentIndex._by_stated_subject`): 进一步做好就业创业工作 in
#: 进一步做好新形势下就业创业工作 is 0.9, 切实加强劳务品牌建设 against
#: 劳务品牌建设 1.0; other work on one theme (推进政务公开 vs 推进政务新媒体
#: 健康有序发展) 0.6.
STATED_OVERLAP = 0.85


def subject_overlap(a: str, b: str) -> float:
    """Share of the shorter subject's bigrams found in the longer one.

    >>> subject_overlap("进一步做好就业创业工作", "进一步做好新形势下就业创业工作")
    0.9
    >>> subject_overlap("推进政务公开", "推进政务新媒体健康有序发展")
    0.6
    """
    x = {a[i : i + 2] for i in range(len(a) - 1)}
    y = {b[i : i + 2] for i in range(len(b) - 1)}
    if not x or not y:
        return 0.0
    return len(x & y) / min(len(x), len(y))


def _genres_agree(cited: str, said: str) -> bool:
    """意见 agrees with any 意见 (指导意见, 实施意见); two qualified genres must be the same.

    >>> _genres_agree("指导意见", "意见"), _genres_agree("意见", "实施意见"), _genres_agree("指导意见", "实施意见")
    (True, True, False)
    """
    if cited == said:
        return True
    short, long_ = sorted((cited, said), key=len)
    return len(short) == 2 and long_.endswith(short)


def explained_documents(G, node: str) -> list[str]:
    """The documents the 解读 ``node`` explains (none for any other document)."""
    return sorted(related(G, node, Relation.EXPLAINS))


def explanation_edges(G, node: str, target: str, citation: dict, rule: str, common: dict) -> None:
    """The edges a 解读's citation makes besides ``cites``.

    The document it explains gets an ``explains`` edge. A document it says
    that one implements (为贯彻落实《A》…研究制定了《办法》) becomes an
    ``implements`` link of the explained document, with the 解读 as its origin
    (``rule`` ``explained_citation_*``): the 解读 itself implements nothing.
    """
    if citation.get("explains"):
        G.add_edge(node, target, key=Relation.EXPLAINS.value, **edge_attrs(Relation.EXPLAINS, rule=f"citation_{rule}", **common))
    elif citation.get("explained_implements"):
        for explained in explained_documents(G, node):
            if explained != target:
                G.add_edge(
                    explained, target, key=Relation.IMPLEMENTS.value,
                    **edge_attrs(Relation.IMPLEMENTS, rule=f"explained_citation_{rule}", **common),
                )


def prefix_close(a: str, b: str) -> bool:
    """Equal, or one is the other with one character dropped.

    >>> prefix_close("穗府办函", "穗府函"), prefix_close("粤府办", "粤府函")
    (True, False)
    """
    if a == b:
        return True
    if abs(len(a) - len(b)) != 1 or min(len(a), len(b)) < 2:
        return False
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _issuer_from_title(title: Optional[str]) -> Optional[str]:
    """The (first) issuer a title names (:func:`policykg.rules.issuers.issuer_from_title`, the rule records use)."""
    head = issuer_from_title(normalize_title(title))
    return head if head and 2 <= len(head) <= 30 and "、" not in head else None


def stub_attributes(doc_number: Optional[str], title: Optional[str]) -> dict:
    """The node attributes of a stub, read off its number's prefix (else its title's issuer).

    >>> stub_attributes("国办发〔2019〕54号", None)["issuer"]
    '国务院办公厅'
    >>> stub_attributes(None, "国务院办公厅秘书局关于印发政府网站检查指标的通知")["issuer"]
    '国务院办公厅秘书局'
    """
    parsed = parse_doc_number(doc_number)
    number = parsed.canonical() if parsed else None
    info = issuer_from_prefix(parsed.prefix) if parsed else None
    issuer = info.issuer if info else _issuer_from_title(title)
    level = info.level if info else ("national" if is_national(issuer) else None)
    years = title_years(title) or ([parsed.year] if parsed and parsed.year else [])
    return {
        "type": NodeType.DOCUMENT.value,
        "stub": True,
        "kind": None,
        "title": normalize_title(title) or None,
        "doc_number": number,
        "damaged_number": bool(parsed and parsed.damaged),
        "issuer": issuer,
        "level": level,
        "region": None,
        "region_names": [],
        "years": years,
        "record_ids": [],
        "sources": [],
        "citations": [],
        "key": number or normalize_title(title),
    }


def add_stub(G, *, doc_number: Optional[str] = None, title: Optional[str] = None) -> str:
    """Add a stub document for a cited document that is not in the graph.

    The stub is keyed by the normalised doc number, else by the normalised
    title; its issuer, level and region come from the number's prefix.

    Returns
    -------
    str
        The stub's node id (an existing node with that key is returned as is).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> n = add_stub(G, doc_number="湘政办发（2020）9号")
    >>> G.nodes[n]["issuer"], G.nodes[n]["region"]
    ('湖南省人民政府办公厅', 'region:430000')
    """
    attrs = stub_attributes(doc_number, title)
    if not attrs["key"]:
        raise ValueError("a stub needs a doc number or a title")
    node = document_node_id(attrs["key"])
    if node in G:
        return node
    G.add_node(node, **attrs)
    stub_edges(G, node)
    return node


def stub_edges(G, node: str) -> None:
    """Add a stub's jurisdiction and issued_by edges, read off its number's prefix or its issuer."""
    data = G.nodes[node]
    parsed = parse_doc_number(data.get("doc_number"))
    info = issuer_from_prefix(parsed.prefix) if parsed else None
    if info is not None:
        rule = "doc_number_prefix"
        issuer = info.issuer
        code = COUNTRY if info.level == "national" else resolve_region(names=[info.region_name])
    elif data.get("issuer"):
        rule = "title_issuer"
        issuer = data["issuer"]
        code = COUNTRY if data.get("level") == "national" else region_prefix_of(issuer)
    else:
        return
    if code:
        region = add_region(G, code)
        data["region"] = region
        data["region_names"] = region_names(code)
        data["level"] = data.get("level") or G.nodes[region]["level"]
        G.add_edge(node, region, key=Relation.JURISDICTION.value, **edge_attrs(Relation.JURISDICTION, rule=rule))
    agency = add_agency(G, issuer, region=code)
    G.add_edge(node, agency, key=Relation.ISSUED_BY.value, **edge_attrs(Relation.ISSUED_BY, rule=rule))


def restub(G, node: str) -> None:
    """Turn a document node back into a stub, keeping only what citations say of it."""
    data = G.nodes[node]
    cited = [d.get("cited_as") or {} for _, _, k, d in G.in_edges(node, keys=True, data=True) if k == Relation.CITES.value]
    number = data.get("doc_number") or next((c.get("doc_number") for c in cited if c.get("doc_number")), None)
    title = next((c.get("title") for c in cited if c.get("title")), None) or data.get("title")
    for _, target, key in list(G.out_edges(node, keys=True)):
        G.remove_edge(node, target, key)
    attrs = stub_attributes(number, title)
    attrs["key"] = data.get("key") or attrs["key"]
    data.clear()
    data.update(attrs)
    stub_edges(G, node)


def merge_into(G, stub: str, node: str) -> None:
    """Merge stub document ``stub`` into document ``node``: its citing edges move over.

    An explicit edge replaces an inferred one of the same relation.
    """
    for source, _, key, data in list(G.in_edges(stub, keys=True, data=True)):
        if source == node:
            continue
        existing = G.get_edge_data(source, node, key)
        if existing is None or (existing.get("inferred") and not data.get("inferred")):
            G.add_edge(source, node, key=key, **data)
    G.remove_node(stub)
