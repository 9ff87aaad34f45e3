"""Build the graph from records, add documents to it, and remove them again.

A document's node is keyed by its identity, not by the record's id, so the
same notice scraped from two mirror sites, or cited before it was ingested,
is one node:

- a document with a doc number is keyed by the normalised number
  (``doc:湘政办发〔2020〕9号``);
- a plan promulgated by a notice by the notice's key and the plan's title
  (``doc:湘政办发〔2020〕9号/湖南省2020年政务公开工作要点``);
- anything else by issuer and normalised title.

Adding a document whose key is already a stub turns the stub into it; adding
a copy of a document already there (re-encoded, re-scraped, mirrored) keeps
the best reading by the rule of :mod:`policykg.ingest.copies` (a doc number,
then more tasks, then fewer damage flags, then the smallest file hash), so the
graph does not depend on the order copies arrive in, and lists every copy's
source; adding a record again (same id or file) replaces its facts. After the nodes are in, citations are resolved
(:mod:`~policykg.graph.resolve`), and task alignments and inferred links are
made for the new documents and those whose inputs changed (:mod:`~policykg.graph.infer`).

The graph is a function of the set of records, not of their order nor of
how they were split between calls (``tests/test_graph_incremental.py``
checks it): records are taken in a canonical order; citations resolve in
a canonical order too, and adding or removing documents resolves again
every citation that could now resolve otherwise, with the stubs they make
(a stub's title is the one the first citation in that order gives it);
inferred links are weighed again for every document whose candidates or
explicit links changed; agencies keep the mentions of the edges that
remain, and regions nothing lies in go (:func:`remove_records`).

Examples
--------
>>> from policykg.ingest.records import Document, Citation
>>> doc = Document(id="gd", kind="opinion", title="广东省人民政府办公厅关于全面推进基层政务公开标准化规范化工作的实施意见",
...                doc_number="粤府办[2020]10号", region_code="440000", level="provincial",
...                cites=[Citation("国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见", "国办发〔2019〕54号", True)])
>>> G = build_graph([doc])
>>> G.nodes["doc:国办发〔2019〕54号"]["stub"]
True
>>> G.has_edge("doc:粤府办〔2020〕10号", "doc:国办发〔2019〕54号", "implements")
True
>>> remove_document(G, "粤府办〔2020〕10号")
['doc:粤府办〔2020〕10号']
>>> "doc:国办发〔2019〕54号" in G
False
"""

from __future__ import annotations

import uuid

from typing import Iterable, NamedTuple, Optional

import networkx as nx

from policykg.ingest.copies import file_damage, reading_rank

from .agencies import add_agency, add_party, prune_parties, refresh_mentions
from .held import Kept, changed_documents, changes_since, held
from .working_set import load_everything, touched
from .align import remove_alignments
from .infer import link_documents, task_documents
from policykg.rules.docnumbers import normalise_doc_number, parse_doc_number
from policykg.rules.titles import (
    normalize_title,
    subject_similarity,
    title_years,
)
from .regions import COUNTRY, add_region, region_names, resolve_region
from .resolve import (
    SUBJECT_THRESHOLD,
    STATED_OVERLAP,
    explained_documents,
    explanation_edges,
    subject_overlap,
    DocumentIndex,
    citation_keys,
    document_keys,
    add_stub,
    looks_like_title,
    merge_into,
    restub,
    stub_attributes,
    stub_edges,
)
from .schema import (
    ROLE_RELATIONS,
    NodeType,
    Relation,
    document_node_id,
    document_tasks,
    edge_attrs,
    edge_data,
    keyed_edges,
    related,
    task_node_id,
)

__all__ = ["build_graph", "add_documents", "remove_records", "Removed", "canonical_order", "prune_regions", "remove_document", "document_tasks", "SCHEMA_VERSION"]

#: 2: the graph is a function of the set of records (a graph saved with 1 was
#: built in arrival order, so a change to it is made by building it again).
SCHEMA_VERSION = 2


def build_graph(documents: Iterable, *, infer: bool = True) -> nx.MultiDiGraph:
    """Build a graph from :class:`~policykg.ingest.records.Document` records.

    Parameters
    ----------
    documents : iterable of Document
    infer : bool
        Align tasks and infer implements-links (see :mod:`~policykg.graph.infer`).

    Returns
    -------
    networkx.MultiDiGraph

    Examples
    --------
    >>> from policykg.ingest.records import Document
    >>> G = build_graph([Document(id="x", kind="notice", title="关于某事的通知", doc_number="湘政办发〔2020〕9号")])
    >>> sorted(n for n in G if n.startswith("doc:"))
    ['doc:湘政办发〔2020〕9号']
    """
    G = nx.MultiDiGraph(policykg_schema=SCHEMA_VERSION)
    add_documents(G, documents, infer=infer)
    return G


