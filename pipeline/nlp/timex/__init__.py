"""Temporal tagger: finds temporal expressions and normalises them to TIMEX3-style values.

`tag_timexes(text, dct)` is pure Python built on compiled regular expressions (it needs
neither spaCy nor dateparser), so it is fast and deterministic. It works in three passes:

1. every pattern proposes candidates (a span plus the match that produced it), scanning only
   windows around cheap trigger words (month names, digits, "year", "ago", "now", ...); a few
   generic prefixes ("early", "mid-", "the end of", "the week of") widen the candidates;
2. overlapping candidates are resolved longest-first, so "June 2016" beats "June" and "2016";
3. the survivors are resolved left to right, carrying an *anchor*: the last expression with a
   concrete calendar value (explicit or resolved), used by narrative expressions such as
   "the same month", "the following year", "that year" or "two years later".

Resolution rules and heuristics (documented because tests and downstream code rely on them):

* Expressions resolved against the document creation time (dct) get basis 'relative';
  "today"/"tonight"/"this morning"/"this week" (the dct's own day or week) get 'document';
  text that fully gives the date gets 'explicit'.
* A month, "Month D" or season without a year ("in March", "on November 24", "in the summer")
  takes the most recent such period not after the dct month/season; if the clause has a
  future cue ("will", "is expected to", ...) it takes the nearest one not before it. In a
  range whose other end has a year ("between June and August 2016"), the year comes from
  that end (basis 'explicit'). Without a dct, the anchor's year is used, else it is skipped.
  Words right before it decide first: "payable/effective/by/until Dec. 15" is the coming one
  (unless the clause is past perfect), "since/ended May" the past one; a reporting verb
  ("said") or a modal passive ("to be completed") does not make a clause past, and a future
  cue after the expression counts only before any past verb.
* A bare weekday ("on Tuesday") is the most recent such day on or before the dct; the coming
  one after "as early as/until/by", or with a future or plan cue ("will", "planned to",
  "would") in the clause before it, or right after a present-tense verb of a scheduled event
  ("the ministers meet Monday", `weekday_present_future`) in a clause without a past cue,
  unless a past verb is next to it ("said Monday", "met on Friday", "Wednesday's ruling") or
  the clause is past perfect. "last/next Tuesday" is the
  nearest strictly before/after. "noon Friday", "10 p.m. Monday", "5 p.m. EST Nov. 9" add the
  time ('2016-08-26T12:00'); "Friday evening" is '2016-08-26TEV' but "Friday night" keeps the
  day's value (`weekday_parts`); "this morning" and "last night" are '2016-08-25TMO' and
  '2016-08-24TNI' (type 'TIME'). A clock time alone ("shot at 10 p.m.", "at midday") is on
  the anchor's day when the anchor is a day, else on the dct. "last February" said in March
  (the month just before the dct's, which would be "last month") is the February of the
  year before.
* "Now," opening a sentence is the discourse marker, not a time ("For now," is
  'PRESENT_REF'); "the near/short term" and "a later date" are 'FUTURE_REF'.
* An adjective "current" ("current prices") is 'PRESENT_REF' (not before the nouns of
  `current_not_before`: "the current account"); "the (fiscal) year ended March 31" is the
  duration 'P1Y'.
* Financial news (`resolve_fiscal`): "third-quarter", "the latest quarter", "the quarter ended
  Sept. 30", "the 1988 period" and "that quarter" are the reporting quarter, the first quarter
  the text named or a later, more recent one already completed (else the last one completed
  before the dct); "a year ago", "a year
  earlier", "the year-ago quarter" and "year-earlier" are that quarter a year back.
* Named days and sets (`named`): holidays of `timex.yaml` ("Thanksgiving Day", "Christmas")
  take the latest occurrence not after the dct (the coming one with a future cue); "the
  weekend" is '2016-W34-WE'; movable feasts count from Easter Sunday ("Good Friday",
  "Easter week" the week ending on it, `easter_holidays`); "daily", "every week", "each July",
  "on Fridays", "Tuesday nights" ('XXXX-WXX-2TNI') and rates ("$2 billion a year", "twice a
  week": the "a year", `rate_quantities`) are sets ('P1D', 'P1W', 'XXXX-07', type 'SET');
  plural quarters without a year ("in the second and fourth quarters") are 'XXXX-Q2' and
  'XXXX-Q4'; spelled-out years ("nineteen ninety-six") are years.
* "the same/that/the following/the previous" + day/week/month/year/season, "the day
  after" and "the end of the year" resolve against the anchor, falling back to the dct ("the
  end of the year" with a future cue uses the dct); so do "for the year", "earlier in the
  year" and "the first nine months of the year" (the narrative's year, not 'P1Y').
  "N units later/earlier" need an anchor (else they are skipped). Results are never finer
  than the anchor ("ten days later" after "in August 2016" is 2016-08); "the same day" after
  a bare year is skipped.
* Half units are durations: "2 1/2 years" is 'P2Y6M', "five and a half hours" 'PT5H30M',
  "a minute and a half" 'PT1M30S'. "two more weeks", "an additional year", "eight trading
  days" and "day-long" are durations; each count of a range is one ("two" 'P2D' and "six
  days" 'P6D' in "two to six days").
* "mid-afternoon (yesterday)" and "in the morning" (only on a day-level anchor) are the day's
  'TAF'/'TMO'; "4 in the morning" is 'T04:00'; "the previous Friday" and "the next morning"
  count from the anchor's day.
* Vague offsets ("weeks after", "days before", "months later") keep the anchor's value at
  month precision for days/weeks and at year precision for months (years: not tagged); they
  need an anchor within 200 characters and do not move it; after "the" ("in the weeks
  before the shooting") they count from an event and are skipped. This dates the sentence's
  event to the narrative time. "N units later/earlier" do not move the anchor either.
* Without a dct, dct-relative expressions become 'PAST_REF'/'FUTURE_REF'/'PRESENT_REF'
  (weekdays are skipped). Durations ("three months", "the past two years", "several weeks")
  get type 'DURATION', precision 'duration' and values such as 'P3M', 'P2Y', 'PT48H', 'PXM'.
* "the first/second half of 2017" is '2017-H1'/'2017-H2' with precision 'year'; "the 1990s"
  is '199X' (decade); "the 20th century" is '19' (century); "winter 2016" ('2016-WI') is the
  winter that ends in early 2016.
* A 4-digit 1900-2099 number is a year unless a counting word follows ("2016 soldiers") or a
  reference word precedes it ("Resolution 1973").
* Prepositions are not part of a timex ("in June 2016" gives "June 2016", "for two years"
  gives "two years"), except in fixed phrases that are themselves references ("in the past",
  "at present", "in recent years", "in the coming months").

The spaCy component is registered as `FACTORY_NAME` ("eventpipe_timex_v1"; the naming rule:
docs/architecture.md, "Component names").

Modules: `vocab` (words), `patterns` and `patterns_named` (regular expressions),
`candidates` (matching and selection), `context`, `resolve_dates`, `resolve_relative`,
`resolve_fiscal` and `named` (values), `values` (value
arithmetic and `period_of`), `tagger` (`tag_timexes`), `component` (the spaCy factory) and
`document` (`tag_file`, what `eventpipe dates` runs, with offsets in a plain-text file's own
text). The vocabulary is `pipeline/data/timex.yaml`, read by `data`.
"""

from __future__ import annotations

from pipeline.nlp.timex.candidates import _candidates, _select
from pipeline.nlp.timex.component import FACTORY_NAME, TimexTagger, make_timex_tagger
from pipeline.nlp.timex.tagger import tag_timexes
from pipeline.nlp.timex.values import period_of

__all__ = [
    "FACTORY_NAME",
    "TimexTagger",
    "_candidates",
    "_select",
    "make_timex_tagger",
    "period_of",
    "tag_timexes",
]
