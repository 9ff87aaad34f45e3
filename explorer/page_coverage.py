"""Coverage audit: a parent plan's tasks × the documents that implement it; what each child dropped."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from policykg.explorer.charts import coverage_chart
from policykg.explorer.strings import current_lang, t
from policykg.explorer.views import COVERED_SCORE, coverage_table, document_entry_label
from policykg.explorer.widgets import document_picker, load_index, md

SYMBOLS = {"covered": "●", "weak": "◐", "not": "○"}


def coverage_audit() -> None:
    st.title(t("coverage.title"))
    idx = load_index()
    lang = current_lang()
    parent = document_picker(idx, "coverage", with_tasks=True, label=t("coverage.parent"))
    if parent is None:
        return
    answer = idx.coverage(parent)
    st.header(md(idx.label(parent)))
    if not answer["tasks"]:
        if answer["parent"].get("stub"):
            st.info(t("coverage.cited_only", n=len(answer["children"])))
        else:
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
    st.altair_chart(coverage_chart(bars, lang), width="stretch", theme=None)

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
        data=_csv(table, labels, lang).encode("utf-8-sig"),
        file_name="coverage.csv",
        mime="text/csv",
        key="coverage_csv",
    )

    st.subheader(t("coverage.uncovered"))
    child = st.selectbox(t("coverage.child"), list(labels), format_func=labels.get, key=f"coverage_child_{parent}")
    missing = table[table[child] != "covered"]  # weak alignments do not count: the summary's covered + these = all
    st.markdown(f"**{md(t('coverage.uncovered_by', child=labels[child], n=len(missing)))}**")
    if missing.empty:
        st.caption(t("coverage.all_covered"))
    else:
        st.markdown("\n".join(f"- {md(p)}\\. {md(h)}" for p, h in zip(missing["position"], missing["heading"])))
    if len(labels) > 1:
        nobody = table[(table[list(labels)] != "covered").all(axis=1)]
        st.markdown(f"**{md(t('coverage.uncovered_all', n=len(nobody)))}**")
        st.markdown("\n".join(f"- {md(p)}\\. {md(h)}" for p, h in zip(nobody["position"], nobody["heading"])) or md(t("common.none")))


def _cell(status: str, score, tasks: str) -> str:
    """``● 0.82 → 3、4``: the status, the best score and the child tasks that restate the task."""
    if status == "not":
        return SYMBOLS[status]
    return f"{SYMBOLS[status]} {score:.2f} → {tasks}"


def _csv(table: pd.DataFrame, labels: dict[str, str], lang: str) -> str:
    out = pd.DataFrame({t("col.position", lang): table["position"], t("col.heading", lang): table["heading"]})
    for child, label in labels.items():
        out[t("coverage.csv_status", lang, child=label)] = [t(f"status.{s}", lang) for s in table[child]]
        out[t("coverage.csv_score", lang, child=label)] = table[f"{child}#score"]
        out[t("coverage.csv_tasks", lang, child=label)] = table[f"{child}#tasks"]
    return out.to_csv(index=False)


coverage_audit()
