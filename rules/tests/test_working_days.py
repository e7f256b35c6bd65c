from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.errors import RuleInputError
from rules.working_days import (
    ENGLAND_AND_WALES,
    HolidayCalendar,
    actions_due_by,
    add_working_days,
    first_home_visit_due_on,
    information_request_due_on,
    is_working_day,
    minutes_due_on,
    minutes_rule,
    probation_flag_due_on,
    transfer_records_due_on,
)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2024, 3, 27), True),  # an ordinary Wednesday
        (date(2024, 3, 23), False),  # Saturday
        (date(2024, 3, 24), False),  # Sunday
        (date(2024, 3, 29), False),  # Good Friday
        (date(2024, 4, 1), False),  # Easter Monday
        (date(2024, 12, 25), False),
        (date(2020, 12, 28), False),  # Boxing Day substitute
        (date(2022, 9, 19), False),  # State funeral of Queen Elizabeth II
        (date(2023, 5, 8), False),  # Coronation
        (date(2024, 5, 6), False),  # Early May bank holiday
        (date(2024, 8, 26), False),  # Summer bank holiday (England and Wales)
        (date(2024, 8, 5), True),  # Scotland's summer holiday is not one here
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_england_and_wales_share_bank_holidays() -> None:
    for year in range(2000, 2041):
        eng = holidays.country_holidays("GB", subdiv="ENG", years=year)
        wls = holidays.country_holidays("GB", subdiv="WLS", years=year)
        assert set(eng) == set(wls)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2024, 3, 22), 1, date(2024, 3, 25)),  # Friday -> Monday
        (date(2024, 3, 28), 1, date(2024, 4, 2)),  # over Easter
        (date(2024, 3, 23), 0, date(2024, 3, 25)),  # 0 from a Saturday
        (date(2024, 3, 27), 0, date(2024, 3, 27)),
        (date(2024, 3, 23), 1, date(2024, 3, 25)),  # start on a weekend not counted
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n) == expected


def test_negative_working_days_rejected() -> None:
    with pytest.raises(RuleInputError) as caught:
        add_working_days(date(2024, 3, 27), -1)
    assert caught.value.field == "n"


def test_extra_holidays_are_skipped() -> None:
    calendar = HolidayCalendar([date(2024, 3, 5)])
    assert add_working_days(date(2024, 3, 4), 1, calendar=calendar) == date(2024, 3, 6)
    assert add_working_days(date(2024, 3, 4), 1) == date(2024, 3, 5)
    wider = calendar.with_extra_holidays([date(2024, 3, 6)])
    assert add_working_days(date(2024, 3, 4), 1, calendar=wider) == date(2024, 3, 7)
    assert not ENGLAND_AND_WALES.is_holiday(date(2024, 3, 5))


def test_minutes_deadlines_over_christmas() -> None:
    held = date(2024, 12, 16)
    assert minutes_due_on(level=2, held_on=held) == date(2025, 1, 2)
    assert minutes_due_on(level=3, held_on=held) == date(2024, 12, 23)
    assert minutes_rule(2).key == "meetings.minutes_level_2"
    assert minutes_rule(3).key == "meetings.minutes_level_3"


@pytest.mark.parametrize("level", [0, 1, 4])
def test_minutes_deadline_needs_level_2_or_3(level: int) -> None:
    with pytest.raises(RuleInputError) as caught:
        minutes_due_on(level=level, held_on=date(2024, 1, 1))
    assert caught.value.field == "level"


def test_actions_due_24_hours_after_the_meeting() -> None:
    naive = datetime(2024, 3, 30, 18, 0)
    assert actions_due_by(ended_at=naive) == datetime(2024, 3, 31, 18, 0)


def test_actions_due_24_elapsed_hours_across_the_clock_change() -> None:
    london = ZoneInfo("Europe/London")
    ended = datetime(2024, 3, 30, 18, 0, tzinfo=london)  # GMT; clocks go forward at 01:00
    due = actions_due_by(ended_at=ended)
    assert due == datetime(2024, 3, 31, 19, 0, tzinfo=london)
    assert due.tzinfo is london
    assert due.astimezone(UTC) - ended.astimezone(UTC) == timedelta(hours=24)


def test_calendar_day_and_working_day_deadlines() -> None:
    assert information_request_due_on(date(2024, 1, 1)) == date(2024, 1, 8)
    assert probation_flag_due_on(date(2024, 5, 3)) == date(2024, 5, 9)  # early May
    assert first_home_visit_due_on(date(2024, 8, 19)) == date(2024, 9, 3)  # summer
    assert transfer_records_due_on(date(2024, 12, 23)) == date(2025, 1, 2)  # Christmas


# Properties

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))
counts = st.integers(min_value=0, max_value=40)

DEADLINES: list[Callable[..., date]] = [
    probation_flag_due_on,
    first_home_visit_due_on,
    transfer_records_due_on,
    lambda d, calendar=None: minutes_due_on(level=2, held_on=d, calendar=calendar),
    lambda d, calendar=None: minutes_due_on(level=3, held_on=d, calendar=calendar),
]


# The first lookup of a year builds its bank-holiday list, which can exceed
# hypothesis's default per-example deadline on a cold cache.
@settings(deadline=None)
@given(start=days, n=counts)
def test_result_is_always_a_working_day(start: date, n: int) -> None:
    result = add_working_days(start, n)
    assert result.weekday() < 5
    assert not ENGLAND_AND_WALES.is_holiday(result)
    assert result >= start


@settings(deadline=None)
@given(a=days, b=days, n=counts, m=counts)
def test_add_working_days_is_monotonic(a: date, b: date, n: int, m: int) -> None:
    early, late = sorted((a, b))
    assert add_working_days(early, n) <= add_working_days(late, n)
    fewer, more = sorted((n, m))
    assert add_working_days(early, fewer) <= add_working_days(early, more)
    if fewer < more:
        assert add_working_days(early, fewer) < add_working_days(early, more)


@settings(deadline=None)
@given(
    start=days,
    n=counts,
    offsets=st.lists(st.integers(min_value=-3, max_value=60), max_size=5),
)
def test_adding_a_holiday_never_moves_a_deadline_earlier(start: date, n: int, offsets: list[int]) -> None:
    extra = HolidayCalendar(start + timedelta(days=k) for k in offsets)
    with_holidays = add_working_days(start, n, calendar=extra)
    assert with_holidays >= add_working_days(start, n)
    assert is_working_day(with_holidays, calendar=extra)


@settings(deadline=None)
@given(
    start=days,
    offset=st.integers(min_value=0, max_value=20),
    deadline=st.sampled_from(DEADLINES),
)
def test_named_deadlines_fall_on_working_days_and_respect_added_holidays(
    start: date, offset: int, deadline: Callable[..., date]
) -> None:
    extra = HolidayCalendar([start + timedelta(days=offset)])
    plain = deadline(start)
    moved = deadline(start, calendar=extra)
    assert is_working_day(plain)
    assert is_working_day(moved, calendar=extra)
    assert moved >= plain > start
