"""The entity layer without spaCy: finders, entity patterns, and the default reading of a text.

A *finder* is a function of a text and the document year (for 年底前) that
yields ``(start_char, end_char, value or None)``; each reuses the one rule of
:mod:`~policykg.rules.docnumbers`, :mod:`~policykg.ingest.dates`,
:mod:`~policykg.ingest.citations` or :mod:`~policykg.rules.agencies`, so a
rule exists in one place. Finders are made by factories registered by name in
:data:`FINDERS`; the patterns of ``data/entity_patterns.jsonl`` name them (or
give a ``regex``), and :class:`EntityPatterns` compiles patterns and matches
them in a text.

:func:`extract_entities` reads texts with the default patterns and the
citation finder, without building a spaCy Doc, and imports spaCy only when it
is given a pipeline to run instead (``nlp=``). The spaCy side, the pipeline
whose ``policykg_entities`` ruler uses these same patterns and finders
(registered in ``spacy.registry.misc`` under the same names), is
:mod:`~policykg.ingest.nlp`; ``tests/test_nlp.py`` checks that both readings
agree on every sentence of the sample notices.

Examples
--------
>>> EntityPatterns(read_jsonl(ENTITY_PATTERNS)).matches("到2020年底,实现电子证照汇聚种类突破500种")
[(0, 7, 'DEADLINE', '', '2020-12-31'), (10, 24, 'TARGET', '', '')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Iterable, Optional

from .citations import TITLE, find_citations
from .datafiles import ENTITY_PATTERNS, read_jsonl
from .dates import deadline_date, find_deadlines, find_targets
from policykg.rules.agencies import find_agency_names
from policykg.rules.docnumbers import normalise_doc_number, scan_doc_numbers
from policykg.errors import BadPattern
from .records import Citation, Deadline, Span, Target

if TYPE_CHECKING:  # only for the annotation: spaCy is imported when a pipeline is given
    from spacy.language import Language

__all__ = [
    "Finder",
    "FINDERS",
    "EntityPatterns",
    "DocNumberMention",
    "Entities",
    "collect",
    "extract_entities",
]

# A finder takes a text and the document year (for 年底前), and yields
# (start_char, end_char, value or None). It needs no Doc, so the default
# patterns also run on bare texts (see extract_entities).
Finder = Callable[[str, Optional[int]], Iterable[tuple[int, int, Optional[str]]]]

#: Finder factories by the name a pattern's ``"finder"`` gives; ingest/nlp.py
#: registers each in ``spacy.registry.misc`` under the same name.
FINDERS: dict[str, Callable[[], Finder]] = {}


def _finder(name: str) -> Callable[[Callable[[], Finder]], Callable[[], Finder]]:
    def register(factory: Callable[[], Finder]) -> Callable[[], Finder]:
        FINDERS[name] = factory
        return factory

    return register


@_finder("policykg.doc_numbers.v1")
def doc_number_finder() -> Finder:
    """Document numbers, valued by their normalised form."""

    def find(text: str, year: Optional[int]):
        return ((m.start, m.end, m.number) for m in scan_doc_numbers(text))

    return find


@_finder("policykg.deadlines.v1")
def deadline_finder() -> Finder:
    """Deadlines, valued by their ISO date (the document year fills in 年底前)."""

    def find(text: str, year: Optional[int]):
        return ((d.span.start, d.span.end, d.date) for d in find_deadlines(text, year=year))

    return find


@_finder("policykg.targets.v1")
def target_finder() -> Finder:
    """Quantitative targets, as the clause that states them."""

    def find(text: str, year: Optional[int]):
        return ((t.span.start, t.span.end, None) for t in find_targets(text))

    return find


@_finder("policykg.titles.v1")
def title_finder() -> Finder:
    """Titles in 《》, brackets included."""

    def find(text: str, year: Optional[int]):
        return ((m.start(), m.end(), None) for m in TITLE.finditer(text))

    return find


@_finder("policykg.agencies.v1")
def agency_finder() -> Finder:
    """Agencies named in running text (县委宣传部, 国务院办公厅), by the agency rule."""

    def find(text: str, year: Optional[int]):
        return ((a, b, None) for a, b in find_agency_names(text))

    return find


def _factory(name: str) -> Optional[Callable[[], Finder]]:
    # A name outside FINDERS (a user's finder registered with spaCy, maybe
    # through an entry point) is the only case that imports spaCy.
    factory = FINDERS.get(name)
    if factory is None:
        from .nlp import registered_finder

        factory = registered_finder(name)
    return factory


def _compile(pattern: dict) -> tuple[str, str, Finder]:
    label = pattern.get("label")
    has_regex, has_finder = "regex" in pattern, "finder" in pattern
    if not isinstance(label, str) or not label or has_regex == has_finder:
        raise BadPattern(pattern=pattern, reason="needs a label and exactly one of 'regex' or 'finder'")
    if has_finder:
        name = pattern["finder"]
        factory = _factory(name) if isinstance(name, str) else None
        if factory is None:
            raise BadPattern(pattern=pattern, reason="no finder of that name in policykg's finders or spacy.registry.misc")
        finder = factory()
    else:
        regex = re.compile(pattern["regex"])

        def finder(text: str, year: Optional[int], regex=regex):
            return ((m.start(), m.end(), None) for m in regex.finditer(text) if m.end() > m.start())

    return label, pattern.get("id", ""), finder


class EntityPatterns:
    """Entity patterns, compiled, and their matches in a text.

    Patterns are dicts: ``{"label": ..., "regex": ...}`` or
    ``{"label": ..., "finder": <name>}`` (in :data:`FINDERS` or in
    ``spacy.registry.misc``), with an
    optional ``"id"``. An invalid one raises :class:`~policykg.errors.BadPattern`
    (a ``ValueError``) naming it.

    >>> patterns = EntityPatterns([{"label": "LAW_ARTICLE", "regex": "第[一二三四五六七八九十]+条"}])
    >>> patterns.matches("条例第二十条规定"), patterns.labels
    ([(2, 6, 'LAW_ARTICLE', '', '')], ('LAW_ARTICLE',))
    """

    def __init__(self, patterns: Iterable[dict] = ()) -> None:
        self._patterns: list[dict] = []
        self._compiled: list[tuple[str, str, Finder]] = []
        self.add_patterns(patterns)

    def __len__(self) -> int:
        return len(self._patterns)

    @property
    def patterns(self) -> list[dict]:
        """The patterns as added, ready to be written back to JSONL."""
        return [dict(p) for p in self._patterns]

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels of the patterns, each once, in pattern order."""
        return tuple(dict.fromkeys(p["label"] for p in self._patterns))

    def add_patterns(self, patterns: Iterable[dict]) -> None:
        """Add patterns; an invalid one raises ``BadPattern`` naming it."""
        for pattern in patterns:
            self._compiled.append(_compile(pattern))
            self._patterns.append(dict(pattern))

    def clear(self) -> None:
        """Remove every pattern."""
        self._patterns, self._compiled = [], []

    def matches(self, text: str, year: Optional[int] = None) -> list[tuple[int, int, str, str, str]]:
        """Every pattern's matches in ``text`` as ``(start, end, label, id, value)``, character offsets.

        By start, the longest first, then in pattern order (the order of the
        spans the spaCy ruler sets). ``value`` is the normalised form or "".
        A match outside the text is dropped, as ``Doc.char_span`` drops it.

        >>> EntityPatterns(read_jsonl(ENTITY_PATTERNS)).matches("年底前完成", year=2020)
        [(0, 3, 'DEADLINE', '', '2020-12-31')]
        """
        found = [
            (start, end, label, pattern_id, value or "")
            for label, pattern_id, finder in self._compiled
            for start, end, value in finder(text, year)
            if 0 <= start <= end <= len(text)
        ]
        found.sort(key=lambda m: (m[0], -m[1]))
        return found


