"""Read a notice file into text: decode plain text, extract HTML, open .docx.

:func:`read_source` is the single entry point. It reads the file's bytes once,
hashes them, and turns them into the *source text* that every later
:class:`~policykg.ingest.records.Span` points into:

* ``.txt``, ``.text`` or no suffix: the bytes decoded. The encoding is
  detected, never assumed: UTF-8 (with or without BOM, UTF-16 with a BOM),
  GB18030/GBK or Big5.
* ``.html``, ``.htm``, ``.shtml``: the main text of the page (trafilatura,
  with lxml as the fallback), after honouring the page's declared charset.
* ``.docx``: the paragraphs and table cells, one per line.

Every failure is one of the typed errors of :mod:`policykg.errors`.

Examples
--------
>>> import pathlib, tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     path = pathlib.Path(folder) / "notice.txt"
...     _ = path.write_bytes("关于印发工作要点的通知".encode("gbk"))
...     raw = read_source(path)
>>> raw.text, raw.source.encoding, raw.source.format
('关于印发工作要点的通知', 'gb18030', 'text')
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
import zipfile
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional, Union

from policykg.rules.headers import ANY_LABEL
from policykg.errors import (
    BinaryFile,
    EmptyFile,
    TruncatedFile,
    UndecodableFile,
    UnreadableFile,
    UnsupportedFormat,
)
from .records import Source

__all__ = ["RawText", "read_source", "decode_text", "TEXT_SUFFIXES", "HTML_SUFFIXES", "DOCX_SUFFIXES"]

TEXT_SUFFIXES = frozenset({".txt", ".text", ""})
HTML_SUFFIXES = frozenset({".html", ".htm", ".shtml"})
DOCX_SUFFIXES = frozenset({".docx"})

PathLike = Union[str, "os.PathLike[str]"]


@dataclass(frozen=True)
class RawText:
    """The source text of one file and where it came from.

    Attributes
    ----------
    text : str
        The decoded (or extracted) text; spans of later records index into it.
    source : Source
        Path, SHA-256 of the file's bytes, encoding, format and size in bytes.
    """

    text: str
    source: Source


def read_source(path: PathLike) -> RawText:
    """Read a notice file (.txt, .html/.htm/.shtml, .docx) into its source text.

    Parameters
    ----------
    path : str or os.PathLike
        The file. The format is chosen by suffix (case-insensitive); a file
        without a suffix is read as plain text.

    Returns
    -------
    RawText
        ``text`` and a :class:`~policykg.ingest.records.Source` with the
        SHA-256 of the bytes as read, the encoding used (``None`` for .docx),
        the format (``"text"``, ``"html"`` or ``"docx"``) and the size.

    Raises
    ------
    UnsupportedFormat
        The suffix is not one of the supported ones.
    UnreadableFile
        The operating system refused to read the file.
    EmptyFile
        The file has no bytes, or no text once decoded or extracted.
    BinaryFile
        The bytes are not text (NUL bytes, control characters, a known
        binary signature).
    TruncatedFile
        The file is cut off (a .docx without its zip directory, a UTF-8 file
        ending mid-character).
    UndecodableFile
        No supported encoding decodes the bytes into plausible text, or a
        .docx cannot be parsed.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "a.txt"
    ...     _ = path.write_bytes("\\ufeff各乡镇人民政府:".encode("utf-8"))
    ...     raw = read_source(path)
    >>> raw.text, raw.source.encoding, raw.source.size
    ('各乡镇人民政府:', 'utf-8-sig', 25)
    """
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        fmt = "text"
    elif suffix in HTML_SUFFIXES:
        fmt = "html"
    elif suffix in DOCX_SUFFIXES:
        fmt = "docx"
    else:
        raise UnsupportedFormat(path=name, suffix=suffix)

    try:
        with open(name, "rb") as handle:
            data = handle.read()
    except OSError as err:
        raise UnreadableFile(path=name, reason=err.strerror or err.__class__.__name__) from err
    if not data:
        raise EmptyFile(path=name)

    if fmt == "docx":
        text, encoding = _read_docx(data, name), None
    elif fmt == "html":
        text, encoding = _read_html(data, name)
    else:
        text, encoding = decode_text(data, name)
    if not text.strip():
        raise EmptyFile(path=name)

    source = Source(
        path=name,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        format=fmt,
        size=len(data),
    )
    return RawText(text=text, source=source)


# ---------------------------------------------------------------------------
# Plain text
# ---------------------------------------------------------------------------

# Signatures of files that are often mis-saved with a text suffix by scrapers.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (perhaps a .docx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE file (perhaps a legacy .doc)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
)

# C0 controls that never appear in text; \t \n \r \f \v and ESC are tolerated
# because scraped pages do carry the odd form feed or vertical tab.
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B)) + b"\x7f"
_MAX_CONTROL_SHARE = 0.01

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# The legacy encodings a Chinese government page is found in. GB18030 is a
# superset of GB2312 and GBK, so it reads pages labelled with either.
_LEGACY = ("gb18030", "big5", "cp950")

# Below this share of plausible characters a decode is not text we can use.
_MIN_PLAUSIBILITY = 0.6
# Replacement characters tolerated when no encoding decodes strictly: a few
# bad bytes are the mojibake that clean() flags; more means a wrong guess.
_MAX_REPLACED_SHARE = 0.02


def decode_text(data: bytes, path: str = "<bytes>", declared: Optional[str] = None) -> tuple[str, str]:
    """Decode the bytes of a text file, detecting its encoding.

    Parameters
    ----------
    data : bytes
        The file's bytes (not empty).
    path : str
        The file name, for error messages.
    declared : str, optional
        An encoding the container declares (an HTML meta charset). It is tried
        first and used if it decodes the bytes strictly.

    Returns
    -------
    tuple of (str, str)
        The text (without a byte-order mark) and the Python codec name used.

    Raises
    ------
    BinaryFile, TruncatedFile, UndecodableFile
        See :func:`read_source`.

    Examples
    --------
    >>> decode_text("政務公開".encode("big5"))
    ('政務公開', 'big5')
    >>> decode_text("政务公开".encode("gbk"))
    ('政务公开', 'gb18030')
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_with_bom(data, codec, path), codec

    if b"\x00" in data:
        utf16 = _bomless_utf16(data)
        if utf16 is not None:
            return utf16
    _check_binary(data, path)

    if declared:
        # Pages often declare one charset and are saved in another (a
        # scraper re-saves a gb2312 page as UTF-8, a template says
        # iso-8859-1): the declaration wins only if its text is plausible.
        try:
            text = data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            text = None
        if text is not None and (text.isascii() or _plausibility(text) >= _MIN_PLAUSIBILITY):
            return text, declared

    utf8: Optional[str] = None
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError as err:
        if _is_truncated_utf8(data, err):
            raise TruncatedFile(
                path=path, reason=f"the UTF-8 text ends in the middle of a character at byte {err.start}"
            ) from err
    if utf8 is not None:
        # A short GBK text can also be valid UTF-8 (通知 is CD A8 D6 AA,
        # two Latin/Hebrew-range characters in UTF-8): valid UTF-8 with no
        # Han character and implausible text is checked against the others.
        if utf8.isascii() or _HAN_RE.search(utf8) or _plausibility(utf8) >= 0.5:
            return utf8, "utf-8"

    decoded: dict[str, str] = {}
    for codec in _LEGACY:
        if codec == "cp950" and "big5" in decoded:
            continue  # cp950 only adds a few Microsoft extensions to big5
        try:
            decoded[codec] = data.decode(codec)
        except UnicodeDecodeError:
            continue
    if decoded:
        codec = _choose(decoded)
        if _plausibility(decoded[codec]) >= _MIN_PLAUSIBILITY:
            return decoded[codec], codec
    if utf8 is not None:
        return utf8, "utf-8"

    # Nothing decodes cleanly: accept the best decode with a few bad bytes.
    best: Optional[tuple[float, str, str]] = None
    for codec in ("utf-8", "gb18030", "big5"):
        text = data.decode(codec, errors="replace")
        replaced = text.count("\ufffd") / max(len(text), 1)
        if replaced > _MAX_REPLACED_SHARE:
            continue
        score = _plausibility(text) - replaced
        if best is None or score > best[0]:
            best = (score, codec, text)
    if best is not None and best[0] >= _MIN_PLAUSIBILITY:
        return best[2], best[1]

    # Last, charset-normalizer may know an encoding outside the three (HZ,
    # say); its guess is held to the same test of plausible Chinese.
    guess = _charset_normalizer_guess(data)
    if guess and guess not in ("gb18030", "big5", "cp950", "utf-8"):
        try:
            text = data.decode(guess)
        except (UnicodeDecodeError, LookupError):
            text = ""
        if text and _HAN_RE.search(text) and _plausibility(text) >= _MIN_PLAUSIBILITY:
            return text, guess
    raise UndecodableFile(path=path, reason="not valid UTF-8, GB18030 or Big5 text")


