"""The spaCy pipeline that marks entities in task texts.

:func:`make_pipeline` builds it on ``spacy.blank("zh")`` (the default
character segmenter: no model download, no jieba) from three components:

``policykg_entities``
    A regex entity ruler. Its patterns live in ``data/entity_patterns.jsonl``;
    each has a ``label`` and either a ``regex`` or the name of a *finder*, a
    function registered in ``spacy.registry.misc`` that reuses the one rule of
    :mod:`~policykg.rules.docnumbers` or :mod:`~policykg.ingest.dates` (so each
    rule exists in one place). Matches go to ``doc.spans["policykg"]``, which
    may overlap (a deadline inside a target), and the longest of them to
    ``doc.ents``. A match's normalised value (the doc number in canonical form,
    a deadline's ISO date) is its ``kb_id_``.
``policykg_roles``
    spaCy's own ``span_ruler`` with phrase patterns from
    ``policykg/rules/data/role_patterns.jsonl``: role words (牵头, 负责, 分工负责, 配合) and
    collectives (各乡镇人民政府, 县直相关单位), in ``doc.spans["policykg_roles"]``.
``policykg_citations``
    Sets ``doc._.citations`` with :func:`~policykg.ingest.citations.find_citations`.

More patterns can be added the way spaCy's rulers take them::

    nlp.get_pipe("policykg_entities").add_patterns([{"label": "LAW_ARTICLE", "regex": "第[一二三四五六七八九十百]+条"}])

and the entity component can be replaced by a trained NER:
:func:`extract_entities` reads ``doc.ents`` when ``doc.spans["policykg"]`` is
absent, and normalises by label. With the default pipeline it runs the entity
ruler's finders and the citation finder on the text itself, without building
a Doc: one token per character makes every character span a token span, so
the spans are the same (``tests/test_nlp.py`` checks both ways agree), and a
Doc per task was half the parse time.

Examples
--------
>>> nlp = make_pipeline()
>>> doc = nlp("到2020年底,实现电子证照汇聚种类突破500种")
>>> [(s.label_, s.text, s.kb_id_) for s in doc.spans["policykg"]]
[('DEADLINE', '到2020年底', '2020-12-31'), ('TARGET', '电子证照汇聚种类突破500种', '')]
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans

from .citations import TITLE, find_citations
from .datafiles import ENTITY_PATTERNS, ROLE_PATTERNS, read_jsonl
from .dates import deadline_date, find_deadlines, find_targets
from policykg.rules.agencies import find_agency_names
from policykg.rules.docnumbers import normalise_doc_number, scan_doc_numbers
from policykg.errors import BadPattern
from .records import Citation, Deadline, Span, Target

__all__ = [
    "SPANS_KEY",
    "ROLES_KEY",
    "ENTITY_PATTERNS",
    "ROLE_PATTERNS",
    "RegexEntityRuler",
    "DocNumberMention",
    "Entities",
    "make_pipeline",
    "extract_entities",
    "read_jsonl",
]

SPANS_KEY = "policykg"
ROLES_KEY = "policykg_roles"

# A finder takes a text and the document year (for 年底前), and yields
# (start_char, end_char, value or None). It needs no Doc, so the default
# pipeline's finders also run on bare texts (see extract_entities).
Finder = Callable[[str, Optional[int]], Iterable[tuple[int, int, Optional[str]]]]

if not Doc.has_extension("citations"):
    Doc.set_extension("citations", default=None)
if not Doc.has_extension("year"):
    # The document year, for deadlines such as 年底前 that do not name one.
    Doc.set_extension("year", default=None)


_TEXT_KEY = "policykg.text"


def _doc_text(doc: Doc) -> str:
    # Doc.text joins every token each time it is read; the components all
    # need it, so it is read once per doc and kept.
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


@spacy.registry.misc("policykg.doc_numbers.v1")
def doc_number_finder() -> Finder:
    """Document numbers, valued by their normalised form."""

    def find(text: str, year: Optional[int]):
        return ((m.start, m.end, m.number) for m in scan_doc_numbers(text))

    return find


@spacy.registry.misc("policykg.deadlines.v1")
def deadline_finder() -> Finder:
    """Deadlines, valued by their ISO date (``doc._.year`` fills in 年底前)."""

    def find(text: str, year: Optional[int]):
        return ((d.span.start, d.span.end, d.date) for d in find_deadlines(text, year=year))

    return find


@spacy.registry.misc("policykg.targets.v1")
def target_finder() -> Finder:
    """Quantitative targets, as the clause that states them."""

    def find(text: str, year: Optional[int]):
        return ((t.span.start, t.span.end, None) for t in find_targets(text))

    return find


@spacy.registry.misc("policykg.titles.v1")
def title_finder() -> Finder:
    """Titles in 《》, brackets included."""

    def find(text: str, year: Optional[int]):
        return ((m.start(), m.end(), None) for m in TITLE.finditer(text))

    return find


@spacy.registry.misc("policykg.agencies.v1")
def agency_finder() -> Finder:
    """Agencies named in running text (县委宣传部, 国务院办公厅), by the agency rule."""

    def find(text: str, year: Optional[int]):
        return ((a, b, None) for a, b in find_agency_names(text))

    return find


class RegexEntityRuler:
    """Mark entities found by regular expressions or registered finders.

    Patterns are dicts: ``{"label": ..., "regex": ...}`` or
    ``{"label": ..., "finder": <name in spacy.registry.misc>}``, with an
    optional ``"id"`` copied to the spans' ``id_``. Character matches are
    mapped to tokens with ``alignment_mode="expand"``.
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "policykg_entities",
        *,
        spans_key: str = SPANS_KEY,
        annotate_ents: bool = True,
        overwrite_ents: bool = False,
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.annotate_ents = annotate_ents
        self.overwrite_ents = overwrite_ents
        self._patterns: list[dict] = []
        self._compiled: list[tuple[str, str, Finder]] = []

    def __len__(self) -> int:
        return len(self._patterns)

    @property
    def patterns(self) -> list[dict]:
        """The patterns as added, ready to be written back to JSONL."""
        return [dict(p) for p in self._patterns]

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p["label"] for p in self._patterns))

    def add_patterns(self, patterns: Iterable[dict]) -> None:
        """Add patterns; an invalid one raises ``ValueError`` naming it."""
        for pattern in patterns:
            self._compiled.append(self._compile(pattern))
            self._patterns.append(dict(pattern))

    def clear(self) -> None:
        self._patterns, self._compiled = [], []

    def initialize(self, get_examples=None, *, nlp: Optional[Language] = None, patterns: Optional[Sequence[dict]] = None) -> None:
        """Replace the patterns, so they can come from ``[initialize]`` in a config."""
        if patterns is not None:
            self.clear()
            self.add_patterns(patterns)

    @staticmethod
    def _compile(pattern: dict) -> tuple[str, str, Finder]:
        label = pattern.get("label")
        has_regex, has_finder = "regex" in pattern, "finder" in pattern
        if not isinstance(label, str) or not label or has_regex == has_finder:
            raise BadPattern(pattern=pattern, reason="needs a label and exactly one of 'regex' or 'finder'")
        if has_finder:
            finder = spacy.registry.misc.get(pattern["finder"])()
        else:
            regex = re.compile(pattern["regex"])

            def finder(text: str, year: Optional[int], regex=regex):
                return ((m.start(), m.end(), None) for m in regex.finditer(text) if m.end() > m.start())

        return label, pattern.get("id", ""), finder

    def matches(self, text: str, year: Optional[int] = None) -> list[tuple[int, int, str, str, str]]:
        """Every pattern's matches in ``text`` as ``(start, end, label, id, value)``, character offsets.

        In the order of the spans the component sets: by start, the longest
        first, then in pattern order. ``value`` is the normalised form or "".
        A match outside the text is dropped, as ``Doc.char_span`` drops it.

        >>> make_pipeline().get_pipe("policykg_entities").matches("年底前完成", year=2020)
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

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        # one token per character (CharTokenizer) makes these exact; another
        # tokenizer widens a match to the tokens it touches
        for start, end, label, pattern_id, value in self.matches(_doc_text(doc), doc._.year):
            span = doc.char_span(start, end, label=label, kb_id=value, alignment_mode="expand")
            if span is not None:
                if pattern_id:
                    span.id_ = pattern_id
                spans.append(span)
        spans.sort(key=lambda s: (s.start, -s.end))
        doc.spans[self.spans_key] = spans
        if self.annotate_ents:
            # Reading doc.ents walks every token, so it is skipped when no
            # earlier component set any.
            keep = not self.overwrite_ents and doc.has_annotation("ENT_IOB")
            doc.ents = filter_spans((list(doc.ents) if keep else []) + spans)
        return doc

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps(self._patterns, ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "RegexEntityRuler":
        self.clear()
        self.add_patterns(json.loads(data.decode("utf-8")))
        return self

    def to_disk(self, path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        lines = (json.dumps(p, ensure_ascii=False) + "\n" for p in self._patterns)
        (path / "patterns.jsonl").write_text("".join(lines), encoding="utf-8")

    def from_disk(self, path, *, exclude: Iterable[str] = ()) -> "RegexEntityRuler":
        self.clear()
        self.add_patterns(read_jsonl(Path(path) / "patterns.jsonl"))
        return self


@Language.factory(
    "policykg_entities",
    default_config={"spans_key": SPANS_KEY, "annotate_ents": True, "overwrite_ents": False},
)
def make_entity_ruler(nlp: Language, name: str, spans_key: str, annotate_ents: bool, overwrite_ents: bool) -> RegexEntityRuler:
    return RegexEntityRuler(nlp, name, spans_key=spans_key, annotate_ents=annotate_ents, overwrite_ents=overwrite_ents)


class CitationFinder:
    """Set ``doc._.citations`` to the citations of the doc's text."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.citations = find_citations(_doc_text(doc))
        return doc


