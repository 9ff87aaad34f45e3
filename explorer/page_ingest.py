"""Ingest: upload notices, watch progress, see which files failed and why; the graph follows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from policykg.explorer import cache
from policykg.explorer.data import ingest_files, store_path, update_graph
from policykg.explorer.strings import error_text, t
from policykg.explorer.widgets import md
from policykg.ingest.batch import SUFFIXES


def ingest() -> None:
    st.title(t("ingest.title"))
    st.caption(t("ingest.help", suffixes=t("common.list_sep").join(sorted(SUFFIXES))))
    root = store_path().resolve()
    st.caption(md(t("app.store", path=root)))
    files = st.file_uploader(
        t("ingest.files"), type=sorted(s.lstrip(".") for s in SUFFIXES), accept_multiple_files=True, key="ingest_files"
    )
    if st.button(t("ingest.run"), type="primary", key="ingest_run"):
        if not files:
            st.warning(t("ingest.nothing"))
        else:
            st.session_state["ingest_report"] = _run(root, [(f.name, f.getvalue()) for f in files])
    report = st.session_state.get("ingest_report")
    if report:
        _show(report)


def _run(root: Path, files: list[tuple[str, bytes]]) -> dict:
    bar = st.progress(0.0)
    done = []

    def on_file(path: Path) -> None:
        done.append(path)
        bar.progress(len(done) / len(files), text=t("ingest.progress", name=path.name, i=len(done), n=len(files)))

    report = ingest_files(root, files, on_file=on_file)
    with st.spinner(t("ingest.graph")):
        update_graph(root, report, db=cache.graph_database())
    cache.clear_caches()
    # Uploads live under a folder named for their content; people know them by the name they gave.
    return {
        "files": len(files),
        "outcomes": [{"file": Path(o.path).name, "status": o.status, "documents": o.documents} for o in report.outcomes],
        "failed": [{"file": Path(f.path).name or f.path, "error": f.error} for f in report.failed],
    }


def _show(report: dict) -> None:
    outcomes, failed = report["outcomes"], report["failed"]
    counts = {s: sum(1 for o in outcomes if o["status"] == s) for s in ("added", "replaced", "unchanged")}
    message = t("ingest.done", files=report["files"], failed=len(failed), documents=sum(o["documents"] for o in outcomes), **counts)
    (st.warning if failed else st.success)(message)
    if outcomes:
        st.subheader(t("ingest.outcomes"))
        frame = pd.DataFrame(outcomes)
        frame["status"] = [t(f"status.{s}") for s in frame["status"]]
        st.dataframe(frame.rename(columns={"file": t("col.file"), "status": t("col.status"), "documents": t("col.documents")}), hide_index=True)
    if failed:
        st.subheader(t("ingest.failed"))
        st.markdown("\n".join(f"- {md(error_text(f['error'], path=f['file']))}" for f in failed))


ingest()
