"""The explorer, page by page, with Streamlit's AppTest on the sample corpus.

Each test opens the app from its entry file, as a browser would, switches to
one page and checks what the page shows for the real sample notices.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from policykg.explorer.launch import APP  # noqa: E402

from .falkordb_server import falkordb_server  # noqa: E402, F401  (a session fixture: a real FalkorDB on loopback)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "examples" / "notices"
TIMEOUT = 120


def ingest_samples(store: Path, files=None) -> None:
    from policykg.ingest.batch import ingest_paths
    from policykg.ingest.store import RecordStore

    report = ingest_paths(files or sorted(SAMPLES.glob("*.txt")), RecordStore(store))
    assert report.ok, [str(f.error) for f in report.failed]


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("explorer") / "store"
    ingest_samples(store)
    return store


def open_app(store: Path, monkeypatch, page: str | None = None) -> AppTest:
    monkeypatch.setenv("POLICYKG_STORE", str(store))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    """Everything the page shows as text: markdown, captions, headers, alerts, HTML and dataframes."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "error", "text", "code"):
        parts += [re.sub(r"\\(.)", r"\1", str(e.value)) for e in at.get(kind)]  # markdown escapes off
    parts += [h.proto.body for h in at.get("html")]
    parts += [df.value.to_csv() for df in at.dataframe]
    return "\n".join(parts)


def choose(at: AppTest, key: str, query: str) -> AppTest:
    at.text_input(key=key).set_value(query).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_overview_counts_and_table(sample_store, monkeypatch):
    at = open_app(sample_store, monkeypatch)
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["文件"]) == 11 and int(metrics["任务"]) > 100
    table = at.dataframe[0].value
    assert "平政办发〔2020〕5号" in set(table["文号"])
    assert {"county", "provincial"} <= {lv for lv in at.session_state["overview_levels"] or ["county", "provincial"]}
    at.multiselect(key="overview_levels").set_value(["provincial"]).run()
    levels = set(at.dataframe[0].value["层级"])
    assert levels == {"省级"}


def test_overview_table_is_read_a_page_at_a_time(sample_store, monkeypatch):
    """The table shows a page of rows and "show more" adds a page: the rows of the whole table, in its order."""
    from policykg.explorer import views
    from policykg.explorer.data import read_graph

    monkeypatch.setattr(views, "TABLE_PAGE", 4)
    whole = views.GraphIndex(read_graph(sample_store))
    real = whole.documents[~whole.documents["stub"]]
    at = open_app(sample_store, monkeypatch)
    assert list(at.dataframe[0].value["标题"]) == list(real["title"][:4])
    assert any(c.value == f"显示 4 / {len(real)}" for c in at.caption)
    at.button(key="more_overview_table_button").click().run()
    assert list(at.dataframe[0].value["标题"]) == list(real["title"][:8])
    at.text_input(key="overview_text").set_value("政务 公开").run()  # a filter: the first page of the rows it keeps
    kept = real[real["title"].str.contains("政务公开") | real["doc_number"].str.contains("政务公开")]
    assert 0 < len(kept) < len(real)
    assert list(at.dataframe[0].value["标题"]) == list(kept["title"][:8])


def test_english_toggle(sample_store, monkeypatch):
    at = open_app(sample_store, monkeypatch)
    assert at.title[0].value == "概览"
    at.toggle(key="lang_en").set_value(True).run()
    assert at.title[0].value == "Overview"
    assert "Documents" in {m.label for m in at.metric}


def test_document_page_highlights_facts_and_links(sample_store, monkeypatch):
    at = open_app(sample_store, monkeypatch, "page_document.py")
    choose(at, "document_q", "平江县2020年政务公开工作要点")
    shown = texts(at)
    assert at.header[0].value == "平江县2020年政务公开工作要点"
    body = at.get("html")[0].proto.body
    assert "background:#d0ebff" in body and "background:#fff9db" in body  # agencies within tasks
    assert "县政务局" in body or "政务" in body
    # upstream: the Hunan plan it mirrors (inferred, with its evidence) and 54号 (explicit)
    assert "湖南省2020年政务公开工作要点" in shown and "推断" in shown and "国办发〔2019〕54号" in shown
    tasks = at.dataframe[-4].value if len(at.dataframe) >= 4 else None
    assert any("原文位置" in df.value.columns for df in at.dataframe)


