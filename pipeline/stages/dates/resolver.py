"""Resolution: the state that carries one article's dates from mention to mention, and the anchoring helpers.

Reads the publication date and, mention after mention, the values the rules' normalisers return. Writes
`Timex` values: a rule's normaliser (`normalise_*.py`) asks the `Resolver` for the year nearest the
publication date, the last day or period named ("the following day", "a year earlier"), and days shifted
from them; `Resolver.resolve` runs a candidate's normaliser and remembers its value for the next one.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from pipeline import timex
from pipeline.stages.dates.lexicon import lexicon, spelled_year

Day = tuple[int | None, int, int]  # (year or None, month, day)


@dataclass
class Timex:
    value: str
    type: str = "DATE"
    end_value: str | None = None
    mod: str | None = None
    year_inferred: bool = False
    day: Day | None = None  # set when the grain is a day
    echo: bool = False  # a value derived from the last one ("a year earlier"): not itself an anchor


# A rule's normaliser: (resolver, the rule's match, whether the verb looks forward, the paragraph text,
# the text before the match) -> the TIMEX3 value, or None when the match is no date after all.
Normaliser = Callable[["Resolver", re.Match[str], bool, str, str], Timex | None]


@dataclass
class Candidate:
    start: int  # relative to the paragraph
    end: int
    name: str  # the rule's name
    match: re.Match[str]
    priority: int
    normalise: Normaliser
    # "before"/"after" ("the day before last Tuesday") or "week" ("the week of May 3")
    prefix: str | None = None


_SPACES = re.compile(r"\s+")
_SINCE_UNTIL = re.compile(r"\b(?:since|until|till)\s+$", re.IGNORECASE)


class Resolver:
    """Normalises candidates in text order, remembering the last date for anaphora."""

    def __init__(self, published: date | None) -> None:
        self.dct = published
        self.last_day: Day | None = None
        self.last_value: str | None = None
        self.lex = lexicon()
        self.day_first = False  # how this article writes 4/9/2020: see stage.writes_day_first
        self.done = False  # the mention being read modifies a past verb telling an event as done

    def resolve(
        self, cand: Candidate, future: bool, text: str, before: str, *, done: bool = False
    ) -> Timex | None:
        self.done = done and not future
        result = cand.normalise(self, cand.match, future, text, before)
        if result is not None and cand.prefix is not None:
            result = self._prefixed(result, cand.prefix)
        if result is not None and _SINCE_UNTIL.search(before[-12:]):
            result.echo = True  # "in the country since 21 June": background, not the narrative's current day
        if result is not None and not (result.echo and result.day is not None):
            if result.day is not None:
                self.last_day = result.day
            if result.type == "DATE" and not result.value.endswith("_REF") and not result.echo:
                self.last_value = result.value
        return result

    # -- reading parts of a match --
    def year(self, text: str | None) -> int | None:
        """The year a matched year gives: "1998", "'98" (the century nearest the publication), "nineteen ninety"."""
        if not text:
            return None
        t = text.strip().lower()
        if re.fullmatch(r"\d{4}", t):
            return int(t)
        if t.startswith("'"):
            yy = int(t[1:])
            century = 1900
            if self.dct is not None and 2000 + yy <= self.dct.year + 10:
                century = 2000
            return century + yy
        return spelled_year(t)

    def month_number(self, name: str) -> int:
        return self.lex.months[name.lower().rstrip(".")]

    def weekday_number(self, name: str | None) -> int:
        """ISO weekday of a matched weekday name ("Tues." -> 2); 0 when the pattern matched none."""
        return self.lex.weekdays[name.lower().rstrip(".")] if name else 0

    def pos_mod(self, m: re.Match[str]) -> str | None:
        """The TIMEX3 mod of a position word: "early" START, "mid" MID, "the end of" END."""
        pos = m.groupdict().get("pos")
        if not pos:
            return None
        key = _SPACES.sub(" ", pos.lower()).replace("very ", "")
        if key.endswith(" of") and not key.startswith("the "):
            key = "the " + key  # "until end of 2023" as "the end of 2023"
        return self.lex.position_mods.get(key) or self.lex.position_mods.get(key.split()[-1])

    # -- values --
    def day(
        self,
        year: int | None,
        month: int,
        day: int,
        *,
        future: bool,
        mod: str | None = None,
        weekday: int | None = None,
    ) -> Timex | None:
        inferred = False
        if year is None and self.dct is not None:
            year = timex.nearest_year(self.dct, month, day, future=future, weekday=weekday, done=self.done)
            inferred = True
        if not timex.valid_day(year, month, day):
            return None
        return Timex(
            timex.day_value(year, month, day), mod=mod, year_inferred=inferred, day=(year, month, day)
        )

    def month(self, year: int | None, month: int, *, future: bool, mod: str | None = None) -> Timex:
        inferred = False
        if year is None and self.dct is not None:
            year, inferred = timex.nearest_year(self.dct, month, None, future=future, done=self.done), True
        return Timex(timex.month_value(year, month), mod=mod, year_inferred=inferred)

    def from_date(
        self, d: date | None, grain: str, unknown: str = "XXXX-XX-XX", mod: str | None = None
    ) -> Timex:
        """The value of the `grain` (day, week, weekend, month, quarter, decade, year) holding `d`."""
        if d is None:
            return Timex(unknown, mod=mod)
        if grain == "day":
            return Timex(d.isoformat(), mod=mod, day=(d.year, d.month, d.day))
        if grain == "week":
            return Timex(timex.week_value(d), mod=mod)
        if grain == "weekend":
            return Timex(timex.week_value(d) + "-WE", mod=mod)
        if grain == "month":
            return Timex(f"{d.year:04d}-{d.month:02d}", mod=mod)
        if grain == "quarter":
            y, q = timex.quarter_of(d)
            return Timex(timex.quarter_value(y, q), mod=mod)
        if grain == "decade":
            return Timex(f"{d.year // 10:03d}", mod=mod)
        return Timex(f"{d.year:04d}", mod=mod)

    def dct_shifted(self, days: int) -> date | None:
        """The publication day moved by `days`, None without one."""
        return self.dct + timedelta(days=days) if self.dct is not None else None

    # -- anchoring on what the article said last --
    def anchor_date(self) -> date | None:
        if self.last_day is not None and self.last_day[0] is not None:
            return date(*self.last_day)  # type: ignore[arg-type]
        return self.dct

    def shift_anchor(self, days: int) -> Timex:
        """The day `days` after the last day named (else after the publication date)."""
        if self.last_day is not None:
            y, m, d = self.last_day
            base = date(y if y is not None else 2000, m, d) + timedelta(days=days)
            year = base.year if y is not None else None
            return Timex(timex.day_value(year, base.month, base.day), day=(year, base.month, base.day))
        if self.dct is not None:
            return self.from_date(self.dct + timedelta(days=days), "day")
        return Timex("XXXX-XX-XX")

    def last_quarter(self) -> str | None:
        """The last value named when it is a quarter ("1998-Q3")."""
        last = self.last_value
        return last if last and re.fullmatch(r"\d{4}-Q\d", last) else None

    def relative_to_last(self, unit: str, delta: int) -> Timex | None:
        """The decade, year, month or week `delta` units from the last date named ("the following month")."""
        last = self.last_value
        if last is None:
            return None
        if unit == "year" and re.match(r"\d{4}", last):
            return Timex(f"{int(last[:4]) + delta:04d}")
        if unit == "month" and re.fullmatch(r"\d{4}-\d\d(-\d\d)?", last):
            y, mo = timex.shift_months(int(last[:4]), int(last[5:7]), delta)
            return Timex(timex.month_value(y, mo))
        if unit == "decade" and re.match(r"\d{3}", last):
            return Timex(f"{int(last[:3]) + delta:03d}")
        if unit in ("week", "weekend") and re.fullmatch(r"\d{4}-\d\d-\d\d", last):
            d = date.fromisoformat(last) + timedelta(weeks=delta)
            return self.from_date(d, unit)
        return None

    def unit_in_view(self, unit: str, future: bool, mod: str | None) -> Timex | None:
        """ "the end of the year", "early in the month": the unit the narrative is in.

        That is the last date's unit when one was named (a past story told in 1995 stays in 1995), else the
        publication date's; a future verb ("will close by the end of the year") looks from the publication date.
        """
        named = None if future else self.relative_to_last(unit, 0)
        if named is not None:
            named.mod = mod
            return named
        if self.dct is None:
            unknown = {"week": "XXXX-WXX", "month": "XXXX-XX", "decade": "XXX"}
            return Timex(unknown.get(unit, "XXXX"), mod=mod)
        return self.from_date(self.dct, unit, mod=mod)

    def echo_year(self, sign: int, mod: str | None = None, *, after_a_year: bool = False) -> Timex | None:
        """ "a year earlier": the quarter or month just named a year back, else the publication year's neighbour.

        `after_a_year`: the phrase follows what it compares with ("$4bn last year, up from $3bn a year earlier",
        "the year previous"), so a year just named counts too; a "year-ago" result is a year before now.
        """
        last = self.last_value
        period = r"\d{4}(?:-(?:Q\d|H\d|\d\d))?" if after_a_year else r"\d{4}-(?:Q\d|H\d|\d\d)"
        if last is None or not re.fullmatch(period, last):
            if self.dct is None:
                return None
            return Timex(f"{self.dct.year + sign:04d}", mod=mod, echo=True)
        return Timex(f"{int(last[:4]) + sign:04d}{last[4:]}", mod=mod, echo=True)

    def weekday_date(self, wd: int, rel: str, future: bool) -> date | None:
        """The day a weekday names: "last Friday", "next Monday", "the previous Friday", a bare "Friday"."""
        if rel in ("the previous", "the preceding", "the following"):
            # "the previous Friday": the one before the day last mentioned (else the publication day)
            anchor = self.anchor_date()
            if anchor is None:
                return None
            return timex.weekday_near(anchor, wd, direction="next" if rel == "the following" else "last")
        if self.dct is None:
            return None
        if rel == "last" or rel.endswith("past"):
            return timex.weekday_near(self.dct, wd, direction="last")
        if rel in ("next", "coming") or rel.endswith("coming"):
            return timex.weekday_near(self.dct, wd, direction="next")
        return timex.weekday_near(self.dct, wd, direction="future" if future else "past")

    # -- composed forms: "the day before <day>", "the week of <day>", "the second week of <month>" --
    def _prefixed(self, inner: Timex, prefix: str) -> Timex | None:
        if prefix.startswith("week:"):
            return self._week_of_month(inner, prefix.partition(":")[2])
        if inner.day is None or inner.end_value is not None:
            return None
        y, mo, d = inner.day
        base = date(y if y is not None else 2000, mo, d)
        if prefix == "week":
            return Timex(
                timex.week_value(base) if y is not None else "XXXX-WXX", year_inferred=inner.year_inferred
            )
        shifted = base + timedelta(days=-1 if prefix == "before" else 1)
        year = shifted.year if y is not None else None
        return Timex(
            timex.day_value(year, shifted.month, shifted.day),
            year_inferred=inner.year_inferred,
            day=(year, shifted.month, shifted.day),
        )

    def _week_of_month(self, inner: Timex, nth: str) -> Timex | None:
        """ "the second week of May": the ISO week holding the middle of that seven-day stretch of the month.

        Without a year the week cannot be named: the month, with START or END for its first or last week.
        """
        month_value = re.fullmatch(r"(\d{4}|XXXX)-(\d\d)", inner.value)
        if month_value is None or inner.end_value is not None or inner.mod is not None:
            return None
        n = self.lex.quarter_ordinals.get(nth, -1) if nth != "final" else -1
        if month_value.group(1) == "XXXX":
            return Timex(inner.value, mod={1: "START", -1: "END"}.get(n))
        year, month = int(month_value.group(1)), int(month_value.group(2))
        last = calendar.monthrange(year, month)[1]
        middle = last - 3 if n == -1 else 7 * (n - 1) + 4
        return Timex(timex.week_value(date(year, month, middle)), year_inferred=inner.year_inferred)
