"""Run the pipeline over documents in chunks: in this process, or in a local pool of worker processes.

Reads `Document`s and read `ErrorRecord`s (from `sources.read_inputs`); yields one `Processed` per input, in
input order: the finished JSON line plus what the summary counts, so the parent process only writes lines.
Each worker process builds one `Pipeline` (loading the spaCy model once) for the first chunk it gets and keeps
it for the rest of the run (`worker_pipeline`); the Dask engine runs the same `process_chunk` on its workers.

Settings: `workers` (1 = in this process, no pool; small inputs that fit in one chunk also run here, since a
pool would only add start-up time), `chunk_size` (documents per task), `max_pending` (chunks in flight).
Memory is bounded: at most `max_pending` chunks are sent or finished-but-waiting, so a slow document holds
back at most that many chunks, never the whole input. The pool uses the 'spawn' start method (no fork of a
process that may hold a loaded model or threads; same behaviour on Linux, macOS and Windows).

A worker process that dies (killed, out of memory, a crash in native code) does not stop the run: the pool
is restarted and the lost chunk is retried one document per task; a document that kills a worker again
becomes an ErrorRecord with stage "worker".

Stopping (see `interrupt`): each result is handed over inside `interrupt.deferred()`, so SIGINT or SIGTERM
never cuts the caller's write of a line; the `Interrupted` it raises carries the number of results handed
over. When a run ends early (a signal, an error, the caller stops reading), the workers are stopped at once,
not waited for. Workers ignore SIGINT (the parent stops them) and exit when the parent dies, even after
`kill -9` of the parent (`interrupt.init_worker`).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from models import Article, ErrorRecord
from pipeline.batch import interrupt
from pipeline.context import Document
from pipeline.errors import NewsfactsError
from pipeline.runner import shared_pipeline
from pipeline.settings import Settings

COUNTED_FIELDS = ("sections", "dates", "people", "organisations", "countries", "quantities", "facts")
CHUNK_SIZE = 8
CHUNK_CHARS = 2_000_000  # a chunk closes early at this many characters, so huge documents travel alone
MAX_CONSECUTIVE_CRASHES = 3
SHUTDOWN_GRACE_SECONDS = 10.0  # for workers to exit on their own at the end of a run
STOP_SECONDS = 2.0  # for a worker to die of SIGTERM before it gets SIGKILL

Item = Document | ErrorRecord


@dataclass(frozen=True, slots=True)
class Processed:
    """One input's result, serialised: `line` (JSON, no newline) goes to OUT if `article`, else to errors."""

    key: str
    line: str
    article: bool
    stage: str | None = None
    counts: tuple[int, ...] = ()


@dataclass(slots=True)
class ChunkResult:
    """A chunk's results in input order, and the worker's pid and peak resident memory so far (KiB)."""

    items: list[Processed]
    pid: int
    peak_rss_kb: int


@dataclass
class PoolStats:
    """Filled in as chunks finish: peak RSS (KiB) per worker pid, and worker crashes survived."""

    peak_rss_kb: dict[int, int] = field(default_factory=dict)
    crashes: int = 0

    def record(self, result: ChunkResult) -> None:
        self.peak_rss_kb[result.pid] = max(self.peak_rss_kb.get(result.pid, 0), result.peak_rss_kb)


def item_key(item: Document | ErrorRecord | Article) -> str:
    """What `--resume` matches inputs and written lines on: the id, else the source."""
    if item.id is not None:
        return item.id
    return f"source:{item.source}"


def to_processed(result: Article | ErrorRecord) -> Processed:
    """The line to write for a result, with its counts. Never raises: a result that cannot be serialised
    (a string that is not valid Unicode) becomes an error line with stage "write" and escaped strings."""
    try:
        if isinstance(result, Article):
            counts = tuple(len(getattr(result, name)) for name in COUNTED_FIELDS)
            return Processed(item_key(result), result.model_dump_json(), True, None, counts)
        return Processed(item_key(result), result.model_dump_json(), False, result.stage)
    except Exception as e:  # any one result must not take the batch down: it becomes its error line

        def safe(text: str | None) -> str | None:
            return None if text is None else text.encode("utf-8", "backslashreplace").decode("utf-8")

        name = safe(result.id) or safe(result.source) or "a document"
        error = ErrorRecord(
            id=safe(result.id),
            source=safe(result.source),
            stage="write",
            error=type(e).__name__,
            message=f"{name}: the result cannot be written as JSON ({safe(str(e))}): "
            "fix that text in the input document",
        )
        return Processed(item_key(error), error.model_dump_json(), False, "write")