def add_documents(
    G, documents: Iterable, *, infer: bool = True, relink: Iterable[str] = (), seeds: Iterable = ()
) -> list[str]:
    """Add documents to ``G``, resolving their citations and linking them.

    The result is a function of the set of records in ``G`` afterwards, not
    of the order they came in (nor of how they were split into calls):
    ``add_documents(build_graph(a), b)`` equals ``build_graph(a + b)``. So
    the records are taken in a canonical order (:func:`canonical_order`),
    every citation a change can reach is resolved again, with the stubs it
    touches, as the full build resolves them (:func:`relink_citations`),
    and links are inferred again for every document whose inputs changed.

    Parameters
    ----------
    G : MultiDiGraph
    documents : iterable of Document
        Records; a plan comes with the notice that promulgates it.
    infer : bool
        Align tasks and infer implements-links for the documents added.
    relink : iterable of str
        Documents whose inferred links must be weighed again as well (the
        children of documents just removed, :func:`remove_records`).
    seeds : iterable
        Keys (:func:`~policykg.graph.resolve.document_keys`) of documents
        just removed, whose citers must be resolved again; ``("d", node)``:
        a document whose own citations must be resolved again.

    Returns
    -------
    list of str
        Node ids of the documents added or changed (a mirror that brought
        nothing new is not listed).
    """
    docs = canonical_order(documents)
    relink = {n for n in relink if n in G}
    seeds = set(seeds)
    keys = _keys(G, docs)
    # what the documents there now (a stub, a reading to be replaced) are found by
    was_stub: set[str] = set()
    for node in {document_node_id(k) for k in keys.values()}:
        if node in G:
            seeds |= document_keys(G.nodes[node])
            if G.nodes[node].get("stub"):
                was_stub.add(node)
            for target in _citation_targets(G, node):
                if G.nodes[target].get("stub"):
                    seeds |= document_keys(G.nodes[target])
            # the documents a 解读 replaced here explains: what it said of them is made again
            seeds |= {("d", e) for e in explained_documents(G, node)}
            seeds |= _numbers_given(G.nodes[node])
    # documents not in the graph before: their candidate children need weighing against them alone
    existed = {node for node in {document_node_id(k) for k in keys.values()} if node in G}
    changed: list[str] = []
    replaced: set[str] = set()
    files = file_damage(docs)  # a file's records always come together
    for doc in docs:
        node = _add_document(G, doc, keys, replaced, files)
        if node and node not in changed:
            changed.append(node)
    before, after = relink_citations(G, set(changed), seeds)
    # agencies only a replaced reading or a dropped stub named, and their regions
    prune_parties(G)
    prune_regions(G)
    if infer:
        # the citing end of an explicit link that came or went: its own links are weighed again,
        # and the alignments along the link made again. The cited end is not: what it implements
        # is unchanged, and so are its other children's links, each weighed on its own (a national
        # plan cited by one more county would have all its thousands of children weighed again)
        moved = {child for child, _ in before ^ after if child in G}
        # a stub turned into a document (with tasks, perhaps)
        moved |= {n for n in was_stub if n in G and not G.nodes[n].get("stub")}
        moved |= {n for n in relink if n in G}
        moved |= {t for n in moved for t in task_documents(G, n)}
        for node in moved:
            _drop_explicit_alignments(G, node)
        if changed or moved:
            link_documents(G, sorted(set(changed) | moved), new=set(changed) - existed)
    touch(G)
    return changed


def _citation_targets(G, node: str) -> set[str]:
    return {v for _, v, k, d in keyed_edges(G, node, _CITATION_RELATIONS) if _is_citation_edge(k, d)}


class Removed(NamedTuple):
    """What :func:`remove_records` took out, for :func:`add_documents` to finish."""

    again: set  # record ids to add again (the other copies of the documents taken out)
    relink: set  # documents whose inferred links must be weighed again
    seeds: set  # keys of what was taken out, whose citers must be resolved again


def remove_records(G, record_ids: Iterable[str]) -> Removed:
    """Take out of ``G`` every document built from one of ``record_ids``.

    A document with copies among other records goes too: the caller adds
    those records again (with :func:`add_documents`), so its best reading is
    chosen from the copies that remain. Pass what it returns to
    :func:`add_documents`, which also resolves the citations that reached
    them again (a document still cited becomes a stub) and prunes what
    nothing refers to.
    """
    from .infer import PeriodIndex, candidate_children

    gone = set(record_ids)
    nodes = sorted(
        n for n, d in G.nodes(data=True)
        if d.get("type") == NodeType.DOCUMENT.value and not d.get("stub") and gone & set(d.get("record_ids", ()))
    )
    again: set[str] = set()
    relink: set[str] = set()
    index = PeriodIndex(G)
    for node in nodes:
        again |= set(G.nodes[node]["record_ids"]) - gone
        relink |= set(candidate_children(G, node, index))
        relink |= {s for s, _, k, d in G.in_edges(node, keys=True, data=True) if k == Relation.IMPLEMENTS.value and d.get("inferred")}
        # what cites it explicitly must be linked again to what replaces it
        relink |= {s for s, _, k in G.in_edges(node, keys=True) if k in _CITING}
    seeds: set = set()
    cited: set[str] = set()
    for node in nodes:
        seeds |= document_keys(G.nodes[node]) | _numbers_given(G.nodes[node])
        for target in _citation_targets(G, node):
            if G.nodes[target].get("stub"):
                cited.add(target)
                seeds |= document_keys(G.nodes[target])
    # what a 解读 taken out said of the documents it explains goes with it; those
    # documents are linked again (another 解读 may say the same of them)
    explained = _explained_edges(G, nodes)
    relink |= {u for u, _, _ in explained}
    seeds |= {("d", e) for n in nodes for e in explained_documents(G, n)}
    G.remove_edges_from(explained)
    parties: set[str] = set()
    for node in nodes:
        for task in document_tasks(G, node):
            parties |= set(G.successors(task))
            G.remove_node(task)
        G.remove_node(node)
    _drop_uncited_stubs(G, cited)
    refresh_mentions(G, parties)
    touch(G)
    return Removed(again, relink - set(nodes), seeds)


def _numbers_given(data: dict) -> set:
    """The numbers a document's citations give beside a title: what they name goes with the document.

    (:meth:`~policykg.graph.resolve.DocumentIndex._adopt_cited_numbers`: a
    citation by that number alone resolves to the titled document only while
    a citation gives it the number.)
    """
    return {k for c in data.get("citations", ()) if c.get("title") for k in citation_keys(c["title"], c["doc_number"]) if k[0] == "n"}


def prune_regions(G) -> int:
    """Remove region nodes nothing lies in or refers to any more (leaves first). Returns how many."""
    removed = 0
    leaves = [n for n, d in touched(G) if d.get("type") == NodeType.REGION.value and G.in_degree(n) == 0]
    while leaves:
        node = leaves.pop()
        if node not in G or G.in_degree(node):
            continue
        parents = list(G.successors(node))
        G.remove_node(node)
        removed += 1
        leaves.extend(p for p in parents if G.nodes[p].get("type") == NodeType.REGION.value and G.in_degree(p) == 0)
    return removed


def canonical_order(documents: Iterable) -> list:
    """The records in an order that depends only on the set of them.

    By record id (a file's records share their id's stem, the notice's
    first), each plan after the record that promulgates it.
    """
    docs = sorted(documents, key=lambda d: d.id)
    by_id = {d.id: d for d in docs}
    out: list = []
    placed: set[str] = set()

    def place(doc, depth=0) -> None:
        if doc.id in placed:
            return
        if doc.parent in by_id and depth < 5:
            place(by_id[doc.parent], depth + 1)
        placed.add(doc.id)
        out.append(doc)

    for doc in docs:
        place(doc)
    return out


