"""Results of pure per-file work kept between builds, keyed by a hash of every input (no MkDocs imports).

Checks run over the whole project on every build; what one file's checks find depends on that file's text (and a
few named inputs) only, so their results are looked up by the SHA-256 of those inputs instead of being computed
again: parsing a front matter block, the Markdown structure and script checks of a body, the personal-information
scan of a text. Nothing is skipped: every file is still read and every result used, only the computing is cached.
The store is one pickle under the project's cache directory (`<project>/.cache/gongkai/checks.pickle`), tagged
with a hash of gongkai's own code, so a changed check never reuses an old result; entries not used by a run are
dropped when it saves. `active()` is the store of the run in progress (`use()`), or None outside one.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
from collections.abc import Callable, Iterator

_PACKAGE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # plugins/gongkai


@functools.cache  # once per process: the code that runs cannot change under it
def code_version() -> str:
    """A hash of every source and template file of gongkai (names and contents)."""
    h = hashlib.sha256()
    for folder, dirs, files in os.walk(_PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = os.path.join(folder, name)
            h.update(os.path.relpath(path, _PACKAGE).encode("utf-8") + b"\0")
            with open(path, "rb") as fh:
                h.update(hashlib.sha256(fh.read()).digest())
    return h.hexdigest()


class Memo:
    def __init__(self, path: str | None):
        self.path = path
        self.version = code_version()
        self._old: dict[bytes, bytes] = {}
        self._new: dict[bytes, bytes] = {}
        if path:
            try:
                with open(path, "rb") as fh:
                    version, entries = pickle.load(fh)
                if version == self.version:
                    self._old = entries
            except Exception:  # noqa: BLE001 - missing or unreadable: compute everything
                pass

    def get(self, kind: str, inputs: tuple, compute: Callable[[], object]):
        """compute(), or its result of an earlier run with the same `kind` and `inputs` (strings, numbers,
        tuples, sorted collections: their repr is the key)."""
        key = _key(kind, inputs)
        raw = self._new.get(key) or self._old.get(key)
        if raw is not None:
            self._new[key] = raw
            return pickle.loads(raw)  # a fresh copy: callers may change what they get
        value = compute()
        self._new[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        return value

    def save(self) -> None:
        if not self.path:
            return
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        tmp = f"{self.path}.{os.getpid()}"
        try:
            with open(tmp, "wb") as fh:
                pickle.dump((self.version, self._new), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        except OSError:  # a read-only project still checks; it only computes everything next time
            with contextlib.suppress(OSError):
                os.remove(tmp)


def _key(kind: str, inputs: tuple) -> bytes:
    """SHA-256 of `kind` and `inputs`: text is hashed as it is (a file's whole text is an input, and its repr would
    copy and escape it first), anything else by its repr; each part is tagged and its length given, so no two inputs
    run together."""
    h = hashlib.sha256(kind.encode("utf-8"))
    for value in inputs:
        data = (value if type(value) is str else repr(value)).encode("utf-8", "surrogatepass")
        h.update(b"\0s%d\0" % len(data) if type(value) is str else b"\0r%d\0" % len(data))
        h.update(data)
    return h.digest()


_ACTIVE: list[Memo] = []


@contextlib.contextmanager
def use(path: str | None) -> Iterator[Memo]:
    """The store for one run of the checks, saved at its end (`path` None: kept in memory only)."""
    memo = Memo(path)
    _ACTIVE.append(memo)
    try:
        yield memo
    finally:
        _ACTIVE.remove(memo)
    memo.save()


def active() -> Memo | None:
    return _ACTIVE[-1] if _ACTIVE else None


def cached(kind: str, inputs: tuple, compute: Callable[[], object]):
    """compute() through the active store, or directly outside a run."""
    memo = active()
    return compute() if memo is None else memo.get(kind, inputs, compute)
