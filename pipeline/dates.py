"""The dates stage: every temporal expression of the article as a TIMEX3 `DateMention`.

Reads an `ArticleContext`: the text, each paragraph's spaCy Doc (sentences for tense cues, entity labels
to veto "May I help" or "$1990"), `published` (the reference date of every relative expression) and
`excluded` (datelines, stamps: no mention is taken there).
Writes `list[DateMention]` in text order: `value`/`end_value` in ISO-TimeML (2020-04-09, 2020-W14,
2020-Q2, 199, XXXX-WXX-5, P2D, PAST_REF...), `type` (DATE, TIME, DURATION, SET), `mod` and `year_inferred`.

How: candidate spans come from a grammar of regular expressions built from the word lists in
`data/lexicons/dates_*.json` (spaCy's DATE entities miss many TIMEX3 forms and mis-bound others, e.g.
"two-day", "the past few days", "every Friday"); each rule runs only on paragraphs holding one of its
anchor words. spaCy is used to vet candidates (entity labels veto "Orion 1980" or "$1990"; the parse
tells "May I" from "in May" and "current" the adjective) and to read the tense of the governing verb, which
decides whether a bare "Friday" or "August" lies before or after the publication date. Overlapping
candidates are resolved longest first (a dry run drops readings a handler rejects); kept spans are then
normalised in text order, so "the following day" or "two days earlier" lean on the last date mentioned,
and "a year earlier" on the last period named (a quarter in earnings copy). dateparser, through
`pipeline.timex`, reads the numeric forms (4/9/2020). Without a publication date, relative expressions
keep unknown parts as X (XXXX-04-09, XXXX-XX-XX); the clock is never read. A dateparser fallback on the
spaCy DATE/TIME entities the grammar misses was measured on TimeBank and AQUAINT and left out: every span it
could read was a false date (ages, scores, "44").

Composed forms are read as one TIMEX3: "the day before last Tuesday", "the week of March 6", "Easter week".
"until/by Tuesday" looks forward unless the verb is past ("by Monday officials had agreed"; "until" keeps
looking forward after a past verb unless negated: "postponed until Tuesday" vs "had not ... until Tuesday").

TimeBank conventions followed where the project's gold is silent: "last February" on a March page is the
year before; "a year ago" after a quarter is that quarter a year back; "the past month" is a DURATION;
bare weekdays fall in the week ending on the publication day unless the verb is future.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from text_to_num import text2num

from models import DateMention
from pipeline import timex
from pipeline.context import ArticleContext, Paragraph
from pipeline.resources import load_json

# --- word lists and the grammar built from them ------------------------------------------------------


def _alt(words: Any) -> str:
    """A regex alternation of phrases, longest first, spaces matching any run of whitespace."""
    ordered = sorted({str(w) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def _cased(words: Any) -> str:
    """Capitalised or upper-case forms only (month and weekday names are proper nouns in news)."""
    forms: set[str] = set()
    for w in words:
        forms.add(w[0].upper() + w[1:])
        forms.add(w.upper())
    return "(?-i:" + "|".join(sorted(forms, key=len, reverse=True)) + ")"


_Pattern = tuple[str, re.Pattern[str], frozenset[str]]  # name, grammar rule, anchor words


@dataclass(frozen=True)
class _Lexicon:
    months: dict[str, int]
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    clock_words: dict[str, str]
    ordinals: dict[str, int]
    quarter_ordinals: dict[str, int]
    half_ordinals: dict[str, int]
    decade_words: dict[str, int]
    holidays: dict[str, str]
    floating_holidays: dict[str, tuple[int, int, int, int]]
    easter_holidays: dict[str, int]
    units: dict[str, tuple[str, bool]]
    unit_plurals: dict[str, str]
    frequency_adverbs: dict[str, str]
    exact_numbers: dict[str, float]
    vague_numbers: frozenset[str]
    refs: dict[str, str]
    ref_need_context: frozenset[str]
    anaphoric_days: dict[str, int]
    position_mods: dict[str, str]
    quantity_mods: dict[str, str]
    future_cues: tuple[str, ...]


@cache
def _lexicon() -> _Lexicon:
    cal = load_json("dates_calendar.json")
    units = load_json("dates_units.json")
    nums = load_json("dates_numbers.json")
    phr = load_json("dates_phrases.json")
    lex = _Lexicon(
        months=dict(cal["months"]),
        ambiguous_months=frozenset(cal["ambiguous_months"]),
        weekdays=dict(cal["weekdays"]),
        seasons=dict(cal["seasons"]),
        parts_of_day=dict(cal["parts_of_day"]),
        clock_words=dict(cal["clock_words"]),
        ordinals=dict(cal["ordinal_words"]),
        quarter_ordinals=dict(cal["quarter_ordinals"]),
        half_ordinals=dict(cal["half_ordinals"]),
        decade_words=dict(cal["decade_words"]),
        holidays={k: v for k, v in cal["holidays"].items() if not k.startswith("_")},
        floating_holidays={k: (v[0], v[1], v[2], v[3]) for k, v in cal["floating_holidays"].items()},
        easter_holidays=dict(cal["easter_holidays"]),
        units={k: (v[0], bool(v[1])) for k, v in units["units"].items()},
        unit_plurals=dict(units["plurals"]),
        frequency_adverbs=dict(units["frequency_adverbs"]),
        exact_numbers={k: float(v) for k, v in nums["exact"].items()},
        vague_numbers=frozenset(nums["vague"]),
        refs=dict(phr["refs"]),
        ref_need_context=frozenset(phr["ref_need_context"]),
        anaphoric_days=dict(phr["anaphoric_days"]),
        position_mods=dict(phr["position_mods"]),
        quantity_mods=dict(phr["quantity_mods"]),
        future_cues=tuple(phr["future_cues"]),
    )
    return lex


@cache
def _patterns() -> tuple[_Pattern, ...]:
    return _build_patterns(_lexicon(), load_json("dates_numbers.json")["number_words"])


def _build_patterns(lex: _Lexicon, number_words: list[str]) -> tuple[_Pattern, ...]:
    full_months = [m for m in lex.months if len(m) > 4 or m in ("may", "june", "july")]
    abbr_months = [m for m in lex.months if m not in full_months]
    month = rf"(?:{_cased(full_months)}|{_cased(abbr_months)}\.?)(?![A-Za-z])"
    full_days = [d for d in lex.weekdays if d.endswith("day")]
    abbr_days = [d for d in lex.weekdays if d not in full_days]
    weekday = rf"(?:{_cased(full_days)}|{_cased(abbr_days)}\.)(?![A-Za-z])"
    ordinal_word = _alt(lex.ordinals)
    day = rf"(?:[0-3]?\d(?:st|nd|rd|th)?|{ordinal_word})(?![\d%])"
    spelled_year = (
        r"(?:nineteen|twenty)[\s-]+(?:hundred|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
        r"(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen"
        r"|fifteen|sixteen|seventeen|eighteen|nineteen)|two\s+thousand(?:\s+(?:and\s+)?(?:one|two|three|four"
        r"|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen"
        r"|nineteen|twenty(?:[\s-]+\w+)?))?"
    )
    year4 = r"(?<![\d,.$#£€¥/])(?:1[0-9]{3}|20[0-9]{2})(?![\d%]|,\d|\.\d|-\d{3})"
    year = rf"(?:{year4}|'\d\d(?![\d%])|{spelled_year})"
    numword = _alt(number_words)
    exact = _alt(k for k in lex.exact_numbers if k not in ("half",))
    vague = _alt(v for v in lex.vague_numbers if v != "the")
    number = (
        rf"(?:\d+(?:[.,]\d+)?(?:\s+1/2)?|(?=three[\s-]quarters\s+of\s){exact}|(?:{numword})(?:(?:[\s-]+|\s+and\s+)(?:{numword}))*"
        rf"(?:\s+and\s+a\s+half)?|{exact}|{vague})"
    )
    unit_words = list(lex.units) + list(lex.unit_plurals)
    unit = rf"(?:{_alt(unit_words)})(?:s)?(?![A-Za-z])"
    season = rf"(?:{_alt(lex.seasons)})(?![A-Za-z])"
    part = rf"(?:{_alt(lex.parts_of_day)})"
    pos = (
        r"(?:(?P<pos>early|mid|late|earlier|later|(?:end|start)(?=-)|(?:the\s+)?(?:very\s+)?(?:end|beginning|start|middle|close)\s+of)"
        r"(?:(?:-|\s+)to(?:-|\s+)(?:early|mid|late))?[\s-]+)"
    )
    qmod = rf"(?:(?P<qmod>{_alt(lex.quantity_mods)})\s+(?!the\b))"
    quarter_ord = _alt(lex.quarter_ordinals)
    tz = _alt(load_json("dates_calendar.json")["time_zones"])
    clock = (
        rf"(?:\d{{1,2}}(?::\d\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|a\.m\b|p\.m\b)|\d{{1,2}}:\d\d(?![\d,]|\.\d)"
        r"|(?:[01]\d|2[0-3])[0-5]\d(?=\s*(?-i:GMT|UTC|Z)\b)"
        rf"|\d{{1,2}}(?:\s+o'clock)?\s+(?:in\s+the\s+(?:morning|afternoon|evening)|at\s+night)(?![A-Za-z])"
        rf"|\d{{1,2}}\s+o'clock(?![A-Za-z])|{_alt(lex.clock_words)})(?:\s+(?-i:[A-Z]{{2,4}}\b)|\s+(?:{tz})\b)?"
    )
    holiday = _alt(list(lex.holidays) + list(lex.floating_holidays) + list(lex.easter_holidays))
    conn = r"(?:\s*(?:-|–|—)\s*|\s+(?:to|through|thru|until|till|and)\s+)"

    raw: list[tuple[str, str]] = [
        # ranges first: the longest reading wins anyway, but names make the handler explicit
        (
            "range_md",
            rf"(?:(?:from|between)\s+)?(?P<m1>{month})\s+(?P<d1>{day}){conn}(?:(?P<m2>{month})\s+)?(?P<d2>{day})"
            rf"(?:,?\s+(?P<y>{year}))?",
        ),
        (
            "range_dm",
            rf"(?:(?:from|between)\s+)?(?:the\s+)?(?P<d1>{day})(?:\s+(?:of\s+)?(?P<m1>{month}))?{conn}(?:the\s+)?"
            rf"(?P<d2>{day})\s+(?:of\s+)?(?P<m2>{month})(?:,?\s+(?P<y>{year}))?",
        ),
        (
            "range_months",
            rf"(?:(?P<open>from|between)\s+)(?P<m1>{month})(?:\s+(?P<y1>{year}))?{conn}(?P<m2>{month})"
            rf"(?:,?\s+(?P<y>{year}))?",
        ),
        (
            "range_weekdays",  # "Monday to Friday"; "Monday and Friday" are two days
            rf"(?:(?:from|between)\s+)?(?P<wd>{weekday})(?:\s*(?:-|–|—)\s*|\s+(?:to|through|thru|until|till)\s+)"
            rf"(?P<wd2>{weekday})",
        ),
        ("range_years", rf"(?:(?:from|between)\s+)(?P<y1>{year4}){conn}(?P<y2>{year4})"),
        (
            "range_years_dash",
            r"(?<![\d,.$#£€¥/-])(?P<y1>1[0-9]{3}|20[0-9]{2})\s?[-–—/]\s?(?:(?P<y2>1[0-9]{3}|20[0-9]{2})|(?P<y2s>\d\d))"
            r"(?![\d%-]|,\d|\.\d)",
        ),
        (
            "md",
            rf"(?:(?P<wd>{weekday}),?\s+)?(?:(?:the\s+)?{pos})?(?:(?P<rel>last|this|next)\s+)?(?P<m>{month})\s+"
            rf"(?:the\s+)?(?P<d>{day})"
            rf"(?![:.]\d)(?:,?\s+(?P<y>{year}))?",
        ),
        (
            "dm",
            rf"(?:(?P<wd>{weekday}),?\s+)?(?:the\s+)?(?P<d>{day})\s+(?:of\s+)?(?P<m>{month})(?:,?\s+(?P<y>{year}))?",
        ),
        (
            "month",
            rf"(?:(?:the\s+)?{pos})?(?:(?P<rel>last|this|next|this\s+coming|this\s+past|each|every)\s+)?"
            rf"(?P<m>{month})(?:(?:,?\s+(?:of\s+)?(?P<y>{year}))|\s+(?P<yrel>this|last|next)\s+year)?",
        ),
        (
            "year",
            rf"(?:(?:the\s+)?{pos})?(?P<fiscal>fiscal\s+(?:year\s+)?|FY\s?|the\s+year\s+)?(?P<prepost>pre-|post-)?(?P<y>{year4}|{spelled_year})",
        ),
        ("year_period", rf"the\s+(?P<y>{year4})\s+(?:period|quarter|fiscal\s+quarter)(?![A-Za-z])"),
        ("fy", r"(?-i:FY)(?P<y>\d\d|\d{4})\b"),
        (
            "decade",
            rf"(?:the\s+)?(?:{pos})?(?:(?P<dec>(?:1[0-9]|20)\d0)s|'(?P<dec2>\d0)s|(?P<decw>{_alt(lex.decade_words)}))"
            r"(?![A-Za-z])",
        ),
        (
            "century",
            rf"(?:the\s+)?(?:{pos})?(?P<c>\d{{1,2}}(?:st|nd|rd|th)|{ordinal_word})[\s-]+century",
        ),
        (
            "season",
            rf"(?:(?:the\s+)?{pos})?(?:(?P<rel>last|this|next|this\s+coming|this\s+past|the|in|during|by|over)\s+)?"
            rf"(?P<s>{season})(?:(?:\s+of)?\s+(?P<y>{year4}|{spelled_year}))?",
        ),
        ("season_year", rf"(?P<y>{year4})\s+(?P<s>{season})"),
        (
            "quarter",
            rf"(?:the\s+)?(?:(?P<ypos>{year4}|this\s+year's|last\s+year's|next\s+year's)\s+)?(?:a\s+flat\s+)?"
            rf"(?:fiscal\s+)?(?P<q>{quarter_ord}|latest|current|last|past|previous|prior|year-ago|year-earlier"
            rf"|same|this|next|fiscal|recent)?[\s-]*(?:fiscal[\s-]+)?(?P<qh>quarter|half)(?![A-Za-z-])"
            rf"(?:\s+of\s+(?:fiscal\s+)?(?P<y>{year4}))?",
        ),
        ("qshort", rf"(?-i:Q(?P<q>[1-4])|H(?P<h>[12]))(?:\s+|/)?(?P<y>{year4})?\b"),
        (
            "weekday",
            rf"(?:{pos})?(?:(?P<rel>last|this|next|this\s+coming|this\s+past|coming|every|each|the\s+previous"
            rf"|the\s+preceding|the\s+following)\s+)?"
            rf"(?P<wd>{weekday})(?P<plural>s)?(?:\s+(?P<part>{part}))?",
        ),
        (
            "deictic",
            rf"(?:(?:(?:mid|early|late)[\s-]?)?(?P<p0>{part})\s+)?(?:{pos})?(?P<dx>today|tonight|yesterday|tomorrow|this\s+(?P<p2>{part}))(?:'s)?"
            rf"(?:\s+(?P<part>{part}))?(?![A-Za-z])",
        ),
        ("last_night", r"(?P<rel>last|tomorrow)\s+night"),
        (
            "relunit",
            rf"(?:(?:the\s+)?{pos}(?:in\s+)?)?(?P<rel>last|this|next|this\s+coming|this\s+past|the\s+coming|the\s+past"
            rf"|the\s+previous|the\s+following|the\s+current|the\s+same|that|the\s+prior|the\s+next|the\s+last"
            rf"|the\s+latest|the)\s+(?P<fiscal>fiscal\s+)?(?P<u>week|weekend|month|year|decade|day)(?![A-Za-z-])",
        ),
        (
            "ago",
            rf"(?:{qmod})?(?P<n>{number})[\s-]+(?:(?:more|full)\s+)?(?P<u>{unit})"
            r"(?P<half>\s+and\s+a\s+half)?(?:\s+or\s+so)?\s+"
            r"(?P<dir>ago|earlier|later|before|after|previously|from\s+now|hence|back)(?![A-Za-z])",
        ),
        (
            "duration",
            rf"(?:{qmod})?(?:(?P<det>the|a(?!\s+quarter\s+of\s)|an|another|an?\s+additional|each\s+of\s+the)\s+)?"
            rf"(?:(?P<dpos>past|last|next|first|previous|following|coming|final|remaining|additional|other|"
            rf"initial|subsequent|full)\s+)?(?:(?P<n>{number})[\s-]+)?(?:(?:more|full|straight|consecutive|trading|business|working)\s+)?"
            rf"(?P<u>{unit})(?P<old>-old|-long)?(?P<half>\s+and\s+a\s+half(?![A-Za-z]))?",
        ),
        ("long_adj", rf"(?:(?P<n>{number})[\s-]+)?(?P<u>{_alt(unit_words)})(?P<pl>s)?-?long(?![A-Za-z])"),
        ("setadv", rf"(?P<adv>{_alt(lex.frequency_adverbs)})(?![A-Za-z])"),
        (
            "setevery",
            rf"(?P<ev>every|each|per|a|an)\s+(?:(?P<other>other|single)\s+)?(?:(?P<n>{number})\s+)?(?P<u>{unit})",
        ),
        (
            "time",
            rf"(?:(?P<qmod>about|around|approximately|at|shortly\s+after|shortly\s+before|just\s+after|"
            rf"just\s+before|after|before|until|by)\s+)?(?P<clock>{clock})(?:\s+(?:on\s+)?(?P<dayword>today|tonight|"
            rf"yesterday|tomorrow|(?P<wd>{weekday})(?:,?\s+(?P<m>{month})\s+(?P<d>{day}))?|(?P<m2>{month})\s+(?P<d2>{day})))?",
        ),
        (
            "time_after_day",
            rf"(?P<dayword>today|yesterday|tomorrow|(?P<wd>{weekday}))(?:\s+(?P<part>{part}))?\s+(?:at\s+)?"
            rf"(?:(?P<qmod>about|around)\s+)?(?P<clock>{clock})",
        ),
        (
            "numeric",
            r"(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)(?![\d-])|(?<![\d/])(?P<slash>[0-3]?\d/[0-3]?\d/(?:19|20)?\d\d)(?![\d/])"
            r"|(?<![\d.])(?P<dot>[0-3]?\d\.[01]?\d\.(?:19|20)\d\d)(?![\d]|\.\d)",
        ),
        (
            "holiday",
            rf"(?:(?P<rel>last|this|next)\s+)?(?P<hol>{holiday})(?![A-Za-z])(?:,?\s+(?P<y>{year4}))?"
            r"(?P<hweek>\s+week(?![A-Za-z]))?",
        ),
        (
            "year_ago",
            r"(?:the\s+)?(?P<ya>year-ago|year-earlier|year\s+earlier|year\s+before)"
            r"(?:\s+(?P<noun>period|quarter|level|levels|month|week|date|time))?(?![A-Za-z-])",
        ),
        ("year_end", r"(?:(?P<rel>last|this|next)\s+)?year(?:[\s-]|'s\s+)end(?![A-Za-z-])"),
        ("anaphoric", rf"(?P<ana>{_alt(lex.anaphoric_days)})(?![A-Za-z])"),
        ("ref", rf"(?P<ref>{_alt(lex.refs)})(?![A-Za-z])"),
    ]

    # Each pattern runs only on paragraphs holding one of its anchor words: most paragraphs hold no month,
    # unit or weekday, and skipping them keeps the stage cheap.
    def first_words(phrases: Any) -> frozenset[str]:
        return frozenset(re.findall(r"[a-z]+", " ".join(str(p) for p in phrases).lower()))

    digit = frozenset({"#digit"})
    anchors: dict[str, frozenset[str]] = {
        "month": frozenset(lex.months),
        "weekday": frozenset(lex.weekdays),
        "unit": first_words(unit_words) | {w + "s" for w in unit_words},
        "season": frozenset(lex.seasons),
        "digits": digit | {"nineteen", "twenty", "thousand"},
        "decade": digit | frozenset(lex.decade_words),
        "quarter": frozenset({"quarter", "half", "q", "h"}),
        "century": frozenset({"century"}),
        "fy": frozenset({"fy"}),
        "deictic": frozenset({"today", "tonight", "yesterday", "tomorrow", "this"}),
        "day_then_clock": frozenset(lex.weekdays) | {"today", "yesterday", "tomorrow"},
        "night": frozenset({"night"}),
        "relunit": frozenset({"week", "weekend", "month", "year", "decade", "day"}),
        "setadv": frozenset(lex.frequency_adverbs),
        "long": first_words(unit_words) | {w + "s" for w in unit_words} | {w + "long" for w in unit_words},
        "clock": digit | first_words(lex.clock_words),
        "holiday": first_words(list(lex.holidays) + list(lex.floating_holidays) + list(lex.easter_holidays)),
        "year_ago": frozenset({"year"}),
        "anaphoric": frozenset({"day", "morning"}),
        "ref": first_words(lex.refs),
    }
    anchor_of = {
        "range_md": "month",
        "range_dm": "month",
        "range_months": "month",
        "md": "month",
        "dm": "month",
        "month": "month",
        "range_years": "digits",
        "range_years_dash": "digits",
        "range_weekdays": "weekday",
        "year": "digits",
        "year_period": "digits",
        "fy": "fy",
        "decade": "decade",
        "century": "century",
        "season": "season",
        "season_year": "season",
        "quarter": "quarter",
        "qshort": "quarter",
        "weekday": "weekday",
        "deictic": "deictic",
        "last_night": "night",
        "relunit": "relunit",
        "ago": "unit",
        "duration": "unit",
        "setadv": "setadv",
        "long_adj": "long",
        "setevery": "unit",
        "time": "clock",
        "time_after_day": "day_then_clock",
        "holiday": "holiday",
        "numeric": "digits",
        "year_ago": "year_ago",
        "year_end": "year_ago",
        "anaphoric": "anaphoric",
        "ref": "ref",
    }
    return tuple(
        (
            name,
            re.compile(rf"(?<![\w-]){body}", re.IGNORECASE),
            anchors[anchor_of[name]],
        )
        for name, body in raw
    )


# --- results -------------------------------------------------------------------------------------------


@dataclass
class _Timex:
    value: str
    type: str = "DATE"
    end_value: str | None = None
    mod: str | None = None
    year_inferred: bool = False
    day: tuple[int | None, int, int] | None = None  # (year or None, month, day) when the grain is a day
    echo: bool = False  # a value derived from the last one ("a year earlier"): not itself an anchor


@dataclass
class _Candidate:
    start: int  # relative to the paragraph
    end: int
    name: str
    match: re.Match[str]
    priority: int
    # "before"/"after" ("the day before last Tuesday") or "week" ("the week of May 3")
    prefix: str | None = None


# --- numbers -------------------------------------------------------------------------------------------


def _number(text: str) -> float | None:
    """The amount a duration's number gives; None for vague amounts (several, a few: TIMEX3 X)."""
    lex = _lexicon()
    t = re.sub(r"\s+", " ", text.strip().lower())
    half = 0.0
    if t.endswith(" and a half"):
        t, half = t[: -len(" and a half")], 0.5
    if t.endswith(" 1/2"):
        t, half = t[:-4], 0.5
    if t in lex.exact_numbers:
        return lex.exact_numbers[t] + half
    if t in lex.vague_numbers:
        return None
    if re.fullmatch(r"\d+(?:[.,]\d+)?", t):
        return float(t.replace(",", "")) + half
    try:
        return float(text2num(t.replace(" and ", " "), "en")) + half
    except ValueError:
        try:
            return float(text2num(t.replace("-", " "), "en")) + half
        except ValueError:
            return None


