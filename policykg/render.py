"""Terminal views of records and of the graph's answers (the CLI's table format)."""

from __future__ import annotations

import re
from contextlib import nullcontext
from typing import Optional

from rich._wrap import divide_line  # the word wrapping of rich's Text.wrap (print_cascade folds labels as rich does)
from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.markup import escape
from rich.segment import Segment, Segments
from rich.style import Style
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from policykg import collector
from policykg.ingest.records import Document, Party
from policykg.rules.regions import LEVELS
from policykg.rules.roles import ROLES

__all__ = [
    "elide_middle",
    "document_as_text",
    "cascade_as_tree",
    "answer_tasks",
    "print_cascade",
    "print_streamed",
    "write_json_parts",
    "coverage_as_table",
    "obligations_as_table",
    "hits_as_table",
    "hits_summary",
]


def elide_middle(text: str, cells: int) -> str:
    """``text`` cut to ``cells`` terminal cells by dropping its middle (a CJK character is two cells).

    Titles of one issuer share their beginning (平江县2020年…) and differ
    towards the end, so the end is kept longer than the beginning.

    >>> elide_middle("平江县2020年政务公开工作要点", 20), elide_middle("平江县2020年政务管理服务工作要点", 20)
    ('平江县2…公开工作要点', '平江县2…服务工作要点')
    >>> elide_middle("短标题", 20)
    '短标题'
    """
    if cell_len(text) <= cells:
        return text
    budget = max(cells - 1, 2)
    head_cells = budget * 2 // 5
    head = ""
    for ch in text:
        if cell_len(head + ch) > head_cells:
            break
        head += ch
    tail = ""
    for ch in reversed(text[len(head) :]):
        if cell_len(head) + cell_len(ch + tail) > budget:
            break
        tail = ch + tail
    return f"{head}…{tail}"


def _names(parties: list[Party]) -> str:
    return "、".join(p.canonical if p.canonical == p.mention else f"{p.canonical}({p.mention})" for p in parties)


def document_as_text(doc: Document) -> str:
    """A readable summary of one document: metadata, citations and tasks.

    >>> print(document_as_text(Document(id="d1", kind="notice", title="关于某事的通知", doc_number="某发〔2020〕1号")))
    关于某事的通知
      id: d1 · notice · 某发〔2020〕1号
    """
    lines = [doc.title]
    meta = [f"id: {doc.id}", doc.kind]
    meta += [v for v in (doc.doc_number, doc.issuer, doc.level, " › ".join(doc.region) or None) if v]
    lines.append("  " + " · ".join(meta))
    dates = [(k, getattr(doc, k)) for k in ("signed_date", "published_date", "effective_date", "expiry_date")]
    if any(v for _, v in dates):
        lines.append("  " + " · ".join(f"{k.removesuffix('_date')} {v}" for k, v in dates if v))
    if doc.parent:
        lines.append(f"  promulgated by: {doc.parent}")
    for c in doc.cites:
        label = "implements" if c.implements else "cites"
        name = " ".join(x for x in (f"《{c.title}》" if c.title else None, c.doc_number) if x)
        lines.append(f"  {label}: {name}")
    for t in doc.tasks:
        lines.append(f"  {t.position:>3} {t.number_printed} {t.heading}")
        for role in ROLES:
            parties = getattr(t, role)
            if parties:
                lines.append(f"        {role}: {_names(parties)}")
        if t.deadlines:
            lines.append("        deadlines: " + "; ".join(f"{d.text} ({d.date})" if d.date else d.text for d in t.deadlines))
        if t.targets:
            lines.append("        targets: " + "; ".join(x.text for x in t.targets))
    for f in doc.flags:
        lines.append(f"  flag {f.code}: {f.message}")
    return "\n".join(lines)


