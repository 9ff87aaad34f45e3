"""The working set (graph/working_set.py): a stored graph loaded as it is touched behaves as the whole graph.

Random sequences of networkx changes are made to a plain graph and to a
working set over the same stored graph, touching nodes in random orders
(so their edges are read before, between and after the changes); what the
working set saves must be the plain graph. The build-level checks (any
chunking through a store equals the full build) are in
``tests/test_graph_incremental.py``.
"""

from __future__ import annotations

import tempfile

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policykg import database
from policykg.graph.embedded import load_graph, save_graph
from policykg.graph.schema import Relation, has_related, related
from policykg.graph.working_set import WorkingSet, touched

NODES = [f"n{i}" for i in range(7)]
# "contains": a document's tasks are read with it (WorkingSet._settle)
KEYS = ["a", "b", "contains"]


class FakeRelation:
    """A relation name outside the schema's (the working set reads any key alike)."""

    def __init__(self, value: str) -> None:
        self.value = value


def _start_graph(edges: list) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(policykg_schema=2)
    for i, n in enumerate(NODES):
        G.add_node(n, type="Document" if i % 3 == 0 else "Task", v=i)
    for u, v, k in edges:
        G.add_edge(u, v, key=k, w=1)
    return G


node = st.sampled_from(NODES)
edge = st.tuples(node, node, st.sampled_from(KEYS))
operation = st.one_of(
    st.tuples(st.just("add_edge"), edge, st.integers(0, 9)),
    st.tuples(st.just("remove_edge"), edge, st.just(0)),
    st.tuples(st.just("remove_node"), node, st.just(0)),
    st.tuples(st.just("add_node"), node, st.integers(0, 9)),
    st.tuples(st.just("set"), node, st.integers(0, 9)),
    st.tuples(st.just("set_edge"), edge, st.integers(0, 9)),
    st.tuples(st.just("look"), node, st.just(0)),
    st.tuples(st.just("related"), st.tuples(node, st.sampled_from(KEYS), st.booleans()), st.just(0)),
    st.tuples(st.just("save"), st.just(None), st.just(0)),
    # read a node ahead, and forget what was read ahead and not changed since: neither changes the graph
    st.tuples(st.just("read_ahead"), node, st.just(0)),
    st.tuples(st.just("release"), st.just(None), st.just(0)),
)


def _apply(G, op, arg, value):
    if op == "add_edge":
        u, v, k = arg
        G.add_edge(u, v, key=k, w=value)
    elif op == "remove_edge":
        if G.has_edge(*arg):
            G.remove_edge(*arg)
    elif op == "remove_node":
        if arg in G:
            G.remove_node(arg)
    elif op == "add_node":
        if arg not in G:
            G.add_node(arg, type="Task", v=value)
    elif op == "set":
        if arg in G:
            G.nodes[arg]["v"] = value
    elif op == "set_edge":
        if G.has_edge(*arg):
            G.edges[arg]["w"] = value
    elif op == "look":
        if arg in G:
            return sorted(G.out_edges(arg, keys=True, data="w")), sorted(G.in_edges(arg, keys=True, data="w"))


def _rows(G):
    return (
        {n: dict(d) for n, d in G.nodes(data=True)},
        {(u, v, k): dict(d) for u, v, k, d in G.edges(keys=True, data=True)},
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=st.lists(edge, max_size=12), ops=st.lists(operation, max_size=25))
def test_changes_through_a_working_set_are_the_changes_to_the_whole_graph(start, ops):
    plain = _start_graph(start)
    folder = tempfile.mkdtemp()
    save_graph(plain, folder)
    conn = database.connect(folder)
    try:
        ws = WorkingSet(conn)
        for op, arg, value in ops:
            if op == "save":
                with database.write(conn):
                    ws.save(conn)
                continue
            if op in ("read_ahead", "release"):
                ws.read_ahead([arg]) if op == "read_ahead" else ws.release()
                continue
            if op == "related":
                # the edges of one relation, read without the node's others, as they are now
                n, key, out = arg
                relation = Relation(key) if key in {r.value for r in Relation} else FakeRelation(key)
                assert has_related(ws, n, relation, out=out) is bool(related(plain, n, relation, out=out))
                assert sorted(related(ws, n, relation, out=out)) == sorted(related(plain, n, relation, out=out))
                continue
            # what a look sees (a node's edges, both ways) is the same on both
            assert _apply(plain, op, arg, value) == _apply(ws, op, arg, value)
        with database.write(conn):
            ws.save(conn)
        assert _rows(load_graph(conn)) == _rows(plain)
    finally:
        conn.close()


