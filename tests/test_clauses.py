"""Where a task's clause stands (brackets kept or lost) and where the last task of a section ends."""

from __future__ import annotations

import pytest

from policykg.ingest.clauses import end_at_clauses, find_clause
from policykg.ingest.pipeline import parse_text
from policykg.ingest.records import Source
from policykg.ingest.structure import outline_body


@pytest.mark.parametrize(
    "task, clause",
    [
        ("(一)加强领导。年底前完成。(县政务局牵头;各乡镇人民政府负责)", "县政务局牵头;各乡镇人民政府负责"),
        ("(一)加强领导。年底前完成。(县政务局牵头;各乡镇人民政府负责)。", "县政务局牵头;各乡镇人民政府负责"),
        ("(二)公示执法信息。强化社会监督。各乡镇人民政府负责落实)", "各乡镇人民政府负责落实"),
        ("(三)强化网站。加快IPv6(互联网协议第6版)改造。(区政府办公室负责落实", "区政府办公室负责落实"),
        ("(四)规范专区。提供查询服务。各乡镇人民政府、政府各部门负责落实", "各乡镇人民政府、政府各部门负责落实"),
        ("(五)加强监督。相关部门要适时开展专项督促检查。", None),
        ("(六)强化领导。各级各部门要高度重视,确保各项工作落到实处。", None),
        ("(七)编制目录。年底前完成(以下简称目录)", None),
    ],
)
def test_find_clause(task, clause):
    found = find_clause(task)
    assert (found[0] if found else None) == clause
    if found:
        assert task[found[1] : found[1] + len(found[0])] == found[0]


BODY = (
    "一、深化改革\n"
    "(一)推进建设。做好解读。(省政务局牵头)\n\n"
    "本部分各项工作要抓紧推进。\n"
    "二、强化保障\n"
    "(二)加强领导。统筹协调。(省政府办公厅牵头)\n"
    "(三)严格考核。纳入绩效。(省政务局负责)\n\n"
    "各级各有关部门要高度重视,确保各项工作落到实处。"
)


def test_the_last_task_of_a_section_ends_at_its_clause():
    blocks = end_at_clauses(BODY, outline_body(BODY, 0, len(BODY)))
    texts = [BODY[b.start : b.end] for b in blocks]
    assert texts == ["(一)推进建设。做好解读。(省政务局牵头)", "(二)加强领导。统筹协调。(省政府办公厅牵头)", "(三)严格考核。纳入绩效。(省政务局负责)"]


def test_a_task_without_any_clause_keeps_its_text():
    body = "一、要求\n(一)加强领导。统筹推进。\n\n各级要高度重视。"
    [block] = end_at_clauses(body, outline_body(body, 0, len(body)))
    assert body[block.start : block.end].endswith("各级要高度重视。")


def test_the_last_task_of_a_plan_keeps_its_clause_in_the_records():
    text = (
        "平江县人民政府办公室关于印发《平江县2020年政务公开工作要点》的通知\n平政办发〔2020〕3号\n各乡镇人民政府,县直各单位:\n"
        "现印发给你们。\n平江县人民政府办公室\n2020年4月1日\n平江县2020年政务公开工作要点\n一、总体要求\n"
        "(一)加强领导。年底前完成。(县政务局牵头;各乡镇人民政府负责)\n"
        "(二)严格考核。纳入绩效。(县财政局会同县审计局负责)\n\n"
        "各乡镇、各部门要高度重视,确保落到实处。\n"
    )
    _, plan = parse_text(text, Source(path="x.txt", sha256="1" * 64))
    last = plan.tasks[-1]
    assert last.clause is not None and last.clause.text == "县财政局会同县审计局负责"
    assert [p.canonical for p in last.lead] == ["平江县财政局"] and [p.canonical for p in last.responsible] == ["平江县审计局"]
    assert "高度重视" not in last.text and text[last.span.start : last.span.end] == last.text
