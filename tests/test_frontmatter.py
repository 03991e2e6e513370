"""The strict front-matter reader (core/base/frontmatter.py): what it accepts (UTF-8 with a BOM, CRLF line
endings, block scalars, quoted values), every scalar kept as the text the author typed (no YAML 1.1 booleans,
octals, floats, times or dates), and problems that name file, line, field and fix.

The bad front matter it refuses, with the exact lines, is in the bad-input corpus, tests/test_bad_input.py.
"""

from __future__ import annotations

import yaml
from bs4 import BeautifulSoup

from gongkai.core.base.frontmatter import read_bytes, read_text
from tests.helpers import ITEM_PATH, build_site, item_text

PATH = "content/county/huizhou/shehui-jiuzhu/2024/x.md"
TEXT = "---\ntitle: 关于调整低保标准的通知\nwritten: 2024-03-05\n---\n正文。\n"


def test_utf8_bom_is_accepted():
    fm, problems = read_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"), PATH)
    assert problems == []
    assert fm.data == {"title": "关于调整低保标准的通知", "written": "2024-03-05"}  # no "\ufeff---" confusion
    assert fm.lines == {"title": 2, "written": 3}
    assert fm.body == "正文。\n" and fm.body_line == 5


def test_crlf_line_endings_are_accepted():
    fm, problems = read_bytes(TEXT.replace("\n", "\r\n").encode("utf-8"), PATH)
    assert problems == []
    assert fm.data == {"title": "关于调整低保标准的通知", "written": "2024-03-05"}  # no stray "\r" in values
    assert fm.body == "正文。\n"


def test_block_scalar_may_hold_fullwidth_colons_and_hashes():
    text = (
        "---\ntitle: 通知\nsummary: |\n  时间：2024年3月8日 #1 会议室\n  地点：区政府 #2\n"
        "  联系人：办公室\ndoc_no: 徽政办〔2024〕5号\n---\n"
    )
    fm, problems = read_bytes(text.encode("utf-8"), PATH)
    assert problems == []
    assert fm.data["summary"] == "时间：2024年3月8日 #1 会议室\n地点：区政府 #2\n联系人：办公室\n"
    assert fm.data["doc_no"] == "徽政办〔2024〕5号"
    assert fm.lines["doc_no"] == 7


def test_yaml_1_1_values_stay_strings():
    text = (
        "---\npublic: no\non_kiosk: off\ncountry: NO\ncode: 010\ncode3: 012345\nver: 1.10\ntime: 12:30\n"
        "date: 2024-01-02\nidcard: 110101199003070011\nsci: 1e3\nempty: ~\nlist: [yes, 08, 1.0]\n---\n"
    )
    fm, problems = read_bytes(text.encode("utf-8"), PATH)
    assert problems == []
    assert fm.data == {
        "public": "no",
        "on_kiosk": "off",
        "country": "NO",
        "code": "010",
        "code3": "012345",
        "ver": "1.10",
        "time": "12:30",
        "date": "2024-01-02",
        "idcard": "110101199003070011",
        "sci": "1e3",
        "empty": "~",
        "list": ["yes", "08", "1.0"],
    }


def test_yaml_1_1_lookalikes_stay_the_text_the_author_typed(make_site):
    """`010`, `1.10`, `12:30`, `no`, `2024-01-02`: YAML 1.1 would make them 8, 1.1, 750, False and a date."""
    text = item_text(
        title="关于12:30召开第1.10次会议的通知",
        doc_no="010",
        summary="12:30",
        source="1.10",
        keywords="[no, off, 010, 2024-01-02]",
    )
    site_dir = build_site(make_site({ITEM_PATH: text}))
    html = (site_dir / "county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun/index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("h1").get_text() == "关于12:30召开第1.10次会议的通知"
    box = {
        th.get_text(): th.find_next_sibling("td").get_text(" ", strip=True) for th in soup.select("table.gk-meta th")
    }
    assert box["文号"] == "010"
    assert box["内容概述"] == "12:30"
    assert box["信息来源"] == "1.10"
    # and the reader itself keeps every scalar a string
    fm, problems = read_text(text, ITEM_PATH)
    assert problems == []
    assert fm.data["keywords"] == ["no", "off", "010", "2024-01-02"]
    assert yaml.safe_load("doc_no: 010\nsummary: 12:30\nsource: 1.10\nv: no") == {
        "doc_no": 8,
        "summary": 750,
        "source": 1.1,
        "v": False,
    }


def test_quoted_values_may_hold_colon_space_and_hash():
    text = "---\ntitle: \"关于: 冒号 #2\"\ntopic: '民政、扶贫、救灾\\社会福利'\n---\n"
    fm, problems = read_bytes(text.encode("utf-8"), PATH)
    assert problems == []
    assert fm.data == {"title": "关于: 冒号 #2", "topic": "民政、扶贫、救灾\\社会福利"}


def test_problem_names_file_line_field_and_fix():
    fm, problems = read_bytes(b"---\ntitle: a\nwritten: 2024-03-05\ntitle: b\n---\n", PATH)
    assert fm is None
    assert [str(p) for p in problems] == [
        f"{PATH}:4: 错误 FM-DUP-KEY 字段 title：字段重复（第 2 行已出现）。修改：删除多余的一行，只保留一个 title"
    ]
