"""STUB (to be replaced): extract people from an ArticleContext."""

from __future__ import annotations

from models import Person
from pipeline.context import ArticleContext


def extract_people(ctx: ArticleContext) -> list[Person]:
    return []
