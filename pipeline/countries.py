"""STUB (to be replaced): extract countries from an ArticleContext."""

from __future__ import annotations

from models import Country
from pipeline.context import ArticleContext


def extract_countries(ctx: ArticleContext) -> list[Country]:
    return []
