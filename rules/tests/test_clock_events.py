"""What starts, meets and ends each clock (rules/clock_events.py), and the stays that add
up to a qualifying period (rules/compliance.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.catalogue import catalogue
from rules.clock_events import (
    CLOCK_EVENTS,
    events_for,
    post_release_meeting_held_on,
    pre_release_meeting_held_on,
    pre_release_meeting_window_opens,
)
from rules.compliance import qualifying_period_reached_on, stay_days
from rules.errors import RuleInputError

KEYS = {entry.key for entry in catalogue()}


def test_every_clock_kind_names_a_rule_in_the_catalogue_and_cites_its_source() -> None:
    for events in CLOCK_EVENTS:
        assert events.key in KEYS, events.key
        assert events.starts and events.met_by and events.ended_by and events.citation
    assert events_for("custody.pre_release_meeting") is not None
    assert events_for("no.such.clock") is None


def test_pre_release_meeting_window() -> None:
    due = date(2025, 3, 1)
    assert pre_release_meeting_window_opens(due) == date(2024, 12, 1)
    days = [date(2024, 11, 30), date(2025, 2, 1), date(2025, 4, 1)]
    assert pre_release_meeting_held_on(days, due_on=due, release_on=date(2025, 9, 1), today=date(2025, 5, 1)) == (
        date(2025, 2, 1)
    )
    # Held after the release, or not yet held, it meets nothing.
    assert (
        pre_release_meeting_held_on(
            [date(2025, 9, 2)], due_on=due, release_on=date(2025, 9, 1), today=date(2025, 10, 1)
        )
        is None
    )
    assert (
        pre_release_meeting_held_on([date(2025, 4, 1)], due_on=due, release_on=date(2025, 9, 1), today=date(2025, 3, 1))
        is None
    )


def test_post_release_meeting() -> None:
    days = [date(2025, 8, 30), date(2025, 9, 10), date(2025, 9, 20)]
    assert post_release_meeting_held_on(days, released_on=date(2025, 9, 1), today=date(2025, 9, 15)) == date(
        2025, 9, 10
    )
    assert post_release_meeting_held_on(days, released_on=date(2025, 9, 1), today=date(2025, 9, 5)) is None


def test_stays_in_one_period_or_added_up() -> None:
    assert qualifying_period_reached_on(stay_days([(date(2025, 1, 1), date(2025, 3, 1))])) == date(2025, 1, 7)
    two = [(date(2025, 1, 1), date(2025, 1, 4)), (date(2025, 6, 1), date(2025, 6, 3))]
    assert qualifying_period_reached_on(stay_days(two)) == date(2025, 6, 3)
    apart = [(date(2024, 1, 1), date(2024, 1, 4)), (date(2025, 1, 1), date(2025, 1, 3))]
    assert qualifying_period_reached_on(stay_days(apart)) is None
    with pytest.raises(RuleInputError):
        stay_days([(date(2025, 1, 2), date(2025, 1, 1))])


_period = st.tuples(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2024, 12, 31)), st.integers(min_value=0, max_value=40)
).map(lambda p: (p[0], p[0] + timedelta(days=p[1])))


# No deadline: the machine's load, not the rule, decides how long an example takes.
@settings(deadline=None)
@given(periods=st.lists(_period, max_size=8))
def test_only_the_first_7_days_of_a_stay_matter(periods: list[tuple[date, date]]) -> None:
    """Listing at most 7 days of each stay gives the same day as listing every day."""
    every_day = sorted({a + timedelta(days=n) for a, b in periods for n in range((b - a).days + 1)})
    assert qualifying_period_reached_on(stay_days(periods)) == qualifying_period_reached_on(every_day)
