"""The explorer's pictures and the numbers beside them, without a browser.

The same Altair charts the pages show are rendered here to SVG with
vl-convert (no browser), so what a reader sees (legends, month names) is
checked, not only the chart specification.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

pytest.importorskip("streamlit")

from policykg.explorer import charts, strings, views  # noqa: E402
from policykg.graph import agency_obligations, trace  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "examples" / "notices"
CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def G(tmp_path_factory):
    from policykg.explorer.data import read_graph
    from policykg.ingest.batch import ingest_paths
    from policykg.ingest.store import RecordStore

    root = tmp_path_factory.mktemp("pictures") / "store"
    assert ingest_paths(sorted(SAMPLES.glob("*.txt")), RecordStore(root)).ok
    return read_graph(root)


def _implementing(G, node) -> int:
    return views.cascade_counts(trace(G, node))["implementing"]


def test_largest_cascade_is_the_largest_of_all(G):
    ranked = views.largest_cascades(G)
    docs = [n for n, d in G.nodes(data=True) if d.get("type") == "Document"]
    sizes = {n: _implementing(G, n) for n in docs}
    top, size = ranked[0]
    assert size == max(sizes.values()) == sizes[top] > 0
    assert G.nodes[top]["doc_number"] == "国办发〔2019〕54号"


def test_cascade_counts_agree_with_the_lists(G):
    for node in ("doc:国办发〔2019〕54号", "doc:湘政办发〔2020〕9号"):
        answer = trace(G, node)
        counts = views.cascade_counts(answer)
        listed = sum(len(entries) for _, entries in views.cascade_levels(answer))
        assert listed == counts["documents"] == counts["below"] + 1
        assert counts["implementing"] + counts["notices"] == counts["below"]


def _synthetic_cascade(n_counties: int) -> dict:
    """A national directive, two provinces and ``n_counties`` county plans (answers are plain data)."""
    docs = {"r": {"id": "r", "title": "国务院办公厅关于某事的指导意见", "doc_number": "国办发〔2019〕1号", "kind": "opinion", "level": "national", "region": [], "stub": False}}
    edges = []
    for p, province in enumerate(("湖南省", "广东省")):
        pid = f"p{p}"
        docs[pid] = {"id": pid, "title": f"{province}实施方案", "doc_number": None, "kind": "plan", "level": "provincial", "region": [province], "stub": False}
        edges.append({"source": pid, "target": "r", "relation": "implements", "inferred": False, "confidence": None, "evidence": ""})
    for c in range(n_counties):
        cid, province = f"c{c}", ("湖南省", "广东省")[c % 2]
        docs[cid] = {"id": cid, "title": f"第{c}县实施方案", "doc_number": None, "kind": "plan", "level": "county", "region": [province, f"第{c}县"], "stub": False}
        edges.append({"source": cid, "target": f"p{c % 2}", "relation": "implements", "inferred": bool(c % 3), "confidence": 0.4, "evidence": {}})
    return {"root": "r", "documents": docs, "edges": edges}


def test_fifty_documents_are_drawn_one_box_each_without_overlap():
    answer = _synthetic_cascade(47)
    nodes, edges, clustered = views.cascade_layout(answer)
    assert len(answer["documents"]) == 50 and not clustered and len(nodes) == 50
    for _, row in nodes.groupby("y"):
        xs = sorted(row["x"])
        assert len(row) <= views.PER_ROW
        assert all(b - a >= 1 / views.PER_ROW - 1e-9 for a, b in zip(xs, xs[1:]))
    assert len(edges) == len(answer["edges"])


def test_beyond_fifty_documents_are_clustered_by_level_and_province():
    answer = _synthetic_cascade(200)
    nodes, edges, clustered = views.cascade_layout(answer)
    assert clustered
    assert int(nodes["count"].sum()) == len(answer["documents"])
    assert len(nodes) == 1 + 2 + 2  # the root, then one box per level and province
    assert set(edges["inferred"]) == {True, False}


def _svg_text(svg: str) -> str:
    return " ".join(re.findall(r">([^<>]+)</text>", svg))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cascade_picture_has_levels_top_down_and_a_legend(G, lang):
    answer = trace(G, "doc:国办发〔2019〕54号")
    nodes, edges, _ = views.cascade_layout(answer)
    svg = charts.to_svg(charts.cascade_chart(nodes, edges, lang, select=False))
    text = _svg_text(svg)
    for key in ("cascade.link_explicit", "cascade.link_inferred", "cascade.legend_levels"):
        assert strings.t(key, lang) in text
    for level in ("national", "provincial", "county"):
        assert strings.level_name(level, lang) in text
    if lang == "en":
        data = "".join(str(v) for v in nodes["label"])
        assert not [w for w in CJK.findall(text) if w not in data], "Chinese outside the document labels"
    png = charts.to_png(charts.cascade_chart(nodes, edges, lang, select=False), scale=1)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("lang, months", [("zh", r"20\d\d年\d{1,2}月"), ("en", r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20\d\d")])
def test_deadline_axis_has_years_and_months_in_the_language(G, lang, months):
    frame = views.obligation_frame(agency_obligations(G, "平江县市场监督管理局"))
    dated = frame.dropna(subset=["date"])
    assert not dated.empty
    text = _svg_text(charts.to_svg(charts.deadline_chart(dated, lang)))
    assert re.search(months, text), text[:400]
    if lang == "zh":
        assert not re.search(r"\b(January|February|March|April|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", text)


@pytest.mark.parametrize("name", ["平江县市场监督管理局", "湖南省政务管理服务局", "县市场监管局"])
def test_agency_metrics_add_up(G, name):
    answer = agency_obligations(G, name)
    counts = views.obligation_counts(answer)
    assert counts["total"] == len(answer["obligations"]) == sum(v for k, v in counts.items() if k != "total")
    for role in ("shared", "assisting"):
        direct = sum(1 for o in answer["obligations"] if o["role"] == role and not o["via"])
        assert counts[role] == direct


def test_obligations_csv_in_the_language(G):
    frame = views.obligation_frame(agency_obligations(G, "平江县市场监督管理局"))
    for lang in ("zh", "en"):
        table = pd.read_csv(io.StringIO(views.obligations_csv(frame, lang)))
        assert list(table.columns)[0] == strings.t("col.document", lang) and len(table) == len(frame)
        roles = {strings.role_name(r, lang) for r in frame["role"]}
        assert set(table[strings.t("col.role", lang)]) == roles


def test_documents_per_level_and_year_count_every_dated_document(G):
    idx = views.GraphIndex(G)
    counts = views.documents_by_level_and_year(idx.documents)
    real = idx.documents[~idx.documents["stub"]].dropna(subset=["year"])
    assert counts["count"].sum() == len(real) and counts["year"].between(1990, 2100).all()
    svg = charts.to_svg(charts.level_year_chart(counts, "en"))
    assert "county" in _svg_text(svg)


def test_diffusion_lag_is_the_difference_of_the_dates(G):
    lags, undated = views.diffusion_lags(G)
    assert not lags.empty and undated > 0  # 国办发〔2019〕54号 is only cited: no date
    for row in lags.itertuples():
        a = pd.Timestamp(G.nodes[row.target].get("signed_date") or G.nodes[row.target]["published_date"])
        b = pd.Timestamp(G.nodes[row.source].get("signed_date") or G.nodes[row.source]["published_date"])
        assert row.days == (b - a).days and row.level == G.nodes[row.source]["level"]
    assert "county" in _svg_text(charts.to_svg(charts.lag_chart(lags, "en")))


def test_cascade_graphml_holds_the_listed_documents(G):
    from policykg.graph.export import graphml_ready

    answer = trace(G, "doc:国办发〔2019〕54号")
    buffer = io.BytesIO()
    nx.write_graphml(graphml_ready(views.cascade_graph(G, answer)), buffer, encoding="utf-8")
    H = nx.read_graphml(io.BytesIO(buffer.getvalue()))
    assert set(H.nodes) == set(answer["documents"])
    assert H.number_of_edges() == len(answer["edges"])


def test_every_ingest_error_has_a_chinese_message():
    from policykg import errors

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    codes = {c.code for c in subclasses(errors.IngestError)}
    assert codes and codes <= set(strings.ERRORS_ZH), sorted(codes - set(strings.ERRORS_ZH))


def test_english_strings_hold_no_chinese_but_example_inputs():
    chinese = [k for k, (_, en) in strings.STRINGS.items() if CJK.search(en) and not k.endswith(".placeholder")]
    assert not chinese, chinese
