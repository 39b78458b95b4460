"""The quantities stage: counts and amounts with their qualifier, container or currency, item and category.

Reads an `ArticleContext` (each paragraph's text and spaCy `Doc`, `excluded` regions); writes
`models.Quantity` records ("more than 150 online consultations", "600 pieces of surgical gowns",
"up to NZ$5 million", "between 80 and 90 beds").

How it works, per paragraph:
1. A regular expression built from the lexicons finds number expressions in the paragraph text: digits
   (20,000 / 1.5 / 2000) with an optional scale (million, bn, M, lakh) or power (10^6, 2**10, 1.5e3,
   5 x 10^6, 10⁶: one number, or none when a float cannot hold it, never fragments), number words (two million,
   twenty-five), "a dozen", "half a million", approximate plurals ("hundreds of"), each with an optional
   currency before (US$, RMB, €) or after (euros, New Zealand dollars). Adjacent expressions joined by
   "-", "to" or "between ... and" become one range. The text is never rewritten: values are read from the
   matched span only (text2num for word sequences), so offsets stay true.
2. Numbers that are not counts are dropped: dates and years, times, durations ("28 days"), ordinals,
   percentages, phone and page numbers, addresses, model numbers ("Lumis 150", "C-130", COVID-19).
3. The counted noun phrase is read from the tokens after the number (linear noun run, checked with the
   dependency parse for coordinations such as "doctors and nurses"); a container ("25 boxes of ...",
   "80 tonnes of ...") gives `unit` and the item after "of". Money gives its ISO 4217 code as unit and item.
4. The category comes from `quantity_categories.json` (plus the caller's map), longest phrase first; a
   count whose noun is elided or a bare measure ("taking its total to 3,359", "three tonnes") takes the
   category of the nearest categorised noun earlier in its sentence, else of the paragraph's previous count.
5. Counts written in words are kept only when their category is not `other` and they are not relational
   ("the two countries", "four strategies"); digit counts are kept whenever they have an item.

Settings: `categories`, an extra head word -> category map that extends (and overrides) the built-in one.
Lexicons: quantity_categories.json, quantity_category_groups.json, quantity_qualifiers.json,
quantity_units.json, quantity_numbers.json, quantity_exclusions.json.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, get_args

from text_to_num import text2num

from models import Quantity
from models.article import Qualifier
from pipeline.context import ArticleContext
from pipeline.errors import ResourceError
from pipeline.resources import load_json

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

OTHER = "other"
MONEY = "money"
_NOUNS = frozenset({"NOUN", "PROPN"})
_ENTITY_NOT_ITEM = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "CARDINAL", "ORDINAL", "QUANTITY"})
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT_DIGITS = str.maketrans(f"{_SUPERSCRIPTS}⁻⁺−", "0123456789-+-")


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
class _Lexicons:
    categories: dict[str, str]
    groups: dict[str, frozenset[str]]
    qualifiers: dict[str, Qualifier]
    containers: dict[str, str]
    measures: frozenset[str]
    currencies: dict[str, str]
    currencies_folded: dict[str, str]
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
    qualifier_re: re.Pattern[str]


@cache
def _lexicons() -> _Lexicons:
    units = _data("quantity_units.json")
    numbers = _data("quantity_numbers.json")
    excl = _data("quantity_exclusions.json")
    qualifiers = {
        phrase.lower(): _as_qualifier(value, f"quantity_qualifiers.json: {phrase!r}")
        for phrase, value in _data("quantity_qualifiers.json").items()
    }
    currencies: dict[str, str] = dict(units["currencies"])
    scales: dict[str, int] = {k: int(v) for k, v in units["scales"].items()}
    # Prefix currencies: symbols, codes and abbreviations ("US$", "RMB 1.08 million", "Rs 50 lakh"); suffix
    # ones: codes and names ("10 million yuan", "five million New Zealand dollars", "100,000 Kenyan
    # shillings"). Codes and symbols are case-sensitive ("TOP" is a code, "top" is not); names are not.
    prefix_words = set(units["currency_prefix_words"])
    symbolic = [c for c in currencies if "$" in c or not any(ch.islower() for ch in c) or c in prefix_words]
    codes = [c for c in currencies if c.isalpha() and c.isupper() and len(c) == 3]
    named = [c for c in currencies if c not in symbolic]
    long_scales = [s for s in scales if len(s) > 1 and s.islower()]
    short_scales = [s for s in scales if s not in long_scales]
    words = list(numbers["words"])
    word = rf"(?:{_alternation(words)})"
    word_number = rf"{word}(?:(?:\s+|-)(?:and\s+)?{word})*"
    digits = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
    # a power is part of its number: "10^6", "2**10", "1.5e3", "5 x 10^6", "10⁶" (exponents of 1-3 digits)
    exponent = r"[-−+]?\d{1,3}"
    superscript = rf"[⁻⁺]?[{_SUPERSCRIPTS}]{{1,3}}"
    power = (
        rf"(?P<power>(?P<times>\s?[x×*]\s?10)?(?:(?:\s?\^\s?|\*\*)(?P<exponent>{exponent})|(?P<superscript>{superscript}))"
        rf"|[eE](?P<e_exponent>{exponent}))"
    )
    scale = rf"(?:\s?(?i:{_alternation(long_scales)})\b|(?:{_alternation(short_scales)})\b)"
    approx = rf"(?i:{_alternation(list(numbers['approximate']))})(?=\s+of\b)"
    a_scale = rf"(?i:(?:(?:{_alternation(list(numbers['fractions']))})\s+)?an?\s+(?:dozen|{_alternation(long_scales)}))\b"
    core = (
        rf"(?P<approx>\b{approx})"
        rf"|(?P<ascale>\b{a_scale})"
        rf"|(?P<words>\b(?i:{word_number})(?:\s+(?i:dozen))?)\b"
        rf"|(?P<digits>(?<![A-Za-z]-)(?<![\w.,/:+\-–^])(?<!\^\s)(?<!\d\*\*){digits}|(?<=\d[-–]){digits})"
        rf"(?:{power}|(?P<scale>{scale}))?"
    )
    prefix = rf"(?P<cur_pre>(?<![\w$])(?:{_alternation(symbolic)})\s?)"
    suffix = (
        rf"(?P<cur_suf>\s+(?:{_alternation(codes)}|(?:[A-Z][a-z]+\s+){{0,2}}(?i:{_alternation(named)}))\b)"
    )
    # never a fragment of a longer number: not before a power it could not read ("10^1000": none at all)
    unread_power = rf"\s?\^|\*\*\d|\s?[x×*]\s?10(?:\s?\^|\*\*|[⁻⁺{_SUPERSCRIPTS}])"
    number_re = re.compile(rf"{prefix}?(?:{core})(?![\w%/]|[:.]\d|{unread_power}){suffix}?")
    qualifier_re = re.compile(
        rf"(?:^|(?<=[\s(\[\"“'‘—–-]))(?P<q>(?i:{_alternation(list(qualifiers))}))\s+"
        r"(?:(?P<gap>[A-Za-z][\w-]*)\s+)?$"
    )
    groups = {g: frozenset(members) for g, members in _data("quantity_category_groups.json").items()}
    return _Lexicons(
        categories={k.lower(): v for k, v in _data("quantity_categories.json").items()},
        groups=groups,
        qualifiers=qualifiers,
        containers={k.lower(): v for k, v in units["containers"].items()},
        measures=frozenset(units["measures"]),
        currencies=currencies,
        currencies_folded={k.lower(): v for k, v in currencies.items()},
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
        qualifier_re=qualifier_re,
    )


@dataclass
class _Number:
    """One number expression found in a paragraph (offsets relative to the paragraph)."""

    start: int
    end: int
    value: Decimal
    end_value: Decimal | None
    currency: str | None
    in_words: bool
    approximate: bool
    text: str


@dataclass
class _Found:
    start: int
    end: int
    value: Decimal
    end_value: Decimal | None
    qualifier: Qualifier | None
    unit: str | None
    item: str | None
    category: str | None


def _parse_value(m: re.Match[str], lex: _Lexicons) -> Decimal | None:
    if m.group("approx"):
        return Decimal(lex.approximate[" ".join(m.group("approx").lower().split())])
    if m.group("ascale"):
        parts = m.group("ascale").lower().split()
        base = Decimal(lex.dozen) if parts[-1] == "dozen" else Decimal(lex.scales[parts[-1]])
        fraction = lex.fractions.get(parts[0])
        return base * Decimal(str(fraction)) if fraction is not None else base
    if m.group("words"):
        text = m.group("words")
        multiplier = 1
        if text.lower().endswith("dozen"):
            text, multiplier = text[: -len("dozen")].strip(), lex.dozen
        try:
            return Decimal(text2num(text.lower(), "en")) * multiplier
        except ValueError:
            return None
    value = Decimal(m.group("digits").replace(",", ""))
    if m.group("power"):
        return _power(value, m)
    scale = (m.group("scale") or "").strip()
    if scale:
        value *= lex.scales.get(scale, lex.scales.get(scale.lower(), 1))
    return value


def _power(mantissa: Decimal, m: re.Match[str]) -> Decimal | None:
    """The value of "10^6", "2**10", "10⁶" (mantissa to the power), "1.5e3", "5 x 10^6" (mantissa times a
    power of ten); None when a float cannot hold it ("10^400"), since Quantity.value is a float."""
    written = m.group("exponent") or m.group("superscript") or m.group("e_exponent")
    exponent = int(written.translate(_SUPERSCRIPT_DIGITS))
    try:
        if m.group("e_exponent") or m.group("times"):
            value = mantissa * Decimal(10) ** exponent
        else:
            value = mantissa**exponent
        as_float = float(value)
    except ArithmeticError:  # 0^-1, 0^0
        return None
    if not math.isfinite(as_float) or (as_float == 0 and value != 0):
        return None
    return value


def _numbers(text: str, lex: _Lexicons) -> list[_Number]:
    """Number expressions in a paragraph, with ranges joined into one."""
    found: list[_Number] = []
    for m in lex.number_re.finditer(text):
        value = _parse_value(m, lex)
        if value is None:
            continue
        currency = None
        for group in ("cur_pre", "cur_suf"):
            if m.group(group):
                currency = _currency_code(m.group(group), lex)
        found.append(
            _Number(
                start=m.start(),
                end=m.end(),
                value=value,
                end_value=None,
                currency=currency,
                in_words=not m.group("digits"),
                approximate=bool(m.group("approx")),
                text=m.group(0),
            )
        )
    return _join_ranges(text, found)


def _currency_code(written: str, lex: _Lexicons) -> str | None:
    """The ISO code of a written currency, trying "Kenyan shillings" before "shillings"."""
    words = written.split()
    for k in range(len(words)):
        name = " ".join(words[k:])
        code = lex.currencies.get(name) or lex.currencies_folded.get(name.lower())
        if code is not None:
            return code
    return None


# How far before or after a number its qualifier or exclusion marker is looked for: they stand next to it,
# and reading the whole paragraph before each number made a long paragraph quadratic (60,000 characters
# with 659 numbers: 3.5 s; 900,000: minutes).
_CONTEXT_CHARS = 200
_WORD_BEFORE = re.compile(r"(\S+?):?\s*$")
_RANGE_SEP = re.compile(r"\s*[-–—]\s*|\s+(?:to|and)\s+")
_BETWEEN = re.compile(r"(?i)\b(?:between|from)\s+$")


def _join_ranges(text: str, found: list[_Number]) -> list[_Number]:
    out: list[_Number] = []
    i = 0
    while i < len(found):
        cur = found[i]
        nxt = found[i + 1] if i + 1 < len(found) else None
        if nxt is not None and not cur.approximate and not nxt.approximate:
            sep = text[cur.end : nxt.start]
            between = _BETWEEN.search(text, max(0, cur.start - _CONTEXT_CHARS), cur.start)
            joined = _RANGE_SEP.fullmatch(sep) and ("and" not in sep or between)
            if joined and (cur.currency is None or nxt.currency in (None, cur.currency)):
                low = cur.value
                # "5-7 million": the scale written once applies to both ends.
                if nxt.value >= 1000 > low and not cur.in_words:
                    scale_of_high = _trailing_scale(nxt.text)
                    low = (
                        low * scale_of_high if scale_of_high > 1 and low * scale_of_high <= nxt.value else low
                    )
                if nxt.value <= low:
                    i += 2  # "a 3-1 win", "4-2": a score or a code, not a range
                    continue
                start = between.start() if between else cur.start
                out.append(
                    _Number(
                        start=start,
                        end=nxt.end,
                        value=low,
                        end_value=nxt.value,
                        currency=cur.currency or nxt.currency,
                        in_words=cur.in_words and nxt.in_words,
                        approximate=False,
                        text=text[start : nxt.end],
                    )
                )
                i += 2
                continue
        out.append(cur)
        i += 1
    return out


def _trailing_scale(text: str) -> int:
    lex = _lexicons()
    last = text.split()[-1] if text.split() else ""
    last = re.sub(r"^[^A-Za-z]*\d", "", last) or last
    return lex.scales.get(last, lex.scales.get(last.lower(), 1))


def extract_quantities(ctx: ArticleContext, *, categories: Mapping[str, str] | None = None) -> list[Quantity]:
    """Every count and amount in the article's paragraphs, in text order."""
    lex = _lexicons()
    table = dict(lex.categories)
    if categories:
        table.update({k.lower(): v for k, v in categories.items() if not k.startswith("_")})
    results: list[Quantity] = []
    for para, doc in ctx.docs():
        text = ctx.text[para.start : para.end]
        previous: list[_Found] = []
        for number in _numbers(text, lex):
            abs_start, abs_end = para.start + number.start, para.start + number.end
            if ctx.is_excluded(abs_start, abs_end):
                continue
            found = _quantity(text, doc, number, lex, table, previous)
            if found is None:
                continue
            previous.append(found)
            start, end = para.start + found.start, para.start + found.end
            if ctx.is_excluded(start, end):
                continue
            results.append(
                Quantity(
                    text=ctx.text[start:end],
                    start=start,
                    end=end,
                    section=ctx.section_of(start),
                    value=float(found.value),
                    end_value=float(found.end_value) if found.end_value is not None else None,
                    qualifier=found.qualifier,
                    unit=found.unit,
                    item=found.item,
                    category=found.category or OTHER,
                )
            )
    return results


