"""Resolving citations: doc numbers in any form, titles, loose references, stubs, mirrors."""

from __future__ import annotations

import pytest
from policykg.graph import add_documents, build_graph
from policykg.rules.docnumbers import issuer_from_prefix, normalise_doc_number
from policykg.rules.titles import title_subject
from policykg.graph.resolve import SUBJECT_THRESHOLD
from policykg.ingest.records import Citation, Document, Task

from . import graph_fixtures as fx


@pytest.fixture(scope="module")
def cascade():
    """The fixture cascade graph, shared by this module's tests: do not change it."""
    return fx.cascade_graph()


def _numbered(G, number):
    return [n for n, d in G.nodes(data=True) if d.get("type") == "Document" and d.get("doc_number") == number]


@pytest.mark.parametrize(
    "written, canonical",
    [
        ("湘政办发〔2020〕9号", "湘政办发〔2020〕9号"),
        ("湘政办发[2020]9号", "湘政办发〔2020〕9号"),
        ("湘政办发【2020】9号", "湘政办发〔2020〕9号"),
        ("湘政办发(2020)9号", "湘政办发〔2020〕9号"),
        ("湘政办发（2020）9号", "湘政办发〔2020〕9号"),
        ("湘政办发 〔2020〕 09 号", "湘政办发〔2020〕9号"),
        ("(平政办发〔2020〕5号)", "平政办发〔2020〕5号"),
        ("穗府办函〔202053号", "穗府办函〔2020〕53号"),
        ("国务院令第716号", "国务院令第716号"),
        ("优化营商环境条例", None),
        (None, None),
    ],
)
def test_doc_numbers_normalise(written, canonical):
    assert normalise_doc_number(written) == canonical


@pytest.mark.parametrize(
    "prefix, issuer",
    [
        ("国办发", "国务院办公厅"),
        ("国发", "国务院"),
        ("湘政办发", "湖南省人民政府办公厅"),
        ("粤府办", "广东省人民政府办公厅"),
        ("苏政发", "江苏省人民政府"),
        ("宁政办发", "宁夏回族自治区人民政府办公厅"),
        ("穗府办函", "广州市人民政府办公厅"),
        ("吴利政办发", None),
        ("湘办发", "中共湖南省委办公厅"),
    ],
)
def test_issuer_read_off_the_prefix(prefix, issuer):
    info = issuer_from_prefix(prefix)
    assert (info.issuer if info else None) == issuer


def test_cited_document_not_ingested_is_a_stub_with_what_is_known(cascade):
    node = "doc:" + fx.N54
    data = cascade.nodes[node]
    assert data["stub"] is True
    assert (data["doc_number"], data["title"], data["issuer"], data["level"]) == (fx.N54, fx.T54, "国务院办公厅", "national")
    assert data["region"] == "region:000000"
    assert cascade.has_edge(node, "agency:国务院办公厅", "issued_by")
    assert _numbered(cascade, fx.N54) == [node]


def test_stub_issuer_and_region_from_a_provincial_prefix():
    citer = Document(id="c", kind="notice", title="岳阳市人民政府办公室关于某事的通知", doc_number="岳政办发〔2020〕3号",
                     region_code="430600", cites=[Citation(None, "湘政办发[2020]9号", True, "按照")])
    G = build_graph([citer])
    stub = G.nodes["doc:湘政办发〔2020〕9号"]
    assert (stub["stub"], stub["issuer"], stub["region"]) == (True, "湖南省人民政府办公厅", "region:430000")


def test_stub_becomes_the_real_document_without_duplicates():
    G = build_graph(fx.guangdong_documents())
    assert G.nodes["doc:" + fx.N54]["stub"]
    real = Document(id="n54", kind="opinion", title=fx.T54, doc_number="国办发[2019]54号", issuer="国务院办公厅", level="national",
                    region=["全国"], tasks=[Task("n54#1", 1, 1, "(一)", None, "编制基层政务公开事项标准目录", "(一)编制基层政务公开事项标准目录。全面梳理细化政务公开事项。")])
    add_documents(G, [real])
    node = G.nodes["doc:" + fx.N54]
    assert node["stub"] is False and node["kind"] == "opinion" and node["record_ids"] == ["n54"]
    assert _numbered(G, fx.N54) == ["doc:" + fx.N54]
    assert G.edges[fx.GUANGDONG, "doc:" + fx.N54, "implements"]["inferred"] is False
    # the explicit link now carries task alignments
    aligned = [(u, v) for u, v, k in G.edges(keys=True) if k == "implements" and u.startswith("task:")]
    assert ("task:粤府办〔2020〕10号#1", "task:国办发〔2019〕54号#1") in aligned


