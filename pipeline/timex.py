"""TIMEX3 arithmetic and the one façade over dateparser.

Reads nothing from the article: callers pass a span's text and a reference date (the publication date).
Writes plain typed values: `ParsedDate` from `parse_date`, and TIMEX3 value strings from the helpers
(`day_value`, `week_value`, `quarter_value`, `shift_months`...).

dateparser is awkward to call safely: it returns None or a datetime without the grain, depends on "now",
on the machine's timezone and on day/month order. `parse_date` pins all of that: `languages=["en"]`, UTC,
`RELATIVE_BASE` = the reference date (a fixed leap-year date when the article has none, so that the clock
never leaks in), and caches results by (span text, reference date).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal

Grain = Literal["day", "week", "month", "year", "time"]

# With no publication date dateparser still needs a base; a fixed leap year keeps Feb 29 valid and makes
# any leak visible (callers replace the year by XXXX when the text gave none).
NEUTRAL_BASE = date(2000, 1, 1)
_YEAR_IN_TEXT = re.compile(r"\b\d{4}\b")
_FOUR_DIGITS = re.compile(r"\d{4}")


@dataclass(frozen=True)
class ParsedDate:
    """What dateparser understood: the date, its grain and whether the text itself gave the year."""

    date: date
    grain: Grain
    year_given: bool


@lru_cache(maxsize=64)
def _parser(base: date, day_first: bool = False) -> object:
    """One DateDataParser per reference date and day order, every setting pinned."""
    from dateparser.date import DateDataParser

    settings = {
        "RELATIVE_BASE": datetime(base.year, base.month, base.day),
        "TIMEZONE": "UTC",
        "TO_TIMEZONE": "UTC",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_DAY_OF_MONTH": "first",
        "DATE_ORDER": "DMY" if day_first else "MDY",
    }
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=4096)
def parse_date(text: str, reference: date | None, *, day_first: bool = False) -> ParsedDate | None:
    """dateparser on one span, against `reference` (never the clock); None when it cannot read it.

    Numeric dates are read month first ("4/9/2020" = April 9, as US wire copy writes it) unless `day_first`.
    """
    parser = _parser(reference or NEUTRAL_BASE, day_first)
    try:
        data = parser.get_date_data(text)  # type: ignore[attr-defined]
    except (ValueError, OverflowError, TypeError):
        return None
    if data is None or data.date_obj is None:
        return None
    period = data.period or "day"
    grain: Grain = period if period in ("day", "week", "month", "year", "time") else "day"  # type: ignore[assignment]
    return ParsedDate(date=data.date_obj.date(), grain=grain, year_given=bool(_YEAR_IN_TEXT.search(text)))


@lru_cache(maxsize=1)
def _full_date_patterns() -> tuple[dict[str, int], tuple[re.Pattern[str], ...]]:
    from pipeline.resources import load_json

    months: dict[str, int] = load_json("segment_dates.json")["months"]
    month = "(?P<m>" + "|".join(sorted(months, key=len, reverse=True)) + r")\.?"
    day = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
    year = r"(?P<y>\d{4})"
    return months, (
        # 18 August 2021, 18th of August, 2021, 18-Aug-2021
        re.compile(rf"{day}(?:\s+|-)(?:of\s+)?{month}(?:,?\s+|-){year}\b", re.I),
        re.compile(rf"{month}\s+{day}(?:,\s*|\s+){year}\b", re.I),
        # 2021-08-18, 2021-08-18T10:45:00Z (HTML metadata), 2021/8/18, 2021.08.18
        re.compile(r"(?<!\d)(?P<y>\d{4})(?P<sep>[-/.])(?P<mm>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)"),
        # 28/05/2021, 05/28/2021, 28.05.2021, 28-05-2021: the order as `numeric_day_month` reads it
        re.compile(
            r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d/-]|\.\d)"
        ),
        # 2021年8月18日 (a Chinese or Japanese page's stamp)
        re.compile(r"(?P<y>\d{4})\s*年\s*(?P<mm>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
    )


def numeric_day_month(first: int, second: int, separator: str, *, day_first: bool = False) -> tuple[int, int]:
    """(day, month) of a numeric date: dotted dates are day first; a slashed one is month first (US wire
    copy) unless only the other order is valid ("28/05") or the caller knows the writer puts the day first.
    """
    if separator == "." or first > 12 or (second <= 12 and day_first):
        return first, second
    return second, first


def full_date(text: str) -> tuple[date | None, re.Match[str] | None]:
    """The earliest complete date (day, month and four-digit year) in `text`, with its match: "18 August
    2021", "18-Aug-2021", "Aug. 18, 2021", "2021-08-18" (also "2021-08-18T10:45:00Z"), "2021/8/18", "2021.08.18",
    "08/18/2021", "18.08.2021", "18-08-2021", "2021年8月18日". Used for publication stamps and date lines, where
    only a whole date counts.
    """
    if _FOUR_DIGITS.search(text) is None:  # every pattern needs the year's four digits: most lines end here
        return None, None
    months, patterns = _full_date_patterns()
    best: tuple[date | None, re.Match[str] | None] = (None, None)
    for pattern in patterns:
        m = pattern.search(text)
        if m is None or (best[1] is not None and m.start() >= best[1].start()):
            continue
        groups = m.groupdict()
        if groups.get("a"):
            day, month = numeric_day_month(int(groups["a"]), int(groups["b"]), groups["sep"])
        else:
            day = int(groups["d"])
            month = int(groups["mm"]) if groups.get("mm") else months.get(groups["m"].rstrip(".").lower(), 0)
        try:
            best = (date(int(groups["y"]), month, day), m)
        except ValueError:
            continue
    return best


# A year-less date after the reference date costs this many times its distance (news reports the past;
# measured on TimeBank/AQUAINT, where a smaller factor put more dates in the wrong year).
_FUTURE_COST = 4.0

# --- TIMEX3 values -------------------------------------------------------------------------------------


def year_text(year: int | None) -> str:
    return "XXXX" if year is None else f"{year:04d}"


def day_value(year: int | None, month: int, day: int) -> str:
    return f"{year_text(year)}-{month:02d}-{day:02d}"


def month_value(year: int | None, month: int) -> str:
    return f"{year_text(year)}-{month:02d}"


def week_value(day: date) -> str:
    """ISO week of a day: 2020-W14 (the year is the ISO year)."""
    iso = day.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_value(year: int | None, quarter: int) -> str:
    return f"{year_text(year)}-Q{quarter}"


def shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def shift_years(day: date, delta: int) -> date:
    """The same day `delta` years away (Feb 29 falls back to Feb 28)."""
    last = calendar.monthrange(day.year + delta, day.month)[1]
    return date(day.year + delta, day.month, min(day.day, last))


def add_months(day: date, delta: int) -> date:
    year, month = shift_months(day.year, day.month, delta)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_day(year: int | None, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    return day <= calendar.monthrange(year if year is not None else 2000, month)[1]


def nearest_year(
    reference: date,
    month: int,
    day: int | None,
    *,
    future: bool,
    weekday: int | None = None,
    done: bool = False,
) -> int:
    """The year putting month(/day) nearest the reference date; the past wins unless the text is about the future.

    A candidate on the unexpected side (after the reference, or before it when the text is about the future)
    costs `_FUTURE_COST` times its distance. A stated ISO `weekday` ("Friday, 3 December") keeps only the
    years in which the day falls on it, when one of the candidates does. `done` (a past verb tells the event
    as done: "bought ... in November") keeps only the years in which the month or day has begun by then.
    """
    years = [reference.year - 1, reference.year, reference.year + 1]
    if weekday is not None and day is not None:
        fitting = [
            y for y in years if valid_day(y, month, day) and date(y, month, day).isoweekday() == weekday
        ]
        years = fitting or years
    if done:
        begun = [
            y for y in years if date(y, month, min(day or 1, calendar.monthrange(y, month)[1])) <= reference
        ]
        years = begun or years
    best_year, best_cost = reference.year, float("inf")
    for year in years:
        last = calendar.monthrange(year, month)[1]
        if day is None:
            start, end = date(year, month, 1), date(year, month, last)
            if start <= reference <= end:
                return year
            distance = (reference - end).days if end < reference else (start - reference).days
            later = start > reference
        else:
            candidate = date(year, month, min(day, last))
            distance = abs((candidate - reference).days)
            later = candidate > reference
        cost = distance * (_FUTURE_COST if later != future else 1.0)
        if cost < best_cost:
            best_year, best_cost = year, cost
    return best_year


def nearest_quarter(reference: date, quarter: int, *, future: bool) -> int:
    """The year putting quarter `quarter` nearest the reference date (the current quarter counts as 0)."""
    ref_year, ref_quarter = quarter_of(reference)
    best_year, best_cost = ref_year, float("inf")
    for year in (ref_year - 1, ref_year, ref_year + 1):
        delta = (year * 4 + quarter) - (ref_year * 4 + ref_quarter)
        cost = abs(delta) * (2.0 if (delta > 0) != future and delta != 0 else 1.0)
        if cost < best_cost:
            best_year, best_cost = year, cost
    return best_year


def weekday_near(
    reference: date, weekday: int, *, direction: Literal["past", "future", "last", "next"]
) -> date:
    """The day with ISO weekday `weekday` near `reference`.

    past: within the 7 days ending on the reference day; future: within the 7 days after it;
    last: strictly before the reference day; next: strictly after it.
    """
    back = (reference.isoweekday() - weekday) % 7
    if direction == "past":
        return reference - timedelta(days=back)
    if direction == "last":
        return reference - timedelta(days=back or 7)
    ahead = (weekday - reference.isoweekday()) % 7
    return reference + timedelta(days=ahead or 7)


def nth_weekday(year: int, month: int, weekday: int, n: int, first: int) -> date:
    """The n-th ISO `weekday` on or after day `first` of the month (n = -1: the last one on or before it)."""
    if n < 0:
        day = date(year, month, min(first, calendar.monthrange(year, month)[1]))
        return day - timedelta(days=(day.isoweekday() - weekday) % 7)
    day = date(year, month, first)
    return day + timedelta(days=(weekday - day.isoweekday()) % 7 + 7 * (n - 1))


def duration_value(amount: float | None, unit: str, *, time: bool) -> str:
    """P2D, PT3H, PXY, P2Y6M (half units), P1D for 24 hours (as TimeBank writes "the last 24 hours")."""
    if amount is None:
        # vague multiples ("decades", "fortnights") take the base unit: PXY, PXW
        unit = re.sub(r"^\d+", "", unit)
        return f"PTX{unit}" if time else f"PX{unit}"
    if unit == "H" and time and amount == 24:
        return "P1D"
    if unit == "WE":
        return f"P{_num(amount)}WE"
    multiple = re.fullmatch(r"(\d+)([A-Z]+)", unit)
    if multiple:  # fortnight = 2W, decade = 10Y, century = 100Y
        return duration_value(amount * int(multiple.group(1)), multiple.group(2), time=time)
    if amount != int(amount):
        whole = int(amount)
        if time:  # PT units: hours and minutes ("a minute and a half" is PT1M30S)
            smaller = {"H": (60, "M"), "M": (60, "S")}.get(unit)
        else:  # a week has no smaller unit that half or a quarter of it fills in whole
            smaller = {"Y": (12, "M"), "M": (30, "D"), "D": (24, "H")}.get(unit)
        if smaller is not None:
            factor, sub = smaller
            part = (amount - whole) * factor
            if abs(part - round(part)) < 1e-9:  # "a quarter of an hour" PT15M, "a year and a half" P1Y6M
                head = f"{whole}{unit}" if whole else ""
                if unit == "D" and not time:
                    return f"P{head}T{round(part)}{sub}"
                return f"{'PT' if time else 'P'}{head}{round(part)}{sub}"
    return f"{'PT' if time else 'P'}{_num(amount)}{unit}"


def _num(amount: float) -> str:
    return str(int(amount)) if amount == int(amount) else f"{amount:g}"


def easter(year: int) -> date:
    """Western (Gregorian) Easter Sunday, by the anonymous Gregorian computus (Meeus/Jones/Butcher).

    Hand-written because the only library offering it here (dateutil.easter) is an untyped transitive
    dependency of dateparser, not one of the project's own.
    """
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)
