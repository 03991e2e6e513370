"""Incremental builds: the build manifest and the carry-over of unchanged outputs (no MkDocs imports).

A build records, in a manifest under the project's cache directory (`.cache/gongkai/builds/`, never published), a
fingerprint of the inputs of every output it wrote into its release:

- one **global key** of everything that can change any page: the plugin's own code and templates, the theme
  files of the project (overrides/), mkdocs.yml, every file of catalogs/ (registries, catalogs, synonyms,
  holidays, columns), the installed engine's versions, the nav, the build day if a template prints it, and the
  site-wide parts of the search plan (its bundles and lookup shards). When it differs, the build is full;
- per **page**: the page's view (`gk`, hashed field by field down to the items it lists, `Fingerprints`; an item
  with its 公示中 / 公示期满 state at the as-of date), its Markdown body and the item's search terms;
- per **static file** (attachments, theme assets): the SHA-256 of the file (re-read only when its size or mtime
  changed, as git's index does);
- per **search bundle**: its items' page fingerprints in order and its non-HTML records.

The next build compares: an output whose fingerprint is unchanged is hard-linked (copied where links are not
possible) from the published release into the new release directory, everything else is rendered and written
afresh, so the publish stays one atomic swap and the previous release is never written to. Outputs that no
longer exist in the plan (deleted or renamed items) are simply not carried. Small site-wide files (feeds,
items.json, open data, sitemap, 404, lookup tables) are always written. When in doubt (no manifest, a manifest
of another release, an object that cannot be fingerprinted), the output is rebuilt.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import io
import json
import operator
import os
import pickle
import queue
import shutil
import stat
import sys
import threading

MANIFEST_VERSION = 1
CACHE_DIR = os.path.join(".cache", "gongkai")  # under the project root (with checks.pickle); git-ignored
PLUGIN_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # plugins/gongkai

# model objects read from catalogs/ (whose every file is in the global key): identified by their id
_REGISTRY_TYPES = {"Unit", "Domain", "Catalog", "CatalogRow"}


# how Fingerprints.reduce writes an object of each type (_how_to_write), and a dataclass's field names and getter
_BY_VALUE, _BY_TOKEN, _BY_FIELDS = "value", "token", "fields"
_HOW: dict[type, str] = {}
_FIELDS: dict[tuple, tuple] = {}  # (type, fields skipped) -> (names, getter of their values)


def _values_getter(names: tuple[str, ...]):
    """A function giving the tuple of an object's values of `names` (operator.attrgetter: no Python loop)."""
    if len(names) > 1:
        return operator.attrgetter(*names)
    if names:
        one = operator.attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


def _how_to_write(t: type) -> str:
    if t.__qualname__ in _REGISTRY_TYPES or t.__qualname__ == "Item":
        return _BY_TOKEN  # Fingerprints.of: a registry object by its id, an item by its own fields and relations
    if issubclass(t, (enum.Enum, type, dt.date, dt.time, dt.tzinfo)):
        return _BY_VALUE  # pickled as they are (`type`: the callables of reduce's own answers)
    return _BY_FIELDS


class Unfingerprintable(Exception):
    """An object whose content cannot be hashed reliably: the page that holds it is always rebuilt."""


def cache_dir(project_root: str, site_dir: str) -> str:
    """The cache of the site published at `site_dir` (one per output path: -d, --kiosk, a 站群 site)."""
    key = hashlib.sha256(os.path.abspath(site_dir).encode("utf-8")).hexdigest()[:16]
    return os.path.join(project_root, CACHE_DIR, "builds", key)


def digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


