from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.clocks import ClockStatus
from rules.compliance import (
    Absence,
    ChangeKind,
    StillAway,
    change_notification_clock,
    initial_notification_clock,
    periodic_notification_clock,
    periodic_notification_due_on,
    qualifying_period_reached_on,
    qualifying_stay_clock,
    three_day_deadline,
)
from rules.errors import RuleInputError

MONDAY = date(2024, 1, 1)


def test_initial_notification_is_due_on_the_third_day_counting_the_relevant_date() -> None:
    clock = initial_notification_clock(relevant_date=MONDAY, today=MONDAY)
    assert clock.due_on == date(2024, 1, 3)
    assert clock.key == "soa83.initial_notification"
    assert clock.status is ClockStatus.DUE
    assert "s83(1)" in clock.citation


def test_initial_notification_status_over_time() -> None:
    def status(today: date, notified_on: date | None = None) -> ClockStatus:
        return initial_notification_clock(relevant_date=MONDAY, today=today, notified_on=notified_on).status

    assert status(date(2024, 1, 3)) is ClockStatus.DUE
    assert status(date(2024, 1, 4)) is ClockStatus.OVERDUE
    assert status(date(2024, 1, 9), notified_on=date(2024, 1, 2)) is ClockStatus.MET


def test_late_notification_is_met_with_lateness_recorded() -> None:
    clock = initial_notification_clock(relevant_date=MONDAY, today=date(2024, 1, 9), notified_on=date(2024, 1, 5))
    assert clock.status is ClockStatus.MET_LATE and clock.days_late == 2
    assert clock.detail == "met 2 days late"


def test_custody_on_the_relevant_date_moves_the_three_days_to_release() -> None:
    release = date(2025, 6, 10)
    clock = initial_notification_clock(relevant_date=MONDAY, today=MONDAY, absences=[Absence(MONDAY, release)])
    assert clock.due_on == date(2025, 6, 12)
    assert clock.status is ClockStatus.NOT_DUE


def test_time_away_in_the_middle_of_the_period_is_not_counted() -> None:
    # Day 1 is 1 January; 2-4 January abroad; back on 5 January (day 2).
    assert three_day_deadline(MONDAY, [Absence(date(2024, 1, 2), date(2024, 1, 5))]) == date(2024, 1, 6)


def test_absence_ending_before_it_starts_is_rejected() -> None:
    with pytest.raises(RuleInputError) as caught:
        three_day_deadline(MONDAY, [Absence(date(2024, 1, 5), date(2024, 1, 4))])
    assert caught.value.field == "absences"


def test_change_of_address_counts_across_29_february() -> None:
    clock = change_notification_clock(changed_on=date(2024, 2, 28), today=date(2024, 2, 28))
    assert clock.due_on == date(2024, 3, 1)
    assert clock.detail == "change: home_address"


@pytest.mark.parametrize("kind", list(ChangeKind))
def test_every_kind_of_change_has_three_days(kind: ChangeKind) -> None:
    clock = change_notification_clock(changed_on=MONDAY, today=MONDAY, change=kind.value)
    assert clock.due_on == date(2024, 1, 3)
    assert clock.detail == f"change: {kind.value}"


def test_unknown_change_is_rejected() -> None:
    with pytest.raises(RuleInputError) as caught:
        change_notification_clock(changed_on=MONDAY, today=MONDAY, change="car")
    assert caught.value.field == "change"


def days_from(start: date, count: int, step: int = 1) -> list[date]:
    return [start + timedelta(days=i * step) for i in range(count)]


def test_seven_days_in_a_row_is_a_qualifying_period() -> None:
    assert qualifying_period_reached_on(days_from(date(2024, 5, 1), 7)) == date(2024, 5, 7)
    assert qualifying_period_reached_on(days_from(date(2024, 5, 1), 6)) is None


def test_seven_separate_days_within_twelve_months_is_a_qualifying_period() -> None:
    first_of_month = [date(2024, m, 1) for m in range(1, 8)]
    assert qualifying_period_reached_on(first_of_month) == date(2024, 7, 1)


def test_twelve_month_window_boundaries() -> None:
    later_six = days_from(date(2023, 12, 27), 6)  # 27 Dec 2023 .. 1 Jan 2024
    # A 12-month period beginning 2 January 2023 includes 1 January 2024...
    assert qualifying_period_reached_on([date(2023, 1, 2), *later_six]) == date(2024, 1, 1)
    # ...but one beginning 1 January 2023 ends on 31 December 2023.
    assert qualifying_period_reached_on([date(2023, 1, 1), *later_six]) is None


def test_repeated_days_count_once() -> None:
    assert qualifying_period_reached_on([date(2024, 5, 1)] * 10) is None


