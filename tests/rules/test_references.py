"""The reference rule: which candidate a reference means, as (reference, expected) tables."""

from __future__ import annotations

import pytest

from policykg.errors import AmbiguousReference, DocumentNotFound, PolicykgError
from policykg.rules.references import Candidate, find_document, prefilter

ROWS = [
    Candidate("doc:平政办发〔2020〕5号", "平政办发〔2020〕5号", "平江县人民政府办公室关于印发《平江县2020年政务管理服务工作要点》和《平江县2020年政务公开工作要点》的通知", aliases=("n1",)),
    Candidate("doc:n1-1", None, "平江县2020年政务管理服务工作要点", aliases=("n1-1",)),
    Candidate("doc:n1-2", None, "平江县2020年政务公开工作要点", aliases=("n1-2",)),
    Candidate("doc:湘政办发〔2020〕9号/湖南省2020年政务公开工作要点", None, "湖南省2020年政务公开工作要点"),
    Candidate("doc:国办发〔2019〕54号", "国办发〔2019〕54号", "国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见", stub=True),
    Candidate("doc:t", None, "关于全面推进基层政务公开标准化规范化工作的指导意见", stub=True),
]


@pytest.mark.parametrize(
    "ref, expected",
    [
        ("(平政办发〔2020〕5号)", "doc:平政办发〔2020〕5号"),
        ("《平政办发〔2020〕5号》", "doc:平政办发〔2020〕5号"),
        ("平政办发[2020]5号", "doc:平政办发〔2020〕5号"),
        ("平政办发（2020）5号", "doc:平政办发〔2020〕5号"),
        ("n1", "doc:平政办发〔2020〕5号"),
        ("doc:n1-2", "doc:n1-2"),
        ("n1-2", "doc:n1-2"),
        ("平江县2020年政务管理服务", "doc:n1-1"),
        ("《平江县2020年政务公开工作要点》", "doc:n1-2"),
        ("湖南省2020年政务公开", "doc:湘政办发〔2020〕9号/湖南省2020年政务公开工作要点"),
        ("国办发〔2019〕54号", "doc:国办发〔2019〕54号"),
        ("国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见", "doc:国办发〔2019〕54号"),
    ],
)
def test_find_document(ref, expected):
    assert find_document(ref, ROWS) == expected


def test_a_real_document_beats_a_stub_sharing_its_title():
    rows = [Candidate("doc:a", None, "某县2020年工作要点", stub=True), Candidate("doc:b", None, "某县2020年工作要点")]
    assert find_document("某县2020年工作要点", rows) == "doc:b"


@pytest.mark.parametrize("ref", ["政务公开工作要点", "政务公开"])
def test_ambiguous_lists_the_candidates(ref):
    with pytest.raises(AmbiguousReference) as err:
        find_document(ref, ROWS)
    assert {"doc:n1-2", "doc:湘政办发〔2020〕9号/湖南省2020年政务公开工作要点"} <= set(err.value.candidates)
    assert "[E102]" in str(err.value) and "湖南省2020年政务公开工作要点" in str(err.value)


@pytest.mark.parametrize("ref", ["湘政办发〔2099〕1号", "没有这份文件", "", "   "])
def test_not_found(ref):
    with pytest.raises(DocumentNotFound) as err:
        find_document(ref, ROWS)
    assert isinstance(err.value, PolicykgError) and "[E101]" in str(err.value)


@pytest.mark.parametrize("ref", ["(平政办发〔2020〕5号)", "平江县2020年政务管理服务", "n1-2", "政务公开", "国办发〔2019〕54号"])
def test_the_prefilter_keeps_every_row_the_rule_can_pick(ref):
    """A store that fetches only the prefiltered rows gets the same answer as one that passes all."""
    spec = prefilter(ref)

    def kept(c):
        from policykg.rules.titles import normalize_title

        return c.id in spec.ids or set(c.aliases) & set(spec.ids) or (spec.number and c.doc_number == spec.number) or (spec.title_part and spec.title_part in normalize_title(c.title))

    rows = [c for c in ROWS if kept(c)]
    outcomes = []
    for candidates in (ROWS, rows):
        try:
            outcomes.append(find_document(ref, candidates))
        except AmbiguousReference as err:
            outcomes.append(tuple(err.candidates))
    assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize(
    "ref",
    ["平江县2020年政务管理服务", "《平江县2020年政务公开工作要点》", "政务公开", "湖南省2020年政务公开工作要点", "政务公开工作要点", "关于全面推进基层政务公开标准化规范化工作的指导意见", "没有这份文件"],
)
def test_the_title_rows_give_the_rule_s_answer(ref):
    """A store that reads titles from an index and fetches only the rows by_title names answers as one that passes every row."""
    from policykg.rules.references import by_title

    # as a store reaches the titles: no row is picked by id or number
    plain = [c._replace(aliases=()) for c in ROWS if not (c.id in prefilter(ref).ids or c.doc_number == prefilter(ref).number)]
    from policykg.rules.titles import normalize_title

    picked = set(by_title(ref, ((c.id, normalize_title(c.title)) for c in plain)))
    outcomes = []
    for candidates in (plain, [c for c in plain if c.id in picked]):
        try:
            outcomes.append(find_document(ref, candidates))
        except (AmbiguousReference, DocumentNotFound) as err:
            outcomes.append((type(err).__name__, tuple(getattr(err, "candidates", ()))))
    assert outcomes[0] == outcomes[1]


def test_a_whole_title_reads_one_row_among_the_titles_that_hold_it():
    from policykg.rules.references import by_title

    titles = [("doc:p", "2018年政务公开工作要点")] + [(f"doc:{i}", f"某省{i}2018年政务公开工作要点") for i in range(50)]
    assert by_title("2018年政务公开工作要点", titles) == ["doc:p"]
    assert len(by_title("2018年政务公开", titles)) == 51
