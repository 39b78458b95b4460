"""Batch extraction: inputs on disk → Articles JSONL + errors JSONL, with a summary.

Reads paths (files, directories, JSONL, '-') through `sources.read_inputs`, streamed; runs them through
`pool.run_ordered` (a local process pool, or this process with `workers=1`) or, with `engine="dask"`,
through `dask_engine` on a Dask cluster; writes through `sinks` one `Article` per line to the output and one
`ErrorRecord` per failed input to the errors file, in input order. Every input is accounted for:
`Summary.articles + Summary.errors == Summary.documents`. How a line is written, resumed and locked:
`sinks.py`.

Nothing lost, whatever the paths: OUT or the errors file naming an input (any spelling, a link) is refused
before anything is opened (`UsageError`); a directory walk skips the run's own output files; a path that
cannot be created is a `UsageError`.
"""

from __future__ import annotations

import json
import os
import sys
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path

from models import Article, ErrorRecord
from pipeline.batch.pool import PoolStats, Processed, run_ordered
from pipeline.batch.sinks import (
    Progress,
    Sink,
    StreamSink,
    Summary,
    default_errors_path,
    open_sinks,
    parse_line,
    read_written,
    skip_written,
)
from pipeline.errors import InputError, UsageError
from pipeline.lexicon_check import check_lexicons
from pipeline.settings import Settings
from pipeline.sources import STDIN, SUFFIXES, read_inputs

__all__ = ["ENGINES", "extract_files", "refuse_overwriting"]

ENGINES = ("local", "dask")


def extract_files(
    inputs: Sequence[str],
    output: Path | None,
    *,
    errors: Path | None = None,
    settings: Settings | None = None,
    workers: int | None = None,
    resume: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool = False,
    on_result: Callable[[Article | ErrorRecord], None] | None = None,
) -> Summary:
    """Run the pipeline over input paths; `output` None means standard output. Returns the summary.

    `workers`: processes (default: the number of CPUs; 1 runs in this process). `resume`: skip the inputs
    whose ids are already in `output` and the errors file, append the rest. `engine`: "local" or "dask"
    (then `output` is a directory of parts and `scheduler` a Dask address, or None for a local cluster).
    `progress`: a progress bar on standard error. `on_result` is called with each result, in order.

    Raises, before writing anything: `InputError` if an input path does not exist, `UsageError` for an option
    that cannot work (unknown engine, `resume` to standard output, `workers` < 1) and for an output that names
    an input or cannot be created, `SettingsError` if Dask is needed and not installed, `OutputLocked` if
    another run is writing the output, `LexiconError` if a lexicon in data/lexicons breaks its model.
    Raises `OutputError` if writing fails midway (disk full): what was written stays, for `--resume`.
    """
    check_lexicons()  # before a worker starts or an output is emptied
    settings = settings or Settings()
    n_workers = _workers(workers)
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    if scheduler and engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    missing = [p for p in inputs if p != STDIN and not os.path.lexists(p)]
    if missing:
        raise InputError(
            f"input not found: {missing[0]!r}: give an existing file, directory or '-' for stdin"
        )
    if engine == "dask":
        if output is None:
            raise UsageError("--engine dask writes one file per partition: give -o OUT_DIR/, not '-'")
        from pipeline.batch.dask_engine import extract_to_parts

        return extract_to_parts(
            inputs,
            output,
            settings=settings,
            workers=n_workers,
            scheduler=scheduler,
            resume=resume,
            progress=progress,
            on_result=on_result,
        )
    if output is None and resume:
        raise UsageError("--resume needs an output file (-o OUT.jsonl), not standard output")
    files: list[tuple[Path, str]] = []
    if output is not None:
        errors = errors or default_errors_path(output)
        if _same_file(errors, output):
            raise UsageError(f"the errors file must differ from the output: {str(output)!r}")
        files.append((output, "-o"))
    if errors is not None:
        files.append((errors, "--errors"))
    refuse_overwriting(inputs, files)
    sinks = open_sinks(files)
    try:
        done = read_written([(path, option == "-o") for path, option in files]) if resume else {}
        for sink in sinks:
            sink.truncate(keep=resume)
        out = sinks[0] if output is not None else StreamSink(sys.stdout, "standard output")
        err = sinks[-1] if errors is not None else StreamSink(sys.stderr, "standard error")
        exclude = [path for path, _ in files]
        return _run_local(inputs, out, err, settings, n_workers, done, progress, on_result, exclude)
    finally:
        for sink in sinks:
            sink.close()


