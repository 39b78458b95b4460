"""Negative rules: the checks that drop a rule's match that looks like a date but is not one in its sentence.

Reads a `Seen` (the match, its paragraph and the paragraph's spaCy Doc: entity labels veto "Orion 1980" or
"$1990", the parse tells "May I" from "in May"). Writes a bool: True drops the match. `rules.py` lists beside
each rule the vetoes that apply to it, HeidelTime's negative rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pipeline.stages.dates.lexicon import lexicon, ordinal, phrase, words

_NON_DATE_ENTS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "PRODUCT", "LAW"})
_NAME_ENTS = frozenset({"PERSON", "ORG", "GPE", "FAC", "WORK_OF_ART", "EVENT", "NORP", "LOC", "PRODUCT"})
_PERCENT_AFTER = re.compile(r"\s*(?:%|per\s*cent|percent)", re.IGNORECASE)
_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")
_WORDS = re.compile(r"[\w']+")
_ALNUM = re.compile(r"[A-Za-z0-9]+")


@dataclass
class Seen:
    """A rule's match in its paragraph, with what the vetoes read about it."""

    match: re.Match[str]
    para_text: str
    start: int
    end: int
    doc: Any
    # shared by the matches of one paragraph: what is read once per paragraph ("title_case")
    paragraph: dict[str, bool] = field(default_factory=dict)

    @property
    def title_case(self) -> bool:
        """The paragraph is title case (`_title_case`), read once for all its matches."""
        found = self.paragraph.get("title_case")
        if found is None:
            found = self.paragraph["title_case"] = _title_case(self.para_text)
        return found

    @cached_property
    def before(self) -> str:
        return self.para_text[: self.start]

    @cached_property
    def after(self) -> str:
        return self.para_text[self.end :]

    @cached_property
    def prev_word(self) -> str:
        return (_WORDS.findall(self.before[-40:].lower())[-1:] or [""])[0]

    @cached_property
    def next_word(self) -> str | None:
        found = _NEXT_WORD.match(self.after)
        return found.group(1) if found else None

    @cached_property
    def _span(self) -> tuple[set[str], list[Any]]:
        if self.doc is None:
            return set(), []
        span = self.doc.char_span(self.start, self.end, alignment_mode="expand")
        if span is None:
            return set(), []
        return {t.ent_type_ for t in span if t.ent_type_}, list(span)

    @property
    def labels(self) -> set[str]:
        """spaCy's entity labels on the match's tokens."""
        return self._span[0]

    @property
    def tokens(self) -> list[Any]:
        return self._span[1]


Veto = Callable[[Seen], bool]


# --- capitalised names: "60 Minutes", "High Noon", "the Spring Festival" ---


_LETTERS = re.compile(r"[A-Za-z]+")
_CAPITAL_FIRST = re.compile(r"(?<![A-Za-z])[A-Z]")


def _title_case(para_text: str) -> bool:
    """Most words capitalised (a headline): capitals there say nothing about names."""
    # the runs of letters, and those of them that open with a capital
    return len(_CAPITAL_FIRST.findall(para_text)) * 2 > len(_LETTERS.findall(para_text))


_WORD_AT_END = re.compile(r"([A-Za-z]+)\W{0,3}$")
_ZONE_BACK = re.compile(r"\W*\w*\W*")


def _word_at_end(before: str) -> re.Match[str] | None:
    r"""`re.search(r"([A-Za-z]+)\W{0,3}$", before)`, looking only at the end of `before`."""
    # the match ends within 4 characters of the end, so it holds the 8th last character or starts later;
    # a match at that character may start earlier in its word, where the full search would find it
    pos = max(0, len(before) - 8)
    found = _WORD_AT_END.search(before, pos)
    if found is None or found.start() != pos or pos == 0 or not _LETTERS.match(before, pos - 1):
        return found
    start = pos - 1
    while start > 0 and _LETTERS.match(before, start - 1):
        start -= 1
    return _WORD_AT_END.match(before, start)


def _sentence_ends_before(before: str) -> bool:
    r"""`re.search(r"[.!?]\W*\w*\W*$", before)`, read back from the end of `before`."""
    # the full stop must lie in the last run of non-word, word and non-word characters
    back = before[::-1]
    zone = _ZONE_BACK.match(back)
    return zone is not None and any(ch in ".!?" for ch in back[: zone.end()])


def _capitalised_name(span: str, before: str, para_text: str, title_case: bool | None = None) -> bool:
    """A unit or clock word capitalised inside running text is a title: "60 Minutes", "High Noon".

    Month and weekday names are capitalised anyway, so only the rules built on unit and clock words ask.
    A title-case paragraph (a headline) proves nothing. `title_case` is `_title_case(para_text)` when known.
    """
    found = _ALNUM.findall(span)
    if not found or (_title_case(para_text) if title_case is None else title_case):
        return False
    if any(w[0].isupper() and not w.isupper() for w in found[1:]):  # "EST", "P.M." are not titles
        return True
    if len(span.split()) != 1 or not found[0][0].isupper():
        return False
    prev = _word_at_end(before)
    return bool(prev is not None and prev.group(1)[0].isupper() and not _sentence_ends_before(before))