def _documents(G) -> list[str]:
    return [n for n, d in G.nodes(data=True) if d.get("type") == NodeType.DOCUMENT.value]


def _drop_explicit_alignments(G, node: str) -> None:
    """Remove the task alignments made along explicit links of ``node`` (made again by linking)."""
    key = Relation.IMPLEMENTS.value
    for task in document_tasks(G, node):
        edges = [(u, v) for u, v, k, d in G.out_edges(task, keys=True, data=True) if k == key and (d.get("evidence") or {}).get("basis") == "explicit"]
        edges += [(u, v) for u, v, k, d in G.in_edges(task, keys=True, data=True) if k == key and (d.get("evidence") or {}).get("basis") == "explicit"]
        for u, v in edges:
            if G.has_edge(u, v, key):
                G.remove_edge(u, v, key)


def _is_citation_edge(key: str, data: dict) -> bool:
    return key in _CITATION_EDGES and not data.get("inferred") and str(data.get("rule") or "").startswith("citation_")


def _cited(data: dict) -> tuple:
    """What :class:`_CitationKeys` files a document by: the (title, number) of each of its citations."""
    citations = data.get("citations")
    return tuple([(c["title"], c["doc_number"]) for c in citations]) if citations else ()


class _CitationKeys(Kept):
    """Which documents cite by which key (:func:`~policykg.graph.resolve.citation_keys`), read from the graph.

    Kept in step with the graph by :meth:`refresh`, which files again only
    the documents whose citations changed.
    """

    #: key kinds matched by likeness, not equality: a title's subject, an untitled document's stated subject
    _NEAR = {"s": lambda a, b: subject_similarity(a, b) >= SUBJECT_THRESHOLD, "ss": lambda a, b: subject_overlap(a, b) >= STATED_OVERLAP}

    def __init__(self, G) -> None:
        self.G = G
        self.by_key: dict = {}
        self.by_subject: dict[str, dict[str, set[str]]] = {kind: {} for kind in self._NEAR}
        self.by_bigram: dict[str, dict[str, set[str]]] = {kind: {} for kind in self._NEAR}
        self._prints: dict[str, tuple] = {}  # node → the (title, number) of each citation it was filed by
        self._filed: dict[str, list] = {}  # node → the keys it is filed under
        self.journal_mark = None  # where in the graph's journal the tables are in step (held.changes_since)
        self.refresh()

    def refresh(self) -> "_CitationKeys":
        """Bring the tables in step with the graph's documents as they are now; returns itself."""
        candidates, self.journal_mark = changes_since(self.G, self.journal_mark)
        changed, gone = changed_documents(self.G, self._prints, _cited, candidates)
        for node, _, cited in changed:
            self._unfile(node)
            self._file(node, cited)
        for node in gone:
            self._unfile(node)
        return self

    def _file(self, node: str, cited: tuple) -> None:
        self._prints[node] = cited
        if not cited:
            return  # (a document that cites nothing is filed under no key)
        keys = [key for title, number in cited for key in citation_keys(title, number)]
        self._filed[node] = keys
        for key in keys:
            kind = key[0]
            if kind in self._NEAR:
                subjects = self.by_subject[kind]
                nodes = subjects.get(key[1])
                if nodes is None:
                    nodes = subjects[key[1]] = set()
                    for i in range(len(key[1]) - 1):
                        self.by_bigram[kind].setdefault(key[1][i : i + 2], set()).add(key[1])
                nodes.add(node)
            else:
                self.by_key.setdefault(key, set()).add(node)

    def _unfile(self, node: str) -> None:
        self._prints.pop(node, None)
        for key in self._filed.pop(node, ()):
            table = self.by_subject[key[0]] if key[0] in self._NEAR else self.by_key
            table.get(key[1] if key[0] in self._NEAR else key, set()).discard(node)

    def contents(self) -> dict:
        """The tables as plain data, without what no document is filed under (the check of :meth:`refresh`)."""
        return {
            "by_key": {k: frozenset(v) for k, v in self.by_key.items() if v},
            **{f"by_subject_{kind}": {k: frozenset(v) for k, v in t.items() if v} for kind, t in self.by_subject.items()},
        }

    def citing(self, key) -> set[str]:
        """The documents with a citation that may resolve to what has ``key`` (a subject: a similar one)."""
        kind = key[0]
        if kind not in self._NEAR:
            return self.by_key.get(key, set())
        subject, near_enough = key[1], self._NEAR[kind]
        near: set[str] = set()
        for i in range(len(subject) - 1):
            near |= self.by_bigram[kind].get(subject[i : i + 2], set())
        out: set[str] = set()
        for other in near:
            if near_enough(subject, other):
                out |= self.by_subject[kind][other]
        return out


