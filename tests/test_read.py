"""Tests of policykg.ingest.read: formats, encoding detection and typed errors."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest

from policykg.ingest import read as read_module
from policykg.errors import (
    BinaryFile,
    EmptyFile,
    IngestError,
    TruncatedFile,
    UndecodableFile,
    UnreadableFile,
    UnsupportedFormat,
)
from policykg.ingest.read import RawText, decode_text, read_source

SAMPLES = Path(__file__).resolve().parents[1] / "examples" / "notices"
SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))

TITLE = "湖南省人民政府办公厅关于印发《湖南省2020年政务公开工作要点》的通知"
BODY = "各市州、县市区人民政府,省政府各厅委、各直属机构:\n《湖南省2020年政务公开工作要点》已经省人民政府同意,现印发给你们,请结合实际认真贯彻落实。"
TRADITIONAL = "平江縣人民政府辦公室關于印發《平江縣2020年政務公開工作要點》的通知\n各鄉鎮人民政府,縣直各單位:\n請認真貫徹落實。"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- the sample corpus ------------------------------------------------------


def test_samples_are_found():
    assert len(SAMPLE_FILES) == 5


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name[:3])
def test_sample_notices_read_as_utf8(path: Path):
    data = path.read_bytes()
    raw = read_source(path)
    assert isinstance(raw, RawText)
    assert raw.text == data.decode("utf-8")
    assert raw.source.encoding == "utf-8"
    assert raw.source.format == "text"
    assert raw.source.size == len(data)
    assert raw.source.sha256 == hashlib.sha256(data).hexdigest()
    assert raw.source.path == str(path)


def test_raw_text_is_frozen():
    raw = read_source(SAMPLE_FILES[0])
    with pytest.raises(dataclasses.FrozenInstanceError):
        raw.text = ""  # type: ignore[misc]


def test_path_may_be_a_string():
    raw = read_source(str(SAMPLE_FILES[2]))
    assert "南政公领办发〔2016〕2号" in raw.text


# --- encodings --------------------------------------------------------------


def test_gbk_file_is_detected(tmp_path):
    text = f"{TITLE}\n{BODY}\n"
    raw = read_source(write(tmp_path, "gbk.txt", text.encode("gbk")))
    assert raw.text == text
    assert raw.source.encoding == "gb18030"


def test_gbk_sample_is_detected(tmp_path):
    # Seed 004 re-encoded as GBK (its NBSPs and bullets have no GBK form).
    text = SAMPLE_FILES[4].read_text(encoding="utf-8").replace("\xa0", " ").replace("•", "·")
    raw = read_source(write(tmp_path, "notice.txt", text.encode("gbk")))
    assert raw.text == text
    assert raw.source.encoding == "gb18030"


def test_big5_file_is_detected(tmp_path):
    raw = read_source(write(tmp_path, "big5.txt", TRADITIONAL.encode("big5")))
    assert raw.text == TRADITIONAL
    assert raw.source.encoding in ("big5", "cp950")


def test_big5_sample_is_detected(tmp_path):
    # Seed 000 is in traditional characters; keep the lines Big5 can encode.
    lines = []
    for line in SAMPLE_FILES[0].read_text(encoding="utf-8").split("\n"):
        try:
            line.encode("big5")
        except UnicodeEncodeError:
            continue
        lines.append(line)
    text = "\n".join(lines)
    raw = read_source(write(tmp_path, "notice.txt", text.encode("big5")))
    assert raw.text == text
    assert raw.source.encoding in ("big5", "cp950")


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("通知", "gbk"),  # CD A8 D6 AA is also valid UTF-8
        ("平江县人民政府", "gbk"),
        ("各乡镇人民政府,县直各单位:", "gbk"),
        ("湘政办发〔2020〕9号", "gbk"),
        ("政務公開", "big5"),
        ("平江縣人民政府辦公室", "big5"),
        ("各鄉鎮人民政府,縣直各單位:", "big5"),
        ("政务公开", "utf-8"),
    ],
)
def test_short_texts_are_detected(tmp_path, text, encoding):
    raw = read_source(write(tmp_path, "short.txt", text.encode(encoding)))
    assert raw.text == text


def test_utf8_bom_is_dropped(tmp_path):
    raw = read_source(write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + TITLE.encode("utf-8")))
    assert raw.text == TITLE
    assert raw.source.encoding == "utf-8-sig"
    assert raw.source.size == len(TITLE.encode("utf-8")) + 3


def test_utf16_with_bom(tmp_path):
    raw = read_source(write(tmp_path, "u16.txt", TITLE.encode("utf-16")))
    assert raw.text == TITLE


def test_utf16_without_bom_is_not_binary(tmp_path):
    text = "关于印发 2020 年工作要点的通知"
    raw = read_source(write(tmp_path, "u16.txt", text.encode("utf-16-le")))
    assert raw.text == text


def test_few_bad_bytes_are_tolerated(tmp_path):
    # A stray byte in a long GBK file becomes U+FFFD, which clean() flags.
    data = (f"{TITLE}\n{BODY}\n" * 20).encode("gbk")
    data = data[:300] + b"\xff" + data[301:]
    raw = read_source(write(tmp_path, "bad.txt", data))
    assert raw.source.encoding == "gb18030"
    assert 1 <= raw.text.count("\ufffd") <= 2
    assert TITLE in raw.text


def test_file_without_suffix_is_text(tmp_path):
    raw = read_source(write(tmp_path, "notice", TITLE.encode("utf-8")))
    assert raw.text == TITLE
    assert raw.source.format == "text"


def test_decode_text_prefers_declared_charset_only_when_plausible():
    html = f"<html><body><p>{TITLE}</p></body></html>"
    assert decode_text(html.encode("gbk"), declared="gb18030") == (html, "gb18030")
    # A page declared gb2312 but re-saved as UTF-8 by the scraper.
    assert decode_text(html.encode("utf-8"), declared="gb18030") == (html, "utf-8")
    # A template that says iso-8859-1 on a GBK page.
    assert decode_text(html.encode("gbk"), declared="latin-1") == (html, "gb18030")


# --- HTML ---------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>政务公开</title>
<script type="text/javascript">var tracker = "统计脚本代码"; function go() {{ return 1; }}</script>
<style>.content {{ color: red; }} /* 样式表注释 */</style>
</head><body>
<div class="nav">当前位置: 首页 &gt; 政务公开</div>
<div class="content">
<h1>{title}</h1>
<p>各市州、县市区人民政府,省政府各厅委、各直属机构:</p>
<p>《湖南省2020年政务公开工作要点》已经省人民政府同意,现印发给你们,请结合实际认真贯彻落实。</p>
<p>(一)深化决策信息公开。全面推进决策信息公开,2020年底前完成目录编制。(省政务局牵头,各级人民政府负责)</p>
<p>湖南省人民政府办公厅</p>
<p>2020年3月20日</p>
</div>
<script>document.write("页面底部脚本");</script>
</body></html>
"""


