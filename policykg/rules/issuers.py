"""Who issued a document: the names at the head of its title, its signature, its header.

A title names its issuers before the verb (某办公厅关于…, 某办公厅转发…,
某办公室贯彻执行…); a joint document names several, separated by spaces or
、 (中共某省委办公厅 某省人民政府办公厅印发…), and each is an issuer. Names
are checked before they are believed: a candidate title that is really the
first sentence (为贯彻落实《国务院办公厅…) names no issuer.

Examples
--------
>>> issuers_in_title("中共河北省委办公厅 河北省人民政府办公厅印发《某意见》的通知")
['中共河北省委办公厅', '河北省人民政府办公厅']
>>> issuers_in_title("福建省人民政府办公厅转发国务院办公厅关于某事的通知")
['福建省人民政府办公厅']
>>> issuers_in_title("为贯彻落实《国务院办公厅关于某事的意见》")
[]

Where the text names no issuer in its title or signature, weaker evidence
does: the page's 责任部门 field (:func:`responsible_office`), and for an
interpretation (解读) the body whose document it explains
(:func:`explained_issuer`).
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Optional

from policykg.rules.docnumbers import find_doc_numbers, issuer_from_prefix, parse_doc_number
from policykg.rules.headers import label_re
from policykg.rules.regions import NATIONAL, VERTICAL_STARTS, find_region, is_national

__all__ = [
    "issuers_in_title",
    "issuer_from_title",
    "signature_issuers",
    "plausible_issuer",
    "national_body",
    "responsible_office",
    "explained_issuer",
    "site_account",
    "ORG_SUFFIX",
    "ORG_ENDINGS",
]

# The verb after the issuers in a title.
_VERB = re.compile(r"关于|联合印发|印发|转发|贯彻执行|贯彻落实|批转")
ORG_ENDINGS = r"(?:办公厅|办公室|人民政府|委员会|管委会|领导小组|小组|国务院|总局|局|厅|委|办|部|署|院|中心|支行|政府|中央|科协|联合会|总工会|妇联|残联)"
"""The words an organisation's name ends with, as a pattern to build others from (zones' signature and issuer lines)."""
ORG_SUFFIX = re.compile(ORG_ENDINGS + "$")
"""What an organisation's name ends with; tells an issuer (before 关于, above a date) from prose."""
_ORG_SUFFIX = ORG_SUFFIX
_NOT_A_NAME = re.compile(r"[《》〔〕\[\]()（）:;,。\d—―…|]|^(?:为|按照|根据|关于|附件|现将|现对|现就|近日|经)")
# 中共中央国务院, 中共某省委某省人民政府: a party body glued to a government one
_GLUED_JOINT = re.compile(r"(?<=中共中央)(?=国务院)|(?<=办公厅)(?=中共|国务院|[\u4e00-\u9fff]{2,4}?(?:省|自治区|市|县|区)人民政府)")
# 人力资源社会保障部、国家发展改革委等20部门: the named ones are the issuers
_JOINT_COUNT = re.compile(r"等(?:[\d一二三四五六七八九十]{1,3}个?)?(?:部门|单位)$")
# one name of a glued list of signatories (河北省人力资源和社会保障厅河北省教育厅…)
# bounded: a name is short, and findall stays linear on a long run of characters
_SIGNATORY = re.compile(r"[\u4e00-\u9fff]{0,40}?(?:办公厅|办公室|人民政府|委员会|管委会|领导小组|支行|总局|局|厅|部|委)")
_LEADING_DATE = re.compile(r"^\d{4}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}\s*日?\s*")
_BARE_SUFFIX = frozenset({"办公厅", "办公室"})
_BARE_SUFFIX_TUPLE = tuple(_BARE_SUFFIX)
# bodies of the central government: ministries, commissions, administrations
_NATIONAL = re.compile(r"^(?:国务院|中共中央|中央|全国|国家)|^[\u4e00-\u9fff]{1,10}(?:部|部办公厅|总局|总署)$")


def plausible_issuer(name: Optional[str]) -> bool:
    """Whether ``name`` can be an issuer's name (not a sentence, not a header run).

    >>> plausible_issuer("河北省人民政府办公厅"), plausible_issuer("附件:某方案某领导小组")
    (True, False)
    """
    return bool(name) and not _NOT_A_NAME.search(name) and bool(_ORG_SUFFIX.search(name))


