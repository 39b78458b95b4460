"""Shared intermediate types passed between stages (not a stage itself).

clean  writes `CleanText`   (the cleaned text, built block by block, each block's start recorded);
segment writes `Segmented`  (title, byline, sections, paragraphs, regions that hold no mentions);
nlp    fills `Paragraph.doc` (one spaCy Doc per paragraph);
the extractors read an `ArticleContext` and return lists of `models` records.

All offsets are half-open `[start, end)` character offsets into the cleaned text.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, cast

from spacy.attrs import IDX, LENGTH

from models import Section

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

BlockKind = Literal["title", "byline", "heading", "paragraph"]
ParagraphKind = Literal["title", "byline", "heading", "body"]

BLOCK_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Document:
    """One input document as sources read it, before cleaning.

    `published` is the date that came with the document (a JSONL field, `extract(published=...)`), never a
    run-wide fallback: that one is `Settings.published` and ranks below the page's own metadata.
    """

    id: str
    source: str | None
    content: str
    format: Literal["text", "html"]
    published: date | None = None
    title: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Block:
    """One block of cleaned text. `kind` is a hint from the source (an HTML <h2>), refined by segment."""

    text: str
    start: int
    kind: BlockKind = "paragraph"

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class CleanText:
    """What clean writes: the article's text with clutter removed, and metadata the source gave."""

    text: str
    blocks: list[Block]
    title: str | None = None
    byline: str | None = None
    published: date | None = None
    warnings: list[str] = field(default_factory=list)


def join_blocks(texts: Iterable[tuple[str, BlockKind]]) -> tuple[str, list[Block]]:
    """Build the cleaned text from block texts, recording each block's start as it is placed."""
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for text, kind in texts:
        if parts:
            parts.append(BLOCK_SEPARATOR)
            pos += len(BLOCK_SEPARATOR)
        blocks.append(Block(text=text, start=pos, kind=kind))
        parts.append(text)
        pos += len(text)
    return "".join(parts), blocks


@dataclass(frozen=True)
class NameSpan:
    """A name found by segment (the byline author), with its aliases, grounded in the text."""

    text: str
    start: int
    end: int
    aliases: tuple[str, ...] = ()
    alias_spans: tuple[tuple[int, int], ...] = ()


@dataclass
class Paragraph:
    """A block that carries article content. `section` is None for the title and byline."""

    start: int
    end: int
    kind: ParagraphKind
    section: int | None
    doc: Doc | None = None


@dataclass
class Segmented:
    """What segment writes."""

    title: str | None
    byline: NameSpan | None
    sections: list[Section]
    paragraphs: list[Paragraph]
    published: date | None = None
    excluded: list[tuple[int, int]] = field(default_factory=list)
    """Regions (datelines, publication stamps) where no mention may be extracted."""


@dataclass
class ArticleContext:
    """Everything an extractor reads: the text, its structure and one spaCy Doc per paragraph."""

    id: str
    text: str
    published: date | None
    title: str | None
    byline: NameSpan | None
    sections: list[Section]
    paragraphs: list[Paragraph]
    excluded: list[tuple[int, int]] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list, init=False, repr=False)
    _shared: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._starts = [p.start for p in self.paragraphs]

    def shared(self, key: str, build: Callable[[], _T]) -> _T:
        """What `build` gives for this article, built once and shared by the stages that ask (the name
        candidates the people and organisations stages both read). Callers must not change it."""
        if key not in self._shared:
            self._shared[key] = build()
        return cast(_T, self._shared[key])

    def docs(self) -> Iterator[tuple[Paragraph, Doc]]:
        """Each paragraph with its spaCy Doc (offsets in the Doc are relative to `paragraph.start`)."""
        for para in self.paragraphs:
            if para.doc is not None:
                yield para, para.doc

    def entities(self, *labels: str) -> Iterator[tuple[Span, int, int, Paragraph]]:
        """spaCy entities with the given labels (all if none) as (span, start, end) in the article text."""
        found = self.shared("entities", self._entities)
        if not labels:
            yield from found
            return
        wanted = set(labels)
        for entity in found:
            if entity[0].label_ in wanted:
                yield entity

    def _entities(self) -> list[tuple[Span, int, int, Paragraph]]:
        """Every entity outside the excluded regions, read once per article (the stages ask ~100 times)."""
        found = []
        for para, doc in self.docs():
            for ent in doc_ents(doc):
                start, end = para.start + ent.start_char, para.start + ent.end_char
                if not self.is_excluded(start, end):
                    found.append((ent, start, end, para))
        return found

    def paragraph_at(self, offset: int) -> Paragraph | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.paragraphs[i].start <= offset < self.paragraphs[i].end:
            return self.paragraphs[i]
        return None

    def section_of(self, offset: int) -> int | None:
        """The index of the section holding `offset`, or None (title, byline, outside any section)."""
        para = self.paragraph_at(offset)
        if para is not None:
            return para.section
        for section in self.sections:
            if section.start <= offset < section.end:
                return section.index
        return None

    def is_excluded(self, start: int, end: int) -> bool:
        return any(start < x_end and x_start < end for x_start, x_end in self.excluded)


