"""Every regular expression of the library runs in linear time on adversarial input.

The patterns are collected, not listed: every compiled ``re.Pattern`` held by
a module of ``policykg.ingest``, ``policykg.graph`` and ``policykg.rules``
(at module level or in a table there), and every literal pattern passed to a
``re`` function in their source. Each is fed strings of every pattern family
(runs of one character, unclosed brackets, numerals, list separators, lines
that almost match ...) and the characters it names itself, from 1 KB up to 1 MB in steps of about 3.3x: the time may grow with the length, not
with its square. The
whole reader (clean, then parse) is held to the same test.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import time
from pathlib import Path

import pytest

from policykg.ingest.clean import clean
from policykg.errors import IngestError
from policykg.ingest.pipeline import parse_cleaned
from policykg.ingest.records import Source

PACKAGES = ("policykg.ingest", "policykg.graph", "policykg.rules")
SIZES = (1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000)
# Linear time grows 3.3x per step, quadratic 11x; allow noise and cache effects.
MAX_STEP_GROWTH = 10
# Below this a step is too quick to time reliably: growth is counted from here.
TIMING_FLOOR = 0.005
HARMLESS = 0.05
SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "notices" / "004_62fbd0d8b12ea668.txt"


def _modules():
    for name in PACKAGES:
        try:
            package = importlib.import_module(name)
        except ImportError:
            continue  # policykg.rules exists once the rule book lands
        yield package
        for info in pkgutil.walk_packages(package.__path__, name + "."):
            yield importlib.import_module(info.name)


def _held_patterns(value, depth=0):
    if isinstance(value, re.Pattern):
        yield value
    elif depth < 3 and isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _held_patterns(item, depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for item in value.values():
            yield from _held_patterns(item, depth + 1)


_RE_FUNCTIONS = {"compile", "search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split"}


def _flags(node) -> int:
    """re.M | re.I written in the source, as an int (0 for what is not a plain flag)."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "re":
        return int(getattr(re, node.attr, 0))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _flags(node.left) | _flags(node.right)
    return 0


def _literal_patterns(module):
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError):
        return
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _RE_FUNCTIONS):
            continue
        if not (isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args):
            continue
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, (str, bytes)):
            flag_arg = next((k.value for k in node.keywords if k.arg == "flags"), None)
            if flag_arg is None and node.func.attr in ("compile", "search", "match", "fullmatch", "finditer", "findall"):
                flag_arg = node.args[1] if len(node.args) > 1 else None
            if flag_arg is None and node.func.attr in ("sub", "subn", "split"):
                flag_arg = node.args[4] if len(node.args) > 4 else None
            pattern = re.compile(first.value, _flags(flag_arg) if flag_arg is not None else 0)
            yield pattern, node.func.attr in _ANCHORED


_ANCHORED = {"match", "fullmatch"}
_PATTERN_METHODS = _ANCHORED | {"search", "finditer", "findall", "sub", "subn", "split"}


def _uses(modules) -> dict[str, set[str]]:
    """How the source uses each name: ``{"CLAUSE_RE": {"search"}, ...}`` (``NAME.method(...)`` calls)."""
    uses: dict[str, set[str]] = {}
    for module in modules:
        try:
            tree = ast.parse(inspect.getsource(module))
        except (OSError, TypeError):
            continue
        owners = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in _PATTERN_METHODS:
                owner = node.value
                owners.add(id(owner))
                name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else None
                if name:
                    uses.setdefault(name, set()).add(node.attr)
        for node in ast.walk(tree):
            if id(node) in owners:
                continue
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                uses.setdefault(node.id, set()).add("passed")  # used some other way: counted as searched
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
                uses.setdefault(node.attr, set()).add("passed")
    return uses


