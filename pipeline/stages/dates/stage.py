"""The stage: every paragraph's candidates from the rules, the overlaps resolved, each kept span normalised.

Reads an `ArticleContext` (text, paragraphs with their spaCy Docs, `published`, `excluded`) and the rule
registry (`rules.py`). Writes `list[DateMention]` in text order. The steps: run each rule on the paragraphs
holding one of its anchor words and drop what its vetoes reject (`_candidates`); keep the longest readings
that their normaliser accepts in a dry run; widen a day to "the day before <day>" or "the week of <day>"
(`_attach_prefixes`); read the tense of the governing verb (`_tense`) and whether the mention tells an
event as done (`_told_as_done`); normalise in text order with one `Resolver` per article, so anaphora lean on
the last date named; split "April 24 and 25" into two days.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from typing import Any

from models import DateMention
from pipeline import timex
from pipeline.context import ArticleContext, Paragraph
from pipeline.stages.dates.grammar import gate_text, paragraph_words
from pipeline.stages.dates.lexicon import alt, lexicon
from pipeline.stages.dates.resolver import Candidate, Resolver, Timex
from pipeline.stages.dates.rules import CompiledRule, rules
from pipeline.stages.dates.vetoes import Seen, Veto

# --- candidates ---


def _matches(para_text: str) -> Iterator[tuple[CompiledRule, re.Match[str]]]:
    """Every rule's matches in a paragraph, rule by rule, each rule run only where it can match."""
    present = paragraph_words(para_text)
    lowered = gate_text(para_text)
    needs_found: dict[re.Pattern[str], bool] = {}
    for rule in rules():
        # the first test of `may_match`, which rules out most rules, made here without a call
        if rule.anchor_words.isdisjoint(present):
            continue
        if rule.may_match(present, lowered, needs_found):
            for m in rule.regex.finditer(para_text):
                yield rule, m


def _candidates(para_text: str, doc: Any, published: date | None) -> list[Candidate]:
    found: list[tuple[Candidate, tuple[Veto, ...]]] = []
    for rule, m in _matches(para_text):
        start, end = m.span()
        # trailing spaces or dots the grammar swallowed
        while end > start and para_text[end - 1] in " \t":
            end -= 1
        if end <= start:
            continue
        found.append(
            (Candidate(start, end, rule.name, m, rule.priority, rule.rule.normalise), rule.rule.vetoes)
        )
    found.sort(key=lambda f: (-(f[0].end - f[0].start), f[0].priority, f[0].start))
    chosen: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    paragraph: dict[str, bool] = {}  # what the vetoes read once for the paragraph
    # a dry run on a scratch resolver (with a dummy last date) tells whether a normaliser accepts a span, so
    # that a rejected long reading leaves the shorter ones in play
    scratch = Resolver(published)
    for cand, vetoes in found:
        if any(cand.start < e and s < cand.end for s, e in taken):
            continue
        # the vetoes read only a match that could be kept: one inside a kept reading is dropped either way,
        # and a vetoed one never holds its place
        if vetoes and _vetoed(Seen(cand.match, para_text, cand.start, cand.end, doc, paragraph), vetoes):
            continue
        scratch.last_day, scratch.last_value = (2000, 1, 1), "2000-01-01"
        if scratch.resolve(cand, False, para_text, para_text[: cand.start]) is None:
            continue
        chosen.append(cand)
        taken.append((cand.start, cand.end))
    chosen.sort(key=lambda c: c.start)
    return _attach_prefixes(para_text, chosen, scratch)


def _vetoed(seen: Seen, vetoes: tuple[Veto, ...]) -> bool:
    return any(veto(seen) for veto in vetoes)


@cache
def _prefix_pattern() -> re.Pattern[str]:
    """ "the day before/after", "the eve of", "the week of", "the second/last week of" just before a date."""
    # a month's weeks are counted with the quarters' ordinals; "final" week means the last one
    nth = alt(k for k in lexicon().quarter_ordinals if k != "final")
    return re.compile(
        rf"\b(?:(?:the|a|one)\s+)?(?:day\s+(?P<dir>before|after)|(?P<eve>eve)\s+of|(?P<week>week)\s+of|"
        rf"(?P<nth>{nth}|last|final)\s+week\s+of)\s+$",
        re.IGNORECASE,
    )


