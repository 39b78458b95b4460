"""The dates stage on small inline texts: TIMEX3 values, ranges, relative dates and false-date traps."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.context import ArticleContext
from pipeline.stages.dates import extract_dates

Row = tuple[str, str | None, str | None, str]


def _dates(make_context: Callable[..., ArticleContext], text: str, published: str | None) -> list[Row]:
    return [
        (m.text, m.value, m.end_value, m.type) for m in extract_dates(make_context(text, published=published))
    ]


CASES = [
    # the seed's forms
    pytest.param(
        "Meetings are held every Friday.",
        "2020-05-20",
        [("every Friday", "XXXX-WXX-5", None, "SET")],
        id="every_weekday_set",
    ),
    pytest.param(
        "The outbreak peaked in mid-to-early March.",
        "2020-05-20",
        [("mid-to-early March", "2020-03", None, "DATE")],
        id="mid_to_early_month",
    ),
    pytest.param(
        "The forum ran from April 15th to 16th in Hangzhou.",
        "2020-05-20",
        [("April 15th to 16th", "2020-04-15", "2020-04-16", "DATE")],
        id="range_same_month",
    ),
    pytest.param(
        "The forum ran from April 15th to 16th in Hangzhou.",
        None,
        [("April 15th to 16th", "XXXX-04-15", "XXXX-04-16", "DATE")],
        id="range_without_published",
    ),
    pytest.param(
        "Cases fell over the past few days.",
        "2020-05-20",
        [("the past few days", "PAST_REF", None, "DATE")],
        id="past_few_days",
    ),
    pytest.param(
        "It was a two-day workshop.",
        "2020-05-20",
        [("two-day", "P2D", None, "DURATION")],
        id="adjectival_duration",
    ),
    pytest.param(
        "In recent years the hospital grew.",
        "2020-05-20",
        [("recent years", "PAST_REF", None, "DATE")],
        id="recent_years",
    ),
    pytest.param(
        "Donations arrived on April 9.",
        None,
        [("April 9", "XXXX-04-09", None, "DATE")],
        id="yearless_without_published",
    ),
    pytest.param(
        "Donations arrived on April 28th.",
        "2020-05-20",
        [("April 28th", "2020-04-28", None, "DATE")],
        id="yearless_with_published",
    ),
    # ranges
    pytest.param(
        "The team visits on May 3-7 for talks.",
        "2021-03-24",
        [("May 3-7", "2021-05-03", "2021-05-07", "DATE")],
        id="range_dash",
    ),
    pytest.param(
        "Rains are expected between March and May.",
        "2021-03-24",
        [("March and May", "2021-03", "2021-05", "DATE")],
        id="range_months",
    ),
    pytest.param(
        "Talks ran from 15 to 17 June.",
        "2021-07-01",
        [("15 to 17 June", "2021-06-15", "2021-06-17", "DATE")],
        id="range_day_first",
    ),
    # relative to the publication date
    pytest.param(
        "He arrived on Thursday.", "2020-05-20", [("Thursday", "2020-05-14", None, "DATE")], id="weekday_past"
    ),
    pytest.param(
        "We will meet next Monday.",
        "2020-05-20",
        [("next Monday", "2020-05-25", None, "DATE")],
        id="next_weekday",
    ),
    # a scheduling verb in the present or present perfect looks ahead; in the simple past it tells what was
    pytest.param(
        "The ministry has scheduled a briefing for Friday.",
        "2020-05-20",
        [("Friday", "2020-05-22", None, "DATE")],
        id="present_perfect_schedule_is_future",
    ),
    pytest.param(
        "The vote is expected on Monday.",
        "2020-05-20",
        [("Monday", "2020-05-25", None, "DATE")],
        id="present_passive_expect_is_future",
    ),
    pytest.param(
        "A march was planned for Saturday but the police banned it.",
        "2020-05-20",
        [("Saturday", "2020-05-16", None, "DATE")],
        id="past_plan_stays_past",
    ),
    pytest.param(
        "Sales fell last week.", "2020-04-08", [("last week", "2020-W14", None, "DATE")], id="last_week_iso"
    ),
    pytest.param(
        "Prices rose this month.", "2020-05-20", [("this month", "2020-05", None, "DATE")], id="this_month"
    ),
    pytest.param(
        "The minister spoke today.", "2020-05-20", [("today", "2020-05-20", None, "DATE")], id="today"
    ),
    pytest.param(
        "The shipment left yesterday.",
        "2020-05-20",
        [("yesterday", "2020-05-19", None, "DATE")],
        id="yesterday",
    ),
    pytest.param(
        "The firm was founded a year ago.",
        "2020-05-20",
        [("a year ago", "2019", None, "DATE")],
        id="a_year_ago",
    ),
    pytest.param(
        "Earlier this month, prices fell.",
        "2021-07-20",
        [("Earlier this month", "2021-07", None, "DATE")],
        id="earlier_this_month",
    ),
    pytest.param(
        "Early last year, prices fell.",
        "2021-07-20",
        [("Early last year", "2020", None, "DATE")],
        id="early_last_year",
    ),
    pytest.param(
        "It opened in mid-July.", "2021-08-18", [("mid-July", "2021-07", None, "DATE")], id="mid_month"
    ),
    pytest.param(
        "The dispute began last February.",
        "1998-03-01",
        [("last February", "1997-02", None, "DATE")],
        id="last_month_name",
    ),
    # anaphora: against the last date mentioned
    pytest.param(
        "The team landed on 14 July. The minister welcomed them the following day.",
        "2021-07-26",
        [("14 July", "2021-07-14", None, "DATE"), ("the following day", "2021-07-15", None, "DATE")],
        id="following_day",
    ),
    pytest.param(
        "The team landed on March 25. Two days earlier, the kits had shipped.",
        None,
        [("March 25", "XXXX-03-25", None, "DATE"), ("Two days earlier", "XXXX-03-23", None, "DATE")],
        id="two_days_earlier_without_year",
    ),
    pytest.param(
        "Oxygen arrived on July 9. Two days later, a ship docked.",
        "2021-07-20",
        [("July 9", "2021-07-09", None, "DATE"), ("Two days later", "2021-07-11", None, "DATE")],
        id="two_days_later",
    ),
    # absolute forms
    pytest.param(
        "They met in November 2020 and again on December 29, 2020.",
        "2021-08-18",
        [("November 2020", "2020-11", None, "DATE"), ("December 29, 2020", "2020-12-29", None, "DATE")],
        id="month_year_and_full_date",
    ),
    pytest.param(
        "The vaccine arrived on 30 Mar 2021.",
        None,
        [("30 Mar 2021", "2021-03-30", None, "DATE")],
        id="day_first_abbreviated",
    ),
    pytest.param("Sales fell in the 1990s.", "2020-05-20", [("the 1990s", "199", None, "DATE")], id="decade"),
    pytest.param(
        "Profit rose in the second quarter.",
        "2020-08-20",
        [("the second quarter", "2020-Q2", None, "DATE")],
        id="quarter",
    ),
    pytest.param(
        "Sales fell in fiscal 1990.", "1990-05-20", [("fiscal 1990", "1990", None, "DATE")], id="fiscal_year"
    ),
    pytest.param(
        "Output fell in the summer of 2019.",
        "2020-05-20",
        [("the summer of 2019", "2019-SU", None, "DATE")],
        id="season",
    ),
    pytest.param(
        "The deal was signed at 10:30 a.m. on Tuesday.",
        "2020-05-20",
        [("10:30 a.m. on Tuesday", "2020-05-19T10:30", None, "TIME")],
        id="clock_time",
    ),
    # durations and sets
    pytest.param(
        "The plant ran for nearly forty years.",
        "2020-05-20",
        [("nearly forty years", "P40Y", None, "DURATION")],
        id="approx_duration",
    ),
    pytest.param(
        "Profits rose in the last twenty four hours.",
        "1998-01-08",
        [("the last twenty four hours", "P1D", None, "DURATION")],
        id="last_24_hours",
    ),
    pytest.param(
        "It will not change for a couple of years.",
        "1998-01-08",
        [("a couple of years", "P2Y", None, "DURATION")],
        id="couple_of_years",
    ),
    pytest.param(
        "The team will stay 28 days.", "2021-07-26", [("28 days", "P28D", None, "DURATION")], id="days"
    ),
    pytest.param(
        "Vaccination runs over the coming year.",
        "2021-07-26",
        [("the coming year", "P1Y", None, "DURATION")],
        id="coming_year",
    ),
    pytest.param(
        "It ships 5 million masks a day.", "2020-05-20", [("a day", "P1D", None, "SET")], id="rate_set"
    ),
    pytest.param("Tests are done weekly.", "2021-07-20", [("weekly", "P1W", None, "SET")], id="weekly"),
    pytest.param("Stocks are low now.", "1998-01-08", [("now", "PRESENT_REF", None, "DATE")], id="now"),
    pytest.param(
        "They had not met for years.", "2000-01-07", [("years", "PXY", None, "DURATION")], id="bare_plural"
    ),
    pytest.param(
        "The shooting came on Thanksgiving Day.",
        "2000-01-07",
        [("Thanksgiving Day", "1999-11-25", None, "DATE")],
        id="floating_holiday",
    ),
    pytest.param(
        "Talks resume on Christmas Eve.",
        None,
        [("Christmas Eve", "XXXX-12-24", None, "DATE")],
        id="fixed_holiday_without_year",
    ),
    pytest.param(
        "The order dated 2020-04-09 and the memo of 4/17/2020.",
        None,
        [("2020-04-09", "2020-04-09", None, "DATE"), ("4/17/2020", "2020-04-17", None, "DATE")],
        id="numeric_dates",
    ),
    pytest.param(
        "At present, stocks are low.",
        "1998-01-08",
        [("At present", "PRESENT_REF", None, "DATE")],
        id="at_present_keeps_its_preposition",
    ),
    # "until"/"by" and the verb's tense decide the side of a bare weekday
    pytest.param(
        "Officials postponed until Tuesday morning any action on the case.",
        "2000-03-30",
        [("Tuesday morning", "2000-04-04TMO", None, "TIME")],
        id="postponed_until_looks_forward",
    ),
    pytest.param(
        "Until Thursday, they had not called him a suspect.",
        "1999-05-07",
        [("Thursday", "1999-05-06", None, "DATE")],
        id="negated_until_looks_back",
    ),
    pytest.param(
        "But by Monday, officials hardened their stance.",
        "2000-04-05",
        [("Monday", "2000-04-03", None, "DATE")],
        id="by_with_past_verb_looks_back",
    ),
    pytest.param(
        "The company has until Friday to respond.",
        "2000-04-05",
        [("Friday", "2000-04-07", None, "DATE")],
        id="until_with_present_verb_looks_forward",
    ),
    pytest.param(
        "Relatives said they would look for ways to get around Wednesday's ruling.",
        "2000-01-07",
        [("Wednesday", "2000-01-05", None, "DATE")],
        id="possessive_weekday_ignores_would",
    ),
    pytest.param(
        "The deal closed on Wednesday, March 1, 1989. Talks had begun the previous Friday.",
        "1989-03-05",
        [
            ("Wednesday, March 1, 1989", "1989-03-01", None, "DATE"),
            ("the previous Friday", "1989-02-24", None, "DATE"),
        ],
        id="the_previous_weekday",
    ),
    # composed days
    pytest.param(
        "The day before last Tuesday's hearing, he went home.",
        "2000-02-24",
        [("The day before last Tuesday", "2000-02-21", None, "DATE")],
        id="the_day_before_a_day",
    ),
    pytest.param(
        "Talks are planned for the week of March 6.",
        "2000-02-24",
        [("the week of March 6", "2000-W10", None, "DATE")],
        id="the_week_of_a_day",
    ),
    pytest.param(
        "It rained a day after Monday's vote.",
        "2000-02-24",
        [("a day after Monday", "2000-02-22", None, "DATE")],
        id="a_day_after_a_day",
    ),
    pytest.param(
        "The Tuesday before Christmas was busy.",
        "2000-02-24",
        [("Tuesday", "2000-02-22", None, "DATE"), ("Christmas", "1999-12-25", None, "DATE")],
        id="weekday_ending_in_day_is_not_a_prefix",
    ),
    # movable feasts
    pytest.param(
        "Protesters prayed as Easter week began.",
        "2000-04-17",
        [("Easter week", "2000-W16", None, "DATE")],
        id="easter_week",
    ),
    pytest.param(
        "Shops close on Good Friday.",
        "2024-03-20",
        [("Good Friday", "2024-03-29", None, "DATE")],
        id="good_friday",
    ),
    pytest.param(
        "Shops close on Good Friday.",
        None,
        [("Good Friday", "XXXX-XX-XX", None, "DATE")],
        id="good_friday_no_year",
    ),
    # clock times in words
    pytest.param(
        "The fire started at 11 at night.",
        "2020-05-20",
        [("11 at night", "2020-05-20T23:00", None, "TIME")],
        id="hour_at_night",
    ),
    pytest.param(
        "He will leave at 4 in the morning.",
        "2020-05-20",
        [("4 in the morning", "2020-05-20T04:00", None, "TIME")],
        id="hour_in_the_morning",
    ),
    # "-long" compounds, vague multiples, business days, prefixed years, rates
    pytest.param(
        "It was a day-long meeting in a decades-long battle.",
        "2020-05-20",
        [("day-long", "P1D", None, "DURATION"), ("decades-long", "PXY", None, "DURATION")],
        id="unit_long_compounds",
    ),
    pytest.param(
        "The weeklong strike ended.", "2020-05-20", [("weeklong", "P1W", None, "DURATION")], id="weeklong"
    ),
    pytest.param(
        "For decades, exiles waited.",
        "2020-05-20",
        [("decades", "PXY", None, "DURATION")],
        id="vague_decades",
    ),
    pytest.param(
        "The index rose for eight trading days.",
        "2020-05-20",
        [("eight trading days", "P8D", None, "DURATION")],
        id="trading_days",
    ),
    pytest.param(
        "Life in post-1959 Cuba changed.", "2020-05-20", [("post-1959", "1959", None, "DATE")], id="post_year"
    ),
    pytest.param(
        "The report is published annually.", "2020-05-20", [("annually", "P1Y", None, "SET")], id="annually"
    ),
    pytest.param("Revenue should rise 8.5% annually.", "2020-05-20", [], id="growth_rate_is_not_a_set"),
    pytest.param(
        "The minister told the television programme 60 Minutes that he had seen the film High Noon.",
        "2020-05-20",
        [],
        id="capitalised_units_are_titles",
    ),
    pytest.param(
        "Talks Last Two Days In Geneva",
        "2020-05-20",
        [("Last Two Days", "P2D", None, "DURATION")],
        id="headline",
    ),
    pytest.param(
        "The summit will be held in Berlin on June 8 and 9.",
        "2021-05-02",
        [("June 8", "2021-06-08", None, "DATE"), ("9", "2021-06-09", None, "DATE")],
        id="coordinated_days_are_two_dates",
    ),
    pytest.param(
        "Polls open on Oct. 9 and 10, 2022.",
        "2022-09-01",
        [("Oct. 9", "2022-10-09", None, "DATE"), ("10, 2022", "2022-10-10", None, "DATE")],
        id="coordinated_days_share_the_year_after_them",
    ),
    pytest.param(
        "Talks were set for May 3 and 12 delegates attended.",
        "2020-05-20",
        [("May 3", "2020-05-03", None, "DATE")],
        id="a_count_after_and_is_not_a_day",
    ),
    pytest.param(
        "Volunteers answer hundreds of calls a day.",
        "2020-05-20",
        [("a day", "P1D", None, "SET")],
        id="rate_after_approximate_count",
    ),
    pytest.param(
        "The appeal could take as long as a month.",
        "2020-05-20",
        [("a month", "P1M", None, "DURATION")],
        id="as_long_as_a_month",
    ),
    pytest.param(
        "It was set aside as a day of mourning.", "2020-05-20", [], id="as_a_day_of_is_not_a_duration"
    ),
    pytest.param(
        "The plant will close by the end of the year.",
        "2020-05-20",
        [("the end of the year", "2020", None, "DATE")],
        id="end_of_the_year_future",
    ),
    pytest.param(
        "In 2015 the firm lost money, and at the end of the year it was sold.",
        "2020-05-20",
        [("2015", "2015", None, "DATE"), ("the end of the year", "2015", None, "DATE")],
        id="end_of_the_year_in_a_past_story",
    ),
    pytest.param(
        "Exports picked up early in the month.",
        None,
        [("early in the month", "XXXX-XX", None, "DATE")],
        id="early_in_the_month_without_published",
    ),
    pytest.param(
        "The bank expects to complete the sale by year-end.",
        "2020-05-20",
        [("year-end", "2020", None, "DATE")],
        id="year_end",
    ),
    pytest.param(
        "Debt stood at $5 billion at last year-end, the company said in its annual filing.",
        "2020-05-20",
        [("last year-end", "2019", None, "DATE")],
        id="last_year_end",
    ),
    pytest.param(
        'The minister told the television programme "This Week" that the talks had failed and would not resume.',
        "2020-05-20",
        [],
        id="capitalised_this_week_is_a_title",
    ),
    pytest.param(
        "The report covers the period 2015-2020, and the 2019-20 season.",
        "2021-06-15",
        [("2015-2020", "2015", "2020", "DATE"), ("2019-20", "2019", "2020", "DATE")],
        id="dashed_year_ranges",
    ),
    pytest.param(
        "Aid was pledged on 10.06.2021.",
        "2021-06-15",
        [("10.06.2021", "2021-06-10", None, "DATE")],
        id="dotted_day_month_year",
    ),
    pytest.param("Version 1.2.2020 shipped.", "2021-06-15", [], id="release_number_is_not_a_date"),
    pytest.param(
        "During the Spring Festival and after the Arab Spring, volunteers delivered food.",
        "2021-06-15",
        [],
        id="seasons_inside_names",
    ),
    pytest.param(
        "In Spring 2020 the plant closed.",
        "2021-06-15",
        [("Spring 2020", "2020-SP", None, "DATE")],
        id="capitalised_season_with_year",
    ),
    pytest.param(
        "Clinics open each Tuesday, Wednesday and Friday.",
        "2021-06-15",
        [
            ("each Tuesday", "XXXX-WXX-2", None, "SET"),
            ("Wednesday", "XXXX-WXX-3", None, "SET"),
            ("Friday", "XXXX-WXX-5", None, "SET"),
        ],
        id="weekdays_listed_after_each",
    ),
    pytest.param(
        "Two decades later, the school reopened.",
        "2021-06-15",
        [("Two decades later", "P20Y", None, "DURATION")],
        id="later_with_no_date_before_is_a_length",
    ),
    pytest.param(
        "The plant closed on March 3, 2020. Two weeks later, it reopened.",
        "2021-06-15",
        [("March 3, 2020", "2020-03-03", None, "DATE"), ("Two weeks later", "2020-03-17", None, "DATE")],
        id="later_counts_from_the_date_before",
    ),
    pytest.param(
        "The fair runs on June 5th and 6th.",
        "2021-06-15",
        [("June 5th", "2021-06-05", None, "DATE"), ("6th", "2021-06-06", None, "DATE")],
        id="coordinated_ordinal_days",
    ),
    pytest.param(
        "The envoy arrived in Lima on June 3. The next day, she met the minister.",
        "2021-06-15",
        [("June 3", "2021-06-03", None, "DATE"), ("The next day", "2021-06-04", None, "DATE")],
        id="the_next_day_after_a_date",
    ),
    pytest.param(
        "Talks could resume in the next day or two.",
        "2021-06-15",
        [("the next day", "P1D", None, "DURATION")],
        id="the_next_day_or_two_is_a_length",
    ),
    pytest.param(
        "The project will take a year and a half; the test took a minute and a half.",
        "2021-06-15",
        [
            ("a year and a half", "P1Y6M", None, "DURATION"),
            ("a minute and a half", "PT1M30S", None, "DURATION"),
        ],
        id="and_a_half",
    ),
    pytest.param(
        "The kits arrived on 05/06/2021; more came on 28/05/2021.",
        "2021-06-15",
        [("05/06/2021", "2021-06-05", None, "DATE"), ("28/05/2021", "2021-05-28", None, "DATE")],
        id="day_first_numeric_dates_when_the_article_writes_them_so",
    ),
    pytest.param(
        "The kits arrived on 05/06/2021 and 05/28/2021.",
        "2021-06-15",
        [("05/06/2021", "2021-05-06", None, "DATE"), ("05/28/2021", "2021-05-28", None, "DATE")],
        id="month_first_numeric_dates_otherwise",
    ),
    pytest.param(
        "Stocks will run out by end-June.",
        "2021-06-01",
        [("end-June", "2021-06", None, "DATE")],
        id="end_hyphen_month",
    ),
    pytest.param(
        "The forum ran from April 30 to May 2, then from 30 June - 2 July 2021.",
        "2021-08-15",
        [
            ("April 30 to May 2", "2021-04-30", "2021-05-02", "DATE"),
            ("30 June - 2 July 2021", "2021-06-30", "2021-07-02", "DATE"),
        ],
        id="ranges_across_months",
    ),
    pytest.param(
        "The exhibition runs through Sunday.",
        "2021-06-15",
        [("Sunday", "2021-06-20", None, "DATE")],
        id="runs_through_a_weekday_looks_forward",
    ),
    pytest.param(
        "The exhibition ran through Sunday.",
        "2021-06-15",
        [("Sunday", "2021-06-13", None, "DATE")],
        id="ran_through_a_weekday_looks_back",
    ),
    pytest.param(
        "The minister will arrive on Thursday at 10:00 am and leave today at about 5 p.m.",
        "2021-06-15",
        [
            ("Thursday at 10:00 am", "2021-06-17T10:00", None, "TIME"),
            ("today at about 5 p.m.", "2021-06-15T17:00", None, "TIME"),
        ],
        id="day_then_clock",
    ),
    pytest.param(
        "Polls closed at 1400 GMT on Sunday.",
        "2021-06-15",
        [("1400 GMT on Sunday", "2021-06-13T14:00Z", None, "TIME")],
        id="four_digit_clock_with_zone",
    ),
    pytest.param(
        "The blast occurred on Friday at about 10:35 a.m. (0735 GMT).",
        "2021-06-15",
        [("Friday at about 10:35 a.m.", "2021-06-11T10:35", None, "TIME")],
        id="time_restated_in_another_zone",
    ),
    # false-date traps
    pytest.param(
        "May I help you? The fee is $13, up 10%, because of COVID-19.", "2020-05-20", [], id="no_false_dates"
    ),
    pytest.param(
        "Call +86 571 8778 3777 or visit 3 Qingchun Road, room 2020.",
        "2020-05-20",
        [],
        id="phone_and_address",
    ),
    pytest.param("She finished 191st and was the 3rd speaker.", "2020-05-20", [], id="ordinals"),
    pytest.param(
        "Iraq holds about three-quarters of the oil, and more than a quarter of its staff left.",
        "2020-05-20",
        [],
        id="quarters_as_fractions",
    ),
    pytest.param(
        "The unit recovered after several quarters of losses.",
        "2020-05-20",
        [("several quarters", "PXQ", None, "DURATION")],
        id="quarters_of_losses_are_time",
    ),
    pytest.param(
        "Flight CA937 landed at gate 1203; call the hotline 1919 for help.",
        "2020-05-20",
        [],
        id="numbers_naming_things",
    ),
    pytest.param(
        "The 1918 flu pandemic killed millions.",
        "2020-05-20",
        [("1918", "1918", None, "DATE")],
        id="year_before_a_noun",
    ),
    pytest.param("A 6-year-old boy and a man 37 years old.", "2020-05-20", [], id="ages"),
    # a stated weekday picks the year in which the date falls on it (3 December 2021 is a Friday)
    pytest.param(
        "The accord was signed on Friday, 3 December, in Lima.",
        "2021-06-15",
        [("Friday, 3 December", "2021-12-03", None, "DATE")],
        id="weekday_fixes_the_year",
    ),
    pytest.param(
        "The memorial was held on Sunday, April 5.",
        "2021-06-15",
        [("Sunday, April 5", "2020-04-05", None, "DATE")],
        id="weekday_fixes_the_year_in_the_past",
    ),
    pytest.param(
        "Voting closes at 5 p.m. Friday, Dec. 3.",
        "2021-06-15",
        [("5 p.m. Friday, Dec. 3", "2021-12-03T17:00", None, "TIME")],
        id="clock_weekday_and_date",
    ),
    pytest.param(
        "Half a year ago the ward had no oxygen; a year and a half ago it had no roof.",
        "2021-06-15",
        [("Half a year ago", "2020-12", None, "DATE"), ("a year and a half ago", "2019-12", None, "DATE")],
        id="fractional_years_ago_count_months",
    ),
    pytest.param(
        "The allies met for the first time in a quarter of a century, after a quarter-century freeze.",
        "2021-06-15",
        [("a quarter of a century", "P25Y", None, "DURATION"), ("quarter-century", "P25Y", None, "DURATION")],
        id="quarter_century",
    ),
    pytest.param(
        "The vote took a quarter of an hour; the count took three quarters of an hour.",
        "2021-06-15",
        [
            ("a quarter of an hour", "PT15M", None, "DURATION"),
            ("three quarters of an hour", "PT45M", None, "DURATION"),
        ],
        id="fractions_of_an_hour",
    ),
    pytest.param(
        "The plane landed on May 3. Five minutes later, a second bomb exploded.",
        "2021-06-15",
        [("May 3", "2021-05-03", None, "DATE"), ("Five minutes", "PT5M", None, "DURATION")],
        id="minutes_later_is_no_month",
    ),
    # weeks of a month: the ISO week holding the middle of that stretch (4 May 2021 is in W18)
    pytest.param(
        "Talks were held in the first week of May and again in the last week of March.",
        "2021-06-15",
        [
            ("the first week of May", "2021-W18", None, "DATE"),
            ("the last week of March", "2021-W12", None, "DATE"),
        ],
        id="nth_week_of_a_month",
    ),
    pytest.param(
        "Exams run in the second week of June 2022.",
        None,
        [("the second week of June 2022", "2022-W23", None, "DATE")],
        id="nth_week_of_a_month_with_its_year",
    ),
    pytest.param(
        "Talks were held in the first week of May.",
        None,
        [("the first week of May", "XXXX-05", None, "DATE")],
        id="nth_week_of_a_month_without_a_year",
    ),
    pytest.param(
        "The grant runs until end of 2023.",
        "2021-06-15",
        [("end of 2023", "2023", None, "DATE")],
        id="end_of_year_without_the",
    ),
    # weekday ranges: one item; told as past, all of it before the publication day (a Tuesday here)
    pytest.param(
        "Talks ran from Monday through Wednesday.",
        "2021-06-15",
        [("Monday through Wednesday", "2021-06-07", "2021-06-09", "DATE")],
        id="weekday_range_past",
    ),
    pytest.param(
        "Talks will run from Monday through Wednesday.",
        "2021-06-15",
        [("Monday through Wednesday", "2021-06-21", "2021-06-23", "DATE")],
        id="weekday_range_future",
    ),
    pytest.param(
        "The fair runs Friday-Sunday.",
        None,
        [("Friday-Sunday", "XXXX-WXX-5", "XXXX-WXX-7", "DATE")],
        id="weekday_range_without_published",
    ),
    pytest.param(
        "The 2019/20 report was filed; invoice 2019/45 was paid.",
        "2021-06-15",
        [("2019/20", "2019", "2020", "DATE")],
        id="slashed_year_pair",
    ),
    pytest.param(
        "A minute and a half later, the lights came back.",
        "2021-06-15",
        [("A minute and a half", "PT1M30S", None, "DURATION")],
        id="minute_and_a_half_later",
    ),
    pytest.param("The hospital held a second session.", "2020-05-20", [], id="a_second_is_ordinal"),
]


@pytest.mark.parametrize(("text", "published", "expected"), CASES)
def test_extract_dates(
    make_context: Callable[..., ArticleContext], text: str, published: str | None, expected: list[Row]
) -> None:
    assert _dates(make_context, text, published) == expected


def test_year_inferred_only_when_taken_from_published(make_context: Callable[..., ArticleContext]) -> None:
    with_pub = extract_dates(
        make_context("On April 9, masks arrived. In May 2019 too.", published="2020-05-20")
    )
    assert [(m.value, m.year_inferred) for m in with_pub] == [("2020-04-09", True), ("2019-05", False)]
    without = extract_dates(make_context("On April 9, masks arrived.", published=None))
    assert [(m.value, m.year_inferred) for m in without] == [("XXXX-04-09", False)]


def test_mods(make_context: Callable[..., ArticleContext]) -> None:
    mentions = extract_dates(
        make_context(
            "It peaked in mid-to-early March after more than 30 years of nearly forty years.",
            published="2020-05-20",
        )
    )
    assert [(m.text, m.mod) for m in mentions] == [
        ("mid-to-early March", "MID"),
        ("more than 30 years", "MORE_THAN"),
        ("nearly forty years", "EQUAL_OR_LESS"),
    ]


def test_position_of_a_unit_carries_its_mod(make_context: Callable[..., ArticleContext]) -> None:
    mentions = extract_dates(
        make_context(
            "Sales fell at the beginning of the year and will recover by year-end or late in the decade.",
            published="2020-05-20",
        )
    )
    assert [(m.text, m.value, m.mod) for m in mentions] == [
        ("the beginning of the year", "2020", "START"),
        ("year-end", "2020", "END"),
        ("late in the decade", "202", "END"),
    ]


def test_offsets_point_into_the_text(make_context: Callable[..., ArticleContext]) -> None:
    ctx = make_context("First paragraph.", "The forum ran from April 15th to 16th.", published="2020-05-20")
    (mention,) = extract_dates(ctx)
    assert ctx.text[mention.start : mention.end] == mention.text == "April 15th to 16th"
    assert mention.section == 0


def test_excluded_region_is_skipped(make_context: Callable[..., ArticleContext]) -> None:
    ctx = make_context("KATHMANDU, March 30 (Newswire) -- Doses arrived on Monday.", published="2021-03-30")
    ctx.excluded.append((0, len("KATHMANDU, March 30")))
    assert [m.text for m in extract_dates(ctx)] == ["Monday"]


def test_wire_dateline_is_not_a_mention(make_context: Callable[..., ArticleContext]) -> None:
    ctx = make_context(
        "WASHINGTON, August 13 (Xinhua) -- President Clinton spoke on Thursday.", published="1998-08-14"
    )
    assert [(m.text, m.value) for m in extract_dates(ctx)] == [("Thursday", "1998-08-13")]


def test_every_rule_reads_only_groups_its_pattern_defines() -> None:
    # A normaliser shared by two rules once read a group only one of them has: "Thursday at 10 am" raised
    # IndexError and the whole document became an error line. Read the groups each rule's normaliser and
    # vetoes use (following the helpers they hand the match to) and check each against its pattern.
    import inspect
    import re

    from pipeline.stages.dates import normalise_calendar, normalise_relative, rules, vetoes

    functions = {
        name: fn
        for module in (normalise_calendar, normalise_relative, vetoes)
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if fn.__module__ == module.__name__
    }
    group_use = re.compile(r"\bm\[\"(\w+)\"\]|\bm\.(?:group|start|end)\(\"(\w+)\"\)")

    def groups_read(name: str, seen: frozenset[str] = frozenset()) -> set[str]:
        body = inspect.getsource(functions[name])
        used = {a or b for a, b in group_use.findall(body)}
        for callee in re.findall(r"\b(\w+)\((?:r|s), m\b", body):
            if callee in functions and callee not in seen | {name}:
                used |= groups_read(callee, seen | {name})
        return used

    missing = {
        rule.name: sorted(
            group
            for fn in (rule.rule.normalise, *rule.rule.vetoes)
            for group in groups_read(fn.__name__)
            if group not in rule.regex.groupindex
        )
        for rule in rules.rules()
    }
    assert {name: groups for name, groups in missing.items() if groups} == {}


def test_rules_are_records_with_their_own_functions() -> None:
    from pipeline.stages.dates import rules

    compiled = rules.rules()
    assert [r.priority for r in compiled] == list(range(len(rules.RULES)))
    assert len({r.name for r in compiled}) == len(compiled)
    assert all(callable(r.rule.normalise) and all(callable(v) for v in r.rule.vetoes) for r in compiled)
