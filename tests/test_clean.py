"""Tests of policykg.ingest.clean: what goes, what stays, and the offset map."""

from __future__ import annotations

import random
import re
import statistics
import time
from pathlib import Path

import opencc
import pytest

from policykg.ingest.clean import NOISE, CleanText, clean, is_pinyin_syllable
from policykg.ingest.records import Flag, Span

SAMPLES = Path(__file__).resolve().parents[1] / "examples" / "notices"
SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))
T2S = opencc.OpenCC("t2s")
REASONS = {"chrome", "spam", "ruby", "space"}


def sample(prefix: str) -> str:
    (path,) = [p for p in SAMPLE_FILES if p.name.startswith(prefix)]
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def cleaned() -> dict[str, CleanText]:
    return {p.name[:3]: clean(p.read_text(encoding="utf-8")) for p in SAMPLE_FILES}


# --- the sample corpus: must keep / must drop --------------------------------

MUST_KEEP = {
    "000": [
        "平江县人民政府办公室关于印发《平江县2020年政务管理服务工作要点》",
        "平江县人民政府办公室\n",
        "索 引 号: 43060000/2020-1717120 发布机构: 县人民政府办公室",
        "文  号: 平政办发〔2020〕5号",
        "生效日期: 2020-06-03 失效日期: 2025-06-03",
        "来源:县人民政府办公室 日期:2020-06-08 15:49",
        "各乡镇人民政府,平江高新区、福寿山汨罗江风景区,县直各单位:",
        "抄送:县委各部门,县人武部。",
        "2020年6月3日印发",
        "(十九)加强监督评估。",
        "?偨Y推广",  # mojibake is flagged, not removed
    ],
    "001": [
        "吴忠市利通区人民政府办公室关于印发《利通区2020年政务公开工作要点》的通知",
        "索引号 640302001/2020-00325 文号 吴利政办发〔2020〕60号 生成日期 2020-09-21",
        "各乡镇人民政府,区直各部门,各人民团体、直属事业单位,区属驻利各单位:",
        "吴忠市利通区人民政府办公室",
        "(此件公开发布)",
        "2020年9月17日",
    ],
    "002": [
        "关于印发《2016年南县政务公开政务服务工作要点》的通知",
        "索引号 694041623/2016-579796 发布机构 县行政审批局 发文日期 2016-11-16",
        "南政公领办发〔2016〕2号",
        "各乡镇人民政府,县直各单位:",
    ],
    "003": [
        "广东省人民政府办公厅关于全面推进基层政务公开标准化规范化工作的实施意见",
        "信息来源: 深圳市教育局 日期:2021-05-28 15:09:21",
        "粤府办〔2020〕10号",
        "各地级以上市人民政府,各县(市、区)人民政府,省政府各部门、各直属机构:",
        "(国办发〔2019〕54号)",
        "附件:",
        "1.国家部委制定的26个标准指引",
        "广东省人民政府办公厅\n",
        "2020年5月20日",
    ],
    "004": [
        "湖南省人民政府办公厅关于印发《湖南省2020年政务管理服务工作要点》和《湖南省2020年政务公开工作要点》的通知",
        "发布时间:2020-06-08 10:09",
        "来源: 省政府网",
        "湘政办发〔2020〕9号",
        "各市州、县市区人民政府,省政府各厅委、各直属机构:",
        "湖南省人民政府办公厅\n",
        "2020年3月20日",
        "(此件主动公开)",
        "(省政务局牵头,各市州、县市区人民政府负责)",
    ],
}

MUST_DROP = {
    "000": ["幸运快三", "当前位置", "视力保护色", "浏览量", "字号", "相关解读"],
    "001": ["当前位置", "图片链接", "附件下载", "扫一扫", "ICP备", "公网安备", "网站标识码", "主办单位"],
    "002": ["扫一扫"],
    "003": ["省(sheng)", "(fu)", "(zheng)", "草莓视频", "欢迎访问", "移动版", "简体版", "无障碍浏览", "内容纠错", "附件下载"],
    "004": ["头部", "您现在所在的位置", "分享到", "作者:", "字体", "扫一扫", "无标题文档"],
}


@pytest.mark.parametrize("seed", sorted(MUST_KEEP))
def test_sample_keeps_document_text(cleaned, seed):
    for snippet in MUST_KEEP[seed]:
        assert snippet in cleaned[seed].text, snippet


@pytest.mark.parametrize("seed", sorted(MUST_DROP))
def test_sample_drops_noise(cleaned, seed):
    for snippet in MUST_DROP[seed]:
        assert snippet not in cleaned[seed].text, snippet


