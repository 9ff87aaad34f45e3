"""Small generated corpora for the store's invariant tests, and graph comparison helpers.

:func:`tiny_file` makes the records of one generated notice file (a notice and
the plan it promulgates, with tasks and agencies), in one of several
*variants*, so a test can ingest a file, change it, remove it and add it
again. The files form a cascade over real GB/T 2260 regions (a national
directive, provinces, counties): each plan restates its parent's tasks in
local words, cites the parent by number or by title (or not at all, to be
inferred), so resolution, stubs, task alignment and inferred links all take
part. Building the graph of a few of them takes milliseconds.

:func:`canonical` turns a graph into sorted rows (every node, every edge with
its key, every attribute) so two graphs compare equal only when they are.
"""

from __future__ import annotations

import hashlib
import json

from policykg.ingest.clean import CleanText
from policykg.ingest.records import Citation, Deadline, Document, Party, Source, Task

# (issuer prefix, region path, level, parent file index or None)
FILES = [
    ("国办发", "国务院办公厅", [], "national", None),
    ("湘政办发", "湖南省人民政府办公厅", ["湖南省"], "provincial", 0),
    ("粤府办", "广东省人民政府办公厅", ["广东省"], "provincial", 0),
    ("平政办发", "平江县人民政府办公室", ["湖南省", "岳阳市", "平江县"], "county", 1),
    ("南政办发", "南县人民政府办公室", ["湖南省", "益阳市", "南县"], "county", 1),
    ("吴利政办发", "利通区人民政府办公室", ["宁夏回族自治区", "吴忠市", "利通区"], "county", 0),
]
VARIANTS = 3
TASKS = [
    ("推进决策公开", "全面推进重大行政决策预公开,扩大公众参与", "2020年底前"),
    ("深化政务服务", "推进政务服务事项网上可办,网上可办率达到90%以上", "2020年11月30日前"),
    ("加强平台建设", "加强政府网站和政务新媒体建设管理,提升服务能力", None),
    ("规范依申请公开", "规范政府信息依申请公开办理,完善答复格式文本", "2021年2月底前"),
]
AGENCIES = {
    "national": ("国务院办公厅", "国务院办公厅"),
    "provincial": ("省政务局", "{region}政务管理服务局"),
    "county": ("县政务局", "{region}政务管理服务局"),
}
COLLECTIVE = {"national": "各地区各部门", "provincial": "各市州人民政府", "county": "各乡镇人民政府"}


def path_of(i: int) -> str:
    """The source path of generated file ``i``."""
    return f"/generated/corpus/notice-{i}.txt"


def _number(i: int, variant: int) -> str:
    prefix = FILES[i][0]
    # variant 2 renumbers the notice: a changed file that is a different document
    return f"{prefix}〔2020〕{10 + i + (40 if variant == 2 else 0)}号"


def _plan_title(i: int) -> str:
    region = (FILES[i][2] or ["全国"])[-1]
    return f"{region}2020年政务公开工作要点"