# -- cascade trees -------------------------------------------------------------
#
# A label is a list of lines, each a list of runs ``(text, style)``: the text as
# drawn and the style's name (None: plain). The same runs make the rich markup
# of :func:`cascade_as_tree` (each run's text escaped alone, as the labels were
# written before) and the lines :func:`print_cascade` writes itself.

Run = tuple[str, Optional[str]]
Label = list[list[Run]]


def _markup(label: Label) -> str:
    """The rich markup of a label (each run escaped on its own, styled runs in their tags)."""
    return "\n".join("".join(f"[{s}]{escape(t)}[/{s}]" if s else escape(t) for t, s in line) for line in label)


def _doc_runs(doc: dict) -> list[Run]:
    number = doc.get("doc_number")
    where = " › ".join(doc.get("region") or []) or "全国"
    runs: list[Run] = [(f"{doc.get('title') or doc['id']}" + (f" {number}" if number else "") + f" · {doc.get('level') or '?'} · {where}", None)]
    if doc.get("stub"):
        runs += [(" ", None), ("(not ingested)", "dim")]
    return runs


def _link_runs(edge: dict) -> list[Run]:
    if edge.get("inferred"):
        confidence = edge.get("confidence")
        return [(f"inferred {edge['relation']}{f' {confidence:.2f}' if confidence is not None else ''}", "yellow")]
    return [(edge["relation"], "green")]


def _doc_label(doc: dict) -> str:
    return _markup([_doc_runs(doc)])


def _link_label(edge: dict) -> str:
    return _markup([_link_runs(edge)])


LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}


def _is_task(entry: dict) -> bool:
    return entry.get("kind") == "task"


def answer_tasks(result: dict):
    """What :func:`cascade_as_tree` shows under each document, read from a whole answer with tasks.

    Returns a function of a list of documents giving, for each in turn,
    ``(document, [(task entry, [(link, the task it implements)])])``: the
    form :meth:`policykg.graph.sqlite_graph.SQLiteGraph.cascade_tasks` streams.
    """
    documents = result["documents"]
    held: dict[str, list[str]] = {}
    links: dict[str, list[tuple[dict, dict]]] = {}
    for edge in result["edges"]:
        u, v, relation = edge["source"], edge["target"], edge["relation"]
        if relation == "contains" and v in documents:
            held.setdefault(u, []).append(v)
        elif u in documents and v in documents and _is_task(documents[u]) and _is_task(documents[v]):
            links.setdefault(u, []).append((edge, documents[v]))

    def tasks_of(docs):
        for doc in docs:
            yield doc, [(documents[t], links.get(t, [])) for t in held.get(doc, [])]

    return tasks_of


def _task_runs(task: dict, links: list[tuple[dict, dict]], documents: dict) -> Label:
    number = task.get("number") or f"{task['position']}."
    first: list[Run] = [(f"{number} {task['heading']}", None)]
    for role, names in (task.get("agencies") or {}).items():
        if names:
            first += [(" · ", None), (role, "dim"), (" ", None), ("、".join(names), None)]
    if task.get("deadlines"):
        first += [(" · ", None), ("deadlines", "dim"), (" ", None), ("; ".join(d.get("date") or d["text"] for d in task["deadlines"]), None)]
    label = [first]
    for edge, other in links:
        where = documents.get(other.get("document"))
        label.append([*_link_runs(edge), (" ", None), (f"{_short(where) if where else other.get('document')}: {other['position']}. {other['heading']}", None)])
    return label


def _task_label(task: dict, links: list[tuple[dict, dict]], documents: dict) -> str:
    return _markup(_task_runs(task, links, documents))


class _Doc:
    """A document of a cascade tree: its label and the documents hung under it (its tasks come from the feed)."""

    __slots__ = ("label", "doc", "docs")

    def __init__(self, label: Label, doc: str) -> None:
        self.label, self.doc, self.docs = label, doc, []


