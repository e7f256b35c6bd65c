from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.errors import RuleInputError
from rules.terrorism import TERRORISM_TABLE, terrorism_notification_period

DEALT_WITH = date(2020, 1, 10)


@pytest.mark.parametrize(
    ("sentence_months", "life", "years", "rule_key"),
    [
        (None, True, 30, "cta53.thirty_years"),
        (240, False, 30, "cta53.thirty_years"),
        (120, False, 30, "cta53.thirty_years"),  # exactly 10 years
        (119, False, 15, "cta53.fifteen_years"),
        (60, False, 15, "cta53.fifteen_years"),  # exactly 5 years
        (59, False, 10, "cta53.ten_years"),
        (12, False, 10, "cta53.ten_years"),
        (None, False, 10, "cta53.ten_years"),  # e.g. a hospital order
    ],
)
def test_s53_periods_for_adults(sentence_months: int | None, life: bool, years: int, rule_key: str) -> None:
    result = terrorism_notification_period(sentence_months=sentence_months, life=life, relevant_date=DEALT_WITH)
    assert (result.years, result.rule_key) == (years, rule_key)
    assert result.iso_duration == f"P{years}Y"
    assert result.ends_on == date(2020 + years, 1, 10)
    assert result.last_day == date(2020 + years, 1, 9)
    assert result.aged_18_or_over
    assert not result.indefinite
    assert "Counter-Terrorism Act 2008 s53" in result.citation


def test_every_row_is_reachable() -> None:
    keys = {terrorism_notification_period(sentence_months=m, relevant_date=DEALT_WITH).rule_key for m in (12, 60, 120)}
    assert keys == {row.rule.key for row in TERRORISM_TABLE}


def test_adult_bands_do_not_overlap() -> None:
    for months in range(12, 601):
        rows = [r for r in TERRORISM_TABLE if r.adults_only and r.covers(months, False, True)]
        assert len(rows) <= 1, months


@pytest.mark.parametrize(("sentence_months", "life"), [(None, True), (240, False), (72, False)])
def test_under_18_at_conviction_gets_10_years_whatever_the_sentence(sentence_months: int | None, life: bool) -> None:
    result = terrorism_notification_period(
        sentence_months=sentence_months,
        life=life,
        relevant_date=DEALT_WITH,
        date_of_birth=date(2003, 1, 1),  # 17 on the relevant date
    )
    assert (result.years, result.aged_18_or_over) == (10, False)
    assert "under 18" in result.basis


def test_age_is_tested_at_conviction_not_sentence() -> None:
    dob = date(2002, 1, 5)  # 18 on 5 January 2020
    convicted_at_17 = terrorism_notification_period(
        sentence_months=120,
        relevant_date=DEALT_WITH,
        date_of_birth=dob,
        convicted_on=date(2020, 1, 4),
    )
    convicted_on_18th_birthday = terrorism_notification_period(
        sentence_months=120,
        relevant_date=DEALT_WITH,
        date_of_birth=dob,
        convicted_on=date(2020, 1, 5),
    )
    assert convicted_at_17.years == 10
    assert convicted_on_18th_birthday.years == 30


def test_time_in_custody_is_added_to_the_end_date() -> None:
    result = terrorism_notification_period(sentence_months=36, relevant_date=DEALT_WITH, disregarded_days=100)
    assert result.ends_on == date(2030, 1, 10) + timedelta(days=100)
    assert "100 days" in result.basis


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"sentence_months": 11}, "sentence_months"),
        ({"sentence_months": -5}, "sentence_months"),
        ({"sentence_months": 120, "life": True}, "sentence_months"),
        ({"sentence_months": 24, "disregarded_days": -1}, "disregarded_days"),
        ({"sentence_months": 24, "date_of_birth": date(2020, 1, 11)}, "date_of_birth"),
        ({"sentence_months": 24, "date_of_birth": date(2004, 1, 11)}, "date_of_birth"),
        ({"sentence_months": 24, "convicted_on": date(2020, 1, 11)}, "convicted_on"),
        (
            {
                "sentence_months": 24,
                "date_of_birth": date(2004, 1, 10),
                "convicted_on": date(2004, 1, 9),
            },
            "convicted_on",
        ),
    ],
)
def test_errors_name_the_field(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(RuleInputError) as caught:
        terrorism_notification_period(relevant_date=DEALT_WITH, **kwargs)
    assert caught.value.field == field


def test_aged_exactly_16_when_dealt_with_is_covered() -> None:
    result = terrorism_notification_period(
        sentence_months=24, relevant_date=DEALT_WITH, date_of_birth=date(2004, 1, 10)
    )
    assert result.years == 10


@given(
    a=st.integers(min_value=12, max_value=600),
    b=st.integers(min_value=12, max_value=600),
    dob=st.one_of(st.none(), st.dates(min_value=date(1950, 1, 1), max_value=date(2004, 1, 1))),
)
def test_longer_sentence_never_gives_shorter_period(a: int, b: int, dob: date | None) -> None:
    shorter, longer = sorted((a, b))

    def years(months: int | None, life: bool = False) -> int:
        return terrorism_notification_period(
            sentence_months=months,
            life=life,
            relevant_date=DEALT_WITH,
            date_of_birth=dob,
        ).years

    assert years(shorter) <= years(longer) <= years(None, life=True)