_ENTS_KEY = "newsfacts.ents"


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """`doc.ents`, built once per Doc: spaCy builds new Span objects on every access, and the stages ask for
    the same paragraph's entities tens of times. Kept in the Doc's own `user_data`, so it lives and dies with
    the Doc; safe because no stage sets `doc.ents` after the model has run. The entry names the Doc it was
    built for, so user data copied into another Doc (`Doc.from_docs`) is never taken for that Doc's."""
    hit = doc.user_data.get(_ENTS_KEY)
    if hit is not None and hit[0] == id(doc):
        return cast("tuple[Span, ...]", hit[1])
    ents = tuple(doc.ents)
    doc.user_data[_ENTS_KEY] = (id(doc), ents)
    return ents


_TEXT_KEY = "newsfacts.text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc: spaCy joins it from every token on each access. Kept in the Doc's
    `user_data` beside `doc_ents`, for the same Doc only (a plain string: no cycle to release)."""
    hit = doc.user_data.get(_TEXT_KEY)
    if hit is not None and hit[0] == id(doc):
        return cast(str, hit[1])
    text = doc.text
    doc.user_data[_TEXT_KEY] = (id(doc), text)
    return text


_TOKENS_KEY = "newsfacts.tokens"


def token_texts(doc: Doc) -> list[str]:
    """Each token's text, sliced from `doc_text` at the token offsets, built once per Doc: building every
    Token to read its text costs more than the tests the stages make on the texts. Callers must not change it."""
    hit = doc.user_data.get(_TOKENS_KEY)
    if hit is not None and hit[0] == id(doc):
        return cast("list[str]", hit[1])
    text = doc_text(doc)
    texts = [text[start : start + length] for start, length in doc.to_array([IDX, LENGTH]).tolist()]
    doc.user_data[_TOKENS_KEY] = (id(doc), texts)
    return texts


def release_docs(paragraphs: Iterable[Paragraph]) -> None:
    """Drop what `doc_ents` keeps in each paragraph's Doc once the article is done: its Spans point back at
    the Doc, a cycle that would leave the Doc to the cyclic garbage collector instead of freeing it."""
    for para in paragraphs:
        if para.doc is not None:
            para.doc.user_data.pop(_ENTS_KEY, None)


def context_from_blocks(
    blocks: Sequence[str],
    nlp: Language,
    *,
    published: date | None = None,
    doc_id: str = "test",
) -> ArticleContext:
    """A context of body paragraphs in one lead section, for tests and notebooks that skip segmenting."""
    text, placed = join_blocks((b, "paragraph") for b in blocks)
    paragraphs = [Paragraph(start=b.start, end=b.end, kind="body", section=0) for b in placed]
    for para, doc in zip(paragraphs, nlp.pipe(blocks), strict=True):
        para.doc = doc
    sections = [Section(index=0, heading=None, start=0, end=len(text))]
    return ArticleContext(
        id=doc_id,
        text=text,
        published=published,
        title=None,
        byline=None,
        sections=sections,
        paragraphs=paragraphs,
    )


_T = TypeVar("_T")
_Item = TypeVar("_Item")


class NearbySpans(Generic[_Item]):
    """Items that cover character spans, looked up by offset without scanning them all.

    `near(start, end)` returns every item that may overlap [start, end) (a superset: callers test the exact
    relation), in start order. Testing every span for every candidate was quadratic in an article's length.
    """

    def __init__(self, items: Iterable[_Item], span: Callable[[_Item], tuple[int, int]]) -> None:
        self.items = sorted(items, key=lambda item: span(item)[0])
        self.starts = [span(item)[0] for item in self.items]
        self.longest = max((e - s for s, e in map(span, self.items)), default=0)

    def near(self, start: int, end: int) -> list[_Item]:
        # an item overlapping [start, end) starts before `end` and at most `longest` before `start`
        lo = bisect.bisect_left(self.starts, start - self.longest)
        return self.items[lo : bisect.bisect_left(self.starts, end)]
