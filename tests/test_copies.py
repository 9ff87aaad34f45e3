"""Copies of one notice (re-encoded, re-scraped, mirrored) are one document.

The copies are made here from a sample notice: GBK, UTF-16 and Big5
re-encodings, an HTML mirror, a copy cut short, one that lost its number
line, and one whose page glued the 文号 to the title.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import opencc
import pytest
from typer.testing import CliRunner

from policykg.cli import app
from policykg.graph import add_documents, build_graph
from policykg.ingest.copies import best_reading, copies_of, copy_groups, count_copies, reading_rank, same_document
from policykg.ingest.pipeline import read_notice
from policykg.ingest.records import Document, Flag, Source, Task
from policykg.ingest.store import RecordStore
from policykg.ingest.structure import find_title, unglue_doc_number

ROOT = Path(__file__).resolve().parents[1]
NOTICES = ROOT / "examples" / "notices"
NANXIAN = NOTICES / "002_ce661d8caeb423c6.txt"
LITONG = NOTICES / "001_acae93e17e9979a8.txt"
NUMBER = "南政公领办发〔2016〕2号"
TITLE = "关于印发《2016年南县政务公开政务服务工作要点》的通知"
PLAN = "2016年南县政务公开政务服务工作要点"

runner = CliRunner()


def _variants(text: str) -> dict[str, bytes]:
    lines = text.splitlines()
    without_number = "\n".join(line for line in lines if line.strip() != NUMBER)
    glued = without_number.replace(TITLE, NUMBER + TITLE, 1)
    html = (
        '<html><head><meta charset="gb2312"><title>南县</title></head><body>'
        + "".join(f"<p>{line}</p>" for line in lines if line.strip())
        + "</body></html>"
    )
    return {
        "utf8.txt": text.encode("utf-8"),
        "gbk.txt": text.encode("gb18030"),  # GBK and its superset
        "utf16.txt": text.encode("utf-16"),
        "big5.txt": opencc.OpenCC("s2t").convert(text).encode("big5", errors="replace"),
        "mirror.html": html.encode("gb18030"),
        "short.txt": text[: int(len(text) * 0.6)].encode("utf-8"),
        "nonumber.txt": without_number.encode("utf-8"),
        "glued.txt": glued.encode("utf-8"),
    }


@pytest.fixture(scope="module")
def copies(tmp_path_factory) -> dict[str, list[Document]]:
    """The records of every copy, by file name (read once for the module)."""
    folder = tmp_path_factory.mktemp("copies")
    out = {}
    for name, data in _variants(NANXIAN.read_text(encoding="utf-8")).items():
        path = folder / name
        path.write_bytes(data)
        out[name] = read_notice(path)
    out["litong.txt"] = read_notice(LITONG)
    return out


def _canonical(G) -> tuple[str, str]:
    nodes = {n: d for n, d in G.nodes(data=True)}
    edges = sorted(json.dumps([u, v, k, d], sort_keys=True, ensure_ascii=False, default=str) for u, v, k, d in G.edges(keys=True, data=True))
    return json.dumps(nodes, sort_keys=True, ensure_ascii=False, default=str), "\n".join(edges)


# -- the copies read as one document --------------------------------------------


def test_every_copy_reads_the_title_without_the_number(copies):
    for name, records in copies.items():
        if name == "litong.txt":
            continue
        notice = records[0]
        assert notice.title == TITLE, name
        assert NUMBER not in notice.title
        if name not in ("nonumber.txt", "short.txt"):
            assert notice.doc_number == NUMBER, name


def test_a_glued_number_is_still_the_notices_own(copies):
    assert copies["glued.txt"][0].doc_number == NUMBER
    assert copies["nonumber.txt"][0].doc_number is None


@pytest.mark.parametrize(
    "title, expected",
    [
        ("南政公领办发〔2016〕2号关于印发《工作要点》的通知", "关于印发《工作要点》的通知"),
        ("湘政办发[2020]9号 湖南省人民政府办公厅关于印发某要点的通知", "湖南省人民政府办公厅关于印发某要点的通知"),
        ("（平政办发〔2020〕5号）平江县人民政府办公室关于印发某方案的通知", "平江县人民政府办公室关于印发某方案的通知"),
        ("国办发〔2019〕54号:关于全面推进某工作的指导意见", "关于全面推进某工作的指导意见"),
        # a number inside the title is what the title is about, not glued
        ("关于贯彻落实国办发〔2019〕54号文件的通知", "关于贯彻落实国办发〔2019〕54号文件的通知"),
        ("某县人民政府关于印发2020年工作要点的通知", "某县人民政府关于印发2020年工作要点的通知"),
    ],
)
def test_unglue_doc_number(title, expected):
    assert unglue_doc_number(title)[0] == expected


def test_find_title_starts_after_a_glued_number():
    text = "首页 > 文件\n湘政办发〔2020〕9号湖南省人民政府办公厅关于印发某要点的通知\n各市州人民政府:"
    title, start, end = find_title(text)
    assert title == "湖南省人民政府办公厅关于印发某要点的通知"
    assert text[start:end] == title


# -- the rule ---------------------------------------------------------------------


def _doc(sha: str, *, number=None, tasks=0, damage=0, parent=None, title="关于印发某要点的通知", issuer="某县人民政府办公室"):
    return Document(
        id=sha[:4] + ("-1" if parent else ""),
        kind="plan" if parent else "notice",
        title=title,
        doc_number=number,
        issuer=issuer,
        parent=parent,
        tasks=[Task(id=f"{sha}-t{n}", position=n, number=n, number_printed=str(n), section=None, heading="h", text="t") for n in range(tasks)],
        flags=[Flag(code="mojibake", message="m") for _ in range(damage)],
        source=Source(path=sha, sha256=sha * 16),
    )


@pytest.mark.parametrize(
    "readings, winner",
    [
        ([dict(sha="aaaa"), dict(sha="bbbb", number="某发〔2020〕1号")], "bbbb"),  # a number first
        ([dict(sha="aaaa", tasks=3), dict(sha="bbbb", tasks=5)], "bbbb"),  # then more tasks
        ([dict(sha="aaaa", tasks=5), dict(sha="bbbb", tasks=3, number="某发〔2020〕1号")], "bbbb"),
        ([dict(sha="aaaa", damage=4), dict(sha="bbbb", damage=1)], "bbbb"),  # then less damage
        ([dict(sha="bbbb", tasks=5, damage=9), dict(sha="aaaa", tasks=4)], "bbbb"),
        ([dict(sha="cccc"), dict(sha="bbbb"), dict(sha="dddd")], "bbbb"),  # then the smallest hash
    ],
)
def test_best_reading_rule(readings, winner):
    docs = [_doc(**r) for r in readings]
    assert best_reading(docs).source.sha256 == winner * 16
    assert best_reading(reversed(docs)).source.sha256 == winner * 16


SAME_DOCUMENT = [
        (dict(sha="aaaa", number="某发〔2020〕1号"), dict(sha="bbbb", number="某发[2020]1号"), True),
        (dict(sha="aaaa", number="某发〔2020〕1号"), dict(sha="bbbb", number="某发〔2020〕2号"), False),
        (dict(sha="aaaa"), dict(sha="bbbb", number="某发〔2020〕1号"), True),  # a mirror lost the number line
        (dict(sha="aaaa"), dict(sha="bbbb", issuer="别的办公室"), False),
        (dict(sha="aaaa", title="关于印发 《某要点》 的通知"), dict(sha="bbbb", title="关于印发某要点的通知"), True),
        (dict(sha="aaaa"), dict(sha="bbbb", title="关于印发另一要点的通知"), False),
    ]


@pytest.mark.parametrize("a, b, same", SAME_DOCUMENT)
def test_same_document(a, b, same):
    assert same_document(_doc(**a), _doc(**b)) is same
    assert same_document(_doc(**b), _doc(**a)) is same


def test_plans_are_copies_when_their_notices_are():
    notices = [_doc("aaaa", number="某发〔2020〕1号"), _doc("bbbb", number="某发(2020)1号"), _doc("cccc", number="某发〔2020〕2号")]
    plans = [_doc(n.source.sha256[:4], parent=n.id, title="某要点") for n in notices]
    groups = [sorted(d.id for d in group) for group in copy_groups(notices + plans)]
    assert sorted(groups) == [["aaaa", "bbbb"], ["aaaa-1", "bbbb-1"], ["cccc"], ["cccc-1"]]
    assert [d.id for d in copies_of(notices[0], notices + plans)] == ["aaaa", "bbbb"]


@pytest.mark.parametrize("a, b, same", SAME_DOCUMENT)
def test_copy_groups_agree_with_same_document(a, b, same):
    groups = copy_groups([_doc(**a), _doc(**b)])
    assert (len(groups) == 1) is same


def test_a_notice_read_from_a_damaged_file_loses_the_tie():
    # the two notices read alike; the plan of copy aaaa is damaged
    notices = [_doc("aaaa", number="某发〔2020〕1号"), _doc("bbbb", number="某发〔2020〕1号")]
    plans = [_doc("aaaa", parent="aaaa", title="某要点", tasks=3, damage=2), _doc("bbbb", parent="bbbb", title="某要点", tasks=3)]
    groups = {tuple(sorted(d.id for d in g)): g[0].id for g in copy_groups(notices + plans)}
    assert groups == {("aaaa", "bbbb"): "bbbb", ("aaaa-1", "bbbb-1"): "bbbb-1"}
    G = build_graph(notices + plans)
    assert G.nodes["doc:某发〔2020〕1号"]["reading"]["record"] == "bbbb"


@pytest.mark.parametrize(
    "batch, existing, new, merged",
    [
        ([dict(sha="aaaa", number="甲发〔2020〕1号")], [], 1, 0),
        ([dict(sha="aaaa", number="甲发〔2020〕1号"), dict(sha="bbbb", number="甲发[2020]1号")], [], 1, 1),
        ([dict(sha="aaaa", number="甲发〔2020〕1号")], [dict(sha="cccc", number="甲发〔2020〕1号")], 0, 1),
        ([dict(sha="aaaa", number="甲发〔2020〕1号"), dict(sha="bbbb", number="乙发〔2020〕2号")], [], 2, 0),
        ([dict(sha="aaaa"), dict(sha="bbbb", number="甲发〔2020〕1号")], [], 1, 1),
    ],
)
def test_count_copies(batch, existing, new, merged):
    count = count_copies([_doc(**d) for d in batch], [_doc(**d) for d in existing])
    assert (count.new, count.merged, count.files) == (new, merged, len(batch))
    assert str(count) == f"{new} new documents, {merged} merged into existing ones"


# -- the graph ---------------------------------------------------------------------


def test_copies_are_one_document_node_with_every_source(copies):
    G = build_graph([d for records in copies.values() for d in records])
    node = "doc:" + NUMBER
    assert G.nodes[node]["title"] == TITLE.replace("《", "").replace("》", "") or G.nodes[node]["title"] == TITLE
    assert len(G.nodes[node]["sources"]) == len(copies) - 1
    numbered = [n for n, d in G.nodes(data=True) if d.get("type") == "Document" and NUMBER in (d.get("title") or "")]
    assert numbered == []
    # the best reading's plan: all the tasks, however short or damaged other copies are
    plan = f"{node}/{PLAN}"
    best = best_reading([r for name, records in copies.items() if name != "litong.txt" for r in records if r.parent])
    assert G.nodes[plan]["reading"]["record"] == best.id
    assert len([t for _, t, k in G.out_edges(plan, keys=True) if k == "contains"]) == len(best.tasks) == 14


def test_graph_does_not_depend_on_the_order_copies_arrive_in(copies):
    files = sorted(copies)
    expected = None
    shuffle = random.Random(7)
    for attempt in range(8):
        order = files[:]
        shuffle.shuffle(order)
        at_once = build_graph([d for name in order for d in copies[name]])
        one_by_one = build_graph([])
        for name in order:
            add_documents(one_by_one, copies[name])
        for G in (at_once, one_by_one):
            got = _canonical(G)
            if expected is None:
                expected = got
            assert got == expected, order


def test_a_worse_copy_later_leaves_nothing_of_itself_behind(copies):
    # the damaged short copy first, then the full one: what the short copy
    # alone named must not stay in the graph
    G = build_graph(copies["short.txt"] + copies["big5.txt"])
    add_documents(G, copies["utf8.txt"])
    whole = build_graph(copies["utf8.txt"] + copies["big5.txt"] + copies["short.txt"])
    assert _canonical(G) == _canonical(whole)


# -- the command line ----------------------------------------------------------------


def _write_copies(folder: Path) -> Path:
    folder.mkdir()
    for name, data in _variants(NANXIAN.read_text(encoding="utf-8")).items():
        if name in ("utf8.txt", "gbk.txt", "utf16.txt", "big5.txt"):
            (folder / name).write_bytes(data)
    (folder / "litong.txt").write_bytes(LITONG.read_bytes())
    return folder


def test_cli_counts_documents_and_merges(tmp_path):
    corpus = _write_copies(tmp_path / "corpus")
    store = str(tmp_path / "store")
    result = runner.invoke(app, ["ingest", str(corpus), "--store", store, "-q"])
    assert result.exit_code == 0, result.output
    assert "5 files: 2 new documents, 3 merged into existing ones" in " ".join(result.output.split())
    again = tmp_path / "mirror.txt"
    again.write_bytes(NANXIAN.read_bytes() + "\n来源:县政府网".encode("utf-8"))
    result = runner.invoke(app, ["ingest", str(again), "--store", store, "-q"])
    assert "1 files: 0 new documents, 1 merged into existing ones" in " ".join(result.output.split())


def test_show_and_remove_by_doc_number_with_copies(tmp_path):
    corpus = _write_copies(tmp_path / "corpus")
    store = str(tmp_path / "store")
    runner.invoke(app, ["ingest", str(corpus), "--store", store, "-q"])
    records = RecordStore(store).documents()
    expected = next(group[0] for group in copy_groups(records) if group[0].doc_number == NUMBER)
    assert not any(f.code == "mojibake" for d in records if d.parent == expected.id for f in d.flags)
    for ref in (NUMBER, "南政公领办发[2016]2号", TITLE, PLAN):
        shown = runner.invoke(app, ["show", ref, "--format", "json", "--store", store])
        assert shown.exit_code == 0, shown.output
        data = json.loads(shown.stdout)
        assert data["source"]["sha256"] == (expected.source.sha256 if not data["parent"] else data["source"]["sha256"])
        assert data["title"] in (TITLE, PLAN)
    removed = runner.invoke(app, ["remove", NUMBER, "--store", store])
    assert removed.exit_code == 0, removed.output
    assert "and 3 copies of it" in " ".join(removed.output.split())
    assert all(d.doc_number != NUMBER for d in RecordStore(store).documents())
    gone = runner.invoke(app, ["trace", NUMBER, "--store", store])
    assert gone.exit_code == 1 and "E101" in gone.output
    kept = runner.invoke(app, ["show", "吴利政办发〔2020〕60号", "--store", store])
    assert kept.exit_code == 0


def test_reading_rank_is_stable_across_a_round_trip(copies):
    from policykg.ingest.records import document_from_json, to_json

    for records in copies.values():
        for doc in records:
            assert reading_rank(document_from_json(json.loads(json.dumps(to_json(doc))))) == reading_rank(doc)


def test_count_added_reads_by_index_what_count_new_files_reads_from_every_record(tmp_path):
    """The CLI's summary (RecordStore.count_added) counts as count_new_files does over all records."""
    from policykg.ingest.copies import count_new_files
    from policykg.workspace import Workspace

    corpus = _write_copies(tmp_path / "corpus")
    store = tmp_path / "store"
    with Workspace(store, create=True) as ws:
        first = sorted(corpus.iterdir())[:2]
        ws.ingest(first, workers=1)
        before_docs, before_shas = ws.records.documents(), ws.records.contents()
        report = ws.ingest([corpus], workers=1)
        added = [o.path for o in report.outcomes if o.status == "added"]
        assert added
        cheap = ws.records.count_added(added, before_shas)
        assert cheap == count_new_files(added, before_docs, ws.records.documents())
        assert cheap.files == len(added) and cheap.merged > 0