@Language.factory("policykg_citations")
def make_citation_finder(nlp: Language, name: str) -> CitationFinder:
    return CitationFinder()


class CharTokenizer:
    """One token per character, whitespace included.

    spaCy's Chinese ``char`` segmenter gives the same tokens for Chinese text
    but aligns them with the text through a general routine that costs three
    times the tokenisation itself; one token per character needs no alignment.
    The entity layer works on character offsets, so nothing else changes.

    >>> import spacy
    >>> [t.text for t in CharTokenizer(spacy.blank("zh").vocab)("年底 前")]
    ['年', '底', ' ', '前']
    """

    def __init__(self, vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words = list(text)
        return Doc(self.vocab, words=words, spaces=[False] * len(words))

    # A rule tokenizer has no state: serialisation writes nothing.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "CharTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> "CharTokenizer":
        return self


@spacy.registry.tokenizers("policykg.char_tokenizer.v1")
def create_char_tokenizer() -> Callable[[Language], CharTokenizer]:
    return lambda nlp: CharTokenizer(nlp.vocab)


def make_pipeline() -> Language:
    """Build the entity pipeline on ``spacy.blank("zh")``.

    Returns
    -------
    spacy.Language
        With ``policykg_entities``, ``policykg_roles`` and
        ``policykg_citations``, patterns loaded from ``data/``.

    Examples
    --------
    >>> make_pipeline().pipe_names
    ['policykg_entities', 'policykg_roles', 'policykg_citations']
    >>> doc = make_pipeline()("(省政务局牵头;各市州、县市区人民政府负责)")
    >>> [(s.text, s.label_, s.id_) for s in doc.spans["policykg_roles"]]
    [('牵头', 'ROLE', 'lead'), ('各市州', 'COLLECTIVE', ''), ('县市区人民政府', 'COLLECTIVE', ''), ('负责', 'ROLE', 'responsible')]
    """
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "policykg.char_tokenizer.v1"}}})
    entities = nlp.add_pipe("policykg_entities")
    entities.add_patterns(read_jsonl(ENTITY_PATTERNS))
    roles = nlp.add_pipe(
        "span_ruler",
        name="policykg_roles",
        config={
            "spans_key": ROLES_KEY,
            # 按职责分工负责 over 负责, 负责人 (a post) over 负责.
            "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
            "validate": True,
        },
    )
    roles.add_patterns(read_jsonl(ROLE_PATTERNS))
    nlp.add_pipe("policykg_citations")
    return nlp


