"""A small static file server for the kiosk build, on 127.0.0.1 only (`gongkai kiosk`; no MkDocs imports).

Pagefind needs a web server (its JS modules and WebAssembly do not load from file://), and a
service-hall terminal has no network, so the kiosk browser talks to this server over loopback:

* GET and HEAD only; the right Content-Type for Pagefind's files (wasm, pf_* chunks, js, json) and the site's;
* single byte ranges (206 + Content-Range; 416 when the range cannot be satisfied);
* a directory is served by its index.html (redirected to the slash form first); never a listing;
* no path traversal: the decoded path may not contain `..`, backslashes, NUL or hidden segments, and the
  real path of the file (symlinks resolved) must lie inside the real path of the site directory, which is
  resolved on every request, so an atomic `site -> site.releases/<id>` swap is picked up without a restart;
* ETag / Last-Modified with 304s; HTML and unhashed files revalidate (no-cache), Pagefind's content-hashed
  chunks are immutable;
* missing files get the site's own 404.html (so the kiosk never shows a browser error page).
"""

from __future__ import annotations

import email.utils
import errno
import mimetypes
import os
import re
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, unquote, urlsplit

HOST = "127.0.0.1"

MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".wasm": "application/wasm",
    ".pagefind": "application/wasm",  # wasm.<lang>.pagefind: Pagefind's (gzipped) WebAssembly
    ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".gz": "application/gzip",
    ".csv": "text/csv; charset=utf-8",
    ".pdf": "application/pdf",
    ".ofd": "application/ofd",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
IMMUTABLE = {".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter"}  # Pagefind names these by content hash
_RANGE_RE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.I)
CHUNK = 64 * 1024


def content_type(path: str) -> str:
    ext = os.path.splitext(path)[1].lower()
    if ext in MIME_TYPES:
        return MIME_TYPES[ext]
    guessed, _ = mimetypes.guess_type(path)
    return guessed or "application/octet-stream"


def parse_range(header: str | None, size: int) -> tuple[int, int] | None | str:
    """(first, last) inclusive for a satisfiable single byte range; None to serve the whole file
    (no header, another unit, or several ranges); "unsatisfiable" for a 416."""
    if not header:
        return None
    if "," in header or not header.strip().lower().startswith("bytes"):
        return None  # multipart ranges are optional (RFC 9110 §14.2): send the whole representation
    m = _RANGE_RE.match(header)
    if not m or (m.group(1) == "" and m.group(2) == ""):
        return "unsatisfiable"
    first, last = m.group(1), m.group(2)
    if first == "":  # suffix: the last N bytes
        n = int(last)
        if n == 0 or size == 0:
            return "unsatisfiable"
        return max(0, size - n), size - 1
    start = int(first)
    end = size - 1 if last == "" else min(int(last), size - 1)
    if start >= size or (last != "" and int(last) < start):
        return "unsatisfiable"
    return start, end


def safe_path(root: str, url_path: str) -> str | None:
    """The file system path under `root` for a request path, or None if the request must be refused."""
    if url_path.startswith(("http://", "https://")):  # absolute-form request target
        url_path = urlsplit(url_path).path or "/"
    path = unquote(url_path.split("?", 1)[0].split("#", 1)[0], errors="strict")
    if "\x00" in path or "\\" in path or not path.startswith("/"):
        return None
    parts = [p for p in path.split("/") if p]
    if any(p in (".", "..") or p.startswith(".") for p in parts):
        return None
    real_root = os.path.realpath(root)
    candidate = os.path.realpath(os.path.join(real_root, *parts))
    if candidate != real_root and not candidate.startswith(real_root + os.sep):
        return None  # a symlink out of the site
    return candidate


