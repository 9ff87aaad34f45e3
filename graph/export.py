"""Write the graph to a file or stream: Turtle, JSON-LD, GraphML or CSV.

=========  ==================================================================
format     what is written
=========  ==================================================================
turtle     RDF in the policykg ontology's terms (:func:`~policykg.graph.rdf.to_rdf`)
jsonld     the same RDF as JSON-LD, compacted with the ``pkg``, ``eli`` …
           prefixes
graphml    the networkx graph itself; lists and dicts (spans, evidence,
           deadlines) become JSON strings, and None values are left out
csv        two tables, ``nodes.csv`` and ``edges.csv`` (see below)
=========  ==================================================================

A store's graph is exported by :func:`export_store` a chunk of rows at a
time, never loaded whole: the same files for CSV and GraphML, the same
triples for Turtle and JSON-LD.

CSV goes to a folder (created if needed) holding ``nodes.csv`` and
``edges.csv``, or, when the path ends in ``.zip`` or the destination is a
binary stream, to a zip archive holding the two. ``nodes.csv`` has the columns
``id, type, label`` and then every node attribute of
:data:`~policykg.graph.schema.NODE_ATTRIBUTES` in schema order (then any other
attribute found, sorted); ``edges.csv`` has ``source, target`` and then the
edge attributes of :data:`~policykg.graph.schema.EDGE_ATTRIBUTES` (then any
other). Cells are UTF-8 without a byte-order mark; ``true`` / ``false`` for
booleans, empty for None, JSON for lists and dicts. Rows are sorted by id, so
two exports of the same graph are identical.

Examples
--------
>>> import io, networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("region:430000", type="Region", name="湖南省", code="430000", level="provincial")
>>> out = io.StringIO()
>>> export(G, out, "turtle")
>>> "skos:notation \\"430000\\"^^pkg:GBT2260Code" in out.getvalue()
True
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import os
import sqlite3
import zipfile
from pathlib import Path
from typing import IO, Any, Iterator, Union

import networkx as nx
import orjson

from policykg.errors import ExportPathError, ExportShapeError, ExportTargetError, UnknownExportFormat
from .rdf import PREFIXES, rdf_chunks, to_rdf
from .schema import EDGE_ATTRIBUTES, NODE_ATTRIBUTES

__all__ = ["FORMATS", "export", "export_store", "graphml_ready", "csv_tables", "store_csv_tables", "UnknownExportFormat", "ExportTargetError"]

#: The formats :func:`export` writes.
FORMATS = ("turtle", "jsonld", "graphml", "csv")
_ALIASES = {"ttl": "turtle", "json-ld": "jsonld", "json_ld": "jsonld"}

Destination = Union[str, "os.PathLike[str]", IO[str], IO[bytes]]


def export(G, dest: Destination, fmt: str = "turtle", *, aligned: bool = True) -> None:
    """Write ``G`` to ``dest`` in format ``fmt``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A policykg graph.
    dest : path or file object
        A path, or an open text or binary stream (``sys.stdout`` works for
        turtle, jsonld and graphml). For csv: a folder, a ``.zip`` path or a
        binary stream; see the module docstring.
    fmt : {'turtle', 'jsonld', 'graphml', 'csv'}
    aligned : bool
        For the RDF formats, also write the ELI / schema.org / ORG / PROV / SKOS
        triples the ontology implies (see :func:`~policykg.graph.rdf.to_rdf`).

    Raises
    ------
    UnknownExportFormat
        ``fmt`` is not one of :data:`FORMATS`.
    ExportTargetError
        csv to a text stream.
    ExportPathError
        ``dest`` is a path in a folder that does not exist, is a folder
        itself (but for csv), or cannot be written.
    UnmappedTerm
        The graph holds a node type, relation or value the ontology lacks.

    Examples
    --------
    >>> import io, networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("agency:平江县人民政府", type="Agency", name="平江县人民政府", government=True)
    >>> buffer = io.BytesIO()
    >>> export(G, buffer, "graphml")
    >>> sorted(nx.read_graphml(io.BytesIO(buffer.getvalue())).nodes)
    ['agency:平江县人民政府']
    """
    fmt = _ALIASES.get(str(fmt).lower(), str(fmt).lower())
    if fmt not in FORMATS:
        raise UnknownExportFormat(fmt=fmt)
    if not _is_path(dest):
        _export(G, dest, fmt, aligned=aligned)
        return
    _check_path(Path(dest), folder=fmt == "csv" and not str(dest).lower().endswith(".zip"))
    try:
        _export(G, dest, fmt, aligned=aligned)
    except OSError as err:
        raise ExportPathError(path=str(dest), reason=err.strerror or str(err)) from err


def _check_path(path: Path, *, folder: bool) -> None:
    # Checked before the graph is serialised, which takes a while on a large graph.
    if not path.parent.is_dir():
        raise ExportPathError(path=str(path), reason=f"the folder {path.parent} does not exist")
    if path.is_dir() and not folder:
        raise ExportPathError(path=str(path), reason="it is a folder")


def _export(G, dest: Destination, fmt: str, *, aligned: bool) -> None:
    if fmt == "turtle":
        _write(dest, to_rdf(G, aligned=aligned).serialize(format="turtle", encoding="utf-8"))
    elif fmt == "jsonld":
        data = to_rdf(G, aligned=aligned).serialize(format="json-ld", context=dict(PREFIXES), encoding="utf-8")
        _write(dest, data)
    elif fmt == "graphml":
        _write_graphml(graphml_ready(G), dest)
    else:
        _write_csv(G, dest)


def _is_text_stream(dest: Any) -> bool:
    return isinstance(dest, io.TextIOBase)


def _is_path(dest: Any) -> bool:
    return isinstance(dest, (str, os.PathLike))


def _write(dest: Destination, data: bytes) -> None:
    if _is_path(dest):
        Path(dest).write_bytes(data)
    elif _is_text_stream(dest):
        dest.write(data.decode("utf-8"))
    else:
        dest.write(data)


# -- GraphML ------------------------------------------------------------------


def _scalar(value: Any) -> Any:
    """A value GraphML can hold: scalars as they are, the rest as JSON."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _graphml_attrs(data: dict) -> dict:
    # GraphML has no null: None values are left out; lists and dicts become JSON
    return {k: _scalar(v) for k, v in data.items() if v is not None}