@lru_cache(maxsize=1)
def _default_patterns() -> EntityPatterns:
    # the patterns make_pipeline gives its policykg_entities ruler
    return EntityPatterns(read_jsonl(ENTITY_PATTERNS))


@dataclass(frozen=True)
class DocNumberMention:
    """A document number as found in a text: normalised, with its span."""

    number: str
    span: Span
    damaged: bool = False


@dataclass
class Entities:
    """What :func:`extract_entities` found in one text; spans are relative to it."""

    deadlines: list[Deadline] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    doc_numbers: list[DocNumberMention] = field(default_factory=list)
    agencies: list[Span] = field(default_factory=list)


def collect(spans: Iterable[tuple[int, int, str, str, str]], citations: list[Citation], year: Optional[int]) -> Entities:
    """Entities from labelled ``(start, end, text, label, value)`` spans: the one normalisation by label.

    Both readings end here: the direct one and a spaCy pipeline's spans.

    >>> collect([(0, 3, "年底前", "DEADLINE", "")], [], 2020).deadlines[0].date
    '2020-12-31'
    """
    out = Entities(citations=citations)
    for start, end, text, label, value in spans:
        where = Span(start, end, text)
        if label == "DEADLINE":
            out.deadlines.append(Deadline(text, value or deadline_date(text, year=year), where))
        elif label == "TARGET":
            out.targets.append(Target(text, where))
        elif label == "DOC_NUMBER":
            hit = scan_doc_numbers(text)
            damaged = bool(hit) and hit[0].damaged
            out.doc_numbers.append(DocNumberMention(value or normalise_doc_number(text), where, damaged))
        elif label == "AGENCY":
            out.agencies.append(where)
    return out


