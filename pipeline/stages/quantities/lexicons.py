"""Lexicons of the quantities stage, loaded and validated once, and the number pattern built from them.

Reads quantity_categories.json, quantity_category_groups.json, quantity_qualifiers.json, quantity_units.json,
quantity_numbers.json and quantity_exclusions.json (data/lexicons/).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, get_args

from models.article import Qualifier
from pipeline.errors import ResourceError
from pipeline.resources import load_json

OTHER = "other"
MONEY = "money"
PERCENT = "percent"
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT_DIGITS = str.maketrans(f"{SUPERSCRIPTS}⁻⁺−", "0123456789-+-")


def _data(name: str) -> dict[str, Any]:
    """A lexicon with its comment keys ('_source') removed."""
    raw = load_json(name)
    if not isinstance(raw, dict):
        raise ResourceError(f"lexicon {name!r} must be a JSON object")
    return {k: v for k, v in raw.items() if not k.startswith("_")}


def _alternation(words: Sequence[str]) -> str:
    """A regex alternation, longest first so "US$" wins over "$"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _as_qualifier(value: object, where: str) -> Qualifier:
    for allowed in get_args(Qualifier):
        if value == allowed:
            return allowed
    raise ResourceError(f"{where} gives qualifier {value!r}, not one of {get_args(Qualifier)}")


@dataclass(frozen=True)
class Lexicons:
    categories: dict[str, str]
    groups: dict[str, frozenset[str]]
    qualifiers: dict[str, Qualifier]
    containers: dict[str, str]
    measures: frozenset[str]
    currencies: dict[str, str]
    currencies_folded: dict[str, str]
    subunits: dict[str, tuple[str, Decimal]]
    percent_units: dict[str, str]
    price_re: re.Pattern[str]
    group_size: dict[str, str]
    dimensions: frozenset[str]
    invariant_plurals: frozenset[str]
    model_re: re.Pattern[str]
    scales: dict[str, int]
    dozen: int
    fractions: dict[str, float]
    approximate: dict[str, int]
    approximate_qualifier: Qualifier
    time_units: frozenset[str]
    months: frozenset[str]
    percent: tuple[str, ...]
    markers_before: frozenset[str]
    year_markers_before: frozenset[str]
    address_heads: frozenset[str]
    measurements: frozenset[str]
    relational: frozenset[str]
    definite: frozenset[str]
    number_re: re.Pattern[str]
    number_start_re: re.Pattern[str]
    qualifier_re: re.Pattern[str]
    qualifier_length: int  # of the longest qualifier phrase


def _symbolic(currencies: dict[str, str], prefix_words: Sequence[str]) -> list[str]:
    """The currencies written before a number: symbols, codes and abbreviations."""
    return [c for c in currencies if "$" in c or not any(ch.islower() for ch in c) or c in prefix_words]


# the letters re.IGNORECASE matches to an ASCII letter beyond its two cases (lower() keeps ı and ſ as they are)
_FOLDS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def _spell_folded(ch: str) -> str:
    """One character as re.IGNORECASE matches it, as a character set, which a branch can skip at once."""
    low = ch.lower()
    if len(ch) == 1 and "a" <= low <= "z":
        return f"[{low}{low.upper()}{_FOLDS.get(low, '')}]"
    return f"(?i:{re.escape(ch)})"


def _grouped(spelled: list[list[str]]) -> str:
    """An alternation of spelled phrases (one regex piece a character) grouped by their first character, so
    that a branch passes over a group on that character alone."""
    groups: dict[str, set[str]] = {}
    for pieces in spelled:
        groups.setdefault(pieces[0], set()).add("".join(pieces[1:]))
    return "|".join(
        first if "" in rests else f"{first}(?:{'|'.join(sorted(rests))})" for first, rests in groups.items()
    )


