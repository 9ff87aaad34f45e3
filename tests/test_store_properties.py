"""The store's invariant, as properties: whatever was ingested, changed and removed, the graph is the from-scratch graph.

For any sequence of ingesting a file, re-ingesting it changed, removing it and
adding it again, the graph the store holds (read back from its tables) equals
the graph built from scratch from the records that remain (every node, every
edge with its relation key, every attribute), and trace, upstream, coverage
and agency give the from-scratch answers. Most sequences run over small
generated corpora (:mod:`tests.store_corpus`), a few over the sample notices
(each variant parsed once); the CLI runs are in ``test_store_integrity.py``.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policykg.graph import build_graph
from policykg.ingest.parallel import Parsed, parse_file
from policykg.errors import DocumentNotFound
from policykg.workspace import Workspace

from .falkordb_server import falkordb_server  # noqa: F401  (a session fixture)
from .store_corpus import FILES, VARIANTS, answers, canonical, path_of, tiny_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "examples" / "notices").glob("*.txt"))

# database=None: no example database written beside the repository
_settings = dict(deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def operations(files: int, variants: int):
    ingest = st.tuples(st.just("ingest"), st.integers(0, files - 1), st.integers(0, variants - 1))
    remove = st.tuples(st.just("remove"), st.integers(0, files - 1), st.just(0))
    return st.lists(st.one_of(ingest, ingest, remove), min_size=1, max_size=8)


@lru_cache(maxsize=None)
def _expected(present: tuple, make) -> tuple:
    """The from-scratch graph of the files ``present`` (``(path, variant)`` pairs), and its answers."""
    docs = [d for path, v in sorted(present) for d in make(path, v).documents]
    G = build_graph(docs)
    return canonical(G), answers(G)


def _run(root: Path, ops, make) -> tuple:
    """Apply ``ops`` to a new store through the workspace; return what it holds and what should be there."""
    present: dict = {}
    with Workspace(root, create=True) as ws:
        for op, i, v in ops:
            parsed = make(i, v)
            if op == "ingest":
                ws.store([parsed])
                present[i] = v
            elif i in present:
                ws.remove(make(i, present.pop(i)).documents[0].id)
            else:
                with pytest.raises(DocumentNotFound):
                    ws.remove(parsed.documents[0].id)
            assert not ws.is_stale()
        G = ws.graph()
    return canonical(G), answers(G), tuple(sorted(present.items()))


@lru_cache(maxsize=None)
def tiny(i: int, v: int) -> Parsed:
    sha, documents, cleaned = tiny_file(i, v)
    return Parsed(Path(path_of(i)), documents[0].source, documents, cleaned, sha256=sha)


@settings(max_examples=200, **_settings)
@given(ops=operations(len(FILES), VARIANTS))
def test_any_sequence_on_generated_corpora_gives_the_from_scratch_graph(tmp_path_factory, ops):
    graph, answered, present = _run(tmp_path_factory.mktemp("prop"), ops, tiny)
    expected_graph, expected_answers = _expected(present, tiny)
    assert graph == expected_graph
    assert answered == expected_answers


@pytest.fixture(scope="module")
def falkordb(falkordb_server):  # noqa: F811
    from policykg.graph.falkordb_store import FalkorDBStore

    pushed, fresh = FalkorDBStore(falkordb_server.url, "store-props"), FalkorDBStore(falkordb_server.url, "store-fresh")
    yield pushed, fresh
    for db in (pushed, fresh):
        db.clear()
        db.close()


@settings(max_examples=25, **_settings)
@given(ops=operations(len(FILES), VARIANTS))
def test_what_push_leaves_in_falkordb_is_a_from_scratch_push(tmp_path_factory, falkordb, ops):
    """After every change the store's graph is pushed (mirrored) into one FalkorDB graph, which keeps its history."""
    pushed, fresh = falkordb
    pushed.clear()
    present: dict = {}
    with Workspace(tmp_path_factory.mktemp("push"), create=True) as ws:
        for op, i, v in ops:
            if op == "ingest":
                ws.store([tiny(i, v)])
                present[i] = v
            elif i in present:
                ws.remove(tiny(i, present.pop(i)).documents[0].id)
            pushed.push(ws.graph(), mirror=True)
    fresh.clear()
    fresh.push(build_graph([d for i, v in sorted(present.items()) for d in tiny(i, v).documents]))
    assert canonical(pushed.pull()) == canonical(fresh.pull())


def test_the_generated_corpus_exercises_links_and_inference():
    """The property above is only worth something if the corpus makes stubs, links and inferences."""
    G = build_graph([d for i in range(len(FILES)) for v in (0, 2) for d in tiny(i, v).documents])
    edges = list(G.edges(keys=True, data=True))
    assert any(d.get("inferred") for *_, d in edges)
    assert any(k == "implements" and not d.get("inferred") for *_, k, d in edges)
    assert any(d.get("stub") for _, d in G.nodes(data=True))
    assert all(isinstance(k, str) for *_, k, _ in edges)


# -- the sample notices -------------------------------------------------------


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    """Each sample notice and a changed copy of it (its first doc number renumbered), parsed once."""
    folder = tmp_path_factory.mktemp("samples")
    parsed = {}
    for i, path in enumerate(SAMPLES):
        text = path.read_text(encoding="utf-8")
        # 號: the traditional-character samples write their numbers so
        changed = re.sub(r"〔(\d{4})〕(\d+)([号號])", lambda m: f"〔{m[1]}〕{int(m[2]) + 100}{m[3]}", text, count=1)
        assert changed != text, f"{path.name}: the changed variant must differ from the sample"
        for v, body in enumerate((text, changed)):
            target = folder / f"v{v}" / path.name
            target.parent.mkdir(exist_ok=True)
            target.write_text(body, encoding="utf-8")
            result = parse_file(target)
            assert result.ok, result.error
            # both variants are the same file (path) with different contents
            parsed[i, v] = dataclasses.replace(result, path=folder / path.name)
    shutil.rmtree(folder / "v0")
    return parsed


@settings(max_examples=12, **_settings)
@given(ops=operations(len(SAMPLES), 2))
def test_any_sequence_on_the_sample_notices_gives_the_from_scratch_graph(tmp_path_factory, samples, ops):
    make = samples.__getitem__
    graph, answered, present = _run(tmp_path_factory.mktemp("seq"), ops, lambda i, v: make((i, v)))
    expected_graph, expected_answers = _expected(present, _SampleMaker(samples))
    assert graph == expected_graph
    assert answered == expected_answers


class _SampleMaker:
    """``make(i, v)`` over the parsed samples, hashable so that from-scratch graphs are cached."""

    def __init__(self, samples) -> None:
        self.samples = samples

    def __call__(self, i, v):
        return self.samples[i, v]

    def __hash__(self) -> int:
        return 1

    def __eq__(self, other) -> bool:
        return isinstance(other, _SampleMaker)
