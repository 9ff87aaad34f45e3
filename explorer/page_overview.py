"""Overview: counts by level, region and year, documents per level and year, diffusion lag, and a filterable table of the documents."""

from __future__ import annotations

import altair as alt
import streamlit as st

from policykg.explorer.cache import store_key
from policykg.explorer.charts import lag_chart, level_year_chart
from policykg.explorer.views import TABLE_PAGE, TableQuery, documents_by_level_and_year, filter_choices, level_counts, province_counts, year_counts
from policykg.explorer.strings import current_lang, level_name, t
from policykg.explorer.widgets import PAGES, limit, load_index, md, show_more


def overview() -> None:
    st.title(t("overview.title"))
    idx = load_index()
    lang = current_lang()
    # what is shown is counted from the documents' groups and read a page at a time: over a store,
    # in SQL, without reading every document (views.StoreIndex)
    groups = idx.groups
    st.caption(md(t("app.store", path=store_key()[0])))

    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("overview.documents"), int(groups.loc[~groups["stub"], "count"].sum()))
    c2.metric(t("overview.stubs"), int(groups.loc[groups["stub"], "count"].sum()))
    c3.metric(t("overview.tasks"), idx.n_tasks)
    c4.metric(t("overview.agencies"), idx.n_parties)

    col_level, col_region, col_year = st.columns(3)
    by_level = level_counts(groups)
    with col_level:
        st.subheader(t("overview.by_level"))
        names = [level_name(lv or None, lang) for lv in by_level["level"]]
        st.altair_chart(
            alt.Chart(by_level.assign(name=names))
            .mark_bar()
            .encode(
                x=alt.X("count:Q", title=t("col.count", lang), axis=alt.Axis(tickMinStep=1)),
                y=alt.Y("name:N", title=None, sort=names),
                tooltip=[alt.Tooltip("name:N", title=t("col.level", lang)), alt.Tooltip("count:Q", title=t("col.count", lang))],
            )
            .properties(height=alt.Step(40)),
            width="stretch",
            theme=None,
        )
    with col_region:
        st.subheader(t("overview.by_region"))
        by_region = province_counts(groups)
        st.bar_chart({t("col.province"): list(by_region.index), t("col.count"): list(by_region.values)}, x=t("col.province"), y=t("col.count"), horizontal=True)
    with col_year:
        st.subheader(t("overview.by_year"))
        by_year = year_counts(groups)
        st.bar_chart({t("col.year"): [str(y) for y in by_year.index], t("col.count"): list(by_year.values)}, x=t("col.year"), y=t("col.count"))

    col_stack, col_lag = st.columns(2)
    with col_stack:
        st.subheader(t("overview.by_level_year"))
        st.altair_chart(level_year_chart(documents_by_level_and_year(groups), lang), width="stretch", theme=None)
    with col_lag:
        st.subheader(t("overview.lag"))
        lags, undated = idx.lag_days()
        if lags.empty:
            st.caption(t("overview.lag_none"))
        else:
            st.altair_chart(lag_chart(lags, lang), width="stretch", theme=None)
        st.caption(t("overview.lag_note", undated=undated))

    st.subheader(t("overview.table"))
    f1, f2, f3, f4 = st.columns([3, 2, 2, 2])
    level_options, province_options, year_options = filter_choices(groups)
    text = f1.text_input(t("overview.filter_text"), key="overview_text")
    chosen_levels = f2.multiselect(t("overview.filter_level"), level_options, format_func=lambda lv: level_name(lv or None, lang), key="overview_levels", placeholder=t("common.choose"))
    chosen_regions = f3.multiselect(t("overview.filter_region"), province_options, key="overview_regions", placeholder=t("common.choose"))
    chosen_years = f4.multiselect(t("overview.filter_year"), year_options, key="overview_years", placeholder=t("common.choose"))
    stubs = st.toggle(t("overview.include_stubs"), key="overview_stubs")

    query = TableQuery(text=text, levels=tuple(chosen_levels), provinces=tuple(chosen_regions), years=tuple(chosen_years), stubs=stubs)
    n = limit("overview_table", TABLE_PAGE)
    shown, total = idx.document_table(query, n)
    table = shown.assign(level=lambda f: [level_name(lv or None, lang) for lv in f["level"]], kind=lambda f: [t(f"kind.{k}") if k else "" for k in f["kind"]])
    columns = {
        "doc_number": t("col.doc_number"),
        "title": t("col.title"),
        "kind": t("col.kind"),
        "level": t("col.level"),
        "region": t("col.region"),
        "year": t("col.year"),
        "tasks": t("col.tasks"),
        "stub": t("col.stub"),
    }
    st.caption(t("overview.select_hint"))
    event = st.dataframe(
        table[list(columns)].rename(columns=columns),
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key=f"overview_table_{total}_{n}",
    )
    show_more("overview_table", total, TABLE_PAGE)
    rows = event.selection.rows if event is not None else []
    if rows:
        node = table["id"].iloc[rows[0]]
        st.session_state["doc"] = node
        st.switch_page(PAGES["document"], query_params={"doc": node})


overview()
