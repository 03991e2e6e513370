"""The `gongkai` command line: every command has help and is in the README; usage errors exit 2 with a Chinese
message. Each command's behaviour is tested with its feature (test_check.py, test_new.py, test_publish.py…)."""

import pytest
from click.testing import CliRunner

from gongkai.cli import cli
from tests.helpers import REPO


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_and_is_in_readme(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert len(cli.commands[command].help or "") > 10
    assert f"gongkai {command}" in (REPO / "README.md").read_text(encoding="utf-8")


def test_missing_config_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 2
    assert "找不到站点配置文件 mkdocs.yml" in result.output