def _reach(G, changed: set[str], seeds: set) -> tuple[set[str], set[str]]:
    """The documents whose citations a change can reach, and the stubs those citations made.

    From the keys of what changed (``seeds``, and the documents
    ``changed``): every document with a citation looked up by one of those
    keys, the keys of all its citations (a stub it may make), the stubs it
    resolved to and every other document citing those; until nothing new.
    A citation outside is looked up by no key a stub made or dropped here
    could have, so it resolves as before.
    """
    index = held(G, "citations", _CitationKeys)
    dry = _DryRun(G)
    docs: set[str] = set()
    stubs: set[str] = set()
    seen: set = set()
    keys = set(seeds)
    pending = [n for n in changed if n in G]
    for node in pending:
        keys |= document_keys(G.nodes[node])
    # a stub the change itself names (a removed citer's, a replaced reading's, one a new document
    # is known by) may lose the citation that gave it its title or number: it is always made again
    named = frozenset(keys)
    while keys or pending:
        while keys:
            key = keys.pop()
            if key in seen:
                continue
            seen.add(key)
            if key[0] == "d":  # a document to relink itself (:func:`remove_records`)
                if key[1] in G:
                    pending.append(key[1])
                continue
            pending.extend(index.citing(key) - docs)
        if pending:
            node = pending.pop()
            if node in docs:
                continue
            docs.add(node)
            # a 解读, the documents it explains and their other 解读 are relinked together:
            # what a 解读 says of the document it explains is an edge of that document
            pending.extend(_explanation_family(G, node) - docs)
            may_resolve_to: set[str] = set()
            landed: set[str] = set()  # stubs only citations that land on them resolve to
            moving: set[str] = set()
            for c in G.nodes[node].get("citations", ()):
                cited = citation_keys(c["title"], c["doc_number"])
                if _lands_on_documents(G, node, c, dry):
                    # it makes no stub and touches none; only a number it gives beside a title that
                    # some citation claims for a titled document reaches further (see _numbers_given)
                    cited = {k for k in cited if k[0] == "n"} if c.get("title") and dry.claimed(c["doc_number"]) else set()
                    if dry.makes_stub(node, c):
                        landed.update(c.get("resolved") or ())
                    else:  # a document would take it from its stub: the full build never made that stub
                        moving.update(c.get("resolved") or ())
                else:
                    # the stubs it may resolve to are made again in the canonical order, as its targets are
                    may_resolve_to |= dry.stubs_found(c)
                    moving.update(c.get("resolved") or ())
                keys |= cited - seen
            # a stub that every citation of it here lands on, and would make were it not there, is the
            # same whoever cites it first: it is not made again, so its other citers are not reached
            # through it (a stub of a law cited by every county pulled all of them into each chunk's
            # relinking: docs/scale.md, session 16)
            kept = {t for t in landed - moving if t in G and not document_keys(G.nodes[t]) & named}
            for target in (_citation_targets(G, node) - kept) | may_resolve_to:
                if G.nodes[target].get("stub") and target not in stubs:
                    stubs.add(target)
                    keys |= document_keys(G.nodes[target]) - seen
                    pending.extend(s for s, _, k, d in keyed_edges(G, target, _CITATION_RELATIONS, out=False) if _is_citation_edge(k, d) and s not in docs)
    return docs, stubs


class _DryRun:
    """How a citation not resolved yet would resolve now (an index built on first use, that changes nothing)."""

    def __init__(self, G) -> None:
        self.G = G
        self._index: Optional[DocumentIndex] = None

    def index(self) -> DocumentIndex:
        if self._index is None:
            self._index = held(self.G, "documents", DocumentIndex, fold_stubs=False)
        return self._index

    def claimed(self, doc_number: Optional[str]) -> bool:
        """Whether some citation gives ``doc_number`` to a document known by title (:attr:`DocumentIndex.claimed`)."""
        parsed = parse_doc_number(doc_number)
        return bool(parsed) and parsed.canonical() in self.index().claimed

    def stubs_found(self, citation: dict) -> set[str]:
        """The stubs filed under the keys ``citation`` is looked up by."""
        parsed = parse_doc_number(citation["doc_number"])
        keys = citation_keys(citation["title"], citation["doc_number"])
        return self.index().found_by(keys, stubs=True, prefix=parsed.prefix if parsed else None)

    def makes_stub(self, node: str, citation: dict) -> bool:
        """Whether ``citation`` of ``node`` finds no document but stubs (and so makes or joins a stub)."""
        found = self.index().resolve(
            doc_number=citation["doc_number"], title=citation["title"], citing=node, implements=citation["implements"], stubs=False
        )
        return found.rule != "self" and not found.node

    def targets(self, node: str, citation: dict) -> Optional[list[str]]:
        found = self.index().resolve(
            doc_number=citation["doc_number"], title=citation["title"], citing=node, implements=citation["implements"]
        )
        return None if found.rule == "self" else list(found.nodes) if found.node else []


def _lands_on_documents(G, node: str, citation: dict, dry: _DryRun) -> bool:
    """Whether ``citation`` of ``node`` resolves (or, not resolved yet, would resolve) to stored documents only, or to itself.

    Such a citation makes no stub and touches none, so resolving it again
    reaches no other document's citations: :func:`_reach` does not follow
    its keys. Relinking the documents it reached gives the same graph as
    following them (the incremental tests compare with the full build).
    """
    if citation.get("rule") == "self":
        return True
    if citation.get("rule") is None:
        targets = dry.targets(node, citation)
        if targets is None:
            return True
    else:
        targets = citation.get("resolved") or []
    if not targets or not all(t in G and _fixed_for(G.nodes[t], citation) for t in targets):
        return False
    # a stub its keys find may be made, in the canonical order, after this citation is resolved
    # (resolving it again would find the stub where the full build did not): its keys are followed
    return dry.stubs_found(citation) <= set(targets)


#: what a stub is made of (:func:`~policykg.graph.resolve.stub_attributes`): its edges follow from these
_STUB_FIELDS = ("title", "doc_number", "damaged_number", "issuer", "level", "years", "key")


def _fixed_for(data: dict, citation: dict) -> bool:
    """A stored document, or a stub that would be the same had ``citation`` made it.

    A stub takes its title and number from the first citation (in the
    canonical order) that gives them, and the rest from the citation that
    made it (:func:`_enrich_stub`). One that already has the very title and
    number this citation gives is the same whichever of its citers comes
    first. So is one this citation gives its number alone, when the stub
    made from that number and then given its title is the stub as it is: a
    citation of 国办发〔2019〕54号 by its number alone joins the stub its
    titled citations made, and changes it in no way.
    """
    if not data.get("stub"):
        return True
    made = stub_attributes(citation["doc_number"], citation["title"])
    if made["title"] is None and made["doc_number"] and data.get("title"):
        # a number alone: had it made the stub, the stub's titled citations would give the title, and only that
        made["title"] = data["title"]
        return all(made[field] == data.get(field) for field in _STUB_FIELDS)
    return bool(data.get("title")) and (data.get("title"), data.get("doc_number")) == (made["title"], made["doc_number"])


def _explanation_family(G, node: str) -> set[str]:
    """The documents ``node`` explains, those explaining it, and those explaining what it explains."""
    explained = set(explained_documents(G, node)) | {node}
    return {s for e in explained for s in related(G, e, Relation.EXPLAINS, out=False)} | explained


def _explained_edges(G, nodes: Iterable[str]) -> list[tuple[str, str, str]]:
    """The edges the 解读 among ``nodes`` made on the documents they explain (:func:`~policykg.graph.resolve.explanation_edges`)."""
    out = []
    for node in nodes:
        for explained in explained_documents(G, node):
            out += [(u, v, k) for u, v, k, d in G.out_edges(explained, keys=True, data=True)
                    if d.get("origin") == node and str(d.get("rule") or "").startswith("explained_citation_")]
    return out