def capitalised_title(s: Seen) -> bool:
    """The whole match is capitalised like a title ("60 Minutes")."""
    m = s.match
    return _capitalised_name(m.group(0), s.para_text[: m.start()], s.para_text, s.title_case)


def capitalised_clock(s: Seen) -> bool:
    """The clock words are capitalised like a title ("High Noon"); a weekday after them ("9 a.m. Tuesday")
    is capitalised anyway."""
    m = s.match
    return _capitalised_name(m.group("clock"), s.para_text[: m.start("clock")], s.para_text, s.title_case)


def season_in_a_name(s: Seen) -> bool:
    """A capitalised season inside a name: "the Spring Festival", "the Summer Olympics", "the Arab Spring".

    A title-case paragraph (a headline) proves nothing; a year after the season ("Summer 2021") is a date.
    """
    m, para_text = s.match, s.para_text
    word = m["s"]
    if not word[0].isupper() or m["y"] or s.title_case:
        return False
    after = _NEXT_WORD.match(para_text[m.end("s") :])
    if after and after.group(1)[0].isupper():
        return True
    before = para_text[: m.start("s")]
    prev = re.search(r"([A-Za-z]+)\s+$", before)
    return bool(
        prev
        and prev.group(1)[0].isupper()
        and prev.group(1).lower() not in lexicon().seasons
        and not re.search(r"(?:^|[.!?]\W*)\s*[A-Za-z]+\s+$", before)
    )


# --- months, days, years that are something else ---


def month_not_a_date(s: Seen) -> bool:
    """A bare month that is a name ("March Madness" tagged ORG) or the word "may"/"march" without a date cue."""
    m = s.match
    if m["y"] or m["rel"] or m["yrel"] or m["pos"]:
        return False
    if s.labels & _NAME_ENTS and "DATE" not in s.labels:
        return True
    if m["m"].lower().rstrip(".") not in lexicon().ambiguous_months:
        return False
    if s.prev_word not in words("month_cues") and "DATE" not in s.labels:
        return True
    return s.next_word is not None and s.next_word in words("modal_after_may")


def month_in_an_event_name(s: Seen) -> bool:
    """ "the March for Life", "the March of Dimes": a capitalised name goes on after "for"/"of"."""
    m = s.match
    if m["y"] or m["rel"] or m["yrel"] or m["pos"]:
        return False
    return re.match(r"\s+(?:for|of)\s+(?:the\s+|our\s+)?[A-Z]", s.after) is not None


def day_out_of_range(s: Seen) -> bool:
    """ "May 3" is a date; "May 45" is not (a score, a count)."""
    d = ordinal(s.match["d"])
    return d is None or not 1 <= d <= 31


def may_before_modal(s: Seen) -> bool:
    """ "the 9 May be": "May" is the modal verb."""
    m = s.match
    modal = m["m"].lower() == "may" and not m["y"]
    return bool(modal and s.next_word and s.next_word in words("modal_after_may"))


def year_not_a_year(s: Seen) -> bool:
    """A four-digit number that counts or names something: "2020 people", "Room 1203", "Orion 1980", "50%"."""
    m = s.match
    if m["fiscal"] or m["pos"] or m["prepost"]:
        return False
    if not re.fullmatch(r"\d{4}", m["y"]):
        return not ("DATE" in s.labels or s.prev_word in words("year_cues"))
    if _PERCENT_AFTER.match(s.after):
        return True
    if re.search(r"(?:No\.|#|\$|€|£|Room|Route|page|pp?\.)\s*$", s.before, re.IGNORECASE):
        return True
    if s.labels & (_NON_DATE_ENTS | {"FAC", "PRODUCT", "ORG"}) and s.prev_word not in words("year_cues"):
        return True
    if _after_common_noun(s.doc, s.start, s.prev_word):
        return True  # "gate 1203", "hotline 1919": a number naming a thing
    return s.next_word is not None and s.next_word.lower() in words("count_nouns")


def _after_common_noun(doc: Any, start: int, prev_word: str) -> bool:
    """The word just before `start` is a lower-case common noun that is no cue for a year ("gate", "hotline",
    "booth"), so a four-digit number after it is an identifier ("in", "of", "year", "fiscal" are cues).
    """
    if doc is None or not prev_word or prev_word in words("year_cues"):
        return False
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or len(span) == 0 or span[0].i == 0:
        return False
    prev = doc[span[0].i - 1]
    return bool(prev.pos_ == "NOUN" and prev.text.islower() and prev.text.isalpha())


def before_or_after_governs_more(s: Seen) -> bool:
    """ "later in the day before returning home", "Nov. 3, the day before authorities issued a warrant":
    "before"/"after" opens a clause of its own, so the phrase is not "the day before (the last one)"."""
    if not re.search(r"\b(?:before|after)$", s.match.group(0), re.IGNORECASE) or not s.tokens:
        return False
    word = s.tokens[-1]
    if word.dep_ == "mark" or any(c.dep_ == "pcomp" for c in word.children):
        return True
    following = word.doc[word.i + 1] if word.i + 1 < len(word.doc) else None
    return following is not None and following.tag_ == "VBG"