def test_count_added_counts_files_given_by_a_relative_path(tmp_path, monkeypatch):
    """The README's quick start ingests ``examples/notices``: files named relative to the working folder count."""
    from policykg.workspace import Workspace

    corpus = _write_copies(tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    with Workspace(tmp_path / "store", create=True) as ws:
        report = ws.ingest([Path("corpus")], workers=1)
        added = [o.path for o in report.outcomes if o.status == "added"]
        assert added and not Path(added[0]).is_absolute()
        counted = ws.records.count_added(added, set())
        assert counted.files == len(added) == len(list(corpus.iterdir()))


def test_remove_finds_the_copies_through_the_graph_as_the_records_find_them(tmp_path):
    """``remove`` reads only the copies the graph's document node lists; the full read of the records agrees."""
    from policykg.workspace import Workspace

    corpus = _write_copies(tmp_path / "corpus")
    store = tmp_path / "store"
    runner.invoke(app, ["ingest", str(corpus), "--store", str(store), "-q"])
    with Workspace(store) as ws:
        records = ws.records.documents()
        refs = [NUMBER, "南政公领办发[2016]2号", TITLE, PLAN, "吴利政办发〔2020〕60号", *[d.id for d in records]]
        for ref in refs:
            doc, copies = ws._copies_named(ref)
            want_doc, want = ws._copies_named_by_records(ref)
            assert doc.id == want_doc.id, ref
            assert sorted(c.source.sha256 for c in copies) == sorted(c.source.sha256 for c in want), ref


def test_copy_keys_are_written_with_the_records_made_for_an_older_store_and_go_with_them(tmp_path):
    """The keys count_added looks copies up by: one row per stored notice, whatever wrote the records."""
    import sqlite3

    from policykg import database
    from policykg.ingest.copies import copy_keys
    from policykg.ingest.store import RecordStore
    from policykg.workspace import Workspace

    corpus = _write_copies(tmp_path / "corpus")
    store = tmp_path / "store"

    def keys_and_notices():
        conn = sqlite3.connect(database.db_path(store))
        try:
            keys = sorted(conn.execute("SELECT sha256, position, number, title FROM copy_keys"))
            notices = sorted(
                (sha, position, *copy_keys(number, title))
                for sha, position, number, title in conn.execute("SELECT sha256, position, doc_number, title FROM records WHERE parent IS NULL")
            )
        finally:
            conn.close()
        return keys, notices

    with Workspace(store, create=True) as ws:
        ws.ingest([corpus], workers=1)
    keys, notices = keys_and_notices()
    assert keys == notices and len(keys) == len(list(corpus.iterdir()))

    # a store written before the keys: they are made from its records when it is next opened
    conn = sqlite3.connect(database.db_path(store))
    conn.execute("DROP TABLE copy_keys")
    conn.commit()
    conn.close()
    RecordStore(store).contents()
    assert keys_and_notices() == (keys, notices)

    # a file replaced: the keys of its old content go with its records
    first = corpus / "utf8.txt"
    first.write_text(first.read_text(encoding="utf-8").replace("通知", "通告", 1), encoding="utf-8")
    with Workspace(store) as ws:
        ws.ingest([first], workers=1)
    after, notices = keys_and_notices()
    assert after == notices and after != keys