class _TaskFeed:
    """The task labels of the documents of a tree, read in the order the tree is drawn, a chunk at a time."""

    def __init__(self, tasks_of, order: list[str], documents: dict, chunk: int = 200) -> None:
        self.tasks_of, self.order, self.documents, self.chunk = tasks_of, order, documents, chunk
        self.at = 0  # next position in ``order`` to read
        self.ready: dict[str, list[Label]] = {}
        self.last: Optional[_DocumentBranch] = None  # the rich branch drawn last (cascade_as_tree)

    def labels(self, doc: str) -> list[Label]:
        """The labels of ``doc``'s tasks, read (with the next documents of the tree's order) if not read yet; given once."""
        while doc not in self.ready and self.at < len(self.order):
            docs = self.order[self.at : self.at + self.chunk]
            self.at += len(docs)
            for d, rows in self.tasks_of(docs):
                self.ready[d] = [_task_runs(task, links, self.documents) for task, links in rows]
        return self.ready.pop(doc, [])


def _layout(result: dict, *, down: bool, tasks_of) -> tuple[_Doc, Optional[_TaskFeed]]:
    """The documents of a trace (``down``) or upstream answer as the tree draws them, and the feed of their tasks.

    A document linked from several others hangs under the one nearest to it
    in the hierarchy, the other links listed beside it (see :func:`cascade_as_tree`).
    """
    if tasks_of is None and any(_is_task(d) for d in result["documents"].values()):
        tasks_of = answer_tasks(result)
    # the tree is made of the documents and their links; tasks hang under them (tasks_of)
    documents = {n: d for n, d in result["documents"].items() if not _is_task(d)}
    links: dict[str, list[dict]] = {}  # child -> its links to possible tree parents
    for edge in result["edges"]:
        if edge["source"] not in documents or edge["target"] not in documents:
            continue
        upper, lower = (edge["source"], edge["target"]) if edge["relation"] == "promulgates" else (edge["target"], edge["source"])
        parent, child = (upper, lower) if down or edge["relation"] == "promulgates" else (lower, upper)
        links.setdefault(child, []).append({**edge, "parent": parent})

    def nearness(link: dict) -> tuple:
        rank = LEVEL_RANK.get(documents[link["parent"]].get("level"), 0)
        return (rank if down else -rank, not link.get("inferred"))

    children: dict[str, list[tuple[str, dict]]] = {}
    for child, candidates in links.items():
        # a plan hangs under what it implements; its notice is named beside it
        implementing = [c for c in candidates if c["relation"] != "promulgates"] or candidates
        best = max(implementing, key=nearness)
        children.setdefault(best["parent"], []).append((child, best))
    root = result["root"]
    seen = {root}
    order = [root]  # the documents in the order the tree is drawn (depth first), for the task feed
    feed = _TaskFeed(tasks_of, order, documents) if tasks_of is not None else None
    top = _Doc([_doc_runs(documents[root])], root)
    stack = [(root, top)]
    while stack:  # depth first, in the order the tree is drawn (a cascade's depth is no limit)
        node, branch = stack.pop()
        if branch is not top:
            order.append(node)
        grown = []
        for child, link in sorted(children.get(node, []), key=lambda c: c[0]):
            if child in seen:
                continue
            seen.add(child)
            label = [[*_link_runs(link), (" ", None), *_doc_runs(documents[child])]]
            others = [o for o in links[child] if o is not link and o["parent"] != node]
            if others:
                also: list[Run] = [("also:", "dim"), (" ", None)]
                for i, o in enumerate(others):
                    also += ([("; ", None)] if i else []) + ([("promulgated by", None)] if o["relation"] == "promulgates" else _link_runs(o))
                    also += [(" ", None), (_short(documents[o["parent"]]), None)]
                label.append(also)
            sub = _Doc(label, child)
            branch.docs.append(sub)
            grown.append((child, sub))
        # the first child is drawn (and walked) first: pushed last
        stack.extend(reversed(grown))
    return top, feed


