"""Plain helpers and test data shared by the test modules (the fixtures are in conftest.py).

* REPO, SITE_FURNITURE: the repository and the furniture (name, domain, filings…) of the small test sites;
* item_text() and friends: the front matter and body of a valid 徽州区 社会救助 item, fields replaced or dropped;
* build_site(): the in-process MkDocs build of a site written by the `make_site` fixture;
* pagefind_search(), search_suite(): queries run in Node (tests/js/) against a served site;
* synthetic personal-information numbers and tiny PDF / DOCX / XLSX attachments for the personal-information scan;
* tree_digest(), differing_files(): built sites compared byte for byte;
* grid(): an HTML table (BeautifulSoup) expanded into its full grid of cell texts, rowspans and colspans resolved;
* the Chromium the browser tests drive (Debian's, never Playwright's own download).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlparse

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
TUNXI_USCC = "113410021216075037"  # catalogs/units.yml: tunxi

# --- items ------------------------------------------------------------------------------------------------------

ITEM_DIR = "content/county/huizhou/shehui-jiuzhu/2024"
ITEM_PATH = f"{ITEM_DIR}/dibao-biaozhun.md"  # where item_text() belongs
OTHER_ITEM_PATH = f"{ITEM_DIR}/dibao-shenpi.md"  # where other_item() belongs: a second valid item, a link target


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


def other_item(**overrides) -> str:
    """A second valid item (OTHER_ITEM_PATH) with two headings, one of them with the anchor #shenpi."""
    fields = {
        "title": "徽州区低保审批办法",
        "index_no": f"{HUIZHOU_USCC}/202403-00013",
        "body": "## 申请条件\n\n共同生活的家庭成员。\n\n## 审批程序 {#shenpi}\n\n乡镇审核，区民政局审批。\n",
    }
    fields.update(overrides)
    return item_text(**fields)


def with_attachment(name: str, title: str = "附件", **overrides) -> str:
    """item_text() with one attachment, files/<name> (the file itself is written by the test)."""
    return item_text(attachments=f"\n  - file: files/{name}\n    title: {title}", **overrides)


def build_site(root: Path, site_dir: Path | None = None) -> Path:
    """Build the site at `root` (written by make_site) with MkDocs in-process; return the site dir."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site_dir = site_dir or root / "site"
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir))
    build(config)
    return site_dir


# --- synthetic personal information -----------------------------------------------------------------------------
# Every ID, mobile and card number is synthetic: the check characters are verified in
# tests/test_bad_input.py::test_synthetic_numbers_are_checksum_valid, never copied from a real document.

ID = "110101199003070011"  # = 11010119900307001 + its GB 11643 check character
ID_X = "34010219851231009X"  # check character X
ID15 = "340102850307001"  # old 15-digit form (1985-03-07)
MOBILE = "13912345678"
CARD = "6217000000000000129"  # Luhn-valid, 19 digits
CARD2 = "6222021234567890128"  # Luhn-valid, 19 digits, printed in groups of four


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF whose content stream shows `text` in Helvetica (ASCII only)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def tiny_docx(paragraphs: list[str]) -> bytes:
    """A DOCX holding just these paragraphs."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        zf.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>',
        )
    return out.getvalue()


def tiny_xlsx(rows: list[list]) -> bytes:
    """An XLSX whose one sheet, 名单, holds these rows."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "名单"
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- built sites --------------------------------------------------------------------------------------------------


def tree_digest(root: Path) -> str:
    """One hash of every file's relative path and bytes under root."""
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def differing_files(a: Path, b: Path) -> list[str]:
    """Relative paths whose bytes differ, or that exist on one side only."""

    def files(root):
        return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}

    fa, fb = files(a), files(b)
    return sorted(
        k for k in fa.keys() | fb.keys() if k not in fa or k not in fb or fa[k].read_bytes() != fb[k].read_bytes()
    )


# --- tables -------------------------------------------------------------------------------------------------------


def grid(table) -> tuple[list[list[str]], dict[tuple[int, int], tuple[int, int]]]:
    """Expand a parsed <table> into a full grid of cell texts; also (row, col) -> (rowspan, colspan) of origins."""
    rows = table.find_all("tr")
    out: list[list[str | None]] = [[] for _ in rows]
    spans = {}
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.find_all(["th", "td"]):
            while c < len(out[r]) and out[r][c] is not None:
                c += 1
            rs, cs = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
            spans[(r, c)] = (rs, cs)
            for dr in range(rs):
                row = out[r + dr]
                while len(row) < c + cs:
                    row.append(None)
                for dc in range(cs):
                    assert row[c + dc] is None, f"overlapping cells at row {r + dr}, col {c + dc}"
                    row[c + dc] = cell.get_text(strip=True)
            c += cs
    return out, spans


# --- search in Node -----------------------------------------------------------------------------------------------


def run_node_queries(script: str, base_url: str, queries: list[dict], timeout: int) -> dict:
    """tests/js/<script> <base_url> <queries as JSON> in Node; its JSON output."""
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


def pagefind_search(base_url: str, queries: list[dict]) -> dict:
    """Run queries through Pagefind's JS API in Node against a served site (tests/js/pagefind_query.mjs)."""
    return run_node_queries("pagefind_query.mjs", base_url, queries, timeout=120)


def search_suite(base_url: str, queries: list[dict]) -> dict:
    """The search page's own query code (search-core.js) in Node: tests/js/search_suite.mjs."""
    return run_node_queries("search_suite.mjs", base_url, queries, timeout=600)


def item_id(url: str) -> str:
    """The item id (its path under content/ without .md) of a result URL."""
    return urlparse(url).path.strip("/")


def top_ids(answer: dict, n: int = 5) -> list[str]:
    """The first n item ids of a search_suite() answer: the exact 文号 / 索引号 hits, then the ranked results."""
    return ([item_id(h["url"]) for h in answer["exact"]] + [item_id(r["url"]) for r in answer["results"]])[:n]


# --- the browser ----------------------------------------------------------------------------------------------------

CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ELDER_MODE_ON = "try { localStorage.setItem('gk-elder', '1') } catch (e) {}"  # 长者模式 before the first page


def wait_for_results(page, selector: str = "#gk-results li", timeout: int = 30000):
    """Wait until the search page lists `selector` and its page of rows is complete: rows appear one by one as
    their fragments arrive, and #gk-results is aria-busy until the last of them has. A loaded machine can be slow."""
    page.locator(selector).first.wait_for(timeout=timeout)
    page.wait_for_function("!document.querySelector('#gk-results').hasAttribute('aria-busy')", timeout=timeout)
    return page


def last_commit_epoch() -> str:
    """The repository's last commit time (what `gongkai build` takes as SOURCE_DATE_EPOCH), or ""."""
    return subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=REPO, capture_output=True, text=True).stdout.strip()


def build_demo(site_dir: Path, env: dict, timeout: int = 1800) -> None:
    """`gongkai build -q -d site_dir` of the repository's demo in a separate process, with `env`."""
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "build", "-q", "--site-dir", str(site_dir)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,  # a bound for a very slow machine, not a claim about speed
    )
    assert result.returncode == 0, result.stdout + result.stderr
