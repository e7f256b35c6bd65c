"""When an invited agency's answer to a records search is due.

Seed 003, 'Pre-meeting Preparation': the agencies invited search their records and the
response "should be completed within seven days" and sent to the co-ordinator, as part of
the preparation *for* the meeting. An answer that arrives after the meeting prepares
nothing, so the answer is due on the earlier of the seventh day after the request and
the last working day before the meeting. A request made so late that that working day
has passed (an emergency meeting) is due on the day it is made.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from rules.citations import SEED_003, seed
from rules.rule import Rule
from rules.working_days import HolidayCalendar, is_working_day

INFORMATION_REQUEST_BEFORE_MEETING: Final = Rule(
    "meetings.information_request_before_meeting",
    "Records search answered before the meeting",
    "An invited agency answers its records search within 7 days of the request and at the latest "
    "on the working day before the meeting, so the answer can prepare the meeting.",
    seed(SEED_003, "Pre-meeting Preparation"),
)

RULES: Final[tuple[Rule, ...]] = (INFORMATION_REQUEST_BEFORE_MEETING,)

SEARCH_DAYS: Final = 7


def working_day_before(day: date, *, calendar: HolidayCalendar | None = None) -> date:
    """The last working day before `day` (bank holidays and weekends skipped)."""
    previous = day - timedelta(days=1)
    while not is_working_day(previous, calendar=calendar):
        previous -= timedelta(days=1)
    return previous


def answer_due_on(*, requested_on: date, meeting_on: date, calendar: HolidayCalendar | None = None) -> date:
    """The earlier of 7 days after the request and the working day before the meeting;
    never before the day of the request."""
    due = min(requested_on + timedelta(days=SEARCH_DAYS), working_day_before(meeting_on, calendar=calendar))
    return max(due, requested_on)
