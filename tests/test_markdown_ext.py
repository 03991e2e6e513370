"""gongkai's Markdown extension (engine/markdown_ext.py): no space between Chinese characters across a line break,
code left alone, and the 落款 block right-aligned on lines of its own; registered for every site by the plugin."""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup

from gongkai.engine.markdown_ext import GongkaiMarkdown
from tests.helpers import ITEM_PATH, build_site, item_text


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["attr_list", "tables", "fenced_code", GongkaiMarkdown()])


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("走访排查，\n做到应保尽保。", "<p>走访排查，做到应保尽保。</p>"),
        ("城乡低保标准\n调整为每月 800 元", "<p>城乡低保标准调整为每月 800 元</p>"),
        ("（一）\n“低保”\n对象", "<p>（一）“低保”对象</p>"),
        (
            "走访排查，\n**做到**应保尽保\n*排查*\n结束。",
            "<p>走访排查，<strong>做到</strong>应保尽保<em>排查</em>结束。</p>",
        ),
        ("走访排查，  \n做到", "<p>走访排查，<br />\n做到</p>"),  # a hard break stays
        ("Word\nwrap 中文\n2024 年", "<p>Word\nwrap 中文\n2024 年</p>"),  # a break next to Latin or digits stays
        ("`代码\n代码`", "<p><code>代码\n代码</code></p>"),
        ("```\n中文\n中文\n```", "<pre><code>中文\n中文\n</code></pre>"),
        ("| 项目 | 说明 |\n|---|---|\n| 低保 | 城市\n", "<table>"),
    ],
)
def test_line_breaks_between_cjk_characters_are_joined(source, expected):
    assert expected in render(source)


def test_luokuan_is_right_aligned_on_lines_of_its_own():
    html = BeautifulSoup(render("特此通知。\n\n黄山市民政局\n2024年3月8日\n{: .luokuan }\n"), "html.parser")
    p = html.select_one("p.luokuan")
    assert p["style"] == "text-align: right"
    assert [t.strip() for t in p.strings] == ["黄山市民政局", "2024年3月8日"]
    assert len(p.find_all("br")) == 1
    assert html.select("p")[0].get_text() == "特此通知。"


def test_the_plugin_renders_every_site_with_it(make_site):
    body = (
        "## 调整标准\n\n城市低保标准\n调整为每人每月 800 元，\n自 4 月 1 日起执行。\n\n"
        "徽州区民政局\n2024年3月8日\n{: .luokuan }\n"
    )
    site = build_site(make_site({ITEM_PATH: item_text(body=body)}))
    html = BeautifulSoup(
        (site / "county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun/index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    paragraphs = [p.get_text() for p in html.select(".gk-body p")]
    assert "城市低保标准调整为每人每月 800 元，自 4 月 1 日起执行。" in paragraphs
    luokuan = html.select_one(".gk-body p.luokuan")
    assert luokuan is not None and luokuan["style"] == "text-align: right"
    assert [t.strip() for t in luokuan.strings] == ["徽州区民政局", "2024年3月8日"]