# One Pipeline per process, shared with runner.extract_many (the model loads once per worker process).
worker_pipeline = shared_pipeline


def process_chunk(settings: Settings, items: Sequence[Item]) -> ChunkResult:
    """Run every document of a chunk through this process's Pipeline; read errors pass through."""
    pipeline = worker_pipeline(settings) if any(isinstance(i, Document) for i in items) else None
    documents = [item for item in items if isinstance(item, Document)]
    # process_batch routes every per-document failure (any exception) to an ErrorRecord naming the stage
    results = pipeline.process_batch(documents) if pipeline is not None else []
    done = iter(results)
    out = [to_processed(item if isinstance(item, ErrorRecord) else next(done)) for item in items]
    return ChunkResult(out, os.getpid(), peak_rss_kb())


def peak_rss_kb() -> int:
    """This process's peak resident set size in KiB (0 where the platform cannot tell)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if os.uname().sysname == "Darwin" else peak  # macOS reports bytes


def chunked(
    items: Iterable[Item], *, size: int = CHUNK_SIZE, max_chars: int = CHUNK_CHARS
) -> Iterator[list[Item]]:
    """Consecutive chunks of at most `size` items and (unless one item is larger) `max_chars` characters."""
    chunk: list[Item] = []
    chars = 0
    for item in items:
        n = len(item.content) if isinstance(item, Document) else 0
        if chunk and chars + n > max_chars:
            yield chunk
            chunk, chars = [], 0
        chunk.append(item)
        chars += n
        if len(chunk) >= size:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def run_ordered(
    items: Iterable[Item],
    settings: Settings,
    *,
    workers: int,
    chunk_size: int = CHUNK_SIZE,
    max_pending: int | None = None,
    stats: PoolStats | None = None,
) -> Iterator[Processed]:
    """One `Processed` per item, in input order, computed by `workers` processes (1: in this process).

    The caller gets each result inside `interrupt.deferred()`: a signal while it writes the line is raised
    when it asks for the next one. Raises `interrupt.Interrupted` with `documents` = the results handed over.
    """
    stats = stats if stats is not None else PoolStats()
    results = _ordered(items, settings, workers, chunk_size, max_pending, stats)
    handed_over = 0
    try:
        for processed in results:
            handed_over += 1
            with interrupt.deferred():
                yield processed
    except interrupt.Interrupted as stop:
        stop.documents = handed_over
        raise
    finally:
        results.close()  # now, not when the traceback lets go of this frame: it stops the workers


def _ordered(
    items: Iterable[Item],
    settings: Settings,
    workers: int,
    chunk_size: int,
    max_pending: int | None,
    stats: PoolStats,
) -> Generator[Processed, None, None]:
    """`run_ordered` without the hand-over: in this process, or in a pool stopped at once if abandoned."""
    chunks = chunked(items, size=chunk_size)
    head = [c for c in (next(chunks, None), next(chunks, None)) if c is not None]
    if workers <= 1 or len(head) <= 1:
        for chunk in itertools.chain(head, chunks):
            result = process_chunk(settings, chunk)
            stats.record(result)
            yield from result.items
        return
    pool = _Pool(settings, workers, stats)
    limit = max_pending or 4 * workers
    pending: deque[tuple[Future[ChunkResult], list[Item]]] = deque()
    finished = False
    try:
        for chunk in itertools.chain(head, chunks):
            pending.append((pool.submit(chunk), chunk))
            while len(pending) >= limit:
                yield from pool.collect(pending)
        while pending:
            yield from pool.collect(pending)
        finished = True
    finally:
        # Idle workers after the last result exit on their own; abandoned ones are mid-chunk: stop them now.
        pool.shutdown(SHUTDOWN_GRACE_SECONDS if finished else 0.0)


class _Pool:
    """A spawn-context process pool that restarts itself when a worker dies."""

    def __init__(self, settings: Settings, workers: int, stats: PoolStats) -> None:
        self.settings = settings
        self.workers = workers
        self.stats = stats
        self.crashes_in_a_row = 0
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        # Linux's parent-death signal follows the thread that started the worker: safe from the main thread.
        kernel_watch = threading.current_thread() is threading.main_thread()
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=interrupt.init_worker,
            initargs=(os.getpid(), kernel_watch),
        )

    def submit(self, chunk: list[Item]) -> Future[ChunkResult]:
        try:
            with interrupt.starting_workers():  # the executor starts a worker in `submit` when it needs one
                return self.executor.submit(process_chunk, self.settings, chunk)
        except BrokenProcessPool as error:
            # A worker died and the pool noticed before we collected: fail this chunk like the pending ones,
            # so that `collect` restarts the pool once and resubmits them all together.
            failed: Future[ChunkResult] = Future()
            failed.set_exception(error)
            return failed

    def shutdown(self, grace: float = SHUTDOWN_GRACE_SECONDS) -> None:
        """Stop the workers: they get `grace` seconds to exit on their own, then SIGTERM, then SIGKILL.

        Never waits on one forever: `ProcessPoolExecutor.shutdown(wait=True)` can hang. An idle worker blocks
        in the call queue's `get` holding the queue's read lock, so if it is killed there (the OOM killer, a
        user's `kill`) once every result is in, the other workers never get their stop sentinel and the
        executor joins them forever. A signal may cut the grace short; the workers are stopped all the same.
        """
        # The executor has no public way to reach its processes; `_processes` is stable since Python 3.2.
        processes = list((getattr(self.executor, "_processes", None) or {}).values())
        try:
            self.executor.shutdown(wait=False, cancel_futures=True)
            deadline = time.monotonic() + grace
            for process in processes:
                process.join(max(0.0, deadline - time.monotonic()))
        finally:
            with interrupt.deferred():  # a signal now must not leave a worker running
                _stop(processes)

    def collect(self, pending: deque[tuple[Future[ChunkResult], list[Item]]]) -> list[Processed]:
        """The results of the oldest pending chunk (waiting for it); survives a dead worker."""
        future, chunk = pending.popleft()
        try:
            result = future.result()
        except BrokenProcessPool:
            return self._recover(chunk, pending)
        self.crashes_in_a_row = 0
        self.stats.record(result)
        return result.items

    def _restart(self) -> None:
        self.stats.crashes += 1
        self.crashes_in_a_row += 1
        if self.crashes_in_a_row > MAX_CONSECUTIVE_CRASHES:
            raise NewsfactsError(
                f"worker processes died {self.crashes_in_a_row} times in a row: is there enough memory? "
                "Rerun with fewer --workers, then --resume"
            )
        self.shutdown()
        self.executor = self._start()

    def _recover(
        self, chunk: list[Item], pending: deque[tuple[Future[ChunkResult], list[Item]]]
    ) -> list[Processed]:
        """A worker died: restart, retry the lost chunk one document at a time, resubmit the rest."""
        self._restart()
        out: list[Processed] = []
        for item in chunk:
            try:
                result = self.submit([item]).result()
            except BrokenProcessPool:
                self._restart()
                out.append(to_processed(_crashed(item)))
                continue
            self.crashes_in_a_row = 0
            self.stats.record(result)
            out.extend(result.items)
        for i, (future, waiting) in enumerate(pending):
            finished = future.done() and not future.cancelled() and future.exception() is None
            if not finished:  # a chunk that finished before the crash keeps its result
                pending[i] = (self.submit(waiting), waiting)
        return out


def _stop(processes: Sequence[multiprocessing.process.BaseProcess]) -> None:
    """Terminate the processes still alive, kill those that outlast `STOP_SECONDS`, and reap them all."""
    alive = [p for p in processes if p.is_alive()]
    for process in alive:
        process.terminate()
    deadline = time.monotonic() + STOP_SECONDS
    for process in alive:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join()


def _crashed(item: Item) -> ErrorRecord:
    size = f" ({len(item.content):,} characters)" if isinstance(item, Document) else ""
    return worker_died(
        item,
        "WorkerCrashed",
        f"the worker process died while processing this document{size}: "
        "out of memory or a crash in native code; try a smaller --max-chars",
    )


def worker_died(item: Item, error: str, message: str) -> ErrorRecord:
    """The error line for an input whose worker process died (a read error passes through unchanged)."""
    if isinstance(item, ErrorRecord):
        return item
    return ErrorRecord(id=item.id, source=item.source, stage="worker", error=error, message=message)
