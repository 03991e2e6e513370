"""`gongkai serve` on MkDocs: a preview that rebuilds on every save and shows a failed build as a page.

Not MkDocs' own `serve` (its livereload server leaves the browser waiting on a failed build: "The server will
appear stuck until build errors are resolved", and prints nothing at start): a build here is `gongkai build`'s
(`core.pipeline.publish_site`: incremental, into a fresh release directory swapped in atomically) into the
preview's own site directory, `.cache/gongkai/preview/site` (git-ignored, never published; kept after the preview
stops, so the next `gongkai serve` starts with an incremental build too), and the pages are served by
core/publish/preview.py, which adds the reload script and the error page.

* watchdog watches content/ (docs_dir), catalogs/, mkdocs.yml and the theme's custom_dir; a burst of saves
  (an editor writes a file in several steps) becomes one build once nothing has changed for `QUIET_SECONDS`;
* a preview is never published: no release gate, no 办事一本通 PDF (`Settings.previewing`); it has its search
  index unless `search_in_serve: false`;
* Ctrl+C or SIGTERM stops the build under way (its Pagefind and worker processes with it: core/pipeline.py
  `Build.close`; its release directory is discarded), the watcher and the server; if that clean-up is not done
  within STOP_SECONDS, the preview is ended anyway and says where it was waiting.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from ..core.base.processes import stop_within
from ..core.pipeline import BuildFailed, publish_site
from ..core.publish.incremental import CACHE_DIR
from ..core.publish.preview import PreviewState, make_preview_server
from .build import MkDocsEngine
from .config import load_site, settings_of
from .logs import WarningCounter, chinese

STOP_SECONDS = 20  # after Ctrl+C the preview ends within this, even if a helper or thread does not let go
QUIET_SECONDS = 0.3  # a change starts a build once no other change has come for this long
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".part")  # editors' and downloads' scratch files


def rebuild(config_file: str, site_path: str, counter: WarningCounter) -> None:
    """One preview build into `site_path` (swapped in atomically); raises BuildFailed. The one place a preview
    builds: `gongkai build` of mkdocs.yml as it is now, incremental against the last preview (only what the
    change touches is rendered: core/publish/incremental.py), without the gate and the PDFs."""
    config = load_site(config_file, site_path)
    engine = MkDocsEngine(config, counter)
    engine.settings = dataclasses.replace(engine.settings, previewing=True)
    publish_site(engine, incremental=True)


def preview_dir(config_file: str) -> str:
    """The preview's published path: inside the project's build cache, apart from the real site."""
    return os.path.join(os.path.dirname(os.path.abspath(config_file)), CACHE_DIR, "preview", "site")


class _Changes(FileSystemEventHandler):
    """Collects file changes under the watched paths; `wait()` returns once they have settled."""

    def __init__(self, config_file: str):
        self.config_file = os.path.abspath(config_file)
        self.event = threading.Event()
        self.last = 0.0

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return  # read only
        paths = [os.fsdecode(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        if any(self._counts(p) for p in paths):
            self.last = time.monotonic()
            self.event.set()

    def _counts(self, path: str) -> bool:
        name = os.path.basename(path)
        if name.startswith((".#", "#")) or name.endswith(IGNORED_SUFFIXES):
            return False
        path = os.path.abspath(path)
        return os.path.dirname(path) != os.path.dirname(self.config_file) or path == self.config_file

    def wait(self) -> None:
        """Block until something changed and nothing more has changed for QUIET_SECONDS."""
        while not self.event.wait(0.5):  # short waits, so Ctrl+C is seen at once
            pass
        while time.monotonic() - self.last < QUIET_SECONDS:
            time.sleep(QUIET_SECONDS / 3)
        self.event.clear()


class _Collected(logging.Handler):
    """The warnings and errors of one build, for the error page (the console shows them too)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(chinese(record.getMessage()))


