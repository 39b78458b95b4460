"""`make bench`: throughput and memory of batch extraction, as ratios to bare `nlp.pipe` of the same model.

Reads the sample article (data/samples/) and the gold inputs (data/gold/seed.jsonl, dev.jsonl,
timebank.jsonl); builds corpora of the requested sizes by cycling them (ids made unique) into JSONL files;
prints, in one run:
  - bare `nlp.pipe` over the same paragraph texts (cleaned and segmented beforehand, not timed), docs/s;
  - newsfacts with 1 worker (in this process, model already loaded) and its ratio to bare `nlp.pipe`;
  - the same ratio as a user meets it, end to end: `newsfacts extract --workers 1` on the corpus (a child
    process: start-up, model load, reading and writing included) against a child process that loads the
    model as `pipeline.nlp.load_model` does and runs bare `nlp.pipe` over the same paragraph texts;
  - both ratios `--rounds` times in turn (default 3) and their medians: on a shared machine one run of
    either side moves by a few per cent;
  - newsfacts with 2 workers (a fresh pool: the steady rate, from the first finished chunk, and the rate
    with start-up) and its ratio to 1 worker;
  - peak RSS of each worker process at every corpus size;
  - the time share of each stage of `pipeline.stages` (clean, segment, nlp, dates, ...), as the runner
    times them (`Pipeline.stage_seconds`), in this process, over the base documents;
  - one long document: the sample, then the sample `--long` times over (default 30), and how many times
    longer the second took (linear growth would be `--long` times);
  - one paragraph of `--paragraph` characters (default 900,000) through the CLI with `--timeout 20`: its
    peak RSS (target ≤ 1 GB) and how long it took to end.
The base documents are run once first (a probe, which also gives the stage shares); one that fails or takes
longer than `--probe-timeout` seconds is left out of the corpus and named, so one pathological page cannot
hang the benchmark.

Usage: python -m pipeline.tools.bench [--sizes 1000,20000] [--rounds 3] [--workers 2] [--probe-timeout 30] [--long 30]
                               [--paragraph 900000]
Targets (issues 6, 17): 1 worker ≥ 0.85 × bare nlp.pipe, in this process and end to end; 2 workers ≥ 1.8 × 1 worker; peak RSS per worker
≤ 600 MB and the same at both sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from pipeline import nlp, stages
from pipeline.batch.pool import PoolStats, run_ordered, to_processed, worker_pipeline
from pipeline.context import Document
from pipeline.settings import Settings
from pipeline.sources import clean, read_inputs, segment

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
GOLD = [ROOT / "data" / "gold" / name for name in ("seed.jsonl", "dev.jsonl", "timebank.jsonl")]


class _ProbeTimeout(Exception):
    pass


@dataclass
class Base:
    """One base document: its corpus line and its paragraph texts (what bare nlp.pipe gets)."""

    line: dict[str, Any]
    paragraphs: list[str]


@dataclass
class StageTimes:
    seconds: dict[str, float] = field(default_factory=dict)
    total: float = 0.0
    documents: int = 0


def base_documents() -> list[dict[str, Any]]:
    """The sample articles and the gold inputs as corpus lines {id, text|html, published}."""
    lines: list[dict[str, Any]] = []
    for path in sorted(SAMPLES.glob("*.txt")):
        lines.append({"id": path.name, "text": path.read_text(encoding="utf-8")})
    for gold in GOLD:
        with gold.open(encoding="utf-8") as fh:
            for raw in fh:
                row = json.loads(raw)
                key = "html" if row.get("format") == "html" else "text"
                lines.append({"id": row["id"], key: row["input"], "published": row.get("published")})
    return lines


def probe(
    lines: list[dict[str, Any]], settings: Settings, timeout: int
) -> tuple[list[Base], StageTimes, list[str]]:
    """Run each base document once in this process: stage times, paragraph texts, and the ones left out."""
    pipeline = worker_pipeline(settings)
    times = StageTimes()
    kept: list[Base] = []
    dropped: list[str] = []

    def alarm(signum: int, frame: FrameType | None) -> None:
        raise _ProbeTimeout

    previous = signal.signal(signal.SIGALRM, alarm)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "base.jsonl"
            path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
            items = list(read_inputs([str(path)]))
        for line, item in zip(lines, items, strict=True):
            if not isinstance(item, Document):
                dropped.append(f"{item.id} (error: {item.stage})")
                continue
            signal.alarm(timeout)
            try:
                start = time.perf_counter()
                before = dict(pipeline.stage_seconds)
                result = to_processed(pipeline.process(item))
                elapsed = time.perf_counter() - start
                doc_seconds = {k: v - before.get(k, 0.0) for k, v in pipeline.stage_seconds.items()}
                cleaned = clean.clean(item)
                paragraphs = [cleaned.text[p.start : p.end] for p in segment.segment(cleaned).paragraphs]
            except _ProbeTimeout:
                dropped.append(f"{item.id} (over {timeout} s)")
                continue
            finally:
                signal.alarm(0)
            for label, seconds in doc_seconds.items():  # only finished documents count
                times.seconds[label] = times.seconds.get(label, 0.0) + seconds
            times.total += elapsed
            times.documents += 1
            if not result.article:
                dropped.append(f"{item.id} (error: {result.stage})")
                continue
            kept.append(Base(line, paragraphs))
    finally:
        signal.signal(signal.SIGALRM, previous)
    return kept, times, dropped


def write_corpus(bases: list[Base], size: int, path: Path) -> list[str]:
    """`size` documents cycling through the bases, ids made unique; returns their paragraph texts."""
    texts: list[str] = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(size):
            base = bases[i % len(bases)]
            fh.write(json.dumps({**base.line, "id": f"{i:06d}/{base.line['id']}"}) + "\n")
            texts.extend(base.paragraphs)
    return texts


@dataclass
class Run:
    documents: int
    seconds: float
    steady_rate: float
    peak_rss_mb: list[float]

    @property
    def rate(self) -> float:
        return self.documents / self.seconds


def run_newsfacts(corpus: Path, out: Path, settings: Settings, workers: int) -> Run:
    """The batch path (read → run_ordered → one write per line), timed; peak RSS per worker."""
    stats = PoolStats()
    n = 0
    first_at: float | None = None
    first_n = 0
    start = time.perf_counter()
    with out.open("w", encoding="utf-8") as fh:
        for result in run_ordered(read_inputs([str(corpus)]), settings, workers=workers, stats=stats):
            fh.write(result.line + "\n")
            fh.flush()
            n += 1
            if first_at is None:
                first_at = time.perf_counter()
            first_n = first_n or n
    end = time.perf_counter()
    steady = (n - first_n) / (end - first_at) if first_at is not None and end > first_at else 0.0
    return Run(n, end - start, steady, [kb / 1024 for kb in stats.peak_rss_kb.values()])


# The bare side of the end-to-end ratio: what `pipeline.nlp.load_model` does (the first candidate that is an
# installed package or a model directory), then bare `nlp.pipe`. It imports only spaCy, not newsfacts, so
# that newsfacts' own start-up counts against it.
_BARE_CHILD = """
import json, sys
from pathlib import Path
import spacy
candidates, texts_path, batch_size = json.loads(sys.argv[1]), sys.argv[2], int(sys.argv[3])
for name in candidates:
    path = Path(name)
    if spacy.util.is_package(name) or (path.is_dir() and (path / "meta.json").exists()):
        try:
            nlp = spacy.load(name)
            break
        except (OSError, ValueError):
            continue
