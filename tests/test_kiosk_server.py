"""The kiosk's loopback static server (core/kiosk_server.py, `gongkai kiosk`): MIME types for Pagefind,
byte ranges, no directory listing, no path traversal (plain and encoded), caching, 404 page."""

from __future__ import annotations

import http.client
import os

import pytest
from click.testing import CliRunner

from gongkai.cli import cli
from gongkai.core.publish.kiosk_server import parse_range, safe_path, serve_in_thread

SECRET = b"TOP SECRET outside the site"
BLOB = bytes(range(256)) * 4  # 1024 bytes


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    top = tmp_path_factory.mktemp("kiosk-server")
    (top / "secret.txt").write_bytes(SECRET)
    root = top / "site"
    files = {
        "index.html": b"<!doctype html><title>home</title>",
        "404.html": b"<!doctype html><title>not found page</title>",
        "sub/index.html": b"<!doctype html><title>sub</title>",
        "nodir/readme.txt": b"no index here",
        "assets/app.js": b"export const x = 1;",
        "assets/style.css": b"body{}",
        "pagefind/pagefind.js": b"// pagefind",
        "pagefind/pagefind-entry.json": b'{"version":"1.5.2"}',
        "pagefind/wasm.unknown.pagefind": b"\x1f\x8bwasm",
        "pagefind/pagefind.zh_abc.pf_meta": b"meta",
        "pagefind/index/zh_abc.pf_index": b"index",
        "pagefind/fragment/zh_abc.pf_fragment": b"fragment",
        "pagefind/filter/zh_abc.pf_filter": b"filter",
        "pagefind/x.wasm": b"\0asm",
        "blob.bin": BLOB,
        ".hidden": b"dotfile",
    }
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    os.symlink(top, root / "escape")  # a symlink out of the site
    server, base = serve_in_thread(str(root))
    yield server.server_address[1], root
    server.shutdown()
    server.server_close()


