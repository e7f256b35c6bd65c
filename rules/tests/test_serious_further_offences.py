from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from rules.catalogue import find
from rules.serious_further_offences import NOTIFICATION_DAYS, SFO_NOTIFICATION, sfo_notification_due_on


def test_notification_is_due_five_days_after_the_charge() -> None:
    assert sfo_notification_due_on(date(2026, 12, 24)) == date(2026, 12, 29)
    assert sfo_notification_due_on(date(2024, 2, 26)) == date(2024, 3, 2)  # across 29 February


@given(st.dates(min_value=date(2001, 1, 1), max_value=date(2090, 12, 31)))
def test_the_deadline_is_always_five_calendar_days_later(charged_on: date) -> None:
    due = sfo_notification_due_on(charged_on)
    assert due - charged_on == timedelta(days=NOTIFICATION_DAYS)
    assert due > charged_on


def test_the_rule_is_catalogued_with_its_source() -> None:
    entry = find(SFO_NOTIFICATION.key)
    assert entry.module == "rules.serious_further_offences"
    assert "Seed 003" in entry.citation
