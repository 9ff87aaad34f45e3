"""Agencies and collectives: one node per canonical name, placed in its region.

An agency (湖南省政务管理服务局) is one node whatever the mention (省政务局 in a
Hunan plan); its ``within`` edge points at its region and its
``subordinate_to`` edge at that region's people's government. A collective
(平江县县直相关单位, 湖南省各市州人民政府) stands for a set of agencies; which
ones is decided by rule from its name (:func:`collective_members`) when a
question is asked, so an agency added later is covered too.

Examples
--------
>>> import networkx as nx
>>> from policykg.ingest.records import Party
>>> G = nx.MultiDiGraph()
>>> a = add_party(G, Party("县市场监管局", "平江县市场监督管理局", "agency"), region="430626")
>>> c = add_party(G, Party("县直相关单位", "平江县县直相关单位", "collective"), region="430626")
>>> collective_includes(G, c, a)
True
>>> sorted(G.successors(a))
['agency:平江县人民政府', 'region:430626']
"""

from __future__ import annotations

from typing import Optional

from policykg.rules import agencies as agency_rules
from policykg.rules import regions as divisions

from .regions import COUNTRY, add_region, is_within, region_info, region_prefix_of
from .working_set import touched
from .schema import (
    NodeType,
    Relation,
    agency_node_id,
    collective_node_id,
    edge_attrs,
    region_node_id,
)

__all__ = [
    "add_party",
    "add_agency",
    "collective_members",
    "collective_includes",
    "government_name",
    "find_parties",
    "prune_parties",
    "refresh_mentions",
]



def government_name(code: Optional[str]) -> Optional[str]:
    """The name of the people's government of region ``code`` (the rule is :func:`policykg.rules.regions.government_name`).

    >>> government_name("430626"), government_name("640302"), government_name("000000")
    ('平江县人民政府', '吴忠市利通区人民政府', '国务院')
    """
    if region_info(code) is None:
        return None
    return divisions.government_name(divisions.region_from_code(code))


def _party_region(name: str, region: Optional[str]) -> Optional[str]:
    if divisions.is_national(name):
        return COUNTRY
    code = region_prefix_of(name, within=region) if region else None
    if code is None:
        code = region_prefix_of(name)
    if code is None and region and agency_rules.is_township_government(name):
        code = region  # a township government of the document's county
    return code


def add_agency(G, name: str, *, region: Optional[str] = None, mention: Optional[str] = None) -> str:
    """Add the agency with canonical ``name`` (or note a new mention of it).

    The agency is placed in the region its name starts with (looking first at
    ``region``, the document's region, and its ancestors), linked ``within``
    it and ``subordinate_to`` that region's people's government (a government
    to the government above it).

    Returns
    -------
    str
        The agency's node id.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> add_agency(G, "湖南省政务管理服务局", region="430626", mention="省政务局")
    'agency:湖南省政务管理服务局'
    >>> G.nodes["agency:湖南省政务管理服务局"]["region"]
    'region:430000'
    """
    node = agency_node_id(name)
    if node in G:
        if mention and mention not in G.nodes[node]["mentions"]:
            G.nodes[node]["mentions"] = sorted({*G.nodes[node]["mentions"], mention})
        return node
    code = _party_region(name, region)
    government = agency_rules.is_government(name)
    G.add_node(
        node,
        type=NodeType.AGENCY.value,
        name=name,
        mentions=sorted({name, mention} - {None}),
        region=region_node_id(code) if code else None,
        government=government,
    )
    if code:
        G.add_edge(node, add_region(G, code), key=Relation.WITHIN.value, **edge_attrs(Relation.WITHIN, rule="agency_name_region"))
        superior = _superior(name, code, government)
        if superior and superior != name:
            parent_region = region_info(code).parent if government else code
            sup = add_agency(G, superior, region=parent_region or code)
            G.add_edge(node, sup, key=Relation.SUBORDINATE_TO.value, **edge_attrs(Relation.SUBORDINATE_TO, rule="region_government"))
    return node


def _superior(name: str, code: str, government: bool) -> Optional[str]:
    if not agency_rules.answers_to_government(name):
        return None
    if not government:
        return government_name(code)
    if agency_rules.is_township_government(name):
        return government_name(code)
    parent = region_info(code).parent
    return government_name(parent) if parent else None


def collective_members(name: str, region: Optional[str] = None) -> dict:
    """The membership rule of a collective, from its canonical name.

    Returns ``{"kind": departments | governments | all | unknown, "depth":
    same | township | county | municipal | all}``: the departments of the
    region itself (县直相关单位), the governments of the towns, counties or
    cities under it (各乡镇人民政府, 各县市区人民政府, 各市州人民政府), every
    government under it (各级人民政府) or every agency under it (各级各部门).

    Examples
    --------
    >>> collective_members("平江县县直相关单位", "430626")
    {'kind': 'departments', 'depth': 'same'}
    >>> collective_members("湖南省各市州人民政府", "430000")
    {'kind': 'governments', 'depth': 'municipal'}
    >>> collective_members("湖南省各级各部门", "430000")
    {'kind': 'all', 'depth': 'all'}
    """
    rest = name
    info = region_info(region) if region else None
    if info is not None and info.code != COUNTRY and rest.startswith(info.name):
        rest = rest[len(info.name):]
    return agency_rules.collective_rule(rest)


