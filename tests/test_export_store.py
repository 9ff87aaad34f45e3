"""A store's export, written a chunk of rows at a time, is the export of its loaded graph.

``export_store`` never loads the graph: Turtle and JSON-LD are made chunk by
chunk with the mapping ``to_rdf`` uses (``rdf.add_node``/``add_edge`` over
a lookup that asks the database), GraphML row by row with networkx's writer.
Each is compared with ``export`` of the graph ``load_graph`` reads, over the
bundled seeds, a generated cascade and hand-built graphs, in chunks small
enough that every graph spans many of them.
"""

from __future__ import annotations

import io
import sqlite3
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from rdflib import BNode, Graph
from rdflib.compare import isomorphic

from policykg.errors import ExportShapeError
from policykg.graph import embedded
from policykg.graph.embedded import load_graph, save_graph, shape_representatives, stream_edges, stream_nodes
from policykg.graph.export import export, export_store
from policykg.ontology import validate

from .graph_fixtures import cascade_graph
from .test_export import small_graph
from .test_sqlite_graph import SEEDS, _generate, _ingested

PARSE = {"turtle": "turtle", "jsonld": "json-ld"}


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("export-store")
    corpus = base / "generated"
    _generate().generate(corpus, 12, seed=23, source=SEEDS, within="43")
    out = {"seeds": _ingested(base / "seeds", [SEEDS]), "generated": _ingested(base / "generated-store", [corpus])}
    G = small_graph()
    # a row the codec stores literally (its attributes hold the codec's flag "~") has a shape of its own
    G.add_node("agency:某局", type="Agency", name="某局", **{"~": "kept as it is"})
    for name, graph in (("small", G), ("cascade", cascade_graph())):
        save_graph(graph, base / name)
        out[name] = base / name
    return out


def _conn(root: Path) -> sqlite3.Connection:
    # read-only: an export must not write
    return sqlite3.connect(f"file:{root / 'policykg.sqlite'}?mode=ro", uri=True)


def _by_content(g: Graph) -> Counter:
    """The triples of ``g``, each blank node replaced by what it says.

    The export's blank nodes (spans, deadlines) are leaves, so this is
    exact, and far quicker than ``isomorphic`` on thousands of them.
    """
    said: dict = {}
    for s, p, o in g:
        if isinstance(s, BNode):
            assert not isinstance(o, BNode), "a blank node that points at another: compare with isomorphic"
            said.setdefault(s, []).append((p, o))
    content = {b: tuple(sorted(pairs)) for b, pairs in said.items()}
    return Counter((content.get(s, s), p, content.get(o, o)) for s, p, o in g)


def _both(root: Path, fmt: str, tmp_path: Path, chunk: int) -> tuple[Path, Path]:
    whole, streamed = tmp_path / f"whole.{fmt}", tmp_path / f"streamed.{fmt}"
    export(load_graph(root), whole, fmt)
    with _conn(root) as conn:
        export_store(conn, streamed, fmt, chunk=chunk)
    return whole, streamed


def _parsed(root: Path, fmt: str, tmp_path: Path, chunk: int) -> tuple[Graph, Graph, str]:
    """The whole graph's export and the streamed one, parsed, and the streamed file's text."""
    whole, streamed = _both(root, fmt, tmp_path, chunk)
    return Graph().parse(whole, format=PARSE[fmt]), Graph().parse(streamed, format=PARSE[fmt]), streamed.read_text(encoding="utf-8")


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # inside rdflib's JSON-LD parser
@pytest.mark.parametrize("fmt", ["turtle", "jsonld"])
@pytest.mark.parametrize("which", ["seeds", "generated"])
def test_streamed_rdf_is_the_whole_graphs(stores, which, fmt, tmp_path):
    a, b, text = _parsed(stores[which], fmt, tmp_path, chunk=40)
    assert len(a) > 5000
    assert _by_content(a) == _by_content(b)
    if fmt == "turtle":
        assert text.count("@prefix pkg:") == 1 and text.startswith("@prefix ")
    else:
        assert text.count('"@context"') == 1 and text.lstrip().startswith('{\n  "@context"')


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("fmt", ["turtle", "jsonld"])
@pytest.mark.parametrize("which", ["small", "cascade"])
def test_streamed_rdf_is_isomorphic_and_conforms(stores, which, fmt, tmp_path):
    # chunks of three: every node's and edge's neighbours are in other chunks, and asked of the database
    a, b, _ = _parsed(stores[which], fmt, tmp_path, chunk=3)
    assert len(b) > 100
    assert isomorphic(a, b)
    report = validate(b)
    assert report.conforms, report.text


