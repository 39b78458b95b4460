"""TIMEX3 arithmetic and the dateparser façade: pinned to the reference date, never to the clock."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline import timex


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        pytest.param(
            "April 28th", date(2020, 5, 20), timex.ParsedDate(date(2020, 4, 28), "day", False), id="day"
        ),
        pytest.param(
            "last Thursday",
            date(2020, 5, 20),
            timex.ParsedDate(date(2020, 5, 14), "day", False),
            id="relative_weekday",
        ),
        pytest.param(
            "Aug. 7, 1998", date(2020, 5, 20), timex.ParsedDate(date(1998, 8, 7), "day", True), id="with_year"
        ),
        pytest.param(
            "March", date(2020, 5, 20), timex.ParsedDate(date(2020, 3, 1), "month", False), id="month"
        ),
        pytest.param(
            "yesterday",
            None,
            timex.ParsedDate(date(1999, 12, 31), "day", False),
            id="no_reference_uses_neutral_base",
        ),
        pytest.param("fiscal nonsense", date(2020, 5, 20), None, id="unreadable"),
    ],
)
def test_parse_date(text: str, reference: date | None, expected: timex.ParsedDate | None) -> None:
    assert timex.parse_date(text, reference) == expected


def test_parse_date_is_cached() -> None:
    timex.parse_date.cache_clear()
    timex.parse_date("May 14", date(2020, 5, 20))
    timex.parse_date("May 14", date(2020, 5, 20))
    assert timex.parse_date.cache_info().hits == 1


@pytest.mark.parametrize(
    ("reference", "month", "day", "future", "expected"),
    [
        pytest.param(date(2020, 5, 20), 4, 9, False, 2020, id="recent_past"),
        pytest.param(date(1998, 1, 8), 10, None, False, 1997, id="october_before_january_page"),
        pytest.param(date(2021, 7, 20), 8, None, False, 2021, id="next_month_is_nearest"),
        pytest.param(date(1998, 10, 25), 1, None, False, 1998, id="past_preferred"),
        pytest.param(date(1998, 10, 25), 1, None, True, 1999, id="future_cue"),
        pytest.param(date(2021, 1, 5), 12, 29, False, 2020, id="across_new_year"),
    ],
)
def test_nearest_year(reference: date, month: int, day: int | None, future: bool, expected: int) -> None:
    assert timex.nearest_year(reference, month, day, future=future) == expected


def test_nearest_year_keeps_to_a_stated_weekday() -> None:
    published = date(2021, 6, 15)
    # 3 December is a Friday in 2021 and a Thursday in 2020; 5 April a Sunday in 2020 only
    assert timex.nearest_year(published, 12, 3, future=False) == 2020
    assert timex.nearest_year(published, 12, 3, future=False, weekday=5) == 2021
    assert timex.nearest_year(published, 4, 5, future=False, weekday=7) == 2020
    # no candidate year fits (a slip in the text): the weekday is ignored
    assert timex.nearest_year(published, 4, 5, future=False, weekday=3) == 2021


@pytest.mark.parametrize(
    ("amount", "unit", "time", "expected"),
    [
        pytest.param(2, "D", False, "P2D", id="days"),
        pytest.param(None, "Y", False, "PXY", id="vague"),
        pytest.param(2.5, "Y", False, "P2Y6M", id="half_year"),
        pytest.param(1.5, "H", True, "PT1H30M", id="half_hour"),
        pytest.param(1.5, "M", True, "PT1M30S", id="half_minute"),
        pytest.param(1.5, "M", False, "P1M15D", id="half_month"),
        pytest.param(2.5, "W", False, "P2.5W", id="half_week_stays_in_weeks"),
        pytest.param(24, "H", True, "P1D", id="twenty_four_hours"),
        pytest.param(72, "H", True, "PT72H", id="hours"),
        pytest.param(4, "10Y", False, "P40Y", id="decades"),
        pytest.param(1, "2W", False, "P2W", id="fortnight"),
        pytest.param(0.25, "H", True, "PT15M", id="quarter_hour"),
        pytest.param(0.75, "H", True, "PT45M", id="three_quarters_hour"),
        pytest.param(0.25, "Y", False, "P3M", id="quarter_year"),
        pytest.param(0.25, "100Y", False, "P25Y", id="quarter_century"),
        pytest.param(0.25, "M", False, "P0.25M", id="quarter_month_stays_in_months"),
    ],
)
def test_duration_value(amount: float | None, unit: str, time: bool, expected: str) -> None:
    assert timex.duration_value(amount, unit, time=time) == expected


def test_week_and_quarter_values() -> None:
    assert timex.week_value(date(2020, 4, 1)) == "2020-W14"
    assert timex.week_value(date(2021, 1, 1)) == "2020-W53"
    assert timex.quarter_value(2020, 2) == "2020-Q2"
    assert timex.quarter_value(None, 3) == "XXXX-Q3"
    assert timex.nearest_quarter(date(1989, 10, 25), 4, future=False) == 1989
    assert timex.nearest_quarter(date(1989, 10, 25), 3, future=False) == 1989


def test_weekday_near() -> None:
    tuesday = date(2021, 3, 30)
    assert timex.weekday_near(tuesday, 2, direction="past") == tuesday
    assert timex.weekday_near(tuesday, 2, direction="last") == date(2021, 3, 23)
    assert timex.weekday_near(tuesday, 7, direction="past") == date(2021, 3, 28)
    assert timex.weekday_near(tuesday, 1, direction="next") == date(2021, 4, 5)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        pytest.param((1999, 11, 4, 4, 1), date(1999, 11, 25), id="thanksgiving"),
        pytest.param((1998, 11, 2, 1, 2), date(1998, 11, 3), id="us_election_day"),
        pytest.param((2020, 5, 1, -1, 31), date(2020, 5, 25), id="last_monday_of_may"),
    ],
)
def test_nth_weekday(rule: tuple[int, int, int, int, int], expected: date) -> None:
    assert timex.nth_weekday(*rule) == expected


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        pytest.param(2000, date(2000, 4, 23), id="late"),
        pytest.param(2008, date(2008, 3, 23), id="march"),
        pytest.param(2024, date(2024, 3, 31), id="2024"),
        pytest.param(2038, date(2038, 4, 25), id="latest_possible"),
        pytest.param(1818, date(1818, 3, 22), id="earliest_possible"),
    ],
)
def test_easter(year: int, expected: date) -> None:
    assert timex.easter(year) == expected


def test_vague_multiple_units_use_the_base_unit() -> None:
    assert timex.duration_value(None, "10Y", time=False) == "PXY"
    assert timex.duration_value(3, "10Y", time=False) == "P30Y"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Posted 18 August 2021 | 4 min read", date(2021, 8, 18), id="day_month_year"),
        pytest.param("Aug. 18, 2021", date(2021, 8, 18), id="month_day_year"),
        pytest.param("2021/08/18", date(2021, 8, 18), id="year_first_slashes"),
        pytest.param("18/08/2021", date(2021, 8, 18), id="only_day_first_is_valid"),
        pytest.param("08/09/2021", date(2021, 8, 9), id="ambiguous_slashes_read_month_first"),
        pytest.param("09.08.2021", date(2021, 8, 9), id="dotted_is_day_first"),
        pytest.param("31/31/2021", None, id="no_valid_reading"),
        pytest.param("version 1.2.20210", None, id="not_a_date"),
        pytest.param("August 2021", None, id="no_day"),
    ],
)
def test_full_date(text: str, expected: date | None) -> None:
    assert timex.full_date(text)[0] == expected


def test_nearest_year_of_an_event_told_as_done() -> None:
    # "sold ... in June" on a May page: the June that has begun, not the one three weeks ahead
    published = date(2021, 5, 15)
    assert timex.nearest_year(published, 6, None, future=False) == 2021
    assert timex.nearest_year(published, 6, None, future=False, done=True) == 2020
    assert timex.nearest_year(published, 5, None, future=False, done=True) == 2021
    assert timex.nearest_year(published, 5, 20, future=False, done=True) == 2020


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Published: 18 August 2021 | 4 min read", date(2021, 8, 18), id="day_month_year"),
        pytest.param("Posted on Aug. 18th, 2021 by admin", date(2021, 8, 18), id="month_day_year"),
        pytest.param("18-Aug-2021 10:45", date(2021, 8, 18), id="dashed_month_name"),
        pytest.param("2021-08-18T10:45:00+08:00", date(2021, 8, 18), id="iso_with_time"),
        pytest.param("Updated 2021.08.18", date(2021, 8, 18), id="dotted_year_first"),
        pytest.param("2021/8/18", date(2021, 8, 18), id="slashed_year_first_one_digit"),
        pytest.param("Date: 18-08-2021", date(2021, 8, 18), id="dashed_day_first"),
        pytest.param("发布时间：2021年8月18日", date(2021, 8, 18), id="cjk_year_month_day"),
        pytest.param("Tel. 12-34-5678", None, id="not_a_phone_number"),
        pytest.param("Released in August 2021", None, id="not_without_a_day"),
    ],
)
def test_full_date_reads_publication_lines(text: str, expected: date | None) -> None:
    assert timex.full_date(text)[0] == expected
