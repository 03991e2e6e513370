"""The 无障碍工具条 (partials/a11y_tools.html, assets a11y-tools.js and a11y.css) on the built demo in Debian's
Chromium, at 375 px on a phone (is_mobile) and at 1366 px on a desktop: 长者模式's measured text sizes and line
height against the normal mode, 高对比度's contrast ratio, 特大鼠标's cursor file, 语音阅读 of the 正文 with
a stubbed Web Speech API (and the Chinese message when there is no speech or no Chinese voice), keyboard
operation and persistence, axe-core in every mode and combination, and no horizontal scroll on a phone.
"""

from __future__ import annotations

import pytest

from tests.test_browser import CATALOG, HOME, ITEM, SEARCH, describe, run_axe

NIANBAO = "city/huangshan/zfxxgk/zfxxgknb/2025/"  # a 政府信息公开工作年度报告 with its tables
LIST = "county/huizhou/shehui-jiuzhu/"  # a list table
VIEWPORTS = {"375": {"width": 375, "height": 800, "is_mobile": True}, "1366": {"width": 1366, "height": 900}}
MODES = {"normal": (), "elder": ("gk-elder",), "contrast": ("gk-contrast",), "both": ("gk-elder", "gk-contrast")}
TOOLS = ["gk-elder-toggle", "gk-contrast-toggle", "gk-cursor-toggle", "gk-speak-start", "gk-a11y-reset"]


def modes_on(*keys: str) -> str:
    """An init script that saves these modes before the first page, as the toolbar would."""
    return "".join(f"try {{ localStorage.setItem('{k}', '1') }} catch (e) {{}}\n" for k in keys)


def html_classes(page) -> set[str]:
    return set(page.evaluate("[...document.documentElement.classList]"))


# ---- 长者模式 ----------------------------------------------------------------------------------------------

# per page: what is measured (a label and the first element matching the selector)
MEASURED = {
    ITEM: {
        "正文": ".gk-body p",
        "信息属性": ".gk-meta td",
        "标题": ".md-typeset h1",
        "小标题": ".gk-body h2",
        "位置": ".gk-crumbs",
        "页脚": ".gk-footer__list li",
        "工具条": "#gk-elder-toggle",
    },
    CATALOG: {"目录表": "table.gk-catalog td", "标题": ".md-typeset h1"},
    NIANBAO: {"年报表": "table.gk-nianbao td", "标题": ".md-typeset h1", "小标题": ".md-typeset h2"},
    LIST: {"列表": ".gk-list td"},
    SEARCH: {"摘要": ".gk-result__excerpt", "筛选": ".gk-facet label", "标题": ".md-typeset h1"},
}
SIZES = """sels => Object.fromEntries(Object.entries(sels).map(([label, sel]) => {
  const el = document.querySelector(sel);
  if (!el) return [label, null];
  const style = getComputedStyle(el);
  const size = parseFloat(style.fontSize);
  return [label, {size, lineHeight: parseFloat(style.lineHeight) / size}];
}))"""


def measure(page, base: str, where: str) -> dict:
    page.goto(base + where)
    if where == SEARCH:  # results, then the facets (with their counts), are rendered after the page loads
        page.locator(".gk-result__excerpt").first.wait_for()
        # the 筛选 toggle shows once the facets are rendered: asked before, a loaded machine found it hidden
        page.locator(".gk-facet label").first.wait_for(state="attached")
        if page.locator("#gk-facets-toggle").is_visible():  # phones: the facets fold behind 筛选
            page.locator("#gk-facets-toggle").click()
        page.locator(".gk-facet label").first.wait_for()
    return {
        "body": page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)"),
        **page.evaluate(SIZES, MEASURED[where]),
    }


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("where", list(MEASURED), ids=["item", "catalog", "nianbao", "list", "search"])
def test_elder_mode_enlarges_every_text(new_page, demo_url, viewport, where):
    normal = measure(new_page(**VIEWPORTS[viewport]), demo_url, where)
    elder_page = new_page(**VIEWPORTS[viewport], init_scripts=[modes_on("gk-elder")])
    elder = measure(elder_page, demo_url, where)
    assert "gk-elder" in html_classes(elder_page)
    assert elder["body"] >= 22, elder
    for label in MEASURED[where]:
        assert normal[label] and elder[label], f"{label} ({MEASURED[where][label]}) not found on {where}"
        before, after = normal[label]["size"], elder[label]["size"]
        assert after >= 1.25 * before - 0.01, f"{where} {label}: {before} px → {after} px (< 1.25×)"
        assert elder[label]["lineHeight"] >= 1.5 or label in ("标题", "小标题"), (where, label, elder[label])
    if "正文" in MEASURED[where]:
        assert elder["正文"]["size"] >= 22 and elder["正文"]["lineHeight"] >= 1.5, elder


