"""Review of indefinite notification (rules/indefinite_review.py): the determination
deadline, the end of the requirements on discharge, and the further qualifying date."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.catalogue import find
from rules.dates import add_years
from rules.errors import RuleInputError
from rules.indefinite_review import (
    DETERMINATION_DUE,
    DETERMINATION_WEEKS,
    determination_due_on,
    further_review_eligible_on,
    last_day_subject_after_discharge,
)

days = st.dates(min_value=date(2012, 7, 30), max_value=date(2080, 12, 31))


def test_an_application_received_on_a_monday_is_due_on_the_sunday_twelve_weeks_on() -> None:
    # 12 weeks beginning with Monday 3 March 2025 end on Sunday 25 May 2025.
    assert DETERMINATION_WEEKS == 12
    assert determination_due_on(received_on=date(2025, 3, 3)) == date(2025, 5, 25)
    # Across the end of a reporting year: received 1 March 2025, due 23 May 2025.
    assert determination_due_on(received_on=date(2025, 3, 1)) == date(2025, 5, 23)
    assert find(DETERMINATION_DUE.key).citation.startswith("Sexual Offences Act 2003 s91C")


@given(days)
def test_the_deadline_is_the_last_day_of_the_period_beginning_with_receipt(received_on: date) -> None:
    due = determination_due_on(received_on=received_on)
    assert (due - received_on).days + 1 == 7 * DETERMINATION_WEEKS
    assert due.weekday() == (received_on - timedelta(days=1)).weekday()


@given(days, days)
def test_a_later_application_is_never_due_earlier(a: date, b: date) -> None:
    first, second = sorted((a, b))
    assert determination_due_on(received_on=first) <= determination_due_on(received_on=second)


def test_discharged_requirements_end_the_day_before_the_notice_is_received() -> None:
    assert last_day_subject_after_discharge(
        notice_received_on=date(2025, 4, 1), determined_on=date(2025, 3, 28)
    ) == date(2025, 3, 31)
    # Handed over the day of the decision: subject until the day before.
    assert last_day_subject_after_discharge(
        notice_received_on=date(2025, 3, 28), determined_on=date(2025, 3, 28)
    ) == date(2025, 3, 27)


@given(days, st.integers(min_value=0, max_value=400))
def test_the_person_is_subject_up_to_but_not_on_the_day_of_the_notice(determined_on: date, wait: int) -> None:
    notice = determined_on + timedelta(days=wait)
    last = last_day_subject_after_discharge(notice_received_on=notice, determined_on=determined_on)
    assert last < notice
    assert last + timedelta(days=1) == notice


@given(days, st.integers(min_value=1, max_value=400))
def test_a_notice_before_the_decision_is_refused_naming_the_field(determined_on: date, early: int) -> None:
    with pytest.raises(RuleInputError) as raised:
        last_day_subject_after_discharge(
            notice_received_on=determined_on - timedelta(days=early), determined_on=determined_on
        )
    assert raised.value.field == "notice_received_on"


@given(days, st.integers(min_value=8, max_value=15))
def test_a_further_application_waits_at_least_8_and_at_most_15_years(determined_on: date, years: int) -> None:
    further = further_review_eligible_on(determined_on=determined_on, years=years)
    assert add_years(determined_on, 8) <= further <= add_years(determined_on, 15)
    assert further > determination_due_on(received_on=determined_on)