def test_a_working_set_holds_the_documents_and_only_what_was_touched(tmp_path):
    plain = _start_graph([("n1", "n2", "a"), ("n2", "n4", "b"), ("n4", "n5", "a")])
    save_graph(plain, tmp_path)
    conn = database.connect(tmp_path)
    ws = WorkingSet(conn)
    documents = {n for n, d in plain.nodes(data=True) if d["type"] == "Document"}
    assert set(ws.nodes) == documents  # the tasks are not read until asked for
    assert list(ws.successors("n1")) == ["n2"]
    assert set(ws.nodes) == documents | {"n1"}
    assert dict(touched(ws)).keys() == {"n1"}  # n1's edges are read, n2's not yet
    ws.add_edge("n2", "n5", key="b")  # settles both ends
    assert dict(touched(ws)).keys() == {"n1", "n2", "n5"}
    with database.write(conn):
        ws.save(conn)
    assert set(ws.nodes) == documents and not dict(touched(ws))
    assert load_graph(conn).has_edge("n2", "n5", "b")
    conn.close()


def test_an_edge_into_a_node_not_settled_does_not_read_that_nodes_edges(tmp_path):
    # n3 is a hub (an agency every task names): adding one more edge into it must not read the others
    plain = _start_graph([(f"n{i}", "n3", "a") for i in (1, 2, 4, 5)])
    save_graph(plain, tmp_path)
    conn = database.connect(tmp_path)
    ws = WorkingSet(conn)
    ws.add_node("t", type="Task", v=0)  # new, so settled
    ws.add_edge("t", "n3", key="a", w=7)
    ws.add_edge("t", "n3", key="a", w=8)  # the same edge, set again
    assert "n3" not in dict(touched(ws))  # its four stored edges were not read
    assert ws.nodes["n3"]["v"] == 3
    plain.add_node("t", type="Task", v=0)
    plain.add_edge("t", "n3", key="a", w=8)
    # anything that reads n3's edges sees the new one, once
    assert sorted(related(ws, "n3", FakeRelation("a"), out=False)) == ["n1", "n2", "n4", "n5", "t"]
    assert sorted(ws.in_edges("n3", keys=True, data="w")) == sorted(plain.in_edges("n3", keys=True, data="w"))
    assert ws._succ["t"]["n3"] is ws._pred["n3"]["t"]  # one dict on both sides, as networkx keeps it
    with database.write(conn):
        ws.save(conn)
    assert _rows(load_graph(conn)) == _rows(plain)
    conn.close()


def test_an_edge_into_a_node_not_settled_is_there_when_it_is_saved_unread(tmp_path):
    plain = _start_graph([("n1", "n3", "a")])
    save_graph(plain, tmp_path)
    conn = database.connect(tmp_path)
    ws = WorkingSet(conn)
    list(ws.successors("n2"))  # settles n2
    ws.add_edge("n2", "n3", key="b", w=5)
    with database.write(conn):
        ws.save(conn)  # n3 never read
    plain.add_edge("n2", "n3", key="b", w=5)
    assert _rows(load_graph(conn)) == _rows(plain)
    conn.close()


