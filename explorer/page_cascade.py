"""Cascade: a document's downstream cascade as a picture by level and as a tree by level, with task drill-down.

It opens on the document with the largest cascade (a chooser lists the
largest ones); the picture and the lists say the same numbers; the cascade
can be taken away as GraphML or as the picture itself (SVG, PNG).
"""

from __future__ import annotations

import io

import streamlit as st

from policykg.explorer.charts import cascade_chart, to_png, to_svg
from policykg.explorer.strings import current_lang, level_name, role_name, t
from policykg.explorer.views import (
    cascade_counts,
    cascade_graph,
    cascade_layout,
    cascade_levels,
    document_entry_label,
    evidence_summary,
    level_rank,
)
from policykg.explorer.widgets import document_picker, limit, load_index, md, open_document, show_more
from policykg.graph.queries import task_entry
from policykg.graph.schema import document_tasks
from policykg.graph.schema import Relation


def cascade() -> None:
    st.title(t("cascade.title"))
    idx = load_index()
    lang = current_lang()
    largest = [(n, k) for n, k in idx.largest_cascades() if k > 0]
    opened_default = False
    if largest and "doc" not in st.session_state and not st.query_params.get("doc"):
        st.session_state["doc"] = largest[0][0]
        opened_default = True
    chooser, picker = st.columns(2)
    if largest:
        sizes = dict(largest)

        def pick_largest() -> None:
            st.session_state["doc"] = st.session_state["cascade_largest"]
            st.session_state["cascade_q"] = ""
            st.query_params["doc"] = st.session_state["doc"]

        current = st.session_state.get("doc")
        chooser.selectbox(
            t("cascade.largest"),
            list(sizes),
            index=list(sizes).index(current) if current in sizes else None,
            format_func=lambda n: t("cascade.largest_option", label=idx.label(n), n=sizes[n]),
            key="cascade_largest",
            on_change=pick_largest,
            placeholder=t("common.choose"),
        )
        if opened_default:
            chooser.caption(t("cascade.opened_on"))
    with picker:
        root = document_picker(idx, "cascade")
    if root is None:
        return
    answer = idx.trace(root)
    counts = cascade_counts(answer)
    st.subheader(md(idx.label(root)))
    if not counts["implementing"]:
        st.info(t("cascade.nothing"))
    else:
        st.caption(md(t("cascade.counts", **counts)) + " " + md(t("cascade.graph")))
    nodes, edges, clustered = cascade_layout(answer)
    if clustered:
        st.caption(t("cascade.clustered", n=counts["documents"]))
    event = st.altair_chart(
        cascade_chart(nodes, edges, lang), width="stretch", theme=None, on_select="rerun", selection_mode="node", key=f"cascade_picture_{root}_{lang}"
    )
    clicked = _clicked(event)
    d1, d2, d3 = st.columns(3)
    d1.download_button(t("cascade.download_graphml"), data=lambda: _graphml(idx, answer), file_name="cascade.graphml", mime="application/xml", key="cascade_graphml", on_click="ignore")
    d2.download_button(t("cascade.download_svg"), data=lambda: to_svg(cascade_chart(nodes, edges, lang, select=False)), file_name="cascade.svg", mime="image/svg+xml", key="cascade_svg", on_click="ignore")
    d3.download_button(t("cascade.download_png"), data=lambda: to_png(cascade_chart(nodes, edges, lang, select=False)), file_name="cascade.png", mime="image/png", key="cascade_png", on_click="ignore")
    if clicked and clicked in answer["documents"]:
        st.caption(md(t("cascade.clicked", node=idx.label(clicked))))
        open_document(clicked, key="cascade_open_clicked")

    tree_col, drill_col = st.columns(2)
    with tree_col:
        st.subheader(t("cascade.tree"))
        _tree(answer, lang)
    with drill_col:
        st.subheader(t("cascade.drill"))
        _drill_down(idx, answer, root, lang)


def _clicked(event) -> str | None:
    """The id of the box clicked in the picture, if any."""
    selection = getattr(event, "selection", None) or {}
    points = selection.get("node") if isinstance(selection, dict) else getattr(selection, "node", None)
    if points:
        return points[0].get("id")
    return None


def _graphml(idx, answer: dict) -> bytes:
    import networkx as nx

    from policykg.graph.export import graphml_ready

    docs = [n for n, e in answer["documents"].items() if e.get("kind") != "task"]
    G = idx.around(docs, keys=(Relation.IMPLEMENTS.value, Relation.PROMULGATES.value))
    buffer = io.BytesIO()
    nx.write_graphml(graphml_ready(cascade_graph(G, answer)), buffer, encoding="utf-8")
    return buffer.getvalue()


