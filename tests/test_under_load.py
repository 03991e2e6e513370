"""The demo built twice while both cores are saturated by busy processes: the two trees are byte-identical and
the search works. This is the machine CI runs on when other jobs share it; a Pagefind bundle written
incompletely, or anything else that depends on timing, shows up here (core/search/verify.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.helpers import build_demo, differing_files, last_commit_epoch, pagefind_search

pytestmark = pytest.mark.load


def test_the_demo_builds_identically_and_searchably_with_both_cores_busy(tmp_path, serve):
    env = {**os.environ, "SOURCE_DATE_EPOCH": last_commit_epoch() or "1764633600", "GONGKAI_AS_OF": "2026-12-01"}
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(max(2, os.cpu_count() or 2))]
    try:
        build_demo(tmp_path / "a" / "site", env)
        build_demo(tmp_path / "b" / "site", env)
    finally:
        for process in busy:
            process.kill()
            process.wait()
    a, b = (tmp_path / "a" / "site").resolve(), (tmp_path / "b" / "site").resolve()
    assert differing_files(a, b) == []
    results = pagefind_search(serve(a), [{"q": "最低生活保障"}, {"q": "危房改造"}, {"q": "政府信息公开"}])
    assert all(results[q] for q in ("最低生活保障", "危房改造", "政府信息公开")), results
