"""The date rules, one record each: name, pattern, anchor words, negative rules (vetoes) and normaliser.

Reads the macros of `grammar.py` (a pattern names them in braces: `{month}`, `{day}`, `{year4}`...) and the
normaliser and veto functions the records point to. Writes `rules()`: the compiled registry, in priority
order (when two readings of the same length overlap, the earlier rule wins). Adding a rule touches this list
only, plus its normaliser (and any veto of its own); HeidelTime keeps its rules the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.stages.dates import normalise_calendar as cal
from pipeline.stages.dates import normalise_relative as rel
from pipeline.stages.dates import vetoes as veto
from pipeline.stages.dates.grammar import anchors, expand, expand_needs, keys
from pipeline.stages.dates.resolver import Normaliser
from pipeline.stages.dates.vetoes import Veto


@dataclass(frozen=True)
class Rule:
    """One rule as written: `pattern` with `{macro}`s; `anchor` names a word set of `grammar.anchors()`.

    `keys` (a phrase set of `grammar.keys()`) and `needs` (a regex with `grammar.expand_needs()` macros)
    say what every match holds: all the words of a key phrase, or a stretch that `needs` matches in the
    lower-cased paragraph. A paragraph with neither skips the rule; they must hold for every text the
    pattern matches, and only save the regex's scan of the paragraph.
    """

    name: str
    pattern: str
    anchor: str
    normalise: Normaliser
    vetoes: tuple[Veto, ...] = ()
    needs: str = ""
    keys: str = ""


@dataclass(frozen=True)
class CompiledRule:
    """A rule ready to run: its regex, its anchor words, its priority (its place in `RULES`), its needs."""

    rule: Rule
    regex: re.Pattern[str]
    anchor_words: frozenset[str]
    priority: int
    needs: tuple[re.Pattern[str], ...] = ()
    keys: tuple[frozenset[str], ...] = ()
    key_words: frozenset[str] = frozenset()  # one word of each key phrase, to rule most out at once

    @property
    def name(self) -> str:
        return self.rule.name

    def may_match(self, words: set[str], lowered: str | None, found: dict[re.Pattern[str], bool]) -> bool:
        """Whether the rule runs on a paragraph with these `paragraph_words` and this `gate_text`; `found`
        keeps, for the paragraph, what each `needs` regex gave (rules share some)."""
        if self.anchor_words.isdisjoint(words):
            return False
        if lowered is None or not (self.keys or self.needs):
            return True
        if not self.key_words.isdisjoint(words) and any(phrase <= words for phrase in self.keys):
            return True
        for arm in self.needs:
            if arm not in found:
                found[arm] = arm.search(lowered) is not None
            if found[arm]:
                return True
        return False


RULES: tuple[Rule, ...] = (
    # April 15th to 16th, March 30 - April 2, 2020, October 1 last year to May 31
    Rule(
        "range_md",
        (
            r"(?:(?:from|between)\s+)?(?P<m1>{month})\s+(?P<d1>{day})"
            r"(?:,?\s+(?P<y1>{year4})|\s+(?P<y1rel>last|this|next)\s+year)?{conn}(?:(?P<m2>{month})\s+)?(?P<d2>{day})"
            r"(?:,?\s+(?P<y>{year}))?"
        ),
        anchor="month",
        normalise=cal.range_of_days,
        vetoes=(veto.and_joins_two_dates,),
        needs=r"\d{day_end}?{conn}|year{conn}",
        keys="ordinal",
    ),
    # 15 to 16 April, the 3rd to the 5th of May, 1 October 2015 to 31 May 2016
    Rule(
        "range_dm",
        (
            r"(?:(?:from|between)\s+)?(?:the\s+)?(?P<d1>{day})(?:\s+(?:of\s+)?(?P<m1>{month}))?"
            r"(?:,?\s+(?P<y1>{year4})|\s+(?P<y1rel>last|this|next)\s+year)?{conn}(?:the\s+)?"
            r"(?P<d2>{day})\s+(?:of\s+)?(?P<m2>{month})(?:,?\s+(?P<y>{year}))?"
        ),
        anchor="month",
        normalise=cal.range_of_days,
        vetoes=(veto.and_joins_two_dates,),
        needs=r"\d{day_end}?\s+(?:of\s+)?{month3}",
        keys="ordinal",
    ),
    # from March to May 2020
    Rule(
        "range_months",
        (
            r"(?:(?P<open>from|between)\s+)(?P<m1>{month})(?:\s+(?P<y1>{year}))?{conn}(?P<m2>{month})"
            r"(?:,?\s+(?P<y>{year}))?"
        ),
        anchor="month",
        normalise=cal.range_of_months,
        vetoes=(veto.and_joins_two_dates,),
        needs=r"from\s+{month3}|between\s+{month3}",
    ),
    # Monday to Friday; "open Monday to Friday", "Mondays to Fridays" (a SET); "Monday and Friday" are two days
    Rule(
        "range_weekdays",
        (
            r"(?:(?:from|between)\s+)?(?P<wd>{weekday})(?P<plural>s)?(?:\s*(?:-|–|—)\s*|\s+(?:to|through|thru|until|till)\s+)"
            r"(?P<wd2>{weekday})s?"
        ),
        anchor="weekday",
        normalise=cal.range_of_weekdays,
        vetoes=(veto.and_joins_two_dates,),
        needs=r"days?{conn}|\.s?{conn}",
    ),
    # from 1998 to 2001
    Rule(
        "range_years",
        r"(?:(?:from|between)\s+)(?P<y1>{year4}){conn}(?P<y2>{year4})",
        anchor="digits",
        normalise=cal.range_of_years,
        vetoes=(veto.and_joins_two_dates, veto.between_two_years),
        needs=r"from\s+[12]|between\s+[12]",
    ),
    # 1998-2001, 2019-20
    Rule(
        "range_years_dash",
        (
            r"(?<![\d,.$#£€¥/-])(?P<y1>1[0-9]{3}|20[0-9]{2})\s?[-–—/]\s?(?:(?P<y2>1[0-9]{3}|20[0-9]{2})|(?P<y2s>\d\d))"
            r"(?![\d%-]|,\d|\.\d)"
        ),
        anchor="digits",
        normalise=cal.range_of_years_dashed,
        vetoes=(veto.and_joins_two_dates,),
        needs=r"[0-9]{4}\s?[-–—/]\s?\d",
    ),
    # April 9, Friday, May 3, 2020, early last March 4
    Rule(
        "md",
        (
            r"(?:(?P<wd>{weekday}),?\s+)?(?:(?:the\s+)?{pos})?(?:(?P<rel>last|this|next)\s+)?(?P<m>{month})\s+"
            r"(?:the\s+)?(?P<d>{day})"
            r"(?![:.]\d)(?:,?\s+(?P<y>{year}))?"
        ),
        anchor="month",
        normalise=cal.month_day,
        vetoes=(veto.day_out_of_range,),
    ),
    # 9 April, the 3rd of May 2020
    Rule(
        "dm",
        r"(?:(?P<wd>{weekday}),?\s+)?(?:the\s+)?(?P<d>{day})\s+(?:of\s+)?(?P<m>{month})(?:,?\s+(?P<y>{year}))?",
        anchor="month",
        normalise=cal.month_day,
        vetoes=(veto.day_out_of_range, veto.may_before_modal),
        needs=r"\d{day_end}?\s+(?:of\s+)?{month3}",
        keys="ordinal",
    ),
    # May 2020, last February, March this year, every May
    Rule(
        "month",
        (
            r"(?:(?:the\s+)?{pos})?(?:(?P<rel>last|this|next|this\s+coming|this\s+past|each|every)\s+)?"
            r"(?P<m>{month})(?:(?:,?\s+(?:of\s+)?(?P<y>{year}))|\s+(?P<yrel>this|last|next)\s+year)?"
        ),
        anchor="month",
        normalise=cal.month,
        vetoes=(veto.month_not_a_date, veto.month_in_an_event_name),
    ),
    # 1998, fiscal 2020, early 2021, post-1990
    Rule(
        "year",
        r"(?:(?:the\s+)?{pos})?(?P<fiscal>fiscal\s+(?:year\s+)?|FY\s?|the\s+year\s+)?(?P<prepost>pre-|post-)?(?P<y>{year4}|{spelled_year})",
        anchor="digits",
        normalise=cal.year,
        vetoes=(veto.year_not_a_year,),
        needs=r"1[0-9]{3}|20[0-9]{2}|nineteen|twenty|two\s+thousand",
    ),
    # the 1988 period, the 1988 quarter
    Rule(
        "year_period",
        r"the\s+(?P<y>{year4})\s+(?:period|quarter|fiscal\s+quarter)(?![A-Za-z])",
        anchor="digits",
        normalise=cal.year_period,
        needs=r"the\s+[0-9]{4}\s+(?:period|quarter|fiscal)",
    ),
    # FY98, FY2021
    Rule(
        "fy",
        r"(?-i:FY)(?P<y>\d\d|\d{4})\b",
        anchor="fy",
        normalise=cal.fiscal_year_short,
    ),
    # the 1990s, the '80s, the late eighties, the 70s and 80s
    Rule(
        "decade",
        (
            r"(?:the\s+)?(?:{pos})?(?:(?P<dec>(?:1[0-9]|20)\d0)s|'(?P<dec2>\d0)s|(?P<dec3>[1-9]0)s"
            r"|(?P<decw>{decade_word}))(?![A-Za-z])"
        ),
        anchor="decade",
        normalise=cal.decade,
        vetoes=(veto.bare_decade_out_of_context,),
        needs=r"\d0s",
        keys="decade",
    ),
    # the 20th century, the nineteenth century
    Rule(
        "century",
        r"(?:the\s+)?(?:{pos})?(?P<c>\d{1,2}(?:st|nd|rd|th)|{ordinal_word})[\s-]+century",
        anchor="century",
        normalise=cal.century,
    ),
    # last spring, summer of 2021, in the winter, that autumn
    Rule(
        "season",
        (
            r"(?:(?:the\s+)?{pos})?(?:(?P<rel>last|this|next|this\s+coming|this\s+past|that|the|in|during|by|over)\s+)?"
            r"(?P<s>{season})(?:(?:\s+of)?\s+(?P<y>{year4}|{spelled_year}))?"
        ),
        anchor="season",
        normalise=cal.season,
        vetoes=(veto.season_in_a_name,),
    ),
    # 2021 summer
    Rule(
        "season_year",
        r"(?P<y>{year4})\s+(?P<s>{season})",
        anchor="season",
        normalise=cal.season_year,
    ),
    # the third quarter, the first half of 2020, the first quarter of last year, the year-ago quarter
    Rule(
        "quarter",
        (
            r"(?:the\s+)?(?:(?P<ypos>{year4}|this\s+year's|last\s+year's|next\s+year's)\s+)?(?:a\s+flat\s+)?"
            r"(?:fiscal\s+)?(?P<q>{quarter_ord}|latest|current|last|past|previous|prior|year-ago|year-earlier"
            r"|same|this|next|fiscal|recent)?[\s-]*(?:fiscal[\s-]+)?(?P<qh>quarter|half)(?![A-Za-z-])"
            r"(?:\s+of\s+(?:fiscal\s+)?(?P<y>{year4})|\s+(?:of\s+)?(?P<yrel>this|last|next)\s+year)?"
        ),
        anchor="quarter",
        normalise=cal.quarter,
    ),
    # Q3 2020, H1
    Rule(
        "qshort",
        r"(?-i:Q(?P<q>[1-4])|H(?P<h>[12]))(?:\s+|/)?(?P<y>{year4})?\b",
        anchor="quarter",
        normalise=cal.quarter_short,
    ),
    # Friday, last Monday, every Friday, Fridays, Monday morning
    Rule(
        "weekday",
        (
            r"(?:{pos})?(?:(?P<rel>last|this|next|this\s+coming|this\s+past|coming|every|each|the\s+previous"
            r"|the\s+preceding|the\s+following)\s+)?"
            r"(?P<wd>{weekday})(?P<plural>s)?(?:\s+(?P<part>{part}))?"
        ),
        anchor="weekday",
        normalise=rel.weekday,
    ),
    # today, yesterday morning, tonight, this afternoon
    Rule(
        "deictic",
        (
            r"(?:(?:(?:mid|early|late)[\s-]?)?(?P<p0>{part})\s+)?(?:{pos})?(?P<dx>today|tonight|yesterday|tomorrow|this\s+(?P<p2>{part}))(?:'s)?"
            r"(?:\s+(?P<part>{part}))?(?![A-Za-z])"
        ),
        anchor="deictic",
        normalise=rel.deictic,
        keys="deictic",
    ),
    # last night, tomorrow night
    Rule(
        "last_night",
        r"(?P<rel>last|tomorrow)\s+night",
        anchor="night",
        normalise=rel.last_night,
    ),
    # "stocks fell overnight": the night before the publication day
    Rule(
        "overnight",
        r"overnight(?![A-Za-z-])",
        anchor="overnight",
        normalise=rel.overnight,
        vetoes=(veto.overnight_before_a_noun,),
    ),
    # last week, the following month, the past year, that day, the previous decade
    Rule(
        "relunit",
        (
            r"(?:(?:the\s+)?{pos}(?:in\s+)?)?(?P<rel>last|this|next|this\s+coming|this\s+past|the\s+coming|the\s+past"
            r"|the\s+previous|the\s+preceding|the\s+following|the\s+current|the\s+same|that|the\s+prior|the\s+next|the\s+last"
            r"|the\s+latest|the)\s+(?P<fiscal>fiscal\s+)?(?P<u>week|weekend|month|year|decade|day)(?![A-Za-z-])"
        ),
        anchor="relunit",
        normalise=rel.relative_unit,
        vetoes=(veto.capitalised_title,),
    ),
    # the same month a year ago, the same period last year, the same quarter a year earlier
    Rule(
        "same_period_year_back",
        (
            r"the\s+same\s+(?P<u>period|quarter|month|week|day|time)\s+(?:(?:of\s+)?(?:last|the\s+previous|the\s+prior)"
            r"\s+year|a\s+year\s+(?:ago|earlier|before))(?![A-Za-z])"
        ),
        anchor="relunit",
        normalise=rel.same_period_year_back,
        keys="same",
    ),
    # the entire year, the full year, the whole month
    Rule(
        "whole_unit",
        r"the\s+(?:entire|whole|full)\s+(?P<u>year|month|week|quarter)(?![A-Za-z-])",
        anchor="whole",
        normalise=rel.whole_unit,
    ),
    # the week before last, the month after next
    Rule(
        "unit_two_away",
        r"(?:the\s+)?(?P<u>week|weekend|month|year)\s+(?P<dir>before\s+last|after\s+next)(?![A-Za-z])",
        anchor="relunit",
        normalise=rel.unit_two_away,
        keys="two_away",
    ),
    # two days ago, three weeks later, a year earlier
    Rule(
        "ago",
        (
            r"(?:{qmod})?(?P<n>{number})[\s-]+(?:(?:more|full)\s+)?(?P<u>{unit})"
            r"(?P<half>\s+and\s+a\s+half)?(?:\s+or\s+so)?\s+"
            r"(?P<dir>ago|earlier|later|before|after|previously|from\s+now|hence|back)(?![A-Za-z])"
        ),
        anchor="unit",
        normalise=rel.ago,
        vetoes=(veto.capitalised_title,),
        keys="ago",
    ),
    # two days, one calendar month, the past three years, for years, a day (after a count: a SET)
    Rule(
        "duration",
        (
            r"(?:{qmod})?(?:(?P<det>the|a(?!\s+quarter\s+of\s)|an|another|an?\s+additional|each\s+of\s+the)\s+)?"
            r"(?:(?P<dpos>past|last|next|first|previous|following|coming|final|remaining|additional|other|"
            r"initial|subsequent|full)\s+)?(?:(?P<n>{number})[\s-]+)?(?:(?:more|full|straight|consecutive|trading|business|working|calendar)\s+)?"
            r"(?P<u>{unit})(?P<old>-old|-long)?(?P<half>\s+and\s+a\s+half(?![A-Za-z]))?"
        ),
        anchor="unit",
        normalise=rel.duration,
        vetoes=(veto.capitalised_title, veto.bare_unit),
    ),
    # day-long, decades-long, two-week-long
    Rule(
        "long_adj",
        r"(?:(?P<n>{number})[\s-]+)?(?P<u>{unit_word})(?P<pl>s)?-?long(?![A-Za-z])",
        anchor="long",
        normalise=rel.long_adjective,
        vetoes=(veto.capitalised_title,),
        needs="{unit_long}",
    ),
    # daily, weekly, annually
    Rule(
        "setadv",
        r"(?P<adv>{frequency_adverb})(?![A-Za-z])",
        anchor="setadv",
        normalise=rel.frequency_adverb,
        vetoes=(veto.growth_rate, veto.adverb_as_noun),
    ),
    # every day, every other week, each weekend
    Rule(
        "setevery",
        r"(?P<ev>every|each|per|a|an)\s+(?:(?P<other>other|single)\s+)?(?:(?P<n>{number})\s+)?(?P<u>{unit})",
        anchor="unit",
        normalise=rel.every_unit,
        vetoes=(veto.capitalised_title,),
    ),
    # 10 a.m., at noon, 14:00 GMT Tuesday, 9 p.m. on March 3
    Rule(
        "time",
        (
            r"(?:(?P<qmod>about|around|approximately|at|shortly\s+after|shortly\s+before|just\s+after|"
            r"just\s+before|after|before|until|by)\s+)?(?P<clock>{clock})(?:\s+(?:on\s+)?(?P<dayword>today|tonight|"
            r"yesterday|tomorrow|(?P<wd>{weekday})(?:,?\s+(?P<m>{month})\s+(?P<d>{day}))?|(?P<m2>{month})\s+(?P<d2>{day})))?"
        ),
        anchor="clock",
        normalise=rel.clock_time,
        vetoes=(veto.capitalised_clock, veto.same_time_in_another_zone),
        needs=r"\d(?:\s*[ap]\.?m|:\d|\s*(?:gmt|utc|z))|in\s+the\s+(?:morning|afternoon|evening)|at\s+night|o'clock|{clock_word}",
    ),
    # Tuesday at 10 am, yesterday morning around 9:30
    Rule(
        "time_after_day",
        (
            r"(?P<dayword>today|yesterday|tomorrow|(?P<wd>{weekday}))(?:\s+(?P<part>{part}))?\s+(?:at\s+)?"
            r"(?:(?P<qmod>about|around)\s+)?(?P<clock>{clock})"
        ),
        anchor="day_then_clock",
        normalise=rel.clock_time,
        needs=r"\d(?:\s*[ap]\.?m|:\d|\s*(?:gmt|utc|z))|in\s+the\s+(?:morning|afternoon|evening)|at\s+night|o'clock|{clock_word}",
    ),
    # 2020-04-09, 4/9/2020, 10.06.2021
    Rule(
        "numeric",
        (
            r"(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)(?![\d-])|(?<![\d/])(?P<slash>[0-3]?\d/[0-3]?\d/(?:19|20)?\d\d)(?![\d/])"
            r"|(?<![\d.])(?P<dot>[0-3]?\d\.[01]?\d\.(?:19|20)\d\d)(?![\d]|\.\d)"
        ),
        anchor="digits",
        normalise=cal.numeric,
        vetoes=(veto.release_number,),
        needs=r"\d[-/.][0-3]?\d[-/.]\d",
    ),
    # Christmas, last Thanksgiving, Easter 2021, Easter week
    Rule(
        "holiday",
        (
            r"(?:(?P<rel>last|this|next)\s+)?(?P<hol>{holiday})(?![A-Za-z])(?:,?\s+(?P<y>{year4}))?"
            r"(?P<hweek>\s+week(?![A-Za-z]))?"
        ),
        anchor="holiday",
        normalise=cal.holiday,
        keys="holiday",
    ),
    # the year-ago quarter, year-earlier levels
    Rule(
        "year_ago",
        (
            r"(?:the\s+)?(?P<ya>year-ago|year-earlier|year\s+earlier|year\s+before|year\s+previous)"
            r"(?:\s+(?P<noun>period|quarter|level|levels|month|week|date|time))?(?![A-Za-z-])"
        ),
        anchor="year_ago",
        normalise=rel.year_ago,
        keys="year_back",
    ),
    # year-end, by year's end, last year-end
    Rule(
        "year_end",
        r"(?:(?P<rel>last|this|next)\s+)?year(?:[\s-]|'s\s+)end(?![A-Za-z-])",
        anchor="year_ago",
        normalise=rel.year_end,
        keys="year_end",
    ),
    # the following day, that day, the day before
    Rule(
        "anaphoric",
        r"(?P<ana>{anaphoric_day})(?![A-Za-z])",
        anchor="anaphoric",
        normalise=rel.anaphoric_day,
        vetoes=(veto.before_or_after_governs_more,),
    ),
    # recently, now, the current situation, in the past
    Rule(
        "ref",
        r"(?P<ref>{ref})(?![A-Za-z])",
        anchor="ref",
        normalise=rel.reference,
        vetoes=(veto.reference_out_of_context,),
        keys="ref",
    ),
)


@cache
def rules() -> tuple[CompiledRule, ...]:
    """The registry compiled once; a duplicate name or an unknown macro or anchor fails at start-up."""
    names = [r.name for r in RULES]
    if len(names) != len(set(names)):
        raise ValueError(f"date rules: duplicate names in {names!r}")
    words, phrases = anchors(), keys()
    compiled = []
    for priority, rule in enumerate(RULES):
        held = phrases[rule.keys] if rule.keys else ()
        compiled.append(
            CompiledRule(
                rule,
                expand(rule.pattern),
                words[rule.anchor],
                priority,
                expand_needs(rule.needs) if rule.needs else (),
                held,
                frozenset(max(sorted(phrase), key=len) for phrase in held),
            )
        )
    return tuple(compiled)
