"""A cascade streamed in parts is the cascade answered whole.

``trace --tasks`` of a national directive is hundreds of megabytes as one
answer; :meth:`SQLiteGraph.trace_parts` hands it over in parts and the CLI
writes them as they come (:func:`policykg.render.write_json_parts`), the
tree reads each document's tasks while it is drawn
(:meth:`SQLiteGraph.cascade_tasks`). Here every document of the seeds and of
a generated cascade is traced and traced up, with and without tasks, in
chunks of a few documents (so that every chunk boundary is crossed), and
the streamed text is compared with the whole graph's answer
(:mod:`policykg.graph.queries`) as the CLI printed it before it streamed.
"""

from __future__ import annotations

import io

import orjson
import pytest
from rich.console import Console
from typer.testing import CliRunner

from policykg.cli import app
from policykg.graph import queries, sqlite_graph
from policykg.graph.embedded import load_graph
from policykg.graph.schema import NodeType
from policykg.graph.sqlite_graph import SQLiteGraph
from policykg.render import answer_tasks, cascade_as_tree, print_streamed, write_json_parts

from .test_explorer_store import stores  # noqa: F401  (the seeds and a generated cascade, ingested)

runner = CliRunner()


def _whole_json(answer: dict) -> str:
    # what the CLI printed before it streamed: the whole answer, dumped at once
    return orjson.dumps(answer, option=orjson.OPT_INDENT_2).decode() + "\n"


def _streamed_json(parts) -> str:
    out = io.StringIO()
    write_json_parts(parts, out, batch=7)
    return out.getvalue()


def _documents(G) -> list[str]:
    return sorted(n for n, d in G.nodes(data=True) if d.get("type") == NodeType.DOCUMENT.value)


@pytest.mark.parametrize("which", ["seeds", "generated"])
def test_streamed_cascades_equal_the_whole_answers(stores, which, monkeypatch):
    monkeypatch.setattr(sqlite_graph, "CHUNK", 3)  # many chunks: every boundary between them is crossed
    G = load_graph(stores[which])
    docs = _documents(G)
    tasks_seen = 0
    with SQLiteGraph(stores[which]) as backend:
        for doc in docs:
            for tasks in (False, True):
                whole = queries.trace(G, doc, tasks=tasks)
                assert _streamed_json(backend.trace_parts(doc, tasks=tasks)) == _whole_json(whole), (doc, tasks)
                up = queries.upstream(G, doc, tasks=tasks)
                assert _streamed_json(backend.upstream_parts(doc, tasks=tasks)) == _whole_json(up), (doc, tasks)
                tasks_seen += sum(1 for d in whole["documents"].values() if d.get("kind") == "task")
    assert tasks_seen > 100  # the comparison saw cascades with their tasks, not only empty ones


def test_a_reference_that_names_nothing_fails_before_any_part(stores):
    from policykg.errors import DocumentNotFound

    with SQLiteGraph(stores["seeds"]) as backend:
        with pytest.raises(DocumentNotFound):
            backend.trace_parts("不存在的文件", tasks=True)
        # the connection is left usable: no read transaction hangs open
        assert backend.trace("国办发〔2019〕54号")["root"] == "doc:国办发〔2019〕54号"
        assert not backend.conn.in_transaction


def _text(renderable, *, streamed: bool) -> str:
    console = Console(file=io.StringIO(), width=100, color_system=None)
    print_streamed(console, renderable, lines=5) if streamed else console.print(renderable)
    return console.file.getvalue()


@pytest.mark.parametrize("which", ["seeds", "generated"])
def test_the_tree_read_as_it_is_drawn_is_the_tree_of_the_whole_answer(stores, which, monkeypatch):
    monkeypatch.setattr(sqlite_graph, "CHUNK", 2)
    G = load_graph(stores[which])
    shown = 0
    with SQLiteGraph(stores[which]) as backend:
        for doc in _documents(G):
            for down in (True, False):
                ask = queries.trace if down else queries.upstream
                plain = ask(G, doc)
                # without tasks: the tree printed as it is drawn is the tree Console.print printed
                assert _text(cascade_as_tree(plain, down=down), streamed=True) == _text(cascade_as_tree(plain, down=down), streamed=False)
                whole = _text(cascade_as_tree(ask(G, doc, tasks=True), down=down), streamed=False)
                streamed = _text(cascade_as_tree(plain, down=down, tasks_of=backend.cascade_tasks(plain["documents"])), streamed=True)
                assert streamed == whole, (doc, down)
                shown += whole.count(" · lead ")
    assert shown > 50


def test_the_tree_with_tasks_keeps_every_document_and_shows_every_task(stores):
    # before, the tasks' own links were drawn as links between documents: documents hung under
    # tasks that were never drawn, and vanished from the tree
    G = load_graph(stores["generated"])
    root = next(d for d in _documents(G) if G.nodes[d].get("level") == "provincial" and not G.nodes[d].get("stub"))
    plain, full = queries.trace(G, root), queries.trace(G, root, tasks=True)
    with_tasks = _text(cascade_as_tree(full, down=True), streamed=False)
    without = _text(cascade_as_tree(plain, down=True), streamed=False)
    numbers = [d["doc_number"] for d in plain["documents"].values() if d.get("doc_number")]
    assert len(numbers) > 3 and all(n in without and n in with_tasks for n in numbers)
    headings = [d["heading"] for d in full["documents"].values() if d.get("kind") == "task"]
    flat = "".join(with_tasks.split())  # wrapped lines joined: a heading may be folded over two
    assert headings and all("".join(h.split()) in flat for h in headings)
    # and the task entries drawn are read from the whole answer as from the store
    tasks_of = answer_tasks(full)
    assert sum(len(rows) for _, rows in tasks_of(list(plain["documents"]))) == len(headings)


def test_the_cli_streams_the_same_text(stores):
    store = str(stores["generated"])
    G = load_graph(stores["generated"])
    root = next(d for d in _documents(G) if G.nodes[d].get("level") == "provincial" and not G.nodes[d].get("stub"))
    result = runner.invoke(app, ["trace", root, "--tasks", "--format", "json", "--store", store])
    assert result.exit_code == 0, result.output
    assert result.stdout == _whole_json(queries.trace(G, root, tasks=True))
    table = runner.invoke(app, ["trace", root, "--tasks", "--store", store])
    assert table.exit_code == 0 and " · lead " in table.stdout
    missing = runner.invoke(app, ["trace", "不存在的文件", "--tasks", "--format", "json", "--store", store])
    assert missing.exit_code == 1 and not missing.stdout and "E101" in missing.output
