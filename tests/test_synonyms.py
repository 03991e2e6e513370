"""catalogs/synonyms.yml: the strict reader, Chinese errors with line numbers, and the index-time expansion."""

from __future__ import annotations

import pytest

from gongkai.core.base.problems import ContentError
from gongkai.core.sources.synonyms import Synonyms, load_synonyms
from tests.helpers import REPO, build_site, item_text


def load(tmp_path, text):
    (tmp_path / "synonyms.yml").write_text(text, encoding="utf-8")
    return load_synonyms(str(tmp_path), "catalogs")


def errors(tmp_path, text):
    with pytest.raises(ContentError) as exc:
        load(tmp_path, text)
    return [str(p) for p in exc.value.problems]


def test_the_repository_list_is_valid():
    synonyms = load_synonyms(str(REPO / "catalogs"), "catalogs")
    assert ["最低生活保障", "低保", "城乡低保", "低保金", "低保户"] in synonyms.groups
    assert len(synonyms.groups) >= 30


def test_missing_file_means_no_synonyms(tmp_path):
    assert load_synonyms(str(tmp_path), "catalogs").groups == []


def test_errors_name_file_line_and_fix(tmp_path):
    text = (
        "synonyms:\n  最低生活保障: [低保, 低保户]\n  特困人员: [五保, 低保]\n"
        "  危房改造: 危改\n  公租房: [公共 租赁住房]\n  医保: []\n"
    )
    assert errors(tmp_path, text) == [
        "catalogs/synonyms.yml:3: 错误 SYN-TWO-GROUPS 字段 synonyms.特困人员："
        "“低保”已在第 2 行“最低生活保障”一组中出现，一个词只能属于一组。"
        "修改：把两组合并为一行，或从其中一组删除“低保”",
        "catalogs/synonyms.yml:4: 错误 SYN-NOT-LIST 字段 synonyms.危房改造："
        "“危房改造”后面应是方括号中的同义词列表。修改：写成 危房改造: [同义词1, 同义词2]",
        "catalogs/synonyms.yml:5: 错误 SYN-BAD-TERM 字段 synonyms.公租房：“公共 租赁住房”中含有空格或标点，"
        "检索时会被拆开。"
        "修改：每个同义词写成一个不含空格、逗号、顿号的词；多个词用方括号中的半角逗号分开",
        "catalogs/synonyms.yml:6: 错误 SYN-NOT-LIST 字段 synonyms.医保：“医保”后面应是方括号中的同义词列表。"
        "修改：写成 医保: [同义词1, 同义词2]",
    ]


def test_wrong_top_level_and_duplicate_keys(tmp_path):
    assert errors(tmp_path, "同义词:\n  低保: [最低生活保障]\n") == [
        "catalogs/synonyms.yml:1: 错误 SYN-FORMAT：出现了不认识的字段 同义词。"
        "修改：按“规范说法: [常用说法, 简称]”每行写一组，例如 最低生活保障: [低保, 城乡低保]"
    ]
    dup = errors(tmp_path, "synonyms:\n  低保: [最低生活保障]\n  低保: [低保户]\n")
    assert dup[0].startswith("catalogs/synonyms.yml:3: 错误 FM-DUP-KEY 字段 synonyms.低保：字段重复（第 2 行已出现）")


def test_expansion_adds_the_other_terms_weighted_by_occurrence():
    s = Synonyms([["最低生活保障", "低保"], ["特困人员", "五保", "五保户"]])
    assert s.expansion("城乡最低生活保障标准") == "低保"
    assert s.expansion("低保和低保边缘家庭", title="") == "最低生活保障 最低生活保障"
    assert s.expansion("特困人员供养", title="特困人员供养标准") == " ".join(["五保", "五保户"] * 4)
    assert s.expansion("无关文字") == ""


def test_item_page_carries_hidden_indexed_synonyms(make_site):
    site = build_site(make_site({"content/county/huizhou/shehui-jiuzhu/2024/dibao.md": item_text()}))
    html = (site / "county/huizhou/shehui-jiuzhu/2024/dibao/index.html").read_text(encoding="utf-8")
    hidden = html.split('<div hidden class="gk-search-terms" id="gk-search-terms">', 1)[1].split("</div>", 1)[0]
    assert (
        "低保户" in hidden and "data-pagefind-ignore" not in html.split('class="gk-search-terms"')[0].rsplit("<", 1)[1]
    )
    visible = html.split('class="gk-search-terms"', 1)[1].split("</div>", 1)[1]
    assert "低保户" not in visible  # the page text itself is unchanged


def test_bad_synonyms_stop_the_build(make_site, caplog):
    from mkdocs.exceptions import Abort

    root = make_site({"content/county/huizhou/shehui-jiuzhu/2024/dibao.md": item_text()})
    (root / "catalogs" / "synonyms.yml").write_text("synonyms:\n  低保: 最低生活保障\n", encoding="utf-8")
    with pytest.raises(Abort):
        build_site(root)
    assert "catalogs/synonyms.yml:2: 错误 SYN-NOT-LIST 字段 synonyms.低保" in caplog.text
    assert not (root / "site").exists()