@pytest.mark.parametrize("which", ["seeds", "generated", "small", "cascade"])
def test_streamed_graphml_is_networkxs_file(stores, which, tmp_path):
    whole, streamed = _both(stores[which], "graphml", tmp_path, chunk=7)
    assert streamed.read_bytes() == whole.read_bytes()
    H = nx.read_graphml(streamed, force_multigraph=True)
    W = nx.read_graphml(whole, force_multigraph=True)
    assert list(H.nodes(data=True)) == list(W.nodes(data=True))
    assert list(H.edges(keys=True, data=True)) == list(W.edges(keys=True, data=True))
    G = load_graph(stores[which])
    assert H.number_of_nodes() == G.number_of_nodes() and H.number_of_edges() == G.number_of_edges()


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("fmt", ["turtle", "jsonld", "graphml"])
def test_streamed_to_text_and_binary_streams(stores, fmt, tmp_path):
    root = stores["small"]
    with _conn(root) as conn:
        text, binary = io.StringIO(), io.BytesIO()
        export_store(conn, text, fmt, chunk=5)
        export_store(conn, binary, fmt, chunk=5)
    if fmt != "jsonld":  # JSON-LD names its blank nodes, afresh each time
        assert text.getvalue().encode("utf-8") == binary.getvalue()
    if fmt == "graphml":
        H = nx.read_graphml(io.BytesIO(binary.getvalue()), force_multigraph=True)
        assert set(H.nodes) == set(load_graph(root).nodes)
    else:
        whole = io.BytesIO()
        export(load_graph(root), whole, fmt)
        expected = Graph().parse(data=whole.getvalue(), format=PARSE[fmt])
        for out in (text.getvalue(), binary.getvalue()):
            assert isomorphic(Graph().parse(data=out, format=PARSE[fmt]), expected)


def test_the_store_export_never_loads_the_graph(stores, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("export_store loaded the whole graph")

    monkeypatch.setattr(embedded, "load_graph", refuse)
    with _conn(stores["generated"]) as conn:
        for fmt in ("turtle", "jsonld", "graphml", "csv"):
            export_store(conn, tmp_path / f"graph.{fmt}", fmt)
            assert (tmp_path / f"graph.{fmt}").exists()


@pytest.mark.parametrize("which", ["seeds", "generated", "small"])
def test_streamed_rows_come_in_the_loaded_graphs_order(stores, which):
    G = load_graph(stores[which])
    with _conn(stores[which]) as conn:
        nodes = [row for chunk in stream_nodes(conn, chunk=7) for row in chunk]
        chunks = list(stream_edges(conn, chunk=7))
    assert nodes == list(G.nodes(data=True))
    assert [row for chunk in chunks for row in chunk] == list(G.edges(keys=True, data=True))
    assert len(chunks) > 3
    # a chunk ends where a source's edges end
    assert all(a[-1][0] != b[0][0] for a, b in zip(chunks, chunks[1:]))


def _kinds(data: dict) -> tuple:
    return tuple(sorted((k, type(v).__name__) for k, v in data.items()))


@pytest.mark.parametrize("which", ["seeds", "generated", "small"])
def test_rows_of_one_shape_decode_alike(stores, which):
    # what GraphML's declarations rest on: every row decodes to the keys and kinds of its shape's first row
    from policykg.graph import codec

    G = load_graph(stores[which])
    with _conn(stores[which]) as conn:
        node_shape = codec.SHAPE.format(attrs="nodes.attrs", row="nodes.n")
        edge_shape = codec.SHAPE.format(attrs="edges.attrs", row="edges.e")
        node_shapes = dict(conn.execute(f"SELECT id, {node_shape} FROM nodes"))
        edge_shapes = {(u, v, k): s for u, v, k, s in conn.execute(
            f"SELECT s.id, t.id, edges.key, {edge_shape} FROM edges JOIN nodes s ON s.n = edges.source JOIN nodes t ON t.n = edges.target"
        )}
        nodes, edges = shape_representatives(conn)
    first: dict = {}
    for node, data in G.nodes(data=True):
        first.setdefault(node_shapes[node], (node, _kinds(data)))
        assert first[node_shapes[node]][1] == _kinds(data), node
    assert [n for n, _ in nodes] == [n for n, _ in first.values()]
    first = {}
    for u, v, k, data in G.edges(keys=True, data=True):
        first.setdefault(edge_shapes[u, v, k], ((u, v, k), _kinds(data)))
        assert first[edge_shapes[u, v, k]][1] == _kinds(data), (u, v, k)
    assert [e[:3] for e in edges] == [e for e, _ in first.values()]
    assert len(edges) > 3


def test_a_row_no_representative_declared_is_a_typed_error(stores, tmp_path, monkeypatch):
    nodes, edges = shape_representatives(_conn(stores["small"]))
    monkeypatch.setattr(embedded, "shape_representatives", lambda conn: (nodes, edges[:1]))
    with _conn(stores["small"]) as conn, pytest.raises(ExportShapeError) as err:
        export_store(conn, tmp_path / "graph.graphml", "graphml")
    assert err.value.code == "E145" and "edge" in str(err.value)
