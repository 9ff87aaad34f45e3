"""The ontology file, the namespace generated from it, and the SHACL shapes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SDO, TIME, XSD

from policykg.graph import rdf as rdf_export
from policykg.graph.schema import ROLE_RELATIONS, Relation
from policykg.ontology import NAMESPACE, ONTOLOGY_FILE, PKG, SHAPES_FILE, ontology_graph, shapes_graph
from policykg.ontology import generate_namespace as generator

ELI = "http://data.europa.eu/eli/ontology#"
OA = "http://www.w3.org/ns/oa#"
# ELI 1.5 terms (http://data.europa.eu/eli/ontology), to catch misspellings:
# rdflib ships no ELI namespace.
ELI_TERMS = {
    "AdministrativeArea", "Agent", "LegalExpression", "LegalResource", "LegalResourceSubdivision", "Organization",
    "Work", "WorkSubdivision", "based_on", "basis_for", "cited_by", "cites", "date_document", "date_no_longer_in_force",
    "date_publication", "ensures_implementation_of", "first_date_entry_in_force", "has_annex", "has_part", "id_local",
    "implementation_ensured_by", "is_annex_of", "is_part_of", "jurisdiction", "passed_by", "related_to",
    "responsibility_of_agent", "title",
}
OA_TERMS = {"TextPositionSelector", "start", "end"}
# schema.org terms newer than rdflib's schema.org snapshot, checked on schema.org.
NEWER_SCHEMA_TERMS = {"legislationEnsuresImplementationOf"}
KNOWN_NAMESPACES = {str(n): n for n in (SDO, PROV, ORG, SKOS, DCTERMS, TIME, FOAF)}
BASE_NAMESPACES = (str(RDF), str(RDFS), str(OWL), str(XSD), "http://purl.org/vocab/vann/", "http://www.w3.org/ns/shacl#")


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology_graph()


def _terms(g: Graph) -> set[URIRef]:
    return {s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(NAMESPACE)}


# -- the generated namespace --------------------------------------------------


def test_namespace_module_is_not_stale():
    committed = generator.OUTPUT_FILE.read_text(encoding="utf-8")
    assert committed == generator.render_namespace(), (
        "ontology/namespace.py is stale: run python -m policykg.ontology.generate_namespace"
    )


def test_namespace_module_says_where_it_comes_from():
    first = generator.OUTPUT_FILE.read_text(encoding="utf-8").splitlines()[0]
    assert first == '"""Generated from ontology/policykg.ttl — do not edit.'