def test_document_page_by_bracket_variant_number(sample_store, monkeypatch):
    at = open_app(sample_store, monkeypatch, "page_document.py")
    choose(at, "document_q", "湘政办发[2020]9号")
    assert at.header[0].value.startswith("湘政办发〔2020〕9号")
    assert "湖南省2020年政务管理服务工作要点" in texts(at)


def test_cascade_of_54_reaches_pingjiang_and_litong(sample_store, monkeypatch):
    at = open_app(sample_store, monkeypatch, "page_cascade.py")
    choose(at, "cascade_q", "国办发〔2019〕54号")
    shown = texts(at)
    assert "平江县2020年政务公开工作要点" in shown
    assert "利通区2020年政务公开工作要点" in shown
    assert "湖南省2020年政务公开工作要点" in shown and "粤府办〔2020〕10号" in shown
    expanders = [e.label for e in at.expander]
    assert any(label.startswith("国家级") for label in expanders) and any(label.startswith("县级") for label in expanders)
    assert expanders.index(next(x for x in expanders if x.startswith("省级"))) < expanders.index(next(x for x in expanders if x.startswith("县级")))
    assert "推断" in shown and "明确" in shown


def test_cascade_task_drill_down(sample_store, monkeypatch):
    at = open_app(sample_store, monkeypatch, "page_cascade.py")
    choose(at, "cascade_q", "湖南省2020年政务公开工作要点")
    doc_box = next(s for s in at.selectbox if s.key.startswith("cascade_drill_doc_"))
    assert doc_box.value.endswith("湖南省2020年政务公开工作要点")
    task_box = next(s for s in at.selectbox if s.key.startswith("cascade_drill_task_"))
    task_box.set_value(task_box.options[0] if isinstance(task_box.options[0], str) and task_box.options[0].startswith("task:") else task_box.value).run()
    shown = texts(at)
    assert "下级文件中重述这项任务的任务" in shown
    assert "平江县2020年政务公开工作要点" in shown.split("下级文件中重述这项任务的任务", 1)[1]


def test_coverage_of_hunan_openness_plan_by_pingjiang(sample_store, monkeypatch):
    at = open_app(sample_store, monkeypatch, "page_coverage.py")
    choose(at, "coverage_q", "湖南省2020年政务公开工作要点")
    shown = texts(at)
    assert at.header[0].value == "湖南省2020年政务公开工作要点"
    summary = next(m.value for m in at.markdown if "平江县2020年政务公开工作要点" in m.value and "覆盖" in m.value)
    assert "/ 19" in summary
    matrix = next(df.value for df in at.dataframe if "任务标题" in df.value.columns)
    assert len(matrix) == 19
    column = next(c for c in matrix.columns if "平江县2020年政务公开工作要点" in c)
    assert {cell[0] for cell in matrix[column]} <= {"●", "◐", "○"} and (matrix[column] != "○").sum() >= 15
    assert "平江县2020年政务公开工作要点 未落实的任务" in shown
    assert at.get("download_button"), "CSV download"


def test_agency_obligations(sample_store, monkeypatch):
    at = open_app(sample_store, monkeypatch, "page_agencies.py")
    choose(at, "agencies_q", "湖南省政务管理服务局")
    assert at.header[0].value == "湖南省政务管理服务局"
    metrics = {m.label: int(m.value) for m in at.metric}
    assert metrics["牵头"] > 5
    assert "直接承担的任务" in texts(at)
    assert any("湖南省2020年政务管理服务工作要点" in " ".join(df.value.iloc[:, 0]) for df in at.dataframe)


def test_agency_through_collective(sample_store, monkeypatch):
    at = open_app(sample_store, monkeypatch, "page_agencies.py")
    choose(at, "agencies_q", "平江县市场监督管理局")
    assert at.header[0].value == "平江县市场监督管理局"
    metrics = {m.label: int(m.value) for m in at.metric}
    assert metrics["经由集合名称"] > 10  # through 县直相关单位 and the like
    assert metrics["职责合计"] == sum(v for k, v in metrics.items() if k != "职责合计")  # every role row counts somewhere
    via = at.dataframe[-1].value
    assert "平江县直相关单位" in set(via["经由"])


