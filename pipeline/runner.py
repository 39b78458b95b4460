"""The runner: runs the stages of `pipeline.stages` in their order and routes per-document failures.

sources → clean → segment → nlp → dates, people, organisations, countries, quantities → resolve →
assemble → facts; an error line names the stage that failed. Public entry points: `extract` (one text → `Article`), `extract_document` and
`extract_many` (documents → `Article` or `ErrorRecord`, never raising for one bad document).

`Settings.timeout` bounds the time one document may take: a slower one becomes an `ErrorRecord` (error
`DocumentTimeout`, stage `timeout`) instead of stalling a batch. The limit is a SIGALRM timer, so it
applies where documents run in a process's main thread (the CLI, the local worker pool, a notebook) on Unix;
elsewhere (Windows, a Dask worker's threads) documents run without it. It interrupts Python code, not a
single long call into native code, which finishes first.
"""

from __future__ import annotations

import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from typing import Any, Literal, TypeVar

from spacy.language import Language

from models import Article, ErrorRecord, Extractor
from pipeline import nlp, stages
from pipeline.context import ArticleContext, CleanText, Document, Segmented, release_docs
from pipeline.errors import InputError, NewsfactsError
from pipeline.lexicon_check import check_lexicons
from pipeline.resources import load_user_json
from pipeline.settings import Settings
from pipeline.stages.assemble import with_facts


def _version() -> str:
    try:
        return metadata.version("newsfacts")
    except metadata.PackageNotFoundError:
        return "0+unknown"


_T = TypeVar("_T")


class StageError(NewsfactsError):
    """A stage failed on one document; `stage` says which."""

    def __init__(self, stage: str, message: str) -> None:
        super().__init__(message)
        self.stage = stage


class DocumentTimeout(BaseException):
    """Raised by the timer when a document (or a batch) takes longer than `Settings.timeout`.

    A BaseException, like KeyboardInterrupt, so that the stages' `except Exception` (which turns one
    document's bug into its error line) lets it through; `_stage` records where it struck.
    """

    stage: str | None = None


