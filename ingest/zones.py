"""Zone a real document before reading it: line breaks, the metadata block, policy text.

Crawled documents come in shapes the reader's line rules do not expect: all
whitespace collapsed into one long line, an archive's header lines (``标题: …``
``文号: …``) or a gov.cn metadata table (``标 题: … 发文字号: …``) before the
body, a page of chrome with no text at all. This module works on the cleaned
text (:class:`~policykg.ingest.clean.CleanText`) before the extractors:

- :func:`break_collapsed` puts line breaks back where a collapsed line has a
  strong boundary (a run of spaces, a section or task number after a sentence
  stop, a doc number after a title, a signature and its date), so that each
  extractor sees its zone on a line of its own;
- :func:`read_metadata_block` reads the labelled fields of a header, one per
  line or several in a row;
- :func:`has_policy_text` tells a policy document from a page without one.

Examples
--------
>>> block = read_metadata_block("标 题: 某县关于某事的通知 发文字号: 某政发〔2020〕3号\\n发布时间: 2020-05-06 09:35")
>>> block["title"].value, block["doc_number"].value, block["published_date"].value
('某县关于某事的通知', '某政发〔2020〕3号', '2020-05-06 09:35')
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice

from policykg.ingest.clean import CleanText
from policykg.ingest.datafiles import DATA
from policykg.rules.headers import ADDRESSEE_LINE, block_labels

__all__ = ["Field", "read_metadata_block", "title_from_block", "title_candidate", "label_lines", "ZONES", "titles_agree", "issuer_lines_above", "head_date", "province_in_text", "break_collapsed", "insert_breaks", "has_policy_text", "LONG_LINE"]

POLICY_WORDS = DATA / "policy_words.txt"

# A line this long in a notice is a collapsed page, not a paragraph that
# happens to be long; only such lines are broken.
LONG_LINE = 500
# A header block stands in the first lines; past this many characters a
# label word (名称, 分类) is prose.
HEADER_WINDOW = 1500
_CN = "一二三四五六七八九十"
_STOP = r"(?<=[。;:!?])"
_ORG_END = r"(?:办公厅|办公室|人民政府|委员会|管委会|领导小组|管理局|局|厅|委|部|院|办)"
_DATE = r"(?:\d{4}|[〇○零OＯ一二三四五六七八九]{4})年\d{1,2}月\d{1,2}日|(?:\d{4}|[〇○零OＯ一二三四五六七八九]{4})年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日"
_NUMBER = r"[^\s,。;:()《》]{1,12}[〔\[【(（﹝](?:19|20)\d{2}[〕\]】)）﹞]?\s*\d{1,4}\s*号"
_TITLE_END = r"(?:通知|意见|方案|要点|办法|细则|决定|规划|纲要|指引|措施|通报|批复|函|规定)"

# Strong boundaries inside a collapsed line: a break goes at each match's
# start, or at its end for the patterns marked "end".
BOUNDARIES = [
    (re.compile(r"(?<=\S)[ \t\u3000]{2,}(?=\S)"), "start"),  # a run of spaces where a line break was
    (re.compile(_STOP + rf"[ \t]*(?=[{_CN}]{{1,3}}、)"), "start"),  # 一、 section
    (re.compile(_STOP + rf"[ \t]*(?=[(（][{_CN}]{{1,4}}[)）])"), "start"),  # (一) task
    (re.compile(_STOP + r"[ \t]*(?=\d{1,2}[.．、](?!\d))"), "start"),  # 1. task
    (re.compile(rf"(?<=\S) (?=[{_CN}]{{1,3}}、|[(（][{_CN}]{{1,4}}[)）]|\d{{1,2}}[.．](?!\d))"), "start"),  # a number after a lone space
    (re.compile(_STOP + r"[ \t]*(?=第[一二三四五六七八九十百]{1,4}[章条])"), "start"),  # 第一条
    (re.compile(rf"{_TITLE_END}(?={_NUMBER})"), "end"),  # title, then its number
    (re.compile(rf"号(?=各[^。\n]{{2,200}}?:)"), "end"),  # number, then the addressees
    (re.compile(rf"(?<=[。!)])[ \t]*(?=[^。;:,\n]{{2,40}}?{_ORG_END}[ \t]*(?:{_DATE}))"), "start"),  # signature after the body
    (re.compile(rf"{_ORG_END}(?=[ \t]*(?:{_DATE}))"), "end"),  # signature issuer, then its date
    (re.compile(rf"{_ORG_END}[ \t]*(?:{_DATE})(?=[^\n])"), "end"),  # the signature's date, then whatever follows
    (re.compile(rf"(?:\d|[一二三四五六七八九十])日(?=[^\s。,;:(]{{4,60}}?{_TITLE_END})"), "end"),  # date, then a plan title
    (re.compile(rf"。(?=(?:{_DATE}))"), "end"),  # a signature date with no issuer line, glued to the body
    (re.compile(rf"。(?:{_DATE})(?=[^\n])"), "end"),  # ... and whatever follows it
    (re.compile(_STOP + r"[ \t]*(?=附件\s*[:\d])"), "start"),  # attachments
    (re.compile(r"(?<![ \t])[ \t]*(?=抄送\s*:)"), "start"),  # from the start of a run of spaces only: linear
]
# Boundaries of the head (title, number, addressees) that hold on a short
# line too: the head is often glued together even where the body is not.
HEAD_BOUNDARIES = [
    (re.compile(rf"^[ \t]*{_NUMBER}(?=[^\s)）】〕\]])"), "end"),  # the number opens the line, text follows
    (re.compile(rf"{_TITLE_END}(?={_NUMBER})"), "end"),  # title, then its number
    (re.compile(rf"号(?=[ \t]*各[^。\n]{{2,200}}?:)"), "end"),  # number, then the addressees
    (re.compile(rf"(?:通知|意见|方案|要点|办法)(?=各[^。\n]{{2,200}}?:)"), "end"),  # title, then the addressees
]


@dataclass(frozen=True)
class Field:
    """One labelled field of a metadata block: its value and offsets in the text."""

    value: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _label_table() -> tuple[re.Pattern, dict[str, str]]:
    field_of = block_labels()
    # longest first, and each label's characters may be padded: 标 题, 索 引 号
    alternation = "|".join(r"\s*".join(map(re.escape, lab)) for lab in sorted(field_of, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?P<label>{alternation})\s*[:：]"), field_of


def read_metadata_block(text: str, limit: int = HEADER_WINDOW) -> dict[str, Field]:
    """The labelled fields of the header in the first ``limit`` characters.

    A field's value runs to the next label, the end of its line or the end of
    its table cell; an empty value is left out, and the first occurrence of a
    field wins (gov.cn prints its table twice).

    >>> block = read_metadata_block("索引号: 123/2019-1 文号: \\n发布机构: 某县人民政府办公室\\n正文")
    >>> sorted(block), block["publisher"].value
    (['index_number', 'publisher'], '某县人民政府办公室')
    """
    pattern, field_of = _label_table()
    head = text[:limit]
    hits = list(pattern.finditer(head))
    out: dict[str, Field] = {}
    for i, m in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(head)
        begin = m.end()
        # in a table row the value is the next cell: | 标 题: | X |
        if head[begin:end].lstrip(" \t").startswith("|"):
            begin = head.index("|", begin) + 1
        for stop in ("\n", "|"):
            cut = head.find(stop, begin, end)
            if cut >= 0:
                end = cut
        raw = head[begin:end]
        value = raw.strip(" \t\u3000")
        name = field_of[re.sub(r"\s+", "", m.group("label"))]
        if value and name not in out:
            start = begin + (len(raw) - len(raw.lstrip(" \t\u3000")))
            out[name] = Field(value, start, start + len(value))
    return out


def break_positions(text: str) -> list[int]:
    """Where line breaks belong in the long lines of ``text`` (sorted offsets).

    >>> t = "某县人民政府办公室关于某事的通知某政发〔2020〕3号各乡镇:" + "现将有关事项通知如下。" * 50 + "一、总体要求。(一)加强领导。某县人民政府办公室2020年4月1日附件:1.某表"
    >>> [t[p : p + 4] for p in break_positions(t)]
    ['某政发〔', '各乡镇:', '一、总体', '(一)加', '某县人民', '2020', '附件:1', '1.某表']
    """
    positions: set[int] = set()
    line_start = 0
    for line in text.split("\n"):
        patterns = BOUNDARIES if len(line) >= LONG_LINE else []
        if line_start < HEADER_WINDOW:
            patterns = patterns + HEAD_BOUNDARIES
        if patterns:
            for pattern, where in patterns:
                for m in pattern.finditer(line):
                    at = m.start() if where == "start" else m.end()
                    if 0 < at < len(line):
                        positions.add(line_start + at)
        line_start += len(line) + 1
    return sorted(positions)


def insert_breaks(ct: CleanText, positions: list[int]) -> CleanText:
    """A copy of ``ct`` with a line break before each of ``positions``.

    The offset map stays exact for every character of the cleaned text; an
    inserted break maps to the source offset of the character after it.

    >>> from policykg.ingest.clean import clean
    >>> ct = insert_breaks(clean("甲乙丙丁"), [2])
    >>> ct.text, ct.span(3, 4).text, ct.source_offset(3)
    ('甲乙\\n丙丁', '丙', 2)
    """
    positions = sorted(p for p in set(positions) if 0 < p < len(ct.text) and ct.text[p - 1] != "\n")
    if not positions:
        return ct
    old_text = ct.text
    starts, sources = list(ct._text_starts), list(ct._source_starts)
    # split the map at every insertion point so that each becomes a segment start
    for p in positions:
        k = bisect_right(starts, p) - 1
        if starts[k] != p:
            starts.insert(k + 1, p)
            sources.insert(k + 1, sources[k] + (p - starts[k]))
    pieces, new_starts, new_sources = [], [], []
    shift = 0
    cut = set(positions)
    bounds = starts[1:] + [len(old_text)]
    for start, source, end in zip(starts, sources, bounds):
        if start in cut:
            new_starts.append(start + shift)
            new_sources.append(source)
            pieces.append("\n")
            shift += 1
        new_starts.append(start + shift)
        new_sources.append(source)
        pieces.append(old_text[start:end])
    return replace(ct, text="".join(pieces), _text_starts=tuple(new_starts), _source_starts=tuple(new_sources))


def break_collapsed(ct: CleanText) -> CleanText:
    """Put line breaks back into the collapsed lines of a cleaned text.

    Twice: a break can open a line whose head then has breaks of its own
    (标题冀政字〔2019〕31号2019年7月1日 → the number opens a line, then the date).
    """
    ct = insert_breaks(ct, break_positions(ct.text))
    return insert_breaks(ct, break_positions(ct.text))


_HAN = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _policy_words() -> tuple[str, ...]:
    lines = POLICY_WORDS.read_text(encoding="utf-8").splitlines()
    return tuple(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def has_policy_text(text: str, *, min_han: int = 60, min_words: int = 3) -> bool:
    """Whether ``text`` holds policy prose: enough Chinese text and policy words.

    >>> has_policy_text("首页 | 网站地图 | 联系我们 | 扫一扫在手机打开当前页")
    False
    >>> has_policy_text("各乡镇人民政府,县直各单位:为贯彻落实省委、省政府部署,进一步加强政务公开工作,建立完善工作机制。" * 3)
    True
    """
    # enough prose is found early, if at all; each count stops at its threshold
    han = sum(1 for _ in islice(_HAN.finditer(text, 0, 20000), min_han))
    if han < min_han:
        return False
    return sum(1 for _ in islice((w for w in _policy_words() if w in text), min_words)) >= min_words


# A title glued into a collapsed line: the first 关于…通知-shaped phrase, with
# up to 60 characters of its issuer before 关于. The phrase is found from 关于
# and the issuer read backwards, since a pattern trying every start with a
# lazy prefix costs 60 steps a character.
_GLUED_TITLE = re.compile(rf"关于[^:;。|\n!?]{{2,150}}?{_TITLE_END}")
_GLUED_TITLE_PREFIX = re.compile(r"[^\s:;。|,!?]{0,60}$")
# What a cover notice promulgates when its title is missing: 现将《X》印发给你们, 《X》已经…同意
_PROMULGATED = re.compile(r"(?:现将|将)?《(?P<title>[^《》\n]{4,80})》(?:已经|印发给你们|现印发)")
_ISSUED_HEAD = re.compile(r"\s*(?P<title>[^\s。,:;|《》]{2,40}?(?:印发|转发)\s*《[^《》。]{4,100}》(?:的通知)?)")
_FIRST_SENTENCE = re.compile(r"[^\s|][^。\n!?]{3,59}")
# a page ends with a link to its own interpretation: 2022年12月23日《关于某事的若干措施》政策解读
_INTERPRETATION_LINK = re.compile(r"《(?P<title>[^《》\n]{4,80})》\s*(?:政策)?解读")


def title_candidate(text: str, block: dict[str, Field], *, limit: int = 600) -> tuple[str, int, int, float, str]:
    """The best title when no title line was found: ``(title, start, end, confidence, how)``.

    In order: the metadata block's 标题 field, a title glued into the first
    collapsed line, the plan a cover notice promulgates, the title the page's
    closing link to its interpretation names, the first sentence. ``how``
    says which (``metadata``, ``glued``, ``promulgated``, ``linked``, ``first_sentence``).

    >>> title_candidate("《某县2020年工作要点》已经县政府同意,现印发给你们。", {})[0::3]
    ('某县2020年工作要点', 0.5)
    """
    if "title" in block:
        f = block["title"]
        return f.value, f.start, f.end, 0.9, "metadata"
    m = _GLUED_TITLE.search(text, 0, min(len(text), limit))
    if m:
        start = m.start() - len(_GLUED_TITLE_PREFIX.search(text, max(0, m.start() - 60), m.start()).group(0))
        title = text[start : m.end()]
        if title.count("《") == title.count("》"):
            return title.strip(), start, m.end(), 0.7, "glued"
    m = _ISSUED_HEAD.match(text)
    if m:
        # 某办公厅印发 / 《某意见》: a release's heading, broken over lines, without 的通知
        return re.sub(r"\s+", "", m.group("title")), m.start("title"), m.end("title"), 0.7, "glued"
    m = _PROMULGATED.search(text, 0, min(len(text), limit))
    if m:
        return m.group("title"), m.start("title"), m.end("title"), 0.5, "promulgated"
    linked = _interpretation_link(text)
    if linked is not None:
        return linked
    for m in _FIRST_SENTENCE.finditer(text):
        # a line that is only a number, a date or a label is not a sentence
        if len(re.findall(r"[\u4e00-\u9fff]", m.group(0))) >= 8 and not re.fullmatch(rf"\s*{_NUMBER}.{{0,12}}", m.group(0)):
            return m.group(0).strip(), m.start(), m.end(), 0.1, "first_sentence"
    return "", 0, 0, 0.0, "none"


def _interpretation_link(text: str, *, tail: int = 300) -> tuple[str, int, int, float, str] | None:
    """The title a page's closing link to its interpretation names, after the page's last date.

    >>> _interpretation_link("为做好某事,制定如下措施。一、某措施。2022年12月23日《关于某事的若干措施》政策解读")[0::3]
    ('关于某事的若干措施', 0.6)
    >>> _interpretation_link("《关于某事的若干措施》解读。一、出台背景……") is None
    True
    """
    start = max(0, len(text) - tail)
    dates = list(re.finditer(_DATE, text[start:]))
    if not dates:
        return None  # only a link after the page's own date is the page's
    m = _INTERPRETATION_LINK.search(text, start + dates[-1].end())
    if m is None:
        return None
    return m.group("title"), m.start("title"), m.end("title"), 0.6, "linked"


_ISSUER_PREFIX = re.compile(rf"^[^\s,。;:|]{{2,40}}?{_ORG_END}$")


def title_from_block(text: str, block: dict[str, Field]) -> tuple[str, int, int] | None:
    """The title the metadata block names, found where the body prints it.

    The block's 标题 field wins over whatever line the body's title rules
    would pick (a header line, a glued run); the body's copy is preferred
    for its span and because it may carry the issuer the block left out
    (标题: 关于印发… over 某办公室关于印发…). Returns ``(title, start, end)``.

    >>> text = "标题: 关于某事的通知\\n==== 正文 ====\\n某县人民政府办公室关于某事的通知\\n各乡镇:"
    >>> title_from_block(text, read_metadata_block(text))
    ('某县人民政府办公室关于某事的通知', 25, 41)
    """
    if "title" not in block:
        return None
    f = block["title"]
    target = re.sub(r"\s+", "", f.value)
    if len(target) < 6:
        return None
    pattern = re.compile(r"[ \t]*".join(map(re.escape, target)))
    for m in pattern.finditer(text, f.end):
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[line_start : m.start()]
        if not before.strip(" \t|"):
            return re.sub(r"[ \t]+", "", m.group(0)), m.start(), m.end()
        # the issuer printed just before the title (on a chrome line, the last word)
        prefix = before.split()[-1]
        if re.fullmatch(_NUMBER, prefix) and before[-1:].isspace():
            return re.sub(r"[ \t]+", "", m.group(0)), m.start(), m.end()  # the page prints the number first
        if _ISSUER_PREFIX.match(prefix):
            start = line_start + before.rstrip().rfind(prefix)
            return re.sub(r"[ \t]+", "", text[start : m.end()]), start, m.end()
    return target, f.start, f.end


_ISSUER_LINE = re.compile(rf"^[ \t]*(?P<name>[^\s\d,。;:|《》()]{{2,30}}?{_ORG_END})[ \t]*$")


def issuer_lines_above(text: str, start: int, *, limit: int = 3) -> int:
    """Where a title really starts: above ``start``, over the joint issuers' lines.

    A red-header title stacks its issuers one per line (中共某省委办公厅 /
    某省人民政府办公厅 / 印发《…》的通知); the lines right above the title that
    are each one issuer's name belong to it.

    >>> text = "中共某省委办公厅\\n某省人民政府办公厅印发《某意见》的通知\\n"
    >>> issuer_lines_above(text, text.index("某省人民"))
    0
    """
    # the title may begin after its line's indentation; the lines above are looked at from the line's start
    original, line_start = start, text.rfind("\n", 0, start) + 1
    if not text[line_start:start].strip(" \t"):
        start = line_start
    taken = False
    while limit and start > 0:
        prev_end = start - 1
        prev_start = text.rfind("\n", 0, prev_end) + 1
        if text[prev_end] != "\n" or not _ISSUER_LINE.match(text[prev_start:prev_end]):
            break
        start, limit = prev_start + (len(text[prev_start:prev_end]) - len(text[prev_start:prev_end].lstrip())), limit - 1
        taken = True
    return start if taken else original


_HEAD_DATE = re.compile(rf"^[ \t]*[(（]?(?P<date>{_DATE})[)）]?[ \t]*$", re.M)


def head_date(text: str, start: int, end: int) -> str | None:
    """A date alone on a line in the head (under the title: ``(2015年3月13日)``), as written.

    >>> head_date("某意见\\n(2015年3月13日)\\n某发〔2015〕8号\\n", 0, 30)
    '2015年3月13日'
    """
    m = _HEAD_DATE.search(text, start, end)
    return m.group("date") if m else None


@lru_cache(maxsize=1)
def _provinces() -> re.Pattern:
    from policykg.errors import UnknownRegionCode
    from policykg.rules.regions import region_from_code

    names = []
    for code in range(11, 83):
        try:
            names.append(region_from_code(f"{code}0000").names[-1])
        except UnknownRegionCode:
            continue
    return re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)))


def province_in_text(text: str, *, limit: int = 20000) -> str | None:
    """The province a text speaks of as its own (我省, 省政府) and names most often, or None.

    Weak evidence for a document whose issuer is not printed.

    >>> province_in_text("我省要求……河北省各级政府……省政府办公厅……河北省、山东省")
    '河北省'
    """
    from collections import Counter

    head = text[:limit]
    if "我省" not in head and "省政府" not in head and "全省" not in head:
        return None
    counts = Counter(_provinces().findall(head))
    return counts.most_common(1)[0][0] if counts else None


_KIND_WORD = re.compile(r"(解读|通知|意见|方案|办法|细则|规定|要点|决定|公告|公示|通报|批复|函|规划|措施|指引|条例)[^\u4e00-\u9fff]*$")


def titles_agree(text_title: str, exported: str) -> bool:
    """Whether a title line of the text names the same document as the crawler's title column.

    Most of the exported title's characters are in the text's title, and it
    ends with the same kind of document (a 解读 is not the 通知 it explains).

    >>> titles_agree("河北省工业和信息化厅关于征集2021年度河北省冰雪装备器材项目的通知", "2021年度河北省冰雪装备器材项目征集的通知")
    True
    >>> titles_agree("河北省教育厅关于印发《某办法》的通知", "《某办法》政策解读")
    False
    """
    from collections import Counter

    a, b = Counter(re.sub(r"\W", "", text_title)), Counter(re.sub(r"\W", "", exported))
    if not b:
        return True
    overlap = sum((a & b).values()) / sum(b.values())
    kind_a, kind_b = _KIND_WORD.search(text_title), _KIND_WORD.search(exported)
    same_kind = not kind_b or bool(kind_a and kind_a.group(1) == kind_b.group(1))
    return overlap >= 0.7 and same_kind


ZONES = (
    "chrome", "metadata", "title", "doc_number", "addressees", "body", "section",
    "task", "table_row", "signature", "date", "attachment", "footer",
)
_CHROME_LINE = re.compile(
    r"^[=\-_*#~]{3,}|当前位置|首页\s*[>》]|扫一扫|打印本页|关闭窗口|【?\s*字[号体]|分享到|微信|微博|QQ空间|"
    r"更多信息请关注|网站地图|版权所有|主办单位|ICP|链接与图片|来源\s*:|浏览次数|责任编辑|附件下载|^[\s|]*$"
)
_SECTION_LINE = re.compile(rf"^[ \t]*(?:[{_CN}]{{1,3}}、|第[{_CN}百零〇]{{1,4}}章)")
_TASK_LINE = re.compile(rf"^[ \t]*(?:[(（][{_CN}]{{1,4}}[)）]|\d{{1,2}}[.．、](?!\d)|[(（]\d{{1,2}}[)）]|[①-⑳]|第[{_CN}百零〇]{{1,5}}条)")
_DATE_LINE = re.compile(rf"^[ \t]*[(（]?(?:{_DATE}|\d{{4}}-\d{{1,2}}-\d{{1,2}})[)）]?[ \t]*$")
_FOOTER_LINE = re.compile(rf"^[ \t]*(?:抄送|主题词|抄报|[(（]共印\d+份[)）]|(?:{_DATE})印发|.{{2,30}}\d{{4}}年\d{{1,2}}月\d{{1,2}}日印发)")
_GLUED_ADDRESSEES = re.compile(r"^[ \t]*各[^。\n:]{2,200}?(?:人民政府|各部门|各单位|管委会|直属机构|有关单位)[^。\n:]{0,40}:")
_NUMBER_LINE = re.compile(rf"^[ \t]*[(（]?{_NUMBER}[)）]?[ \t]*$")


def label_lines(text: str, title_span: tuple[int, int] | None = None) -> list[tuple[int, int, str]]:
    """Label each non-blank line of a (broken) cleaned text with its zone.

    Returns ``(start, end, zone)`` per line, ``zone`` one of :data:`ZONES`.
    ``title_span`` marks the title the reader chose (its lines are ``title``).
    Rules, in order: metadata label, chrome, title, number, date, footer,
    attachment, table row, addressees, section, task, signature (an issuer's
    name alone on a line), body.

    >>> text = "首页 > 政务公开\\n某县人民政府办公室关于某事的通知\\n某政发〔2020〕3号\\n各乡镇:\\n一、总体要求\\n(一)加强领导。\\n某县人民政府办公室\\n2020年4月1日\\n抄送:县委办"
    >>> [z for _, _, z in label_lines(text, (text.index("某县"), text.index("的通知") + 3))]
    ['chrome', 'title', 'doc_number', 'addressees', 'section', 'task', 'signature', 'date', 'footer']
    """
    pattern, _ = _label_table()
    from policykg.ingest.structure import find_plans, find_title, promulgated_titles

    titles: list[tuple[int, int]] = []
    if title_span is None:
        found = title_from_block(text, read_metadata_block(text)) or find_title(text, before=min(len(text), 3000))
        if found:
            title_span = (issuer_lines_above(text, found[1]), found[2])
            # the plans the notice promulgates have titles of their own
            titles += [(p.title_start, p.start) for p in find_plans(text, promulgated_titles(found[0]), after=found[2])]
    if title_span:
        titles.append(title_span)
    out = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        han = sum(1 for ch in line if "\u4e00" <= ch <= "\u9fff")
        if pattern.match(line.lstrip(" \t|")) or len(pattern.findall(line)) >= 2:
            zone = "metadata"
        elif re.match(r"^[ \t|]*当前位置", line):
            zone = "chrome"  # breadcrumbs, even when the title is glued to them
        elif any(start < b and end > a for a, b in titles):
            zone = "title"
        elif _NUMBER_LINE.match(line):
            zone = "doc_number"
        elif _DATE_LINE.match(line):
            zone = "date"
        elif (_CHROME_LINE.search(line) and han < 40) or han < len(line.strip()) * 0.3:
            zone = "chrome"
        elif _FOOTER_LINE.match(line):
            zone = "footer"
        elif re.match(r"^[ \t]*附件\s*[:\d一二三四五六七八九]", line):
            zone = "attachment"
        elif line.count("|") >= 2:
            zone = "table_row"
        elif (ADDRESSEE_LINE.match(line) and ("各" in line or "人民政府" in line or len(line) < 60)) or _GLUED_ADDRESSEES.match(line):
            zone = "addressees"
        elif _SECTION_LINE.match(line):
            zone = "section"  # a heading, or a heading the crawler glued to its paragraph
        elif _TASK_LINE.match(line):
            zone = "task"
        elif _ISSUER_LINE.match(line):
            zone = "signature"
        else:
            zone = "body"
        out.append((start, end, zone))
    return out