def _quantity(
    text: str, doc: Doc, number: _Number, lex: _Lexicons, table: Mapping[str, str], previous: list[_Found]
) -> _Found | None:
    span = doc.char_span(number.start, number.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    if _not_a_count(text, doc, span, number, lex):
        return None
    qualifier, q_start = _qualifier(text, doc, number, lex)
    if number.approximate:
        qualifier = qualifier or lex.approximate_qualifier
    start = q_start if q_start is not None else number.start
    if number.currency is not None:
        return _Found(
            start,
            number.end,
            number.value,
            number.end_value,
            qualifier,
            number.currency,
            number.currency,
            MONEY,
        )
    item = _item(doc, span, lex, table)
    if item is None:
        return None
    head_tokens, item_text, unit, category, end_char, measure, definite = item
    if head_tokens and any(t.lower_ in lex.time_units for t in head_tokens[-1:]):
        return None
    if head_tokens and head_tokens[-1].lower_ in lex.address_heads | lex.measurements:
        return None
    if number.in_words and definite:
        return None  # "one of the doctors", "two of the teams": a part of a group, not a count
    needs_context = category is None and (item_text is None or definite)
    if needs_context and (not number.in_words or measure):
        category, context_item = _context_category(doc, span, lex, table, previous)
        item_text = item_text or context_item
    if not head_tokens and category is None:
        return None
    if (
        not head_tokens
        and span.start >= 2
        and doc[span.start - 1].text == ","
        and doc[span.start - 2].ent_type_ == "PERSON"
    ):
        return None  # "Prakash Shah, 58, a former ambassador": an age
    if item_text is None and head_tokens:
        item_text = doc[head_tokens[0].i : head_tokens[-1].i + 1].text  # "6 cargo pallets", no better item
    if number.in_words and (category in (None, OTHER) or _relational(doc, span, head_tokens, lex)):
        return None
    end = end_char if end_char is not None else number.end
    return _Found(start, end, number.value, number.end_value, qualifier, unit, item_text, category or OTHER)


def _not_a_count(text: str, doc: Doc, span: Span, number: _Number, lex: _Lexicons) -> bool:
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    after2 = doc[span.end + 1] if span.end + 1 < len(doc) else None
    if _is_month(before, lex) or _is_month(after, lex):
        return True
    if after is not None and after.lower_ == "of" and _is_month(after2, lex):
        return True
    word_before = _WORD_BEFORE.search(text, max(0, number.start - _CONTEXT_CHARS), number.start)
    if word_before is not None and word_before.group(1).lower() in lex.markers_before:
        return True
    if before is not None and before.text.startswith("+"):
        return True
    if after is not None and after.lower_ in lex.time_units and number.currency is None:
        return True
    if (
        after is not None
        and after.text in ("-", "–")
        and after2 is not None
        and after2.lower_ in lex.time_units
    ):
        return True  # "a two-day visit", "a 5-year plan"
    rest = text[number.end : number.end + _CONTEXT_CHARS].lower()
    if any(rest.lstrip().startswith(p) for p in lex.percent) and number.currency is None:
        return True
    # Phone numbers and numeric codes: digit groups separated only by spaces.
    if not number.in_words and (
        re.fullmatch(r"\s\d", text[number.end : number.end + 2])
        or re.fullmatch(r"\d\s", text[max(0, number.start - 2) : number.start])
    ):
        return True
    if _is_year(span, before, number, lex):
        return True
    if number.currency is None and _is_model_number(doc, span, before):
        return True
    return any(t.ent_type_ in ("DATE", "TIME") and t.lower_ in lex.time_units for t in span)


def _is_month(token: Token | None, lex: _Lexicons) -> bool:
    """A month or weekday name; capitalised, so that "200 may die" keeps its count."""
    return token is not None and token.text[:1].isupper() and token.lower_ in lex.months


def _is_year(span: Span, before: Token | None, number: _Number, lex: _Lexicons) -> bool:
    """ "2020", "in 2019", "2020-21": four digits in the range of years, in a date entity or after "in"."""
    m = re.fullmatch(r"(?:from\s+|between\s+)?(\d{4})(?:\s*(?:[-–]|to|and)\s*\d{2,4})?", number.text)
    if number.currency is not None or m is None or not 1800 <= int(m.group(1)) <= 2100:
        return False
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if after is not None and after.tag_ == "NNS" and after.lower_ not in lex.time_units:
        return False  # "2000 patients": years do not take a plural count noun
    in_date = any(t.ent_type_ in ("DATE", "TIME") for t in span)
    return in_date or (before is not None and before.lower_ in lex.year_markers_before)


def _is_model_number(doc: Doc, span: Span, before: Token | None) -> bool:
    """ "Lumis 150", "Boeing 737": a number attached to the proper noun right before it."""
    if before is None or before.pos_ != "PROPN" or not before.text[:1].isupper() or before.is_sent_start:
        return False
    if before.ent_type_ in ("GPE", "NORP", "LOC"):
        return False
    last = span[-1]
    return (
        last.head == before
        or before.head == last
        or (before.dep_ in ("compound", "nmod") and before.head == last.head)
    )


def _qualifier(text: str, doc: Doc, number: _Number, lex: _Lexicons) -> tuple[Qualifier | None, int | None]:
    start = max(0, number.start - _CONTEXT_CHARS)
    if text[start : number.start].rstrip().lower().endswith("between"):
        return None, None
    m = lex.qualifier_re.search(text, start, number.start)
    if m is None:
        return None, None
    if m.group("gap"):
        # One content word may stand between the qualifier and the number when a modifier is misplaced
        # ("more than frontline 60 doctors"); a function word there ("up to do two") means no qualifier.
        gap = doc.char_span(m.start("gap"), m.end("gap"), alignment_mode="expand")
        if gap is None or any(t.pos_ not in ("ADJ", "VERB", "ADV") or t.is_stop for t in gap):
            return None, None
    q_tokens = doc.char_span(m.start("q"), m.end("q"), alignment_mode="expand")
    # "handed over 5,000 masks": a verb particle, not a qualifier.
    if q_tokens is not None and len(q_tokens) == 1 and q_tokens[0].dep_ == "prt":
        return None, None
    return lex.qualifiers[" ".join(m.group("q").lower().split())], m.start("q")


_ItemResult = tuple[list["Token"], str | None, str | None, str | None, int | None, bool, bool]


def _noun_run(doc: Doc, i: int) -> list[Token]:
    """The noun phrase that starts at token i: modifiers and nouns up to its last noun."""
    run: list[Token] = []
    j = i
    while j < len(doc):
        t = doc[j]
        if run and t.is_sent_start:
            break
        nxt = doc[j + 1] if j + 1 < len(doc) else None
        if (
            t.like_num
            and run
            and all(r.pos_ == "PROPN" or _is_acronym(r) for r in run)
            and nxt is not None
            and nxt.pos_ in _NOUNS
        ):
            run.append(t)  # a model number inside the phrase: "12 Lumis 150 ventilators"
        elif t.ent_type_ in _ENTITY_NOT_ITEM and t.pos_ != "NOUN":
            break
        elif _in_noun_phrase(doc, j, started=bool(run)):
            run.append(t)
        else:
            break
        j += 1
    while run and run[-1].pos_ not in _NOUNS and not _is_acronym(run[-1]):
        run.pop()
    return run


def _is_acronym(token: Token) -> bool:
    """ "COVID", "PPE", "ICU": the sm tagger often calls capitalised acronyms verbs."""
    return len(token) >= 2 and token.text.isalpha() and token.text.isupper()


def _in_noun_phrase(doc: Doc, j: int, *, started: bool) -> bool:
    """Whether token j can be part of a counted noun phrase: nouns, adjectives, participles used as
    modifiers ("confirmed cases"), and hyphens inside compounds ("anti-epidemic")."""
    t = doc[j]
    if t.pos_ in _NOUNS or t.pos_ == "ADJ" or _is_acronym(t):
        return True
    if t.pos_ == "VERB" and t.tag_ in ("VBN", "VBG") and t.dep_ in ("amod", "compound"):
        return True
    return t.text in ("-", "–") and started and not t.whitespace_ and not doc[j - 1].whitespace_


def _conjuncts(doc: Doc, head: Token, table: Mapping[str, str]) -> list[list[Token]]:
    """Further noun phrases coordinated with `head` that carry no number of their own and name a
    categorised item ("doctors and nurses"; not "beds and room for ...")."""
    out: list[list[Token]] = []
    last = head
    while True:
        j = last.i + 1
        while j < len(doc) and (doc[j].text == "," or doc[j].dep_ == "cc"):
            j += 1
        if j == last.i + 1 or j >= len(doc):
            break
        run = _noun_run(doc, j)
        if not run or any(t.like_num for t in run):
            break
        conj = run[-1]
        if conj.dep_ != "conj" or head not in list(conj.ancestors) or _lookup(run, table) in (None, OTHER):
            break
        out.append(run)
        last = conj
    return out


def _lookup(run: Sequence[Token], table: Mapping[str, str]) -> str | None:
    """The category of a noun phrase: the longest phrase ending in its head (lemma or plural) in the table."""
    if not run:
        return None
    words = [t.lower_ for t in run]
    for head in _head_forms(run[-1]):
        for k in range(len(words)):
            key = " ".join([*words[k:-1], head])
            if key in table:
                return table[key]
    return None


def _head_forms(token: Token) -> list[str]:
    """Lookup forms of a head noun: spaCy's lemma, the word, and the word with a plural ending removed
    (the sm lemmatizer gives "dos" for "doses")."""
    word = token.lower_
    forms = [token.lemma_.lower(), word]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s"):
        forms.append(word[:-1])
    return list(dict.fromkeys(forms))


def _nationality(run: Sequence[Token]) -> str | None:
    """ "3,000 Britons", "12 Americans": a plural nationality (spaCy NORP) counts people."""
    head = run[-1]
    return "people" if head.ent_type_ == "NORP" and head.tag_ in ("NNS", "NNPS") else None


def _phrase_category(runs: Sequence[Sequence[Token]], lex: _Lexicons, table: Mapping[str, str]) -> str | None:
    cats = [c for c in (_lookup(r, table) or _nationality(r) for r in runs) if c is not None]
    if not cats:
        return None
    distinct = set(cats)
    if len(distinct) == 1:
        return cats[0]
    for group, members in lex.groups.items():
        if distinct <= members:
            return group
    return cats[0]


def _item(doc: Doc, span: Span, lex: _Lexicons, table: Mapping[str, str]) -> _ItemResult | None:
    """The counted noun phrase after the number: (head run, item text, unit, category, end, measure, definite)."""
    i = span.end
    definite = False
    if i < len(doc) and doc[i].text in ("-", "–") and not doc[i].whitespace_ and not span[-1].whitespace_:
        # A compound modifier counts the word after the hyphen ("a 20-bed ward" -> 20 beds) and is kept
        # only when that word is a category ("a 3-point plan" is not a count).
        if i + 1 >= len(doc) or _lookup([doc[i + 1]], table) in (None, OTHER):
            return None
        word = doc[i + 1]
        return [word], word.text, None, _lookup([word], table), word.idx + len(word), False, False
    if i < len(doc) and doc[i].lower_ == "of":
        i += 1  # partitive: "1,000 of the machines", "hundreds of doctors"
        while i < len(doc) and (doc[i].pos_ in ("DET", "PRON") or doc[i].tag_ == "PRP$"):
            definite = definite or doc[i].lower_ in lex.definite
            i += 1
    run = _noun_run(doc, i)
    if not run:
        return [], None, None, None, None, False, definite
    runs = [run, *_conjuncts(doc, run[-1], table)]
    head = run[-1]
    unit = lex.containers.get(head.lower_) or lex.containers.get(head.lemma_.lower())
    measure = unit in lex.measures if unit else False
    if unit is not None and head.i + 1 < len(doc) and doc[head.i + 1].lower_ == "of":
        j = head.i + 2
        while j < len(doc) and (doc[j].pos_ == "DET" or doc[j].tag_ == "PRP$"):
            j += 1
        inner = _noun_run(doc, j)
        if inner:
            inner_runs = [inner, *_conjuncts(doc, inner[-1], table)]
            category = _phrase_category(inner_runs, lex, table)
            if category in (None, OTHER):
                category = _phrase_category([run], lex, table) or category
            end_tok = inner_runs[-1][-1]
            inner_item = doc[inner[0].i : end_tok.i + 1].text
            return run, inner_item, unit, category, end_tok.idx + len(end_tok), measure, definite
    category = _phrase_category(runs, lex, table)
    end_tok = runs[-1][-1]
    item: str | None = doc[run[0].i : end_tok.i + 1].text
    if unit is not None and category is None:
        item = None  # a bare container or measure ("three tonnes", "1,500 units"): the item is elsewhere
    elif not measure:
        unit = None  # the container noun is the item itself ("84,240 doses", "276,839 coronavirus cases")
    return run, item, unit, category, end_tok.idx + len(end_tok), measure, definite


def _context_category(
    doc: Doc, span: Span, lex: _Lexicons, table: Mapping[str, str], previous: list[_Found]
) -> tuple[str | None, str | None]:
    """The category and item of an elided item: the nearest categorised noun before it in the sentence,
    else the paragraph's previous count."""
    sent_start = span.sent.start
    for j in range(span.start - 1, sent_start - 1, -1):
        t = doc[j]
        if t.pos_ not in _NOUNS or t.lower_ in lex.containers or t.lemma_.lower() in lex.containers:
            continue
        mods = [c for c in t.lefts if c.dep_ in ("amod", "compound") and c.i >= sent_start]
        run = [*mods, t] if mods and mods[-1].i == t.i - len(mods) else [t]
        category = _lookup(run, table)
        if category not in (None, OTHER, MONEY):
            return category, doc[run[0].i : t.i + 1].text
    for found in reversed(previous):
        if found.category not in (None, OTHER, MONEY):
            return found.category, found.item
    return None, None


def _relational(doc: Doc, span: Span, head_tokens: Sequence[Token], lex: _Lexicons) -> bool:
    """ "the two countries", "both sides", "its first two webinars": a small word count that relates."""
    if head_tokens and head_tokens[-1].lower_ in lex.relational:
        return True
    j = span.start - 1
    while j >= 0 and doc[j].pos_ == "ADJ":
        j -= 1
    return j >= 0 and doc[j].lower_ in lex.definite
