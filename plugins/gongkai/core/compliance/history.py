"""回头看: compare catalog coverage and overdue counts with an earlier commit (no MkDocs imports).

The earlier tree's `content/` and `catalogs/` are extracted with ``git archive`` into a temporary
directory (removed afterwards, whatever happens), loaded with the current code, and judged at the
commit's own date (China time): "what did an inspector see then" against "what does one see now".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import shutil
import subprocess
import tarfile
import tempfile

from ..base.clock import today
from ..base.problems import ContentError
from ..base.workdays import HolidayCalendar
from ..sources.registry import load_registry
from .coverage import LATE, MISSING, PUBLISHED, compute_coverage
from .report import load_items


class HistoryError(Exception):
    pass


def _git(args: list[str], cwd: str) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as exc:
        raise HistoryError(f"无法运行 git：{exc}") from None
    if result.returncode != 0:
        raise HistoryError(result.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} 失败")
    return result.stdout


def _extract(project_root: str, sha: str, paths: list[str], target: str) -> None:
    """git archive SHA -- paths | tar -x -C target (in Python: no tar binary needed; no path escapes)."""
    data = _git(["archive", "--format=tar", sha, "--", *paths], project_root)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(target, filter="data")


def coverage_counts(registry, corpus, as_of: dt.date, unit_ids: list[str]) -> dict[str, dict[str, int]]:
    units = [registry.units[u] for u in unit_ids if u in registry.units]
    items = [i for i in corpus.items.values() if i.published.date() <= as_of]
    coverage = compute_coverage(registry, items, as_of, units=units)
    counts = {}
    for unit in units:
        c = coverage.unit_counts(unit)
        counts[unit.id] = {"published": c[PUBLISHED], "missing": c[MISSING], "overdue": c[LATE]}
    return counts


def compare_with(
    project_root: str,
    rev: str,
    content_rel: str,
    catalogs_rel: str,
    now_counts: dict[str, dict[str, int]],
    short_names: dict[str, str],
    calendar: HolidayCalendar,
) -> dict:
    """The history section of the report: per unit (then, now) for 已公开, 未公开 and 逾期 rows.

    Never raises for a bad revision or an unreadable old tree: the section carries ``error`` instead."""
    result: dict = {"rev": rev, "as_of": None, "error": None, "units": [], "totals": {}}
    tmp: str | None = None
    # The holiday calendar is a fact, not a property of the old tree: its catalogs/holidays.yml (perhaps older
    # or absent) must not replace the current one (`calendar`), which judges the old coverage too.
    try:
        sha = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], project_root).decode().strip()
        stamp = _git(["show", "-s", "--format=%ct", sha], project_root).decode().strip()
        as_of = today(stamp)
        result.update(rev=sha, as_of=as_of.isoformat())
        tmp = tempfile.mkdtemp(prefix="gongkai-since-")
        _extract(project_root, sha, [content_rel, catalogs_rel], tmp)
        registry = dataclasses.replace(load_registry(os.path.join(tmp, catalogs_rel), tmp), calendar=calendar)

        corpus, _ = load_items(os.path.join(tmp, content_rel), registry, tmp, as_of)
        then_counts = coverage_counts(registry, corpus, as_of, list(now_counts))
    except HistoryError as exc:
        result["error"] = f"无法读取版本 {rev}：{exc}"
        return result
    except ContentError as exc:
        result["error"] = f"版本 {rev} 的目录数据无法按当前规则读取：{exc.problems[0] if exc.problems else exc}"
        return result
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    totals = {k: {"then": 0, "now": 0} for k in ("published", "missing", "overdue")}
    for unit_id, now in now_counts.items():
        then = then_counts.get(unit_id, {"published": 0, "missing": 0, "overdue": 0})
        row = {"unit": unit_id, "short": short_names.get(unit_id, unit_id), "existed": unit_id in then_counts}
        for key in totals:
            row[key] = {"then": then[key], "now": now[key]}
            totals[key]["then"] += then[key]
            totals[key]["now"] += now[key]
        result["units"].append(row)
    result["totals"] = totals
    return result