def _decode_with_bom(data: bytes, codec: str, path: str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as err:
        if err.reason == "truncated data" or err.end >= len(data):
            raise TruncatedFile(path=path, reason=f"the {codec} text ends in the middle of a character") from err
        raise UndecodableFile(path=path, reason=f"invalid {codec} at byte {err.start}") from err
    # The codec drops the BOM; a second one, left by a tool that re-saved
    # the file, is not text either.
    text = text.lstrip("\ufeff")
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise BinaryFile(path=path, reason="too many control characters")
    return text


def _bomless_utf16(data: bytes) -> Optional[tuple[str, str]]:
    """UTF-16 saved without a byte-order mark, told from binary by its text.

    ASCII in UTF-16 puts a NUL in every other byte, so such a file would
    otherwise be taken for binary data.
    """
    if len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _HAN_RE.search(text) and _control_share(text) == 0 and _plausibility(text) >= 0.9:
            return text, codec
    return None


def _check_binary(data: bytes, path: str) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise BinaryFile(path=path, reason=f"starts like {what}")
    if b"\x00" in data:
        raise BinaryFile(path=path, reason="contains NUL bytes")
    # bytes.translate with a delete set counts without a Python-level loop.
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls and controls / len(data) > _MAX_CONTROL_SHARE:
        raise BinaryFile(path=path, reason=f"{controls} control bytes in {len(data)}")


def _control_share(text: str) -> float:
    controls = sum(1 for ch in text if (ch < " " and ch not in "\t\n\r\x0b\x0c\x1b") or ch == "\x7f")
    return controls / max(len(text), 1)


def _is_truncated_utf8(data: bytes, err: UnicodeDecodeError) -> bool:
    """Tell a UTF-8 file cut mid-character from a file in another encoding."""
    if err.reason != "unexpected end of data" or err.end != len(data):
        return False
    head = data[: err.start]
    try:
        prefix = head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    # A GBK or Big5 file can end in two bytes that look like a cut UTF-8
    # sequence; a real UTF-8 file also has whole multi-byte characters before.
    return len(prefix) < len(head)


@lru_cache(maxsize=1)
def _common_han() -> frozenset[str]:
    """The ~3,800 most used Han characters in simplified and traditional form.

    GB2312 level 1 holds the 3,755 most frequent characters of modern
    Chinese; their traditional forms come from OpenCC. Text decoded with the
    wrong codec is made of characters scattered over the whole code table, so
    the share of common ones tells the right decode from the wrong one.
    """
    chars = []
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    simplified = "".join(chars)
    common = set(simplified)
    # OpenCC's own standard writes 爲 and 裏; Taiwan and Hong Kong Big5
    # pages write 為 and 裡/裏, so all three traditional standards count.
    for config in ("s2t", "s2tw", "s2hk"):
        common.update(_opencc(config).convert(simplified))
    return frozenset(common)


@lru_cache(maxsize=None)
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


_HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_PLAUSIBLE_PUNCT = frozenset("“”‘’…—–·•●■□◆○△▲※→←↑↓√×÷°℃±≤≥№")


def _plausibility(text: str) -> float:
    """Share of non-ASCII characters that are common Han or punctuation."""
    common = _common_han()
    total = good = 0
    for ch in text:
        code = ord(ch)
        if code < 0x80:
            continue
        total += 1
        if (
            ch in common
            or 0x3000 <= code <= 0x303F  # CJK punctuation
            or 0xFF01 <= code <= 0xFF5E  # full-width ASCII
            or 0x2000 <= code <= 0x206F  # general punctuation: “ ” … — and odd spaces
            or code == 0xA0
            or ch in _PLAUSIBLE_PUNCT
        ):
            good += 1
    return good / total if total else 1.0


def _script_consistency(text: str, codec: str) -> int:
    """Count characters that only the codec's own script would produce.

    A GB decode of simplified text has simplified-only characters (县); a
    Big5 decode of traditional text has traditional-only ones (縣). A wrong
    decode is a random mix, so this separates the two when both decodes are
    made of common characters, as happens with a word or two.
    """
    to_simplified = _opencc("t2s")
    to_traditional = _opencc("s2t")
    count = 0
    for ch in text:
        if ord(ch) < 0x3400:
            continue
        if codec == "gb18030":
            count += (to_traditional.convert(ch) != ch) - (to_simplified.convert(ch) != ch)
        else:
            count += to_simplified.convert(ch) != ch
    return count


def _choose(decoded: dict[str, str]) -> str:
    """Pick the most plausible of the strict decodes, by codec."""
    if len(decoded) == 1:
        return next(iter(decoded))
    scores = {codec: _plausibility(text) for codec, text in decoded.items()}
    top = max(scores.values())
    tied = [codec for codec, score in scores.items() if top - score < 0.02]
    if len(tied) == 1:
        return tied[0]
    # A snippet of a few common characters reads well either way; then the
    # script decides, and failing that GB18030, the encoding of mainland
    # government sites. (charset-normalizer is no help here: on a handful
    # of characters it is wrong about one time in five.)
    for measure in (_frequent_count, _script_consistency):
        values = {codec: measure(decoded[codec], codec) for codec in tied}
        best = max(values.values())
        tied = [codec for codec in tied if values[codec] == best]
        if len(tied) == 1:
            return tied[0]
    return "gb18030" if "gb18030" in tied else tied[0]


@lru_cache(maxsize=2)
def _frequent_han(codec: str) -> frozenset[str]:
    """The hundred most frequent Chinese characters, in the codec's script.

    charset-normalizer ships the list; the right decode of even a few words
    usually has one of them (的, 国, 会, 发 ...), a wrong one rarely does.
    GB text counts the simplified forms, Big5 text the traditional ones.
    """
    try:
        from charset_normalizer.constant import FREQUENCIES

        top = "".join(FREQUENCIES.get("Chinese", []))
    except ImportError:  # pragma: no cover - declared dependency
        top = ""
    if codec == "gb18030":
        return frozenset(top)
    chars: set[str] = set()
    for config in ("s2t", "s2tw", "s2hk"):
        chars.update(_opencc(config).convert(top))
    return frozenset(chars)


def _frequent_count(text: str, codec: str) -> int:
    frequent = _frequent_han("gb18030" if codec == "gb18030" else "big5")
    return sum(1 for ch in text if ch in frequent)


def _charset_normalizer_guess(data: bytes) -> Optional[str]:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - declared dependency
        return None
    best = from_bytes(data[:65536]).best()
    if best is None:
        return None
    name = best.encoding.lower().replace("-", "_")
    if name in ("gb2312", "gbk", "gb18030"):
        return "gb18030"
    if name in ("big5", "cp950", "big5hkscs"):
        return "big5" if name == "big5" else name
    return codecs.lookup(name).name


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)

