"""What git knows about content files (no MkDocs imports): the 索引号 each file had when git first recorded it,
and every committed version of each file (the change history, 更新记录, read by core/checks/changes.py).

An index number, once published, never changes (printed notices cite it). Two git processes cover
the whole content directory, however many files there are:

1. ``git log --no-renames --diff-filter=A --name-only`` lists, per commit, the files it added; the
   oldest commit that added a path is where that path was first recorded (a moved file counts as
   added at its new path, since items must not move anyway);
2. ``git cat-file --batch`` reads those first versions in one stream.

Outside a git work tree, or without git, the result is empty and the check is skipped silently.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import subprocess

from ..base.frontmatter import read_bytes

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


# --- change history (更新记录) ---------------------------------------------------------------------------

CHINA = dt.timezone(dt.timedelta(hours=8))


@dataclasses.dataclass(frozen=True)
class Revision:
    """One committed version of a content file: when it was committed (China time, naive, like 发布日期), its body
    (front matter stripped, line ends normalised) and its front matter's ``change_note`` as written."""

    commit: str
    time: dt.datetime
    body: str
    change_note: object = None


@dataclasses.dataclass
class History:
    """The committed versions of every content file (oldest first, since the file was last added) and the files
    whose working copy differs from HEAD. `usable` is False outside a git work tree, without git, and in a
    shallow clone (its oldest commit would look like the day every file was added): then nothing is known."""

    usable: bool
    shallow: bool = False
    revisions: dict[str, list[Revision]] = dataclasses.field(default_factory=dict)  # src_uri -> versions
    dirty: set[str] = dataclasses.field(default_factory=set)  # src_uri whose working copy differs from HEAD


def _body_and_note(blob: bytes) -> tuple[str, object]:
    fm, _problems = read_bytes(blob, "", partial=True)
    if fm is None:
        return blob.decode("utf-8", errors="replace").replace("\r\n", "\n").strip(), None
    return normalise_body(fm.body), fm.data.get("change_note")


def normalise_body(body: str) -> str:
    """A body as compared across versions: line ends and trailing spaces do not count as a change."""
    return "\n".join(line.rstrip() for line in body.replace("\r\n", "\n").strip().split("\n"))


def content_history(content_dir: str) -> History:
    """Every committed version of every .md file under content_dir on the checked-out branch (HEAD), read with
    two git processes: ``git log --raw`` (which blob each commit gave each file) and ``git cat-file --batch``
    (only the blobs of files that changed after they were added, or whose working copy differs)."""
    prefix = _git(["rev-parse", "--show-prefix"], content_dir)
    if prefix is None:
        return History(usable=False)
    if (_git(["rev-parse", "--is-shallow-repository"], content_dir) or b"").strip() == b"true":
        return History(usable=False, shallow=True)
    prefix = prefix.decode("utf-8").strip()
    log = _git(
        [
            "-c",
            "core.quotePath=false",
            "log",
            "--reverse",
            "--topo-order",
            "--no-renames",
            "--raw",
            "--no-abbrev",
            "--format=%x00%H %ct",
            "--",
            ".",
        ],
        content_dir,
    )
    if log is None:
        return History(usable=False)
    chains: dict[str, list[tuple[str, int, str]]] = {}  # repo path -> (commit, epoch, blob), oldest first
    commit, epoch = "", 0
    for line in log.decode("utf-8", errors="replace").split("\n"):
        if line.startswith("\x00"):
            commit, stamp = line[1:].split(" ")
            epoch = int(stamp)
        elif line.startswith(":") and "\t" in line:
            meta, path = line.split("\t", 1)
            if not path.endswith(".md") or not path.startswith(prefix):
                continue
            fields_ = meta.split()
            status, blob = fields_[4][0], fields_[3]
            if status in ("A", "D"):  # a file added again starts a new history
                chains.pop(path, None)
            if status != "D":
                chains.setdefault(path, []).append((commit, epoch, blob))
    status = _git(["-c", "core.quotePath=false", "diff", "--name-only", "--no-renames", "HEAD", "--", "."], content_dir)
    dirty = {p[len(prefix) :] for p in (status or b"").decode("utf-8").split("\n") if p.startswith(prefix)}
    wanted = sorted(
        {
            blob
            for path, chain in chains.items()
            if len(chain) > 1 or path[len(prefix) :] in dirty
            for _c, _e, blob in chain
        }
    )
    texts: dict[str, tuple[str, object]] = {}
    if wanted:
        out = _git(["cat-file", "--batch"], content_dir, "".join(b + "\n" for b in wanted).encode())
        if out is None:
            return History(usable=False)
        pos = 0
        for blob in wanted:
            end = out.index(b"\n", pos)
            header = out[pos:end].split()
            pos = end + 1
            if len(header) < 3 or header[1] != b"blob":
                continue
            size = int(header[2])
            texts[blob] = _body_and_note(out[pos : pos + size])
            pos += size + 1
    history = History(usable=True, dirty=dirty)
    for path, chain in chains.items():
        revisions = []
        for commit, epoch, blob in chain:
            body, note = texts.get(blob, ("", None))
            when = dt.datetime.fromtimestamp(epoch, CHINA).replace(tzinfo=None)
            revisions.append(Revision(commit[:7], when, body, note))
        history.revisions[path[len(prefix) :]] = revisions
    return history
