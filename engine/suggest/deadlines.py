"""Needs and promises tied to a deadline that has passed: "applying to the Arts Alba open fund,
deadline 30 April" calls for no bid-writing guide in November, and "I said I'd translate his
competition statement before the 30th" (in August) for no reminder in November. Whatever came
of it, the need or promise as said is over: the application went in or it did not. Pure: the
date is read from the signal's own sentence, against its note's date.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from giveback.pipelines.extraction.dates import resolve_date

# A deadline's date once it has passed this long: it is over.
DEADLINE_GRACE_DAYS = 14

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# A date said by its month: "30 April", "April 30th", "the 3rd of May", "end of March", "June";
# or a day of the note's month by its ordinal alone ("by the 30th").
_WHEN = (
    rf"(?:(?:the )?{_DAY}(?: of)? {_MONTH}|{_MONTH} {_DAY}|(?:the )?end of {_MONTH}|{_MONTH}|"
    rf"(?:the )?\d{{1,2}}(?:st|nd|rd|th))"
)
# What follows an ordinal that counts things, not days: "the 2nd interview", "the 20th of next
# month" (a month not said by name).
_NAMES_A_THING = re.compile(r"\s+(?!and\b|or\b|so\b|but\b|because\b|when\b|if\b|at\b|for\b)[a-z]")
_ORDINAL_ONLY = re.compile(r"^(?:the )?\d{1,2}(?:st|nd|rd|th)$", re.IGNORECASE)
_DEADLINE = re.compile(
    rf"\b(?:deadline|due|closes|close on|cut-?off|by|before)\b[\s:,-]*(?:is |on |date )?"
    rf"(?P<when>{_WHEN})(?![\w-])",
    re.IGNORECASE,
)


def deadline_of(evidence: str, note_date: date) -> date | None:
    """The deadline a need's or promise's sentence names ("deadline 30 April", "due by June
    3", "before the 30th"), read from its note's date; ``None`` when it names none."""
    found = _DEADLINE.search(evidence)
    if found is None:
        return None
    when = re.sub(r"^(?:the )?end of ", "", found.group("when"), flags=re.IGNORECASE)
    day = resolve_date(when, note_date)
    if _ORDINAL_ONLY.match(when) and (
        day is None or day.month != note_date.month or _NAMES_A_THING.match(evidence[found.end() :])
    ):
        # "before the 30th" said on the 8th is this month's; "before the 1st" said on the 10th
        # may be any coming month's, and "before the 2nd interview" is no day at all.
        return None
    # A month said on its own note's month is this one ("due end of Feb" on Feb 18), not the
    # next year's.
    if day is not None and day.year > note_date.year and day.month == note_date.month:
        day = day.replace(year=note_date.year)
    return day


def past_deadline(evidence: str, note_date: date, as_of: date) -> bool:
    """Whether a need's or promise's sentence names a deadline that had passed by ``as_of`` (with
    :data:`DEADLINE_GRACE_DAYS` to spare)."""
    deadline = deadline_of(evidence, note_date)
    return deadline is not None and deadline < as_of - timedelta(days=DEADLINE_GRACE_DAYS)
