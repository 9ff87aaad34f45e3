"""Bounded input: file size, .docx zip bombs, deeply nested HTML.

The bombs are built here, small on disk and huge inflated; nothing big is
ever committed or written.
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib
from pathlib import Path

import pytest

from policykg.errors import ArchiveBomb, BadLimit, EmptyFile, FileTooLarge, TruncatedFile
from policykg.ingest.read import MAX_DOCX_ENTRIES, MAX_FILE_MB_ENV, max_file_bytes, read_source

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "notices" / "002_ce661d8caeb423c6.txt"

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def _deflate_repeated(chunk: bytes, times: int) -> tuple[bytes, int]:
    """Raw deflate of ``chunk * times`` and its CRC, without ever holding the inflated bytes.

    After a full flush the compressor forgets its history, so every repeat of
    the chunk compresses to the same bytes.
    """
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    return block * times + c.flush(), crc


def write_zip(path: Path, members: list[tuple[str, bytes, int, int, int]]) -> Path:
    """A zip written by hand: (name, deflated data, crc, declared inflated size, method)."""
    out, central = bytearray(), bytearray()
    for name, data, crc, size, method in members:
        offset = len(out)
        raw = name.encode()
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(data), size, len(raw), 0)
        out += raw + data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc, len(data), size, len(raw), 0, 0, 0, 0, 0, offset
        )
        central += raw
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0)
    path.write_bytes(bytes(out + central + eocd))
    return path


def stored(name: str, data: bytes) -> tuple[str, bytes, int, int, int]:
    return (name, data, zlib.crc32(data), len(data), 0)


def bomb_docx(path: Path, *, megabytes: int, declared: int | None = None) -> Path:
    chunk = b"<w:p><w:r><w:t>0</w:t></w:r></w:p>" * ((1 << 20) // 35)
    chunk = chunk + b" " * ((1 << 20) - len(chunk))
    data, crc = _deflate_repeated(chunk, megabytes)
    size = megabytes << 20 if declared is None else declared
    return write_zip(path, [stored("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", data, crc, size, 8)])


# -- the size limit ------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [(None, 50 << 20), ("1", 1 << 20), ("0.5", 1 << 19), (" 200 ", 200 << 20), ("", 50 << 20)],
)
def test_limit_comes_from_the_environment(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv(MAX_FILE_MB_ENV, raising=False)
    else:
        monkeypatch.setenv(MAX_FILE_MB_ENV, value)
    assert max_file_bytes() == expected


@pytest.mark.parametrize("value", ["abc", "-1", "0", "nan", "inf"])
def test_a_bad_limit_is_a_typed_error(monkeypatch, value):
    monkeypatch.setenv(MAX_FILE_MB_ENV, value)
    with pytest.raises(BadLimit, match=MAX_FILE_MB_ENV):
        max_file_bytes()


def test_file_over_the_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(SAMPLE.read_bytes() * 200)  # ~ 1.3 MB
    with pytest.raises(FileTooLarge) as caught:
        read_source(path, max_mb=1)
    assert caught.value.code == FileTooLarge.code and str(path) in str(caught.value)
    assert MAX_FILE_MB_ENV in str(caught.value)
    assert read_source(path, max_mb=2).source.size == path.stat().st_size


def test_limit_from_environment_applies(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    path.write_bytes(SAMPLE.read_bytes() * 200)
    monkeypatch.setenv(MAX_FILE_MB_ENV, "1")
    with pytest.raises(FileTooLarge):
        read_source(path)


# -- .docx bombs -----------------------------------------------------------------

_MEASURE = textwrap.dedent(
    """
    import json, resource, sys, time
    # a hard cap, so that a regression fails here instead of eating the machine
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
    from policykg.ingest.read import read_source
    from policykg.errors import IngestError
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    try:
        read_source(sys.argv[1])
        code = None
    except IngestError as err:
        code = err.code
    except MemoryError:
        code = "MemoryError"
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"code": code, "seconds": seconds, "peak_mb": peak / 1024, "grew_mb": (peak - before) / 1024}))
    """
)


def _measure(path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_zip_bomb_is_refused_from_its_directory_with_bounded_memory(tmp_path):
    path = bomb_docx(tmp_path / "bomb.docx", megabytes=1100)
    assert path.stat().st_size < 4 << 20  # 1.1 GB inflated from a couple of MB
    figures = _measure(path)
    assert figures["code"] == ArchiveBomb.code, figures
    assert figures["peak_mb"] < 1024, figures
    assert figures["grew_mb"] < 64, figures  # the file's bytes, not its inflation
    assert figures["seconds"] < 5, figures  # generous: it is refused in milliseconds


def test_zip_bomb_error_names_the_file_and_the_fix(tmp_path):
    path = bomb_docx(tmp_path / "bomb.docx", megabytes=60)
    with pytest.raises(ArchiveBomb) as caught:
        read_source(path)
    message = str(caught.value)
    assert str(path) in message and "60 MB inflated" in message and MAX_FILE_MB_ENV in message


def test_a_member_that_lies_about_its_size_is_not_inflated_past_it(tmp_path):
    # the directory says 1 KB; the data would inflate to 400 MB
    path = bomb_docx(tmp_path / "liar.docx", megabytes=400, declared=1024)
    figures = _measure(path)
    assert figures["code"] == TruncatedFile.code, figures
    assert figures["grew_mb"] < 64, figures


def test_implausible_compression_ratio_is_a_bomb(tmp_path):
    # 20 MB under the limit, but inflating ~500-fold
    path = bomb_docx(tmp_path / "dense.docx", megabytes=20)
    with pytest.raises(ArchiveBomb, match="fold"):
        read_source(path)


def test_too_many_entries_is_a_bomb(tmp_path):
    path = tmp_path / "many.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(MAX_DOCX_ENTRIES + 1):
            archive.writestr(f"word/media/{n}.xml", b"")
    with pytest.raises(ArchiveBomb, match="entries"):
        read_source(path)


def test_a_real_docx_is_still_read(tmp_path):
    import docx

    document = docx.Document()
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    document.save(tmp_path / "notice.docx")
    raw = read_source(tmp_path / "notice.docx", max_mb=1)
    assert "南政公领办发〔2016〕2号" in raw.text


# -- deep HTML ---------------------------------------------------------------------


@pytest.mark.parametrize("depth", [10, 300, 3000, 50000])
def test_deep_html_is_read_whole(tmp_path, depth):
    lines = [line for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    body = "".join(f"<p>{line}</p>" for line in lines)
    html = "<html><head><title>t</title></head><body>" + "<div>" * depth + body + "</div>" * depth + "</body></html>"
    path = tmp_path / f"deep{depth}.html"
    path.write_text(html, encoding="utf-8")
    text = read_source(path).text
    for line in (lines[0], "南政公领办发〔2016〕2号", lines[-1]):
        assert line.strip() in text


def test_deep_html_without_text_is_still_empty(tmp_path):
    path = tmp_path / "hollow.html"
    path.write_text("<html><body>" + "<div>" * 5000 + "</div>" * 5000 + "</body></html>", encoding="utf-8")
    with pytest.raises(EmptyFile):
        read_source(path)


def test_cli_refuses_a_bad_limit_in_one_line(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from policykg.cli import app

    monkeypatch.setenv(MAX_FILE_MB_ENV, "lots")
    result = CliRunner().invoke(app, ["ingest", str(SAMPLE), "--store", str(tmp_path / "store"), "-q"])
    assert result.exit_code == 1
    assert BadLimit.code in result.output and MAX_FILE_MB_ENV in result.output and "Traceback" not in result.output


def test_cli_reports_a_bomb_and_goes_on(tmp_path):
    from typer.testing import CliRunner

    from policykg.cli import app

    folder = tmp_path / "in"
    folder.mkdir()
    bomb_docx(folder / "bomb.docx", megabytes=200)
    (folder / "notice.txt").write_bytes(SAMPLE.read_bytes())
    result = CliRunner().invoke(app, ["ingest", str(folder), "--store", str(tmp_path / "store"), "-q"])
    assert result.exit_code == 1
    output = " ".join(result.output.split())
    assert ArchiveBomb.code in output and "bomb.docx" in output
    assert "1 new documents" in output
