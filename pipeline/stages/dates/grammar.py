"""The pattern macros of the date rules, built once from the lexicons, and the anchor words of each rule.

Reads `Lexicon` (`lexicon.py`). Writes `macros()`: named regex pieces (`{month}`, `{day}`, `{year4}`,
`{number}`, `{unit}`, `{clock}`...) that a rule's pattern names in braces, HeidelTime's `%reMonthLong`;
`expand()` turns a rule's pattern into a compiled regex; `anchors()`: the words one of which a paragraph must
hold for a rule to run on it.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from pipeline.stages.dates.lexicon import Lexicon, alt, cased, lexicon

_SPELLED_YEAR = (
    r"(?:nineteen|twenty)[\s-]+(?:hundred|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen)|two\s+thousand(?:\s+(?:and\s+)?(?:one|two|three|four"
    r"|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen"
    r"|nineteen|twenty(?:[\s-]+\w+)?))?"
)


def _calendar_macros(lex: Lexicon) -> dict[str, str]:
    full_months = [m for m in lex.months if len(m) > 4 or m in ("may", "june", "july")]
    abbr_months = [m for m in lex.months if m not in full_months]
    full_days = [d for d in lex.weekdays if d.endswith("day")]
    abbr_days = [d for d in lex.weekdays if d not in full_days]
    ordinal_word = alt(lex.ordinals)
    year4 = r"(?<![\d,.$#£€¥/])(?:1[0-9]{3}|20[0-9]{2})(?![\d%]|,\d|\.\d|-\d{3})"
    return {
        "month": rf"(?:{cased(full_months)}|{cased(abbr_months)}\.?)(?![A-Za-z])",
        # a plural ("Fridays") is left for the rule to read: a recurrence
        "weekday": rf"(?:{cased(full_days)}|{cased(abbr_days)}\.)(?=s?(?![A-Za-z]))",
        "ordinal_word": ordinal_word,
        "day": rf"(?:[0-3]?\d(?:st|nd|rd|th)?|{ordinal_word})(?![\d%])",
        "spelled_year": _SPELLED_YEAR,
        "year4": year4,
        "year": rf"(?:{year4}|'\d\d(?![\d%])|{_SPELLED_YEAR})",
        "season": rf"(?:{alt(lex.seasons)})(?![A-Za-z])",
        "part": rf"(?:{alt(lex.parts_of_day)})",
        "decade_word": alt(lex.decade_words),
        "quarter_ord": alt(lex.quarter_ordinals),
        "holiday": alt(list(lex.holidays) + list(lex.floating_holidays) + list(lex.easter_holidays)),
        "conn": r"(?:\s*(?:-|–|—)\s*|\s+(?:to|through|thru|until|till|and)\s+)",
    }


def _amount_macros(lex: Lexicon) -> dict[str, str]:
    numword = alt(lex.number_words)
    exact = alt(k for k in lex.exact_numbers if k not in ("half",))
    vague = alt(v for v in lex.vague_numbers if v != "the")
    unit_words = list(lex.units) + list(lex.unit_plurals)
    return {
        "number": (
            rf"(?:\d+(?:[.,]\d+)?(?:\s+1/2)?|(?=three[\s-]quarters\s+of\s){exact}|(?:{numword})(?:(?:[\s-]+|\s+and\s+)(?:{numword}))*"
            rf"(?:\s+and\s+a\s+half)?|{exact}|{vague})"
        ),
        "unit_word": alt(unit_words),
        "unit": rf"(?:{alt(unit_words)})(?:s)?(?![A-Za-z])",
        "pos": (
            r"(?:(?P<pos>early|mid|late|earlier|later|(?:end|start)(?=-)|(?:the\s+)?(?:very\s+)?(?:end|beginning|start|middle|close)\s+of)"
            r"(?:(?:-|\s+)to(?:-|\s+)(?:early|mid|late))?[\s-]+)"
        ),
        "qmod": rf"(?:(?P<qmod>{alt(lex.quantity_mods)})\s+(?!the\b))",
        "frequency_adverb": alt(lex.frequency_adverbs),
        "anaphoric_day": alt(lex.anaphoric_days),
        "ref": alt(lex.refs),
    }


def _clock_macro(lex: Lexicon) -> str:
    tz = alt(lex.time_zones)
    return (
        rf"(?:\d{{1,2}}(?:[:.]\d\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|a\.m\b|p\.m\b)|\d{{1,2}}:\d\d(?![\d,]|\.\d)"
        r"|(?:[01]\d|2[0-3])[0-5]\d(?=\s*(?-i:GMT|UTC|Z)\b)"
        rf"|\d{{1,2}}(?:\s+o'clock)?\s+(?:in\s+the\s+(?:morning|afternoon|evening)|at\s+night)(?![A-Za-z])"
        rf"|\d{{1,2}}\s+o'clock(?![A-Za-z])|{alt(lex.clock_words)})"
        rf"(?:\s+(?-i:(?:UTC|GMT)\s?[+-]\s?\d{{1,2}}(?::?\d\d)?)|\s+(?-i:[A-Z]{{2,4}}\b)|\s+(?:{tz})\b)?"
    )


@cache
def macros() -> dict[str, str]:
    """Every macro a rule's pattern may name, as `{name}`."""
    lex = lexicon()
    return {**_calendar_macros(lex), **_amount_macros(lex), "clock": _clock_macro(lex)}


