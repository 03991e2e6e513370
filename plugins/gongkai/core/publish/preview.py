"""The live preview's web server (`gongkai serve`; no MkDocs imports): the last good build, a build error as a page,
and a reload when the next build is done.

* It serves the preview's published path with the kiosk server's handler (kiosk_server.py: safe paths, MIME types
  for Pagefind, the site's 404 page). The path is a symlink that each build swaps atomically
  (publish/releases.py), so a page is never read from a half-written build.
* Every HTML page it sends gets one `<script src="/__gongkai__/reload.js">` before `</body>`; the built files are
  not changed, so a preview page is the published page plus that line. The script long-polls
  `/__gongkai__/wait?v=<generation>` and reloads the page when a build has finished since the page was sent.
* While the last build failed, every HTML request gets the error page instead (HTTP 500): each problem's file,
  line, field, message and fix in Chinese, every string escaped. After the fix the next build succeeds, the
  generation moves on and the page reloads by itself. Before the first build has finished, a short 正在生成 page.
* The `/__gongkai__/` paths exist only here: nothing in a built site refers to them.
"""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Sequence
from http import HTTPStatus
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from ..base.problems import Problem, errors_only
from .kiosk_server import KioskRequestHandler, KioskServer

PREFIX = "/__gongkai__/"
WAIT_SECONDS = 25.0  # a long poll answers after this long at the latest (the script then asks again)

RELOAD_JS = """\
(function () {
  var me = document.currentScript, seen = me.getAttribute("data-generation");
  function wait() {
    fetch("/__gongkai__/wait?v=" + encodeURIComponent(seen), {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (d) { if (String(d.generation) !== seen) { location.reload(); } else { wait(); } })
      .catch(function () { setTimeout(wait, 1000); });  // the preview was stopped or restarted: keep asking
  }
  wait();
})();
"""

_PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font: 18px/1.7 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1a1a1a;
  overflow-wrap: anywhere; }}