def graphml_ready(G) -> nx.MultiDiGraph:
    """A copy of ``G`` that :func:`networkx.write_graphml` accepts.

    Lists and dicts become JSON strings and None values are dropped (GraphML
    has no null); edge keys are kept.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("task:x#1", type="Task", span={"start": 0, "end": 3, "text": "一二三"}, number=None)
    >>> graphml_ready(G).nodes["task:x#1"]
    {'type': 'Task', 'span': '{"end": 3, "start": 0, "text": "一二三"}'}
    """
    H = nx.MultiDiGraph()
    H.graph.update(_graphml_attrs(G.graph))
    for node, data in G.nodes(data=True):
        H.add_node(node, **_graphml_attrs(data))
    for source, target, key, data in G.edges(keys=True, data=True):
        H.add_edge(source, target, key=key, **_graphml_attrs(data))
    return H


def _write_graphml(H: nx.MultiDiGraph, dest: Destination) -> None:
    if _is_text_stream(dest):
        for line in nx.generate_graphml(H):
            dest.write(line + "\n")
    else:
        nx.write_graphml(H, dest, encoding="utf-8")


# -- CSV ----------------------------------------------------------------------


def _columns(declared: Any) -> list[str]:
    # NODE_ATTRIBUTES groups the four dates in one entry ("signed_date,
    # published_date, …"): split such entries into their names.
    out: list[str] = []
    for entry in declared:
        for name in str(entry).split(","):
            name = name.strip()
            if name and name not in out:
                out.append(name)
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _label(data: dict) -> Any:
    return data.get("name") or data.get("title") or data.get("heading") or data.get("doc_number")


def _node_columns(keys) -> list[str]:
    declared_nodes = _columns(attr for attrs in NODE_ATTRIBUTES.values() for attr in attrs)
    columns = ["id", "type", "label"] + [c for c in declared_nodes if c not in ("id", "type", "label")]
    return columns + sorted(set(keys) - set(columns))


def _edge_columns(keys) -> list[str]:
    columns = ["source", "target"] + [c for c in _columns(EDGE_ATTRIBUTES) if c not in ("source", "target")]
    return columns + sorted(set(keys) - set(columns))


def _node_row(node: str, data: dict, columns: list[str]) -> list[str]:
    row = {"id": node, "label": _label(data), **{k: v for k, v in data.items() if k not in ("id", "label")}}
    return [_cell(row.get(c)) for c in columns]


def _edge_row(source: str, target: str, key: str, data: dict, columns: list[str]) -> list[str]:
    row = {"relation": key, **data, "source": source, "target": target}
    return [_cell(row.get(c)) for c in columns]


