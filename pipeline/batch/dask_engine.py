"""The Dask engine: the same per-chunk function as the local pool, run on a Dask cluster.

Reads the inputs here, in the client, streamed (the workers need not see the input files), cuts them into
partitions of `partition_size` documents and submits `pool.process_chunk(settings, partition)` for each;
every worker process keeps one `Pipeline` (one model) in a module-level cache (`pool.worker_pipeline`).
Writes, in the output directory, one `part-NNNNN.jsonl` per partition (its Articles, in input order; possibly
empty) and an `errors-NNNNN.jsonl` when the partition had failures; partitions are numbered in input order,
so `cat part-*.jsonl` is the local engine's output. Each part is written to a temporary name and renamed when
complete, so a killed run leaves only whole parts; `resume=True` skips the ids already in the parts and
numbers the new parts after the last one. Without `resume`, parts left by an earlier run are removed.

The output directory is locked (`flock`, exclusive) for the whole run, so a second run on it stops with
`OutputLocked` before touching it; an input that is the output directory or one of its parts is refused
(`UsageError`), and a directory walk skips the output directory. A part that cannot be written (disk full)
stops the run with `OutputError`; the parts already renamed stay, for `--resume`.

At most two partitions per worker are in flight, so the client's memory stays bounded. A partition whose
worker died repeatedly (Dask's `KilledWorker`) becomes error lines with stage "worker"; the run goes on.

Dask is an optional extra (`pip install 'newsfacts[dask]'`); this module is imported only with
`--engine dask`. Workers of a remote cluster need newsfacts and the model installed, and run best with one
thread each (`dask worker tcp://HOST:PORT --nthreads 1`): spaCy holds the GIL.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from models import Article, ErrorRecord
from pipeline.batch import interrupt
from pipeline.batch.pool import (
    ChunkResult,
    Item,
    Processed,
    chunked,
    process_chunk,
    to_processed,
    worker_died,
)
from pipeline.batch.sinks import Progress, Summary, parse_line, read_written, skip_written, write_failed
from pipeline.errors import OutputLocked, SettingsError, UsageError
from pipeline.settings import Settings
from pipeline.sources import STDIN, read_inputs

if sys.platform != "win32":
    import fcntl

PARTITION_SIZE = 64
INSTALL_HINT = "pip install 'newsfacts[dask]'"
_PART = re.compile(r"(part|errors)-(\d{5,})\.jsonl")


def extract_to_parts(
    inputs: Sequence[str],
    out_dir: Path,
    *,
    settings: Settings,
    workers: int,
    scheduler: str | None = None,
    resume: bool = False,
    progress: bool = False,
    on_result: Callable[[Article | ErrorRecord], None] | None = None,
    partition_size: int = PARTITION_SIZE,
) -> Summary:
    """Run the pipeline over the inputs on a Dask cluster, writing parts into `out_dir`. Returns the summary.

    `scheduler` is a Dask scheduler address (tcp://HOST:PORT); None starts a local cluster of `workers`
    single-threaded worker processes. `on_result` is called with each result as its partition finishes
    (partitions may finish out of order). Raises `SettingsError` if Dask is not installed or the scheduler
    cannot be reached, `UsageError` if `out_dir` is a file, cannot be created or is (or holds) an input,
    `OutputLocked` if another run is writing it, `OutputError` if a part cannot be written.
    """
    distributed = _import_distributed()
    _check_out_dir(inputs, out_dir)
    lock = _lock_dir(out_dir)
    try:
        return _run(
            distributed,
            inputs,
            out_dir,
            settings=settings,
            workers=workers,
            scheduler=scheduler,
            resume=resume,
            progress=progress,
            on_result=on_result,
            partition_size=partition_size,
        )
    finally:
        os.close(lock)


def _check_out_dir(inputs: Sequence[str], out_dir: Path) -> None:
    """Raise `UsageError` unless `out_dir` can be the output directory: not a file, not an input, no part
    file of it an input (a run without --resume deletes them)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(
            f"--engine dask writes one file per partition into a directory, but {str(out_dir)!r} is a file: "
            "give -o OUT_DIR/"
        )
    if not out_dir.exists():
        return
    for p in inputs:
        path = Path(p)
        if p == STDIN:
            continue
        inside = _PART.fullmatch(path.name) is not None and _same(path.parent, out_dir)
        if _same(path, out_dir) or inside:
            raise UsageError(
                f"the input {p!r} is the output directory {str(out_dir)!r} or one of its parts, which the run "
                "replaces: give -o another directory"
            )


def _same(a: Path, b: Path) -> bool:
    """True when both paths exist and are one file or directory, whatever their spelling."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _lock_dir(out_dir: Path) -> int:
    """Create `out_dir` and hold an exclusive lock on it; the open descriptor (close it to release)."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(out_dir, os.O_RDONLY)
    except OSError as e:
        raise UsageError(
            f"cannot create the output directory {str(out_dir)!r}: {e.strerror or e}: "
            "give -o a directory you can write"
        ) from e
    if sys.platform != "win32":
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputLocked(
                f"the output directory {str(out_dir)!r} is locked: another newsfacts run is writing it; "
                "wait for that run to end, or give -o another directory"
            ) from None
        except OSError:
            pass  # a file system without locks (some network mounts): better unlocked than not at all
    return fd


def _prepare(out_dir: Path, resume: bool) -> tuple[dict[str, deque[Processed]], int]:
    """Clear what an earlier run left in `out_dir` (all of it, or with `resume` only temporary files);
    returns what is already written and the next partition number."""
    existing = _parts(out_dir)
    for tmp in out_dir.glob(".*.jsonl.tmp"):
        tmp.unlink()
    done: dict[str, deque[Processed]] = {}
    if resume:
        done = read_written([(path, kind == "part") for (kind, _), path in sorted(existing.items())])
    else:
        for path in existing.values():
            path.unlink()
    next_index = max((index + 1 for _, index in existing), default=0) if resume else 0
    return done, next_index


def _run(
    distributed: Any,
    inputs: Sequence[str],
    out_dir: Path,
    *,
    settings: Settings,
    workers: int,
    scheduler: str | None,
    resume: bool,
    progress: bool,
    on_result: Callable[[Article | ErrorRecord], None] | None,
    partition_size: int,
) -> Summary:
    """The run proper, once `out_dir` is locked: parts of an earlier run cleared (or, with `resume`, read),
    partitions submitted to the cluster and each written as it finishes."""
    done, next_index = _prepare(out_dir, resume)
    summary = Summary()
    bar = (
        Progress(inputs, initial=sum(len(v) for v in done.values()), exclude=[out_dir]) if progress else None
    )
    cluster: Any = None
    try:
        if scheduler:
            try:
                client = distributed.Client(scheduler, timeout="10s")
            except (OSError, TimeoutError) as e:
                raise SettingsError(
                    f"cannot reach the Dask scheduler at {scheduler!r} ({e}): start one with "
                    "`dask scheduler` and workers with `dask worker ADDRESS --nthreads 1`, or drop --scheduler "
                    "to use a local cluster"
                ) from e
        else:
            with (
                interrupt.starting_workers()
            ):  # Ctrl-C reaches the workers too: they start with SIGINT blocked
                cluster = distributed.LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    # no dashboard, and the scheduler's HTTP server on a free port: 8787 may be another's
                    scheduler_kwargs={"dashboard_address": ":0"},
                    silence_logs=logging.CRITICAL,
                )
            client = distributed.Client(cluster)
        with client:
            n_workers = max(1, len(client.scheduler_info().get("workers", {})))
            limit = 2 * n_workers
            completed = distributed.as_completed()
            partitions: dict[Any, tuple[int, list[Item]]] = {}

            def finish() -> None:
                future = next(completed)
                index, items = partitions.pop(future)
                try:
                    result: ChunkResult = future.result()
                    results = result.items
                except distributed.KilledWorker:
                    results = [to_processed(_killed(item)) for item in items]
                _write_part(out_dir, index, results)
                for processed in results:
                    summary.add_processed(processed)
                    if on_result:
                        on_result(parse_line(processed))
                if bar:
                    bar.update(summary, len(results))

            todo = skip_written(read_inputs(inputs, exclude=[out_dir]), done, summary)
            for index, items in enumerate(chunked(todo, size=partition_size), start=next_index):
                future = client.submit(process_chunk, settings, items, pure=False)
                partitions[future] = (index, items)
                completed.add(future)
                while len(partitions) >= limit:
                    finish()
            while partitions:
                finish()
    finally:
        if cluster is not None:
            cluster.close()
        if bar:
            bar.close()
    return summary


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError as e:
        raise SettingsError(f"--engine dask needs Dask, which is not installed: {INSTALL_HINT}") from e
    return distributed


