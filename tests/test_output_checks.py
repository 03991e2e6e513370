"""The foreign-host scan catches what it must (a negative control for test_demo's zero-hosts assertion)."""

import pytest
import yaml
from conftest import ITEM_PATH, build_site, item_text
from mkdocs.exceptions import Abort

from gongkai.core.checks.external import external_references


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
