"""The assemble stage: put the extracted records into one validated `models.Article`.

Reads the context (text, structure, metadata) and each extractor's records; writes an `Article`, whose
validator checks that every mention's offsets give back its text. Records are ordered by position.
"""

from __future__ import annotations

from models import (
    Article,
    Country,
    DateMention,
    Extractor,
    Organisation,
    Person,
    Quantity,
)
from pipeline.context import ArticleContext


def assemble(
    ctx: ArticleContext,
    *,
    source: str | None,
    dates: list[DateMention],
    people: list[Person],
    organisations: list[Organisation],
    countries: list[Country],
    quantities: list[Quantity],
    extractor: Extractor,
    warnings: list[str],
) -> Article:
    """A validated Article (raises pydantic.ValidationError when an offset does not match its text)."""
    return Article(
        id=ctx.id,
        source=source,
        title=ctx.title,
        byline=ctx.byline.text if ctx.byline else None,
        published=ctx.published.isoformat() if ctx.published else None,
        text=ctx.text,
        sections=ctx.sections,
        dates=sorted(dates, key=lambda d: (d.start, d.end)),
        people=people,
        organisations=organisations,
        countries=countries,
        quantities=sorted(quantities, key=lambda q: (q.start, q.end)),
        warnings=warnings,
        extractor=extractor,
    )
