"""The Dask engine: the same per-chunk function as the local pool, run on a Dask cluster.

Reads the inputs here, in the client, streamed (the workers need not see the input files), cuts them into
partitions of `partition_size` documents and submits `parallel.process_chunk(settings, partition)` for each;
every worker process keeps one `Pipeline` (one model) in a module-level cache (`parallel.worker_pipeline`).
Writes, in the output directory, one `part-NNNNN.jsonl` per partition (its Articles, in input order; possibly
empty) and an `errors-NNNNN.jsonl` when the partition had failures; partitions are numbered in input order,
so `cat part-*.jsonl` is the local engine's output. Each part is written to a temporary name and renamed when
complete, so a killed run leaves only whole parts; `resume=True` skips the ids already in the parts and
numbers the new parts after the last one. Without `resume`, parts left by an earlier run are removed.

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
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from models import Article, ErrorRecord
from pipeline.batch import Progress, Summary, parse_line, read_written, skip_written
from pipeline.errors import SettingsError
from pipeline.parallel import ChunkResult, Item, Processed, chunked, process_chunk, to_processed, worker_died
from pipeline.settings import Settings
from pipeline.sources import read_inputs

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
    (partitions may finish out of order). Raises `SettingsError` if Dask is not installed, the scheduler
    cannot be reached, or `out_dir` is a file.
    """
    distributed = _import_distributed()
    if out_dir.exists() and not out_dir.is_dir():
        raise SettingsError(
            f"--engine dask writes one file per partition into a directory, but {str(out_dir)!r} is a file: "
            "give -o OUT_DIR/"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
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

    summary = Summary()
    bar = Progress(inputs, initial=sum(len(v) for v in done.values())) if progress else None
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
            cluster = distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
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

            todo = skip_written(read_inputs(inputs), done, summary)
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
    with tmp.open("w", encoding="utf-8") as fh:
        fh.writelines(line + "\n" for line in lines)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _killed(item: Item) -> ErrorRecord:
    return worker_died(
        item,
        "KilledWorker",
        "Dask workers died repeatedly while processing this document's partition (out of memory or a "
        "crash in native code): try a smaller --max-chars or workers with more memory",
    )
