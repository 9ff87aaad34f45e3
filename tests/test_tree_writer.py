"""The cascade tree written line by line is the tree rich draws.

``policykg trace`` prints a cascade as a tree; at national scale (15,000
lines) rich's ``Tree`` took over a second to draw it, so
:func:`policykg.render.print_cascade` writes the lines itself. Here its text
is compared with ``Console.print(cascade_as_tree(...))`` (rich drawing the
same labels): every document of the seeds and of a generated cascade traced
down and up, with and without tasks, at several widths, with and without
colours; and generated trees whose labels hold what rich reads as more than
plain text (markup brackets, backslashes, emoji codes, tabs, control and
zero-width characters, long words), at widths down to less than the guides.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from policykg.graph import queries
from policykg.graph.embedded import load_graph
from policykg.graph.schema import NodeType
from policykg.graph.sqlite_graph import SQLiteGraph
from policykg.render import cascade_as_tree, print_cascade

from .test_explorer_store import stores  # noqa: F401  (the seeds and a generated cascade, ingested)


class _Narrow(io.StringIO):
    """A file in an encoding without box-drawing characters: rich draws ASCII guides to it."""

    encoding = "latin-1"


def _console(width: int, colour: bool, file=None) -> Console:
    if colour:
        return Console(file=file or io.StringIO(), width=width, force_terminal=True, color_system="truecolor")
    return Console(file=file or io.StringIO(), width=width, color_system=None)


#: (width, colours) of the consoles compared: every one on the seeds, the first two on the generated corpus
CONSOLES = [(80, False), (80, True), (100, False), (37, False)]


def _text(make, width: int, colour: bool, file_type, draw):
    """What ``draw(console, result, down, tasks_of)`` writes, ``make()`` giving the answer; or the error it raises.

    rich itself fails on some text (a label of zero-width joiners folded
    into one cell): the writer then fails the same way.
    """
    console = _console(width, colour, file_type())
    result, down, tasks_of = make()
    try:
        draw(console, result, down, tasks_of)
    except Exception as err:  # noqa: BLE001 - compared with what rich raises
        return type(err)
    return console.file.getvalue()


def _both(make, width: int, colour: bool, file_type=io.StringIO, lines: int = 3) -> tuple:
    """rich drawing the tree and print_cascade writing it (every few lines): ``make()`` gives (result, down, tasks_of)."""
    drawn = _text(make, width, colour, file_type, lambda c, r, d, t: c.print(cascade_as_tree(r, down=d, tasks_of=t)))
    written = _text(make, width, colour, file_type, lambda c, r, d, t: print_cascade(c, r, down=d, tasks_of=t, lines=lines))
    return drawn, written


def _documents(G) -> list[str]:
    return sorted(n for n, d in G.nodes(data=True) if d.get("type") == NodeType.DOCUMENT.value)


@pytest.mark.parametrize("which", ["seeds", "generated"])
def test_every_cascade_is_written_as_rich_draws_it(stores, which):
    G = load_graph(stores[which])
    drawn = coloured = 0
    with SQLiteGraph(stores[which]) as backend:
        for doc in _documents(G):
            for down in (True, False):
                ask = queries.trace if down else queries.upstream
                plain, full = ask(G, doc), ask(G, doc, tasks=True)
                for width, colour in CONSOLES if which == "seeds" else CONSOLES[:2]:
                    expected, written = _both(lambda: (plain, down, None), width, colour)
                    assert written == expected, (doc, down, width, colour)
                    # the tasks from the whole answer, and read from the store as the tree is walked
                    expected, written = _both(lambda: (full, down, None), width, colour)
                    assert written == expected, (doc, down, width, colour, "tasks")
                    streamed = _both(lambda: (plain, down, backend.cascade_tasks(plain["documents"])), width, colour)[1]
                    assert streamed == expected, (doc, down, width, colour, "streamed tasks")
                    assert isinstance(expected, str)  # the seeds and the corpus draw without fault
                    drawn += expected.count("\n")
                    coloured += colour and "\x1b[" in expected
    assert drawn > 1000 and coloured > 10  # long trees were compared, and colours were in them


def test_ascii_guides_where_the_console_cannot_draw_boxes(stores):
    G = load_graph(stores["generated"])
    root = next(d for d in _documents(G) if G.nodes[d].get("level") == "provincial" and not G.nodes[d].get("stub"))
    answer = queries.trace(G, root, tasks=True)
    expected, written = _both(lambda: (answer, True, None), 80, False, file_type=_Narrow)
    assert written == expected and "+-- " in expected and "├" not in expected


# -- generated trees with labels that rich reads as more than plain text --------------------------

_PIECES = st.sampled_from(
    ["政务公开", "工作要点", "湘政办发〔2020〕9号", " ", "  ", "abc", "averyveryverylongasciiwordwithoutanyspaces", "[bold]", "[/bold]",
     "[dim]x[/dim]", "[1]", "\\", "\\[", ":smile:", ":", "10:30", "\t", "\r", "\x07", "\u200d", "\ufe0f", "e\u0301", "👩\u200d💻",
     "·", "›", "ｆｕｌｌ", "\u3000", "x" * 90, "中" * 45]
)
_TEXT = st.lists(_PIECES, min_size=1, max_size=6).map("".join)


@st.composite
def _answers(draw):
    n = draw(st.integers(1, 5))
    ids = [f"doc:{i}" for i in range(n)]
    documents = {
        node: {"id": node, "title": draw(_TEXT), "doc_number": draw(st.none() | _TEXT), "kind": "plan",
               "level": draw(st.sampled_from(["national", "provincial", "municipal", "county", None])),
               "region": draw(st.lists(_TEXT, max_size=2)), "stub": draw(st.booleans())}
        for node in ids
    }
    edges = []
    for i in range(1, n):
        for parent in sorted(set(draw(st.lists(st.integers(0, i - 1), min_size=1, max_size=2)))):
            inferred = draw(st.booleans())
            edges.append({"source": ids[i], "target": ids[parent], "relation": "implements", "inferred": inferred,
                          "confidence": draw(st.floats(0, 1)) if inferred else None, "evidence": None})
    tasks = {}
    for node in ids:
        rows = []
        for t in range(draw(st.integers(0, 2))):
            task = {"id": f"{node}#{t}", "kind": "task", "document": node, "position": t + 1, "number": draw(st.none() | _TEXT),
                    "heading": draw(_TEXT), "agencies": {"lead": draw(st.lists(_TEXT, max_size=2)), "responsible": []},
                    "deadlines": [{"text": draw(_TEXT), "date": None}] if draw(st.booleans()) else []}
            other = {"document": draw(st.sampled_from(ids)), "position": 1, "heading": draw(_TEXT)}
            links = [({"relation": "implements", "inferred": True, "confidence": 0.5}, other)] if draw(st.booleans()) else []
            rows.append((task, links))
        tasks[node] = rows
    result = {"root": ids[0], "documents": documents, "edges": edges}
    return result, lambda docs: ((d, tasks[d]) for d in docs)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer=_answers(), width=st.integers(1, 70), colour=st.booleans())
def test_labels_rich_reads_as_markup_or_control_text_are_written_as_rich_draws_them(answer, width, colour):
    result, tasks_of = answer
    expected, written = _both(lambda: (result, True, tasks_of), width, colour, lines=2)
    assert written == expected
