"""The one range of dates Giveback accepts, at every edge: the CLI, the API, the web page.

Ranking and the ledger do date arithmetic (a cadence, a window of days), so a year-1 date
would overflow there; a year-3000 one is a typo. Every date a user gives is checked here.
"""

from __future__ import annotations

from datetime import date

from giveback.core.errors import InvalidInput

EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)


def check_day(day: date, what: str = "date") -> date:
    """``day`` if it lies from :data:`EARLIEST` to :data:`LATEST`, else :class:`InvalidInput`."""
    if not EARLIEST <= day <= LATEST:
        raise InvalidInput(f"{what} {day.isoformat()} is not between {EARLIEST} and {LATEST}")
    return day
