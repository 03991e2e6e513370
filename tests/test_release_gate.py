"""The release gate: the built site is checked before it is published. Broken links and anchors (including ones a
template adds), scripts in rendered content, personal information in pages, and anything loaded from or linked
to a foreign host stop the build; `gongkai serve` previews skip all but the script gate.

The demo's own zero-foreign-hosts assertion is in tests/test_demo.py; the checks on sources are in
tests/test_check.py and tests/test_bad_input.py."""

from __future__ import annotations

import os

import pytest
import yaml
from click.testing import CliRunner
from mkdocs.exceptions import Abort

from gongkai.cli import cli
from gongkai.core.checks.external import external_references
from gongkai.core.checks.release import fragment_problems
from tests.helpers import ID, ITEM_PATH, build_site, item_text

P = ITEM_PATH  # content/county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun.md

# --- pages: links, anchors, scripts, personal information -------------------------------------------------------


def test_release_check_catches_a_broken_anchor_added_by_a_template(make_site, monkeypatch):
    root = make_site({P: item_text()})
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = "overrides"
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (root / "overrides/gongkai/partials").mkdir(parents=True)
    (root / "overrides/gongkai/partials/toolbar.html").write_text(
        '<a href="#nowhere">跳转</a><a href="../no-such-page/">无</a>\n', encoding="utf-8"
    )
    monkeypatch.chdir(root)
    assert CliRunner().invoke(cli, ["check"]).exit_code == 0  # the source is fine
    result = CliRunner().invoke(cli, ["build", "-q"])
    assert result.exit_code == 1
    assert "index.html: 错误 HTML-ANCHOR-MISSING：链接“#nowhere”的锚点 #nowhere 在 index.html 中不存在" in result.output
    assert "index.html: 错误 HTML-LINK-MISSING：href=“../no-such-page/”指向网站目录之外" in result.output
    assert not os.path.lexists(root / "site")


def test_pages_scanned_while_rendering_give_the_same_release_problems_as_a_scan_after(tmp_path):
    """The build scans each page in a worker process as MkDocs writes it (PageScanner); pages it never saw
    are read by check_release itself. Either way the problems are the same, in the same order."""
    from concurrent.futures import ProcessPoolExecutor

    from gongkai.core.checks.release import PageScanner, PageSource, check_release

    pages = {
        "index.html": '<a href="a/">甲</a><a href="a/#second">锚</a><a href="a/#nowhere">断</a><img src="https://cdn.example.com/x.png">',
        "a/index.html": f'<h2 id="second">二</h2><p>联系人身份证 {ID}</p><a href="../missing/">缺</a><a href="https://www.gov.cn/">国</a>',
        "b/index.html": '<a href="../a/index.html#second">好</a><a href="../../up/">外</a>',
    }
    for rel, text in pages.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(f"<html><body>{text}</body></html>", encoding="utf-8")
    sources = {"a/index.html": PageSource("content/a.md", frozenset())}
    hosts = ({"www.gov.cn"}, {"www.test.gov.cn"})
    after = check_release(str(tmp_path), sources, hosts=hosts)
    assert sorted({p.code for p in after}) == [
        "HTML-ANCHOR-MISSING",
        "HTML-EXTERNAL-LOAD",
        "HTML-LINK-MISSING",
        "PII-ID",
    ]
    with ProcessPoolExecutor(max_workers=1) as workers:
        scanner = PageScanner(sources, frozenset(), hosts=hosts, executor=workers, batch=1)
        for rel in ("index.html", "a/index.html"):  # b/index.html is left to check_release
            scanner.add(rel, (tmp_path / rel).read_text(encoding="utf-8"))
        scanned = scanner.results()
    assert sorted(scanned) == ["a/index.html", "index.html"]
    assert check_release(str(tmp_path), sources, hosts=hosts, scanned=scanned) == after


