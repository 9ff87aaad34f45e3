"""The 发文字号 rule: finding, normalising and splitting document numbers."""

from __future__ import annotations

import pytest

from policykg.rules.docnumbers import (
    doc_number_prefix,
    find_doc_numbers,
    normalise_doc_number,
    parse_doc_number,
    scan_doc_numbers,
)

FIND_CASES = [
    ("湘政办发〔2020〕9号", ["湘政办发〔2020〕9号"]),
    ("湘政办发[2020]9号", ["湘政办发〔2020〕9号"]),
    ("粤府办(2020)10号", ["粤府办〔2020〕10号"]),
    ("粤府办（2020）10号", ["粤府办〔2020〕10号"]),
    ("粤府办【2020】10号", ["粤府办〔2020〕10号"]),
    ("湘政办发 [ 2020 ] 9 号", ["湘政办发〔2020〕9号"]),
    ("湘政办发〔2020〕第9号", ["湘政办发〔2020〕9号"]),
    ("南政公领办发〔2016〕2号", ["南政公领办发〔2016〕2号"]),
    ("国办公开办函〔2019〕61号", ["国办公开办函〔2019〕61号"]),
    # the sentence in front of the abbreviation is not part of it
    ("认真抓好国办发〔2019〕54号文和本实施意见", ["国办发〔2019〕54号"]),
    ("落实国务院办公厅国办发〔2019〕54号文件精神", ["国办发〔2019〕54号"]),
    ("落实(国办发〔2019〕54号)文件要求", ["国办发〔2019〕54号"]),
    ("湖南省人民政府办公厅湘政办发〔2020〕9号", ["湘政办发〔2020〕9号"]),
    ("文号: 平政办发〔2020〕5号", ["平政办发〔2020〕5号"]),
    # decrees
    ("国务院令第716号", ["国务院令第716号"]),
    ("贯彻落实《优化营商环境条例》(国务院令第722号)", ["国务院令第722号"]),
    ("国务院第722号令", ["国务院令第722号"]),
    ("中华人民共和国国务院令第711号", ["国务院令第711号"]),
    ("湖南省人民政府令第301号", ["湖南省人民政府令第301号"]),
    ("住房和城乡建设部令第3号", ["住房和城乡建设部令第3号"]),
    # several in one text
    ("(国办发〔2018〕123号)、湖南省政务管理服务局《通知》(湘政务发〔2019〕1号)", ["国办发〔2018〕123号", "湘政务发〔2019〕1号"]),
    # damaged: a year bracket lost
    ("穗府办函〔202053号", ["穗府办函〔2020〕53号"]),
    ("穗府办函2020〕53号", ["穗府办函〔2020〕53号"]),
    # not numbers
    ("2020年", []),
    ("2020年底前完成", []),
    ("2020年第3号公告", []),
    ("命令第3号", []),
    ("工作要点(2020)", []),
    ("释放政策信号", []),
    ("对两批200件“事”逐步推行跨县办理", []),
]


@pytest.mark.parametrize("text,expected", FIND_CASES)
def test_find_doc_numbers(text, expected):
    found = find_doc_numbers(text)
    assert [n for n, _, _ in found] == expected
    for number, start, end in found:
        assert normalise_doc_number(text[start:end]) == number


@pytest.mark.parametrize(
    "text,damaged",
    [("穗府办函〔202053号", True), ("穗府办函2020〕53号", True), ("穗府办函〔2020〕53号", False), ("国务院令第716号", False)],
)
def test_damaged_numbers_are_marked(text, damaged):
    (hit,) = scan_doc_numbers(text)
    assert hit.damaged is damaged
    assert hit.text == text


NORMALISE_CASES = [
    ("湘政办发[2020]9号", "湘政办发〔2020〕9号"),
    ("粤府办(2020)10号", "粤府办〔2020〕10号"),
    ("粤府办（2020）10号", "粤府办〔2020〕10号"),
    ("粤府办［2020］10号", "粤府办〔2020〕10号"),
    ("国办发〔2019〕54号文", "国办发〔2019〕54号"),
    ("国办发〔2019〕54号文件", "国办发〔2019〕54号"),
    (" 湘政办发 〔2020〕 9号 ", "湘政办发〔2020〕9号"),
    ("湘政办发〔２０２０〕９号", "湘政办发〔2020〕9号"),
    ("国务院第716号令", "国务院令第716号"),
    ("穗府办函〔202053号", "穗府办函〔2020〕53号"),
    ("不是文号", None),
    ("《国办发〔2019〕54号》", "国办发〔2019〕54号"),
    ("(平政办发〔2020〕5号)", "平政办发〔2020〕5号"),
    ("（湘政办发[2020]9号）", "湘政办发〔2020〕9号"),
    ("湘政办发〔2020〕9号)", "湘政办发〔2020〕9号"),
    ("【国务院令第716号】", "国务院令第716号"),
]


@pytest.mark.parametrize("text,expected", NORMALISE_CASES)
def test_normalise_doc_number(text, expected):
    assert normalise_doc_number(text) == expected


@pytest.mark.parametrize("text", [n for _, n in NORMALISE_CASES])
def test_normalising_is_idempotent(text):
    assert normalise_doc_number(normalise_doc_number(text)) == normalise_doc_number(text)


PARSE_CASES = [
    ("湘政办发〔2020〕9号", ("湘政办发", 2020, 9)),
    ("湘政办发[2020]9号", ("湘政办发", 2020, 9)),
    ("吴利政办发〔2020〕60号", ("吴利政办发", 2020, 60)),
    ("国务院令第716号", ("国务院令", None, 716)),
    ("2020年", None),
    ("认真抓好国办发〔2019〕54号文", None),  # a sentence, not a number
]


@pytest.mark.parametrize("text,expected", PARSE_CASES)
def test_parse_doc_number(text, expected):
    parsed = parse_doc_number(text)
    assert (parsed[:3] if parsed else None) == expected
    assert doc_number_prefix(text) == (expected[0] if expected else None)


@pytest.mark.parametrize(
    "text, number",
    [
        # an issuer abbreviation may open with a place whose name holds a
        # character that is a function word in running text
        ("即墨政办发〔2019〕1号", "即墨政办发〔2019〕1号"),
        ("从化府办〔2020〕3号", "从化府办〔2020〕3号"),
        ("和平政发[2019]1号", "和平政发〔2019〕1号"),
        ("日照政办发(2019)1号", "日照政办发〔2019〕1号"),
        ("按国办发〔2019〕54号文件要求", "国办发〔2019〕54号"),
        ("根据平政办发〔2020〕5号", "平政办发〔2020〕5号"),
    ],
)
def test_place_names_at_the_start_of_a_prefix_are_kept(text, number):
    assert [m.number for m in scan_doc_numbers(text)] == [number]
    assert normalise_doc_number(number) == number
