"""SIGTERM and SIGINT stop `newsfacts extract` cleanly; its workers never outlive it, even after kill -9.

The command-line tests run real subprocesses in their own session, and look at the run's child processes
(pool workers, multiprocessing's resource tracker) in /proc while it runs, so they need Linux.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pipeline.batch import interrupt
from pipeline.batch.interrupt import Interrupted
from tests.conftest import ROOT

GARBAGE = ROOT / "tests" / "fixtures" / "batch" / "garbage"
LINUX = Path("/proc/self/stat").exists()
MESSAGE = re.compile(
    r"newsfacts extract: interrupted by (SIGTERM|SIGINT)( after (\d+) documents)?: "
    r"run again with --resume to finish"
)
Child = tuple[int, str]  # pid, start time (so that a reused pid is not taken for the same process)


# --- in this process -----------------------------------------------------------------------------------------


def test_a_signal_inside_a_deferred_block_is_raised_when_the_block_ends() -> None:
    finished = False
    with interrupt.handled(), pytest.raises(Interrupted) as info, interrupt.deferred():
        signal.raise_signal(signal.SIGTERM)
        finished = True  # the handler has run: it held the interruption back
    assert finished
    assert (info.value.exit_status, str(info.value)) == (143, "interrupted by SIGTERM")


def test_after_the_first_interruption_later_signals_are_ignored_and_handlers_come_back() -> None:
    before = signal.getsignal(signal.SIGINT)
    with interrupt.handled(), pytest.raises(Interrupted) as info:
        try:
            signal.raise_signal(signal.SIGINT)
        finally:
            signal.raise_signal(signal.SIGTERM)  # the run is stopping: nothing more is raised
    assert (info.value.signum, info.value.exit_status) == (signal.SIGINT, 130)
    assert signal.getsignal(signal.SIGINT) is before


def test_a_signal_ignored_by_whoever_started_us_stays_ignored() -> None:
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # as `cmd &` in a shell script leaves it
    try:
        with interrupt.handled():
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
            assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    finally:
        signal.signal(signal.SIGINT, previous)


# --- the command line ------------------------------------------------------------------------------------------


def _corpus(directory: Path, n: int) -> list[str]:
    """n small distinct articles (doc-000.txt ...) and an empty file (an error line); returns the ids."""
    directory.mkdir(parents=True)
    texts = [(GARBAGE / name).read_text(encoding="utf-8") for name in ("good-wire.txt", "good-embassy.txt")]
    for i in range(n):
        body = (
            texts[i % 2].replace("1,200", f"{1000 + i:,}").replace("25 ventilators", f"{i + 2} ventilators")
        )
        (directory / f"doc-{i:03d}.txt").write_text(body, encoding="utf-8")
    (directory / "doc-999-empty.txt").write_bytes(b"")
    return [f"doc-{i:03d}.txt" for i in range(n)] + ["doc-999-empty.txt"]


def _stat(pid: int | str) -> list[str] | None:
    """/proc/PID/stat from the state field on ([0] state, [1] parent pid, [19] start time), or None."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()


def _children(pid: int) -> set[Child]:
    """The processes whose parent is `pid` now."""
    found = set()
    for entry in os.listdir("/proc"):
        fields = _stat(entry) if entry.isdigit() else None
        if fields and fields[1] == str(pid):
            found.add((int(entry), fields[19]))
    return found


def _alive(children: set[Child]) -> set[Child]:
    """Those still running (a zombie waiting for init to reap it has ended)."""
    return {
        (pid, start) for pid, start in children if (f := _stat(pid)) and f[19] == start and f[0] not in "ZX"
    }


def _wait_gone(children: set[Child], seconds: float) -> set[Child]:
    """Wait until none of the processes is alive, at most `seconds`; returns those still alive."""
    deadline = time.monotonic() + seconds
    while _alive(children) and time.monotonic() < deadline:
        time.sleep(0.1)
    return _alive(children)


def _whole_lines(path: Path) -> list[dict[str, object]]:
    """The records of a JSONL file, asserting that it ends with a whole line."""
    data = path.read_bytes() if path.exists() else b""
    assert not data or data.endswith(b"\n"), f"{path.name} ends with a partial line"
    return [json.loads(line) for line in data.splitlines()]


