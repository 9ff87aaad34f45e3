"""The embedded store: the graph persisted in a folder, no server.

The folder holds ``graph.json`` (networkx node-link JSON, edges under
``edges``, keys kept) and ``meta.json`` (format version and counts). Files are
written to a temporary file in the same folder and moved into place with
:func:`os.replace`, so a reader never sees half a file and a crash leaves the
previous graph intact. Loading is one ``json.load`` and one
:func:`~networkx.readwrite.json_graph.node_link_graph`.

Examples
--------
>>> import tempfile
>>> from policykg.ingest.records import Document
>>> from policykg.graph import build_graph
>>> G = build_graph([Document(id="x", kind="notice", title="关于某事的通知", doc_number="湘政办发〔2020〕9号")])
>>> folder = tempfile.mkdtemp()
>>> save_graph(G, folder)["nodes"] == G.number_of_nodes()
True
>>> H = load_graph(folder)
>>> sorted(H.nodes) == sorted(G.nodes) and H.graph == G.graph
True
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Union

import networkx as nx
from networkx.readwrite import json_graph

from policykg.errors import GraphStoreError

__all__ = ["FORMAT", "GRAPH_FILE", "META_FILE", "save_graph", "load_graph", "store_exists"]

FORMAT = "policykg-embedded/1"
GRAPH_FILE = "graph.json"
META_FILE = "meta.json"

PathLike = Union[str, os.PathLike]


def _write_atomic(path: Path, data: object) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def save_graph(G, folder: PathLike) -> dict:
    """Write ``G`` to ``folder`` (created if missing), atomically.

    Parameters
    ----------
    G : MultiDiGraph
    folder : path

    Returns
    -------
    dict
        The metadata written: ``{format, nodes, edges}``.

    Raises
    ------
    GraphStoreError
        The folder cannot be created or written.
    """
    folder = Path(folder)
    data = json_graph.node_link_data(G, edges="edges")
    meta = {"format": FORMAT, "nodes": G.number_of_nodes(), "edges": G.number_of_edges()}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _write_atomic(folder / GRAPH_FILE, data)
        _write_atomic(folder / META_FILE, meta)
    except OSError as err:
        raise GraphStoreError(store=str(folder), reason=err.strerror or str(err)) from err
    return meta


def store_exists(folder: PathLike) -> bool:
    """True when ``folder`` holds a saved graph.

    >>> store_exists("/nonexistent")
    False
    """
    return (Path(folder) / GRAPH_FILE).is_file()


def load_graph(folder: PathLike) -> nx.MultiDiGraph:
    """Read the graph saved in ``folder``.

    Raises
    ------
    GraphStoreError
        No graph there, or the file is unreadable or of another format.
    """
    folder = Path(folder)
    path = folder / GRAPH_FILE
    if not path.is_file():
        raise GraphStoreError(store=str(folder), reason=f"no {GRAPH_FILE} (nothing ingested yet?)")
    meta_path = folder / META_FILE
    try:
        if meta_path.is_file():
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if meta.get("format") != FORMAT:
                raise GraphStoreError(store=str(folder), reason=f"format {meta.get('format')!r}, expected {FORMAT!r}")
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError) as err:
        raise GraphStoreError(store=str(folder), reason=f"cannot read {GRAPH_FILE}: {err}") from err
    return json_graph.node_link_graph(data, directed=True, multigraph=True, edges="edges")