@lru_cache(maxsize=1)
def _default_pipeline() -> Language:
    return make_pipeline()


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


def _entities(doc: Doc, year: Optional[int]) -> Entities:
    spans: Iterable[SpacySpan] = doc.spans[SPANS_KEY] if SPANS_KEY in doc.spans else doc.ents
    citations = doc._.citations
    return _collect(
        ((s.start_char, s.end_char, s.text, s.label_, s.kb_id_) for s in spans),
        list(citations) if citations is not None else find_citations(_doc_text(doc)),
        year,
    )


def _collect(spans: Iterable[tuple[int, int, str, str, str]], citations: list[Citation], year: Optional[int]) -> Entities:
    """Entities from labelled ``(start, end, text, label, value)`` spans: the one normalisation by label."""
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
    """What the default pipeline gives for ``text``, read without a Doc (see the module docstring).

    A fresh :class:`Entities` each time; the facts in it are frozen records,
    shared with the remembered reading.
    """
    found = _direct_reading(text, year)
    return Entities(list(found.deadlines), list(found.targets), list(found.citations), list(found.doc_numbers), list(found.agencies))


# Cascades restate their parents' sentences notice after notice: each
# (sentence, year) is read once per process.
@lru_cache(maxsize=1 << 14)
def _direct_reading(text: str, year: Optional[int]) -> Entities:
    ruler = _default_pipeline().get_pipe("policykg_entities")
    return _collect(
        ((start, end, text[start:end], label, value) for start, end, label, _, value in ruler.matches(text, year)),
        find_citations(text),
        year,
    )


def extract_entities(
    texts: Iterable[str],
    *,
    nlp: Optional[Language] = None,
    year: Optional[int] = None,
    batch_size: int = 64,
) -> list[Entities]:
    """Run the pipeline over many short texts (tasks) and collect what it found.

    Parameters
    ----------
    texts : iterable of str
        Cleaned texts, typically one per task.
    nlp : spacy.Language, optional
        A pipeline to run instead of the default :func:`make_pipeline` one,
        for instance with a trained NER in place of ``policykg_entities``.
        Without it the default pipeline's finders read the texts directly.
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

    def docs() -> Iterator[Doc]:
        for text in texts:
            doc = nlp.make_doc(text)
            doc.user_data[_TEXT_KEY] = text
            doc._.year = year
            yield doc

    return [_entities(doc, year) for doc in nlp.pipe(docs(), batch_size=batch_size)]