# Labels in meta tags mapped to the codec that actually reads such pages:
# "gb2312" pages routinely contain GBK characters, "big5" pages cp950 ones.
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "big5": "cp950",
    "x-big5": "cp950",
    "big5-hkscs": "big5hkscs",
    "utf8": "utf-8",
}

# Tags whose text is never page content.
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "svg", "head")
# Tags that start a new line in the rendered page.
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody thead tfoot tr td th ul".split()
)


def _declared_charset(data: bytes) -> Optional[str]:
    head = data[:8192]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii", "replace").strip().lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _read_html(data: bytes, path: str) -> tuple[str, str]:
    html, encoding = decode_text(data, path, declared=_declared_charset(data))
    if not html.strip():
        raise EmptyFile(path=path)
    # lxml refuses str input that still carries an encoding declaration.
    html = _XML_DECLARATION.sub("", html, count=1)
    text = _trafilatura_text(html)
    if not text:
        return _lxml_text(html, path), encoding
    # Main-text extraction drops the page's metadata table (索引号, 文号,
    # 发布日期 …) as boilerplate; those lines are kept in front of the text.
    header = [line for line in _header_lines(html) if line not in text]
    return "\n".join(header + [""] + [text]) if header else text, encoding


# Labels of the metadata a government page shows above a notice.
_HEADER_LABEL = ANY_LABEL