class _DocumentBranch(Tree):
    """A document in a cascade tree: its tasks (read when the tree is drawn down to it) and then its documents.

    Rich reads a node's ``children`` as it draws it; the tasks are asked of
    the shared :class:`_TaskFeed` only then, and a document's tasks are let
    go once the next document's are read, so a tree is drawn with the tasks
    of a national cascade without holding them all. Drawn once.
    """

    def __init__(self, node: _Doc, feed: Optional[_TaskFeed]) -> None:
        self._kids: Optional[list[Tree]] = None
        super().__init__(_markup(node.label))
        self.doc, self.feed = node.doc, feed
        self._docs = [_DocumentBranch(d, feed) for d in node.docs]

    @property
    def children(self) -> list[Tree]:
        if self.feed is None:
            return self._docs
        if self._kids is None:
            last = self.feed.last
            if last is not None and last is not self:
                last._kids = []  # drawn: its task branches are let go (rich holds the list it is walking)
            self.feed.last = self
            self._kids = [Tree(_markup(label)) for label in self.feed.labels(self.doc)] + self._docs
        return self._kids

    @children.setter
    def children(self, value: list[Tree]) -> None:
        self._docs = value


def cascade_as_tree(result: dict, *, down: bool, tasks_of=None) -> Tree:
    """A trace (``down``) or upstream result as a rich tree, each link marked explicit or inferred.

    A document linked from several others (a county plan implementing both a
    national directive and the provincial plan) hangs under the one nearest
    to it in the hierarchy, and the other links are listed beside it. The
    tasks of an answer asked with tasks hang under their documents, with
    their agencies, deadlines and the tasks they implement; ``tasks_of``
    (as :func:`answer_tasks` returns) reads them while the tree is drawn
    instead, so ``result`` may hold the documents alone. Draw the tree once
    (:func:`print_streamed` writes it as it is drawn; :func:`print_cascade`
    writes the same text without building it, several times faster).
    """
    top, feed = _layout(result, down=down, tasks_of=tasks_of)
    return _DocumentBranch(top, feed)


def print_streamed(console: Console, renderable, *, lines: int = 2000) -> None:
    """Print ``renderable`` as :meth:`Console.print` does, written out every ``lines`` lines as it is drawn.

    ``Console.print`` holds a renderable's whole output before writing it;
    a national cascade with its tasks is millions of segments.
    """
    batch: list[Segment] = []
    count = 0
    for segment in console.render(renderable, console.options):
        batch.append(segment)
        if segment.text == "\n":
            count += 1
            if count >= lines:
                console.print(Segments(batch), end="")
                batch, count = [], 0
    if batch:
        console.print(Segments(batch), end="")


# what rich reads in a label's text beyond plain characters: markup (brackets, backslashes before
# them), control characters (stripped, tabs expanded, lines split) and emoji codes (two colons)
_UNPLAIN = re.compile(r"[\x00-\x1f\[\\]")
_TRAILING = re.compile(r"\s+$")  # rich's Text.rstrip_end


def _pieces(line: list[Run]) -> list[Run]:
    """A line's runs with adjacent plain runs joined: the text pieces rich's markup parser sees, the segments it draws."""
    out: list[Run] = []
    for text, style in line:
        if not text:
            continue
        if style is None and out and out[-1][1] is None:
            out[-1] = (out[-1][0] + text, None)
        else:
            out.append((text, style))
    return out


def _plain(label: Label) -> Optional[list[list[Run]]]:
    """The label's lines as :func:`_pieces`, or None when rich would read more than plain text in them."""
    lines = [_pieces(line) for line in label]
    for line in lines:
        for text, _ in line:
            if _UNPLAIN.search(text) or text.count(":") > 1:
                return None
    return lines


