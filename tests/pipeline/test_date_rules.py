"""The date rules of issue 16 on made-up texts: each form where it must fire, and a twin where it must not."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from pipeline.context import ArticleContext
from tests.pipeline.test_dates import Row, _dates  # one way to read a text's dates for both date test files

CASES = [
    # a year-less month or day under a past verb has begun by the publication date
    pytest.param(
        "The company bought the plant in November.",
        "2021-02-10",
        [("November", "2020-11", None, "DATE")],
        id="past_verb_month_last_year",
    ),
    pytest.param(
        "Sales fell sharply in June.",
        "2021-05-15",
        [("June", "2020-06", None, "DATE")],
        id="past_verb_month_after_publication_month",
    ),
    pytest.param(
        "The plant was sold on June 3.",
        "2021-05-15",
        [("June 3", "2020-06-03", None, "DATE")],
        id="past_verb_day_after_publication_day",
    ),
    pytest.param(
        "The June meeting was cancelled.",
        "2021-05-15",
        [("June", "2021-06", None, "DATE")],
        id="not_past_month_inside_a_noun_phrase",
    ),
    pytest.param(
        "The offer was extended to June 3.",
        "2021-05-15",
        [("June 3", "2021-06-03", None, "DATE")],
        id="not_past_end_point_after_to",
    ),
    pytest.param(
        "The launch was scheduled for June 3.",
        "2021-05-15",
        [("June 3", "2021-06-03", None, "DATE")],
        id="not_past_plan_told_in_the_past",
    ),
    pytest.param(
        "The deal should be completed in October.",
        "2021-06-05",
        [("October", "2021-10", None, "DATE")],
        id="modal_should_looks_forward",
    ),
    pytest.param(
        "The deal should have closed in May.",
        "2021-06-05",
        [("May", "2021-05", None, "DATE")],
        id="modal_should_have_looks_back",
    ),
    # year ranges
    pytest.param(
        "The club won the title in the 1962-63 season.",
        "2021-05-15",
        [("1962-63", "1962", "1963", "DATE")],
        id="year_range_two_digit_end",
    ),
    pytest.param(
        "Figures for 2010-04 were revised.",
        "2021-05-15",
        [("2010", "2010", None, "DATE")],
        id="not_year_range_when_not_consecutive",
    ),
    # decades
    pytest.param(
        "Prices doubled in the previous decade.",
        "2009-05-15",
        [("the previous decade", "199", None, "DATE")],
        id="previous_decade_value",
    ),
    pytest.param(
        "The mill opened in 1985. Output was higher in the preceding decade.",
        "2009-05-15",
        [("1985", "1985", None, "DATE"), ("the preceding decade", "197", None, "DATE")],
        id="preceding_decade_after_a_named_year",
    ),
    pytest.param(
        "Wages lost ground to inflation in the last decade.",
        "1998-02-06",
        [("the last decade", "198", None, "DATE")],
        id="last_decade_value",
    ),
    pytest.param(
        "Prices doubled over the previous decade.",
        "2009-05-15",
        [("the previous decade", "P10Y", None, "DURATION")],
        id="previous_decade_as_a_length",
    ),
    pytest.param(
        "Traffic grew over the past decade.",
        "2009-05-15",
        [("the past decade", "P10Y", None, "DURATION")],
        id="past_decade_stays_a_length",
    ),
    pytest.param(
        "Detroit built boxy cars in the 70s and 80s.",
        "2007-02-09",
        [("the 70s", "197", None, "DATE"), ("80s", "198", None, "DATE")],
        id="bare_decades_after_the",
    ),
    pytest.param("The founder is in his 70s.", "2007-02-09", [], id="not_decade_an_age"),
    pytest.param("Temperatures stayed in the 70s all week.", "2007-02-09", [], id="not_decade_degrees"),
    # clock times with a zone
    pytest.param(
        "The rocket lifted off at 09:45 UTC.",
        "2021-03-10",
        [("09:45 UTC", "2021-03-10T09:45Z", None, "TIME")],
        id="clock_utc",
    ),
    pytest.param(
        "The plane landed at 6:40 p.m. GMT+8.",
        "2021-03-10",
        [("6:40 p.m. GMT+8", "2021-03-10T18:40+08:00", None, "TIME")],
        id="clock_utc_offset",
    ),
    pytest.param(
        "Polls close at 10 a.m. EST Tuesday.",
        "2021-03-10",
        [("10 a.m. EST Tuesday", "2021-03-09T10:00", None, "TIME")],
        id="clock_local_zone_left_out",
    ),
    pytest.param(
        "The briefing started at 16:15 UTC, June 1st, in New York.",
        "2009-06-04",
        [("16:15 UTC", "2009-06-01T16:15Z", None, "TIME"), ("June 1st", "2009-06-01", None, "DATE")],
        id="clock_day_after_a_comma",
    ),
    pytest.param(
        "The match kicked off at 5.15pm on Friday.",
        "2021-03-13",
        [("5.15pm on Friday", "2021-03-12T17:15", None, "TIME")],
        id="clock_with_a_dot",
    ),
    pytest.param("Shares rose 5.15 percent.", "2021-03-13", [], id="not_clock_a_decimal"),
    # the eve of, the week before last, overnight
    pytest.param(
        "Talks broke down on the eve of Christmas.",
        "2021-01-10",
        [("the eve of Christmas", "2020-12-24", None, "DATE")],
        id="eve_of_a_date",
    ),
    pytest.param("The bomb went off on the eve of the talks.", "2021-01-10", [], id="not_eve_of_an_event"),
    pytest.param(
        "The plant closed the week before last.",
        "2009-05-15",
        [("the week before last", "2009-W18", None, "DATE")],
        id="week_before_last",
    ),
    pytest.param(
        "Sales should recover the month after next.",
        "2009-05-15",
        [("the month after next", "2009-07", None, "DATE")],
        id="month_after_next",
    ),
    pytest.param("Prices rose the week before the vote.", "2009-05-15", [], id="not_week_before_an_event"),
    pytest.param(
        "Stocks fell overnight in Asia.",
        "2021-03-10",
        [("overnight", "2021-03-09TNI", None, "TIME")],
        id="overnight_past",
    ),
    pytest.param(
        "The crew will fly overnight to London.",
        "2021-03-10",
        [("overnight", "2021-03-10TNI", None, "TIME")],
        id="overnight_future",
    ),
    pytest.param("Guests paid for an overnight stay.", "2021-03-10", [], id="not_overnight_before_a_noun"),
    # timetables
    pytest.param(
        "The office is open Monday to Friday.",
        "2009-05-15",
        [("Monday to Friday", "XXXX-WXX-1", "XXXX-WXX-5", "SET")],
        id="timetable_open_weekdays",
    ),
    pytest.param(
        "The clinic operates Mondays to Saturdays.",
        "2009-05-15",
        [("Mondays to Saturdays", "XXXX-WXX-1", "XXXX-WXX-6", "SET")],
        id="timetable_plural_weekdays",
    ),
    pytest.param(
        "Meetings are held on Fridays.",
        "2009-05-15",
        [("Fridays", "XXXX-WXX-5", None, "SET")],
        id="plural_weekday_set",
    ),
    pytest.param(
        "The talks will run from Monday to Friday.",
        "2009-05-15",
        [("Monday to Friday", "2009-05-18", "2009-05-22", "DATE")],
        id="not_timetable_one_week_ahead",
    ),
    pytest.param(
        "The office closed. The strike ran Monday to Friday.",
        "2009-05-15",
        [("Monday to Friday", "2009-05-11", "2009-05-15", "DATE")],
        id="not_timetable_cue_in_another_sentence",
    ),
    # a period named relative to another
    pytest.param(
        "Sales in January fell from the same month a year ago.",
        "2009-03-02",
        [("January", "2009-01", None, "DATE"), ("the same month a year ago", "2008-01", None, "DATE")],
        id="same_month_a_year_ago",
    ),
    pytest.param(
        "Profit rose in the first quarter of last year.",
        "2009-05-07",
        [("the first quarter of last year", "2008-Q1", None, "DATE")],
        id="quarter_of_last_year",
    ),
    pytest.param(
        "It lost money in the fourth quarter of 2005 and for the entire year.",
        "2006-01-27",
        [("the fourth quarter of 2005", "2005-Q4", None, "DATE"), ("the entire year", "2005", None, "DATE")],
        id="entire_year_in_view",
    ),
    pytest.param(
        "Costs fell to $118 billion last year, $19 billion less than the year previous.",
        "2010-01-28",
        [("last year", "2009", None, "DATE"), ("the year previous", "2008", None, "DATE")],
        id="year_previous_after_a_year",
    ),
    pytest.param(
        "Sales rose from the year-ago quarter.",
        "2021-05-15",
        [("year-ago quarter", "2020", None, "DATE")],
        id="year_ago_counts_from_now",
    ),
    pytest.param(
        "The hostel was built in 2012 and finished that autumn.",
        "2016-11-14",
        [("2012", "2012", None, "DATE"), ("that autumn", "2012-FA", None, "DATE")],
        id="season_of_the_year_named",
    ),
    pytest.param(
        "From 1 October last year to 31 May, trains ran 5,000 tests.",
        "2016-06-02",
        [("1 October last year to 31 May", "2015-10-01", "2016-05-31", "DATE")],
        id="range_with_last_year_inside",
    ),
    pytest.param(
        "Franchises will not be renewed after October of next year.",
        "2009-05-15",
        [("October", "2010-10", None, "DATE"), ("next year", "2010", None, "DATE")],
        id="month_of_next_year",
    ),
    pytest.param(
        "The offer will remain open for one calendar month.",
        "2018-04-27",
        [("one calendar month", "P1M", None, "DURATION")],
        id="calendar_month",
    ),
    pytest.param(
        "The move comes a day after the rival filed for bankruptcy.",
        "2009-05-15",
        [("a day", "P1D", None, "DURATION")],
        id="a_day_after_an_event",
    ),
    pytest.param(
        "It cut 789, or about a quarter, of its dealers.",
        "2009-05-14",
        [],
        id="not_quarter_a_fraction_after_a_comma",
    ),
    # negative rules
    pytest.param(
        "Thousands joined the annual March for Life.", "1999-01-22", [], id="not_month_an_event_name"
    ),
    pytest.param(
        "She spent five hours in the capital later in the day before returning home.",
        "1998-08-17",
        [("five hours", "PT5H", None, "DURATION")],
        id="not_day_before_a_clause",
    ),
    pytest.param(
        "She had arrived the day before.",
        "1998-08-17",
        [("the day before", "1998-08-16", None, "DATE")],
        id="day_before_ending_its_clause",
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), CASES)
def test_date_rules(
    make_context: Callable[..., ArticleContext], text: str, published: str | None, expected: list[Row]
) -> None:
    assert _dates(make_context, text, published) == expected


# --- the scan's shortcuts read what the plain patterns read ---

# one or more forms each rule with `needs` or `keys` reads
SHORTCUT_TEXTS = [
    "April 15th to 16th",
    "March 30 - April 2, 2020",
    "October 1 last year to May 31",
    "June first to third",
    "15 to 16 April",
    "the 3rd to the 5th of May",
    "1 October 2015 to 31 May 2016",
    "the first to the third of May",
    "from March to May 2020",
    "between May and June",
    "Monday to Friday",
    "Mon. - Fri.",
    "Mondays through Fridays",
    "from 1998 to 2001",
    "between 1998 and 2001",
    "1998-2001",
    "2019-20",
    "2019/20",
    "9 April",
    "the 3rd of May 2020",
    "the twenty-first of June",
    "1998",
    "fiscal 2020",
    "nineteen ninety-eight",
    "two thousand and one",
    "the 1988 period",
    "the 1988 fiscal quarter",
    "the 1990s",
    "the '80s",
    "the late eighties",
    "the 70s and 80s",
    "this morning",
    "today",
    "tonight's",
    "the same month a year ago",
    "the week before last",
    "the month after next",
    "two days ago",
    "three weeks later",
    "a year earlier",
    "two and a half years ago",
    "a few days or so before",
    "two days from now",
    "day-long",
    "decades-long",
    "two-week-long",
    "weeklong",
    "10 a.m.",
    "at noon",
    "midnight",
    "14:00 GMT Tuesday",
    "1400 GMT",
    "0930Z",
    "eight in the morning",
    "ten at night",
    "9 o'clock",
    "9 p.m. on March 3",
    "Tuesday at 10 am",
    "yesterday morning around 9:30",
    "2020-04-09",
    "4/9/2020",
    "10.06.2021",
    "Christmas",
    "last Thanksgiving",
    "Easter 2021",
    "Martin Luther King Jr. Day",
    "New Year's Eve",
    "the year-ago quarter",
    "year-earlier levels",
    "a year before",
    "year-end",
    "by year's end",
    "recently",
    "in the past",
    "the coming months",
    "right now",
]


def _every_letter_ignorecase_reads() -> list[str]:
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    return sorted(set(re.findall(r"(?i)[a-z]", everything)))


def test_tries_match_what_the_alternations_match() -> None:
    """A trie of phrases matches, at every position, what their alternation matches under re.IGNORECASE."""
    from pipeline.stages.dates.grammar import cased_alt, words_alt
    from pipeline.stages.dates.lexicon import alt, cased, lexicon

    letters = _every_letter_ignorecase_reads()
    for ch in "abcdefghijklmnopqrstuvwxyz":
        plain, trie = re.compile(ch, re.IGNORECASE), re.compile(words_alt([ch]), re.IGNORECASE)
        assert [c for c in letters if plain.fullmatch(c)] == [c for c in letters if trie.fullmatch(c)], ch
    lex = lexicon()
    word_lists = [lex.units, lex.number_words, lex.exact_numbers, lex.vague_numbers, lex.refs, lex.holidays]
    word_lists += [lex.quantity_mods, lex.anaphoric_days, lex.time_zones, lex.ordinals, lex.frequency_adverbs]
    word_lists += [lex.months, lex.weekdays, lex.seasons, lex.parts_of_day, lex.decade_words]
    for words in word_lists:
        phrases = sorted(words)
        text = " ".join(phrases + [p.upper() for p in phrases] + [p.title() for p in phrases])
        text += " " + text.replace("s", "\u017f").replace("k", "\u212a").replace("I", "\u0130")
        for plain_text, trie_text in (
            (alt(phrases), words_alt(phrases)),
            (cased(phrases), cased_alt(phrases)),
        ):
            plain, trie = re.compile(plain_text, re.IGNORECASE), re.compile(trie_text, re.IGNORECASE)
            for i in range(len(text)):
                a, b = plain.match(text, i), trie.match(text, i)
                assert (a and a.span()) == (b and b.span()), (phrases[:3], text[i : i + 30])


def test_needs_and_keys_hold_where_the_rules_match() -> None:
    """A rule's `needs` or `keys` never skip a paragraph the rule matches in."""
    from pipeline.stages.dates.grammar import gate_text, paragraph_words
    from pipeline.stages.dates.rules import rules

    texts = SHORTCUT_TEXTS + [t.upper() for t in SHORTCUT_TEXTS] + [str(case.values[0]) for case in CASES]
    read: set[str] = set()
    for text in texts:
        words, lowered = paragraph_words(text), gate_text(text)
        assert lowered is not None
        for rule in rules():
            if not rule.anchor_words.isdisjoint(words) and rule.regex.search(text):
                assert rule.may_match(words, lowered, {}), (rule.name, text)
                read.add(rule.name)
    assert {r.name for r in rules() if r.needs or r.keys} <= read


def test_capital_readings_agree_with_the_plain_searches() -> None:
    """The vetoes' end-anchored readings give what the plain searches over the whole text give."""
    import random

    from pipeline.stages.dates.vetoes import _sentence_ends_before, _title_case, _word_at_end

    rng = random.Random(7)
    pieces = [
        "Nordvik",
        "skyvik",
        "a",
        "B",
        " ",
        "  ",
        "\n",
        ".",
        "!",
        "?",
        ",",
        "-",
        "_",
        "7",
        "é",
        "É",
        "(",
        "'",
    ]
    texts = ["", "Nordvik", "Nordvik.\n", "Skyvik met. ab\n", "x_Ab, \n", "Abcdefghij ,-\n"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(4000)]
    for text in texts:
        plain = re.search(r"([A-Za-z]+)\W{0,3}$", text)
        fast = _word_at_end(text)
        assert (plain and (plain.span(), plain.group(1))) == (fast and (fast.span(), fast.group(1))), text
        assert _sentence_ends_before(text) == bool(re.search(r"[.!?]\W*\w*\W*$", text)), text
        words = re.findall(r"[A-Za-z]+", text)
        assert _title_case(text) == (sum(w[0].isupper() for w in words) * 2 > len(words)), text
