"""The quantities stage: counts, amounts, percentages and measures with their qualifier, unit, item and category.

Reads an `ArticleContext` (each paragraph's text and spaCy `Doc`, `excluded` regions); writes
`models.Quantity` records ("more than 150 online consultations", "600 pieces of surgical gowns",
"up to NZ$5 million", "between 80 and 90 beds", "about 10 per cent of the staff", "120 tonnes of rice").

How it works, per paragraph:
1. Number expressions (`numbers.py`): digits with a scale or power, number words, "a dozen",
   "hundreds of", each with a currency before or after ("US$", "GB£", "Sh", "90 USD million", "75 cents"),
   or a percent sign or word after ("2.7%", "65 percent", "3 percentage points"); ranges joined into one.
2. Numbers that name things are dropped: dates and years, times, durations, ordinals, per-mille figures,
   phone and page numbers, addresses, model numbers ("Lumis 150", "C-130", "its 787 Dreamliner", and a number
   the article writes as a model elsewhere: "Skyvik 737s" ... "five new 737 aircraft").
3. A percentage takes unit "%" (or "pp") and, when "of" follows, the item it is a share of; money takes its
   ISO 4217 code as unit and item ("USD/share" for a price per share, barrel or tonne).
4. A count's item is the noun phrase after the number (`items.py`); a container or measure ("25 boxes
   of", "120 tonnes of", "500km of") gives `unit` and the item after "of"; a distance, area or power
   ("160 megawatts") is its own item.
5. The category comes from `quantity_categories.json` (plus the caller's map), longest phrase first; an
   elided noun ("taking its total to 3,359") takes the category of the nearest categorised noun before it.
6. Counts written in words are kept only when their category is not `other` and they are not relational
   ("the two countries"); digit counts are always kept, bare ones ("raised its target to 240") as `other`.

Settings: `categories`, an extra head word -> category map that extends (and overrides) the built-in one.
Lexicons: quantity_categories.json, quantity_category_groups.json, quantity_qualifiers.json,
quantity_units.json, quantity_numbers.json, quantity_exclusions.json.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from models import Quantity
from models.article import Qualifier
from pipeline.context import ArticleContext, doc_text, token_texts
from pipeline.stages.quantities.items import (
    Found,
    context_category,
    is_acronym,
    is_designation,
    item_of,
    noun_run,
    nounlike,
    relational,
)
from pipeline.stages.quantities.lexicons import MONEY, OTHER, PERCENT, Lexicons, lexicons
from pipeline.stages.quantities.numbers import CONTEXT_CHARS, Number, numbers

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


# a group of bare digits next to the number ("0100" in "555 0100"); not a designation ("18 777s")
_DIGIT_GROUP_AFTER = re.compile(r"\s\d+(?![\w-])")
_DIGIT_GROUP_BEFORE = re.compile(r"\d\s$")
_THREE_DIGITS = re.compile(r"\d\d\d")


@dataclass
class _Paragraph:
    """What every pass over one paragraph's numbers reads."""

    text: str
    doc: Doc
    lex: Lexicons
    table: Mapping[str, str]
    models: frozenset[str]
    previous: list[Found] = field(default_factory=list)


def extract_quantities(ctx: ArticleContext, *, categories: Mapping[str, str] | None = None) -> list[Quantity]:
    """Every count and amount in the article's paragraphs, in text order."""
    lex = lexicons()
    table = dict(lex.categories)
    if categories:
        table.update({k.lower(): v for k, v in categories.items() if not k.startswith("_")})
    models = _model_numbers(ctx, lex)
    results: list[Quantity] = []
    for para, doc in ctx.docs():
        here = _Paragraph(ctx.text[para.start : para.end], doc, lex, table, models)
        for number in numbers(here.text, lex):
            abs_start, abs_end = para.start + number.start, para.start + number.end
            if ctx.is_excluded(abs_start, abs_end):
                continue
            found = _quantity(here, number)
            if found is None:
                continue
            here.previous.append(found)
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


def _model_numbers(ctx: ArticleContext, lex: Lexicons) -> frozenset[str]:
    """Numbers the article writes as a model or series name ("Skyvik 737", "737s", "the 777-200LR"): the
    same number alone elsewhere in the article ("five new 737 aircraft") names the model too, not a count."""
    found = {m.group(1) for m in lex.model_re.finditer(ctx.text)}
    for _, doc in ctx.docs():
        text = doc_text(doc)
        if text.isascii() and _THREE_DIGITS.search(text) is None:
            continue  # no token of three digits: in ASCII text only 0-9 are isdigit()
        for i, word in enumerate(token_texts(doc)):
            if len(word) >= 3 and i > 0 and word.isdigit() and _is_model_number(doc, doc[i : i + 1]):
                found.add(word)
    return frozenset(found)