def test_search(sample_store, monkeypatch):
    at = open_app(sample_store, monkeypatch, "page_search.py")
    choose(at, "search_q", "政务公开")
    frame = at.dataframe[0].value
    assert len(frame) >= 10
    assert frame.iloc[0]["得分"] >= 1
    from policykg.graph.backends import open_backend

    with open_backend(sample_store) as backend:  # the store's backend, the CLI's
        total = len(backend.search("政务公开", limit=None))
    assert any(c.value.startswith(f"{total} 条结果") for c in at.caption)  # how many matched, as the CLI says
    assert len(frame) == min(total, 50)


def test_graph_browser_expands(sample_store, monkeypatch):
    at = open_app(sample_store, monkeypatch, "page_browser.py")
    choose(at, "browser_q", "平江县2020年政务公开工作要点")
    before = len(at.dataframe[0].value)
    assert before > 0
    at.button(key="browser_expand").click().run()
    assert not at.exception
    assert len(at.session_state["browser_expanded"]) == 2
    at.multiselect(key="browser_relations").set_value(["promulgates"]).run()
    relations = set(at.dataframe[0].value["关系"])
    assert relations <= {"印发"}


def test_show_more_caps_large_lists(sample_store, monkeypatch):
    at = open_app(sample_store, monkeypatch, "page_browser.py")
    choose(at, "browser_q", "平江县2020年政务管理服务工作要点")
    # a plan has 26 tasks and more than CAP_STEP neighbours: the rest waits behind "show more"
    assert any("未显示" in c.value for c in at.caption)
    shown = len(at.dataframe[0].value)
    at.button(key="more_browser_cap_button").click().run()
    assert len(at.dataframe[0].value) > shown


