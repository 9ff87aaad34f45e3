"""Coverage audit: a parent plan's tasks × the documents that implement it; what each child dropped."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from policykg.explorer.strings import t
from policykg.explorer.views import COVERED_SCORE, coverage_table, document_entry_label
from policykg.explorer.widgets import document_picker, load_index, md
from policykg.graph import coverage

SYMBOLS = {"covered": "●", "weak": "◐", "not": "○"}


def coverage_audit() -> None:
    st.title(t("coverage.title"))
    idx = load_index()
    G = idx.G
    parent = document_picker(idx, "coverage", with_tasks=True, label=t("coverage.parent"))
    if parent is None:
        return
    answer = coverage(G, parent)
    st.header(md(idx.label(parent)))
    if not answer["tasks"]:
        st.info(t("coverage.no_tasks"))
        return
    children = answer["children"]
    if not children:
        st.info(t("coverage.no_children"))
        return
    table = coverage_table(answer)
    total = len(table)
    labels = {c["document"]["id"]: document_entry_label(c["document"]) for c in children}

    st.subheader(t("coverage.per_child"))
    for c in children:
        child = c["document"]["id"]
        covered = int((table[child] == "covered").sum())
        share = f"{c['coverage']:.0%}"
        st.markdown("- " + md(t("coverage.summary", child=labels[child], covered=covered, total=total, share=share)))
    bars = pd.DataFrame({"child": [labels[c["document"]["id"]] for c in children], "coverage": [100 * c["coverage"] for c in children]})
    st.altair_chart(
        alt.Chart(bars)
        .mark_bar(size=22)
        .encode(
            x=alt.X("coverage:Q", title=f"{t('col.coverage')} (%)", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("child:N", title=None, sort="-x", axis=alt.Axis(labelLimit=420)),
            tooltip=[alt.Tooltip("child:N", title=t("coverage.child")), alt.Tooltip("coverage:Q", title=t("col.coverage"), format=".0f")],
        )
        .properties(height=40 + 36 * len(children)),
        width="stretch",
    )

    st.subheader(t("coverage.matrix"))
    st.caption(t("coverage.legend", covered=COVERED_SCORE))
    matrix = pd.DataFrame(
        {
            t("col.position"): table["position"],
            t("col.heading"): table["heading"],
            **{labels[child]: [_cell(s, sc, ts) for s, sc, ts in zip(table[child], table[f"{child}#score"], table[f"{child}#tasks"])] for child in labels},
        }
    )
    st.dataframe(matrix, hide_index=True, height=min(38 * (total + 1), 720))
    st.download_button(
        t("common.download_csv"),
        data=_csv(table, labels).encode("utf-8-sig"),
        file_name="coverage.csv",
        mime="text/csv",
        key="coverage_csv",
    )

    st.subheader(t("coverage.uncovered"))
    child = st.selectbox(t("coverage.child"), list(labels), format_func=labels.get, key=f"coverage_child_{parent}")
    missing = table[table[child] == "not"]
    st.markdown(f"**{md(t('coverage.uncovered_by', child=labels[child], n=len(missing)))}**")
    if missing.empty:
        st.caption(t("coverage.all_covered"))
    else:
        st.markdown("\n".join(f"- {md(p)}\\. {md(h)}" for p, h in zip(missing["position"], missing["heading"])))
    if len(labels) > 1:
        nobody = table[(table[list(labels)] == "not").all(axis=1)]
        st.markdown(f"**{md(t('coverage.uncovered_all', n=len(nobody)))}**")
        st.markdown("\n".join(f"- {md(p)}\\. {md(h)}" for p, h in zip(nobody["position"], nobody["heading"])) or md(t("common.none")))


def _cell(status: str, score, tasks: str) -> str:
    """``● 0.82 → 3、4``: the status, the best score and the child tasks that restate the task."""
    if status == "not":
        return SYMBOLS[status]
    return f"{SYMBOLS[status]} {score:.2f} → {tasks}"


def _csv(table: pd.DataFrame, labels: dict[str, str]) -> str:
    out = pd.DataFrame({"position": table["position"], "heading": table["heading"]})
    for child, label in labels.items():
        out[f"{label} status"] = table[child]
        out[f"{label} score"] = table[f"{child}#score"]
        out[f"{label} tasks"] = table[f"{child}#tasks"]
    return out.to_csv(index=False)


coverage_audit()