# 科学技术部令第9号 关于修改…的决定; 中华人民共和国科学技术部令: a decree names its issuer before 令
_DECREE = re.compile(r"^(?:中华人民共和国)?(?P<name>[\u4e00-\u9fff]{2,30}?)令\s*(?:第\s*[\d一二三四五六七八九十百零〇]{1,6}\s*号)?(?=\s|$)")
# 《某厅关于某事的通知》解读: an interpretation is published by the body whose document it explains
_INTERPRETATION = re.compile(r"^《(?P<title>[^《》]{4,120})》\s*(?:政策)?解读$")


def issuers_in_title(title: str) -> list[str]:
    """The issuers a title names before its verb, each checked; empty when none.

    A decree (某部令第9号) names its issuer before 令; an interpretation of a
    quoted document (《某厅关于某事的通知》解读) is that document's issuer's.

    >>> issuers_in_title("科学技术部令第20号 科学技术部行政处罚实施办法")
    ['科学技术部']
    >>> issuers_in_title("《河北省教育厅关于某事的通知》解读")
    ['河北省教育厅']
    """
    decree = _DECREE.match(title.strip())
    if decree and plausible_issuer(decree.group("name")):
        return [decree.group("name")]
    explained = _INTERPRETATION.match(title.strip())
    if explained:
        return issuers_in_title(explained.group("title"))
    m = _VERB.search(title)
    if not m or m.start() == 0:
        return []
    # a page may glue the posting date before the title (2023年1月4日河北省教育厅…)
    head = _JOINT_COUNT.sub("", _LEADING_DATE.sub("", title[: m.start()].strip()))
    parts = [p for chunk in re.split(r"[\s、,]+", head) for p in _GLUED_JOINT.split(chunk) if p]
    parts = [q for p in parts for q in _glued_names(p)]
    if not parts or not all(plausible_issuer(p) for p in parts):
        return []
    return parts


def issuer_from_title(title: Optional[str]) -> Optional[str]:
    """The first issuer a title names (:func:`issuers_in_title`), or ``None``.

    The one answer to "who does this title say issued it", for a record
    and for a cited document alike.

    >>> issuer_from_title("国务院办公厅秘书局关于印发某方案的通知")
    '国务院办公厅秘书局'
    >>> issuer_from_title("关于印发《2016年南县政务公开政务服务工作要点》的通知") is None
    True
    """
    found = issuers_in_title(title or "")
    return found[0] if found else None


def national_body(name: Optional[str]) -> bool:
    """Whether ``name`` is a body of the central government (a ministry, 国务院 …).

    >>> national_body("人力资源社会保障部"), national_body("河北省科学技术厅"), national_body("科技部")
    (True, False, True)
    """
    if is_national(name):
        return True
    # ministries without a national prefix (人力资源社会保障部, 科技部), named without a place
    return bool(name) and bool(_NATIONAL.search(name)) and not re.search(r"省|自治区|市|县", name)


# a name is short: the bound keeps findall linear on a long run of characters without a suffix
_MINISTRY = re.compile(r"[\u4e00-\u9fff]{1,30}?(?:办公厅|办公室|委员会|总局|部|委|局)")


def _names(pattern: re.Pattern, text: str) -> list[str]:
    """The names ``pattern`` cuts ``text`` into; a bare 办公厅 or 办公室 belongs to the name before it."""
    pieces: list[str] = []
    for piece in pattern.findall(text):
        if piece in _BARE_SUFFIX and pieces:
            pieces[-1] += piece
        else:
            pieces.append(piece)
    return pieces


def _glued_ministries(head: str) -> list[str]:
    """Central ministries written one after another (科技部财政部发展改革委), each an issuer.

    >>> _glued_ministries("科技部财政部发展改革委"), _glued_ministries("国家税务总局湖南省税务局")
    (['科技部', '财政部', '发展改革委'], ['国家税务总局湖南省税务局'])
    """
    pieces = _names(_MINISTRY, head)
    if len(pieces) < 2 or "".join(pieces) != head or any(len(p) < 3 for p in pieces):
        return [head]
    # a local office of a vertical system (国家税务总局湖南省税务局) is one name:
    # no piece may name a place (市场监管总局 names none)
    if any(find_region(p) not in (None, NATIONAL) for p in pieces):
        return [head]
    # each piece a body of its own: 国务院办公厅秘书局 is one office, not 国务院办公厅 and its 秘书局
    if any(len(p) <= 3 and prev.endswith(_BARE_SUFFIX_TUPLE) for prev, p in zip(pieces, pieces[1:])):
        return [head]
    return pieces


