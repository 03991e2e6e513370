"""The `gongkai` command line: every command has help and is in the README; every message is Chinese, click's own
included (usage, help, bad and missing options, bad values, aborts), with one 错误： and never a doubled one.
Each command's behaviour is tested with its feature (test_check.py, test_new.py, test_publish.py…)."""

import re

import click
import pytest
from click.testing import CliRunner

from gongkai.cli import cli
from tests.helpers import REPO, item_text

ENGLISH = re.compile(
    r"\b(Error|Usage|Options|Commands|Try|Invalid|Missing|No such|Aborted|required|default|TEXT|INTEGER|is not)\b"
)


def command_paths(group: click.Group = cli, prefix=()) -> list[tuple[str, ...]]:
    """Every command of the gongkai tree, sub-commands of groups included (gongkai catalog import …)."""
    paths = []
    for name, command in sorted(group.commands.items()):
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths += command_paths(command, (*prefix, name))
    return paths


ALL = command_paths()


def test_the_tree_is_what_the_readme_lists():
    assert ("catalog", "import") in ALL and ("nianbao", "import") in ALL and len(ALL) >= 11


@pytest.mark.parametrize("path", [p for p in ALL if len(p) == 1], ids=" ".join)
def test_every_command_has_help_and_is_in_readme(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert len(cli.commands[path[0]].help or "") > 10
    assert f"gongkai {' '.join(path)}" in (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", ALL, ids=" ".join)
def test_every_command_answers_a_bad_option_in_chinese(path):
    result = CliRunner().invoke(cli, [*path, "--no-such-option"], prog_name="gongkai")
    assert result.exit_code == 2
    lines = result.output.strip().split("\n")
    assert lines[0].startswith(f"用法：gongkai {' '.join(path)} [选项]")
    assert lines[1] == f"运行“gongkai {' '.join(path)} -h”查看帮助。"
    assert lines[-1] == "错误：没有选项 '--no-such-option'。"
    assert not ENGLISH.search(result.output), result.output


@pytest.mark.parametrize("path", ALL, ids=" ".join)
def test_every_commands_help_is_framed_in_chinese(path):
    result = CliRunner().invoke(cli, [*path, "-h"], prog_name="gongkai")
    assert result.exit_code == 0
    assert result.output.startswith(f"用法：gongkai {' '.join(path)}".rstrip())
    assert "选项：" in result.output and "-h, --help" in result.output and "显示本帮助并退出。" in result.output
    labels = "\n".join(line.split("  ")[0] for line in result.output.split("\n") if line.startswith("  -"))
    assert not re.search(r"\b(TEXT|INTEGER|FLOAT|FILE|PATH|DIRECTORY)\b", labels), labels
    assert "[required]" not in result.output and "[default:" not in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["catalog", "export"], "错误：缺少选项 '-o' / '--output'。"),
        (["report", "--format", "xml"], "错误：'--format' 的值无效：'xml' 不是以下之一：'text', 'json', 'csv'。"),
        (["build", "--jobs", "x"], "错误：'-j' / '--jobs' 的值无效：'x' 不是有效的整数。"),
        (
            ["nianbao", "import", "x.xlsx", "-u", "huizhou", "-y", "2025"],
            "错误：'登记台账.xlsx' 的值无效：文件 'x.xlsx' 不存在。",
        ),
        (["nianbao", "import", "--year", "1999"], "错误：'-y' / '--year' 的值无效：1999 不在 2008<=x<=2100 的范围内。"),
        (["nianbao", "import", "--unit"], "错误：选项 '--unit' 后面要写一个值。"),
        (["no-such-command"], "错误：没有命令 'no-such-command'。"),
        (["catalog"], "命令："),
        (["catalog", "import", "a.xlsx", "b.xlsx", "-o", "x.yml"], "错误：'目录表格.xlsx' 的值无效"),
    ],
)
def test_click_usage_errors_are_chinese(args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert message in result.output and not ENGLISH.search(result.output), result.output


def test_missing_config_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 2
    assert "错误：找不到站点配置文件 mkdocs.yml" in result.output


def test_an_aborted_prompt_says_so_in_chinese(make_site, monkeypatch):
    root = make_site({})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["new", "--interactive"], input="")  # end of input at the first question
    assert result.exit_code == 1
    assert result.output.rstrip().endswith("已中止。") and "Aborted" not in result.output


def test_a_report_of_problems_is_shown_once_without_a_doubled_label(make_site, monkeypatch):
    root = make_site({"content/county/huizhou/shehui-jiuzhu/2024/x.md": item_text(genre="体裁不存在")})
    (root / "catalogs/topics.yml").write_text("topics: [\n", encoding="utf-8")
    monkeypatch.chdir(root)
    for args in (["report"], ["new", "--unit", "huizhou", "--domain", "jiuye", "--title", "x"], ["build", "-q"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1, args
        assert "catalogs/topics.yml:2: 错误 FM-YAML-SYNTAX" in result.output, args
        assert not re.search(r"错误：[^\n]*: 错误 ", result.output), result.output  # never 错误：…: 错误
    assert result.output.rstrip().endswith("错误：构建失败（原因见上方），未发布；原有网站保持不变。")


def test_a_broken_mkdocs_yml_is_explained_in_chinese(make_site, monkeypatch):
    root = make_site({})
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(text.replace("theme:\n", "theme:\n  custom_dir: no-such-dir\n"), encoding="utf-8")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert "错误：配置文件 mkdocs.yml 有误：\n  配置项 theme：" in result.output
    assert "对照 docs/configuration.md 改正后重新运行" in result.output and "Aborted" not in result.output
