"""STUB (to be replaced): segment finds title, byline, sections and paragraphs."""

from __future__ import annotations

from models import Section
from pipeline.context import CleanText, Paragraph, Segmented


def segment(clean: CleanText) -> Segmented:
    paragraphs = [Paragraph(start=b.start, end=b.end, kind="body", section=0) for b in clean.blocks]
    sections = [Section(index=0, heading=None, start=0, end=len(clean.text))]
    return Segmented(title=clean.title, byline=None, sections=sections, paragraphs=paragraphs,
                     published=clean.published)
