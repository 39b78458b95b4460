"""Batch extraction: inputs on disk → Articles JSONL + errors JSONL, with a summary.

Reads paths (files, directories, JSONL, '-') through `sources.read_inputs`, streamed; runs them through
`parallel.run_ordered` (a local process pool, or this process with `workers=1`) or, with `engine="dask"`,
through `dask_engine` on a Dask cluster; writes one `Article` per line to the output and one `ErrorRecord`
per failed input to the errors file, in input order. Every input is accounted for:
`Summary.articles + Summary.errors == Summary.documents`.

Crash safety: every line is encoded to one bytes object and handed to the operating system in one `write()`
call on an unbuffered file descriptor (looping only if the OS takes part of it), in input order, the output
and errors files interleaved as the results come. A killed run therefore leaves whole lines, except at most a
partial last line per file, and the written lines are exactly a prefix of the inputs. `resume=True` drops a
trailing partial line, reads the ids already in OUT and the errors file, skips as many inputs with each id
(duplicate ids are counted, not collapsed) and appends the rest.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from pydantic import BaseModel

from models import Article, ErrorRecord
from pipeline.errors import InputError, SettingsError
from pipeline.parallel import COUNTED_FIELDS, Item, PoolStats, Processed, item_key, run_ordered, to_processed
from pipeline.settings import Settings
from pipeline.sources import STDIN, SUFFIXES, read_inputs

__all__ = [
    "COUNTED_FIELDS",
    "Summary",
    "default_errors_path",
    "dumps",
    "extract_files",
    "write_results",
]

ENGINES = ("local", "dask")


@dataclass
class Summary:
    """What a batch run did: documents seen, articles written, errors written, records per field.

    With `--resume`, the lines already in the output count too (`resumed` says how many), so the summary
    describes the whole output: `articles + errors == documents` and the files hold that many lines.
    """

    documents: int = 0
    articles: int = 0
    errors: int = 0
    fields: Counter[str] = field(default_factory=Counter)
    errors_by_stage: Counter[str] = field(default_factory=Counter)
    resumed: int = 0
    worker_crashes: int = 0

    def add(self, result: Article | ErrorRecord) -> None:
        if isinstance(result, Article):
            counts = tuple(len(getattr(result, name)) for name in COUNTED_FIELDS)
            self.add_processed(Processed(item_key(result), "", True, None, counts))
        else:
            self.add_processed(Processed(item_key(result), "", False, result.stage))

    def add_processed(self, result: Processed) -> None:
        """Count one result (as the workers hand it over, already serialised)."""
        self.documents += 1
        if result.article:
            self.articles += 1
            for name, n in zip(COUNTED_FIELDS, result.counts, strict=True):
                self.fields[name] += n
        else:
            self.errors += 1
            self.errors_by_stage[result.stage or "unknown"] += 1

    def line(self) -> str:
        counts = ", ".join(f"{name} {self.fields[name]}" for name in COUNTED_FIELDS)
        errs = ""
        if self.errors:
            errs = (
                " (" + ", ".join(f"{stage}: {n}" for stage, n in sorted(self.errors_by_stage.items())) + ")"
            )
        resumed = f" ({self.resumed} already written, skipped)" if self.resumed else ""
        return f"{self.documents} documents{resumed}: {self.articles} articles, {self.errors} errors{errs}; {counts}"


def dumps(obj: Any) -> str:
    """JSON for one line: pydantic models serialise themselves (jsonlines also calls this with a plain dict)."""
    if isinstance(obj, BaseModel):
        return obj.model_dump_json()
    return json.dumps(obj, ensure_ascii=False)


def default_errors_path(output: Path) -> Path:
    """`out/articles.jsonl` → `out/articles.errors.jsonl`."""
    return output.with_name(output.name.removesuffix(".jsonl") + ".errors.jsonl")


def write_results(
    results: Iterable[Article | ErrorRecord],
    out: IO[str],
    errors: IO[str],
    *,
    on_result: Callable[[Article | ErrorRecord], None] | None = None,
) -> Summary:
    """Write each result to its file as one whole line (one write call, then flush). Returns the summary."""
    summary = Summary()
    sinks = (_StreamSink(out), _StreamSink(errors))
    for result in results:
        processed = to_processed(result)
        (sinks[0] if processed.article else sinks[1]).write(processed.line)
        summary.add_processed(processed)
        if on_result:
            on_result(result)
    return summary


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

    Raises `InputError` before writing anything if an input path does not exist, `SettingsError` for an
    option that cannot work (unknown engine, `resume` to standard output, Dask not installed).
    """
    settings = settings or Settings()
    n_workers = _workers(workers)
    if engine not in ENGINES:
        raise SettingsError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    if scheduler and engine != "dask":
        raise SettingsError("--scheduler needs --engine dask")
    missing = [p for p in inputs if p != STDIN and not Path(p).exists()]
    if missing:
        raise InputError(
            f"input not found: {missing[0]!r}: give an existing file, directory or '-' for stdin"
        )
    if engine == "dask":
        if output is None:
            raise SettingsError("--engine dask writes one file per partition: give -o OUT_DIR/, not '-'")
        from pipeline.dask_engine import extract_to_parts

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
    if output is None:
        if resume:
            raise SettingsError("--resume needs an output file (-o OUT.jsonl), not standard output")
        err_sink: _Sink = _FileSink(errors, append=False) if errors else _StreamSink(sys.stderr)
        try:
            return _run_local(
                inputs, _StreamSink(sys.stdout), err_sink, settings, n_workers, {}, progress, on_result
            )
        finally:
            err_sink.close()
    errors_path = errors or default_errors_path(output)
    if errors_path.resolve() == output.resolve():
        raise SettingsError(f"the errors file must differ from the output: {str(output)!r}")
    done: dict[str, deque[Processed]] = {}
    if resume:
        done = read_written([(output, True), (errors_path, False)])
    output.parent.mkdir(parents=True, exist_ok=True)
    errors_path.parent.mkdir(parents=True, exist_ok=True)
    out_sink, err_sink2 = _FileSink(output, append=resume), _FileSink(errors_path, append=resume)
    try:
        return _run_local(inputs, out_sink, err_sink2, settings, n_workers, done, progress, on_result)
    finally:
        out_sink.close()
        err_sink2.close()


