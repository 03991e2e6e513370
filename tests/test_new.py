"""`gongkai new`: a new item file with the next free index number, written so that it passes `gongkai check`;
prompts for what is missing on a terminal, and names the missing option without one."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from gongkai.cli import cli
from tests.helpers import HUIZHOU_USCC, ITEM_PATH, OTHER_ITEM_PATH, item_text, other_item

P = ITEM_PATH  # content/county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun.md
OTHER = OTHER_ITEM_PATH  # content/county/huizhou/shehui-jiuzhu/2024/dibao-shenpi.md


def test_new_assigns_the_next_index_no_and_passes_check(make_site, monkeypatch):
    root = make_site({P: item_text(), OTHER: other_item(index_no=f"{HUIZHOU_USCC}/202312-00041")})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(
        cli,
        [
            "new",
            "--unit",
            "huizhou",
            "--domain",
            "shehui-jiuzhu",
            "--title",
            "关于2024年第二季度低保资金发放情况的公示",
            "--genre",
            "公示",
            "--date",
            "2024-06-28",
        ],
    )
    assert result.exit_code == 0, result.output
    path = root / "content/county/huizhou/shehui-jiuzhu/2024/202406-00042.md"
    assert (
        f"已新建 content/county/huizhou/shehui-jiuzhu/2024/202406-00042.md\n索引号：{HUIZHOU_USCC}/202406-00042"
        in result.output
    )
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "---\ntitle: 关于2024年第二季度低保资金发放情况的公示\n"
        f"index_no: {HUIZHOU_USCC}/202406-00042\npublisher: huizhou\nwritten: 2024-06-28\npublished: 2024-06-28\n"
        "domain: shehui-jiuzhu\ngenre: 公示\ntopic: "
    )
    checked = CliRunner().invoke(cli, ["check", str(path)])
    assert checked.exit_code == 0, checked.output
    assert "ITEM-NO-BODY" in checked.output  # the reminder to write the body
    second = CliRunner().invoke(
        cli,
        [
            "new",
            "--unit",
            "huizhou",
            "--domain",
            "shehui-jiuzhu",
            "--title",
            "第二条: 含冒号",
            "--date",
            "2024-06-28",
            "--no-interactive",
        ],
    )
    assert second.exit_code == 0, second.output
    assert f"索引号：{HUIZHOU_USCC}/202406-00043" in second.output
    assert 'title: "第二条: 含冒号"' in (root / "content/county/huizhou/shehui-jiuzhu/2024/202406-00043.md").read_text(
        encoding="utf-8"
    )
    assert CliRunner().invoke(cli, ["check"]).exit_code == 0


def test_new_prompts_for_missing_values_when_interactive(make_site, monkeypatch):
    root = make_site({P: item_text()})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(
        cli,
        ["new", "--interactive", "--date", "2024-07-01", "--slug", "dibao-gongshi-2024-07"],
        input="huizhou\nshehui-jiuzhu\n7月低保公示\n",
    )
    assert result.exit_code == 0, result.output
    text = (root / "content/county/huizhou/shehui-jiuzhu/2024/dibao-gongshi-2024-07.md").read_text(encoding="utf-8")
    assert f"index_no: {HUIZHOU_USCC}/202407-00013\n" in text and "title: 7月低保公示\n" in text
    assert CliRunner().invoke(cli, ["check"]).exit_code == 0


def test_new_without_a_terminal_names_the_missing_flag(make_site, monkeypatch):
    root = make_site({P: item_text()})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["new", "--unit", "huizhou", "--title", "x"])
    assert result.exit_code == 2
    assert "缺少 --domain（领域 id 或名称）" in result.output
    unknown = CliRunner().invoke(cli, ["new", "--unit", "huizhuo", "--domain", "shehui-jiuzhu", "--title", "x"])
    assert (
        unknown.exit_code == 2
        and "没有单位“huizhuo”。是否应为 huizhou（徽州区人民政府）、huizhou-jiedao（徽州街道办事处）？"
        in unknown.output
    )


def test_new_takes_a_units_chinese_name_and_asks_again_with_close_matches(make_site, monkeypatch):
    root = make_site({})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(
        cli,
        ["new", "--interactive", "--date", "2024-07-01", "--slug", "gongshi"],
        input="岩寺\n岩寺镇\n社会救助\n7月临时救助公示\n",
    )
    assert result.exit_code == 0, result.output
    assert "乡级：huizhou-jiedao（徽州街道）、yansi（岩寺镇）" in result.output  # every unit listed, by level
    assert "没有单位“岩寺”。是否应为 yansi（岩寺镇人民政府）、yansi-shequ（岩寺社区居民委员会）？" in result.output
    text = (root / "content/township/yansi/shehui-jiuzhu/2024/gongshi.md").read_text(encoding="utf-8")
    assert "publisher: yansi\n" in text and "domain: shehui-jiuzhu\n" in text


@pytest.mark.parametrize(
    "unit, outcome",
    [
        ("岩寺镇人民政府", "content/township/yansi/"),
        ("徽州区财政局", "content/department/hz-czj/"),
        ("区财政局", "“区财政局”对应多个单位：hz-czj（徽州区财政局）、tx-czj（屯溪区财政局）。请写出 id 或全称"),
    ],
)
def test_new_on_the_command_line_takes_names_too(make_site, monkeypatch, unit, outcome):
    root = make_site({})
    monkeypatch.chdir(root)
    args = ["new", "--unit", unit, "--domain", "财政预决算", "--title", "x", "--date", "2024-07-01", "--no-interactive"]
    result = CliRunner().invoke(cli, args)
    assert outcome in result.output, result.output
    assert result.exit_code == (2 if "多个" in outcome else 0)
