"""Property tests for the home visit rules (rules/visits.py)."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from rules.catalogue import find
from rules.dates import add_months
from rules.visits import (
    POLICE_VISITS,
    RoshLevel,
    change_of_address_visit_due_on,
    first_home_visit_due_on,
    police_home_visit_due,
    probation_home_visit_due_on,
)
from rules.working_days import is_working_day

days = st.dates(min_value=date(2001, 1, 1), max_value=date(2080, 12, 31))
levels = st.sampled_from(list(RoshLevel))
ORDER = [RoshLevel.LOW, RoshLevel.MEDIUM, RoshLevel.HIGH, RoshLevel.VERY_HIGH]


@given(days, levels)
def test_the_next_police_visit_is_after_the_last_and_the_target_never_later(last: date, rosh: RoshLevel) -> None:
    due = police_home_visit_due(rosh=rosh, last_visit_on=last)
    assert last < due.target_by <= due.required_by
    assert due.required_by == add_months(last, POLICE_VISITS[rosh].required_months)
    assert find(due.rule.key).citation.startswith("Seed 003")


@given(days, levels, levels)
def test_higher_risk_is_never_visited_less_often(last: date, a: RoshLevel, b: RoshLevel) -> None:
    lower, higher = sorted((a, b), key=ORDER.index)
    assert (
        police_home_visit_due(rosh=higher, last_visit_on=last).required_by
        <= police_home_visit_due(rosh=lower, last_visit_on=last).required_by
    )


@given(days, levels)
def test_probation_visits_only_high_and_very_high_every_four_months(last: date, rosh: RoshLevel) -> None:
    due = probation_home_visit_due_on(rosh=rosh, last_visit_on=last)
    if rosh in (RoshLevel.HIGH, RoshLevel.VERY_HIGH):
        assert due == add_months(last, 4)
    else:
        assert due is None


@settings(deadline=None)  # the first call builds the bank holiday calendar
@given(days)
def test_the_first_probation_visit_is_the_tenth_working_day(started: date) -> None:
    due = first_home_visit_due_on(started)
    assert is_working_day(due)
    working = [started + timedelta(days=n) for n in range(1, (due - started).days + 1)]
    assert sum(is_working_day(day) for day in working) == 10
    assert 12 <= (due - started).days <= 22  # two weeks (less from a weekend), plus any holidays


@given(days)
def test_a_move_is_visited_within_fourteen_days(moved: date) -> None:
    assert change_of_address_visit_due_on(moved) - moved == timedelta(days=14)
