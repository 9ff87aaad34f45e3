"""How a node's or an edge's attributes are written in the graph tables, and read back exactly.

The graph in memory does not change: this is only the encoding of its rows
(see ``docs/storage.md`` for the layout and the byte figures). At 10,000
notices most of an edge row was values every edge repeats (``confidence``
null, ``evidence`` null, ``inferred`` false, ``relation`` equal to its key),
its ``origin`` naming a node the row already names, and span texts stored
twice. The encoding leaves out what can be told from the row and the nodes
it joins, and says what it left out in one reserved field, ``"~"``: a
string of letters.

Edges:

- ``c``, ``e``, ``i``, ``r``: the field ``confidence``, ``evidence``,
  ``inferred``, ``relation`` was *absent* (a field at its default is left
  out without a letter: the default is the common case);
- ``S`` / ``T``: ``origin`` is the edge's source / target;
- ``D``: ``origin`` is the source node's ``document`` (a task's role edges);
- ``X``: ``span.text`` is the target node's ``text`` (a document's
  ``contains`` edge to its task);
- ``Z``: the row was still longer than :data:`PACK_OVER` bytes and its
  ``span`` most of that (a ``promulgates`` edge holds the plan's whole text
  as its span), so the span is kept apart, zlib-packed, in the table
  ``edge_spill``. A question that reads no edge's span (trace, upstream)
  reads the rows without it: the edges then come without ``span``.

Nodes: ``X``: ``span.text`` is the node's own ``text`` (every task).

A row whose attributes hold ``"~"`` themselves is stored as
``{"~": "L", "v": attributes}``, literally. Decoded rows have their keys in
sorted order, as the JSON rows of the earlier layout were read.

Examples
--------
>>> d = {"confidence": None, "evidence": None, "inferred": False, "relation": "contains",
...      "origin": "doc:a", "rule": "record_task", "span": {"start": 0, "end": 2, "text": "任务"}}
>>> row, spill = pack_edge("doc:a", "task:a#1", "contains", d, target_text="任务")
>>> row, spill
('{"rule":"record_task","span":{"end":2,"start":0},"~":"SX"}', None)
>>> unpack_edge(row, spill, "doc:a", "task:a#1", "contains", target_text="任务") == d
True
"""

from __future__ import annotations

import json
import zlib
from typing import Optional

import orjson

__all__ = ["PACK_OVER", "pack_node", "unpack_node", "pack_edge", "unpack_edge", "needs_context", "EdgeRow", "context_of", "node_type", "CONTEXT_FIELDS", "dumps", "SHAPE"]

#: An edge row longer than this many bytes (UTF-8 JSON) has its span kept apart, zlib-compressed.
PACK_OVER = 1000
# zlib level 1: most of the gain of the higher levels on Chinese text, at a fraction of the time
_LEVEL = 1
_FLAG = "~"
# (field, letter when absent); the default is tested by identity (False is not 0)
_DEFAULTS = (("confidence", "c", None), ("evidence", "e", None), ("inferred", "i", False))
#: The node fields an edge's encoding may lean on: its source's ``document``, its target's ``text``.
#: A writer that changes one of them in a stored node writes that node's edges again.
CONTEXT_FIELDS = ("document", "text")

#: SQL for the *shape* of a stored row, ``{attrs}`` its attributes column and ``{row}`` its row id: the
#: stored keys with their JSON types and the flags. Rows of one shape decode (:func:`unpack_node`,
#: :func:`unpack_edge`) to the same keys with values of the same kinds (a field left out comes back
#: as its default or as a node id, a span packed apart as the span); a row stored literally has
#: a shape of its own. A GraphML export declares its attributes from one row of each shape.
SHAPE = (
    "CASE WHEN {attrs} ->> '$.~' = 'L' THEN 'L' || {row} ELSE (SELECT group_concat(j.key || ' ' || j.type"
    " || CASE WHEN j.key = '~' THEN ' ' || j.value ELSE '' END, ',') FROM json_each({attrs}) j) END"
)

#: An edge's stored row: its attributes' JSON text, and its span packed apart (or None).
EdgeRow = tuple[str, Optional[bytes]]


