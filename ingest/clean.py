"""Clean the source text of a scraped notice, keeping an exact offset map.

:func:`clean` takes the source text (from :func:`policykg.ingest.read.read_source`)
and returns a :class:`CleanText`: the text with page chrome, injected spam
lines and pinyin ruby annotations removed, traditional characters converted
to simplified ones and full-width ASCII narrowed. Every character of the
cleaned text comes from one character of the source, so any stretch of the
cleaned text maps back to a :class:`~policykg.ingest.records.Span` of the
source, which is what every record cites.

What is removed is listed in :data:`NOISE`, the one table of noise patterns,
and reported in :attr:`CleanText.removed`. Mojibake is kept and flagged.

Examples
--------
>>> page = "当前位置: 首页 > 政务公开\\n廣東省(sheng)人民政府辦公廳\\n草莓视频在线下载"
>>> result = clean(page)
>>> result.text
'\\n广东省人民政府办公厅\\n'
>>> span = result.span(1, 4)
>>> span.text, span.start, span.end
('廣東省', 16, 19)
>>> [reason for _, _, reason in result.removed]
['chrome', 'ruby', 'spam']
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Optional

from .records import Flag, OffsetMap, Span

__all__ = ["CleanText", "clean", "NOISE", "is_pinyin_syllable"]


# ---------------------------------------------------------------------------
# The noise table
# ---------------------------------------------------------------------------
#
# Each entry is (reason, where, pattern, why). Patterns are matched against a
# line after ruby removal, traditional-to-simplified conversion and width
# normalisation, so they are written once, in simplified characters and ASCII
# punctuation. ``where`` says how a match is used:
#
# - "line": the whole line (stripped of surrounding spaces and list bullets)
#   must match; the line's content is removed, its line break kept.
# - "edge": like "line", but only at the top or bottom of the page, that is
#   when nothing but blank lines and other noise separates the line from the
#   start or the end of the text. Used for footer labels that a document
#   could also contain in its body (主办单位 of an event, say).
# - "short": spam; see the entries below for when a match condemns a line.
# - "inline": every match inside a line that is otherwise kept is removed,
#   with the spaces before it. These patterns must not cross a line break
#   (use [ \t], not \s) and should start with a literal, which keeps the
#   scan of the whole text fast.
#
# Keep patterns narrow: a false positive deletes real document text, a false
# negative only leaves a little chrome for the parsers to ignore. A line
# with sentence punctuation (。 or ；) is never noise, whatever it matches. Header
# lines (索引号, 文号, 发布机构, 生效日期, 来源, 日期 ...) are *not* noise:
# the metadata parser reads them.

NOISE: tuple[tuple[str, str, str, str], ...] = (
    # --- navigation and page furniture -----------------------------------
    ("chrome", "line",
     r"(?:您现在所在的位置|您当前所在的?位置|您现在的位置|您当前的位置|您的位置|当前位置|所在位置)\s*[:>]?.*(?:首页|>|»|›).*",
     "breadcrumb trail above the document (当前位置: 首页 > 政务公开 > ...)"),
    ("chrome", "line",
     r"(?:网站)?首页\s*(?:>|»|›|/)\s*.*",
     "breadcrumb trail without its label"),
    ("chrome", "line",
     r"(?:手机|微信)?扫一扫.{0,16}",
     "QR-code prompt (扫一扫在手机打开当前页)"),
    ("chrome", "line",
     r"(?:相关)?附件下载\s*:?",
     "empty attachment-download box; the document's own 附件: list is kept"),
    ("chrome", "line",
     r"字[号体]\s*:?\s*[【\[]?\s*(?:[大中小]\s*)*[】\]]?",
     "font-size switcher (字号:【大 中 小】)"),
    ("chrome", "line",
     r"视力保护色\s*:?.{0,20}",
     "background-colour switcher"),
    ("chrome", "line",
     r"(?:浏览量|浏览次数|访问量|访问次数|阅读量|阅读次数|点击量|点击数|点击次数)\s*:?\s*\d*\s*次?",
     "page-view counter"),
    ("chrome", "line",
     r"分享到\s*:?.{0,40}",
     "social share buttons"),
    ("chrome", "line",
     r"(?:[|｜/\s]*[【\[]?(?:头部|底部|尾部|无标题文档|移动版|手机版|简体版|繁体版|简体|繁体|无障碍浏览|无障碍"
     r"|智能推送|长者模式|长者版|关怀版|English|登录|注册|网站地图|设为首页|加入收藏|返回顶部|返回首页|打印本页"
     r"|打印此页|关闭窗口|关闭本页|打印|关闭|收藏|RSS|智能问答)[】\]]?)+[|｜/\s]*",
     "a line made only of site-navigation links or HTML template names (头部, 无标题文档)"),
    ("chrome", "line",
     r"欢迎您?(?:访问|来到|光临|登录)[^。]{0,40}?(?:网站|门户|平台)[^。]{0,30}",
     "site welcome banner (欢迎访问...门户网站! 现在是...)"),
    ("chrome", "line",
     r"(?:》|>|»|\s)*(?:相关|延伸)(?:解读|链接|阅读|文章|新闻)\s*:.{0,200}",
     "related-links box (》》相关解读: ...); its titles are other pages, not citations"),
    ("chrome", "line",
     r"图片链接\s*:.{0,200}",
     "link to an infographic of the page (图片链接: 一图读懂: ...)"),
    ("chrome", "line",
     r"(?:上一篇|下一篇|上一条|下一条)\s*:.{0,200}",
     "links to the previous and next pages"),
    ("chrome", "line",
     r"(?:作者|编辑|责任编辑|审核|校对|摄影)\s*:\s*",
     "an empty byline field; it carries no information"),
    # --- footer ------------------------------------------------------------
    ("chrome", "line",
     r".{0,300}?(?:ICP备|ICP证|公网安备|网站标识码|网站识别码).{0,300}",
     "site footer: ICP licence, public-security registration, government site code"),
    ("chrome", "line",
     r"(?:Copyright|©|\(C\)|版权所有).{0,200}|.{0,100}?(?:版权所有\s*(?:[:©(]|$)|©\s*\d{4}|Copyright).{0,200}",
     "copyright footer; a heading such as 保护版权所有人权益 does not match"),
    ("chrome", "edge",
     r"(?:主办单位|承办单位|协办单位|主办|承办|技术支持|网站维护|维护单位|运行维护|联系我们|建议使用|推荐使用)"
     r"\s*:.{0,200}",
     "site footer labels; an event notice may have such lines in its body, so only at the page edge. "
     "联系电话/地址 lines are left alone: notices end with their own contact lines"),
    # --- injected spam -------------------------------------------------------
    # "short": searched for in a short standalone line (at most _SPAM_MAX_LEN
    # characters) with no sentence punctuation, no list number and none of
    # _DOCUMENT_WORDS; compromised sites inject such ads between paragraphs.
    ("spam", "short",
     r"快三|快3|时时彩|大小单双|六合彩|百家乐|博彩|赌场|娱乐城|老虎机|棋牌|彩票|投注|开奖|北京赛车|pk10|幸运飞艇|葡京|威尼斯人",
     "gambling and lottery ads (幸运快三大小单双技巧)"),
    ("spam", "short",
     r"草莓视频|视频在线|在线视频|在线观看|成人视频|成人影院|色情|约炮|福利视频|黄色视频",
     "porn and video-site ads (草莓视频在线下载)"),
    ("spam", "short",
     r"在线下载|免费下载|app下载|下载app",
     "app-download ads"),
    # --- fragments of kept header lines ------------------------------------
    ("chrome", "inline",
     r"字[号体][ \t]*:?[ \t]*[【\[][ \t]*(?:[大中小][ \t]*)*[】\]]?[ \t\r]*$",
     "font-size switcher at the end of the 来源/日期 header line"),
    ("chrome", "inline",
     r"(?:浏览量|浏览次数|访问量|阅读次数|点击数|点击量)[ \t]*:[ \t]*\d*[ \t]*次?[ \t\r]*$",
     "page-view counter at the end of a header line"),
    ("chrome", "inline",
     r"[\[【][ \t]*(?:内容纠错|我要纠错|打印本页|打印|关闭窗口|关闭|收藏|大|中|小)[ \t]*[\]】]",
     "bracketed buttons inside a header line ([ 内容纠错 ], 【打印】)"),
)

# Lines that are never spam: a notice may well be about 彩票 or 赌博, and
# then names an agency, a place or an action.
_DOCUMENT_WORDS = (
    r"通知|意见|办法|规定|方案|要点|工作|管理|政府|办公|机关|关于|印发|条例|公告|决定|规划|实施|监督|整治|打击|治理"
    r"|严禁|禁止|查处|专项|行动|非法|违法|部门|中心|单位|局|厅|委|省|市|县|区"
)
_SPAM_MAX_LEN = 40
_NUMBERED = r"(?:[一二三四五六七八九十百]+[、.]|[(（][一二三四五六七八九十百\d]+[)）]|\d+[、.．])"


def _compile_noise(where: str) -> re.Pattern:
    parts = [f"(?:{pattern})" for _, kind, pattern, _ in NOISE if kind == where]
    # Case matters for none of them (Copyright, RSS, APP下载); MULTILINE lets
    # the inline patterns anchor at line ends when the whole text is scanned.
    return re.compile("|".join(parts), re.IGNORECASE | re.MULTILINE)


_LINE_RE = _compile_noise("line")
_EDGE_RE = _compile_noise("edge")
_INLINE_RE = _compile_noise("inline")
_SPAM_RE = _compile_noise("short")
_SENTENCE_RE = re.compile("[。;；]")
_NEWLINE = re.compile("\n")
_TRAILING_SPACE = re.compile(r"[ \t\r]+$", re.MULTILINE)
_SPAM_VETO_RE = re.compile(f"{_DOCUMENT_WORDS}|[。,，;；:：?？!！、]|^{_NUMBERED}")
# Bullets and spaces that page templates put before header items (• 作者:).
_LINE_STRIP = " \t\r\u3000\xa0•·●▪■◆◇○"


# ---------------------------------------------------------------------------
# Pinyin ruby
# ---------------------------------------------------------------------------

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_TONE_CLASSES = {
    "a": "[aāáǎà]",
    "e": "[eēéěè]",
    "i": "[iīíǐì]",
    "o": "[oōóǒò]",
    "u": "[uūúǔù]",
    "v": "[vüǖǘǚǜ]",
}
# Initial + final of Mandarin, ü spelt v or ü, tone as a mark or a digit.
# It accepts a few non-syllables (such as "ten"), which is harmless for a
# word in brackets right after a Han character.
_FINALS = (
    "iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|er|ia|ie|iu|in|ua|uo|ui|un|ue|ve|vn"
    "|a|o|e|i|u|v"
)
_SYLLABLE = (
    rf"(?=[a-z{_TONED}]{{2}})"  # two letters at least: (a) is a list item, not a reading
    r"(?:[zcs]h|[bpmfdtnlgkhjqxrzcsyw])?"
    "(?:" + "".join(_TONE_CLASSES.get(ch, ch) for ch in _FINALS) + ")[1-5]?"
)
_SYLLABLE_RE = re.compile(_SYLLABLE)
# A run of annotations right after a Han character: 政府(fu)(fu). Candidates
# are found with a plain letter class (fast), then the leading brackets that
# hold real syllables are kept: 县(zhen)(abc) loses only (zhen).
_RUBY_CANDIDATE = re.compile(rf"(?<=[{_HAN}])(?:\([a-z{_TONED}]{{2,7}}[1-5]?\))+")
_RUBY_RUN = re.compile(rf"(?:\({_SYLLABLE}\))+")
_HAN_CHAR = re.compile(f"[{_HAN}]")


def is_pinyin_syllable(word: str) -> bool:
    """Tell whether ``word`` is one lowercase pinyin syllable of two letters or more.

    Single letters are refused because ``(a)`` after a character is more
    often a list item than a reading.

    Examples
    --------
    >>> [is_pinyin_syllable(w) for w in ("sheng", "lǜ", "zhuang4", "a", "abc", "Fu")]
    [True, True, True, False, False, False]
    """
    return _SYLLABLE_RE.fullmatch(word) is not None


def _ruby_ranges(text: str) -> list[tuple[int, int]]:
    """Source ranges of ruby runs: 政府(fu)(fu) gives the range of (fu)(fu)."""
    ranges = []
    for match in _RUBY_CANDIDATE.finditer(text):
        length = _valid_ruby_length(match.group())
        if length:
            ranges.append((match.start(), match.start() + length))
    return ranges


@lru_cache(maxsize=8192)
def _valid_ruby_length(run: str) -> int:
    # Ruby repeats the same few hundred syllables, so the cache does the work.
    match = _RUBY_RUN.match(run)
    return match.end() if match else 0


# ---------------------------------------------------------------------------
# Character conversion
# ---------------------------------------------------------------------------

_converter = None


def _opencc():
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    return _converter


def _to_simplified(text: str) -> str:
    """OpenCC t2s that never changes a line's length.

    OpenCC converts phrases, and a phrase may in principle map to one of a
    different length; such a line is converted character by character so
    that each output character still comes from the input one at its index.
    """
    converter = _opencc()
    converted = converter.convert(text)
    if len(converted) == len(text) and converted.count("\n") == text.count("\n"):
        old_lines, new_lines = text.split("\n"), converted.split("\n")
        if all(len(a) == len(b) for a, b in zip(old_lines, new_lines)):
            return converted
    else:
        old_lines = text.split("\n")
        new_lines = [converter.convert(line) for line in old_lines]
    out = []
    for old, new in zip(old_lines, new_lines):
        if len(old) != len(new):
            new = "".join(_char_t2s(ch) for ch in old)
        out.append(new)
    return "\n".join(out)


def _char_t2s(ch: str) -> str:
    new = _opencc().convert(ch)
    return new if len(new) == 1 else ch


_WIDE_RE = re.compile("[\uff01-\uff5e\u3000\xa0]")


def _narrow_char(match: re.Match) -> str:
    code = ord(match.group())
    return " " if code in (0x3000, 0xA0) else chr(code - 0xFEE0)


def _narrow(text: str) -> str:
    """Full-width ASCII to ASCII, ideographic and no-break spaces to spaces."""
    return _WIDE_RE.sub(_narrow_char, text)


# ---------------------------------------------------------------------------
# Mojibake
# ---------------------------------------------------------------------------

_CJK_PUNCT = "、，。；：？！“”‘’（）《》〈〉【】〔〕"
# An ASCII '?', '!' or one or two letters wedged between Han characters is
# what a page decoded with the wrong code page leaves behind (?偨Y推广).
# Runs are found with a cheap character class first and judged after.
# U+FFFD is a byte no codec could read; private-use characters are what
# GBK's user-defined area decodes to, and never occur in a real notice.
_MOJIBAKE_CANDIDATE = re.compile(r"[?!A-Za-z]+|[\ufffd\ue000-\uf8ff]+")
# Two capitals (PC端) are a real abbreviation and are not damage.
_MOJIBAKE_RUN = re.compile(r"[?!][A-Za-z?!]?|[A-Za-z][?!]|[a-z][A-Za-z]?|[A-Z][a-z]?")
_ASCII_DAMAGE = frozenset("?!abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_AFTER_RE = re.compile(f"[{_HAN}{_CJK_PUNCT},;:]")
# Single capitals that do stand between characters in notices (A级, B超, X光).
_LETTER_WORDS = re.compile(r"[A-Z](?=[级类股超光型档证])")
_MOJIBAKE_GAP = 6
_MOJIBAKE_EXTEND = 2


@lru_cache(maxsize=1)
def _gb2312() -> frozenset[str]:
    """The 6,763 Han characters of GB2312: anything else is rare in a notice."""
    chars = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return frozenset(chars)


# ---------------------------------------------------------------------------
# The cleaned text and its offset map
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CleanText:
    """A cleaned text with an exact map back to the source text.

    Attributes
    ----------
    source : str
        The text as read.
    text : str
        The cleaned text. ``text[i]`` comes from ``source[source_offset(i)]``.
    flags : list of Flag
        Things a reader should know, such as ``mojibake`` stretches.
    removed : list of tuple of (int, int, str)
        ``(start, end, reason)`` source offsets of each removed piece, in
        order; reason is ``"chrome"``, ``"spam"``, ``"ruby"`` or ``"space"``
        (trailing spaces of a line).
    """

    source: str
    text: str
    flags: list[Flag] = field(default_factory=list)
    removed: list[tuple[int, int, str]] = field(default_factory=list)
    # Kept source segments: segment k starts at _text_starts[k] in the
    # cleaned text and at _source_starts[k] in the source, and runs to the
    # next segment's start in the cleaned text.
    _text_starts: tuple[int, ...] = field(default=(0,), repr=False, compare=False)
    _source_starts: tuple[int, ...] = field(default=(0,), repr=False, compare=False)

    def segments(self) -> list[tuple[int, int]]:
        """The kept stretches as ``(cleaned offset, source offset)`` starts, in order.

        Each stretch runs to the next one's start; together with ``text`` they
        are the whole offset map (what the record store keeps).

        >>> clean("省(sheng)政府").segments()
        [(0, 0), (1, 8)]
        """
        return list(zip(self._text_starts, self._source_starts))

    def source_offset(self, i: int) -> int:
        """The source offset of the character at ``i`` in the cleaned text.

        ``i == len(text)`` gives the end of the last kept source character.

        Examples
        --------
        >>> clean("省(sheng)政府").source_offset(1)
        8
        """
        return self.offset_map.source_offset(i)

    @cached_property
    def offset_map(self) -> OffsetMap:
        """The offset map alone (:class:`~policykg.ingest.records.OffsetMap`), as the store keeps it."""
        return OffsetMap(self.text, tuple(self.segments()))

    def span(self, start: int, end: int) -> Span:
        """The source span that ``text[start:end]`` was cleaned from.

        The span runs from the source of the first character to just after
        the source of the last one, so it includes anything removed in
        between (a ruby annotation, say); ``span.text`` is that source text.

        Parameters
        ----------
        start, end : int
            Offsets into :attr:`text`, ``0 <= start <= end <= len(text)``.

        Returns
        -------
        Span
            With ``source[span.start:span.end] == span.text``.

        Examples
        --------
        >>> cleaned = clean("政府(fu)(fu)辦公廳")
        >>> cleaned.text
        '政府办公厅'
        >>> cleaned.span(1, 3)
        Span(start=1, end=11, text='府(fu)(fu)辦')
        """
        if not 0 <= start <= end <= len(self.text):
            raise IndexError(f"span [{start}, {end}) outside the cleaned text of length {len(self.text)}")
        offsets = self.offset_map  # the one offset rule, read directly: spans are asked for by the thousand
        first = offsets.source_offset(start)
        last = offsets.source_offset(end - 1) + 1 if end > start else first
        return Span(start=first, end=last, text=self.source[first:last])


def clean(source_text: str) -> CleanText:
    """Remove chrome, spam and ruby; simplify and narrow; flag mojibake.

    Line breaks are kept (a removed line leaves an empty line) so that the
    structure parser sees the document's lines; trailing spaces of lines are
    removed.

    Parameters
    ----------
    source_text : str
        The text as read by :func:`policykg.ingest.read.read_source`.

    Returns
    -------
    CleanText
        The cleaned text, its offset map, what was removed and any flags.

    Examples
    --------
    >>> result = clean("視力保護色:\\n確!耙患隆蹦苻k、好辦")
    >>> result.text
    '\\n确!耙患隆蹦苻k、好办'
    >>> [(flag.code, flag.span.text) for flag in result.flags]
    [('mojibake', '!耙患隆蹦苻k')]
    """
    source = source_text
    ruby = _ruby_ranges(source)

    # Stage 1: the source without ruby, as kept segments of the source.
    seg_src: list[int] = []
    seg_dst: list[int] = []
    pieces: list[str] = []
    pos = dst = 0
    for start, end in ruby:
        if start > pos:
            seg_src.append(pos)
            seg_dst.append(dst)
            pieces.append(source[pos:start])
            dst += start - pos
        pos = end
    if pos < len(source) or not seg_src:
        seg_src.append(pos)
        seg_dst.append(dst)
        pieces.append(source[pos:])
    stage = "".join(pieces)

    def to_source(i: int) -> int:
        k = bisect_right(seg_dst, i) - 1
        return seg_src[k] + (i - seg_dst[k])

    # Stage 2: simplified and narrowed; same length, same line breaks.
    normal = _narrow(_to_simplified(stage))

    # Stage 3: noise lines and fragments, found on the normalised lines.
    # Ruby never spans a line break, so line n of ``normal`` is line n of
    # the source.
    removals: list[tuple[int, int, str]] = []
    source_line_starts = [0] + [m.end() for m in _NEWLINE.finditer(source)]
    source_line_starts.append(len(source) + 1)
    normal_line_starts = [0] + [m.end() for m in _NEWLINE.finditer(normal)]
    kinds = _classify(normal.split("\n"))
    for n, kind in enumerate(kinds):
        if kind is not None:
            src_start, src_end = source_line_starts[n], source_line_starts[n + 1] - 1
            if src_end > src_start:
                removals.append((src_start, src_end, kind))

    def cut(start: int, end: int, reason: str) -> None:
        line = bisect_right(normal_line_starts, start) - 1
        if kinds[line] is None:
            removals.append((to_source(start), to_source(end - 1) + 1, reason))

    # Scanning the whole text once is much faster than line by line.
    for match in _INLINE_RE.finditer(normal):
        start, end = match.span()
        while start and normal[start - 1] in " \t":
            start -= 1
        if end > start:
            cut(start, end, "chrome")
    for match in _TRAILING_SPACE.finditer(normal):
        cut(match.start(), match.end(), "space")

    removed = _merge(removals, ruby)

    # Stage 4: the kept source segments, read off the normalised text.
    text_parts: list[str] = []
    text_starts: list[int] = []
    source_starts: list[int] = []
    pos = out = k = 0
    last = len(seg_src) - 1
    for start, end, _ in removed + [(len(source), len(source), "")]:
        if start > pos:
            # Kept pieces only grow in source order, so the stage-1 segment
            # holding ``pos`` is found by walking forward, not by searching.
            while k < last and seg_src[k + 1] <= pos:
                k += 1
            t = seg_dst[k] + (pos - seg_src[k])
            text_parts.append(normal[t : t + (start - pos)])
            text_starts.append(out)
            source_starts.append(pos)
            out += start - pos
        pos = max(pos, end)
    if not text_starts:
        text_starts, source_starts = [0], [0]
    cleaned = CleanText(
        source=source,
        text="".join(text_parts),
        removed=removed,
        _text_starts=tuple(text_starts),
        _source_starts=tuple(source_starts),
    )
    cleaned.flags.extend(_mojibake_flags(cleaned))
    return cleaned


def _classify(lines: list[str]) -> list[Optional[str]]:
    """Say for each line whether it is "chrome", "spam" or kept (None)."""
    kinds: list[Optional[str]] = []
    edge: list[bool] = []
    for line in lines:
        stripped = line.strip(_LINE_STRIP)
        kind = None
        is_edge = False
        if stripped and not _SENTENCE_RE.search(stripped):
            if _LINE_RE.fullmatch(stripped):
                kind = "chrome"
            elif _is_spam(stripped):
                kind = "spam"
            elif _EDGE_RE.fullmatch(stripped):
                is_edge = True
        kinds.append(kind)
        edge.append(is_edge)

    if any(edge):
        # An edge line is chrome when only blank lines, noise and other edge
        # lines lie between it and the top or the bottom of the page.
        def sweep(order: range) -> None:
            for n in order:
                if kinds[n] is not None or not lines[n].strip(_LINE_STRIP):
                    continue
                if edge[n]:
                    kinds[n] = "chrome"
                    continue
                return

        sweep(range(len(lines)))
        sweep(range(len(lines) - 1, -1, -1))
    return kinds


def _is_spam(line: str) -> bool:
    return len(line) <= _SPAM_MAX_LEN and bool(_SPAM_RE.search(line)) and not _SPAM_VETO_RE.search(line)


def _merge(removals: list[tuple[int, int, str]], ruby: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Sort the removed pieces and fold overlapping ones into the first."""
    pieces = sorted(removals + [(a, b, "ruby") for a, b in ruby])
    merged: list[tuple[int, int, str]] = []
    for start, end, reason in pieces:
        if merged and start < merged[-1][1]:
            last = merged[-1]
            if end > last[1]:
                merged[-1] = (last[0], end, last[2])
            continue
        merged.append((start, end, reason))
    return merged


