"""The indexes a writer keeps across batches (graph/held.py) answer as indexes built again from the graph."""

from __future__ import annotations

import networkx as nx
import pytest

from policykg.graph.build import _CitationKeys, add_documents, remove_records
from policykg.graph.held import held
from policykg.graph.resolve import DocumentIndex


@pytest.fixture()
def checked(monkeypatch):
    monkeypatch.setenv("POLICYKG_CHECK_INDEXES", "1")


def _batches(sample_records):
    return [docs for _, docs in sorted(sample_records.items())]


def test_a_held_index_is_refreshed_not_rebuilt_and_equals_a_fresh_one(sample_records, checked):
    G = nx.MultiDiGraph()
    first = None
    for docs in _batches(sample_records):
        add_documents(G, docs)
        index = held(G, "documents", DocumentIndex)
        first = first or index
        assert index is first  # the same object, kept across batches
        assert index.contents() == DocumentIndex(G).contents()
    cited = held(G, "citations", _CitationKeys)
    assert cited.contents() == _CitationKeys(G).contents()
    assert cited.contents()["by_key"]  # the seeds cite by number and title


def test_removing_a_document_takes_it_out_of_the_held_indexes(sample_records, checked):
    G = nx.MultiDiGraph()
    batches = _batches(sample_records)
    for docs in batches:
        add_documents(G, docs)
    index = held(G, "documents", DocumentIndex)
    before = set(index._entries)
    gone = batches[0]
    removed = remove_records(G, [d.id for d in gone])
    add_documents(G, [], relink=removed.relink, seeds=removed.seeds)
    index = held(G, "documents", DocumentIndex)
    assert index.contents() == DocumentIndex(G).contents()
    assert set(index._entries) <= set(G)
    assert before - set(index._entries)  # what was filed for the documents taken out went


def test_an_index_held_by_a_writers_working_set_looks_only_at_what_changed(sample_records, checked, tmp_path):
    from policykg import database
    from policykg.graph.embedded import save_graph
    from policykg.graph.working_set import WorkingSet

    batches = _batches(sample_records)
    save_graph(nx.MultiDiGraph(policykg_schema=2), tmp_path)
    conn = database.connect(tmp_path)
    try:
        G = WorkingSet(conn)
        looked: list = []  # how many documents each refresh was told to look at (None: all)
        since = G.documents_changed_since

        def noted(mark):
            nodes, now = since(mark)
            looked.append(None if nodes is None else len(nodes))
            return nodes, now

        G.documents_changed_since = noted
        for docs in batches:
            add_documents(G, docs)  # the check (held, POLICYKG_CHECK_INDEXES) compares with a fresh build
            with database.write(conn):
                G.save(conn)
        documents = sum(1 for _, d in G.nodes(data=True) if d.get("type") == "Document")
        index = held(G, "documents", DocumentIndex)
        assert index.contents() == DocumentIndex(G).contents()
        assert held(G, "documents", DocumentIndex) is index
        looked = [n for n in looked if n is not None]  # (None: a fresh build, which looks at all)
        assert looked[-1] == 0  # nothing changed since the last look
        assert 0 < max(looked) < documents  # each batch looks at its own documents, not at all of them
    finally:
        conn.close()


def test_the_check_finds_an_index_that_fell_out_of_step(sample_records, checked):
    G = nx.MultiDiGraph()
    for docs in _batches(sample_records):
        add_documents(G, docs)
    index = held(G, "documents", DocumentIndex)
    number, node = next(iter(index.by_number.items()))
    index.by_number[number + "x"] = node  # filed under a key its node does not have
    with pytest.raises(AssertionError, match="by_number"):
        held(G, "documents", DocumentIndex)
