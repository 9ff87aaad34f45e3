"""Names in responsibility clauses: splitting, roles and canonical names.

A task of a plan ends with a clause such as
``(省政务局、省司法厅牵头;省直相关单位,各市州、县市区人民政府负责)``. This
module splits such a clause into roles (:data:`ROLE_WORDS`), splits each role's
list into names (:func:`split_names`), and turns every name into its canonical
form in the issuer's jurisdiction (:func:`resolve_parties`).

Canonical names follow the way an official writes them in full:

* A level word is replaced by the place it means in the issuer's jurisdiction
  (:meth:`Region.for_prefix <policykg.rules.regions.Region.for_prefix>`):
  in a 平江县 plan 县市场监管局 is 平江县市场监督管理局, in a Hunan plan
  省政务局 is 湖南省政务管理服务局. Places are written as
  :attr:`Region.official_name <policykg.rules.regions.Region.official_name>`
  gives them: 湖南省, 岳阳市, 平江县, and a district with its city
  (吴忠市利通区).
* A name without a level word takes the place of the name before it in the
  same list (县市场监管局、自然资源局 → 平江县自然资源局), or else the
  jurisdiction's own place.
* A name that names its place (吴忠市市场监督管理局利通分局) keeps it.
* Abbreviated stems are expanded from ``data/agency_abbreviations.jsonl``
  (发展改革委 → 发展和改革委员会); 政府 becomes 人民政府; party bodies get
  中共…委 (省委网信办 → 中共湖南省委网络安全和信息化委员会办公室); a few
  bodies follow a template (税务局 → 国家税务总局平江县税务局).
* Collectives (县直相关单位, 各乡镇人民政府, 各级各部门 …) have kind
  ``collective`` and the canonical ``<place><collective>``; in ``X直有关单位``
  有关 and 相关 are the same word and 相关 is kept. Lower governments listed
  together share their quantifier and their 人民政府 (各市州、县市区人民政府 →
  湖南省各市州人民政府, 湖南省各县市区人民政府), and a plural of divisions
  with no quantifier means all of them (各).

Examples
--------
>>> hunan = Jurisdiction.from_issuer("湖南省人民政府办公厅")
>>> roles = parse_responsibility("省政务局、省司法厅牵头;省直相关单位,各市州、县市区人民政府负责")
>>> [m for m, _, _ in roles["lead"]]
['省政务局', '省司法厅']
>>> resolve_parties([m for m, _, _ in roles["responsible"]], hunan)
[('湖南省直相关单位', 'collective'), ('湖南省各市州人民政府', 'collective'), ('湖南省各县市区人民政府', 'collective')]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import Optional, Sequence

import json
from importlib import resources

from .docnumbers import has_number_marks
from .roles import JOINING_ROLE_WORDS, ROLE_LABELS, ROLE_WORDS, ROLES, WEAK_ROLE_WORDS
from .regions import LEVEL_PREFIXES, NATIONAL, VERTICAL_STARTS, Region, find_region, match_region, region_from_code  # noqa: F401 (doctests)

__all__ = [
    "ROLES",
    "ROLE_WORDS",
    "Jurisdiction",
    "split_names",
    "parse_responsibility",
    "parse_labelled_roles",
    "is_responsibility_clause",
    "canonical_party",
    "resolve_parties",
    "canonical_agency_name",
    "same_agency",
    "collective_rule",
    "is_government",
    "is_township_government",
    "answers_to_government",
    "ORG_SUFFIX",
    "agency_kind",
    "find_agency_names",
]

# The roles and their words are the role rule (policykg/rules/roles.py). A
# clause lists names, then the word that says what they do; longer words are
# tried first (负责落实 before 负责). Some plans name the parties on labelled
# lines instead (牵头单位:县财政局).
_ROLE_LABEL_RE = re.compile(
    r"(?:^|[\n;。])[ \t]*(?P<label>" + "|".join(sorted(map(re.escape, ROLE_LABELS), key=len, reverse=True)) + r")"
    r"[ \t]*[:：][ \t]*(?P<names>[^\n;。]+)"
)

# Words that also occur inside ordinary phrases count only at the end of a
# part of the clause (…政府各部门落实), never followed by more words.
_WEAK_ROLE_WORDS = WEAK_ROLE_WORDS

_ROLE_RE = re.compile("|".join(sorted(map(re.escape, ROLE_WORDS), key=len, reverse=True)))

_SEPARATORS = "、,，;；"
_OPEN, _CLOSE = "(（<〈《[【", ")）>〉》]】"
_JOINERS = ("以及", "和", "及", "与")

# What a name ends with. Used to tell a 和 that joins two names (各市州和有关
# 县市区人民政府) from one inside a name (住房和城乡建设厅), and a clause from
# an ordinary parenthetical.
_NAME_ENDS = (
    "局", "厅", "委", "办", "部", "院", "署", "会", "室", "中心", "政府", "单位", "部门", "机构",
    "机关", "州", "乡镇", "街道", "办事处", "区", "县", "市", "旗", "盟", "省", "公司", "集团",
    "站", "所", "队", "馆", "组", "处", "科", "校", "行", "社", "团", "联", "庭", "村", "社区",
)

# After 等, words that only say "and the like": dropped (…省医保局等单位).
_ETC_WRAPPERS = frozenset(
    {"", "单位", "部门", "机构", "有关单位", "相关单位", "有关部门", "相关部门", "有关机构", "相关机构",
     "成员单位", "单位和部门", "部门和单位", "职能部门", "有关职能部门", "相关职能部门"}
)

_LEADING_JUNK = ("分别由", "均由", "由", "请")
_TRAILING_JUNK = ("共同", "分别", "统一")

# Level words that open a name; longest first (自治区 before 区).
_LEVEL_PREFIXES = LEVEL_PREFIXES

# Words that begin with a level character without being a level prefix:
# 市场监管局 is a bureau, not 市 + 场监管局.
_NOT_PREFIX = (
    "市场", "市容", "市民", "市政公用", "市政工程", "市政设施", "市政管理", "区域", "县域", "市域",
    "省域", "省级", "市级", "县级", "区级", "州级", "省内", "市内", "县内", "区内", "省际",
)

# Plurals of divisions: 县市区 are the counties, county-level cities and
# districts together; they are collectives, never "县" + "市区".
# A division word with a bracketed list of others (县(市、区), 乡(镇、街道)) is
# a plural too.
_DIVISION_PLURALS = (
    "县市区", "县区市", "县市", "市县", "县区", "区县", "旗县", "市州", "乡镇街道", "乡镇", "镇街",
    "地级以上市", "省区市",
)
_DIVISION_SINGLES = ("自治区", "直辖市", "自治州", "省", "市", "州", "盟", "县", "区", "旗", "乡", "镇", "街道", "村", "社区")
_QUANTIFIERS = ("各有关", "各相关", "各", "有关", "相关", "所有", "全")
_GOVERNMENTS = ("人民政府", "政府", "办事处", "党委")


def _alt(words: Sequence[str]) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


# Inside the brackets 市区 (a city's districts) also occurs: 县(市区).
_DIV_WORD = f"(?:{_alt(_DIVISION_PLURALS + _DIVISION_SINGLES + ('市区',))})"
_DIV_LIST = rf"\({_DIV_WORD}(?:[、,]{_DIV_WORD})*\)"
_DIVISION_RE = re.compile(
    rf"^(?P<q>{_alt(_QUANTIFIERS)})?"
    rf"(?:(?P<plural>(?:{_alt(_DIVISION_PLURALS)})(?:{_DIV_LIST})?|(?:{_alt(_DIVISION_SINGLES)}){_DIV_LIST})"
    rf"|(?P<single>{_alt(_DIVISION_SINGLES)}))"
    rf"(?P<g>{_alt(_GOVERNMENTS)})?$"
)
_COLLECTIVE_RE = re.compile(r"各|^(有关|相关|所有|全体)|成员单位|(单位|部门|机构|机关|团体)$")
_ALIAS_RE = re.compile(r"[<〈(（]([^<〈(（>〉)）]*)[>〉)）]")


# ---------------------------------------------------------------- the table


@dataclass(frozen=True)
class _Entry:
    abbr: str
    full: str
    provincial: Optional[str] = None
    body: Optional[str] = None
    template: Optional[str] = None
    after: tuple[str, ...] = ()
    national: bool = False

    def stem(self, region: Optional[Region]) -> str:
        if self.provincial and region is not None and region.level == "provincial":
            return self.provincial
        return self.full


@dataclass(frozen=True)
class _Table:
    local: dict
    national: dict
    local_max: int
    national_max: int
    protected: tuple[str, ...]


# One JSON object per line:
#   abbr        the stem as written (发展改革委); matched at the start of the
#               name after its place, longest first
#   full        its full form (发展和改革委员会); equal to abbr for names that
#               need no expansion but must be known (住房和城乡建设厅)
#   provincial  the full form at provincial level, when it differs (办 → 办公厅)
#   body        "party": 中共<place>委<full>; "government": <place>人民政府<full>
#   template    the whole name around {place} (国家税务总局{place}税务局)
#   after       only valid right after these markers (办 after 政府 or 委)
#   level       "national": a central body, matched at the start of a name
#   note        for people only



AGENCY_ABBREVIATIONS = resources.files("policykg.rules").joinpath("data/agency_abbreviations.jsonl")
"""The abbreviation table (data): stems, templates and their bodies."""


def _abbreviation_rows() -> list[dict]:
    text = AGENCY_ABBREVIATIONS.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@functools.lru_cache(maxsize=None)
def _table() -> _Table:
    local: dict[str, _Entry] = {}
    national: dict[str, _Entry] = {}
    for row in _abbreviation_rows():
        entry = _Entry(
            abbr=row["abbr"],
            full=row.get("full", row["abbr"]),
            provincial=row.get("provincial"),
            body=row.get("body"),
            template=row.get("template"),
            after=tuple(row.get("after", ())),
            national=row.get("level") == "national",
        )
        (national if entry.national else local)[entry.abbr] = entry
    words = {w for e in [*local.values(), *national.values()] for w in (e.abbr, e.full)}
    # Every official name with 和/与/及 in it must not be split there.
    protected = tuple(sorted((w for w in words if any(j in w for j in _JOINERS)), key=len, reverse=True))
    return _Table(
        local=local,
        national=national,
        local_max=max(map(len, local)),
        national_max=max(map(len, national)),
        protected=protected,
    )


def _match_entry(text: str, table: dict, longest: int, marker: str = "") -> Optional[_Entry]:
    """The longest table entry at the start of ``text`` that ends on a word boundary."""
    for n in range(min(longest, len(text)), 0, -1):
        entry = table.get(text[:n])
        if entry is None:
            continue
        if entry.after and marker not in entry.after:
            continue
        nxt = text[n : n + 1]
        # 发展改革委 must not match the start of 发展改革委员会, nor 办 of 办公室.
        if (entry.abbr.endswith("委") and nxt == "员") or (entry.abbr.endswith("办") and nxt in ("公", "事")):
            continue
        return entry
    return None


# Plans repeat the same sentences, lists and names task after task and
# cascades notice after notice; the rules below are pure functions of their
# arguments, so answers are remembered (bounded, per process).
_MEMO = 1 << 15


# ---------------------------------------------------------------- splitting


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    changed = True
    while changed:
        changed = False
        for junk in _LEADING_JUNK:
            if text.startswith(junk, start) and end - start > len(junk) + 1:
                start += len(junk)
                changed = True
        for junk in _TRAILING_JUNK:
            if text.endswith(junk, start, end) and end - start > len(junk) + 1:
                end -= len(junk)
                changed = True
    return start, end


def _depths(text: str) -> list[int]:
    out, depth = [], 0
    for ch in text:
        if ch in _CLOSE:
            depth = max(0, depth - 1)
        out.append(depth)
        if ch in _OPEN:
            depth += 1
    return out


def _ends_like_name(text: str) -> bool:
    return _ALIAS_RE.sub("", text).endswith(_NAME_ENDS)


def _split_joiners(text: str, start: int, end: int, depth: list[int]) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` on a 和 (及, 与, 以及) that joins two names."""
    protected_spans = []
    for word in _table().protected:
        i = text.find(word, start, end)
        while i != -1:
            protected_spans.append((i, i + len(word)))
            i = text.find(word, i + 1, end)
    out, piece_start, i = [], start, start
    while i < end:
        joiner = next((j for j in _JOINERS if text.startswith(j, i)), None)
        if (
            joiner
            and depth[i] == 0
            and not any(a <= i < b for a, b in protected_spans)
            and _ends_like_name(text[piece_start:i])
            and end - (i + len(joiner)) >= 2
        ):
            out.append((piece_start, i))
            piece_start = i = i + len(joiner)
            continue
        i += 1
    out.append((piece_start, end))
    return out