def test_html_with_gb2312_meta(tmp_path):
    page = PAGE.format(title=TITLE)
    raw = read_source(write(tmp_path, "page.html", page.encode("gbk")))
    assert raw.source.format == "html"
    assert raw.source.encoding == "gb18030"
    assert TITLE in raw.text
    assert "现印发给你们,请结合实际认真贯彻落实。" in raw.text
    assert "(省政务局牵头,各级人民政府负责)" in raw.text
    for noise in ("统计脚本代码", "页面底部脚本", "color: red", "样式表注释", "<p>"):
        assert noise not in raw.text


def test_html_lxml_fallback(tmp_path, monkeypatch):
    # When trafilatura finds nothing (or is not importable) lxml reads <body>.
    monkeypatch.setattr(read_module, "_trafilatura_text", lambda html: "")
    page = PAGE.format(title=TITLE)
    raw = read_source(write(tmp_path, "page.htm", page.encode("gbk")))
    lines = raw.text.split("\n")
    assert TITLE in lines
    assert "湖南省人民政府办公厅" in lines
    assert "2020年3月20日" in lines
    for noise in ("统计脚本代码", "页面底部脚本", "color: red", "政务公开</title>"):
        assert noise not in raw.text


def test_html_big5_meta(tmp_path):
    page = f'<html><head><meta charset="big5"></head><body><p>{TRADITIONAL}</p></body></html>'
    raw = read_source(write(tmp_path, "page.shtml", page.encode("big5")))
    assert "平江縣人民政府辦公室" in raw.text
    assert raw.source.encoding in ("cp950", "big5")


@pytest.mark.parametrize(
    "page", [b"<html><body><script>x()</script></body></html>", b"<!-- only a comment -->", b" \n"]
)
def test_html_without_text_is_empty(tmp_path, page):
    with pytest.raises(EmptyFile):
        read_source(write(tmp_path, "empty.html", page))


# --- .docx --------------------------------------------------------------------


def make_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_paragraph("各乡镇人民政府,县直各单位:")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "索引号"
    table.cell(0, 1).text = "43060000/2020-1717120"
    table.cell(1, 0).text = "文号"
    table.cell(1, 1).text = "湘政办发〔2020〕9号"
    document.add_paragraph("湖南省人民政府办公厅")
    document.save(path)
    return path


