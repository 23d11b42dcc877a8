"""Event dates: resolve "next month", "in June", "on March 20" against the note's date."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, cast

from dateparser.date import DateDataParser

_NON_DATES = re.compile(
    r"^(today|now|recently|lately|soon|currently|daily|weekly|monthly|"
    r"annually|yearly|every \w+|\d+ (years?|months?|weeks?|days?)( old)?)$",
    re.IGNORECASE,
)
_LEADING = re.compile(
    r"^(in|on|by|around|about|early|late|mid|the|this|at|end of|beginning of"
    r"|sometime in|starting|from)\s+",
    re.IGNORECASE,
)


@lru_cache(maxsize=256)
def _parser(note_date: date, past: bool) -> Any:
    # dateparser is imported lazily: loading its language data costs a second.

    settings = {
        "RELATIVE_BASE": datetime(note_date.year, note_date.month, note_date.day, 12),
        "PREFER_DATES_FROM": "past" if past else "future",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_TIME_AS_PERIOD": True,
    }
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=2048)  # a note often says "two weeks" or "in May" more than once
def resolve_date(expression: str, note_date: date, past: bool = False) -> date | None:
    """The calendar date an expression points at, relative to ``note_date``.

    Month-level expressions resolve to the first of the month, week-level ones to the Monday;
    a bare month or weekday goes forward from the note unless ``past`` (the verb is past tense).
    """
    text = expression.strip().rstrip(".,;")
    if not text or _NON_DATES.match(text) or len(text) > 40:
        return None
    text = _LEADING.sub("", _LEADING.sub("", text))
    quick = _quick_date(text.casefold(), note_date, past)
    if quick is not _UNKNOWN:
        return cast(date | None, quick)
    return dateparser_date(text, note_date, past)


def dateparser_date(text: str, note_date: date, past: bool = False) -> date | None:
    """What dateparser makes of an expression (already trimmed), reduced to its period's
    first day."""
    try:
        data = _parser(note_date, past).get_date_data(text)
    except Exception:  # dateparser raises several kinds on odd input; a date is optional
        return None
    if data is None or data.date_obj is None:
        return None
    found: date = data.date_obj.date()
    period = data.period or "day"
    if period == "month":
        found = found.replace(day=1)
    elif period == "year":
        found = found.replace(month=1, day=1)
    elif period == "week":
        found = found - timedelta(days=found.weekday())
    return found


# The commonest expressions, resolved as dateparser resolves them (a test compares the two over
# two years of note dates) at a hundredth of its cost: it spends half a millisecond on any
# string, and a note has several. One difference, on purpose: "February" in a note written on
# the 29th-31st is the next February, where dateparser jumps to a leap year years away.
_UNKNOWN = object()
_MONTHS = {
    name: n
    for n, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
_COUNTS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_AMOUNT = re.compile(r"^(\d{1,2}|" + "|".join(_COUNTS) + r") (day|week|month|year)s?$")
_NEXT_LAST = re.compile(r"^(next|last) (week|month|year)$")
_NEXT_LAST_MONTH = re.compile(r"^(next|last) ([a-z]+)\.?$")
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?,? (?:'(\d\d)|(20\d\d))$")
_ORDINAL_DAY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")
_DAY_RANGE = re.compile(r"^(.*?\d{1,2})(?:st|nd|rd|th)?\s*[-–]\s*\d{1,2}(?:st|nd|rd|th)?$")


def _month_of(word: str) -> int | None:
    """The month a word names, in full or cut short ("sept", "aug"), else ``None``."""
    if word in _MONTHS:
        return _MONTHS[word]
    if len(word) >= 3:
        return next((n for name, n in _MONTHS.items() if name.startswith(word)), None)
    return None


def _shift(note_date: date, unit: str, count: int) -> date:
    """The note date moved by whole units, reduced to the start of the unit's period."""
    if unit == "day":
        return note_date + timedelta(days=count)
    if unit == "week":
        moved = note_date + timedelta(weeks=count)
        return moved - timedelta(days=moved.weekday())
    if unit == "month":
        months = note_date.year * 12 + note_date.month - 1 + count
        return date(months // 12, months % 12 + 1, 1)
    return date(note_date.year + count, 1, 1)


def _day_of_month(day: int, note_date: date, past: bool) -> date | None:
    """The next day of the month numbered ``day`` from the note (the note's own day counts),
    or the last one gone when the verb is past; ``None`` for no such day. dateparser reads
    "the 3rd" as March and "the 14th", said on the 20th, as six days ago."""
    if not 1 <= day <= 31:
        return None
    step = -1 if past else 1
    months = note_date.year * 12 + note_date.month - 1
    for _ in range(3):  # a 31st is at most two months away
        year, month = divmod(months, 12)
        try:
            found = date(year, month + 1, day)
        except ValueError:
            found = None
        if found is not None and (found >= note_date if not past else found <= note_date):
            return found
        months += step
    return None


def _quick_date(text: str, note_date: date, past: bool) -> object:
    """The date of a common expression, ``None`` for no date, or ``_UNKNOWN`` to ask
    dateparser."""
    month = _MONTHS.get(text)
    if month is not None:
        if month == note_date.month:
            return _UNKNOWN  # this very month: leave the edge to dateparser
        # A bare month is the next one to come, or the last one gone when the verb is past.
        if past:
            return date(note_date.year - (month > note_date.month), month, 1)
        return date(note_date.year + (month < note_date.month), month, 1)
    match = _NEXT_LAST_MONTH.match(text)
    if match and (named := _month_of(match[2])) is not None:
        # "next June" is next year's; "last March" the latest one gone.
        if match[1] == "next":
            return date(note_date.year + 1, named, 1)
        return date(note_date.year - (named >= note_date.month), named, 1)
    match = _MONTH_YEAR.match(text)
    if match and (named := _month_of(match[1])) is not None:
        return date(int(match[3]) if match[3] else 2000 + int(match[2]), named, 1)
    match = _ORDINAL_DAY.match(text)
    if match:
        return _day_of_month(int(match[1]), note_date, past)
    match = _DAY_RANGE.match(text)
    if match:  # "Feb 1-28": the stay starts on its first day
        return resolve_date(match[1], note_date, past)
    if text in ("tomorrow", "yesterday"):
        return note_date + timedelta(days=1 if text == "tomorrow" else -1)
    match = _NEXT_LAST.match(text)
    if match:
        return _shift(note_date, match[2], 1 if match[1] == "next" else -1)
    match = _AMOUNT.match(text)
    if match:
        count = _COUNTS.get(match[1]) or int(match[1])
        if count == 0:
            return _UNKNOWN
        return _shift(note_date, match[2], -count if past else count)
    return _UNKNOWN
