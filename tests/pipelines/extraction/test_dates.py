"""The quick path for common date expressions agrees with dateparser, day by day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from giveback.pipelines.extraction.dates import _UNKNOWN, _quick_date, dateparser_date, resolve_date

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
RELATIVE = [
    "tomorrow",
    "yesterday",
    "next week",
    "next month",
    "next year",
    "last week",
    "last month",
    "last year",
    "1 day",
    "3 days",
    "ten days",
    "two weeks",
    "1 week",
    "4 weeks",
    "six weeks",
    "two months",
    "3 months",
    "twelve months",
    "one year",
    "2 years",
]
# Every fifth day of two years, and the days where calendars have edges.
NOTE_DATES = sorted(
    {date(2024, 1, 1) + timedelta(days=d) for d in range(0, 731, 5)}
    | {
        date(2024, 2, 29),
        date(2024, 12, 31),
        date(2025, 1, 1),
        date(2025, 1, 31),
        date(2025, 3, 31),
        date(2025, 8, 31),
        date(2025, 12, 1),
        date(2025, 6, 30),
    }
)


@pytest.mark.parametrize("past", [False, True])
@pytest.mark.parametrize("expression", MONTHS + RELATIVE)
def test_quick_dates_are_what_dateparser_says(expression: str, past: bool) -> None:
    handled = 0
    for note_date in NOTE_DATES:
        quick = _quick_date(expression.casefold(), note_date, past)
        if quick is _UNKNOWN:
            continue
        handled += 1
        reference = dateparser_date(expression, note_date, past)
        if expression == "February" and note_date.day > 28 and quick != reference:
            # dateparser carries the 29th-31st into February and lands in a leap year years
            # away ("February" on 31 March 2024 -> 2028); the quick path says the next one.
            assert reference is not None and reference.year % 4 == 0
            assert isinstance(quick, date)
            assert 0 < abs((quick - note_date).days) < 366, (expression, note_date)
            continue
        assert quick == reference, (expression, note_date)
    # Only a month named in its own month is left to dateparser.
    assert handled >= len(NOTE_DATES) * (0.9 if expression in MONTHS else 1.0)


def test_other_expressions_still_go_to_dateparser() -> None:
    day = date(2026, 3, 4)
    for expression in (
        "March 20",
        "next Friday",
        "the end of the quarter",
        "a week",
        "0 days",
    ):
        assert _quick_date(expression.casefold(), day, False) is _UNKNOWN
    assert resolve_date("on March 20", day) == date(2026, 3, 20)
    assert resolve_date("in May", day) == date(2026, 5, 1)
    assert resolve_date("in May", day, past=True) == date(2025, 5, 1)
    assert resolve_date("in two weeks", day) == date(2026, 3, 16)  # the Monday of that week


@pytest.mark.parametrize(
    ("expression", "past", "expected"),
    [
        # "next June" is next year's June; dateparser found no date in it.
        ("next June", False, date(2027, 6, 1)),  # "this June" is the coming one
        ("residency ends next June", False, None),
        ("last March", True, date(2025, 3, 1)),
        ("last May", True, date(2025, 5, 1)),
        ("next sept", False, date(2027, 9, 1)),
        # A month with its year: dateparser read "Apr '27" as April 27th.
        ("Apr '27", False, date(2027, 4, 1)),
        ("May 2027", False, date(2027, 5, 1)),
        # A stay of several days starts on its first: dateparser put "Feb 1-28" in 2028.
        ("Feb 1-28", False, date(2027, 2, 1)),
        ("May 3rd-5th", False, date(2026, 5, 3)),
    ],
)
def test_months_said_with_next_last_a_year_or_a_range(
    expression: str, past: bool, expected: date | None
) -> None:
    assert resolve_date(expression, date(2026, 3, 4), past=past) == expected


@pytest.mark.parametrize(
    ("expression", "said_on", "past", "expected"),
    [
        # dateparser read "the 3rd" as March, and "the 14th" said on the 20th as six days ago.
        ("the 3rd", date(2026, 8, 8), False, date(2026, 9, 3)),
        ("the 14th", date(2026, 8, 20), False, date(2026, 9, 14)),
        ("the 30th", date(2026, 8, 8), False, date(2026, 8, 30)),
        ("on the 8th", date(2026, 8, 8), False, date(2026, 8, 8)),
        ("1st", date(2026, 12, 15), False, date(2027, 1, 1)),
        ("the 3rd", date(2026, 8, 8), True, date(2026, 8, 3)),
        ("the 20th", date(2026, 8, 8), True, date(2026, 7, 20)),
        # A 31st skips the months without one.
        ("the 31st", date(2026, 9, 5), False, date(2026, 10, 31)),
        ("the 31st", date(2026, 3, 5), True, date(2026, 1, 31)),
        ("32nd", date(2026, 8, 8), False, None),
    ],
)
def test_a_day_of_the_month_by_its_ordinal(
    expression: str, said_on: date, past: bool, expected: date | None
) -> None:
    assert resolve_date(expression, said_on, past) == expected
