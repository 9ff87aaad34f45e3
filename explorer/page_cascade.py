"""Cascade: a document's downstream cascade as an interactive graph and as a tree by level, with task drill-down."""

from __future__ import annotations

import streamlit as st

from policykg.explorer.strings import current_lang, level_name, relation_name, role_name, t
from policykg.explorer.views import cascade_elements, cascade_levels, document_entry_label, evidence_summary, level_rank, restating_tasks
from policykg.explorer.widgets import document_picker, graph_view, limit, load_index, md, open_document, show_more
from policykg.graph import trace
from policykg.graph.build import document_tasks
from policykg.graph.schema import Relation

GRAPH_CAP = 150


def cascade() -> None:
    st.title(t("cascade.title"))
    idx = load_index()
    lang = current_lang()
    G = idx.G
    root = document_picker(idx, "cascade")
    if root is None:
        return
    answer = trace(G, root)
    docs = answer["documents"]
    implementers = {e["source"] for e in answer["edges"] if e["relation"] == Relation.IMPLEMENTS.value}
    st.header(md(idx.label(root)))
    if not implementers:
        st.info(t("cascade.nothing"))
    else:
        st.caption(md(t("cascade.summary", n=len(implementers), root=idx.label(root))))

    st.subheader(t("cascade.graph"))
    nodes, edges = cascade_elements(answer, selected=st.session_state.get("cascade_clicked"), promulgates=relation_name("promulgates", lang))
    cap = limit("cascade_graph", GRAPH_CAP)
    if len(nodes) > cap:
        nodes = sorted(nodes, key=lambda n: (n["level"], n["id"] != root))[:cap]
        kept = {n["id"] for n in nodes}
        edges = [e for e in edges if e["source"] in kept and e["target"] in kept]
    clicked = graph_view(nodes, edges, hierarchical=True, height=480)
    show_more("cascade_graph", len(docs), GRAPH_CAP)
    if clicked and clicked in G:
        st.session_state["cascade_clicked"] = clicked
        st.caption(md(t("cascade.clicked", node=idx.label(clicked))))
        open_document(clicked, key="cascade_open_clicked")

    tree_col, drill_col = st.columns(2)
    with tree_col:
        st.subheader(t("cascade.tree"))
        _tree(answer, lang)
    with drill_col:
        st.subheader(t("cascade.drill"))
        _drill_down(G, idx, answer, root, lang)


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
        with st.expander(f"{level_name(level, lang)}（{len(entries)}）", expanded=True):
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
                    line += f"\n    - {md(t('cascade.implements'))} {md(document_entry_label(docs[e['target']]))}（{md(basis)}{confidence}）"
                    evidence = evidence_summary(e, lang)
                    if evidence:
                        line += f"：{md(evidence if len(evidence) <= 60 else evidence[:59] + '…')}"
                if entry["id"] in notice_of:
                    line += f"\n    - {md(t('cascade.in_notice', notice=document_entry_label(docs[notice_of[entry['id']]])))}"
                lines.append(line)
            st.markdown("\n".join(lines))
            show_more(f"cascade_tree_{level}", len(entries), 30)


def _drill_down(G, idx, answer: dict, root: str, lang: str) -> None:
    with_tasks = [n for n in answer["documents"] if document_tasks(G, n)]
    if not with_tasks:
        st.caption(t("cascade.drill_none"))
        return
    with_tasks.sort(key=lambda n: (n != root, level_rank(G.nodes[n].get("level")), n))
    left, right = st.columns(2)
    doc = left.selectbox(t("cascade.drill_document"), with_tasks, format_func=idx.label, key=f"cascade_drill_doc_{root}")
    tasks = document_tasks(G, doc)
    task = right.selectbox(
        t("cascade.drill_task"),
        tasks,
        format_func=lambda n: f"{G.nodes[n]['position']}. {G.nodes[n]['heading']}",
        key=f"cascade_drill_task_{doc}",
    )
    _task_card(G, task, lang)
    rows = restating_tasks(G, task)
    st.markdown(f"**{md(t('cascade.restated_by'))}**")
    if not rows:
        st.caption(t("cascade.not_restated"))
        return
    n = limit(f"cascade_drill_{task}", 30)
    for row in rows[:n]:
        entry = row["task"]
        doc_data = G.nodes[row["document"]]
        head = f"{'　' * (row['depth'] - 1)}↳ **{md(idx.label(row['document']))}**（{md(level_name(doc_data.get('level'), lang))} {md(' '.join(doc_data.get('region_names') or []))}）"
        basis = t("common.inferred") if row["inferred"] else t("common.explicit")
        score = f"{row['score']:.2f}" if row["score"] is not None else ""
        st.markdown(f"{head}  \n{'　' * (row['depth'] - 1)}{md(entry['position'])}\\. {md(entry['heading'])} · {md(t('col.score'))} {score}（{md(basis)}）")
        _task_card(G, row["task"]["id"], lang, indent=row["depth"])
    show_more(f"cascade_drill_{task}", len(rows), 30)


def _task_card(G, task: str, lang: str, *, indent: int = 0) -> None:
    from policykg.graph.queries import task_entry

    entry = task_entry(G, task)
    parts = [f"{md(role_name(role, lang))}：{md('、'.join(names))}" for role, names in entry["agencies"].items() if names]
    if entry["deadlines"]:
        parts.append(f"{md(t('col.deadlines'))}：{md('；'.join(d['text'] for d in entry['deadlines']))}")
    if parts:
        st.caption(("　" * indent) + " · ".join(parts))


cascade()
