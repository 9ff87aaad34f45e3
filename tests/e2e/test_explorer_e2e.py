"""The explorer in a real browser, page by page, in Chinese and in English.

One server per language (the Chinese one started as on a developer's
machine, where Streamlit would offer its own pop-ups), one browser page per
language reused across the tour. Every page is screenshot at 1400×1000 into
``test-artifacts/e2e-<lang>-<page>.png``; look at them: without a CJK font
every Chinese character is an empty box, which the page text alone does not
show.

What is checked is what a researcher reads: no Streamlit pop-up or
developer chrome, the numbers on a page agree with what it lists, month
names follow the language, and in English no UI label is Chinese (document
titles and agency names are data and stay Chinese).
"""

from __future__ import annotations

import re

import pytest

from policykg.explorer.strings import t

pytestmark = pytest.mark.e2e

CJK = re.compile(r"[\u3400-\u9fff]")
ENGLISH_MONTHS = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b")
POPUPS = ("Help agents", "Install the official Streamlit skills", "Deploy", "Rerun", "Clear cache")
# Where the UI's own labels are (h2 headers name a document or an agency: data).
LABELS = ", ".join(
    [
        "h1",
        "h3",
        "[data-testid='stWidgetLabel']",
        "[data-testid='stMetricLabel']",
        "[data-testid='stExpander'] summary",
        "[data-testid='stSidebarNav'] a",
        "[role='tab']",
        "button[data-testid^='stBaseButton']",
        "[data-testid='stDownloadButton'] button",
        ".vega-embed .role-axis-title text",
        ".vega-embed .role-legend-title text",
    ]
)


def _visit(page, url: str, expect: str) -> None:
    page.goto(url)
    page.get_by_role("heading", name=expect, exact=True).first.wait_for()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1200)  # charts draw after the data arrives


def _literal(key: str, lang: str, **fields) -> re.Pattern:
    """A pattern for the longest literal stretch of string ``key`` (``fields`` filled in first)."""
    import string

    template = t(key, lang).replace("{child}", fields.get("child", "{child}"))
    pieces = [text for text, *_ in string.Formatter().parse(template)]
    return re.compile(re.escape(max(pieces, key=len)))


def _numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


def _check_chrome(page, where: str) -> None:
    body = page.inner_text("body")
    assert page.locator("[data-testid='stException']").count() == 0, where
    assert page.get_by_text("Page not found").count() == 0, where
    assert page.locator("[data-testid='stSkillsNudge']").count() == 0, where
    for text in POPUPS:
        assert text not in body, (where, text)


def _check_labels(page, lang: str, where: str, data: list[str]) -> None:
    labels = [x.strip() for x in page.locator(LABELS).all_text_contents() if x and x.strip()]
    assert labels, where
    if lang == "en":
        chinese = []
        for label in labels:
            for value in data:  # a label may name a document or an agency: that is data
                label = label.replace(value, "")
            if CJK.search(label):
                chinese.append(label)
        assert not chinese, (where, chinese)


def _overview(page, lang: str, ctx: dict) -> None:
    metric = page.locator("[data-testid='stMetric']").filter(has_text=t("overview.documents", lang)).first
    assert _numbers(metric.inner_text())[-1] == ctx["documents"]
    axis = [x.strip() for x in page.locator(".vega-embed .role-axis-label text").all_text_contents() if x]
    assert t("level.county", lang) in axis and t("level.provincial", lang) in axis
    assert not [x for x in axis if re.fullmatch(r"\d+ \S+", x)]  # no rank numbers before level names