def csv_tables(G) -> tuple[list[list[str]], list[list[str]]]:
    """The rows of ``nodes.csv`` and ``edges.csv`` (header first).

    Examples
    --------
    >>> import networkx as nx
    >>> from policykg.graph.schema import Relation, edge_attrs
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("region:430600", type="Region", name="岳阳市", code="430600", level="municipal")
    >>> G.add_node("region:430000", type="Region", name="湖南省", code="430000", level="provincial")
    >>> G.add_edge("region:430600", "region:430000", key="within", **edge_attrs(Relation.WITHIN, rule="gb2260"))
    'within'
    >>> nodes, edges = csv_tables(G)
    >>> nodes[0][:3], nodes[1][:3]
    (['id', 'type', 'label'], ['region:430000', 'Region', '湖南省'])
    >>> edges[0][:4], edges[1][:4]
    (['source', 'target', 'relation', 'span'], ['region:430600', 'region:430000', 'within', ''])
    """
    node_columns = _node_columns(k for _, d in G.nodes(data=True) for k in d)
    nodes = [node_columns]
    for node in sorted(G.nodes, key=str):
        nodes.append(_node_row(node, G.nodes[node], node_columns))

    edge_columns = _edge_columns(k for *_, d in G.edges(data=True) for k in d)
    edges = [edge_columns]
    for source, target, key, data in sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
        edges.append(_edge_row(source, target, key, data, edge_columns))
    return nodes, edges


def store_csv_tables(conn: sqlite3.Connection, *, chunk: int = 5000) -> tuple[Iterator[list[str]], Iterator[list[str]]]:
    """:func:`csv_tables` of the graph held in a store's database, read row by row (the graph is not loaded).

    The same rows in the same order: nodes by id and edges by (source,
    target, key), which SQLite's byte order on UTF-8 text keeps as Python
    orders the strings; the columns past the declared ones are the keys the
    stored rows hold (:mod:`policykg.graph.codec` restores only declared
    ones). Iterate the nodes before the edges, inside one read transaction.
    """
    from . import codec
    from .embedded import EDGE_COLUMNS, EDGE_JOIN, IN_JSON, edge_from_row, json_ids

    def keys(table: str) -> set[str]:
        # the keys of the stored rows less the codec's flag "~"; a row whose attributes hold "~"
        # themselves is stored literally, {"~": "L", "v": attributes}
        found = {
            k
            for (k,) in conn.execute(
                f"SELECT DISTINCT j.key FROM {table}, json_each({table}.attrs) j WHERE {table}.attrs ->> '$.~' IS NOT 'L'"
            )
        } - {"~"}
        for (row,) in conn.execute(f"SELECT attrs FROM {table} WHERE attrs ->> '$.~' = 'L'"):
            found |= set(json.loads(row)["v"])
        return found

    node_columns = _node_columns(keys("nodes"))
    edge_columns = _edge_columns(keys("edges"))

    def nodes() -> Iterator[list[str]]:
        yield node_columns
        for node, attrs in conn.execute("SELECT id, attrs FROM nodes ORDER BY id"):
            yield _node_row(node, codec.unpack_node(attrs), node_columns)

    def edges() -> Iterator[list[str]]:
        yield edge_columns
        # the order is made on the ids alone; the rows are then read a chunk at a time
        order = [e for (e,) in conn.execute(f"SELECT e.e FROM {EDGE_JOIN} ORDER BY s.id, t.id, e.key")]
        for i in range(0, len(order), chunk):
            wanted = order[i : i + chunk]
            rows = {row[0]: row for row in conn.execute(f"SELECT {EDGE_COLUMNS} FROM {EDGE_JOIN} WHERE e.e IN {IN_JSON}", (json_ids(wanted),))}
            for e in wanted:
                yield _edge_row(*edge_from_row(rows[e]), edge_columns)

    return nodes(), edges()


def _csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _write_csv(G, dest: Destination) -> None:
    nodes, edges = csv_tables(G)
    files = {"nodes.csv": _csv_bytes(nodes), "edges.csv": _csv_bytes(edges)}
    if _is_text_stream(dest):
        raise ExportTargetError(fmt="csv", target="a text stream")
    if _is_path(dest) and not str(dest).lower().endswith(".zip"):
        folder = Path(dest)
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        return
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)


def _stream_csv(tables: dict[str, Iterator[list[str]]], dest: Destination) -> None:
    """Write the tables as :func:`_write_csv` does, row by row: the same files (a zip's members may be zip64)."""
    if _is_text_stream(dest):
        raise ExportTargetError(fmt="csv", target="a text stream")

    def write(rows, binary) -> None:
        text = io.TextIOWrapper(binary, encoding="utf-8", newline="")
        csv.writer(text, lineterminator="\n").writerows(rows)
        text.flush()
        text.detach()

    if _is_path(dest) and not str(dest).lower().endswith(".zip"):
        folder = Path(dest)
        folder.mkdir(parents=True, exist_ok=True)
        for name, rows in tables.items():
            with open(folder / name, "wb") as f:
                write(rows, f)
        return
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, rows in tables.items():
            with archive.open(name, "w", force_zip64=True) as member:  # its size is not known before it is written
                write(rows, member)