def _guangzhou(number="穗府办函〔2020〕53号"):
    return Document(id="gz", kind="notice", title="广州市人民政府办公厅关于推进政务公开标准目录编制的通知", doc_number=number, region_code="440100")


def _citer(number):
    return Document(id="citer", kind="notice", title="某区人民政府办公室关于转发某通知的通知", doc_number="海府办〔2020〕7号",
                    region_code="440105", cites=[Citation(None, number, True, "按照")])


@pytest.mark.parametrize("order", ["real first", "citer first"])
@pytest.mark.parametrize("damaged", ["穗府办函〔202053号", "穗府函〔202053号"])
def test_damaged_numbers_resolve_loosely(order, damaged):
    docs = [_guangzhou(), _citer(damaged)] if order == "real first" else [_citer(damaged), _guangzhou()]
    G = build_graph(docs)
    assert _numbered(G, "穗府办函〔2020〕53号") == ["doc:穗府办函〔2020〕53号"]
    assert not G.nodes["doc:穗府办函〔2020〕53号"]["stub"]
    assert G.has_edge("doc:海府办〔2020〕7号", "doc:穗府办函〔2020〕53号", "implements")
    assert sum(1 for n, d in G.nodes(data=True) if d.get("type") == "Document") == 2


def test_damaged_number_stub_merges_into_the_document_added_later():
    G = build_graph([_citer("穗府函〔202053号")])
    assert G.nodes["doc:穗府函〔2020〕53号"]["stub"] and G.nodes["doc:穗府函〔2020〕53号"]["damaged_number"]
    add_documents(G, [_guangzhou()])
    assert [n for n in G if n.startswith("doc:穗")] == ["doc:穗府办函〔2020〕53号"]
    assert G.has_edge("doc:海府办〔2020〕7号", "doc:穗府办函〔2020〕53号", "implements")


def test_titles_cited_without_numbers_resolve_to_one_node(cascade):
    # 利通区 cites 《中华人民共和国政府信息公开条例》 without its number; Hunan cites it with 国务院令第711号
    assert cascade.has_edge(fx.LITONG_PLAN, "doc:国务院令第711号", "implements")
    assert not [n for n in cascade if n == "doc:中华人民共和国政府信息公开条例"]
    # 平江县 cites 《关于推进政务新媒体健康有序发展的意见》(国办发〔2018〕123号) without the issuer; 利通区 the full title only
    assert cascade.has_edge(fx.LITONG_PLAN, "doc:国办发〔2018〕123号", "implements")
    assert cascade.has_edge(fx.PINGJIANG_OPENNESS, "doc:国办发〔2018〕123号", "implements")
    titled = [n for n, d in cascade.nodes(data=True) if d.get("type") == "Document" and "政务新媒体健康有序发展" in (d.get("title") or "")]
    assert titled == ["doc:国办发〔2018〕123号"]


def test_loose_reference_resolves_by_subject(cascade):
    assert title_subject(fx.LOOSE_REFERENCE) == title_subject(fx.T54)
    edge = cascade.edges[fx.LITONG_PLAN, "doc:" + fx.N54, "implements"]
    assert edge["inferred"] is False  # the text says it implements; only the target was matched loosely
    assert edge["rule"] == "citation_subject" and edge["confidence"] >= SUBJECT_THRESHOLD
    # the Guangdong opinion has the same subject but 利通区 is not in Guangdong
    assert not cascade.has_edge(fx.LITONG_PLAN, fx.GUANGDONG, "implements")
    assert not [n for n in cascade if "部署要求" in n]