def _number_start_pattern(symbolic: Sequence[str], number_words: Sequence[str]) -> re.Pattern[str]:
    """The character before each place where `number_re` may match (a superset of them).

    Every branch of `number_re` starts after a non-word character (or at the text's start): a currency
    written before, a number word, "a"/"an" before a scale, or digits. What may follow is a digit, one of the
    currencies, the first three letters of a number word or of "quarter"/"half", or "a"/"an" and a space.
    The pattern opens with a character set, which the regex engine skips to at once.
    """
    spelled = [[_spell_folded(ch) for ch in word[:3]] for word in number_words]
    spelled.append([_spell_folded("a"), f"(?:{_spell_folded('n')})?\\s"])
    spelled += [[re.escape(ch) for ch in c] for c in symbolic]
    return re.compile(rf"\W(?=\d|{_grouped(spelled)})")


def _number_pattern(
    currencies: dict[str, str],
    scales: dict[str, int],
    numbers: dict[str, Any],
    prefix_words: Sequence[str],
    subunits: Sequence[str],
    percent: Sequence[str],
    glued: Sequence[str],
) -> re.Pattern[str]:
    """The number expression: an optional currency, the number (digits with a scale or power, words, "a dozen",
    "hundreds of"), then a percent sign or word, or a currency or minor unit after it ("90 USD million")."""
    # Prefix currencies: symbols, codes and abbreviations ("US$", "RMB 1.08 million", "Rs 50 lakh"); suffix
    # ones: codes and names ("10 million yuan", "five million New Zealand dollars", "100,000 Kenyan
    # shillings"). Codes and symbols are case-sensitive ("TOP" is a code, "top" is not); names are not.
    symbolic = _symbolic(currencies, prefix_words)
    codes = [c for c in currencies if c.isalpha() and c.isupper() and len(c) == 3]
    named = [c for c in currencies if c not in symbolic] + list(subunits)
    long_scales = [s for s in scales if len(s) > 1 and s.islower()]
    short_scales = [s for s in scales if s not in long_scales]
    words = list(numbers["words"])
    word = rf"(?:{_alternation(words)})"
    word_number = rf"{word}(?:(?:\s+|-)(?:and\s+)?{word})*"
    digits = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
    # a power is part of its number: "10^6", "2**10", "1.5e3", "5 x 10^6", "10⁶" (exponents of 1-3 digits)
    exponent = r"[-−+]?\d{1,3}"
    superscript = rf"[⁻⁺]?[{SUPERSCRIPTS}]{{1,3}}"
    power = (
        rf"(?P<power>(?P<times>\s?[x×*]\s?10)?(?:(?:\s?\^\s?|\*\*)(?P<exponent>{exponent})|(?P<superscript>{superscript}))"
        rf"|[eE](?P<e_exponent>{exponent}))"
    )
    # "$199.5-million": a long scale may be joined by a hyphen
    scale = rf"(?:[\s-]?(?i:{_alternation(long_scales)})\b|(?:{_alternation(short_scales)})\b)"
    approx = rf"(?i:{_alternation(list(numbers['approximate']))})(?=\s+of\b)"
    a_scale = rf"(?i:(?:(?:{_alternation(list(numbers['fractions']))})\s+)?an?\s+(?:dozen|{_alternation(long_scales)}))\b"
    core = (
        rf"(?P<approx>\b{approx})"
        rf"|(?P<ascale>\b{a_scale})"
        rf"|(?P<words>\b(?i:{word_number})(?:\s+(?i:dozen))?)\b"
        rf"|(?P<digits>(?(cur_pre)|(?<![A-Za-z]-)(?<![\w.,/:+\-–^])(?<!\^\s)(?<!\d\*\*)){digits}|(?<=\d[-–]){digits})"
        rf"(?:{power}|(?P<scale>{scale}))?"
    )
    prefix = rf"(?P<cur_pre>(?<![\w$])(?:{_alternation(symbolic)})\s?)"
    suffix = (
        rf"(?:(?P<cur_suf>\s+(?:{_alternation(codes)}|(?:[A-Z][a-z]+\s+){{0,2}}(?i:{_alternation(named)}))\b)"
        rf"(?P<post_scale>\s+(?i:{_alternation(long_scales)})\b)?)"
    )
    pct = rf"(?P<pct>\s?%|\s(?i:{_alternation([p for p in percent if p != '%'])})\b)"
    # never a fragment of a longer number: not before a power it could not read ("10^1000": none at all)
    unread_power = rf"\s?\^|\*\*\d|\s?[x×*]\s?10(?:\s?\^|\*\*|[⁻⁺{SUPERSCRIPTS}])"
    # a measure written against its number ("500km", "160MW") leaves the number whole
    whole = rf"(?=(?P<glued>{_alternation(glued)})\b)|(?![\w%/]|[:.]\d|{unread_power})"
    return re.compile(rf"{prefix}?(?:{core})(?:{pct}|(?:{whole}){suffix}?)")


