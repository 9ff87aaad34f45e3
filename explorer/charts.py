"""The explorer's pictures, as Altair (Vega-Lite) charts: the cascade by level, deadlines, overview and coverage charts.

Plain functions of the tables :mod:`policykg.explorer.views` computes and of
the UI language; nothing here needs a Streamlit session, so each chart is
tested directly and the same chart is what a page shows and what it offers
as a picture (:func:`to_svg`, :func:`to_png`, through ``vl-convert``).

Dates on axes are written with the year and in the language of the page
(2020年11月 / Nov 2020), never with Vega's English month names in the
Chinese interface.

Examples
--------
>>> import pandas as pd
>>> chart = coverage_chart(pd.DataFrame({"child": ["平江县2020年政务公开工作要点"], "coverage": [89.5]}), "en")
>>> chart.to_dict()["encoding"]["x"]["title"]
'Coverage (%)'
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from policykg.explorer.strings import level_name, t
from policykg.explorer.views import LEVEL_COLOURS
from policykg.graph.schema import LEVELS

__all__ = [
    "MONTH_FORMAT",
    "cascade_chart",
    "deadline_chart",
    "level_year_chart",
    "lag_summary",
    "lag_chart",
    "coverage_chart",
    "to_svg",
    "to_png",
]

#: d3 time formats of a month on an axis, per language (numbers in Chinese: no month names to translate).
MONTH_FORMAT = {"zh": "%Y年%-m月", "en": "%b %Y"}

_EDGE_COLOURS = {"explicit": "#495057", "inferred": "#e8590c", "promulgates": "#adb5bd"}
_EDGE_DASHES = {"explicit": [1, 0], "inferred": [6, 4], "promulgates": [2, 3]}
_FONT = "Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif"


def _levels(lang: str) -> tuple[list[str], list[str]]:
    """Level names in order (national first, then unknown) and their colours."""
    names = [level_name(level, lang) for level in LEVELS] + [level_name(None, lang)]
    return names, list(LEVEL_COLOURS)


def cascade_chart(nodes: pd.DataFrame, edges: pd.DataFrame, lang: str, *, width: int = 1200, select: bool = True) -> alt.LayerChart:
    """The cascade picture: boxes by level top-down, links explicit (solid) or inferred (dashed), with legends.

    ``nodes`` and ``edges`` come from :func:`~policykg.explorer.views.cascade_layout`.
    With ``select`` a click on a box selects it (the ``node`` selection, its ``id``).
    """
    rows = float(nodes["y"].max()) + 1 if len(nodes) else 1.0
    height = int(100 * rows + 20)
    present = sorted(set(nodes["rank"]))
    level_names = [level_name(LEVELS[r] if r < len(LEVELS) else None, lang) for r in present]
    colours = [LEVEL_COLOURS[r] for r in present]
    box_w = 0.42 / max(min(int(nodes.groupby("y").size().max()) if len(nodes) else 1, 7), 2)
    n = nodes.assign(
        level_name=[level_name(lv or None, lang) for lv in nodes["level"]],
        grey=[bool(s) or k == "notice" for s, k in zip(nodes["stub"], nodes["kind"])],
        text_colour=["#212529" if (s or k == "notice") else "#ffffff" for s, k in zip(nodes["stub"], nodes["kind"])],
        border=[3.5 if r else 0.8 for r in nodes["root"]],
        x0=0.1 + 0.9 * nodes["x"] - box_w,
        x1=0.1 + 0.9 * nodes["x"] + box_w,
        y0=nodes["y"] - 0.34,
        y1=nodes["y"] + 0.34,
        xc=0.1 + 0.9 * nodes["x"],
        kind_name=[t("cascade.cited_only", lang) if s else "" for s in nodes["stub"]],
    )
    clusters = n["kind"] == "cluster"
    n.loc[clusters, "label"] = [f"{label}\n{t('cascade.cluster_count', lang, n=c)}" for label, c in zip(n.loc[clusters, "label"], n.loc[clusters, "count"])]
    kinds = {False: t("cascade.link_explicit", lang), True: t("cascade.link_inferred", lang)}
    e = edges.assign(
        link=[kinds[bool(i)] for i in edges["inferred"]],
        xa=0.1 + 0.9 * edges["x"],
        xb=0.1 + 0.9 * edges["x2"],
        ya=edges["y"] - 0.34,
        yb=edges["y2"] + 0.34,
    )
    scale_x = alt.Scale(domain=[0, 1])
    scale_y = alt.Scale(domain=[-0.5, rows - 0.5], reverse=True)
    order = [kinds[False], kinds[True]]
    links = (
        alt.Chart(e)
        # many links (a level wrapped onto several rows) are drawn lighter, so the boxes stay legible
        .mark_rule(strokeWidth=1.8, opacity=0.9 if len(e) <= 20 else 0.35)
        .encode(
            x=alt.X("xa:Q", axis=None, scale=scale_x),
            y=alt.Y("ya:Q", axis=None, scale=scale_y),
            x2="xb:Q",
            y2="yb:Q",
            color=alt.Color("link:N", title=t("cascade.legend_links", lang), scale=alt.Scale(domain=order, range=["#495057", "#e8590c"]),
                            legend=alt.Legend(orient="top", labelLimit=400, symbolType="stroke", symbolStrokeWidth=2.5)),
            strokeDash=alt.StrokeDash("link:N", scale=alt.Scale(domain=order, range=[[1, 0], [7, 4]]), legend=None),
        )
    )
    base = alt.Chart(n)
    boxes = base.mark_rect(cornerRadius=4, stroke="#212529").encode(
        x=alt.X("x0:Q", axis=None, scale=scale_x),
        x2="x1:Q",
        y=alt.Y("y0:Q", axis=None, scale=scale_y),
        y2="y1:Q",
        color=alt.Color("level_name:N", title=t("cascade.legend_levels", lang), scale=alt.Scale(domain=level_names, range=colours),
                        legend=alt.Legend(orient="top")),
        opacity=alt.condition(alt.datum.grey, alt.value(0.35), alt.value(1.0)),
        strokeWidth=alt.StrokeWidth("border:Q", legend=None, scale=None),
        tooltip=[alt.Tooltip("title:N", title=t("col.document", lang)), alt.Tooltip("level_name:N", title=t("col.level", lang)),
                 alt.Tooltip("count:Q", title=t("col.count", lang)), alt.Tooltip("kind_name:N", title=" ")],
    )
    if select:
        boxes = boxes.add_params(alt.selection_point(name="node", fields=["id"], on="click", empty=False))
    # a label of several lines starts at its y: lift it by half its height to centre it in the box
    n["label_y"] = n["y"] - 0.075 * n["label"].str.count("\n")
    labels = alt.Chart(n).mark_text(fontSize=12, lineBreak="\n", font=_FONT, baseline="middle").encode(
        x=alt.X("xc:Q", axis=None, scale=scale_x), y=alt.Y("label_y:Q", axis=None, scale=scale_y), text="label:N", color=alt.Color("text_colour:N", scale=None)
    )
    firsts = n.sort_values("y").drop_duplicates("rank")
    bands = alt.Chart(firsts).mark_text(align="left", fontSize=13, fontWeight="bold", font=_FONT, color="#495057").encode(
        x=alt.value(0), y=alt.Y("y:Q", axis=None, scale=scale_y), text="level_name:N"
    )
    return (
        alt.layer(links, boxes, labels, bands)
        .resolve_scale(color="independent")
        .properties(width=width, height=height)
        .configure_view(strokeWidth=0)
        .configure(font=_FONT)
    )


def deadline_chart(dated: pd.DataFrame, lang: str) -> alt.Chart:
    """An agency's dated deadlines on a time axis with years (one row per document), by role and how it is bound."""
    from policykg.explorer.strings import role_name

    data = dated.assign(
        role=[role_name(r, lang) for r in dated["role"]],
        task=[f"{p}. {h}"[:30] for p, h in zip(dated["position"], dated["heading"])],
        via=[v or t("agencies.named_directly", lang) for v in dated["via"]],
        day=dated["date"].dt.strftime("%Y-%m-%d"),
    )
    return (
        alt.Chart(data)
        .mark_point(filled=True, size=120)
        .encode(
            x=alt.X("date:T", title=t("col.date", lang), axis=alt.Axis(format=MONTH_FORMAT[lang], labelAngle=0, tickCount="month")),
            y=alt.Y("document_label:N", title=None, axis=alt.Axis(labelLimit=320)),
            color=alt.Color("role:N", title=t("col.role", lang), legend=alt.Legend(orient="bottom", labelLimit=300)),
            shape=alt.Shape("via:N", title=t("col.via", lang), legend=alt.Legend(orient="bottom", labelLimit=300)),
            tooltip=[
                alt.Tooltip("task:N", title=t("col.task", lang)),
                alt.Tooltip("deadline:N", title=t("col.deadline", lang)),
                alt.Tooltip("day:N", title=t("col.date", lang)),
                alt.Tooltip("role:N", title=t("col.role", lang)),
            ],
        )
        .properties(height=alt.Step(44))  # a row per document (a fixed height is dropped by Streamlit for discrete axes)
        .configure(font=_FONT)
    )