dd {{ margin-left: 1rem; }}
ol {{ padding-left: 1.5rem; }}
h1 {{ font-size: 1.5rem; color: {colour}; }}
li {{ margin: 0 0 1rem; }}
code, pre {{ font: 16px/1.5 monospace; background: #f4f4f4; }}
pre {{ padding: .75rem; white-space: pre-wrap; overflow-wrap: anywhere; }}
dt {{ font-weight: bold; }}
</style>
</head>
<body>
<main>
<h1>{title}</h1>
{body}
</main>
<script src="{prefix}reload.js" data-generation="{generation}"></script>
</body>
</html>
"""


class PreviewState:
    """What the preview shows: the generation (one more after every finished build) and the last build's error."""

    def __init__(self):
        self._changed = threading.Condition()
        self.generation = 0  # 0: no build has finished yet
        self.error: tuple[str, tuple[Problem, ...]] | None = None  # (message, problems) of the last build
        self.stopping = False

    def finished(self, error: str | None = None, problems: Sequence[Problem] = ()) -> None:
        """A build has finished (with `error` when it failed): pages still showing the previous one reload."""
        with self._changed:
            self.error = None if error is None else (error, tuple(problems))
            self.generation += 1
            self._changed.notify_all()

    def wait(self, seen: str, timeout: float = WAIT_SECONDS) -> int:
        """The generation, once it differs from `seen` (a page's) or `timeout` seconds have passed."""
        with self._changed:
            self._changed.wait_for(lambda: self.stopping or str(self.generation) != seen, timeout)
            return self.generation

    def stop(self) -> None:
        """Wake every long poll (the preview is stopping)."""
        with self._changed:
            self.stopping = True
            self._changed.notify_all()


def reload_tag(generation: int) -> str:
    return f'<script src="{PREFIX}reload.js" data-generation="{generation}"></script>'


def inject_reload(page: bytes, generation: int) -> bytes:
    """The page with the reload script before its last `</body>` (or at its end)."""
    tag = reload_tag(generation).encode("utf-8")
    at = page.rfind(b"</body>")
    return page[:at] + tag + page[at:] if at >= 0 else page + tag


def error_page(message: str, problems: Sequence[Problem], generation: int) -> str:
    """The build error as a page: each problem's file, line, field, message and fix, then the whole report."""
    esc = html.escape
    items = []
    for p in errors_only(problems) or problems:
        where = f"第 {p.line} 行" if p.line else "整个文件"
        field = f"<dt>字段</dt><dd><code>{esc(p.field)}</code></dd>" if p.field else ""
        items.append(
            f"<li><dl><dt>文件</dt><dd><code>{esc(p.path)}</code>（{where}）</dd>{field}"
            f"<dt>问题</dt><dd>{esc(p.message)}</dd><dt>修改方法</dt><dd>{esc(p.fix)}</dd></dl></li>"
        )
    listed = f"<ol>{''.join(items)}</ol>" if items else ""
    body = (
        "<p>网站没有重新生成，下面是原因。改正并保存文件后，本页会自动刷新。</p>"
        f"{listed}<h2>构建输出</h2><pre>{esc(message) or '（没有更多信息，见运行 gongkai serve 的终端）'}</pre>"
    )
    return _PAGE.format(title="预览生成失败", colour="#b00020", body=body, prefix=PREFIX, generation=generation)


def waiting_page(generation: int) -> str:
    body = "<p>正在生成网站预览，完成后本页会自动显示。</p>"
    return _PAGE.format(title="正在生成预览……", colour="#1a1a1a", body=body, prefix=PREFIX, generation=generation)


class PreviewRequestHandler(KioskRequestHandler):
    server_version = "gongkai-preview"
    state: PreviewState

    def _serve(self, send_body: bool):
        url_path = urlsplit(self.path).path
        if url_path == PREFIX + "reload.js":
            return self._send_bytes(HTTPStatus.OK, RELOAD_JS.encode("utf-8"), "text/javascript", send_body)
        if url_path == PREFIX + "wait":
            seen = parse_qs(urlsplit(self.path).query).get("v", [""])[0]
            generation = self.state.wait(seen)
            body = json.dumps({"generation": generation, "failed": self.state.error is not None}).encode()
            return self._send_bytes(HTTPStatus.OK, body, "application/json", send_body)
        if self._wants_page(url_path):
            state = self.state
            generation, error = state.generation, state.error
            if error is not None:
                page = error_page(error[0], error[1], generation)
                return self._send_bytes(HTTPStatus.INTERNAL_SERVER_ERROR, page.encode(), "text/html", send_body)
            if generation == 0:
                page = waiting_page(generation)
                return self._send_bytes(HTTPStatus.SERVICE_UNAVAILABLE, page.encode(), "text/html", send_body)
        super()._serve(send_body)

    def _wants_page(self, url_path: str) -> bool:
        """A request for an HTML page (a directory, a .html file or a path that is not there)."""
        return url_path.endswith(("/", ".html", ".htm")) or "." not in url_path.rsplit("/", 1)[-1]

    def _send_file(self, path: str, send_body: bool, status: int = HTTPStatus.OK):
        if not path.endswith((".html", ".htm")):
            return super()._send_file(path, send_body, status)
        try:
            with open(path, "rb") as fh:
                page = fh.read()
        except OSError:
            return super()._send_file(path, send_body, status)  # its 404
        self._send_bytes(status, inject_reload(page, self.state.generation), "text/html", send_body)

    def _send_bytes(self, status: int, body: bytes, mime: str, send_body: bool):
        self.send_response(status)
        self.send_header("Content-Type", f"{mime}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if send_body:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True


class PreviewServer(KioskServer):
    def server_close(self):
        self.RequestHandlerClass.state.stop()
        super().server_close()


def make_preview_server(site_path: str, host: str, port: int, state: PreviewState) -> ThreadingHTTPServer:
    """A server for the preview's published path `site_path` on host:port (0: any free port), not yet serving."""
    handler = type("Handler", (PreviewRequestHandler,), {"root": site_path, "quiet": True, "state": state})
    return PreviewServer((host, port), handler)
