"""The 索引号 each content file had when git first recorded it (no MkDocs imports).

An index number, once published, never changes (printed notices cite it). Two git processes cover
the whole content directory, however many files there are:

1. ``git log --no-renames --diff-filter=A --name-only`` lists, per commit, the files it added; the
   oldest commit that added a path is where that path was first recorded (a moved file counts as
   added at its new path, since items must not move anyway);
2. ``git cat-file --batch`` reads those first versions in one stream.

Outside a git work tree, or without git, the result is empty and the check is skipped silently.
"""

from __future__ import annotations

import os
import re
import subprocess

_INDEX_LINE_RE = re.compile(rb"^index_no:[ \t]*(.*?)[ \t]*$", re.M)


def _git(args: list[str], cwd: str, stdin: bytes | None = None) -> bytes | None:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False)
    except OSError:
        return None
    return result.stdout if result.returncode == 0 else None


def first_index_numbers(content_dir: str) -> dict[str, tuple[str, str]]:
    """src_uri (relative to content_dir) -> (index_no as first committed, short commit id)."""
    prefix = _git(["rev-parse", "--show-prefix"], content_dir)
    if prefix is None:
        return {}
    prefix = prefix.decode("utf-8").strip()
    log = _git(
        [
            "-c",
            "core.quotePath=false",
            "log",
            "--no-renames",
            "--diff-filter=A",
            "--name-only",
            "--format=%x00%H",
            "--",
            ".",
        ],
        content_dir,
    )
    if not log:
        return {}
    first: dict[str, str] = {}  # repo path -> commit; log is newest first, so later entries win
    commit = None
    for line in log.decode("utf-8", errors="replace").split("\n"):
        if line.startswith("\x00"):
            commit = line[1:]
        elif line.endswith(".md") and commit:
            first[line] = commit
    if not first:
        return {}
    paths = [p for p in first if p.startswith(prefix)]
    request = "".join(f"{first[p]}:{p}\n" for p in paths).encode("utf-8")
    out = _git(["cat-file", "--batch"], content_dir, request)
    if out is None:
        return {}
    result: dict[str, tuple[str, str]] = {}
    pos = 0
    for path in paths:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue  # "missing"
        size = int(header[2])
        blob = out[pos : pos + size]
        pos += size + 1
        head = blob[:4096].replace(b"\r\n", b"\n")
        if not head.startswith(b"---"):
            continue
        m = _INDEX_LINE_RE.search(head.split(b"\n---", 1)[0])
        if m:
            value = m.group(1).decode("utf-8", errors="replace").strip().strip("'\"")
            result[path[len(prefix) :]] = (value, first[path][:7])
    return result


def is_git_work_tree(path: str) -> bool:
    return os.path.isdir(path) and _git(["rev-parse", "--is-inside-work-tree"], path) is not None