def test_rendered_fragment_gate_stops_script_the_source_scan_missed(make_site, monkeypatch):
    import gongkai.core.checks.content as checks

    monkeypatch.setattr(checks, "script_problems", lambda *a, **k: [])  # pretend the Markdown gate missed it
    root = make_site({P: item_text(body='[链接](https://www.gov.cn/){: onmouseover="alert(1)" }\n')})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["build", "-q"])
    assert result.exit_code == 1
    assert (
        f"{P}: 错误 HTML-SCRIPT：生成的正文中有<a> 的事件属性 onmouseover=。修改：删除它（正文不允许脚本和事件属性）"
        in result.output
    )
    assert not os.path.lexists(root / "site")


def test_fragment_gate_unit():
    assert fragment_problems('<p>正文 <a href="../x/">x</a></p>') == []
    assert fragment_problems(
        '<p onclick="x()">a</p><a href=" jav&#x61;script:alert(1)">b</a><iframe src="y"></iframe>'
    ) == ["<p> 的事件属性 onclick=", "<a> 的 href= 使用了 javascript: 协议", "<iframe> 标签"]


def test_serve_previews_skip_the_release_gate_but_not_the_script_gate(make_site, tmp_path):
    """`gongkai serve` never publishes and does not print the 一本通 PDFs, so only the script gate applies."""
    import dataclasses
    import logging

    from gongkai.core.pipeline import Build, BuildFailed
    from gongkai.engine.config import load_site, settings_of

    root = make_site({})
    site_dir = tmp_path / "out"
    (site_dir / "x").mkdir(parents=True)
    (site_dir / "x/index.html").write_text('<a href="../missing/">断开的链接</a>', encoding="utf-8")
    settings = settings_of(load_site(str(root / "mkdocs.yml")))

    def gate(previewing: bool, scripts: list[str]):
        build = Build(dataclasses.replace(settings, previewing=previewing), logging.getLogger("test"))
        try:
            build.load()
            build.check()
            build.plan_pages()
            build.fragment_problems = scripts
            build.gate(str(site_dir))
        finally:
            build.close()

    gate(previewing=True, scripts=[])  # the broken link is not looked at in a preview
    with pytest.raises(BuildFailed, match="HTML-SCRIPT"):
        gate(previewing=True, scripts=["x.md: 错误 HTML-SCRIPT：…"])
    with pytest.raises(BuildFailed, match="未通过发布前检查"):
        gate(previewing=False, scripts=[])


# --- foreign hosts (a negative control for the demo's zero-hosts assertion) ------------------------------------


def test_google_fonts_are_caught_when_theme_font_is_left_on(make_site):
    root = make_site({ITEM_PATH: item_text()})
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    del config["theme"]["font"]  # Material's default: Roboto from Google Fonts
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    site = root / "site"
    with pytest.raises(Abort):  # the build's own release gate (gate.check_release) refuses external loads
        build_site(root, site)
    refs = external_references(str(site), allowed_link_hosts=set())  # MkDocs had written the pages
    hosts = {(r.kind, r.url.split("/")[2]) for r in refs}
    assert ("load", "fonts.googleapis.com") in hosts
    assert ("load", "fonts.gstatic.com") in hosts  # the preconnect hint


def test_links_are_allowed_only_to_listed_hosts(tmp_path):
    (tmp_path / "index.html").write_text(
        '<a href="https://12345.ah.gov.cn/">12345</a><a href="https://example.com/x">x</a>'
        '<img src="//cdn.example.net/a.png"><style>body{background:url(https://img.example.org/b.png)}</style>',
        encoding="utf-8",
    )
    (tmp_path / "a.css").write_text("@import 'https://fonts.example.com/x.css';", encoding="utf-8")
    refs = external_references(str(tmp_path), allowed_link_hosts={"12345.ah.gov.cn"})
    assert {(r.path, r.kind, r.url) for r in refs} == {
        ("index.html", "link", "https://example.com/x"),
        ("index.html", "load", "//cdn.example.net/a.png"),
        ("index.html", "load", "https://img.example.org/b.png"),
        ("a.css", "load", "https://fonts.example.com/x.css"),
    }
