"""Fuzzing the reader: read → clean → parse on arbitrary bytes and on mutated notices.

Whatever the input, the reader either returns records or raises one of the
typed errors of the catalogue (:class:`~policykg.errors.IngestError`),
never anything else, and never takes more than 2 s per MB (with a floor for
small files, whose cost is the pipeline's fixed overhead).
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policykg import collector
from policykg.ingest.clean import clean
from policykg.errors import IngestError
from policykg.ingest.pipeline import parse_cleaned
from policykg.ingest.read import read_source

NOTICES = Path(__file__).resolve().parents[1] / "examples" / "notices"
SEEDS = {path.name: path.read_text(encoding="utf-8") for path in sorted(NOTICES.glob("*.txt"))}

# What scraped pages carry besides the notice: spam, chrome, pinyin, mojibake.
INJECTED = (
    "幸运快三大小单双技巧",
    "草莓视频在线下载",
    "扫一扫在手机打开当前页",
    "湘ICP备05012345号-1 湘公网安备43010502000123号",
    "附件下载:",
    "当前位置: 首页 > 政务公开 > 文件",
    "省(sheng)人(ren)民(min)政(zheng)府(fu)",
    "?偨Y推廣",
    "(一)",
    "一、",
    "(县政务局牵头;各乡镇人民政府负责)",
    "湘政办发〔2020〕9号",
    "关于印发《某要点》的通知",
    "<script>alert(1)</script>",
    "\ufeff",
    "\x00",
)
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "big5", "utf-16", "utf-16-le", "utf-16-be")
SETTINGS = settings(
    max_examples=100,
    deadline=None,  # time is bounded per MB below, not per example
    database=None,  # nothing written beside the repository
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def read_all(path: Path) -> int:
    """Read, clean and parse ``path``; the number of records, or -1 for a typed refusal."""
    # the cycle collector is held off while timing: a full collection walks the whole test
    # run's heap (every fixture and store so far), which is not the reader's cost
    with collector.paused():
        start = time.process_time()
        try:
            raw = read_source(path)
            records = len(parse_cleaned(clean(raw.text), raw.source))
        except IngestError as err:
            assert err.code and str(path) in str(err)  # the error names the file
            records = -1
        finally:
            seconds = time.process_time() - start
    megabytes = path.stat().st_size / 1e6
    assert seconds <= 2.0 * max(megabytes, 0.25), f"{seconds:.2f} s for {megabytes:.3f} MB"
    return records


# -- arbitrary bytes ------------------------------------------------------------


@SETTINGS
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".txt", ".html", ".docx", ""]))
def test_arbitrary_bytes(folder, data, suffix):
    path = folder / f"bytes{suffix}"
    path.write_bytes(data)
    read_all(path)


@SETTINGS
@given(text=st.text(max_size=2000), encoding=st.sampled_from(ENCODINGS), suffix=st.sampled_from([".txt", ".html"]))
def test_arbitrary_text(folder, text, encoding, suffix):
    path = folder / f"text{suffix}"
    path.write_bytes(text.encode(encoding, errors="replace"))
    read_all(path)


# -- mutated notices ---------------------------------------------------------------

mutation = st.one_of(
    st.tuples(st.just("delete"), st.floats(0, 1)),
    st.tuples(st.just("duplicate"), st.floats(0, 1)),
    st.tuples(st.just("swap"), st.floats(0, 1), st.floats(0, 1)),
    st.tuples(st.just("inject"), st.floats(0, 1), st.sampled_from(INJECTED)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.text(max_size=40)),
    st.tuples(st.just("truncate"), st.floats(0.05, 1)),
    st.tuples(st.just("brackets"), st.sampled_from(["()", "（）", "[]", "【】", "〔〕"])),
)


def mutate(text: str, mutations) -> str:
    lines = text.splitlines()
    for m in mutations:
        at = min(int(m[1] * len(lines)), max(len(lines) - 1, 0)) if isinstance(m[1], float) else 0
        if m[0] == "delete" and lines:
            del lines[at]
        elif m[0] == "duplicate" and lines:
            lines.insert(at, lines[at])
        elif m[0] == "swap" and lines:
            other = min(int(m[2] * len(lines)), len(lines) - 1)
            lines[at], lines[other] = lines[other], lines[at]
        elif m[0] in ("inject", "insert"):
            lines.insert(at, m[2])
        elif m[0] == "truncate":
            joined = "\n".join(lines)
            lines = joined[: int(len(joined) * m[1])].splitlines()
        elif m[0] == "brackets":
            table = str.maketrans({"〔": m[1][0], "〕": m[1][1], "(": m[1][0], ")": m[1][1]})
            lines = [line.translate(table) for line in lines]
    return "\n".join(lines)


@SETTINGS
@given(
    seed=st.sampled_from(sorted(SEEDS)),
    mutations=st.lists(mutation, max_size=8),
    encoding=st.sampled_from(ENCODINGS),
    cut=st.one_of(st.none(), st.integers(1, 7)),
    as_html=st.booleans(),
)
def test_mutated_notices(folder, seed, mutations, encoding, cut, as_html):
    text = mutate(SEEDS[seed], mutations)
    if as_html:
        text = '<html><head><meta charset="%s"></head><body>%s</body></html>' % (
            encoding,
            "".join(f"<p>{line}</p>" for line in text.splitlines()),
        )
    data = text.encode(encoding, errors="replace")
    if cut:
        data = data[:-cut]  # a download cut mid-character
    path = folder / ("mutated.html" if as_html else "mutated.txt")
    path.write_bytes(data)
    read_all(path)


def test_unmutated_seeds_are_read(folder):
    # the harness itself: the seeds as they are give records
    for name, text in SEEDS.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        assert read_all(path) >= 1


# -- damaged .docx ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    for line in SEEDS[sorted(SEEDS)[2]].splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@SETTINGS
@given(flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=6), cut=st.floats(0.2, 1))
def test_damaged_docx(folder, docx_bytes, flips, cut):
    data = bytearray(docx_bytes[: max(int(len(docx_bytes) * cut), 1)])
    for where, value in flips:
        data[min(int(where * len(data)), len(data) - 1)] = value
    path = folder / "damaged.docx"
    path.write_bytes(bytes(data))
    read_all(path)


@SETTINGS
@given(xml=st.text(max_size=400))
def test_docx_with_arbitrary_document_xml(folder, docx_bytes, xml):
    source = zipfile.ZipFile(io.BytesIO(docx_bytes))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = xml.encode("utf-8") if info.filename == "word/document.xml" else source.read(info)
            target.writestr(info, data)
    path = folder / "odd.docx"
    path.write_bytes(buffer.getvalue())
    read_all(path)
