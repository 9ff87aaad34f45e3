"""The spaCy pipeline that marks entities in task texts.

:func:`make_pipeline` builds it on ``spacy.blank("zh")`` (the default
character segmenter: no model download, no jieba) from three components:

``policykg_entities``
    A regex entity ruler. Its patterns live in ``data/entity_patterns.jsonl``;
    each has a ``label`` and either a ``regex`` or the name of a *finder*.
    The finders, the pattern compiler and the matcher are spaCy-free, in
    :mod:`~policykg.ingest.entities`; this module registers each finder in
    ``spacy.registry.misc`` under the same name, and a pattern may also name
    a user's finder registered only there. Matches go to
    ``doc.spans["policykg"]``, which may overlap (a deadline inside a
    target), and the longest of them to ``doc.ents``. A match's normalised
    value (the doc number in canonical form, a deadline's ISO date) is its
    ``kb_id_``.
``policykg_roles``
    spaCy's own ``span_ruler`` with phrase patterns from
    ``policykg/rules/data/role_patterns.jsonl``: role words (牵头, 负责, 分工负责, 配合) and
    collectives (各乡镇人民政府, 县直相关单位), in ``doc.spans["policykg_roles"]``.
``policykg_citations``
    Sets ``doc._.citations`` with :func:`~policykg.ingest.citations.find_citations`.

More patterns can be added the way spaCy's rulers take them::

    nlp.get_pipe("policykg_entities").add_patterns([{"label": "LAW_ARTICLE", "regex": "第[一二三四五六七八九十百]+条"}])

and the entity component can be replaced by a trained NER:
``extract_entities(texts, nlp=...)`` reads ``doc.ents`` when
``doc.spans["policykg"]`` is absent, and normalises by label. Without
``nlp=``, :func:`~policykg.ingest.entities.extract_entities` (re-exported
here) runs the default patterns' finders and the citation finder on the text
itself, without building a Doc and without importing spaCy: one token per
character makes every character span a token span, so the spans are the same
(``tests/test_nlp.py`` checks both ways agree), and a Doc per task was half
the parse time. Ingest imports only that module, so a parse never pays for
importing spaCy.

Examples
--------
>>> nlp = make_pipeline()
>>> doc = nlp("到2020年底,实现电子证照汇聚种类突破500种")
>>> [(s.label_, s.text, s.kb_id_) for s in doc.spans["policykg"]]
[('DEADLINE', '到2020年底', '2020-12-31'), ('TARGET', '电子证照汇聚种类突破500种', '')]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans

from .citations import find_citations
from .datafiles import ENTITY_PATTERNS, ROLE_PATTERNS, read_jsonl
from .entities import FINDERS, DocNumberMention, Entities, EntityPatterns, Finder, collect, extract_entities

# These lived here before the spaCy-free part moved to ingest/entities.py;
# importing them from here keeps working.
from .entities import (  # noqa: F401
    agency_finder,
    deadline_finder,
    doc_number_finder,
    target_finder,
    title_finder,
)

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
    "pipe_entities",
    "read_jsonl",
]

SPANS_KEY = "policykg"
ROLES_KEY = "policykg_roles"

if not Doc.has_extension("citations"):
    Doc.set_extension("citations", default=None)
if not Doc.has_extension("year"):
    # The document year, for deadlines such as 年底前 that do not name one.
    Doc.set_extension("year", default=None)

# The built-in finders under their names, for configs ({"@misc": ...}) and
# for spaCy users who look them up there; the ruler finds them in FINDERS.
for _name, _factory in FINDERS.items():
    spacy.registry.misc.register(_name, func=_factory)


def registered_finder(name: str) -> Optional[Callable[[], Finder]]:
    """The finder factory registered as ``name`` in ``spacy.registry.misc``, or None.

    :mod:`~policykg.ingest.entities` asks here for a pattern's finder that is
    not one of its own.

    >>> list(registered_finder("policykg.titles.v1")()("见《条例》", None)), registered_finder("no.such.finder")
    ([(1, 5, None)], None)
    """
    return spacy.registry.misc.get(name) if name in spacy.registry.misc else None


_TEXT_KEY = "policykg.text"


def _doc_text(doc: Doc) -> str:
    # Doc.text joins every token each time it is read; the components all
    # need it, so it is read once per doc and kept.
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


class RegexEntityRuler:
    """Mark entities found by regular expressions or finders.

    Patterns are dicts: ``{"label": ..., "regex": ...}`` or
    ``{"label": ..., "finder": <name>}`` (one of policykg's finders, or one in
    ``spacy.registry.misc``), with an optional ``"id"`` copied to the spans'
    ``id_``; :class:`~policykg.ingest.entities.EntityPatterns` compiles and
    matches them. Character matches are mapped to tokens with
    ``alignment_mode="expand"``.
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
        self._entity_patterns = EntityPatterns()

    def __len__(self) -> int:
        return len(self._entity_patterns)

    @property
    def patterns(self) -> list[dict]:
        """The patterns as added, ready to be written back to JSONL."""
        return self._entity_patterns.patterns

    @property
    def labels(self) -> tuple[str, ...]:
        return self._entity_patterns.labels

    def add_patterns(self, patterns: Iterable[dict]) -> None:
        """Add patterns; an invalid one raises ``ValueError`` naming it."""
        self._entity_patterns.add_patterns(patterns)

    def clear(self) -> None:
        self._entity_patterns.clear()

    def initialize(self, get_examples=None, *, nlp: Optional[Language] = None, patterns: Optional[Sequence[dict]] = None) -> None:
        """Replace the patterns, so they can come from ``[initialize]`` in a config."""
        if patterns is not None:
            self.clear()
            self.add_patterns(patterns)

    def matches(self, text: str, year: Optional[int] = None) -> list[tuple[int, int, str, str, str]]:
        """Every pattern's matches in ``text`` as ``(start, end, label, id, value)``, character offsets.

        See :meth:`~policykg.ingest.entities.EntityPatterns.matches`.

        >>> make_pipeline().get_pipe("policykg_entities").matches("年底前完成", year=2020)
        [(0, 3, 'DEADLINE', '', '2020-12-31')]
        """
        return self._entity_patterns.matches(text, year)

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
        return json.dumps(self.patterns, ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "RegexEntityRuler":
        self.clear()
        self.add_patterns(json.loads(data.decode("utf-8")))
        return self

    def to_disk(self, path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        lines = (json.dumps(p, ensure_ascii=False) + "\n" for p in self.patterns)
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


def _entities(doc: Doc, year: Optional[int]) -> Entities:
    spans: Iterable[SpacySpan] = doc.spans[SPANS_KEY] if SPANS_KEY in doc.spans else doc.ents
    citations = doc._.citations
    return collect(
        ((s.start_char, s.end_char, s.text, s.label_, s.kb_id_) for s in spans),
        list(citations) if citations is not None else find_citations(_doc_text(doc)),
        year,
    )


def pipe_entities(
    texts: Iterable[str],
    nlp: Language,
    *,
    year: Optional[int] = None,
    batch_size: int = 64,
) -> list[Entities]:
    """Run ``nlp`` over many short texts and collect what it found: ``extract_entities(texts, nlp=nlp)``.

    Entities come from ``doc.spans["policykg"]``, or ``doc.ents`` when a
    pipeline sets no such group (a trained NER), and the citations from
    ``doc._.citations`` (else from the text).

    >>> found = pipe_entities(["年底前完成"], make_pipeline(), year=2020)
    >>> [(d.text, d.date) for d in found[0].deadlines]
    [('年底前', '2020-12-31')]
    """

    def docs() -> Iterator[Doc]:
        for text in texts:
            doc = nlp.make_doc(text)
            doc.user_data[_TEXT_KEY] = text
            doc._.year = year
            yield doc

    return [_entities(doc, year) for doc in nlp.pipe(docs(), batch_size=batch_size)]