def test_seed_003_has_no_ruby_left(cleaned):
    assert not re.search(r"[\u4e00-\u9fff]\([a-z]{2,}\)", cleaned["003"].text)
    assert sum(1 for *_, why in cleaned["003"].removed if why == "ruby") > 1000


def test_traditional_samples_become_simplified(cleaned):
    for seed in ("000", "003"):
        text = cleaned[seed].text
        assert T2S.convert(text) == text
    assert "辦" not in cleaned["000"].text and "縣" not in cleaned["000"].text


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name[:3])
def test_line_breaks_are_kept(path):
    source = path.read_text(encoding="utf-8")
    assert clean(source).text.count("\n") == source.count("\n")


def test_removed_reasons_on_samples(cleaned):
    reasons = {seed: {why for *_, why in c.removed} for seed, c in cleaned.items()}
    assert reasons["000"] == {"chrome", "spam"}
    assert {"chrome", "spam", "ruby"} <= reasons["003"]
    result = cleaned["003"]
    spam = [result.source[a:b] for a, b, why in result.removed if why == "spam"]
    assert spam == ["草莓视频在线下载"]


def test_mojibake_flags_on_seed_000(cleaned):
    flags = cleaned["000"].flags
    assert all(isinstance(f, Flag) and f.code == "mojibake" for f in flags)
    damaged = [f.span.text for f in flags]
    assert "?偨Y" in damaged
    assert "!耙患\ue491隆蹦苻k" in damaged  # with a private-use character inside
    assert any(text.startswith("?h") for text in damaged)
    source = cleaned["000"].source
    for flag in flags:
        assert source[flag.span.start : flag.span.end] == flag.span.text
    # 基于PC端 is an abbreviation, not damage.
    assert not any("PC" in text for text in damaged)


def test_clean_samples_have_no_flags_but_000(cleaned):
    for seed in ("001", "002", "003", "004"):
        assert cleaned[seed].flags == [], seed


# --- the offset map -----------------------------------------------------------


def expected_char(source_char: str) -> str:
    """What clean() may turn one source character into."""
    converted = T2S.convert(source_char)
    if len(converted) != 1:
        converted = source_char
    code = ord(converted)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    if converted in "\u3000\xa0":
        return " "
    return converted


def check_map(result: CleanText, rng: random.Random, samples: int = 300) -> None:
    source, text = result.source, result.text
    # Every cleaned character derives from the source character it maps to.
    positions = range(len(text)) if len(text) <= 2000 else rng.sample(range(len(text)), 2000)
    for i in positions:
        span = result.span(i, i + 1)
        assert span.end - span.start == 1
        assert expected_char(source[span.start]) == text[i], (i, source[span.start], text[i])
    # Random spans point at their source text.
    for _ in range(samples):
        start = rng.randrange(len(text) + 1)
        end = rng.randrange(start, len(text) + 1)
        span = result.span(start, end)
        assert isinstance(span, Span)
        assert source[span.start : span.end] == span.text
        assert 0 <= span.start <= span.end <= len(source)
        if end > start:
            assert span.start == result.source_offset(start)
            assert span.end == result.source_offset(end - 1) + 1
    # Kept and removed source characters partition the source exactly.
    mapped = [result.source_offset(i) for i in range(len(text))]
    assert mapped == sorted(set(mapped))
    covered = set(mapped)
    last_end = 0
    for start, end, why in result.removed:
        assert why in REASONS
        assert last_end <= start < end <= len(source)
        last_end = end
        piece = set(range(start, end))
        assert not piece & covered
        covered |= piece
    assert covered == set(range(len(source)))


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name[:3])
def test_offset_map_on_samples(path):
    result = clean(path.read_text(encoding="utf-8"))
    check_map(result, random.Random(path.name))


PIECES = [
    "廣東省", "(sheng)", "政府", "(fu)(fu)", "辦公廳", "(a)", "(含三级)", "各縣(市、區)", "(qu)",
    "（一）", "ＡＢＣ１２３", "\u3000", "\xa0", " ", "\n", "\r\n", "。", "、", "〔2020〕", "【", "】",
    "當前位置: 首頁 > 政務公開", "扫一扫在手机打开当前页", "幸运快三大小单双技巧", "草莓视频在线下载",
    "字號:【", "視力保護色:", "京ICP备12345678号", "確!耙患隆蹦苻k", "?偨Y", "\ufffd", "PC端",
    "湖南省人民政府办公厅", "抄送:县委各部门。", "2020年3月20日", "lǜ", "綠(lǜ)", "[ 內容糾錯 ]",
]