def level_year_chart(counts: pd.DataFrame, lang: str) -> alt.Chart:
    """Documents per year, stacked by level (``counts`` from :func:`~policykg.explorer.views.documents_by_level_and_year`)."""
    level_names, colours = _levels(lang)
    data = counts.assign(level_name=[level_name(lv or None, lang) for lv in counts["level"]], year=counts["year"].astype(str))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=t("col.year", lang), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("count:Q", title=t("col.count", lang), axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("level_name:N", title=t("col.level", lang), scale=alt.Scale(domain=level_names, range=colours), legend=alt.Legend(orient="bottom")),
            order=alt.Order("level_rank:Q"),
            tooltip=[alt.Tooltip("year:O", title=t("col.year", lang)), alt.Tooltip("level_name:N", title=t("col.level", lang)), alt.Tooltip("count:Q", title=t("col.count", lang))],
        )
        .properties(height=260)
        .configure(font=_FONT)
    )


def lag_summary(lags: pd.DataFrame) -> pd.DataFrame:
    """Per level of the implementing documents: ``links, min, q1, median, q3, max`` days (what :func:`lag_chart` draws).

    Summarised here rather than in the browser, so that a national corpus
    sends a few rows, not one per link. ``lags`` may be counted already
    (a ``links`` column, :func:`~policykg.explorer.views.count_lags`): each
    row then stands for that many links.

    >>> lag_summary(pd.DataFrame({"level": ["county"] * 3, "level_rank": [3] * 3, "days": [10, 20, 90]}))[["level", "links", "median"]].to_dict("records")
    [{'level': 'county', 'links': 3, 'median': 20.0}]
    """
    if "links" in lags:
        lags = lags.loc[lags.index.repeat(lags["links"])]
    grouped = lags.groupby(["level_rank", "level"])["days"]
    out = grouped.agg(links="size", min="min", max="max", median="median").reset_index()
    out["q1"] = grouped.quantile(0.25).values
    out["q3"] = grouped.quantile(0.75).values
    return out.sort_values("level_rank").reset_index(drop=True)