def _explicit_out(G, nodes: Iterable[str]) -> set[tuple[str, str]]:
    nodes = set(nodes)
    nodes |= {e for n in list(nodes) if n in G for e in explained_documents(G, n)}  # what a 解读 said of them
    return {(u, v) for n in nodes if n in G for u, v, _, d in keyed_edges(G, n, [Relation.IMPLEMENTS]) if not d.get("inferred")}


def relink_citations(G, changed: set[str], seeds: set) -> tuple[set, set]:
    """Resolve again every citation a change can reach (:func:`_reach`), as the full build resolves them.

    The full build resolves every citation in a canonical order (by citing
    document, then as written), those with a doc number or a title first,
    loose references after (they may resolve to a stub any other citation
    made); a stub gets its title and number from the first citation in that
    order. Here the citations reached are resolved in that same order, their
    stubs made again, and the rest is left as it is: it resolves as before.

    Returns the explicit implements-links out of the documents reached,
    before and after.
    """
    docs, stubs = _reach(G, changed, seeds)
    documents = sorted(n for n in docs if not G.nodes[n].get("stub"))
    before = _explicit_out(G, documents)
    G.remove_edges_from(_explained_edges(G, documents))
    edges = _CitationEdges(G, documents)
    for stub in stubs:
        if stub in G and G.nodes[stub].get("stub"):
            # every citation of it is among those reached; inferred links never reach a stub
            G.remove_node(stub)
    index = held(G, "documents", DocumentIndex, fold_stubs=True)  # (the dry run of _reach left foldable stubs to this)
    index.families = {}  # relinking changes no promulgates-link
    old = {}
    for node in documents:
        old[node] = [dict(c) for c in G.nodes[node]["citations"]]
        for citation in G.nodes[node]["citations"]:
            citation.update(resolved=[], rule=None, confidence=None)
    # numbered and titled citations first, loose references after: a loose
    # reference may resolve to a stub that any other citation made
    # (and in each, a 解读's explained document first: what the 解读 says it implements hangs on it)
    for node in documents:
        for citation in _explained_first(G.nodes[node]["citations"]):
            if parse_doc_number(citation["doc_number"]) or looks_like_title(citation["title"]):
                _link_citation(G, node, citation, index, edges)
    for node in documents:
        for citation in _explained_first(G.nodes[node]["citations"]):
            if citation["rule"] is None:
                _link_citation(G, node, citation, index, edges)
    edges.finish()
    for node in documents:
        # set again where it changed: the citations were changed in place, which
        # a graph that notes changed attributes (graph.embedded.TrackedGraph) would not see
        citations = G.nodes[node]["citations"]
        if citations != old[node]:
            G.nodes[node]["citations"] = list(citations)
    return before, _explicit_out(G, documents)


class _CitationEdges:
    """The citation edges out of documents being relinked, made again as if from scratch but changed only where they differ.

    Most citations resolve as before; taking their edges out and putting
    them back would read every edge at both ends (a national plan is cited
    by thousands) and write them all again. So an edge made again with the
    attributes it has is left as it is, and those not made again go at the
    end (:meth:`finish`). A 解读's ``explains`` edges go first, as before:
    what it explains is read back while its citations are linked.
    """

    def __init__(self, G, documents: list[str]) -> None:
        self.G = G
        self.old: set[tuple[str, str, str]] = set()
        explains = []
        for node in documents:
            for u, v, k, d in keyed_edges(G, node, _CITATION_RELATIONS):
                if not _is_citation_edge(k, d):
                    continue
                if k == Relation.EXPLAINS.value:
                    explains.append((u, v, k))
                else:
                    self.old.add((u, v, k))
        G.remove_edges_from(explains)
        self.made: set[tuple[str, str, str]] = set()
        self.citations_of: dict[str, list[dict]] = {}  # target → the citations linked to it so far

    def put(self, u: str, v: str, relation: Relation, attrs: dict) -> None:
        """``G.add_edge(u, v, key=relation.value, **attrs)`` on the graph with the old citation edges taken out."""
        edge = (u, v, relation.value)
        if edge not in self.made:  # else a later citation's attributes go over an earlier one's, as add_edge does
            self.made.add(edge)
            if edge in self.old:
                now = edge_data(self.G, u, v, relation)
                if now is not None and dict(now) == attrs:
                    return
                if now is not None:
                    self.G.remove_edge(*edge)  # made anew, as from scratch: no attribute of the old one left
        self.G.add_edge(u, v, key=relation.value, **attrs)

    def linked(self, citation: dict) -> None:
        """``citation`` was just resolved (its ``resolved`` set): noted, in case a target is renamed after (:meth:`moved`)."""
        for target in citation["resolved"]:
            self.citations_of.setdefault(target, []).append(citation)

    def moved(self, stub: str, new: str) -> None:
        """The stub ``stub`` became ``new`` (a number given, :func:`_enrich_stub`): the edges made into it moved with it.

        So do the citations resolved to it before: they name ``new``, as a
        citation resolved after the renaming does. (No old edge leads into a
        stub: the stubs a relinked document cited were taken out before
        linking, :func:`relink_citations`, so every citation of it is one
        linked here.)
        """
        self.made |= {(u, new, k) for u, v, k in self.made if v == stub}
        for citation in self.citations_of.pop(stub, ()):
            citation["resolved"] = list(dict.fromkeys(new if t == stub else t for t in citation["resolved"]))
            self.citations_of.setdefault(new, []).append(citation)

    def finish(self) -> None:
        """Take out the old citation edges not made again."""
        for u, v, k in sorted(self.old - self.made):
            if edge_data(self.G, u, v, Relation(k)) is not None:
                self.G.remove_edge(u, v, k)


def _explained_first(citations: list[dict]) -> list[dict]:
    return sorted(citations, key=lambda c: not c.get("explains"))


def _drop_uncited_stubs(G, nodes: Iterable[str]) -> None:
    for stub in sorted(nodes):
        if stub in G and G.nodes[stub].get("stub") and not any(k in _CITING for _, _, k in G.in_edges(stub, keys=True)):
            G.remove_node(stub)


