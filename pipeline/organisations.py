"""STUB (to be replaced): extract organisations from an ArticleContext."""

from __future__ import annotations

from models import Organisation
from pipeline.context import ArticleContext


def extract_organisations(ctx: ArticleContext) -> list[Organisation]:
    return []
