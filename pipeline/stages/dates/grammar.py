"""The pattern macros of the date rules, built once from the lexicons, and the anchor words of each rule.

Reads `Lexicon` (`lexicon.py`). Writes `macros()`: named regex pieces (`{month}`, `{day}`, `{year4}`,
`{number}`, `{unit}`, `{clock}`...) that a rule's pattern names in braces, HeidelTime's `%reMonthLong`;
`expand()` turns a rule's pattern into a compiled regex; `anchors()`: the words one of which a paragraph must
hold for a rule to run on it; `keys()` and `expand_needs()`: what every match of a rule holds, so that a
paragraph without it skips the rule (`gate_text()` gives the text they are looked for in).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from pipeline.stages.dates.lexicon import Lexicon, alt, cased, lexicon

# the letters re.IGNORECASE matches to an ASCII letter beyond its two cases (lower() keeps ı and ſ as they are)
_FOLDS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}
_FOLDED = "".join(_FOLDS.values())


def _spell_folded(ch: str) -> str:
    """One character of a phrase as re.IGNORECASE matches it, spelled for a case-sensitive pattern."""
    if ch == " ":
        return r"\s+"
    if "a" <= ch <= "z":
        return f"[{ch}{ch.upper()}{_FOLDS.get(ch, '')}]"
    return re.escape(ch)


def _branches(node: dict[str, Any], spell: Callable[[str], str]) -> str:
    arms = [spell(ch) + _branches(rest, spell) for ch, rest in sorted(node.items()) if ch]
    if not arms:
        return ""
    if "" in node:
        # a phrase ends here: the longer ones are tried first, as alt()'s longest-first order does
        return "(?:" + "|".join(arms) + ")?"
    return arms[0] if len(arms) == 1 else "(?:" + "|".join(arms) + ")"


def _trie(phrases: Iterable[str], spell: Callable[[str], str]) -> str:
    """Phrases as one case-sensitive trie: it matches what their longest-first alternation matches, in the
    same order, since two phrases that both match at a position are one the other's prefix.

    The regex engine skips an arm on its first character only for a case-sensitive literal or class: an
    alternation under re.IGNORECASE is entered arm by arm at every word.
    """
    root: dict[str, Any] = {}
    for phrase in phrases:
        node = root
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}
    return "(?-i:" + _branches(root, spell) + ")"


def _plain(phrases: list[str]) -> bool:
    """Phrases whose characters no two trie arms could both match: ASCII, spaces the only blanks."""
    return all(p.isascii() and all(ch == " " or not ch.isspace() for ch in p) for p in phrases)


def words_alt(phrases: Iterable[str]) -> str:
    """`alt(phrases)` as re.IGNORECASE matches it, as a trie."""
    found = sorted({str(p) for p in phrases})
    if not _plain(found):
        return f"(?:{alt(found)})"
    # under re.IGNORECASE "A" and "a" are one arm
    return _trie({"".join(ch.lower() if ch.isascii() else ch for ch in p) for p in found}, _spell_folded)


def cased_alt(words: Iterable[str]) -> str:
    """`cased(words)`: capitalised or upper-case forms only (month and weekday names are proper nouns in
    news), as a trie."""
    found = sorted({str(w) for w in words})
    if not _plain(found) or any(re.escape(w) != w for w in found):
        return cased(found)
    return _trie({w[0].upper() + w[1:] for w in found} | {w.upper() for w in found}, re.escape)


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
    ordinal_word = words_alt(lex.ordinals)
    year4 = r"(?<![\d,.$#£€¥/])(?:1[0-9]{3}|20[0-9]{2})(?![\d%]|,\d|\.\d|-\d{3})"
    return {
        "month": rf"(?:{cased_alt(full_months)}|{cased_alt(abbr_months)}\.?)(?![A-Za-z])",
        # a plural ("Fridays") is left for the rule to read: a recurrence
        "weekday": rf"(?:{cased_alt(full_days)}|{cased_alt(abbr_days)}\.)(?=s?(?![A-Za-z]))",
        "ordinal_word": ordinal_word,
        "day": rf"(?:[0-3]?\d(?:st|nd|rd|th)?|{ordinal_word})(?![\d%])",
        "spelled_year": _SPELLED_YEAR,
        "year4": year4,
        "year": rf"(?:{year4}|'\d\d(?![\d%])|{_SPELLED_YEAR})",
        "season": rf"(?:{words_alt(lex.seasons)})(?![A-Za-z])",
        "part": rf"(?:{words_alt(lex.parts_of_day)})",
        "decade_word": words_alt(lex.decade_words),
        "quarter_ord": words_alt(lex.quarter_ordinals),
        "holiday": words_alt(list(lex.holidays) + list(lex.floating_holidays) + list(lex.easter_holidays)),
        "conn": r"(?:\s*(?:-|–|—)\s*|\s+(?:to|through|thru|until|till|and)\s+)",
    }


def _amount_macros(lex: Lexicon) -> dict[str, str]:
    numword = words_alt(lex.number_words)
    exact = words_alt(k for k in lex.exact_numbers if k not in ("half",))
    vague = words_alt(v for v in lex.vague_numbers if v != "the")
    unit_words = list(lex.units) + list(lex.unit_plurals)
    return {
        "number": (
            rf"(?:\d+(?:[.,]\d+)?(?:\s+1/2)?|(?=three[\s-]quarters\s+of\s){exact}|(?:{numword})(?:(?:[\s-]+|\s+and\s+)(?:{numword}))*"
            rf"(?:\s+and\s+a\s+half)?|{exact}|{vague})"
        ),
        "unit_word": words_alt(unit_words),
        "unit": rf"(?:{words_alt(unit_words)})(?:s)?(?![A-Za-z])",
        "pos": (
            r"(?:(?P<pos>early|mid|late|earlier|later|(?:end|start)(?=-)|(?:the\s+)?(?:very\s+)?(?:end|beginning|start|middle|close)\s+of)"
            r"(?:(?:-|\s+)to(?:-|\s+)(?:early|mid|late))?[\s-]+)"
        ),
        "qmod": rf"(?:(?P<qmod>{words_alt(lex.quantity_mods)})\s+(?!the\b))",
        "frequency_adverb": words_alt(lex.frequency_adverbs),
        "anaphoric_day": words_alt(lex.anaphoric_days),
        "ref": words_alt(lex.refs),
    }


def _clock_macro(lex: Lexicon) -> str:
    tz = words_alt(lex.time_zones)
    return (
        rf"(?:\d{{1,2}}(?:[:.]\d\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|a\.m\b|p\.m\b)|\d{{1,2}}:\d\d(?![\d,]|\.\d)"
        r"|(?:[01]\d|2[0-3])[0-5]\d(?=\s*(?-i:GMT|UTC|Z)\b)"
        rf"|\d{{1,2}}(?:\s+o'clock)?\s+(?:in\s+the\s+(?:morning|afternoon|evening)|at\s+night)(?![A-Za-z])"
        rf"|\d{{1,2}}\s+o'clock(?![A-Za-z])|{words_alt(lex.clock_words)})"
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


_DIGIT = re.compile(r"\d")


def paragraph_words(para_text: str) -> set[str]:
    """The words of a paragraph, with "#digit" when it holds a digit: what anchors are checked against."""
    found = set(re.findall(r"[a-z]+", para_text.lower()))
    # \d is a subset of str.isdigit(), which also counts "²" or "①"; ASCII digits are all \d
    if _DIGIT.search(para_text) or (not para_text.isascii() and any(ch.isdigit() for ch in set(para_text))):
        found.add("#digit")
    return found


# --- what every match of a rule holds: a paragraph without it skips the rule ---


def gate_text(para_text: str) -> str | None:
    """The paragraph in lower case, where `keys()` words and `expand_needs()` patterns are looked for.

    None when it holds a letter that re.IGNORECASE matches to an ASCII letter but lower() leaves apart
    ("ſ" for "s"): there a rule may match where its keys are not seen, so every rule runs.
    """
    if not para_text.isascii() and any(ch in para_text for ch in _FOLDED):
        return None
    return para_text.lower()


@cache
def _needs_macros() -> dict[str, str]:
    lex = lexicon()
    return {
        "month3": alt({m[:3] for m in lex.months}),
        # what a {day} ends with after its digits
        "day_end": alt({"st", "nd", "rd", "th"} | {w[-2:] for w in lex.ordinals}),
        "conn": r"\s*[-–—]|\s+(?:to|through|thru|until|till|and)\s",
        "clock_word": alt(lex.clock_words),
        # "long" after a unit word ("daylong", "weeks-long"): a literal first lets the engine skip to each "long"
        "unit_long": "long(?:"
        + "|".join(
            f"(?<={re.escape(u + s + h)}long)"
            for u in sorted(set(lex.units) | set(lex.unit_plurals))
            for s in ("", "s")
            for h in ("", "-")
        )
        + ")",
    }


# a regex's pieces: an escape, a character class, a parenthesis or bar, a run of anything else
_PIECE = re.compile(r"\\.|\[(?:\\.|[^\]\\])+\]|[()|]|[^\\\[()|]+")


def _arms(pattern: str) -> list[str]:
    """A pattern's top-level alternatives."""
    arms, depth, current = [], 0, ""
    for piece in _PIECE.findall(pattern):
        if piece == "|" and depth == 0:
            arms.append(current)
            current = ""
            continue
        depth += (piece == "(") - (piece == ")")
        current += piece
    arms.append(current)
    if "|".join(arms) != pattern:
        raise ValueError(f"date rules: cannot read the needs {pattern!r}")
    return arms


