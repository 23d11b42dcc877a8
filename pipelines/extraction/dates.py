"""Event dates: resolve "next month", "in June", "on March 20" against the note's date."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

_NON_DATES = re.compile(r"^(today|now|recently|lately|soon|currently|daily|weekly|monthly|"
                        r"annually|yearly|every \w+|\d+ (years?|months?|weeks?|days?)( old)?)$",
                        re.IGNORECASE)
_LEADING = re.compile(r"^(in|on|by|around|about|early|late|mid|the|this|at|end of|beginning of"
                      r"|sometime in|starting|from)\s+", re.IGNORECASE)


@lru_cache(maxsize=256)
def _parser(note_date: date, past: bool) -> Any:
    # dateparser is imported lazily: loading its language data costs a second.
    from dateparser.date import DateDataParser

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
    try:
        data = _parser(note_date, past).get_date_data(text)
    except Exception:  # dateparser raises several kinds on odd input; a date is optional
        return None
    if data is None or data.date_obj is None:
        return None
    found = data.date_obj.date()
    period = data.period or "day"
    if period == "month":
        found = found.replace(day=1)
    elif period == "year":
        found = found.replace(month=1, day=1)
    elif period == "week":
        found = found - timedelta(days=found.weekday())
    return found
