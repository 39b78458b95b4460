"""Normalisers of the calendar rules: dates the text names by month, day, year, season, quarter or holiday.

Reads a rule's match (`rules.py` names which function normalises which rule) and the `Resolver` (the
publication date, the last date named). Writes a `Timex`, or None when the match is no date after all
("April 24 to 12", a year range running backwards). Each function has the `Normaliser` signature.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from pipeline import timex
from pipeline.stages.dates.lexicon import ordinal, phrase, words
from pipeline.stages.dates.resolver import Resolver, Timex

Match = re.Match[str]

# "quarter(s) of" + a determiner is a fraction ("a quarter of its staff"), unless a period follows ("the
# first two quarters of this year"); "several quarters of losses" (no determiner) stays a length of time
FRACTION_OF = re.compile(
    r",?\s+of\s+(?:the|its|their|his|her|all|an?|those|these|our|them|it|what|this|that)\b"
    r"(?!\s+(?:year|fiscal|decade|century)\b)",
    re.IGNORECASE,
)


# --- ranges ---


def range_of_days(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "April 15th to 16th", "15 to 16 April", "March 30 - April 2": the first day, with the last as end."""
    m1 = r.month_number(m["m1"] or m["m2"])
    m2 = r.month_number(m["m2"]) if m["m2"] else m1
    d1, d2 = ordinal(m["d1"]), ordinal(m["d2"])
    if d1 is None or d2 is None or (m2 == m1 and d2 <= d1):
        return None
    first_year = r.year(m["y1"]) or _year_named(r, m["y1rel"])
    start = r.day(first_year or r.year(m["y"]), m1, d1, future=future)
    if start is None:
        return None
    start_year = start.day[0] if start.day else None
    end_year = start_year if m2 >= m1 else (start_year + 1 if start_year is not None else None)
    if first_year is not None and m["y"]:
        end_year = r.year(m["y"])
    if not timex.valid_day(end_year, m2, d2):
        return None
    start.end_value = timex.day_value(end_year, m2, d2)
    start.day = (end_year, m2, d2)
    return start


def _year_named(r: Resolver, rel: str | None) -> int | None:
    """The year "this/last/next year" names."""
    if not rel or r.dct is None:
        return None
    return r.dct.year + {"this": 0, "last": -1, "next": 1}[rel.lower()]


