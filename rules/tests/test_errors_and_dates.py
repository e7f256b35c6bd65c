from datetime import date

import pytest

from rules.dates import add_months, add_years, birthday, is_under_age
from rules.errors import RuleInputError


def test_rule_input_error_carries_field_and_message() -> None:
    error = RuleInputError("date_of_birth", "date_of_birth must be on or before relevant_date")
    assert isinstance(error, ValueError)
    assert error.field == "date_of_birth"
    assert error.message == "date_of_birth must be on or before relevant_date"
    assert str(error) == "date_of_birth: date_of_birth must be on or before relevant_date"


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 8, 31), -6, date(2024, 2, 29)),
        (date(2024, 3, 15), 0, date(2024, 3, 15)),
        (date(2024, 10, 31), -4, date(2024, 6, 30)),
    ],
)
def test_add_months_uses_the_corresponding_date_or_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_add_years_from_29_february_lands_on_28_february() -> None:
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


def test_birthday_of_29_february_is_1_march_in_common_years() -> None:
    assert birthday(date(2004, 2, 29), 18) == date(2022, 3, 1)
    assert birthday(date(2004, 2, 29), 20) == date(2024, 2, 29)
    assert birthday(date(2006, 7, 4), 18) == date(2024, 7, 4)


def test_a_person_is_no_longer_under_18_on_their_18th_birthday() -> None:
    dob = date(2006, 3, 15)
    assert is_under_age(dob, 18, date(2024, 3, 14))
    assert not is_under_age(dob, 18, date(2024, 3, 15))


def test_leap_day_child_is_under_18_until_1_march() -> None:
    dob = date(2004, 2, 29)
    assert is_under_age(dob, 18, date(2022, 2, 28))
    assert not is_under_age(dob, 18, date(2022, 3, 1))
