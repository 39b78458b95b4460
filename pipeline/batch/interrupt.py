"""Stopping cleanly on SIGINT and SIGTERM, and worker processes that do not outlive their parent.

In the main process, `handled()` turns SIGINT (Ctrl-C) and SIGTERM (`systemd stop`, `docker stop`, `kill`)
into an `Interrupted` exception; `Interrupted.exit_status` is 128 + the signal number (130, 143), the shell
convention. The exception is raised where the main thread is when the signal comes, except inside a
`deferred()` block: there it is held back and raised when the outermost block ends. `pool.run_ordered`
hands each result over inside such a block, so the line its caller writes is whole, and starts pool workers
inside `starting_workers()`, so that they start with SIGINT blocked. After the first `Interrupted`, later
signals are ignored while it propagates: the run is already stopping, and the stop is bounded.

In a worker process, `init_worker` (the pool's initializer) ignores SIGINT, because Ctrl-C reaches the
whole process group and stopping the workers is the parent's job, and makes the worker exit when its parent
dies (also after `kill -9` of the parent): through the kernel on Linux (`PR_SET_PDEATHSIG`), and everywhere
through a watchdog thread that waits on the parent.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from types import FrameType
from typing import Any

SIGNALS = (signal.SIGINT, signal.SIGTERM)
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WATCH_SECONDS = 1.0  # how often the watchdog looks at the parent when it has nothing to wait on
PARENT_GONE_STATUS = 1  # exit status of a worker whose parent died (nobody reads it)


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived: the run stops. `documents`: lines written by this run, when known.

    A BaseException, like KeyboardInterrupt, so that code guarding one document (`except Exception`) does
    not turn it into an error line and go on.
    """

    def __init__(self, signum: int, documents: int | None = None) -> None:
        super().__init__(signum)
        self.signum = signum
        self.documents = documents

    @property
    def exit_status(self) -> int:
        return 128 + self.signum

    def __str__(self) -> str:
        after = f" after {self.documents} documents" if self.documents is not None else ""
        return f"interrupted by {signal.Signals(self.signum).name}{after}"


@dataclass
class _State:
    installed: bool = False
    signum: int | None = None  # a signal that came and is not raised yet
    stopping: bool = False  # an Interrupted was raised
    depth: int = 0  # nested deferred() blocks in the main thread


_state = _State()


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def handled() -> Iterator[None]:
    """Inside the block, SIGINT and SIGTERM raise `Interrupted`; the previous handlers come back after it.

    Only in the main thread (elsewhere Python cannot set handlers, and the block runs unchanged).
    """
    if not _in_main_thread() or _state.installed:
        yield
        return
    # A signal ignored by whoever started us stays ignored, as Python does for SIGINT (`cmd &` in a script).
    previous = {s: h for s in SIGNALS if (h := signal.getsignal(s)) is not signal.SIG_IGN}
    _state.installed, _state.signum, _state.stopping = True, None, False
    try:
        for signum in previous:
            signal.signal(signum, _on_signal)
        yield
    finally:
        for signum, handler in previous.items():
            if handler is not None:  # None: set outside Python, cannot be restored from here
                signal.signal(signum, handler)
        _state.installed, _state.signum = False, None


def _on_signal(signum: int, frame: FrameType | None) -> None:
    if _state.stopping:
        return
    if _state.signum is None:
        _state.signum = signum
    _raise_pending()


def _raise_pending() -> None:
    if _state.signum is not None and _state.depth == 0 and not _state.stopping:
        _state.stopping = True
        raise Interrupted(_state.signum)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """An `Interrupted` due inside the block is raised when the block ends (unless an error is leaving it).

    For work that must not stop half-way: a line being written, a worker being started. The block may span
    a generator's `yield`; it ends when the generator is resumed or closed.
    """
    if not _in_main_thread():  # signal handlers run only in the main thread
        yield
        return
    _state.depth += 1
    try:
        yield
    finally:
        _state.depth -= 1
    _raise_pending()


@contextlib.contextmanager
def starting_workers() -> Iterator[None]:
    """A `deferred()` block in which SIGINT is blocked in this thread, for starting worker processes.

    A child inherits the signal mask, so a worker started here cannot get Ctrl-C's SIGINT while it is
    still importing its modules (before `init_worker` can ignore it) and print a KeyboardInterrupt
    traceback. multiprocessing's resource tracker is started the same way. The parent loses nothing: a
    process-directed signal goes to another thread or waits until the mask is restored.
    """
    with deferred():
        if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks and no process groups
            yield
            return
        from multiprocessing import resource_tracker

        # Spawning starts the tracker if it is not running, and starting it unblocks SIGINT in the calling
        # thread (CPython 3.11): start it now, outside the block, so that the block holds.
        resource_tracker.ensure_running()
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)


def init_worker(parent_pid: int, kernel_watch: bool) -> None:
    """Initializer of a pool worker: ignore SIGINT and exit when the parent (`parent_pid`) dies.

    `kernel_watch`: also ask Linux to kill this process when the thread that started it ends, which is
    only right when that thread is the parent's main thread (it lives as long as the parent). Never raises:
    an initializer that raises breaks the pool.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked by starting_workers
    if kernel_watch:
        _kill_with_parent()
    if os.getppid() != parent_pid:  # the parent died before we were watching it
        os._exit(PARENT_GONE_STATUS)
    threading.Thread(
        target=_watch_parent, args=(parent_pid,), name="newsfacts-parent-watch", daemon=True
    ).start()


def _kill_with_parent() -> None:
    """On Linux, have the kernel SIGKILL this process when its parent thread ends (PR_SET_PDEATHSIG).

    Linux only (prctl is a Linux system call). The kernel delivers it even while this process is stuck in
    native code holding the GIL, where the watchdog thread cannot run; SIGKILL because a worker has
    nothing to clean up. Elsewhere, or without prctl in the C library, nothing happens.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):  # no prctl in this C library: the watchdog thread remains
        pass


def _watch_parent(parent_pid: int) -> None:
    """Exit this process as soon as the parent is gone (runs in a daemon thread; works on every platform).

    Waits on the parent's sentinel from multiprocessing (a pipe on POSIX, a process handle on Windows),
    which becomes ready when the parent dies; on POSIX an orphan's parent pid also changes, which is all
    there is to watch in a process that multiprocessing did not start.
    """
    parent: Any = multiprocessing.parent_process()
    sentinel = parent.sentinel if parent is not None else None
    while os.getppid() == parent_pid:
        if sentinel is None:
            time.sleep(WATCH_SECONDS)
        elif wait([sentinel], timeout=WATCH_SECONDS):
            break
    os._exit(PARENT_GONE_STATUS)