def _parts(out_dir: Path) -> dict[tuple[str, int], Path]:
    """The complete part files in `out_dir`: (kind, index) → path."""
    found: dict[tuple[str, int], Path] = {}
    for path in out_dir.iterdir():
        match = _PART.fullmatch(path.name)
        if match and path.is_file():
            found[(match.group(1), int(match.group(2)))] = path
    return found


def _write_part(out_dir: Path, index: int, results: list[Processed]) -> None:
    """part-NNNNN.jsonl (always) and errors-NNNNN.jsonl (if any), each renamed into place when complete.

    A crash between the two renames loses nothing: `--resume` redoes the inputs of the file not yet renamed.
    """
    articles = [r.line for r in results if r.article]
    errors = [r.line for r in results if not r.article]
    if errors:
        _write_atomic(out_dir / f"errors-{index:05d}.jsonl", errors)
    _write_atomic(out_dir / f"part-{index:05d}.jsonl", articles)


def _write_atomic(path: Path, lines: list[str]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            fh.writelines(line + "\n" for line in lines)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as e:
        raise write_failed(repr(str(path)), e) from e


def _killed(item: Item) -> ErrorRecord:
    return worker_died(
        item,
        "KilledWorker",
        "Dask workers died repeatedly while processing this document's partition (out of memory or a "
        "crash in native code): try a smaller --max-chars or workers with more memory",
    )