@pytest.mark.parametrize("modes", ["elder", "both"])
def test_no_horizontal_scroll_on_a_phone_item_page(new_page, demo_url, modes):
    page = new_page(**VIEWPORTS["375"], init_scripts=[modes_on(*MODES[modes])])
    page.goto(demo_url + ITEM)
    assert set(MODES[modes]) <= html_classes(page)
    widths = page.evaluate("[document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]")
    assert max(widths) <= 375, f"page {widths[0]} px wide on a 375 px phone in {modes}"


# ---- 高对比度 ----------------------------------------------------------------------------------------------

CONTRAST = """sel => {
  const parse = c => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b]
    .map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const el = document.querySelector(sel);
  let bg = null;
  for (let node = el; node && !bg; node = node.parentElement) {
    const c = parse(getComputedStyle(node).backgroundColor);
    if (c.length < 4 || c[3] === 1) bg = c.slice(0, 3);
  }
  bg = bg || [255, 255, 255];
  const fg = parse(getComputedStyle(el).color).slice(0, 3);
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return {fg, bg, ratio: (a + 0.05) / (b + 0.05)};
}"""


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_high_contrast_mode(new_page, demo_url, viewport):
    page = new_page(**VIEWPORTS[viewport])
    page.goto(demo_url + ITEM)
    before = {sel: page.evaluate(CONTRAST, sel) for sel in (".gk-body p", ".gk-meta td", ".gk-body a, .gk-meta a")}
    page.locator("#gk-contrast-toggle").click()
    assert page.locator("#gk-contrast-toggle").get_attribute("aria-pressed") == "true"
    # at once, with no colour fading from the old to the new (read mid-fade, a link was 6.8:1 on a loaded machine)
    assert page.evaluate("document.getAnimations().map(a => a.transitionProperty || a.animationName)") == []
    for sel, normal in before.items():
        after = page.evaluate(CONTRAST, sel)
        assert (after["fg"], after["bg"]) != (normal["fg"], normal["bg"]), sel
        assert after["ratio"] >= 7, f"{sel}: {after}"
    assert "gk-elder" not in html_classes(page)  # independent of 长者模式


# ---- 特大鼠标 ----------------------------------------------------------------------------------------------


def test_large_cursor_is_a_file_of_the_site(new_page, demo_url):
    requests: list[str] = []
    page = new_page(**VIEWPORTS["1366"], requests=requests)
    page.goto(demo_url + ITEM)
    assert "url(" not in page.evaluate("getComputedStyle(document.body).cursor")
    page.locator("#gk-cursor-toggle").click()
    cursors = page.evaluate("""() => [document.body, document.querySelector('.gk-body p'),
        document.querySelector('.gk-body a, .gk-meta a')].map(el => getComputedStyle(el).cursor)""")
    assert all("url(" in c for c in cursors), cursors
    assert cursors[2] != cursors[0], "links get the hand"
    for cursor in set(cursors):
        url = cursor.split('url("')[1].split('")')[0]
        assert url.startswith(demo_url), url  # shipped with the site, nothing from the internet
        response = page.request.get(url)
        assert response.ok and response.headers["content-type"].startswith("image/svg"), url
        assert b"<svg" in response.body()


# ---- 语音阅读 ----------------------------------------------------------------------------------------------