def touch(G) -> None:
    """Mark ``G`` as changed, so caches keyed on its revision (the search index) are rebuilt.

    Every function of this module that changes a graph calls it; code that
    changes a graph by hand should too.
    """
    # unique across processes: a graph loaded from disk keeps the revision it was saved with
    G.graph["revision"] = uuid.uuid4().hex


# -- keys ---------------------------------------------------------------------


class _Identities:
    """What identifies a document already seen (in the graph or earlier in the batch).

    The graph's real documents, by record and by title (the held
    :class:`~policykg.graph.resolve.DocumentIndex`: not read again from
    every document), and what the batch adds as it is keyed.
    """

    def __init__(self, G) -> None:
        self.G = G
        self.index = self._documents()
        self.by_title: dict[str, list[tuple[str, Optional[str], Optional[str]]]] = {}  # this batch's

    def _documents(self) -> DocumentIndex:
        # a lookup, not a linking: no stub is folded here (the linking's refresh folds them)
        return held(self.G, "documents", DocumentIndex, fold_stubs=False)

    def record_key(self, record_id: Optional[str]) -> Optional[str]:
        """The key of the document of the graph built from the record ``record_id``."""
        node = self.index.by_record.get(record_id)
        return self.G.nodes[node]["key"] if node in self.G else None

    def note(self, key: str, title: Optional[str], issuer: Optional[str], number: Optional[str]) -> None:
        self.by_title.setdefault(normalize_title(title), []).append((key, issuer, number))

    def rename(self, old: str, new: str) -> None:
        """A document (and its plans) got a new key (:func:`_rekey` renamed them in the graph)."""
        def renamed(key: str) -> str:
            return new + key[len(old):] if key == old or key.startswith(old + "/") else key

        self.index = self._documents()
        self.by_title = {t: [(renamed(k), i, n) for k, i, n in entries] for t, entries in self.by_title.items()}

    def same_title(self, title: str, issuer: Optional[str], number: Optional[str]) -> Optional[str]:
        """The key of a document with this title and issuer whose number does not contradict.

        The graph's documents first (by key: the answer does not hang on
        the order they were stored in; a plan known by its notice's key is
        found through the notice), then the batch's, as they came.
        """
        norm = normalize_title(title)
        stored = sorted(
            ((d["key"], d.get("issuer"), d.get("doc_number")) for d in (self.G.nodes[n] for n in self.index.titled(norm))
             if d.get("kind") != "plan" or "/" not in d["key"]),
            key=lambda entry: entry[0],
        )
        for key, other_issuer, other_number in stored + self.by_title.get(norm, []):
            if issuer and issuer == other_issuer and (not number or not other_number or number == other_number):
                return key
        return None


def _keys(G, docs: list) -> dict[str, str]:
    """The identity key of each record (see the module docstring)."""
    by_id = {d.id: d for d in docs}
    keys: dict[str, str] = {}
    seen = _Identities(G)

    def key_of(doc, depth=0) -> str:
        if doc.id in keys:
            return keys[doc.id]
        number = normalise_doc_number(doc.doc_number)
        title = normalize_title(doc.title)
        parent_key = None
        if not number and doc.parent and depth < 5:
            parent = by_id.get(doc.parent)
            parent_key = key_of(parent, depth + 1) if parent else seen.record_key(doc.parent)
        if parent_key:
            key = f"{parent_key}/{title}"
        else:
            # a mirror that lost (or gained) its number line is still the same document
            key = seen.same_title(title, doc.issuer, number) or number or (f"{doc.issuer}:{title}" if doc.issuer else title or doc.id)
            if number and key != number and document_node_id(key) in G and not G.nodes[document_node_id(key)].get("doc_number"):
                # the copy that came first had lost its number line: the
                # document is known by its number, as if this copy came first
                _rekey(G, key, number)
                seen.rename(key, number)
                key = number
            seen.note(key, doc.title, doc.issuer, number)
        keys[doc.id] = key
        return key

    # Numbered readings first: a copy that lost its number line then joins
    # the number's key whatever order the batch came in.
    for doc in sorted(docs, key=lambda d: not normalise_doc_number(d.doc_number)):
        key_of(doc)
    return keys


def _rekey(G, old: str, new: str) -> None:
    """Give the document keyed ``old``, its plans and their tasks the key ``new``.

    Every reference to the renamed nodes (edge origins, resolved citations,
    evidence) is renamed with them.
    """
    load_everything(G)  # references to the renamed nodes may be anywhere
    renamed: dict[str, str] = {}
    keys: dict[str, str] = {}
    for node, data in G.nodes(data=True):
        key = data.get("key")
        if data.get("type") == NodeType.DOCUMENT.value and key and (key == old or key.startswith(old + "/")):
            keys[node] = new + key[len(old):]
            renamed[node] = document_node_id(keys[node])
    for node, data in G.nodes(data=True):
        if data.get("type") == NodeType.TASK.value and data.get("document") in keys:
            renamed[node] = task_node_id(keys[data["document"]], data["position"])
    nx.relabel_nodes(G, renamed, copy=False)

    def rename(value):
        if isinstance(value, str):
            return renamed.get(value, value)
        if isinstance(value, list):
            return [rename(v) for v in value]
        if isinstance(value, dict):
            return {k: rename(v) for k, v in value.items()}
        return value

    for _, data in G.nodes(data=True):
        for name, value in data.items():
            data[name] = rename(value)
    for _, _, data in G.edges(data=True):
        for name, value in data.items():
            data[name] = rename(value)
    for node, key in keys.items():
        G.nodes[renamed[node]]["key"] = key


# -- documents ----------------------------------------------------------------


def _source(doc) -> Optional[dict]:
    return {"path": doc.source.path, "sha256": doc.source.sha256} if doc.source else None


def _years(doc, number: Optional[str], parent: Optional[dict]) -> list[int]:
    years = title_years(doc.title)
    if years:
        return years
    if parent and parent.get("years"):
        return list(parent["years"])
    parsed = parse_doc_number(number)
    if parsed and parsed.year:
        return [parsed.year]
    for date in (doc.signed_date, doc.published_date):
        if date and date[:4].isdigit():
            return [int(date[:4])]
    return []