def _direct(text: str, year: Optional[int]) -> Entities:
    """What the default pipeline gives for ``text``, read without a Doc.

    One token per character in the default pipeline makes every character
    span a token span, so the spans are the same; a Doc per task was half the
    parse time. A fresh :class:`Entities` each time; the facts in it are
    frozen records, shared with the remembered reading.
    """
    found = _direct_reading(text, year)
    return Entities(list(found.deadlines), list(found.targets), list(found.citations), list(found.doc_numbers), list(found.agencies))


# Cascades restate their parents' sentences notice after notice: each
# (sentence, year) is read once per process.
@lru_cache(maxsize=1 << 14)
def _direct_reading(text: str, year: Optional[int]) -> Entities:
    return collect(
        ((start, end, text[start:end], label, value) for start, end, label, _, value in _default_patterns().matches(text, year)),
        find_citations(text),
        year,
    )


def extract_entities(
    texts: Iterable[str],
    *,
    nlp: Optional["Language"] = None,
    year: Optional[int] = None,
    batch_size: int = 64,
) -> list[Entities]:
    """Read the entities of many short texts (tasks).

    Parameters
    ----------
    texts : iterable of str
        Cleaned texts, typically one per task.
    nlp : spacy.Language, optional
        A pipeline to run instead of the default one
        (:func:`policykg.ingest.nlp.make_pipeline`), for instance with a
        trained NER in place of ``policykg_entities``. Without it the default
        patterns' finders read the texts directly, and spaCy is not imported.
    year : int, optional
        The document year, for deadlines that do not name one (年底前).
    batch_size : int
        Texts per ``nlp.pipe`` batch.

    Returns
    -------
    list of Entities
        One per text, in order.

    Examples
    --------
    >>> found = extract_entities(["贯彻落实《优化营商环境条例》,年底前完成", "湘政办发[2020]9号"], year=2020)
    >>> [(d.text, d.date) for d in found[0].deadlines], found[0].citations[0].implements
    ([('年底前', '2020-12-31')], True)
    >>> found[1].doc_numbers[0].number
    '湘政办发〔2020〕9号'
    """
    if nlp is None:
        return [_direct(text, year) for text in texts]
    from .nlp import pipe_entities

    return pipe_entities(texts, nlp, year=year, batch_size=batch_size)
