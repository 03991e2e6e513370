"""The built demo in Debian's Chromium (Playwright, never its own browser download): axe-core in normal and
长者模式, the 长者模式's measured sizes and persistence, keyboard operation, print QR, and a request log
proving that browsing never leaves 127.0.0.1. These tests FAIL (they do not skip) without Chromium or
axe-core: `.ci/run` installs chromium via apt and `make test` runs `npm ci`.
"""

from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest

from tests.helpers import REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

HOME = ""
UNIT = "county/huizhou/"
CATALOG = "county/huizhou/catalog/shehui-jiuzhu/"  # the standard catalog of a unit × domain
ITEM = "city/huangshan/shehui-jiuzhu/2023/kunnan-qunzhong-jiben-shenghuo-baozhang-yijian/"  # a policy with two 解读
LIST = "county/huizhou/shehui-jiuzhu/"
SEARCH = "search/?q=%E4%BD%8E%E4%BF%9D"  # 低保
PLATFORM = ["county/huizhou/zfxxgk/", "county/huizhou/zfxxgk/ysqgk/", "zhuanti/huimin-huinong/"]


def run_axe(page) -> list[dict]:
    if not AXE.is_file():
        pytest.fail(f"axe-core missing at {AXE}: run 'npm ci' in the repository root ('make test' does)", pytrace=False)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['impact']} {v['id']}: {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']} {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
@pytest.mark.parametrize("which", ["home", "catalog", "item", "list", "search", "platform"])
def test_axe_no_serious_or_critical_violations(new_page, demo_url, which, elder):
    urls = {
        "home": [HOME],
        "catalog": [CATALOG],
        "item": [ITEM],
        "list": [LIST],
        "search": [SEARCH],
        "platform": PLATFORM,
    }[which]
    page = new_page(elder=elder)
    for url in urls:
        page.goto(demo_url + url)
        page.wait_for_load_state("networkidle")  # the search page renders its results after load
        assert page.evaluate("document.documentElement.classList.contains('gk-elder')") is elder
        violations = run_axe(page)
        assert not violations, f"{url} ({'长者模式' if elder else '普通模式'}):\n{describe(violations)}"


MEASURE = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('.md-content a[href], .md-content button')) {
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || style.display === 'none' || r.width === 0
        || parseFloat(style.opacity) === 0) continue;
    if (r.width >= 59.5 && r.height >= 59.5) continue;
    if (style.display === 'inline') {  // a link inside running text (WCAG 2.5.8 "inline" exception)
      let block = el.parentElement;
      while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
      const text = (block ? block.textContent : '').replace(/\\s+/g, '');
      if (text.length > el.textContent.replace(/\\s+/g, '').length) continue;
    }
    bad.push(`${el.tagName} "${el.textContent.trim().slice(0, 30)}" `
             + `${Math.round(r.width)}x${Math.round(r.height)} ${style.display}`);
  }
  const typeset = document.querySelector('.md-typeset p, .md-typeset td, .md-typeset li');
  const size = parseFloat(getComputedStyle(typeset).fontSize);
  return {bad, body: parseFloat(getComputedStyle(document.body).fontSize), text: size,
          lineHeight: parseFloat(getComputedStyle(typeset).lineHeight) / size};
}"""


@pytest.mark.parametrize("url", [HOME, UNIT, ITEM, LIST, "county/huizhou/zfxxgk/", "county/huizhou/zfxxgk/fdzdgknr/"])
def test_elder_mode_sizes(new_page, demo_url, url):
    page = new_page(elder=True)
    page.goto(demo_url + url)
    m = page.evaluate(MEASURE)
    assert m["body"] >= 20 and m["text"] >= 20, m
    assert m["lineHeight"] >= 1.5, m
    assert not m["bad"], "links/buttons smaller than 60×60 px in 长者模式:\n" + "\n".join(m["bad"])


def test_elder_mode_toggle_persists_and_applies_before_first_paint(new_page, demo_url):
    page = new_page()
    page.goto(demo_url)
    toggle = page.locator("#gk-elder-toggle")
    assert toggle.get_attribute("aria-pressed") == "false"
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") < 20
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    # next page: the class must already be on <html> when <body> starts (no flash of the normal mode)
    page.context.add_init_script("""new MutationObserver((_, obs) => { if (document.body) {
        window.__elderAtBody = document.documentElement.classList.contains('gk-elder'); obs.disconnect(); } })
        .observe(document, {childList: true, subtree: true});""")
    page.goto(demo_url + UNIT)
    assert page.evaluate("window.__elderAtBody") is True
    assert page.locator("#gk-elder-toggle").get_attribute("aria-pressed") == "true"
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 20
    page.locator("#gk-elder-toggle").click()
    page.goto(demo_url + ITEM)
    assert page.evaluate("document.documentElement.classList.contains('gk-elder')") is False


def test_keyboard_skip_link_focus_and_toggle(new_page, demo_url):
    page = new_page()
    page.goto(demo_url + ITEM)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('gk-skip')")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
    assert float(outline.rstrip("px")) >= 2, "focus must be visible"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "gk-main"
    page.goto(demo_url + ITEM)
    for _ in range(40):  # the 长者模式 switch is reachable with Tab and works with Space
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "gk-elder-toggle":
            break
    assert page.evaluate("document.activeElement.id") == "gk-elder-toggle"
    page.keyboard.press("Space")
    assert page.evaluate("document.documentElement.classList.contains('gk-elder')") is True


def test_print_shows_qr_code_of_the_canonical_url(new_page, demo_url):
    page = new_page()
    page.goto(demo_url + ITEM)
    assert not page.locator(".gk-qr").is_visible()
    page.emulate_media(media="print")
    assert page.locator(".gk-qr svg").is_visible()
    assert "https://www.huangshan.gov.cn/" + ITEM in page.locator(".gk-qr").inner_text()
    assert not page.locator(".gk-toolbar").is_visible()


def test_no_request_leaves_127_0_0_1(new_page, demo_url):
    requests: list[str] = []
    page = new_page(requests=requests)
    for url in [HOME, CATALOG, UNIT, ITEM]:
        page.goto(demo_url + url)
        page.wait_for_load_state("networkidle")
    page.goto(demo_url + "search/")
    page.fill("#gk-sq", "最低生活保障")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert len(requests) > 10
    foreign = [u for u in requests if urlparse(u).hostname != "127.0.0.1" and not u.startswith(("data:", "blob:"))]
    assert not foreign, json.dumps(foreign, ensure_ascii=False, indent=1)