_CITING = (Relation.CITES.value, Relation.IMPLEMENTS.value)
#: the edges a citation makes out of the citing document (a 解读's explains besides cites)
_CITATION_EDGES = _CITING + (Relation.EXPLAINS.value,)
_CITATION_RELATIONS = [Relation(k) for k in _CITATION_EDGES]


def _add_document(G, doc, keys: dict[str, str], replaced: set[str], files: dict[str, int]) -> Optional[str]:
    """Add one record's document; a worse copy of a document there only adds its source.

    ``replaced`` collects the nodes whose reading was replaced.
    """
    key = keys[doc.id]
    node = document_node_id(key)
    source = _source(doc)
    record_ids, sources = [doc.id], [source] if source else []
    rank = list(reading_rank(doc, files))
    if node in G and not G.nodes[node].get("stub"):
        data = G.nodes[node]
        record_ids = sorted(_union(data["record_ids"], record_ids))
        sources = sorted(_union(data["sources"], sources), key=lambda s: (s["sha256"], s["path"]))
        current = data.get("reading") or {}
        if current.get("record") != doc.id and current.get("rank") and current["rank"] <= rank:
            data["record_ids"], data["sources"] = record_ids, sources
            return None  # a copy that reads no better: only its source is kept
        cited = {t for _, t, k in G.out_edges(node, keys=True) if k in _CITING}
        _clear_facts(G, node)
        # before the new reading links its citations, as if it came first
        _drop_uncited_stubs(G, cited)
        replaced.add(node)
    elif node in G:  # a stub becomes the real document
        for _, target, k in list(G.out_edges(node, keys=True)):
            G.remove_edge(node, target, k)

    parent_node = document_node_id(keys[doc.parent]) if doc.parent in keys else _node_of_record(G, doc.parent)
    parent = G.nodes[parent_node] if parent_node in G else None
    number = normalise_doc_number(doc.doc_number) or (G.nodes[node].get("doc_number") if node in G else None)
    code = resolve_region(code=doc.region_code, names=doc.region, hint=doc.issuer)
    if code is None and parent and parent.get("region"):
        code = G.nodes[parent["region"]]["code"]
    if code is None and doc.level == "national":
        code = COUNTRY
    region = add_region(G, code) if code else None
    G.add_node(
        node,
        type=NodeType.DOCUMENT.value,
        stub=False,
        kind=doc.kind,
        title=normalize_title(doc.title) or doc.title,
        doc_number=number,
        damaged_number=False,
        issuer=doc.issuer or (parent or {}).get("issuer"),
        level=doc.level or (parent or {}).get("level"),
        region=region,
        region_names=region_names(code) if code else list(doc.region),
        years=_years(doc, number, parent),
        signed_date=doc.signed_date or (parent or {}).get("signed_date"),
        published_date=doc.published_date,
        effective_date=doc.effective_date,
        expiry_date=doc.expiry_date,
        record_ids=record_ids,
        sources=sources,
        reading={"record": doc.id, "rank": rank},
        citations=[],
        key=key,
    )
    if getattr(doc, "subject", None) is not None:  # an untitled document: what its opening says it is about
        G.nodes[node]["stated_subject"] = {"text": doc.subject.text, "genre": doc.subject.genre}
    origin = {"origin": node}
    if region:
        G.add_edge(node, region, key=Relation.JURISDICTION.value, **edge_attrs(Relation.JURISDICTION, rule="record_region", **origin))
    issuer = G.nodes[node]["issuer"]
    if issuer:
        agency = add_agency(G, issuer, region=code)
        G.add_edge(node, agency, key=Relation.ISSUED_BY.value, **edge_attrs(Relation.ISSUED_BY, rule="record_issuer", **origin))
    if parent is not None:
        G.add_edge(
            parent_node,
            node,
            key=Relation.PROMULGATES.value,
            **edge_attrs(Relation.PROMULGATES, span=_span(doc.span), rule="record_parent", **origin),
        )
    for task in doc.tasks:
        _add_task(G, node, key, task, code)
    G.nodes[node]["citations"] = [
        {
            "title": c.title,
            "doc_number": c.doc_number,
            "implements": c.implements,
            "explains": getattr(c, "explains", False),
            "explained_implements": getattr(c, "explained_implements", False),
            "evidence": c.evidence,
            "span": _span(c.span),
            "resolved": [],
            "rule": None,
            "confidence": None,
        }
        for c in doc.cites
    ]
    return node


def _union(a: list, b: list) -> list:
    out = list(a)
    for x in b:
        if x not in out:
            out.append(x)
    return out


def _node_of_record(G, record_id: Optional[str]) -> Optional[str]:
    if not record_id:
        return None
    for n, d in G.nodes(data=True):
        if d.get("type") == NodeType.DOCUMENT.value and record_id in d.get("record_ids", ()):
            return n
    return None


def _span(span) -> Optional[dict]:
    # by hand: dataclasses.asdict deep-copies, and a national corpus has millions of spans
    return {"start": span.start, "end": span.end, "text": span.text} if span is not None else None


def _add_task(G, doc_node: str, key: str, task, region: Optional[str]) -> str:
    node = task_node_id(key, task.position)
    G.add_node(
        node,
        type=NodeType.TASK.value,
        document=doc_node,
        record_id=task.id,
        position=task.position,
        number=task.number,
        number_printed=task.number_printed,
        section=task.section,
        heading=task.heading,
        text=task.text,
        deadlines=[{"text": d.text, "date": d.date} for d in task.deadlines],
        targets=[t.text for t in task.targets],
        span=_span(task.span),
        # what ingest read as the responsibility clause, so alignment need not find it again
        clause=task.clause.text if task.clause is not None else None,
    )
    origin = {"origin": doc_node}
    G.add_edge(doc_node, node, key=Relation.CONTAINS.value, **edge_attrs(Relation.CONTAINS, span=_span(task.span), rule="record_task", **origin))
    for relation in ROLE_RELATIONS:
        for party in getattr(task, relation.value):
            target = add_party(G, party, region=region)
            G.add_edge(
                node,
                target,
                key=relation.value,
                **edge_attrs(relation, span=_span(party.span), rule="record_clause", mention=party.mention, **origin),
            )
    return node


