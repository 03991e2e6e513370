"""Publishing: `gongkai build` writes each build as a new release and swaps the `site` symlink to it (atomic),
keeps three releases and can roll back; a failed build leaves the published site as it was. Builds are
reproducible (SOURCE_DATE_EPOCH: the last commit's time) and judge content at the as-of date (today, or
GONGKAI_AS_OF, or the plugin's as_of option)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from gongkai.cli import cli
from gongkai.core.base.clock import as_of_date as build_date
from gongkai.core.base.clock import today
from gongkai.core.publish import releases as publish
from tests.helpers import (
    HUIZHOU_USCC,
    ID,
    ITEM_DIR,
    ITEM_PATH,
    OTHER_ITEM_PATH,
    build_demo,
    differing_files,
    item_text,
    last_commit_epoch,
    other_item,
    pagefind_search,
    tree_digest,
)

P = ITEM_PATH  # content/county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun.md
DIR = ITEM_DIR  # content/county/huizhou/shehui-jiuzhu/2024
OTHER = OTHER_ITEM_PATH  # {DIR}/dibao-shenpi.md

# --- atomic publishing ------------------------------------------------------------------------------------------


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


def test_publish_swaps_a_symlink_keeps_three_releases_and_failed_builds_change_nothing(make_site, monkeypatch):
    root = make_site({P: item_text()})
    monkeypatch.chdir(root)
    (root / "site").mkdir()  # the first run finds a real directory (an older build)
    (root / "site/old.txt").write_text("old", encoding="utf-8")
    for n in range(4):
        (root / OTHER).write_text(other_item(title=f"第 {n} 版"), encoding="utf-8")
        assert CliRunner().invoke(cli, ["build", "-q"]).exit_code == 0
    site = root / "site"
    assert site.is_symlink() and not os.path.isabs(os.readlink(site))
    assert len(publish.releases(str(site))) == 3
    assert list((root / "site.releases").glob(".pruned-*"))  # the oldest, retired by the last publish
    publish.remove_pruned(str(site)).wait(timeout=60)  # every build starts this; here it is waited for
    assert not list((root / "site.releases").glob(".pruned-*"))
    assert "第 3 版" in (site / "county/huizhou/shehui-jiuzhu/2024/dibao-shenpi/index.html").read_text(encoding="utf-8")
    link, before = os.readlink(site), tree_digest(site)
    (root / P).write_text(item_text(body=f"身份证 {ID}\n"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "-q"])
    assert result.exit_code == 1 and "PII-ID" in result.output and "原有网站保持不变" in result.output
    assert os.readlink(site) == link and tree_digest(site) == before
    assert len(publish.releases(str(site))) == 3 and not list((root / "site.releases").glob(".building-*"))
    publish.rollback(str(site))  # back to the release before
    assert "第 2 版" in (site / "county/huizhou/shehui-jiuzhu/2024/dibao-shenpi/index.html").read_text(encoding="utf-8")


# --- reproducible builds ----------------------------------------------------------------------------------------


def test_two_builds_with_the_same_source_date_epoch_are_identical(make_site, monkeypatch, tmp_path, serve):
    files = {
        P: item_text(),
        OTHER: other_item(genre="办法", validity="失效", expired="2024-05-01"),
        f"{DIR}/jiedu.md": item_text(
            doc_no=None,
            validity=None,
            genre="解读",
            title="低保标准调整解读",
            index_no=f"{HUIZHOU_USCC}/202403-00014",
            interprets="county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun",
        ),
    }
    root = make_site(files, search=True)
    monkeypatch.chdir(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")  # 2024-06-01: after OTHER expired
    digests = []
    for name in ("a", "b"):
        result = CliRunner().invoke(cli, ["build", "-q", "-d", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        digests.append(tree_digest(tmp_path / name))
    assert differing_files(tmp_path / "a", tmp_path / "b") == []
    results = pagefind_search(serve(tmp_path / "a"), [{"q": "最低生活保障", "filters": {"有效性": "失效"}}])
    assert [r["url"].split("/", 3)[3] for r in results["最低生活保障"]] == [
        "county/huizhou/shehui-jiuzhu/2024/dibao-shenpi/"
    ]


@pytest.mark.slow
def test_two_builds_of_the_demo_are_identical(demo_site, tmp_path):
    """The session's demo build (`gongkai build`: build times from the last commit, content judged today) and a
    second one given both explicitly: the same SOURCE_DATE_EPOCH and the as-of date the first one used."""
    epoch = last_commit_epoch()
    as_of = json.loads((demo_site / "opendata/items.json").read_text(encoding="utf-8"))["as_of"]
    env = {**os.environ, "GONGKAI_AS_OF": as_of, **({"SOURCE_DATE_EPOCH": epoch} if epoch else {})}
    again = tmp_path / "site"
    build_demo(again, env)
    assert differing_files(again, demo_site) == []


# --- the dates a build uses -------------------------------------------------------------------------------------

PUBLICITY = {  # a 公示 whose publicity period ends on 2024-03-20
    ITEM_PATH: item_text(
        genre="公示", doc_no=None, validity=None, publicity_end="2024-03-20", title="徽州区2024年3月低保对象公示"
    )
}


def soup(site, url):
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_a_rebuild_without_new_commits_judges_content_today(make_site, monkeypatch):
    """The nightly `gongkai build`: the last commit (2024-03-09) is older than today. Build times come from the
    commit (reproducible), but 公示期 end, scheduled items go live and coverage counts at today's date."""
    scheduled = "content/county/huizhou/shehui-jiuzhu/2024/dibao-mingdan.md"
    root = make_site(
        {
            **PUBLICITY,
            scheduled: item_text(
                title="徽州区2024年二季度低保名单",
                published="2024-04-01 09:00",
                written="2024-03-29",
                scheduled="true",
                index_no=f"{HUIZHOU_USCC}/202404-00001",
                doc_no=None,
            ),
        }
    )
    commit = {
        "GIT_AUTHOR_DATE": "2024-03-09T10:00:00+08:00",
        "GIT_COMMITTER_DATE": "2024-03-09T10:00:00+08:00",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "content"]):
        subprocess.run(["git", *args], cwd=root, check=True, env={**os.environ, **commit})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["build", "-q"])
    assert result.exit_code == 0, result.output
    assert os.environ["SOURCE_DATE_EPOCH"] == "1709949600"  # the commit: embedded build times stay reproducible
    site = root / "site"
    records = json.loads((site / "opendata/items.json").read_text(encoding="utf-8"))
    assert records["as_of"] == today().isoformat()
    cell = soup(site, "county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun").select_one(".gk-meta__publicity")
    assert cell.select_one(".gk-tag").get_text() == "公示期满"  # ended 2024-03-20, after the commit
    assert (site / "county/huizhou/shehui-jiuzhu/2024/dibao-mingdan/index.html").is_file()  # due 2024-04-01


def test_as_of_comes_from_the_option_then_gongkai_as_of_then_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1709949600")  # 2024-03-09 10:00 in China
    assert build_date() == dt.date(2024, 3, 9)
    monkeypatch.setenv("GONGKAI_AS_OF", "2024-05-01")
    assert build_date() == dt.date(2024, 5, 1)
    assert build_date("2024-06-30") == dt.date(2024, 6, 30)
    monkeypatch.setenv("GONGKAI_AS_OF", "2024-02-30")
    with pytest.raises(ValueError, match="环境变量 GONGKAI_AS_OF 应写成真实存在的日期 YYYY-MM-DD，而不是“2024-02-30”"):
        build_date()
    with pytest.raises(
        ValueError, match="mkdocs.yml 的 gongkai 插件选项 as_of 应写成真实存在的日期 YYYY-MM-DD，而不是“6月30日”"
    ):
        build_date("6月30日")