SPEECH_STUB = """
window.__spoken = []; window.__calls = [];
window.__voices = %s;
class StubUtterance { constructor(text) { this.text = text; this.lang = ''; this.voice = null; this.onend = null; } }
const stub = {
  speaking: false, paused: false, pending: false,
  getVoices() { return window.__voices; },
  speak(u) {
    window.__spoken.push({text: u.text, lang: u.lang});
    if (window.__autoEnd) setTimeout(() => u.onend && u.onend({}), 0);
  },
  cancel() { window.__calls.push('cancel'); }, pause() { window.__calls.push('pause'); },
  resume() { window.__calls.push('resume'); },
  addEventListener() {}, removeEventListener() {},
};
Object.defineProperty(window, 'speechSynthesis', {value: stub, configurable: true});
Object.defineProperty(window, 'SpeechSynthesisUtterance', {value: StubUtterance, configurable: true, writable: true});
"""
ZH = "[{lang: 'zh-CN', name: '中文（普通话）'}, {lang: 'en-US', name: 'English'}]"


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_reading_aloud_speaks_the_body_only(new_page, demo_url, viewport):
    page = new_page(**VIEWPORTS[viewport], init_scripts=[SPEECH_STUB % ZH, "window.__autoEnd = true;"])
    page.goto(demo_url + ITEM)
    page.locator("#gk-speak-start").click()
    status = page.locator("#gk-speak-status")
    page.wait_for_function("document.getElementById('gk-speak-status').textContent.includes('完毕')")
    assert status.get_attribute("role") == "status"
    spoken = page.evaluate("window.__spoken")
    assert spoken and {u["lang"] for u in spoken} == {"zh-CN"}
    said = squeeze("".join(u["text"] for u in spoken))
    body = page.evaluate("""() => { const b = document.querySelector('.gk-body').cloneNode(true);
        b.querySelectorAll('.headerlink').forEach(a => a.remove()); return b.textContent; }""")
    assert said == squeeze(body)  # the whole 正文, in order, and nothing else
    for outside in (".md-typeset h1", ".gk-meta__index-no", ".gk-crumbs", ".gk-footer__list"):
        text = squeeze(page.locator(outside).first.text_content())
        assert text not in said, f"{outside} must not be read: {text}"
    assert max(len(u["text"]) for u in spoken) <= 120  # short pieces: Chromium cuts long utterances off


def test_reading_aloud_pause_resume_stop(new_page, demo_url):
    page = new_page(**VIEWPORTS["375"], init_scripts=[SPEECH_STUB % ZH])
    page.goto(demo_url + ITEM)
    pause, stop = page.locator("#gk-speak-pause"), page.locator("#gk-speak-stop")
    assert pause.is_disabled() and stop.is_disabled()
    page.locator("#gk-speak-start").click()
    page.wait_for_function("window.__spoken.length === 1")
    pause.click()
    assert pause.get_attribute("aria-pressed") == "true" and pause.inner_text() == "继续"
    pause.click()
    assert pause.get_attribute("aria-pressed") == "false" and pause.inner_text() == "暂停"
    stop.click()
    assert page.evaluate("window.__calls") == ["pause", "resume", "cancel"]
    assert pause.is_disabled() and stop.is_disabled()
    assert page.locator("#gk-speak-status").inner_text() == "已停止朗读。"


@pytest.mark.parametrize(
    "stub, message",
    [
        ("Object.defineProperty(window, 'speechSynthesis', {value: undefined, configurable: true});", "不支持语音朗读"),
        (SPEECH_STUB % "[{lang: 'en-US', name: 'English'}]", "没有中文语音"),
    ],
    ids=["no-speech", "no-chinese-voice"],
)
def test_reading_aloud_says_why_it_cannot(new_page, demo_url, stub, message):
    page = new_page(**VIEWPORTS["375"], init_scripts=[stub])
    page.goto(demo_url + ITEM)
    page.locator("#gk-speak-start").click()
    status = page.get_by_role("status").filter(has_text=message)
    status.wait_for()
    assert status.get_attribute("id") == "gk-speak-status"
    assert page.evaluate("(window.__spoken || []).length") == 0