def _wrap(line: list[Run], width: int) -> list[list[Run]]:
    """One line of plain runs as rich's ``Text.wrap`` folds it into ``width`` cells (justify default, overflow fold)."""
    plain = "".join(t for t, _ in line)
    if cell_len(plain) <= width:
        bounds = [0, len(plain)]
    else:
        bounds = [0, *divide_line(plain, width, fold=True), len(plain)]
    out = []
    for start, end in zip(bounds, bounds[1:]):
        text = plain[start:end]
        if len(text) > width:  # Text.rstrip_end: counts characters, not cells
            trailing = _TRAILING.search(text)
            if trailing:
                text = text[: len(text) - min(len(trailing.group(0)), len(text) - width)]
        if cell_len(text) > width:  # Text.truncate
            text = set_cell_size(text, width)
        # the runs over this piece, their characters read from the piece as cut
        runs, at = [], 0
        for run, style in line:
            a, b = max(at, start), min(at + len(run), start + len(text))
            if a < b:
                runs.append((text[a - start : b - start], style))
            at += len(run)
        out.append(runs)
    return out


def print_cascade(console: Console, result: dict, *, down: bool, tasks_of=None, lines: int = 2000) -> None:
    """Print the tree of :func:`cascade_as_tree` as ``print_streamed(console, cascade_as_tree(...))`` prints it, writing the lines itself.

    The same text, guides and colours (colours only on a console with a
    colour system, as rich has them), written every ``lines`` lines as the
    tree is walked; the tasks are read from ``tasks_of`` as their documents
    are reached. A national cascade is 15,000 lines: rich's tree spends most
    of a second building segments and cropping lines that are already cut to
    fit, so each label is folded here by rich's own wrapping functions
    (``divide_line``, ``cell_len``, ``set_cell_size``) and only a label whose
    text rich reads as more than plain characters (markup brackets, control
    characters, emoji codes) is rendered by rich itself. A console with a
    theme that styles the tree, or without markup, is left to rich.
    """
    with collector.paused():  # the documents' labels: bounded by the answer (the tasks are read later, a chunk at a time)
        top, feed = _layout(result, down=down, tasks_of=tasks_of)
    if not getattr(console, "_markup", True) or console.get_style("tree", default="") or console.get_style("tree.line", default=""):
        print_streamed(console, _DocumentBranch(top, feed), lines=lines)
        return
    options = console.options
    space, going, fork, end = Tree.ASCII_GUIDES if options.ascii_only else Tree.TREE_GUIDES[0]
    max_width = options.max_width
    coloured = console.color_system is not None
    guide_style = Style(bold=False, underline2=False)  # what rich's tree puts on its guides
    styles: dict[str, Style] = {}
    batch: list = []  # text (no colours) or segments
    count, crop = 0, False

    def flush() -> None:
        nonlocal batch, count, crop
        # the lines are cut to fit as they are folded: rich crops them again only where the guides
        # alone are wider than the console (``crop``), which its cropping of every line would cost
        if batch:
            console.print(Segments(batch if coloured else [Segment("".join(batch))]), end="", crop=crop)
        batch, count, crop = [], 0, False

    def draw(label: Label, lasts: list[bool]) -> None:
        nonlocal count, crop
        width = max_width - 4 * len(lasts)
        above = [space if last else going for last in lasts[:-1]]
        heads = (above + [end if lasts[-1] else fork], above + [space if lasts[-1] else going]) if lasts else ([], [])
        plain = _plain(label) if width > 0 else None
        if plain is not None:
            drawn = [piece for line in plain for piece in _wrap(line, width)]
        else:
            rendered = console.render_lines(_markup(label), options.update(width=width, highlight=False, height=None), pad=False)
            drawn = [[(s.text, s.style) for s in line if not s.control] for line in rendered]
            crop = crop or width < 0
        for i, runs in enumerate(drawn):
            guides = heads[0] if i == 0 else heads[1]
            if coloured:
                batch.extend(Segment(g, guide_style) for g in guides)
                for text, style in runs:
                    if isinstance(style, str):
                        style = styles.get(style) or styles.setdefault(style, console.get_style(style))
                    batch.append(Segment(text, style))
                batch.append(Segment.line())
            else:
                batch.append("".join(guides) + "".join(text for text, _ in runs) + "\n")
            count += 1
        if count >= lines:
            flush()

    # depth first, as rich draws it: (a document or a task's label, whether it and each of its
    # ancestors below the root is the last of its siblings); a document's tasks come before its documents.
    # Without tasks what is drawn is bounded by the answer (collector.paused); the tasks' feed reads
    # a small graph per chunk, let go as the next is read, which the collector must be there to free
    with collector.paused() if feed is None else nullcontext():
        stack: list = [(top, ())]
        while stack:
            node, lasts = stack.pop()
            if isinstance(node, _Doc):
                draw(node.label, list(lasts))
                kids = (feed.labels(node.doc) if feed is not None else []) + node.docs
                stack.extend((kids[i], (*lasts, i == len(kids) - 1)) for i in range(len(kids) - 1, -1, -1))
            else:
                draw(node, list(lasts))
        flush()


