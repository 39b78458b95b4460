"""STUB (to be replaced): extract quantities from an ArticleContext."""

from __future__ import annotations

from collections.abc import Mapping

from models import Quantity
from pipeline.context import ArticleContext


def extract_quantities(ctx: ArticleContext, *, categories: Mapping[str, str] | None = None) -> list[Quantity]:
    return []
