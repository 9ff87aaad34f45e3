"""A crawler's export read as a corpus: one document per row, the row's fields as evidence."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from policykg.cli import app
from policykg.errors import NoContentColumn
from policykg.ingest.pipeline import read_export_documents
from policykg.ingest.tabular import parse_columns, read_export, recognise_columns

BODY = (
    "各市(含定州、辛集市)教育局,雄安新区公共服务局:\n为贯彻落实《国务院办公厅关于某事的意见》(国办发〔2019〕54号),"
    "现将有关事项通知如下。\n一、加强组织领导\n各地要建立工作机制,明确责任部门,抓好落实。\n河北省教育厅\n2023年11月16日"
)


@pytest.mark.parametrize(
    "header, expected",
    [
        (["标题", "时间", "内容", "来源网站", "访问地址"], {"title": "标题", "date": "时间", "content": "内容", "site": "来源网站", "url": "访问地址"}),
        (["序号", "标题", "发文日期", "效力状态", "内容"], {"title": "标题", "date": "发文日期", "content": "内容"}),
        (["title", "content", "date", "url"], {"title": "title", "content": "content", "date": "date", "url": "url"}),
        (["名称", "正文", "文号"], {"title": "名称", "content": "正文", "doc_number": "文号"}),
        (["标题", "时间", "发布日期", "内容"], {"title": "标题", "date": "发布日期", "content": "内容"}),
    ],
)
def test_recognise_columns(header, expected):
    assert recognise_columns(header) == expected


def test_columns_override_and_bad_spec():
    assert recognise_columns(["a", "b"], parse_columns("content=b,title=a")) == {"title": "a", "content": "b"}
    with pytest.raises(ValueError, match="FIELD=COLUMN"):
        parse_columns("body")
    with pytest.raises(ValueError, match="FIELD=COLUMN"):
        parse_columns("colour=red")


def _write_csv(path, rows, header=("标题", "时间", "内容", "访问地址")):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def test_row_title_fills_a_title_missing_from_the_text(tmp_path):
    path = tmp_path / "export.csv"
    _write_csv(path, [("关于做好某项工作的通知", "2023年11月29日", BODY, "http://example.org/1")])
    export, documents, failures = read_export_documents(path)
    assert not failures
    doc = documents[0]
    assert doc.title == "关于做好某项工作的通知"
    assert "title_from_export" in [f.code for f in doc.flags]
    assert doc.confidence["title"] < 1
    assert (doc.source.path, doc.source.row, doc.source.format) == (str(path), 1, "csv")
    assert doc.published_date == "2023-11-29" and doc.signed_date == "2023-11-16"
    assert doc.issuer == "河北省教育厅"
    assert [c.doc_number for c in doc.cites] == ["国办发〔2019〕54号"]
    # spans index into the row's text
    assert all(BODY[c.span.start : c.span.end] for c in doc.cites)


def test_rows_without_text_are_reported_and_the_rest_go_on(tmp_path):
    path = tmp_path / "export.csv"
    _write_csv(path, [("空的", "2023-01-01", "", ""), ("只有标题", "2023-01-02", "\n\n某某政策解读\n", ""), ("关于某事的通知", "2023-01-03", BODY, "")])
    export, documents, failures = read_export_documents(path)
    assert [d.source.row for d in documents] == [3]
    assert [(e.code, e.fields["row"]) for e in failures] == [("E013", 1), ("E013", 2)]
    assert all(str(path) in str(e) for e in failures)


def test_two_rows_two_distinct_documents(tmp_path):
    path = tmp_path / "export.csv"
    _write_csv(path, [("关于甲事的通知", "2023-01-03", BODY, ""), ("关于乙事的通知", "2023-01-04", BODY.replace("加强", "强化"), "")])
    _, documents, _ = read_export_documents(path)
    assert len({d.id for d in documents}) == 2


def test_jsonl_with_columns_override(tmp_path):
    path = tmp_path / "export.jsonl"
    lines = [{"name": "关于某事的通知", "txt": BODY, "when": "2023-11-29"}, {"name": "空", "txt": ""}]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    with pytest.raises(NoContentColumn, match="--columns"):
        read_export(path)
    _, documents, failures = read_export_documents(path, parse_columns("title=name,content=txt,date=when"))
    assert [d.title for d in documents] == ["关于某事的通知"] and len(failures) == 1


def test_cli_ingests_an_export(tmp_path):
    path = tmp_path / "export.csv"
    _write_csv(path, [("关于某事的通知", "2023-11-29", BODY, ""), ("空", "2023-11-29", "", "")])
    store = str(tmp_path / "store")
    result = CliRunner().invoke(app, ["ingest", str(path), "--store", store, "-q"])
    assert result.exit_code == 1 and "row 2" in result.output
    dumped = CliRunner().invoke(app, ["dump", "--format", "jsonl", "--store", store])
    records = [json.loads(line) for line in dumped.output.splitlines() if line.strip()]
    assert [(r["title"], r["source"]["row"]) for r in records] == [("关于某事的通知", 1)]


def test_a_row_with_only_a_title_gives_a_flagged_record(tmp_path):
    path = tmp_path / "export.csv"
    _write_csv(path, [("关于某项大赛获奖名单的通知", "2024年08月31日", "\n文件下载:某项大赛获奖名单的通知\n附件:某项大赛获奖名单\n", "")])
    _, documents, failures = read_export_documents(path)
    assert not failures
    assert documents[0].title == "关于某项大赛获奖名单的通知"
    assert "no_body" in [f.code for f in documents[0].flags]


@pytest.mark.parametrize(
    "exported, kept_from_text",
    [
        ("《河北省某某办法》政策解读", False),  # the text's first title line is the document the 解读 explains
        ("关于做好某项工作的通知", True),  # the same document: the text's own line is kept
    ],
)
def test_the_export_title_wins_when_the_text_names_another_document(tmp_path, exported, kept_from_text):
    body = "河北省教育厅关于做好某项工作的通知\n各市教育局:\n" + BODY.split("\n", 1)[1]
    if not kept_from_text:
        body = "河北省教育厅关于印发《河北省某某办法》的通知\n" + BODY
    path = tmp_path / "export.csv"
    _write_csv(path, [(exported, "2023-01-03", body, "")])
    doc = read_export_documents(path)[1][0]
    assert ("title_from_export" not in [f.code for f in doc.flags]) == kept_from_text
    assert doc.title == ("河北省教育厅关于做好某项工作的通知" if kept_from_text else exported)
