"""STUB (to be replaced): sources read inputs into `Document`s."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from models import ErrorRecord
from pipeline.context import Document


def read_inputs(paths: Sequence[str], *, published: date | None = None) -> Iterator[Document | ErrorRecord]:
    for p in paths:
        path = Path(p)
        text = path.read_text(encoding="utf-8")
        yield Document(id=path.name, source=str(path), content=text, format="text", published=published)