def _cascade(page, lang: str, ctx: dict) -> None:
    # the first view, nothing chosen: the document with the largest cascade
    assert page.get_by_role("heading", name=re.compile("国办发〔2019〕54号")).count() >= 1
    assert page.get_by_text(t("cascade.opened_on", lang)).count() == 1
    summary = page.get_by_text(_literal("cascade.counts", lang)).first
    below, implementing, notices = _numbers(summary.inner_text())[:3]
    levels = [_numbers(s)[-1] for s in page.locator("[data-testid='stExpander'] summary").all_text_contents()[:3]]
    assert sum(levels) == below + 1 and implementing + notices == below
    for title in ("平江县2020年政务公开工作要点", "利通区2020年政务公开工作要点", "平江县2020年政务管理服务工作要点"):
        assert page.get_by_text(title).first.is_visible()
    legends = " ".join(page.locator(".vega-embed .role-legend text").all_text_contents())
    for key in ("cascade.link_explicit", "cascade.link_inferred", "cascade.legend_levels"):
        assert t(key, lang) in legends, legends
    assert page.get_by_text(t("cascade.download_png", lang)).count() == 1
    # a click on a box selects that document and offers to open it
    page.locator(".vega-embed .mark-rect path").last.click()
    page.get_by_text(_literal("cascade.clicked", lang)).first.wait_for()
    # the caption and the button arrive as separate messages of one rerun: wait for the button too
    from playwright.sync_api import expect

    expect(page.get_by_role("button", name=t("common.open_document", lang))).to_have_count(1, timeout=15000)


def _coverage(page, lang: str, ctx: dict) -> None:
    summary = page.get_by_text(re.compile("^平江县2020年政务公开工作要点")).first
    covered, total = _numbers(summary.inner_text().split("要点", 1)[1])[:2]
    assert total == 19
    missing = page.get_by_text(_literal("coverage.uncovered_by", lang, child="平江县2020年政务公开工作要点")).first
    assert covered + _numbers(missing.inner_text())[-1] == total
    assert page.get_by_text(t("common.download_csv", lang)).count() == 1


def _agencies(page, lang: str, ctx: dict) -> None:
    values = {}
    for metric in page.locator("[data-testid='stMetric']").all():
        label = metric.locator("[data-testid='stMetricLabel']").inner_text().strip()
        values[label] = _numbers(metric.locator("[data-testid='stMetricValue']").inner_text())[0]
    total = values.pop(t("agencies.metric.total", lang))
    assert total == sum(values.values()) and values[t("agencies.metric.via", lang)] > 10
    months = " ".join(page.locator(".vega-embed .role-axis-label text").all_text_contents())
    if lang == "zh":
        assert re.search(r"20\d\d年\d{1,2}月", months) and not ENGLISH_MONTHS.search(months), months
    else:
        assert re.search(r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20\d\d", months), months
    assert page.get_by_text(t("agencies.download", lang)).count() == 1


def _search(page, lang: str, ctx: dict) -> None:
    assert page.get_by_text(_literal("search.results", lang)).count() >= 1


# (page, URL after the server, the page's title key, what to type where, extra checks)
TOUR = [
    ("overview", "", "overview.title", None, _overview),
    ("document", "document?doc=平江县2020年政务公开工作要点", "document.title", None, None),
    ("cascade", "cascade", "cascade.title", None, _cascade),
    ("coverage", "coverage?doc=湖南省2020年政务公开工作要点", "coverage.title", None, _coverage),
    ("agencies", "agencies", "agencies.title", ("agencies.query", "平江县市场监督管理局"), _agencies),
    ("search", "search", "search.title", ("search.query", "政务公开"), _search),
    ("browser", "browser", "browser.title", ("browser.start", "平政办发〔2020〕5号"), None),
    ("ingest", "ingest", "ingest.title", None, None),
]


@pytest.fixture(scope="module")
def context(e2e_store) -> dict:
    from policykg.explorer.data import read_graph
    from policykg.explorer.views import GraphIndex

    G = read_graph(e2e_store)
    idx = GraphIndex(G)
    data = set()
    for _, d in G.nodes(data=True):
        data |= {str(d[k]) for k in ("title", "doc_number", "name", "heading") if d.get(k)}
        data |= {str(x) for k in ("mentions", "region_names") for x in d.get(k) or []}
    return {"documents": int((~idx.documents["stub"]).sum()), "data": sorted(data, key=len, reverse=True)}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_in_both_languages(request, page, artifacts, context, lang):
    base = request.getfixturevalue("server" if lang == "zh" else "server_en")
    for name, path, title, fill, check in TOUR:
        _visit(page, f"{base}/{path}", t(title, lang))
        if fill:
            box = page.get_by_label(t(fill[0], lang))
            box.fill(fill[1])
            box.press("Enter")
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1500)
        where = f"{lang}/{name}"
        _check_chrome(page, where)
        _check_labels(page, lang, where, context["data"])
        if check:
            check(page, lang, context)
        page.screenshot(path=str(artifacts / f"e2e-{lang}-{name}.png"), full_page=True)
