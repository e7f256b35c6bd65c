"""The six states for every kind of notification, review, visit and custody clock the rules
build: each kind's own due date, then the one state table (rules/clocks.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from rules import custody, reviews, visits
from rules.clocks import Clock, ClockStatus, make_clock, restated
from rules.compliance import (
    change_notification_clock,
    initial_notification_clock,
    periodic_notification_clock,
    qualifying_stay_clock,
)

START = date(2025, 1, 6)

# Each kind: (build(today, met_on) -> Clock). The due date follows from START.
KINDS: dict[str, Callable[[date, date | None], Clock]] = {
    "initial notification": lambda today, met: initial_notification_clock(
        relevant_date=START, today=today, notified_on=met
    ),
    "change notification": lambda today, met: change_notification_clock(changed_on=START, today=today, notified_on=met),
    "release notification": lambda today, met: change_notification_clock(
        changed_on=START, today=today, change="release", notified_on=met
    ),
    "7-day stay": lambda today, met: qualifying_stay_clock(
        stay_days=[START - timedelta(days=n) for n in range(7)], today=today, notified_on=met
    ),
    "annual notification": lambda today, met: periodic_notification_clock(
        last_notified_on=START, today=today, notified_on=met
    ),
    "weekly notification": lambda today, met: periodic_notification_clock(
        last_notified_on=START, today=today, no_fixed_abode=True, notified_on=met
    ),
    "level 1 review": lambda today, met: make_clock(
        reviews.review_rule(1), reviews.next_review_due_on(level=1, last_review_on=START), today, met_on=met
    ),
    "level 3 review": lambda today, met: make_clock(
        reviews.review_rule(3), reviews.next_review_due_on(level=3, last_review_on=START), today, met_on=met
    ),
    "police home visit": lambda today, met: make_clock(
        visits.police_home_visit_due(rosh="high", last_visit_on=START).rule,
        visits.police_home_visit_due(rosh="high", last_visit_on=START).required_by,
        today,
        met_on=met,
    ),
    "release date confirmation": lambda today, met: make_clock(
        custody.RELEASE_DATE_CONFIRMED,
        custody.release_date_confirmation_due(START).required_by,
        today,
        met_on=met,
    ),
    "pre-release meeting": lambda today, met: make_clock(
        reviews.PRE_RELEASE_MEETING, reviews.pre_release_meeting_due_on(level=2, release_on=START), today, met_on=met
    ),
    "post-release meeting": lambda today, met: make_clock(
        reviews.POST_RELEASE_MEETING, reviews.post_release_meeting_due_on(level=2, released_on=START), today, met_on=met
    ),
}


def _due(kind: str) -> date:
    due = KINDS[kind](START - timedelta(days=400), None).due_on
    assert due is not None, kind
    return due


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_in_all_six_states(kind: str) -> None:
    build, due = KINDS[kind], _due(kind)
    long_before = due - timedelta(days=60)
    assert build(long_before, None).status is ClockStatus.NOT_DUE
    assert build(due, None).status is ClockStatus.DUE
    assert build(due + timedelta(days=1), None).status is ClockStatus.OVERDUE
    on_time = build(due + timedelta(days=5), due)
    assert (on_time.status, on_time.status_text) == (ClockStatus.MET, "Met")
    late = build(due + timedelta(days=5), due + timedelta(days=2))
    assert (late.status, late.status_text, late.days_late) == (ClockStatus.MET_LATE, "Met 2 days late", 2)
    ended = restated(build(due + timedelta(days=5), None), due + timedelta(days=5), ended_on=due + timedelta(days=3))
    assert ended.status is ClockStatus.ENDED and not ended.is_open
    # Only the running states are ever owed.
    assert [c.is_open for c in (on_time, late, ended)] == [False, False, False]
