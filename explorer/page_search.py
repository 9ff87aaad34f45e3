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
    hits = cache.search(query, n + 1)
    if not hits:
        st.info(t("search.none"))
        return
    more = len(hits) > n
    hits = hits[:n]
    st.caption(t("search.results", n=f"{len(hits)}+" if more else len(hits)))
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
        show_more(f"search_{query}", n + 1, 50)
    rows = event.selection.rows if event is not None else []
    if rows:
        node = hits[rows[0]]["document"]
        st.session_state["doc"] = node
        st.switch_page(PAGES["document"], query_params={"doc": node})


search_page()