def collect_patterns() -> dict[str, tuple[re.Pattern, bool]]:
    """Every pattern, and whether the library only ever matches it at a given position.

    A pattern only used with ``match``/``fullmatch`` runs once per call, at
    one position; any other use (``search``, ``finditer``, ``sub``, passed
    on) scans every position and is timed so.
    """
    modules = list(_modules())
    uses = _uses(modules)
    found: dict[tuple, tuple[str, re.Pattern, bool]] = {}
    for module in modules:
        for name, value in vars(module).items():
            for pattern in _held_patterns(value):
                anchored = isinstance(value, re.Pattern) and bool(uses.get(name)) and uses[name] <= _ANCHORED
                key = (pattern.pattern, pattern.flags)
                if key in found:
                    anchored = anchored and found[key][2]
                found[key] = (f"{module.__name__}.{name}", pattern, anchored)
        for pattern, anchored in _literal_patterns(module):
            key = (pattern.pattern, pattern.flags)
            found.setdefault(key, (f"{module.__name__} (literal)", pattern, anchored))
    return {
        f"{where}: {pattern.pattern[:60]!r}": (pattern, anchored)
        for where, pattern, anchored in found.values()
        if isinstance(pattern.pattern, str)
    }


PATTERNS = collect_patterns()

# Pattern families: what an adversary (or a broken scraper) feeds a reader.
FAMILIES = {
    "ascii": "a",
    "spaces": " \t",
    "newlines": "\n",
    "han": "政务公开工作要点",
    "numerals": "一二三十",
    "digits": "2020",
    "open paren": "(",
    "open paren cn": "（一",
    "unclosed clause": "(省政务局牵头",
    "book marks": "《关于",
    "unclosed book mark": "《",
    "doc number stem": "湘政办发〔2020〕",
    "doc number run": "号发〔",
    "year": "年",
    "list": "县市场监管局、",
    "collectives": "各乡镇人民政府,",
    "roles": "牵头负责配合",
    "sentence": "。",
    "colons": ":",
    "breadcrumbs": "首页 > ",
    "mojibake": "?A",
    "ruby": "省(sheng)",
    "dates": "2020年12月底前",
    "percent": "90%以上",
    "section lines": "一、总体要求\n",
    "task lines": "(一)加强领导\n",
    "title lines": "关于印发《某要点》的通知\n",
    "header lines": "索引号: 文号: 发布机构:\n",
}


BASE_FAMILIES = ("ascii", "spaces", "newlines", "han", "digits", "open paren", "mojibake")
# The reader is slower per character than one pattern: these families reach
# each of its stages (lines, titles, numbers, clauses, lists, noise).
READER_FAMILIES = (
    "newlines", "spaces", "han", "digits", "open paren cn", "unclosed clause", "book marks", "doc number stem",
    "list", "mojibake", "ruby", "section lines", "task lines", "title lines", "header lines", "breadcrumbs",
)