def request(port, path, method="GET", headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.putrequest(method, path, skip_host=False, skip_accept_encoding=True)  # the path goes out exactly as given
    for name, value in (headers or {}).items():
        conn.putheader(name, value)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def test_binds_loopback_only(served):
    port, _ = served
    status, _, _ = request(port, "/")
    assert status == 200
    from gongkai.core.publish.kiosk_server import make_server

    server = make_server(".", 0)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


@pytest.mark.parametrize(
    "path, mime",
    [
        ("/", "text/html; charset=utf-8"),
        ("/assets/app.js", "text/javascript; charset=utf-8"),
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/pagefind/pagefind.js", "text/javascript; charset=utf-8"),
        ("/pagefind/pagefind-entry.json", "application/json"),
        ("/pagefind/wasm.unknown.pagefind", "application/wasm"),
        ("/pagefind/x.wasm", "application/wasm"),
        ("/pagefind/pagefind.zh_abc.pf_meta", "application/octet-stream"),
        ("/pagefind/index/zh_abc.pf_index", "application/octet-stream"),
        ("/pagefind/fragment/zh_abc.pf_fragment", "application/octet-stream"),
        ("/pagefind/filter/zh_abc.pf_filter", "application/octet-stream"),
    ],
)
def test_mime_types(served, path, mime):
    status, headers, _ = request(served[0], path)
    assert status == 200
    assert headers["content-type"] == mime
    assert headers["x-content-type-options"] == "nosniff"


def test_caching_headers_and_conditional_requests(served):
    port, _ = served
    _, html, _ = request(port, "/")
    assert html["cache-control"] == "no-cache" and html["etag"] and html["last-modified"]
    _, chunk, _ = request(port, "/pagefind/fragment/zh_abc.pf_fragment")
    assert "immutable" in chunk["cache-control"]
    status, headers, body = request(port, "/", headers={"If-None-Match": html["etag"]})
    assert (status, body) == (304, b"")
    status, _, _ = request(port, "/", headers={"If-Modified-Since": html["last-modified"]})
    assert status == 304


@pytest.mark.parametrize(
    "range_header, first, last",
    [
        ("bytes=0-3", 0, 3),
        ("bytes=1000-", 1000, 1023),
        ("bytes=-24", 1000, 1023),
        ("bytes=10-99999", 10, 1023),
    ],
)
def test_range_requests(served, range_header, first, last):
    status, headers, body = request(served[0], "/blob.bin", headers={"Range": range_header})
    assert status == 206
    assert headers["content-range"] == f"bytes {first}-{last}/{len(BLOB)}"
    assert headers["content-length"] == str(last - first + 1)
    assert body == BLOB[first : last + 1]


@pytest.mark.parametrize(
    "range_header", ["bytes=1024-", "bytes=5000-6000", "bytes=5-2", "bytes=-0", "bytes=-", "bytes=x-y"]
)
def test_unsatisfiable_ranges_are_416(served, range_header):
    status, headers, _ = request(served[0], "/blob.bin", headers={"Range": range_header})
    assert status == 416
    assert headers["content-range"] == f"bytes */{len(BLOB)}"


def test_other_range_forms_get_the_whole_file(served):
    for header in ("bytes=0-1,5-6", "items=0-1"):
        status, headers, body = request(served[0], "/blob.bin", headers={"Range": header})
        assert (status, body) == (200, BLOB)
        assert headers["accept-ranges"] == "bytes"
    etag = request(served[0], "/blob.bin")[1]["etag"]
    status, _, _ = request(served[0], "/blob.bin", headers={"Range": "bytes=0-1", "If-Range": etag})
    assert status == 206
    status, _, _ = request(served[0], "/blob.bin", headers={"Range": "bytes=0-1", "If-Range": '"stale"'})
    assert status == 200


def test_head_sends_headers_only(served):
    status, headers, body = request(served[0], "/blob.bin", method="HEAD")
    assert (status, body) == (200, b"")
    assert headers["content-length"] == str(len(BLOB))


def test_directories_index_redirect_and_no_listing(served):
    port, _ = served
    status, headers, _ = request(port, "/sub")
    assert status == 301 and headers["location"] == "/sub/"
    status, _, body = request(port, "/sub/")
    assert status == 200 and b"<title>sub</title>" in body
    status, headers, _ = request(port, "//sub")  # must not redirect to the host "sub"
    assert status == 301 and headers["location"] == "/sub/"
    status, _, body = request(port, "/nodir/")  # no index.html: the 404 page, never a listing
    assert status == 404 and b"not found page" in body and b"readme.txt" not in body
    status, _, body = request(port, "/pagefind/")
    assert status == 404 and b"pagefind.js" not in body
    status, headers, body = request(port, "/no/such/page/")
    assert status == 404 and headers["content-type"].startswith("text/html") and b"not found page" in body


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/../../secret.txt",
        "/sub/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%2fsecret.txt",
        "/sub/%2e%2e/%2e%2e/secret.txt",
        "/..%5csecret.txt",
        "/sub\\..\\..\\secret.txt",
        "/%252e%252e/secret.txt",
        "/escape/secret.txt",
        "/.hidden",
        "/%2ehidden",
        "/index.html%00.js",
        "/%c0%ae%c0%ae/secret.txt",
        "http://127.0.0.1/../secret.txt",
    ],
)
def test_path_traversal_is_refused(served, path):
    status, _, body = request(served[0], path)
    assert status in (403, 404), (path, status)
    assert SECRET not in body and b"dotfile" not in body


def test_safe_path_unit(tmp_path):
    assert safe_path(str(tmp_path), "/a/b.html?x=1#y") == os.path.join(os.path.realpath(tmp_path), "a", "b.html")
    assert safe_path(str(tmp_path), "/") == os.path.realpath(tmp_path)
    assert safe_path(str(tmp_path), "/a/../b") is None
    assert safe_path(str(tmp_path), "relative") is None


def test_parse_range_unit():
    assert parse_range(None, 10) is None
    assert parse_range("bytes=2-4", 10) == (2, 4)
    assert parse_range("bytes=-3", 10) == (7, 9)
    assert parse_range("bytes=-30", 10) == (0, 9)
    assert parse_range("bytes=10-", 10) == "unsatisfiable"
    assert parse_range("bytes=0-0", 0) == "unsatisfiable"


def test_other_methods_are_refused(served):
    status, headers, _ = request(served[0], "/", method="POST")
    assert status == 405 and headers["allow"] == "GET, HEAD"


def test_cli_kiosk_needs_a_built_site(tmp_path):
    result = CliRunner().invoke(cli, ["kiosk", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert "gongkai build --kiosk" in result.output


def test_cli_kiosk_help_and_build_flag():
    result = CliRunner().invoke(cli, ["kiosk", "--help"])
    assert result.exit_code == 0 and "127.0.0.1" in result.output and "--port" in result.output
    result = CliRunner().invoke(cli, ["build", "--help"])
    assert result.exit_code == 0 and "--kiosk" in result.output