class Fingerprints:
    """Content fingerprints of the objects a page is rendered from, memoised per object for one build.

    An object is hashed by value: lists and dicts in order, dataclasses field by field; a unit, domain or catalog
    row by its id (their content is in the global key); an item by its own fields plus the own fields of the
    items it interprets or is interpreted by (its page and list rows show their titles and links).
    `item_state(item)`: what a page shows of an item beyond its fields, judged at the build's as-of date
    (公示中 / 公示期满), so the date itself need not be in the global key.

    The value is serialised by the C pickler in one pass (`_ByValue`; a Python walk of every field cost a
    20 000-item rebuild a fifth of its time); only objects that are not plain data call back here. Sets are not
    used in views and items: their order would change from one process to the next, and so the fingerprint with it
    (tests/test_incremental.py runs the fingerprints under two hash seeds)."""

    def __init__(self, item_state=None):
        self._memo: dict[object, tuple[object, str]] = {}  # id -> (the object, kept alive so ids stay unique; digest)
        self._busy: set[int] = set()
        self._item_state = item_state or (lambda item: None)

    def of(self, obj) -> str:
        t = type(obj)
        if t is str:
            if len(obj) < 200:
                return "s:" + repr(obj)  # quoted: a comma inside cannot pass for a list separator
            memo = self._memo.get(id(obj))  # an item's body: hashed for its item and again for its page
            if memo is None:
                memo = self._memo[id(obj)] = (
                    obj,
                    "S:" + hashlib.sha256(obj.encode("utf-8", "surrogatepass")).hexdigest(),
                )
            return memo[1]
        if obj is None or t in (int, float, bool):
            return f"{t.__name__}:{obj!r}"
        name = t.__qualname__
        if name in _REGISTRY_TYPES:
            key = getattr(obj, "id", None) or getattr(obj, "domain_id", None)
            if key is not None:
                return f"{name}#{key}"
        memo = self._memo.get(id(obj))
        if memo is not None:
            return memo[1]
        if id(obj) in self._busy:
            raise Unfingerprintable(f"cycle through {name}")
        self._busy.add(id(obj))
        try:
            token = self._item(obj) if name == "Item" else self._hash(obj)
        finally:
            self._busy.discard(id(obj))
        self._memo[id(obj)] = (obj, token)
        return token

    def fields(self, obj, skip=()) -> str:
        """The fingerprint of an object's fields but those named in `skip`."""
        return self._hash(self._field_values(obj, skip))

    def _hash(self, value) -> str:
        buffer = io.BytesIO()
        try:
            _ByValue(buffer, self).dump(value)
        except Unfingerprintable:
            raise
        except (pickle.PicklingError, TypeError, ValueError, AttributeError, RecursionError) as exc:
            raise Unfingerprintable(f"{type(value).__qualname__}: {exc}") from None
        return hashlib.sha256(buffer.getbuffer()).hexdigest()

    def reduce(self, obj):
        """How `_ByValue` writes an object that is not a str, number, list, tuple, dict or set: looked up once per
        type (the pickler asks for every object it meets, the `tuple` and `str` in these answers included)."""
        t = type(obj)
        how = _HOW.get(t)
        if how is None:
            how = _HOW[t] = _how_to_write(t)
        if how is _BY_VALUE:
            return NotImplemented
        if how is _BY_TOKEN:
            return str, (self.of(obj),)
        return tuple, ((t.__qualname__, self._field_values(obj)),)

    def _field_values(self, obj, skip=()) -> tuple:
        """(field names, their values) of a dataclass, in declaration order; sorted (name, value) pairs of any
        other object with a __dict__."""
        key = (type(obj), skip)
        fields = _FIELDS.get(key)
        if fields is None and dataclasses.is_dataclass(obj):
            names = tuple(f.name for f in dataclasses.fields(obj) if f.name not in skip)
            fields = _FIELDS[key] = (names, _values_getter(names))
        if fields is not None:
            names, values = fields
            return names, values(obj)
        if hasattr(obj, "__dict__") and not callable(obj):
            return tuple(sorted((k, v) for k, v in vars(obj).items() if k not in skip))
        raise Unfingerprintable(type(obj).__qualname__)

    def _own(self, item) -> str:
        key = ("own", id(item))
        memo = self._memo.get(key)
        if memo is None:
            names, values = self._field_values(item, skip=("interprets", "interpretations"))
            fields = (names, tuple(map(self._plain, values)))
            memo = (item, self._hash(("Item", fields, self._item_state(item))))
            self._memo[key] = memo
        return memo[1]

    def _plain(self, value):
        """An item's field value as plain data, so that its pickling calls no Python code: short text, numbers and
        empty containers as they are; dates as ISO text; anything else (the body, a unit, a list of attachments)
        by its fingerprint. Tagged tuples: no text can pass for a date or a fingerprint."""
        t = type(value)
        if t is str:
            return value if len(value) < 200 else ("#", self.of(value))
        if value is None or t is int or t is bool or t is float:
            return value
        if t is dt.date or t is dt.datetime:
            return (t.__name__, value.isoformat())
        if (t is list or t is dict) and not value:
            return value
        return ("#", self.of(value))

    def _item(self, item) -> str:
        related = [self._own(item.interprets)] if item.interprets is not None else []
        related += [self._own(other) for other in item.interpretations]
        return digest("Item+", self._own(item), *related)


