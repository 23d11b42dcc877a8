"""When a digest is due: the user's weekday and hour in their own time zone, once a week."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from giveback.core.accounts_tables import User
from giveback.core.errors import InvalidInput
from giveback.engine.accounts.registry import local_time
from giveback.engine.digest.schedule import (
    due_status,
    is_due,
    iso_week,
    local_moment,
    parse_moment,
    retry_delay,
    slot_of_week,
)


@dataclass
class Person:
    email: str | None = "ann@example.org"
    digest_opt_out: bool = False
    digest_weekday: int = 0
    digest_hour: int = 8
    timezone: str = "UTC"


def at(text: str) -> datetime:
    return parse_moment(text)


def test_due_once_the_local_slot_has_passed_and_stays_due_all_week() -> None:
    berlin = Person(timezone="Europe/Berlin")  # Monday 08:00 Berlin = 07:00 UTC in winter
    assert not is_due(berlin, at("2026-11-30T06:59:59+00:00"))
    status = due_status(berlin, at("2026-11-30T06:00+00:00"))
    assert status.reason == "not yet: due Monday 08:00 Europe/Berlin"
    assert is_due(berlin, at("2026-11-30T07:00+00:00"))
    # A run that comes late (the machine was off) still sends, later in the same week.
    assert is_due(berlin, at("2026-12-04T22:00+00:00"))
    # ... but once the week is in the sent-log, not again, and next week is a new week.
    assert not is_due(berlin, at("2026-12-01T09:00+00:00"), {"2026-W49"})
    assert (
        due_status(berlin, at("2026-12-01T09:00+00:00"), {"2026-W49"}).reason
        == "already sent for 2026-W49"
    )
    assert is_due(berlin, at("2026-12-07T07:00+00:00"), {"2026-W49"})


def test_the_week_is_the_users_own_calendar_week() -> None:
    # Sunday 23:30 in New York is already Monday in UTC: a different ISO week.
    moment = at("2026-12-07T04:30+00:00")
    assert iso_week(Person(timezone="America/New_York"), moment) == "2026-W49"
    assert iso_week(Person(timezone="UTC"), moment) == "2026-W50"
    tokyo = Person(timezone="Asia/Tokyo", digest_weekday=0, digest_hour=7)
    # Monday 07:00 in Tokyo is Sunday 22:00 UTC.
    assert slot_of_week(tokyo, at("2026-12-06T23:00+00:00")).astimezone(UTC) == at(
        "2026-12-06T22:00+00:00"
    )
    assert is_due(tokyo, at("2026-12-06T22:00+00:00"))


def test_daylight_saving_days() -> None:
    # 2027-03-14 is the spring-forward Sunday in New York: 02:00 does not exist that day.
    night_owl = Person(timezone="America/New_York", digest_weekday=6, digest_hour=2)
    slot = slot_of_week(night_owl, at("2027-03-14T12:00+00:00"))
    assert slot.astimezone(UTC) == at("2027-03-14T07:00+00:00")  # 03:00 EDT
    assert not is_due(night_owl, at("2027-03-14T06:59+00:00"))
    assert is_due(night_owl, at("2027-03-14T07:00+00:00"))
    # Summer time in Berlin moves the UTC instant of the same local hour.
    summer = Person(timezone="Europe/Berlin")
    assert slot_of_week(summer, at("2027-06-07T12:00+00:00")).astimezone(UTC) == at(
        "2027-06-07T06:00+00:00"
    )


def test_not_due_for_opted_out_users_or_without_an_address() -> None:
    moment = at("2026-11-30T12:00+00:00")
    assert due_status(Person(digest_opt_out=True), moment).reason == "opted out"
    assert due_status(Person(email=None), moment).reason == "no email"
    # A user named on purpose is served before their hour, never twice a week.
    early = Person(digest_weekday=4)
    assert not is_due(early, moment)
    assert due_status(early, moment, ignore_slot=True).due
    assert not due_status(early, moment, {"2026-W49"}, ignore_slot=True).due


def test_parse_moment_and_retry_delay() -> None:
    assert at("2026-11-30T08:00") == datetime(2026, 11, 30, 8, tzinfo=UTC)  # naive: UTC
    assert at("2026-11-30T08:00+01:00").utcoffset() == timedelta(hours=1)
    with pytest.raises(InvalidInput, match="ISO date-time"):
        parse_moment("next monday")
    assert retry_delay(0) == timedelta(0)
    assert [retry_delay(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (10, 20, 40)]
    assert retry_delay(30) == timedelta(hours=6)


def test_one_users_clock_everywhere_whatever_the_servers_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The accounts' helper is the schedule's: a naive moment is UTC, never the server's zone.
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        tokyo = Person(timezone="Asia/Tokyo")
        naive = datetime(2026, 11, 30, 8, 0)
        assert local_time(User(timezone="Asia/Tokyo"), naive) == local_moment(tokyo, naive)
        assert local_moment(tokyo, naive) == at("2026-11-30T17:00+09:00")
    finally:
        monkeypatch.undo()
        time.tzset()
