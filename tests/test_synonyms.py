"""catalogs/synonyms.yml: the strict reader, Chinese errors with line numbers, and the index-time expansion."""

from __future__ import annotations

import re

import pytest

from gongkai.core.base.problems import ContentError
from gongkai.core.sources.synonyms import CONCEPT_MAX, Synonyms, concept_word, load_synonyms
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


def test_expansion_adds_the_other_terms_weighted_by_occurrence_then_the_concept_word():
    s = Synonyms([["最低生活保障", "低保"], ["特困人员", "五保", "五保户"]])
    dibao, tekun = concept_word("最低生活保障"), concept_word("特困人员")
    assert s.expansion("城乡最低生活保障标准") == (f"低保 {dibao}", "")
    assert s.expansion("低保和低保边缘家庭", title="") == (f"最低生活保障 最低生活保障 {dibao} {dibao}", "")
    words, title_words = s.expansion("特困人员供养", title="特困人员供养标准")
    assert words == " ".join(["五保", "五保户"] * 4 + [tekun]) and title_words == tekun
    assert s.expansion("低保" * 20)[0].split().count(dibao) == CONCEPT_MAX  # counted up to where ranking saturates
    assert s.expansion("无关文字") == ("", "")


def test_concept_words_are_letters_jieba_and_pagefind_keep_whole_and_stable_across_orders():
    word = concept_word("最低生活保障")
    assert re.fullmatch(r"gk[a-z]{8}", word) and word == concept_word("最低生活保障") != concept_word("特困人员")
    one = Synonyms([["最低生活保障", "低保"], ["特困人员", "五保"]]).concept_groups()
    other = Synonyms([["特困人员", "五保"], ["最低生活保障", "低保"]]).concept_groups()
    assert one == other == {word: ["最低生活保障", "低保"], concept_word("特困人员"): ["特困人员", "五保"]}


def test_a_term_inside_a_longer_one_counts_for_its_concept_as_a_search_for_it_finds_it():
    s = Synonyms([["征收土地", "征地"], ["征地补偿", "征地补偿款"]])
    zhengdi, buchang = concept_word("征收土地"), concept_word("征地补偿")
    words, title_words = s.expansion("征地补偿标准", title="征地补偿公告")
    assert words.split().count(zhengdi) == 1 and words.split().count(buchang) == 1
    assert sorted(title_words.split()) == sorted([zhengdi, buchang])
    assert "征收土地" not in words  # the other terms still follow the longest match only
    assert s.concepts("征地补偿款已发放") == f"{zhengdi} {buchang}"  # the 办事一本通 PDF's record: no other terms


def test_item_page_carries_hidden_indexed_synonyms(make_site):
    site = build_site(make_site({"content/county/huizhou/shehui-jiuzhu/2024/dibao.md": item_text()}))
    html = (site / "county/huizhou/shehui-jiuzhu/2024/dibao/index.html").read_text(encoding="utf-8")
    hidden = html.split('<div hidden class="gk-search-terms" id="gk-search-terms">', 1)[1].split("</div>", 1)[0]
    assert (
        "低保户" in hidden and "data-pagefind-ignore" not in html.split('class="gk-search-terms"')[0].rsplit("<", 1)[1]
    )
    assert concept_word("最低生活保障") in hidden  # what a search for 低保户 reads (search-core.js conceptQuery)
    visible = html.split('class="gk-search-terms"', 1)[1].split("</div>", 1)[1]
    assert "低保户" not in visible and concept_word("最低生活保障") not in visible  # the page text itself is unchanged


def test_bad_synonyms_stop_the_build(make_site, caplog):
    from mkdocs.exceptions import Abort

    root = make_site({"content/county/huizhou/shehui-jiuzhu/2024/dibao.md": item_text()})
    (root / "catalogs" / "synonyms.yml").write_text("synonyms:\n  低保: 最低生活保障\n", encoding="utf-8")
    with pytest.raises(Abort):
        build_site(root)
    assert "catalogs/synonyms.yml:2: 错误 SYN-NOT-LIST 字段 synonyms.低保" in caplog.text
    assert not (root / "site").exists()
