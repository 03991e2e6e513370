"""The `gongkai` command, driven through click's CliRunner."""

import hashlib

import pytest
from click.testing import CliRunner
from conftest import ITEM_PATH, REPO, item_text

from gongkai.cli import cli


def tree_digest(root):
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_and_is_in_readme(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert len(cli.commands[command].help or "") > 10
    assert f"gongkai {command}" in (REPO / "README.md").read_text(encoding="utf-8")


def test_build_publishes_into_site_dir(make_site, monkeypatch):
    root = make_site({ITEM_PATH: item_text()})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["build", "-q"])
    assert result.exit_code == 0, result.output
    assert (root / "site/county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun/index.html").is_file()
    assert not [p for p in root.iterdir() if p.name.startswith((".building-", ".old-"))]


def test_failed_build_leaves_published_site_untouched(make_site, monkeypatch):
    root = make_site({ITEM_PATH: item_text()})
    monkeypatch.chdir(root)
    assert CliRunner().invoke(cli, ["build", "-q"]).exit_code == 0
    before = tree_digest(root / "site")
    (root / ITEM_PATH).write_text(item_text(written="2024-02-30"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "-q"])
    assert result.exit_code == 1
    assert "成文日期“2024-02-30”不是真实存在的日期" in result.output
    assert "未发布" in result.output
    assert tree_digest(root / "site") == before
    assert not [p for p in root.iterdir() if p.name.startswith((".building-", ".old-"))]


def test_missing_config_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 2
    assert "找不到站点配置文件 mkdocs.yml" in result.output