@cache
def _count_words() -> frozenset[str]:
    """Words that make a count ("five", "million", "hundreds", "dozens"): a count then "a day" is a rate (SET)."""
    nums = load_json("quantity_numbers.json")
    approximate = [w for w in nums["approximate"] if " " not in w]
    return frozenset(
        load_json("dates_numbers.json")["number_words"] + nums["words"] + approximate + ["dozen"]
    )


def _unit(word: str) -> tuple[str, bool] | None:
    lex = _lexicon()
    w = word.lower()
    w = lex.unit_plurals.get(w, w)
    if w not in lex.units and w.endswith("s"):
        w = w[:-1]
    return lex.units.get(w)


def _ordinal(text: str) -> int | None:
    t = text.lower()
    m = re.match(r"(\d+)", t)
    if m:
        return int(m.group(1))
    return _lexicon().ordinals.get(t)


# --- the resolver --------------------------------------------------------------------------------------


# "quarter(s) of" + a determiner is a fraction ("a quarter of its staff"), unless a period follows ("the
# first two quarters of this year"); "several quarters of losses" (no determiner) stays a length of time
_FRACTION_OF = re.compile(
    r"\s+of\s+(?:the|its|their|his|her|all|an?|those|these|our|them|it|what|this|that)\b"
    r"(?!\s+(?:year|fiscal|decade|century)\b)",
    re.IGNORECASE,
)


