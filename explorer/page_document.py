"""Document: metadata, the cleaned text with its facts highlighted, the source span of each fact, upstream and downstream."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from policykg.explorer import cache
from policykg.explorer.strings import current_lang, level_name, role_name, t
from policykg.explorer.views import HIGHLIGHT_STYLES, document_facts, highlight_html, link_rows
from policykg.explorer.widgets import document_picker, limit, load_index, md, open_document, show_more
from policykg.graph.schema import document_tasks
from policykg.graph.schema import Relation
from policykg.rules.roles import ROLES

TEXT_STEP = 20_000


def document() -> None:
    st.title(t("document.title"))
    idx = load_index()
    lang = current_lang()
    node = document_picker(idx, "document")
    if node is None:
        return
    # the document, its links and its tasks with their agencies: all this page reads of the graph
    G = idx.around([node])
    G = idx.around([node, *document_tasks(G, node)])
    data = G.nodes[node]
    st.header(md(idx.label(node)))
    if data.get("stub"):
        st.info(t("document.stub_note"))
    open_document(node, key="document_to_cascade", page="cascade")

    notice = next((s for s, _, k in G.in_edges(node, keys=True) if k == Relation.PROMULGATES.value), None)
    plans = [p for _, p, k in G.out_edges(node, keys=True) if k == Relation.PROMULGATES.value]
    sources = data.get("sources") or []
    sha = sources[0]["sha256"] if sources else None
    records = cache.source_records(sha) if sha else []

    with st.expander(t("document.metadata"), expanded=True):
        rows = [
            (t("col.doc_number"), data.get("doc_number") or ""),
            (t("col.title"), data.get("title") or ""),
            (t("col.kind"), t(f"kind.{data['kind']}") if data.get("kind") else ""),
            (t("col.level"), level_name(data.get("level"), lang)),
            (t("col.region"), " ".join(data.get("region_names") or [])),
            (t("col.issuer"), data.get("issuer") or ""),
            (t("col.years"), t("common.list_sep").join(str(y) for y in data.get("years") or [])),
            (t("col.signed"), data.get("signed_date") or ""),
            (t("col.published"), data.get("published_date") or ""),
            (t("col.effective"), data.get("effective_date") or ""),
            (t("col.expiry"), data.get("expiry_date") or ""),
            (t("document.promulgated_by"), idx.label(notice) if notice else ""),
            (t("document.plans"), "\n".join(idx.label(p) for p in plans)),
            (t("document.sources"), "\n".join(s.get("path", "") for s in sources)),
        ]
        st.dataframe(pd.DataFrame([r for r in rows if r[1]], columns=[t("col.fact"), t("col.value")]), hide_index=True)

    up, down = st.columns(2)
    with up:
        st.subheader(t("document.upstream"))
        _links(link_rows(idx.upstream(node), lang=lang), node, "up")
    with down:
        st.subheader(t("document.downstream"))
        _links(link_rows(idx.trace(node), lang=lang), node, "down")

    facts = document_facts(G, node, records)
    st.subheader(t("document.text"))
    _text(data, sha, records, facts["marks"])

    st.subheader(t("document.facts"))
    tab_tasks, tab_agencies, tab_deadlines, tab_citations = st.tabs(
        [t("document.tasks"), t("document.agencies"), t("document.deadlines"), t("document.citations")]
    )
    with tab_tasks:
        _facts(pd.DataFrame(facts["tasks"]))
    with tab_agencies:
        frame = pd.DataFrame(facts["agencies"])
        if not frame.empty:
            frame["role"] = [role_name(r, lang) for r in frame["role"]]
        _facts(frame)
    with tab_deadlines:
        _facts(pd.DataFrame(facts["deadlines"]))
    with tab_citations:
        _facts(pd.DataFrame(facts["citations"]))


def _facts(frame: pd.DataFrame) -> None:
    if frame.empty:
        st.caption(t("common.none"))
    else:
        st.dataframe(frame.rename(columns=_columns()), hide_index=True)


def _columns() -> dict[str, str]:
    keys = ("position", "printed", "section", "heading", *ROLES, "deadlines", "targets", "span",
            "span_text", "role", "mention", "title", "doc_number", "evidence", "date")
    names = {k: t(f"col.{k}") for k in keys}
    names.update(name=t("col.agency"), text=t("col.deadline"), implements=t("rel.implements"), resolved=t("col.resolved"))
    return names


def _links(rows: list[dict], node: str, key: str) -> None:
    if not rows:
        st.caption(t("common.none"))
        return
    frame = pd.DataFrame(rows)
    frame["inferred"] = [t("common.inferred") if x else t("common.explicit") for x in frame["inferred"]]
    frame = frame[["child", "parent", "inferred", "confidence", "evidence"]].rename(
        columns={
            "child": t("col.document"),
            "parent": t("rel.implements"),
            "inferred": t("col.link"),
            "confidence": t("col.confidence"),
            "evidence": t("col.evidence"),
        }
    )
    n = limit(f"links_{key}", 50)
    st.dataframe(frame.head(n), hide_index=True)
    show_more(f"links_{key}", len(frame), 50)


def _text(data: dict, sha: str | None, records: list, marks: list) -> None:
    cleaned = cache.cleaned_text(sha) if sha else None
    if cleaned is None:
        st.caption(t("document.no_text"))
        return
    record_ids = set(data.get("record_ids") or [])
    spans = [r.span for r in records if r.id in record_ids and r.span]
    start, end = cleaned.from_source(spans[0].start, spans[0].end) if spans else (0, len(cleaned.text))
    shown_end = min(end, start + limit("document_text", TEXT_STEP))
    body = cleaned.text[start:shown_end]
    local = []
    for s, e, category in marks:
        a, b = cleaned.from_source(s, e)
        if b > start and a < shown_end:
            local.append((a - start, b - start, category))
    legend = " ".join(f'<span style="{HIGHLIGHT_STYLES[c]};padding:0 4px">{html.escape(t(f"hl.{c}"))}</span>' for c in HIGHLIGHT_STYLES)
    plain = st.toggle(t("document.plain"), key="document_plain")
    if plain:
        st.text(body)
    else:
        st.html(
            f'<div style="font-size:0.9rem;margin-bottom:4px">{html.escape(t("document.legend"))} {legend}</div>'
            f'<div class="policykg-text" style="white-space:pre-wrap;line-height:1.7;max-height:640px;overflow-y:auto;'
            f'border:1px solid #dee2e6;border-radius:6px;padding:12px">{highlight_html(body, local)}</div>'
        )
    show_more("document_text", end - start, TEXT_STEP)


document()