def release_number(s: Seen) -> bool:
    """ "version 1.2.2020": a release number."""
    return re.search(r"(?:version|ver\.|v|No\.|#)\s*$", s.before, re.IGNORECASE) is not None


def same_time_in_another_zone(s: Seen) -> bool:
    """ "10:35 a.m. (0735 GMT)": the same moment told again in another zone."""
    return re.search(r"(?:\d|[ap]\.?m\.?|local time)\s*\(\s*$", s.before, re.IGNORECASE) is not None


_AFTER_A_DECADE = re.compile(r"\d0s,?\s+(?:and|or|to|through|into)\s+$", re.IGNORECASE)
_TEMPERATURE = re.compile(r"temperature|degrees|°|\bhighs?\b|\blows?\b|\bmercury\b", re.IGNORECASE)


def bare_decade_out_of_context(s: Seen) -> bool:
    """A decade written "70s" without an apostrophe is a decade after "the" or after another decade ("the 70s
    and 80s"); elsewhere it is an age ("in his 70s"), and near a temperature it is degrees."""
    if not s.match["dec3"]:
        return False
    if not (s.match.group(0).lower().startswith("the") or _AFTER_A_DECADE.search(s.before[-20:])):
        return True
    return _TEMPERATURE.search(s.before[-60:] + " " + s.after[:20]) is not None


# --- ranges ---


def and_joins_two_dates(s: Seen) -> bool:
    """ "April 24 and 25": two dates (a range needs "to", a dash or "between ... and")."""
    text = s.match.group(0)
    return bool(re.search(r"\sand\s", text)) and not text.lower().startswith("between")


def between_two_years(s: Seen) -> bool:
    """TimeBank marks "between 1994 and 1997" as two years."""
    return s.match.group(0).lower().startswith("between")


# --- lengths, recurrences, vague references ---


def bare_unit(s: Seen) -> bool:
    """A bare "week" or "day"; bare plurals ("for years") are judged by the normaliser."""
    m = s.match
    return not m["n"] and not m["det"] and not m["dpos"] and not m["u"].lower().endswith("s")


def growth_rate(s: Seen) -> bool:
    """ "rise 8.5% annually": a growth rate, not a recurring event."""
    return re.search(r"(?:%|per\s*cent|percent)\s+$", s.before[-20:], re.IGNORECASE) is not None


def adverb_as_noun(s: Seen) -> bool:
    """ "its initial quarterly of five cents", "quarterly results": not a recurrence."""
    return bool(s.tokens and (s.tokens[0].pos_ in ("NOUN", "PROPN") or s.match["adv"].lower() == "quarterly"))


def overnight_before_a_noun(s: Seen) -> bool:
    """ "an overnight stay", "overnight rates": a kind of thing, not a night."""
    if not s.tokens:
        return False
    tok = s.tokens[0]
    return tok.dep_ in ("amod", "compound") and tok.head.pos_ in ("NOUN", "PROPN")


def reference_out_of_context(s: Seen) -> bool:
    """A reference word that is temporal only in some uses (`ref_need_context`): "current" before a present
    noun ("the current situation"), "recent", "the past" as a noun, "once" as an adverb."""
    key = phrase(s.match["ref"])
    if key not in lexicon().ref_need_context:
        return False
    if not s.tokens:
        return True
    keep = _REFERENCE_IN_CONTEXT.get(key, _adverb_or_adjective)
    return not keep(s, s.tokens[0])


def _current(s: Seen, tok: Any) -> bool:
    return bool(
        tok.pos_ == "ADJ" and tok.dep_ == "amod" and tok.head.lemma_.lower() in words("present_heads")
    )


def _recent(s: Seen, tok: Any) -> bool:
    return tok.head.lemma_.lower() in words("present_heads")


def _once(s: Seen, tok: Any) -> bool:
    return bool(tok.pos_ == "ADV" and tok.dep_ == "advmod" and tok.head.pos_ in ("VERB", "AUX"))


def _earlier(s: Seen, tok: Any) -> bool:
    return bool(
        tok.dep_ == "advmod"
        and tok.head.pos_ == "VERB"
        and tok.i + 1 < len(tok.doc)
        and tok.doc[tok.i + 1].is_punct
    )


def _future(s: Seen, tok: Any) -> bool:
    return s.prev_word in ("the", "near", "distant") and tok.pos_ == "NOUN"


def _the_past(s: Seen, tok: Any) -> bool:
    return not re.match(r"\s+(?:few\s+)?\w+s?\b", s.after) or bool(
        re.match(r"\s*(?:[,.;:]|$|\s+(?:and|or|but|as|when|that|,)\b)", s.after)
    )


def _adverb_or_adjective(s: Seen, tok: Any) -> bool:
    return tok.pos_ in ("ADV", "ADJ")


_REFERENCE_IN_CONTEXT: dict[str, Callable[[Seen, Any], bool]] = {
    "current": _current,
    "recent": _recent,
    "once": _once,
    "earlier": _earlier,
    "future": _future,
    "the past": _the_past,
}
