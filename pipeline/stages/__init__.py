"""The stages room: one module or package per extractor, resolve, assemble and facts; and here, the one
ordered list of the stages that turn a document into an Article.

Reads nothing and writes nothing: it names each stage and the function that does its work, in the order
the runner calls them. The runner runs them from here (an error line's `stage` is a name below), the spaCy
components expose the `EXTRACT` stages, and the bench reports each stage's share of the time by these
names. A new extractor is added here once; the runner passes it the `ArticleContext`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pipeline import nlp
from pipeline.sources import clean, segment
from pipeline.stages import assemble, countries, dates, facts, quantities, resolve
from pipeline.stages.names import organisations, people


@dataclass(frozen=True)
class Stage:
    """One stage: the name error lines and the bench use, the function, and what it reads and writes."""

    name: str
    run: Callable[..., Any]
    does: str


CLEAN = Stage("clean", clean.clean, "the raw document → cleaned text with its block offsets")
SEGMENT = Stage("segment", segment.segment, "cleaned text → title, byline, sections, paragraphs")
NLP = Stage("nlp", nlp.annotate, "paragraphs → one spaCy Doc each (batched across documents)")
# each reads the ArticleContext and writes one list of records
EXTRACT: tuple[Stage, ...] = (
    Stage("dates", dates.extract_dates, "→ DateMention records (TIMEX3)"),
    Stage("people", people.extract_people, "→ Person records"),
    Stage("organisations", organisations.extract_organisations, "→ Organisation records"),
    Stage("countries", countries.extract_countries, "→ Country records"),
    Stage("quantities", quantities.extract_quantities, "→ Quantity records"),
)
RESOLVE = Stage("resolve", resolve.resolve, "people, organisations, countries → the same, linked")
ASSEMBLE = Stage("assemble", assemble.assemble, "all records → one Article, validated with its facts")
FACTS = Stage("facts", facts.extract_facts, "the Article and its Docs → Fact records")

STAGES: tuple[Stage, ...] = (CLEAN, SEGMENT, NLP, *EXTRACT, RESOLVE, ASSEMBLE, FACTS)
NAMES: tuple[str, ...] = tuple(s.name for s in STAGES)
