"""`gongkai serve` (engine/serve.py, core/publish/preview.py): the live preview prints its address, rebuilds on a
save and the open page reloads by itself; a broken item shows a Chinese error page naming the file and line
(escaped), and the fix brings the page back; Ctrl+C stops it with no process left behind."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from gongkai.core.base.problems import Problem
from gongkai.core.publish.preview import PreviewState, error_page, inject_reload
from tests.helpers import ITEM_PATH, item_text

ITEM_URL = "county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun/"
BUILD_WAIT_MS = 180_000  # a failure guard for slow shared machines, never a timing assertion
ADDRESS_RE = re.compile(r"预览地址：(http://127\.0\.0\.1:\d+/)（Ctrl\+C 停止）")


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class Preview:
    """`gongkai serve -a 127.0.0.1:0` in `root`, its output read line by line, every helper process it starts noted."""

    def __init__(self, root):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gongkai", "serve", "-a", "127.0.0.1:0"],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=dict(os.environ, GONGKAI_AS_OF="2026-12-01"),
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        self.helpers: set[int] = set()
        self._stop = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._note_helpers, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.output.append(line)
            self.lines.put(line)

    def _note_helpers(self):
        while not self._stop.is_set() and self.proc.poll() is None:
            self.helpers |= _descendants(self.proc.pid)
            self._stop.wait(0.05)

    def address(self) -> str:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                assert self.proc.poll() is None, "".join(self.output)
                continue
            if m := ADDRESS_RE.search(line):
                return m.group(1)
        pytest.fail("gongkai serve printed no address:\n" + "".join(self.output))

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGINT)  # Ctrl+C
        try:
            return self.proc.wait(timeout=120)
        finally:
            self._stop.set()
            if self.proc.poll() is None:
                self.proc.kill()


def test_preview_follows_edits_and_shows_errors_as_a_page(make_site, new_page, tmp_path):
    root = make_site({ITEM_PATH: item_text()})
    item = root / ITEM_PATH
    preview = Preview(root)
    try:
        base = preview.address()
        page = new_page()
        page.goto(base + ITEM_URL)  # the 正在生成 page until the first build is done, then the item by itself
        expect(page.locator("h1").first).to_have_text("徽州区关于调整城乡最低生活保障标准的通知", timeout=BUILD_WAIT_MS)

        # A save: the open page shows the new text without being told to.
        item.write_text(item_text(title="徽州区关于调整城乡最低生活保障标准的通知（修订）"), encoding="utf-8")
        expect(page.locator("h1").first).to_have_text(
            "徽州区关于调整城乡最低生活保障标准的通知（修订）", timeout=BUILD_WAIT_MS
        )

        # Broken front matter: the error page in Chinese, naming the file and the line, instead of a hang.
        broken = item_text().replace("genre: 通知", "genre: 通知\ngenre: 公告")  # a duplicate key on line 10
        item.write_text(broken, encoding="utf-8")
        expect(page.locator("h1")).to_have_text("预览生成失败", timeout=BUILD_WAIT_MS)
        main = page.locator("main")
        expect(main).to_contain_text(ITEM_PATH)
        expect(main).to_contain_text("第 10 行")
        expect(main).to_contain_text("genre")
        expect(main).to_contain_text("改正并保存文件后，本页会自动刷新")

        # The same page on a phone: the file and the fix readable without sideways scrolling.
        phone = new_page(width=360, height=740, is_mobile=True)
        phone.goto(base + ITEM_URL)
        expect(phone.locator("main")).to_contain_text(ITEM_PATH)
        assert phone.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")

        # The fix: the item again, reloaded by itself (on both pages).
        item.write_text(item_text(title="徽州区关于调整城乡最低生活保障标准的通知（再次修订）"), encoding="utf-8")
        for p in (page, phone):
            expect(p.locator("h1").first).to_have_text(
                "徽州区关于调整城乡最低生活保障标准的通知（再次修订）", timeout=BUILD_WAIT_MS
            )
        # The built page is served as built, plus the one reload script.
        with urllib.request.urlopen(base + ITEM_URL) as response:
            html = response.read().decode("utf-8")
        assert html.count("/__gongkai__/reload.js") == 1
    finally:
        code = preview.stop()
    output = "".join(preview.output)
    assert code == 0, output
    assert "已停止预览" in output
    assert preview.helpers, "the builds started no helper process: nothing was checked"
    assert not [pid for pid in preview.helpers if _alive(pid)], output


def test_error_page_escapes_what_it_shows():
    problem = Problem(
        path="content/<script>x.md",
        line=3,
        code="FM-X",
        message="值 <img src=x onerror=alert(1)> 有误",
        fix="删去 & 重写",
        field="title<",
    )
    page = error_page("构建输出 <b>粗</b>", [problem], 7)
    assert "<script>x" not in page and "&lt;script&gt;x.md" in page
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>粗" not in page and "删去 &amp; 重写" in page and "title&lt;" in page
    assert "第 3 行" in page
    assert page.count('data-generation="7"') == 1


def test_reload_script_goes_before_the_last_body_end():
    assert inject_reload(b"<html><body><p>x</p></body></html>", 4) == (
        b'<html><body><p>x</p><script src="/__gongkai__/reload.js" data-generation="4"></script></body></html>'
    )
    assert inject_reload(b"<p>no body</p>", 1).endswith(b"</script>")


def test_a_long_poll_answers_when_a_build_finishes():
    state = PreviewState()
    answers = []
    waiter = threading.Thread(target=lambda: answers.append(state.wait("0", timeout=60)))
    waiter.start()
    state.finished("错误", [])
    waiter.join(60)
    assert answers == [1] and state.error == ("错误", ())
    assert state.wait("5", timeout=0) == 1  # a page from another generation: answered at once
    state.finished()
    assert state.error is None and state.generation == 2