def test_docx_paragraphs_and_tables(tmp_path):
    path = make_docx(tmp_path / "notice.docx")
    raw = read_source(path)
    assert raw.text.split("\n") == [
        TITLE,
        "各乡镇人民政府,县直各单位:",
        "索引号",
        "43060000/2020-1717120",
        "文号",
        "湘政办发〔2020〕9号",
        "湖南省人民政府办公厅",
    ]
    assert raw.source.format == "docx"
    assert raw.source.encoding is None
    assert raw.source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_truncated_docx(tmp_path):
    data = make_docx(tmp_path / "full.docx").read_bytes()
    with pytest.raises(TruncatedFile):
        read_source(write(tmp_path, "cut.docx", data[: len(data) // 2]))


def test_docx_that_is_not_a_zip(tmp_path):
    with pytest.raises(BinaryFile):
        read_source(write(tmp_path, "fake.docx", "这不是一个文档".encode("utf-8")))


def test_legacy_doc_named_docx(tmp_path):
    with pytest.raises(UnsupportedFormat):
        read_source(write(tmp_path, "old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600))


# --- errors -------------------------------------------------------------------


def test_empty_file(tmp_path):
    with pytest.raises(EmptyFile) as info:
        read_source(write(tmp_path, "empty.txt", b""))
    assert info.value.path.endswith("empty.txt")


def test_whitespace_only_file_is_empty(tmp_path):
    with pytest.raises(EmptyFile):
        read_source(write(tmp_path, "blank.txt", b" \r\n\t\n"))


def test_binary_file_with_nul_bytes(tmp_path):
    with pytest.raises(BinaryFile) as info:
        read_source(write(tmp_path, "image.txt", bytes(range(256)) * 8))
    assert "NUL" in str(info.value)


def test_binary_file_with_control_bytes(tmp_path):
    with pytest.raises(BinaryFile):
        read_source(write(tmp_path, "data.txt", b"abc\x01\x02\x03\x04\x05def" * 20))


def test_pdf_saved_as_txt(tmp_path):
    with pytest.raises(BinaryFile):
        read_source(write(tmp_path, "notice.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"))


def test_truncated_utf8(tmp_path):
    data = (TITLE + BODY).encode("utf-8")
    with pytest.raises(TruncatedFile):
        read_source(write(tmp_path, "cut.txt", data[:-1]))


def test_undecodable_file(tmp_path):
    with pytest.raises(UndecodableFile):
        read_source(write(tmp_path, "latin.txt", "café, résumé, naïve déjà vu".encode("latin-1")))


@pytest.mark.parametrize("name", ["notice.pdf", "notice.doc", "notice.md", "archive.tar.gz"])
def test_unsupported_suffix(tmp_path, name):
    path = write(tmp_path, name, b"whatever")
    with pytest.raises(UnsupportedFormat) as info:
        read_source(path)
    assert info.value.fields["suffix"] == Path(name).suffix


def test_missing_file(tmp_path):
    with pytest.raises(UnreadableFile):
        read_source(tmp_path / "missing.txt")


def test_directory(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(UnreadableFile):
        read_source(tmp_path / "folder.txt")


def test_errors_name_the_file_and_are_ingest_errors(tmp_path):
    cases = [
        write(tmp_path, "a.txt", b""),
        write(tmp_path, "b.txt", b"\x00\x01"),
        write(tmp_path, "c.xyz", b"x"),
        tmp_path / "d.txt",
    ]
    for path in cases:
        with pytest.raises(IngestError) as info:
            read_source(path)
        assert not isinstance(info.value, ValueError)
        assert str(path) in str(info.value)


def test_html_keeps_the_page_metadata_that_main_text_extraction_drops(tmp_path):
    from policykg.ingest.pipeline import read_notice

    body = "".join(
        f"<p>{line}</p>"
        for line in [
            "某县人民政府办公室关于印发《某县2020年政务公开工作要点》的通知",
            "各乡镇人民政府,县直各单位:",
            "《某县2020年政务公开工作要点》已经县人民政府同意,现印发给你们,请认真贯彻落实。" * 3,
            "某县人民政府办公室",
            "2020年4月1日",
            "某县2020年政务公开工作要点",
            "一、总体要求",
            "(一)加强组织领导。各单位要高度重视政务公开工作,明确分管领导和工作人员,2020年底前完成。(县政府办牵头;县直各单位负责)" * 2,
        ]
    )
    page = (
        '<html><head><meta charset="gb2312"></head><body>'
        "<table><tr><td>索引号:</td><td>43/2020-1</td><td>文号:</td><td>某政办发〔2020〕3号</td></tr>"
        "<tr><td>发布日期:</td><td>2020-04-03</td></tr></table>"
        f"<div class='article'>{body}</div></body></html>"
    )
    path = tmp_path / "notice.html"
    path.write_bytes(page.encode("gb18030"))
    notice = read_notice(path)[0]
    assert (notice.index_number, notice.doc_number, notice.published_date) == ("43/2020-1", "某政办发〔2020〕3号", "2020-04-03")