def _quantity(here: _Paragraph, number: Number) -> Found | None:
    span = here.doc.char_span(number.start, number.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    if number.percent is None and _not_a_count(here, span, number):
        return None
    qualifier, q_start = _qualifier(here.text, here.doc, number, here.lex)
    if number.approximate:
        qualifier = qualifier or here.lex.approximate_qualifier
    start = q_start if q_start is not None else number.start
    if number.percent is not None:
        item, end = _share_of(here.doc, span)
        value, high = number.value, number.end_value
        return Found(start, end or number.end, value, high, qualifier, number.percent, item, PERCENT)
    if number.currency is not None:
        unit = number.currency
        price = here.lex.price_re.match(here.text, number.end)
        if price is not None:
            unit = f"{number.currency}/{price.group('per')}"  # "$31.50 a share": a price per share
        return Found(
            start, number.end, number.value, number.end_value, qualifier, unit, number.currency, MONEY
        )
    return _count(here, span, number, start, qualifier)


def _share_of(doc: Doc, span: Span) -> tuple[str | None, int | None]:
    """What a percentage is a share of, when the phrase says it ("70% of adults", "13% of the firm's shares"):
    the item and where it ends."""
    i = span.end
    if i >= len(doc) or doc[i].lower_ != "of":
        return None, None
    i += 1
    while i < len(doc) and (doc[i].pos_ == "DET" or doc[i].tag_ == "PRP$"):
        i += 1
    run = noun_run(doc, i)
    while run and run[-1].i + 2 < len(doc) and doc[run[-1].i + 1].tag_ == "POS":
        more = noun_run(doc, run[-1].i + 2)  # a possessive ("MDL's shares") continues the phrase
        if not more:
            break
        run = [*run, *more]
    if not run:
        return None, None
    return doc[run[0].i : run[-1].i + 1].text, run[-1].idx + len(run[-1])


def _count(
    here: _Paragraph, span: Span, number: Number, start: int, qualifier: Qualifier | None
) -> Found | None:
    doc, lex = here.doc, here.lex
    item = item_of(doc, span, lex, here.table)
    if item is None:
        return None
    head_tokens, item_text, unit, category, end_char, measure, definite = item
    if number.glued and unit is None:
        unit = lex.containers[number.glued.lower()]  # "160MW", one token: the measure is in the number
        if span.end == end_char or not head_tokens:
            item_text, category = None, category or OTHER
    if head_tokens and any(t.lower_ in lex.time_units for t in head_tokens[-1:]):
        return None
    if head_tokens and head_tokens[-1].lower_ in lex.address_heads:
        return None
    if (
        unit is None
        and head_tokens
        and head_tokens[-1].lower_ in lex.measurements
        and not _compound_noun(head_tokens)
    ):
        return None  # "40 degrees", "3 points"; not "20,000 vaccination points", a count of things
    if number.in_words and definite:
        return None  # "one of the doctors", "two of the teams": a part of a group, not a count
    if _names_a_thing(span, number, head_tokens, unit, lex):
        return None
    if unit in lex.dimensions and end_char is not None and _per_time(here.text, end_char, lex):
        return None  # "275 kilometres an hour": a speed, not an amount
    needs_context = category is None and (item_text is None or definite)
    if needs_context and (not number.in_words or measure):
        category, context_item = context_category(doc, span, lex, here.table, here.previous)
        item_text = item_text or context_item
    if not head_tokens and category is None and number.in_words:
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
    if number.in_words and (category in (None, OTHER) or relational(doc, span, head_tokens, lex)):
        return None
    end = end_char if end_char is not None else number.end
    return Found(start, end, number.value, number.end_value, qualifier, unit, item_text, category or OTHER)


_PER = re.compile(r"\s*(?:an?|per)\s+(\w+)|/(\w+)")


def _per_time(text: str, end: int, lex: Lexicons) -> bool:
    m = _PER.match(text, end)
    return m is not None and (m.group(1) or m.group(2)).lower() in lex.time_units


def _compound_noun(run: Sequence[Token]) -> bool:
    return len(run) > 1 and run[-2].pos_ == "NOUN" and run[-2].dep_ == "compound"


def _names_a_thing(
    span: Span, number: Number, head: Sequence[Token], unit: str | None, lex: Lexicons
) -> bool:
    """ "its 787 Dreamliner", "the final 717 jet": a digit number other than one right before a singular noun
    names a model, not a count; nouns that count many in the singular ("200 aircraft", "300 staff") and
    acronyms ("500 PPE") are counts."""
    if number.in_words or unit is not None or not head or number.value == 1 or number.end_value is not None:
        return False
    noun = head[-1]
    if head[0].i != span.end or noun.tag_ not in ("NN", "NNP") or "Plur" in noun.morph.get("Number", []):
        return False
    if any(t.pos_ == "PROPN" or is_designation(t) for t in head[:-1]):
        return False  # "14 new Skyvik A330 airliner": the model is named in the phrase, the number counts
    return not (
        is_acronym(noun)
        or is_designation(noun)
        or noun.ent_type_ == "NORP"
        or noun.lower_ in lex.invariant_plurals
    )


def _not_a_count(here: _Paragraph, span: Span, number: Number) -> bool:
    text, doc, lex = here.text, here.doc, here.lex
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    after2 = doc[span.end + 1] if span.end + 1 < len(doc) else None
    if _is_month(before, lex) or _is_month(after, lex):
        return True
    if after is not None and after.lower_ == "of" and _is_month(after2, lex):
        return True
    word_before = _word_before(text, number.start)
    if word_before is not None and word_before.lower() in lex.markers_before:
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
    rest = text[number.end : number.end + CONTEXT_CHARS].lower()
    if any(rest.lstrip().startswith(p) for p in lex.percent) and number.currency is None:
        return True
    # Phone numbers and numeric codes: digit groups separated only by spaces.
    if not number.in_words and (
        _DIGIT_GROUP_AFTER.match(text, number.end) or _digit_group_before(text, number.start)
    ):
        return True
    if _is_year(span, before, number, lex):
        return True
    if number.currency is None and (_first_digits(number.text) in here.models or _is_model_number(doc, span)):
        return True
    return any(t.ent_type_ in ("DATE", "TIME") and t.lower_ in lex.time_units for t in span)


def _word_before(text: str, start: int) -> str | None:
    r"""The last word within `CONTEXT_CHARS` before `start`, less a colon after it ("Tel:"); what
    `re.search(r"(\S+?):?\s*$", text[start - CONTEXT_CHARS : start])` reads as its group."""
    last = text[max(0, start - CONTEXT_CHARS) : start].rsplit(None, 1)[-1:]
    if not last:
        return None
    word = last[0]
    return word[:-1] if len(word) > 1 and word.endswith(":") else word


def _digit_group_before(text: str, start: int) -> bool:
    """A digit and a space just before `start` (or before a newline just before it)."""
    # the match ends at `start`, or one character earlier before a newline: it starts at most 3 before it
    return _DIGIT_GROUP_BEFORE.search(text, max(0, start - 3), start) is not None


def _first_digits(text: str) -> str:
    m = re.match(r"\d+", text)
    return m.group(0) if m else ""


def _is_month(token: Token | None, lex: Lexicons) -> bool:
    """A month or weekday name; capitalised, so that "200 may die" keeps its count."""
    return token is not None and token.text[:1].isupper() and token.lower_ in lex.months


def _is_year(span: Span, before: Token | None, number: Number, lex: Lexicons) -> bool:
    """ "2020", "in 2019", "2020-21": four digits in the range of years, in a date entity or after "in"."""
    m = re.fullmatch(r"(?:from\s+|between\s+)?(\d{4})(?:\s*(?:[-–]|to|and)\s*\d{2,4})?", number.text)
    if number.currency is not None or m is None or not 1800 <= int(m.group(1)) <= 2100:
        return False
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if after is not None and after.tag_ == "NNS" and after.lower_ not in lex.time_units:
        return False  # "2000 patients": years do not take a plural count noun
    in_date = any(t.ent_type_ in ("DATE", "TIME") for t in span)
    return in_date or (before is not None and before.lower_ in lex.year_markers_before)


def _is_model_number(doc: Doc, span: Span) -> bool:
    """ "Lumis 150", "Skyvik 737", "Skyvik's 787,": a number attached to the proper noun right before it."""
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.tag_ == "POS" and span.end < len(doc) and not nounlike(doc[span.end]):
        owner = doc[span.start - 2] if span.start > 1 else None
        return owner is not None and owner.ent_type_ in ("ORG", "PRODUCT")  # "Skyvik's 787", bare
    if before is None or before.pos_ != "PROPN" or not before.text[:1].isupper():
        return False
    if before.ent_type_ in ("GPE", "NORP", "LOC") or (before.is_sent_start and before.ent_type_ != "ORG"):
        return False  # a title's first word may be any capitalised word; a maker's name is still one
    if is_acronym(before) and re.fullmatch(r"\d{2,4}", span.text):
        return True  # "ETR 610 trains", "ISO 9001": a series letter code and its bare number
    last = span[-1]
    return (
        last.head == before
        or before.head == last
        or (before.dep_ in ("compound", "nmod") and before.head == last.head)
    )


def _qualifier(text: str, doc: Doc, number: Number, lex: Lexicons) -> tuple[Qualifier | None, int | None]:
    start = max(0, number.start - CONTEXT_CHARS)
    if text[start : number.start].rstrip().lower().endswith("between"):
        return None, None
    m = _qualifier_match(text, start, number.start, lex)
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


def _qualifier_match(text: str, start: int, end: int, lex: Lexicons) -> re.Match[str] | None:
    """What `lex.qualifier_re.search(text, start, end)` finds, searched from where a match may start.

    A match ends in white space at `end`, after the qualifier or after one word ("gap") that follows it, so
    it starts no further back than the qualifier's length before the white space ahead of that last word.
    """
    tail = text[start:end]
    bare = tail.rstrip()
    if len(bare) == len(tail):
        return None
    last_word = bare.rsplit(None, 1)[-1] if bare else ""
    before_gap = len(bare[: len(bare) - len(last_word)].rstrip())
    return lex.qualifier_re.search(text, start + max(0, before_gap - lex.qualifier_length), end)