def refuse_overwriting(inputs: Sequence[str], files: Sequence[tuple[Path, str]]) -> None:
    """Raise `UsageError` if an output file (path, its option) is one of the inputs, whatever its spelling.

    Checked before anything is opened: opening the output truncates it.
    """
    for path, option in files:
        what = "the output" if option == "-o" else "the errors file"
        for p in inputs:
            if p != STDIN and _same_file(path, Path(p)):
                raise UsageError(
                    f"{what} {str(path)!r} is the input {p!r}: writing it would destroy the input before "
                    f"it is read; give {option} another path"
                )
            if p != STDIN and _inside(path, Path(p)) and _holds_documents(path):
                # the walk skips the run's own files, but this one holds input documents, not our records
                raise UsageError(
                    f"{what} {str(path)!r} is a file of input documents inside the input directory {p!r}: "
                    f"writing it would destroy them; give {option} another path"
                )


def _inside(path: Path, directory: Path) -> bool:
    """`path` lies somewhere under `directory` (a directory given as input)."""
    if not directory.is_dir():
        return False
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(directory))
    except ValueError:
        return False
    return True


def _holds_documents(path: Path) -> bool:
    """An existing, non-empty file whose first line is not a record newsfacts writes (an Article or an error
    line): it is someone's input documents. A file we cannot read is left to fail where it is opened."""
    if path.suffix.lower() not in SUFFIXES:
        return False
    try:
        with path.open("rb") as fh:
            first = fh.readline(1 << 20)
    except OSError:
        return False
    if not first.strip():
        return False
    try:
        record = json.loads(first)
    except ValueError:
        return True  # text, HTML or a broken line: not ours
    if not isinstance(record, dict):
        return True
    return not (
        {"schema_version", "extractor"} <= record.keys() or {"stage", "error", "message"} <= record.keys()
    )


def _same_file(a: Path, b: Path) -> bool:
    """True when two paths name one file: the same spelling once resolved, or the same inode (a link)."""
    if os.path.realpath(a) == os.path.realpath(b):  # unlike Path.resolve, never raises on a link loop
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): it cannot be the other
        return False


def _workers(workers: int | None) -> int:
    if workers is None:
        return os.cpu_count() or 1
    if workers < 1:
        raise UsageError(f"--workers must be at least 1, got {workers}")
    return workers


def _run_local(
    inputs: Sequence[str],
    out: Sink,
    errors: Sink,
    settings: Settings,
    workers: int,
    done: dict[str, deque[Processed]],
    progress: bool,
    on_result: Callable[[Article | ErrorRecord], None] | None,
    exclude: Sequence[Path],
) -> Summary:
    summary = Summary()
    initial = sum(len(v) for v in done.values())
    bar = Progress(inputs, initial=initial, exclude=exclude) if progress else None
    stats = PoolStats()
    try:
        todo = skip_written(read_inputs(inputs, exclude=exclude), done, summary)
        for result in run_ordered(todo, settings, workers=workers, stats=stats):
            (out if result.article else errors).write(result.line)
            summary.add_processed(result)
            if bar:
                bar.update(summary)
            if on_result:
                on_result(parse_line(result))
    finally:
        if bar:
            bar.close()
    summary.worker_crashes = stats.crashes
    return summary