def lag_chart(lags: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Diffusion lag by the implementing document's level: range, middle half and median of the days (``lags`` from :func:`~policykg.explorer.views.diffusion_lags`)."""
    level_names, colours = _levels(lang)
    data = lag_summary(lags)
    data["level_name"] = [level_name(lv or None, lang) for lv in data["level"]]
    shown = list(data["level_name"])
    y = alt.Y("level_name:N", title=None, sort=shown)
    colour = alt.Color("level_name:N", scale=alt.Scale(domain=level_names, range=colours), legend=None)
    tooltip = [
        alt.Tooltip("level_name:N", title=t("col.level", lang)),
        alt.Tooltip("links:Q", title=t("overview.lag_links", lang)),
        alt.Tooltip("median:Q", title=t("overview.lag_median", lang)),
        alt.Tooltip("min:Q", title=t("overview.lag_min", lang)),
        alt.Tooltip("max:Q", title=t("overview.lag_max", lang)),
    ]
    base = alt.Chart(data)
    spread = base.mark_rule(strokeWidth=2).encode(x=alt.X("min:Q", title=t("overview.lag_days", lang), scale=alt.Scale(zero=True)), x2="max:Q", y=y, color=colour, tooltip=tooltip)
    middle = base.mark_bar(size=14, opacity=0.5).encode(x="q1:Q", x2="q3:Q", y=y, color=colour, tooltip=tooltip)
    median = base.mark_tick(thickness=3, size=26).encode(x="median:Q", y=y, color=colour, tooltip=tooltip)
    return alt.layer(spread, middle, median).properties(height=alt.Step(40)).configure(font=_FONT)


def coverage_chart(bars: pd.DataFrame, lang: str) -> alt.Chart:
    """One bar per implementing document: the share of the parent's tasks it covers (``child``, ``coverage`` in %)."""
    return (
        alt.Chart(bars)
        .mark_bar(size=22)
        .encode(
            x=alt.X("coverage:Q", title=f"{t('col.coverage', lang)} (%)", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("child:N", title=None, sort="-x", axis=alt.Axis(labelLimit=420)),
            tooltip=[alt.Tooltip("child:N", title=t("coverage.child", lang)), alt.Tooltip("coverage:Q", title=t("col.coverage", lang), format=".0f")],
        )
        .properties(height=alt.Step(36))
    )


def to_svg(chart: alt.TopLevelMixin) -> str:
    """The chart as an SVG picture (rendered by ``vl-convert``, no browser)."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(chart.to_json())


def to_png(chart: alt.TopLevelMixin, *, scale: float = 2) -> bytes:
    """The chart as a PNG picture (``scale`` × its size in pixels)."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(chart.to_json(), scale=scale)
