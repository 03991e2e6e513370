"""The demo built twice while both cores are saturated by busy processes: the two trees are byte-identical and
the search works. This is the machine CI runs on when other jobs share it; a Pagefind bundle written
incompletely, or anything else that depends on timing, shows up here (core/search/verify.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.helpers import REPO, differing_files, pagefind_search

pytestmark = pytest.mark.load


def _build(site_dir, env) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "build", "-q", "-d", str(site_dir)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,  # a bound for a very slow machine, not a claim about speed
    )
    assert result.returncode == 0, result.stderr


def test_the_demo_builds_identically_and_searchably_with_both_cores_busy(tmp_path, serve):
    epoch = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch or "1764633600", "GONGKAI_AS_OF": "2026-12-01", "CI": "true"}
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(max(2, os.cpu_count() or 2))]
    try:
        _build(tmp_path / "a" / "site", env)
        _build(tmp_path / "b" / "site", env)
    finally:
        for process in busy:
            process.kill()
            process.wait()
    a, b = (tmp_path / "a" / "site").resolve(), (tmp_path / "b" / "site").resolve()
    assert differing_files(a, b) == []
    results = pagefind_search(serve(a), [{"q": "最低生活保障"}, {"q": "危房改造"}, {"q": "政府信息公开"}])
    assert all(results[q] for q in ("最低生活保障", "危房改造", "政府信息公开")), results