class _ByValue(pickle.Pickler):
    """A pickler that writes values, never shared references (no memo: equal content gives equal bytes however
    objects are shared; a cycle raises ValueError), and asks `Fingerprints.reduce` for anything but plain data."""

    def __init__(self, buffer, fingerprints: Fingerprints):
        super().__init__(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        self.fast = True
        self.reducer_override = fingerprints.reduce


# --- files ----------------------------------------------------------------------------------------------


class FileHashes:
    """SHA-256 of files, re-read only when size or mtime changed since the last build (kept in the manifest)."""

    def __init__(self, known: dict | None = None):
        self.known: dict[str, list] = dict(known or {})  # path -> [size, mtime_ns, sha256]
        self.seen: dict[str, list] = {}

    def of(self, path: str) -> str:
        st = os.stat(path)
        entry = self.known.get(path)
        if entry is None or entry[0] != st.st_size or entry[1] != st.st_mtime_ns:
            h = hashlib.sha256()
            with open(path, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    h.update(block)
            entry = [st.st_size, st.st_mtime_ns, h.hexdigest()]
        self.seen[path] = entry
        return entry[2]

    def tree(self, root: str, skip_dirs=("__pycache__",)) -> str:
        """One hash of every file under `root` (names and contents)."""
        parts = []
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in skip_dirs and not d.startswith("."))
            for name in sorted(files):
                if name.endswith((".pyc", ".pyo")):
                    continue
                path = os.path.join(folder, name)
                parts.append(f"{os.path.relpath(path, root)}={self.of(path)}")
        return digest(*parts)


def engine_versions(*modules: str) -> str:
    """The installed versions of the given distributions (an upgrade changes every page)."""
    from importlib import metadata

    found = []
    for name in modules:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=-")
    return ",".join(found) + f",python={sys.version_info[:3]}"


# --- the manifest ---------------------------------------------------------------------------------------


@dataclasses.dataclass
class Manifest:
    """What the published release was built from (see the module docstring)."""

    release: str = ""  # the release directory's name
    global_key: str = ""
    pages: dict[str, list[str]] = dataclasses.field(default_factory=dict)  # src_uri -> [dest_uri, fingerprint]
    statics: dict[str, str] = dataclasses.field(default_factory=dict)  # dest_uri -> fingerprint
    bundles: dict[str, str] = dataclasses.field(default_factory=dict)  # bundle path -> fingerprint
    pdfs: dict[str, str] = dataclasses.field(default_factory=dict)  # 办事一本通 PDF -> its print document's hash
    files: dict[str, list] = dataclasses.field(default_factory=dict)  # FileHashes.known

    @classmethod
    def load(cls, folder: str) -> Manifest | None:
        try:
            with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
            return None
        data.pop("version")
        try:
            return cls(**data)
        except TypeError:
            return None

    def save(self, folder: str, name: str = "manifest.json") -> None:
        os.makedirs(folder, exist_ok=True)
        tmp = os.path.join(folder, f"{name}.{os.getpid()}")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump({"version": MANIFEST_VERSION, **dataclasses.asdict(self)}, fh, ensure_ascii=False)
        os.replace(tmp, os.path.join(folder, name))


def load_pickle(path: str, default):
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except Exception:  # noqa: BLE001 - a missing or unreadable cache means: rebuild
        return default


def save_pickle(path: str, value) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.{os.getpid()}"
    with open(tmp, "wb") as fh:
        pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


class Carrier:
    """Hard-links (else copies) files of the published release into the new release directory, on a thread of
    its own: at 20 000 pages the directories and links cost seconds of system calls, which now run while the
    engine plans and renders. `file()` and `tree()` answer at once whether the previous release has what is asked
    for (else the caller renders it afresh); `start()` begins the linking; `wait()` returns when every file is in
    place, or raises OSError.
    Nothing is ever written through a link into the previous release: a new path must not exist yet."""

    def __init__(self, previous: str, new: str):
        self.previous, self.new = previous, new
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._made: set[str] = set()  # directories this carrier has made or found
        self._error: OSError | None = None
        self._thread: threading.Thread | None = None

    def file(self, rel: str) -> bool:
        """Carry previous/rel; False when it is missing (or a symlink)."""
        try:
            st = os.lstat(os.path.join(self.previous, *rel.split("/")))  # one call: not a link, and a file
        except OSError:
            return False
        if not stat.S_ISREG(st.st_mode):
            return False
        self._put(rel)
        return True

    def tree(self, rel_dir: str) -> bool:
        """Carry every file under previous/rel_dir; False when it is missing or holds a symlink."""
        src_root = os.path.join(self.previous, *rel_dir.strip("/").split("/"))
        if not os.path.isdir(src_root):
            return False
        found = []
        for folder, _dirs, files in os.walk(src_root):
            rel_folder = os.path.relpath(folder, self.previous).replace(os.sep, "/")
            for name in files:
                if os.path.islink(os.path.join(folder, name)):
                    return False
                found.append(f"{rel_folder}/{name}")
        for rel in found:
            self._put(rel)
        return True

    def start(self) -> None:
        """Start linking what was asked for. Called once every file is asked for: while the thread links, each of
        the asker's lstat calls would wait for the interpreter lock (0.9 s of a 20k rebuild, against 0.2 s)."""
        if self._thread is None and not self._queue.empty():
            self._thread = threading.Thread(target=self._run, name="gongkai-carry", daemon=True)
            self._thread.start()

    def wait(self) -> None:
        self.start()
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None
        if self._error is not None:
            raise self._error

    def _put(self, rel: str) -> None:
        self._queue.put(rel)

    def _run(self) -> None:
        while (rel := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._link(rel)
                except OSError as exc:  # wait() raises it; the rest of the queue is drained
                    self._error = exc

    def _link(self, rel: str) -> None:
        src = os.path.join(self.previous, *rel.split("/"))
        dst = os.path.join(self.new, *rel.split("/"))
        folder = os.path.dirname(dst)
        if folder not in self._made:
            if os.path.dirname(folder) in self._made:  # most pages are a folder of their own, beside their siblings
                try:
                    os.mkdir(folder)
                except FileExistsError:
                    pass
            else:
                os.makedirs(folder, exist_ok=True)
            self._made.add(folder)
        try:
            os.link(src, dst)
        except FileExistsError:
            raise
        except OSError:  # no hard links on this file system
            shutil.copy2(src, dst)
