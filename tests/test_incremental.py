"""Incremental `gongkai build`: after each edit of a series, the incremental build's release is byte-identical to
a full build (`--full`) of the same source, whole tree (pages, Pagefind bundles, feeds, sitemap, JSON), and
re-renders only a few pages (the build report .cache/gongkai/…/last-build.json says which). The published
release the incremental build carries files from is never modified (hard links are never written through).

Corpus: scripts/gen_corpus.py with 40 items, search on and split by year (per-bundle re-indexing). A new as-of day
re-renders the pages of items whose 公示 ends and the catalog pages, which print the date, not everything."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from gongkai.cli import cli
from gongkai.core.publish import incremental
from tests.helpers import differing_files, tree_digest

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = REPO / "plugins" / "gongkai" / "templates"
ATTACHMENT = REPO / "content/township/xixinan/caizheng-yujuesuan/2025/files/caizheng-yusuan-gongkai-2025.pdf"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("incr") / "src"
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "gen_corpus.py"), "--items", "40", "--out", str(root)],
        check=True,
        capture_output=True,
    )
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("      catalogs_dir: catalogs\n", "      catalogs_dir: catalogs\n      search_split: year\n", 1)
    assert "search_split: year" in text
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    return root


def _build(root: Path, out: Path, *extra: str):
    result = CliRunner().invoke(cli, ["build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(out), *extra])
    assert result.exit_code == 0, result.output
    return _read_report(root, out)


def _read_report(root: Path, out: Path) -> dict:
    with open(os.path.join(incremental.cache_dir(str(root), str(out)), "last-build.json"), encoding="utf-8") as fh:
        return json.load(fh)


def _items(root: Path) -> list[Path]:
    return sorted(p for p in (root / "content").rglob("*.md") if p.name != "index.md")


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _field(path: Path, name: str) -> str:
    return re.search(rf"^{name}: (.*)$", path.read_text(encoding="utf-8"), re.M).group(1)


def _uscc(root: Path, unit: str) -> str:
    units = yaml.safe_load((root / "catalogs" / "units.yml").read_text(encoding="utf-8"))

    def walk(node):
        if isinstance(node, dict):
            if node.get("id") == unit and "uscc" in node:
                return node["uscc"]
            node = list(node.values())
        if isinstance(node, list):
            for child in node:
                found = walk(child)
                if found:
                    return found
        return None

    return walk(units)


def _edits(root: Path):
    """(name, edit, most pages it may re-render or None for a change that rebuilds everything)."""
    items = _items(root)
    first, second, third, fourth = items[0], items[1], items[2], items[3]

    def body():
        _edit(first, "\n## ", "\n本段为增量构建测试新增的正文。\n\n## ")

    def title():
        _edit(second, f"title: {_field(second, 'title')}", f"title: {_field(second, 'title')}（修订）")

    def date():
        published = _field(third, "published")
        day = published[:10]
        new_day = day[:8] + ("03" if day[8:10] != "03" else "04")
        _edit(third, f"published: {published}", f"published: {new_day}{published[10:]}")
        written = _field(third, "written")
        if written > new_day:
            _edit(third, f"written: {written}", f"written: {new_day}")

    def unit_move():
        rel = fourth.relative_to(root / "content").parts  # level/unit/domain/year/file
        level, unit = rel[0], rel[1]
        others = sorted(
            d.name
            for d in (root / "content" / level).iterdir()
            if d.is_dir() and d.name != unit and _uscc(root, d.name)
        )
        target_unit = others[0]
        target = root / "content" / level / target_unit / Path(*rel[2:])
        target.parent.mkdir(parents=True, exist_ok=True)
        text = fourth.read_text(encoding="utf-8")
        index_no = _field(fourth, "index_no")
        new_no = f"{_uscc(root, target_unit)}/{index_no.split('/')[1][:6]}-09901"
        text = text.replace(f"publisher: {unit}", f"publisher: {target_unit}").replace(index_no, new_no)
        target.write_text(text, encoding="utf-8")
        fourth.unlink()

    def delete():
        items[5].unlink()

    def new_item():
        source = items[6]
        index_no = _field(source, "index_no")
        text = source.read_text(encoding="utf-8").replace(index_no, index_no[:-5] + "09902")
        text = text.replace(f"title: {_field(source, 'title')}", "title: 增量构建测试新增的公开信息")
        (source.parent / "zengliang-xinzeng.md").write_text(text, encoding="utf-8")

    def attachment():
        target = items[7]
        files = target.parent / "files"
        files.mkdir(exist_ok=True)
        shutil.copyfile(ATTACHMENT, files / "zengliang-fujian.pdf")
        text = target.read_text(encoding="utf-8")
        head, rest = text[4:].split("\n---\n", 1)
        head += "\nattachments:\n  - file: files/zengliang-fujian.pdf\n    title: 增量构建测试附件\n"
        target.write_text(f"---\n{head}\n---\n{rest}", encoding="utf-8")

    def publicity():  # a 公示 running until the as-of date (2026-12-01): 公示中 on its page and list rows
        target = items[8]
        text = target.read_text(encoding="utf-8")
        text = re.sub(r"^publicity_end: .*\n", "", text, flags=re.M)
        target.write_text(text.replace("\n---\n", "\npublicity_end: 2026-12-01\n---\n", 1), encoding="utf-8")

    def next_day():  # the next build's as-of date: that 公示 has ended; no other item changes state
        os.environ["GONGKAI_AS_OF"] = "2026-12-02"

    def next_commit_day():  # `gongkai build` sets SOURCE_DATE_EPOCH to the last commit's time: a commit a day later
        os.environ["SOURCE_DATE_EPOCH"] = str(int(os.environ["SOURCE_DATE_EPOCH"]) + 86400)

    def catalog_row():
        catalog = sorted((root / "catalogs" / "standard").rglob("*.yml"))[0]
        text = catalog.read_text(encoding="utf-8")
        match = re.search(r"^(\s+)basis: (.+)$", text, re.M)
        catalog.write_text(text.replace(match.group(0), match.group(0) + "（增量构建测试）", 1), encoding="utf-8")

    def template():
        override = root / "overrides" / "gongkai" / "partials" / "footer.html"
        override.parent.mkdir(parents=True, exist_ok=True)
        text = (TEMPLATES / "gongkai" / "partials" / "footer.html").read_text(encoding="utf-8")
        override.write_text(text + "\n<!-- 增量构建测试 -->\n", encoding="utf-8")

    def registry():
        units = root / "catalogs" / "units.yml"
        text = units.read_text(encoding="utf-8")
        match = re.search(r"^(\s+phone: \"?)(\d)", text, re.M)  # a digit more at the front of one unit's phone
        units.write_text(text.replace(match.group(0), match.group(1) + "9" + match.group(2), 1), encoding="utf-8")

    return [
        ("正文", body, 30),
        ("标题", title, 30),
        ("日期", date, 30),
        ("单位调整", unit_move, 60),
        ("删除", delete, 30),
        ("新增条目", new_item, 40),
        ("新增附件", attachment, 30),
        ("公示期", publicity, 30),
        ("检查日期次日", next_day, 30),
        ("次日的提交", next_commit_day, 8),  # nothing prints the build date: only the pages in the nav
        ("目录行", catalog_row, None),
        ("模板", template, None),
        ("单位名录", registry, None),
    ]


def test_incremental_builds_equal_full_builds(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764633600")
    monkeypatch.setenv("GONGKAI_AS_OF", "2026-12-01")
    root = tmp_path / "src"
    shutil.copytree(corpus, root)
    inc, full = tmp_path / "inc", tmp_path / "full"
    first = _build(root, inc)
    assert first["incremental"] is False  # no manifest yet
    total = first["carried"] + len(first["rendered"])
    # nothing changed: nothing but the pages in the nav is rendered, also by another process whose str hashes differ
    # (each `gongkai build` is one: a fingerprint that followed a set's order would rebuild everything)
    seed = "54321" if os.environ.get("PYTHONHASHSEED") == "12345" else "12345"
    done = subprocess.run(
        [sys.executable, "-m", "gongkai", "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(inc)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": seed},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    again = _read_report(root, inc)
    assert again["incremental"] is True
    assert len(again["rendered"]) <= 8 and again["indexed_bundles"] == []
    assert differing_files(Path(os.path.realpath(inc)), _full(root, full)) == []
    for name, edit, most in _edits(root):
        edit()
        previous = Path(os.path.realpath(inc))
        before = tree_digest(previous)
        report = _build(root, inc)
        assert tree_digest(previous) == before, f"{name}: the previous release was written to"
        expected = _full(root, full)
        assert differing_files(Path(os.path.realpath(inc)), expected) == [], name
        if most is None:  # templates, catalogs/: everything again
            assert report["incremental"] is False, name
        else:
            assert report["incremental"] is True, (name, report["full_because"])
            rendered = report["rendered"]
            if name == "检查日期次日":  # the catalog pages print the as-of date (统计截至)
                rendered = [src for src in rendered if "/catalog/" not in src]
            assert 0 < len(rendered) <= most < total, (name, len(rendered), rendered[:50])
            assert len(report["indexed_bundles"]) <= 2, (name, report["indexed_bundles"])
            assert report["carried_bundles"], name


def _full(root: Path, full: Path) -> Path:
    report = _build(root, full, "--full")
    assert report["incremental"] is False
    return Path(os.path.realpath(full))


def test_fingerprints_follow_what_a_page_shows():
    """A list page's fingerprint changes with any field of an item it lists, of an item that item interprets,
    and with the order of its items; a unit is known by its id (catalogs/ is in the global key); an object
    that cannot be hashed makes its page always rebuilt."""
    import dataclasses
    import datetime as dt

    from gongkai.core.model.entities import Item
    from gongkai.core.site.views import Crumb, ListView

    unit = dataclasses.make_dataclass("Unit", [("id", str), ("name", str)])

    def item(n: int, title: str, **extra) -> Item:
        fields = {f.name for f in dataclasses.fields(Item)}
        values = {name: None for name in fields}
        values.update(id=f"i{n}", title=title, body="正文", keywords=[], attachments=[], interpretations=[])
        values.update(published=dt.datetime(2025, 1, n), lines={}, publisher=unit("u1", "某镇"))
        values.update(extra)
        return Item(**values)

    def fp(*items, crumbs=("首页",)) -> str:
        if items and isinstance(items[0], list):
            return incremental.Fingerprints().of(items[0])
        view = ListView(title="列表", column="列表", items=list(items), crumbs=[Crumb(c, None) for c in crumbs])
        return incremental.Fingerprints().of(view)

    a, b = item(1, "甲"), item(2, "乙")
    base = fp(a, b)
    assert fp(item(1, "甲"), item(2, "乙")) == base  # same content, other objects
    assert fp(item(1, "甲（修订）"), b) != base
    assert fp(item(1, "甲", body="另一正文"), b) != base
    assert fp(b, a) != base
    assert fp(a, b, crumbs=("首页", "某镇")) != base
    assert fp(item(1, "甲", publisher=unit("u1", "改了名"))) == fp(a)  # registry objects: by id
    assert fp(item(1, "甲", publisher=unit("u2", "某镇"))) != fp(a)
    policy, other = item(3, "办法"), item(3, "办法（修订）")
    assert fp(item(1, "甲", interprets=policy)) != fp(item(1, "甲", interprets=other))
    assert fp(["a,s:'b'"]) != fp(["a", "b"])  # tokens are unambiguous
    with pytest.raises(incremental.Unfingerprintable):
        fp(item(1, "甲", guide=lambda: None))


def test_carrier_links_the_previous_release_in_the_background(tmp_path):
    """Carried files are hard links of the previous release's files, made on a thread of their own; a missing
    file is answered at once (the page is rendered instead); a path the new release already has is an error,
    never written through."""
    previous, new = tmp_path / "old", tmp_path / "new"
    (previous / "a" / "b").mkdir(parents=True)
    (previous / "a" / "b" / "index.html").write_text("甲", encoding="utf-8")
    (previous / "pagefind" / "fragment").mkdir(parents=True)
    (previous / "pagefind" / "fragment" / "x.pf_fragment").write_bytes(b"1")
    (previous / "z").mkdir()
    (previous / "z" / "f.html").write_text("旧", encoding="utf-8")
    new.mkdir()
    carrier = incremental.Carrier(str(previous), str(new))
    assert carrier.file("a/b/index.html")
    assert not carrier.file("a/c/index.html")
    assert carrier.tree("pagefind")
    assert not carrier.tree("missing")
    carrier.wait()
    assert (new / "a" / "b" / "index.html").read_text(encoding="utf-8") == "甲"
    assert os.stat(new / "a" / "b" / "index.html").st_ino == os.stat(previous / "a" / "b" / "index.html").st_ino
    assert (new / "pagefind" / "fragment" / "x.pf_fragment").read_bytes() == b"1"
    assert not (new / "a" / "c").exists()
    (new / "z").mkdir()
    (new / "z" / "f.html").write_text("新", encoding="utf-8")
    carrier = incremental.Carrier(str(previous), str(new))
    assert carrier.file("z/f.html")
    with pytest.raises(FileExistsError):
        carrier.wait()
    assert (previous / "z" / "f.html").read_text(encoding="utf-8") == "旧"
    assert (new / "z" / "f.html").read_text(encoding="utf-8") == "新"