def _workers(workers: int | None) -> int:
    if workers is None:
        return os.cpu_count() or 1
    if workers < 1:
        raise SettingsError(f"--workers must be at least 1, got {workers}")
    return workers


def _run_local(
    inputs: Sequence[str],
    out: _Sink,
    errors: _Sink,
    settings: Settings,
    workers: int,
    done: dict[str, deque[Processed]],
    progress: bool,
    on_result: Callable[[Article | ErrorRecord], None] | None,
) -> Summary:
    summary = Summary()
    bar = Progress(inputs, initial=sum(len(v) for v in done.values())) if progress else None
    stats = PoolStats()
    try:
        todo = skip_written(read_inputs(inputs), done, summary)
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


def parse_line(result: Processed) -> Article | ErrorRecord:
    """The model back from a serialised result (only when a caller asked for objects)."""
    if result.article:
        return Article.model_validate_json(result.line)
    return ErrorRecord.model_validate_json(result.line)


def skip_written(
    items: Iterable[Item], done: dict[str, deque[Processed]], summary: Summary
) -> Iterator[Item]:
    """The inputs not yet written; each skipped one is counted in `summary` from its written line."""
    for item in items:
        if done:
            written = done.get(item_key(item))
            if written:
                summary.add_processed(written.popleft())
                summary.resumed += 1
                if not written:
                    del done[item_key(item)]
                continue
        yield item


