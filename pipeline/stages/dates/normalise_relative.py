"""Normalisers of the relative rules: weekdays, today/yesterday, "last week", "two days ago", lengths of time,
recurrences, clock times and vague references.

Reads a rule's match (`rules.py` names which function normalises which rule) and the `Resolver` (the
publication date, the last date named). Writes a `Timex`, or None when the match is no date after all
("a second session", "37 years old"). Each function has the `Normaliser` signature.
"""

from __future__ import annotations

import re
from datetime import timedelta
from functools import cache

from pipeline import timex
from pipeline.stages.dates.grammar import macros
from pipeline.stages.dates.lexicon import alt, count_words, lexicon, number, ordinal, phrase, unit, words
from pipeline.stages.dates.normalise_calendar import FRACTION_OF
from pipeline.stages.dates.resolver import Resolver, Timex

Match = re.Match[str]

_DAY_OFFSETS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}

# --- days named relative to the publication date ---


def weekday(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "Friday" (the week ending on the publication day unless the verb looks forward), "last Monday",
    "the previous Friday", "every Friday" and "Fridays" (SETs), "Monday morning"."""
    wd = r.weekday_number(m["wd"])
    rel = phrase(m["rel"] or "")
    part = r.lex.parts_of_day.get((m["part"] or "").lower())
    if rel in ("every", "each") or m["plural"] or _listed_after_every(r, before):
        return Timex(f"XXXX-WXX-{wd}" + (f"T{part}" if part else ""), type="SET")
    d = r.weekday_date(wd, rel, future)
    result = r.from_date(d, "day", unknown=f"XXXX-WXX-{wd}", mod=r.pos_mod(m))
    if part:
        result.value += f"T{part}"
        result.type = "TIME"
    return result


def _listed_after_every(r: Resolver, before: str) -> bool:
    """ "every Monday and Thursday", "each Tuesday, Wednesday or Friday": the later days recur too."""
    return _listed_days().search(before[-80:]) is not None


@cache
def _listed_days() -> re.Pattern[str]:
    days = alt(lexicon().weekdays)
    listed = rf"\b(?:every|each)\s+(?:(?:{days})s?\.?(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+))+$"
    return re.compile(listed, re.IGNORECASE)


def deictic(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "today", "yesterday morning", "tonight", "this afternoon"."""
    dx = m["dx"].lower()
    part = r.lex.parts_of_day.get((m["part"] or m["p2"] or m["p0"] or "").lower())
    if dx == "tonight":
        part = "NI"
    result = r.from_date(r.dct_shifted(_DAY_OFFSETS.get(dx.split()[0], 0)), "day", mod=r.pos_mod(m))
    if part:
        result.value += f"T{part}"
        result.type = "TIME"
    return result


def last_night(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    result = r.from_date(r.dct_shifted(-1 if m["rel"].lower() == "last" else 1), "day")
    result.value += "TNI"
    result.type = "TIME"
    return result


def overnight(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "fell overnight": the night before the publication day; "will fly overnight": its own night."""
    result = r.from_date(r.dct_shifted(0 if future else -1), "day")
    result.value += "TNI"
    result.type = "TIME"
    return result


# --- "last week", "the following month", "the past year" ---

_PAST_OR_COMING = ("the coming", "the past", "the next", "the last", "this past", "past", "coming")
_ANAPHORIC_REL = ("that", "the same", "the previous", "the preceding", "the following", "the prior", "the")
_PREVIOUS = ("the last", "the previous", "the preceding", "the prior")
_STEP_FROM_LAST = {"the previous": -1, "the preceding": -1, "the prior": -1, "the following": 1}
_DURATION_LEAD = re.compile(r"\b(?:over|for|throughout|within|across|during)\s+$", re.IGNORECASE)
_DEICTIC_DELTA = {"last": -1, "this": 0, "next": 1, "this coming": 1, "the current": 0, "the latest": 0}


def relative_unit(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """A unit told relative to the publication date or to the last date named."""
    rel = phrase(m["rel"])
    u = m["u"].lower()
    mod = r.pos_mod(m)
    if rel == "the next" and u == "day":
        # "June 3. The next day, she met...": the day after the last one; "in the next day or two",
        # with no day before it, is a length
        if r.last_day is not None and not re.match(r"\s+or\b", text[m.end() :]):
            return r.shift_anchor(1)
        return Timex("P1D", type="DURATION")
    if u == "decade" and rel in _PREVIOUS:
        return _previous_decade(r, rel, before, mod)
    if rel in _PAST_OR_COMING:
        if u == "day" or u == "weekend":
            return None
        # "the past month", "the coming year": a duration in TimeBank and in the gold (P1M, P1Y)
        code = {"week": "W", "month": "M", "year": "Y", "decade": "10Y"}[u]
        return Timex(timex.duration_value(1, code, time=False), type="DURATION")
    if u == "day":
        return _day_relative_to_last(r, rel)
    if rel in _ANAPHORIC_REL:
        return _unit_relative_to_last(r, m, rel, u, future, mod)
    delta = _DEICTIC_DELTA.get(rel)
    if delta is None:
        return None
    return _unit_from_publication(r, u, delta, mod)


def _day_relative_to_last(r: Resolver, rel: str) -> Timex | None:
    if rel in ("that", "the same"):
        return r.shift_anchor(0) if r.last_day else None
    if rel in ("the previous", "the preceding", "the prior"):
        return r.shift_anchor(-1) if r.last_day else None
    if rel == "the following":
        return r.shift_anchor(1) if r.last_day else None
    return None


def _unit_relative_to_last(
    r: Resolver, m: Match, rel: str, u: str, future: bool, mod: str | None
) -> Timex | None:
    """ "that year", "the following month", "the end of the year", "the weekend"."""
    if rel == "the" and u != "weekend":
        if u in ("year", "month", "week") and m["fiscal"]:
            return Timex(f"P1{u[0].upper()}", type="DURATION")
        if mod is not None and u != "day":
            return r.unit_in_view(u, future, mod)
        return None
    if rel == "the" and u == "weekend":
        # the coming weekend when the verb is future, else the last one (this one on a Saturday/Sunday)
        d = r.dct
        if d is not None and not future and d.isoweekday() < 6:
            d = d - timedelta(weeks=1)
        return r.from_date(d, "weekend", unknown="XXXX-WXX-WE", mod=mod)
    return r.relative_to_last(u, _STEP_FROM_LAST.get(rel, 0))


def _previous_decade(r: Resolver, rel: str, before: str, mod: str | None) -> Timex:
    """ "in the last decade" on a 1998 page is the 1980s (198, as TimeBank reads it); "the previous decade"
    is the one before the last date named, else before the publication date's; after "over", "for",
    "during" it is a length (P10Y, the gold README's spelling of a decade)."""
    if _DURATION_LEAD.search(before[-30:]):
        return Timex(timex.duration_value(1, "10Y", time=False), type="DURATION")
    named = r.relative_to_last("decade", -1) if rel != "the last" else None
    return named or _unit_from_publication(r, "decade", -1, mod)


def _unit_from_publication(r: Resolver, u: str, delta: int, mod: str | None) -> Timex:
    """ "last week", "this month", "next year": the unit `delta` steps from the publication date's."""
    if r.dct is None:
        unknown = {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX", "decade": "XXX"}
        return Timex(unknown.get(u, "XXXX"), mod=mod)
    d = r.dct
    if u in ("week", "weekend"):
        d = d + timedelta(weeks=delta)
    elif u == "month":
        d = timex.add_months(d, delta)
    elif u == "decade":
        d = timex.shift_years(d, 10 * delta)
    else:
        d = timex.shift_years(d, delta)
    return r.from_date(d, u, mod=mod)


_GRAIN = {"month": r"\d{4}-\d\d", "day": r"\d{4}-\d\d-\d\d", "quarter": r"\d{4}-Q\d"}


def same_period_year_back(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "the same month a year ago", "the same period last year": the period last named, a year back (else
    the publication date's unit, a year back)."""
    u = m["u"].lower()
    last = r.last_value or ""
    grain = _GRAIN.get(u, r"\d{4}(?:-(?:Q\d|H\d|\d\d))?")
    named = re.match(grain, last) if u != "week" else None
    if named is not None:
        value = named.group(0)
        return Timex(f"{int(value[:4]) - 1:04d}{value[4:]}", echo=True)
    if r.dct is None:
        return None
    unit_ = {"period": "year", "time": "year", "day": "day"}.get(u, u)
    return r.from_date(timex.shift_years(r.dct, -1), unit_)


def whole_unit(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "the entire year", "the full year": the year (month, week, quarter) the narrative is in."""
    u = m["u"].lower()
    if u == "quarter":
        last_q = r.last_quarter()
        if last_q and not future:
            return Timex(last_q)
        return r.from_date(r.dct, "quarter", unknown="XXXX-QX")
    return r.unit_in_view(u, future, None)


def unit_two_away(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "the week before last" (two weeks before the publication date's), "the month after next"."""
    delta = -2 if m["dir"].lower().startswith("before") else 2
    return _unit_from_publication(r, m["u"].lower(), delta, None)


# --- "two days ago", "a year earlier" ---

_FORWARD = ("later", "after", "from now", "hence")


def ago(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "two days ago", "three weeks later", "a year earlier" (the period just named, a year back)."""
    found = unit(m["u"])
    if found is None:
        return None
    code, is_time = found
    if is_time:
        return None  # "five minutes later": no clock to count from; the length alone is the timex
    amount = number(m["n"])
    if m["half"] and amount is not None:
        amount += 0.5  # "a year and a half ago"
    multiple = re.fullmatch(r"(\d+)([A-Z]+)", code)
    if multiple and amount is not None:
        code, amount = multiple.group(2), amount * int(multiple.group(1))
    if code == "Y" and amount is not None and amount != int(amount) and (amount * 12).is_integer():
        code, amount = "M", amount * 12  # "half a year ago", "a year and a half ago": counted in months
    direction = phrase(m["dir"])
    qmod = r.lex.quantity_mods.get(phrase(m["qmod"] or ""))
    sign = 1 if direction in _FORWARD else -1
    if direction in ("before", "after") and not re.match(r"\s*(?:[,.;:)]|$)", text[m.end() :]):
        return None  # "two days before the vote": the duration alone is the timex (handled as duration)
    if amount is None:
        if direction != "ago":
            return None  # "a few days later": the duration alone (PXD) is what TimeBank marks
        return Timex("PAST_REF")
    relative_to_anchor = direction not in ("ago", "from now", "hence", "back")
    if relative_to_anchor and r.last_value is None and r.last_day is None:
        # "Two decades later, the school reopened" with no date named before: later than an event, not
        # than the publication date; the length is all the text gives
        return Timex(timex.duration_value(amount, code, time=False), type="DURATION", mod=qmod)
    if code == "Y" and amount == 1 and r.last_value and re.match(r"\d{4}", r.last_value):
        # TimeBank: "a year ago/earlier" compares with the period just named (a quarter, a month...)
        return r.echo_year(sign, qmod, after_a_year=direction != "ago")
    if code == "D" and relative_to_anchor and r.last_day is not None:
        return r.shift_anchor(sign * int(amount))
    return _shifted(r, code, sign * int(amount), direction, relative_to_anchor, qmod)


def _shifted(
    r: Resolver, code: str, n: int, direction: str, relative_to_anchor: bool, qmod: str | None
) -> Timex | None:
    base = r.anchor_date() if relative_to_anchor else r.dct
    if base is None:
        return Timex({"D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX"}.get(code, "XXXX"), mod=qmod)
    if code == "D":
        if relative_to_anchor and r.last_day is not None:
            return r.shift_anchor(n)
        return r.from_date(base + timedelta(days=n), "day", mod=qmod)
    if code == "W":
        return r.from_date(base + timedelta(weeks=n), "week" if direction == "ago" else "day", mod=qmod)
    if code == "M":
        return r.from_date(timex.add_months(base, n), "month", mod=qmod)
    if code == "Y":
        return r.from_date(timex.shift_years(base, n), "year", mod=qmod)
    return None


def year_ago(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "the year-ago quarter", "year-earlier levels", "the year before": the period just named, a year back."""
    return r.echo_year(-1, after_a_year="-" not in m["ya"])


def year_end(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "year-end", "by year's end", "last year-end": the END of the publication year (or the one named).

    Unlike "the end of the year", a bare "year-end" is business shorthand for the current year's close,
    not an anaphor: "since year-end" after an index base "of 1969" is not 1969.
    """
    rel = (m["rel"] or "").lower()
    if not rel:
        return r.unit_in_view("year", True, "END")
    if r.dct is None:
        return Timex("XXXX", mod="END")
    return Timex(f"{r.dct.year + {'last': -1, 'this': 0, 'next': 1}[rel]:04d}", mod="END")


# --- lengths of time and recurrences ---

_ONE_UNIT_AFTER = ("past", "last", "next", "coming", "previous", "following", "first")


def duration(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "two days", "the past three years" (DURATION); "for years" (PXY); "5 million masks a day" (a SET)."""
    found = unit(m["u"])
    if found is None:
        return None
    code, is_time = found
    det = phrase(m["det"] or "")
    dpos = (m["dpos"] or "").lower()
    qmod = r.lex.quantity_mods.get(phrase(m["qmod"] or ""))
    n_text = m["n"]
    if n_text is None:
        word = m["u"].lower()
        if word.endswith("s") and unit(word[:-1]) is not None and word not in r.lex.units:
            return _bare_plural(before, det, dpos, code, is_time)
        n_text = _implied_count(det, dpos, code)
        if n_text is None:
            return None
    if (m["old"] and m["old"].lower() == "-old") or re.match(r"\s+old\b", text[m.end() :]):
        return None  # an age ("37 years old", "a 6-year-old boy") is not a TIMEX3
    amount = number(n_text)
    n_word = n_text.strip().lower()
    if amount is None and n_word == "the":
        return None
    if n_word in ("a", "an") and code == "S":
        return None  # "a second session": an ordinal, not a duration
    if m["half"] and amount is not None:
        amount += 0.5  # "a year and a half", "two hours and a half"
    if n_word in ("a", "an") and not qmod and not dpos and not m["old"] and not m["half"]:
        reading = _reading_of_a_unit(r, before, text[m.end() :])
        if reading != "length":
            return Timex(timex.duration_value(1, code, time=is_time), type="SET") if reading else None
    if code == "WE":
        return None
    if code == "Q":
        if FRACTION_OF.match(text, m.end()):
            return None  # "three-quarters of the oil", "a quarter of its staff": a fraction
        return Timex(timex.duration_value(amount, "Q", time=False), type="DURATION", mod=qmod)
    if dpos in ("past", "last") and amount is None and not is_time:
        return Timex("PAST_REF")
    return Timex(timex.duration_value(amount, code, time=is_time), type="DURATION", mod=qmod)


def _bare_plural(before: str, det: str, dpos: str, code: str, is_time: bool) -> Timex | None:
    """ "for years", "over the years": a vague length (PXY)."""
    last_word = before.rstrip().lower().split()[-1:] or [""]
    if det not in ("", "the") or dpos or last_word[0] not in ("for", "in", "over", "within", "the", "of"):
        return None
    return Timex(timex.duration_value(None, code, time=is_time), type="DURATION")


def _implied_count(det: str, dpos: str, code: str) -> str | None:
    """The count a unit without a number implies: "a day", "another week", "the past month" (one)."""
    if det in ("a", "an", "another", "an additional") and not dpos:
        return det.split()[0]
    if det == "the" and dpos in _ONE_UNIT_AFTER:
        if dpos in ("previous", "following") and code in ("D", "W", "M", "Y"):
            return None
        return "one"
    return None


def _reading_of_a_unit(r: Resolver, before: str, after: str) -> str | None:
    """How "a day" reads from the words around it: "length" after a duration cue ("for a day") or before
    "after"/"before" ("a day after the vote", as "two days after" is), "rate" after a count ("5 million masks
    a day"), None anywhere else (no timex)."""
    prev_words = before.lower().split()[-6:]
    prev = prev_words[-1] if prev_words else ""
    if re.match(r"\s+(?:after|before)\b", after, re.IGNORECASE):
        return "length"
    if prev in words("duration_preps") or any(
        (" " + " ".join(prev_words)).endswith(" " + lead) for lead in words("duration_lead_phrases")
    ):
        return "length"
    if any(
        re.fullmatch(r"\$?[\d,.]+\w*|twice|once|times", w) or w in count_words() or w in r.lex.units
        for w in prev_words[-4:]
    ):
        return "rate"
    return None


def frequency_adverb(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "daily", "weekly", "annually": a SET."""
    return Timex(r.lex.frequency_adverbs[m["adv"].lower()], type="SET")


def long_adjective(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "a day-long strike" P1D, "decades-long" PXDE, "two-week-long"."""
    found = unit(m["u"])
    if found is None:
        return None
    code, is_time = found
    if m["n"] and m["n"].lower() not in ("a", "an"):
        amount = number(m["n"])
    else:
        plural = bool(m["pl"]) or m["u"].lower() not in r.lex.units
        amount = None if plural else 1.0  # "decades-long" is vague, "day-long" is one day
    return Timex(timex.duration_value(amount, code, time=is_time), type="DURATION")


def every_unit(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "every day" P1D, "every other week" P2W, "each weekend" (SETs)."""
    found = unit(m["u"])
    if found is None:
        return None
    code, is_time = found
    if m["ev"].lower() in ("a", "an", "per"):
        return None  # handled by the duration rule, which checks for a preceding count
    amount = number(m["n"]) if m["n"] else 1.0
    if m["other"] and m["other"].lower() == "other":
        amount = (amount or 1.0) * 2
    if code == "WE":
        return Timex("XXXX-WXX-WE", type="SET")
    return Timex(timex.duration_value(amount, code, time=is_time), type="SET")


# --- clock times ---


def clock_time(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "10 a.m. Tuesday", "Friday at 14:00", "at noon" (on the last day named, else the publication day)."""
    clock = read_clock(r, m["clock"])
    if clock is None:
        return None
    g = m.groupdict()  # shared with time_after_day, which has no month or day groups
    qmod = {"about": "APPROX", "around": "APPROX", "approximately": "APPROX"}.get((g["qmod"] or "").lower())
    day = _day_of_clock(r, m, future, text)
    if day is None:
        return None
    value = f"{day.value}T{clock}{_zone(m['clock'])}"
    return Timex(value, type="TIME", mod=qmod, year_inferred=day.year_inferred)


_ZONE = re.compile(r"\b(?-i:UTC|GMT|Z)(?:\s?([+-])\s?(\d{1,2})(?::?(\d\d))?)?\s*$")


def _zone(clock: str) -> str:
    """The zone of a clock time as ISO 8601 writes it: "09:45 UTC" Z, "6:40 p.m. GMT+8" +08:00; local zones
    ("EST", "local time") are left out, as TimeBank leaves them."""
    z = _ZONE.search(clock)
    if z is None:
        return ""
    if z.group(1) is None or (int(z.group(2)) == 0 and not z.group(3)):
        return "Z"
    return f"{z.group(1)}{int(z.group(2)):02d}:{z.group(3) or '00'}"


@cache
def _day_after_clock() -> re.Pattern[str]:
    g = macros()
    return re.compile(rf",\s+(?:on\s+)?(?P<m>{g['month']})\s+(?P<d>{g['day']})(?![\d:])")


def _day_of_clock(r: Resolver, m: Match, future: bool, text: str) -> Timex | None:
    g = m.groupdict()
    dayword = (m["dayword"] or "").lower()
    if g.get("m") or g.get("m2"):
        month = r.month_number(g.get("m") or g["m2"])
        d = ordinal(g.get("d") or g["d2"])
        weekday_ = r.weekday_number(m["wd"]) or None
        return r.day(None, month, d, future=future, weekday=weekday_) if d else None
    if m["wd"]:
        return r.from_date(r.weekday_date(r.weekday_number(m["wd"]), "", future), "day")
    if dayword:
        return r.from_date(r.dct_shifted(_DAY_OFFSETS[dayword]), "day")
    told = _day_after_clock().match(text, m.end())
    if told is not None:
        # "at 16:15 UTC, June 1st": the day told after a comma is the clock's
        d = ordinal(told["d"])
        return r.day(None, r.month_number(told["m"]), d, future=future) if d else None
    anchor = r.last_day
    if anchor is not None and anchor[0] is not None:
        return Timex(timex.day_value(*anchor))
    return r.from_date(r.dct, "day")


def read_clock(r: Resolver, text: str) -> str | None:
    """ "10 a.m." 10:00, "14:00", "5.15pm" 17:15, "1400 GMT", "4 in the morning" 04:00, "11 at night" 23:00, "noon" 12:00."""
    t = text.lower().strip()
    for word, value in r.lex.clock_words.items():
        if t.startswith(word):
            return value
    mm = re.match(r"(\d{1,2})(?:[:.]?(\d\d))?\s*(?:([ap])(?=\.|m\b))?", t)
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


# --- anaphora and vague references ---


def anaphoric_day(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "the following day", "that day", "the day before": a day from the last one named."""
    key = phrase(m["ana"])
    if r.last_day is None and key in ("that day", "the day"):
        return None
    return r.shift_anchor(r.lex.anaphoric_days[key])


def reference(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "recently" PAST_REF, "now" PRESENT_REF, "in the future" FUTURE_REF."""
    return Timex(r.lex.refs[phrase(m["ref"])])