def test_loose_reference_prefers_the_issuer_it_names():
    county = Document(id="hz", kind="plan", title="某县2020年政务公开工作要点", region_code="441322",
                      cites=[Citation("省关于全面推进基层政务公开标准化规范化工作的部署要求", None, True, "贯彻落实")])
    G = build_graph(fx.guangdong_documents() + [county])
    node = next(n for n, d in G.nodes(data=True) if "hz" in d.get("record_ids", ()))
    assert G.has_edge(node, fx.GUANGDONG, "implements")
    assert not G.has_edge(node, "doc:" + fx.N54, "implements")


def test_unresolved_loose_reference_waits_for_its_target():
    G = build_graph(fx.litong_documents())
    citation = next(c for c in G.nodes[fx.LITONG_PLAN]["citations"] if c["title"] == fx.LOOSE_REFERENCE)
    assert citation["rule"] == "unresolved" and not citation["resolved"]
    add_documents(G, fx.guangdong_documents())  # brings 54号 as a stub, with its title
    citation = next(c for c in G.nodes[fx.LITONG_PLAN]["citations"] if c["title"] == fx.LOOSE_REFERENCE)
    assert citation["resolved"] == ["doc:" + fx.N54]
    assert G.has_edge(fx.LITONG_PLAN, "doc:" + fx.N54, "implements")


@pytest.mark.parametrize("order", ["site A first", "site B first"])
def test_same_notice_from_two_mirror_sites_is_one_document(order):
    a, b = fx.guangdong_documents(), fx.guangdong_documents(mirror=True)
    G = build_graph(a + b if order == "site A first" else b + a)
    nodes = _numbered(G, "粤府办〔2020〕10号")
    assert nodes == [fx.GUANGDONG]
    data = G.nodes[fx.GUANGDONG]
    assert sorted(data["record_ids"]) == ["gd-opinion", "gd-opinion-mirror"]
    assert len(data["sources"]) == 2
    tasks = [t for _, t, k in G.out_edges(fx.GUANGDONG, keys=True) if k == "contains"]
    assert len(tasks) == 4  # the richer reading is kept


def test_adding_the_same_record_again_changes_nothing():
    G = build_graph(fx.guangdong_documents() + fx.litong_documents())
    before = (sorted(G.nodes), sorted((u, v, k) for u, v, k in G.edges(keys=True)))
    add_documents(G, fx.guangdong_documents() + fx.litong_documents())
    assert (sorted(G.nodes), sorted((u, v, k) for u, v, k in G.edges(keys=True))) == before


def test_a_mirror_without_its_number_line_is_the_same_document():
    [a] = fx.guangdong_documents()
    b = fx.mirror_of(a, id="gd-no-number", doc_number=None, source=None)
    for docs in ([a, b], [b, a]):
        G = build_graph(docs)
        nodes = [n for n, d in G.nodes(data=True) if d.get("type") == "Document" and not d.get("stub")]
        assert len(nodes) == 1 and sorted(G.nodes[nodes[0]]["record_ids"]) == ["gd-no-number", "gd-opinion"]
        assert G.nodes[nodes[0]]["doc_number"] == "粤府办〔2020〕10号"
    # another issuer's document with the same title is another document
    c = fx.mirror_of(a, id="other", doc_number=None, issuer="某市人民政府办公室", region_code="440100")
    G = build_graph([a, c])
    assert len([n for n, d in G.nodes(data=True) if d.get("type") == "Document" and not d.get("stub")]) == 2


def test_a_document_naming_itself_or_its_plans_links_to_nothing():
    notice, services, openness = fx.pingjiang_documents()
    notice = fx.mirror_of(notice, cites=[
        Citation("平江县2020年政务管理服务工作要点", None, False, "现将《平江县2020年政务管理服务工作要点》印发给你们"),
        Citation(None, "平政办发〔2020〕5号", False, None),
    ])
    G = build_graph([notice, services, openness])
    assert [c["rule"] for c in G.nodes[fx.PINGJIANG]["citations"]] == ["self", "self"]
    assert not [v for _, v, k in G.out_edges(fx.PINGJIANG, keys=True) if k in ("cites", "implements")]
    assert not [n for n, d in G.nodes(data=True) if d.get("stub") and "平江" in (d.get("title") or d.get("doc_number") or "")]


