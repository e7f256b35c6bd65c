from datetime import date

import pytest

from rules import working_days
from rules.custody import (
    approved_premises_referral_due_on,
    end_of_custody_licence_confirmation_due_on,
    level_set_due_on,
    release_date_confirmation_due,
)
from rules.errors import RuleInputError
from rules.visits import (
    POLICE_VISITS,
    RoshLevel,
    change_of_address_visit_due_on,
    first_home_visit_due_on,
    police_home_visit_due,
    probation_home_visit_due_on,
)


@pytest.mark.parametrize(
    ("rosh", "last", "required", "target"),
    [
        (RoshLevel.VERY_HIGH, date(2024, 1, 31), date(2024, 2, 29), date(2024, 2, 29)),
        (RoshLevel.HIGH, date(2024, 1, 31), date(2024, 2, 29), date(2024, 2, 29)),
        (RoshLevel.MEDIUM, date(2024, 1, 31), date(2024, 4, 30), date(2024, 4, 30)),
        (RoshLevel.LOW, date(2024, 1, 15), date(2025, 1, 15), date(2024, 7, 15)),
    ],
)
def test_police_home_visits_by_risk(rosh: RoshLevel, last: date, required: date, target: date) -> None:
    due = police_home_visit_due(rosh=rosh, last_visit_on=last)
    assert (due.required_by, due.target_by) == (required, target)
    assert due.rule is POLICE_VISITS[rosh].rule
    assert due.target_by <= due.required_by


def test_every_rosh_level_has_a_police_visit_row() -> None:
    assert set(POLICE_VISITS) == set(RoshLevel)


def test_rosh_may_be_a_string_and_unknown_values_are_rejected() -> None:
    assert police_home_visit_due(rosh="very_high", last_visit_on=date(2024, 1, 1)).required_by == (date(2024, 2, 1))
    with pytest.raises(RuleInputError) as caught:
        police_home_visit_due(rosh="extreme", last_visit_on=date(2024, 1, 1))
    assert caught.value.field == "rosh"


@pytest.mark.parametrize(
    ("rosh", "expected"),
    [
        (RoshLevel.VERY_HIGH, date(2024, 5, 1)),
        (RoshLevel.HIGH, date(2024, 5, 1)),
        (RoshLevel.MEDIUM, None),
        (RoshLevel.LOW, None),
    ],
)
def test_probation_home_visits_every_four_months_for_high_risk(rosh: RoshLevel, expected: date | None) -> None:
    assert probation_home_visit_due_on(rosh=rosh, last_visit_on=date(2024, 1, 1)) == expected


def test_visit_after_a_move_within_14_days() -> None:
    assert change_of_address_visit_due_on(date(2024, 2, 20)) == date(2024, 3, 5)


def test_first_home_visit_is_the_working_day_rule() -> None:
    assert first_home_visit_due_on is working_days.first_home_visit_due_on


def test_release_date_confirmation_required_and_target() -> None:
    due = release_date_confirmation_due(date(2024, 10, 31))
    assert (due.required_by, due.target_by) == (date(2024, 6, 30), date(2024, 4, 30))


def test_other_custody_deadlines() -> None:
    assert approved_premises_referral_due_on(date(2024, 5, 31)) == date(2024, 2, 29)
    assert end_of_custody_licence_confirmation_due_on(date(2024, 3, 5)) == date(2024, 2, 27)
    assert level_set_due_on(date(2024, 12, 31)) == date(2024, 6, 30)