def coverage_as_table(result: dict):
    """A coverage result: one row per parent task, with the child tasks that implement it.

    An implementing task that does not cover the task by the coverage rule
    (:func:`policykg.graph.queries.covers`) is marked weak: it is listed but
    does not count. A document without tasks of its own (one
    only cited, or a notice without plans) gets a sentence, not an empty table.
    """
    from policykg.graph.queries import COVERED_SCORE, covers

    parent = result["parent"]
    title = parent.get("title") if isinstance(parent, dict) else parent
    if not result["tasks"]:
        what = "is only cited (not ingested), so it" if isinstance(parent, dict) and parent.get("stub") else ""
        children = len(result["children"])
        also = f"; {children} documents implement it directly (`policykg trace` shows the whole cascade)" if children else ""
        return Text(f"{title} {what or ''} has no tasks of its own{also}".replace("  ", " "))
    shares = "; ".join(
        f"{(c['document'].get('title') if isinstance(c['document'], dict) else c['document'])} {c['coverage']:.0%}"
        for c in result["children"]
    )
    table = Table(title=escape(f"{title}: {shares or 'no implementing documents'}"), show_lines=False)
    table.caption = f"a task is covered when a child task restates it with score ≥ {COVERED_SCORE}; weaker ones are marked weak"
    table.add_column("#", justify="right")
    table.add_column("task", overflow="fold")
    table.add_column("implemented by", overflow="fold")
    for row in result["tasks"]:
        task = row["task"]
        hits, covered = [], False
        for h in row["implemented_by"]:
            line = escape(f"{h['task']['position']}. {h['task']['heading']} ({h['score']:.2f})")
            strong = covers(h["score"])
            covered = covered or strong
            hits.append(line if strong else f"[dim]{line} weak[/dim]")
        cell = "\n".join(hits) if covered else "\n".join(["[red]not covered[/red]", *hits])
        table.add_row(str(task["position"]), escape(task["heading"]), cell)
    return table