def test_offset_map_on_random_texts():
    rng = random.Random(20200603)
    for _ in range(300):
        source = "".join(rng.choice(PIECES) for _ in range(rng.randrange(0, 40)))
        check_map(clean(source), rng, samples=30)


def test_span_bounds():
    result = clean("省(sheng)政府\n扫一扫在手机打开当前页")
    assert result.text == "省政府\n"
    assert result.span(0, 0) == Span(0, 0, "")
    end = result.span(len(result.text), len(result.text))
    assert end.start == end.end and end.text == ""
    assert result.span(0, 3) == Span(0, 10, "省(sheng)政府")
    with pytest.raises(IndexError):
        result.span(2, 1)
    with pytest.raises(IndexError):
        result.span(0, len(result.text) + 1)


def test_empty_text():
    result = clean("")
    assert result.text == ""
    assert result.removed == []
    assert result.span(0, 0) == Span(0, 0, "")


# --- ruby -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, text",
    [
        ("省(sheng)", "省"),
        ("政府(fu)(fu)", "政府"),
        ("實(shi)(shi)(shi)現", "实现"),
        ("綠(lǜ)色", "绿色"),
        ("中(zhong1)国", "中国"),
        ("條款(a)", "条款(a)"),
        ("三级医院(含三级)", "三级医院(含三级)"),
        ("各縣(市、區)(qu)", "各县(市、区)(qu)"),
        ("文件(pdf)", "文件(pdf)"),
        ("网站(web)", "网站(web)"),
        ("省(Sheng)", "省(Sheng)"),
        ("2020(nian)", "2020(nian)"),
        ("政府(fu)(abc)", "政府(abc)"),
    ],
)
def test_ruby(source, text):
    assert clean(source).text == text


def test_is_pinyin_syllable():
    for word in ("sheng", "zhuang", "lv", "lǜ", "nüe", "er", "ai", "xiong", "fu4"):
        assert is_pinyin_syllable(word), word
    for word in ("a", "e", "abc", "pdf", "web", "Sheng", "shengg", "含三级", ""):
        assert not is_pinyin_syllable(word), word


# --- conversion and width -----------------------------------------------------


def test_width_normalisation():
    result = clean("（一）ＡＢＣ１２３\u3000第二\xa0款〔2020〕【】《》“”、。")
    assert result.text == "(一)ABC123 第二 款〔2020〕【】《》“”、。"


def test_traditional_to_simplified():
    result = clean("廣東省人民政府辦公廳關于全面推進")
    assert result.text == "广东省人民政府办公厅关于全面推进"
    assert result.span(0, 3).text == "廣東省"


def test_trailing_spaces_are_removed_with_exact_offsets():
    source = "第一行  \n\xa0\n第三行\u3000\r\n"
    result = clean(source)
    assert result.text == "第一行\n\n第三行\n"
    assert [why for *_, why in result.removed] == ["space", "space", "space"]
    check_map(result, random.Random(1))


# --- chrome and spam ------------------------------------------------------------

KEEP_LINES = [
    "湖南省人民政府办公厅关于印发《湖南省2020年政务公开工作要点》的通知",
    "各乡镇人民政府,县直各单位:",
    "(此件公开发布)",
    "（此件主动公开）",
    "2020年3月20日",
    "湖南省人民政府办公厅",
    "抄送:县委各部门,县人武部。",
    "抄送：省委各部门",
    "索 引 号: 43060000/2020-1717120 发布机构: 县人民政府办公室 信息状态:",
    "索引号 640302001/2020-00325 文号 吴利政办发〔2020〕60号 生成日期 2020-09-21",
    "生效日期: 2020-06-03 失效日期: 2025-06-03 公开方式: 政府网站",
    "来源:县人民政府办公室 日期:2020-06-08 15:49",
    "  • 来源: 省政府网",
    "  • 发布时间:2020-06-08 10:09",
    "附件:",
    "1.国家部委制定的26个标准指引",
    "(下载地址:)",
    "三、保护版权所有人合法权益",
    "三、加强福利彩票管理",
    "关于加强彩票市场管理的通知",
    "严厉打击非法彩票",
    "扫一扫二维码即可办理。",
    "联系电话:0731-88888888",
    "本通知自发布之日起施行。",
    "通过PC端、移动端办理",
]

