"""Terminal views of records and of the graph's answers (the CLI's table format)."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from policykg.ingest.records import Document, Party
from policykg.rules.regions import LEVELS
from policykg.rules.roles import ROLES

__all__ = ["document_as_text", "cascade_as_tree", "coverage_as_table", "obligations_as_table", "hits_as_table"]


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
                f"{escape(documents[o['parent']].get('title') or o['parent'])}"
                for o in links[child]
                if o is not link and o["parent"] != node
            ]
            label = f"{_link_label(link)} {_doc_label(documents[child])}"
            if others:
                label += "\n[dim]also:[/dim] " + "; ".join(others)
            grow(child, branch.add(label))

    grow(root, tree)
    return tree


def coverage_as_table(result: dict) -> Table:
    """A coverage result: one row per parent task, with the child tasks that implement it."""
    parent = result["parent"]
    title = parent.get("title") if isinstance(parent, dict) else parent
    shares = "; ".join(
        f"{(c['document'].get('title') if isinstance(c['document'], dict) else c['document'])} {c['coverage']:.0%}"
        for c in result["children"]
    )
    table = Table(title=escape(f"{title}: {shares or 'no implementing documents'}"), show_lines=False)
    table.add_column("#", justify="right")
    table.add_column("task")
    table.add_column("implemented by")
    for row in result["tasks"]:
        task = row["task"]
        hits = [f"{h['task']['position']}. {h['task']['heading']} ({h['score']:.2f})" for h in row["implemented_by"]]
        table.add_row(str(task["position"]), escape(task["heading"]), escape("\n".join(hits)) if hits else "[red]not covered[/red]")
    return table


def obligations_as_table(result: dict) -> Table:
    """An agency's obligations: task, document, role, through which collective, deadlines."""
    agency = result["agency"]
    table = Table(title=escape(agency["name"]))
    for column in ("document", "task", "role", "via", "deadlines"):
        table.add_column(column)
    for row in result["obligations"]:
        table.add_row(
            escape(row["document"].get("title") or row["document"]["id"]),
            escape(f"{row['task']['position']}. {row['task']['heading']}"),
            row["role"],
            escape(row.get("via") or ""),
            escape("; ".join(d.get("date") or d["text"] for d in row.get("deadlines") or [])),
        )
    return table


def hits_as_table(hits: list[dict]) -> Table:
    """Search hits: what was found, where, and how well it matched."""
    table = Table()
    for column in ("type", "title", "snippet", "score"):
        table.add_column(column)
    for hit in hits:
        table.add_row(hit["type"], escape(hit.get("title") or ""), escape(hit.get("snippet") or ""), f"{hit['score']:.2f}")
    return table