def _prefix_kind(pm: re.Match[str]) -> str:
    if pm["week"]:
        return "week"
    if pm["nth"]:
        return f"week:{pm['nth'].lower()}"
    return "before" if pm["eve"] else pm["dir"].lower()


def _attach_prefixes(para_text: str, chosen: list[Candidate], scratch: Resolver) -> list[Candidate]:
    """Widen a day to "the day before/after <day>", "the eve of <day>" or "the week of <day>" (one TIMEX3).

    The phrase's own reading as an anaphor ("the day before" = the day before the last date) is dropped.
    """
    out: list[Candidate] = []
    for cand in chosen:
        pm = _prefix_pattern().search(para_text, max(0, cand.start - 24), cand.start)
        if pm is not None:
            prefix = _prefix_kind(pm)
            trial = Candidate(
                pm.start(), cand.end, cand.name, cand.match, cand.priority, cand.normalise, prefix
            )
            scratch.last_day, scratch.last_value = (2000, 1, 1), "2000-01-01"
            if scratch.resolve(trial, False, para_text, para_text[: cand.start]) is not None:
                while out and out[-1].end > pm.start():
                    out.pop()
                cand = trial
        out.append(cand)
    return out


# --- where the text looks: tense and forward openers ---


def _tense(doc: Any, start: int) -> str | None:
    """ "future" when the verb governing the mention is future ("will meet on Friday", "plans to visit in
    May"), "past" when it is past tense, None when the parse says neither.

    The governing verb is the first verb up the dependency tree; a past-tense verb (VBD/VBN) says past even
    when the sentence holds a "will" elsewhere.
    """
    if doc is None:
        return None
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok = span[0]
    if tok.dep_ == "poss":
        return None  # "get around Wednesday's ruling": the day of a thing already named, not of the verb
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "aux":
            said = _tense_of_verb(tok)
            if said is not None:
                return said
        if tok.head is tok:
            break
        tok = tok.head
    return None


def _tense_of_verb(tok: Any) -> str | None:
    cues = _future_heads()
    aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    if aux & {"will", "'ll", "shall", "wo", "would"}:
        return "future"
    if aux & _FORWARD_MODALS and not aux & {"have", "'ve"}:
        return "future"  # "should be completed in October"; "should have" looks back
    if tok.lemma_.lower() in cues and tok.tag_ not in ("VBD", "VBN"):
        return "future"
    if "to" in aux and tok.head is not tok and tok.head.lemma_.lower() in cues:
        return "future"
    # "has scheduled a briefing Thursday", "is expected Monday" look ahead; "was planned" tells the past
    if tok.lemma_.lower() in cues and aux & {"has", "have", "is", "are", "'s", "'re"}:
        return "future"
    if tok.tag_ in ("VBD", "VBN"):
        return "past"
    return None


_FORWARD_MODALS = frozenset({"should", "might", "may", "must"})
# how a date modifies the verb it hangs on: "(bought) in November", "(met) Friday"
_VERB_MODIFIER_DEPS = frozenset({"npadvmod", "advmod", "tmod", "obl", "pobj"})
_PAST_AUX = frozenset({"was", "were", "had", "has", "have", "'d"})
_DONE_PREPOSITIONS = frozenset({"in", "on", "at", "during", "since"})


