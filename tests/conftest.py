"""Shared fixtures: the real spaCy model, loaded once per test session."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.context import ArticleContext, context_from_blocks
from pipeline.nlp import load_model
from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SAMPLE = DATA / "samples" / "srrsh-pandemic-together.txt"
GOLD = DATA / "gold"


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_model(Settings().models)


@pytest.fixture(scope="session")
def make_context(nlp: Language) -> Callable[..., ArticleContext]:
    """Build an ArticleContext from paragraphs: make_context("para one", "para two", published="2020-05-20")."""

    def build(*blocks: str, published: str | None = None) -> ArticleContext:
        paragraphs: Sequence[str] = blocks
        return context_from_blocks(
            paragraphs, nlp, published=date.fromisoformat(published) if published else None
        )

    return build