def read_written(files: Sequence[tuple[Path, bool]]) -> dict[str, deque[Processed]]:
    """What earlier runs wrote: key → its lines (as `Processed`, without the text), for `--resume`.

    `files` pairs each path with True for an articles file, False for an errors file. A trailing partial
    line (a run killed mid-write) is cut off the file here. Raises `InputError` for a line that is not JSON.
    """
    done: dict[str, deque[Processed]] = {}
    for path, articles in files:
        for record in _written_lines(path):
            if articles:
                counts = tuple(len(record.get(name) or ()) for name in COUNTED_FIELDS)
                key = str(record.get("id"))
                processed = Processed(key, "", True, None, counts)
            else:
                key = str(record["id"]) if record.get("id") is not None else f"source:{record.get('source')}"
                processed = Processed(key, "", False, str(record.get("stage") or "unknown"))
            done.setdefault(key, deque()).append(processed)
    return done


def _written_lines(path: Path) -> Iterator[dict[str, Any]]:
    if not path.is_file():
        return
    with path.open("rb") as fh:
        offset = 0
        for number, raw in enumerate(fh, start=1):
            if not raw.endswith(b"\n"):
                fh.close()
                os.truncate(path, offset)  # the partial last line of a killed run: it is redone
                return
            offset += len(raw)
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as e:
                raise InputError(
                    f"{path} line {number} is not JSON ({e.msg}): --resume needs a file newsfacts wrote; "
                    "fix or remove the line, or run without --resume"
                ) from e
            if not isinstance(record, dict):
                raise InputError(
                    f"{path} line {number} is not a JSON object: --resume needs a file newsfacts wrote"
                )
            yield record


class _Sink(Protocol):
    def write(self, line: str) -> None: ...
    def close(self) -> None: ...


class _FileSink:
    """Appends whole lines to a file: one `os.write` per line, no user-space buffer to lose."""

    def __init__(self, path: Path, *, append: bool) -> None:
        flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC)
        self._fd = os.open(path, flags, 0o666)

    def write(self, line: str) -> None:
        data = memoryview((line + "\n").encode("utf-8"))
        while data:
            data = data[os.write(self._fd, data) :]

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


class _StreamSink:
    """Writes whole lines to a text stream (stdout, stderr, an open file): one write call, then flush."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, line: str) -> None:
        self._stream.write(line + "\n")
        self._stream.flush()

    def close(self) -> None:
        pass


class Progress:
    """A tqdm bar on standard error: documents, documents/s, errors and (when inputs can be counted) ETA."""

    def __init__(self, inputs: Sequence[str], *, initial: int = 0) -> None:
        from tqdm import tqdm  # installed with spaCy; imported only when a bar is shown

        total = count_inputs(inputs)
        self._bar = tqdm(
            total=total,
            initial=min(initial, total or initial),
            unit="doc",
            file=sys.stderr,
            dynamic_ncols=True,
        )
        self._errors = -1

    def update(self, summary: Summary, n: int = 1) -> None:
        if summary.errors != self._errors:
            self._errors = summary.errors
            self._bar.set_postfix_str(f"errors={summary.errors}", refresh=False)
        self._bar.update(n)

    def close(self) -> None:
        self._bar.close()


def count_inputs(inputs: Sequence[str]) -> int | None:
    """About how many documents the inputs hold (files, plus lines of JSONL files), for the ETA.

    None when it cannot be known in advance (standard input).
    """
    total = 0
    for p in inputs:
        if p == STDIN:
            return None
        path = Path(p)
        files = (
            (f for f in path.rglob("*") if f.suffix.lower() in SUFFIXES and f.is_file())
            if path.is_dir()
            else [path]
        )
        for f in files:
            total += _count_lines(f) if f.suffix.lower() == ".jsonl" else 1
    return total


def _count_lines(path: Path) -> int:
    n, last = 0, b"\n"
    try:
        with path.open("rb") as fh:
            while block := fh.read(1 << 20):
                n += block.count(b"\n")
                last = block[-1:]
    except OSError:
        return 1
    return n + (last != b"\n")
