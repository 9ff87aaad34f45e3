"""Terminal views of records and of the graph's answers (the CLI's table format)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from policykg.ingest.records import Document, Party
from policykg.rules.regions import LEVELS
from policykg.rules.roles import ROLES

__all__ = [
    "elide_middle",
    "document_as_text",
    "cascade_as_tree",
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


def _doc_label(doc: dict) -> str:
    number = doc.get("doc_number")
    where = " › ".join(doc.get("region") or []) or "全国"
    stub = " [dim](not ingested)[/dim]" if doc.get("stub") else ""
    return escape(f"{doc.get('title') or doc['id']}" + (f" {number}" if number else "") + f" · {doc.get('level') or '?'} · {where}") + stub


def _link_label(edge: dict) -> str:
    if edge.get("inferred"):
        confidence = edge.get("confidence")
        return f"[yellow]inferred {edge['relation']}{f' {confidence:.2f}' if confidence is not None else ''}[/yellow]"
    return f"[green]{edge['relation']}[/green]"


LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}


def cascade_as_tree(result: dict, *, down: bool) -> Tree:
    """A trace (``down``) or upstream result as a tree, each link marked explicit or inferred.

    A document linked from several others (a county plan implementing both a
    national directive and the provincial plan) hangs under the one nearest
    to it in the hierarchy, and the other links are listed beside it.
    """
    documents = result["documents"]
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
    tree = Tree(_doc_label(documents[root]))
    seen = {root}

    def grow(node: str, branch: Tree) -> None:
        for child, link in sorted(children.get(node, []), key=lambda c: c[0]):
            if child in seen:
                continue
            seen.add(child)
            others = [
                f"{'promulgated by' if o['relation'] == 'promulgates' else _link_label(o)} "
                f"{escape(_short(documents[o['parent']]))}"
                for o in links[child]
                if o is not link and o["parent"] != node
            ]
            label = f"{_link_label(link)} {_doc_label(documents[child])}"
            if others:
                label += "\n[dim]also:[/dim] " + "; ".join(others)
            grow(child, branch.add(label))

    grow(root, tree)
    return tree


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
