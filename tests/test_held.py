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


# -- kept in the store, for the next process -----------------------------------


def _writer(tmp_path):
    from policykg import database
    from policykg.graph.embedded import save_graph

    save_graph(nx.MultiDiGraph(policykg_schema=2), tmp_path)
    return database.connect(tmp_path)


def _add_and_save(conn, G, docs):
    from policykg import database

    add_documents(G, docs)
    held(G, "documents", DocumentIndex)
    held(G, "citations", _CitationKeys)
    with database.write(conn):
        G.save(conn)


def _never_built(monkeypatch):
    """Building either index from scratch fails the test: it must come from the store."""
    def refuse(self, *a, **k):
        raise AssertionError(f"{type(self).__name__} built from every document, not taken from the store")

    monkeypatch.setattr(DocumentIndex, "__init__", refuse)
    monkeypatch.setattr(_CitationKeys, "__init__", refuse)



def test_the_next_process_takes_the_indexes_from_the_store_and_looks_only_at_what_changed_since(sample_records, tmp_path, monkeypatch):
    from policykg.graph import embedded
    from policykg.graph.working_set import WorkingSet

    monkeypatch.setenv("POLICYKG_CHECK_INDEXES", "0")  # (the check builds an index from scratch: compared by hand here)
    batches = _batches(sample_records)
    conn = _writer(tmp_path)
    try:
        first = WorkingSet(conn)
        _add_and_save(conn, first, batches[0])  # nothing kept yet: written at this save
        (kept_at,) = {seq for (seq,) in conn.execute("SELECT seq FROM held_indexes")}
        assert {name for (name,) in conn.execute("SELECT name FROM held_indexes")} == {"documents", "citations"}

        # a second process adds the other notices: too few changes to write the indexes again,
        # so they stay as kept, and the change log says what changed since
        second = WorkingSet(conn)
        with monkeypatch.context() as m:
            _never_built(m)
            for docs in batches[1:]:
                _add_and_save(conn, second, docs)
        assert {seq for (seq,) in conn.execute("SELECT seq FROM held_indexes")} == {kept_at}
        logged = {n for (n,) in conn.execute("SELECT node FROM document_changes")}
        assert logged and all(n.startswith("doc:") for n in logged)

        third = WorkingSet(conn)
        with monkeypatch.context() as m:
            _never_built(m)
            documents = held(third, "documents", DocumentIndex)
            citations = held(third, "citations", _CitationKeys)
        assert documents.contents() == DocumentIndex(third).contents()
        assert citations.contents() == _CitationKeys(third).contents()
        assert documents.contents()["by_number"] and citations.contents()["by_key"]

        # written again once enough changed, and the log before them goes
        monkeypatch.setattr(embedded, "REWRITE_HELD_AFTER", 0)
        removed = remove_records(third, [d.id for d in batches[0]])
        add_documents(third, [], relink=removed.relink, seeds=removed.seeds)
        held(third, "documents", DocumentIndex)
        from policykg import database

        with database.write(conn):
            third.save(conn)
        assert {seq for (seq,) in conn.execute("SELECT seq FROM held_indexes")} != {kept_at}
        assert conn.execute("SELECT count(*) FROM document_changes").fetchone() == (0,)
        fourth = WorkingSet(conn)
        with monkeypatch.context() as m:
            _never_built(m)
            documents = held(fourth, "documents", DocumentIndex)
        assert documents.contents() == DocumentIndex(fourth).contents()
        assert not set(documents.by_record) & {d.id for d in batches[0]}
    finally:
        conn.close()


def test_indexes_kept_by_other_code_or_of_a_graph_written_anew_are_built_again(sample_records, tmp_path, monkeypatch):
    from policykg.graph import held as held_module
    from policykg.graph.embedded import load_graph, save_graph
    from policykg.graph.working_set import WorkingSet

    batches = _batches(sample_records)
    conn = _writer(tmp_path)
    try:
        _add_and_save(conn, WorkingSet(conn), batches[0])
        assert conn.execute("SELECT count(*) FROM held_indexes").fetchone() == (2,)
        # other code: its rules may file a document under other keys
        monkeypatch.setattr(held_module, "code_stamp", lambda: "another policykg")
        built = []
        real = DocumentIndex.__init__
        monkeypatch.setattr(DocumentIndex, "__init__", lambda self, *a, **k: (built.append(1), real(self, *a, **k))[1])
        held(WorkingSet(conn), "documents", DocumentIndex)
        assert built == [1]
        # a whole graph written anew: what was kept is of another graph
        save_graph(load_graph(conn), conn)
        assert conn.execute("SELECT count(*) FROM held_indexes").fetchone() == (0,)
    finally:
        conn.close()


def test_a_kept_index_written_and_read_back_is_the_same_index(sample_records):
    import marshal

    G = nx.MultiDiGraph()
    for docs in _batches(sample_records):
        add_documents(G, docs)
    for cls in (DocumentIndex, _CitationKeys):
        index = cls(G)
        back = cls.restored(G, marshal.loads(marshal.dumps(index.state())), journal_mark=None)
        assert back.contents() == index.contents()
    # the entries still point into the tables read back: forgetting a document takes it out of them
    index = DocumentIndex(G)
    back = DocumentIndex.restored(G, marshal.loads(marshal.dumps(index.state())))
    node = next(n for n in index.by_title.get(next(iter(index.by_title)), ()))
    index.discard(node)
    back.discard(node)
    assert back.contents() == index.contents()
    assert all(node not in nodes for nodes in back.by_title.values())