def obligations_as_table(result: dict, *, width: int = 80) -> Table:
    """An agency's obligations: task, document, role, through which collective, deadlines.

    Document titles are elided in the middle to fit a ``width``-column
    terminal, so that plans of one issuer stay apart.
    """
    agency = result["agency"]
    budget = max(16, width // 4)
    table = Table(title=escape(agency["name"]))
    table.add_column("document", no_wrap=True, min_width=min(budget, max((cell_len(_title(r["document"])) for r in result["obligations"]), default=8)))
    # CJK has no spaces to wrap at: long cells fold instead of being cut with an ellipsis
    table.add_column("task", overflow="fold")
    table.add_column("role", no_wrap=True)
    table.add_column("via", overflow="fold")
    table.add_column("deadlines", min_width=10)
    for row in result["obligations"]:
        table.add_row(
            escape(elide_middle(_title(row["document"]), budget)),
            escape(f"{row['task']['position']}. {row['task']['heading']}"),
            row["role"],
            escape(row.get("via") or ""),
            escape("; ".join(d.get("date") or d["text"] for d in row.get("deadlines") or [])),
        )
    return table


def _short(doc: dict) -> str:
    """A document named briefly: its doc number, else its title."""
    return doc.get("doc_number") or doc.get("title") or doc["id"]


def _title(doc: dict) -> str:
    return doc.get("title") or doc.get("doc_number") or doc["id"]


def hits_as_table(hits: list[dict], *, width: int = 80) -> Table:
    """Search hits: what was found, where, and how well it matched."""
    table = Table()
    budget = max(16, width // 4)
    for column in ("type", "title", "snippet", "score"):
        table.add_column(column, overflow="fold" if column == "snippet" else "ellipsis", no_wrap=column in ("type", "score"))
    for hit in hits:
        table.add_row(hit["type"], escape(elide_middle(hit.get("title") or "", budget)), escape(hit.get("snippet") or ""), f"{hit['score']:.2f}")
    return table


def hits_summary(shown: int, total: int) -> str:
    """How many search hits there were and how many are shown.

    >>> hits_summary(20, 45), hits_summary(3, 3), hits_summary(0, 0)
    ('20 of 45 matches shown (--limit N shows more)', '3 matches', 'no matches')
    """
    if not total:
        return "no matches"
    if shown < total:
        return f"{shown} of {total} matches shown (--limit N shows more)"
    return f"{total} match" + ("es" if total != 1 else "")


def write_json_parts(parts, out, *, batch: int = 1000) -> None:
    """Write a trace or upstream answer given in parts (:func:`policykg.graph.queries.answer_parts`) to ``out`` as JSON, part by part.

    The text is exactly ``orjson.dumps(answer, option=OPT_INDENT_2)`` and a
    newline, as the CLI prints a whole answer, written ``batch`` parts at a
    time: each part is dumped alone and indented to its depth (JSON text
    holds no raw newline, so indenting is replacing them).

    >>> import io, orjson
    >>> answer = {"root": "a", "documents": {"a": {"id": "a", "region": []}}, "edges": []}
    >>> out = io.StringIO()
    >>> write_json_parts(__import__("policykg.graph.queries", fromlist=["x"]).answer_parts(answer), out)
    >>> out.getvalue() == orjson.dumps(answer, option=orjson.OPT_INDENT_2).decode() + "\\n"
    True
    """
    import orjson

    def dumped(value) -> str:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode().replace("\n", "\n    ")

    pending: list[str] = []
    section = None  # "documents" or "edges": the one open
    first = True
    for part in parts:
        kind = part[0]
        if kind == "root":
            pending.append("{\n  \"root\": " + orjson.dumps(part[1]).decode())
            continue
        wanted = "documents" if kind == "document" else "edges"
        if wanted != section:
            if section is not None:
                pending.append("\n  }" if section == "documents" else "\n  ]")
            if wanted == "edges" and section is None:
                pending.append(",\n  \"documents\": {}")
            pending.append(f",\n  \"{wanted}\": " + ("{" if wanted == "documents" else "["))
            section, first = wanted, True
        item = (orjson.dumps(part[1]).decode() + ": " + dumped(part[2])) if kind == "document" else dumped(part[1])
        pending.append(("\n    " if first else ",\n    ") + item)
        first = False
        if len(pending) >= batch:
            out.write("".join(pending))
            pending = []
    if section is None:
        pending.append(",\n  \"documents\": {}")
    if section == "documents":
        pending.append("\n  }")
    if section != "edges":
        pending.append(',\n  "edges": []')
    else:
        pending.append("\n  ]")
    pending.append("\n}\n")
    out.write("".join(pending))