def tiny_file(i: int, variant: int = 0) -> tuple[str, list[Document], CleanText]:
    """The content hash, records and cleaned text of generated file ``i`` in ``variant``.

    Variant 0 cites its parent by number; variant 1 by title only, with one
    task fewer; variant 2 has another doc number and cites nothing (its link
    to the parent can only be inferred).
    """
    prefix, issuer, region, level, parent = FILES[i]
    text = f"{issuer}关于印发《{_plan_title(i)}》的通知 {_number(i, variant)} v{variant}"
    sha = hashlib.sha256(text.encode()).hexdigest()
    source = Source(path=path_of(i), sha256=sha, size=len(text))
    name = region[-1] if region else ""
    mention, canonical = AGENCIES[level]
    agency = Party(mention, canonical.format(region=name), "agency")
    collective = Party(COLLECTIVE[level], f"{name}{COLLECTIVE[level]}", "collective")
    # a directive that is never ingested: a stub, cited by several
    cites = [Citation("国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见", "国办发〔2019〕54号", True, "根据")]
    if variant == 2:
        cites = []
    if parent is not None and variant in (0, 1):
        number = _number(parent, 0) if variant == 0 else None
        cites.append(Citation(f"{FILES[parent][1]}关于印发《{_plan_title(parent)}》的通知", number, True, "贯彻落实"))
    notice_id = sha[:12]
    notice = Document(
        id=notice_id, kind="notice", title=f"{issuer}关于印发《{_plan_title(i)}》的通知",
        doc_number=_number(i, variant), issuer=issuer, level=level, region=list(region),
        signed_date="2020-03-20", source=source, cites=cites, addressees=[collective],
    )
    tasks = []
    for position, (heading, body, deadline) in enumerate(TASKS[: 4 - (variant == 1)], start=1):
        words = f"{name}{body}" if name else body
        tasks.append(
            Task(
                id=f"{notice_id}-1-t{position}", position=position, number=position,
                number_printed=f"（{'一二三四'[position - 1]}）", section="一、总体要求",
                heading=heading, text=f"（{'一二三四'[position - 1]}）{heading}。{words}。",
                lead=[agency], responsible=[collective],
                deadlines=[Deadline(deadline, None)] if deadline else [],
            )
        )
    plan = Document(
        id=f"{notice_id}-1", kind="plan", title=_plan_title(i), issuer=issuer, level=level,
        region=list(region), parent=notice_id, source=source, tasks=tasks, agencies=[agency, collective],
    )
    return sha, [notice, plan], CleanText(source=text, text=text)


def canonical(G) -> tuple:
    """Every node and every edge (with its key) of ``G`` with all attributes, as sorted JSON rows.

    The graph's ``revision`` (a fresh token each time a graph changes) is left out.
    """
    dump = lambda d: json.dumps(d, ensure_ascii=False, sort_keys=True, default=list)  # noqa: E731
    nodes = sorted((n, dump(d)) for n, d in G.nodes(data=True))
    edges = sorted((u, v, k, dump(d)) for u, v, k, d in G.edges(keys=True, data=True))
    attrs = dump({k: v for k, v in G.graph.items() if k != "revision"})
    return attrs, nodes, edges


def answers(G) -> dict:
    """What trace, upstream, coverage and agency answer for every document and agency of ``G``."""
    from policykg.graph import queries
    from policykg.errors import GraphError

    def ask(f, *args, **kw):
        try:
            return json.dumps(f(G, *args, **kw), ensure_ascii=False, sort_keys=True, default=list)
        except GraphError as err:
            return f"{type(err).__name__}"

    out = {}
    for n, d in sorted(G.nodes(data=True)):
        if d.get("type") == "Document":
            out[("trace", n)] = ask(queries.trace, n, tasks=True)
            out[("upstream", n)] = ask(queries.upstream, n)
            out[("coverage", n)] = ask(queries.coverage, n)
        elif d.get("type") == "Agency":
            out[("agency", n)] = ask(queries.agency_obligations, n)
    return out


def generate_notices(folder, count: int, *, start: int = 0) -> list:
    """Write ``count`` notice files into ``folder``, made from the sample notices.

    File ``n`` is sample ``n % 5`` with every doc number renumbered for ``n``
    (〔2020〕9号 → 〔2020〕90007号 for file 7) and 2020 moved on by one year every five
    files, so the files are distinct documents that parse like the samples, and each
    year holds one copy of the samples' cascade. Returns the paths.
    """
    import re
    from pathlib import Path

    samples = sorted((Path(__file__).resolve().parents[1] / "examples" / "notices").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in samples]
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        text = re.sub(r"〔(\d{4})〕(\d+)([号號])", lambda m: f"〔{m[1]}〕{m[2]}{n:04d}{m[3]}", texts[n % len(texts)])
        # one year per five files: each year holds one copy of the samples' cascade, as real years do
        text = text.replace("2020", str(2020 + n // len(texts)))
        path = folder / f"generated-{n:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