NOISE_LINES = [
    ("当前位置: 首页 > 政务公开 > 法规文件", "chrome"),
    ("您现在所在的位置: 首页 > 政务公开", "chrome"),
    ("首页 > 政务公开 > 文件", "chrome"),
    ("扫一扫在手机打开当前页", "chrome"),
    ("附件下载:", "chrome"),
    ("字号:【大 中 小】", "chrome"),
    ("  • 字体【      】", "chrome"),
    ("视力保护色:", "chrome"),
    ("浏览次数:1234", "chrome"),
    ("分享到:", "chrome"),
    ("头部", "chrome"),
    ("无标题文档", "chrome"),
    ("移动版", "chrome"),
    ("| 简体版| 无障碍浏览| | 智能推送", "chrome"),
    ("【打印本页】【关闭窗口】", "chrome"),
    ("欢迎访问深圳市教育局门户网站! 现在是", "chrome"),
    ("京ICP备12345678号", "chrome"),
    ("网站标识码:6403020002", "chrome"),
    ("Copyright © 2020 湖南省人民政府 All Rights Reserved", "chrome"),
    ("》》相关解读:关于《平江县2020年政务管理服务工作要点》的解读说明", "chrome"),
    ("图片链接:一图读懂:《利通区2020年政务公开工作要点》", "chrome"),
    ("上一篇:关于做好防汛工作的通知", "chrome"),
    ("  • 作者:", "chrome"),
    ("幸运快三大小单双技巧", "spam"),
    ("草莓视频在线下载", "spam"),
    ("北京赛车pk10开奖直播", "spam"),
    ("澳门威尼斯人娱乐城", "spam"),
]


@pytest.mark.parametrize("line", KEEP_LINES)
def test_document_lines_are_kept(line):
    result = clean(f"正文。\n{line}\n正文。")
    expected = "".join(expected_char(ch) for ch in line)
    assert result.text == f"正文。\n{expected}\n正文。"
    assert result.removed == []


@pytest.mark.parametrize("line, reason", NOISE_LINES)
def test_noise_lines_are_removed(line, reason):
    result = clean(f"正文。\n{line}\n正文。")
    assert result.text == "正文。\n\n正文。"
    assert [why for *_, why in result.removed] == [reason]


def test_edge_footer_labels_only_at_the_edge():
    assert clean("正文。\n主办单位:平江县人民政府办公室\n技术支持:某公司").text == "正文。\n\n"
    assert clean("主办单位:平江县人民政府办公室\n\n正文。").text == "\n\n正文。"
    middle = "正文。\n主办单位:省政务局\n正文。"
    assert clean(middle).text == middle


def test_inline_chrome_in_header_lines():
    result = clean("來源:縣人民政府辦公室 日期:2020-06-08 15:49 字號:【\n信息來源: 深圳市教育局 [ 內容糾錯 ] 日期:2021-05-28")
    assert result.text == "来源:县人民政府办公室 日期:2020-06-08 15:49\n信息来源: 深圳市教育局 日期:2021-05-28"
    assert [result.source[a:b] for a, b, _ in result.removed] == [" 字號:【", " [ 內容糾錯 ]"]


def test_noise_table_is_documented():
    for reason, where, pattern, why in NOISE:
        assert reason in ("chrome", "spam")
        assert where in ("line", "edge", "inline", "short")
        assert (reason == "spam") == (where == "short")
        assert why.strip()
        re.compile(pattern)


# --- mojibake -------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, damaged",
    [
        ("創新辦事方式?偨Y推廣疫情防控", ["?偨Y"]),
        ("確!耙患隆蹦苻k、好辦", ["!耙患隆蹦苻k"]),
        ("爭創一流?h直入駐窗口", ["?h"]),
        ("政务\ufffd\ufffd公开", ["\ufffd\ufffd"]),
        ("政务\ue491公开", ["\ue491"]),
        ("基于PC端、自助端", []),
        ("创建4A级景区", []),
        ("怎么办？我们", []),  # a full-width question mark is punctuation
        ("使用App办理", []),
        ("line with ascii only? yes!", []),
    ],
)
def test_mojibake_flags(source, damaged):
    result = clean(source)
    assert [flag.span.text for flag in result.flags] == damaged
    for flag in result.flags:
        assert flag.code == "mojibake"
        assert flag.message
    assert T2S.convert(source).replace("？", "?") == result.text  # kept, not removed


# --- speed ----------------------------------------------------------------------


def test_clean_is_fast_on_the_largest_sample():
    source = max((p.read_text(encoding="utf-8") for p in SAMPLE_FILES), key=lambda s: len(s.encode("utf-8")))
    clean(source)  # load OpenCC and the character tables once
    timings = []
    for _ in range(7):
        started = time.perf_counter()
        clean(source)
        timings.append(time.perf_counter() - started)
    # The target is well under 5 ms; the bound leaves room for slow CI.
    assert statistics.median(timings) < 0.05
