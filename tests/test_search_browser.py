"""The real search page in Debian's Chromium (Playwright, never its own browser download): a 文号 typed with
[] brackets lists that document first; a facet checkbox, operated from the keyboard, narrows the results.
Fails (does not skip) without Chromium: .ci/run installs it."""

from __future__ import annotations

import os

import pytest

CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
DOC = "city/huangshan/jiuzai/2024/ziran-zaihai-jiuzhu-yingji-yuan/"  # 黄政办〔2024〕19号


@pytest.fixture(scope="module")
def page(demo_site, serve):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (.ci/run does this)", pytrace=False)
    from playwright.sync_api import sync_playwright

    base = serve(demo_site)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(locale="zh-CN")
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(base + "search/")
        page.base = base
        yield page
        browser.close()
        assert not errors, errors


def test_doc_no_with_square_brackets_lists_the_document_first(page):
    page.fill("#gk-sq", "黄政办[2024]19号")
    page.press("#gk-sq", "Enter")
    first = page.locator("#gk-exact li a").first
    first.wait_for(timeout=20000)
    assert first.get_attribute("href") == page.base + DOC
    assert "文号匹配" in page.locator("#gk-exact li").first.inner_text()
    assert "黄政办〔2024〕19号" in page.locator("#gk-exact .gk-result__meta").first.inner_text()
    assert page.evaluate("document.documentElement.lang") == "zh-CN"  # restored after Pagefind started
    assert "q=" in page.url  # the address bar follows the query


def test_header_form_query_and_keyboard_facet(page):
    page.goto(page.base + "search/?q=%E4%BD%8E%E4%BF%9D")  # 低保, as sent by the header form
    page.locator("#gk-results li").first.wait_for(timeout=20000)
    before = page.locator("#gk-status").inner_text()
    box = page.locator('#gk-facets input[data-facet="年份"][value="2024"]')
    box.focus()
    page.keyboard.press("Space")
    page.wait_for_function("document.querySelector('#gk-status').innerText !== %r" % before, timeout=20000)
    page.locator("#gk-results li").first.wait_for(timeout=20000)
    dates = page.locator("#gk-results .gk-result__meta time").all_inner_texts()
    assert dates and all(d.startswith("2024") for d in dates), dates
    assert dates != sorted(dates, reverse=True)  # relevance order: the date sort below has work to do
    assert page.evaluate("document.activeElement.value") == "2024"  # focus stays on the checkbox
    page.select_option("#gk-sort", "date")
    page.wait_for_function("location.search.includes('sort=date')", timeout=20000)
    # the list is redrawn when the new order arrives (no fixed wait: a loaded machine can take longer)
    page.wait_for_function(
        """() => { const d = [...document.querySelectorAll('#gk-results .gk-result__meta time')]
        .map((t) => t.innerText); return d.length > 1 && d.every((x, i) => i === 0 || d[i - 1] >= x); }""",
        timeout=20000,
    )
    dates = page.locator("#gk-results .gk-result__meta time").all_inner_texts()
    assert dates == sorted(dates, reverse=True)
