from datetime import date

import pytest

from rules.errors import RuleInputError
from rules.exit import (
    category_1_exit_on,
    category_2_exit_on,
    mappa_exit,
    retention_review_on,
)
from rules.indefinite_review import (
    further_review_eligible_on,
    indefinite_review_eligible_on,
)
from rules.notification import Disposal, notification_period
from rules.terrorism import terrorism_notification_period

TEN_YEARS = notification_period(
    date_of_birth=date(1980, 1, 1),
    relevant_date=date(2024, 3, 15),
    disposal=Disposal.CUSTODY,
    custody_months=12,
)
INDEFINITE = notification_period(
    date_of_birth=date(1980, 1, 1),
    relevant_date=date(2024, 3, 15),
    disposal=Disposal.HOSPITAL_WITH_RESTRICTION,
)
TERRORISM = terrorism_notification_period(sentence_months=24, relevant_date=date(2020, 1, 10))


def test_category_1_exits_when_notification_ends() -> None:
    assert category_1_exit_on(TEN_YEARS) == date(2034, 3, 15)
    assert category_1_exit_on(INDEFINITE) is None
    result = mappa_exit(category=1, notification=TEN_YEARS)
    assert (result.exit_on, result.by_meeting_decision) == (date(2034, 3, 15), False)
    assert mappa_exit(category=1, notification=INDEFINITE).exit_on is None


def test_category_2_exits_at_licence_expiry_or_end_of_restrictions() -> None:
    licence, hospital = date(2027, 5, 1), date(2029, 1, 1)
    assert category_2_exit_on(licence_expiry_on=licence) == licence
    assert category_2_exit_on(hospital_restrictions_end_on=hospital) == hospital
    assert category_2_exit_on(licence_expiry_on=licence, hospital_restrictions_end_on=hospital) == (hospital)
    assert mappa_exit(category=2, licence_expiry_on=licence).exit_on == licence


def test_category_3_exits_only_by_meeting_decision() -> None:
    result = mappa_exit(category=3)
    assert (result.exit_on, result.by_meeting_decision) == (None, True)
    assert result.rule.key == "exit.category_3"


def test_category_4_exits_when_terrorism_notification_ends() -> None:
    assert mappa_exit(category=4, terrorism_notification=TERRORISM).exit_on == date(2030, 1, 10)


@pytest.mark.parametrize(
    ("category", "field"),
    [
        (1, "notification"),
        (2, "licence_expiry_on"),
        (4, "terrorism_notification"),
        (5, "category"),
    ],
)
def test_exit_errors_name_the_missing_input(category: int, field: str) -> None:
    with pytest.raises(RuleInputError) as caught:
        mappa_exit(category=category)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("dob", "review_on"),
    [
        (date(1990, 6, 15), date(2090, 6, 15)),
        (date(1924, 2, 29), date(2024, 2, 29)),  # 2024 is a leap year
        (date(2000, 2, 29), date(2100, 3, 1)),  # 2100 is not
        (date(1923, 2, 28), date(2023, 2, 28)),
    ],
)
def test_retention_review_on_100th_birthday(dob: date, review_on: date) -> None:
    assert retention_review_on(dob) == review_on


def test_indefinite_review_adult_after_15_years() -> None:
    result = indefinite_review_eligible_on(
        first_notified_after_release_on=date(2015, 6, 1),
        date_of_birth=date(1980, 1, 1),
        relevant_date=date(2010, 5, 1),
    )
    assert (result.eligible_on, result.years, result.under_18) == (
        date(2030, 6, 1),
        15,
        False,
    )
    assert "s91B" in result.rule.citation


def test_indefinite_review_under_18_after_8_years() -> None:
    result = indefinite_review_eligible_on(
        first_notified_after_release_on=date(2012, 3, 1),
        date_of_birth=date(1995, 1, 1),
        relevant_date=date(2010, 5, 1),
    )
    assert (result.eligible_on, result.years, result.under_18) == (
        date(2020, 3, 1),
        8,
        True,
    )


def test_indefinite_review_on_18th_birthday_is_adult() -> None:
    result = indefinite_review_eligible_on(
        first_notified_after_release_on=date(2024, 2, 29),
        date_of_birth=date(1992, 5, 1),
        relevant_date=date(2010, 5, 1),
    )
    assert (result.years, result.eligible_on) == (15, date(2039, 2, 28))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        (
            {
                "first_notified_after_release_on": date(2012, 1, 1),
                "date_of_birth": date(2011, 1, 1),
                "relevant_date": date(2010, 1, 1),
            },
            "date_of_birth",
        ),
        (
            {
                "first_notified_after_release_on": date(2009, 1, 1),
                "date_of_birth": date(1980, 1, 1),
                "relevant_date": date(2010, 1, 1),
            },
            "first_notified_after_release_on",
        ),
    ],
)
def test_indefinite_review_errors(kwargs: dict[str, date], field: str) -> None:
    with pytest.raises(RuleInputError) as caught:
        indefinite_review_eligible_on(**kwargs)
    assert caught.value.field == field


def test_further_review() -> None:
    assert further_review_eligible_on(determined_on=date(2024, 1, 1)) == date(2032, 1, 1)
    assert further_review_eligible_on(determined_on=date(2024, 1, 1), years=15) == date(2039, 1, 1)
    for years in (7, 16):
        with pytest.raises(RuleInputError) as caught:
            further_review_eligible_on(determined_on=date(2024, 1, 1), years=years)
        assert caught.value.field == "years"