def test_reading_aloud_only_where_there_is_a_body(new_page, demo_url):
    page = new_page(**VIEWPORTS["1366"])
    page.goto(demo_url + HOME)
    assert page.locator("#gk-a11y").is_visible()
    assert not page.locator("#gk-speak-start").is_visible()


# ---- keyboard, persistence, 重置, no JS ---------------------------------------------------------------------


def tab_to(page, element_id: str, limit: int = 60) -> list[str]:
    """Press Tab until `element_id` has the focus; the ids passed on the way."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
        if seen[-1] == element_id:
            return seen
    pytest.fail(f"Tab never reached #{element_id}: {seen}")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_keyboard_operates_every_tool_and_settings_persist(new_page, demo_url, viewport):
    page = new_page(**VIEWPORTS[viewport])
    page.goto(demo_url + ITEM)
    for tool, key in zip(TOOLS[:3], ["Enter", "Space", "Enter"], strict=True):
        tab_to(page, tool)
        outline = page.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineWidth)")
        assert outline >= 2, f"#{tool}: focus must be visible"
        page.keyboard.press(key)
        assert page.locator("#" + tool).get_attribute("aria-pressed") == "true", tool
    assert {"gk-elder", "gk-contrast", "gk-cursor"} <= html_classes(page)
    tab_to(page, "gk-speak-start")
    after = tab_to(page, "gk-a11y-reset")
    assert after[-1] == "gk-a11y-reset"
    page.keyboard.press("Tab")  # no trap: the focus moves on past the toolbar
    assert page.evaluate("!document.getElementById('gk-a11y').contains(document.activeElement)")

    page.reload()  # the choices are kept and the buttons show them
    assert {"gk-elder", "gk-contrast", "gk-cursor"} <= html_classes(page)
    for tool in TOOLS[:3]:
        assert page.locator("#" + tool).get_attribute("aria-pressed") == "true", tool
    tab_to(page, "gk-a11y-reset")
    page.keyboard.press("Enter")
    assert not {"gk-elder", "gk-contrast", "gk-cursor"} & html_classes(page)
    assert "恢复默认" in page.locator("#gk-speak-status").inner_text()
    for tool in TOOLS[:3]:
        assert page.locator("#" + tool).get_attribute("aria-pressed") == "false", tool
    page.goto(demo_url + HOME)
    assert not {"gk-elder", "gk-contrast", "gk-cursor"} & html_classes(page)


def test_modes_apply_before_first_paint(new_page, demo_url):
    page = new_page(**VIEWPORTS["1366"], init_scripts=[modes_on("gk-contrast", "gk-cursor")])
    page.context.add_init_script("""new MutationObserver((_, obs) => { if (document.body) {
        window.__atBody = [...document.documentElement.classList]; obs.disconnect(); } })
        .observe(document, {childList: true, subtree: true});""")
    page.goto(demo_url + CATALOG)
    assert {"gk-contrast", "gk-cursor"} <= set(page.evaluate("window.__atBody"))


def test_without_javascript_the_toolbar_stays_hidden(browser, demo_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800}, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(demo_url + ITEM)
        assert page.locator("#gk-a11y").count() == 1 and not page.locator("#gk-a11y").is_visible()
        assert page.locator(".gk-body p").first.is_visible() and page.locator("#gk-q").is_visible()
    finally:
        context.close()


# ---- axe-core in every mode -------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("mode", MODES)
def test_axe_in_every_mode(new_page, demo_url, viewport, mode):
    page = new_page(**VIEWPORTS[viewport], init_scripts=[modes_on(*MODES[mode])])
    for url in [HOME, ITEM, CATALOG, SEARCH]:
        page.goto(demo_url + url)
        page.wait_for_load_state("networkidle")  # the search page renders its results after load
        assert set(MODES[mode]) <= html_classes(page), url
        violations = run_axe(page)
        assert not violations, f"{url} ({mode}, {viewport} px):\n{describe(violations)}"