class Pipeline:
    """The loaded model and settings; call `run` per document. Build once, reuse for many documents."""

    def __init__(self, settings: Settings | None = None, *, model: Language | None = None) -> None:
        check_lexicons()  # a broken lexicon is one error at start-up (LexiconError), before the model loads
        self.settings = settings or Settings()
        self.nlp = model if model is not None else nlp.load_model(self.settings.models)
        self.extractor = Extractor(version=_version(), model=nlp.model_label(self.nlp))
        self.categories: dict[str, str] | None = None
        if self.settings.categories_file is not None:
            self.categories = load_user_json(self.settings.categories_file)
        self.triggers: dict[str, list[str]] | None = None
        if self.settings.triggers_file is not None:
            self.triggers = load_user_json(self.settings.triggers_file)
        # options of extract stages beyond the ArticleContext, by stage name
        self._options: dict[str, dict[str, Any]] = {"quantities": {"categories": self.categories}}
        # seconds spent in each stage (by `stages.NAMES`) since the Pipeline was built: the bench reads them
        self.stage_seconds: dict[str, float] = {}

    def run(self, document: Document) -> Article:
        """One document through every stage; raises StageError naming the stage that failed (or timed out)."""
        try:
            with _time_limit(self.settings.timeout):
                return self._run(document)
        except DocumentTimeout as e:
            raise _timeout_error(e, self.settings.timeout) from e

    def _run(self, document: Document) -> Article:
        prepared = self._prepare(document)
        with _stage(stages.NLP.name, self.stage_seconds):
            stages.NLP.run(
                self.nlp, prepared.cleaned.text, prepared.seg.paragraphs, batch_size=self.settings.batch_size
            )
        return self._finish(prepared)

    def _prepare(self, document: Document) -> _Prepared:
        """Checks, clean and segment: everything before the model."""
        if not document.content.strip():
            raise StageError("read", "the document is empty: nothing to extract")
        if len(document.content) > self.settings.max_chars:
            raise StageError(
                "read",
                f"the document has {len(document.content):,} characters, over the limit of "
                f"{self.settings.max_chars:,}: split it or raise --max-chars",
            )
        with _stage(stages.CLEAN.name, self.stage_seconds):
            cleaned = stages.CLEAN.run(document)
        with _stage(stages.SEGMENT.name, self.stage_seconds):
            seg = stages.SEGMENT.run(cleaned)
        if not seg.paragraphs:
            raise StageError("segment", "no article text left after cleaning (is the page all markup?)")
        return _Prepared(document, cleaned, seg)

    def _finish(self, prepared: _Prepared) -> Article:
        """The extractors, assemble and facts, on a prepared document whose paragraphs carry their Docs."""
        try:
            return self._extract(prepared)
        finally:
            release_docs(prepared.seg.paragraphs)

    def _extract(self, prepared: _Prepared) -> Article:
        document, cleaned, seg = prepared.document, prepared.cleaned, prepared.seg
        ctx = ArticleContext(
            id=document.id,
            text=cleaned.text,
            published=publication_date(document, cleaned, seg, self.settings.published),
            title=seg.title,
            byline=seg.byline,
            sections=seg.sections,
            paragraphs=seg.paragraphs,
            excluded=seg.excluded,
        )
        found: dict[str, Any] = {}
        for stage in stages.EXTRACT:
            with _stage(stage.name, self.stage_seconds):
                found[stage.name] = stage.run(ctx, **self._options.get(stage.name, {}))
        with _stage(stages.RESOLVE.name, self.stage_seconds):
            linked = stages.RESOLVE.run(found["people"], found["organisations"], found["countries"])
        with _stage(stages.ASSEMBLE.name, self.stage_seconds):
            article = stages.ASSEMBLE.run(
                ctx,
                source=document.source,
                dates=found["dates"],
                people=linked.people,
                organisations=linked.organisations,
                countries=linked.countries,
                quantities=found["quantities"],
                extractor=self.extractor,
                warnings=list(cleaned.warnings),
            )
        with _stage(stages.FACTS.name, self.stage_seconds):
            found_facts = stages.FACTS.run(ctx, article, triggers=self.triggers)
        with _stage(stages.ASSEMBLE.name, self.stage_seconds):
            article = with_facts(article, found_facts)
        if not self.settings.include_text:
            article = article.model_copy(update={"text": None})
        return article

    def process_batch(self, documents: Sequence[Document]) -> list[Article | ErrorRecord]:
        """`process` for several documents, with all their paragraphs in one `nlp.pipe` call.

        Batching across documents keeps the model's batches full (a press release has few paragraphs);
        if the shared call fails, each document is annotated on its own so only the bad one fails. With a
        timeout, the batch gets the sum of its documents' limits; if it runs out, each document is run again
        on its own with its own limit, so only the slow one fails.
        """
        limit = self.settings.timeout
        if limit is None or not documents:
            return self._process_batch(documents)
        try:
            with _time_limit(limit * len(documents)):
                return self._process_batch(documents)
        except DocumentTimeout as e:
            if len(documents) == 1:  # it already had its own limit: running it again would double the wait
                error = _timeout_error(e, limit)
                error.__cause__ = e  # as `run` raises it: the error line names DocumentTimeout
                return [_error_record(documents[0], error)]
            return [self.process(document) for document in documents]

    def _process_batch(self, documents: Sequence[Document]) -> list[Article | ErrorRecord]:
        prepared: list[_Prepared | ErrorRecord] = [self._guard(d, self._prepare) for d in documents]
        ready = [p for p in prepared if isinstance(p, _Prepared)]
        try:
            with _timed(stages.NLP.name, self.stage_seconds):
                nlp.annotate_many(
                    self.nlp,
                    [(p.cleaned.text, p.seg.paragraphs) for p in ready],
                    batch_size=self.settings.batch_size,
                )
        except Exception:
            for i, p in enumerate(prepared):
                if isinstance(p, _Prepared):
                    prepared[i] = self._guard(p, self._annotate_one)
        return [p if isinstance(p, ErrorRecord) else self._guard(p, self._finish) for p in prepared]

    def _annotate_one(self, prepared: _Prepared) -> _Prepared:
        with _stage(stages.NLP.name, self.stage_seconds):
            stages.NLP.run(
                self.nlp, prepared.cleaned.text, prepared.seg.paragraphs, batch_size=self.settings.batch_size
            )
        return prepared

    def _guard(self, item: Document | _Prepared, step: Callable[[Any], _T]) -> _T | ErrorRecord:
        """Run one step for one document, turning a StageError into its ErrorRecord."""
        document = item if isinstance(item, Document) else item.document
        try:
            return step(item)
        except StageError as e:
            return _error_record(document, e)

    def process(self, document: Document) -> Article | ErrorRecord:
        """`run`, with a failure turned into an ErrorRecord instead of an exception."""
        try:
            return self.run(document)
        except StageError as e:
            return _error_record(document, e)


