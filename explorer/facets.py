"""What the Overview groups, filters and orders documents by, and the reading of a store it begins with.

A document's *facets* are the values of its listed fields that the
Overview's counts, charts, filters and table order depend on: level, first
region, years and whether it is a stub
(:data:`~policykg.graph.sqlite_graph.FACETS`). Their meaning (the level's
rank, the province, the year) is read here, once, by :func:`facets`, for a
document of the whole graph's table (:mod:`policykg.explorer.views`) as for a
group of documents the store counted in SQL. So the store answers the
Overview with a few hundred groups and one page of rows
(:meth:`~policykg.graph.sqlite_graph.SQLiteGraph.overview`,
:meth:`~policykg.graph.sqlite_graph.SQLiteGraph.document_page`), whatever the
number of documents, and says what the table of every document would say.

Plain Python, no pandas or Streamlit: :mod:`policykg.explorer.prefetch` runs
:func:`read_overview` in a thread while the pages' modules load.

Examples
--------
>>> facets({"level": "national", "years": [2020, 2019]})
{'level': 'national', 'level_rank': 0, 'province': '全国', 'year': 2019, 'stub': False}
>>> facets({"level": "county", "region_names": ["湖南省", "岳阳市", "平江县"], "stub": True})["province"]
'湖南省'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Optional

from policykg.rules.regions import LEVELS

__all__ = ["level_rank", "facets", "TableQuery", "TABLE_PAGE", "group_facets", "table_order", "read_overview"]

#: Rows of the Overview's table shown at first (and added by each "show more").
TABLE_PAGE = 500


def level_rank(level: Optional[str]) -> int:
    """0 for national down to 4 for township; 5 when the level is unknown.

    >>> level_rank("national"), level_rank("county"), level_rank(None)
    (0, 3, 5)
    """
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


def facets(d: dict) -> dict:
    """What the Overview reads of a document's attributes ``d``: ``level, level_rank, province, year, stub``.

    The province is the first of the document's regions (全国 for a national
    document without one); the year is the earliest of its years.
    """
    names = list(d.get("region_names") or [])
    years = list(d.get("years") or [])
    return {
        "level": d.get("level") or "",
        "level_rank": level_rank(d.get("level")),
        "province": names[0] if names else ("全国" if d.get("level") == "national" else ""),
        "year": min(years) if years else None,
        "stub": bool(d.get("stub")),
    }


def group_facets(key: str) -> dict:
    """:func:`facets` of the documents of one group (``key``, the group's facets as the store counted them).

    >>> group_facets('["county","湖南省",[2020,2021],null]')
    {'level': 'county', 'level_rank': 3, 'province': '湖南省', 'year': 2020, 'stub': False}
    """
    level, region, years, stub = json.loads(key)
    return facets({"level": level, "region_names": [] if region is None else [region], "years": years, "stub": stub})


@dataclass(frozen=True)
class TableQuery:
    """The Overview table's filters: text in the title or doc number, levels, provinces, years, stubs included.

    An empty choice keeps every value; ``text`` is matched without its
    whitespace (see :attr:`needle`).
    """

    text: str = ""
    levels: tuple = ()
    provinces: tuple = ()
    years: tuple = ()
    stubs: bool = False

    @property
    def needle(self) -> str:
        """The text searched for: ``text`` without whitespace ("" to keep every row).

        >>> TableQuery(text=" 政务 公开 ").needle
        '政务公开'
        """
        return "".join(self.text.split())

    def keeps(self, f: dict) -> bool:
        """Whether a document with the facets ``f`` (:func:`facets`) passes every filter but the text."""
        return (
            (self.stubs or not f["stub"])
            and (not self.levels or f["level"] in self.levels)
            and (not self.provinces or f["province"] in self.provinces)
            and (not self.years or f["year"] in self.years)
        )


def table_order(groups: Iterable[tuple[str, int]], query: TableQuery) -> tuple[tuple[str, int], ...]:
    """The store's groups ``(key, documents)`` that ``query`` keeps, each with its place in the table's order.

    The table lists real documents before stubs, higher levels first, then by
    doc number and title: the place is ``(stub, level rank)`` as one number
    (:meth:`~policykg.graph.sqlite_graph.SQLiteGraph.document_page` orders by it, then
    by doc number, title and row). Sorted by key, so an equal query gives an
    equal answer (a cache key).
    """
    out = []
    for key, _ in groups:
        f = group_facets(key)
        if query.keeps(f):
            out.append((key, int(f["stub"]) * (len(LEVELS) + 1) + f["level_rank"]))
    return tuple(sorted(out))


def read_overview(store, *, page: int = TABLE_PAGE) -> dict:
    """What the Overview's first render reads of ``store`` (a :class:`~policykg.graph.sqlite_graph.SQLiteGraph`).

    ``{"groups": [(key, documents)], "counts": {"tasks", "parties"}, "lags": [(child, parent, links)],
    "answers": {question: answer}}``, the last the table's first page
    under the default filters, under the key :class:`~policykg.explorer.views.StoreIndex`
    asks it by. Every figure is an aggregate or a page, read in SQL: at
    10,000 notices 97 groups, 1,916 pairs of dates and 500 rows, not 20,000
    documents and 39,000 links.
    """
    counted = store.overview()
    order = table_order(counted["groups"], TableQuery())
    answers = {("document_page", order, "", page): store.document_page(order, limit=page)}
    counts = {"tasks": counted["tasks"], "parties": counted["parties"]}
    return {"groups": counted["groups"], "counts": counts, "lags": counted["lags"], "answers": answers}
