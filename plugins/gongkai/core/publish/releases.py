"""Atomic publishing through a symlink swap (no MkDocs imports).

Layout, next to the published path ``site`` (an atomic symlink swap, as deploy tools do)::

    site                -> site.releases/20261128T104100123456Z-4242   (a relative symlink)
    site.releases/
        .building-…/                    a build in progress (removed if it fails)
        20261127T090000000000Z-4100/    an older release, kept for rollback
        20261128T104100123456Z-4242/    the published release

A build writes into ``site.releases/.building-<id>/``; only when the build and every check on its
result have passed is it renamed to ``site.releases/<id>/`` and published by creating a new symlink
under a temporary name and ``os.replace``-ing it onto ``site``: rename(2) is atomic, so a reader
sees either the old release or the new one, never a mixture. The last `KEEP` releases are kept: an older
one is renamed to ``.pruned-<id>`` at once, and its files are deleted on a background thread while the next
build renders (deleting a release of 20 000 pages takes as long as a one-item rebuild).

The first time, ``site`` may be a real directory (an older gongkai, or ``mkdocs build``): it is
moved into ``site.releases/`` as a release of its own just before the swap (the one moment when
``site`` is briefly absent), and is put back if the swap fails. Where symlinks are not available
(Windows without developer mode) the release directory is renamed onto ``site`` instead.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess

from ..base.processes import left_by_ended_processes, remove_trees

KEEP = 3
PRUNED = ".pruned-"  # a release beyond the last KEEP, being deleted (remove_pruned)


def releases_dir(site_dir: str) -> str:
    return os.path.abspath(site_dir).rstrip(os.sep) + ".releases"


def new_build_dir(site_dir: str) -> tuple[str, str]:
    """(build id, fresh empty directory to build into). The directories of builds that were killed (their process
    is gone, so they could not clean up) are removed first."""
    root = releases_dir(site_dir)
    os.makedirs(root, exist_ok=True)
    for path in left_by_ended_processes(root, ".building-", lambda name: name.rsplit("-", 1)[-1]):
        shutil.rmtree(path, ignore_errors=True)
    build_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ") + f"-{os.getpid()}"
    path = os.path.join(root, f".building-{build_id}")
    os.mkdir(path)
    return build_id, path


def discard(build_dir: str) -> None:
    shutil.rmtree(build_dir, ignore_errors=True)


def current_release(site_dir: str) -> str | None:
    """The release directory `site_dir` points to, or None."""
    if os.path.islink(site_dir):
        return os.path.realpath(site_dir)
    return None


def publish(build_dir: str, build_id: str, site_dir: str, keep: int = KEEP) -> str:
    """Make the checked build the published site; return the release directory."""
    site_dir = os.path.abspath(site_dir)
    root = releases_dir(site_dir)
    release = os.path.join(root, build_id)
    os.rename(build_dir, release)
    parent = os.path.dirname(site_dir)
    link_target = os.path.relpath(release, parent)
    tmp_link = os.path.join(parent, f".{os.path.basename(site_dir)}.swap-{build_id}")
    try:
        os.symlink(link_target, tmp_link, target_is_directory=True)
    except (OSError, NotImplementedError):
        _publish_by_rename(release, site_dir)
        return site_dir
    moved_aside = None
    if os.path.isdir(site_dir) and not os.path.islink(site_dir):
        stamp = dt.datetime.fromtimestamp(os.stat(site_dir).st_mtime, dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        moved_aside = os.path.join(root, f"{stamp}-previous")
        os.rename(site_dir, moved_aside)
    try:
        os.replace(tmp_link, site_dir)
    except OSError:
        if os.path.lexists(tmp_link):
            os.unlink(tmp_link)
        if moved_aside:
            os.rename(moved_aside, site_dir)
        raise
    prune(site_dir, keep)
    return release


def _publish_by_rename(release: str, site_dir: str) -> None:
    old = None
    if os.path.lexists(site_dir):
        old = site_dir + ".old-" + os.path.basename(release)
        os.rename(site_dir, old)
    os.rename(release, site_dir)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def releases(site_dir: str) -> list[str]:
    """Release ids, oldest first."""
    root = releases_dir(site_dir)
    if not os.path.isdir(root):
        return []
    return sorted(
        name for name in os.listdir(root) if not name.startswith(".") and os.path.isdir(os.path.join(root, name))
    )


def prune(site_dir: str, keep: int = KEEP) -> None:
    """Retire all but the newest `keep` releases (never the published one): each is renamed to .pruned-<id>,
    which `remove_pruned` deletes."""
    root = releases_dir(site_dir)
    current = current_release(site_dir)
    names = releases(site_dir)
    for name in names[:-keep] if keep else names:
        path = os.path.join(root, name)
        if current and os.path.realpath(path) == current:
            continue
        try:
            os.rename(path, os.path.join(root, PRUNED + name))
        except OSError:
            shutil.rmtree(path, ignore_errors=True)


def remove_pruned(site_dir: str) -> subprocess.Popen | None:
    """Delete the retired releases in a process of their own while this build renders (`remove_trees`: what it has
    not deleted when the build ends, it deletes on its own). Nothing reads them: they are no longer releases
    (`releases()` skips dot names)."""
    root = releases_dir(site_dir)
    try:
        retired = [os.path.join(root, n) for n in os.listdir(root) if n.startswith(PRUNED)]
    except OSError:
        return None
    return remove_trees(retired)


def rollback(site_dir: str, release_id: str | None = None) -> str:
    """Point `site_dir` at an earlier release (default: the one before the published one)."""
    names = releases(site_dir)
    current = current_release(site_dir)
    current_name = os.path.basename(current) if current else None
    if release_id is None:
        older = [n for n in names if current_name and n < current_name]
        if not older:
            raise ValueError("没有更早的版本可以回退")
        release_id = older[-1]
    if release_id not in names:
        raise ValueError(f"没有版本 {release_id}；现有：{'、'.join(names) or '（无）'}")
    parent = os.path.dirname(os.path.abspath(site_dir))
    target = os.path.relpath(os.path.join(releases_dir(site_dir), release_id), parent)
    tmp_link = os.path.join(parent, f".{os.path.basename(os.path.abspath(site_dir))}.swap-rollback")
    if os.path.lexists(tmp_link):
        os.unlink(tmp_link)
    os.symlink(target, tmp_link, target_is_directory=True)
    os.replace(tmp_link, os.path.abspath(site_dir))
    return release_id
