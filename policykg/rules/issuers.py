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
"""

from __future__ import annotations

import re
from typing import Optional

from policykg.rules.regions import is_national

__all__ = ["issuers_in_title", "signature_issuers", "plausible_issuer", "national_body"]

# The verb after the issuers in a title.
_VERB = re.compile(r"关于|联合印发|印发|转发|贯彻执行|贯彻落实|批转")
_ORG_SUFFIX = re.compile(r"(?:办公厅|办公室|人民政府|委员会|管委会|领导小组|小组|总局|局|厅|委|办|部|院|中心|支行|政府|中央)$")
_NOT_A_NAME = re.compile(r"[《》〔〕\[\]()（）:;,。\d]|^(?:为|按照|根据|关于|附件|现将|近日|经)")
# 中共中央国务院, 中共某省委某省人民政府: a party body glued to a government one
_GLUED_JOINT = re.compile(r"(?<=中共中央)(?=国务院)|(?<=办公厅)(?=中共|国务院|[\u4e00-\u9fff]{2,4}?(?:省|自治区|市|县|区)人民政府)")
# 人力资源社会保障部、国家发展改革委等20部门: the named ones are the issuers
_JOINT_COUNT = re.compile(r"等[\d一二三四五六七八九十]{1,3}个?(?:部门|单位)$")
# one name of a glued list of signatories (河北省人力资源和社会保障厅河北省教育厅…)
# bounded: a name is short, and findall stays linear on a long run of characters
_SIGNATORY = re.compile(r"[\u4e00-\u9fff]{1,40}?(?:办公厅|办公室|人民政府|委员会|管委会|领导小组|支行|总局|局|厅|部)")
_BARE_SUFFIX = frozenset({"办公厅", "办公室"})
# bodies of the central government: ministries, commissions, administrations
_NATIONAL = re.compile(r"^(?:国务院|中共中央|中央|全国|国家)|^[\u4e00-\u9fff]{1,10}(?:部|部办公厅|总局|总署)$")


def plausible_issuer(name: Optional[str]) -> bool:
    """Whether ``name`` can be an issuer's name (not a sentence, not a header run).

    >>> plausible_issuer("河北省人民政府办公厅"), plausible_issuer("附件:某方案某领导小组")
    (True, False)
    """
    return bool(name) and not _NOT_A_NAME.search(name) and bool(_ORG_SUFFIX.search(name))


def issuers_in_title(title: str) -> list[str]:
    """The issuers a title names before its verb, each checked; empty when none."""
    m = _VERB.search(title)
    if not m or m.start() == 0:
        return []
    head = _JOINT_COUNT.sub("", title[: m.start()].strip())
    parts = [p for chunk in re.split(r"[\s、,]+", head) for p in _GLUED_JOINT.split(chunk) if p]
    parts = [q for p in parts for q in _glued_ministries(p)]
    if not parts or not all(plausible_issuer(p) for p in parts):
        return []
    return parts


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
    if re.search(r"省|自治区|市|县|区", head):
        return [head]  # a local office of a vertical system is one name
    pieces = _names(_MINISTRY, head)
    if len(pieces) > 1 and "".join(pieces) == head and all(len(p) >= 3 for p in pieces):
        return pieces
    return [head]


def signature_issuers(line: Optional[str]) -> list[str]:
    """The issuers of a signature line: one name, a glued list of names, or a name after page noise.

    >>> signature_issuers("河北省人力资源和社会保障厅河北省教育厅河北省财政厅")
    ['河北省人力资源和社会保障厅', '河北省教育厅', '河北省财政厅']
    >>> signature_issuers("河北省人民政府办公厅")
    ['河北省人民政府办公厅']
    >>> signature_issuers("链接:我省出台新规.html河北省人民政府")
    ['河北省人民政府']
    """
    if not line:
        return []
    line = line.strip()
    if not plausible_issuer(line):
        tail = re.split(r"[^\u4e00-\u9fff]", line)[-1]
        return signature_issuers(tail) if plausible_issuer(tail) and len(tail) >= 4 else []
    pieces = _names(_SIGNATORY, line)
    if len(pieces) > 1 and "".join(pieces) == line and all(len(p) >= 5 and plausible_issuer(p) for p in pieces):
        return pieces
    glued = _glued_ministries(line)
    if len(glued) > 1:
        return glued
    return [line] if len(line) <= 40 else []
