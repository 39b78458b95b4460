"""Sinks of a batch run: whole-line writes, the summary, resuming, the progress bar.

Reads the results the engines hand over (`pool.Processed`: a serialised line and its counts) and the files
a killed run left; writes one `Article` per line to the output and one `ErrorRecord` per failed input to the
errors file, through `jsonlines.Writer`. Shared by the local engine (`run.py`) and the Dask engine
(`dask_engine.py`), which import this module and never each other.

Crash safety: every line is encoded to one bytes object and handed to the operating system in one `write()`
call on an unbuffered file descriptor (looping only if the OS takes part of it), in input order, the output
and errors files interleaved as the results come. A killed run therefore leaves whole lines, except at most a
partial last line per file, and the written lines are exactly a prefix of the inputs. Resuming drops a
trailing partial line, reads the ids already in OUT and the errors file, skips as many inputs with each id
(duplicate ids are counted, not collapsed) and appends the rest. Each output file is locked (`flock`,
exclusive, released when the process ends, even by kill -9), so a second run on it stops with `OutputLocked`
before touching it; a write that fails (disk full, I/O error) raises `OutputError`, leaving whole lines and
at most one partial last line per file.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol, cast

import jsonlines
from pydantic import BaseModel

from models import Article, ErrorRecord
from pipeline.batch.pool import COUNTED_FIELDS, Item, Processed, item_key, to_processed
from pipeline.errors import InputError, OutputError, OutputLocked, UsageError
from pipeline.sources import STDIN, identities, input_files

if sys.platform != "win32":
    import fcntl


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
    """JSON for one line, as the sinks' `jsonlines.Writer` asks for it: a line the workers serialised already
    stays as it is, pydantic models serialise themselves, anything else goes through `json`."""
    if isinstance(obj, str):
        return obj
    if isinstance(obj, BaseModel):
        return obj.model_dump_json()
    return json.dumps(obj, ensure_ascii=False)


class _WholeLines:
    """The text 'file' under a sink's `jsonlines.Writer`: the writer writes a line and its newline in two
    calls; this hands each finished line to `emit` in one piece, so a line is never half written."""

    def __init__(self, emit: Callable[[str], None]) -> None:
        self._emit = emit
        self._parts: list[str] = []

    def write(self, text: str) -> int:
        self._parts.append(text)
        if text.endswith("\n"):
            line, self._parts = "".join(self._parts), []
            self._emit(line)
        return len(text)

    def flush(self) -> None:
        pass


def _line_writer(emit: Callable[[str], None]) -> jsonlines.Writer:
    return jsonlines.Writer(cast(IO[str], _WholeLines(emit)), dumps=dumps)


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
    sinks = (StreamSink(out, "the output"), StreamSink(errors, "the errors stream"))
    for result in results:
        processed = to_processed(result)
        (sinks[0] if processed.article else sinks[1]).write(processed.line)
        summary.add_processed(processed)
        if on_result:
            on_result(result)
    return summary


def open_sinks(files: Sequence[tuple[Path, str]]) -> list[FileSink]:
    """Open (creating them) and lock each output file, in order; close those opened if one fails."""
    sinks: list[FileSink] = []
    try:
        for path, option in files:
            sinks.append(FileSink(path, option))
            sinks[-1].lock()
    except BaseException:
        for sink in sinks:
            sink.close()
        raise
    return sinks


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
    """The records of an output file a run wrote, read with jsonlines; a partial last line (a killed run)
    is cut off the file, to be redone."""
    if not path.is_file():
        return
    with path.open("rb") as fh, jsonlines.Reader(_complete_lines(path, fh)) as reader:
        while True:
            try:
                record = reader.read(type=dict, skip_empty=True)
            except EOFError:
                return
            except jsonlines.InvalidLineError as e:
                raise InputError(
                    f"{path} line {e.lineno} is not a JSON object ({e}): --resume needs a file newsfacts "
                    "wrote; fix or remove the line, or run without --resume"
                ) from e
            yield record


def _complete_lines(path: Path, fh: IO[bytes]) -> Iterator[bytes]:
    offset = 0
    for raw in fh:
        if not raw.endswith(b"\n"):
            os.truncate(path, offset)
            return
        offset += len(raw)
        yield raw


class Sink(Protocol):
    def write(self, line: str) -> None: ...
    def close(self) -> None: ...


class FileSink:
    """Appends whole lines to a file: one `os.write` per line, no user-space buffer to lose.

    Opening creates the file (and its directory) but empties nothing: `lock` first, then `truncate`. `option`
    (-o, --errors) is named in messages. Raises `UsageError` if the file cannot be created or opened.
    """

    def __init__(self, path: Path, option: str) -> None:
        self.path = path
        self._option = option
        self._what = "the output" if option == "-o" else "the errors file"
        self._fd = -1
        try:
            self._fd = self._open()
        except OSError as e:
            raise UsageError(
                f"cannot write {self._what} {str(path)!r}: {e.strerror or e}: "
                f"give {option} a path in a directory you can write"
            ) from e
        self._regular = stat.S_ISREG(os.fstat(self._fd).st_mode)
        self._writer = _line_writer(self._write_whole)

    def _open(self) -> int:
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND
        try:
            return os.open(self.path, flags, 0o666)
        except FileNotFoundError:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return os.open(self.path, flags, 0o666)

    def lock(self) -> None:
        """Take an exclusive lock on the file, or raise `OutputLocked` (another run holds it).

        The kernel drops the lock when the file is closed or the process ends, however it ends. Only
        regular files are locked: two runs may both write to /dev/null.
        """
        if not self._regular or sys.platform == "win32":
            return
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputLocked(
                f"{self._what} {str(self.path)!r} is locked: another newsfacts run is writing it; wait for "
                f"that run to end, or give {self._option} another path"
            ) from None
        except OSError:
            pass  # a file system without locks (some network mounts): better unlocked than not at all

    def truncate(self, *, keep: bool) -> None:
        """Empty the file (a fresh run), unless `keep` (a resumed run appends)."""
        if not keep and self._regular:
            try:
                os.ftruncate(self._fd, 0)
            except OSError as e:
                raise write_failed(repr(str(self.path)), e) from e

    def write(self, line: str) -> None:
        self._writer.write(line)

    def _write_whole(self, line: str) -> None:
        data = memoryview(line.encode("utf-8"))
        try:
            while data:
                data = data[os.write(self._fd, data) :]
        except BrokenPipeError:
            raise
        except OSError as e:
            raise write_failed(repr(str(self.path)), e) from e

    def close(self) -> None:
        if self._fd >= 0:
            fd, self._fd = self._fd, -1
            os.close(fd)


class StreamSink:
    """Writes whole lines to a text stream (stdout, stderr, an open file): one write call, then flush.

    `where` names the stream in the `OutputError` raised when a write fails.
    """

    def __init__(self, stream: IO[str], where: str) -> None:
        self._stream = stream
        self._where = where
        self._writer = _line_writer(self._write_whole)

    def write(self, line: str) -> None:
        self._writer.write(line)

    def _write_whole(self, line: str) -> None:
        try:
            self._stream.write(line)
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as e:
            raise write_failed(self._where, e, resume=False) from e

    def close(self) -> None:
        pass


def write_failed(where: str, e: OSError, *, resume: bool = True) -> OutputError:
    """The error that stops a run whose output cannot be written (`where`: the file, quoted, or the stream)."""
    fix = "free space" if e.errno in (errno.ENOSPC, errno.EDQUOT) else "fix the cause"
    then = "then run again with --resume" if resume else "then run again"
    return OutputError(f"cannot write {where}: {e.strerror or e}: {fix}, {then}")


class Progress:
    """A tqdm bar on standard error: documents, documents/s, errors and (when inputs can be counted) ETA."""

    def __init__(self, inputs: Sequence[str], *, initial: int = 0, exclude: Sequence[Path] = ()) -> None:
        from tqdm import tqdm  # installed with spaCy; imported only when a bar is shown

        total = count_inputs(inputs, exclude=exclude)
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


def count_inputs(inputs: Sequence[str], *, exclude: Sequence[Path] = ()) -> int | None:
    """About how many documents the inputs hold (files, plus lines of JSONL files), for the ETA.

    None when it cannot be known in advance (standard input). Walks the inputs as the reader does.
    """
    total = 0
    skip = identities(exclude)
    for p in inputs:
        if p == STDIN:
            return None
        for found in input_files(p, skip):
            if isinstance(found, ErrorRecord) or found[0].suffix.lower() != ".jsonl":
                total += 1
            else:
                total += _count_lines(found[0])
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
