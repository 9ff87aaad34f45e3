"""The layout of a cleaned notice: title, promulgated plans, sections and tasks.

Everything here works on the *cleaned* text (simplified characters, ASCII
punctuation) and returns character offsets into it; the pipeline maps them
back to the source. The rules follow GB/T 9704 and the numbering convention
一、 (section) → (一) (task) → 1. → (1).

Examples
--------
>>> text = "一、总体要求\\n(一)加强领导。各单位负责。\\n(二)严格考核。(县政府办牵头)\\n"
>>> outline = outline_body(text, 0, len(text))
>>> [(t.position, t.number_printed, t.heading) for t in outline]
[(1, '(一)', '加强领导'), (2, '(二)', '严格考核')]
>>> outline[1].section
'总体要求'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

import cn2an

from policykg.rules.docnumbers import find_doc_numbers

__all__ = [
    "TaskBlock",
    "PlanBlock",
    "find_title",
    "find_plans",
    "outline_body",
    "chinese_number",
    "promulgated_titles",
    "forwarded_titles",
    "compact_spaces",
    "unglue_doc_number",
]

CN_DIGITS = "一二三四五六七八九十百零〇两"

# A section heading starts its own line: 一、 … (the numeral is sometimes lost
# in scraping, leaving a bare 、 at the start of a short line).
SECTION_RE = re.compile(rf"^[ \t]*(?P<num>[{CN_DIGITS}]{{1,4}})?、(?P<title>[^\n]{{1,80}})$", re.M)
# A task starts a paragraph: (一) or （一） followed by its text.
TASK_RE = re.compile(rf"^[ \t]*(?P<printed>[(（](?P<num>[{CN_DIGITS}]{{1,4}})[)）])", re.M)
# A body whose lines average this many characters lost its line breaks on
# the way (a crawler collapsed the whitespace): its tasks are then found
# inside lines too, where their numbers run in sequence.
COLLAPSED_LINE = 400
INLINE_TASK_RE = re.compile(rf"(?P<printed>[(（](?P<num>[{CN_DIGITS}]{{1,4}})[)）])")
# 二、持续精准发力,支持企业稳定就业岗位(一)全面落实…: in a collapsed line a
# section's title runs to its first task's number.
INLINE_SECTION_RE = re.compile(
    rf"(?:^[ \t]*|(?<=[。)）]))(?P<num>[{CN_DIGITS}]{{1,4}})、(?P<title>[^\n(（。]{{2,80}}?)(?=[(（][{CN_DIGITS}]{{1,4}}[)）])", re.M
)
# Articles of a 办法 (第一条…) and its chapters (第一章 总则); both may be glued
# after the sentence before them, and a chapter's title to its first article.
ARTICLE_RE = re.compile(rf"(?P<printed>第(?P<num>[{CN_DIGITS}]{{1,4}})条)(?=[ \t]*\S)")
CHAPTER_RE = re.compile(
    rf"第[{CN_DIGITS}]{{1,3}}章[ \t]*(?P<title>[^\n。第]{{1,20}}?)(?=[ \t]*第[{CN_DIGITS}]{{1,4}}条|[ \t]*$)", re.M
)
MIN_ARTICLES = 3
# Plans without (一) items number their tasks 1. 2. (or 1、) under each section.
ARABIC_TASK_RE = re.compile(r"^[ \t]*(?P<printed>(?P<num>\d{1,3})[.．、])(?!\d)(?=[ \t]*\S)", re.M)
# Document-type words that end a notice or plan title.
# A 任务分解表 or 任务清单 is promulgated as a plan is (关于印发2017年…主要任务分解表的通知).
TITLE_END = "(?:通知|实施意见|指导意见|意见|工作要点|要点|实施方案|方案|办法|决定|规划|细则|通报|批复|函|分解表|分工表|任务清单)"
# The title starts at its first visible character, so that a long run of
# spaces is not retried position by position.
TITLE_RE = re.compile(rf"^[ \t]*(?P<title>[^\s:;。|>!?][^\n:;。|>!?]{{3,159}}?{TITLE_END})(?:[ \t]*[(（][^\n)）]{{2,40}}[)）])?[ \t]*$", re.M)
PROMULGATED_RE = re.compile(r"《([^《》\n]{2,100})》")
UNQUOTED_PROMULGATED_RE = re.compile(rf"(?:印发|转发)([^《》\n]{{4,100}}?{TITLE_END})的通知$")
# Lines after the last plan that belong to the notice, not to the plan.
END_MATTER_RE = re.compile(
    r"^[ \t]*(?:本(?:通知|意见|方案|要点)自.{0,20}施行|抄送[:：]|\d{4}年\d{1,2}月\d{1,2}日印发|》》|附件[:：]|附件下载)",
    re.M,
)


# A heading should end at the first 。; when that stop is missing (or eaten by
# mojibake) the heading runs on into the task's first sentence. Such a run-on
# is cut before the word that opens the next sentence.
HEADING_MAX = 30
SENTENCE_OPENERS = re.compile(
    r"(?:深入|全面|认真|积极|进一步|围绕|按照|根据|依托|结合|严格|切实|及时|充分|大力|着力|"
    r"不断|逐步|坚持|加快|持续|统筹|聚焦|对照|针对|通过|以|要)"
)
HEADING_STOPS = re.compile(r"[,;:?!、《“(]")


@dataclass(frozen=True)
class TaskBlock:
    """One numbered task found in a body, with offsets into the cleaned text."""

    position: int
    number: Optional[int]
    number_printed: str
    section: Optional[str]
    heading: str
    start: int
    end: int
    heading_start: int
    heading_end: int


@dataclass(frozen=True)
class PlanBlock:
    """A plan promulgated by a notice: its title line and the body after it."""

    title: str
    title_start: int
    start: int
    end: int


def chinese_number(numeral: str) -> Optional[int]:
    """Value of a Chinese numeral as printed in a task number.

    >>> chinese_number("二十六"), chinese_number("十"), chinese_number("12"), chinese_number("")
    (26, 10, 12, None)
    """
    if not numeral:
        return None
    if numeral.isdigit():
        return int(numeral)
    try:
        return int(cn2an.cn2an(numeral, "normal"))
    except ValueError:
        # cn2an refuses malformed numerals such as 十十; the printed form is kept anyway.
        return None


def _join_title_lines(text: str, start: int, limit: int = 3) -> Optional[tuple[str, int, int]]:
    """Join up to ``limit`` short consecutive lines that together form a title.

    Titles are often broken over two or three lines on a page
    (``关于印发《2016年南县政务公开政务服务`` / ``工作要点》的通知``).
    """
    lines = []
    pos = start
    for _ in range(limit):
        nl = text.find("\n", pos)
        nl = len(text) if nl < 0 else nl
        line = text[pos:nl].strip()
        if line:
            lines.append(line)
            joined = "".join(lines)
            m = TITLE_RE.match(joined)
            if m and joined.count("《") == joined.count("》") and ("关于" in joined or "印发" in joined):
                title, cut = unglue_doc_number(m.group("title"))
                if cut and title:
                    first = text[start:text.find("\n", start) if "\n" in text[start:] else len(text)]
                    return title, start + len(first) - len(first.lstrip()) + cut, nl
                return m.group("title"), start, nl
        # skip blank lines between the pieces of a broken title
        pos = _BLANK.match(text, nl + 1).end()
        if pos >= len(text):
            break
    return None


_BLANK = re.compile(r"[ \t\n]*")
# What may stand between a glued doc number and the title after it.
NUMBER_GLUE = " \t()（）[]【】:：,，"


def unglue_doc_number(title: str) -> tuple[str, int]:
    """A title without the doc number a page glued in front of it, and how much was cut.

    >>> unglue_doc_number("南政公领办发〔2016〕2号关于印发《2016年南县政务公开政务服务工作要点》的通知")
    ('关于印发《2016年南县政务公开政务服务工作要点》的通知', 14)
    >>> unglue_doc_number("(湘政办发〔2020〕9号) 湖南省人民政府办公厅关于印发某要点的通知")
    ('湖南省人民政府办公厅关于印发某要点的通知', 15)
    >>> unglue_doc_number("关于贯彻落实国办发〔2019〕54号文件的通知")
    ('关于贯彻落实国办发〔2019〕54号文件的通知', 0)
    """
    lead = len(title) - len(title.lstrip(NUMBER_GLUE))
    numbers = find_doc_numbers(title[lead:lead + 60])
    if not numbers or numbers[0][1] != 0:
        return title, 0
    rest = title[lead + numbers[0][2]:]
    cut = len(title) - len(rest.lstrip(NUMBER_GLUE))
    return title[cut:], cut


def find_title(text: str, *, before: Optional[int] = None) -> Optional[tuple[str, int, int]]:
    """Find the notice's title: the first line (or broken lines) shaped like one.

    Returns ``(title, start, end)`` or None. A trailing doc number in brackets
    is not part of the title, nor is one glued in front of it (``start`` is
    then where the title proper begins).

    >>> find_title("首页 > 文件\\n\\n关于印发《2016年南县政务公开\\n\\n工作要点》的通知\\n\\n各乡镇:")[0]
    '关于印发《2016年南县政务公开工作要点》的通知'
    """
    limit = len(text) if before is None else before
    line_start = _BLANK.match(text).end()
    while line_start < limit:
        found = _join_title_lines(text, line_start)
        if found:
            return found
        nl = text.find("\n", line_start)
        if nl < 0:
            break
        # from the next line with text: a title never starts on a blank line,
        # and trying each of a long run of them would take quadratic time
        line_start = _BLANK.match(text, nl + 1).end()
    return None


def promulgated_titles(title: str) -> list[str]:
    """Titles of the plans a notice promulgates, read off its own title.

    >>> promulgated_titles("某办公室关于印发《甲要点》和《乙要点》的通知")
    ['甲要点', '乙要点']
    >>> promulgated_titles("某县人民政府办公室关于印发某县2020年政务公开工作要点的通知")
    ['某县2020年政务公开工作要点']
    >>> promulgated_titles("某办公厅关于全面推进某工作的实施意见")
    []
    """
    if "印发" not in title or "转发" in title:
        # what a 转发 notice forwards is a document of its own (see forwarded_titles);
        # a 印发 after the 转发 is the forwarded document's
        return []
    quoted = PROMULGATED_RE.findall(title)
    if quoted:
        return quoted
    # 关于印发X的通知 without 《》: X is the plan
    m = UNQUOTED_PROMULGATED_RE.search(title)
    return [m.group(1)] if m else []


_FORWARD_RE = re.compile(r"转发(?P<rest>[^\n]{4,160})$")


def forwarded_titles(title: str) -> list[str]:
    """Titles of the documents a 转发 notice forwards, read off its own title.

    The forwarded document keeps its own title: a notice forwarding a notice
    shares the closing 的通知 with it.

    >>> forwarded_titles("福建省人民政府办公厅转发国务院办公厅关于做好政务舆情回应的通知")
    ['国务院办公厅关于做好政务舆情回应的通知']
    >>> forwarded_titles("平潭县公安局关于转发2010年全省公安机关警务公开工作意见")
    ['2010年全省公安机关警务公开工作意见']
    >>> forwarded_titles("某县人民政府办公室关于转发《某市政务公开工作要点》的通知")
    ['某市政务公开工作要点']
    >>> forwarded_titles("某县关于转发某市政务公开实施方案的通知")
    ['某市政务公开实施方案']
    >>> forwarded_titles("某办公室关于印发《甲要点》的通知")
    []
    """
    m = _FORWARD_RE.search(title)
    if not m:
        return []
    rest = m.group("rest")
    quoted = PROMULGATED_RE.findall(rest)
    if quoted:
        return quoted
    inner = rest[:-3] if rest.endswith("的通知") else rest
    if inner is not rest and re.search(rf"{TITLE_END}$", inner) and not inner.endswith("通知"):
        return [inner]
    return [rest]


def compact_spaces(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _find_title_line(text: str, target: str, pos: int) -> Optional[tuple[int, int]]:
    """Where a plan's title stands on its own line(s) after ``pos``: (start, end).

    The title may be broken over two or three lines, and may carry a few
    extra characters (a trailing 2020年 or the like).
    """
    lines = [(m.start(), m.end(), compact_spaces(m.group(0))) for m in re.finditer(r"^[^\n]*\S[^\n]*$", text[pos:], re.M)]
    for i, (start, end, line) in enumerate(lines):
        joined = line
        for j in range(i, min(i + 3, len(lines))):
            if j > i:
                joined += lines[j][2]
                end = lines[j][1]
            if joined == target or (joined.endswith(target) and len(joined) - len(target) <= 4):
                return pos + start, pos + end
            if not target.startswith(joined):
                break
    return None


def find_plans(text: str, titles: list[str], *, after: int) -> list[PlanBlock]:
    """Locate each promulgated plan's title line after ``after`` and cut the bodies.

    A plan runs from its title line to the next plan's title, or to the end
    matter (抄送, 本通知自…施行, 附件) that belongs to the notice.
    """
    starts: list[tuple[int, int, str]] = []
    pos = after
    for title in titles:
        found = _find_title_line(text, compact_spaces(title), pos)
        if found:
            starts.append((found[0], found[1], title))
            pos = found[1]
    plans = []
    for i, (tstart, tend, title) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        if i + 1 == len(starts):
            tail = END_MATTER_RE.search(text, tend, end)
            if tail:
                end = tail.start()
        plans.append(PlanBlock(title=title, title_start=tstart, start=tend, end=end))
    return plans


def _section_at(sections: list[tuple[int, str]], pos: int) -> Optional[str]:
    current = None
    for start, title in sections:
        if start > pos:
            break
        current = title
    return current


def _run_on_heading_length(sentence: str) -> int:
    """Length of the heading inside a first sentence that lacks its 。.

    >>> s = "全面开展营商环境评价深入贯彻落实《优化营商环境条例》,加快打造市场化、法治化营商环境"
    >>> s[:_run_on_heading_length(s)]
    '全面开展营商环境评价'
    >>> s = "创新办事方式?偨Y推广疫情防控期间政务服务经验做法,推行清单制"
    >>> s[:_run_on_heading_length(s)]
    '创新办事方式'
    """
    window = sentence[:HEADING_MAX]
    stop = HEADING_STOPS.search(window)
    limit = stop.start() if stop else len(window)
    for m in SENTENCE_OPENERS.finditer(window, 4, limit):
        return m.start()
    if stop and stop.start() >= 4:
        return stop.start()
    return len(sentence)


def _articles(text: str, start: int, end: int) -> list:
    """The articles (第一条, 第二条 …) of a body, in sequence.

    An article starts a line or a sentence (a crawler glues them after the
    。 that ends the one before); a 第十条 elsewhere (依照本办法第十条) is a
    reference, and so is one out of sequence.

    >>> t = "第一章总则第一条为规范管理,制定本办法。第二条本办法适用于全省。依照本办法第十条处理。第三条省政府办公厅负责指导。"
    >>> [m.group("printed") for m in _articles(t, 0, len(t))]
    ['第一条', '第二条', '第三条']
    """
    chapters = {m.end() for m in CHAPTER_RE.finditer(text, start, end)}
    kept, previous = [], 0
    for m in ARTICLE_RE.finditer(text, start, end):
        at = m.start("printed")
        opens = at == 0 or text[at - 1] in "。 \t\n" or at in chapters
        number = chinese_number(m.group("num"))
        if opens and number == previous + 1:
            kept.append(m)
            previous = number
    return kept


def _collapsed(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lost its line breaks (its lines average :data:`COLLAPSED_LINE` characters)."""
    lines = text.count("\n", start, end) + 1
    return end - start >= 2 * COLLAPSED_LINE and (end - start) / lines >= COLLAPSED_LINE