def _watched(config_file: str) -> list[tuple[str, bool]]:
    """(path, recursive) of what a preview watches: content/, catalogs/, the theme's custom_dir, mkdocs.yml."""
    config = load_site(config_file)
    settings = settings_of(config)
    paths = [(settings.docs_dir, True), (settings.catalogs_path, True)]
    if config.theme.custom_dir:
        paths.append((config.theme.custom_dir, True))
    paths.append((os.path.dirname(os.path.abspath(config_file)), False))  # mkdocs.yml itself (_Changes filters)
    return [(os.path.abspath(p), recursive) for p, recursive in paths if os.path.isdir(p)]


def _address(dev_addr: str) -> tuple[str, int]:
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise BuildFailed(f"预览地址 {dev_addr} 有误：应写成 主机:端口，例如 127.0.0.1:8000")
    return host.strip("[]"), int(port)


def serve(config_file: str, dev_addr: str, counter: WarningCounter, announce: Callable[[str], None]) -> None:
    """Serve the preview on `dev_addr` (port 0: any free port) until Ctrl+C or SIGTERM, rebuilding on every
    change; `announce` shows a line to the user. Raises BuildFailed when mkdocs.yml or the address is unusable."""
    host, port = _address(dev_addr)
    watched = _watched(config_file)  # a bad mkdocs.yml stops here, before anything starts
    site_path = preview_dir(config_file)
    os.makedirs(os.path.dirname(site_path), exist_ok=True)
    state = PreviewState()
    try:
        server = make_preview_server(site_path, host, port, state)
    except OSError as exc:
        reason = exc.strerror or exc
        raise BuildFailed(f"无法在 {host}:{port} 上提供预览：{reason}（换一个端口：-a 127.0.0.1:8001）") from None
    changes = _Changes(config_file)
    observer = Observer()
    for path, recursive in watched:
        observer.schedule(changes, path, recursive=recursive)
    threading.Thread(target=server.serve_forever, name="gongkai-preview", daemon=True).start()
    observer.start()
    try:
        shown_host = host if ":" not in host else f"[{host}]"
        announce(f"预览地址：http://{shown_host}:{server.server_address[1]}/（Ctrl+C 停止）")
        while True:
            _build_and_show(config_file, site_path, counter, state, announce)
            changes.wait()
            announce("检测到文件修改，重新生成……")
    except BaseException:  # Ctrl+C or SIGTERM: the clean-up below and Python's exit get STOP_SECONDS
        report = os.path.join(os.path.dirname(site_path), "stop-timeout.txt")
        stop_within(
            STOP_SECONDS,
            report,
            f"已停止预览（未能在 {STOP_SECONDS} 秒内正常结束，已强制结束；当时各线程的位置见 {report}）。",
        )
        raise
    finally:
        observer.stop()
        server.shutdown()
        server.server_close()
        observer.join()


def _build_and_show(
    config_file: str, site_path: str, counter: WarningCounter, state: PreviewState, announce: Callable[[str], None]
) -> None:
    counter.count = 0
    collected = _Collected()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collected)
    started = time.monotonic()
    try:
        rebuild(config_file, site_path, counter)
    except BuildFailed as exc:
        message = "\n".join(collected.lines + ([str(exc)] if str(exc) and not exc.shown else []))
        if not exc.shown:
            logger.error(str(exc))
        state.finished(message, exc.problems)
        announce("生成失败：浏览器里显示了原因；改正并保存后自动重新生成。")
    except Exception as exc:  # an engine or template error: shown as a page too, the preview keeps running
        traceback.print_exc(file=sys.stderr)
        state.finished("\n".join(collected.lines + [f"{type(exc).__name__}: {exc}"]))
        announce("生成失败（内部错误，详情见上方）：浏览器里显示了原因。")
    else:
        state.finished()
        announce(f"已生成预览，用时 {time.monotonic() - started:.1f} 秒；浏览器会自动刷新。")
    finally:
        logger.removeHandler(collected)