def _told_as_done(doc: Any, start: int, end: int) -> bool:
    """The mention is an adverbial of a verb in the past that tells an event as done ("sold it in June",
    "was closed on Friday", "has fallen since May"); not part of a noun phrase ("the June meeting was
    cancelled"), nor of a passive present or modal ("is heard in May", "may be signed on June 3"), nor of a
    plan ("was scheduled for June")."""
    if doc is None:
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    tok = span.root
    if tok.dep_ not in _VERB_MODIFIER_DEPS:
        return False
    if tok.dep_ == "pobj":
        if tok.head.lower_ not in _DONE_PREPOSITIONS:
            return False  # "extended to Nov. 16", "through January": an end point may lie ahead
        tok = tok.head
    verb = tok.head
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() in _future_heads():
        return False
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if verb.tag_ == "VBD":
        return not aux
    return verb.tag_ == "VBN" and bool(aux) and aux <= _PAST_AUX


@cache
def _future_heads() -> frozenset[str]:
    return frozenset(lexicon().future_cues)


_OPENER_BEFORE = re.compile(r"\b(up\s+)?(until|till|through|thru|as soon as|by)\s+$", re.I)
_OPENER_INSIDE = re.compile(r"(until|till|by)\b", re.I)


def _forward_opener(para_text: str, start: int, doc: Any, tense: str | None) -> bool:
    """ "until Tuesday", "as soon as Friday", "by Monday", "runs through Sunday" look forward, unless the
    verb is past: "by Monday officials hardened"; "until" after a past verb still looks forward ("postponed
    until Tuesday") except in "up until" or a negated sentence ("had not called him a suspect until Thursday").
    """
    m = _OPENER_BEFORE.search(para_text[max(0, start - 16) : start])
    inner = _OPENER_INSIDE.match(para_text[start : start + 6])
    word = (m.group(2) if m else inner.group(1) if inner else "").lower()
    if not word:
        return False
    if tense != "past":
        return True
    if word not in ("until", "till") or (m is not None and m.group(1)):
        return False
    sentence = doc.char_span(start, start + 1, alignment_mode="expand") if doc is not None else None
    if sentence is None or len(sentence) == 0:
        return False
    return not any(t.dep_ == "neg" or t.lower_ in ("never", "not") for t in sentence[0].sent)


# --- what is not a mention, and a mention's edges ---

_DATELINE = re.compile(r"\s*[A-Z][A-Z .'-]+,(?:\s+[A-Z][a-z]+\.?,)?\s*$")
_DATELINE_END = re.compile(r"\s*(?:\([^)]{1,40}\))?\s*(?:--|—|–|-)(?:\s|$)")


def _in_dateline(para_text: str, cand: Candidate) -> bool:
    """A wire dateline ("WASHINGTON, August 13 (Xinhua) --"): the publication stamp, not a mention.

    Segment normally lists datelines in `ctx.excluded`; this catches the ones left in a paragraph's head.
    """
    return bool(
        _DATELINE.fullmatch(para_text[: cand.start])
        and _DATELINE_END.match(para_text[cand.end : cand.end + 50])
    )


# range openers, the preposition of a clock time, the article of an adjectival "a two-day"
_LEAD = re.compile(
    r"(?:from|between|in|during|by|over)\s+|(?:at|on)\s+(?=\d|noon|midnight)|(?:an?|the)\s+(?=\w+-\w|\w+long\b)",
    re.IGNORECASE,
)