def dumps(value) -> str:
    """JSON text with sorted keys: equal attributes give equal text, so unchanged rows are not rewritten."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _sorted(d: dict) -> dict:
    return {k: d[k] for k in sorted(d)}


def _literal(d: dict) -> str:
    return dumps({_FLAG: "L", "v": d})


def pack_node(d: dict) -> str:
    """The stored text of a node's attributes."""
    if _FLAG in d:
        return _literal(d)
    span = d.get("span")
    if isinstance(span, dict) and isinstance(span.get("text"), str) and span["text"] == d.get("text"):
        d = dict(d)
        d["span"] = {k: v for k, v in span.items() if k != "text"}
        d[_FLAG] = "X"
    return dumps(d)


def unpack_node(row: str) -> dict:
    """A node's attributes from their stored text (:func:`pack_node`)."""
    d = orjson.loads(row)
    flags = d.pop(_FLAG, None)
    if flags is None:
        return d
    if flags == "L":
        return d["v"]
    if "X" in flags:
        d["span"] = _sorted({**d["span"], "text": d["text"]})
    return d


def pack_edge(u: str, v: str, k: str, d: dict, *, source_document=None, target_text=None) -> EdgeRow:
    """The stored row of the attributes ``d`` of the edge ``u -> v`` with key ``k``.

    ``source_document``, ``target_text``: the source node's ``document`` and
    the target node's ``text`` (None when it has none), which
    :func:`unpack_edge` is given back.
    """
    if _FLAG in d:
        return _literal(d), None
    out = dict(d)
    flags = ""
    for field, letter, default in _DEFAULTS:
        if field not in out:
            flags += letter
        elif out[field] is default:
            del out[field]
    if "relation" not in out:
        flags += "r"
    elif out["relation"] == k and isinstance(out["relation"], str):
        del out["relation"]
    if "origin" in out and isinstance(out["origin"], str):
        origin = out["origin"]
        letter = "S" if origin == u else "T" if origin == v else "D" if origin == source_document else ""
        if letter:
            del out["origin"]
            flags += letter
    span = out.get("span")
    if isinstance(span, dict) and isinstance(span.get("text"), str) and span["text"] == target_text:
        out["span"] = {f: x for f, x in span.items() if f != "text"}
        flags += "X"
    if flags:
        out[_FLAG] = flags
    text = dumps(out)
    if "span" not in out or len(text) * 3 <= PACK_OVER or len(text.encode("utf-8")) <= PACK_OVER:
        return text, None
    span = dumps(out["span"]).encode("utf-8")
    if len(span) <= PACK_OVER // 2:  # the row is long for another reason: kept whole
        return text, None
    del out["span"]
    out[_FLAG] = flags + "Z"
    return dumps(out), zlib.compress(span, _LEVEL)


def needs_context(row: str) -> bool:
    """True when :func:`unpack_edge` may need the row's ``source_document`` or ``target_text``."""
    # a row without the field needs nothing (a value that happens to hold the text only costs a look at the nodes)
    return '"~":"' in row


def unpack_edge(row: str, spill: Optional[bytes], u: str, v: str, k: str, *, source_document=None, target_text=None) -> dict:
    """An edge's attributes from its stored row and spill (:func:`pack_edge`), given what was given there.

    A row read without its spill (``spill`` None where there was one) gives
    the attributes without ``span``.
    """
    d = orjson.loads(row)
    flags = d.pop(_FLAG, "")
    if flags == "L":
        return d["v"]
    for field, letter, default in _DEFAULTS:
        if letter not in flags and field not in d:
            d[field] = default
    if "r" not in flags and "relation" not in d:
        d["relation"] = k
    if "S" in flags:
        d["origin"] = u
    elif "T" in flags:
        d["origin"] = v
    elif "D" in flags:
        d["origin"] = source_document
    if "Z" in flags and spill is not None:
        d["span"] = orjson.loads(zlib.decompress(spill))
    if "X" in flags and "span" in d:
        d["span"] = _sorted({**d["span"], "text": target_text})
    return _sorted(d)


def context_of(attrs: Optional[dict], field: str) -> Optional[str]:
    """What a node gives the encoding of its edges: ``attrs[field]`` if a string, else None.

    A node stored literally (its attributes hold ``"~"``) gives nothing, as
    SQL reading its row finds nothing there either.
    """
    if not attrs or _FLAG in attrs:
        return None
    value = attrs.get(field)
    return value if isinstance(value, str) else None


def node_type(row: str) -> Optional[str]:
    """The ``type`` attribute of a node from its stored text."""
    d = orjson.loads(row)
    if d.get(_FLAG) == "L":
        d = d["v"]
    return d.get("type")
