"""Pass 4, dates: the date the sentence ties to each event.

Reads the article's date mentions inside the sentence and the sentence's triggers; writes each candidate's
`own_dates` (the dates whose head chain reaches its trigger first) and `date` (the own date nearest the
trigger, else a date hanging on no trigger: 'On April 9, ...' holds for the whole sentence). Vague values
('at present') date nothing. A later sentence telling the same event gets it when the two merge (lending a
sentence-opening date to every later sentence of the paragraph was measured and cost more than it gained).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from models import Article
from pipeline.stages.facts.candidate import FactCandidate
from pipeline.stages.facts.lexicon import Lexicon
from pipeline.stages.facts.parse import Sentence, owner
from pipeline.stages.facts.parties import Reader

_DATE_TYPES = {"DATE", "SET"}


@dataclass
class SentenceDates:
    roots: dict[int, Token]  # date index → the date's head token, for each date of the sentence
    whole: list[int]  # dates hanging on no trigger: they hold for the whole sentence


def sentence_dates(article: Article, s: Sentence, triggers: set[int]) -> SentenceDates:
    """The sentence's dates with their head tokens, and those that hang on no trigger."""
    roots: dict[int, Token] = {}
    for i, d in enumerate(article.dates):
        if d.type not in _DATE_TYPES or d.value is None or d.start < s.start or d.end > s.end:
            continue
        span = s.sent.doc.char_span(d.start - s.offset, d.end - s.offset, alignment_mode="expand")
        if span is not None:
            roots[i] = span.root
    whole = [i for i, root in roots.items() if owner(root, triggers) is None and root.i not in triggers]
    return SentenceDates(roots, whole)


def assign_dates(
    article: Article,
    lex: Lexicon,
    s: Sentence,
    cands: list[FactCandidate],
    dates: SentenceDates,
    triggers: set[int],
) -> None:
    """Set each candidate's `own_dates` and `date`."""
    for cand in cands:
        anchor = _copula(lex, s.token(cand.token))
        held = triggers | {anchor} if anchor is not None else triggers
        cand.own_dates = [
            i
            for i, root in dates.roots.items()
            if (owner(root, triggers) == cand.token or root.i == cand.token or owner(root, held) == anchor)
            and article.dates[i].value not in lex.vague_dates
        ]
        if cand.own_dates:
            cand.date = min(cand.own_dates, key=lambda i: abs(article.dates[i].start - cand.trigger))
        elif dates.whole:
            cand.date = dates.whole[0]
        if cand.date is not None and article.dates[cand.date].value in lex.vague_dates:
            cand.date = None


def _copula(lex: Lexicon, tok: Token) -> int | None:
    """The copula an event noun is told with ('X, who is on a state visit to Y from 15 to 19 January'):
    its dates are the event's."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "on" and tok.head.head.lemma_ in lex.copulas:
        return tok.head.head.i
    return None


def dates_on(reader: Reader, s: Sentence, verb: Token) -> list[int]:
    """The sentence's dates (type DATE) that hang on `verb` ('announced the award on Friday')."""
    found = []
    for i, d in enumerate(reader.article.dates):
        if d.type != "DATE" or d.value is None or d.start < s.start or d.end > s.end:
            continue
        span = s.sent.doc.char_span(d.start - s.offset, d.end - s.offset, alignment_mode="expand")
        if span is not None and owner(span.root, {verb.i}) == verb.i:
            found.append(i)
    return found
