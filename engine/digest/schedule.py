"""When a user's weekly digest is due: their weekday and hour, in their own time zone.

A digest belongs to an ISO week of the user's own calendar ("2026-W48"), so a user in Tokyo
and one in Los Angeles each get one per week of their own, whatever the server's clock says.
It is due once the week's slot (weekday and hour, local time) has passed and that week's
digest has not gone out yet: a run that comes late (the machine was off on Monday morning)
still sends it, later the same week; a week that ends unserved is skipped, never doubled up.

Everything here is pure: callers pass the clock and what the sent-log says.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from giveback.core.errors import InvalidInput

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class DigestRecipient(Protocol):
    """What scheduling needs of a user (``giveback.core.accounts_tables.User`` has it)."""

    email: str | None
    digest_opt_out: bool
    digest_weekday: int
    digest_hour: int
    timezone: str


def aware(now: datetime) -> datetime:
    """``now`` with a time zone: a naive value is taken as UTC."""
    return now if now.tzinfo is not None else now.replace(tzinfo=UTC)


def parse_moment(text: str) -> datetime:
    """An ISO 8601 date-time ("2026-11-30T08:00+01:00"; without an offset: UTC)."""
    try:
        return aware(datetime.fromisoformat(text.strip()))
    except ValueError:
        raise InvalidInput(
            f"{text!r} is not an ISO date-time such as 2026-11-30T08:00:00+01:00"
        ) from None


def local_moment(user: DigestRecipient, now: datetime) -> datetime:
    """``now`` on the user's own clock."""
    return aware(now).astimezone(ZoneInfo(user.timezone))


def iso_week_label(day: date) -> str:
    """The ISO week a day falls in, as the sent-log keys it: ``2026-W48``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def iso_week(user: DigestRecipient, now: datetime) -> str:
    """The ISO week the user is in at ``now``, on their own calendar."""
    return iso_week_label(local_moment(user, now).date())


def slot_of_week(user: DigestRecipient, now: datetime) -> datetime:
    """When this week's digest is due: the user's weekday and hour this ISO week (aware).

    An hour skipped by a daylight-saving change (02:00 on a spring-forward night) falls on the
    same instant as the hour after it.
    """
    local = local_moment(user, now)
    monday = local.date() - timedelta(days=local.weekday())
    day = monday + timedelta(days=user.digest_weekday)
    naive = datetime.combine(day, time(user.digest_hour))
    # Round-trip through UTC so a non-existent local time lands on a real instant.
    return (
        naive.replace(tzinfo=ZoneInfo(user.timezone))
        .astimezone(UTC)
        .astimezone(ZoneInfo(user.timezone))
    )


@dataclass(frozen=True, slots=True)
class Due:
    """Whether a user's digest is due at a moment, for which week, and why not when not."""

    due: bool
    week: str
    reason: str  # "due", or why not: "opted out", "no email", "not yet: ...", "already sent"
    slot: datetime | None = None


def due_status(
    user: DigestRecipient,
    now: datetime,
    sent_weeks: Collection[str] = (),
    ignore_slot: bool = False,
) -> Due:
    """Whether ``user``'s digest is due at ``now``.

    ``sent_weeks`` are the ISO weeks the sent-log holds as sent for them. ``ignore_slot``
    serves a user named on purpose before their hour (the once-a-week rule still holds).
    """
    week = iso_week(user, now)
    if user.digest_opt_out:
        return Due(False, week, "opted out")
    if not user.email:
        return Due(False, week, "no email")
    if week in sent_weeks:
        return Due(False, week, f"already sent for {week}")
    slot = slot_of_week(user, now)
    if not ignore_slot and aware(now) < slot:
        when = f"{WEEKDAY_NAMES[slot.weekday()]} {slot:%H:%M} {user.timezone}"
        return Due(False, week, f"not yet: due {when}", slot)
    return Due(True, week, "due", slot)


def is_due(user: DigestRecipient, now: datetime, sent_weeks: Collection[str] = ()) -> bool:
    """Their weekday and hour reached (their time zone), the week not yet sent, opted in, and
    an address to send to."""
    return due_status(user, now, sent_weeks).due


def retry_delay(
    failures: int, first: timedelta = timedelta(minutes=10), cap: timedelta = timedelta(hours=6)
) -> timedelta:
    """How long a run waits before trying a failed digest again: doubling, up to ``cap``."""
    if failures <= 0:
        return timedelta(0)
    delay: timedelta = min(cap, first * (2 ** (failures - 1)))
    return delay
