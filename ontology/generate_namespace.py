"""Generate ``ontology/namespace.py``, the closed rdflib namespace of the ontology.

``ontology/policykg.ttl`` is the source of truth; the Python module only lists
its terms, so that code writes ``PKG.implements`` and a misspelt term fails at
import time instead of minting a new IRI. Run this after changing the ontology::

    python -m policykg.ontology.generate_namespace          # rewrite namespace.py
    python -m policykg.ontology.generate_namespace --check  # exit 1 if it is stale

A test (``tests/test_ontology.py``) regenerates the module in memory and fails
when the committed file differs. The output is deterministic (no date, terms
sorted), so regenerating an unchanged ontology changes nothing.

This follows rdflib's ``rdflib/tools/defined_namespace_creator.py``: every
subject of an ``rdf:type`` triple inside the namespace is a term.

Examples
--------
>>> source = render_namespace()
>>> source.splitlines()[0].lstrip('"')
'Generated from ontology/policykg.ttl — do not edit.'
>>> "    implements: URIRef  # 贯彻落实" in source
True
"""

from __future__ import annotations

import argparse
import keyword
import sys
from pathlib import Path
from typing import Optional, Sequence

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

__all__ = ["NAMESPACE", "ONTOLOGY_FILE", "OUTPUT_FILE", "ontology_terms", "render_namespace", "main"]

NAMESPACE = "https://w3id.org/policykg/ontology#"
ONTOLOGY_FILE = Path(__file__).with_name("policykg.ttl")
OUTPUT_FILE = Path(__file__).with_name("namespace.py")

# Sections of the generated class, in this order; a term goes in the first
# section one of its types matches, and anything else is an individual.
_SECTIONS = (
    (OWL.Class, "Classes"),
    (RDFS.Datatype, "Datatypes"),
    (OWL.ObjectProperty, "Object properties"),
    (OWL.DatatypeProperty, "Datatype properties"),
    (OWL.AnnotationProperty, "Annotation properties"),
)
_INDIVIDUALS = "Individuals (concept schemes, levels, roles)"


def _text(g: Graph, term: URIRef, predicate: URIRef, lang: str) -> str:
    values = sorted(str(o) for o in g.objects(term, predicate) if isinstance(o, Literal) and o.language == lang)
    return " ".join(" ".join(v.split()) for v in values)


def ontology_terms(g: Graph, namespace: str = NAMESPACE) -> list[tuple[str, str, str]]:
    """The terms of ``namespace`` defined in ``g``: ``(section, name, comment)``, sorted.

    Parameters
    ----------
    g : rdflib.Graph
        The ontology.
    namespace : str
        Only subjects whose IRI starts with it (and is longer) are terms.

    Returns
    -------
    list of (str, str, str)
        Section title, local name and a one-line comment (Chinese label, then
        the English definition).

    Examples
    --------
    >>> g = Graph().parse(ONTOLOGY_FILE)
    >>> [t[:2] for t in ontology_terms(g) if t[1] == "Task"]
    [('Classes', 'Task')]
    """
    order = {title: i for i, (_, title) in enumerate(_SECTIONS)}
    order[_INDIVIDUALS] = len(order)
    terms = []
    for s in set(g.subjects(RDF.type, None)):
        if not isinstance(s, URIRef) or not str(s).startswith(namespace) or str(s) == namespace:
            continue
        types = set(g.objects(s, RDF.type))
        section = next((title for t, title in _SECTIONS if t in types), _INDIVIDUALS)
        label_zh = _text(g, s, RDFS.label, "zh")
        definition = _text(g, s, SKOS.definition, "en") or _text(g, s, RDFS.comment, "en")
        comment = " — ".join(part for part in (label_zh, definition) if part)
        terms.append((section, str(s)[len(namespace) :], comment))
    return sorted(terms, key=lambda t: (order[t[0]], t[1]))


_HEADER = '''"""Generated from ontology/policykg.ttl — do not edit.

The terms of the policykg ontology as a closed rdflib namespace: using a term
that the ontology does not define raises ``AttributeError``. To change a term,
edit ``ontology/policykg.ttl`` and run
``python -m policykg.ontology.generate_namespace``.

Examples
--------
>>> PKG.implements
rdflib.term.URIRef('https://w3id.org/policykg/ontology#implements')
>>> PKG.implement
Traceback (most recent call last):
...
AttributeError: term 'implement' not in namespace 'https://w3id.org/policykg/ontology#'
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["PKG"]


class PKG(DefinedNamespace):
    """The policykg ontology, ``pkg:`` (https://w3id.org/policykg/ontology#)."""

    _NS = Namespace("{namespace}")
    _fail = True
'''


def render_namespace(ontology: Optional[Path] = None, namespace: str = NAMESPACE) -> str:
    """The source of ``namespace.py`` for the ontology in ``ontology``.

    Parameters
    ----------
    ontology : path, optional
        A Turtle file; ``ontology/policykg.ttl`` by default.
    namespace : str

    Returns
    -------
    str
    """
    g = Graph().parse(ontology or ONTOLOGY_FILE, format="turtle")
    lines = [_HEADER.replace("{namespace}", namespace)]
    extras = []
    section = None
    for title, name, comment in ontology_terms(g, namespace):
        if not name.isidentifier() or keyword.iskeyword(name):
            extras.append(f'        "{name}",  # {comment}\n')
            continue
        if title != section:
            lines.append(f"\n    # {title}\n")
            section = title
        lines.append(f"    {name}: URIRef  # {comment}\n" if comment else f"    {name}: URIRef\n")
    if extras:
        lines.append("\n    # Terms that are not Python identifiers: use PKG['name']\n    _extras = [\n")
        lines.extend(extras)
        lines.append("    ]\n")
    return "".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Write ``namespace.py`` (or, with ``--check``, report whether it is stale)."""
    parser = argparse.ArgumentParser(
        prog="python -m policykg.ontology.generate_namespace",
        description="Generate ontology/namespace.py from ontology/policykg.ttl.",
    )
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if namespace.py is stale")
    parser.add_argument("--output", type=Path, default=OUTPUT_FILE, help="where to write (default: ontology/namespace.py)")
    args = parser.parse_args(argv)
    source = render_namespace()
    current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
    if args.check:
        if current != source:
            sys.stderr.write(f"{args.output} is stale: run python -m policykg.ontology.generate_namespace\n")
            return 1
        return 0
    if current != source:
        args.output.write_text(source, encoding="utf-8")
        sys.stdout.write(f"wrote {args.output}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
