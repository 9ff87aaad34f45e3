"""Which document a reference means: the one rule every command and every store uses.

A reference is what a user types after ``show``, ``trace``, ``upstream``,
``coverage`` or ``remove``: an id, a document number in any bracket form (with
or without surrounding brackets or 《》), a title, or a part of a title that
only one document has. :func:`find_document` answers it over *candidate
rows*, so the embedded store, the networkx graph and the graph databases
(which fetch the rows with Cypher, see :func:`prefilter`) give the same
answer to the same reference.

The tiers, tried in order, each deciding when it matches anything:

1. an id (or an alias of one: a graph node's record ids, its id without the
   ``doc:`` prefix);
2. the document number, normalised by
   :func:`policykg.rules.docnumbers.normalise_doc_number`;
3. the whole title, normalised by :func:`policykg.rules.titles.normalize_title`;
4. a part of a title.

Within a tier several hits are narrowed: a real document beats stubs (cited
documents not ingested), and for a part of a title, a title that starts with
the part beats titles that merely contain it (平江县2020年政务管理服务 is the
plan, not the notice that prints the plan's title inside its own). Still
several: :class:`~policykg.errors.AmbiguousReference`, listing them.

Examples
--------
>>> rows = [
...     Candidate("n1", "平政办发〔2020〕5号", "平江县人民政府办公室关于印发《平江县2020年政务管理服务工作要点》的通知"),
...     Candidate("n1-1", None, "平江县2020年政务管理服务工作要点"),
... ]
>>> find_document("(平政办发〔2020〕5号)", rows), find_document("平江县2020年政务管理服务", rows)
('n1', 'n1-1')
>>> find_document("政务管理服务", rows)
Traceback (most recent call last):
...
policykg.errors.AmbiguousReference: [E102] '政务管理服务' matches 2 documents: n1 (平江县人民政府办公室关于印发《平江县2020年政务管理服务工作要点》的通知), n1-1 (平江县2020年政务管理服务工作要点) (repeat the command with one of these ids, or with a longer part of the title)
"""

from __future__ import annotations

from typing import Iterable, NamedTuple, Optional

from policykg.errors import AmbiguousReference, DocumentNotFound

from .docnumbers import normalise_doc_number
from .titles import normalize_title

__all__ = ["Candidate", "Prefilter", "find_document", "prefilter", "by_title", "NODE_PREFIX"]

NODE_PREFIX = "doc:"
"""How the graph writes a document's id; a reference may carry it (``doc:湘政办发〔2020〕9号``)."""


class Candidate(NamedTuple):
    """A document that a reference may mean.

    ``aliases`` are other ids that name the same document (a graph node's
    record ids); ``stub`` marks a document known only from citations.
    """

    id: str
    doc_number: Optional[str]
    title: Optional[str]
    stub: bool = False
    aliases: tuple = ()


class Prefilter(NamedTuple):
    """What a store may filter its documents on before calling :func:`find_document`.

    Every document :func:`find_document` can pick has its id (or an alias) in
    ``ids``, its ``doc_number`` equal to ``number``, or ``title_part`` inside
    its normalised title, so a graph database fetches only those rows.
    """

    ids: tuple
    number: Optional[str]
    title_part: str


def _forms(ref: str) -> tuple:
    ref = (ref or "").strip()
    bare = ref[len(NODE_PREFIX):] if ref.startswith(NODE_PREFIX) else ref
    return tuple(dict.fromkeys(f for f in (ref, bare, NODE_PREFIX + bare) if f))


def prefilter(ref: str) -> Prefilter:
    """The ids, number and title part a reference can match.

    >>> prefilter(" 湘政办发[2020]9号 ")
    Prefilter(ids=('湘政办发[2020]9号', 'doc:湘政办发[2020]9号', 'doc:湘政办发〔2020〕9号'), number='湘政办发〔2020〕9号', title_part='湘政办发[2020]9号')
    """
    forms = _forms(ref)
    bare = forms[1] if len(forms) > 1 and forms[0].startswith(NODE_PREFIX) else (forms[0] if forms else "")
    number = normalise_doc_number(bare)
    if number:
        forms = tuple(dict.fromkeys(forms + (NODE_PREFIX + number,)))
    return Prefilter(forms, number, normalize_title(bare))