# -- a store's graph, a chunk at a time ------------------------------------------
#
# At 10,000 notices the graph in memory is gigabytes, and rdflib's graph of it
# several more. A store's export reads the graph tables a chunk of nodes or
# edges at a time (embedded.stream_nodes, stream_edges, in the loaded graph's
# order) and writes each chunk as it is made.


class _StoreLookup:
    """:class:`~policykg.graph.rdf.GraphLookup` over a store's database: the node types held (one id → type map), edges asked in SQL."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        from .embedded import node_types

        self.conn = conn
        self.types = node_types(conn)

    def has_node(self, node: str) -> bool:
        return isinstance(node, str) and node in self.types

    def node_type(self, node: str):
        return self.types.get(node)

    def has_edge(self, source: str, target: str, key: str) -> bool:
        from .embedded import has_edge

        return has_edge(self.conn, source, target, key)


class _TextSink:
    """A binary file object over a text stream (the writers below write UTF-8 bytes)."""

    def __init__(self, text: IO[str]) -> None:
        self.text = text
        self.decoder = codecs.getincrementaldecoder("utf-8")()

    def write(self, data: bytes) -> int:
        self.text.write(self.decoder.decode(bytes(data)))
        return len(data)

    def flush(self) -> None:
        self.text.flush()


@contextlib.contextmanager
def _binary(dest: Destination) -> Iterator[IO[bytes]]:
    if _is_path(dest):
        with open(dest, "wb") as f:
            yield f
    elif _is_text_stream(dest):
        yield _TextSink(dest)
    else:
        yield dest


_PREFIX_LINE = "@prefix {}: <{}> .\n"


def _stream_turtle(chunks: Iterator, out: IO[bytes]) -> None:
    """Turtle, the prefixes once at the top and then each chunk's triples as rdflib writes them."""
    declared = dict(sorted(PREFIXES.items()))
    out.write("".join(_PREFIX_LINE.format(p, ns) for p, ns in declared.items()).encode("utf-8"))
    for g in chunks:
        if not len(g):
            continue
        text = g.serialize(format="turtle")
        lines = text.splitlines(keepends=True)
        head = 0
        again = []
        while head < len(lines) and lines[head].startswith("@prefix "):
            prefix, _, rest = lines[head][len("@prefix "):].partition(": <")
            namespace = rest.rsplit("> .", 1)[0]
            # a prefix rdflib made up for this chunk (ns1 …) is declared where it is used
            if declared.get(prefix) != namespace:
                declared[prefix] = namespace
                again.append(lines[head])
            head += 1
        out.write(("".join(again) + "\n" + "".join(lines[head:]).strip("\n") + "\n").encode("utf-8"))


_JSON = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS


def _stream_jsonld(chunks: Iterator, out: IO[bytes]) -> None:
    """JSON-LD: one object, the context and then a ``@graph`` array written a chunk at a time.

    A subject several chunks write of is several node objects with the same
    ``@id``, which JSON-LD reads as one node.
    """
    from rdflib.plugins.serializers.jsonld import from_rdf

    context = dict(PREFIXES)
    out.write(b'{\n  "@context": ' + _indented(orjson.dumps(context, option=_JSON), b"  ") + b',\n  "@graph": [')
    first = True
    for g in chunks:
        if not len(g):
            continue
        compacted = from_rdf(g, context_data=context)
        # rdflib gives one node object without the @graph array
        items = compacted["@graph"] if "@graph" in compacted else [{k: v for k, v in compacted.items() if k != "@context"}]
        for item in items:
            out.write((b"\n    " if first else b",\n    ") + _indented(orjson.dumps(item, option=_JSON), b"    "))
            first = False
    out.write(b"\n  ]\n}\n")


def _indented(data: bytes, indent: bytes) -> bytes:
    # orjson writes no raw newline inside a string, so every newline is layout
    return data.replace(b"\n", b"\n" + indent)


