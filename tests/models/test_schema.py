"""The committed JSON Schema (schema/article.schema.json) matches the models, and output validates against it."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from spacy.language import Language

from models import SCHEMA_VERSION, Article, ErrorRecord
from pipeline.runner import Pipeline
from pipeline.settings import Settings
from pipeline.sources import read_inputs
from tests.conftest import ROOT, SAMPLE

SCHEMA_FILE = ROOT / "schema" / "article.schema.json"
FIXTURES = ROOT / "tests" / "fixtures" / "articles"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    loaded = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_committed_schema_equals_the_models(schema: dict[str, Any]) -> None:
    assert schema == Article.model_json_schema(mode="serialization"), (
        "schema/article.schema.json is out of date: run `make schema` (and write a migration note if "
        "schema_version changes)"
    )


def test_schema_version_is_pinned(schema: dict[str, Any]) -> None:
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION == "1"


def _lines(article: Article) -> dict[str, Any]:
    data = json.loads(article.model_dump_json())  # exactly what `extract` writes
    assert isinstance(data, dict)
    return data


def test_sample_output_validates(nlp: Language, validator: jsonschema.protocols.Validator) -> None:
    pipeline = Pipeline(Settings(), model=nlp)
    documents = list(read_inputs([str(SAMPLE)]))
    assert len(documents) == 1 and not isinstance(documents[0], ErrorRecord)
    article = pipeline.run(documents[0])
    errors = sorted(validator.iter_errors(_lines(article)), key=str)
    assert [e.message for e in errors] == []


def test_fixture_articles_validate(validator: jsonschema.protocols.Validator) -> None:
    count = 0
    for path in sorted(FIXTURES.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            validator.validate(json.loads(line))
            count += 1
    assert count == 3


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            {"countries": [{"name": "Japan", "iso2": "jp", "iso3": "JPN"}]}, "'jp' does not match", id="iso2"
        ),
        pytest.param(
            {"published": "20 May 2020"},
            "'20 May 2020' is not valid under any of the given schemas",
            id="date_pattern",
        ),
        pytest.param({"surprise": 1}, "Additional properties are not allowed", id="extra_field"),
        pytest.param({"schema_version": "2"}, "'1' was expected", id="version"),
    ],
)
def test_schema_rejects_bad_records(
    validator: jsonschema.protocols.Validator, change: dict[str, Any], message: str
) -> None:
    line = json.loads((FIXTURES / "riverside.jsonl").read_text(encoding="utf-8").splitlines()[0])
    errors = [e.message for e in validator.iter_errors({**line, **change})]
    assert any(message in e for e in errors), errors
