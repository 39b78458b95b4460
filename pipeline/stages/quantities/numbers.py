"""Number expressions of the quantities stage: digits, words, scales, powers, currencies and ranges.

Reads a paragraph's text and the lexicons; writes `Number` records with offsets into that paragraph. The text
is never rewritten: values are read from the matched span only, so offsets stay true.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from text_to_num import text2num

from pipeline.stages.quantities.lexicons import SUPERSCRIPT_DIGITS, Lexicons, lexicons


@dataclass
class Number:
    """One number expression found in a paragraph (offsets relative to the paragraph)."""

    start: int
    end: int
    value: Decimal
    end_value: Decimal | None
    currency: str | None
    in_words: bool
    approximate: bool
    text: str
    percent: str | None = None  # "%" or "pp" (percentage points)
    glued: str | None = None  # a measure written against the number ("500km")
    factor: Decimal = Decimal(1)  # of a minor currency unit ("75 cents": 0.01)


def _parse_value(m: re.Match[str], lex: Lexicons) -> Decimal | None:
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
    scale = (m.group("scale") or "").strip(" -")
    if scale:
        value *= lex.scales.get(scale, lex.scales.get(scale.lower(), 1))
    return value


def _power(mantissa: Decimal, m: re.Match[str]) -> Decimal | None:
    """The value of "10^6", "2**10", "10⁶" (mantissa to the power), "1.5e3", "5 x 10^6" (mantissa times a
    power of ten); None when a float cannot hold it ("10^400"), since Quantity.value is a float."""
    written = m.group("exponent") or m.group("superscript") or m.group("e_exponent")
    exponent = int(written.translate(SUPERSCRIPT_DIGITS))
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


def numbers(text: str, lex: Lexicons) -> list[Number]:
    """Number expressions in a paragraph, with ranges joined into one."""
    found: list[Number] = []
    for m in _number_matches(text, lex):
        value = _parse_value(m, lex)
        if value is None:
            continue
        currency, factor = None, Decimal(1)
        for group in ("cur_pre", "cur_suf"):
            if m.group(group):
                currency, factor = _currency_code(m.group(group), lex)
                value *= factor
        if m.group("post_scale"):
            value *= lex.scales[m.group("post_scale").strip().lower()]
        pct = m.group("pct")
        found.append(
            Number(
                start=m.start(),
                end=m.end(),
                value=value,
                end_value=None,
                currency=currency,
                in_words=not m.group("digits"),
                approximate=bool(m.group("approx")),
                text=m.group(0),
                percent=lex.percent_units[" ".join(pct.lower().split())] if pct else None,
                glued=m.group("glued"),
                factor=factor,
            )
        )
    return _join_ranges(
        text, [n for k, n in enumerate(found) if not _model_suffix(text, n, found[k - 1] if k else None)]
    )


def _number_matches(text: str, lex: Lexicons) -> Iterator[re.Match[str]]:
    """What `lex.number_re.finditer(text)` gives, the pattern tried only at the text's start and after each
    character `number_start_re` finds (trying the long pattern at every character cost more than all the rest
    of the stage)."""
    after_start, match = lex.number_start_re.search, lex.number_re.match
    at = 0
    while True:
        m = match(text, at)
        if m is None:
            looked = at  # the next place to try lies after `at`
        else:
            yield m
            looked = max(m.end() - 1, at)  # at the match's end or after it
        before = after_start(text, looked)
        if before is None:
            return
        at = before.end()


def _model_suffix(text: str, number: Number, previous: Number | None) -> bool:
    """ "A330-200", "737-800": digits after a hyphen that follow a name, not a number this pass read."""
    if number.start < 2 or text[number.start - 1] not in "-–" or not text[number.start - 2].isdigit():
        return False
    return previous is None or previous.end != number.start - 1


def _currency_code(written: str, lex: Lexicons) -> tuple[str | None, Decimal]:
    """The ISO code of a written currency, trying "Kenyan shillings" before "shillings", and the factor of
    a minor unit ("75 cents": USD, 0.01)."""
    words = written.split()
    for k in range(len(words)):
        name = " ".join(words[k:])
        if name.lower() in lex.subunits:
            return lex.subunits[name.lower()]
        code = lex.currencies.get(name) or lex.currencies_folded.get(name.lower())
        if code is not None:
            return code, Decimal(1)
    return None, Decimal(1)


# How far before or after a number its qualifier or exclusion marker is looked for: they stand next to it,
# and reading the whole paragraph before each number made a long paragraph quadratic (60,000 characters
# with 659 numbers: 3.5 s; 900,000: minutes).
CONTEXT_CHARS = 200
_RANGE_SEP = re.compile(r"\s*[-–—]\s*|\s+(?:to|and)\s+")
_BETWEEN = re.compile(r"(?i)\b(?:between|from)\s+$")


def _join_ranges(text: str, found: list[Number]) -> list[Number]:
    out: list[Number] = []
    i = 0
    while i < len(found):
        cur = found[i]
        nxt = found[i + 1] if i + 1 < len(found) else None
        if nxt is not None and not cur.approximate and not nxt.approximate:
            sep = text[cur.end : nxt.start]
            between = _BETWEEN.search(text, max(0, cur.start - CONTEXT_CHARS), cur.start)
            joined = _RANGE_SEP.fullmatch(sep) and ("and" not in sep or between)
            same_currency = cur.currency is None or nxt.currency in (None, cur.currency)
            if joined and same_currency and cur.percent in (None, nxt.percent):
                low = cur.value * nxt.factor if cur.currency is None else cur.value
                # "5-7 million": the scale written once applies to both ends.
                if nxt.value >= 1000 > low and not cur.in_words:
                    scale_of_high = _trailing_scale(nxt.text)
                    low = (
                        low * scale_of_high if scale_of_high > 1 and low * scale_of_high <= nxt.value else low
                    )
                if nxt.value <= low and "-" not in sep and "–" not in sep:
                    out.append(cur)  # "from 40 per cent in 2011 to 10 per cent": two numbers
                    i += 1
                    continue
                if nxt.value <= low:
                    i += 2  # "a 3-1 win", "4-2": a score or a code, not a range
                    continue
                start = between.start() if between else cur.start
                out.append(
                    Number(
                        start=start,
                        end=nxt.end,
                        value=low,
                        end_value=nxt.value,
                        currency=cur.currency or nxt.currency,
                        in_words=cur.in_words and nxt.in_words,
                        approximate=False,
                        text=text[start : nxt.end],
                        percent=nxt.percent,
                        glued=nxt.glued,
                        factor=nxt.factor,
                    )
                )
                i += 2
                continue
        out.append(cur)
        i += 1
    return out


def _trailing_scale(text: str) -> int:
    lex = lexicons()
    last = text.split()[-1] if text.split() else ""
    last = re.sub(r"^[^A-Za-z]*\d-?", "", last) or last
    return lex.scales.get(last, lex.scales.get(last.lower(), 1))
