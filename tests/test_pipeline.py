"""One notice's text to records: the choices the pipeline makes between its parts."""

from __future__ import annotations

from policykg.ingest.pipeline import parse_text
from policykg.ingest.records import Source

SOURCE = Source(path="notice.txt", sha256="0" * 64)
NOTICE = (
    "某县人民政府办公室关于贯彻落实国办发〔2019〕54号文件精神的通知\n"
    "某政办发〔2020〕3号\n"
    "各乡镇人民政府,县直各单位:\n"
    "现将有关事项通知如下。\n"
    "一、总体要求\n"
    "(一)加强领导。2020年底前完成。(县政务局牵头;各乡镇人民政府负责)\n"
    "(二)严格考核。(县政府办牵头)\n"
    "二、保障措施\n"
    "(一)强化督查。(县政府办负责)\n"
    "某县人民政府办公室\n"
    "2020年4月1日\n"
)


def test_a_number_cited_in_the_title_is_a_citation_not_the_notices_own():
    [notice] = parse_text(NOTICE, SOURCE)
    assert notice.doc_number == "某政办发〔2020〕3号"
    [cite] = notice.cites
    assert (cite.doc_number, cite.implements) == ("国办发〔2019〕54号", True)
    assert NOTICE[cite.span.start : cite.span.end] in NOTICE.splitlines()[0]


def test_a_notice_without_its_own_number_has_none():
    [notice] = parse_text(NOTICE.replace("某政办发〔2020〕3号\n", ""), SOURCE)
    assert notice.doc_number is None


def test_numbering_that_restarts_per_section_is_not_flagged():
    [notice] = parse_text(NOTICE, SOURCE)
    assert notice.numbering == "per_section"
    assert [(t.position, t.number) for t in notice.tasks] == [(1, 1), (2, 2), (3, 1)]
    assert not [f for f in notice.flags if f.code == "misnumbered"]


def test_a_wrong_printed_number_is_kept_and_flagged():
    text = NOTICE.replace("二、保障措施\n(一)强化督查", "(二)强化督查")
    [notice] = parse_text(text, SOURCE)
    assert [(t.position, t.number_printed) for t in notice.tasks] == [(1, "(一)"), (2, "(二)"), (3, "(二)")]
    [flag] = [f for f in notice.flags if f.code == "misnumbered"]
    assert "position 3" in flag.message


def test_roles_deadlines_and_spans_point_into_the_source():
    [notice] = parse_text(NOTICE, SOURCE)
    first = notice.tasks[0]
    assert [(p.mention, p.kind) for p in first.lead] == [("县政务局", "agency")]
    assert first.lead[0].canonical.endswith("政务管理服务局")
    assert [p.kind for p in first.responsible] == ["collective"]
    [deadline] = first.deadlines
    assert (deadline.text, deadline.date) == ("2020年底前", "2020-12-31")
    assert NOTICE[deadline.span.start : deadline.span.end] == "2020年底前"
    assert NOTICE[first.clause.start : first.clause.end] == "县政务局牵头;各乡镇人民政府负责"


def test_tasks_numbered_1_2_under_sections_when_there_are_no_parenthesised_items():
    text = (
        "某市人民政府办公室关于印发《某市2021年政务公开工作要点》的通知\n"
        "某政办发〔2021〕7号\n"
        "各区县人民政府,市直各单位:\n"
        "《某市2021年政务公开工作要点》已经市人民政府同意,现印发给你们。\n"
        "某市人民政府办公室\n"
        "2021年3月1日\n"
        "某市2021年政务公开工作要点\n"
        "一、深化重点领域公开\n"
        "1.加强财政信息公开。2021年6月底前完成预决算公开。(市财政局牵头;各区县人民政府负责)\n"
        "2.推进重大项目信息公开。(市发展改革委负责)\n"
        "二、强化保障\n"
        "1.加强组织领导。(市政府办公室负责)\n"
    )
    notice, plan = parse_text(text, SOURCE)
    assert [(t.position, t.number, t.section, t.heading) for t in plan.tasks] == [
        (1, 1, "深化重点领域公开", "加强财政信息公开"),
        (2, 2, "深化重点领域公开", "推进重大项目信息公开"),
        (3, 1, "强化保障", "加强组织领导"),
    ]
    assert plan.numbering == "per_section"
    assert [p.mention for p in plan.tasks[0].lead] == ["市财政局"]
    assert plan.tasks[0].deadlines[0].date == "2021-06-30"


def test_numbered_sub_items_inside_a_parenthesised_task_are_not_tasks():
    text = NOTICE.replace("(一)加强领导。2020年底前完成。", "(一)加强领导。\n1.建立机制。\n2.2020年底前完成。")
    [notice] = parse_text(text, SOURCE)
    assert [t.heading for t in notice.tasks] == ["加强领导", "严格考核", "强化督查"]


def test_parties_on_labelled_lines():
    text = NOTICE.replace(
        "(一)加强领导。2020年底前完成。(县政务局牵头;各乡镇人民政府负责)\n",
        "(一)加强领导。建立工作机制。\n牵头单位:县政务局\n责任单位:县直各单位、各乡镇人民政府\n配合单位:县财政局\n完成时限:2020年底前\n",
    )
    [notice] = parse_text(text, SOURCE)
    first = notice.tasks[0]
    assert [p.mention for p in first.lead] == ["县政务局"]
    assert [p.mention for p in first.responsible] == ["县直各单位", "各乡镇人民政府"]
    assert [p.mention for p in first.assisting] == ["县财政局"]
    assert text[first.lead[0].span.start : first.lead[0].span.end] == "县政务局"
    assert first.deadlines[0].date == "2020-12-31"


def test_plan_title_without_book_marks_and_broken_over_two_lines():
    text = (
        "某县人民政府办公室关于印发某县2020年优化营商环境工作实施方案的通知\n"
        "某政办发〔2020〕8号\n"
        "各乡镇人民政府,县直各单位:\n"
        "现将某县2020年优化营商环境工作实施方案印发给你们,请认真贯彻执行。\n"
        "某县人民政府办公室\n"
        "2020年5月6日\n"
        "某县2020年优化营商环境\n"
        "工作实施方案\n"
        "一、主要任务\n"
        "(一)压缩企业开办时间。2020年9月底前实现企业开办1个工作日内办结。(县市场监管局牵头)\n"
        "抄送:县委办公室。\n"
    )
    notice, plan = parse_text(text, SOURCE)
    assert plan.title == "某县2020年优化营商环境工作实施方案" and plan.parent == notice.id
    assert [t.heading for t in plan.tasks] == ["压缩企业开办时间"]
    assert "抄送" not in plan.tasks[-1].text
    assert plan.tasks[0].deadlines[0].date == "2020-09-30"
