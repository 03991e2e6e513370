"""更新记录: an item's published changes come from git (core/checks/changes.py); a body changed after the grace
period needs a change_note (`gongkai check` and the build fail without one); feeds and the sitemap carry the dates.

Every test makes a real git repository in a temp dir and commits with fixed dates (China time)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner

from gongkai.cli import cli
from tests.helpers import ITEM_PATH, build_site, item_text

URL = "county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun"
BODY = "## 调整标准\n\n城市低保标准调整为每人每月 800 元。\n"
CORRECTED = "## 调整标准\n\n城市低保标准调整为每人每月 850 元。\n"


def git(root: Path, *args: str, when: str | None = None) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    if when:  # e.g. 2024-05-10T10:00:00+08:00
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    result = subprocess.run(
        ["git", "-c", "user.name=测试", "-c", "user.email=test@example.cn", "-c", "init.defaultBranch=main", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def commit(root: Path, when: str, text: str | None = None, message: str = "更新") -> None:
    if text is not None:
        (root / ITEM_PATH).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, when=when)


@pytest.fixture
def repo(make_site):
    """A site whose item (published 2024-03-08 09:30) was committed that morning, in its own git repository."""
    root = make_site({ITEM_PATH: item_text(body=BODY)})
    (root / ".gitignore").write_text("site/\n.cache/\n", encoding="utf-8")
    git(root, "init", "-q")
    commit(root, "2024-03-08T09:00:00+08:00", message="发布")
    return root


def check(root: Path, monkeypatch, *args: str):
    monkeypatch.chdir(root)
    return CliRunner().invoke(cli, ["check", *args])


def changes_of(site: Path) -> tuple[str, list[str]] | None:
    html = BeautifulSoup((site / URL / "index.html").read_text(encoding="utf-8"), "html.parser")
    section = html.select_one("section.gk-history")
    if section is None:
        return None
    dates = section.select_one(".gk-history__dates").get_text(strip=True)
    return dates, [li.get_text(strip=True) for li in section.select("li")]


def test_page_feed_and_sitemap_show_the_published_changes(repo):
    commit(repo, "2024-03-08T15:00:00+08:00", item_text(body=BODY + "\n（联系电话见附件。）\n"))  # same day: grace
    commit(repo, "2024-05-10T10:00:00+08:00", item_text(body=CORRECTED, change_note="更正城市低保标准金额"))
    commit(
        repo,
        "2024-06-01T16:30:00+08:00",
        item_text(body=CORRECTED, change_note="更正城市低保标准金额", keywords="[最低生活保障, 低保标准, 低保金]"),
    )
    site = build_site(repo)
    assert changes_of(site) == (
        "发布日期2024-03-08，最后更新2024-06-01",
        ["2024-06-01：内容更新", "2024-05-10：更正城市低保标准金额"],  # the note stays on the day it was written
    )
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    entry = feed.split("<entry>")[1]
    assert "<published>2024-03-08T09:30:00+08:00</published>" in entry
    assert "<updated>2024-06-01T16:30:00+08:00</updated>" in entry
    assert re.search(r"<feed[^>]*>.*?<updated>2024-06-01T16:30:00\+08:00</updated>", feed, re.S)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    lastmod = dict(re.findall(r"<loc>([^<]+)</loc>\s*(?:<lastmod>([^<]*)</lastmod>)?", sitemap))
    assert lastmod[f"https://www.test.gov.cn/{URL}/"] == "2024-06-01"
    assert lastmod["https://www.test.gov.cn/county/huizhou/"] == "2024-06-01"  # a list: its newest item
    assert lastmod["https://www.test.gov.cn/search/"] == ""  # no date of its own: no lastmod, not the build date
    record = json.loads((site / "opendata/items.json").read_text(encoding="utf-8"))["items"][0]
    assert record["updated"] == "2024-06-01T16:30"
    assert record["changes"] == [
        {"date": "2024-06-01", "note": None},
        {"date": "2024-05-10", "note": "更正城市低保标准金额"},
    ]


def test_changes_within_the_grace_period_are_part_of_publishing(repo):
    commit(repo, "2024-03-09T08:00:00+08:00", item_text(body=CORRECTED))  # within 1 day of 09:30 the day before
    site = build_site(repo)
    assert changes_of(site) is None
    assert "<updated>2024-03-08T09:30:00+08:00</updated>" in (site / "feed.xml").read_text(encoding="utf-8")


def test_dated_notes_list_each_change(repo):
    notes = "\n  - date: 2024-05-10\n    note: 更正城市低保标准金额\n  - date: 2024-07-02\n    note: 补充申请地点"
    commit(
        repo, "2024-05-10T10:00:00+08:00", item_text(body=CORRECTED, change_note=notes.split("\n  - date: 2024-07")[0])
    )
    commit(
        repo, "2024-07-02T10:00:00+08:00", item_text(body=CORRECTED + "\n申请地点：各乡镇民政所。\n", change_note=notes)
    )
    assert check(repo, pytest.MonkeyPatch()).exit_code == 0
    assert changes_of(build_site(repo)) == (
        "发布日期2024-03-08，最后更新2024-07-02",
        ["2024-07-02：补充申请地点", "2024-05-10：更正城市低保标准金额"],
    )


def test_body_change_without_change_note_fails_check_and_build(repo, monkeypatch):
    commit(repo, "2024-05-10T10:00:00+08:00", item_text(body=CORRECTED))
    result = check(repo, monkeypatch)
    assert result.exit_code == 1
    line = next(i for i, text in enumerate(item_text().split("\n"), 1) if text.startswith("published:"))
    assert (
        f"{ITEM_PATH}:{line}: 错误 ITEM-CHANGE-NOTE 字段 change_note：本条目 2024-03-08 发布后正文有改动，"
        "但没有写明改了什么。修改：在前言中加一行 change_note:" in result.output
    )
    built = subprocess.run(
        ["gongkai", "build", "-q"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": f"{Path(os.sys.executable).parent}:{os.environ['PATH']}"},
    )
    assert built.returncode != 0 and "ITEM-CHANGE-NOTE" in built.stdout + built.stderr
    # the fix, before committing it: the working copy is what `gongkai check` judges
    (repo / ITEM_PATH).write_text(item_text(body=CORRECTED, change_note="更正城市低保标准金额"), encoding="utf-8")
    assert check(repo, monkeypatch).exit_code == 0


def test_uncommitted_body_change_needs_a_new_note(repo, monkeypatch):
    commit(repo, "2024-05-10T10:00:00+08:00", item_text(body=CORRECTED, change_note="更正城市低保标准金额"))
    assert check(repo, monkeypatch).exit_code == 0
    (repo / ITEM_PATH).write_text(
        item_text(body=CORRECTED + "\n补充。\n", change_note="更正城市低保标准金额"), encoding="utf-8"
    )
    result = check(repo, monkeypatch)
    assert result.exit_code == 1
    assert (
        "ITEM-CHANGE-NOTE 字段 change_note：本条目 2024-03-08 发布后正文有改动，"
        "但没有写明改了什么（change_note 还是上次的说明）" in result.output
    )
    assert f"{ITEM_PATH}:{item_text(change_note='x').split(chr(10)).index('change_note: x') + 1}:" in result.output


def test_front_matter_change_needs_no_note(repo, monkeypatch):
    commit(repo, "2024-05-10T10:00:00+08:00", item_text(body=BODY, summary="调整城乡低保标准。"))
    assert check(repo, monkeypatch).exit_code == 0
    assert changes_of(build_site(repo)) == ("发布日期2024-03-08，最后更新2024-05-10", ["2024-05-10：内容更新"])


def test_changes_since_treats_earlier_commits_as_set_up(repo, monkeypatch):
    commit(repo, "2024-05-10T10:00:00+08:00", item_text(body=CORRECTED))
    config = yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"][0]["gongkai"]["changes_since"] = dt.date(2024, 6, 1)  # written unquoted, as a YAML date
    (repo / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    assert check(repo, monkeypatch).exit_code == 0
    assert changes_of(build_site(repo)) is None


def test_without_git_history_there_is_no_history_and_no_error(make_site, monkeypatch):
    root = make_site({ITEM_PATH: item_text(body=CORRECTED, change_note="更正城市低保标准金额")})
    assert check(root, monkeypatch).exit_code == 0
    assert changes_of(build_site(root)) is None  # a single note has no date without git


def test_shallow_clone_builds_without_history_and_says_so(repo, monkeypatch, tmp_path):
    commit(repo, "2024-05-10T10:00:00+08:00", item_text(body=CORRECTED))  # no note: full history would fail
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    result = check(clone, monkeypatch)
    assert result.exit_code == 0
    assert "提示 GIT-SHALLOW" in result.output and "fetch-depth: 0" in result.output
    assert changes_of(build_site(clone)) is None


def test_bad_change_note_is_reported_with_its_line(make_site, monkeypatch):
    text = item_text(change_note="\n  - date: 2024-13-01\n    note: 更正")
    root = make_site({ITEM_PATH: text})
    result = check(root, monkeypatch)
    assert result.exit_code == 1
    line = next(i for i, text in enumerate(text.split("\n"), 1) if text.startswith("change_note:"))
    assert (
        f"{ITEM_PATH}:{line}: 错误 ITEM-BAD-VALUE 字段 change_note：更新说明第 1 项：“2024-13-01”不是真实存在的日期"
        in result.output
    )
