from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.clocks import (
    DEFAULT_DUE_SOON_DAYS,
    Clock,
    ClockStatus,
    clock_status,
    lateness_detail,
    make_clock,
)
from rules.errors import RuleInputError
from rules.rule import Rule

DUE = date(2024, 6, 14)
RULE = Rule("test.rule", "Test rule", "A test rule.", "Test Act 2024 s1")


def test_status_values_are_stable_strings() -> None:
    assert [s.value for s in ClockStatus] == ["not_due", "due", "overdue", "met"]


def test_met_whenever_the_event_happened_even_late() -> None:
    assert clock_status(DUE, date(2024, 7, 1), met_on=date(2024, 6, 20)) is ClockStatus.MET
    assert clock_status(DUE, date(2024, 6, 1), met_on=date(2024, 6, 1)) is ClockStatus.MET


def test_met_on_after_today_is_rejected() -> None:
    with pytest.raises(RuleInputError) as caught:
        clock_status(DUE, date(2024, 6, 1), met_on=date(2024, 6, 2))
    assert caught.value.field == "met_on"


def test_overdue_only_after_the_due_day() -> None:
    assert clock_status(DUE, DUE) is ClockStatus.DUE
    assert clock_status(DUE, DUE + timedelta(days=1)) is ClockStatus.OVERDUE


def test_due_soon_window_boundaries() -> None:
    assert DEFAULT_DUE_SOON_DAYS == 14
    assert clock_status(DUE, DUE - timedelta(days=14)) is ClockStatus.DUE
    assert clock_status(DUE, DUE - timedelta(days=15)) is ClockStatus.NOT_DUE
    assert clock_status(DUE, DUE - timedelta(days=3), due_soon_days=2) is ClockStatus.NOT_DUE
    assert clock_status(DUE, DUE, due_soon_days=0) is ClockStatus.DUE


def test_no_due_date_is_not_due() -> None:
    assert clock_status(None, DUE) is ClockStatus.NOT_DUE


def test_negative_due_soon_days_is_rejected() -> None:
    with pytest.raises(RuleInputError) as caught:
        clock_status(DUE, DUE, due_soon_days=-1)
    assert caught.value.field == "due_soon_days"


def test_lateness_detail() -> None:
    assert lateness_detail(DUE, DUE) == ""
    assert lateness_detail(DUE, DUE + timedelta(days=1)) == "met 1 day late"
    assert lateness_detail(DUE, DUE + timedelta(days=3)) == "met 3 days late"
    assert lateness_detail(None, DUE) == ""
    assert lateness_detail(DUE, None) == ""


def test_make_clock_copies_the_rule_and_records_lateness() -> None:
    clock = make_clock(RULE, DUE, date(2024, 7, 1), met_on=date(2024, 6, 16), detail="x")
    assert clock == Clock(
        key="test.rule",
        label="Test rule",
        due_on=DUE,
        status=ClockStatus.MET,
        citation="Test Act 2024 s1",
        detail="x; met 2 days late",
    )


@given(
    due_on=st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 1, 1)),
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 1, 1)),
    window=st.integers(min_value=0, max_value=60),
)
def test_status_without_event_depends_only_on_dates(due_on: date, today: date, window: int) -> None:
    status = clock_status(due_on, today, due_soon_days=window)
    assert (status is ClockStatus.OVERDUE) == (today > due_on)
    assert (status is ClockStatus.DUE) == (today <= due_on <= today + timedelta(days=window))
    assert status is not ClockStatus.MET
