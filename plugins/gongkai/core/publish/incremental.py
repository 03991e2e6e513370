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
import json
import os
import pickle
import shutil
import sys

MANIFEST_VERSION = 1
CACHE_DIR = os.path.join(".cache", "gongkai")  # under the project root (with checks.pickle); git-ignored
PLUGIN_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # plugins/gongkai

# model objects read from catalogs/ (whose every file is in the global key): identified by their id
_REGISTRY_TYPES = {"Unit", "Domain", "Catalog", "CatalogRow"}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


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

    Dataclasses are hashed field by field, lists and dicts in order, sets sorted; a unit, domain or catalog
    row by its id (their content is in the global key); an item by its own fields plus the own fields of the
    items it interprets or is interpreted by (its page and list rows show their titles and links).
    `item_state(item)`: what a page shows of an item beyond its fields, judged at the build's as-of date
    (公示中 / 公示期满), so the date itself need not be in the global key."""

    def __init__(self, item_state=None):
        self._memo: dict[int, tuple[object, str]] = {}  # id -> (the object, kept alive so ids stay unique; digest)
        self._busy: set[int] = set()
        self._item_state = item_state or (lambda item: None)

    def of(self, obj) -> str:
        t = type(obj)
        if t is str:
            return (
                "s:" + repr(obj)  # quoted: a comma inside cannot pass for a list separator
                if len(obj) < 200
                else "S:" + hashlib.sha256(obj.encode("utf-8", "surrogatepass")).hexdigest()
            )
        if obj is None or t in (int, float, bool):
            return f"{t.__name__}:{obj!r}"
        if t in (dt.date, dt.datetime, dt.time):
            return f"{t.__name__}:{obj.isoformat()}"
        if isinstance(obj, enum.Enum):
            return repr(obj)
        if t in (list, tuple):
            return "[" + ",".join(self.of(x) for x in obj) + "]"
        if t is dict:
            return "{" + ",".join(f"{self.of(k)}:{self.of(v)}" for k, v in obj.items()) + "}"
        if t in (set, frozenset):
            return "{" + ",".join(sorted(self.of(x) for x in obj)) + "}"
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
            if name == "Item":
                token = self._item(obj)
            else:
                token = digest(name, self._fields(obj))
        finally:
            self._busy.discard(id(obj))
        self._memo[id(obj)] = (obj, token)
        return token

    def fields(self, obj, skip=()) -> str:
        """The fingerprint of an object's fields but those named in `skip`."""
        return digest(type(obj).__qualname__, self._fields(obj, skip))

    def _fields(self, obj, skip=()) -> str:
        names = _FIELD_NAMES.get(type(obj))
        if names is None and dataclasses.is_dataclass(obj):
            names = _FIELD_NAMES[type(obj)] = tuple(f.name for f in dataclasses.fields(obj))
        if names is not None:
            pairs = [(name, getattr(obj, name)) for name in names if name not in skip]
        elif hasattr(obj, "__dict__") and not callable(obj):
            pairs = sorted((k, v) for k, v in vars(obj).items() if k not in skip)
        else:
            raise Unfingerprintable(type(obj).__qualname__)
        return ",".join(f"{k}={self.of(v)}" for k, v in pairs)

    def _own(self, item) -> str:
        key = ("own", id(item))
        memo = self._memo.get(key)  # type: ignore[arg-type]
        if memo is None:
            fields = self._fields(item, skip=("interprets", "interpretations"))
            memo = (item, digest("Item", fields, self.of(self._item_state(item))))
            self._memo[key] = memo  # type: ignore[index]
        return memo[1]

    def _item(self, item) -> str:
        related = [self._own(item.interprets)] if item.interprets is not None else []
        related += [self._own(other) for other in item.interpretations]
        return digest("Item+", self._own(item), *related)


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

    def save(self, folder: str) -> None:
        os.makedirs(folder, exist_ok=True)
        tmp = os.path.join(folder, f"manifest.json.{os.getpid()}")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump({"version": MANIFEST_VERSION, **dataclasses.asdict(self)}, fh, ensure_ascii=False)
        os.replace(tmp, os.path.join(folder, "manifest.json"))


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


def carry(previous: str, new: str, rel: str) -> bool:
    """Hard-link (else copy) previous/rel to new/rel; False when previous/rel is missing. The new path must not
    exist: nothing is ever written through a link into the previous release."""
    src = os.path.join(previous, *rel.split("/"))
    dst = os.path.join(new, *rel.split("/"))
    if not os.path.isfile(src) or os.path.islink(src):
        return False
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)
    return True


def carry_tree(previous: str, new: str, rel_dir: str, skip: tuple[str, ...] = ()) -> bool:
    """Carry every file under previous/rel_dir (but the sub-folders in `skip`); False when it is missing."""
    src_root = os.path.join(previous, *rel_dir.strip("/").split("/"))
    if not os.path.isdir(src_root):
        return False
    for folder, dirs, files in os.walk(src_root):
        rel_folder = os.path.relpath(folder, previous).replace(os.sep, "/")
        dirs[:] = [d for d in dirs if f"{rel_folder}/{d}" not in skip]
        for name in files:
            if not carry(previous, new, f"{rel_folder}/{name}"):
                return False
    return True
