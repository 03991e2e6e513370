"""The change history of published items (更新记录) and the rule that a correction says what changed (no MkDocs
imports).

The git history of an item's file is its audit trail. `resolve_changes` reads it once per build
(core/sources/githistory.py) and, for each item:

* takes as *published* the version committed last before the end of the grace period (``change_grace_days``
  after 发布日期, default 1) or before ``changes_since`` (the day the site went live on gongkai: what was committed
  before it is the move of old content, not a correction), else the version that added the file;
* lists every later commit as a published change (newest first, one entry a day) with the staff's
  ``change_note`` (a sentence for the latest change, or dated entries: docs/content-model.md) and sets
  ``Item.updated``, which the page (partials/changes.html), the Atom feeds and the sitemap show;
* reports ``ITEM-CHANGE-NOTE`` when the body changed after the grace period (in a commit or in the working copy,
  so `gongkai check` catches it before the commit) and the change did not come with a new or changed
  ``change_note``. Corrections of a published notice are what the public most needs to see (条例 第六条:
  发布的政府信息应当准确; a silent edit of a published text leaves no trace on the page).

Why a grace period: staff often spot a typo within hours of publishing; changes on the day of publication (and the
next) are part of publishing it, not corrections, and feeds and portals have mostly not yet harvested the item.

Without usable history (no git, not a work tree, a shallow clone) nothing is known: pages show only the dated
notes staff wrote, nothing is required, and a shallow clone says so (提示) so that CI can fetch the full history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..base import clock
from ..base.problems import ERROR, INFO, Problem
from ..model.entities import Change, Item
from ..sources.githistory import History, Revision, content_history, normalise_body

DEFAULT_GRACE_DAYS = 1


def resolve_changes(
    items: Iterable[Item],
    content_dir: str,
    rel_content: str,
    grace_days: int = DEFAULT_GRACE_DAYS,
    since: dt.date | None = None,
    history: History | None = None,
    now: dt.datetime | None = None,
) -> list[Problem]:
    """Set every item's `changes` and `updated` from git and return the ITEM-CHANGE-NOTE problems. `now`: when
    the working copy's edits are made (default the clock): within the grace period they need no note either."""
    history = history if history is not None else content_history(content_dir)
    now = now or clock.now()
    problems: list[Problem] = []
    if history.shallow:
        problems.append(
            Problem(
                rel_content,
                None,
                "GIT-SHALLOW",
                "当前是浅克隆（git clone --depth），看不到完整提交历史：本次不显示更新记录，也不检查更新说明",
                "在 CI 中取完整历史（例如 git fetch --unshallow，或 actions/checkout 的 fetch-depth: 0）",
                severity=INFO,
            )
        )
    for item in items:
        revisions = history.revisions.get(item.src_uri, [])
        cutoff = _cutoff(item, grace_days, since)
        published = max((i for i, rev in enumerate(revisions) if rev.time <= cutoff), default=0)
        later = revisions[published + 1 :] if revisions else []
        item.changes = _entries(later, item)
        item.updated = later[-1].time if later else None
        if item.updated is None and item.changes:  # dated notes without (usable) history
            item.updated = dt.datetime.combine(item.changes[0].date, dt.time())
        dirty = item.src_uri in history.dirty and now > cutoff
        if revisions and (problem := _missing_note(item, revisions, published, dirty)):
            problems.append(problem)
    return problems


def _cutoff(item: Item, grace_days: int, since: dt.date | None) -> dt.datetime:
    """The end of the grace period (or `since`, if later): the version the public saw as published is the last one
    committed by then, else the first."""
    cutoff = item.published + dt.timedelta(days=grace_days)
    return max(cutoff, dt.datetime.combine(since, dt.time())) if since else cutoff


def _entries(later: list[Revision], item: Item) -> list[Change]:
    """One entry a day, newest first: dated notes on their days; a single note on the day of the commit that
    wrote it (the latest change when it is not committed yet)."""
    notes = {c.date: c.note for c in item.dated_notes}
    days = sorted({rev.time.date() for rev in later} | set(notes), reverse=True)
    if item.change_note and days:
        day = days[0]
        for i, rev in enumerate(later):
            if _note_key(rev.change_note) == item.change_note and (
                i == 0 or _note_key(later[i - 1].change_note) != item.change_note
            ):
                day = rev.time.date()
        notes.setdefault(day, item.change_note)
    return [Change(day, notes.get(day)) for day in days]


def _missing_note(item: Item, revisions: list[Revision], published: int, dirty: bool) -> Problem | None:
    """ITEM-CHANGE-NOTE when the latest body change after the published version came without a new change_note."""
    versions = [(rev.body, _note_key(rev.change_note)) for rev in revisions]
    if dirty:  # the working copy: what `gongkai check` sees before the commit
        versions.append((normalise_body(item.body), _current_note(item)))
    latest = None
    for i in range(published + 1, len(versions)):
        if versions[i][0] != versions[i - 1][0]:
            latest = i
    if latest is None:
        return None
    before = versions[latest - 1][1]
    note = _current_note(item)
    if note is not None and note != before:
        return None
    shown = item.published.date().isoformat()
    return Problem(
        item.path,
        item.lines.get("change_note") or item.lines.get("published"),
        "ITEM-CHANGE-NOTE",
        f"本条目 {shown} 发布后正文有改动，但没有写明改了什么"
        + ("（change_note 还是上次的说明）" if note is not None else ""),
        "在前言中加一行 change_note: 说明这次更正或更新的内容（例如 更正第二条中的补助标准），"
        "或写成列表 - date: 日期 换行 note: 说明；公众会在页面的更新记录中看到",
        "change_note",
        ERROR,
    )


def _current_note(item: Item) -> object:
    if item.change_note:
        return item.change_note
    if item.dated_notes:
        return tuple(sorted((c.date.isoformat(), c.note or "") for c in item.dated_notes))
    return None


def _note_key(raw: object) -> object:
    """A change_note as written in an old version, in the form `_current_note` gives (for comparison)."""
    if isinstance(raw, str):
        return raw.strip() or None
    if isinstance(raw, list):
        return (
            tuple(
                sorted(
                    (str(e.get("date", "")).strip(), str(e.get("note", "")).strip()) for e in raw if isinstance(e, dict)
                )
            )
            or None
        )
    return None