def _split_etc(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Drop a trailing 等单位; split 甲等省直有关单位 into 甲 and 省直有关单位."""
    i = text.rfind("等", start, end)
    if i <= start:
        return [(start, end)]
    after = text[i + 1 : end]
    if after in _ETC_WRAPPERS:
        return [(start, i)]
    if after.startswith("各") or re.match(r"(省|市|州|县|区|旗)直", after) or _DIVISION_RE.match(after):
        return [(start, i), (i + 1, end)]
    return [(start, end)]


def split_names(text: str) -> list[tuple[str, int, int]]:
    """Split a list of names into ``(mention, start, end)`` with offsets into ``text``.

    Names are separated by 、 , ， ; ； and by a 和 (及, 与, 以及) that joins two
    names, never by one inside an official name (住房和城乡建设厅). A trailing
    等 / 等单位 / 等部门 is dropped; 甲等省直有关单位 gives 甲 and 省直有关单位.
    Nothing inside brackets is split (县(市、区)人民政府).

    Examples
    --------
    >>> [m for m, _, _ in split_names("各市州和有关县市区人民政府")]
    ['各市州', '有关县市区人民政府']
    >>> [m for m, _, _ in split_names("省住房城乡建设厅、省文化和旅游厅、省医保局等单位")]
    ['省住房城乡建设厅', '省文化和旅游厅', '省医保局']
    >>> split_names("县政府办、行政审批服务局")
    [('县政府办', 0, 4), ('行政审批服务局', 5, 12)]
    """
    return list(_split_names(text))


@functools.lru_cache(maxsize=_MEMO)
def _split_names(text: str) -> tuple[tuple[str, int, int], ...]:
    depth = _depths(text)
    pieces, start = [], 0
    for i, ch in enumerate(text):
        if ch in _SEPARATORS and depth[i] == 0:
            pieces.append((start, i))
            start = i + 1
    pieces.append((start, len(text)))
    out = []
    for a, b in pieces:
        a, b = _trim(text, a, b)
        if a >= b:
            continue
        for c, d in _split_joiners(text, a, b, depth):
            for e, f in _split_etc(text, c, d):
                e, f = _trim(text, e, f)
                if f > e:
                    out.append((text[e:f], e, f))
    return tuple(out)


# ---------------------------------------------------------------- clauses


def _unwrap(text: str) -> tuple[str, int]:
    s = text.strip()
    base = text.find(s) if s else 0
    if len(s) >= 2 and s[0] in "(（" and s[-1] in ")）":
        return s[1:-1], base + 1
    return s, base


def _role_parts(inner: str) -> tuple[list[tuple[str, int, int]], int]:
    """(role, names start, names end) for each role word, and where the last one ends."""
    parts, prev, last_end = [], 0, 0
    for m in _ROLE_RE.finditer(inner):
        if m.start() < prev:
            continue
        word = m.group()
        nxt = m.end()
        sep = next((k for k in range(nxt, len(inner)) if inner[k] in _SEPARATORS), len(inner))
        if word in _WEAK_ROLE_WORDS and sep != nxt:
            continue
        names = inner[prev : m.start()].strip(_SEPARATORS + " ")
        if not names:
            continue
        parts.append((ROLE_WORDS[word], prev, m.start()))
        if word in JOINING_ROLE_WORDS:
            # 县财政局会同县发改局负责: the next names start right after it
            prev = m.end()
            continue
        # A strong role word may carry a few more words (负责组织实施): they
        # belong to the role, not to the next names.
        prev = last_end = sep
    return parts, last_end


def parse_responsibility(clause: str) -> dict[str, list[tuple[str, int, int]]]:
    """Split a responsibility clause into roles and names, with offsets into ``clause``.

    The clause may keep or drop its parentheses. Each part of it lists names
    and ends with a role word (:data:`ROLE_WORDS`); parts are separated by ; or
    by a comma. Names after the last role word are ignored.

    Examples
    --------
    >>> r = parse_responsibility("吴忠市市场监督管理局利通分局牵头,各乡镇人民政府、政府各部门负责落实")
    >>> [(role, [m for m, _, _ in names]) for role, names in r.items() if names]
    [('lead', ['吴忠市市场监督管理局利通分局']), ('responsible', ['各乡镇人民政府', '政府各部门'])]
    >>> [m for m, _, _ in parse_responsibility("(省发展改革委、省医保局等单位按职责分工负责)")["shared"]]
    ['省发展改革委', '省医保局']
    >>> clause = "县政府办、行政审批服务局牵头;县直相关单位负责"
    >>> [clause[s:e] for _, s, e in parse_responsibility(clause)["lead"]]
    ['县政府办', '行政审批服务局']
    >>> r = parse_responsibility("县财政局会同县发改局负责")
    >>> [m for m, _, _ in r["lead"]], [m for m, _, _ in r["responsible"]]
    (['县财政局'], ['县发改局'])
    """
    return {role: list(names) for role, names in _parse_clause(clause)}


@functools.lru_cache(maxsize=_MEMO)
def _parse_clause(clause: str) -> tuple[tuple[str, tuple[tuple[str, int, int], ...]], ...]:
    # plans repeat the same clause task after task: parse each once
    inner, base = _unwrap(clause)
    out: dict[str, list[tuple[str, int, int]]] = {role: [] for role in ROLES}
    parts, _ = _role_parts(inner)
    for role, a, b in parts:
        for mention, s, e in split_names(inner[a:b]):
            out[role].append((mention, base + a + s, base + a + e))
    return tuple((role, tuple(names)) for role, names in out.items())


def parse_labelled_roles(text: str) -> dict[str, list[tuple[str, int, int]]]:
    """Roles named on labelled lines (牵头单位:…, 责任单位:…), with offsets into ``text``.

    Examples
    --------
    >>> text = "(一)加强领导。建立机制。\\n牵头单位:县财政局\\n责任单位:县直各单位、各乡镇人民政府\\n完成时限:2020年底前"
    >>> r = parse_labelled_roles(text)
    >>> [text[s:e] for _, s, e in r["lead"]], [m for m, _, _ in r["responsible"]]
    (['县财政局'], ['县直各单位', '各乡镇人民政府'])
    """
    out: dict[str, list[tuple[str, int, int]]] = {role: [] for role in ROLES}
    for m in _ROLE_LABEL_RE.finditer(text):
        base = m.start("names")
        for mention, s, e in split_names(m.group("names")):
            out[ROLE_LABELS[m.group("label")]].append((mention, base + s, base + e))
    return out


def _looks_like_party(name: str) -> bool:
    core = _ALIAS_RE.sub("", name)
    if not 2 <= len(core) <= 40 or re.search(r"\d|。", core):
        return False
    return core.endswith(_NAME_ENDS) or bool(_COLLECTIVE_RE.search(core)) or bool(_DIVISION_RE.match(core))


@functools.lru_cache(maxsize=_MEMO)
def is_responsibility_clause(text: str) -> bool:
    """Whether a parenthetical assigns responsibility, rather than abbreviating or citing.

    It must end with a role word and list only names.

    Examples
    --------
    >>> is_responsibility_clause("(省政务局牵头;省直相关单位,各市州、县市区人民政府负责)")
    True
    >>> is_responsibility_clause("各乡镇人民政府、政府各部门负责落实")
    True
    >>> is_responsibility_clause("(以下简称一体化平台)"), is_responsibility_clause("(国办发〔2019〕54号)")
    (False, False)
    >>> is_responsibility_clause("(确保政策落实)")
    False
    """
    inner, _ = _unwrap(text)
    if not inner or len(inner) > 300 or "。" in inner or has_number_marks(inner):
        return False
    if inner.startswith(("以下简称", "简称", "含", "包括", "下同")):
        return False
    parts, last_end = _role_parts(inner)
    if not parts or inner[last_end:].strip(_SEPARATORS + " "):
        return False
    names = [m for _, a, b in parts for m, _, _ in split_names(inner[a:b])]
    return bool(names) and all(_looks_like_party(m) for m in names)


# ---------------------------------------------------------------- jurisdiction


@dataclass(frozen=True)
class Jurisdiction:
    """Where a document's abbreviated names are to be read: its issuer's region.

    Examples
    --------
    >>> j = Jurisdiction.from_issuer("吴忠市利通区人民政府办公室")
    >>> j.region.code, j.name
    ('640302', '吴忠市利通区')
    >>> j.place("市").name
    '吴忠市'
    """

    region: Region
    issuer: Optional[str] = None

    @classmethod
    def from_issuer(cls, issuer: str, hint=None) -> Optional["Jurisdiction"]:
        """The jurisdiction of an issuer, or ``None`` when no division is named.

        ``hint`` is passed to :func:`~policykg.rules.regions.find_region`.

        >>> Jurisdiction.from_issuer("平江县人民政府办公室").name
        '平江县'
        >>> Jurisdiction.from_issuer("县人民政府办公室") is None
        True
        """
        region = find_region(issuer, hint)
        return cls(region, issuer) if region is not None else None

    @classmethod
    def for_issuer(cls, issuer: str, region: Optional[Region] = None, hint=None) -> "Jurisdiction":
        """The jurisdiction of an issuer whose region may already be known; never ``None``.

        Without ``region`` the issuer's own name is read (:meth:`from_issuer`).
        When no region is known at all, the nation stands in: it adds no place
        to any name, so abbreviations are still expanded and nothing is
        guessed.

        >>> Jurisdiction.for_issuer("县人民政府办公室", region_from_code("430626")).name
        '平江县'
        >>> Jurisdiction.for_issuer("县人民政府办公室").region is NATIONAL
        True
        """
        if region is None:
            region = find_region(issuer, hint) if issuer else None
        return cls(region if region is not None else NATIONAL, issuer or None)

    @property
    def name(self) -> str:
        """The place as written before its agencies' names (``""`` for the nation)."""
        return self.region.official_name

    def place(self, word: str) -> Optional[Region]:
        """The region a level word (省, 市, 县, 区, 自治区 …) means in this jurisdiction."""
        return self.region.for_prefix(word)


# ---------------------------------------------------------------- canonical names


@dataclass(frozen=True)
class _Resolved:
    canonical: str
    kind: str
    place: Optional[Region]
    place_text: str = ""
    quantifier: str = ""
    division: str = ""
    government: str = ""

    def with_division(self, quantifier: str, government: str) -> "_Resolved":
        canonical = self.place_text + quantifier + self.division + government
        return replace(self, canonical=canonical, quantifier=quantifier, government=government)


def _clean(mention: str) -> tuple[str, str]:
    """The mention without alias brackets and wrappers; and a 各 from a 的-qualifier."""
    text = mention.strip()

    def alias(m: re.Match) -> str:
        # 县(市、区) is part of the name; 审批服务管理局<政务服务中心> names an alias.
        inside = m.group(1)
        return m.group(0) if re.fullmatch(rf"{_DIV_WORD}(?:[、,]{_DIV_WORD})*", inside) else ""

    text = _ALIAS_RE.sub(alias, text)
    a, b = _trim(text, 0, len(text))
    text = text[a:b]
    if text.endswith("等") and len(text) > 2:
        text = text[:-1]
    quantifier = ""
    if "的" in text:
        # 各开设有政务新媒体的县直相关单位: the qualifier is not part of the name.
        head, _, text = text.rpartition("的")
        quantifier = "各" if head.startswith("各") else ""
    return text, quantifier


def _division_parts(text: str, bare_single: bool = False) -> Optional[re.Match]:
    m = _DIVISION_RE.match(text)
    if not m:
        return None
    # 县人民政府 is one government; only 各县人民政府 are many.
    if m.group("single") and not m.group("q") and not bare_single:
        return None
    return m


def _is_prefix(core: str, word: str) -> bool:
    rest = core[len(word) :]
    if not rest:
        return False
    if rest[0] == "直" or rest.startswith(("政府", "人民政府", "委")):
        return True
    t = _table()
    if _match_entry(rest, t.local, t.local_max, marker="") is not None:
        return True
    if core.startswith(_NOT_PREFIX) or core.startswith(_DIVISION_PLURALS) or _division_parts(core):
        return False
    return True


def _local_stem(core: str, region: Region) -> bool:
    """Whether ``core`` opens with the short name of the jurisdiction or an ancestor (平江高新区)."""
    for r in region.lineage:
        for suffix in ("自治县", "自治州", "县", "区", "市", "旗", "盟", "省", "州"):
            if r.name.endswith(suffix):
                stem = r.name[: -len(suffix)]
                if len(stem) >= 2 and core.startswith(stem):
                    return True
                break
    return False


def _expand(rest: str, place: Optional[Region], place_text: str, party: bool) -> tuple[str, str]:
    """Expand the part after the place; return (canonical, kind)."""
    national = place is NATIONAL
    if rest.startswith("直"):
        scope = "直" + re.sub(r"^(各)?有关", r"\1相关", rest[1:])
        return place_text + scope, "collective"
    if _COLLECTIVE_RE.search(rest):
        body = re.sub(r"(?<!人民)政府", "人民政府", rest)
        return place_text + body, "collective"

    committee = rest.startswith("委") and not rest.startswith("委员会")
    if committee:
        rest = rest[1:]
    government = False
    for word in ("人民政府", "政府"):
        if rest.startswith(word):
            government, rest = True, rest[len(word) :]
            break
    marker = "委" if committee else ("政府" if government else "")
    t = _table()
    entry = _match_entry(rest, t.local, t.local_max, marker)
    stem, tail = (entry.stem(place), rest[len(entry.abbr) :]) if entry else ("", rest)
    if entry and entry.template:
        return entry.template.format(place=place_text) + tail, "agency"
    if committee or (entry and entry.body == "party"):
        head = "中共中央" if national else "中共" + place_text + "委"
        return head + stem + tail, "agency"
    if party:
        return "中共" + place_text + stem + tail, "agency"
    if government or (entry and entry.body == "government"):
        head = "国务院" if national else place_text + "人民政府"
        return head + stem + tail, "agency"
    return place_text + stem + tail, "agency"


@functools.lru_cache(maxsize=_MEMO)
def _resolve(mention: str, jurisdiction: Jurisdiction, previous: Optional[Region]) -> _Resolved:
    core, quantifier = _clean(mention)
    t = _table()
    entry = _match_entry(core, t.national, t.national_max)
    if entry is not None:
        tail = core[len(entry.abbr) :]
        kind = "collective" if _COLLECTIVE_RE.search(tail) else "agency"
        # 国家税务总局平江县税务局 is a county office of a national system.
        local = match_region(tail) if tail else None
        place = local.region if local is not None and local.form != "level" else NATIONAL
        return _Resolved(entry.full + tail, kind, place)

    party = False
    for p in ("中国共产党", "中共"):
        if core.startswith(p) and not core.startswith(p + "中央"):
            party, core = True, core[len(p) :]
            break

    home = jurisdiction.region
    place: Optional[Region] = None
    place_text = ""
    explicit = False
    m = match_region(core, hint=home)
    if m is not None and m.form == "level":
        # A bare level word (县…): read below, with more care than a hint can take.
        m = None
    if m is not None and m.end > 0 and m.region is not NATIONAL:
        place, explicit = m.region, True
        # A bare province (湖南) is unambiguous and written in full; a bare
        # city name may be the start of something else (岳阳经开区, 中山大学)
        # and is kept as written.
        bare_city = m.form == "bare" and m.region.level != "provincial"
        place_text = core[: m.end] if bare_city else m.region.official_name
        rest = core[m.end :]
    elif m is not None and m.region is NATIONAL:
        # 国家铁路局, 中共中央办公厅: national, written in full already.
        kind = "collective" if _COLLECTIVE_RE.search(core) else "agency"
        return _Resolved(("中共" if party else "") + core, kind, NATIONAL)
    elif _local_stem(core, home) and _match_entry(core, t.local, t.local_max) is None:
        kind = "collective" if _COLLECTIVE_RE.search(core) else "agency"
        return _Resolved(core, kind, home)
    else:
        word = next((w for w in _LEVEL_PREFIXES if core.startswith(w) and _is_prefix(core, w)), None)
        if word is not None:
            target = jurisdiction.place(word)
            if target is not None:
                place, explicit, place_text = target, True, target.official_name
                rest = core[len(word) :]
            else:
                # A level this jurisdiction does not have (县 in a province's
                # plan): keep the word as the place, guess none.
                explicit, place_text, rest = True, word, core[len(word) :]
        else:
            rest = core

    division = _division_parts(rest)
    if division is not None:
        if not explicit:
            place, place_text = home, home.official_name
        q = division.group("q") or quantifier
        d = division.group("plural") or division.group("single")
        g = division.group("g") or ""
        g = "人民政府" if g == "政府" else g
        return _Resolved(place_text + (q or "各") + d + g, "collective", place, place_text, q, d, g)

    if not explicit:
        collective = bool(_COLLECTIVE_RE.search(rest)) or rest.startswith("直")
        # A national body before it lends no level: a local plan's bare names are local.
        place = home if collective or previous is None or previous is NATIONAL else previous
        place_text = place.official_name
    canonical, kind = _expand(rest, place, place_text, party)
    return _Resolved(canonical, kind, place, place_text)


def canonical_party(mention: str, jurisdiction: Jurisdiction, *, previous: Optional[str] = None) -> tuple[str, str]:
    """The canonical name and kind (``agency`` or ``collective``) of one mention.

    ``previous`` is the name before it in the same list (as written, or its
    canonical name): a name without a level word takes its place. For whole
    lists prefer :func:`resolve_parties`, which also shares quantifiers and
    人民政府 among listed governments.

    Examples
    --------
    >>> hunan = Jurisdiction.from_issuer("湖南省人民政府办公厅")
    >>> canonical_party("省委网信办", hunan)
    ('中共湖南省委网络安全和信息化委员会办公室', 'agency')
    >>> canonical_party("省国资委", hunan)
    ('湖南省人民政府国有资产监督管理委员会', 'agency')
    >>> canonical_party("省直有关单位", hunan)
    ('湖南省直相关单位', 'collective')
    >>> pj = Jurisdiction.from_issuer("平江县人民政府办公室")
    >>> canonical_party("县政府办", pj)
    ('平江县人民政府办公室', 'agency')
    >>> canonical_party("住建局", pj, previous="县市场监管局")
    ('平江县住房和城乡建设局', 'agency')
    """
    return _canonical_party(mention, jurisdiction, previous)


@functools.lru_cache(maxsize=_MEMO)
def _canonical_party(mention: str, jurisdiction: Jurisdiction, previous: Optional[str]) -> tuple[str, str]:
    prev = _resolve(previous, jurisdiction, None).place if previous else None
    r = _resolve(mention, jurisdiction, prev)
    return r.canonical, r.kind


def resolve_parties(mentions: Sequence[str], jurisdiction: Jurisdiction) -> list[tuple[str, str]]:
    """Canonical names and kinds of the names of one list, read together.

    Plans repeat the same lists task after task (县直相关单位,各乡镇人民政府),
    so answers are remembered per list and jurisdiction.

    A name without a level word takes the place of the one before it. Lower
    governments listed one after another share a quantifier and 人民政府:
    ``各市州、县市区人民政府`` are 各市州人民政府 and 各县市区人民政府;
    ``各市州和有关县市区人民政府`` are 各市州人民政府 and 有关县市区人民政府.

    Examples
    --------
    >>> pj = Jurisdiction.from_issuer("平江县人民政府办公室")
    >>> resolve_parties(["县市场监管局", "自然资源局", "住建局", "行政审批服务局"], pj)[1:3]
    [('平江县自然资源局', 'agency'), ('平江县住房和城乡建设局', 'agency')]
    >>> lt = Jurisdiction.from_issuer("吴忠市利通区人民政府办公室")
    >>> resolve_parties(["区网信办", "各乡镇人民政府", "政府各部门"], lt)
    [('中共吴忠市利通区委网络安全和信息化委员会办公室', 'agency'), ('吴忠市利通区各乡镇人民政府', 'collective'), ('吴忠市利通区人民政府各部门', 'collective')]
    """
    return list(_resolve_list(tuple(mentions), jurisdiction))


@functools.lru_cache(maxsize=_MEMO)
def _resolve_list(mentions: tuple[str, ...], jurisdiction: Jurisdiction) -> tuple[tuple[str, str], ...]:
    resolved: list[_Resolved] = []
    previous: Optional[Region] = None
    for mention in mentions:
        r = _resolve(mention, jurisdiction, previous)
        if not r.division:
            # 各省、自治区、直辖市人民政府: a bare division word after a plural joins it.
            core, _ = _clean(mention)
            if resolved and resolved[-1].division and _division_parts(core, bare_single=True):
                r = _resolve("各" + core, jurisdiction, previous)
                r = replace(r, quantifier="")
        resolved.append(r)
        previous = r.place

    # Share quantifiers forward and 人民政府 backward within each run of
    # consecutive division collectives.
    i = 0
    while i < len(resolved):
        if not resolved[i].division:
            i += 1
            continue
        j = i
        while j < len(resolved) and resolved[j].division:
            j += 1
        run = resolved[i:j]
        q = ""
        quantifiers = []
        for r in run:
            q = r.quantifier or q
            quantifiers.append(r.quantifier or q or "各")
        g = ""
        governments = []
        for r in reversed(run):
            g = r.government or g
            governments.append(r.government or g)
        governments.reverse()
        for k, r in enumerate(run):
            resolved[i + k] = r.with_division(quantifiers[k], governments[k])
        i = j
    return tuple((r.canonical, r.kind) for r in resolved)


def canonical_agency_name(name: str, jurisdiction: Optional[Jurisdiction] = None) -> str:
    """A normal form of an agency's name, for deciding that two names are one agency.

    Abbreviations are expanded and the place is written in its official form;
    a name without a place is read in ``jurisdiction`` (by default the
    nation, which adds no place). Canonical names map to themselves.

    Examples
    --------
    >>> canonical_agency_name("湖南省发改委")
    '湖南省发展和改革委员会'
    >>> canonical_agency_name("湖南省发展和改革委员会")
    '湖南省发展和改革委员会'
    >>> canonical_agency_name("岳阳市平江县市场监管局")
    '平江县市场监督管理局'
    """
    return _resolve(name, jurisdiction or Jurisdiction(NATIONAL), None).canonical


def same_agency(a: str, b: str, jurisdiction: Optional[Jurisdiction] = None) -> bool:
    """Whether two names denote the same agency (see :func:`canonical_agency_name`).

    >>> same_agency("中共湖南省委网信办", "中共湖南省委网络安全和信息化委员会办公室")
    True
    """
    return canonical_agency_name(a, jurisdiction) == canonical_agency_name(b, jurisdiction)


# ---------------------------------------------------------------- kinds of agency


@functools.lru_cache(maxsize=1)
def _collective_words() -> dict:
    path = resources.files("policykg.rules").joinpath("data/collectives.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["rules"] = [(re.compile(r["regex"]), {"kind": r["kind"], "depth": r["depth"]}) for r in data["rules"]]
    data["not_subordinate"] = re.compile(data["not_subordinate"])
    data["township_government"] = re.compile(data["township_government"])
    return data


def collective_rule(rest: str) -> dict:
    """Which agencies a collective stands for, from its name without the region.

    Returns ``{"kind": departments | governments | all | unknown, "depth":
    same | township | county | municipal | all}``; the words are data
    (``data/collectives.json``).

    >>> collective_rule("县直相关单位"), collective_rule("各市州人民政府")["depth"]
    ({'kind': 'departments', 'depth': 'same'}, 'municipal')
    >>> collective_rule("各级各部门")
    {'kind': 'all', 'depth': 'all'}
    """
    for pattern, rule in _collective_words()["rules"]:
        if pattern.search(rest):
            return dict(rule)
    return {"kind": "unknown", "depth": "same"}


def is_township_government(name: str) -> bool:
    """Whether a canonical name is a township's government (乡/镇人民政府, 街道办事处).

    >>> is_township_government("平江县三市镇人民政府"), is_township_government("平江县人民政府")
    (True, False)
    """
    return bool(_collective_words()["township_government"].search(name))


def is_government(name: str) -> bool:
    """Whether a canonical name is a people's government (国务院 included).

    >>> is_government("平江县人民政府"), is_government("国务院"), is_government("平江县财政局")
    (True, True, False)
    """
    return name.endswith("人民政府") or name == "国务院" or is_township_government(name)


def answers_to_government(name: str) -> bool:
    """Whether an agency is subordinate to its region's people's government.

    Party bodies, congresses and courts are not, nor the local offices of
    vertically managed systems (国家税务总局平江县税务局 answers to 国家税务总局).

    >>> answers_to_government("平江县财政局"), answers_to_government("中共平江县委办公室")
    (True, False)
    >>> answers_to_government("国家税务总局平江县税务局")
    False
    """
    if name.startswith(VERTICAL_STARTS):
        return False
    return not _collective_words()["not_subordinate"].search(name)


# ---------------------------------------------------------------- issuers

# What an organisation's name ends with is the issuer rule's (one list for both).
from .issuers import ORG_SUFFIX  # noqa: E402  (issuers imports no agency rule)


# ---------------------------------------------------------------- kinds, and names in running text

AGENCY_KINDS = ("government", "party_committee", "department", "office", "leading_group", "collective")
"""The kinds of agency a mention is recorded with (:func:`agency_kind`)."""


def agency_kind(canonical: str, party_kind: str = "agency") -> str:
    """The kind of an agency, from its canonical name.

    ``party_kind`` is the kind :func:`canonical_party` gave (``collective``
    wins over anything the name says).

    >>> [agency_kind(n) for n in ("平江县人民政府", "中共平江县委", "平江县人民政府办公室", "平江县财政局")]
    ['government', 'party_committee', 'office', 'department']
    >>> agency_kind("南县政务公开领导小组办公室"), agency_kind("湖南省各市州人民政府", "collective")
    ('leading_group', 'collective')
    """
    if party_kind == "collective":
        return "collective"
    if re.search(r"领导小组(?:办公室)?$", canonical):
        return "leading_group"
    if is_government(canonical):
        return "government"
    if canonical.startswith("中共") and re.search(r"(?:委|委员会)$", canonical) and not canonical.endswith("工委"):
        return "party_committee"
    if canonical.endswith(("办公厅", "办公室")):
        return "office"
    return "department"


_MARKERS = ("人民政府", "政府", "委")
_DIVISION_CHARS = "省市县区州乡镇村"
# What follows a name that is not one: a doc number's prefix (国办发〔2019〕,
# 国务院令第716号) or the compound 政府信息 (湖南省政府信息公开年度报告).
# 国务院部门, 省政府各部门 and 政府系统 are collectives, not the body itself.
_NOT_A_NAME_AFTER = re.compile(r"(?:发|函|令|字)[〔\[(（【第\d]|信息|系统")
_DEPARTMENTS_AFTER = re.compile(r"各?部门")
# 全省政府, 本级政府, 各地级以上市政府, 市辖区人民政府: a level word after these
# is no place.
_NOT_A_PLACE_AFTER = "全各本该级上辖"
_JOINER_CHARS = "和及与并、"


@functools.lru_cache(maxsize=1)
def _name_re() -> re.Pattern:
    # The stems of the abbreviation table (both forms), after an optional
    # 委/政府 marker; a bare marker is a name too (县人民政府, 县委).
    t = _table()
    # 办 (县政府办) only after a marker; the check is in find_agency_names.
    stems = {w for e in [*t.local.values(), *t.national.values()] for w in (e.abbr, e.full) if len(w) >= 2 or e.after}
    stems |= {"领导小组办公室", "领导小组"}
    alt = "|".join(map(re.escape, sorted(stems, key=len, reverse=True)))
    markers = "|".join(_MARKERS)
    bare = ("人民政府", "政府", "委")
    # The lookahead changes no match: it names every character a match can
    # start with, so the scan skips other places without trying each stem.
    first = "".join(sorted({w[0] for w in (*stems, *_MARKERS, *bare)}))
    return re.compile(rf"(?=[{re.escape(first)}])(?:(?P<marker>{markers})?(?P<stem>{alt})|(?P<bare>{'|'.join(bare)}))")


def _place_before(text: str, end: int, longest: int = 12) -> Optional[int]:
    """Where a place (县, 平江县, 中共湖南省, 吴忠市利通区 …) ending at ``end`` starts, or None."""
    # A place is Chinese characters only: only the run of them ending at
    # ``end`` is tried, longest first.
    run = 0
    while run < min(longest, end) and "\u4e00" <= text[end - run - 1] <= "\u9fff":
        run += 1
    for k in range(run, 0, -1):
        before = text[end - k : end]
        core = before[2:] if before.startswith("中共") else before
        if not core:
            continue
        if core in LEVEL_PREFIXES:
            # 县市区人民政府 is a list of levels, not 区人民政府
            if end - k > 0 and text[end - k - 1] in "省市县区州" + _NOT_A_PLACE_AFTER:
                return None
            return end - k
        if core[0] in _JOINER_CHARS and core[1:] in LEVEL_PREFIXES:
            # …和县政府: 和 joins two names here, it is not 和县
            continue
        m = match_region(core)
        if m is not None and m.end == len(core) and m.form != "level":
            return end - k
    return None


def _topic_start(text: str, end: int, longest: int = 12) -> Optional[int]:
    """Where the topic of a leading group (县政务公开领导小组) starts: right after a place."""
    for k in range(2, min(longest, end) + 1):
        if not re.fullmatch(r"[\u4e00-\u9fff]+", text[end - k : end]):
            return None
        if _place_before(text, end - k) is not None:
            return end - k
    return None


def find_agency_names(text: str) -> list[tuple[int, int]]:
    """Where agencies are named in running text, as ``(start, end)`` offsets.

    A name is a place (a level word such as 县, or a region) with a known
    stem of the abbreviation table or a government (县人民政府, 省政府办公厅,
    县委宣传部), or a national body, which needs no place (国务院办公厅,
    财政部). Bare local stems (进驻政务服务中心) are common nouns in prose and
    are not taken.

    >>> text = "经县人民政府同意,报省政府办公厅备案,会同财政部、县委宣传部推进政府网站建设"
    >>> [text[a:b] for a, b in find_agency_names(text)]
    ['县人民政府', '省政府办公厅', '财政部', '县委宣传部']
    >>> text = "完善政府办与宣传部门的协调机制,已经县政务公开领导小组同意,落实国办发〔2019〕54号"
    >>> [text[a:b] for a, b in find_agency_names(text)]
    ['政府办', '县政务公开领导小组']
    """
    return list(_agency_names(text))


@functools.lru_cache(maxsize=_MEMO)
def _agency_names(text: str) -> tuple[tuple[int, int], ...]:
    t = _table()
    out: list[tuple[int, int]] = []
    for m in _name_re().finditer(text):
        start, end = m.span()
        stem = m.group("stem")
        nxt = text[end : end + 1]
        if stem and ((stem.endswith("委") and nxt == "员") or (stem.endswith("办") and nxt in ("公", "事", "理"))):
            continue
        entry = (t.local.get(stem) or t.national.get(stem)) if stem else None
        marker = "政府" if m.group("marker") == "人民政府" else m.group("marker")
        if entry is not None and entry.after and marker not in entry.after:
            continue
        if _NOT_A_NAME_AFTER.match(text, end):
            continue
        if _DEPARTMENTS_AFTER.match(text, end) and (text[start:end].endswith("政府") or is_government(text[start:end])):
            continue
        if (stem or m.group("bare")) in ("领导小组", "领导小组办公室"):
            start = _topic_start(text, start)
            if start is None:
                continue
        place = _place_before(text, start)
        if place is None:
            # A national body needs no place; nor does a government's own
            # office (政府办, 政府办公室): it is the document's jurisdiction's.
            own_office = (
                entry is not None
                and entry.after
                and m.group("marker") == "政府"
                and (start == 0 or text[start - 1] not in _DIVISION_CHARS)
            )
            if not own_office and (entry is None or not entry.national or m.group("marker")):
                continue
            place = start
        if out and place < out[-1][1]:
            continue
        out.append((place, end))
    return tuple(out)