def _with_inline_markers(text: str, start: int, end: int, markers: list) -> list:
    """The task numbers at line starts, and those inside lines that continue their sequence.

    A (n) inside a line is a task when it is the number after the last task
    (or a (一) starting the sequence again); other (n) inside lines are
    enumerations within a task.

    >>> t = "甲。" * 200 + "(一)加强领导。主要包括(1)甲;(二)乙。(二)严格考核。(四)乙。(三)丙。"
    >>> [m.group("printed") for m in _with_inline_markers(t, 0, len(t), [])]
    ['(一)', '(二)', '(三)']
    """
    at_line_start = {m.start("printed") for m in markers}
    candidates = sorted(list(markers) + [m for m in INLINE_TASK_RE.finditer(text, start, end) if m.start("printed") not in at_line_start], key=lambda m: m.start("printed"))
    kept, previous = [], 0
    for m in candidates:
        number = chinese_number(m.group("num"))
        if m.start("printed") in at_line_start or number == previous + 1 or number == 1:
            kept.append(m)
            previous = number or previous
    return kept


def outline_body(text: str, start: int, end: int) -> list[TaskBlock]:
    """Find the sections and numbered tasks between ``start`` and ``end``.

    Position is reading order (the truth); the printed number is kept as
    written because documents misnumber (three tasks printed (十) in a row).
    A task ends where the next task or section begins.
    """
    sections = [
        (m.start(), m.group("title").strip())
        for m in SECTION_RE.finditer(text, start, end)
        if not TASK_RE.match(m.group(0))
    ]
    # a 办法 or 细则 is made of articles (第一条 …) under chapters (第一章 总则);
    # its (一) items are enumerations inside them
    articles = _articles(text, start, end)
    if len(articles) >= MIN_ARTICLES:
        chapters = [(m.start(), m.group("title").strip()) for m in CHAPTER_RE.finditer(text, start, end)]
        return _blocks(text, end, chapters, articles)
    markers = list(TASK_RE.finditer(text, start, end))
    if _collapsed(text, start, end):
        markers = _with_inline_markers(text, start, end, markers)
        taken = {s for s, _ in sections}
        sections = sorted(
            sections + [(m.start(), m.group("title").strip()) for m in INLINE_SECTION_RE.finditer(text, start, end) if m.start() not in taken]
        )
    if not markers:
        # 1. items are tasks only where there are no (一) items above them
        markers = list(ARABIC_TASK_RE.finditer(text, start, end))
    return _blocks(text, end, sections, markers)