def test_generator_check_and_write(tmp_path):
    assert generator.main(["--check"]) == 0
    out = tmp_path / "namespace.py"
    assert generator.main(["--check", "--output", str(out)]) == 1  # missing counts as stale
    assert generator.main(["--output", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == generator.render_namespace()
    assert generator.main(["--check", "--output", str(out)]) == 0


def test_generator_sees_a_changed_ontology(tmp_path):
    changed = tmp_path / "policykg.ttl"
    changed.write_text(
        ONTOLOGY_FILE.read_text(encoding="utf-8")
        + '\npkg:Decision a owl:Class ; rdfs:label "Decision"@en , "决定"@zh ; skos:definition "A decision."@en .\n',
        encoding="utf-8",
    )
    source = generator.render_namespace(changed)
    assert "    Decision: URIRef  # 决定 — A decision.\n" in source
    assert source != generator.render_namespace()


def test_namespace_is_closed_and_complete(onto):
    for term in _terms(onto):
        assert getattr(PKG, str(term)[len(NAMESPACE) :]) == term
    with pytest.raises(AttributeError):
        PKG.Implements  # noqa: B018 - the lookup is the test


# -- the ontology -------------------------------------------------------------


def test_ontology_header(onto):
    ontology = URIRef(NAMESPACE.rstrip("#"))
    assert (ontology, RDF.type, OWL.Ontology) in onto
    assert {o.language for o in onto.objects(ontology, DCTERMS.title)} == {"en", "zh"}


@pytest.mark.parametrize("predicate", [RDFS.label, SKOS.definition])
def test_every_term_is_labelled_and_defined_in_chinese_and_english(onto, predicate):
    missing = [
        (str(term), lang)
        for term in sorted(_terms(onto))
        for lang in ("en", "zh")
        if not any(isinstance(o, Literal) and o.language == lang and str(o).strip() for o in onto.objects(term, predicate))
    ]
    assert not missing


def test_classes_and_properties_the_graph_needs(onto):
    classes = {"Document", "Notice", "Plan", "Opinion", "Task", "Agency", "Collective", "Region"}
    objects = {"promulgates", "contains", "cites", "implements", "inferredImplements", "lead", "responsible", "shared",
               "assisting", "issuedBy", "jurisdiction", "within", "inRegion", "subordinateTo", "level", "deadline"}
    data = {"docNumber", "title", "signedDate", "publishedDate", "effectiveDate", "expiryDate", "stub", "position",
            "heading", "target", "inferred", "confidence"}
    for names, kind in ((classes, OWL.Class), (objects, OWL.ObjectProperty), (data, OWL.DatatypeProperty)):
        for name in names:
            assert (PKG[name], RDF.type, kind) in onto, name


def _closure(onto, term):
    return set(rdf_export._closure(onto, term, RDFS.subPropertyOf, OWL.equivalentProperty)) | set(
        rdf_export._closure(onto, term, RDFS.subClassOf, OWL.equivalentClass)
    )


@pytest.mark.parametrize(
    "term, aligned",
    [
        (PKG.Document, ELI + "LegalResource"),
        (PKG.Document, str(SDO.Legislation)),
        (PKG.Task, ELI + "LegalResourceSubdivision"),
        (PKG.Agency, str(ORG.Organization)),
        (PKG.Region, str(SKOS.Concept)),
        (PKG.TaskRole, str(PROV.Role)),
        (PKG.implements, ELI + "ensures_implementation_of"),
        (PKG.implements, str(SDO) + "legislationEnsuresImplementationOf"),
        (PKG.cites, ELI + "cites"),
        (PKG.contains, ELI + "has_part"),
        (PKG.issuedBy, ELI + "passed_by"),
        (PKG.jurisdiction, ELI + "jurisdiction"),
        (PKG.jurisdiction, str(SDO.legislationJurisdiction)),
        (PKG.docNumber, ELI + "id_local"),
        (PKG.signedDate, ELI + "date_document"),
        (PKG.lead, str(SDO.legislationResponsible)),
        (PKG.lead, str(PROV.wasAssociatedWith)),
        (PKG.subordinateTo, str(ORG.subOrganizationOf)),
        (PKG.within, str(SKOS.broader)),
        (PKG.qualifiedImplementation, str(PROV.qualifiedInfluence)),
    ],
)
def test_alignments(onto, term, aligned):
    assert URIRef(aligned) in _closure(onto, term)


def test_inferred_links_are_not_implementations_in_law(onto):
    supers = _closure(onto, PKG.inferredImplements)
    assert PKG.implements not in supers
    assert URIRef(ELI + "ensures_implementation_of") not in supers
    assert URIRef(str(SDO) + "legislationEnsuresImplementationOf") not in supers


@pytest.mark.parametrize("path", [ONTOLOGY_FILE, SHAPES_FILE, Path(rdf_export.__file__)])
def test_deprecated_eli_implements_is_not_used(path):
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"eli:implement(s|ed_by)\b(?! is deprecated)", text.replace("eli:implements is deprecated", ""))
    assert ELI + "implements" not in text


def _external_iris(g: Graph):
    for triple in g:
        if triple[1] in (RDFS.seeAlso, DCTERMS.license):  # documents, not terms
            continue
        for term in triple:
            if isinstance(term, URIRef) and not str(term).startswith(NAMESPACE):
                yield term


def test_reused_terms_exist_in_their_vocabularies(onto):
    unknown = set()
    for term in set(_external_iris(onto)):
        iri = str(term)
        if iri.startswith(BASE_NAMESPACES) or iri == NAMESPACE.rstrip("#"):
            continue
        namespace, name = (iri.rsplit("#", 1)[0] + "#", iri.rsplit("#", 1)[1]) if "#" in iri else (iri.rsplit("/", 1)[0] + "/", iri.rsplit("/", 1)[1])
        if namespace == ELI:
            ok = name in ELI_TERMS
        elif namespace == OA:
            ok = name in OA_TERMS
        elif namespace == str(SDO):
            ok = name in SDO or name in NEWER_SCHEMA_TERMS
        elif namespace in KNOWN_NAMESPACES:
            ok = name in KNOWN_NAMESPACES[namespace]
        else:
            ok = False
        if not ok:
            unknown.add(iri)
    assert not unknown


def test_graph_values_match_the_ontology_concepts(onto):
    for value, level in rdf_export._LEVELS.items():
        assert (level, SKOS.notation, Literal(value)) in onto
    levels = {str(onto.value(c, SKOS.notation)) for c in onto.subjects(RDF.type, PKG.AdministrativeLevel)}
    assert levels == set(rdf_export._LEVELS)
    for relation in ROLE_RELATIONS:
        shortcut, role = rdf_export._ROLES[relation.value]
        assert (role, SKOS.notation, Literal(relation.value)) in onto
        assert (role, PKG.roleProperty, shortcut) in onto
        assert (shortcut, RDFS.subPropertyOf, PKG.assignedTo) in onto


def test_every_relation_has_a_mapping():
    mapped = set(rdf_export._ROLES) | set(rdf_export._PLAIN) | {Relation.IMPLEMENTS.value, Relation.WITHIN.value}
    assert mapped == {r.value for r in Relation}


# -- the shapes ---------------------------------------------------------------


def test_shapes_use_only_ontology_terms():
    shapes = shapes_graph()
    used = {t for triple in shapes for t in triple if isinstance(t, URIRef) and str(t).startswith(NAMESPACE)}
    for select in shapes.objects(None, URIRef("http://www.w3.org/ns/shacl#select")):
        used |= {PKG[name] for name in re.findall(r"pkg:(\w+)", str(select))}
    for term in used:
        assert str(term)[len(NAMESPACE) :] in PKG, term


def test_shapes_are_valid_shacl():
    import pyshacl

    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=shapes_graph(), meta_shacl=True)
    assert conforms, text


def test_ontology_itself_passes_the_shapes():
    from policykg.ontology import validate

    report = validate(Graph())  # the ontology alone: its individuals are no pkg:Region etc.
    assert report.conforms, report.text
