"""Settings.timeout: a document over its time limit becomes an error line; the others are kept."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from spacy.language import Language

from models import Article, ErrorRecord
from pipeline.batch.run import extract_files
from pipeline.context import Document
from pipeline.runner import Pipeline, StageError
from pipeline.settings import Settings
from tests.conftest import SAMPLE

SMALL = "On Monday the Red Cross gave 300 masks to the city hospital in Lyon."
NEWSFACTS = [sys.executable, "-m", "pipeline.cli"]


def _doc(doc_id: str, text: str) -> Document:
    return Document(id=doc_id, source=None, content=text, format="text")


def test_a_document_over_its_limit_becomes_a_timeout_error(nlp: Language) -> None:
    # the sample takes hundreds of milliseconds; a millisecond limit always strikes
    result = Pipeline(Settings(timeout=0.001), model=nlp).process(_doc("sample", SAMPLE.read_text("utf-8")))
    assert isinstance(result, ErrorRecord)
    assert (result.id, result.stage, result.error) == ("sample", "timeout", "DocumentTimeout")
    assert result.message.startswith("the document took more than 0.001 s")
    assert result.message.endswith(": raise --timeout (Settings.timeout) or split it")


def test_run_raises_a_stage_error_and_restores_the_alarm_handler(nlp: Language) -> None:
    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(StageError) as caught:
        Pipeline(Settings(timeout=0.001), model=nlp).run(_doc("sample", SAMPLE.read_text("utf-8")))
    assert caught.value.stage == "timeout"
    assert signal.getsignal(signal.SIGALRM) is before


def test_in_a_batch_only_the_slow_document_fails(nlp: Language) -> None:
    Pipeline(Settings(), model=nlp).process(_doc("warm-up", SMALL))  # lexicons load on first use
    # The batch gets the sum of its documents' limits (1.5 s here), so the slow one must take far longer than
    # that on any machine: 20 samples take about 5.5 s here (10 took 2.8 s, inside a 3 s budget, on a fast
    # day); the small ones take ~30 ms, far under their 0.5 s.
    slow = "\n\n".join([SAMPLE.read_text("utf-8")] * 20)
    results = Pipeline(Settings(timeout=0.5), model=nlp).process_batch(
        [_doc("small-1", SMALL), _doc("slow", slow), _doc("small-2", SMALL)]
    )
    assert [type(r).__name__ for r in results] == ["Article", "ErrorRecord", "Article"]
    assert [r.id for r in results] == ["small-1", "slow", "small-2"]
    assert isinstance(results[1], ErrorRecord) and results[1].stage == "timeout"
    unlimited = Pipeline(Settings(), model=nlp).process(_doc("small-1", SMALL))
    assert results[0] == unlimited


def test_no_limit_off_the_main_thread(nlp: Language) -> None:
    # SIGALRM reaches only the main thread: elsewhere documents run unlimited (documented in the runner)
    results: list[Article | ErrorRecord] = []
    pipeline = Pipeline(Settings(timeout=0.001), model=nlp)
    worker = threading.Thread(target=lambda: results.append(pipeline.process(_doc("small", SMALL))))
    worker.start()
    worker.join()
    assert isinstance(results[0], Article)


def test_worker_processes_enforce_the_limit(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(10):  # two chunks of documents, so the pool is used
        (corpus / f"doc-{i}.txt").write_text(SAMPLE.read_text("utf-8"), encoding="utf-8")
    summary = extract_files(
        [str(corpus)], tmp_path / "out.jsonl", settings=Settings(timeout=0.001), workers=2
    )
    assert (summary.documents, summary.articles, dict(summary.errors_by_stage)) == (10, 0, {"timeout": 10})


def test_cli_timeout_option(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    done = subprocess.run(
        [*NEWSFACTS, "extract", str(SAMPLE), "-o", str(out), "--timeout", "0.001"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("1 documents: 0 articles, 1 errors (timeout: 1)")
    (error,) = [json.loads(line) for line in (tmp_path / "out.errors.jsonl").read_text("utf-8").splitlines()]
    assert (error["stage"], error["error"]) == ("timeout", "DocumentTimeout")

    bad = subprocess.run(
        [*NEWSFACTS, "extract", str(SAMPLE), "-o", str(out), "--timeout", "-5"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert bad.returncode == 2
    assert bad.stderr.splitlines()[-1] == (
        "newsfacts extract: error: bad option --timeout: Input should be greater than 0"
    )


class _CountingPipeline(Pipeline):
    """The real pipeline, counting how often a document is run again on its own after a batch timed out."""

    reruns = 0

    def process(self, document: Document) -> Article | ErrorRecord:
        self.reruns += 1
        return super().process(document)


def test_a_batch_of_one_slow_document_fails_once_not_twice(nlp: Language) -> None:
    # A batch of one gets exactly the document's own limit: once it runs out, running the document again
    # alone would only double the wait (--timeout 20 fired after 41 s on a one-document run).
    pipeline = _CountingPipeline(Settings(timeout=0.05), model=nlp)
    [result] = pipeline.process_batch([_doc("sample", SAMPLE.read_text("utf-8"))])
    assert isinstance(result, ErrorRecord)
    assert (result.stage, result.error, pipeline.reruns) == ("timeout", "DocumentTimeout", 0)
    two = _CountingPipeline(Settings(timeout=0.05), model=nlp)
    two.process_batch([_doc("a", SAMPLE.read_text("utf-8")), _doc("b", SAMPLE.read_text("utf-8"))])
    assert two.reruns == 2  # with several, each gets its own run so that only the slow ones fail
