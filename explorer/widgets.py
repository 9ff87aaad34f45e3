"""Pieces of UI the pages share: loading the graph, pickers, "show more", the graph view.

The document chosen on one page is the default on the next
(``st.session_state["doc"]``), and it is kept in the URL (``?doc=…``, any
reference :func:`~policykg.graph.find_document` accepts), so a view can be
bookmarked or linked to.
"""

from __future__ import annotations

import re
from typing import Optional, Sequence

import streamlit as st

from policykg.explorer import cache
from policykg.explorer.strings import error_text, t
from policykg.explorer.views import GraphIndex
from policykg.errors import PolicykgError

__all__ = [
    "PAGES",
    "load_index",
    "document_picker",
    "party_picker",
    "limit",
    "show_more",
    "graph_view",
    "open_document",
    "md",
]

#: Page files, relative to the app file (for st.switch_page and st.page_link).
PAGES = {
    "overview": "page_overview.py",
    "document": "page_document.py",
    "cascade": "page_cascade.py",
    "coverage": "page_coverage.py",
    "agencies": "page_agencies.py",
    "search": "page_search.py",
    "browser": "page_browser.py",
    "ingest": "page_ingest.py",
}


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def md(text: object) -> str:
    r"""``text`` escaped for st.markdown: shown as written, never as markup, links, math or emoji.

    >>> print(md("**1.** <b>x</b> $y$"))
    \*\*1\.\*\* \<b\>x\</b\> \$y\$
    """
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", "  \n")


def load_index(*, allow_empty: bool = False) -> GraphIndex:
    """The graph index of the store; stops the page with a message if it cannot be read or is empty."""
    try:
        idx = cache.index()
    except PolicykgError as err:
        st.error(md(t("app.load_failed", error=error_text(err))))
        st.stop()
    if idx.n_documents == 0 and not allow_empty:
        st.info(t("app.empty"))
        st.stop()
    return idx


def document_picker(idx: GraphIndex, key: str, *, with_tasks: bool = False, label: Optional[str] = None) -> Optional[str]:
    """A search box (doc number or title) and a choice among the matches; returns the document node.

    A doc number in any bracket form, an id or a unique title is chosen at
    once; otherwise the matches are listed. Without a query, the document
    chosen last (on any page, or named by ``?doc=`` in the URL) is offered first.
    """
    qkey = f"{key}_q"
    if qkey not in st.session_state and st.query_params.get("doc"):
        st.session_state[qkey] = st.query_params["doc"]
    query = st.text_input(label or t("picker.query"), key=qkey, placeholder=t("picker.placeholder"))
    options, exact = idx.find_documents(query, with_tasks=with_tasks)
    shared = st.session_state.get("doc")
    usable = shared in idx.labels and (not with_tasks or int(idx.documents.loc[idx.documents["id"] == shared, "tasks"].iloc[0]) > 0)
    if not query.strip() and usable and shared not in options:
        options.insert(0, shared)
    if not options:
        st.warning(md(t("common.no_match", q=query)))
        return None
    if query.strip() and exact is None and len(options) > 1:
        st.caption(md(t("common.ambiguous", q=query)))
    default = options.index(shared) if not query.strip() and shared in options else 0
    choice = st.selectbox(t("picker.choose"), options, index=default, format_func=idx.label, key=f"{key}_select_{query.strip()}")
    st.session_state["doc"] = choice
    if st.query_params.get("doc") != choice:
        st.query_params["doc"] = choice
    return choice


def party_picker(idx: GraphIndex, key: str) -> Optional[str]:
    """A search box and a choice of agency or collective; returns the node."""
    query = st.text_input(t("agencies.query"), key=f"{key}_q", placeholder=t("agencies.placeholder"))
    options = idx.find_parties(query)
    if not options:
        st.warning(t("agencies.none"))
        return None
    names = dict(zip(idx.parties["id"], idx.parties["name"]))
    return st.selectbox(t("agencies.choose"), options, format_func=lambda n: names.get(n, n), key=f"{key}_select_{query.strip()}")


def limit(key: str, step: int = 50) -> int:
    """How many items of the capped list ``key`` to show now (grows with "show more")."""
    return st.session_state.get(f"more_{key}", step)


def show_more(key: str, total: int, step: int = 50) -> None:
    """Under a list capped with :func:`limit`: "showing N of M" and a button for ``step`` more."""
    shown = min(limit(key, step), total)
    if shown >= total:
        return
    st.caption(t("common.showing", shown=shown, total=total))

    def more() -> None:
        st.session_state[f"more_{key}"] = shown + step

    st.button(t("common.show_more"), key=f"more_{key}_button", on_click=more)


def graph_view(nodes: Sequence[dict], edges: Sequence[dict], *, hierarchical: bool = True, height: int = 520) -> Optional[str]:
    """An interactive network (vis.js through streamlit-agraph); returns the id of the node clicked.

    ``nodes`` are dicts with ``id`` and ``label`` (drawn on a canvas: never
    HTML) and vis.js options; ``edges`` dicts with ``source`` and ``target``.
    Hover titles are left out on purpose: the component would insert them
    as HTML.
    """
    from streamlit_agraph import Config, Edge, Node, agraph

    vis_nodes = []
    for n in nodes:
        options = {k: v for k, v in n.items() if k not in ("id", "label", "title")}
        node = Node(id=n["id"], label=n.get("label", n["id"]), **options)
        node.title = None
        vis_nodes.append(node)
    vis_edges = [Edge(source=e["source"], target=e["target"], **{k: v for k, v in e.items() if k not in ("source", "target")}) for e in edges]
    config = Config(
        height=height,
        width=1000,
        directed=True,
        physics=not hierarchical,
        hierarchical=hierarchical,
        direction="UD",
        sortMethod="directed",
        levelSeparation=150,
        nodeSpacing=170,
        treeSpacing=170,
    )
    config.width = "100%"
    if not hierarchical:
        config.physics = {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -12000, "springLength": 160, "avoidOverlap": 0.6},
            "stabilization": {"enabled": True, "iterations": 400, "fit": True},
        }
    # no navigation buttons: they sit over the nodes at the bottom; the wheel zooms and a drag pans
    config.interaction = {"hover": True, "navigationButtons": False, "zoomView": True, "dragView": True}
    return agraph(nodes=vis_nodes, edges=vis_edges, config=config)


def open_document(node: str, *, key: str, page: str = "document") -> None:
    """A button that opens ``node`` on another page (the Document page by default)."""
    label = t("common.open_cascade") if page == "cascade" else t("common.open_document")
    if st.button(label, key=key):
        st.session_state["doc"] = node
        st.switch_page(PAGES[page], query_params={"doc": node})
