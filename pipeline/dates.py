"""STUB (to be replaced): extract dates from an ArticleContext."""

from __future__ import annotations

from models import DateMention
from pipeline.context import ArticleContext


def extract_dates(ctx: ArticleContext) -> list[DateMention]:
    return []
