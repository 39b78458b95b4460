"""The assemble stage: put the extracted records into one `models.Article`, validated once.

Reads the context (text, structure, metadata) and each extractor's records; writes an `Article` for facts to
read (`assemble`), then the same Article with its facts, validated as a whole (`with_facts`): `Article`'s
validators check that every mention's offsets give back its text and every fact's quantity index exists.
Records are ordered by position.
"""

from __future__ import annotations

from models import (
    Article,
    Country,
    DateMention,
    Extractor,
    Fact,
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
    """The Article of the records, not yet validated: facts read it, then `with_facts` validates it once, facts
    included (building it validated here would check every offset twice)."""
    return Article.model_construct(
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


def with_facts(article: Article, facts: list[Fact]) -> Article:
    """The Article `assemble` built, with its facts, validated once as a whole: every offset (records and
    facts' evidence) and every fact's quantity index checked by `Article`'s own validators. The records
    inside were validated when they were made and are not validated again. Raises
    pydantic.ValidationError."""
    return Article.model_validate({**dict(article), "facts": facts})