def _mojibake_flags(cleaned: CleanText) -> list[Flag]:
    text, source = cleaned.text, cleaned.source
    hits: list[tuple[int, int]] = []
    for match in _MOJIBAKE_CANDIDATE.finditer(text):
        start, end = match.span()
        if text[start] in _ASCII_DAMAGE:
            if (
                not start
                or end >= len(text)
                or not _MOJIBAKE_RUN.fullmatch(text, start, end)
                or not _HAN_CHAR.match(text, start - 1)
                or not _AFTER_RE.match(text, end)
                or (end - start == 1 and _LETTER_WORDS.match(text, start))
            ):
                continue
        # A full-width ？ or ！ narrowed to ASCII is punctuation, not damage.
        if any(source[cleaned.source_offset(i)] != text[i] for i in range(start, end)):
            continue
        if hits and start - hits[-1][1] <= _MOJIBAKE_GAP and "\n" not in text[hits[-1][1] : start]:
            hits[-1] = (hits[-1][0], end)
        else:
            hits.append((start, end))

    flags = []
    rare = _gb2312()
    for start, end in hits:
        # Mojibake also turns the bytes around the visible damage into rare
        # characters (偨 in ?偨Y); take up to two of them into the stretch.
        for _ in range(_MOJIBAKE_EXTEND):
            if start > 0 and _is_rare_han(text[start - 1], rare):
                start -= 1
        for _ in range(_MOJIBAKE_EXTEND):
            if end < len(text) and _is_rare_han(text[end], rare):
                end += 1
        span = cleaned.span(start, end)
        flags.append(
            Flag(
                code="mojibake",
                message=f"text damaged by a wrong code page, kept as is: {span.text!r}",
                span=span,
            )
        )
    return flags


def _is_rare_han(ch: str, common: frozenset[str]) -> bool:
    return "\u3400" <= ch <= "\u9fff" and ch not in common
