"""Plain-text views of records for the terminal."""

from __future__ import annotations

from policykg.ingest.records import Document, Party

__all__ = ["document_as_text"]


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
        for role in ("lead", "responsible", "shared", "assisting"):
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