else:
    sys.exit("no spaCy model could be loaded")
texts = json.loads(Path(texts_path).read_text(encoding="utf-8"))
for _ in nlp.pipe(texts, batch_size=batch_size):
    pass
"""


def end_to_end(corpus: Path, texts: list[str], settings: Settings, tmp: Path) -> tuple[float, float]:
    """Wall-clock seconds of `newsfacts extract --workers 1` on the corpus and of bare `nlp.pipe` over its
    paragraph texts, each a fresh process timed from its start (imports and model load included)."""
    texts_path = tmp / "texts.json"
    texts_path.write_text(json.dumps(texts), encoding="utf-8")
    bare_command = [
        sys.executable,
        "-c",
        _BARE_CHILD,
        json.dumps(list(settings.models)),
        str(texts_path),
        str(settings.batch_size),
    ]
    out = tmp / "e2e.jsonl"
    extract_command = [sys.executable, "-m", "pipeline.cli", "extract", str(corpus), "-o", str(out)]
    seconds: list[float] = []
    for command in (bare_command, [*extract_command, "--workers", "1", "-q"]):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        seconds.append(time.perf_counter() - start)
    return seconds[1], seconds[0]


def one_worker_rounds(
    corpus: Path, texts: list[str], settings: Settings, tmp: Path, pipeline: Any, rounds: int
) -> Run:
    """Bare `nlp.pipe` against newsfacts with one worker, in this process and end to end, `rounds` times in
    turn; prints each round and the medians (on a shared machine either figure moves by a few per cent from
    one run to the next). Returns the last one-worker run, the base of the two-worker ratio."""
    size = sum(1 for _ in corpus.open(encoding="utf-8"))
    in_process: list[float] = []
    whole: list[float] = []
    one: Run | None = None
    for r in range(1, rounds + 1):
        start = time.perf_counter()
        for _ in pipeline.nlp.pipe(texts, batch_size=settings.batch_size):
            pass
        bare = size / (time.perf_counter() - start)
        one = run_newsfacts(corpus, tmp / "one.jsonl", settings, 1)
        cli, bare_cli = end_to_end(corpus, texts, settings, tmp)
        in_process.append(one.rate / bare)
        whole.append(bare_cli / cli)
        print(
            f"size {size}, round {r}: bare nlp.pipe {bare:.2f} docs/s ({len(texts)} paragraphs), newsfacts "
            f"1 worker {one.rate:.2f} docs/s = {in_process[-1]:.2f} × in this process (model loaded); end to "
            f"end, a fresh process each (start-up and model load included): `newsfacts extract --workers 1` "
            f"{cli:.1f} s, bare nlp.pipe {bare_cli:.1f} s = {whole[-1]:.2f} ×",
            flush=True,
        )
    print(
        f"size {size}: 1 worker, median of {rounds} rounds: {statistics.median(in_process):.2f} × bare "
        f"nlp.pipe in this process, {statistics.median(whole):.2f} × end to end (target ≥ 0.85 each)",
        flush=True,
    )
    assert one is not None
    return one


def long_document(pipeline: Any, times: int) -> None:
    """Print how the time for one document grows with its length: the sample, then the sample `times` over."""
    text = next(iter(sorted(SAMPLES.glob("*.txt")))).read_text(encoding="utf-8")
    seconds: list[float] = []
    for n in (1, times):
        document = Document(id=f"long-{n}", source=None, content="\n\n".join([text] * n), format="text")
        start = time.perf_counter()
        pipeline.process(document)
        seconds.append(time.perf_counter() - start)
    print(
        f"one long document: the sample ({len(text):,} characters) {seconds[0]:.1f} s; {times} times over "
        f"{seconds[1]:.1f} s = {seconds[1] / seconds[0]:.0f} × (linear: {times} ×)",
        flush=True,
    )


def long_paragraph(chars: int, timeout: int) -> None:
    """Print the peak memory and time of `newsfacts extract --timeout` on one paragraph of `chars` characters.

    Run as a child process so that its peak RSS is its own. Target (issue 13): at most 1 GB, and the
    document ends (an Article, or a timeout line) within about `timeout` seconds.
    """
    sentence = "The harbour board met again on Monday and agreed to buy 300 new cranes for the port. "
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "long.txt"
        source.write_text("One long paragraph\n\n" + sentence * (chars // len(sentence)), encoding="utf-8")
        out = Path(tmp) / "long.jsonl"
        command = [sys.executable, "-m", "pipeline.cli", "extract", str(source), "-o", str(out), "-q"]
        start = time.perf_counter()
        subprocess.run([*command, "--timeout", str(timeout)], check=False, capture_output=True)
        seconds = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        errors = Path(tmp) / "long.errors.jsonl"
        outcome = (
            "an Article" if out.stat().st_size else json.loads(errors.read_text("utf-8"))["stage"] + " line"
        )
    print(
        f"one paragraph of {chars:,} characters, --timeout {timeout}: {outcome} after {seconds:.1f} s, "
        f"peak RSS {peak_mb:,.0f} MB (target ≤ 1,024 MB, and about {timeout} s at most)",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.tools.bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--sizes", default="1000,20000", help="corpus sizes, comma-separated (first: ratios)")
    parser.add_argument("--workers", type=int, default=2, help="pool size of the parallel runs")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        metavar="N",
        help="1-worker rounds, bare and newsfacts in turn (median)",
    )
    parser.add_argument(
        "--probe-timeout", type=int, default=30, metavar="S", help="leave out slower documents"
    )
    parser.add_argument(
        "--long",
        type=int,
        default=30,
        metavar="N",
        help="also time one document of the sample repeated N times against the sample (0: skip)",
    )
    parser.add_argument(
        "--paragraph",
        type=int,
        default=900_000,
        metavar="CHARS",
        help="also run the CLI on one paragraph this long, for its peak memory (0: skip)",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    settings = Settings()

    pipeline = worker_pipeline(settings)
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    print(
        f"machine: {os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}, "
        f"load average {load[0]:.1f} at start; model {nlp.model_label(pipeline.nlp)}",
        flush=True,
    )
    lines = base_documents()
    bases, times, dropped = probe(lines, settings, args.probe_timeout)
    chars = sum(len(b.line.get("text") or b.line.get("html") or "") for b in bases) / max(1, len(bases))
    print(
        f"corpus: {len(bases)} base documents (sample, seed, dev, timebank), {chars:,.0f} characters on average"
    )
    if dropped:
        print(f"left out of the corpus: {', '.join(dropped)}")
    if not bases:
        return 1
    shares = ", ".join(
        f"{label} {100 * times.seconds.get(label, 0.0) / times.total:.1f}%" for label in stages.NAMES
    )
    other = times.total - sum(times.seconds.values())
    print(
        f"stage shares ({times.documents} documents in this process, {times.total:.1f} s, "
        f"{times.documents / times.total:.1f} docs/s): {shares}, other {100 * other / times.total:.1f}%",
        flush=True,
    )

    if args.long > 1:
        long_document(pipeline, args.long)
    if args.paragraph > 0:
        long_paragraph(args.paragraph, timeout=20)

    peaks: dict[int, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for k, size in enumerate(sizes):
            corpus = Path(tmp) / f"corpus-{size}.jsonl"
            texts = write_corpus(bases, size, corpus)
            if k == 0:
                one = one_worker_rounds(corpus, texts, settings, Path(tmp), pipeline, args.rounds)
            par = run_newsfacts(corpus, Path(tmp) / "par.jsonl", settings, args.workers)
            peaks[size] = par.peak_rss_mb
            rss = ", ".join(f"{mb:.0f} MB" for mb in sorted(par.peak_rss_mb))
            ratio = f" = {par.steady_rate / one.rate:.2f} × 1 worker (target ≥ 1.8)" if k == 0 else ""
            print(
                f"size {size}: newsfacts {args.workers} workers {par.steady_rate:.2f} docs/s steady "
                f"({par.rate:.2f} with start-up){ratio}; peak RSS per worker: {rss}",
                flush=True,
            )
    worst = {size: max(mb, default=0.0) for size, mb in peaks.items()}
    print(
        "peak RSS per worker (max) by size: "
        + ", ".join(f"{size}: {mb:.0f} MB" for size, mb in worst.items())
        + " (target ≤ 600 MB, flat)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