@cache
def lexicons() -> Lexicons:
    units = _data("quantity_units.json")
    numbers = _data("quantity_numbers.json")
    excl = _data("quantity_exclusions.json")
    qualifiers = {
        phrase.lower(): _as_qualifier(value, f"quantity_qualifiers.json: {phrase!r}")
        for phrase, value in _data("quantity_qualifiers.json").items()
    }
    currencies: dict[str, str] = dict(units["currencies"])
    scales: dict[str, int] = {k: int(v) for k, v in units["scales"].items()}
    glued = [str(g) for g in units["glued_measures"]]
    unknown = [g for g in glued if g.lower() not in {k.lower() for k in units["containers"]}]
    if unknown:
        raise ResourceError(
            f"quantity_units.json: glued_measures {unknown!r} are not containers; add them there"
        )
    subunits = {
        k.lower(): (str(code), Decimal(str(f))) for k, (code, f) in units["currency_subunits"].items()
    }
    percent_units = {" ".join(k.lower().split()): str(v) for k, v in units["percent"].items()}
    number_re = _number_pattern(
        currencies, scales, numbers, units["currency_prefix_words"], [*subunits], [*percent_units], glued
    )
    start_words = [*numbers["words"], *numbers["approximate"], *numbers["fractions"]]
    number_start_re = _number_start_pattern(
        _symbolic(currencies, units["currency_prefix_words"]), start_words
    )
    qualifier_re = re.compile(
        rf"(?:^|(?<=[\s(\[\"“'‘—–-]))(?P<q>(?i:{_alternation(list(qualifiers))}))\s+"
        r"(?:(?P<gap>[A-Za-z][\w-]*)\s+)?$"
    )
    groups = {g: frozenset(members) for g, members in _data("quantity_category_groups.json").items()}
    return Lexicons(
        categories={k.lower(): v for k, v in _data("quantity_categories.json").items()},
        groups=groups,
        qualifiers=qualifiers,
        containers={k.lower(): v for k, v in units["containers"].items()},
        measures=frozenset(units["measures"]),
        currencies=currencies,
        currencies_folded={k.lower(): v for k, v in currencies.items()},
        subunits=subunits,
        percent_units=percent_units,
        price_re=re.compile(rf"\s*(?:a|an|per)\s+(?P<per>(?i:{_alternation(units['price_per'])}))\b"),
        group_size={k.lower(): str(v) for k, v in units["group_size_words"].items()},
        dimensions=frozenset(units["dimensions"]),
        invariant_plurals=frozenset(excl["invariant_plurals"]),
        model_re=re.compile(excl["model_designation"]),
        scales=scales,
        dozen=int(numbers["dozen"]),
        fractions={k: float(v) for k, v in numbers["fractions"].items()},
        approximate={k: int(v) for k, v in numbers["approximate"].items()},
        approximate_qualifier=_as_qualifier(numbers["approximate_qualifier"], "quantity_numbers.json"),
        time_units=frozenset(excl["time_units"]),
        months=frozenset(excl["months"]) | frozenset(excl["weekdays"]),
        percent=tuple(excl["percent"]),
        markers_before=frozenset(excl["markers_before"]),
        year_markers_before=frozenset(excl["year_markers_before"]),
        address_heads=frozenset(excl["address_heads"]),
        measurements=frozenset(excl["measurement_units"]),
        relational=frozenset(excl["relational_nouns"]),
        definite=frozenset(excl["definite_before"]),
        number_re=number_re,
        number_start_re=number_start_re,
        qualifier_re=qualifier_re,
        qualifier_length=max(map(len, qualifiers), default=0),
    )
