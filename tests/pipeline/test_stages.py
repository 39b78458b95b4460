"""The one stage list: the runner runs and times every stage in it, and an error line names the stage."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from models import ErrorRecord
from pipeline import components, stages
from pipeline.context import ArticleContext, Document
from pipeline.runner import Pipeline
from pipeline.settings import Settings

TEXT = "Nordby Hospital news\n\nOn 9 April 2020 Nordby Hospital sent 20,000 masks to Japan."


@pytest.fixture(scope="module")
def pipeline(nlp: Language) -> Pipeline:
    return Pipeline(Settings(), model=nlp)


def _document(doc_id: str = "d") -> Document:
    return Document(id=doc_id, source=None, content=TEXT, format="text", published=date(2020, 4, 10))


def test_the_runner_runs_and_times_every_stage_of_the_list(pipeline: Pipeline) -> None:
    before = dict(pipeline.stage_seconds)
    pipeline.run(_document())
    ran = {name for name, seconds in pipeline.stage_seconds.items() if seconds > before.get(name, 0.0)}
    assert ran == set(stages.NAMES)


def test_the_components_are_the_extract_stages() -> None:
    assert list(components._EXTRACTORS) == ["dates", "people", "organisations", "countries", "quantities"]
    assert [s.name for s in stages.EXTRACT] == list(components._EXTRACTORS)


def test_an_error_line_names_the_stage_that_failed(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(ctx: ArticleContext, **options: object) -> list[object]:
        raise RuntimeError("a bug in this stage")

    failing = tuple(
        stages.Stage(s.name, broken, s.does) if s.name == "countries" else s for s in stages.EXTRACT
    )
    monkeypatch.setattr(stages, "EXTRACT", failing)
    [record] = pipeline.process_batch([_document("bad")])
    assert isinstance(record, ErrorRecord)
    assert (record.id, record.stage, record.error) == ("bad", "countries", "RuntimeError")
    assert record.message.startswith("RuntimeError in stage countries (")
    assert record.message.endswith("): a bug in this stage")
