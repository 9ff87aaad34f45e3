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

import csv
import io
import json
import os
import zipfile
from pathlib import Path
from typing import IO, Any, Union

import networkx as nx

from policykg.errors import ExportTargetError, UnknownExportFormat
from .rdf import PREFIXES, to_rdf
from .schema import EDGE_ATTRIBUTES, NODE_ATTRIBUTES

__all__ = ["FORMATS", "export", "graphml_ready", "csv_tables", "UnknownExportFormat", "ExportTargetError"]

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
    H.graph.update({k: _scalar(v) for k, v in G.graph.items() if v is not None})
    for node, data in G.nodes(data=True):
        H.add_node(node, **{k: _scalar(v) for k, v in data.items() if v is not None})
    for source, target, key, data in G.edges(keys=True, data=True):
        H.add_edge(source, target, key=key, **{k: _scalar(v) for k, v in data.items() if v is not None})
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
    declared_nodes = _columns(attr for attrs in NODE_ATTRIBUTES.values() for attr in attrs)
    node_columns = ["id", "type", "label"] + [c for c in declared_nodes if c not in ("id", "type", "label")]
    extra = sorted({k for _, d in G.nodes(data=True) for k in d} - set(node_columns))
    node_columns += extra
    nodes = [node_columns]
    for node in sorted(G.nodes, key=str):
        data = G.nodes[node]
        row = {"id": node, "label": _label(data), **{k: v for k, v in data.items() if k not in ("id", "label")}}
        nodes.append([_cell(row.get(c)) for c in node_columns])

    edge_columns = ["source", "target"] + [c for c in _columns(EDGE_ATTRIBUTES) if c not in ("source", "target")]
    edge_columns += sorted({k for *_, d in G.edges(data=True) for k in d} - set(edge_columns))
    edges = [edge_columns]
    for source, target, key, data in sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
        row = {"relation": key, **data, "source": source, "target": target}
        edges.append([_cell(row.get(c)) for c in edge_columns])
    return nodes, edges


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