def _stream_graphml(conn: sqlite3.Connection, out: IO[bytes], chunk: int, *, path: str = "(stream)") -> None:
    """GraphML written row by row, as :func:`networkx.write_graphml` writes the loaded graph.

    networkx's own writer (lxml) writes each element; the attribute keys it
    declares before the rows come from one row of each stored shape
    (:func:`~policykg.graph.embedded.shape_representatives`), met in the
    order networkx meets them, so the file is the one networkx writes.
    """
    from networkx.readwrite.graphml import GraphMLWriterLxml, IncrementalElement

    from .embedded import read_graph_attrs, shape_representatives, stream_edges, stream_nodes

    graph = _graphml_attrs(read_graph_attrs(conn))
    graph_id = graph.pop("id", None)
    nodes, edges = shape_representatives(conn)
    writer = GraphMLWriterLxml(out, encoding="utf-8", prettyprint=True)
    for scope, rows in (("graph", [graph]), ("node", [d for _, d in nodes]), ("edge", [d for *_, d in edges])):
        for data in rows:
            for k, v in _graphml_attrs(data).items():
                writer.get_key(str(k), writer.get_xml_type(type(v)), scope, None)
    declared = len(writer.keys)

    def add(scope: str, xml, data: dict) -> None:
        writer.add_attributes(scope, xml, _graphml_attrs(data), {})
        if len(writer.keys) != declared:  # the key would never be written
            raise ExportShapeError(path=path, reason=f"a {scope} holds {list(writer.keys)[declared:]!r} (name, type, scope), met in no representative row")

    for key in writer.xml:  # networkx keeps them newest first
        writer._xml.write(key, pretty_print=True)
    rows_out = IncrementalElement(writer._xml, True)
    element = {"edgedefault": "directed", **({"id": graph_id} if graph_id is not None else {})}
    with writer._xml.element("graph", **element):
        add("graph", rows_out, graph)
        for batch in stream_nodes(conn, chunk=chunk):
            for node, data in batch:
                xml = writer.myElement("node", id=str(node))
                add("node", xml, data)
                rows_out.append(xml)
        for batch in stream_edges(conn, chunk=chunk):
            for source, target, key, data in batch:
                xml = writer.myElement("edge", source=str(source), target=str(target), id=str(key))
                add("edge", xml, data)
                rows_out.append(xml)
    writer.dump()


def export_store(conn: sqlite3.Connection, dest: Destination, fmt: str = "turtle", *, aligned: bool = True, chunk: int = 2000) -> None:
    """:func:`export` of the graph held in a store's database ``conn``, read a chunk at a time.

    The graph is never loaded: at 10,000 notices it is gigabytes in memory.
    Each format is written as the rows are read, ``chunk`` nodes or about
    ``chunk`` edges at a time, and is the file :func:`export` writes of the
    loaded graph:

    - CSV row by row (:func:`store_csv_tables`), the same bytes;
    - GraphML row by row with networkx's writer, the same bytes
      (:func:`_stream_graphml`);
    - Turtle and JSON-LD: each chunk of nodes or edges is mapped by the
      functions :func:`~policykg.graph.rdf.to_rdf` uses
      (:func:`~policykg.graph.rdf.rdf_chunks`) and written as it is made,
      the prefixes (or the JSON-LD context) once at the top. The triples
      are :func:`export`'s; their layout in the file is not (a subject
      written in several chunks is written several times).

    A store whose graph tables are of an earlier layout is exported from its
    loaded graph. Same errors as :func:`export`.
    """
    from policykg import database

    from .embedded import LAYOUT, layout, load_graph, stream_edges, stream_nodes

    fmt = _ALIASES.get(str(fmt).lower(), str(fmt).lower())
    if fmt not in FORMATS:
        raise UnknownExportFormat(fmt=fmt)
    if fmt == "csv" and _is_text_stream(dest):
        raise ExportTargetError(fmt="csv", target="a text stream")
    if _is_path(dest):
        _check_path(Path(dest), folder=fmt == "csv" and not str(dest).lower().endswith(".zip"))
    with database.read(conn):
        if layout(conn) != LAYOUT:
            export(load_graph(conn), dest, fmt, aligned=aligned)
            return
        try:
            if fmt == "csv":
                nodes, edges = store_csv_tables(conn)
                _stream_csv({"nodes.csv": nodes, "edges.csv": edges}, dest)
                return
            with _binary(dest) as out:
                if fmt == "graphml":
                    _stream_graphml(conn, out, chunk, path=str(dest) if _is_path(dest) else "(stream)")
                    return
                chunks = rdf_chunks(stream_nodes(conn, chunk=chunk), stream_edges(conn, chunk=chunk), _StoreLookup(conn), aligned=aligned)
                (_stream_turtle if fmt == "turtle" else _stream_jsonld)(chunks, out)
        except OSError as err:
            raise ExportPathError(path=str(dest), reason=err.strerror or str(err)) from err
