"""The real search page in Debian's Chromium (Playwright, never its own browser download): a 文号 typed with
[] brackets lists that document first; a facet checkbox, operated from the keyboard, narrows the results.
Fails (does not skip) without Chromium: .ci/run installs it."""

from __future__ import annotations

import pytest

DOC = "city/huangshan/jiuzai/2024/ziran-zaihai-jiuzhu-yingji-yuan/"  # 黄政办〔2024〕19号


@pytest.fixture
def page(new_page, demo_url):
    """The demo's search page (Playwright's default 1280×720 viewport); no script error may occur on it."""
    page = new_page(height=720)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(demo_url + "search/")
    yield page
    assert not errors, errors


def test_doc_no_with_square_brackets_lists_the_document_first(page, demo_url):
    page.fill("#gk-sq", "黄政办[2024]19号")
    page.press("#gk-sq", "Enter")
    first = page.locator("#gk-exact li a").first
    first.wait_for(timeout=20000)
    assert first.get_attribute("href") == demo_url + DOC
    assert "文号匹配" in page.locator("#gk-exact li").first.inner_text()
    assert "黄政办〔2024〕19号" in page.locator("#gk-exact .gk-result__meta").first.inner_text()
    assert page.evaluate("document.documentElement.lang") == "zh-CN"  # restored after Pagefind started
    assert "q=" in page.url  # the address bar follows the query


def test_header_form_query_and_keyboard_facet(page, demo_url):
    page.goto(demo_url + "search/?q=%E4%BD%8E%E4%BF%9D")  # 低保, as sent by the header form
    page.locator("#gk-results li").first.wait_for(timeout=20000)
    before = page.locator("#gk-status").inner_text()
    box = page.locator('#gk-facets input[data-facet="年份"][value="2024"]')
    box.focus()
    page.keyboard.press("Space")
    page.wait_for_function(f"document.querySelector('#gk-status').innerText !== {before!r}", timeout=20000)
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