class KioskRequestHandler(BaseHTTPRequestHandler):
    server_version = "gongkai-kiosk"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    root: str = "."
    quiet: bool = True

    def do_GET(self):
        self._serve(send_body=True)

    def do_HEAD(self):
        self._serve(send_body=False)

    def _method_not_allowed(self):
        self._plain(HTTPStatus.METHOD_NOT_ALLOWED, "只支持 GET 和 HEAD\n", {"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _method_not_allowed

    def log_message(self, format, *args):
        if not self.quiet:
            super().log_message(format, *args)

    # ---------------------------------------------------------------------------------------------

    def _serve(self, send_body: bool):
        try:
            path = safe_path(self.root, self.path)
        except UnicodeDecodeError:
            path = None
        if path is None:
            return self._plain(HTTPStatus.FORBIDDEN, "禁止访问\n", send_body=send_body)
        if os.path.isdir(path):
            bare, _, query = self.path.partition("?")
            if not bare.endswith("/"):  # rebuilt from clean segments: "//host" must not become a redirect off-site
                segments = [quote(p) for p in unquote(urlsplit(bare).path if "://" in bare else bare).split("/") if p]
                location = "/" + "".join(p + "/" for p in segments) + (f"?{query}" if query else "")
                return self._plain(HTTPStatus.MOVED_PERMANENTLY, "", {"Location": location}, send_body=send_body)
            path = os.path.join(path, "index.html")
            if not os.path.isfile(path):
                return self._not_found(send_body)  # a directory without index.html: never a listing
        if not os.path.isfile(path):
            return self._not_found(send_body)
        self._send_file(path, send_body)

    def _send_file(self, path: str, send_body: bool, status: int = HTTPStatus.OK):
        try:
            fh = open(path, "rb")
        except OSError:
            return self._not_found(send_body)
        with fh:
            stat = os.fstat(fh.fileno())
            size = stat.st_size
            etag = f'"{stat.st_mtime_ns:x}-{size:x}"'
            headers = {
                "Content-Type": content_type(path),
                "Last-Modified": email.utils.formatdate(stat.st_mtime, usegmt=True),
                "ETag": etag,
                "Accept-Ranges": "bytes",
                "Cache-Control": (
                    "public, max-age=31536000, immutable" if os.path.splitext(path)[1] in IMMUTABLE else "no-cache"
                ),
                "X-Content-Type-Options": "nosniff",
            }
            if status == HTTPStatus.OK and self._not_modified(etag, stat.st_mtime):
                return self._plain(
                    HTTPStatus.NOT_MODIFIED,
                    "",
                    {k: headers[k] for k in ("ETag", "Last-Modified", "Cache-Control")},
                    send_body=False,
                )
            first, last = 0, size - 1
            wanted = parse_range(self.headers.get("Range"), size) if status == HTTPStatus.OK else None
            if wanted is not None and self.headers.get("If-Range") not in (None, etag):
                wanted = None  # the file changed since the client's partial copy
            if wanted == "unsatisfiable":
                return self._plain(
                    HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
                    "",
                    {"Content-Range": f"bytes */{size}"},
                    send_body=send_body,
                )
            if wanted is not None:
                first, last = wanted
                status = HTTPStatus.PARTIAL_CONTENT
                headers["Content-Range"] = f"bytes {first}-{last}/{size}"
            length = max(0, last - first + 1)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(length))
            self.end_headers()
            if send_body and length:
                fh.seek(first)
                self._copy(fh, length)

    def _copy(self, fh, length: int):
        try:
            while length > 0:
                chunk = fh.read(min(CHUNK, length))
                if not chunk:
                    break
                self.wfile.write(chunk)
                length -= len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _not_modified(self, etag: str, mtime: float) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                return int(mtime) <= email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError, OverflowError):
                return False
        return False

    def _not_found(self, send_body: bool):
        page = os.path.join(os.path.realpath(self.root), "404.html")
        if os.path.isfile(page):
            return self._send_file(page, send_body, status=HTTPStatus.NOT_FOUND)
        self._plain(HTTPStatus.NOT_FOUND, "找不到该页面\n", send_body=send_body)

    def _plain(self, status, text: str, headers: dict | None = None, send_body: bool = True):
        body = text.encode("utf-8")
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status != HTTPStatus.NOT_MODIFIED:
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", headers.get("Cache-Control", "no-store") if headers else "no-store")
        self.end_headers()
        if send_body and body:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True


class KioskServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)) or getattr(exc, "errno", None) in (
            errno.EPIPE,
            errno.ECONNRESET,
        ):
            return  # the browser went away mid-response: not worth a traceback
        super().handle_error(request, client_address)


def make_server(site_dir: str, port: int = 8080, quiet: bool = True) -> KioskServer:
    """A server for `site_dir` on 127.0.0.1:`port` (0: any free port), not yet serving."""
    handler = type("Handler", (KioskRequestHandler,), {"root": os.path.abspath(site_dir), "quiet": quiet})
    return KioskServer((HOST, port), handler)


def serve_in_thread(site_dir: str, port: int = 0) -> tuple[KioskServer, str]:
    """Start a server in a daemon thread; return it and its base URL (for tests and embedding)."""
    server = make_server(site_dir, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{HOST}:{server.server_address[1]}/"


def main(argv: list[str] | None = None) -> None:
    """``python -m gongkai.core.publish.kiosk_server [SITE_DIR] [PORT]``: serve a built site on 127.0.0.1
    (`make site`), with its 404.html and status 404 for missing pages, as the kiosk does."""
    args = sys.argv[1:] if argv is None else argv
    site_dir, port = (args + ["site"])[0], int((args[1:] + ["8000"])[0])
    server = make_server(site_dir, port)
    print(f"网站：http://{HOST}:{server.server_address[1]}/ （{os.path.abspath(site_dir)}；Ctrl+C 停止）", flush=True)
    serve_until_interrupted(server)


def serve_until_interrupted(server) -> None:
    """Serve in this thread until Ctrl+C, then close the socket (`gongkai kiosk` and `make site`)."""
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