def test_ingest_page_uploads_and_updates_without_restart(tmp_path, monkeypatch):
    store = tmp_path / "store"
    ingest_samples(store, [SAMPLES / "004_62fbd0d8b12ea668.txt"])
    at = open_app(store, monkeypatch)
    assert int(next(m.value for m in at.metric if m.label == "文件")) == 3
    at.switch_page("page_ingest.py").run()
    at.get("file_uploader")[0].set_value(
        [
            ("000_pingjiang.txt", (SAMPLES / "000_d10acf90206c7376.txt").read_bytes(), "text/plain"),
            ("empty.txt", b"", "text/plain"),
        ]
    ).run()
    at.button(key="ingest_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert "新增 1" in shown and "失败 1" in shown
    assert "empty.txt" in shown and "E002" in shown
    at.switch_page("page_overview.py").run()
    assert int(next(m.value for m in at.metric if m.label == "文件")) == 6
    at.switch_page("page_cascade.py").run()
    choose(at, "cascade_q", "湖南省2020年政务公开工作要点")
    assert "平江县2020年政务公开工作要点" in texts(at)


def test_store_change_shows_up_without_restart(tmp_path, monkeypatch):
    store = tmp_path / "store"
    ingest_samples(store, [SAMPLES / "002_ce661d8caeb423c6.txt"])
    at = open_app(store, monkeypatch)
    assert int(next(m.value for m in at.metric if m.label == "文件")) == 2
    ingest_samples(store, [SAMPLES / "003_4cf6f10d0d082185.txt"])  # as `policykg ingest` would, behind the app's back
    at.run()
    assert int(next(m.value for m in at.metric if m.label == "文件")) == 3


def test_empty_store_says_what_to_do(tmp_path, monkeypatch):
    at = open_app(tmp_path / "nothing", monkeypatch)
    assert "policykg ingest" in at.info[0].value


def test_notice_html_is_shown_as_text(tmp_path, monkeypatch):
    text = (SAMPLES / "002_ce661d8caeb423c6.txt").read_text(encoding="utf-8")
    marker = "二、"
    evil = text.replace(marker, "<script>alert('x')</script><img src=x onerror=alert(1)>" + marker, 1)
    assert evil != text
    path = tmp_path / "evil.txt"
    path.write_text(evil, encoding="utf-8")
    store = tmp_path / "store"
    ingest_samples(store, [path])
    at = open_app(store, monkeypatch, "page_document.py")
    choose(at, "document_q", "南政公领办发〔2016〕2号")
    body = at.get("html")[0].proto.body
    assert "&lt;script&gt;" in body and "<script" not in body and "<img" not in body


def test_graph_from_a_graph_database(sample_store, falkordb_server, monkeypatch):
    """`policykg explore --falkordb URI` (and --neo4j): the graph comes from the database, texts from the store."""
    from policykg.explorer.data import read_graph
    from policykg.graph.falkordb_store import FalkorDBStore

    with FalkorDBStore(falkordb_server.url, graph="explorer_test") as db:
        db.clear()
        G = read_graph(sample_store)
        db.push(G)
        assert db.counts() == (G.number_of_nodes(), G.number_of_edges())
    monkeypatch.setattr(sys, "argv", ["app.py", "--falkordb", falkordb_server.url])
    import policykg.explorer.cache  # noqa: F401  (so that its reference is the one replaced)

    monkeypatch.setattr("policykg.explorer.cache.open_database", lambda kind, uri: FalkorDBStore(uri, graph="explorer_test"))
    at = open_app(sample_store, monkeypatch, "page_cascade.py")
    assert not at.error, [e.value for e in at.error]
    choose(at, "cascade_q", "国办发〔2019〕54号")
    shown = texts(at)
    assert "平江县2020年政务公开工作要点" in shown and "利通区2020年政务公开工作要点" in shown
    at.switch_page("page_document.py").run()
    choose(at, "document_q", "平江县2020年政务公开工作要点")
    assert "background:#d0ebff" in at.get("html")[0].proto.body  # the text still comes from the store
    # the Overview over the pulled graph (views.GraphIndex): its counts and table are the graph's
    from policykg.explorer.views import GraphIndex

    at.switch_page("page_overview.py").run()
    assert not at.exception, [e.value for e in at.exception]
    idx = GraphIndex(G)
    real = int((~idx.documents["stub"]).sum())
    assert [m.value for m in at.metric] == [str(real), str(int(idx.documents["stub"].sum())), str(idx.n_tasks), str(len(idx.parties))]
    assert list(at.dataframe[0].value.iloc[:, 1]) == list(idx.documents.loc[~idx.documents["stub"], "title"])


def test_cascade_opens_on_the_largest_cascade(sample_store, monkeypatch):
    from policykg.explorer.views import GraphIndex, cascade_counts
    from policykg.graph import trace

    at = open_app(sample_store, monkeypatch, "page_cascade.py")
    largest = at.selectbox(key="cascade_largest")
    G = __import__("policykg.explorer.data", fromlist=["read_graph"]).read_graph(sample_store)
    top = GraphIndex(G).largest_cascades()[0][0]
    assert largest.value == top and at.session_state["doc"] == top
    assert any("默认打开级联最大的文件" in c.value for c in at.caption)
    counts = cascade_counts(trace(G, top))
    summary = next(c.value for c in at.caption if "级联中除本文件外共" in c.value)
    assert f"共 {counts['below']} 份文件" in summary
    listed = sum(int(re.search(r"（(\d+)）", e.label).group(1)) for e in at.expander)
    assert listed == counts["documents"]
    assert len(at.get("download_button")) == 3  # GraphML, SVG, PNG


def test_ingest_page_keeps_same_named_uploads_and_refuses_bad_names(tmp_path, monkeypatch):
    store = tmp_path / "store"
    ingest_samples(store, [SAMPLES / "004_62fbd0d8b12ea668.txt"])
    at = open_app(store, monkeypatch, "page_ingest.py")
    at.get("file_uploader")[0].set_value(
        [
            ("通知.txt", (SAMPLES / "002_ce661d8caeb423c6.txt").read_bytes(), "text/plain"),
            ("通知.txt", (SAMPLES / "003_4cf6f10d0d082185.txt").read_bytes(), "text/plain"),
            ("..", b"whatever", "text/plain"),
        ]
    ).run()
    at.button(key="ingest_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert "3 个上传文件中，新增 2" in shown and "失败 1" in shown
    assert "E030" in shown and "文件名不可用" in shown  # the error in the UI language
    outcomes = next(df.value for df in at.dataframe if "结果" in df.value.columns)
    assert list(outcomes["文件"]) == ["通知.txt", "通知.txt"]
    assert f"读出 {outcomes['文件数'].sum()} 份文件" in shown  # documents, counted apart from files
