"""Batch extraction: ordering, accounting, garbage inputs, crash-safe output and --resume, the worker pool."""

from __future__ import annotations

import contextlib
import fcntl
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from spacy.language import Language

from models import Article, ErrorRecord
from pipeline.batch.pool import PoolStats, chunked, run_ordered, to_processed
from pipeline.batch.run import extract_files
from pipeline.batch.sinks import Summary, read_written, skip_written
from pipeline.context import Document
from pipeline.errors import InputError, OutputLocked, SettingsError, UsageError
from pipeline.runner import Pipeline
from pipeline.settings import Settings

FIXTURES = Path(__file__).parent.parent / "fixtures" / "batch"
GARBAGE = FIXTURES / "garbage"
NEWSFACTS = Path(sys.executable).with_name("newsfacts")

# Every input of the garbage corpus with --max-chars 2000: id → stage of its error line, or None (an Article).
GARBAGE_EXPECTED = {
    "jsonl-ok-1": None,
    "articles.jsonl:2": "read",  # malformed JSON line
    "jsonl-oversized": "read",  # 3,206 characters > --max-chars 2000
    "jsonl-ok-2": None,
    "empty.txt": "read",
    "good-embassy.txt": None,
    "good-page.html": None,
    "good-wire.txt": None,
    "latin1.txt": "read",  # invalid UTF-8
    "picture.txt": "read",  # binary (NUL bytes)
    "script-only.html": "segment",  # nothing left after cleaning
}


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _doc(doc_id: str, text: str = "Some text.") -> Document:
    return Document(id=doc_id, source=None, content=text, format="text")


# --- pieces that need no model ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sizes", "size", "max_chars", "expected"),
    [
        pytest.param([1] * 5, 2, 100, [2, 2, 1], id="by_count"),
        pytest.param([40, 40, 40, 10], 8, 100, [2, 2], id="by_characters"),
        pytest.param([500, 1, 1], 8, 100, [1, 2], id="huge_document_travels_alone"),
    ],
)
def test_chunked(sizes: list[int], size: int, max_chars: int, expected: list[int]) -> None:
    docs = [_doc(str(i), "x" * n) for i, n in enumerate(sizes)]
    chunks = list(chunked(docs, size=size, max_chars=max_chars))
    assert [len(c) for c in chunks] == expected
    assert [d for c in chunks for d in c] == docs


def test_read_written_cuts_partial_last_line_and_counts_duplicates(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    errors = tmp_path / "out.errors.jsonl"
    whole = '{"id": "a", "dates": [1, 2]}\n{"id": "a", "dates": []}\n{"id": "b", "people": [1]}\n'
    out.write_text(whole + '{"id": "c", "dat', encoding="utf-8")
    errors.write_text('{"id": null, "source": "x.txt", "stage": "read"}\n', encoding="utf-8")
    done = read_written([(out, True), (errors, False)])
    assert out.read_text(encoding="utf-8") == whole  # the partial line is gone
    assert {k: len(v) for k, v in done.items()} == {"a": 2, "b": 1, "source:x.txt": 1}
    summary = Summary()
    items = [_doc("a"), _doc("c"), _doc("a"), _doc("a"), _doc("b")]
    left = list(skip_written(items, done, summary))
    assert [d.id for d in left] == ["c", "a"]  # the third "a" was never written
    assert (summary.documents, summary.resumed, summary.articles, summary.fields["dates"]) == (3, 3, 3, 2)


def test_read_written_rejects_a_file_that_is_not_jsonl(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "a"}\nnot json\n', encoding="utf-8")
    with pytest.raises(
        InputError, match=r"out\.jsonl line 2 is not a JSON object \(line contains invalid json"
    ):
        read_written([(out, True)])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"output": None, "resume": True}, "--resume needs an output file", id="resume_stdout"),
        pytest.param({"workers": 0}, "--workers must be at least 1, got 0", id="zero_workers"),
        pytest.param({"engine": "spark"}, "unknown engine 'spark'", id="unknown_engine"),
        pytest.param({"scheduler": "tcp://h:1"}, "--scheduler needs --engine dask", id="scheduler_local"),
        pytest.param({"output": None, "engine": "dask"}, "give -o OUT_DIR/", id="dask_stdout"),
    ],
)
def test_bad_options(tmp_path: Path, kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"output": tmp_path / "out.jsonl", **kwargs}
    output = args.pop("output")
    with pytest.raises(UsageError, match=message):
        extract_files([str(GARBAGE / "good-wire.txt")], output, **args)  # type: ignore[arg-type]
    assert not (tmp_path / "out.jsonl").exists()


def test_dask_engine_without_dask_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # makes `import distributed` raise ImportError
    with pytest.raises(SettingsError) as info:
        extract_files([str(GARBAGE / "good-wire.txt")], tmp_path / "parts", engine="dask", workers=1)
    assert (
        str(info.value) == "--engine dask needs Dask, which is not installed: pip install 'newsfacts[dask]'"
    )


