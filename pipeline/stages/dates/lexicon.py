"""The date word lists, loaded once from `data/lexicons/dates_*.json`, and the small readers built on them.

Reads the four `dates_*.json` files (and `quantity_numbers.json` for count words). Writes nothing: it gives
the `Lexicon` every other module of the package reads, regex alternations of its phrases, and readers of
numbers, units and ordinals ("two and a half" -> 2.5, "weeks" -> ("W", False), "3rd" -> 3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from text_to_num import text2num

from pipeline.resources import load_json


def alt(words: Any) -> str:
    """A regex alternation of phrases, longest first, spaces matching any run of whitespace."""
    ordered = sorted({str(w) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def cased(words: Any) -> str:
    """Capitalised or upper-case forms only (month and weekday names are proper nouns in news)."""
    forms: set[str] = set()
    for w in words:
        forms.add(w[0].upper() + w[1:])
        forms.add(w.upper())
    return "(?-i:" + "|".join(sorted(forms, key=len, reverse=True)) + ")"


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, int]
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    clock_words: dict[str, str]
    time_zones: tuple[str, ...]
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
    number_words: tuple[str, ...]
    exact_numbers: dict[str, float]
    vague_numbers: frozenset[str]
    refs: dict[str, str]
    ref_need_context: frozenset[str]
    anaphoric_days: dict[str, int]
    position_mods: dict[str, str]
    quantity_mods: dict[str, str]
    future_cues: tuple[str, ...]


@cache
def lexicon() -> Lexicon:
    cal = load_json("dates_calendar.json")
    units = load_json("dates_units.json")
    nums = load_json("dates_numbers.json")
    phr = load_json("dates_phrases.json")
    return Lexicon(
        months=dict(cal["months"]),
        ambiguous_months=frozenset(cal["ambiguous_months"]),
        weekdays=dict(cal["weekdays"]),
        seasons=dict(cal["seasons"]),
        parts_of_day=dict(cal["parts_of_day"]),
        clock_words=dict(cal["clock_words"]),
        time_zones=tuple(cal["time_zones"]),
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
        number_words=tuple(nums["number_words"]),
        exact_numbers={k: float(v) for k, v in nums["exact"].items()},
        vague_numbers=frozenset(nums["vague"]),
        refs=dict(phr["refs"]),
        ref_need_context=frozenset(phr["ref_need_context"]),
        anaphoric_days=dict(phr["anaphoric_days"]),
        position_mods=dict(phr["position_mods"]),
        quantity_mods=dict(phr["quantity_mods"]),
        future_cues=tuple(phr["future_cues"]),
    )


@cache
def words(key: str) -> frozenset[str]:
    """A word list from dates_phrases.json (cue words, count nouns...)."""
    return frozenset(load_json("dates_phrases.json")[key])


@cache
def count_words() -> frozenset[str]:
    """Words that make a count ("five", "million", "hundreds", "dozens"): a count then "a day" is a rate (SET)."""
    nums = load_json("quantity_numbers.json")
    approximate = [w for w in nums["approximate"] if " " not in w]
    return frozenset(list(lexicon().number_words) + nums["words"] + approximate + ["dozen"])


def number(text: str) -> float | None:
    """The amount a duration's number gives; None for vague amounts (several, a few: TIMEX3 X)."""
    lex = lexicon()
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


def unit(word: str) -> tuple[str, bool] | None:
    """The TIMEX3 designator of a unit word and whether it is a clock unit: "weeks" -> ("W", False)."""
    lex = lexicon()
    w = word.lower()
    w = lex.unit_plurals.get(w, w)
    if w not in lex.units and w.endswith("s"):
        w = w[:-1]
    return lex.units.get(w)


_DIGITS = re.compile(r"(\d+)")


def ordinal(text: str) -> int | None:
    t = text.lower()
    m = _DIGITS.match(t)
    if m:
        return int(m.group(1))
    return lexicon().ordinals.get(t)


_SPACES = re.compile(r"\s+")


def phrase(text: str) -> str:
    """A matched phrase as the lexicons spell it: lower case, single spaces."""
    return _SPACES.sub(" ", text.lower())


def spelled_year(text: str) -> int | None:
    """A year written in words: "nineteen ninety-eight" 1998, "nineteen hundred" 1900, "two thousand and one"."""
    words_ = re.split(r"[\s-]+", text)
    if words_[0] in ("nineteen", "twenty") and len(words_) > 1:
        head = 19 if words_[0] == "nineteen" else 20
        rest = " ".join(words_[1:])
        if rest == "hundred":
            return head * 100
        try:
            return head * 100 + int(text2num(rest, "en"))
        except ValueError:
            return None
    try:
        return int(text2num(" ".join(w for w in words_ if w != "and"), "en"))
    except ValueError:
        return None
