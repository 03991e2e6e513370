"""The 政务公开专区 kiosk (docs/kiosk.md): the demo built with `gongkai build --kiosk`, served by
`gongkai kiosk` (a subprocess on a free loopback port) and driven in Debian's Chromium with every request
that is not for 127.0.0.1 aborted and logged. Plus the profile and link-rewriting units, which need no browser.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import quote, urlparse

import pytest
from mkdocs.exceptions import Abort

from gongkai.core.site.kiosk import MIN_COUNTDOWN, kiosk_profile, rewrite_page
from tests.helpers import REPO, build_site, wait_for_results

ITEM = "city/huangshan/shehui-jiuzhu/2023/kunnan-qunzhong-jiben-shenghuo-baozhang-yijian/"
CATALOG = "county/huizhou/catalog/shehui-jiuzhu/"
ALL_REQUESTS: list[str] = []  # every request of every browser test in this module

INTERACTIVE = """() => {
  const bad = [], seen = [];
  for (const el of document.querySelectorAll('a, button, input, select, [role=button], summary')) {
    if (el.disabled || (el.type === 'hidden')) continue;
    const r = el.getBoundingClientRect();
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
        || r.width === 0 || r.height === 0) continue;
    seen.push(el.tagName);
    if (r.width < 59.5 || r.height < 59.5)
      bad.push(`${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 24)}" `
               + `${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  const text = document.querySelector('.md-typeset p, .md-typeset li');
  return {bad, count: seen.length, body: parseFloat(getComputedStyle(document.body).fontSize),
          text: parseFloat(getComputedStyle(text).fontSize)};
}"""


# ---- units: profile and link rewriting -------------------------------------------------------------


def test_profile_defaults_and_validation():
    assert kiosk_profile({"enabled": False}) is None
    profile = kiosk_profile({"enabled": True})
    assert (profile.idle_seconds, profile.countdown_seconds, profile.printer) == (90, 20, False)
    assert [t.label for t in profile.hot_topics][:5] == ["低保", "养老补贴", "危房改造", "户口迁移", "义务教育入学"]
    profile = kiosk_profile({"enabled": True, "hot_topics": ["低保", {"label": "养老补贴", "query": "高龄津贴"}]})
    assert [(t.label, t.query) for t in profile.hot_topics] == [("低保", "低保"), ("养老补贴", "高龄津贴")]
    with pytest.raises(ValueError, match="countdown_seconds 应为不小于 20"):
        kiosk_profile({"enabled": True, "countdown_seconds": MIN_COUNTDOWN - 1})
    with pytest.raises(ValueError, match=r"hot_topics\[0\]"):
        kiosk_profile({"enabled": True, "hot_topics": [{"text": "低保"}]})


def test_rewrite_external_links_to_qr_buttons():
    page = (
        '<html><head><link href="https://cdn.example/x.css"></head><body>'
        '<a href="https://12345.ah.gov.cn/" rel="noopener" class="gk-interaction">12345热线</a>'
        '<a href="//www.gov.cn/">国务院</a> <a href="../../a.pdf" download>附件</a>'
        '<a href="mailto:x@y.cn">x@y.cn</a> <a href="tel:12345">12345</a>'
        '<a href="../other/" target="_blank">站内</a> <a href="#top">顶部</a>'
        '<a href="https://12345.ah.gov.cn/">again</a></body></html>'
    )
    out = rewrite_page(page, "county/x/item/", "https://www.test.gov.cn/")
    assert '<link href="https://cdn.example/x.css">' in out  # the head is left alone
    assert 'href="https://' not in out.split("<body")[1] and 'href="//' not in out
    assert out.count('data-gk-qr="gk-k-qr-1"') == 2  # one code per address
    assert 'class="gk-k-ext gk-interaction"' in out
    assert 'data-url="https://www.gov.cn/"' in out
    assert 'data-url="https://www.test.gov.cn/county/a.pdf"' in out  # the attachment's canonical address
    assert '<span class="gk-k-plain">x@y.cn</span>' in out and "mailto:" not in out and "tel:" not in out
    assert '<a href="../other/">站内</a>' in out and "target=" not in out
    assert '<a href="#top">顶部</a>' in out
    assert out.count("<template") == 3 and out.count("<svg") == 3
    assert rewrite_page(page, "x/", None).count("可到窗口索取") == 1  # no site_url: no address to hand over


def test_public_build_is_unchanged_and_kiosk_option_switches_layer(make_site, tmp_path):
    root = make_site({}, kiosk={"enabled": False, "hot_topics": ["低保"]})
    site = build_site(root)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "gk-kiosk" not in home and "gk-kbar" not in home and "gk-toolbar" in home
    assert not (site / "county" / "index.html").exists()
    root2 = tmp_path / "k"
    root.rename(root2)
    text = (root2 / "mkdocs.yml").read_text(encoding="utf-8").replace("enabled: false", "enabled: true")
    (root2 / "mkdocs.yml").write_text(text, encoding="utf-8")
    site = build_site(root2, tmp_path / "kiosk-out")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'name="gk-kiosk"' in home and "gk-kbar" in home and "gk-toolbar" not in home
    assert 'href="https://' not in home.split("<body")[1]
    assert (site / "county" / "index.html").is_file()


def test_countdown_below_20_stops_the_build(make_site, caplog):
    root = make_site({}, kiosk={"enabled": True, "countdown_seconds": 5})
    with pytest.raises(Abort):
        build_site(root)
    assert "kiosk.countdown_seconds 应为不小于 20 的整数（秒，让使用者来得及选择继续浏览），现为 5" in caplog.text


# ---- the demo as a kiosk, in Chromium --------------------------------------------------------------


@pytest.fixture(scope="session")
def kiosk_site(tmp_path_factory):
    site_dir = tmp_path_factory.mktemp("kiosk") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "build", "--kiosk", "--site-dir", str(site_dir)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir


@pytest.fixture(scope="module")
def kiosk_base(kiosk_site):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "gongkai", "kiosk", str(kiosk_site), "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(base, timeout=1).read()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(proc.stderr.read().decode())
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(10)


COUNT_PRINTS = "window.__printed = 0; window.print = () => { window.__printed += 1; };"


@pytest.fixture
def kiosk(new_page):
    """kiosk(clock=False) -> a page on the kiosk's 1280×1024 touch screen whose requests for anything but
    127.0.0.1 are aborted (and fail the test), window.print counted instead of printing; clock=True installs
    Playwright's fake clock for the idle timers."""
    logs = []

    def open_(clock: bool = False):
        log = []
        logs.append(log)

        def guard(route):
            url = route.request.url
            log.append(url)
            ALL_REQUESTS.append(url)
            if urlparse(url).hostname == "127.0.0.1":
                route.continue_()
            else:
                route.abort("blockedbyclient")

        page = new_page(height=1024, has_touch=True, init_scripts=[COUNT_PRINTS])
        page.context.route("**/*", guard)
        if clock:
            page.clock.install()
        return page

    yield open_
    for log in logs:
        foreign = [u for u in log if urlparse(u).hostname != "127.0.0.1"]
        assert not foreign, f"requests left 127.0.0.1: {foreign}"


def test_home_loads_browse_first(kiosk, kiosk_base):
    page = kiosk()
    page.goto(kiosk_base)
    assert page.locator("meta[name=gk-kiosk]").count() == 1
    assert page.locator(".gk-kbar__home").is_visible() and page.locator(".gk-kbar__back").is_visible()
    assert page.locator(".gk-kbar__back").is_disabled()  # nothing to go back to on a fresh home page
    topics = page.locator(".gk-k-topic").all_inner_texts()
    assert topics[:5] == ["低保", "养老补贴", "危房改造", "户口迁移", "义务教育入学"]
    levels = page.locator(".gk-k-tiles--levels a").all_inner_texts()
    assert any(t.startswith("县级单位") for t in levels)
    assert page.locator(".md-header, .md-tabs, .gk-toolbar").count() == 0


def test_hot_topic_button_shows_results(kiosk, kiosk_base):
    page = kiosk()
    page.goto(kiosk_base)
    page.get_by_role("link", name="低保", exact=True).click()
    page.wait_for_url("**/search/?q=*")
    wait_for_results(page, timeout=60000)  # a loaded machine can be slow
    assert page.locator("#gk-results li").count() >= 3
    assert page.input_value("#gk-sq") == "低保"
    # the documents' own word (低保 is indexed as its synonym, which excerpts never show: docs/search.md)
    assert "最低生活保障" in page.locator("#gk-results").inner_text()


def test_catalog_row_opens_its_items(kiosk, kiosk_base):
    page = kiosk()
    page.goto(kiosk_base)
    page.locator(".gk-k-tiles--levels a[data-level=county]").click()
    page.locator("a[data-unit=huizhou]").click()
    page.locator("a[data-domain=shehui-jiuzhu]").click()
    page.wait_for_url("**/" + CATALOG)
    row = page.locator(".gk-k-rows > li").filter(has=page.locator(".gk-k-items")).first
    link = row.locator(".gk-k-items a").first
    assert not link.is_visible()
    row.locator("summary").click()
    assert link.is_visible()
    title = link.inner_text().split("\n")[0].strip()
    link.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().strip() == title
    page.locator(".gk-kbar__back").click()  # 返回 goes back through this session's pages
    page.wait_for_url("**/" + CATALOG)


def test_external_link_shows_a_qr_code_instead_of_leaving(kiosk, kiosk_base):
    page = kiosk()
    page.goto(kiosk_base + ITEM)
    assert (
        page.evaluate("""() => [...document.querySelectorAll('a[href]')]
        .filter(a => new URL(a.href).origin !== location.origin || a.target).map(a => a.outerHTML)""")
        == []
    )
    dialog = page.locator("#gk-k-qr")
    assert not dialog.is_visible()
    page.locator(".gk-footer button.gk-k-ext", has_text="12345").click()
    assert dialog.is_visible()
    assert dialog.locator("svg").count() == 1
    assert dialog.locator(".gk-k-qr__url").inner_text() == "https://12345.ah.gov.cn/"
    assert page.url == kiosk_base + ITEM
    dialog.locator(".gk-k-qr__close").click()
    assert not dialog.is_visible()
    # a link to another origin made at run time is caught too
    page.evaluate("""() => { const a = document.createElement('a'); a.href = 'https://example.org/'; a.id = 'x';
                             a.textContent = 'x'; a.target = '_blank';
                             document.querySelector('.gk-body').append(a); }""")
    page.locator("#x").click()
    assert dialog.is_visible() and page.url == kiosk_base + ITEM
    assert len(page.context.pages) == 1
    # no long-press menu, no drag
    prevented = page.evaluate("""() => { const e = new MouseEvent('contextmenu', {bubbles: true, cancelable: true});
                                          return !document.querySelector('h1').dispatchEvent(e); }""")
    assert prevented


def test_print_button_prints_the_item_with_its_qr_code(kiosk, kiosk_base):
    page = kiosk()
    page.goto(kiosk_base + ITEM)
    page.locator(".gk-kbar__print").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    assert page.locator(".gk-qr svg").is_visible()
    assert not page.locator(".gk-kbar").is_visible()
    page.goto(kiosk_base)
    assert page.locator(".gk-kbar__print").count() == 0  # item pages only


@pytest.mark.parametrize("where", ["home", "catalog", "item"])
def test_touch_targets_and_text_size(kiosk, kiosk_base, where):
    page = kiosk()
    page.goto(kiosk_base + {"home": "", "catalog": CATALOG, "item": ITEM}[where])
    if where == "catalog":  # open every row so that the item links are measured too
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.wait_for_load_state("networkidle")
    found = page.evaluate(INTERACTIVE)
    assert found["count"] >= 8
    assert not found["bad"], f"{where}: targets under 60x60 px:\n" + "\n".join(found["bad"])
    assert found["body"] >= 22 and found["text"] >= 22, found


KIOSK_SIZES = """() => ['.gk-body p', '.gk-meta td', '.md-typeset h1', '.gk-crumbs']
    .map(sel => parseFloat(getComputedStyle(document.querySelector(sel)).fontSize))"""


def test_accessibility_toolbar_on_the_kiosk(kiosk, kiosk_base):
    """The 无障碍工具条 in the kiosk bar: 长者模式 enlarges the kiosk's already large text 1.25x more, 高对比度
    combines with it, every tool is a 60 px target, and a touch screen gets no 特大鼠标."""
    page = kiosk()
    page.goto(kiosk_base + ITEM)
    assert page.locator(".gk-kbar #gk-a11y").is_visible()
    assert page.locator("#gk-cursor-toggle").count() == 0
    assert page.locator("#gk-speak-start").is_visible()
    before = page.evaluate(KIOSK_SIZES)
    page.locator("#gk-elder-toggle").click()
    page.locator("#gk-contrast-toggle").click()
    after = page.evaluate(KIOSK_SIZES)
    assert all(a >= 1.25 * b - 0.01 for a, b in zip(after, before, strict=True)), (before, after)
    assert page.evaluate("getComputedStyle(document.querySelector('.gk-body p')).color") == "rgb(255, 255, 255)"
    for button in page.locator(".gk-a11y__btn:visible:enabled").all():
        box = button.bounding_box()
        assert box["width"] >= 59.5 and box["height"] >= 59.5, (button.inner_text(), box)


def test_idle_reset_returns_home_and_clears_everything(kiosk, kiosk_base):
    page = kiosk(clock=True)
    page.goto(kiosk_base)
    page.locator("#gk-elder-toggle").click()  # 长者模式 on
    page.locator("#gk-contrast-toggle").click()  # 高对比度 on
    assert page.evaluate("localStorage.getItem('gk-elder') + localStorage.getItem('gk-contrast')") == "11"
    page.fill("#gk-k-q", "低保")
    page.evaluate("sessionStorage.setItem('visitor', 'x')")
    overlay = page.locator("#gk-k-idle")
    page.clock.run_for(50_000)
    assert page.evaluate("window.scrollBy(0, 300), window.scrollY") > 0  # the page's own scrolling is no input
    page.clock.run_for(35_000)
    assert not overlay.is_visible()
    page.clock.run_for(7_000)  # 90 s without input
    assert overlay.is_visible()
    page.get_by_role("button", name="继续浏览").click()
    assert not overlay.is_visible() and page.input_value("#gk-k-q") == "低保"
    page.clock.run_for(92_000)
    assert overlay.is_visible()
    page.clock.run_for(15_000)
    assert overlay.is_visible() and page.input_value("#gk-k-q") == "低保"  # the countdown lasts 20 s
    with page.expect_navigation():
        page.clock.run_for(7_000)
    page.wait_for_load_state()
    assert page.url == kiosk_base
    assert page.input_value("#gk-k-q") == ""
    state = page.evaluate("""() => ({
        modes: [...document.documentElement.classList].filter(c => c.startsWith('gk-') && c !== 'gk-kiosk'),
        local: localStorage.length, visitor: sessionStorage.getItem('visitor'), scroll: window.scrollY,
        back: document.querySelector('.gk-kbar__back').disabled})""")
    assert state == {"modes": [], "local": 0, "visitor": None, "scroll": 0, "back": True}
    assert page.locator("#gk-contrast-toggle").get_attribute("aria-pressed") == "false"
    page.clock.run_for(200_000)  # an untouched home page is left alone
    assert not overlay.is_visible()


def test_idle_reset_from_a_deep_page(kiosk, kiosk_base):
    page = kiosk(clock=True)
    page.goto(kiosk_base + "search/?q=" + quote("低保"))
    page.locator("#gk-results li").first.wait_for(timeout=60000)  # a loaded machine can be slow
    page.clock.run_for(60_000)
    page.keyboard.press("PageDown")  # scrolling by hand is input: the 90 s start again
    page.clock.run_for(60_000)
    assert not page.locator("#gk-k-idle").is_visible()
    page.clock.run_for(31_000)
    assert page.locator("#gk-k-idle").is_visible()
    with page.expect_navigation():
        page.clock.run_for(21_000)
    assert page.url == kiosk_base


def test_zero_requests_left_127_0_0_1():
    assert ALL_REQUESTS, "the browser tests above made no requests"
    hosts = {urlparse(u).hostname for u in ALL_REQUESTS}
    assert hosts == {"127.0.0.1"}, json.dumps(sorted(hosts))
