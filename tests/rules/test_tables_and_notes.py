"""The table header rule and the notes on clauses: (text, expected) cases."""

from __future__ import annotations

import pytest

from policykg.rules.roles import clause_note, first_is_lead, role_of, standing_note
from policykg.rules.tables import column_kind, header_kinds


@pytest.mark.parametrize(
    "cell, kind",
    [
        ("工作任务", "task"),
        ("重点任务", "task"),
        ("任务内容", "task"),
        ("工　作　任　务", "task"),
        ("具体要求", "requirement"),
        ("工作措施", "requirement"),
        ("责任单位", "responsible"),
        ("责 任 单 位", "responsible"),
        ("责任部门", "responsible"),
        ("牵头单位", "lead"),
        ("牵头责任单位", "lead"),
        ("配合单位", "assisting"),
        ("会办处室", "assisting"),
        ("完成时限", "deadline"),
        ("时间节点", "deadline"),
        ("序号", "number"),
        ("备注", None),
        ("县财政局", None),
        ("推进政务公开标准化规范化建设", None),
    ],
)
def test_column_kind(cell, kind):
    assert column_kind(cell) == kind


@pytest.mark.parametrize(
    "cells, kinds",
    [
        (["工作任务", "具体要求", "责任单位", "完成时限"], ("task", "requirement", "responsible", "deadline")),
        (["序号", "重点任务", "牵头单位", "配合单位"], ("number", "task", "lead", "assisting")),
        (["工作任务", "责任单位", "备注"], ("task", "responsible", None)),
        # a header must name a task and who or by when
        (["序号", "工作任务", "具体要求"], None),
        (["责任单位", "完成时限"], None),
        (["姓名", "单位", "职务", "电话"], None),
        (["工作任务", "说明", "备注", "附件"], None),
    ],
)
def test_header_kinds(cells, kinds):
    assert header_kinds(cells) == kinds


@pytest.mark.parametrize(
    "clause, core",
    [
        ("省人社厅、省财政厅按职责分工负责。列在第一位的为牵头部门,下同", "省人社厅、省财政厅按职责分工负责"),
        ("省人社厅、省财政厅负责;列在第一位的为牵头单位", "省人社厅、省财政厅负责"),
        ("省科技厅,各市、县政府按职责分工负责。以下均需各市县政府、雄安新区管委会负责,不再列出", "省科技厅,各市、县政府按职责分工负责"),
        ("省发展改革委牵头,省财政厅配合,下同", "省发展改革委牵头,省财政厅配合"),
        ("省科技厅负责", None),
    ],
)
def test_clause_note(clause, core):
    note = clause_note(clause)
    assert (clause[: note.start()] if note else None) == core


@pytest.mark.parametrize(
    "text, expected",
    [
        ("(省人社厅、省财政厅负责。列在第一位的为牵头部门,下同)", True),
        ("注:列在第一位的为牵头单位。", True),
        ("排在首位的为牵头单位", True),
        ("省人社厅负责", False),
        ("列在第一位的单位", False),
    ],
)
def test_first_is_lead(text, expected):
    assert first_is_lead(text) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("以下均需各市县政府、雄安新区管委会负责,不再列出", ("各市县政府、雄安新区管委会", "responsible")),
        ("以下各项均需各市州人民政府落实,不再列出", ("各市州人民政府", "responsible")),
        ("以下均需各县市区配合,不再一一列出", ("各县市区", "assisting")),
        ("以下不再赘述", None),
    ],
)
def test_standing_note(text, expected):
    found = standing_note(text)
    assert (found[:2] if found else None) == expected
    if found:
        assert text[found[2] :].startswith(found[0])


@pytest.mark.parametrize(
    "word, role",
    [("牵头处室", "lead"), ("会办处室", "assisting"), ("责任处室", "responsible"), ("参加", "assisting")],
)
def test_office_labels_and_role_words(word, role):
    assert role_of(word) == role