# -- a document known under a number and a title; untitled documents (issue 9) --

_REPOST = Document(id="repost", kind="notice", title="中共中央办公厅 国务院办公厅印发《关于全面推进政务公开工作的意见》", level="national", region_code="000000")


def _hebei(id_, number, cites):
    return Document(id=id_, kind="opinion", title=f"河北省人民政府办公厅关于某事{id_}的意见", doc_number=number, issuer="河北省人民政府办公厅",
                    region_code="130000", cites=cites)


_BY_TITLE_AND_NUMBER = Citation("中共中央办公厅国务院办公厅印发〈关于全面推进政务公开工作的意见〉的通知", "中办发〔2016〕8号", True, "按照")
_BY_NUMBER = Citation(None, "中办发〔2016〕8号", True, "贯彻落实")


@pytest.mark.parametrize("order", [0, 1, 2])
def test_a_number_cited_beside_a_title_names_the_document_that_prints_none(order):
    docs = [_REPOST, _hebei("a", "冀政办发〔2017〕1号", [_BY_TITLE_AND_NUMBER]), _hebei("b", "冀政办发〔2017〕2号", [_BY_NUMBER])]
    docs = docs[order:] + docs[:order]
    G = build_graph(docs)
    repost = next(n for n, d in G.nodes(data=True) if d.get("record_ids") == ["repost"])
    assert "doc:中办发〔2016〕8号" not in G  # no stub beside the document
    assert G.has_edge("doc:冀政办发〔2017〕1号", repost, "implements")
    assert G.has_edge("doc:冀政办发〔2017〕2号", repost, "implements")
    assert G.edges["doc:冀政办发〔2017〕2号", repost, "implements"]["rule"] == "citation_doc_number_cited"


def test_a_stub_made_for_the_number_in_an_earlier_batch_folds_into_the_document():
    G = build_graph([_hebei("b", "冀政办发〔2017〕2号", [_BY_NUMBER])])
    assert G.nodes["doc:中办发〔2016〕8号"]["stub"]
    add_documents(G, [_REPOST, _hebei("a", "冀政办发〔2017〕1号", [_BY_TITLE_AND_NUMBER])])
    repost = next(n for n, d in G.nodes(data=True) if d.get("record_ids") == ["repost"])
    assert "doc:中办发〔2016〕8号" not in G
    assert G.has_edge("doc:冀政办发〔2017〕2号", repost, "implements")


def test_a_number_of_another_province_does_not_name_a_document_sharing_the_title_core():
    fujian = Document(id="fj", kind="notice", title="福建省人民政府办公厅转发国务院办公厅关于进一步做好政务舆情回应的通知",
                      issuer="福建省人民政府办公厅", region_code="350000")
    cited = Citation("河北省人民政府办公厅关于进一步做好政务舆情回应的通知", "冀政办发〔2016〕29号", True, "按照")
    G = build_graph([fujian, _hebei("a", "冀政办发〔2017〕1号", [cited])])
    fj = next(n for n, d in G.nodes(data=True) if d.get("record_ids") == ["fj"])
    assert not G.has_edge("doc:冀政办发〔2017〕1号", fj, "implements")
    assert G.nodes["doc:冀政办发〔2016〕29号"]["stub"]


def _untitled(id_, said, genre, issuer=None):
    from policykg.ingest.records import Subject

    return Document(id=id_, kind="opinion", title="就业事关经济发展和民生改善大局", issuer=issuer, level="national", region_code="000000",
                    subject=Subject(said, genre))


