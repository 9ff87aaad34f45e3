"""Agencies: one agency's obligations across all documents, lead vs responsible, deadlines on a timeline."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from policykg.explorer.charts import deadline_chart
from policykg.explorer.strings import current_lang, node_type_name, role_name, t
from policykg.explorer.views import obligation_counts, obligation_frame, obligations_csv
from policykg.explorer.widgets import limit, load_index, md, party_picker, show_more


def agencies() -> None:
    st.title(t("agencies.title"))
    idx = load_index()
    lang = current_lang()
    party = party_picker(idx, "agencies")
    if party is None:
        return
    names = dict(zip(idx.parties["id"], idx.parties["name"]))
    answer = idx.agency(names.get(party, party))
    agency = answer["agency"]
    st.header(md(agency["name"]))
    details = [node_type_name(agency["type"], lang)]
    if agency.get("region"):
        details.append(agency["region"])
    st.caption(" · ".join(md(d) for d in details))
    if agency.get("mentions"):
        st.caption(md(t("agencies.mentions", mentions="、".join(agency["mentions"]))))

    frame = obligation_frame(answer)
    counts = obligation_counts(answer)
    cols = st.columns(len(counts))
    for col, (key, n) in zip(cols, counts.items()):
        col.metric(t(f"agencies.metric.{key}"), n)
    st.caption(t("agencies.metrics_add_up"))

    st.subheader(t("agencies.timeline"))
    dated = frame.dropna(subset=["date"])
    if dated.empty:
        st.caption(t("agencies.no_deadlines"))
    else:
        st.altair_chart(deadline_chart(dated, lang), width="stretch", theme=None)
    st.download_button(
        t("agencies.download"),
        data=obligations_csv(frame, lang).encode("utf-8-sig"),
        file_name="obligations.csv",
        mime="text/csv",
        key="agencies_csv",
    )

    st.subheader(t("agencies.direct"))
    _table(frame[frame["via"] == ""], lang, "agencies_direct", with_via=False)
    st.subheader(t("agencies.via"))
    _table(frame[frame["via"] != ""], lang, "agencies_via", with_via=True)


def _table(frame: pd.DataFrame, lang: str, key: str, *, with_via: bool) -> None:
    if frame.empty:
        st.caption(t("common.none"))
        return
    grouped = (
        frame.groupby(["document_label", "position", "heading", "role", "via", "mention"], sort=False, dropna=False)["deadline"]
        .agg(lambda xs: "；".join(x for x in xs if x))
        .reset_index()
    )
    grouped["role"] = [role_name(r, lang) for r in grouped["role"]]
    columns = {
        "document_label": t("col.document"),
        "position": t("col.position"),
        "heading": t("col.heading"),
        "role": t("col.role"),
        "via": t("col.via"),
        "mention": t("col.mention"),
        "deadline": t("col.deadlines"),
    }
    if not with_via:
        del columns["via"]
    n = limit(key, 200)
    st.dataframe(grouped[list(columns)].head(n).rename(columns=columns), hide_index=True)
    show_more(key, len(grouped), 200)


agencies()
