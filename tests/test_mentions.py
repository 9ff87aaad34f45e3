"""Agency mentions outside clauses, read by the pipeline: every zone, with canonical names and spans."""

from __future__ import annotations

from policykg.ingest.pipeline import parse_text
from policykg.ingest.records import Source, document_from_json, to_json

TEXT = (
    "索引号: 43060000/2020-1 发布机构: 县人民政府办公室\n"
    "平江县人民政府办公室关于印发《平江县2020年政务公开工作要点》的通知\n"
    "平政办发〔2020〕5号\n"
    "各乡镇人民政府,县直各单位:\n"
    "《平江县2020年政务公开工作要点》已经县人民政府同意,现印发给你们。\n"
    "平江县人民政府办公室\n"
    "2020年6月3日\n"
    "平江县2020年政务公开工作要点\n"
    "一、总体要求\n"
    "(一)加强领导。按照省政府办公厅统一部署,按财政部要求做好公开。(县政务局牵头;县直相关单位负责)\n"
    "(二)严格考核。纳入绩效考核。(县委宣传部负责)\n"
    "抄送:县委各部门,县人武部。\n\n县人大常委会办公室,县人民法院。\n\n平江县人民政府办公室\n\n2020年6月3日印发\n"
)


def _read():
    return parse_text(TEXT, Source(path="x.txt", sha256="2" * 64))


def test_every_zone_is_read_with_canonical_names():
    notice, plan = _read()
    got = {(m.zone, m.mention, m.canonical, m.kind) for m in notice.agency_mentions}
    assert {
        ("header", "县人民政府办公室", "平江县人民政府办公室", "office"),
        ("issuer", "平江县人民政府办公室", "平江县人民政府办公室", "office"),
        ("signature", "平江县人民政府办公室", "平江县人民政府办公室", "office"),
        ("addressee", "各乡镇人民政府", "平江县各乡镇人民政府", "collective"),
        ("text", "县人民政府", "平江县人民政府", "government"),
        ("cc", "县人武部", "平江县人武部", "department"),
        ("cc", "县人民法院", "平江县人民法院", "department"),
    } <= got
    # the printing office under the 抄送 lines is not copied to
    assert not [m for m in notice.agency_mentions if m.zone == "cc" and m.mention == "平江县人民政府办公室"]
    text = [(m.mention, m.canonical) for m in plan.agency_mentions if m.zone == "text"]
    assert text == [("省政府办公厅", "湖南省人民政府办公厅"), ("财政部", "财政部")]


def test_names_in_clauses_are_not_mentions():
    _, plan = _read()
    mentioned = {m.mention for m in plan.agency_mentions}
    assert not mentioned & {"县政务局", "县直相关单位", "县委宣传部"}
    assert [p.mention for p in plan.tasks[1].responsible] == ["县委宣传部"]


def test_every_mention_keeps_its_source_span():
    for doc in _read():
        assert doc.agency_mentions or doc.kind == "plan"
        for m in doc.agency_mentions:
            assert TEXT[m.span.start : m.span.end] == m.mention == m.span.text


def test_mentions_survive_the_json_round_trip():
    for doc in _read():
        assert document_from_json(to_json(doc)) == doc
        assert all({"mention", "canonical", "kind", "zone", "span"} <= set(m) for m in to_json(doc)["agency_mentions"])