class _Resolver:
    """Normalises candidates in text order, remembering the last date for anaphora."""

    def __init__(self, published: date | None) -> None:
        self.dct = published
        self.last_day: tuple[int | None, int, int] | None = None
        self.last_value: str | None = None
        self.lex = _lexicon()
        self.day_first = False  # how this article writes 4/9/2020: see _writes_day_first

    # -- helpers --
    def _year(self, text: str | None) -> int | None:
        if not text:
            return None
        t = text.strip().lower()
        if re.fullmatch(r"\d{4}", t):
            return int(t)
        if t.startswith("'"):
            yy = int(t[1:])
            century = 1900
            if self.dct is not None and 2000 + yy <= self.dct.year + 10:
                century = 2000
            return century + yy
        words = re.split(r"[\s-]+", t)
        if words[0] in ("nineteen", "twenty") and len(words) > 1:
            head = 19 if words[0] == "nineteen" else 20
            rest = " ".join(words[1:])
            if rest == "hundred":
                return head * 100
            try:
                return head * 100 + int(text2num(rest, "en"))
            except ValueError:
                return None
        try:
            return int(text2num(" ".join(w for w in words if w != "and"), "en"))
        except ValueError:
            return None

    def _day(
        self,
        year: int | None,
        month: int,
        day: int,
        *,
        future: bool,
        mod: str | None = None,
        weekday: int | None = None,
    ) -> _Timex | None:
        inferred = False
        if year is None and self.dct is not None:
            year, inferred = timex.nearest_year(self.dct, month, day, future=future, weekday=weekday), True
        if not timex.valid_day(year, month, day):
            return None
        return _Timex(
            timex.day_value(year, month, day), mod=mod, year_inferred=inferred, day=(year, month, day)
        )

    def _month(self, year: int | None, month: int, *, future: bool, mod: str | None = None) -> _Timex:
        inferred = False
        if year is None and self.dct is not None:
            year, inferred = timex.nearest_year(self.dct, month, None, future=future), True
        return _Timex(timex.month_value(year, month), mod=mod, year_inferred=inferred)

    def _from_date(
        self, d: date | None, grain: str, unknown: str = "XXXX-XX-XX", mod: str | None = None
    ) -> _Timex:
        if d is None:
            return _Timex(unknown, mod=mod)
        if grain == "day":
            return _Timex(d.isoformat(), mod=mod, day=(d.year, d.month, d.day))
        if grain == "week":
            return _Timex(timex.week_value(d), mod=mod)
        if grain == "weekend":
            return _Timex(timex.week_value(d) + "-WE", mod=mod)
        if grain == "month":
            return _Timex(f"{d.year:04d}-{d.month:02d}", mod=mod)
        if grain == "quarter":
            y, q = timex.quarter_of(d)
            return _Timex(timex.quarter_value(y, q), mod=mod)
        if grain == "decade":
            return _Timex(f"{d.year // 10:03d}", mod=mod)
        return _Timex(f"{d.year:04d}", mod=mod)

    def _anchor_date(self) -> date | None:
        if self.last_day is not None and self.last_day[0] is not None:
            return date(*self.last_day)  # type: ignore[arg-type]
        return self.dct

    def _shift_anchor(self, days: int) -> _Timex:
        if self.last_day is not None:
            y, m, d = self.last_day
            base = date(y if y is not None else 2000, m, d) + timedelta(days=days)
            year = base.year if y is not None else None
            return _Timex(timex.day_value(year, base.month, base.day), day=(year, base.month, base.day))
        if self.dct is not None:
            return self._from_date(self.dct + timedelta(days=days), "day")
        return _Timex("XXXX-XX-XX")

    def _pos_mod(self, m: re.Match[str]) -> str | None:
        pos = m.groupdict().get("pos")
        if not pos:
            return None
        key = re.sub(r"\s+", " ", pos.lower()).replace("very ", "")
        if key.endswith(" of") and not key.startswith("the "):
            key = "the " + key  # "until end of 2023" as "the end of 2023"
        return self.lex.position_mods.get(key) or self.lex.position_mods.get(key.split()[-1])

    def _week_of_month(self, inner: _Timex, nth: str) -> _Timex | None:
        """ "the second week of May": the ISO week holding the middle of that seven-day stretch of the month.

        Without a year the week cannot be named: the month, with START or END for its first or last week.
        """
        month_value = re.fullmatch(r"(\d{4}|XXXX)-(\d\d)", inner.value)
        if month_value is None or inner.end_value is not None or inner.mod is not None:
            return None
        n = self.lex.quarter_ordinals.get(nth, -1) if nth != "final" else -1
        if month_value.group(1) == "XXXX":
            return _Timex(inner.value, mod={1: "START", -1: "END"}.get(n))
        year, month = int(month_value.group(1)), int(month_value.group(2))
        last = calendar.monthrange(year, month)[1]
        middle = last - 3 if n == -1 else 7 * (n - 1) + 4
        return _Timex(timex.week_value(date(year, month, middle)), year_inferred=inner.year_inferred)

    # -- the handlers, one per pattern --
    def resolve(self, cand: _Candidate, future: bool, text: str, before: str) -> _Timex | None:
        handler: Callable[[re.Match[str], bool, str, str], _Timex | None] = getattr(self, "_h_" + cand.name)
        result = handler(cand.match, future, text, before)
        if result is not None and cand.prefix is not None:
            result = self._prefixed(result, cand.prefix)
        if result is not None and re.search(r"\b(?:since|until|till)\s+$", before[-12:], re.IGNORECASE):
            result.echo = True  # "in the country since 21 June": background, not the narrative's current day
        if result is not None and not (result.echo and result.day is not None):
            if result.day is not None:
                self.last_day = result.day
            if result.type == "DATE" and not result.value.endswith("_REF") and not result.echo:
                self.last_value = result.value
        return result

    def _prefixed(self, inner: _Timex, prefix: str) -> _Timex | None:
        """The day before/after a day, the ISO week holding it, or the n-th week of a month."""
        if prefix.startswith("week:"):
            return self._week_of_month(inner, prefix.partition(":")[2])
        if inner.day is None or inner.end_value is not None:
            return None
        y, mo, d = inner.day
        base = date(y if y is not None else 2000, mo, d)
        if prefix == "week":
            return _Timex(
                timex.week_value(base) if y is not None else "XXXX-WXX", year_inferred=inner.year_inferred
            )
        shifted = base + timedelta(days=-1 if prefix == "before" else 1)
        year = shifted.year if y is not None else None
        return _Timex(
            timex.day_value(year, shifted.month, shifted.day),
            year_inferred=inner.year_inferred,
            day=(year, shifted.month, shifted.day),
        )

    def _h_range_md(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        lex = self.lex
        m1 = lex.months[(m["m1"] or m["m2"]).lower().rstrip(".")]
        m2 = lex.months[m["m2"].lower().rstrip(".")] if m["m2"] else m1
        d1, d2 = _ordinal(m["d1"]), _ordinal(m["d2"])
        if d1 is None or d2 is None or (m2 == m1 and d2 <= d1):
            return None
        year = self._year(m["y"])
        start = self._day(year, m1, d1, future=future)
        if start is None:
            return None
        start_year = start.day[0] if start.day else None
        end_year = start_year if m2 >= m1 else (start_year + 1 if start_year is not None else None)
        if not timex.valid_day(end_year, m2, d2):
            return None
        start.end_value = timex.day_value(end_year, m2, d2)
        start.day = (end_year, m2, d2)
        return start

    def _h_range_dm(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        return self._h_range_md(m, future, text, before)

    def _h_range_months(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        lex = self.lex
        m1, m2 = lex.months[m["m1"].lower().rstrip(".")], lex.months[m["m2"].lower().rstrip(".")]
        year = self._year(m["y"])
        y1 = self._year(m["y1"]) or (year if year is not None and m1 <= m2 else None)
        start = self._month(y1, m1, future=future)
        end_year = year
        if end_year is None and start.year_inferred:
            y = int(start.value[:4])
            end_year = y if m2 >= m1 else y + 1
        start.end_value = timex.month_value(end_year, m2)
        start.year_inferred = start.year_inferred or (year is None and y1 is None and self.dct is not None)
        return start

    def _h_range_weekdays(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        """ "Monday to Friday": the first day as a bare weekday would be read, the last the next such day after it."""
        wd1, wd2 = self._weekday_number(m["wd"]), self._weekday_number(m["wd2"])
        first = self._weekday_date(wd1, "", future)
        if first is None:
            return _Timex(f"XXXX-WXX-{wd1}", end_value=f"XXXX-WXX-{wd2}")
        last = first + timedelta(days=(wd2 - wd1) % 7 or 7)
        if not future and self.dct is not None and last > self.dct:
            # told as past: the whole range lies before the publication day
            first, last = first - timedelta(weeks=1), last - timedelta(weeks=1)
        return _Timex(first.isoformat(), end_value=last.isoformat(), day=(first.year, first.month, first.day))

    def _h_range_years(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        return self._year_range(int(m["y1"]), int(m["y2"]))

    def _h_range_years_dash(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        y1 = int(m["y1"])
        if m["y2s"]:
            y2 = y1 // 100 * 100 + int(m["y2s"])
            if y2 != y1 + 1:
                return None  # only the consecutive "2019-20" (a season, a fiscal year); "2010-04" is no range
            return self._year_range(y1, y2)
        return self._year_range(y1, int(m["y2"]))

    @staticmethod
    def _year_range(y1: int, y2: int) -> _Timex | None:
        return _Timex(str(y1), end_value=str(y2)) if y2 > y1 else None

    def _h_md(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        month = self.lex.months[m["m"].lower().rstrip(".")]
        d = _ordinal(m["d"])
        if d is None or not 1 <= d <= 31:
            return None
        groups = m.groupdict()
        rel = (groups.get("rel") or "").lower()
        future = {"last": False, "next": True}.get(rel, future)
        weekday = self._weekday_number(groups.get("wd")) or None
        return self._day(self._year(m["y"]), month, d, future=future, mod=self._pos_mod(m), weekday=weekday)

    def _h_dm(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        return self._h_md(m, future, text, before)

    def _h_month(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        month = self.lex.months[m["m"].lower().rstrip(".")]
        rel = (m["rel"] or "").lower()
        mod = self._pos_mod(m)
        if rel in ("each", "every"):
            return _Timex(f"XXXX-{month:02d}", type="SET")
        year = self._year(m["y"])
        if year is None and m["yrel"] and self.dct is not None:
            year = self.dct.year + {"this": 0, "last": -1, "next": 1}[m["yrel"].lower()]
        if year is None and rel and self.dct is not None:
            if rel == "last" or rel.endswith("past"):
                # TimeBank: "last February" on a March page is the year before (one would say "in February")
                year = self.dct.year if month < self.dct.month - 1 else self.dct.year - 1
            elif rel == "next" or rel.endswith("coming"):
                year = self.dct.year if month > self.dct.month else self.dct.year + 1
            else:
                year = self.dct.year
            return _Timex(timex.month_value(year, month), mod=mod, year_inferred=True)
        return self._month(year, month, future=future, mod=mod)

    def _h_year(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        year = self._year(m["y"])
        if year is None or not 1000 <= year <= 2199:
            return None
        return _Timex(f"{year:04d}", mod=self._pos_mod(m))

    def _h_year_period(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        last = self.last_value
        if last and re.fullmatch(r"\d{4}-Q\d", last):
            return _Timex(f"{m['y']}{last[4:]}", echo=True)
        return _Timex(m["y"])

    def _h_fy(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        y = m["y"]
        year = int(y) if len(y) == 4 else (2000 + int(y) if int(y) < 50 else 1900 + int(y))
        return _Timex(f"{year:04d}")

    def _h_decade(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        mod = self._pos_mod(m)
        if m["dec"]:
            return _Timex(m["dec"][:3], mod=mod)
        tens = int(m["dec2"][0]) if m["dec2"] else self.lex.decade_words[m["decw"].lower()]
        century = 19
        if self.dct is not None and 2000 + tens * 10 <= self.dct.year:
            century = 20
        return _Timex(f"{century}{tens}", mod=mod)

    def _h_century(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        n = _ordinal(m["c"])
        if n is None or not 1 <= n <= 22:
            return None
        return _Timex(f"{n - 1:02d}", mod=self._pos_mod(m))

    def _h_season(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        code = self.lex.seasons[m["s"].lower()]
        rel = (m["rel"] or "").lower()
        year = self._year(m["y"])
        if year is None and not rel and not m["pos"]:
            return None
        if year is None and rel in ("in", "during", "by", "over") and m["s"].lower() == "fall":
            return None
        inferred = False
        if year is None and self.dct is not None:
            inferred = True
            year = self.dct.year
            season_start = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
            if rel == "last":
                year = self.dct.year - 1  # TimeBank: "last spring" on an October page is the year before
            elif rel.endswith("past"):
                year = self.dct.year if season_start + 3 <= self.dct.month else self.dct.year - 1
            elif rel == "next" or rel.endswith("coming"):
                year = self.dct.year if season_start > self.dct.month else self.dct.year + 1
            elif rel != "this" and not future and season_start > self.dct.month + 1:
                year = self.dct.year - 1
        return _Timex(f"{timex.year_text(year)}-{code}", mod=self._pos_mod(m), year_inferred=inferred)

    def _h_season_year(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        return _Timex(f"{int(m['y']):04d}-{self.lex.seasons[m['s'].lower()]}")

    def _h_quarter(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        q_word = (m["q"] or "").lower()
        if not q_word and not m["y"] and not m["ypos"] and _FRACTION_OF.match(text, m.end()):
            return None  # "more than a quarter of its staff"
        is_half = m["qh"].lower() == "half"
        ordinals = self.lex.half_ordinals if is_half else self.lex.quarter_ordinals
        ypos = (m["ypos"] or "").lower()
        year = self._year(m["y"]) or (int(ypos) if ypos.isdigit() else None)
        if ypos and not ypos.isdigit() and self.dct is not None:
            year = self.dct.year + {"this": 0, "last": -1, "next": 1}[ypos.split()[0].replace("'s", "")]
        if is_half:
            n = ordinals.get(q_word)
            if n is None:
                return None
            if year is None and self.dct is not None:
                year = self.dct.year
            return _Timex(f"{timex.year_text(year)}-H{n}")
        if q_word in ordinals:
            n = ordinals[q_word]
            inferred = False
            if year is None and self.dct is not None:
                year, inferred = timex.nearest_quarter(self.dct, n, future=future), True
            return _Timex(timex.quarter_value(year, n), year_inferred=inferred)
        last_q = self.last_value if self.last_value and re.fullmatch(r"\d{4}-Q\d", self.last_value) else None
        if year is not None and q_word in ("", "fiscal", "same") and last_q:
            return _Timex(f"{year:04d}{last_q[4:]}")  # "the 1988 quarter": the quarter just named, that year
        if q_word in ("year-ago", "year-earlier"):
            if last_q:
                return _Timex(f"{int(last_q[:4]) - 1}-{last_q[5:]}")
            return None
        if q_word in ("", "same", "fiscal", "latest", "current", "this", "recent"):
            if last_q and q_word not in ("current", "this"):
                return _Timex(last_q)
            if self.dct is None:
                return _Timex("XXXX-QX")
            y, q = timex.quarter_of(self.dct)
            if q_word in ("current", "this"):
                return _Timex(timex.quarter_value(y, q))
            y, q = divmod(y * 4 + q - 2, 4)
            return _Timex(timex.quarter_value(y, q + 1))
        if q_word in ("last", "past", "previous", "prior", "next"):
            if self.dct is None:
                return _Timex("XXXX-QX")
            y, q = timex.quarter_of(self.dct)
            delta = 1 if q_word == "next" else -1
            y, q = divmod(y * 4 + q - 1 + delta, 4)
            return _Timex(timex.quarter_value(y, q + 1))
        return None

    def _h_qshort(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        year = int(m["y"]) if m["y"] else None
        if year is None and self.dct is not None:
            year = self.dct.year
        if m["q"]:
            return _Timex(timex.quarter_value(year, int(m["q"])))
        return _Timex(f"{timex.year_text(year)}-H{m['h']}")

    def _weekday_number(self, name: str | None) -> int:
        """ISO weekday of a matched weekday name ("Tues." -> 2); 0 when the pattern matched none."""
        return self.lex.weekdays[name.lower().rstrip(".")] if name else 0

    def _weekday_date(self, wd: int, rel: str, future: bool) -> date | None:
        if rel in ("the previous", "the preceding", "the following"):
            # "the previous Friday": the one before the day last mentioned (else the publication day)
            anchor = self._anchor_date()
            if anchor is None:
                return None
            return timex.weekday_near(anchor, wd, direction="next" if rel == "the following" else "last")
        if self.dct is None:
            return None
        if rel == "last" or rel.endswith("past"):
            return timex.weekday_near(self.dct, wd, direction="last")
        if rel in ("next", "coming") or rel.endswith("coming"):
            return timex.weekday_near(self.dct, wd, direction="next")
        if rel == "this":
            return timex.weekday_near(self.dct, wd, direction="future" if future else "past")
        return timex.weekday_near(self.dct, wd, direction="future" if future else "past")

    def _h_weekday(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        wd = self._weekday_number(m["wd"])
        rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
        part = self.lex.parts_of_day.get((m["part"] or "").lower())
        if rel in ("every", "each") or m["plural"] or self._listed_after_every(before):
            return _Timex(f"XXXX-WXX-{wd}" + (f"T{part}" if part else ""), type="SET")
        d = self._weekday_date(wd, rel, future)
        result = self._from_date(d, "day", unknown=f"XXXX-WXX-{wd}", mod=self._pos_mod(m))
        if part:
            result.value += f"T{part}"
            result.type = "TIME"
        return result

    def _listed_after_every(self, before: str) -> bool:
        """ "every Monday and Thursday", "each Tuesday, Wednesday or Friday": the later days recur too."""
        days = _alt(self.lex.weekdays)
        listed = rf"\b(?:every|each)\s+(?:(?:{days})s?\.?(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+))+$"
        return re.search(listed, before[-80:], re.IGNORECASE) is not None

    def _h_deictic(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        dx = m["dx"].lower()
        offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}.get(dx.split()[0], 0)
        part = self.lex.parts_of_day.get((m["part"] or m["p2"] or m["p0"] or "").lower())
        if dx == "tonight":
            part = "NI"
        d = self.dct + timedelta(days=offset) if self.dct is not None else None
        result = self._from_date(d, "day", mod=self._pos_mod(m))
        if part:
            result.value += f"T{part}"
            result.type = "TIME"
        return result

    def _h_last_night(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        offset = -1 if m["rel"].lower() == "last" else 1
        d = self.dct + timedelta(days=offset) if self.dct is not None else None
        result = self._from_date(d, "day")
        result.value += "TNI"
        result.type = "TIME"
        return result

    def _h_relunit(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        rel = re.sub(r"\s+", " ", m["rel"].lower())
        u = m["u"].lower()
        mod = self._pos_mod(m)
        if rel == "the next" and u == "day":
            # "June 3. The next day, she met...": the day after the last one; "in the next day or two",
            # with no day before it, is a length
            if self.last_day is not None and not re.match(r"\s+or\b", text[m.end() :]):
                return self._shift_anchor(1)
            return _Timex("P1D", type="DURATION")
        if rel in ("the coming", "the past", "the next", "the last", "this past", "past", "coming"):
            if u == "day" or u == "weekend":
                return None
            # "the past month", "the coming year": a duration in TimeBank and in the gold (P1M, P1Y)
            code = {"week": "W", "month": "M", "year": "Y", "decade": "10Y"}[u]
            return _Timex(timex.duration_value(1, code, time=False), type="DURATION")
        if u == "day":
            if rel in ("that", "the same"):
                return self._shift_anchor(0) if self.last_day else None
            if rel in ("the previous", "the prior"):
                return self._shift_anchor(-1) if self.last_day else None
            if rel == "the following":
                return self._shift_anchor(1) if self.last_day else None
            return None
        if rel in ("that", "the same", "the previous", "the following", "the prior", "the"):
            if rel == "the" and u not in ("weekend",):
                if u in ("year", "month", "week") and m["fiscal"]:
                    return _Timex(f"P1{u[0].upper()}", type="DURATION")
                if mod is not None and u != "day":
                    return self._unit_in_view(u, future, mod)
                return None
            if rel == "the" and u == "weekend":
                # the coming weekend when the verb is future, else the last one (this one on a Saturday/Sunday)
                d = self.dct
                if d is not None and not future and d.isoweekday() < 6:
                    d = d - timedelta(weeks=1)
                return self._from_date(d, "weekend", unknown="XXXX-WXX-WE", mod=mod)
            return self._relative_to_last(
                u, {"the previous": -1, "the prior": -1, "the following": 1}.get(rel, 0)
            )
        delta = {"last": -1, "this": 0, "next": 1, "this coming": 1, "the current": 0, "the latest": 0}.get(
            rel
        )
        if delta is None:
            return None
        if self.dct is None:
            unknown = {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX", "decade": "XXX"}
            return _Timex(unknown.get(u, "XXXX"), mod=mod)
        d = self.dct
        if u in ("week", "weekend"):
            d = d + timedelta(weeks=delta)
        elif u == "month":
            d = timex.add_months(d, delta)
        elif u == "decade":
            d = timex.shift_years(d, 10 * delta)
        else:
            d = timex.shift_years(d, delta)
        return self._from_date(d, u, mod=mod)

    def _unit_in_view(self, unit: str, future: bool, mod: str | None) -> _Timex | None:
        """ "the end of the year", "early in the month": the unit the narrative is in.

        That is the last date's unit when one was named (a past story told in 1995 stays in 1995), else the
        publication date's; a future verb ("will close by the end of the year") looks from the publication date.
        """
        named = None if future else self._relative_to_last(unit, 0)
        if named is not None:
            named.mod = mod
            return named
        if self.dct is None:
            unknown = {"week": "XXXX-WXX", "month": "XXXX-XX", "decade": "XXX"}
            return _Timex(unknown.get(unit, "XXXX"), mod=mod)
        return self._from_date(self.dct, unit, mod=mod)

    def _relative_to_last(self, unit: str, delta: int) -> _Timex | None:
        last = self.last_value
        if last is None:
            return None
        if unit == "year" and re.match(r"\d{4}", last):
            return _Timex(f"{int(last[:4]) + delta:04d}")
        if unit == "month" and re.fullmatch(r"\d{4}-\d\d(-\d\d)?", last):
            y, mo = timex.shift_months(int(last[:4]), int(last[5:7]), delta)
            return _Timex(timex.month_value(y, mo))
        if unit in ("week", "weekend") and re.fullmatch(r"\d{4}-\d\d-\d\d", last):
            d = date.fromisoformat(last) + timedelta(weeks=delta)
            return self._from_date(d, unit)
        return None

    def _h_ago(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        unit = _unit(m["u"])
        if unit is None:
            return None
        code, is_time = unit
        if is_time:
            return None  # "five minutes later": no clock to count from; the length alone is the timex
        amount = _number(m["n"])
        if m["half"] and amount is not None:
            amount += 0.5  # "a year and a half ago"
        multiple = re.fullmatch(r"(\d+)([A-Z]+)", code)
        if multiple and amount is not None:
            code, amount = multiple.group(2), amount * int(multiple.group(1))
        if code == "Y" and amount is not None and amount != int(amount) and (amount * 12).is_integer():
            code, amount = "M", amount * 12  # "half a year ago", "a year and a half ago": counted in months
        direction = re.sub(r"\s+", " ", m["dir"].lower())
        qmod = self.lex.quantity_mods.get(re.sub(r"\s+", " ", (m["qmod"] or "").lower()))
        sign = 1 if direction in ("later", "after", "from now", "hence") else -1
        if direction in ("before", "after") and not re.match(r"\s*(?:[,.;:)]|$)", text[m.end() :]):
            return None  # "two days before the vote": the duration alone is the timex (handled as duration)
        if amount is None:
            if direction != "ago":
                return None  # "a few days later": the duration alone (PXD) is what TimeBank marks
            return _Timex("PAST_REF")
        relative_to_anchor = direction not in ("ago", "from now", "hence", "back")
        if relative_to_anchor and self.last_value is None and self.last_day is None:
            # "Two decades later, the school reopened" with no date named before: later than an event, not
            # than the publication date; the length is all the text gives
            return _Timex(timex.duration_value(amount, code, time=False), type="DURATION", mod=qmod)
        if code == "Y" and amount == 1 and self.last_value and re.match(r"\d{4}", self.last_value):
            # TimeBank: "a year ago/earlier" compares with the period just named (a quarter, a month...)
            return self._echo_year(sign, qmod)
        if code == "D" and relative_to_anchor and self.last_day is not None:
            return self._shift_anchor(sign * int(amount))
        base = self._anchor_date() if relative_to_anchor else self.dct
        if base is None:
            return _Timex({"D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX"}.get(code, "XXXX"), mod=qmod)
        n = int(amount)
        if code == "D":
            if relative_to_anchor and self.last_day is not None:
                return self._shift_anchor(sign * n)
            return self._from_date(base + timedelta(days=sign * n), "day", mod=qmod)
        if code == "W":
            return self._from_date(
                base + timedelta(weeks=sign * n), "week" if direction == "ago" else "day", mod=qmod
            )
        if code == "M":
            return self._from_date(timex.add_months(base, sign * n), "month", mod=qmod)
        if code == "Y":
            return self._from_date(timex.shift_years(base, sign * n), "year", mod=qmod)
        return None

    def _echo_year(self, sign: int, mod: str | None = None) -> _Timex | None:
        last = self.last_value
        # a quarter or a month just named is what "a year earlier" compares with; otherwise the year
        if last is None or not re.fullmatch(r"\d{4}-(?:Q\d|H\d|\d\d)", last):
            if self.dct is None:
                return None
            return _Timex(f"{self.dct.year + sign:04d}", mod=mod, echo=True)
        return _Timex(f"{int(last[:4]) + sign:04d}{last[4:]}", mod=mod, echo=True)

    def _h_year_ago(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        return self._echo_year(-1)

    def _h_year_end(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        """ "year-end", "by year's end", "last year-end": the END of the publication year (or the one named).

        Unlike "the end of the year", a bare "year-end" is business shorthand for the current year's close,
        not an anaphor: "since year-end" after an index base "of 1969" is not 1969.
        """
        rel = (m["rel"] or "").lower()
        if not rel:
            return self._unit_in_view("year", True, "END")
        if self.dct is None:
            return _Timex("XXXX", mod="END")
        return _Timex(f"{self.dct.year + {'last': -1, 'this': 0, 'next': 1}[rel]:04d}", mod="END")

    def _h_duration(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        unit = _unit(m["u"])
        if unit is None:
            return None
        code, is_time = unit
        det = re.sub(r"\s+", " ", (m["det"] or "").lower())
        dpos = (m["dpos"] or "").lower()
        n_text = m["n"]
        qmod = self.lex.quantity_mods.get(re.sub(r"\s+", " ", (m["qmod"] or "").lower()))
        word = m["u"].lower()
        plural = word.endswith("s") and _unit(word[:-1]) is not None and word not in self.lex.units
        if n_text is None:
            if plural:
                # bare plurals: "for years", "over the years"
                last_word = before.rstrip().lower().split()[-1:] or [""]
                if (
                    det not in ("", "the")
                    or dpos
                    or last_word[0] not in ("for", "in", "over", "within", "the", "of")
                ):
                    return None
                return _Timex(timex.duration_value(None, code, time=is_time), type="DURATION")
            if det in ("a", "an", "another", "an additional") and not dpos:
                n_text = det.split()[0]
            elif det == "the" and dpos in (
                "past",
                "last",
                "next",
                "coming",
                "previous",
                "following",
                "first",
            ):
                if dpos in ("previous", "following") and code in ("D", "W", "M", "Y"):
                    return None
                n_text = "one"
            else:
                return None
        if (m["old"] and m["old"].lower() == "-old") or re.match(r"\s+old\b", text[m.end() :]):
            return None  # an age ("37 years old", "a 6-year-old boy") is not a TIMEX3
        amount = _number(n_text)
        if amount is None and n_text.strip().lower() == "the":
            return None
        if n_text.strip().lower() in ("a", "an") and code == "S":
            return None  # "a second session": an ordinal, not a duration
        if m["half"] and amount is not None:
            amount += 0.5  # "a year and a half", "two hours and a half"
        if n_text.strip().lower() in ("a", "an") and not qmod and not dpos and not m["old"] and not m["half"]:
            prev_words = before.lower().split()[-6:]
            prev = prev_words[-1] if prev_words else ""
            if prev in _words("duration_preps") or any(
                (" " + " ".join(prev_words)).endswith(" " + phrase)
                for phrase in _words("duration_lead_phrases")
            ):
                pass
            elif any(
                re.fullmatch(r"\$?[\d,.]+\w*|twice|once|times", w)
                or w in _count_words()
                or w in self.lex.units
                for w in prev_words[-4:]
            ):
                return _Timex(timex.duration_value(1, code, time=is_time), type="SET")
            else:
                return None
        if code == "WE":
            return None
        if code == "Q":
            if _FRACTION_OF.match(text, m.end()):
                return None  # "three-quarters of the oil", "a quarter of its staff": a fraction
            return _Timex(timex.duration_value(amount, "Q", time=False), type="DURATION", mod=qmod)
        if dpos in ("past", "last") and amount is None and not is_time:
            return _Timex("PAST_REF")
        value = timex.duration_value(amount, code, time=is_time)
        return _Timex(value, type="DURATION", mod=qmod)

    def _h_setadv(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        return _Timex(self.lex.frequency_adverbs[m["adv"].lower()], type="SET")

    def _h_long_adj(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        unit = _unit(m["u"])
        if unit is None:
            return None
        code, is_time = unit
        if m["n"] and m["n"].lower() not in ("a", "an"):
            amount = _number(m["n"])
        else:
            plural = bool(m["pl"]) or m["u"].lower() not in self.lex.units
            amount = None if plural else 1.0  # "decades-long" is vague, "day-long" is one day
        return _Timex(timex.duration_value(amount, code, time=is_time), type="DURATION")

    def _h_setevery(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        unit = _unit(m["u"])
        if unit is None:
            return None
        code, is_time = unit
        ev = m["ev"].lower()
        if ev in ("a", "an", "per"):
            return None  # handled by the duration rule, which checks for a preceding count
        amount = _number(m["n"]) if m["n"] else 1.0
        if m["other"] and m["other"].lower() == "other":
            amount = (amount or 1.0) * 2
        if code == "WE":
            return _Timex("XXXX-WXX-WE", type="SET")
        return _Timex(timex.duration_value(amount, code, time=is_time), type="SET")

    def _h_time(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        clock = self._clock(m["clock"])
        if clock is None:
            return None
        g = m.groupdict()  # shared with time_after_day, which has no month or day groups
        qmod = {"about": "APPROX", "around": "APPROX", "approximately": "APPROX"}.get(
            (g["qmod"] or "").lower()
        )
        day: _Timex | None
        dayword = (m["dayword"] or "").lower()
        if g.get("m") or g.get("m2"):
            month = self.lex.months[(g.get("m") or g["m2"]).lower().rstrip(".")]
            d = _ordinal(g.get("d") or g["d2"])
            weekday = self._weekday_number(m["wd"]) or None
            day = self._day(None, month, d, future=future, weekday=weekday) if d else None
        elif m["wd"]:
            day = self._from_date(self._weekday_date(self._weekday_number(m["wd"]), "", future), "day")
        elif dayword:
            offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[dayword]
            day = self._from_date(self.dct + timedelta(days=offset) if self.dct else None, "day")
        else:
            anchor = self.last_day
            if anchor is not None and anchor[0] is not None:
                day = _Timex(timex.day_value(*anchor))
            else:
                day = self._from_date(self.dct, "day")
        if day is None:
            return None
        return _Timex(f"{day.value}T{clock}", type="TIME", mod=qmod, year_inferred=day.year_inferred)

    def _h_time_after_day(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        return self._h_time(m, future, text, before)

    def _clock(self, text: str) -> str | None:
        t = text.lower().strip()
        for word, value in self.lex.clock_words.items():
            if t.startswith(word):
                return value
        mm = re.match(r"(\d{1,2})(?::?(\d\d))?\s*(?:([ap])(?=\.|m\b))?", t)  # "14:00", "1400 GMT"
        if mm is None:
            return None
        hour, minute = int(mm.group(1)), int(mm.group(2) or 0)
        half = mm.group(3)
        # "4 in the morning", "8 in the evening", "11 at night" (a small hour at night is after midnight)
        spelled = re.search(r"(morning)|(afternoon|evening)|(night)|(o'clock)", t)
        if half is None and spelled is not None:
            half = "a" if spelled.group(1) else "p" if spelled.group(2) else ""
            if spelled.group(3):
                half = "p" if hour >= 6 else "a"
        if half == "p" and hour < 12:
            hour += 12
        if half == "a" and hour == 12:
            hour = 0
        if hour > 24 or minute > 59 or (half is None and mm.group(2) is None):
            return None
        return f"{hour:02d}:{minute:02d}"

    def _h_numeric(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        if m["iso"]:
            y, mo, d = (int(x) for x in m["iso"].split("-"))
            return self._day(y, mo, d, future=future) if timex.valid_day(y, mo, d) else None
        if m["dot"]:
            # 10.06.2021: dotted dates are written day first (European and Asian press releases)
            a, b, y = (int(x) for x in m["dot"].split("."))
            d, mo = timex.numeric_day_month(a, b, ".")
            return self._day(y, mo, d, future=future) if timex.valid_day(y, mo, d) else None
        first, second = (int(x) for x in m["slash"].split("/")[:2])
        day, _ = timex.numeric_day_month(first, second, "/", day_first=self.day_first)
        parsed = timex.parse_date(m["slash"], self.dct, day_first=day == first)
        if parsed is None or parsed.grain != "day":
            return None
        return self._from_date(parsed.date, "day")

    def _h_holiday(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        result = self._holiday_date(m, future)
        if result is not None and m["hweek"]:
            # "Easter week", "Christmas week": the ISO week holding the day
            if result.day is None or result.day[0] is None:
                return _Timex("XXXX-WXX")
            return self._from_date(date(*result.day), "week")  # type: ignore[arg-type]
        return result

    def _holiday_date(self, m: re.Match[str], future: bool) -> _Timex | None:
        name = re.sub(r"\s+", " ", m["hol"].lower())
        future = {"last": False, "next": True}.get((m["rel"] or "").lower(), future)
        year = self._year(m["y"])
        if name in self.lex.holidays:
            month, day = (int(x) for x in self.lex.holidays[name].split("-"))
            return self._day(year, month, day, future=future)
        if name in self.lex.easter_holidays:
            offset = self.lex.easter_holidays[name]

            def movable(y: int) -> date:
                return timex.easter(y) + timedelta(days=offset)

            return self._movable_holiday(movable, year, future, month_hint=None)  # March or April
        rule = self.lex.floating_holidays[name]
        return self._movable_holiday(lambda y: timex.nth_weekday(y, *rule), year, future, month_hint=rule[0])

    def _movable_holiday(
        self, day_in: Callable[[int], date], year: int | None, future: bool, month_hint: int | None
    ) -> _Timex | None:
        if year is None and self.dct is not None:
            # the year whose holiday is nearest the publication date (the date moves, so try each year)
            days = {y: day_in(y) for y in (self.dct.year - 1, self.dct.year, self.dct.year + 1)}
            cost = {
                y: abs((d - self.dct).days) * (1.0 if (d > self.dct) == future else 4.0)
                for y, d in days.items()
            }
            best = min(cost, key=lambda y: cost[y])
            result = self._from_date(days[best], "day")
            result.year_inferred = True
            return result
        if year is None:
            return _Timex(f"XXXX-{month_hint:02d}-XX" if month_hint else "XXXX-XX-XX")
        return self._from_date(day_in(year), "day")

    def _h_anaphoric(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        phrase = re.sub(r"\s+", " ", m["ana"].lower())
        offset = self.lex.anaphoric_days[phrase]
        if self.last_day is None and phrase in ("that day", "the day"):
            return None
        return self._shift_anchor(offset)

    def _h_ref(self, m: re.Match[str], future: bool, text: str, before: str) -> _Timex | None:
        return _Timex(self.lex.refs[re.sub(r"\s+", " ", m["ref"].lower())])


# --- candidate vetting ---------------------------------------------------------------------------------

_NON_DATE_ENTS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "PRODUCT", "LAW"})
_NAME_ENTS = frozenset({"PERSON", "ORG", "GPE", "FAC", "WORK_OF_ART", "EVENT", "NORP", "LOC", "PRODUCT"})


@cache
def _words(key: str) -> frozenset[str]:
    """A word list from dates_phrases.json (cue words, count nouns...)."""
    return frozenset(load_json("dates_phrases.json")[key])


def _token_labels(doc: Any, start: int, end: int) -> tuple[set[str], list[Any]]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return set(), []
    return {t.ent_type_ for t in span if t.ent_type_}, list(span)


_UNIT_RULES = frozenset({"duration", "time", "ago", "setevery", "long_adj", "relunit"})


def _title_case(para_text: str) -> bool:
    """Most words capitalised (a headline): capitals there say nothing about names."""
    words = re.findall(r"[A-Za-z]+", para_text)
    return sum(w[0].isupper() for w in words) * 2 > len(words)


def _capitalised_name(span: str, before: str, para_text: str) -> bool:
    """A unit or clock word capitalised inside running text is a title: "60 Minutes", "High Noon".

    Month and weekday names are capitalised anyway, so only the rules built on unit and clock words ask.
    A title-case paragraph (a headline) proves nothing.
    """
    words = re.findall(r"[A-Za-z0-9]+", span)
    if not words or _title_case(para_text):
        return False
    if any(w[0].isupper() and not w.isupper() for w in words[1:]):  # "EST", "P.M." are not titles
        return True
    prev = re.search(r"([A-Za-z]+)\W{0,3}$", before)
    return bool(
        len(span.split()) == 1
        and words[0][0].isupper()
        and prev is not None
        and prev.group(1)[0].isupper()
        and not re.search(r"[.!?]\W*\w*\W*$", before)
    )


def _season_in_a_name(m: re.Match[str], para_text: str) -> bool:
    """A capitalised season inside a name: "the Spring Festival", "the Summer Olympics", "the Arab Spring".

    A title-case paragraph (a headline) proves nothing; a year after the season ("Summer 2021") is a date.
    """
    word = m["s"]
    if not word[0].isupper() or m["y"] or _title_case(para_text):
        return False
    after = re.match(r"\s+([A-Za-z]+)", para_text[m.end("s") :])
    if after and after.group(1)[0].isupper():
        return True
    before = para_text[: m.start("s")]
    prev = re.search(r"([A-Za-z]+)\s+$", before)
    return bool(
        prev
        and prev.group(1)[0].isupper()
        and prev.group(1).lower() not in _lexicon().seasons
        and not re.search(r"(?:^|[.!?]\W*)\s*[A-Za-z]+\s+$", before)
    )


def _after_common_noun(doc: Any, start: int, prev_word: str) -> bool:
    """The word just before `start` is a lower-case common noun that is no cue for a year ("gate", "hotline",
    "booth"), so a four-digit number after it is an identifier ("in", "of", "year", "fiscal" are cues).
    """
    if doc is None or not prev_word or prev_word in _words("year_cues"):
        return False
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or len(span) == 0 or span[0].i == 0:
        return False
    prev = doc[span[0].i - 1]
    return prev.pos_ == "NOUN" and prev.text.islower() and prev.text.isalpha()


def _vet(cand: _Candidate, para_text: str, doc: Any) -> bool:
    """False for spans that look like a date but are not one in this sentence."""
    m, name = cand.match, cand.name
    before = para_text[: cand.start]
    prev_word = re.findall(r"[\w']+", before[-40:].lower())[-1:] or [""]
    labels, tokens = _token_labels(doc, cand.start, cand.end) if doc is not None else (set(), [])
    lex = _lexicon()
    if name in _UNIT_RULES:
        group = "clock" if name == "time" else 0  # the clock words only: "9 a.m. Tuesday" names a weekday
        if _capitalised_name(m.group(group), para_text[: m.start(group)], para_text):
            return False
    if name == "month":
        word = m["m"].lower().rstrip(".")
        if m["y"] or m["rel"] or m["yrel"] or m["pos"]:
            return True
        if labels & _NAME_ENTS and "DATE" not in labels:
            return False
        if word in lex.ambiguous_months:
            if prev_word[0] not in _words("month_cues") and "DATE" not in labels:
                return False
            next_word = re.match(r"\s+([A-Za-z]+)", para_text[cand.end :])
            if next_word and next_word.group(1) in _words("modal_after_may"):
                return False
        return True
    if name == "year":
        if m["fiscal"] or m["pos"] or m["prepost"]:
            return True
        if not re.fullmatch(r"\d{4}", m["y"]):
            return "DATE" in labels or prev_word[0] in _words("year_cues")
        if re.match(r"\s*(?:%|per\s*cent|percent)", para_text[cand.end :], re.IGNORECASE):
            return False
        if re.search(r"(?:No\.|#|\$|€|£|Room|Route|page|pp?\.)\s*$", before, re.IGNORECASE):
            return False
        if labels & (_NON_DATE_ENTS | {"FAC", "PRODUCT", "ORG"}) and prev_word[0] not in _words("year_cues"):
            return False
        if _after_common_noun(doc, cand.start, prev_word[0]):
            return False  # "gate 1203", "hotline 1919": a number naming a thing
        next_word = re.match(r"\s+([A-Za-z]+)", para_text[cand.end :])
        return not (next_word and next_word.group(1).lower() in _words("count_nouns"))
    if name == "numeric" and re.search(r"(?:version|ver\.|v|No\.|#)\s*$", before, re.IGNORECASE):
        return False  # "version 1.2.2020": a release number
    if name == "season" and _season_in_a_name(m, para_text):
        return False
    if name == "time" and re.search(r"(?:\d|[ap]\.?m\.?|local time)\s*\(\s*$", before, re.IGNORECASE):
        return False  # "10:35 a.m. (0735 GMT)": the same moment told again in another zone
    if (
        name.startswith("range_")
        and re.search(r"\sand\s", m.group(0))
        and not m.group(0).lower().startswith("between")
    ):
        return False  # "April 24 and 25": two dates (a range needs "to", a dash or "between ... and")
    if name == "range_years" and m.group(0).lower().startswith("between"):
        return False  # TimeBank marks "between 1994 and 1997" as two years
    if name in ("md", "dm"):
        # "May 3" is a date; "3 May I" / scores "3-1" are filtered by the day check; a bare "the 9 May be" rare
        d = _ordinal(m["d"])
        if d is None or not 1 <= d <= 31:
            return False
        next_word = re.match(r"\s+([A-Za-z]+)", para_text[cand.end :])
        modal = m["m"].lower() == "may" and not m["y"] and name == "dm"
        return not (modal and next_word and next_word.group(1) in _words("modal_after_may"))
    if name == "ref":
        phrase = re.sub(r"\s+", " ", m["ref"].lower())
        if phrase not in lex.ref_need_context:
            return True
        if not tokens:
            return False
        tok = tokens[0]
        if phrase == "current":
            return tok.pos_ == "ADJ" and tok.dep_ == "amod" and tok.head.lemma_.lower() in _current_heads()
        if phrase == "once":
            return tok.pos_ == "ADV" and tok.dep_ == "advmod" and tok.head.pos_ in ("VERB", "AUX")
        if phrase == "earlier":
            return (
                tok.dep_ == "advmod"
                and tok.head.pos_ == "VERB"
                and tok.i + 1 < len(tok.doc)
                and (tok.doc[tok.i + 1].is_punct)
            )
        if phrase == "future":
            return prev_word[0] in ("the", "near", "distant") and tok.pos_ == "NOUN"
        if phrase == "recent":
            return tok.head.lemma_.lower() in _current_heads()
        if phrase == "the past":
            return not re.match(r"\s+(?:few\s+)?\w+s?\b", para_text[cand.end :]) or bool(
                re.match(r"\s*(?:[,.;:]|$|\s+(?:and|or|but|as|when|that|,)\b)", para_text[cand.end :])
            )
        return bool(tok.pos_ in ("ADV", "ADJ"))
    if (
        name == "duration"
        and not m["n"]
        and not m["det"]
        and not m["dpos"]
        and not m["u"].lower().endswith("s")
    ):
        return False  # a bare "week" or "day"; bare plurals ("for years") are judged by the handler
    if name == "setadv" and re.search(r"(?:%|per\s*cent|percent)\s+$", before[-20:], re.IGNORECASE):
        return False  # "rise 8.5% annually": a growth rate, not a recurring event
    # "its initial quarterly of five cents", "quarterly results": not a recurrence
    return not (
        name == "setadv"
        and tokens
        and (tokens[0].pos_ in ("NOUN", "PROPN") or m["adv"].lower() == "quarterly")
    )


@cache
def _current_heads() -> frozenset[str]:
    return frozenset(load_json("dates_phrases.json").get("present_heads", []))


# --- the stage -----------------------------------------------------------------------------------------


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
    cues = _future_heads()
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "aux":
            aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
            if aux & {"will", "'ll", "shall", "wo", "would"}:
                return "future"
            if tok.lemma_.lower() in cues and tok.tag_ not in ("VBD", "VBN"):
                return "future"
            if "to" in aux and tok.head is not tok and tok.head.lemma_.lower() in cues:
                return "future"
            # "has scheduled a briefing Thursday", "is expected Monday" look ahead; "was planned" tells the past
            if tok.lemma_.lower() in cues and aux & {"has", "have", "is", "are", "'s", "'re"}:
                return "future"
            if tok.tag_ in ("VBD", "VBN"):
                return "past"
        if tok.head is tok:
            break
        tok = tok.head
    return None


@cache
def _future_heads() -> frozenset[str]:
    return frozenset(load_json("dates_phrases.json")["future_cues"])


def _candidates(para_text: str, doc: Any, published: date | None) -> list[_Candidate]:
    found: list[_Candidate] = []
    # the words of the paragraph (and "#digit" if it has a digit): a pattern runs only if one of its anchors is here
    words = set(re.findall(r"[a-z]+", para_text.lower()))
    if any(ch.isdigit() for ch in para_text):
        words.add("#digit")
    for priority, (name, pattern, anchor) in enumerate(_patterns()):
        if words.isdisjoint(anchor):
            continue
        for m in pattern.finditer(para_text):
            start, end = m.span()
            # trailing spaces or dots the grammar swallowed
            while end > start and para_text[end - 1] in " \t":
                end -= 1
            if end <= start:
                continue
            cand = _Candidate(start, end, name, m, priority)
            if _vet(cand, para_text, doc):
                found.append(cand)
    found.sort(key=lambda c: (-(c.end - c.start), c.priority, c.start))
    chosen: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    # a dry run on a scratch resolver (with a dummy last date) tells whether a handler accepts a span, so
    # that a rejected long reading leaves the shorter ones in play
    scratch = _Resolver(published)
    for cand in found:
        if any(cand.start < e and s < cand.end for s, e in taken):
            continue
        scratch.last_day, scratch.last_value = (2000, 1, 1), "2000-01-01"
        if scratch.resolve(cand, False, para_text, para_text[: cand.start]) is None:
            continue
        chosen.append(cand)
        taken.append((cand.start, cand.end))
    chosen.sort(key=lambda c: c.start)
    return _attach_prefixes(para_text, chosen, scratch)


@cache
def _prefix_pattern() -> re.Pattern[str]:
    """ "the day before/after", "the week of", "the second/last week of" just before a date."""
    # a month's weeks are counted with the quarters' ordinals; "final" week means the last one
    nth = _alt(k for k in _lexicon().quarter_ordinals if k != "final")
    return re.compile(
        rf"\b(?:(?:the|a|one)\s+)?(?:day\s+(?P<dir>before|after)|(?P<week>week)\s+of|"
        rf"(?P<nth>{nth}|last|final)\s+week\s+of)\s+$",
        re.IGNORECASE,
    )


def _attach_prefixes(para_text: str, chosen: list[_Candidate], scratch: _Resolver) -> list[_Candidate]:
    """Widen a day to "the day before/after <day>" or "the week of <day>" (one TIMEX3 in TimeML).

    The phrase's own reading as an anaphor ("the day before" = the day before the last date) is dropped.
    """
    out: list[_Candidate] = []
    for cand in chosen:
        pm = _prefix_pattern().search(para_text, max(0, cand.start - 24), cand.start)
        if pm is not None:
            prefix = "week" if pm["week"] else f"week:{pm['nth'].lower()}" if pm["nth"] else pm["dir"].lower()
            trial = _Candidate(pm.start(), cand.end, cand.name, cand.match, cand.priority, prefix)
            scratch.last_day, scratch.last_value = (2000, 1, 1), "2000-01-01"
            if scratch.resolve(trial, False, para_text, para_text[: cand.start]) is not None:
                while out and out[-1].end > pm.start():
                    out.pop()
                cand = trial
        out.append(cand)
    return out


_DATELINE = re.compile(r"\s*[A-Z][A-Z .'-]+,(?:\s+[A-Z][a-z]+\.?,)?\s*$")
_DATELINE_END = re.compile(r"\s*(?:\([^)]{1,40}\))?\s*(?:--|—|–|-)(?:\s|$)")


def _in_dateline(para_text: str, cand: _Candidate) -> bool:
    """A wire dateline ("WASHINGTON, August 13 (Xinhua) --"): the publication stamp, not a mention.

    Segment normally lists datelines in `ctx.excluded`; this catches the ones left in a paragraph's head.
    """
    return bool(
        _DATELINE.fullmatch(para_text[: cand.start])
        and _DATELINE_END.match(para_text[cand.end : cand.end + 50])
    )


def _strip_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading opener ("from", "at", "a" before "two-day") and trailing punctuation from a mention."""
    span = text[start:end]
    # range openers, the preposition of a clock time, the article of an adjectival "a two-day"
    lead = re.match(
        r"(?:from|between|in|during|by|over)\s+|(?:at|on)\s+(?=\d|noon|midnight)|(?:an?|the)\s+(?=\w+-\w|\w+long\b)",
        span,
        re.IGNORECASE,
    )
    if lead:
        start += lead.end()
    while end > start and text[end - 1] in ",;:":
        end -= 1
    return start, end


def _forward_opener(para_text: str, start: int, doc: Any, tense: str | None) -> bool:
    """ "until Tuesday", "as soon as Friday", "by Monday", "runs through Sunday" look forward, unless the
    verb is past: "by Monday officials hardened"; "until" after a past verb still looks forward ("postponed
    until Tuesday") except in "up until" or a negated sentence ("had not called him a suspect until Thursday").
    """
    m = re.search(
        r"\b(up\s+)?(until|till|through|thru|as soon as|by)\s+$", para_text[max(0, start - 16) : start], re.I
    )
    inner = re.match(r"(until|till|by)\b", para_text[start : start + 6], re.I)
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


def _paragraph_mentions(ctx: ArticleContext, para: Paragraph, resolver: _Resolver) -> Iterator[DateMention]:
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
        result = resolver.resolve(cand, future, para_text, para_text[: cand.start])
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
    para_text: str, cand: _Candidate, first: _Timex, doc: Any
) -> tuple[int, int, _Timex] | None:
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
    return m.start("d"), m.end(), _Timex(timex.day_value(year, month, second), year_inferred=inferred)


def _mention(ctx: ArticleContext, start: int, end: int, t: _Timex) -> DateMention:
    kind = t.type
    if kind == "DATE" and "T" in t.value and re.match(r"[\dX]{4}-[\dX]{2}-[\dX]{2}T", t.value):
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


def _writes_day_first(text: str) -> bool:
    """True when the article's numeric dates are day first: one of them ("28/05/2021") can only be read so,
    and none can only be read month first ("05/28/2021"). Otherwise month first, as US wire copy writes them.
    """
    pairs = [(int(a), int(b)) for a, b in _SLASH_DATE.findall(text)]
    return any(a > 12 >= b for a, b in pairs) and not any(b > 12 >= a for a, b in pairs)


def extract_dates(ctx: ArticleContext) -> list[DateMention]:
    """Every temporal expression of the article (title, headings and body; not the byline), in text order."""
    resolver = _Resolver(ctx.published)
    resolver.day_first = _writes_day_first(ctx.text)
    mentions: list[DateMention] = []
    for para in ctx.paragraphs:
        if para.kind == "byline":
            continue
        mentions.extend(_paragraph_mentions(ctx, para, resolver))
    return mentions
