"""The staff dashboard of `gongkai report` on the demo, as an office head uses it: a summary page that sorts and
filters by severity, unit and rule (static files opened from disk, no server), one page per unit whose printout
is a one-page summary, 依据 that cite the documents, and units with the same short name told apart.

Driven in Debian's Chromium at phone width and on a desktop, and printed to PDF.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from click.testing import CliRunner

from gongkai.cli import cli
from tests.helpers import REPO

CHECK_DATE = "2026-12-01"  # the demo's check date (docs/report.md §1)


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    out = tmp_path_factory.mktemp("dashboard") / "report"
    result = CliRunner().invoke(
        cli, ["report", "-f", str(REPO / "mkdocs.yml"), "--as-of", CHECK_DATE, "--output-dir", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def visible_rows(page, table: str) -> list[str]:
    return page.eval_on_selector_all(
        f"#{table} tbody tr", "rows => rows.filter(r => !r.hidden).map(r => r.getAttribute('data-unit'))"
    )


def test_the_summary_page_is_one_short_page_per_concern_and_loads_nothing_from_elsewhere(dashboard):
    html = (dashboard / "index.html").read_text(encoding="utf-8")
    assert len(html) < 400_000 and len(list((dashboard / "units").glob("*.html"))) == 46
    assert not re.search(r"""(?:src|href)=["']https?://""", html)
    assert "govweb" not in html and "unverified" not in html and not re.search(r"\bC\d\d\b", html)
    assert "徽州区财政局" in html and "屯溪区财政局" in html  # two 区财政局, named in full
    assert "国办秘函〔2019〕19号" in html and "第四十九条" in html


@pytest.mark.parametrize("width", [360, 1280])
def test_findings_filter_by_severity_unit_and_rule_and_tables_sort(dashboard, new_page, width):
    requests: list[str] = []
    page = new_page(width=width, height=800, requests=requests)
    page.goto((dashboard / "index.html").as_uri())
    total = len(visible_rows(page, "finding-table"))
    assert total > 20
    page.select_option("#filters select[name=severity]", "否决")
    assert sorted(visible_rows(page, "finding-table")) == ["hongtan", "xiuning", "yixian"]
    assert page.inner_text("#shown") == f"显示 3 项，共 {total} 项"
    page.select_option("#filters select[name=severity]", "")
    page.select_option("#filters select[name=unit]", "xiuning")
    page.select_option("#filters select[name=rule]", "BLANK-COLUMN")
    rows = visible_rows(page, "finding-table")
    assert rows == ["xiuning"] * 6
    assert "filters" not in page.url and "rule=BLANK-COLUMN" in page.url  # a filtered view can be bookmarked
    page.fill("#filters input[name=text]", "义务教育")
    assert visible_rows(page, "finding-table") == ["xiuning"]
    # sort units by 结论 (worst first after two clicks) and by 空白栏目
    verdict_header = page.locator("#unit-table thead th", has_text="结论").locator("button")
    verdict_header.click()
    verdict_header.click()
    order = page.eval_on_selector_all("#unit-table tbody tr", "rows => rows.map(r => r.getAttribute('data-verdict'))")
    assert order[:3] == ["否决"] * 3 and order[-1] == "通过"
    page.locator("#unit-table thead th", has_text="空白栏目").locator("button").click()
    page.locator("#unit-table thead th", has_text="空白栏目").locator("button").click()
    first = page.eval_on_selector("#unit-table tbody tr", "r => r.getAttribute('data-unit')")
    assert first == "xiuning"
    # at phone width the page itself does not scroll sideways: the wide tables scroll in their own box
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    assert all(url.startswith("file://") for url in requests), requests  # no server, nothing from elsewhere


def test_a_bookmarked_filter_opens_filtered(dashboard, new_page):
    page = new_page(width=1280, height=800)
    page.goto((dashboard / "index.html").as_uri() + "#severity=%E5%90%A6%E5%86%B3")
    assert sorted(visible_rows(page, "finding-table")) == ["hongtan", "xiuning", "yixian"]


@pytest.mark.parametrize("unit", ["xiuning", "hongtan", "huizhou", "hz-czj"])
def test_each_unit_prints_as_a_one_page_summary(dashboard, new_page, unit):
    from pypdf import PdfReader

    page = new_page()
    page.goto((dashboard / "units" / f"{unit}.html").as_uri())
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    text = unicodedata.normalize("NFKC", pdf.pages[0].extract_text())  # the PDF maps 工 to the radical ⼯
    assert len(pdf.pages) == 1, f"{unit}: {len(pdf.pages)} pages"
    assert "仅供政务公开工作人员查阅" in text and "主要问题" in text
    page.check("text=打印时包含明细")
    details = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    rest = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in details.pages[1:]))
    assert len(details.pages) > 1 and "全部问题" in rest


def test_a_unit_page_speaks_to_an_office_head(dashboard, new_page):
    html = (dashboard / "units/xiuning.html").read_text(encoding="utf-8")
    assert '<h1>休宁县人民政府 <span class="badge sev-否决">否决</span></h1>' in html
    assert "空白栏目数量：休宁县信息公开平台" in html
    assert "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）单项否决第4项③" in html
    page = new_page(width=375, height=800, is_mobile=True)
    page.goto((dashboard / "units/hz-czj.html").as_uri())
    assert page.inner_text("h1").startswith("徽州区财政局")
    assert page.evaluate("document.documentElement.scrollWidth") <= 376
    huizhou = (dashboard / "units/huizhou.html").read_text(encoding="utf-8")
    assert "2025年政府信息公开工作年度报告" in huizhou and "数字来源：" in huizhou
