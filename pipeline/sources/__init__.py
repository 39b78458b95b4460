"""The sources room: from input paths to segmented text, before the model.

`read.py` reads paths (text, HTML, JSONL, directories, '-') into `Document`s or error lines; `clean.py` turns
a document into clean text with its block offsets (HTML boilerplate removed, page metadata kept);
`segment.py` finds title, byline, sections and paragraphs. The reader's public names are re-exported here.
"""

from __future__ import annotations

from pipeline.sources.read import (
    STDIN,
    SUFFIXES,
    InputReader,
    TrackedLines,
    escape,
    identities,
    input_files,
    looks_like_html,
    read_inputs,
)

__all__ = [
    "STDIN",
    "SUFFIXES",
    "InputReader",
    "TrackedLines",
    "escape",
    "identities",
    "input_files",
    "looks_like_html",
    "read_inputs",
]