def test_default_engine_never_imports_dask() -> None:
    code = "import sys, pipeline.batch.run, pipeline.cli; print(any(m.split('.')[0] in ('dask', 'distributed') for m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_to_processed_never_raises_on_a_string_that_is_not_unicode() -> None:
    bad = ErrorRecord(id="d\ud800", source="x\udce9.txt", stage="read", error="E", message="m")
    processed = to_processed(bad)
    assert (processed.key, processed.article, processed.stage) == ("d\\ud800", False, "write")
    assert json.loads(processed.line) == {
        "id": "d\\ud800",
        "source": "x\\udce9.txt",
        "stage": "write",
        "error": "PydanticSerializationError",
        "message": "d\\ud800: the result cannot be written as JSON (Error serializing to JSON: "
        "UnicodeEncodeError: 'utf-8' codec can't encode character '\\ud800' in position 1: surrogates not "
        "allowed): fix that text in the input document",
    }


def test_the_errors_file_naming_the_output_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with pytest.raises(UsageError, match="the errors file must differ from the output"):
        extract_files([str(GARBAGE / "good-wire.txt")], out, errors=tmp_path / "." / "out.jsonl")
    assert not out.exists()


def test_a_locked_errors_file_is_refused_and_nothing_is_emptied(tmp_path: Path) -> None:
    out, errors = tmp_path / "out.jsonl", tmp_path / "out.errors.jsonl"
    out.write_text('{"id": "a"}\n', encoding="utf-8")
    errors.write_text('{"id": "b"}\n', encoding="utf-8")
    with errors.open("rb+") as other_run:
        fcntl.flock(other_run.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(OutputLocked) as info:
            extract_files([str(GARBAGE / "good-wire.txt")], out, workers=1)
    assert str(info.value) == (
        f"the errors file {str(errors)!r} is locked: another newsfacts run is writing it; wait for that run "
        "to end, or give --errors another path"
    )
    assert (out.read_text(encoding="utf-8"), errors.read_text(encoding="utf-8")) == (
        '{"id": "a"}\n',
        '{"id": "b"}\n',
    )


# --- the real pipeline -----------------------------------------------------------------------------------


def _run(tmp_path: Path, name: str, workers: int, **kwargs: object) -> tuple[Summary, Path, Path]:
    out = tmp_path / f"{name}.jsonl"
    settings = Settings(max_chars=2000)
    summary = extract_files([str(GARBAGE)], out, settings=settings, workers=workers, **kwargs)  # type: ignore[arg-type]
    return summary, out, tmp_path / f"{name}.errors.jsonl"


def test_an_article_that_cannot_be_written_becomes_a_write_error_line(nlp: Language) -> None:
    # a Document handed in from Python can carry any string; the reader never makes such an id
    article = Pipeline(Settings(), model=nlp).process(
        _doc("a\udfff", "Masks\n\nThe Red Cross gave 300 masks.")
    )
    assert isinstance(article, Article)
    processed = to_processed(article)
    record = json.loads(processed.line)
    assert (processed.article, processed.key, record["id"], record["stage"]) == (
        False,
        "a\\udfff",
        "a\\udfff",
        "write",
    )
    assert record["message"].startswith("a\\udfff: the result cannot be written as JSON (")


def test_garbage_corpus_counts_and_same_output_with_one_or_two_workers(tmp_path: Path) -> None:
    seen: list[Article | ErrorRecord] = []
    one, out1, err1 = _run(tmp_path, "one", 1)
    two, out2, err2 = _run(tmp_path, "two", 2, on_result=seen.append)
    for summary in (one, two):
        assert (summary.documents, summary.articles, summary.errors) == (11, 5, 6)
        assert dict(summary.errors_by_stage) == {"read": 5, "segment": 1}
    assert out1.read_bytes() == out2.read_bytes()
    assert err1.read_bytes() == err2.read_bytes()
    # input order across both files (directory walk order), each input exactly once
    assert [r.id for r in seen] == list(GARBAGE_EXPECTED)
    assert {r.id: (r.stage if isinstance(r, ErrorRecord) else None) for r in seen} == GARBAGE_EXPECTED
    assert [r["id"] for r in _lines(out2)] == [k for k, v in GARBAGE_EXPECTED.items() if v is None]
    errors = {r["id"]: r for r in _lines(err2)}
    assert errors["jsonl-oversized"]["message"] == (
        "the document has 3,206 characters, over the limit of 2,000: split it or raise --max-chars"
    )
    assert errors["picture.txt"]["error"] == "InputError"
    assert errors["latin1.txt"]["error"] == "UnicodeDecodeError"


def test_resume_after_a_complete_run_processes_nothing_and_accounts_for_everything(tmp_path: Path) -> None:
    _, out, err = _run(tmp_path, "run", 1)
    before = (out.read_bytes(), err.read_bytes())
    summary, _, _ = _run(tmp_path, "run", 1, resume=True)
    assert (summary.documents, summary.resumed, summary.articles, summary.errors) == (11, 11, 5, 6)
    assert (out.read_bytes(), err.read_bytes()) == before


def test_a_killed_worker_loses_nothing(tmp_path: Path) -> None:
    # One document per chunk and twelve documents: when the first result comes back, at most eight chunks
    # are in flight, so the kill always happens with work still to do and must be noticed and survived. The
    # pause lets the pool notice the death before the next submit, the order that used to count two crashes.
    corpus = _corpus(tmp_path / "corpus", 12)
    documents = [
        Document(id=path.name, source=None, content=path.read_text(encoding="utf-8"), format="text")
        for path in sorted(corpus.iterdir())
    ]
    stats = PoolStats()
    keys: list[str] = []
    for processed in run_ordered(documents, Settings(), workers=2, chunk_size=1, stats=stats):
        if not keys:
            victim = multiprocessing.active_children()[0]
            os.kill(victim.pid or 0, signal.SIGKILL)
            time.sleep(2)
        assert processed.article, processed.line
        keys.append(processed.key)
    assert stats.crashes == 1
    assert keys == [d.id for d in documents]


def test_killing_an_idle_worker_after_the_last_result_does_not_hang_the_run() -> None:
    # The idle worker holding the call queue's read lock is killed once every result is in; the run must
    # still end (it used to wait forever for the other worker). In a subprocess, so a hang is a timeout here.
    # Its own session, so that on a timeout its workers go too and cannot hold our pipes open.
    run = subprocess.Popen(
        [sys.executable, "-m", "tests.pipeline.kill_idle_worker"],
        cwd=Path(__file__).parent.parent.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = run.communicate(timeout=180)  # the script dumps its stacks and exits at 120 s
    except subprocess.TimeoutExpired:
        _reap(run.pid)
        stdout, stderr = run.communicate()
    finally:
        _reap(run.pid)
    if run.returncode == 3:
        pytest.skip("cannot tell which worker holds the lock here (needs Linux /proc/PID/wchan)")
    assert run.returncode == 0, stderr
    assert stdout.split() == ["doc-0", "doc-1", "doc-2", "doc-3", "done"]


# --- the command line --------------------------------------------------------------------------------------


@pytest.mark.slow
def test_cli_garbage_corpus_exit_status_and_summary(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    done = subprocess.run(
        [str(NEWSFACTS), "extract", str(GARBAGE), "-o", str(out), "--max-chars", "2000", "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr  # some documents went to the errors file
    assert done.stdout == ""
    assert done.stderr.startswith("11 documents: 5 articles, 6 errors (read: 5, segment: 1); sections ")
    assert len(_lines(out)) == 5
    assert len(_lines(tmp_path / "out.errors.jsonl")) == 6


def _corpus(directory: Path, n: int) -> Path:
    """n small distinct articles, one .txt file each (ids doc-000.txt ...)."""
    directory.mkdir(parents=True)
    texts = [(GARBAGE / name).read_text(encoding="utf-8") for name in ("good-wire.txt", "good-embassy.txt")]
    for i in range(n):
        body = (
            texts[i % 2].replace("1,200", f"{1000 + i:,}").replace("25 ventilators", f"{i + 2} ventilators")
        )
        (directory / f"doc-{i:03d}.txt").write_text(body, encoding="utf-8")
    return directory


@pytest.mark.slow
def test_cli_sigkill_then_resume_holds_every_input_exactly_once(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", 40)
    shutil.copy(GARBAGE / "empty.txt", corpus / "doc-999-empty.txt")  # an input that goes to errors
    out = tmp_path / "out.jsonl"
    errors = tmp_path / "out.errors.jsonl"
    cmd = [str(NEWSFACTS), "extract", str(corpus), "-o", str(out), "--workers", "2", "--quiet"]
    run = subprocess.Popen(cmd, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while (
            not (out.exists() and out.stat().st_size) and run.poll() is None and time.monotonic() < deadline
        ):
            time.sleep(0.005)
        run.send_signal(signal.SIGKILL)  # the main process only, as `kill -9 PID` would
        run.wait(timeout=30)
    finally:
        _reap(run.pid)
    written = _lines(out) if out.exists() else []
    assert 0 < len(written) < 40, "the run was not interrupted mid-way"

    resumed = subprocess.run([*cmd, "--resume"], capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 1, resumed.stderr  # the empty file is an error line
    ids = [r["id"] for r in _lines(out)] + [r["id"] for r in _lines(errors)]
    expected = [f"doc-{i:03d}.txt" for i in range(40)] + ["doc-999-empty.txt"]
    assert Counter(ids) == Counter(expected)
    assert [r["id"] for r in _lines(out)] == expected[:40]  # still in input order


def _reap(pgid: int) -> None:
    """Kill what is left of the killed run's session (its workers exit on their own; this makes sure)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)
