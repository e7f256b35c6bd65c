from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.clocks import (
    DEFAULT_DUE_SOON_DAYS,
    RUNNING,
    STATE_TABLE,
    STOPPED,
    Clock,
    ClockStatus,
    clock_status,
    lateness_detail,
    make_clock,
    restated,
)
from rules.errors import RuleInputError
from rules.rule import Rule

DUE = date(2024, 6, 14)
RULE = Rule("test.rule", "Test rule", "A test rule.", "Test Act 2024 s1")


def test_status_values_are_stable_strings() -> None:
    assert [s.value for s in ClockStatus] == ["not_due", "due", "overdue", "met", "met_late", "ended"]


def test_met_on_time_or_late_whenever_the_event_happened() -> None:
    assert clock_status(DUE, date(2024, 7, 1), met_on=date(2024, 6, 20)) is ClockStatus.MET_LATE
    assert clock_status(DUE, date(2024, 7, 1), met_on=DUE) is ClockStatus.MET
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
        status=ClockStatus.MET_LATE,
        citation="Test Act 2024 s1",
        detail="x; met 2 days late",
        met_on=date(2024, 6, 16),
    )
    assert clock.days_late == 2 and clock.status_text == "Met 2 days late"


@given(
    due_on=st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 1, 1)),
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 1, 1)),
    window=st.integers(min_value=0, max_value=60),
)
def test_status_without_event_depends_only_on_dates(due_on: date, today: date, window: int) -> None:
    status = clock_status(due_on, today, due_soon_days=window)
    assert (status is ClockStatus.OVERDUE) == (today > due_on)
    assert (status is ClockStatus.DUE) == (today <= due_on <= today + timedelta(days=window))
    assert status in RUNNING


TODAY = date(2024, 7, 1)


# Every state, from the facts that give it: (due_on, met_on, ended_on) on TODAY.
@pytest.mark.parametrize(
    ("due_on", "met_on", "ended_on", "expected", "words"),
    [
        (date(2024, 9, 1), None, None, ClockStatus.NOT_DUE, "Not yet due"),
        (None, None, None, ClockStatus.NOT_DUE, "Not yet due"),
        (date(2024, 7, 10), None, None, ClockStatus.DUE, "Due"),
        (TODAY, None, None, ClockStatus.DUE, "Due"),
        (date(2024, 6, 30), None, None, ClockStatus.OVERDUE, "Overdue"),
        (date(2024, 6, 30), date(2024, 6, 30), None, ClockStatus.MET, "Met"),
        (date(2024, 9, 1), date(2024, 6, 1), None, ClockStatus.MET, "Met"),
        (None, date(2024, 6, 1), None, ClockStatus.MET, "Met"),
        (date(2024, 6, 20), date(2024, 6, 22), None, ClockStatus.MET_LATE, "Met 2 days late"),
        (date(2024, 6, 20), date(2024, 6, 21), None, ClockStatus.MET_LATE, "Met 1 day late"),
        (date(2024, 6, 20), None, date(2024, 6, 25), ClockStatus.ENDED, "Ended"),
        (date(2024, 9, 1), None, TODAY, ClockStatus.ENDED, "Ended"),
        (date(2024, 6, 20), None, date(2024, 7, 5), ClockStatus.OVERDUE, "Overdue"),  # ends later: still owed
        (date(2024, 6, 20), date(2024, 6, 19), date(2024, 6, 25), ClockStatus.MET, "Met"),  # met, then ended
        (date(2024, 6, 20), date(2024, 6, 24), date(2024, 6, 25), ClockStatus.MET_LATE, "Met 4 days late"),
    ],
)
def test_the_state_table(
    due_on: date | None, met_on: date | None, ended_on: date | None, expected: ClockStatus, words: str
) -> None:
    clock = make_clock(RULE, due_on, TODAY, met_on=met_on, ended_on=ended_on)
    assert clock.status is expected
    assert clock.status_text == words
    assert clock.is_running == (expected in RUNNING)


def test_every_state_has_a_row_citing_its_source() -> None:
    assert {row.status for row in STATE_TABLE} == set(ClockStatus)
    assert set(ClockStatus) == RUNNING | STOPPED and not RUNNING & STOPPED
    for row in STATE_TABLE:
        assert row.rule.citation and row.when


def test_restated_applies_an_event_learned_later() -> None:
    running = make_clock(RULE, DUE, TODAY)
    assert running.status is ClockStatus.OVERDUE
    assert restated(running, TODAY, met_on=date(2024, 6, 17)).days_late == 3
    assert restated(running, TODAY, ended_on=date(2024, 6, 17)).status is ClockStatus.ENDED


_days = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 1, 1))


@settings(deadline=None)
@given(due_on=st.none() | _days, today=_days, met=st.none() | _days, ended=st.none() | _days)
def test_state_properties(due_on: date | None, today: date, met: date | None, ended: date | None) -> None:
    met_on = None if met is None else min(met, today)
    clock = make_clock(RULE, due_on, today, met_on=met_on, ended_on=ended)
    # The event decides first: a met clock is met on time or late, never anything else.
    if met_on is not None:
        late = due_on is not None and met_on > due_on
        assert clock.status is (ClockStatus.MET_LATE if late else ClockStatus.MET)
        assert (clock.days_late or 0) == ((met_on - due_on).days if late and due_on else 0)
    # Late is never reported as on time, and on time never as late.
    if clock.status is ClockStatus.MET:
        assert due_on is None or (met_on is not None and met_on <= due_on)
    # Ended only without the event, once the end has come.
    assert (clock.status is ClockStatus.ENDED) == (met_on is None and ended is not None and ended <= today)
    # Nothing stopped is owed; something owed is one of the three running states.
    assert clock.is_open == (clock.status in RUNNING and due_on is not None)
    assert clock.status_text
