"""Phones first and print (issue 14): every page type of the demo fits a 360 and a 375 px phone without sideways
page scroll; the catalog table is a card per 事项 on phones and shows its key columns without scrolling on a desktop;
printed catalogs keep every column on A4 landscape, and printed pages keep the footer 主办信息.

Chromium's phone emulation (is_mobile) widens the layout viewport to the content when a page is too wide, so
`window.innerWidth` grows with the overflow: the checks compare against the width the phone really has."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from tests.helpers import ITEM_PATH, build_site, item_text

# one page of each type in the demo (content/, catalogs/); the search page is checked too (its own helper's layout)
PAGE_TYPES = {
    "首页": "",
    "单位": "county/huizhou/",
    "全部单位": "units/",
    "政府信息公开平台": "county/huizhou/zfxxgk/",
    "公开指南": "county/huizhou/zfxxgk/zfxxgkzn/",
    "公开制度": "county/huizhou/zfxxgk/zfxxgkzd/",
    "法定主动公开内容": "county/huizhou/zfxxgk/fdzdgknr/",
    "平台栏目列表": "county/huizhou/zfxxgk/fdzdgknr/zcwj/",
    "依申请公开": "county/huizhou/zfxxgk/ysqgk/",
    "目录索引": "county/huizhou/catalog/",
    "公开事项目录": "county/huizhou/catalog/shehui-jiuzhu/",
    "信息": "county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun-tiaozheng-2024/",
    "按年份": "years/",
    "年份列表": "years/2024/",
    "重点领域": "domains/",
    "领域列表": "domains/shehui-jiuzhu/",
    "单位领域列表": "county/huizhou/shehui-jiuzhu/",
    "专题专栏": "zhuanti/",
    "专题": "zhuanti/huimin-huinong/",
    "年报列表": "county/huizhou/zfxxgk/zfxxgknb/",
    "年报": "county/huizhou/zfxxgk/zfxxgknb/2025/",
    "办事一本通": "county/huizhou/yibentong/",
    "网站地图": "sitemap/",
    "404": "404.html",
    "搜索": "search/",
}
CATALOG = PAGE_TYPES["公开事项目录"]
ITEM = PAGE_TYPES["信息"]
KEY_COLUMNS = ["公开事项", "公开内容（要素）", "公开时限", "已公开信息", "状态"]

# Elements reaching past the right edge (only that side can be scrolled to; drawers and skip links wait off the left
# edge), unless a scrolling or clipping frame (other than the page itself) that
# fits the screen holds them; elements that are not rendered or visually hidden (1 px, clipped) do not count.
OVERFLOW = """(width) => {
  const frameFits = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') {
        const r = p.getBoundingClientRect();
        return r.right <= width + 1;
      }
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || getComputedStyle(el).visibility === 'hidden') continue;
    if (r.right > width + 1 && !frameFits(el)) {
      const name = `${el.tagName.toLowerCase()}.${String(el.className).trim().replace(/\\s+/g, '.')}`;
      out.push(`${name} ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, wide: out.slice(0, 5)};
}"""


@pytest.fixture
def phone(browser):
    """phone(width) -> a page in a fresh phone context (is_mobile, touch, device_scale_factor 2)."""
    contexts = []

    def open_phone(width: int):
        context = browser.new_context(
            viewport={"width": width, "height": 780},
            is_mobile=True,
            has_touch=True,
            device_scale_factor=2,
            locale="zh-CN",
        )
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", [360, 375])
def test_no_page_scrolls_sideways_on_a_phone(demo_url, phone, width):
    page = phone(width)
    failures = {}
    for kind, path in PAGE_TYPES.items():
        response = page.goto(demo_url + path)
        assert response.ok or path == "404.html", (kind, path, response.status)
        found = page.evaluate(OVERFLOW, width)
        if found["scrollWidth"] > width or found["innerWidth"] != width or found["wide"]:
            failures[f"{kind} /{path}"] = found
    assert not failures, failures


def test_catalog_rows_are_cards_with_every_field_on_a_phone(demo_url, phone):
    page = phone(360)
    page.goto(demo_url + CATALOG)
    headers = page.locator("table.gk-catalog thead tr").first.locator("th")
    assert headers.count() > 5
    rows = page.locator("table.gk-catalog tbody tr")
    assert rows.count() > 3
    for i in range(rows.count()):
        row = rows.nth(i)
        cells = row.locator("td")
        # every cell of the row is shown, with its label, inside the card
        shown = row.evaluate(
            """(tr) => [...tr.querySelectorAll('td')].map((td) => {
                 const r = td.getBoundingClientRect(), card = tr.getBoundingClientRect();
                 return {label: getComputedStyle(td, '::before').content, visible: r.width > 0 && r.height > 0,
                         inside: r.left >= card.left - 1 && r.right <= card.right + 1};
               })"""
        )
        assert len(shown) == cells.count() and all(c["visible"] and c["inside"] for c in shown), shown
        labels = [c["label"].strip('"') for c in shown]
        assert {"公开内容", "公开依据", "公开时限", "公开主体", "渠道和载体", "主动公开", "依申请公开"} <= set(labels)
        # the 一级事项 spans rows in the table; each card names it
        l1 = row.get_attribute("data-l1")
        assert l1 and row.evaluate("(tr) => getComputedStyle(tr, '::before').content") == f'"{l1}"'
        # 状态 and 已公开信息 come first: above 公开内容 on the screen
        top = {c: row.locator(f"td.{c}").bounding_box()["y"] for c in ("gk-status", "gk-c-items", "gk-c-content")}
        assert top["gk-status"] < top["gk-c-content"] and top["gk-c-items"] < top["gk-c-content"], top


def test_catalog_row_numbers_do_not_skip(demo_site):
    from bs4 import BeautifulSoup

    # every catalog page of the demo, including those where a unit removed rows of the standard catalog
    for html in sorted(demo_site.glob("*/*/catalog/*/index.html")):
        text = html.read_text(encoding="utf-8")
        start = text.index('<table class="gk-catalog"')
        table = BeautifulSoup(text[start : text.index("</table>", start) + 8], "html.parser")
        numbers = [td.get_text(strip=True) for td in table.select("tbody td.gk-c-seq")]
        assert numbers == [str(n) for n in range(1, len(numbers) + 1)], html


def test_catalog_key_columns_fit_a_desktop_and_the_switch_shows_all(demo_url, new_page):
    page = new_page(width=1366, height=900)
    page.goto(demo_url + CATALOG)
    frame = page.locator(".gk-catalog-wrap")
    box = frame.bounding_box()
    assert frame.evaluate("(el) => el.scrollWidth <= el.clientWidth")  # nothing to scroll to
    head = page.locator("table.gk-catalog thead tr").first.locator("th")
    visible = {}
    for i in range(head.count()):
        th = head.nth(i)
        if th.is_visible():
            visible[th.inner_text().strip()] = th.bounding_box()
    for name in KEY_COLUMNS:
        assert name in visible, (name, list(visible))
        th = visible[name]
        assert box["x"] - 1 <= th["x"] and th["x"] + th["width"] <= box["x"] + box["width"] + 1, name
    assert "公开依据" not in visible
    # 显示全部列: a checkbox and its label, no script needed
    page.get_by_label("显示全部列", exact=False).check()
    shown = [t.strip() for t in head.all_inner_texts()]
    for name in ["公开依据", "公开主体", "公开渠道和载体", "公开对象", "公开方式", "公开层级"]:
        assert name in shown
        assert page.locator("table.gk-catalog thead th", has_text=name).first.is_visible()
    first_row = page.locator("table.gk-catalog tbody tr").first
    assert first_row.locator("td.gk-mark").first.is_visible()


def test_item_metadata_is_a_label_value_list_on_a_phone(demo_url, phone):
    page = phone(360)
    page.goto(demo_url + ITEM)
    rows = page.evaluate(
        """() => [...document.querySelectorAll('table.gk-meta tr')].map((tr) => [...tr.children].map((c) =>
             [c.tagName, Math.round(c.getBoundingClientRect().x), Math.round(c.getBoundingClientRect().width)]))"""
    )
    label_x = {cell[1] for row in rows for cell in row if cell[0] == "TH"}
    value_x = {cell[1] for row in rows for cell in row if cell[0] == "TD"}
    assert len(label_x) == 1 and len(value_x) == 1 and min(value_x) > max(label_x), rows  # two columns
    index_no = page.locator(".gk-meta__index-no")
    assert index_no.bounding_box()["x"] + index_no.bounding_box()["width"] <= 360


def test_doc_numbers_stay_on_one_line_in_lists(demo_url, phone, new_page):
    for page in (phone(360), new_page(width=1366)):
        page.goto(demo_url + "domains/shehui-jiuzhu/")
        cells = page.locator("table.gk-items td.gk-items__doc-no")
        numbers = [c for c in cells.all() if c.inner_text().strip()]
        assert numbers
        for cell in numbers:
            lines = cell.evaluate(
                "(td) => { const r = document.createRange(); r.selectNodeContents(td);"
                " return new Set([...r.getClientRects()].map((b) => Math.round(b.bottom))).size; }"
            )
            assert lines == 1, cell.inner_text()


def test_home_page_shows_no_empty_domain_tiles(make_site):
    site = build_site(make_site({ITEM_PATH: item_text()}))  # one item: one domain with items, the rest empty

    def tiles(page: str) -> list[tuple[str, str]]:
        html = (site / page).read_text(encoding="utf-8")
        block = html[html.index('<ul class="gk-tiles gk-tiles--domains">') :]
        return re.findall(r'>([^<>]+)<span class="gk-count">(\d+) 条</span>', block[: block.index("</ul>")])

    assert tiles("index.html") == [("社会救助", "1")]
    every = tiles("domains/index.html")  # the full list keeps every domain, empty ones too
    assert ("社会救助", "1") in every and ("户籍管理", "0") in every


def pdf_text(page) -> tuple[str, PdfReader]:
    """The page printed to PDF (paper size from its own CSS): its text without white space, and the PDF."""
    reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    return fold("".join(p.extract_text() for p in reader.pages)), reader


def fold(text: str) -> str:
    """Chromium's PDFs map some ideographs to radicals (工 → ⼯, 页 → ⻚): NFKC brings back the Kangxi radicals;
    the supplement block has no mapping, so its characters become RADICAL for contains() to accept."""
    return re.sub(r"[\u2e80-\u2eff]", RADICAL, unicodedata.normalize("NFKC", re.sub(r"\s+", "", text)))


RADICAL = "\x00"


def contains(folded: str, wanted: str) -> bool:
    """`wanted` is in the folded PDF text, where a RADICAL stands for any one CJK character."""
    wanted = unicodedata.normalize("NFKC", re.sub(r"\s+", "", wanted))  # （ → (, as in the folded text
    pattern = "".join(f"[{re.escape(c)}{RADICAL}]" if "\u4e00" <= c <= "\u9fff" else re.escape(c) for c in wanted)
    return re.search(pattern, folded) is not None


def test_catalog_prints_every_column_on_a4_landscape(demo_url, new_page):
    page = new_page(width=1047)  # 297 mm less the 2 × 10 mm margins, in CSS pixels: the printed line
    page.goto(demo_url + CATALOG)
    page.emulate_media(media="print")
    headers = [t.strip() for t in page.locator("table.gk-catalog thead th").all_inner_texts()]
    assert len(headers) >= 17
    flat, reader = pdf_text(page)
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
    for header in headers:
        assert contains(flat, header), header
    # every cell is inside the printed line: nothing cut off at the right edge
    right = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('table.gk-catalog th, table.gk-catalog td')]"
        ".map((c) => c.getBoundingClientRect().right))"
    )
    assert right <= 1047 + 1
    # the header row repeats on each sheet when the table runs over
    sheets = [fold(p.extract_text()) for p in reader.pages]
    with_rows = [s for s in sheets if "√" in s]  # sheets holding rows of the table
    assert with_rows and all(contains(s, "公开时限") and contains(s, "公开层级") for s in with_rows)
    assert contains(flat, "主办单位")


def test_printed_item_keeps_the_footer_and_qr_code(demo_url, new_page):
    page = new_page()
    page.goto(demo_url + ITEM)
    flat, reader = pdf_text(page)
    host = page.locator(".gk-footer__host").inner_text().strip()
    assert contains(flat, "主办单位：" + host)
    assert contains(flat, "网站标识码")
    assert contains(flat, "扫码查看网上原文")
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert height > width  # an item prints on portrait paper; only catalogs turn the page


def test_annual_report_tables_are_ruled_on_screen_and_in_print(demo_url, new_page):
    page = new_page()
    page.goto(demo_url + PAGE_TYPES["年报"])
    for media in ("screen", "print"):
        page.emulate_media(media=media)
        borders = page.evaluate(
            """() => [...document.querySelectorAll('table.gk-nianbao td')].slice(0, 40).map((td) => {
                 const s = getComputedStyle(td); return [s.borderLeftStyle, parseFloat(s.borderLeftWidth)]; })"""
        )
        assert borders and all(style == "solid" and w >= 1 for style, w in borders), (media, borders[:3])