def _blocks(text: str, end: int, sections: list[tuple[int, str]], markers: list) -> list[TaskBlock]:
    """The task blocks of ``markers``: each runs to the next task or section start."""
    boundaries = sorted({s for s, _ in sections} | {m.start() for m in markers} | {end})
    tasks = []
    for position, m in enumerate(markers, 1):
        task_end = next(b for b in boundaries if b > m.start())
        body_start = m.end("printed")
        # trailing blank lines are layout, not task text
        while task_end > body_start and text[task_end - 1] in " \t\n":
            task_end -= 1
        stop = text.find("。", body_start, task_end)
        line_end = text.find("\n", body_start, task_end)
        heading_end = stop if stop >= 0 else (line_end if line_end >= 0 else task_end)
        if line_end >= 0 and (stop < 0 or line_end < stop):
            # a heading never runs over a line break (a heading line without 。)
            heading_end = line_end
        if heading_end - body_start > HEADING_MAX:
            heading_end = body_start + _run_on_heading_length(text[body_start:heading_end])
        heading = text[body_start:heading_end].strip()
        tasks.append(
            TaskBlock(
                position=position,
                number=chinese_number(m.group("num")),
                number_printed=m.group("printed"),
                section=_section_at(sections, m.start()),
                heading=heading,
                start=m.start("printed"),
                end=task_end,
                heading_start=body_start,
                heading_end=heading_end,
            )
        )
    return tasks
