"""The real search page in Debian's Chromium (Playwright, never its own browser download): a 文号 typed with
[] brackets lists that document first; a facet checkbox, operated from the keyboard, narrows the results; words
that are not on the site say 没有找到 (partial matches labelled 部分匹配); facets, sort and page survive a reload, a
shared link and back/forward; on a phone the results come first and the facets fold behind 筛选（n）.
Fails (does not skip) without Chromium: .ci/run installs it."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlparse

import pytest

from tests.helpers import wait_for_results

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


def test_a_doc_no_lists_its_document_before_pagefind_has_loaded_and_keeps_focus_on_it(new_page, demo_url):
    """The lookup table answers a 文号 alone: its document is listed while Pagefind's own files (held back here)
    have not arrived, and stays the same element, focus included, when the other results follow."""
    page = new_page(width=360, height=740, is_mobile=True)
    held, holding = [], [True]

    def hold_pagefind(route):
        if holding[0]:
            held.append(route)
        else:
            route.continue_()

    page.route("**/pagefind.js", hold_pagefind)
    page.goto(demo_url + "search/?q=" + quote("黄政办[2024]19号"))
    first = page.locator("#gk-exact li a").first
    first.wait_for(timeout=30000)
    assert first.get_attribute("href") == demo_url + DOC
    _until(page, lambda: held)  # the route event reaches this side a moment after the request
    assert held and page.locator("#gk-status").inner_text() == (
        "找到 1 个文号或索引号完全匹配的文件，正在检索其他相关结果……"
    )
    first.focus()
    holding[0] = False
    for route in held:
        route.continue_()
    _results(page, "#gk-partial li")  # the document itself is not listed again: what follows are partial matches
    status = page.locator("#gk-status").inner_text()
    # the pages citing its 文号 follow; the document itself is neither listed nor counted again (另有 1 条相关结果)
    assert status.startswith("找到 1 个文号或索引号完全匹配的文件，另有") and "相关结果" not in status, status
    assert page.evaluate("document.activeElement.getAttribute('href')") == first.get_attribute("href")
    assert page.locator("#gk-exact li").count() == 1


def test_header_form_query_and_keyboard_facet(page, demo_url):
    page.goto(demo_url + "search/?q=%E4%BD%8E%E4%BF%9D")  # 低保, as sent by the header form
    _results(page)
    before = page.locator("#gk-status").inner_text()
    box = page.locator('#gk-facets input[data-facet="年份"][value="2024"]')
    box.focus()
    page.keyboard.press("Space")
    # the new status, not 正在搜索…… (the old rows stay listed until the new results are in)
    page.wait_for_function(
        f"(t => t !== {before!r} && !t.startsWith('正在搜索'))(document.querySelector('#gk-status').innerText)",
        timeout=20000,
    )
    _results(page)
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


def _until(page, condition, seconds: float = 30):
    """Wait until `condition()` holds; page.wait_for_timeout lets Playwright deliver route events meanwhile."""
    for _ in range(int(seconds * 10)):
        if condition():
            return
        page.wait_for_timeout(100)


def _results(page, selector="#gk-results li"):
    return wait_for_results(page, selector)


def _hrefs(page, selector="#gk-results li h2 a"):
    return page.locator(selector).evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")


def test_a_colloquial_term_reads_one_index_chunk_and_marks_the_documents_own_wording(page, demo_url, demo_site):
    """公租房 is searched as its synonym group's concept word (catalogs/synonyms.yml): one Pagefind index chunk,
    where 公租房 and its 规范说法 公共租赁住房 (公共/租赁/住房 in the index) would read one each; pages that only
    say 公共租赁住房 are found, with those words marked in the excerpt."""
    chunks = []
    page.on("request", lambda r: chunks.append(r.url) if r.url.endswith(".pf_index") else None)
    page.fill("#gk-sq", "公租房")
    page.press("#gk-sq", "Enter")
    _results(page)
    page.wait_for_load_state("networkidle")
    assert len(chunks) == 1, chunks
    rows = page.locator("#gk-results li").evaluate_all(
        """(rows) => rows.map((li) => ({href: li.querySelector('h2 a').getAttribute('href'),
        marks: [...li.querySelectorAll('.gk-result__excerpt mark')].map((m) => m.textContent).join('')}))"""
    )
    formal = []
    for row in rows:
        path = urlparse(row["href"]).path.strip("/")
        if path.endswith(".pdf"):
            continue
        page_html = (demo_site / path / "index.html").read_text(encoding="utf-8")
        body = page_html.split('id="gk-text"', 1)[1].split('id="gk-search-terms"', 1)[0]
        if "公租房" not in body:
            formal.append(row)
    assert formal, rows  # found by the concept word alone
    assert all("公共租赁住房" in row["marks"] for row in formal), formal


def test_a_phone_shows_the_first_result_after_one_fragment_and_fetches_only_the_rows_it_shows(new_page, demo_url):
    """On a phone the first result is listed as soon as its fragment has arrived, while the other rows of the first
    page are still loading (held back here); the first search fetches the fragments of the rows it lists and no
    other (the check that each word was really found reads a listed row, not the word's own first result)."""
    page = new_page(width=360, height=740, is_mobile=True)
    fragments, held, holding = [], [], [True]

    def hold_after_the_first(route):
        fragments.append(route.request.url)
        if len(fragments) == 1 or not holding[0]:
            route.continue_()
        else:
            held.append(route)

    page.route("**/*.pf_fragment", hold_after_the_first)
    page.goto(demo_url + "search/?q=" + quote("低保 公示"))
    page.wait_for_function(
        "document.querySelectorAll('#gk-results li').length === 1 && "
        "document.querySelector('#gk-results').getAttribute('aria-busy') === 'true'",
        timeout=30000,
    )
    _until(page, lambda: held)  # the route event of the next fragment reaches this side a moment later
    assert held, fragments  # the next row's fragment is on its way, and held back: one row listed meanwhile
    assert page.locator("#gk-results li").count() == 1 and page.locator("#gk-more").is_hidden()
    holding[0] = False
    for route in held:
        route.continue_()
    page.wait_for_function("!document.querySelector('#gk-results').hasAttribute('aria-busy')", timeout=30000)
    rows = page.locator("#gk-results li").count()
    assert rows == 5 and page.locator("#gk-more").is_visible()  # FIRST_ROWS, then 显示更多结果
    page.wait_for_load_state("networkidle")  # the facet counts too, which search once more
    shown = set(fragments)
    assert len(fragments) == len(shown) == rows, fragments


def test_absent_words_say_nothing_found_and_label_partial_matches(page, demo_url):
    page.goto(demo_url + "search/?q=" + quote("加密货币挖矿"))  # no page has 加密 or 挖矿; some have 货币
    page.wait_for_function("document.querySelector('#gk-status').innerText.startsWith('没有找到')", timeout=30000)
    assert page.locator("#gk-status").inner_text() == "没有找到与“加密货币挖矿”相关的信息。"
    help_box = page.locator("#gk-help")
    assert help_box.is_visible()
    links = help_box.locator("a").evaluate_all("(links) => links.map((a) => a.textContent)")
    assert {"单位", "领域", "年份"} <= set(links) and "依申请公开" in help_box.inner_text()
    _results(page, "#gk-partial li")
    heading = page.locator("#gk-partial-h")
    assert heading.is_visible() and heading.inner_text() == "部分匹配"
    assert "“加密”“挖矿”在本站没有找到" in page.locator("#gk-partial-note").inner_text()
    assert page.locator("#gk-results li").count() == 0
    status_box, heading_box = page.locator("#gk-status").bounding_box(), heading.bounding_box()
    assert heading_box["y"] > status_box["y"] + status_box["height"]  # the label is below the 没有找到 line
    for text in page.locator("#gk-partial .gk-result__excerpt").all_inner_texts():
        assert "货币" in text and "信息属性" not in text, text

    page.goto(demo_url + "search/?q=" + quote("火星移民签证"))  # none of its words: nothing listed at all
    page.wait_for_function("document.querySelector('#gk-status').innerText.startsWith('没有找到')", timeout=30000)
    assert page.locator("#gk-help").is_visible()
    assert page.locator("#gk-partial-h").is_hidden() and page.locator(".gk-result").count() == 0


def test_facets_sort_and_page_survive_a_reload_a_shared_link_and_back(page, new_page, demo_url):
    page.goto(demo_url + "search/?q=" + quote("低保"))
    _results(page)
    page.locator('#gk-facets input[data-facet="年份"][value="2024"]').wait_for(timeout=30000)
    before = page.locator("#gk-status").inner_text()
    page.locator('#gk-facets input[data-facet="年份"][value="2024"]').focus()
    page.keyboard.press("Space")
    page.wait_for_function(f"document.querySelector('#gk-status').innerText !== {before!r}", timeout=30000)
    page.select_option("#gk-sort", "date")
    page.wait_for_function("location.search.includes('sort=date')", timeout=30000)
    _results(page)
    page.wait_for_function("document.querySelectorAll('#gk-results li').length === 5", timeout=30000)  # first screen
    page.click("#gk-more")
    page.wait_for_function("document.querySelectorAll('#gk-results li').length > 5", timeout=30000)
    _results(page)  # the rows of the second page arrive one by one
    params = parse_qs(urlparse(page.url).query)
    assert params == {"q": ["低保"], "sort": ["date"], "年份": ["2024"], "page": ["2"]}, params
    shown = _hrefs(page)
    assert len(shown) > 5

    def same_state(p):
        p.wait_for_function(f"document.querySelectorAll('#gk-results li').length === {len(shown)}", timeout=30000)
        assert _hrefs(p) == shown
        assert p.locator("#gk-sq").input_value() == "低保" and p.locator("#gk-sort").input_value() == "date"
        box = p.locator('#gk-facets input[data-facet="年份"][value="2024"]')
        box.wait_for(timeout=30000)
        assert box.is_checked()

    page.reload()
    same_state(page)
    shared = new_page()  # a link sent to someone else: a fresh browser context
    shared.goto(page.url)
    same_state(shared)

    page.go_back()  # the step before: the date sort undone, the year still chosen
    page.wait_for_function("!location.search.includes('sort=')", timeout=30000)
    page.wait_for_function("document.querySelector('#gk-sort').value === 'relevance'", timeout=30000)
    assert page.locator('#gk-facets input[data-facet="年份"][value="2024"]').is_checked()
    page.go_back()  # and before that, no year either
    page.wait_for_function("!location.search.includes(encodeURIComponent('年份'))", timeout=30000)
    page.wait_for_function(
        '!document.querySelector(\'#gk-facets input[data-facet="年份"][value="2024"]\').checked', timeout=30000
    )
    page.go_forward()
    page.wait_for_function(
        'document.querySelector(\'#gk-facets input[data-facet="年份"][value="2024"]\').checked', timeout=30000
    )


@pytest.mark.parametrize("width,height", [(375, 667), (360, 640)])
def test_phone_layout_results_first_filters_behind_a_counted_button(new_page, demo_url, width, height):
    page = new_page(width=width, height=height, is_mobile=True)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(
        demo_url + "search/?q=" + quote("低保") + "&" + quote("年份") + "=2024&" + quote("层级") + "=" + quote("乡级")
    )
    _results(page)
    first = page.locator("#gk-results li h2 a").first.bounding_box()
    assert first["y"] + first["height"] / 2 < height, first  # the first result's title is on the first screen
    toggle = page.locator("#gk-facets-toggle")
    page.wait_for_function("document.querySelector('#gk-facets').children.length > 0", timeout=30000)
    assert toggle.is_visible() and toggle.inner_text() == "筛选（2）"
    assert toggle.get_attribute("aria-expanded") == "false" and page.locator("#gk-facets").is_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and page.locator("#gk-facets").is_visible()
    box = page.locator('#gk-facets input[data-facet="层级"][value="乡级"]')
    box.evaluate("(node) => { node.dataset.before = '1'; }")
    box.focus()
    page.keyboard.press("Space")  # one filter off: the count follows
    page.wait_for_function("document.querySelector('#gk-facets-toggle').innerText === '筛选（1）'", timeout=30000)
    # the search is done when the facets are drawn again and the new checkbox has the focus back
    page.wait_for_function(
        "document.activeElement.dataset.facet === '层级' && !document.activeElement.dataset.before", timeout=30000
    )
    toggle.focus()
    page.keyboard.press("Space")
    assert toggle.get_attribute("aria-expanded") == "false" and page.locator("#gk-facets").is_hidden()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, overflow
    assert not errors, errors


def test_wide_screen_shows_the_facets_without_a_button(page, demo_url):
    page.goto(demo_url + "search/?q=" + quote("低保"))
    _results(page)
    page.wait_for_function("document.querySelector('#gk-facets').children.length > 0", timeout=30000)
    assert page.locator("#gk-facets").is_visible() and page.locator("#gk-facets-toggle").is_hidden()