_KINDS = [
    w.strip()
    for w in resources.files("policykg.rules").joinpath("data/document_kinds.txt").read_text(encoding="utf-8").splitlines()
    if w.strip() and not w.startswith("#")
]
# 附件:<title ending in its kind word><the signer>
_ATTACHMENT_THEN_NAME = re.compile(
    r"^附\s*件\s*\d?\s*[:：.]?\s*[^\s:：]{2,80}?(?:" + "|".join(map(re.escape, _KINDS)) + r")(?P<name>[\u4e00-\u9fff]{4,40})$"
)


def _vertical_offices(pieces: list[str]) -> list[str]:
    """A vertical system's name and the local office after it are one name (国家税务总局湖南省税务局)."""
    out: list[str] = []
    for piece in pieces:
        if out and out[-1] in VERTICAL_STARTS and find_region(piece) not in (None, NATIONAL):
            out[-1] += piece
        else:
            out.append(piece)
    return out


def signature_issuers(line: Optional[str]) -> list[str]:
    """The issuers of a signature line: one name, a glued list of names, or a name after page noise.

    >>> signature_issuers("河北省人力资源和社会保障厅河北省教育厅河北省财政厅")
    ['河北省人力资源和社会保障厅', '河北省教育厅', '河北省财政厅']
    >>> signature_issuers("河北省人民政府办公厅")
    ['河北省人民政府办公厅']
    >>> signature_issuers("链接:我省出台新规.html河北省人民政府")
    ['河北省人民政府']
    >>> signature_issuers("附件:某省小微企业降费工作方案某省减轻企业负担领导小组")
    ['某省减轻企业负担领导小组']
    """
    if not line:
        return []
    line = line.strip()
    attached = _ATTACHMENT_THEN_NAME.match(line)
    if attached:
        # the attachment list's last title runs into the signature: 附件:某方案某领导小组
        line = attached.group("name")
    if not plausible_issuer(line):
        tail = re.split(r"[^\u4e00-\u9fff]", line)[-1]
        return signature_issuers(tail) if plausible_issuer(tail) and len(tail) >= 4 else []
    glued = _glued_names(line)
    if len(glued) > 1:
        return glued
    return [line] if len(line) <= 40 else []


def _glued_names(name: str) -> list[str]:
    """Names written one after another without a break, each a name; else ``[name]``.

    Local bodies (河北省科学技术厅河北省财政厅, 中共河北省委河北省人民政府)
    and central ministries (科技部财政部发展改革委) alike; a vertical
    system's local office (国家税务总局河北省税务局) is one name.

    >>> _glued_names("中共河北省委河北省人民政府"), _glued_names("中共河北省委宣传部")
    (['中共河北省委', '河北省人民政府'], ['中共河北省委宣传部'])
    >>> _glued_names("中共河北省委教育工委中共河北省委机构编制委员会办公室河北省教育厅")
    ['中共河北省委教育工委', '中共河北省委机构编制委员会办公室', '河北省教育厅']
    """
    pieces = _local_units(_vertical_offices(_names(_SIGNATORY, name)))
    if len(pieces) > 1 and "".join(pieces) == name and all(len(p) >= 5 and plausible_issuer(p) for p in pieces):
        return pieces
    return _glued_ministries(name)


_BARE_COMMITTEE = re.compile(r"中共[\u4e00-\u9fff]{2,12}?委")


def _local_units(pieces: list[str]) -> list[str]:
    """A piece naming no place after a local body is part of its name when short, or after a bare party committee.

    中共河北省委 + 教育工委, + 宣传部, + 机构编制委员会办公室 are the committee's
    bodies; 中共河北省委 + 河北省人民政府 are two.
    """
    out: list[str] = []
    for piece in pieces:
        local = out and find_region(piece) is None and find_region(out[-1]) not in (None, NATIONAL)
        if local and (len(piece) < 5 or _BARE_COMMITTEE.fullmatch(out[-1])):
            out[-1] += piece
        else:
            out.append(piece)
    return out


# 责任部门: 省政府办公厅秘书一处 — the body, then the unit (处, 科, 股) inside it that answers for the page
_RESPONSIBLE = re.compile(
    "(?:" + label_re("responsible_office").pattern + r")\s*[:：]\s*"
    r"(?P<name>[\u4e00-\u9fff]{1,30}?(?:办公厅|办公室|人民政府|委员会|管委会|厅|局|委|部|办))(?P<unit>[\u4e00-\u9fff]{1,8}?[处科股])?(?![\u4e00-\u9fff]*牵头)"
)


