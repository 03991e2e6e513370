"""Helper processes of a build: lower priority, and never outliving the build (no MkDocs imports).

A build starts helper processes: the worker that encodes QR codes and scans pages (core/pipeline.py), Pagefind's
services (core/search/index.py) and, for `gongkai build --all-units`, one build process per site. When the build
process dies in a way it cannot handle (SIGKILL, the out-of-memory killer, a CI step's timeout), a helper must not
live on: a multiprocessing worker waits on a queue whose other end it holds itself, so it would wait forever.

`die_with_parent()` asks Linux to kill the calling process when its parent dies (prctl PR_SET_PDEATHSIG) and, for
other systems and for the moment before that request took effect, watches the parent from a daemon thread.
Pagefind's services need neither: they exit when their standard input closes, which happens when the build dies.

`start_pool()` starts a pool's processes at once and, when the start itself is interrupted (Ctrl+C or SIGTERM in
the moment between the fork and the pool's own bookkeeping), ends the processes it forked: the pool would not know
them, and Python's exit waits for every such child, so the preview or build would hang on its way out.

`remove_trees()` deletes retired releases and search staging trees in a low-priority process: the one helper
allowed to outlive its build.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import faulthandler
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCH_SECONDS = 1.0


def is_running(pid: int) -> bool:
    """Whether a process `pid` exists (another user's included): what a killed build left behind is found by the
    process id in its name."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def left_by_ended_processes(folder: str, prefix: str, pid_of: Callable[[str], str]) -> list[str]:
    """The paths in `folder` whose name starts with `prefix` and names (`pid_of(name)`) a process that has ended:
    what a killed build left behind (its release directory being built, its search staging tree)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = []
    for name in names:
        if name.startswith(prefix):
            pid = pid_of(name)
            if pid.isdigit() and not is_running(int(pid)):
                found.append(os.path.join(folder, name))
    return found


# run by remove_trees' process: lower its own priority (where the system has priorities), then delete every tree
# named on its command line
_REMOVE_TREES = (
    "import os, shutil, sys\n"
    "if hasattr(os, 'nice'): os.nice(10)\n"
    "for path in sys.argv[1:]: shutil.rmtree(path, ignore_errors=True)\n"
)


def remove_trees(paths: list[str]) -> subprocess.Popen | None:
    """Delete directory trees (retired releases, search staging) in a process of its own, at a low priority.

    A thread of the build would hold up both: it waits for the interpreter lock before each of its thousands of
    unlink calls while the build's main thread computes, so a retired 20k-page release was never done within a
    build and the builds got slower. The process is the one helper that may outlive its build: it holds no queue
    and no lock, and ends when the trees are gone (a tree two builds both delete is simply deleted)."""
    if not paths:
        return None
    return subprocess.Popen(
        [sys.executable, "-I", "-c", _REMOVE_TREES, *paths],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # Ctrl+C in the terminal stops the build, not the deletion of what it retired
    )


def lower_priority(pid: int | None = None) -> None:
    """Lower the priority of a helper process (this one when `pid` is None): MkDocs converts and renders on one
    core and is the build's critical path; the helpers share the other."""
    try:
        os.setpriority(os.PRIO_PROCESS, pid or 0, min(19, os.getpriority(os.PRIO_PROCESS, pid or 0) + 10))
    except (OSError, AttributeError):  # no such process any more, or no priorities on this platform
        pass


def die_with_parent() -> None:
    """End this process as soon as the process that started it ends, however that one ended."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request above took effect
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="gongkai-parent-watch", daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)  # the parent is gone: nothing this process does can be used any more


def helper_process_init() -> None:
    """Initializer of a build's helper processes: lower priority, and die with the build."""
    die_with_parent()
    lower_priority()


def start_pool(workers: int, initializer: Callable[[], None] | None = helper_process_init) -> ProcessPoolExecutor:
    """A process pool whose `workers` processes run already; an interrupt while they start ends them, then goes on."""
    before = set(multiprocessing.active_children())
    pool = ProcessPoolExecutor(max_workers=workers, initializer=initializer)
    try:
        pool.submit(int).result()  # the first task forks the processes (and waits until one is ready)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        end_children(set(multiprocessing.active_children()) - before)
        raise
    return pool


def end_children(children) -> None:
    """Kill these multiprocessing children and reap them."""
    for child in children:
        child.kill()
    for child in children:
        child.join(5)


def stop_within(seconds: float, report_path: str, farewell: str) -> None:
    """A process that has been told to stop ends within `seconds`, whatever its clean-up waits for: after that, where
    each thread stood is written to `report_path`, its helpers are killed, `farewell` is shown and it exits (0). Its
    clean-up and Python's own exit run as usual until then; the watch is a daemon thread."""

    def force() -> None:
        time.sleep(seconds)
        try:
            os.makedirs(os.path.dirname(report_path), exist_ok=True)
            with open(report_path, "w", encoding="utf-8") as fh:
                faulthandler.dump_traceback(fh, all_threads=True)
        except OSError:
            pass
        end_children(multiprocessing.active_children())
        sys.stderr.write(farewell + "\n")
        sys.stderr.flush()
        os._exit(0)

    threading.Thread(target=force, name="gongkai-stop-watch", daemon=True).start()