# -- citations ----------------------------------------------------------------


def _link_citation(G, node: str, citation: dict, index: DocumentIndex, edges: "_CitationEdges") -> None:
    resolution = index.resolve(
        doc_number=citation["doc_number"], title=citation["title"], citing=node, implements=citation["implements"]
    )
    if resolution.rule == "self":
        citation.update(resolved=[], rule="self", confidence=None)
        return
    targets = list(resolution.nodes) if resolution.node else []
    rule = resolution.rule
    if not targets and (parse_doc_number(citation["doc_number"]) or looks_like_title(citation["title"])):
        stub = add_stub(G, doc_number=citation["doc_number"], title=citation["title"])
        index.add(stub)
        targets, rule = [stub], "stub"
    if not targets:
        citation.update(resolved=[], rule="unresolved", confidence=None)
        return
    targets = [_enrich_stub(G, t, citation, index, edges) for t in targets]
    if rule in ("doc_number", "title") and all(G.nodes[t].get("stub") for t in targets):
        # a stub another document's citation made: the same link as if this citation had made it
        rule = "stub"
    confidence = resolution.confidence if rule not in ("stub", "doc_number", "title") else None
    citation.update(resolved=targets, rule=rule, confidence=confidence)
    edges.linked(citation)
    cited_as = {"title": citation["title"], "doc_number": citation["doc_number"]}
    for target in targets:
        if citation["implements"]:
            _drop_inferred_link(G, node, target)
        common = {"span": citation["span"], "origin": node, "confidence": confidence, "evidence": citation["evidence"], "cited_as": cited_as}
        edges.put(node, target, Relation.CITES, edge_attrs(Relation.CITES, rule=f"citation_{rule}", **common))
        if citation["implements"]:
            edges.put(node, target, Relation.IMPLEMENTS, edge_attrs(Relation.IMPLEMENTS, rule=f"citation_{rule}", **common))
        if citation.get("explained_implements"):
            for explained in explained_documents(G, node):
                if explained != target:
                    _drop_inferred_link(G, explained, target)  # as an explicit link of its own does
        explanation_edges(G, node, target, citation, rule, common)


def _drop_inferred_link(G, child: str, parent: str) -> None:
    """An explicit link replaces an inferred one (and the alignments it rested on)."""
    data = edge_data(G, child, parent, Relation.IMPLEMENTS)
    if data is not None and data.get("inferred"):
        remove_alignments(G, child, parent)
        G.remove_edge(child, parent, Relation.IMPLEMENTS.value)


def _enrich_stub(G, stub: str, citation: dict, index: DocumentIndex, edges: _CitationEdges) -> str:
    """Give a stub what a citation adds (a title, a number); rekey it by its number."""
    data = G.nodes[stub]
    if not data.get("stub"):
        return stub
    if not data.get("title") and citation["title"]:
        data["title"] = normalize_title(citation["title"])
        index.add(stub)
    number = normalise_doc_number(citation["doc_number"])
    if number and not data.get("doc_number"):
        new = document_node_id(number)
        index.discard(stub)
        if new in G:
            merge_into(G, stub, new)
        else:
            nx.relabel_nodes(G, {stub: new}, copy=False)
            G.nodes[new].update(stub_attributes(number, G.nodes[new].get("title")))
            stub_edges(G, new)
        index.add(new)
        edges.moved(stub, new)
        return new
    return stub


# -- removal ------------------------------------------------------------------


def _clear_facts(G, node: str) -> None:
    """Remove what ``node``'s record asserted and what was inferred from it.

    Kept: the node, and what other documents assert about it (their citing
    edges, a notice's promulgates edge to it).
    """
    for task in document_tasks(G, node):
        G.remove_node(task)
    for explained in explained_documents(G, node):  # what a 解读 said of the documents it explains
        for _, target, key, data in list(G.out_edges(explained, keys=True, data=True)):
            if data.get("origin") == node:
                G.remove_edge(explained, target, key)
    for _, target, key, data in list(G.out_edges(node, keys=True, data=True)):
        if data.get("origin") in (node, None) or data.get("inferred"):
            G.remove_edge(node, target, key)
    for source, _, key, data in list(G.in_edges(node, keys=True, data=True)):
        if data.get("inferred"):
            G.remove_edge(source, node, key)


def remove_document(G, ref: str, *, plans: bool = True) -> list[str]:
    """Remove a document with its tasks, its facts and the links that rested on them.

    Removed: the document's tasks (and so every task alignment involving
    them), every edge its record asserted, every inferred link to or from it,
    and stubs only it cited. A document that other documents still cite
    becomes a stub again (same node, what the citations say of it). Agencies
    and collectives no longer referred to go too.

    Parameters
    ----------
    G : MultiDiGraph
    ref : str
        Node id, doc number (any bracket form) or title; see
        :func:`~policykg.graph.queries.find_document`.
    plans : bool
        Also remove the plans the document promulgates (they came from the
        same file).

    Returns
    -------
    list of str
        The document nodes removed or turned back into stubs.

    Raises
    ------
    DocumentNotFound, AmbiguousReference
    """
    from .queries import find_document

    root = find_document(G, ref)
    nodes = [root]
    if plans:
        nodes += [t for _, t, k in G.out_edges(root, keys=True) if k == Relation.PROMULGATES.value and not G.nodes[t].get("stub")]
    cited: set[str] = set()
    for node in nodes:
        cited |= {t for _, t, k in G.out_edges(node, keys=True) if k in (Relation.CITES.value, Relation.IMPLEMENTS.value)}
        _clear_facts(G, node)
        for source, _, key in list(G.in_edges(node, keys=True)):
            if key == Relation.PROMULGATES.value:
                G.remove_edge(source, node, key)
    for node in nodes:
        if any(k in (Relation.CITES.value, Relation.IMPLEMENTS.value) for _, _, k in G.in_edges(node, keys=True)):
            restub(G, node)
        else:
            G.remove_node(node)
    for stub in cited - set(nodes):
        if stub in G and G.nodes[stub].get("stub") and not any(
            k in (Relation.CITES.value, Relation.IMPLEMENTS.value) for _, _, k in G.in_edges(stub, keys=True)
        ):
            G.remove_node(stub)
    prune_parties(G)
    touch(G)
    return nodes