@pytest.mark.parametrize(
    "cited, issuer, linked",
    [
        ("国务院关于进一步做好新形势下就业创业工作的意见", "国务院", True),
        ("关于进一步做好新形势下就业创业工作的指导意见", None, True),  # 意见 is any 意见
        ("国务院关于进一步做好新形势下就业创业工作的实施方案", "国务院", False),  # another genre
        ("人力资源社会保障部关于进一步做好新形势下就业创业工作的意见", "国务院", False),  # another issuer
        ("国务院关于推进政务公开工作的意见", "国务院", False),  # another subject
    ],
)
def test_an_untitled_document_is_found_by_the_subject_its_opening_states(cited, issuer, linked):
    citing = Document(id="c", kind="notice", title="人力资源社会保障部关于做好2016年就业工作的通知", doc_number="人社部函〔2016〕18号",
                      issuer="人力资源社会保障部", level="national", region_code="000000", cites=[Citation(cited, "国发〔2015〕23号", True, "根据")])
    G = build_graph([_untitled("u", "进一步做好就业创业工作", "意见", issuer), citing])
    untitled = next(n for n, d in G.nodes(data=True) if d.get("record_ids") == ["u"])
    assert G.has_edge("doc:人社部函〔2016〕18号", untitled, "implements") is linked
    assert ("doc:国发〔2015〕23号" in G) is not linked


def test_the_stubs_a_citation_finds_are_the_stubs_among_all_it_finds(sample_records):
    from policykg.graph.resolve import DocumentIndex, citation_keys

    G = build_graph([d for docs in sample_records.values() for d in docs])
    # a stub sharing a document's title (a cited copy not folded in), and one known by subject alone
    G.add_node("doc:stub-a", type="Document", stub=True, title="关于做好政务公开工作的通知", doc_number=None)
    G.add_node("doc:stub-b", type="Document", stub=True, title="关于进一步加强政务公开工作的意见", doc_number="国办发〔2099〕9号")
    index = DocumentIndex(G, fold_stubs=False)
    stubs = {n for n, d in G.nodes(data=True) if d.get("type") == "Document" and d.get("stub")}
    cited = [(c["title"], c["doc_number"]) for _, d in G.nodes(data=True) if d.get("type") == "Document" for c in d.get("citations", ())]
    cited += [(G.nodes[s]["title"], G.nodes[s]["doc_number"]) for s in stubs] + [("做好政务公开工作", None), ("加强政务公开工作", None)]
    found_any = 0
    for title, number in cited:
        keys = citation_keys(title, number)
        expected = {n for n in index.found_by(keys) if G.nodes[n].get("stub")}
        assert index.found_by(keys, stubs=True) == expected, (title, number)
        found_any += bool(expected)
    assert found_any >= 3  # the seeds' stubs and the two added are found


@pytest.mark.parametrize("numbered_first", [True, False])
def test_a_citation_resolved_to_a_stub_names_it_after_a_later_citation_gives_its_number(numbered_first):
    """A title stub given its number by a citation after it is renamed; the citations resolved to it before
    name the renamed node too, as those resolved after do (whichever order the citers come in)."""
    title = "政府信息公开申请办理答复规范"

    def citer(i: int, number) -> Document:
        return Document(id=f"c{i}", kind="notice", title=f"某县人民政府办公室关于转发第{i}号通知的通知", doc_number=f"某政办发〔2020〕{i}号",
                        region_code="440105", cites=[Citation(title, number, True, "落实")])

    by_title, by_number = citer(1, None), citer(2, "粤办函〔2020〕42号")
    G = build_graph([by_number, by_title] if numbered_first else [by_title, by_number])
    node = "doc:粤办函〔2020〕42号"
    assert node in G and "doc:" + title not in G
    for citing in ("doc:某政办发〔2020〕1号", "doc:某政办发〔2020〕2号"):
        assert G.nodes[citing]["citations"][0]["resolved"] == [node], (citing, G.nodes[citing]["citations"][0])
        assert G.has_edge(citing, node, "implements")


def test_resolving_without_stubs_finds_only_documents():
    """``stubs=False``: what a citation finds among the documents themselves (a stub of the number is passed over)."""
    from policykg.graph.resolve import DocumentIndex

    citing = Document(id="c1", kind="notice", title="某县关于贯彻落实的通知", cites=[Citation(title=None, doc_number="国办发〔2019〕54号")])
    G = build_graph([citing])
    index = DocumentIndex(G, fold_stubs=False)
    with_stubs = index.resolve(doc_number="国办发〔2019〕54号")
    assert with_stubs.node and G.nodes[with_stubs.node]["stub"]
    assert index.resolve(doc_number="国办发〔2019〕54号", stubs=False).node is None