def add_party(G, party, *, region: Optional[str] = None) -> str:
    """Add the agency or collective named by a :class:`~policykg.ingest.records.Party`.

    Parameters
    ----------
    G : MultiDiGraph
    party : Party
    region : str, optional
        6-digit code of the region of the document that names the party.

    Returns
    -------
    str
        The node id.
    """
    if party.kind != "collective":
        return add_agency(G, party.canonical, region=region, mention=party.mention)
    node = collective_node_id(party.canonical)
    if node in G:
        if party.mention not in G.nodes[node]["mentions"]:
            G.nodes[node]["mentions"] = sorted({*G.nodes[node]["mentions"], party.mention})
        return node
    code = _party_region(party.canonical, region) or region
    G.add_node(
        node,
        type=NodeType.COLLECTIVE.value,
        name=party.canonical,
        mentions=sorted({party.canonical, party.mention}),
        region=region_node_id(code) if code else None,
        members=collective_members(party.canonical, code),
    )
    if code:
        G.add_edge(node, add_region(G, code), key=Relation.WITHIN.value, **edge_attrs(Relation.WITHIN, rule="collective_region"))
    return node


def collective_includes(G, collective: str, agency: str) -> bool:
    """True when the collective node ``collective`` stands for agency node ``agency``.

    >>> import networkx as nx
    >>> from policykg.ingest.records import Party
    >>> G = nx.MultiDiGraph()
    >>> c = add_party(G, Party("各市州", "湖南省各市州人民政府", "collective"), region="430000")
    >>> a = add_agency(G, "岳阳市人民政府", region="430600")
    >>> d = add_agency(G, "岳阳市财政局", region="430600")
    >>> collective_includes(G, c, a), collective_includes(G, c, d)
    (True, False)
    """
    c, a = G.nodes[collective], G.nodes[agency]
    c_region, a_region = c.get("region"), a.get("region")
    if not c_region or not a_region:
        return False
    c_code, a_code = G.nodes[c_region]["code"], G.nodes[a_region]["code"]
    rule = c.get("members") or {}
    kind, depth = rule.get("kind"), rule.get("depth")
    if kind == "departments":
        return a_code == c_code and not a.get("government")
    if not is_within(a_code, c_code):
        return False
    if kind == "all":
        return True
    if kind != "governments" or not a.get("government"):
        return False
    level = region_info(a_code).level
    if depth == "township":
        return agency_rules.is_township_government(a["name"])
    if depth == "county":
        return level == "county" and not agency_rules.is_township_government(a["name"]) and a_code != c_code
    if depth == "municipal":
        return level == "municipal" and a_code != c_code and not agency_rules.is_township_government(a["name"])
    return depth == "all"


def find_parties(G, name: str) -> list[str]:
    """Agency and collective nodes named ``name``: canonical first, then mentions, then substrings.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> _ = add_agency(G, "平江县市场监督管理局", region="430626", mention="县市场监管局")
    >>> find_parties(G, "县市场监管局")
    ['agency:平江县市场监督管理局']
    """
    for node in (agency_node_id(name), collective_node_id(name)):
        if node in G:
            return [node]
    kinds = (NodeType.AGENCY.value, NodeType.COLLECTIVE.value)
    parties = [(n, d) for n, d in G.nodes(data=True) if d.get("type") in kinds]
    by_mention = sorted(n for n, d in parties if name in d.get("mentions", ()))
    if by_mention:
        return by_mention
    return sorted(n for n, d in parties if name in d["name"])


_ROLE_KEYS = {r.value for r in (Relation.LEAD, Relation.RESPONSIBLE, Relation.SHARED, Relation.ASSISTING, Relation.ISSUED_BY)}


def refresh_mentions(G, nodes) -> None:
    """Make the ``mentions`` of agency and collective ``nodes`` those the remaining edges name.

    A party's mentions are its name and the mention on every task edge to
    it; after documents are removed, their mentions go with them.
    """
    for node in nodes:
        if node not in G or G.nodes[node].get("type") not in (NodeType.AGENCY.value, NodeType.COLLECTIVE.value):
            continue
        data = G.nodes[node]
        named = {d["mention"] for _, _, k, d in G.in_edges(node, keys=True, data=True) if k in _ROLE_KEYS and d.get("mention")}
        data["mentions"] = sorted({data["name"], *named})


def prune_parties(G) -> int:
    """Remove agencies and collectives that no task or document refers to any more.

    Governments kept only as the superior of a remaining agency stay. Returns
    the number of nodes removed.
    """
    kinds = (NodeType.AGENCY.value, NodeType.COLLECTIVE.value)
    removed = 0
    changed = True
    while changed:
        changed = False
        for node in [n for n, d in touched(G) if d.get("type") in kinds]:
            used = any(k in _ROLE_KEYS or k == Relation.SUBORDINATE_TO.value for _, _, k in G.in_edges(node, keys=True))
            if not used:
                G.remove_node(node)
                removed += 1
                changed = True
    return removed
