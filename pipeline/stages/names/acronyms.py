"""Acronym definitions: "World Health Organization (WHO)" and "WHO (World Health Organization)".

Reads plain text (one block, or every paragraph of an `ArticleContext`); writes `AcronymPair`s with absolute,
half-open offsets of the long and the short form. Used by the organisations and people stages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.context import ArticleContext
from pipeline.stages.names.words import QUOTES, is_acronym, is_capitalised, trim_span


@dataclass(frozen=True)
class AcronymPair:
    long_start: int
    long_end: int
    short_start: int
    short_end: int
    long: str
    short: str


def _sh_match(long_form: str, short: str) -> int:
    """Schwartz & Hearst (2003): start index in long_form of the shortest match of short, or -1."""
    s = len(short) - 1
    lf = len(long_form) - 1
    sf = short.lower()
    lo = long_form.lower()
    while s >= 0:
        c = sf[s]
        if not c.isalnum():
            s -= 1
            continue
        while lf >= 0 and (lo[lf] != c or (s == 0 and lf > 0 and lo[lf - 1].isalnum())):
            lf -= 1
        if lf < 0:
            return -1
        lf -= 1
        s -= 1
    return long_form.rfind(" ", 0, lf + 1) + 1


_FUNCTION_WORDS = {"of", "for", "and", "the", "&", "on", "in", "de", "to"}


def _initials_match(long_form: str, short: str) -> int:
    """Start index of the words whose initials spell the acronym ('personal protective equipment' for
    PPE), or -1. Tried before Schwartz–Hearst, whose shortest match would give 'protective equipment'."""
    letters = [c.lower() for c in short if c.isalnum()]
    tokens = list(re.finditer(r"\S+", long_form))
    need = len(letters)
    for t in range(len(tokens) - 1, -1, -1):
        word = tokens[t].group(0)
        if word.lower() in _FUNCTION_WORDS:
            continue
        parts = [x for x in re.split(r"[-/]", word.strip(QUOTES)) if x]
        for part in reversed(parts):
            if need == 0 or part[0].lower() != letters[need - 1]:
                return -1
            need -= 1
        if need == 0:
            return tokens[t].start()
    return -1


_UNCOUNTED = frozenset({"of", "and", "the", "for", "on", "&", "de", "la", "des", "du"})


def _window_words(toks: list[str], limit: int) -> int:
    """How many words before '(SF)' to search: `limit` words that count, function words free, so that
    'International Union of Sea Rescue and Lake Rescue Services (IUSR)' fits."""
    counted = 0
    for taken, tok in enumerate(reversed(toks), start=1):
        counted += tok.lower() not in _UNCOUNTED
        if counted >= limit:
            return taken
    return len(toks)


def acronym_pairs(text: str, offset: int = 0) -> list[AcronymPair]:
    """'World Health Organization (WHO)' definitions in one block of text, with absolute offsets.

    Written here rather than taken from `abbreviations`/scispaCy: the first gives no offsets and the
    second pins numpy<2 (DEPS.md §1, §6.9). Both orders are handled: 'LF (SF)' and 'SF (LF)'.
    """
    pairs: list[AcronymPair] = []
    for m in re.finditer(r"\(([^()]{1,120})\)", text):
        inner = m.group(1).strip()
        before = text[: m.start()].rstrip()
        if is_acronym(inner.replace("-", "")) and " " not in inner:
            short, s_start = inner, m.start(1) + m.group(1).index(inner)
            window = re.split(r"[.;:!?()]\s", before)[-1]
            toks = window.split()
            limit = min(len(short) + 5, 2 * len(short))
            candidate = " ".join(toks[-_window_words(toks, limit) :])
            k = _initials_match(candidate, short)
            if k < 0:
                k = _sh_match(candidate, short)
            if k < 0:
                continue
            long_form = candidate[k:]
            long_end = len(before)
            long_start = long_end - len(long_form)
            long_start, long_end = trim_span(text, long_start, long_end)
            long_form = text[long_start:long_end]
            if not long_form or long_form.lower() == short.lower():
                continue
            if len(long_form.split()) < 2 and "-" not in long_form:
                continue
            pairs.append(
                AcronymPair(
                    offset + long_start,
                    offset + long_end,
                    offset + s_start,
                    offset + s_start + len(short),
                    long_form,
                    short,
                )
            )
        else:
            # 'WHO (World Health Organization)'
            prev = re.search(r"([A-Z][A-Z0-9&-]*[A-Z0-9])\s*$", before)
            if not prev or not is_acronym(prev.group(1)) or len(inner.split()) < 2:
                continue
            short = prev.group(1)
            if _sh_match(inner, short) != 0 or not is_capitalised(inner):
                continue
            ls = m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
            pairs.append(
                AcronymPair(
                    offset + ls,
                    offset + ls + len(inner),
                    offset + prev.start(1),
                    offset + prev.end(1),
                    inner,
                    short,
                )
            )
    return pairs


def all_acronym_pairs(ctx: ArticleContext) -> list[AcronymPair]:
    """Every paragraph's definitions, found once per article."""

    def build() -> list[AcronymPair]:
        out: list[AcronymPair] = []
        for para in ctx.paragraphs:
            out.extend(acronym_pairs(ctx.text[para.start : para.end], para.start))
        return out

    return list(ctx.shared("acronym_pairs", build))