def _strip_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading opener ("from", "at", "a" before "two-day") and trailing punctuation from a mention."""
    span = text[start:end]
    lead = _LEAD.match(span)
    if lead:
        start += lead.end()
    while end > start and text[end - 1] in ",;:":
        end -= 1
    return start, end


# --- the paragraph's mentions ---


def _paragraph_mentions(ctx: ArticleContext, para: Paragraph, resolver: Resolver) -> Iterator[DateMention]:
    para_text = ctx.text[para.start : para.end]
    doc = para.doc
    covered: list[tuple[int, int]] = []
    for cand in _candidates(para_text, doc, ctx.published):
        abs_start, abs_end = para.start + cand.start, para.start + cand.end
        if ctx.is_excluded(abs_start, abs_end) or _in_dateline(para_text, cand):
            continue
        if any(cand.start < e and s < cand.end for s, e in covered):
            continue  # the year of "Oct. 9 and 10, 2020", already part of the second day
        tense = _tense(doc, cand.start)
        future = tense == "future" or _forward_opener(para_text, cand.start, doc, tense)
        done = _told_as_done(doc, cand.start, cand.end)
        result = resolver.resolve(cand, future, para_text, para_text[: cand.start], done=done)
        if result is None:
            continue
        covered.append((cand.start, cand.end))
        second = _coordinated_day(para_text, cand, result, doc)
        s, e = _strip_edges(para_text, cand.start, cand.end)
        yield _mention(ctx, para.start + s, para.start + e, result)
        if second is not None:
            covered.append((second[0], second[1]))
            yield _mention(ctx, para.start + second[0], para.start + second[1], second[2])


_AND_DAY = re.compile(
    r"\s+(?:and|or|&)\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\w%:-]|[.,]\d)(?:,?\s+(?P<y>(?:1[0-9]|20)\d\d)\b)?"
)


def _coordinated_day(
    para_text: str, cand: Candidate, first: Timex, doc: Any
) -> tuple[int, int, Timex] | None:
    """The bare second day of "April 24 and 25": a date of its own, in the first one's month and year.

    A later day only, not followed by a noun ("May 3 and 12 people"), so a count is never read as a date.
    A year after the second day ("Oct. 9 and 10, 2020") is the year of both: `first` is corrected in place.
    """
    if cand.name != "md" or cand.match["y"] or first.day is None or first.end_value:
        return None
    m = _AND_DAY.match(para_text, cand.end)
    if m is None:
        return None
    year, month, day = first.day
    second = int(m["d"])
    if m["y"]:
        year = int(m["y"])
    if second <= day or not timex.valid_day(year, month, second):
        return None
    if doc is not None and not m["y"]:
        after = doc.char_span(m.end(), len(para_text), alignment_mode="expand")
        if after is not None and len(after) and after[0].pos_ in ("NOUN", "PROPN", "NUM", "ADJ"):
            return None
    if m["y"]:
        first.value, first.day, first.year_inferred = (
            timex.day_value(year, month, day),
            (year, month, day),
            False,
        )
    inferred = first.year_inferred
    return m.start("d"), m.end(), Timex(timex.day_value(year, month, second), year_inferred=inferred)


_CLOCK_VALUE = re.compile(r"[\dX]{4}-[\dX]{2}-[\dX]{2}T")


def _mention(ctx: ArticleContext, start: int, end: int, t: Timex) -> DateMention:
    kind = t.type
    if kind == "DATE" and "T" in t.value and _CLOCK_VALUE.match(t.value):
        kind = "TIME"
    return DateMention(
        text=ctx.text[start:end],
        start=start,
        end=end,
        section=ctx.section_of(start),
        value=t.value,
        end_value=t.end_value,
        type=kind,  # type: ignore[arg-type]
        mod=t.mod,
        year_inferred=t.year_inferred,
    )


_SLASH_DATE = re.compile(r"(?<![\d/])([0-3]?\d)/([0-3]?\d)/(?:19|20)?\d\d(?![\d/])")


def writes_day_first(text: str) -> bool:
    """True when the article's numeric dates are day first: one of them ("28/05/2021") can only be read so,
    and none can only be read month first ("05/28/2021"). Otherwise month first, as US wire copy writes them.
    """
    if "/" not in text:
        return False
    pairs = [(int(a), int(b)) for a, b in _SLASH_DATE.findall(text)]
    return any(a > 12 >= b for a, b in pairs) and not any(b > 12 >= a for a, b in pairs)


def extract_dates(ctx: ArticleContext) -> list[DateMention]:
    """Every temporal expression of the article (title, headings and body; not the byline), in text order."""
    resolver = Resolver(ctx.published)
    resolver.day_first = writes_day_first(ctx.text)
    mentions: list[DateMention] = []
    for para in ctx.paragraphs:
        if para.kind == "byline":
            continue
        mentions.extend(_paragraph_mentions(ctx, para, resolver))
    return mentions
