"""Task tables and clause variants read into tasks with roles and deadlines, each with its span.

The table shapes are a pipe table (a text file, or an HTML <table> as the
reader renders it), a table flattened to one cell per line (a .docx or a
page copied cell by cell); the clause variants are those of issue 9, and
the real shapes come from the development corpus (tests/data/corpus).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.ingest.clauses import clause_roles, find_clause
from policykg.ingest.pipeline import parse_text, read_notice
from policykg.ingest.records import Source
from policykg.ingest.structure import outline_body
from policykg.ingest.tables import table_tasks

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "corpus" / "notices"
SRC = Source(path="table.txt", sha256="2" * 64)
COVER = (
    "某县人民政府办公室关于印发某县2021年政务公开工作任务分解表的通知\n某政办发〔2021〕12号\n各乡镇人民政府,县直各单位:\n"
    "现将《某县2021年政务公开工作任务分解表》印发给你们,请认真贯彻执行。各单位要加强组织领导,确保各项任务按时完成。\n"
    "某县人民政府办公室\n2021年5月20日\n某县2021年政务公开工作任务分解表\n"
)


def _roles(task):
    return {r: [p.mention for p in getattr(task, r)] for r in ("lead", "responsible", "shared", "assisting") if getattr(task, r)}


def _spans_hold(source: str, doc) -> None:
    """Every party and deadline of every task points at its own text in the source."""
    for task in doc.tasks:
        for role in ("lead", "responsible", "shared", "assisting"):
            for p in getattr(task, role):
                assert source[p.span.start : p.span.end] == p.mention
        for d in task.deadlines:
            assert source[d.span.start : d.span.end] == d.text


# ---------------------------------------------------------------- clause variants (issue 9)


@pytest.mark.parametrize(
    "task, expected",
    [
        ("(一)加强领导。做好工作。(各乡镇人民政府、政府各部门负责落实)", {"responsible": ["各乡镇人民政府", "政府各部门"]}),
        ("(一)加强领导。做好工作。(省直有关部门按职责分工负责)", {"shared": ["省直有关部门"]}),
        ("(一)加强领导。做好工作。(省发展改革委、省财政厅均为责任单位)", {"responsible": ["省发展改革委", "省财政厅"]}),
        ("(一)加强领导。做好工作。(省发展改革委会同省财政厅负责)", {"lead": ["省发展改革委"], "responsible": ["省财政厅"]}),
        ("(一)加强领导。做好工作。(省发展改革委牵头,省财政厅配合)", {"lead": ["省发展改革委"], "assisting": ["省财政厅"]}),
        ("(一)加强领导。做好工作。(省财政厅牵头,省发展改革委等参加)", {"lead": ["省财政厅"], "assisting": ["省发展改革委"]}),
        ("(一)加强领导。做好工作。(牵头处室:办公室;会办处室:法规处、财务处)", {"lead": ["办公室"], "assisting": ["法规处", "财务处"]}),
        ("(一)加强领导。做好工作。(牵头单位:省财政厅;配合单位:省发展改革委)", {"lead": ["省财政厅"], "assisting": ["省发展改革委"]}),
        ("(一)加强领导。做好工作。(责任单位:区经济发展局、区直各相关单位)", {"responsible": ["区经济发展局", "区直各相关单位"]}),
        ("(一)加强领导。做好工作。(省人社厅、省财政厅按职责分工负责。列在第一位的为牵头部门,下同)", {"shared": ["省人社厅", "省财政厅"]}),
        ("(一)加强领导。做好工作。(省科技厅负责。以下均需各市县政府负责,不再列出)", {"responsible": ["省科技厅"]}),
    ],
)
def test_clause_variants(task, expected):
    clause, offset = find_clause(task)
    assert task[offset:].startswith(clause)
    roles = clause_roles(clause)
    assert {r: [m for m, _, _ in names] for r, names in roles.items() if names} == expected
    for names in roles.values():
        for mention, s, e in names:
            assert clause[s:e] == mention


def test_first_listed_leads_where_the_document_says_so():
    body = (
        "一、重点任务\n(一)稳定岗位。落实政策。(省人社厅、省财政厅按职责分工负责。列在第一位的为牵头部门,下同)\n"
        "(二)扩大就业。开发岗位。(省发展改革委、省商务厅按职责分工负责)\n"
        # 下同: later clauses may list the names alone
        "(三)稳定外贸。扩大出口。(省商务厅、省税务局、省外办)\n"
    )
    plan = parse_text(COVER.replace("任务分解表", "实施方案") + body, SRC)[-1]
    assert [_roles(t) for t in plan.tasks] == [
        {"lead": ["省人社厅"], "shared": ["省财政厅"]},
        {"lead": ["省发展改革委"], "shared": ["省商务厅"]},
        {"lead": ["省商务厅"], "responsible": ["省税务局", "省外办"]},
    ]
    # without the note, nobody leads, and a list of names alone assigns nothing
    plain = parse_text(COVER.replace("任务分解表", "实施方案") + body.replace("。列在第一位的为牵头部门,下同", ""), SRC)[-1]
    assert [_roles(t) for t in plain.tasks] == [{"shared": ["省人社厅", "省财政厅"]}, {"shared": ["省发展改革委", "省商务厅"]}, {}]


def test_parties_not_listed_again_owe_every_task_below():
    body = (
        "一、重点任务\n(一)提升创新能力。建设平台。(省科技厅负责。以下均需各市县政府负责,不再列出)\n"
        "(二)激发企业活力。培育企业。(省财政厅负责)\n"
    )
    text = COVER.replace("任务分解表", "实施方案") + body
    plan = parse_text(text, SRC)[-1]
    assert [_roles(t) for t in plan.tasks] == [
        {"responsible": ["省科技厅", "各市县政府"]},
        {"responsible": ["省财政厅", "各市县政府"]},
    ]
    _spans_hold(text, plan)


# ---------------------------------------------------------------- numbering


def test_numbering_levels_below_the_task_stay_in_its_text():
    body = (
        "一、总体要求\n(一)加强领导。做好以下工作:\n1.建立机制。\n(1)明确分工。\n①按月调度。\n(县政府办牵头)\n"
        "二、重点任务\n(二)严格考核。(县督查室负责)\n"
    )
    blocks = outline_body(body, 0, len(body))
    assert [(b.number_printed, b.section, b.heading) for b in blocks] == [("(一)", "总体要求", "加强领导"), ("(二)", "重点任务", "严格考核")]
    assert "①按月调度" in body[blocks[0].start : blocks[0].end]


def test_tasks_inside_a_collapsed_line_are_found_in_sequence():
    filler = "各地要加强组织领导,完善工作机制,抓好贯彻落实。" * 40
    body = (
        filler + "一、稳定就业岗位(一)落实援企政策。延长实施期限。(省人社厅负责)(二)提升金融服务。降低融资成本,主要包括(1)降费;(2)贴息。"
        "(省金融局负责)二、开发就业岗位(三)扩大有效投资。加快项目建设。(省发展改革委负责)"
    )
    blocks = outline_body(body, 0, len(body))
    assert [(b.number_printed, b.section, b.heading) for b in blocks] == [
        ("(一)", "稳定就业岗位", "落实援企政策"),
        ("(二)", "稳定就业岗位", "提升金融服务"),
        ("(三)", "开发就业岗位", "扩大有效投资"),
    ]
    # a body with its line breaks is read at line starts only: the same (n) inside a line is no task
    kept = "一、要求\n(一)加强领导。主要包括(二)乙。\n"
    assert [b.number_printed for b in outline_body(kept, 0, len(kept))] == ["(一)"]


def test_articles_under_chapters_are_the_tasks_of_a_measures_document():
    body = (
        "第一章 总则\n第一条 为规范管理,制定本办法。\n第二条 本办法适用于全省政府网站。\n"
        "第二章 职责分工\n第三条 省政府办公厅负责统筹,主要职责是:(一)制定规划;(二)监督考核。依照本办法第十条处理。\n"
        "第四条 各市政府办公室负责本地区网站管理。\n"
    )
    blocks = outline_body(body, 0, len(body))
    assert [(b.number_printed, b.number, b.section) for b in blocks] == [
        ("第一条", 1, "总则"), ("第二条", 2, "总则"), ("第三条", 3, "职责分工"), ("第四条", 4, "职责分工")
    ]
    # the (一) inside an article and a reference to 第十条 stay in its text
    assert "(二)监督考核。依照本办法第十条处理" in body[blocks[2].start : blocks[2].end]
    # two article numbers are no outline
    few = "第一条 为规范管理,制定本办法。\n第二条 本办法适用于全省。\n"
    assert outline_body(few, 0, len(few)) == []


def test_real_measures_documents_with_their_articles_run_together():
    # 河北 政府网站管理办法 (40 articles) and 人社 政务新媒体管理办法 (22 articles), whitespace collapsed
    for prefix, articles in (("086", 40), ("088", 22)):
        doc = read_notice(_corpus(prefix))[-1]
        assert [t.number for t in doc.tasks] == list(range(1, articles + 1))
        assert doc.tasks[0].section == "总则" and all(t.number_printed.startswith("第") for t in doc.tasks)


# ---------------------------------------------------------------- tables


PIPE = (
    "| 序号 | 工作任务 | 具体要求 | 责任单位 | 完成时限 |\n"
    "| --- | --- | --- | --- | --- |\n"
    "| 一、推进决策公开 |  |  |  |  |\n"
    "| 1 | 推进决策公开 | 完善重大行政决策预公开制度,扩大公众参与。 | 县司法局、县政府办 | 2021年6月底前 |\n"
    "| 2 | 加强政策解读 | 坚持解读方案与政策文件同步起草。 | 县政府办牵头,县直各单位配合 | 长期坚持 |\n"
)


def test_a_pipe_table_gives_one_task_a_row():
    text = COVER + PIPE
    plan = parse_text(text, SRC)[-1]
    assert plan.title == "某县2021年政务公开工作任务分解表" and plan.kind == "plan"
    assert [(t.position, t.number_printed, t.section, t.heading) for t in plan.tasks] == [
        (1, "1", "推进决策公开", "推进决策公开"),
        (2, "2", "推进决策公开", "加强政策解读"),
    ]
    assert [_roles(t) for t in plan.tasks] == [
        {"responsible": ["县司法局", "县政府办"]},
        # a cell holding a clause of its own is read as one
        {"lead": ["县政府办"], "assisting": ["县直各单位"]},
    ]
    assert [[(d.text, d.date) for d in t.deadlines] for t in plan.tasks] == [[("2021年6月底前", "2021-06-30")], [("长期坚持", None)]]
    assert [t.clause.text for t in plan.tasks] == ["县司法局、县政府办", "县政府办牵头,县直各单位配合"]
    _spans_hold(text, plan)
    assert "table_only" not in [f.code for f in plan.flags] and "cut_off" not in [f.code for d in parse_text(text, SRC) for f in d.flags]


def test_a_table_flattened_to_one_cell_per_line():
    lines = "\n".join(
        ["工作任务", "牵头单位", "配合单位", "完成时限"]
        + ["一、深化政务公开"]
        + ["完善政务公开事项标准目录", "县政务服务中心", "县直各单位", "2021年9月底前"]
        + ["规范依申请公开办理", "县司法局", "各乡镇人民政府、县直各单位", "2021年12月底前"]
        + ["各单位要认真落实上述任务,按时报送落实情况。"]
    )
    text = COVER + lines + "\n"
    plan = parse_text(text, SRC)[-1]
    assert [(t.heading, t.section, _roles(t), [d.date for d in t.deadlines]) for t in plan.tasks] == [
        ("完善政务公开事项标准目录", "深化政务公开", {"lead": ["县政务服务中心"], "assisting": ["县直各单位"]}, ["2021-09-30"]),
        ("规范依申请公开办理", "深化政务公开", {"lead": ["县司法局"], "assisting": ["各乡镇人民政府", "县直各单位"]}, ["2021-12-31"]),
    ]
    _spans_hold(text, plan)


def test_a_table_whose_cells_lost_every_separator():
    # the header words glued into one run, each row opened by its number, the parties after its last 。
    glued = (
        "附件 某县2021年政务公开工作主要任务分解表工作任务工作要求牵头单位配合/责任单位"
        "一、深化政务公开(一)做好规划公开1.主动公开规划纲要。通过政府门户网站集中展示。县发改局 县直有关单位,各乡镇人民政府"
        "2.归集整理历史规划。通过政府网站集中发布。县发改局县自然资源局县直有关单位"
        "(二)做好财政信息公开3.稳步扩大预决算公开范围。推进部门预算公开。县财政局 县直各单位\n"
    )
    text = COVER + glued
    plan_or_notice = parse_text(text, SRC)[-1]
    tasks = plan_or_notice.tasks
    assert [(t.number_printed, t.section, t.heading) for t in tasks] == [
        ("1", "做好规划公开", "主动公开规划纲要"),
        ("2", "做好规划公开", "归集整理历史规划"),
        ("3", "做好财政信息公开", "稳步扩大预决算公开范围"),
    ]
    # parties only where spaces part them into the party columns; glued names (县发改局县自然资源局…) are not guessed
    assert [_roles(t) for t in tasks] == [
        {"lead": ["县发改局"], "responsible": ["县直有关单位", "各乡镇人民政府"]},
        {},
        {"lead": ["县财政局"], "responsible": ["县直各单位"]},
    ]
    _spans_hold(text, plan_or_notice)


def test_real_glued_task_breakdown_tables():
    # 福建 2017 and 2018 主要任务分解表 (60 and 42 tasks), 平潭 2021 (1.…37., 28 not printed)
    for prefix, numbers in (("007", list(range(1, 61))), ("008", list(range(1, 43))), ("011", [n for n in range(1, 38) if n != 28])):
        doc = read_notice(_corpus(prefix))[-1]
        assert [t.number for t in doc.tasks] == numbers, prefix
        assert all(t.section for t in doc.tasks)
    pingtan = read_notice(_corpus("011"))[-1]
    led = [t for t in pingtan.tasks if t.lead]
    assert led and all(t.responsible for t in led)


def test_lines_after_header_words_that_are_no_rows_end_the_table():
    text = "工作任务\n责任单位\n为贯彻落实省委部署,现就进一步加强政务公开工作提出如下意见。\n各地要高度重视。\n"
    assert table_tasks(text, 0, len(text)) == []


def test_an_html_table_in_a_crawled_page():
    path = DATA / "tables" / "county_task_table.html"
    docs = read_notice(path)
    tasks = [t for d in docs for t in d.tasks]
    assert [(t.number_printed, t.section, t.heading, _roles(t), [d.date for d in t.deadlines]) for t in tasks] == [
        ("1", "以政务公开助力落实“六稳”“六保”", "加强政策解读", {"lead": ["县政府办公室"], "assisting": ["县直各单位"]}, ["2021-06-30"]),
        ("2", "以政务公开助力落实“六稳”“六保”", "做好财政信息公开", {"lead": ["县财政局"], "assisting": ["各乡镇人民政府"]}, ["2021-12-31"]),
        ("3", "深化基层政务公开标准化规范化", "完善政务公开事项标准目录", {"lead": ["县政务服务中心"], "assisting": ["县司法局", "县直各单位"]}, [None]),
    ]
    canonical = {p.canonical for t in tasks for p in t.lead}
    assert "平江县财政局" in canonical


def test_a_task_above_a_table_ends_where_the_rows_begin():
    text = COVER.replace("任务分解表", "实施方案") + "一、总体要求\n(一)加强领导。各单位负责。\n" + PIPE
    plan = parse_text(text, SRC)[-1]
    assert [t.heading for t in plan.tasks] == ["加强领导", "推进决策公开", "加强政策解读"]
    assert "|" not in plan.tasks[0].heading and "县司法局" not in plan.tasks[0].text


# ---------------------------------------------------------------- real shapes (development corpus)


def _corpus(prefix: str) -> Path:
    return next(CORPUS.glob(prefix + "_*"))


def test_real_labelled_clauses_in_brackets():
    # 平潭 任务分工实施方案: (责任单位:区经济发展局、人民银行平潭支行、区直各相关单位)
    doc = read_notice(_corpus("131"))[0]
    responsible = [t for t in doc.tasks if t.responsible]
    assert len(responsible) >= len(doc.tasks) * 0.9 and len(doc.tasks) >= 20
    assert any("区经济发展局" in [p.mention for p in t.responsible] for t in doc.tasks)


def test_real_collapsed_plan_with_the_first_listed_leading():
    # 河北 稳就业 实施意见: whitespace collapsed, (一)…(三十) inside long lines, 列在第一位的为牵头部门,下同
    path = _corpus("040")
    doc = read_notice(path)[-1]
    assert [t.number for t in doc.tasks] == list(range(1, 31))
    assert len({t.section for t in doc.tasks}) >= 5
    first = doc.tasks[0]
    assert [p.mention for p in first.lead] == ["省人力资源社会保障厅"] and "省财政厅" in [p.mention for p in first.shared]
    # the clauses after the note list names alone: their first name leads
    assert [p.mention for p in doc.tasks[1].lead] == ["省地方金融监管局"]
    assert sum(1 for t in doc.tasks if t.lead) >= 20
    from policykg.ingest.read import read_source

    _spans_hold(read_source(path).text, doc)


def test_real_parties_not_listed_again():
    # 河北 高新区 实施意见: 以下均需各市县政府、雄安新区管委会负责,不再列出
    doc = read_notice(_corpus("119"))[-1]
    at = next(i for i, t in enumerate(doc.tasks) if "不再列出" in t.text)
    later = doc.tasks[at:]
    assert len(later) >= 5
    assert all({"各市县政府", "雄安新区管委会"} <= {p.mention for p in t.responsible} for t in later)
    assert not any("雄安新区管委会" in [p.mention for p in t.responsible] for t in doc.tasks[:at])
