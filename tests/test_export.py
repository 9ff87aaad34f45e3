"""RDF, GraphML and CSV exports of a small hand-built graph.

The graph (:func:`small_graph`) is built node by node with graph/schema.py's
constants, independent of the graph builder: a stub national directive
(国办发〔2019〕54号), a Hunan notice that implements it and promulgates a plan
with two tasks, and a 平江县 plan whose task restates a Hunan task, linked by
inference only (confidence 0.8), over the regions 全国 ⊃ 430000 ⊃ 430600 ⊃
430626. To refresh the golden file after a deliberate change to the export::

    POLICYKG_UPDATE_GOLDEN=1 python -m pytest tests/test_export.py -k golden
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import ORG, PROV, SKOS, XSD

from policykg.graph.export import FORMATS, ExportTargetError, UnknownExportFormat, csv_tables, export
from policykg.graph.rdf import ELI, ID, SCHEMA, UnmappedTerm, node_id_from_iri, node_iri, to_rdf
from policykg.graph.schema import (
    EDGE_ATTRIBUTES,
    NodeType,
    Relation,
    agency_node_id,
    collective_node_id,
    document_node_id,
    edge_attrs,
    region_node_id,
    task_node_id,
)
from policykg.ontology import ONTOLOGY_FILE, PKG, validate

DATA = Path(__file__).parent / "data"
GOLDEN = DATA / "export_small.ttl"
SPARQL_DOC = Path(__file__).resolve().parents[1] / "docs" / "sparql.md"

# -- the graph ----------------------------------------------------------------

NATIONAL = "国办发〔2019〕54号"
HUNAN = "湘政办发〔2020〕9号"
HUNAN_PLAN = f"{HUNAN}/湖南省2020年政务管理服务工作要点"
PINGJIANG = "平政办发〔2020〕5号"
PINGJIANG_PLAN = f"{PINGJIANG}/平江县2020年政务管理服务工作要点"

D_NATIONAL = document_node_id(NATIONAL)
D_HUNAN = document_node_id(HUNAN)
D_HUNAN_PLAN = document_node_id(HUNAN_PLAN)
D_PINGJIANG = document_node_id(PINGJIANG)
D_PINGJIANG_PLAN = document_node_id(PINGJIANG_PLAN)
JIEDU = "《湖南省2020年政务管理服务工作要点》解读"
D_JIEDU = document_node_id(JIEDU)
T_HUNAN_1 = task_node_id(HUNAN_PLAN, 1)
T_HUNAN_2 = task_node_id(HUNAN_PLAN, 2)
T_PINGJIANG_1 = task_node_id(PINGJIANG_PLAN, 1)
ZWJ = agency_node_id("湖南省政务管理服务局")
SFT = agency_node_id("湖南省司法厅")
HN_GOV = agency_node_id("湖南省人民政府")
HN_OFFICE = agency_node_id("湖南省人民政府办公厅")
GUOBAN = agency_node_id("国务院办公厅")
PJ_GOV = agency_node_id("平江县人民政府")
PJ_OFFICE = agency_node_id("平江县人民政府办公室")
PJ_SCJG = agency_node_id("平江县市场监督管理局")
HN_CITIES = collective_node_id("湖南省各市州人民政府")
PJ_TOWNS = collective_node_id("平江县各乡镇人民政府")
CN, R_HUNAN, R_YUEYANG, R_PINGJIANG = (region_node_id(c) for c in ("000000", "430000", "430600", "430626"))


def _span(start: int, text: str) -> dict:
    return {"start": start, "end": start + len(text), "text": text}


def small_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(policykg_schema=1)
    doc, task, agency, collective, region = (t.value for t in NodeType)

    def edge(u, v, relation, **attrs):
        G.add_edge(u, v, key=relation.value, **edge_attrs(relation, **attrs))

    for node, name, code, level, parent in (
        (CN, "中华人民共和国", "000000", "national", None),
        (R_HUNAN, "湖南省", "430000", "provincial", CN),
        (R_YUEYANG, "岳阳市", "430600", "municipal", R_HUNAN),
        (R_PINGJIANG, "平江县", "430626", "county", R_YUEYANG),
    ):
        G.add_node(node, type=region, name=name, code=code, level=level)
        if parent:
            edge(node, parent, Relation.WITHIN, rule="gb2260")

    for node, region_id, government, mentions in (
        (GUOBAN, CN, False, ["国务院办公厅"]),
        (HN_GOV, R_HUNAN, True, ["湖南省人民政府"]),
        (HN_OFFICE, R_HUNAN, False, ["湖南省人民政府办公厅"]),
        (ZWJ, R_HUNAN, False, ["湖南省政务管理服务局", "省政务局"]),
        (SFT, R_HUNAN, False, ["湖南省司法厅", "省司法厅"]),
        (PJ_GOV, R_PINGJIANG, True, ["平江县人民政府"]),
        (PJ_OFFICE, R_PINGJIANG, False, ["平江县人民政府办公室"]),
        (PJ_SCJG, R_PINGJIANG, False, ["县市场监管局", "平江县市场监督管理局"]),
    ):
        G.add_node(node, type=agency, name=node.split(":", 1)[1], mentions=mentions, region=region_id, government=government)
        edge(node, region_id, Relation.WITHIN, rule="agency_name_region")
    for node, superior in ((HN_OFFICE, HN_GOV), (ZWJ, HN_GOV), (SFT, HN_GOV), (PJ_OFFICE, PJ_GOV), (PJ_SCJG, PJ_GOV)):
        edge(node, superior, Relation.SUBORDINATE_TO, rule="region_government")
    for node, name, region_id, mention in (
        (HN_CITIES, "湖南省各市州人民政府", R_HUNAN, "各市州人民政府"),
        (PJ_TOWNS, "平江县各乡镇人民政府", R_PINGJIANG, "各乡镇人民政府"),
    ):
        G.add_node(node, type=collective, name=name, mentions=sorted({name, mention}), region=region_id,
                   members={"kind": "government", "depth": 1})
        edge(node, region_id, Relation.WITHIN, rule="collective_region")

    # The national directive, known only from the Hunan notice's citation.
    G.add_node(D_NATIONAL, type=doc, stub=True, kind=None, doc_number=NATIONAL,
               title="国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见",
               issuer="国务院办公厅", level="national", region=CN, years=[2019], record_ids=[], sources=[],
               citations=[], key=NATIONAL)
    edge(D_NATIONAL, CN, Relation.JURISDICTION, rule="doc_number_prefix")
    edge(D_NATIONAL, GUOBAN, Relation.ISSUED_BY, rule="doc_number_prefix")

    hunan_source = {"path": "/home/someone/corpus/004_62fbd0d8b12ea668.txt", "sha256": "62fbd0d8b12ea668" + "0" * 48}
    common = dict(type=doc, stub=False, issuer="湖南省人民政府办公厅", level="provincial", region=R_HUNAN, years=[2020],
                  signed_date="2020-03-20", published_date="2020-03-25", record_ids=["62fbd0d8b12e"], sources=[hunan_source])
    G.add_node(D_HUNAN, kind="notice", doc_number=HUNAN, key=HUNAN,
               title="湖南省人民政府办公厅关于印发《湖南省2020年政务管理服务工作要点》的通知", **common)
    G.add_node(D_HUNAN_PLAN, kind="plan", doc_number=None, key=HUNAN_PLAN, title="湖南省2020年政务管理服务工作要点", **common)
    for node in (D_HUNAN, D_HUNAN_PLAN):
        edge(node, R_HUNAN, Relation.JURISDICTION, rule="record_region", origin=node)
        edge(node, HN_OFFICE, Relation.ISSUED_BY, rule="record_issuer", origin=node)
    edge(D_HUNAN, D_HUNAN_PLAN, Relation.PROMULGATES, rule="record_parent", span=_span(900, "湖南省2020年政务管理服务工作要点"), origin=D_HUNAN_PLAN)
    cited = dict(span=_span(310, "《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》（国办发〔2019〕54号）"),
                 rule="citation_doc_number", origin=D_HUNAN, evidence="为贯彻落实")
    edge(D_HUNAN, D_NATIONAL, Relation.CITES, **cited)
    edge(D_HUNAN, D_NATIONAL, Relation.IMPLEMENTS, **cited)

    # A 解读 of the Hunan plan, reposted without number or place: it explains the plan and implements nothing.
    G.add_node(D_JIEDU, type=doc, stub=False, kind="plan", doc_number=None, key=JIEDU, title=JIEDU, issuer="湖南省人民政府办公厅",
               level="provincial", region=None, years=[2020], published_date="2020-03-26", record_ids=["5d1f0e2a9b3c"],
               sources=[{"path": "/home/someone/corpus/004_jiedu.txt", "sha256": "5d1f0e2a9b3c" + "2" * 52}])
    edge(D_JIEDU, HN_OFFICE, Relation.ISSUED_BY, rule="record_issuer", origin=D_JIEDU)
    explained = dict(rule="citation_title", origin=D_JIEDU)
    edge(D_JIEDU, D_HUNAN_PLAN, Relation.CITES, **explained)
    edge(D_JIEDU, D_HUNAN_PLAN, Relation.EXPLAINS, **explained)

    for node, position, heading, deadline, targets, start in (
        (T_HUNAN_1, 1, "纵深推进简政放权", {"text": "2020年底前", "date": "2020-12-31"}, ["网上可办率达到90%以上"], 1200),
        (T_HUNAN_2, 2, "推进政务服务标准化", {"text": "2020年11月30日前", "date": "2020-11-30"}, [], 1500),
    ):
        text = f"（{'一二'[position - 1]}）{heading}。全面梳理政务服务事项。"
        G.add_node(node, type=task, document=D_HUNAN_PLAN, record_id=f"62fbd0d8b12e-1-t{position}", position=position,
                   number=position, number_printed=f"（{'一二'[position - 1]}）", section="深化“放管服”改革",
                   heading=heading, text=text, deadlines=[deadline], targets=targets, span=_span(start, text))
        edge(D_HUNAN_PLAN, node, Relation.CONTAINS, rule="record_task", span=_span(start, text), origin=D_HUNAN_PLAN)
    clause = dict(rule="record_clause", origin=D_HUNAN_PLAN)
    edge(T_HUNAN_1, ZWJ, Relation.LEAD, span=_span(1290, "省政务局"), mention="省政务局", **clause)
    edge(T_HUNAN_1, HN_CITIES, Relation.RESPONSIBLE, span=_span(1297, "各市州人民政府"), mention="各市州人民政府", **clause)
    edge(T_HUNAN_2, SFT, Relation.LEAD, span=_span(1590, "省司法厅"), mention="省司法厅", **clause)
    edge(T_HUNAN_2, ZWJ, Relation.ASSISTING, span=_span(1597, "省政务局"), mention="省政务局", **clause)
    edge(T_HUNAN_2, HN_CITIES, Relation.SHARED, span=_span(1604, "各市州人民政府"), mention="各市州人民政府", **clause)

    # 平江县 mirrors the Hunan plan without citing it: every link up is inferred.
    common = dict(type=doc, stub=False, issuer="平江县人民政府办公室", level="county", region=R_PINGJIANG, years=[2020],
                  signed_date="2020-04-10", record_ids=["acae93e17e99"],
                  sources=[{"path": "examples/notices/001_acae93e17e9979a8.txt", "sha256": "acae93e17e9979a8" + "1" * 48}])
    G.add_node(D_PINGJIANG, kind="notice", doc_number=PINGJIANG, key=PINGJIANG,
               title="平江县人民政府办公室关于印发《平江县2020年政务管理服务工作要点》的通知", **common)
    G.add_node(D_PINGJIANG_PLAN, kind="plan", doc_number=None, key=PINGJIANG_PLAN, title="平江县2020年政务管理服务工作要点", **common)
    for node in (D_PINGJIANG, D_PINGJIANG_PLAN):
        edge(node, R_PINGJIANG, Relation.JURISDICTION, rule="record_region", origin=node)
        edge(node, PJ_OFFICE, Relation.ISSUED_BY, rule="record_issuer", origin=node)
    edge(D_PINGJIANG, D_PINGJIANG_PLAN, Relation.PROMULGATES, rule="record_parent", span=_span(700, "平江县2020年政务管理服务工作要点"), origin=D_PINGJIANG_PLAN)
    text = "（一）深入推进简政放权。县市场监管局牵头，各乡镇人民政府负责。2020年底前完成。"
    G.add_node(T_PINGJIANG_1, type=task, document=D_PINGJIANG_PLAN, record_id="acae93e17e99-1-t1", position=1, number=1,
               number_printed="（一）", section=None, heading="深入推进简政放权", text=text,
               deadlines=[{"text": "2020年底前", "date": "2020-12-31"}], targets=[], span=_span(800, text))
    edge(D_PINGJIANG_PLAN, T_PINGJIANG_1, Relation.CONTAINS, rule="record_task", span=_span(800, text), origin=D_PINGJIANG_PLAN)
    clause = dict(rule="record_clause", origin=D_PINGJIANG_PLAN)
    edge(T_PINGJIANG_1, PJ_SCJG, Relation.LEAD, span=_span(812, "县市场监管局"), mention="县市场监管局", **clause)
    edge(T_PINGJIANG_1, PJ_TOWNS, Relation.RESPONSIBLE, span=_span(820, "各乡镇人民政府"), mention="各乡镇人民政府", **clause)
    edge(T_PINGJIANG_1, T_HUNAN_1, Relation.IMPLEMENTS, rule="align_tfidf", inferred=True, confidence=0.8,
         evidence={"score": 0.8, "heading": 0.86})
    edge(D_PINGJIANG_PLAN, D_HUNAN_PLAN, Relation.IMPLEMENTS, rule="infer_mirror", inferred=True, confidence=0.75,
         evidence={"score": 0.75, "share": 0.5, "aligned": [[T_PINGJIANG_1, T_HUNAN_1, 0.8]]})
    return G


@pytest.fixture
def G():
    return small_graph()


@pytest.fixture(scope="module")
def exported() -> Graph:
    """The Turtle export of the small graph, parsed back."""
    out = io.StringIO()
    export(small_graph(), out, "turtle")
    return Graph().parse(data=out.getvalue(), format="turtle")


def _iri(node: str) -> URIRef:
    return node_iri(node)


# -- SHACL --------------------------------------------------------------------


def test_turtle_export_parses_back_and_conforms(exported):
    report = validate(exported)
    assert report.conforms, report.text


@pytest.mark.parametrize("aligned", [True, False])
@pytest.mark.parametrize("inference", ["none", "rdfs"])
def test_conforms_with_and_without_alignment_and_rdfs_inference(G, aligned, inference):
    report = validate(to_rdf(G, aligned=aligned), inference=inference)
    assert report.conforms, report.text


def _set_node(node, **attrs):
    def mutate(G):
        G.nodes[node].update(attrs)

    return mutate


def _set_edge(u, v, relation, **attrs):
    def mutate(G):
        G.edges[u, v, relation.value].update(attrs)

    return mutate


def _add_edge(u, v, relation, **attrs):
    def mutate(G):
        G.add_edge(u, v, key=relation.value, **edge_attrs(relation, rule="test", **attrs))

    return mutate


def _orphan(task):
    def mutate(G):
        G.remove_edge(G.nodes[task].pop("document"), task, Relation.CONTAINS.value)

    return mutate


# Each graph mutation must make the export fail validation, naming the reason.
BROKEN_GRAPHS = {
    "task without heading": (_set_node(T_HUNAN_2, heading=""), "heading"),
    "task at position 0": (_set_node(T_HUNAN_2, position=0), "position"),
    "two tasks at one position": (_set_node(T_HUNAN_2, position=1), "same position"),
    "confidence 1.5": (_set_edge(T_PINGJIANG_1, T_HUNAN_1, Relation.IMPLEMENTS, confidence=1.5), "confidence"),
    "inferred without confidence": (_set_edge(D_PINGJIANG_PLAN, D_HUNAN_PLAN, Relation.IMPLEMENTS, confidence=None), "confidence"),
    "span ending before it starts": (_set_node(T_HUNAN_1, span={"start": 50, "end": 10, "text": "x"}), "start"),
    "doc number with square brackets": (_set_node(D_HUNAN, doc_number="湘政办发[2020]9号"), "document number"),
    "region code of 5 digits": (_set_node(R_YUEYANG, code="43060"), "notation"),
    "full document without title": (_set_node(D_HUNAN_PLAN, title=None), "OrConstraintComponent"),
    "task implementing a document": (_add_edge(T_PINGJIANG_1, D_HUNAN_PLAN, Relation.IMPLEMENTS), "A task implements tasks"),
    "task in no document": (_orphan(T_HUNAN_2), "exactly one document"),
    "lead role held by a region": (_add_edge(T_HUNAN_2, R_HUNAN, Relation.LEAD), "agent"),
}


@pytest.mark.parametrize("name", sorted(BROKEN_GRAPHS))
def test_broken_graph_fails_validation(G, name):
    mutate, reason = BROKEN_GRAPHS[name]
    mutate(G)
    report = validate(to_rdf(G))
    assert not report.conforms, name
    assert reason in report.text, report.text


@pytest.mark.parametrize("number", ["国务院令第722号", "穗府办函〔2020〕53号", "国办发明电〔2020〕1号"])
def test_other_doc_number_forms_are_valid(G, number):
    G.nodes[D_NATIONAL]["doc_number"] = number
    report = validate(to_rdf(G))
    assert report.conforms, report.text


# Mutations of the RDF itself: what to_rdf never writes but a hand-edited or
# foreign export might.
def _rdf_two_doc_numbers(g):
    g.add((_iri(D_HUNAN), PKG.docNumber, Literal("湘政办发〔2020〕10号")))


def _rdf_inferred_as_explicit(g):
    g.add((_iri(D_PINGJIANG_PLAN), PKG.implements, _iri(D_HUNAN_PLAN)))


def _rdf_two_agents(g):
    association = next(a for a in g.objects(_iri(T_HUNAN_1), PROV.qualifiedAssociation) if (a, PROV.hadRole, PKG.LeadRole) in g)
    g.add((association, PROV.agent, _iri(SFT)))


def _rdf_shortcut_missing(g):
    g.remove((_iri(T_HUNAN_1), PKG.lead, None))


BROKEN_RDF = {
    "two doc numbers": (_rdf_two_doc_numbers, "docNumber"),
    "inferred link stated as explicit": (_rdf_inferred_as_explicit, "stated as an explicit pkg:implements"),
    "association with two agents": (_rdf_two_agents, "exactly one agent"),
    "role without its shortcut": (_rdf_shortcut_missing, "shortcut"),
}


@pytest.mark.parametrize("name", sorted(BROKEN_RDF))
def test_broken_rdf_fails_validation(G, name):
    mutate, reason = BROKEN_RDF[name]
    g = to_rdf(G, aligned=False)
    mutate(g)
    report = validate(g)
    assert not report.conforms, name
    assert reason in report.text, report.text


# -- golden file --------------------------------------------------------------


def test_turtle_matches_golden_file_by_isomorphism(exported):
    if os.environ.get("POLICYKG_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        export(small_graph(), GOLDEN, "turtle")
    golden = Graph().parse(GOLDEN, format="turtle")
    if not isomorphic(exported, golden):
        _, only_export, only_golden = graph_diff(to_isomorphic(exported), to_isomorphic(golden))
        lines = sorted(f"+ {t}" for t in only_export)[:20] + sorted(f"- {t}" for t in only_golden)[:20]
        pytest.fail("export differs from tests/data/export_small.ttl (+ export only, - golden only):\n" + "\n".join(lines))


# -- the model ----------------------------------------------------------------


def test_inferred_links_are_never_explicit(G, exported):
    inferred = [(u, v) for u, v, k, d in G.edges(keys=True, data=True) if k == Relation.IMPLEMENTS.value and d["inferred"]]
    assert len(inferred) == 2
    for u, v in inferred:
        s, o = _iri(u), _iri(v)
        assert (s, PKG.inferredImplements, o) in exported
        assert (s, PKG.implements, o) not in exported
        assert (s, ELI.ensures_implementation_of, o) not in exported
        assert (s, SCHEMA.legislationEnsuresImplementationOf, o) not in exported
        assert (s, ELI.related_to, o) in exported
    s, o = _iri(D_HUNAN), _iri(D_NATIONAL)
    assert (s, PKG.implements, o) in exported
    assert (s, ELI.ensures_implementation_of, o) in exported
    assert (s, SCHEMA.legislationEnsuresImplementationOf, o) in exported


def test_inferred_document_link_carries_confidence_and_rests_on_task_links(exported):
    link = exported.value(_iri(D_PINGJIANG_PLAN), PKG.qualifiedImplementation)
    assert exported.value(link, PKG.implementationOf) == _iri(D_HUNAN_PLAN)
    assert exported.value(link, PKG.inferred).toPython() is True
    assert str(exported.value(link, PKG.confidence)) == "0.75"
    assert exported.value(link, PKG.confidence).datatype == XSD.decimal
    assert json.loads(exported.value(link, PKG.evidence))["share"] == 0.5
    task_link = exported.value(link, PROV.wasDerivedFrom)
    assert exported.value(_iri(T_PINGJIANG_1), PKG.qualifiedImplementation) == task_link
    assert exported.value(task_link, PKG.implementationOf) == _iri(T_HUNAN_1)
    assert str(exported.value(task_link, PKG.confidence)) == "0.8"


def test_explicit_link_keeps_the_phrase_and_the_span(exported):
    link = exported.value(_iri(D_HUNAN), PKG.qualifiedImplementation)
    assert exported.value(link, PKG.inferred).toPython() is False
    assert exported.value(link, PKG.evidence) == Literal("为贯彻落实", lang="zh")
    assert exported.value(link, PKG.rule) == Literal("citation_doc_number")
    assert exported.value(link, PROV.hadPrimarySource) == _iri(D_HUNAN)
    span = exported.value(link, PKG.sourceSpan)
    assert exported.value(span, RDF.type) == URIRef("http://www.w3.org/ns/oa#TextPositionSelector")
    assert exported.value(span, URIRef("http://www.w3.org/ns/oa#start")).toPython() == 310


def test_roles_are_qualified_prov_associations(exported):
    task = _iri(T_PINGJIANG_1)
    roles = {
        (exported.value(a, PROV.hadRole), exported.value(a, PROV.agent), str(exported.value(a, PKG.mention)))
        for a in exported.objects(task, PROV.qualifiedAssociation)
    }
    assert roles == {
        (PKG.LeadRole, _iri(PJ_SCJG), "县市场监管局"),
        (PKG.ResponsibleRole, _iri(PJ_TOWNS), "各乡镇人民政府"),
    }
    assert (task, PKG.lead, _iri(PJ_SCJG)) in exported
    assert (task, PROV.wasAssociatedWith, _iri(PJ_SCJG)) in exported  # aligned
    assert (task, SCHEMA.legislationResponsible, _iri(PJ_TOWNS)) in exported


def test_aligned_vocabularies(exported):
    assert (_iri(D_HUNAN_PLAN), RDF.type, ELI.LegalResource) in exported
    assert (_iri(T_HUNAN_1), RDF.type, ELI.LegalResourceSubdivision) in exported
    assert (_iri(D_HUNAN), ELI.id_local, Literal(HUNAN)) in exported
    assert (_iri(D_HUNAN), ELI.date_document, Literal("2020-03-20", datatype=XSD.date)) in exported
    assert (_iri(D_HUNAN), ELI.passed_by, _iri(HN_OFFICE)) in exported
    assert (_iri(D_HUNAN), ELI.jurisdiction, _iri(R_HUNAN)) in exported
    assert (_iri(D_HUNAN), ELI.cites, _iri(D_NATIONAL)) in exported
    assert (_iri(D_HUNAN_PLAN), ELI.has_part, _iri(T_HUNAN_1)) in exported
    assert (_iri(ZWJ), ORG.subOrganizationOf, _iri(HN_GOV)) in exported
    assert (_iri(ZWJ), RDF.type, ORG.Organization) in exported
    assert (_iri(R_PINGJIANG), SKOS.broader, _iri(R_YUEYANG)) in exported
    # within is pkg:within (⊑ skos:broader) only between regions
    assert (_iri(ZWJ), PKG.inRegion, _iri(R_HUNAN)) in exported
    assert (_iri(ZWJ), SKOS.broader, None) not in exported


def test_without_alignment_only_policykg_and_reused_base_terms(G):
    g = to_rdf(G, aligned=False)
    assert not any(str(p).startswith(str(ELI)) for p in g.predicates())
    assert (_iri(D_HUNAN_PLAN), RDF.type, PKG.Document) in g  # stated, not only implied


def test_reified_statement_keeps_citation_provenance(exported):
    statements = [st for st in exported.subjects(RDF.predicate, PKG.cites)]
    assert len(statements) == 1
    st = statements[0]
    assert (exported.value(st, RDF.subject), exported.value(st, RDF.object)) == (_iri(D_HUNAN), _iri(D_NATIONAL))
    assert exported.value(st, PKG.sourceSpan) is not None
    # structural edges without anything to add are not reified
    assert not list(exported.subjects(RDF.predicate, PKG.within))


def test_region_codes_and_labels(exported):
    region = _iri(R_PINGJIANG)
    assert exported.value(region, SKOS.notation) == Literal("430626", datatype=PKG.GBT2260Code)
    assert exported.value(region, SKOS.prefLabel) == Literal("平江县", lang="zh")
    assert exported.value(region, PKG.level) == PKG.CountyLevel


def test_source_files_are_named_without_local_paths(exported):
    files = set(exported.objects(_iri(D_HUNAN), URIRef("http://purl.org/dc/terms/source")))
    assert len(files) == 1
    label = str(exported.value(files.pop(), URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    assert label == "004_62fbd0d8b12ea668.txt"


def test_every_relation_and_node_type_is_mapped(G):
    relations_used = {k for *_, k in G.edges(keys=True)}
    assert relations_used == {r.value for r in Relation}, "the fixture should exercise every relation"
    assert {d["type"] for _, d in G.nodes(data=True)} == {t.value for t in NodeType}


def test_unknown_relation_is_a_typed_error(G):
    G.add_edge(D_HUNAN, D_NATIONAL, key="supersedes", relation="supersedes", rule="test")
    with pytest.raises(UnmappedTerm, match=r"\[E221\] relation 'supersedes'"):
        to_rdf(G)


def test_unknown_level_is_a_typed_error(G):
    G.nodes[D_HUNAN]["level"] = "village"
    with pytest.raises(UnmappedTerm, match="level 'village'"):
        to_rdf(G)


# -- IRIs ---------------------------------------------------------------------


ODD_IDS = [
    "doc:湘政办发〔2020〕9号",
    "task:湘政办发〔2020〕9号/湖南省2020年政务公开工作要点#15",
    "doc:湖南省人民政府办公厅:关于 印发《某某》的通知",
    "doc:100% <done> \"quoted\" {x|y} ^`\\ ?q=1",
    "collective:平江县县直相关单位\u3000（全体）",
    "agency:emoji 🏛 and private \ue000 use",
    "weird-id-without-prefix",
    "region:000000",
]


@pytest.mark.parametrize("node", ODD_IDS)
def test_node_iris_are_safe_and_reversible(node):
    iri = node_iri(node)
    assert node_id_from_iri(iri) == node
    assert not re.search(r"[\s<>\"{}|\\^`#?\ue000\u3000]", str(iri)), str(iri)
    g = Graph()
    g.add((iri, RDF.type, PKG.Document))
    data = g.serialize(format="turtle")
    assert (iri, RDF.type, PKG.Document) in Graph().parse(data=data, format="turtle")


def test_every_node_iri_is_under_the_instance_namespace(exported, G):
    for node in G:
        assert str(_iri(node)).startswith(str(ID))
        assert (_iri(node), RDF.type, None) in exported


# -- formats ------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # inside rdflib
def test_jsonld_round_trip(G, exported, tmp_path):
    path = tmp_path / "graph.jsonld"
    export(G, path, "jsonld")
    text = path.read_text(encoding="utf-8")
    assert "湘政办发〔2020〕9号" in text  # not \u-escaped
    assert json.loads(text)["@context"]["pkg"] == "https://w3id.org/policykg/ontology#"
    assert isomorphic(Graph().parse(path, format="json-ld"), exported)


def test_turtle_to_path_and_to_binary_stream(G, exported, tmp_path):
    path = tmp_path / "graph.ttl"
    export(G, str(path), "ttl")
    assert isomorphic(Graph().parse(path, format="turtle"), exported)
    buffer = io.BytesIO()
    export(G, buffer, "turtle")
    assert buffer.getvalue().decode("utf-8") == path.read_text(encoding="utf-8")


def test_graphml_is_readable_by_networkx(G, tmp_path):
    path = tmp_path / "graph.graphml"
    export(G, path, "graphml")
    H = nx.read_graphml(path, force_multigraph=True)
    assert set(H.nodes) == set(G.nodes)
    assert H.number_of_edges() == G.number_of_edges()
    assert {k for *_, k in H.edges(keys=True)} == {r.value for r in Relation}
    task = H.nodes[T_HUNAN_1]
    assert task["position"] == 1 and task["heading"] == "纵深推进简政放权"
    assert json.loads(task["span"])["start"] == 1200
    assert json.loads(task["deadlines"]) == [{"date": "2020-12-31", "text": "2020年底前"}]
    implements = H.edges[D_PINGJIANG_PLAN, D_HUNAN_PLAN, "implements"]
    assert implements["inferred"] is True and implements["confidence"] == 0.75
    assert "number" not in H.nodes[D_NATIONAL] and "kind" not in H.nodes[D_NATIONAL]  # None is left out


def test_graphml_to_a_text_stream(G):
    out = io.StringIO()
    export(G, out, "graphml")
    H = nx.read_graphml(io.BytesIO(out.getvalue().encode("utf-8")), force_multigraph=True)
    assert set(H.nodes) == set(G.nodes)


def _read_csv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_csv_folder_has_the_right_columns(G, tmp_path):
    export(G, tmp_path / "out", "csv")
    nodes = (tmp_path / "out" / "nodes.csv").read_bytes()
    edges = (tmp_path / "out" / "edges.csv").read_bytes()
    node_header = nodes.decode("utf-8").splitlines()[0].split(",")
    assert node_header[:3] == ["id", "type", "label"]
    for column in ("stub", "kind", "title", "doc_number", "level", "region", "signed_date", "expiry_date",
                   "document", "position", "heading", "deadlines", "name", "mentions", "government", "code"):
        assert column in node_header
    assert not nodes.startswith(b"\xef\xbb\xbf")  # no BOM
    edge_header = edges.decode("utf-8").splitlines()[0].split(",")
    assert edge_header[:2] == ["source", "target"]
    assert edge_header[2 : 2 + len(EDGE_ATTRIBUTES)] == list(EDGE_ATTRIBUTES)
    assert "mention" in edge_header  # an extra attribute of role edges
    rows = {r["id"]: r for r in _read_csv(nodes)}
    assert len(rows) == G.number_of_nodes()
    assert rows[D_NATIONAL]["stub"] == "true" and rows[D_NATIONAL]["kind"] == ""
    assert rows[T_HUNAN_1]["label"] == "纵深推进简政放权"
    assert json.loads(rows[T_HUNAN_1]["span"])["end"] > 1200
    inferred = [r for r in _read_csv(edges) if r["relation"] == "implements" and r["inferred"] == "true"]
    assert {(r["source"], r["target"], r["confidence"]) for r in inferred} == {
        (T_PINGJIANG_1, T_HUNAN_1, "0.8"),
        (D_PINGJIANG_PLAN, D_HUNAN_PLAN, "0.75"),
    }


def test_csv_zip_holds_the_same_tables(G, tmp_path):
    export(G, tmp_path / "graph.zip", "csv")
    buffer = io.BytesIO()
    export(G, buffer, "csv")
    nodes, edges = csv_tables(G)
    for archive in (zipfile.ZipFile(tmp_path / "graph.zip"), zipfile.ZipFile(io.BytesIO(buffer.getvalue()))):
        assert sorted(archive.namelist()) == ["edges.csv", "nodes.csv"]
        assert len(_read_csv(archive.read("nodes.csv"))) == len(nodes) - 1
        assert len(_read_csv(archive.read("edges.csv"))) == len(edges) - 1


def test_csv_is_deterministic(G):
    assert csv_tables(G) == csv_tables(small_graph())


def test_csv_to_a_text_stream_is_refused(G):
    with pytest.raises(ExportTargetError, match=r"\[E223\] csv cannot be written to a text stream"):
        export(G, io.StringIO(), "csv")


def test_unknown_format(G):
    assert FORMATS == ("turtle", "jsonld", "graphml", "csv")
    with pytest.raises(UnknownExportFormat, match=r"\[E222\] unknown export format 'rdfxml' \(use one of: turtle, jsonld, graphml, csv\)"):
        export(G, io.StringIO(), "rdfxml")


# -- SPARQL (the queries of docs/sparql.md) -----------------------------------


def _doc_queries() -> dict[str, str]:
    text = SPARQL_DOC.read_text(encoding="utf-8")
    queries = {}
    for block in re.findall(r"```sparql\n(.*?)```", text, flags=re.S):
        name = re.search(r"^# query: (\S+)", block, flags=re.M).group(1)
        queries[name] = block
    return queries


@pytest.fixture(scope="module")
def queryable(exported) -> Graph:
    g = Graph()
    g += exported
    g.parse(ONTOLOGY_FILE, format="turtle")
    return g


def test_docs_name_their_queries():
    assert set(_doc_queries()) == {"cascade", "agency-lead", "inferred-links", "in-region"}


def test_cascade_of_the_national_directive(queryable):
    rows = [(str(r.number) if r.number else None, str(r.title), str(r.level), str(r.link))
            for r in queryable.query(_doc_queries()["cascade"])]
    assert rows == [
        (None, "湖南省2020年政务管理服务工作要点", "省级", "explicit"),
        (HUNAN, "湖南省人民政府办公厅关于印发《湖南省2020年政务管理服务工作要点》的通知", "省级", "explicit"),
        (None, "平江县2020年政务管理服务工作要点", "县级", "inferred"),
    ]


def test_tasks_an_agency_leads(queryable):
    rows = [(str(r.document), r.position.toPython(), str(r.heading), str(r.mention), str(r.deadline))
            for r in queryable.query(_doc_queries()["agency-lead"])]
    assert rows == [("湖南省2020年政务管理服务工作要点", 1, "纵深推进简政放权", "省政务局", "2020-12-31")]


def test_inferred_links_with_evidence(queryable):
    rows = [(node_id_from_iri(r.child), node_id_from_iri(r.parent), str(r.confidence), str(r.rule),
             node_id_from_iri(r.childTask), node_id_from_iri(r.parentTask))
            for r in queryable.query(_doc_queries()["inferred-links"])]
    assert rows == [(D_PINGJIANG_PLAN, D_HUNAN_PLAN, "0.75", "infer_mirror", T_PINGJIANG_1, T_HUNAN_1)]


def test_documents_in_a_province(queryable):
    rows = [(str(r.region), str(r.title)) for r in queryable.query(_doc_queries()["in-region"])]
    assert [region for region, _ in rows] == ["平江县", "平江县", "湖南省", "湖南省"]


# -- the sample corpus --------------------------------------------------------
# The bundled notices through the real pipeline and graph builder: the export
# of real records validates, and the cascade of 国办发〔2019〕54号 survives the
# trip to RDF (issue 3, "Done when").


@pytest.fixture(scope="module")
def seeds(sample_records) -> tuple[nx.MultiDiGraph, Graph]:
    from policykg.graph.build import build_graph

    G = build_graph([doc for docs in sample_records.values() for doc in docs])
    out = io.BytesIO()
    export(G, out, "turtle")
    return G, Graph().parse(data=out.getvalue(), format="turtle")


def test_sample_corpus_export_conforms(seeds):
    _, g = seeds
    report = validate(g)
    assert report.conforms, report.text


def test_sample_corpus_inferred_links_stay_inferred(seeds):
    G, g = seeds
    inferred = [(u, v) for u, v, k, d in G.edges(keys=True, data=True) if k == Relation.IMPLEMENTS.value and d.get("inferred")]
    assert inferred, "the sample corpus has inferred links (平江县 mirrors 湖南省)"
    for u, v in inferred:
        assert (_iri(u), PKG.implements, _iri(v)) not in g
        assert (_iri(u), PKG.inferredImplements, _iri(v)) in g


def test_sample_corpus_cascade_by_sparql(seeds):
    _, g = seeds
    reached = {node_id_from_iri(row.doc) for row in g.query(_doc_queries()["cascade"])}
    assert document_node_id("粤府办〔2020〕10号") in reached
    for notice, plans in (("湘政办发〔2020〕9号", 2), ("平政办发〔2020〕5号", 2), ("吴利政办发〔2020〕60号", 1)):
        assert len({n for n in reached if n.startswith(document_node_id(notice) + "/")}) >= plans, notice


def test_csv_of_a_store_is_read_row_by_row_and_is_the_graphs(tmp_path):
    # the store's CSV is written from its database without loading the graph, and is the graph's CSV
    from policykg.graph.embedded import load_graph, save_graph
    from policykg.graph.export import export_store, store_csv_tables
    from policykg.graph.sqlite_graph import SQLiteGraph

    from .graph_fixtures import cascade_graph

    G = cascade_graph()
    G.add_node("agency:x", type="Agency", name="某局", **{"~": "a row the codec stores literally"})
    save_graph(G, tmp_path / "store")
    whole = csv_tables(load_graph(tmp_path / "store"))
    with SQLiteGraph(tmp_path / "store", check_step=False) as backend:
        nodes, edges = store_csv_tables(backend.conn, chunk=7)
        assert (list(nodes), list(edges)) == whole
        assert "~" in whole[0][0] and len(whole[1]) > 100  # the literal row's own "~" is a column
        export_store(backend.conn, tmp_path / "folder", "csv")
        export_store(backend.conn, tmp_path / "graph.zip", "csv")
        with pytest.raises(ExportTargetError):
            export_store(backend.conn, io.StringIO(), "csv")
    export(load_graph(tmp_path / "store"), tmp_path / "whole", "csv")
    for name in ("nodes.csv", "edges.csv"):
        assert (tmp_path / "folder" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()
        with zipfile.ZipFile(tmp_path / "graph.zip") as archive:
            assert archive.read(name) == (tmp_path / "whole" / name).read_bytes()
