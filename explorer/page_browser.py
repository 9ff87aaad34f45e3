"""Graph browser: start from any node, expand neighbours on click, filter by node and edge type."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from policykg.explorer.strings import current_lang, node_type_name, relation_name, t
from policykg.explorer.views import TableQuery, neighbourhood, node_label
from policykg.explorer.widgets import graph_view, limit, load_index, md, show_more
from policykg.graph.schema import NodeType, Relation

CAP_STEP = 25
_COLOURS = {
    NodeType.DOCUMENT.value: "#1864ab",
    NodeType.TASK.value: "#e67700",
    NodeType.AGENCY.value: "#2b8a3e",
    NodeType.COLLECTIVE.value: "#5f3dc4",
    NodeType.REGION.value: "#868e96",
}


def browser() -> None:
    st.title(t("browser.title"))
    idx = load_index()
    lang = current_lang()
    query = st.text_input(t("browser.start"), key="browser_q", placeholder="平江县 / 国办发〔2019〕54号 / 县政务局")
    # without a query, the first documents of the Overview's table (stubs included), one page read
    options = idx.find_nodes(query) if query.strip() else list(idx.document_table(TableQuery(stubs=True), 50)[0]["id"])
    if not options:
        st.warning(md(t("common.no_match", q=query)))
        return
    expanded: list[str] = list(st.session_state.get("browser_expanded") or [])
    # the options and the expanded nodes with their links and neighbours: what this page draws and lists
    G = idx.around(list(dict.fromkeys(options + expanded)))
    start = st.selectbox(
        t("browser.choose"), options, format_func=lambda n: f"{node_type_name(G.nodes[n].get('type'), lang)} · {node_label(G, n, 60)}", key=f"browser_start_{query.strip()}"
    )
    if st.session_state.get("browser_root") != start:
        st.session_state["browser_root"] = start
        st.session_state["browser_expanded"] = [start]
        st.session_state.pop("browser_last_click", None)
    expanded: list[str] = [n for n in st.session_state["browser_expanded"] if n in G]

    f1, f2 = st.columns(2)
    all_types = [nt.value for nt in NodeType]
    all_relations = [r.value for r in Relation]
    node_types = f1.multiselect(t("browser.node_types"), all_types, default=all_types, format_func=lambda x: node_type_name(x, lang), key="browser_types", placeholder=t("common.choose"))
    relations = f2.multiselect(t("browser.edge_types"), all_relations, default=all_relations, format_func=lambda x: relation_name(x, lang), key="browser_relations", placeholder=t("common.choose"))

    cap = limit("browser_cap", CAP_STEP)
    nodes, edges, hidden = neighbourhood(G, expanded, node_types=set(node_types), relations=set(relations), cap=cap)
    st.caption(t("browser.shown", nodes=len(nodes), edges=len(edges)))
    vis_nodes = [
        {
            "id": n,
            "label": node_label(G, n, 22),
            "color": _COLOURS.get(G.nodes[n].get("type"), "#adb5bd"),
            "shape": "box" if n in expanded else "dot",
            "size": 14,
            "font": {"color": "#ffffff" if n in expanded else "#212529"},
            "borderWidth": 3 if n == start else 1,
        }
        for n in nodes
    ]
    vis_edges = [
        {"source": u, "target": v, "label": "" if k == Relation.CONTAINS.value else relation_name(k, lang), "color": "#868e96", "font": {"size": 11}}
        for u, v, k in edges
    ]
    clicked = graph_view(vis_nodes, vis_edges, hierarchical=False, height=560)
    if clicked and clicked in G and clicked != st.session_state.get("browser_last_click"):
        st.session_state["browser_last_click"] = clicked
        if clicked not in expanded:
            st.session_state["browser_expanded"] = expanded + [clicked]
            st.rerun()
    if hidden:
        st.caption(" · ".join(md(f"{node_label(G, n, 30)}: " + t("browser.hidden", n=k)) for n, k in hidden.items()))
        show_more("browser_cap", cap + sum(hidden.values()), CAP_STEP)

    c1, c2, c3 = st.columns([4, 1, 1])
    candidates = [n for n in nodes if n not in expanded]
    target = c1.selectbox(t("browser.expand"), candidates, format_func=lambda n: f"{node_type_name(G.nodes[n].get('type'), lang)} · {node_label(G, n, 60)}", key="browser_expand_choice") if candidates else None
    if c2.button(t("browser.expand_button"), key="browser_expand", disabled=target is None):
        st.session_state["browser_expanded"] = expanded + [target]
        st.rerun()
    if c3.button(t("browser.reset"), key="browser_reset"):
        st.session_state["browser_expanded"] = [start]
        st.rerun()

    focus = st.session_state.get("browser_last_click") or start
    with st.expander(md(t("browser.attributes") + t("common.colon") + node_label(G, focus, 60))):
        st.code(json.dumps(G.nodes[focus], ensure_ascii=False, indent=1, default=str), language="json")
    st.subheader(t("browser.edges"))
    st.dataframe(
        pd.DataFrame(
            {
                t("col.node"): [node_label(G, u, 60) for u, _, _ in edges],
                t("col.relation"): [relation_name(k, lang) for _, _, k in edges],
                t("col.neighbour"): [node_label(G, v, 60) for _, v, _ in edges],
            }
        ),
        hide_index=True,
    )


browser()
