"""Shared fixtures (plain helpers and test data are in tests/helpers.py).

* `make_site(files)`: a tiny site in a temp dir: mkdocs.yml with the test furniture (search off unless asked),
  the project's registries (catalogs/) and the given content files; build it with helpers.build_site;
* `demo_site`: the repository's demo (content/ + catalogs/) built once per session; `demo_url` serves it,
  `demo_corpus` is its items as the build reads them;
* `serve(site_dir)`: a static HTTP server on 127.0.0.1;
* `browser` and `new_page(...)`: Debian's Chromium driven by Playwright, and pages in fresh contexts that are all
  closed after the test.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
import yaml

from tests.helpers import CHROMIUM, CHROMIUM_ARGS, ELDER_MODE_ON, REPO, SITE_FURNITURE

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")


@pytest.fixture
def make_site(tmp_path):
    """make_site(files, search=False, **plugin_options) -> the root of a new site holding `files`."""

    def make(files: dict[str, str | bytes], search: bool = False, **plugin_options) -> Path:
        root = tmp_path / "site-src"
        root.mkdir()
        shutil.copytree(REPO / "catalogs", root / "catalogs")
        options = {"site": SITE_FURNITURE, "search_enabled": search, **plugin_options}
        config = {
            "site_name": "测试县政府信息公开",
            "site_url": "https://www.test.gov.cn/",
            "docs_dir": "content",
            "strict": True,
            "validation": {
                "omitted_files": "warn",
                "absolute_links": "warn",
                "unrecognized_links": "warn",
                "anchors": "warn",
            },
            "theme": {"name": "material", "language": "zh-CN", "font": False},
            "nav": [{"首页": "index.md"}, {"政府信息公开": "units/index.md"}],
            "markdown_extensions": ["tables", "attr_list", {"toc": {"permalink": True}}],
            "plugins": [{"gongkai": options}],
        }
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        files = {"content/index.md": "---\ntitle: 首页\n---\n欢迎。\n", **files}
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(textwrap.dedent(text) if not text.startswith("---") else text, encoding="utf-8")
        return root

    return make


@pytest.fixture(autouse=True)
def _each_test_judges_its_own_day(monkeypatch):
    """`gongkai build` run in-process defaults SOURCE_DATE_EPOCH and GONGKAI_AS_OF in os.environ (cli/build.py):
    each test starts without them, so no test inherits another's as-of date."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("GONGKAI_AS_OF", raising=False)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The repository's demo (content/ + catalogs/) built once, with its search index."""
    site_dir = tmp_path_factory.mktemp("demo") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "build", "--site-dir", str(site_dir)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir


@pytest.fixture(scope="session")
def demo_corpus():
    """The demo's items (content/ with catalogs/), loaded as the build loads them."""
    from gongkai.core.sources.corpus import load_corpus
    from gongkai.core.sources.registry import load_registry

    return load_corpus(str(REPO / "content"), load_registry(str(REPO / "catalogs"), str(REPO)), str(REPO))


@pytest.fixture(scope="session")
def serve():
    """serve(site_dir) -> base URL of a static HTTP server on 127.0.0.1 (stopped at session end)."""
    servers = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    def start(site_dir: Path) -> str:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site_dir)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def demo_url(demo_site, serve) -> str:
    """Base URL (ending in /) of the demo site served on 127.0.0.1."""
    return serve(demo_site)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium (never Playwright's own download), launched once per test module.

    Fails (never skips) when the browser is missing: the browser tests are part of the suite."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's browser with 'apt-get install chromium "
            "fonts-noto-cjk' (.ci/run does this); Playwright's own download is not used",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """new_page(...) -> a page in a fresh browser context (locale zh-CN); every context is closed after the test.

    width, height: the viewport (1280×900 unless given); is_mobile, has_touch: a phone or a touch screen;
    elder: 长者模式 switched on before the first page loads; init_scripts: more scripts run before each page's
    own; requests: a list that receives the URL of every request the context makes. The page's context is
    `page.context` (routes, more init scripts)."""
    contexts = []

    def open_page(
        *,
        width: int = 1280,
        height: int = 900,
        is_mobile: bool = False,
        has_touch: bool = False,
        elder: bool = False,
        init_scripts: tuple[str, ...] | list[str] = (),
        requests: list[str] | None = None,
    ):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            locale="zh-CN",
            is_mobile=is_mobile,
            has_touch=has_touch or is_mobile,
        )
        contexts.append(context)
        for script in ([ELDER_MODE_ON] if elder else []) + list(init_scripts):
            context.add_init_script(script)
        if requests is not None:
            context.on("request", lambda request: requests.append(request.url))
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