def test_qualifying_stay_clock() -> None:
    not_yet = qualifying_stay_clock(stay_days=days_from(MONDAY, 3), today=MONDAY)
    assert (not_yet.due_on, not_yet.status) == (None, ClockStatus.NOT_DUE)
    reached = qualifying_stay_clock(stay_days=days_from(date(2024, 5, 1), 9), today=MONDAY)
    assert reached.due_on == date(2024, 5, 9)
    assert "2024-05-07" in reached.detail
    assert reached.key == "soa84.qualifying_stay"


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        (date(2024, 3, 10), date(2025, 3, 10)),
        (date(2024, 2, 29), date(2025, 2, 28)),
    ],
)
def test_annual_notification_one_year_after_the_last(last: date, expected: date) -> None:
    clock = periodic_notification_clock(last_notified_on=last, today=last)
    assert clock.due_on == expected
    assert clock.key == "soa85.annual_notification"


def test_weekly_notification_with_no_fixed_abode() -> None:
    clock = periodic_notification_clock(
        last_notified_on=date(2024, 3, 10), today=date(2024, 3, 16), no_fixed_abode=True
    )
    assert clock.due_on == date(2024, 3, 17)
    assert clock.status is ClockStatus.DUE
    assert clock.key == "soa85.weekly_notification"
    assert "2012" in clock.citation


def test_periodic_notification_due_in_custody_runs_to_3_days_after_release() -> None:
    away = Absence(date(2025, 1, 1), date(2025, 4, 1))
    due = periodic_notification_due_on(last_notified_on=date(2024, 3, 10), absences=[away])
    assert due == date(2025, 4, 3)


def test_periodic_notification_due_on_release_day_is_not_extended() -> None:
    away = Absence(date(2025, 1, 1), date(2025, 3, 10))
    due = periodic_notification_due_on(last_notified_on=date(2024, 3, 10), absences=[away])
    assert due == date(2025, 3, 10)


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2050, 1, 1)),
    away_from=st.integers(min_value=0, max_value=5),
    away_days=st.integers(min_value=0, max_value=400),
)
def test_absences_never_bring_a_deadline_forward(start: date, away_from: int, away_days: int) -> None:
    away_start = start + timedelta(days=away_from)
    absence = Absence(away_start, away_start + timedelta(days=away_days))
    plain = three_day_deadline(start)
    assert plain == start + timedelta(days=2)
    assert three_day_deadline(start, [absence]) >= plain


def test_annual_notification_ending_in_custody_now_has_no_date_until_release() -> None:
    last = date(2024, 3, 10)
    inside = periodic_notification_clock(
        last_notified_on=last, today=date(2025, 6, 1), still_away=StillAway(date(2025, 1, 1))
    )
    assert inside.due_on is None
    assert inside.status is ClockStatus.NOT_DUE
    # Custody that began on the last day of the year still catches it (s85(3)).
    on_the_day = periodic_notification_clock(
        last_notified_on=last, today=date(2025, 6, 1), still_away=StillAway(date(2025, 3, 10))
    )
    assert on_the_day.due_on is None


def test_annual_notification_missed_before_custody_stays_overdue() -> None:
    clock = periodic_notification_clock(
        last_notified_on=date(2024, 3, 10), today=date(2025, 6, 1), still_away=StillAway(date(2025, 3, 11))
    )
    assert clock.due_on == date(2025, 3, 10)
    assert clock.status is ClockStatus.OVERDUE


def test_detention_with_no_recorded_start_leaves_no_date() -> None:
    clock = periodic_notification_clock(
        last_notified_on=date(2024, 3, 10), today=date(2025, 6, 1), still_away=StillAway()
    )
    assert clock.due_on is None


def test_a_change_followed_by_custody_within_the_three_days_waits_for_release() -> None:
    moved = date(2024, 5, 1)
    arrested = StillAway(date(2024, 5, 2))
    assert change_notification_clock(changed_on=moved, today=date(2024, 6, 1), still_away=arrested).due_on is None
    later = StillAway(date(2024, 5, 4))
    assert change_notification_clock(changed_on=moved, today=date(2024, 6, 1), still_away=later).due_on == date(
        2024, 5, 3
    )
    stay = qualifying_stay_clock(stay_days=days_from(moved, 7), today=date(2024, 6, 1), still_away=StillAway(moved))
    assert stay.due_on is None


def test_initial_notification_of_someone_detained_on_conviction_waits_for_release() -> None:
    clock = initial_notification_clock(relevant_date=MONDAY, today=date(2024, 6, 1), still_away=StillAway(MONDAY))
    assert clock.due_on is None
    assert clock.status is ClockStatus.NOT_DUE


@given(
    last=st.dates(min_value=date(2000, 1, 1), max_value=date(2050, 1, 1)),
    away_from=st.integers(min_value=0, max_value=800),
    nfa=st.booleans(),
)
def test_being_away_now_only_ever_removes_a_date_it_falls_in(last: date, away_from: int, nfa: bool) -> None:
    since = last + timedelta(days=away_from)
    plain = periodic_notification_due_on(last_notified_on=last, no_fixed_abode=nfa)
    clock = periodic_notification_clock(
        last_notified_on=last, today=last, no_fixed_abode=nfa, still_away=StillAway(since)
    )
    assert clock.due_on == (None if since <= plain else plain)