def responsible_office(text: str, *, head: int = 1500, tail: int = 500) -> Optional[tuple[str, int, int]]:
    """The body a page's 责任部门 field names, without the unit inside it; ``(name, start, end)`` or ``None``.

    Only a field in the page's head or tail counts (the page's own, not a
    task table's), the last one first; a field that names a lead and
    partners (责任部门:省科技厅牵头,…) is a task's, not the page's.

    >>> responsible_office("正文。 公开程序:本单位审核后公开 责任部门:省政府办公厅秘书一处")[0]
    '省政府办公厅'
    >>> responsible_office("(三)某任务。责任部门:省科技厅牵头,省财政厅配合") is None
    True
    >>> responsible_office("正文" * 1000 + "(三)某任务。责任部门:省财政厅" + "正文" * 1000) is None
    True
    """
    found = None
    for m in _RESPONSIBLE.finditer(text):
        in_frame = m.start() < head or m.start() >= len(text) - tail
        if in_frame and plausible_issuer(m.group("name")):
            found = (m.group("name"), m.start("name"), m.end("name"))
    return found


# 2019年1月29日,省政府办公厅印发了《某意见》(冀政办字〔2019〕10号)
_EXPLAINED = re.compile(
    r"(?:^|[,，。;；\s])(?P<name>[\u4e00-\u9fff]{2,30}?(?:办公厅|办公室|人民政府|政府|委员会|厅|局|委|部))"
    r"(?:近日|日前|正式|联合)?印发了?《[^《》]{4,100}》\s*(?:[(（](?P<number>[^()（）]{4,24})[)）])?"
)


def explained_issuer(text: str, *, limit: int = 300) -> Optional[tuple[str, int, int]]:
    """Who issued the document an interpretation (解读) explains, named at its start: ``(name, start, end)``.

    A 解读 is published by the body whose document it explains, and opens
    by saying so (某厅印发了《某办法》…现解读如下). When the explained
    document's number is given, its prefix names the body in full.

    >>> explained_issuer("2019年1月29日,省政府办公厅印发了《关于某事的实施意见》(冀政办字〔2019〕10号),现解读如下。")[0]
    '河北省人民政府办公厅'
    >>> explained_issuer("近日,省科技厅印发了《某项目管理办法》。为便于理解,现解读如下。")[0]
    '省科技厅'
    >>> explained_issuer("省政府办公厅印发了《某意见》,请认真贯彻执行。") is None
    True
    """
    head = text[:limit]
    if "解读" not in head:
        return None
    m = _EXPLAINED.search(head)
    if not m:
        return None
    number = find_doc_numbers(m.group("number") or "")
    parsed = parse_doc_number(number[0][0]) if number else None
    info = issuer_from_prefix(parsed.prefix) if parsed else None
    if info and info.issuer:
        return info.issuer, m.start("name"), m.end("name")
    return m.group("name"), m.start("name"), m.end("name")


# 更多信息请关注官方微信“河北人社”: the site's own account, appended to every page it publishes
_ACCOUNT = re.compile(r"关注(?:官方|政务)?(?:微信公众号|微信|微博|公众号)\s*[“\"「『]\s*(?P<name>[\u4e00-\u9fff]{3,12})\s*[”\"」』]")


def site_account(text: str, *, tail: int = 300) -> Optional[tuple[str, int, int]]:
    """The department whose website published the page, from the account its footer names.

    Accounts write a department by its place and short stem without the
    level word (河北人社 is 河北省人社厅's); the level word of the place is
    put back (厅 for a province's department, 局 below), so the name can be
    resolved like any other (an account whose stem is no department's
    short name, 广东发布, resolves to nothing known and is the caller's to
    drop). Returns ``(name, start, end)`` of the account in ``text``, or
    ``None`` when the footer names no account of a place.

    >>> site_account("……正文。更多信息请关注官方微信“河北人社”")[0]
    '河北人社厅'
    >>> site_account("……正文。更多信息请关注官方微信“人民日报”") is None
    True
    """
    start = max(0, len(text) - tail)
    m = None
    for m in _ACCOUNT.finditer(text, start):
        pass
    if m is None:
        return None
    name = m.group("name")
    place = find_region(name)
    if place is None or place is NATIONAL:
        return None
    stem = name[len(place.short_name) :] if name.startswith(place.short_name) else ""
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", stem):
        return None
    word = "厅" if place.level == "provincial" else "局"
    return name + word, m.start("name"), m.end("name")