def test_the_journal_lists_the_documents_set_added_or_removed_since_a_mark(tmp_path):
    plain = _start_graph([("n1", "n2", "a"), ("n2", "n4", "b"), ("n4", "n5", "a")])
    save_graph(plain, tmp_path)
    conn = database.connect(tmp_path)
    ws = WorkingSet(conn)
    documents = sorted(n for n, d in plain.nodes(data=True) if d["type"] == "Document")
    others = sorted(n for n, d in plain.nodes(data=True) if d["type"] != "Document")
    assert documents and others
    nothing, mark = ws.documents_changed_since(0)
    assert nothing == set()  # reading is no change
    ws.nodes[documents[0]]["title"] = "甲"
    ws.nodes[documents[0]]["title"] = "乙"  # set twice before anyone looked: listed once
    ws.nodes[others[0]]["title"] = "丙"  # not a document
    ws.add_node("new", type="Document", title="丁")
    changed, mark2 = ws.documents_changed_since(mark)
    assert changed == {documents[0], "new"}
    assert ws.journal.count(documents[0]) == 1
    with database.write(conn):
        ws.save(conn)  # saving and forgetting changes nothing a reader was told
    ws.remove_node("new")
    ws.nodes[documents[0]]["title"] = "戊"  # set again after a reader looked: listed again
    changed, mark3 = ws.documents_changed_since(mark2)
    assert changed == {"new", documents[0]}
    assert ws.documents_changed_since(mark3)[0] == set()
    assert ws.documents_changed_since(mark)[0] == {documents[0], "new"}  # an older mark sees all since
    conn.close()


def test_a_documents_tasks_are_read_in_one_go_when_they_are_looked_at(tmp_path):
    from policykg.graph.schema import document_tasks

    # n0 is a document containing the tasks n1 and n2; n1 is also linked to the task n4
    plain = _start_graph([("n0", "n1", "contains"), ("n0", "n2", "contains"), ("n0", "n5", "a"), ("n1", "n4", "b")])
    for position, task in enumerate(("n2", "n1"), 1):
        plain.nodes[task]["position"] = position
    save_graph(plain, tmp_path)
    conn = database.connect(tmp_path)
    ws = WorkingSet(conn)
    documents = {n for n, d in plain.nodes(data=True) if d["type"] == "Document"}
    reads = []
    ws.conn.set_trace_callback(lambda sql: reads.append(sql) if "FROM nodes WHERE id IN" in sql and "edges" not in sql else None)
    assert document_tasks(ws, "n0") == ["n2", "n1"]
    assert len(reads) == 1  # both tasks' attributes in one read
    # no node's edges are read: n0's tasks come from its contains-rows alone (schema.related),
    # and the tasks' edges are read when walked
    assert not dict(touched(ws))
    assert set(ws.nodes) == documents | {"n1", "n2"}  # n4 and n5 are not read until asked for
    assert list(ws.successors("n1")) == ["n4"]
    conn.close()


def test_what_was_read_ahead_and_not_changed_is_let_go(tmp_path):
    from policykg.graph.schema import document_tasks

    plain = _start_graph([("n0", "n1", "contains"), ("n0", "n2", "contains"), ("n0", "n4", "contains")])
    for position, task in enumerate(("n1", "n2", "n4"), 1):
        plain.nodes[task]["position"] = position
    save_graph(plain, tmp_path)
    conn = database.connect(tmp_path)
    ws = WorkingSet(conn)
    documents = {n for n, d in plain.nodes(data=True) if d["type"] == "Document"}
    assert document_tasks(ws, "n0") == ["n1", "n2", "n4"]
    ws.nodes["n2"]["v"] = 7  # changed: kept until saved
    list(ws.successors("n4"))  # settled: kept
    assert ws.release() == 1
    assert set(ws.nodes) == documents | {"n2", "n4"}
    assert ws.nodes["n1"]["position"] == 1  # read again when asked for
    with database.write(conn):
        ws.save(conn)
    stored = load_graph(conn)
    assert stored.nodes["n2"]["v"] == 7 and "n1" in stored  # nothing let go was lost or taken for removed
    conn.close()


def test_an_edge_is_one_dict_on_both_sides_whichever_end_is_read_first(tmp_path):
    save_graph(_start_graph([("n1", "n2", "a")]), tmp_path)
    conn = database.connect(tmp_path)
    for first, second in (("n1", "n2"), ("n2", "n1")):
        ws = WorkingSet(conn)
        list(ws.successors(first)), list(ws.predecessors(first))
        list(ws.successors(second)), list(ws.predecessors(second))
        assert ws._succ["n1"]["n2"] is ws._pred["n2"]["n1"]
    conn.close()
