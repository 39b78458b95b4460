"""STUB (to be replaced): facts tie the article's records into events."""

from __future__ import annotations

from models import Article, Fact
from pipeline.context import ArticleContext


def extract_facts(ctx: ArticleContext, article: Article) -> list[Fact]:
    return []
