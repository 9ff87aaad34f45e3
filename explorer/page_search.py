"""Search: full-text search over documents and tasks."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from policykg.explorer import cache
from policykg.explorer.strings import t
from policykg.explorer.widgets import PAGES, limit, load_index, show_more


def search_page() -> None:
    st.title(t("search.title"))
    idx = load_index()
    query = st.text_input(t("search.query"), key="search_q", placeholder=t("search.placeholder"))
    if not query.strip():
        return
    n = limit(f"search_{query}", 50)
    found = cache.search(query, None)  # all of them, to say how many matched (cached per query)
    if not found:
        st.info(t("search.none"))
        return
    hits = found[:n]
    more = len(found) > n
    st.caption(t("search.results", n=len(found)) + ("" if not more else " " + t("common.showing", shown=len(hits), total=len(found))))
    frame = pd.DataFrame(
        {
            t("col.type"): [t(f"search.{h['type']}") for h in hits],
            t("col.title"): [h["title"] for h in hits],
            t("col.document"): [idx.label(h["document"]) for h in hits],
            t("col.snippet"): [h["snippet"] for h in hits],
            t("col.score"): [h["score"] for h in hits],
        }
    )
    event = st.dataframe(frame, hide_index=True, on_select="rerun", selection_mode="single-row", key=f"search_table_{query}_{n}")
    if more:
        show_more(f"search_{query}", len(found), 50)
    rows = event.selection.rows if event is not None else []
    if rows:
        node = hits[rows[0]]["document"]
        st.session_state["doc"] = node
        st.switch_page(PAGES["document"], query_params={"doc": node})


search_page()