def _header_lines(html: str) -> list[str]:
    """The page's metadata lines: table rows, or short elements, that carry a label.

    >>> _header_lines("<table><tr><td>索引号:</td><td>43/2020-1</td></tr></table><p>正文</p>")
    ['索引号: 43/2020-1']
    >>> _header_lines("<div><span>文号:</span><span>湘政办发〔2020〕9号</span></div><p>正文</p>")
    ['文号:湘政办发〔2020〕9号']
    """
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    for element in list(root.iter(*_DROP_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    lines: list[str] = []
    rows = [tr for tr in root.iter("tr") if _HEADER_LABEL.search(tr.text_content())]
    for tr in rows:
        cells = [" ".join(td.text_content().split()) for td in tr if isinstance(td.tag, str)]
        line = " ".join(c for c in cells if c)
        if line and len(line) <= 300:
            lines.append(line)
    if not rows:
        for element in root.iter(lxml.etree.Element):
            text = " ".join(element.text_content().split())
            if len(text) > 200 or not _HEADER_LABEL.search(text):
                continue
            if any(_HEADER_LABEL.search(child.text_content()) for child in element if isinstance(child.tag, str)):
                continue  # a child holds the label: take the most specific element
            parent = element.getparent()
            if not _HEADER_LABEL.sub("", text).strip(" :：") and parent is not None:
                # a bare label (<span>索引号:</span><span>43…</span>): its value is beside it
                text = " ".join(parent.text_content().split())
            if len(text) <= 200:
                lines.append(text)
    return list(dict.fromkeys(lines))


def _trafilatura_text(html: str) -> str:
    try:
        import trafilatura
    except ImportError:
        # trafilatura needs lxml_html_clean with lxml >= 5.2; without it the
        # lxml fallback still gives the page text.
        return ""
    try:
        text = trafilatura.extract(html, include_tables=True, include_comments=False, favor_recall=True)
    except Exception:
        # A page that trafilatura chokes on is still readable by lxml.
        return ""
    return (text or "").strip()


def _lxml_text(html: str, path: str) -> str:
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except lxml.etree.ParserError as err:
        # lxml.html raises this for a page with no elements ("Document is empty").
        raise EmptyFile(path=path) from err
    except ValueError as err:
        raise UndecodableFile(path=path, reason=f"not parseable as HTML: {err}") from err
    for element in list(root.iter(*_DROP_TAGS)):
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()
    for element in root.iter(lxml.etree.Element):
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n" + (element.text or "")
    body = root.find("body")
    raw = (body if body is not None else root).text_content()
    lines = [line.strip() for line in raw.splitlines()]
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------------------
# .docx
# ---------------------------------------------------------------------------


def _read_docx(data: bytes, path: str) -> str:
    if not data.startswith(b"PK"):
        if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            raise UnsupportedFormat(path=path, suffix=".doc (legacy Word file named .docx)")
        raise BinaryFile(path=path, reason="a .docx must be a zip archive and this is not one")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as err:
        # A zip's directory is at its end, so a cut-off download loses it.
        raise TruncatedFile(path=path, reason="the .docx (zip) archive has no central directory") from err
    with archive:
        damaged = _first_bad_member(archive)
        if damaged:
            raise TruncatedFile(path=path, reason=f"member {damaged} of the .docx archive is damaged")

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as err:
        raise UndecodableFile(path=path, reason=f"not a Word document: {err}") from err
    except Exception as err:  # lxml.etree.XMLSyntaxError and the like
        raise UndecodableFile(path=path, reason=f"the .docx cannot be parsed: {err.__class__.__name__}") from err
    return "\n".join(_docx_lines(document))


def _first_bad_member(archive: zipfile.ZipFile) -> Optional[str]:
    # Only the parts that hold text matter; testzip() would read every image.
    for info in archive.infolist():
        if not info.filename.startswith("word/") or not info.filename.endswith(".xml"):
            continue
        try:
            with archive.open(info) as member:
                while member.read(1 << 16):
                    pass
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
            return info.filename
    return None


def _docx_lines(document) -> list[str]:
    from docx.table import Table

    lines: list[str] = []
    blocks = document.iter_inner_content() if hasattr(document, "iter_inner_content") else document.paragraphs
    for block in blocks:
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
        else:
            lines.append(block.text)
    if not hasattr(document, "iter_inner_content"):  # pragma: no cover - python-docx < 1.1
        for table in document.tables:
            lines.extend(_table_lines(table))
    return lines


def _table_lines(table) -> list[str]:
    lines: list[str] = []
    for row in table.rows:
        seen = None
        for cell in row.cells:
            # Merged cells come back once per grid column they span.
            if cell._tc is seen:
                continue
            seen = cell._tc
            lines.append(cell.text)
            for inner in cell.tables:
                lines.extend(_table_lines(inner))
    return lines
