"""The dates stage: every temporal expression of the article as a TIMEX3 `DateMention`.

Reads an `ArticleContext`: the text, each paragraph's spaCy Doc (sentences for tense cues, entity labels
to veto "May I help" or "$1990"), `published` (the reference date of every relative expression) and
`excluded` (datelines, stamps: no mention is taken there).
Writes `list[DateMention]` in text order: `value`/`end_value` in ISO-TimeML (2020-04-09, 2020-W14,
2020-Q2, 199, XXXX-WXX-5, P2D, PAST_REF...), `type` (DATE, TIME, DURATION, SET), `mod` and `year_inferred`.

How: candidate spans come from rules (`rules.py`, one record each: name, pattern, anchor words, vetoes,
normaliser) whose patterns are built from macros (`grammar.py`) over the word lists of
`data/lexicons/dates_*.json` (`lexicon.py`); spaCy's DATE entities miss many TIMEX3 forms and mis-bound
others ("two-day", "the past few days", "every Friday"). Each rule runs only on paragraphs holding one of its
anchor words. Its vetoes (`vetoes.py`) use spaCy to drop false dates (entity labels veto "Orion 1980" or
"$1990"; the parse tells "May I" from "in May" and "current" the adjective). The stage (`stage.py`) reads the
tense of the governing verb, which decides whether a bare "Friday" or "August" lies before or after the
publication date; resolves overlaps longest first (a dry run drops readings a normaliser rejects); and
normalises kept spans in text order (`normalise_calendar.py`, `normalise_relative.py`) through one
`Resolver` per article (`resolver.py`), so "the following day" or "two days earlier" lean on the last date
mentioned, and "a year earlier" on the last period named (a quarter in earnings copy). dateparser, through
`pipeline.timex`, reads the numeric forms (4/9/2020). Without a publication date, relative expressions keep
unknown parts as X (XXXX-04-09, XXXX-XX-XX); the clock is never read. A dateparser fallback on the spaCy
DATE/TIME entities the grammar misses was measured on TimeBank and AQUAINT and left out: every span it could
read was a false date (ages, scores, "44").

Composed forms are read as one TIMEX3: "the day before last Tuesday", "the week of March 6", "Easter week".
"until/by Tuesday" looks forward unless the verb is past ("by Monday officials had agreed"; "until" keeps
looking forward after a past verb unless negated: "postponed until Tuesday" vs "had not ... until Tuesday").

A year-less month or day told as done by a past verb ("bought the plant in November", "sold on June 3") has
begun by the publication date; "should", "may", "might", "must" look forward like "will". Clock times keep
a UTC zone ("09:45 UTC" T09:45Z, "GMT+8" +08:00) and leave local zones out; a weekday range in a timetable
("open Monday to Friday") is a SET.

TimeBank conventions followed where the project's gold is silent: "last February" on a March page is the
year before; "a year ago" after a quarter is that quarter a year back; "the past month" is a DURATION;
"in the last decade" is the decade before the publication date's (198 on a 1998 page); bare weekdays fall in
the week ending on the publication day unless the verb is future.
"""

from pipeline.stages.dates.stage import extract_dates

__all__ = ["extract_dates"]
