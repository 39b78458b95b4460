"""Pydantic record schemas: the one definition of newsfacts' output format and its JSON Schema."""

from models.article import (
    SCHEMA_VERSION,
    Article,
    Country,
    DateMention,
    ErrorRecord,
    Extractor,
    Fact,
    Mention,
    Organisation,
    PartyRef,
    Person,
    Quantity,
    Section,
)

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "Country",
    "DateMention",
    "ErrorRecord",
    "Extractor",
    "Fact",
    "Mention",
    "Organisation",
    "PartyRef",
    "Person",
    "Quantity",
    "Section",
]
