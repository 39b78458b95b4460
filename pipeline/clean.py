"""STUB (to be replaced): clean turns a Document into CleanText."""

from __future__ import annotations

from pipeline.context import CleanText, Document, join_blocks


def clean(document: Document) -> CleanText:
    lines = [line.strip() for line in document.content.splitlines() if line.strip()]
    text, blocks = join_blocks((line, "paragraph") for line in lines)
    return CleanText(text=text, blocks=blocks, title=document.title, published=document.published)
