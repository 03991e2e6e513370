"""No process outlives its build: the worker process and Pagefind's services stop when a build fails, when it is
stopped with SIGTERM, and when it is killed with SIGKILL (then by themselves: core/base/processes.py).

Every process a build starts inherits its environment, so each build here runs with a tag in it; a process that
still carries the tag after the build has gone is one that outlived it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.helpers import REPO, item_text

TAG = "GONGKAI_TEST_PROCESS_TAG"


def _tagged(tag: str) -> dict[int, str]:
    """pid -> command line of every process whose environment carries `tag`."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if f"{TAG}={tag}".encode() in (entry / "environ").read_bytes().split(b"\0"):
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return found


def _wait_until(condition, seconds: float) -> bool:
    """Poll `condition` until it holds or `seconds` pass (a bound for a slow machine, not a timing claim)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def _start_build(tmp_path: Path, tag: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, TAG: tag, "CI": "true"}
    return subprocess.Popen(
        [sys.executable, "-m", "gongkai", "build", "-q", "-d", str(tmp_path / "site"), *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")


def test_a_failing_build_leaves_no_process_behind(make_site, tmp_path):
    root = make_site({"content/county/huizhou/shehui-jiuzhu/2024/a.md": item_text(written="2024-02-30")}, search=True)
    tag = uuid.uuid4().hex
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "build", "-q"],
        cwd=root,
        env={**os.environ, TAG: tag},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1 and "成文日期“2024-02-30”不是真实存在的日期" in result.stderr
    assert _wait_until(lambda: not _tagged(tag), 30), _tagged(tag)


def test_the_command_ends_without_tearing_down_yet_says_everything(make_site, tmp_path):
    """`gongkai` ends its process at once when the command is done (cli/__init__.py main: no freeing of a large
    build's objects), after the output to a pipe is flushed, and with the command's exit status."""
    root = make_site({"content/county/huizhou/shehui-jiuzhu/2024/a.md": item_text()}, search=True)
    tag = uuid.uuid4().hex
    built = subprocess.run(
        [sys.executable, "-m", "gongkai", "build", "-d", str(tmp_path / "site")],
        cwd=root,
        env={**os.environ, TAG: tag},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    assert built.stderr.splitlines()[-1].startswith("已发布网站："), built.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    assert _wait_until(lambda: not _tagged(tag), 30), _tagged(tag)
    usage = subprocess.run(
        [sys.executable, "-m", "gongkai", "build", "--no-such-option"], cwd=root, capture_output=True, text=True
    )
    assert usage.returncode == 2 and "--no-such-option" in usage.stderr


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_build_stopped_while_pagefind_writes_leaves_no_process_behind(tmp_path, signum):
    """The demo is stopped once its worker process and a Pagefind service are both running (Pagefind writes
    its bundle while pages render); afterwards no process of that build may remain, and nothing is published."""
    tag = uuid.uuid4().hex
    build = _start_build(tmp_path, tag)
    try:
        started = _wait_until(
            lambda: (
                build.poll() is None
                and any("pagefind" in cmd for cmd in _tagged(tag).values())
                and len(_tagged(tag)) >= 3
            ),  # the build, its worker, a Pagefind service
            240,
        )
        assert started, f"the build ended before Pagefind started: {build.poll()} {build.stderr.read()!r}"
        helpers = {pid: cmd for pid, cmd in _tagged(tag).items() if pid != build.pid}
        build.send_signal(signum)
        build.wait(timeout=120)
        assert _wait_until(lambda: not _tagged(tag), 60), f"left running: {_tagged(tag)} (helpers were {helpers})"
    finally:
        if build.poll() is None:
            build.kill()
        for pid in _tagged(tag):
            os.kill(pid, signal.SIGKILL)
    assert not (tmp_path / "site").exists()  # never published
    if signum == signal.SIGTERM:  # a build that could clean up removed its release directory too
        assert not list((tmp_path / "site.releases").glob(".building-*"))


_INTERRUPTED_START = """
import concurrent.futures.process as cfp
from gongkai.core.base.processes import start_pool

spawn = cfp.ProcessPoolExecutor._spawn_process
def spawn_then_interrupt(pool):  # Ctrl+C just after the fork, before the pool's bookkeeping
    spawn(pool)
    raise KeyboardInterrupt
cfp.ProcessPoolExecutor._spawn_process = spawn_then_interrupt
try:
    start_pool(1)
except KeyboardInterrupt:
    print("interrupted")
"""


def test_ctrl_c_while_the_worker_starts_leaves_no_process_and_no_hang():
    """A Ctrl+C in the moment the worker process is forked: the pool does not know the process yet, and Python's exit
    waits for every child, so the preview hung on its way out (seen once in CI, under load). start_pool ends it."""
    tag = uuid.uuid4().hex
    result = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED_START],
        env={**os.environ, TAG: tag},
        capture_output=True,
        text=True,
        timeout=120,  # a guard: without start_pool's clean-up the exit waits for the child forever
    )
    assert result.returncode == 0 and result.stdout.strip() == "interrupted", result.stderr
    assert _wait_until(lambda: not _tagged(tag), 30), _tagged(tag)


_STUCK_AFTER_CTRL_C = """
import sys, threading
from gongkai.core.base.processes import start_pool, stop_within

pool = start_pool(1)  # a helper, as a preview's build has
stop_within(1, sys.argv[1], "已停止预览（强制结束）。")
threading.Event().wait()  # a clean-up that never ends
"""


def test_a_stopping_process_ends_within_its_deadline_and_says_where_it_waited(tmp_path):
    """gongkai serve after Ctrl+C: whatever its clean-up waits for, it ends, its helpers with it, and it leaves a
    report of where each thread stood (engine/serve.py STOP_SECONDS)."""
    tag = uuid.uuid4().hex
    report = tmp_path / "stop-timeout.txt"
    result = subprocess.run(
        [sys.executable, "-c", _STUCK_AFTER_CTRL_C, str(report)],
        env={**os.environ, TAG: tag},
        capture_output=True,
        text=True,
        timeout=120,  # a guard: without the deadline the process would wait forever
    )
    assert result.returncode == 0 and "已停止预览（强制结束）。" in result.stderr, result.stderr
    assert "Thread" in report.read_text(encoding="utf-8") and "<string>" in report.read_text(encoding="utf-8")
    assert _wait_until(lambda: not _tagged(tag), 30), _tagged(tag)
