"""Batch extraction: inputs on disk → Articles JSONL + errors JSONL, with a summary.

Reads paths (files, directories, JSONL, '-') through `sources.read_inputs`; writes one `Article` per line to
the output and one `ErrorRecord` per failed input to the errors file, in input order. Every input is
accounted for: `Summary.articles + Summary.errors == Summary.documents`.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import jsonlines
from pydantic import BaseModel

from models import Article, ErrorRecord
from pipeline.errors import InputError
from pipeline.runner import extract_many
from pipeline.settings import Settings
from pipeline.sources import read_inputs

COUNTED_FIELDS = ("sections", "dates", "people", "organisations", "countries", "quantities", "facts")


@dataclass
class Summary:
    """What a batch run did: documents seen, articles written, errors written, records per field."""

    documents: int = 0
    articles: int = 0
    errors: int = 0
    fields: Counter[str] = field(default_factory=Counter)
    errors_by_stage: Counter[str] = field(default_factory=Counter)

    def add(self, result: Article | ErrorRecord) -> None:
        self.documents += 1
        if isinstance(result, Article):
            self.articles += 1
            for name in COUNTED_FIELDS:
                self.fields[name] += len(getattr(result, name))
        else:
            self.errors += 1
            self.errors_by_stage[result.stage] += 1

    def line(self) -> str:
        counts = ", ".join(f"{name} {self.fields[name]}" for name in COUNTED_FIELDS)
        errs = ""
        if self.errors:
            errs = (
                " (" + ", ".join(f"{stage}: {n}" for stage, n in sorted(self.errors_by_stage.items())) + ")"
            )
        return f"{self.documents} documents: {self.articles} articles, {self.errors} errors{errs}; {counts}"


def dumps(obj: Any) -> str:
    """JSON for one line: pydantic models serialise themselves (jsonlines also calls this with a plain dict)."""
    if isinstance(obj, BaseModel):
        return obj.model_dump_json()
    import json

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
    """Write each result to its file as one whole line, flushed, so a killed run leaves whole lines."""
    summary = Summary()
    out_writer = jsonlines.Writer(out, dumps=dumps, flush=True)
    err_writer = jsonlines.Writer(errors, dumps=dumps, flush=True)
    for result in results:
        (out_writer if isinstance(result, Article) else err_writer).write(result)
        summary.add(result)
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

    (workers, resume, engine, scheduler and progress are accepted but not yet used: one process, no resume.)

    Raises `InputError` before writing anything if an input path does not exist.
    """
    settings = settings or Settings()
    missing = [p for p in inputs if p != "-" and not Path(p).exists()]
    if missing:
        raise InputError(
            f"input not found: {missing[0]!r}: give an existing file, directory or '-' for stdin"
        )
    documents = read_inputs(inputs, published=settings.published)
    results = extract_many(documents, settings=settings)
    if output is None:
        errors_path = errors
        err_fh: IO[str] = errors_path.open("w", encoding="utf-8") if errors_path else sys.stderr
        try:
            return write_results(results, sys.stdout, err_fh, on_result=on_result)
        finally:
            if errors_path:
                err_fh.close()
    output.parent.mkdir(parents=True, exist_ok=True)
    errors_path = errors or default_errors_path(output)
    errors_path.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as out_fh, errors_path.open("w", encoding="utf-8") as err_fh2:
        return write_results(results, out_fh, err_fh2, on_result=on_result)