def _grow(unit: str, size: int) -> str:
    return (unit * (size // max(len(unit), 1) + 1))[:size]


def _own_characters(pattern: re.Pattern) -> str:
    """The literal characters a pattern names, once each (what it almost matches)."""
    text = re.sub(r"\\[a-zA-Z]|\\[pP]\{[^}]*\}|\{\d*,?\d*\}|\(\?[:=!<]*|[\\^$*+?|()\[\]{}.]", "", pattern.pattern)
    return "".join(dict.fromkeys(text))[:40]


def _scan_time(pattern: re.Pattern, anchored: bool, text: str) -> float:
    start = time.process_time()
    if anchored:
        pattern.match(text)
    else:
        pattern.subn("", text)  # every match, as finditer, without a Python loop
    return time.process_time() - start


def _growth_failures(measure, units: dict[str, str]) -> list[str]:
    """Time ``measure`` on each family grown from 1 KB in steps of about 3.3x.

    Linear time grows 3.3x per step, quadratic 11x and more: a step growing
    more than MAX_STEP_GROWTH (measured twice, the faster kept, so that a
    busy machine does not fail it) fails before the next, longer step runs.
    Every family goes to 300 KB; the last step, 1 MB, is run for the family
    slowest at 300 KB and for any whose last step grew faster than linear.
    """
    failures = []
    last: dict[str, tuple[float, float]] = {}  # family -> (seconds at 300 KB, growth of that step)

    def step(family: str, unit: str, size: int, previous) -> float | None:
        text = _grow(unit, size)
        seconds = measure(text)
        megabytes = len(text.encode("utf-8")) / 1e6
        if seconds > 2.0 * max(megabytes, 0.25):  # 2 s per MB; nothing small may take long
            failures.append(f"{family}: {seconds:.2f} s at {size} characters")
            return None
        if previous is not None and seconds > MAX_STEP_GROWTH * max(previous, TIMING_FLOOR):
            seconds = min(seconds, measure(text))
            previous = min(previous, measure(_grow(unit, size * 3 // 10)))
            if seconds > MAX_STEP_GROWTH * max(previous, TIMING_FLOOR):
                failures.append(f"{family}: {previous:.4f} s -> {seconds:.4f} s from {size * 3 // 10} to {size} characters")
                return None
        return seconds

    for family, unit in units.items():
        if not unit:
            continue
        previous = None
        for size in SIZES[:-1]:
            seconds = step(family, unit, size, previous)
            if seconds is None:
                break
            if size == SIZES[-2]:
                last[family] = (seconds, seconds / max(previous, TIMING_FLOOR / 10))
            if seconds * (SIZES[-1] / size) ** 2 < HARMLESS:
                break  # even quadratic from here, 1 MB would be quick: the longer steps prove nothing
            previous = seconds
    if last:
        slowest = max(last, key=lambda f: last[f][0])
        for family, (seconds, growth) in last.items():
            if family == slowest or growth > 5:
                step(family, units[family], SIZES[-1], seconds)
    return failures


def test_patterns_are_collected():
    # the readers' own tables are found, whatever module holds them
    assert len(PATTERNS) > 80
    sources = {p.pattern for p, _ in PATTERNS.values()}
    from policykg.ingest import clauses

    assert clauses._BRACKETED.pattern in sources


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_is_linear(name):
    pattern, anchored = PATTERNS[name]
    own = _own_characters(pattern)
    # the families that share a character with the pattern, and those any class (\s, \d, ., [^…]) meets
    units = {f: u for f, u in FAMILIES.items() if f in BASE_FAMILIES or set(u) & set(own)}
    units.update(own=own, own_lines=own + "\n")
    failures = _growth_failures(lambda text: _scan_time(pattern, anchored, text), units)
    assert not failures, failures


def _read(text: str) -> None:
    try:
        parse_cleaned(clean(text), Source(path="adversarial.txt", sha256="0" * 64))
    except IngestError:
        pass  # not a notice: the typed error is the right answer


def _read_time(text: str) -> float:
    start = time.process_time()
    _read(text)
    return time.process_time() - start


@pytest.mark.parametrize("family", READER_FAMILIES)
def test_reader_is_linear(family):
    assert not _growth_failures(_read_time, {family: FAMILIES[family]})


def test_reader_is_linear_on_a_notice_with_a_huge_plan():
    """A real notice whose plan runs on for a megabyte: thousands of tasks."""
    text = SAMPLE.read_text(encoding="utf-8")
    tasks = [m.group(0) for m in re.finditer(r"^[ \t]*[(（][一二三四五六七八九十]+[)）][^\n]*$", text, re.M)]
    assert tasks
    body = "\n".join(tasks) + "\n"
    timings = {}
    for size in (100_000, 1_000_000):
        grown = text + _grow(body, size)
        timings[size] = _read_time(grown)
    assert timings[1_000_000] <= 2.0 * (len(text) + 1_000_000) * 3 / 1e6, timings  # 2 s per MB (CJK is 3 bytes)
    assert timings[1_000_000] <= 30 * max(timings[100_000], TIMING_FLOOR), timings  # 10x is linear
