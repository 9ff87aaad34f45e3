"""The explorer in a real browser: trace 国办发〔2019〕54号 down to the counties, audit the 湖南 plan's coverage.

Each test keeps a full-page screenshot under ``test-artifacts/``; look at
them: without a CJK font every Chinese character is an empty box, which the
page text alone does not show.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def choose_document(page, query: str, label: str = "文号或标题") -> None:
    box = page.get_by_label(label)
    box.fill(query)
    box.press("Enter")


def wait_for_graph(page) -> None:
    """Wait until the cascade graph (vis.js in the component's iframe) has drawn its canvas."""
    frame = page.frame_locator("iframe[title*='agraph']")
    frame.locator("canvas").first.wait_for(state="visible")
    page.wait_for_timeout(1500)  # layout and fit


def test_cascade_of_54_reaches_pingjiang_and_litong(server, page, artifacts):
    page.goto(f"{server}/cascade")
    choose_document(page, "国办发〔2019〕54号")
    assert page.get_by_text("Page not found").count() == 0
    page.get_by_role("heading", name="国办发〔2019〕54号").first.wait_for()
    pingjiang = page.get_by_text("平江县2020年政务公开工作要点").first
    litong = page.get_by_text("利通区2020年政务公开工作要点").first
    pingjiang.wait_for()
    litong.wait_for()
    assert pingjiang.is_visible() and litong.is_visible()
    assert page.get_by_text("平江县2020年政务管理服务工作要点").first.is_visible()
    wait_for_graph(page)
    page.screenshot(path=str(artifacts / "e2e-cascade-54.png"), full_page=True)


def test_coverage_of_hunan_openness_plan_shows_pingjiang(server, page, artifacts):
    page.goto(f"{server}/coverage")
    choose_document(page, "湖南省2020年政务公开工作要点", label="上级方案")
    page.get_by_role("heading", name="湖南省2020年政务公开工作要点").first.wait_for()
    summary = page.get_by_text("平江县2020年政务公开工作要点：覆盖").first
    summary.wait_for()
    assert "/ 19" in summary.inner_text()
    page.get_by_text("未落实的任务").first.wait_for()
    page.wait_for_timeout(1000)  # charts
    page.screenshot(path=str(artifacts / "e2e-coverage-hunan-openness.png"), full_page=True)


PAGES = [
    ("", "", None, "按层级"),  # the overview is the default page, at the root
    ("document", "?doc=平江县2020年政务公开工作要点", None, "上游：本文件贯彻落实的文件"),
    ("agencies", "", ("机构名称", "平江县市场监督管理局"), "通过集合名称承担的任务"),
    ("search", "", ("检索词", "政务公开"), "条结果"),
    ("browser", "", ("起始节点（文号、标题、机构或地区）", "平政办发〔2020〕5号"), "已显示"),
    ("ingest", "", None, "导入通知"),
]


@pytest.mark.parametrize("name,query,fill,expect", PAGES, ids=[p[0] or "overview" for p in PAGES])
def test_every_page_renders_without_error(server, page, artifacts, name, query, fill, expect):
    page.goto(f"{server}/{name}{query}")
    if fill:
        box = page.get_by_label(fill[0])
        box.fill(fill[1])
        box.press("Enter")
    page.get_by_text(expect).first.wait_for()
    page.wait_for_timeout(1500)  # charts, graph, tables
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("Page not found").count() == 0
    page.screenshot(path=str(artifacts / f"e2e-page-{name or 'overview'}.png"), full_page=True)