_MACRO = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def expand(pattern: str) -> re.Pattern[str]:
    """A rule's pattern with its macros filled in, compiled; an unknown macro fails at start-up (KeyError)."""
    table = macros()
    body = _MACRO.sub(lambda m: table[m.group(1)], pattern)
    return re.compile(rf"(?<![\w-]){body}", re.IGNORECASE)


def _first_words(phrases: Any) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z]+", " ".join(str(p) for p in phrases).lower()))


@cache
def anchors() -> dict[str, frozenset[str]]:
    """Anchor sets by name: a rule runs only on paragraphs holding one of its anchor words ("#digit" for a digit).

    Most paragraphs hold no month, unit or weekday, and skipping them keeps the stage cheap.
    """
    lex = lexicon()
    unit_words = list(lex.units) + list(lex.unit_plurals)
    digit = frozenset({"#digit"})
    return {
        "month": frozenset(lex.months),
        "weekday": frozenset(lex.weekdays) | {d + "s" for d in lex.weekdays if d.endswith("day")},
        "unit": _first_words(unit_words) | {w + "s" for w in unit_words},
        "season": frozenset(lex.seasons),
        "digits": digit | {"nineteen", "twenty", "thousand"},
        "decade": digit | frozenset(lex.decade_words),
        "quarter": frozenset({"quarter", "half", "q", "h"}),
        "century": frozenset({"century"}),
        "fy": frozenset({"fy"}),
        "deictic": frozenset({"today", "tonight", "yesterday", "tomorrow", "this"}),
        "day_then_clock": frozenset(lex.weekdays) | {"today", "yesterday", "tomorrow"},
        "night": frozenset({"night"}),
        "overnight": frozenset({"overnight"}),
        "relunit": frozenset({"week", "weekend", "month", "year", "decade", "day"}),
        "whole": frozenset({"entire", "whole", "full"}),
        "setadv": frozenset(lex.frequency_adverbs),
        "long": _first_words(unit_words) | {w + "s" for w in unit_words} | {w + "long" for w in unit_words},
        "clock": digit | _first_words(lex.clock_words),
        "holiday": _first_words(list(lex.holidays) + list(lex.floating_holidays) + list(lex.easter_holidays)),
        "year_ago": frozenset({"year"}),
        "anaphoric": frozenset({"day", "morning"}),
        "ref": _first_words(lex.refs),
    }


def paragraph_words(para_text: str) -> set[str]:
    """The words of a paragraph, with "#digit" when it holds a digit: what anchors are checked against."""
    found = set(re.findall(r"[a-z]+", para_text.lower()))
    if any(ch.isdigit() for ch in para_text):
        found.add("#digit")
    return found