@contextlib.contextmanager
def _session(cmd: list[str]) -> Iterator[subprocess.Popen[str]]:
    """The command in its own session (its process group has its pid); whatever is left is killed after."""
    run = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        yield run
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(run.pid, signal.SIGKILL)
        run.communicate()


def _watch(
    run: subprocess.Popen[str], until: Callable[[], object], children: set[Child], seconds: float = 150
) -> None:
    """Collect the run's children until `until()` is true; fails if the run ends or time runs out first."""
    deadline = time.monotonic() + seconds
    while not until():
        children |= _children(run.pid)
        assert run.poll() is None, f"the run ended first: {run.communicate()[1]}"
        assert time.monotonic() < deadline, "timed out waiting for the run"
        time.sleep(0.02)
    children |= _children(run.pid)


def _extract(corpus: Path, out: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", "extract", str(corpus), "-o", str(out), *options]


def _check_stopped(run: subprocess.Popen[str], signum: int, children: set[Child]) -> str:
    """The run's exit status and message after `signum`; no child of it left. Returns the message."""
    started = time.monotonic()
    _, stderr = run.communicate(timeout=60)
    stopped = time.monotonic() - started
    assert run.returncode == 128 + signum, stderr
    assert "Traceback" not in stderr, stderr
    assert len(stderr.splitlines()) == 1, stderr
    assert stopped < 15, f"stopping took {stopped:.1f} s"
    assert not _wait_gone(children, 5), "child processes outlived the run"
    return stderr.strip()


@pytest.mark.slow
@pytest.mark.skipif(not LINUX, reason="reads /proc")
@pytest.mark.parametrize(
    ("signum", "workers", "group"),
    [
        pytest.param(signal.SIGTERM, "2", False, id="sigterm_pool"),  # systemd stop, docker stop
        pytest.param(signal.SIGINT, "2", True, id="ctrl_c_pool"),  # the terminal signals the whole group
        pytest.param(signal.SIGTERM, "1", False, id="sigterm_one_worker"),
    ],
)
def test_signal_stops_the_run_cleanly_and_resume_finishes_it(
    tmp_path: Path, signum: int, workers: str, group: bool
) -> None:
    expected = _corpus(tmp_path / "corpus", 40)
    out, errors = tmp_path / "out.jsonl", tmp_path / "out.errors.jsonl"
    cmd = _extract(tmp_path / "corpus", out, "--workers", workers)
    children: set[Child] = set()
    with _session(cmd) as run:
        _watch(run, lambda: out.exists() and out.stat().st_size > 0, children)
        if group:
            os.killpg(run.pid, signum)
        else:
            os.kill(run.pid, signum)
        message = _check_stopped(run, signum, children)
    if workers == "2":
        assert len(children) >= 2, "the pool was not used"
    match = MESSAGE.fullmatch(message)
    assert match and match.group(1) == signal.Signals(signum).name, message
    written = _whole_lines(out) + _whole_lines(errors)
    assert 0 < len(written) < len(expected), "the run was not interrupted mid-way"
    assert int(match.group(3)) == len(written)  # the message counts the lines written

    resumed = subprocess.run([*cmd, "--resume"], cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert resumed.returncode == 1, resumed.stderr  # the empty file is an error line
    ids = [r["id"] for r in _whole_lines(out) + _whole_lines(errors)]
    assert Counter(ids) == Counter(expected)
    assert [r["id"] for r in _whole_lines(out)] == expected[:-1]  # still in input order


def _catching_sigint(children: set[Child]) -> bool:
    """True when one of the processes has a SIGINT handler (Python's KeyboardInterrupt one) now."""
    for pid, _ in children:
        with contextlib.suppress(OSError):
            status = Path(f"/proc/{pid}/status").read_text()
            caught = re.search(r"^SigCgt:\s*([0-9a-f]+)", status, re.M)
            if caught and int(caught.group(1), 16) >> (signal.SIGINT - 1) & 1:
                return True
    return False


@pytest.mark.slow
@pytest.mark.skipif(not LINUX, reason="reads /proc")
def test_ctrl_c_while_the_workers_start_prints_one_line(tmp_path: Path) -> None:
    # A worker that has Python's SIGINT handler but has not yet run the pool's initializer (it is importing
    # spaCy) would print a KeyboardInterrupt traceback if Ctrl-C's SIGINT reached it then.
    _corpus(tmp_path / "corpus", 40)
    out = tmp_path / "out.jsonl"
    children: set[Child] = set()
    with _session(_extract(tmp_path / "corpus", out, "--workers", "2")) as run:
        _watch(run, lambda: _catching_sigint(_children(run.pid)), children)
        os.killpg(run.pid, signal.SIGINT)
        message = _check_stopped(run, signal.SIGINT, children)
    assert MESSAGE.fullmatch(message), message
    _whole_lines(out)


@pytest.mark.slow
@pytest.mark.skipif(not LINUX, reason="reads /proc")
def test_workers_exit_when_the_main_process_is_killed(tmp_path: Path) -> None:
    _corpus(tmp_path / "corpus", 40)
    out = tmp_path / "out.jsonl"
    children: set[Child] = set()
    with _session(_extract(tmp_path / "corpus", out, "--workers", "2")) as run:
        _watch(run, lambda: out.exists() and out.stat().st_size > 0, children)
        os.kill(run.pid, signal.SIGKILL)  # the main process only, as `kill -9 PID` would
        run.wait(timeout=30)
        assert len(children) >= 2, "the pool was not used"
        assert not _wait_gone(children, 10), "workers outlived their parent"


# Starts one pool worker with the portable watchdog only (no prctl), writes its pid to argv[1], then waits.
WATCHDOG_ONLY = """
import multiprocessing, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from pipeline.batch.interrupt import init_worker
pool = ProcessPoolExecutor(
    1, mp_context=multiprocessing.get_context("spawn"), initializer=init_worker, initargs=(os.getpid(), False)
)
open(sys.argv[1], "w").write(str(pool.submit(os.getpid).result()))
time.sleep(120)
"""


@pytest.mark.skipif(not LINUX, reason="reads /proc")
def test_a_worker_without_the_kernel_watch_exits_when_its_parent_dies(tmp_path: Path) -> None:
    pid_file = tmp_path / "worker.pid"
    with _session([sys.executable, "-c", WATCHDOG_ONLY, str(pid_file)]) as run:
        _watch(run, lambda: pid_file.exists() and pid_file.read_text(), set(), seconds=60)
        worker = int(pid_file.read_text())
        fields = _stat(worker)
        assert fields, "the worker is gone already"
        os.kill(run.pid, signal.SIGKILL)
        run.wait(timeout=30)
        assert not _wait_gone({(worker, fields[19])}, 10), "the worker outlived its parent"


def _dask_available() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.slow
@pytest.mark.skipif(not LINUX or not _dask_available(), reason="reads /proc; needs Dask")
@pytest.mark.parametrize(
    ("signum", "group"), [(signal.SIGTERM, False), (signal.SIGINT, True)], ids=["sigterm", "ctrl_c"]
)
def test_dask_engine_closes_its_cluster_on_a_signal(tmp_path: Path, signum: int, group: bool) -> None:
    # Ctrl-C signals the whole group, Dask's workers too: they start with SIGINT blocked, then ignore it,
    # so no KeyboardInterrupt traceback reaches stderr (_check_stopped wants exactly one line)
    expected = _corpus(tmp_path / "corpus", 150)  # three partitions of at most 64
    parts = tmp_path / "parts"
    cmd = _extract(tmp_path / "corpus", parts, "--engine", "dask", "--workers", "2")
    children: set[Child] = set()
    with _session(cmd) as run:
        _watch(run, lambda: any(parts.glob("part-*.jsonl")), children)
        (os.killpg if group else os.kill)(run.pid, signum)
        message = _check_stopped(run, signum, children)
    assert len(children) >= 2, "no cluster was started"
    name = signal.Signals(signum).name
    assert message == f"newsfacts extract: interrupted by {name}: run again with --resume to finish"

    resumed = subprocess.run([*cmd, "--resume"], cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert resumed.returncode == 1, resumed.stderr  # the empty file is an error line
    ids = [r["id"] for path in sorted(parts.glob("*.jsonl")) for r in _whole_lines(path)]
    assert Counter(ids) == Counter(expected)