def _tree(answer: dict, lang: str) -> None:
    docs = answer["documents"]
    up: dict[str, list[dict]] = {}
    notice_of: dict[str, str] = {}
    for e in answer["edges"]:
        if e["relation"] == Relation.IMPLEMENTS.value:
            up.setdefault(e["source"], []).append(e)
        elif e["relation"] == Relation.PROMULGATES.value:
            notice_of[e["target"]] = e["source"]
    for level, entries in cascade_levels(answer):
        with st.expander(t("cascade.level_count", level=level_name(level, lang), n=len(entries)), expanded=True):
            n = limit(f"cascade_tree_{level}", 30)
            lines = []
            for entry in entries[:n]:
                region = " ".join(entry.get("region") or [])
                line = f"- **{md(document_entry_label(entry))}**" + (f" · {md(region)}" if region else "")
                if entry["id"] == answer["root"]:
                    line += " ◀"
                if entry.get("stub"):
                    line += f" · _{md(t('common.stub'))}_"
                for e in up.get(entry["id"], []):
                    basis = t("common.inferred") if e["inferred"] else t("common.explicit")
                    confidence = f" {e['confidence']:.2f}" if e.get("confidence") is not None else ""
                    line += f"\n    - {md(t('cascade.implements'))} {md(document_entry_label(docs[e['target']]))}{md(t('cascade.link_basis', basis=basis, confidence=confidence))}"
                    evidence = evidence_summary(e, lang)
                    if evidence:
                        line += md(t("common.colon")) + md(evidence if len(evidence) <= 60 else evidence[:59] + "…")
                if entry["id"] in notice_of:
                    line += f"\n    - {md(t('cascade.in_notice', notice=document_entry_label(docs[notice_of[entry['id']]])))}"
                lines.append(line)
            st.markdown("\n".join(lines))
            show_more(f"cascade_tree_{level}", len(entries), 30)


def _drill_down(idx, answer: dict, root: str, lang: str) -> None:
    docs = answer["documents"]
    with_tasks = [n for n in docs if idx.task_counts.get(n, 0)]
    if not with_tasks:
        st.caption(t("cascade.drill_none"))
        return
    with_tasks.sort(key=lambda n: (n != root, level_rank(docs[n].get("level")), n))
    left, right = st.columns(2)
    doc = left.selectbox(t("cascade.drill_document"), with_tasks, format_func=idx.label, key=f"cascade_drill_doc_{root}")
    # the document's tasks with their agencies: what the choice and the card read
    G = idx.around([doc], keys=(Relation.CONTAINS.value,))
    G = idx.around(document_tasks(G, doc))
    tasks = document_tasks(G, doc)
    task = right.selectbox(
        t("cascade.drill_task"),
        tasks,
        format_func=lambda n: f"{G.nodes[n]['position']}. {G.nodes[n]['heading']}",
        key=f"cascade_drill_task_{doc}",
    )
    _task_card(task_entry(G, task), lang)
    rows = idx.restating(task)
    st.markdown(f"**{md(t('cascade.restated_by'))}**")
    if not rows:
        st.caption(t("cascade.not_restated"))
        return
    n = limit(f"cascade_drill_{task}", 30)
    for row in rows[:n]:
        entry = row["task"]
        doc_data = idx.document_node(row["document"])
        where = f"{level_name(doc_data.get('level'), lang)} {' '.join(doc_data.get('region_names') or [])}".strip()
        head = f"{'　' * (row['depth'] - 1)}↳ **{md(idx.label(row['document']))}**{md(t('cascade.link_basis', basis=where, confidence=''))}"
        basis = t("common.inferred") if row["inferred"] else t("common.explicit")
        score = f"{row['score']:.2f}" if row["score"] is not None else ""
        st.markdown(f"{head}  \n{'　' * (row['depth'] - 1)}{md(entry['position'])}\\. {md(entry['heading'])} · {md(t('col.score'))} {score}{md(t('cascade.link_basis', basis=basis, confidence=''))}")
        _task_card(row["task"], lang, indent=row["depth"])
    show_more(f"cascade_drill_{task}", len(rows), 30)


def _task_card(entry: dict, lang: str, *, indent: int = 0) -> None:
    """A task's agencies by role and its deadlines, in one line (``entry``: :func:`~policykg.graph.queries.task_entry`)."""
    colon = md(t("common.colon", lang))
    parts = [f"{md(role_name(role, lang))}{colon}{md('、'.join(names))}" for role, names in entry["agencies"].items() if names]
    if entry["deadlines"]:
        parts.append(f"{md(t('col.deadlines'))}{colon}{md('；'.join(d['text'] for d in entry['deadlines']))}")
    if parts:
        st.caption(("　" * indent) + " · ".join(parts))


cascade()