def by_title(ref: str, titles: Iterable[tuple]) -> list:
    """The keys of the ``(key, normalised title)`` pairs that :func:`find_document` can pick by their title: the rows a store needs.

    For a store that reads titles apart from the rows (an index), each
    normalised by :func:`~policykg.rules.titles.normalize_title`, and has
    found no document by id or number: the whole title (tier 3) decides
    before a part of one (tier 4),
    so when some titles are the reference's, only they can be picked;
    otherwise every title holding it can. A national plan's title is held
    by the title of every lower plan (2018年政务公开工作要点 in
    北京市2018年政务公开工作要点): its one row is read, not thousands.

    >>> by_title("《平江县2020年政务公开工作要点》", [(1, "平江县2020年政务公开工作要点"), (2, "关于印发平江县2020年政务公开工作要点的通知")])
    [1]
    >>> by_title("平江县2020年政务公开", [(1, "平江县2020年政务公开工作要点"), (2, "关于印发平江县2020年政务公开工作要点的通知"), (3, None)])
    [1, 2]
    """
    norm = prefilter(ref).title_part
    if not norm:
        return []
    holding = [(key, title) for key, title in titles if title and norm in title]
    whole = [key for key, title in holding if title == norm]
    return whole or [key for key, _ in holding]


def _narrow(hits: list, norm: str, *, by_start: bool) -> list:
    if len(hits) <= 1:
        return hits
    real = [c for c in hits if not c.stub]
    if len(real) == 1:
        return real
    if by_start:
        leading = [c for c in (real or hits) if normalize_title(c.title).startswith(norm)]
        if len(leading) == 1:
            return leading
    return hits


def find_document(ref: str, candidates: Iterable[Candidate]) -> str:
    """The id of the one candidate that ``ref`` means.

    Parameters
    ----------
    ref : str
        An id, a document number in any form, a title or a unique part of one.
    candidates : iterable of Candidate
        The documents to choose from (all of them, or at least every row
        :func:`prefilter` lets through).

    Returns
    -------
    str
        The candidate's ``id``.

    Raises
    ------
    DocumentNotFound
        Nothing matches.
    AmbiguousReference
        Several documents match and nothing above tells them apart; they are
        listed, best first.

    Examples
    --------
    >>> rows = [Candidate("doc:湘政办发〔2020〕9号", "湘政办发〔2020〕9号", "湖南省人民政府办公厅关于印发某要点的通知")]
    >>> find_document("湘政办发(2020)9号", rows), find_document("《湘政办发〔2020〕9号》", rows)
    ('doc:湘政办发〔2020〕9号', 'doc:湘政办发〔2020〕9号')
    >>> find_document("某要点", rows)
    'doc:湘政办发〔2020〕9号'
    >>> find_document("湘政办发〔2020〕10号", rows)
    Traceback (most recent call last):
    ...
    policykg.errors.DocumentNotFound: [E101] no document matches '湘政办发〔2020〕10号' (use a doc number (any bracket form), a title or a part of it that is unique, or an id as printed by `policykg dump`)
    """
    shown = (ref or "").strip()
    rows = list(candidates)
    spec = prefilter(ref)
    if not spec.ids:
        raise DocumentNotFound(ref=shown)
    ids = set(spec.ids)
    norm = spec.title_part
    tiers = [
        (lambda c: c.id in ids or bool(ids.intersection(c.aliases)), False),
        (lambda c: spec.number is not None and c.doc_number == spec.number, False),
        (lambda c: bool(norm) and normalize_title(c.title) == norm, False),
        (lambda c: bool(norm) and norm in normalize_title(c.title), True),
    ]
    for test, by_start in tiers:
        hits = sorted((c for c in rows if test(c)), key=lambda c: c.id)
        hits = _narrow(hits, norm, by_start=by_start)
        if len(hits) == 1:
            return hits[0].id
        if hits:
            if by_start:  # the likeliest first: titles that start with the part
                hits.sort(key=lambda c: (not normalize_title(c.title).startswith(norm), c.stub, c.id))
            raise AmbiguousReference(ref=shown, candidates=[c.id for c in hits], titles=[c.title for c in hits])
    raise DocumentNotFound(ref=shown)