def publication_date(
    document: Document, cleaned: CleanText, seg: Segmented, fallback: date | None
) -> date | None:
    """The one place the publication date is decided, for every entry point, in the documented order.

    1. the date given with the document (a JSONL `published` field, `extract(published=...)`);
    2. the page's own date: its HTML metadata or a publication stamp in the text (clean), else a wire
       dateline opening the article (segment);
    3. the run's fallback, `Settings.published` (`--published`), for documents that give none.
    """
    return document.published or cleaned.published or seg.published or fallback


def _error_record(document: Document, e: StageError) -> ErrorRecord:
    return ErrorRecord(
        id=document.id,
        source=document.source,
        stage=e.stage,
        error=type(e.__cause__ or e).__name__,
        message=str(e),
    )


@dataclass
class _Prepared:
    """A document after clean and segment, waiting for the model."""

    document: Document
    cleaned: CleanText
    seg: Segmented


def _timeout_error(e: DocumentTimeout, limit: float | None) -> StageError:
    # stage "timeout" so a run's summary counts them apart; the message says where it struck
    where = f" (it was in stage {e.stage})" if e.stage else ""
    return StageError(
        "timeout",
        f"the document took more than {limit:g} s{where}: raise --timeout (Settings.timeout) or split it",
    )


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise DocumentTimeout in this thread once `seconds` have passed (see the module docstring for where)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if seconds is None or not usable:
        yield
        return

    fired = False

    def expire(signum: int, frame: object) -> None:
        nonlocal fired
        fired = True
        raise DocumentTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if fired:
        # the timer struck but its exception never got out (swallowed by a catch-all somewhere below; measured:
        # 1 document in 800 finished with a 1-30 ms limit). It still took too long: say so, every time.
        raise DocumentTimeout()


@contextmanager
def _timed(name: str, seconds: dict[str, float]) -> Iterator[None]:
    """Add the time spent inside to `seconds[name]`."""
    start = time.perf_counter()
    try:
        yield
    finally:
        seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - start


@contextmanager
def _stage(name: str, seconds: dict[str, float]) -> Iterator[None]:
    """Time the stage, and turn any exception inside it into a StageError naming the stage and the code
    location."""
    try:
        with _timed(name, seconds):
            yield
    except DocumentTimeout as e:
        e.stage = e.stage or name
        raise
    except StageError:
        raise
    except Exception as e:  # one document's failure, whatever its kind, must not stop a batch
        where = traceback.extract_tb(e.__traceback__)[-1]
        raise StageError(
            name,
            f"{type(e).__name__} in stage {name} ({where.filename.rsplit('/', 1)[-1]}:{where.lineno}): {e}",
        ) from e


def extract(
    text: str,
    *,
    published: date | str | None = None,
    format: Literal["text", "html"] = "text",
    id: str = "text",
    source: str | None = None,
    settings: Settings | None = None,
) -> Article:
    """Extract one article from a text (crawler text or HTML). Raises NewsfactsError if it cannot.

    >>> article = extract("Fight Together\\n\\nOn April 9, Nordby Hospital sent 20,000 masks to Japan.", published="2020-05-20")
    """
    if isinstance(published, str):
        published = date.fromisoformat(published)
    pipeline = shared_pipeline(settings)
    return pipeline.run(Document(id=id, source=source, content=text, format=format, published=published))


def extract_many(
    documents: Iterable[Document | ErrorRecord], *, settings: Settings | None = None
) -> Iterator[Article | ErrorRecord]:
    """Each document's Article, or an ErrorRecord for one that failed (input errors pass through), in order."""
    pipeline = shared_pipeline(settings)
    pending: list[Document | ErrorRecord] = []

    def flush() -> Iterator[Article | ErrorRecord]:
        done = iter(pipeline.process_batch([d for d in pending if isinstance(d, Document)]))
        yield from (d if isinstance(d, ErrorRecord) else next(done) for d in pending)
        pending.clear()

    for document in documents:
        pending.append(document)
        if len(pending) >= _BATCH_DOCUMENTS:
            yield from flush()
    yield from flush()


_PIPELINES: dict[Settings, Pipeline] = {}
_PIPELINES_LOCK = threading.Lock()
_BATCH_DOCUMENTS = 16  # documents whose paragraphs share one nlp.pipe call


def shared_pipeline(settings: Settings | None = None) -> Pipeline:
    """This process's Pipeline for `settings`, built on first use (the model loads once per process)."""
    settings = settings or Settings()
    with _PIPELINES_LOCK:  # a Dask worker may run tasks in several threads: build the model only once
        if settings not in _PIPELINES:
            _PIPELINES[settings] = Pipeline(settings)
        return _PIPELINES[settings]


__all__ = [
    "DocumentTimeout",
    "InputError",
    "Pipeline",
    "StageError",
    "extract",
    "extract_many",
    "publication_date",
    "shared_pipeline",
]
