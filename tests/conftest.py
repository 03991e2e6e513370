"""Shared fixtures: tiny sites written from strings into a temp dir, built in-process.

`make_site(files)` writes mkdocs.yml (the demo's furniture, search off unless asked), copies the
project's registries (catalogs/) and writes the given content files; `build_site(root)` runs the
MkDocs build in-process and returns the site dir. The demo site itself is built once per session
(`demo_site`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")

REPO = Path(__file__).resolve().parent.parent

SITE_FURNITURE = {
    "name": "测试县人民政府",
    "domain": "www.test.gov.cn",
    "id_code": "3410040001",
    "host": "测试县人民政府办公室",
    "phone": "0559-3512000",
    "icp": "皖ICP备05001234号",
    "police": "皖公网安备34100202000123号",
    "badge_url": "https://bszs.conac.cn/sitename?method=show&id=1",
    "jiucuo_url": "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=3410040001",
    "interaction_name": "12345政务服务便民热线",
    "interaction_url": "https://12345.ah.gov.cn/",
}

HUIZHOU_USCC = "1134100424042083XR"  # catalogs/units.yml: huizhou


def item_text(**overrides) -> str:
    """Front matter + body of a valid 徽州区 社会救助 item; keyword arguments replace or (None) drop fields."""
    fields = {
        "title": "徽州区关于调整城乡最低生活保障标准的通知",
        "index_no": f"{HUIZHOU_USCC}/202403-00012",
        "publisher": "huizhou",
        "written": "2024-03-05",
        "published": "2024-03-08 09:30",
        "doc_no": "徽政办〔2024〕5号",
        "domain": "shehui-jiuzhu",
        "catalog": "dbsh-zcfg",
        "genre": "通知",
        "topic": "民政、扶贫、救灾\\社会福利",
        "validity": "有效",
        "keywords": "[最低生活保障, 低保标准]",
        "summary": "自2024年4月1日起调整城乡低保标准。",
    }
    body = overrides.pop("body", "## 调整标准\n\n城市低保标准调整为每人每月 800 元。\n")
    fields.update(overrides)
    lines = [f"{k}: {v}" for k, v in fields.items() if v is not None]
    return "---\n" + "\n".join(lines) + "\n---\n" + body


ITEM_PATH = "content/county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun.md"


@pytest.fixture
def make_site(tmp_path):
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


def build_site(root: Path, site_dir: Path | None = None) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site_dir = site_dir or root / "site"
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir))
    build(config)
    return site_dir


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
def serve():
    """serve(site_dir) -> base URL of a static HTTP server on 127.0.0.1 (stopped at session end)."""
    import functools
    import http.server
    import threading

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


def pagefind_search(base_url: str, queries: list[dict]) -> dict:
    """Run queries through Pagefind's JS API in Node against a served site (tests/js/pagefind_query.mjs)."""
    return run_node_queries("pagefind_query.mjs", base_url, queries, timeout=120)


def run_node_queries(script: str, base_url: str, queries: list[dict], timeout: int) -> dict:
    """tests/js/<script> <base_url> <queries as JSON> in Node; its JSON output."""
    import json

    node = shutil.which("node")
    assert node, "Node.js is required for the search tests (apt-get install nodejs); .ci/run installs it"
    result = subprocess.run(
        [node, str(REPO / "tests/js" / script), base_url, json.dumps(queries, ensure_ascii=False)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
