"""The entity layer: spaCy pipeline components, patterns, extension points, agreement, and a parse without spaCy."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from dataclasses import asdict
from pathlib import Path

import pytest
import spacy

from policykg.errors import BadPattern
from policykg.ingest.entities import FINDERS, EntityPatterns
from policykg.ingest.pipeline import read_notice
from policykg.ingest.nlp import (
    ROLES_KEY,
    SPANS_KEY,
    Entities,
    extract_entities,
    make_pipeline,
)

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "examples" / "notices").glob("004_*.txt"), None)
GOLDEN = Path(__file__).resolve().parent / "data" / "examples" / "seed-004-reading.json"


@pytest.fixture(scope="module")
def nlp():
    return make_pipeline()


def test_blank_zh_uses_the_char_segmenter_without_downloads():
    nlp = spacy.blank("zh")
    assert nlp.tokenizer.segmenter == "char"
    assert [t.text for t in nlp("湘政办发")] == ["湘", "政", "办", "发"]


def test_pipeline_components(nlp):
    assert nlp.lang == "zh"
    assert nlp.pipe_names == ["policykg_entities", "policykg_roles", "policykg_citations"]
    assert set(nlp.get_pipe("policykg_entities").labels) == {"DOC_NUMBER", "DEADLINE", "TARGET", "TITLE", "AGENCY"}


ENTITY_CASES = [
    ("贯彻落实《优化营商环境条例》(国务院令第722号)",
     [("TITLE", "《优化营商环境条例》", ""), ("DOC_NUMBER", "国务院令第722号", "国务院令第722号")]),
    ("落实湘政办发[2020]9号文件精神", [("DOC_NUMBER", "湘政办发[2020]9号", "湘政办发〔2020〕9号")]),
    ("2020年底前,编制公布本级政务公开事项标准目录", [("DEADLINE", "2020年底前", "2020-12-31")]),
    ("到2020年底,实现电子证照汇聚种类突破500种",
     [("DEADLINE", "到2020年底", "2020-12-31"), ("TARGET", "电子证照汇聚种类突破500种", "")]),
    ("2020年年底前确保70%政务服务事项全程网办",
     [("DEADLINE", "2020年年底前", "2020-12-31"), ("TARGET", "70%政务服务事项全程网办", "")]),
    ("加强政府常务会议信息公开", []),
]


@pytest.mark.parametrize("text,expected", ENTITY_CASES)
def test_entity_spans(nlp, text, expected):
    doc = nlp(text)
    assert [(s.label_, s.text, s.kb_id_) for s in doc.spans[SPANS_KEY]] == expected
    # doc.ents holds the non-overlapping ones
    assert all(e.label_ in {"TITLE", "DOC_NUMBER", "DEADLINE", "TARGET"} for e in doc.ents)


def test_overlapping_matches_stay_in_the_span_group(nlp):
    doc = nlp("确保90%以上事项于2020年底前实现网上可办")
    labels = sorted(s.label_ for s in doc.spans[SPANS_KEY])
    assert labels == ["DEADLINE", "TARGET"]
    assert len(doc.ents) == 1  # the longer target wins in doc.ents


ROLE_CASES = [
    ("(省政务局牵头;省直相关单位,各市州、县市区人民政府负责)",
     [("牵头", "ROLE", "lead"), ("省直相关单位", "COLLECTIVE", ""), ("各市州", "COLLECTIVE", ""),
      ("县市区人民政府", "COLLECTIVE", ""), ("负责", "ROLE", "responsible")]),
    ("(省发展改革委、省教育厅等单位按职责分工负责)", [("按职责分工负责", "ROLE", "shared")]),
    ("(县政府办牵头,县直相关单位配合)",
     [("牵头", "ROLE", "lead"), ("县直相关单位", "COLLECTIVE", ""), ("配合", "ROLE", "assisting")]),
    ("主要负责人要亲自抓", [("主要负责人", "POST", "")]),
]


@pytest.mark.parametrize("text,expected", ROLE_CASES)
def test_role_and_collective_spans(nlp, text, expected):
    doc = nlp(text)
    assert [(s.text, s.label_, s.id_) for s in doc.spans[ROLES_KEY]] == expected


def test_citations_extension(nlp):
    doc = nlp("认真落实《中华人民共和国政府信息公开条例》(国务院令第711号)和《优化营商环境条例》(国务院令第722号)")
    assert [(c.doc_number, c.implements) for c in doc._.citations] == [("国务院令第711号", True), ("国务院令第722号", True)]


def test_users_can_add_regex_patterns(nlp):
    nlp = make_pipeline()
    nlp.get_pipe("policykg_entities").add_patterns([{"label": "LAW_ARTICLE", "regex": "第[一二三四五六七八九十百]+条"}])
    doc = nlp("分类集中公开政府信息公开条例第二十条、第二十一条规定的主动公开内容")
    assert [s.text for s in doc.spans[SPANS_KEY] if s.label_ == "LAW_ARTICLE"] == ["第二十条", "第二十一条"]


INVALID_PATTERNS = [
    {"regex": "x"},
    {"label": "X"},
    {"label": "X", "regex": "x", "finder": "policykg.titles.v1"},
    {"label": "X", "finder": "policykg.no_such_finder.v1"},
    {"label": "X", "finder": ["policykg.titles.v1"]},
]


@pytest.mark.parametrize("pattern", INVALID_PATTERNS)
def test_invalid_patterns_are_refused(pattern):
    ruler = make_pipeline().get_pipe("policykg_entities")
    before = ruler.patterns
    with pytest.raises(ValueError):
        ruler.add_patterns([pattern])
    assert ruler.patterns == before  # the refused pattern was not half added
    with pytest.raises(BadPattern):
        EntityPatterns([pattern])


LAW_TEXT = "分类集中公开政府信息公开条例第二十条、第二十一条规定的主动公开内容"


@spacy.registry.misc("test_nlp.law_articles.v1")
def _law_article_finder():
    # a user's finder, registered only with spaCy, as a plugin would
    def find(text, year):
        return ((m.start(), m.end(), None) for m in re.finditer("第[一二三四五六七八九十百]+条", text))

    return find


def test_a_finder_registered_only_with_spacy_serves_the_ruler_and_the_plain_patterns():
    pattern = {"label": "LAW_ARTICLE", "finder": "test_nlp.law_articles.v1"}
    assert pattern["finder"] not in FINDERS
    nlp = make_pipeline()
    nlp.get_pipe("policykg_entities").add_patterns([pattern])
    doc = nlp(LAW_TEXT)
    through_spacy = [s.text for s in doc.spans[SPANS_KEY] if s.label_ == "LAW_ARTICLE"]
    plain = [LAW_TEXT[a:b] for a, b, *_ in EntityPatterns([pattern]).matches(LAW_TEXT)]
    assert through_spacy == plain == ["第二十条", "第二十一条"]


def test_the_built_in_finders_are_in_spacys_registry_under_their_names():
    # configs name them ({"@misc": ...}); compared by what they find, since a
    # second import of the module (doctests) registers copies of the same functions
    text = "落实湘政办发[2020]9号和《优化营商环境条例》,县政务局2020年底前完成,确保70%事项全程网办"
    for name, factory in FINDERS.items():
        registered = spacy.registry.resolve({"finder": {"@misc": name}})["finder"]
        assert list(registered(text, 2020)) == list(factory()(text, 2020)), name
    assert sum(bool(list(factory()(text, 2020))) for factory in FINDERS.values()) == len(FINDERS)


def test_pipeline_round_trips_through_disk(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == nlp.pipe_names
    assert loaded.get_pipe("policykg_entities").patterns == nlp.get_pipe("policykg_entities").patterns
    text = "到2020年底,实现电子证照汇聚种类突破500种"
    ours, theirs = nlp(text), loaded(text)
    assert [s.text for s in theirs.spans[SPANS_KEY]] == [s.text for s in ours.spans[SPANS_KEY]]


def test_entity_component_can_be_replaced_by_another_ner():
    # A stand-in for a trained NER: whatever sets doc.ents with our labels.
    nlp = make_pipeline()
    nlp.remove_pipe("policykg_entities")
    ruler = nlp.add_pipe("entity_ruler", first=True)
    ruler.add_patterns([{"label": "DEADLINE", "pattern": [{"TEXT": {"REGEX": "\\d"}}] * 4 + [{"TEXT": t} for t in "年底前"]}])
    (found,) = extract_entities(["2020年底前完成"], nlp=nlp)
    assert [(d.text, d.date) for d in found.deadlines] == [("2020年底前", "2020-12-31")]


def test_extract_entities_spans_are_relative_to_each_text():
    texts = [
        "贯彻落实《优化营商环境条例》,年底前完成",
        "落实国务院办公厅国办发〔2019〕54号文件精神",
        "穗府办函〔202053号",
        "",
    ]
    found = extract_entities(texts, year=2020)
    assert all(isinstance(f, Entities) for f in found) and len(found) == len(texts)
    assert [(d.text, d.date) for d in found[0].deadlines] == [("年底前", "2020-12-31")]
    assert [(c.title, c.implements) for c in found[0].citations] == [("优化营商环境条例", True)]
    assert [n.number for n in found[1].doc_numbers] == ["国办发〔2019〕54号"]
    assert [(n.number, n.damaged) for n in found[2].doc_numbers] == [("穗府办函〔2020〕53号", True)]
    assert found[3] == Entities()
    for text, f in zip(texts, found):
        for s in [x.span for x in f.deadlines + f.targets + f.citations] + [n.span for n in f.doc_numbers]:
            assert text[s.start : s.end] == s.text


# --- a parse never imports spaCy -------------------------------------------------

def test_parsing_and_ingesting_a_notice_import_no_spacy(tmp_path):
    # spaCy costs half a second of CPU to import, in every parse worker too;
    # the default reading needs none of it. A fresh interpreter, so nothing
    # this test session imported counts.
    script = textwrap.dedent(
        f"""
        import json, sys
        from policykg.ingest.pipeline import read_notice
        docs = read_notice({str(SEED)!r})
        after_parse = sorted(m for m in sys.modules if m.split(".")[0] in ("spacy", "thinc"))
        from policykg.cli import app
        app(["ingest", {str(SEED.parent)!r}, "--store", {str(tmp_path / "store")!r}, "-q", "--workers", "1"],
            standalone_mode=False)
        after_ingest = sorted(m for m in sys.modules if m.split(".")[0] in ("spacy", "thinc"))
        deadlines = [x.text for d in docs for t in d.tasks for x in t.deadlines]
        print(json.dumps([deadlines, after_parse, after_ingest]))
        """
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    deadlines, after_parse, after_ingest = json.loads(run.stdout.strip().splitlines()[-1])
    # the entity layer did read the tasks, as it does here
    assert deadlines and deadlines == [x.text for d in read_notice(SEED) for t in d.tasks for x in t.deadlines]
    assert after_parse == [] and after_ingest == []
    assert (tmp_path / "store").exists()


# --- agreement with the hand reading of seed 004, task by task -----------------

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_TASK_START = re.compile(r"\n\s*(?=\([一二三四五六七八九十]+\))")


def _plan_tasks(text: str, titles: list[str]) -> list[list[str]]:
    starts = [re.search(rf"^\s*{re.escape(t)}\s*$", text, re.M).start() for t in titles]
    plans = [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]
    return [_TASK_START.split(plan)[1:] for plan in plans]


@pytest.fixture(scope="module")
def seed004_tasks():
    assert SEED is not None, "examples/notices/004_*.txt is part of the repository"
    plans = [d for d in json.loads(GOLDEN.read_text(encoding="utf-8")) if d["kind"] == "plan"]
    text = SEED.read_text(encoding="utf-8").translate(_FULLWIDTH)
    pairs = []
    for plan, tasks in zip(plans, _plan_tasks(text, [p["title"] for p in plans])):
        assert len(tasks) == len(plan["tasks"])
        pairs += list(zip(plan["tasks"], tasks))
    return pairs


def test_seed004_deadlines_and_targets_agree_on_every_task(seed004_tasks):
    found = extract_entities([t for _, t in seed004_tasks], year=2020)
    deadlines = sum(
        sorted(d["text"] for d in g["deadlines"]) == sorted(d.text for d in f.deadlines)
        for (g, _), f in zip(seed004_tasks, found)
    )
    targets = sum(sorted(g["targets"]) == sorted(t.text for t in f.targets) for (g, _), f in zip(seed004_tasks, found))
    assert (deadlines, targets) == (len(seed004_tasks), len(seed004_tasks))


# --- the direct reading equals the spaCy reading --------------------------------

def _sentences(folder: Path) -> list[str]:
    """Every line of every notice in ``folder``, cut at 。 and ;: texts like the pipeline's windows."""
    out = []
    for f in sorted(folder.rglob("*.txt")):
        for line in f.read_text(encoding="utf-8", errors="replace").splitlines():
            out += [s for s in re.split(r"(?<=[。;;])", line) if s.strip()]
    return out


@pytest.mark.parametrize("folder", [ROOT / "examples" / "notices", ROOT / "tests" / "data" / "corpus" / "notices"])
def test_default_pipeline_read_without_a_doc_equals_the_spacy_run(folder):
    # extract_entities without nlp= runs the default pipeline's finders on the
    # bare texts; through spaCy (a Doc per text) the records must be the same
    texts = _sentences(folder)
    assert len(texts) > 500
    direct = extract_entities(texts, year=2020)
    through_spacy = extract_entities(texts, year=2020, nlp=make_pipeline())
    assert sum(bool(f.deadlines or f.targets or f.citations or f.doc_numbers or f.agencies) for f in direct) > 100
    # compared as plain values: with the doctests collected, spaCy's registry
    # may hold the components of a second import of the module, whose record
    # classes are other classes with the same fields
    assert [asdict(f) for f in direct] == [asdict(f) for f in through_spacy]