def range_of_months(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "from March to May 2020": the first month, with the last as end."""
    m1, m2 = r.month_number(m["m1"]), r.month_number(m["m2"])
    year = r.year(m["y"])
    y1 = r.year(m["y1"]) or (year if year is not None and m1 <= m2 else None)
    start = r.month(y1, m1, future=future)
    end_year = year
    if end_year is None and start.year_inferred:
        y = int(start.value[:4])
        end_year = y if m2 >= m1 else y + 1
    start.end_value = timex.month_value(end_year, m2)
    start.year_inferred = start.year_inferred or (year is None and y1 is None and r.dct is not None)
    return start


def range_of_weekdays(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "Monday to Friday": the first day as a bare weekday would be read, the last the next such day after it;
    in a timetable ("open Monday to Friday", "Mondays to Fridays") a SET from the first weekday to the last."""
    wd1, wd2 = r.weekday_number(m["wd"]), r.weekday_number(m["wd2"])
    if m["plural"] or (not future and not r.done and _timetable(before)):
        return Timex(f"XXXX-WXX-{wd1}", type="SET", end_value=f"XXXX-WXX-{wd2}")
    first = r.weekday_date(wd1, "", future)
    if first is None:
        return Timex(f"XXXX-WXX-{wd1}", end_value=f"XXXX-WXX-{wd2}")
    last = first + timedelta(days=(wd2 - wd1) % 7 or 7)
    if not future and r.dct is not None and last > r.dct:
        # told as past: the whole range lies before the publication day
        first, last = first - timedelta(weeks=1), last - timedelta(weeks=1)
    return Timex(first.isoformat(), end_value=last.isoformat(), day=(first.year, first.month, first.day))


def _timetable(before: str) -> bool:
    """A timetable cue ("open", "operates", "usually") earlier in the sentence."""
    clause = re.split(r"[!?;]|\.\s+(?=[A-Z])", before[-80:])[-1].lower()
    return any(re.search(rf"\b{re.escape(cue)}\b", clause) for cue in words("timetable_cues"))


def range_of_years(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    return _year_range(int(m["y1"]), int(m["y2"]))


def range_of_years_dashed(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "1998-2001"; "2019-20" only when consecutive (a season, a fiscal year): "2010-04" is no range."""
    y1 = int(m["y1"])
    if m["y2s"]:
        y2 = y1 // 100 * 100 + int(m["y2s"])
        if y2 != y1 + 1:
            return None
        return _year_range(y1, y2)
    return _year_range(y1, int(m["y2"]))


def _year_range(y1: int, y2: int) -> Timex | None:
    return Timex(str(y1), end_value=str(y2)) if y2 > y1 else None


# --- days, months, years ---


def month_day(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "April 9", "9 April 2020", "Friday, 3 December", "last May 1"."""
    month = r.month_number(m["m"])
    d = ordinal(m["d"])
    if d is None or not 1 <= d <= 31:
        return None
    groups = m.groupdict()
    rel = (groups.get("rel") or "").lower()
    future = {"last": False, "next": True}.get(rel, future)
    weekday = r.weekday_number(groups.get("wd")) or None
    return r.day(r.year(m["y"]), month, d, future=future, mod=r.pos_mod(m), weekday=weekday)


def month(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "May 2020", "last February", "March this year", "October (of next year)", "every May" (a SET), a bare
    "in May"."""
    number = r.month_number(m["m"])
    rel = (m["rel"] or "").lower()
    mod = r.pos_mod(m)
    if rel in ("each", "every"):
        return Timex(f"XXXX-{number:02d}", type="SET")
    year = r.year(m["y"]) or _year_named(r, m["yrel"])
    if year is None:
        # "October of next year": "next year" is a mention of its own, and the year of this one
        of_year = _OF_YEAR.match(text, m.end())
        year = _year_named(r, of_year.group(1)) if of_year else None
    if year is None and rel and r.dct is not None:
        if rel == "last" or rel.endswith("past"):
            # TimeBank: "last February" on a March page is the year before (one would say "in February")
            year = r.dct.year if number < r.dct.month - 1 else r.dct.year - 1
        elif rel == "next" or rel.endswith("coming"):
            year = r.dct.year if number > r.dct.month else r.dct.year + 1
        else:
            year = r.dct.year
        return Timex(timex.month_value(year, number), mod=mod, year_inferred=True)
    return r.month(year, number, future=future, mod=mod)


_OF_YEAR = re.compile(r"\s+of\s+(this|last|next)\s+year\b", re.IGNORECASE)


def year(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    value = r.year(m["y"])
    if value is None or not 1000 <= value <= 2199:
        return None
    return Timex(f"{value:04d}", mod=r.pos_mod(m))


def year_period(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "the 1988 period": the quarter just named, in that year."""
    last_q = r.last_quarter()
    if last_q:
        return Timex(f"{m['y']}{last_q[4:]}", echo=True)
    return Timex(m["y"])


def fiscal_year_short(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "FY98", "FY2021"."""
    y = m["y"]
    value = int(y) if len(y) == 4 else (2000 + int(y) if int(y) < 50 else 1900 + int(y))
    return Timex(f"{value:04d}")


def decade(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "the 1990s" 199, "the '80s", "the 70s", "the eighties" (the century nearest the publication date)."""
    mod = r.pos_mod(m)
    if m["dec"]:
        return Timex(m["dec"][:3], mod=mod)
    short = m["dec2"] or m["dec3"]
    tens = int(short[0]) if short else r.lex.decade_words[m["decw"].lower()]
    century = 19
    if r.dct is not None and 2000 + tens * 10 <= r.dct.year:
        century = 20
    return Timex(f"{century}{tens}", mod=mod)


def century(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    n = ordinal(m["c"])
    if n is None or not 1 <= n <= 22:
        return None
    return Timex(f"{n - 1:02d}", mod=r.pos_mod(m))


# --- seasons, quarters, halves ---


def season(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "last spring", "summer 2021", "in the winter" (the nearest, past unless the verb looks forward), "that
    autumn" (in the year last named)."""
    code = r.lex.seasons[m["s"].lower()]
    rel = (m["rel"] or "").lower()
    value = r.year(m["y"])
    if value is None and not rel and not m["pos"]:
        return None
    if value is None and rel in ("in", "during", "by", "over") and m["s"].lower() == "fall":
        return None
    inferred = False
    if value is None and rel == "that":
        named = r.relative_to_last("year", 0)  # "that autumn": the autumn of the year last named
        value = int(named.value) if named is not None else None
    if value is None and r.dct is not None:
        inferred = True
        value = _season_year(r.dct, code, rel, future)
    return Timex(f"{timex.year_text(value)}-{code}", mod=r.pos_mod(m), year_inferred=inferred)


def _season_year(dct: date, code: str, rel: str, future: bool) -> int:
    season_start = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    if rel == "last":
        return dct.year - 1  # TimeBank: "last spring" on an October page is the year before
    if rel.endswith("past"):
        return dct.year if season_start + 3 <= dct.month else dct.year - 1
    if rel == "next" or rel.endswith("coming"):
        return dct.year if season_start > dct.month else dct.year + 1
    if rel != "this" and not future and season_start > dct.month + 1:
        return dct.year - 1
    return dct.year


def season_year(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    return Timex(f"{int(m['y']):04d}-{r.lex.seasons[m['s'].lower()]}")


def quarter(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "the third quarter", "the first half of 2020", "the year-ago quarter", "last quarter"."""
    q_word = (m["q"] or "").lower()
    if not q_word and not m["y"] and not m["ypos"] and not m["yrel"] and FRACTION_OF.match(text, m.end()):
        return None  # "more than a quarter of its staff"
    ypos = (m["ypos"] or "").lower()
    value = r.year(m["y"]) or (int(ypos) if ypos.isdigit() else None) or _year_named(r, m["yrel"])
    if ypos and not ypos.isdigit() and r.dct is not None:
        value = r.dct.year + {"this": 0, "last": -1, "next": 1}[ypos.split()[0].replace("'s", "")]
    if m["qh"].lower() == "half":
        n = r.lex.half_ordinals.get(q_word)
        if n is None:
            return None
        if value is None and r.dct is not None:
            value = r.dct.year
        return Timex(f"{timex.year_text(value)}-H{n}")
    if q_word in r.lex.quarter_ordinals:
        n = r.lex.quarter_ordinals[q_word]
        inferred = False
        if value is None and r.dct is not None:
            value, inferred = timex.nearest_quarter(r.dct, n, future=future), True
        return Timex(timex.quarter_value(value, n), year_inferred=inferred)
    return _quarter_in_view(r, q_word, value)


def _quarter_in_view(r: Resolver, q_word: str, value: int | None) -> Timex | None:
    """A quarter told by its relation to the last one named or to the publication date."""
    last_q = r.last_quarter()
    if value is not None and q_word in ("", "fiscal", "same") and last_q:
        return Timex(f"{value:04d}{last_q[4:]}")  # "the 1988 quarter": the quarter just named, that year
    if q_word in ("year-ago", "year-earlier"):
        if last_q:
            return Timex(f"{int(last_q[:4]) - 1}-{last_q[5:]}")
        return None
    if q_word in ("", "same", "fiscal", "latest", "current", "this", "recent"):
        if last_q and q_word not in ("current", "this"):
            return Timex(last_q)
        if r.dct is None:
            return Timex("XXXX-QX")
        y, q = timex.quarter_of(r.dct)
        if q_word in ("current", "this"):
            return Timex(timex.quarter_value(y, q))
        y, q = divmod(y * 4 + q - 2, 4)
        return Timex(timex.quarter_value(y, q + 1))
    if q_word in ("last", "past", "previous", "prior", "next"):
        if r.dct is None:
            return Timex("XXXX-QX")
        y, q = timex.quarter_of(r.dct)
        delta = 1 if q_word == "next" else -1
        y, q = divmod(y * 4 + q - 1 + delta, 4)
        return Timex(timex.quarter_value(y, q + 1))
    return None


def quarter_short(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "Q3 2020", "H1"."""
    value = int(m["y"]) if m["y"] else None
    if value is None and r.dct is not None:
        value = r.dct.year
    if m["q"]:
        return Timex(timex.quarter_value(value, int(m["q"])))
    return Timex(f"{timex.year_text(value)}-H{m['h']}")


# --- numeric dates, holidays ---


def numeric(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "2020-04-09", "10.06.2021" (day first), "4/9/2020" (the article's own order, else month first)."""
    if m["iso"]:
        y, mo, d = (int(x) for x in m["iso"].split("-"))
        return r.day(y, mo, d, future=future) if timex.valid_day(y, mo, d) else None
    if m["dot"]:
        # 10.06.2021: dotted dates are written day first (European and Asian press releases)
        a, b, y = (int(x) for x in m["dot"].split("."))
        d, mo = timex.numeric_day_month(a, b, ".")
        return r.day(y, mo, d, future=future) if timex.valid_day(y, mo, d) else None
    first, second = (int(x) for x in m["slash"].split("/")[:2])
    day, _ = timex.numeric_day_month(first, second, "/", day_first=r.day_first)
    parsed = timex.parse_date(m["slash"], r.dct, day_first=day == first)
    if parsed is None or parsed.grain != "day":
        return None
    return r.from_date(parsed.date, "day")


def holiday(r: Resolver, m: Match, future: bool, text: str, before: str) -> Timex | None:
    """ "Christmas", "last Thanksgiving", "Easter 2021", "Easter week" (the ISO week holding the day)."""
    result = _holiday_date(r, m, future)
    if result is not None and m["hweek"]:
        if result.day is None or result.day[0] is None:
            return Timex("XXXX-WXX")
        return r.from_date(date(*result.day), "week")  # type: ignore[arg-type]
    return result


def _holiday_date(r: Resolver, m: Match, future: bool) -> Timex | None:
    name = phrase(m["hol"])
    future = {"last": False, "next": True}.get((m["rel"] or "").lower(), future)
    value = r.year(m["y"])
    if name in r.lex.holidays:
        month_, day = (int(x) for x in r.lex.holidays[name].split("-"))
        return r.day(value, month_, day, future=future)
    if name in r.lex.easter_holidays:
        offset = r.lex.easter_holidays[name]

        def movable(y: int) -> date:
            return timex.easter(y) + timedelta(days=offset)

        return _movable_holiday(r, movable, value, future, month_hint=None)  # March or April
    rule = r.lex.floating_holidays[name]
    return _movable_holiday(r, lambda y: timex.nth_weekday(y, *rule), value, future, month_hint=rule[0])


def _movable_holiday(
    r: Resolver, day_in: Callable[[int], date], value: int | None, future: bool, month_hint: int | None
) -> Timex | None:
    if value is None and r.dct is not None:
        # the year whose holiday is nearest the publication date (the date moves, so try each year)
        dct = r.dct
        days = {y: day_in(y) for y in (dct.year - 1, dct.year, dct.year + 1)}
        cost = {y: abs((d - dct).days) * (1.0 if (d > dct) == future else 4.0) for y, d in days.items()}
        best = min(cost, key=lambda y: cost[y])
        result = r.from_date(days[best], "day")
        result.year_inferred = True
        return result
    if value is None:
        return Timex(f"XXXX-{month_hint:02d}-XX" if month_hint else "XXXX-XX-XX")
    return r.from_date(day_in(value), "day")
