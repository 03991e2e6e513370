"""办事指南 as structured items and the 办事一本通 (core/guides.py, core/guide_views.py).

* the `guide:` schema: exact Chinese problem lines (file, line, dotted field, fix);
* an item page renders the guide's key elements;
* acceptance: the demo's 徽州区办事一本通 — the PDF exists, every guide starts its own page, a guide's
  申请材料 text is in it (pypdf), the HTML page's table of contents resolves, the unit page links both,
  and the PDF's text is in the search index with the PDF's URL.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from mkdocs.exceptions import Abort

from gongkai.core.base.frontmatter import read_text
from gongkai.core.sources import guides
from tests.helpers import HUIZHOU_USCC, build_site, item_text, pagefind_search

P = "content/county/huizhou/shehui-jiuzhu/2024/dibao-zhinan.md"

GUIDE = """guide:
  name: 最低生活保障审核确认
  type: 行政给付
  basis: [《社会救助暂行办法》]
  conditions: [共同生活的家庭成员人均收入低于当地低保标准]
  materials:
    - {name: 低保申请书, form: 原件, copies: "1", notes: 可由村（居）委会代写}
    - {name: 家庭经济状况核对授权书, form: 原件}
  steps: [申请, 调查, 评议, 公示, 确认]
  time_limit: {legal: "30", promised: "20"}
  fee: 不收费
  place: 徽州区政务服务中心民政窗口
  hours: 工作日 8:30–12:00，14:30–17:30
  phone: 0559-3512101
  complaint_phone: "12345"
  life_events: [救助]"""


def guide_item(guide: str | None = GUIDE, **overrides) -> str:
    fields = {
        "doc_no": None,
        "validity": None,
        "genre": "办事指南",
        "catalog": "dbsh-bszn",
        "title": "最低生活保障审核确认办事指南",
        "index_no": f"{HUIZHOU_USCC}/202403-00020",
        **overrides,
    }
    text = item_text(**fields, body="为方便群众办事，现将办理要求一次性告知如下。\n")
    return text.replace("\n---\n", "\n" + guide + "\n---\n", 1) if guide else text


def problems_of(text: str) -> list[str]:
    fm, found = read_text(text, P)
    assert fm is not None, found
    guide, problems = guides.read_item_guide({"genre": fm.data["genre"], "guide": fm.data.get("guide")}, fm.lines, P)
    return [str(p) for p in problems]


def test_valid_guide_reads_every_element():
    fm, _ = read_text(guide_item(), P)
    g, problems = guides.read_item_guide({"genre": "办事指南", "guide": fm.data["guide"]}, fm.lines, P)
    assert problems == []
    assert (g.name, g.type, g.fee, g.phone, g.complaint_phone) == (
        "最低生活保障审核确认",
        "行政给付",
        "不收费",
        "0559-3512101",
        "12345",
    )
    assert [(m.name, m.form, m.copies, m.notes) for m in g.materials] == [
        ("低保申请书", "原件", 1, "可由村（居）委会代写"),
        ("家庭经济状况核对授权书", "原件", 1, None),
    ]
    assert (g.time_limit.legal, g.time_limit.promised, g.time_limit.promised_text) == (30, 20, "20个工作日")


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            guide_item(guide=None),
            [
                f"{P}:9: 错误 GUIDE-MISSING 字段 guide：体裁为“办事指南”的条目必须有 guide: 要素块（事项名称、"
                "设定依据、受理条件、申请材料、办理流程等）。"
                "修改：按 docs/guides.md 的示例添加 guide: 块；如果不是办事指南，改正 genre"
            ],
        ),
        (
            guide_item(genre="通知"),
            [
                f"{P}:13: 错误 GUIDE-GENRE 字段 guide：只有体裁为“办事指南”的条目可以填写 guide，"
                "本条体裁是“通知”。修改：把 genre 改为 办事指南，或删除 guide 块"
            ],
        ),
        (
            guide_item(GUIDE.replace("  fee: 不收费\n", "")),
            [f"{P}:13: 错误 GUIDE-MISSING-FIELD 字段 guide.fee：缺少必填字段（收费标准）。修改：添加一行 fee: …"],
        ),
        (
            guide_item(GUIDE.replace("form: 原件}", "form: 原件件}")),
            [
                f"{P}:20: 错误 GUIDE-MATERIAL-BAD-VALUE 字段 guide.materials[1].form："
                "材料形式“原件件”不是允许的值。修改：可选值：原件、复印件、原件和复印件、电子"
            ],
        ),
        (
            guide_item(GUIDE.replace('promised: "20"', 'promised: "40"')),
            [
                f"{P}:22: 错误 GUIDE-TIME-LIMIT-ORDER 字段 guide.time_limit.promised："
                "承诺时限 40 个工作日长于法定时限 30 个工作日。修改：承诺时限应不长于法定时限，核对两个数字"
            ],
        ),
        (
            guide_item(GUIDE.replace('time_limit: {legal: "30", promised: "20"}', "time_limit: {}")),
            [
                f"{P}:22: 错误 GUIDE-TIME-LIMIT-EMPTY 字段 guide.time_limit："
                "办理时限至少要写法定时限、承诺时限或时限说明之一。"
                '修改：写成 time_limit: {legal: "20", promised: "10"}（工作日；即办写 "0"；'
                "不按工作日计的写 note: 说明）"
            ],
        ),
        (
            guide_item(GUIDE.replace("phone: 0559-3512101", "phone: 3512101")),
            [
                f"{P}:26: 错误 GUIDE-BAD-VALUE 字段 guide.phone：咨询电话“3512101”不是电话号码。"
                "修改：写成区号-号码，例如 0559-3512101，或 12345；多个号码用顿号隔开"
            ],
        ),
        (
            guide_item(GUIDE.replace("life_events: [救助]", "life_events: [低保]")),
            [
                f"{P}:28: 错误 GUIDE-BAD-VALUE 字段 guide.life_events：生活事件中的“低保”不在可选范围内。修改：可选："
                + "、".join(guides.LIFE_EVENTS)
            ],
        ),
        (
            guide_item(GUIDE.replace("  fee: 不收费\n", "  fee: 不收费\n  收费: 无\n")),
            [
                f"{P}:24: 错误 GUIDE-UNKNOWN-FIELD 字段 guide.收费：未知字段“收费”。修改：允许的字段："
                + "、".join(guides.GUIDE_FIELDS)
            ],
        ),
    ],
    ids=[
        "missing",
        "wrong-genre",
        "no-fee",
        "material-form",
        "time-order",
        "time-empty",
        "phone",
        "life-event",
        "chinese-key",
    ],
)
def test_guide_problems(text, expected):
    assert problems_of(text) == expected


def test_guide_item_page_and_missing_guide_stops_the_build(make_site, caplog):
    root = make_site({P: guide_item()})
    site = build_site(root)
    html = (site / "county/huizhou/shehui-jiuzhu/2024/dibao-zhinan/index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    basic = {tr.th.get_text(): tr.td.get_text(" ", strip=True) for tr in soup.select(".gk-guide__basic tr")}
    assert basic["事项名称"] == "最低生活保障审核确认"
    assert basic["办理时限"] == "法定时限：30个工作日；承诺时限：20个工作日"
    assert basic["办理机构"] == "徽州区人民政府"  # defaults to the publisher
    rows = [[td.get_text() for td in tr.select("td")] for tr in soup.select(".gk-guide__materials tbody tr")]
    assert rows[0] == ["1", "低保申请书", "原件", "1", "可由村（居）委会代写"]
    assert soup.select_one('link[href$="assets/gongkai/guides.css"]') is not None
    # the county's 一本通 page lists it and is linked from the unit page
    unit = BeautifulSoup((site / "county/huizhou/index.html").read_text(encoding="utf-8"), "html.parser")
    assert unit.select_one('.gk-unit__yibentong a[href="yibentong/"]') is not None

    (root / P).write_text(guide_item(guide=None), encoding="utf-8")
    with pytest.raises(Abort):
        build_site(root)
    assert any("GUIDE-MISSING" in r.getMessage() for r in caplog.records)


# --- acceptance: the demo's 办事一本通 -----------------------------------------------------------------

BOOK = "county/huizhou/yibentong"


@pytest.fixture(scope="module")
def book_html(demo_site):
    return BeautifulSoup((demo_site / BOOK / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_yibentong_pdf_has_a_page_per_guide_and_the_materials(demo_site, book_html):
    import pypdf

    pdf = demo_site / BOOK / "huizhou-banshi-yibentong.pdf"
    assert pdf.is_file()
    pages = [p.extract_text() for p in pypdf.PdfReader(str(pdf)).pages]
    names = [a.get_text() for a in book_html.select(".gk-ybt__toc-domains ol a")]
    assert len(names) >= 8
    # every guide starts a page of its own, in contents order: each heading is on a later page than the last
    starts, last = [], 1
    for name in names:
        last = next(
            i
            for i in range(last + 1, len(pages))
            if pages[i].lstrip().startswith(f"办事指南：{name}") or f"\n办事指南：{name}\n" in pages[i]
        )
        starts.append(last)
    assert len(set(starts)) == len(names)
    assert len(pages) >= len(names) + 2  # cover, contents, guides
    # a guide's 申请材料, as printed
    text = "".join(pages).replace("\n", "")
    assert "家庭经济状况核对授权书" in text and "合法稳定住所证明（房产证、不动产权证或备案的租赁合同）" in text
    assert "第 3 页" in text  # page numbers in the footer


def test_yibentong_html_toc_links_resolve(book_html, demo_site):
    ids = {el["id"] for el in book_html.select("[id]")}
    links = [a["href"] for a in book_html.select(".gk-ybt__toc a")]
    assert links and all(h.startswith("#") for h in links)
    assert [h for h in links if h[1:] not in ids] == []
    # grouped by domain and by life event
    domains = [h2.get_text() for h2 in book_html.select(".gk-ybt__domain-title")]
    assert "社会救助" in domains and "户籍管理" in domains
    events = [dt.get_text() for dt in book_html.select(".gk-ybt__events dt")]
    assert events[:3] == ["生育", "入学", "就业"]
    # includes the county's departments' and townships' guides, not other counties'
    by = {s.get_text() for s in book_html.select(".gk-ybt__by")}
    assert {"呈坎镇", "岩寺镇"} <= by
    assert not any("黟县" in b for b in by)
    # links to the PDF and to each guide's item page resolve
    assert book_html.select_one("a.gk-ybt__pdf")["href"] == "huizhou-banshi-yibentong.pdf"
    for a in book_html.select(".gk-ybt__source a"):
        assert (demo_site / BOOK / a["href"] / "index.html").resolve().is_file(), a["href"]


def test_yibentong_linked_from_unit_page_and_pdf_searchable(demo_site, demo_url):
    unit = BeautifulSoup((demo_site / "county/huizhou/index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in unit.select(".gk-unit__yibentong a")]
    assert hrefs == ["yibentong/", "yibentong/huizhou-banshi-yibentong.pdf"]
    assert not (demo_site / "county/tunxi/yibentong").exists()  # no guides, no book
    rows = pagefind_search(demo_url, [{"q": "家庭经济状况核对授权书"}])["家庭经济状况核对授权书"]
    urls = [r["url"] for r in rows]
    pdfs = [u for u in urls if u.endswith("/county/huizhou/yibentong/huizhou-banshi-yibentong.pdf")]
    assert pdfs, urls
    row = next(r for r in rows if r["url"] == pdfs[0])
    assert row["title"] == "徽州区办事一本通（PDF）" and row["filters"]["体裁"] == ["办事指南"]


def test_a_build_without_a_chinese_font_stops_instead_of_printing_boxes(make_site, tmp_path):
    """With fontconfig pointed at an empty font directory WeasyPrint would print every Chinese glyph as a box
    while the PDF's text layer still reads right; the build fails naming the package to install."""
    root = make_site({P: guide_item()})
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
        f"<fontconfig><dir>{fonts}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "build", "-q"],
        cwd=root,
        env={**os.environ, "FONTCONFIG_FILE": str(conf)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 1
    assert "没有找到能显示中文的字体，办事一本通 PDF 中的汉字会印成方框" in result.stderr, result.stderr
    assert "修改：安装中文字体后重新构建：Debian/Ubuntu 运行 apt-get install fonts-noto-cjk" in result.stderr
    assert "未发布" in result.stderr and not (root / "site").exists()