def expand_needs(pattern: str) -> tuple[re.Pattern[str], ...]:
    """A rule's `needs` compiled for the lower-cased paragraph, one regex per top-level alternative (a macro
    that is a whole alternative gives one per word).

    Alone, an alternative that begins with a literal or a digit lets the regex engine skip to where it may
    match; together they would be tried at every character.
    """
    table = _needs_macros()
    arms: list[str] = []
    for arm in _arms(pattern):
        whole = _MACRO.fullmatch(arm)
        if whole:
            arms += _arms(table[whole.group(1)])
        else:
            arms.append(_MACRO.sub(lambda m: f"(?:{table[m.group(1)]})", arm))
    return tuple(re.compile(arm) for arm in arms if arm)


def _phrases(texts: Iterable[str]) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(re.findall(r"[a-z]+", t.lower())) for t in texts)


@cache
def keys() -> dict[str, tuple[frozenset[str], ...]]:
    """Key phrases by name: a match of a rule holds, as whole words, every word of one of its key phrases
    (or a stretch its `needs` matches)."""
    lex = lexicon()
    return {
        "ago": _phrases(
            ["ago", "earlier", "later", "before", "after", "previously", "from now", "hence", "back"]
        ),
        "holiday": _phrases(list(lex.holidays) + list(lex.floating_holidays) + list(lex.easter_holidays)),
        "ref": _phrases(lex.refs),
        "deictic": _phrases(
            ["today", "tonight", "yesterday", "tomorrow"] + [f"this {p}" for p in lex.parts_of_day]
        ),
        "two_away": _phrases(["before last", "after next"]),
        "same": _phrases(["the same"]),
        "year_back": _phrases(["year ago", "year earlier", "year before", "year previous"]),
        "year_end": _phrases(["year end"]),
        "ordinal": _phrases(lex.ordinals),
        "decade": _phrases(lex.decade_words),
    }
